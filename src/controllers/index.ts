// The controllers a kctl cluster runs, in the order they run within a round: the workload
// controllers first, so pods they create are scheduled, and their endpoints written, in the same
// round.

import type { Controller } from './types';
import { deploymentController } from './deployment';
import { replicaSetController, replicationControllerController } from './replicaset';
import { daemonSetController } from './daemonset';
import { statefulSetController } from './statefulset';
import { jobController } from './job';
import { cronJobController } from './cronjob';
import { schedulerController } from './scheduler';
import { endpointsController } from './endpoints';
import { endpointSliceController, endpointSliceMirroringController } from './endpointslice';
import { serviceAccountsController } from './serviceaccount';

export function defaultControllers(): Controller[] {
  return [
    deploymentController,
    replicaSetController,
    replicationControllerController,
    daemonSetController,
    statefulSetController,
    cronJobController,
    jobController,
    schedulerController(),
    endpointsController(),
    endpointSliceController(),
    endpointSliceMirroringController(),
    serviceAccountsController(),
  ];
}
