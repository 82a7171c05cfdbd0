// `kubectl describe` (kubernetes/kubectl pkg/describe/describe.go, v1.32): one object's text, with
// the related objects (events, endpoint slices, replica sets, pods, quotas, leases...) read from a
// ClusterView the way kubectl's describers query the API server. Pure: no I/O, `now` is a parameter.

import type { KindInfo } from '../../api/kinds';
import { apiVersionOf } from '../../api/kinds';
import type { KObject } from '../../api/types';
import { describeConfigMap, describeSecret, describeServiceAccount } from './config';
import { describeLimitRange, describeNamespace, describeNode, describeQuota } from './cluster';
import { describeGeneric } from './generic';
import {
  describeCSINode, describeHPA, describePodDisruptionBudget, describePriorityClass, describeRole, describeRoleBinding,
} from './misc';
import {
  describeEndpoints, describeEndpointSlice, describeIngress, describeIngressClass, describeNetworkPolicy, describeService,
  slicesForService,
} from './network';
import { describePod } from './pod';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass, podsForPVC } from './storage';
import type { DescribeOptions, DescribeView } from './types';
import { describeEvents, PrefixWriter } from './writer';
import {
  describeCronJob, describeDaemonSet, describeDeployment, describeJob, describeReplicaSet, describeReplicationController,
  describeStatefulSet,
} from './workloads';

export type { DescribeOptions, DescribeView } from './types';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * searchEvents: the events whose involvedObject matches name, namespace, kind (when given) and uid
 * (the field selector kubectl sends), from the object's namespace (all namespaces for a
 * cluster-scoped object), in list order.
 */
export function eventsFor(view: DescribeView, ref: { name: string; namespace: string; kind?: string; uid?: string }): KObject[] {
  return view.list('events', ref.namespace || undefined).filter((e) => {
    const io = e.involvedObject ?? {};
    if ((io.name ?? '') !== ref.name) return false;
    if ((io.namespace ?? '') !== ref.namespace) return false;
    if (ref.kind && (io.kind ?? '') !== ref.kind) return false;
    if (ref.uid && (io.uid ?? '') !== ref.uid) return false;
    return true;
  });
}

function objectEvents(info: KindInfo, obj: KObject, view: DescribeView): KObject[] {
  const md = obj.metadata;
  const base = { name: md.name ?? '', namespace: md.namespace ?? '' };
  if (info.kind === 'Pod') {
    // the pod describer clears the reference's kind; a mirror pod's events carry the config's uid
    const uid = md.annotations?.[MIRROR_POD_ANNOTATION] ?? md.uid;
    return eventsFor(view, { ...base, uid });
  }
  if (info.kind === 'Node') {
    // controllers use the node's uid, the kubelet its name: both queries, concatenated
    return [...eventsFor(view, { ...base, kind: 'Node', uid: md.uid }), ...eventsFor(view, { ...base, kind: 'Node', uid: md.name })];
  }
  return eventsFor(view, { ...base, kind: obj.kind || info.kind, uid: md.uid });
}

/** DescribeEvents on its own: `Events:  <none>` or the Type/Reason/Age/From/Message table. */
export function describeEventsTable(events: KObject[], now: number): string {
  const w = new PrefixWriter();
  describeEvents(events, w, now);
  return w.done();
}

/** kubectl v1.32's `describe` text for one object. */
export function describeObject(info: KindInfo, obj: KObject, view: DescribeView, now: number, opts: DescribeOptions = {}): string {
  const showEvents = opts.showEvents !== false;
  const ev = (): KObject[] | null => (showEvents ? objectEvents(info, obj, view) : null);
  const ns = obj.metadata.namespace ?? '';
  switch (`${info.group}/${info.kind}`) {
    case '/Pod': return describePod(obj, ev(), now);
    case '/ReplicationController': return describeReplicationController(obj, view, ev(), now);
    case '/Secret': return describeSecret(obj);
    case '/Service': return describeService(obj, slicesForService(view, ns, obj.metadata.name ?? ''), ev(), now);
    case '/ServiceAccount': return describeServiceAccount(obj, view, ev(), now);
    case '/Node': return describeNode(obj, view, ev(), now);
    case '/LimitRange': return describeLimitRange(obj);
    case '/ResourceQuota': return describeQuota(obj);
    case '/PersistentVolume': return describePersistentVolume(obj, ev(), now);
    case '/PersistentVolumeClaim': return describePersistentVolumeClaim(obj, ev(), podsForPVC(obj, view.list('pods', ns)), now);
    case '/Namespace': return describeNamespace(obj, view);
    case '/Endpoints': return describeEndpoints(obj, ev(), now);
    case '/ConfigMap': return describeConfigMap(obj, ev(), now);
    case 'discovery.k8s.io/EndpointSlice': return describeEndpointSlice(obj, ev(), now);
    case 'autoscaling/HorizontalPodAutoscaler': return describeHPA(obj, ev(), now);
    case 'networking.k8s.io/Ingress': return describeIngress(obj, view, ev(), now);
    case 'networking.k8s.io/IngressClass': return describeIngressClass(obj, ev(), now);
    case 'networking.k8s.io/NetworkPolicy': return describeNetworkPolicy(obj);
    case 'batch/Job': return describeJob(obj, ev(), now);
    case 'batch/CronJob': return describeCronJob(obj, ev(), now);
    case 'apps/StatefulSet': return describeStatefulSet(obj, view, ev(), now);
    case 'apps/Deployment': return describeDeployment(obj, view, ev(), now);
    case 'apps/DaemonSet': return describeDaemonSet(obj, view, ev(), now);
    case 'apps/ReplicaSet': return describeReplicaSet(obj, view, ev(), now);
    case 'storage.k8s.io/StorageClass': return describeStorageClass(obj, ev(), now);
    case 'storage.k8s.io/CSINode': return describeCSINode(obj, ev(), now);
    case 'policy/PodDisruptionBudget': return describePodDisruptionBudget(obj, ev(), now);
    case 'rbac.authorization.k8s.io/Role':
    case 'rbac.authorization.k8s.io/ClusterRole': return describeRole(obj);
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding': return describeRoleBinding(obj);
    case 'scheduling.k8s.io/PriorityClass': return describePriorityClass(obj, ev(), now);
    default: {
      // the generic describer reads the object through the dynamic client: apiVersion and kind included
      const full: KObject = { apiVersion: obj.apiVersion ?? apiVersionOf(info), kind: obj.kind ?? info.kind, ...obj };
      return describeGeneric(full, ev(), now);
    }
  }
}
