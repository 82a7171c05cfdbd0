// The kind registry: every resource a 1.32 API server serves that kctl knows, with its group,
// versions, plural, short names and scope. The only place where short names and plurals live.

export interface KindInfo {
  kind: string;
  group: string;            // '' for the core group
  version: string;          // preferred (storage) version
  /** other versions accepted on input (converted to `version`); value = deprecation warning or '' */
  legacyVersions?: Record<string, string>;
  /** extra served versions (same schema, no warning) */
  servedVersions?: string[];
  resource: string;         // plural
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  categories?: string[];
  /** verbs kctl serves for it (api-resources -o wide VERBS) */
  verbs?: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function k(kind: string, group: string, version: string, resource: string, shortNames: string[], namespaced: boolean,
  extra: Partial<KindInfo> = {}): KindInfo {
  return { kind, group, version, resource, singular: kind.toLowerCase(), shortNames, namespaced, verbs: ALL_VERBS, ...extra };
}

const ING_V1B1 = (gv: string, since: string) => `${gv} Ingress is deprecated in v${since}+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress`;

/** In `kubectl api-resources` order (group order of a 1.32 server, then name). */
export const KINDS: KindInfo[] = [
  k('Binding', '', 'v1', 'bindings', [], true, { verbs: ['create'] }),
  k('ComponentStatus', '', 'v1', 'componentstatuses', ['cs'], false, { verbs: ['get', 'list'] }),
  k('ConfigMap', '', 'v1', 'configmaps', ['cm'], true),
  k('Endpoints', '', 'v1', 'endpoints', ['ep'], true, { singular: 'endpoints' }),
  k('Event', '', 'v1', 'events', ['ev'], true),
  k('LimitRange', '', 'v1', 'limitranges', ['limits'], true),
  k('Namespace', '', 'v1', 'namespaces', ['ns'], false, { verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  k('Node', '', 'v1', 'nodes', ['no'], false),
  k('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', ['pvc'], true),
  k('PersistentVolume', '', 'v1', 'persistentvolumes', ['pv'], false),
  k('Pod', '', 'v1', 'pods', ['po'], true, { categories: ['all'] }),
  k('PodTemplate', '', 'v1', 'podtemplates', [], true),
  k('ReplicationController', '', 'v1', 'replicationcontrollers', ['rc'], true, { categories: ['all'] }),
  k('ResourceQuota', '', 'v1', 'resourcequotas', ['quota'], true),
  k('Secret', '', 'v1', 'secrets', [], true),
  k('ServiceAccount', '', 'v1', 'serviceaccounts', ['sa'], true),
  k('Service', '', 'v1', 'services', ['svc'], true, { categories: ['all'] }),
  k('MutatingWebhookConfiguration', 'admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', [], false),
  k('ValidatingAdmissionPolicy', 'admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies', [], false),
  k('ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicybindings', [], false),
  k('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', [], false),
  k('CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', ['crd', 'crds'], false),
  k('APIService', 'apiregistration.k8s.io', 'v1', 'apiservices', [], false),
  k('ControllerRevision', 'apps', 'v1', 'controllerrevisions', [], true),
  k('DaemonSet', 'apps', 'v1', 'daemonsets', ['ds'], true, { categories: ['all'] }),
  k('Deployment', 'apps', 'v1', 'deployments', ['deploy'], true, { categories: ['all'] }),
  k('ReplicaSet', 'apps', 'v1', 'replicasets', ['rs'], true, { categories: ['all'] }),
  k('StatefulSet', 'apps', 'v1', 'statefulsets', ['sts'], true, { categories: ['all'] }),
  k('SelfSubjectReview', 'authentication.k8s.io', 'v1', 'selfsubjectreviews', [], false, { verbs: ['create'] }),
  k('TokenReview', 'authentication.k8s.io', 'v1', 'tokenreviews', [], false, { verbs: ['create'] }),
  k('LocalSubjectAccessReview', 'authorization.k8s.io', 'v1', 'localsubjectaccessreviews', [], true, { verbs: ['create'] }),
  k('SelfSubjectAccessReview', 'authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', [], false, { verbs: ['create'] }),
  k('SelfSubjectRulesReview', 'authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', [], false, { verbs: ['create'] }),
  k('SubjectAccessReview', 'authorization.k8s.io', 'v1', 'subjectaccessreviews', [], false, { verbs: ['create'] }),
  k('HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', ['hpa'], true, { categories: ['all'], servedVersions: ['v1'] }),
  k('CronJob', 'batch', 'v1', 'cronjobs', ['cj'], true, { categories: ['all'] }),
  k('Job', 'batch', 'v1', 'jobs', [], true, { categories: ['all'] }),
  k('CertificateSigningRequest', 'certificates.k8s.io', 'v1', 'certificatesigningrequests', ['csr'], false),
  k('Lease', 'coordination.k8s.io', 'v1', 'leases', [], true),
  k('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', [], true),
  k('FlowSchema', 'flowcontrol.apiserver.k8s.io', 'v1', 'flowschemas', [], false),
  k('PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io', 'v1', 'prioritylevelconfigurations', [], false),
  k('IngressClass', 'networking.k8s.io', 'v1', 'ingressclasses', [], false),
  k('Ingress', 'networking.k8s.io', 'v1', 'ingresses', ['ing'], true, {
    legacyVersions: {
      'extensions/v1beta1': ING_V1B1('extensions/v1beta1', '1.14'),
      'networking.k8s.io/v1beta1': ING_V1B1('networking.k8s.io/v1beta1', '1.19'),
    },
  }),
  k('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', ['netpol'], true),
  k('RuntimeClass', 'node.k8s.io', 'v1', 'runtimeclasses', [], false),
  k('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', ['pdb'], true),
  k('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', [], false),
  k('ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', [], false),
  k('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings', [], true),
  k('Role', 'rbac.authorization.k8s.io', 'v1', 'roles', [], true),
  k('PriorityClass', 'scheduling.k8s.io', 'v1', 'priorityclasses', ['pc'], false),
  k('CSIDriver', 'storage.k8s.io', 'v1', 'csidrivers', [], false),
  k('CSINode', 'storage.k8s.io', 'v1', 'csinodes', [], false),
  k('CSIStorageCapacity', 'storage.k8s.io', 'v1', 'csistoragecapacities', [], true),
  k('StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', ['sc'], false),
  k('VolumeAttachment', 'storage.k8s.io', 'v1', 'volumeattachments', [], false),
];

/** events.k8s.io/v1 Event is served too, stored with the core events. */
const EVENTS_GROUP_VERSION = 'events.k8s.io/v1';

/** `get all` in kubectl's print order. */
export const ALL_CATEGORY = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets',
  'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];

const byResource = new Map<string, KindInfo>();
const byAnyName = new Map<string, KindInfo>();
const byKind = new Map<string, KindInfo>();
for (const ki of KINDS) {
  byResource.set(ki.resource, ki);
  byKind.set(ki.kind, ki);
  for (const n of [ki.resource, ki.singular, ki.kind.toLowerCase(), ...ki.shortNames]) if (!byAnyName.has(n)) byAnyName.set(n, ki);
}

export function apiVersionOf(ki: KindInfo): string {
  return ki.group ? `${ki.group}/${ki.version}` : ki.version;
}

export function kindByResource(resource: string): KindInfo | undefined {
  return byResource.get(resource);
}

/**
 * Resolve what a user typed (`po`, `pods`, `Pod`, `deployment.apps`, `deployments.v1.apps`,
 * `ingresses.networking.k8s.io`) to a kind, as kubectl's RESTMapper does.
 */
export function resolveResource(arg: string): KindInfo | undefined {
  const lower = arg.toLowerCase();
  const direct = byAnyName.get(lower) ?? byAnyName.get(arg);
  if (direct) return direct;
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const name = lower.slice(0, dot);
    let rest = lower.slice(dot + 1);
    // resource.version.group
    const m = /^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/.exec(rest);
    if (m) rest = m[2];
    for (const ki of KINDS) {
      if (ki.group !== rest && !(rest === 'core' && ki.group === '')) continue;
      if ([ki.resource, ki.singular, ki.kind.toLowerCase(), ...ki.shortNames].includes(name)) return ki;
    }
  }
  return undefined;
}

export interface ResolvedType { info: KindInfo; warning: string; legacy: boolean }

/**
 * Resolve (apiVersion, kind) of a manifest. Returns undefined when the server serves no such
 * combination ("no matches for kind ... in version ...").
 */
export function resolveApiVersionKind(apiVersion: string, kind: string): ResolvedType | undefined {
  const ki = byKind.get(kind);
  if (!ki) return undefined;
  if (apiVersion === apiVersionOf(ki)) return { info: ki, warning: '', legacy: false };
  if (kind === 'Event' && apiVersion === EVENTS_GROUP_VERSION) return { info: ki, warning: '', legacy: false };
  const group = ki.group;
  for (const v of ki.servedVersions ?? []) {
    if (apiVersion === (group ? `${group}/${v}` : v)) return { info: ki, warning: '', legacy: false };
  }
  const w = ki.legacyVersions?.[apiVersion];
  if (w !== undefined) return { info: ki, warning: w, legacy: true };
  return undefined;
}

/** `deployment.apps` / `pod`: the lower-case kind with its group, as kubectl prints `<kind>.<group>/<name>`. */
export function kindGroupName(ki: KindInfo): string {
  const kl = ki.kind.toLowerCase();
  return ki.group ? `${kl}.${ki.group}` : kl;
}

/** `deployments.apps` / `pods`: plural with its group, as the API server names a resource. */
export function resourceGroupName(ki: KindInfo): string {
  return ki.group ? `${ki.resource}.${ki.group}` : ki.resource;
}
