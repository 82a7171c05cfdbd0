// The API server's validation: validateObject (create) and validateUpdate (update), dispatched by
// kind, with the exact field error texts of a v1.32 server (pkg/apis/*/validation). Call after
// applyDefaults (and, for Services, after ClusterIP/NodePort allocation if possible).
// The per-kind rules live in ./validation/*.ts.

import type { KObject } from './types';
import type { KindInfo } from './kinds';
import type { FieldError } from './errors';
import {
  NameValidator, nameIsDNSSubdomain, nameIsDNSLabel, nameIsPathSegment,
} from './names';
import { dedupe } from './validation/common';
import { validateObjectMeta, validateObjectMetaUpdate } from './validation/meta';
import { validatePod, validatePodUpdate } from './validation/pod';
import { validateService, validateServiceUpdate } from './validation/service';
import {
  validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate, validateStatefulSet,
  validateStatefulSetUpdate, validateDaemonSet, validateDaemonSetUpdate, validateReplicationController,
  validateReplicationControllerUpdate, validatePodTemplate, validatePodTemplateUpdate, validateJob, validateJobUpdate,
  validateCronJob, validateCronJobUpdate,
} from './validation/workloads';
import {
  validateIngress, validateIngressUpdate, validateIngressClass, validateIngressClassUpdate, validateNetworkPolicy,
  validateEndpointSlice, validateEndpointSliceUpdate,
} from './validation/networking';
import {
  validateSecret, validateSecretUpdate, validateConfigMap, validateConfigMapUpdate, validateNamespace,
  validateNamespaceUpdate, validateEndpoints, validateEvent, validateNode, validatePersistentVolumeClaim,
} from './validation/core';

export {
  validateLabels, validateAnnotations, validateObjectMeta, validateObjectMetaUpdate, validateLabelSelector,
  labelSelectorAsSelector, selectorMatches,
} from './validation/meta';
export { validatePodSpec, validatePodTemplateSpec, validateTolerations } from './validation/pod';
export { cronParseError } from './validation/cron';
export { parseQuantity, formatQuantity, canonicalQuantity } from './validation/quantity';

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The name rule for kinds validated by metadata only. */
export function nameValidatorFor(kind: string): NameValidator {
  if (RBAC_KINDS.has(kind)) return nameIsPathSegment;
  if (kind === 'Namespace' || kind === 'StatefulSet') return nameIsDNSLabel;
  return nameIsDNSSubdomain;
}

function validateCreate(obj: any, info: KindInfo): FieldError[] {
  switch (info.kind) {
    case 'Pod': return validatePod(obj, true);
    case 'Service': return validateService(obj);
    case 'Deployment': return validateDeployment(obj);
    case 'ReplicaSet': return validateReplicaSet(obj);
    case 'StatefulSet': return validateStatefulSet(obj);
    case 'DaemonSet': return validateDaemonSet(obj);
    case 'ReplicationController': return validateReplicationController(obj);
    case 'PodTemplate': return validatePodTemplate(obj);
    case 'Job': return validateJob(obj);
    case 'CronJob': return validateCronJob(obj);
    case 'Ingress': return validateIngress(obj, true);
    case 'IngressClass': return validateIngressClass(obj);
    case 'NetworkPolicy': return validateNetworkPolicy(obj);
    case 'EndpointSlice': return validateEndpointSlice(obj);
    case 'Secret': return validateSecret(obj);
    case 'ConfigMap': return validateConfigMap(obj);
    case 'Namespace': return validateNamespace(obj);
    case 'Endpoints': return validateEndpoints(obj);
    case 'Event': return validateEvent(obj);
    case 'Node': return validateNode(obj);
    case 'PersistentVolumeClaim': return validatePersistentVolumeClaim(obj);
    default: return validateObjectMeta(obj?.metadata, info.namespaced, nameValidatorFor(info.kind));
  }
}

/** Validation on create. Returns [] when the object is valid. */
export function validateObject(obj: KObject, info: KindInfo): FieldError[] {
  return dedupe(validateCreate(obj, info));
}

/** Validation on update (immutable fields, allowed pod changes, ...) including the object itself. */
export function validateUpdate(newObj: KObject, oldObj: KObject, info: KindInfo): FieldError[] {
  const n: any = newObj;
  const o: any = oldObj;
  let errs: FieldError[];
  switch (info.kind) {
    case 'Pod': errs = validatePodUpdate(n, o); break;
    case 'Service': errs = validateServiceUpdate(n, o); break;
    case 'Deployment': errs = validateDeploymentUpdate(n, o); break;
    case 'ReplicaSet': errs = validateReplicaSetUpdate(n, o); break;
    case 'StatefulSet': errs = validateStatefulSetUpdate(n, o); break;
    case 'DaemonSet': errs = validateDaemonSetUpdate(n, o); break;
    case 'ReplicationController': errs = validateReplicationControllerUpdate(n, o); break;
    case 'PodTemplate': errs = validatePodTemplateUpdate(n, o); break;
    case 'Job': errs = validateJobUpdate(n, o); break;
    case 'CronJob': errs = validateCronJobUpdate(n, o); break;
    case 'Ingress': errs = validateIngressUpdate(n, o); break;
    case 'IngressClass': errs = validateIngressClassUpdate(n, o); break;
    case 'EndpointSlice': errs = validateEndpointSliceUpdate(n, o); break;
    case 'Secret': errs = validateSecretUpdate(n, o); break;
    case 'ConfigMap': errs = validateConfigMapUpdate(n, o); break;
    case 'Namespace': errs = validateNamespaceUpdate(n, o); break;
    case 'Event': errs = validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateEvent(n)); break;
    default: {
      // metadata update rules + the create-time rules of the new object, minus name-format checks on
      // the (immutable) name
      errs = validateObjectMetaUpdate(n?.metadata, o?.metadata)
        .concat(validateCreate(n, info).filter((e) => e.field !== 'metadata.name' && e.field !== 'metadata.generateName'));
    }
  }
  return dedupe(errs);
}
