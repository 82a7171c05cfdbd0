// Strategic-merge-patch metadata of the built-in types: the `patchStrategy` / `patchMergeKey` struct
// tags of k8s.io/api (core/v1, apps/v1, batch/v1, policy/v1, storage/v1, admissionregistration/v1 ...)
// and k8s.io/apimachinery meta/v1 ObjectMeta, as a small tree of struct types.
//
// Only the fields on the way to a tagged field are described; every other field has no metadata
// (maps are merged key by key, lists are replaced — what strategicpatch does for untagged fields).
// Lists that look mergeable but are atomic in the API (tolerations, externalIPs, Ingress rules/tls,
// Endpoints subsets, args/command, ...) are deliberately absent.

/** One struct type: its tagged (or traversed) fields by JSON name. */
export interface PatchSchema {
  /** Go type name, for messages */
  name: string;
  fields: Record<string, FieldPatchMeta>;
}

export interface FieldPatchMeta {
  /** patchStrategy tag split on ',' e.g. ['merge'], ['merge', 'retainKeys'], ['retainKeys'], ['replace'] */
  strategies?: string[];
  /** patchMergeKey tag (lists of structs with strategy merge) */
  mergeKey?: string;
  /** the field's struct type (for a list: the element type) */
  type?: PatchSchema;
}

export interface PatchMeta {
  /** the patchStrategy tag as written, e.g. 'merge', 'merge,retainKeys', 'retainKeys', 'replace' */
  strategy?: string;
  strategies: string[];
  mergeKey?: string;
}

/** The schema of a field nobody described: no metadata below it. */
export const EMPTY_SCHEMA: PatchSchema = Object.freeze({ name: 'unknown', fields: Object.freeze({}) }) as PatchSchema;

const M = ['merge'];
const MR = ['merge', 'retainKeys'];

function t(name: string, fields: Record<string, FieldPatchMeta>): PatchSchema {
  return { name, fields };
}
/** a merge list keyed by `mergeKey` */
function mlist(mergeKey: string, type?: PatchSchema, strategies = M): FieldPatchMeta {
  return { strategies, mergeKey, type };
}
/** a plain struct field (no tag), traversed to reach tagged fields below it */
function sub(type: PatchSchema): FieldPatchMeta {
  return { type };
}

let roots: Map<string, PatchSchema> | undefined;

function build(): Map<string, PatchSchema> {
  // meta/v1
  const objectMeta = t('ObjectMeta', {
    ownerReferences: mlist('uid'),
    finalizers: { strategies: M }, // list of strings: set-like union, $deleteFromPrimitiveList
  });
  const conditions = () => mlist('type');
  const statusWithConditions = (name: string) => t(name, { conditions: conditions() });

  // core/v1
  const container = t('Container', {
    ports: mlist('containerPort'),
    env: mlist('name'),
    volumeMounts: mlist('mountPath'),
    volumeDevices: mlist('devicePath'),
  });
  const ephemeralContainer = t('EphemeralContainer', container.fields);
  const podSpec = t('PodSpec', {
    volumes: mlist('name', undefined, MR),
    initContainers: mlist('name', container),
    containers: mlist('name', container),
    ephemeralContainers: mlist('name', ephemeralContainer),
    imagePullSecrets: mlist('name'),
    hostAliases: mlist('ip'),
    topologySpreadConstraints: mlist('topologyKey'),
    schedulingGates: mlist('name'),
    resourceClaims: mlist('name', undefined, MR),
  });
  const containerStatus = t('ContainerStatus', {
    volumeMounts: mlist('mountPath'),
    allocatedResourcesStatus: mlist('name'),
  });
  const podStatus = t('PodStatus', {
    conditions: conditions(),
    hostIPs: mlist('ip'),
    podIPs: mlist('ip'),
    resourceClaimStatuses: mlist('name', undefined, MR),
    containerStatuses: sub(containerStatus),
    initContainerStatuses: sub(containerStatus),
    ephemeralContainerStatuses: sub(containerStatus),
  });
  const podTemplateSpec = t('PodTemplateSpec', { metadata: sub(objectMeta), spec: sub(podSpec) });
  const pvc = t('PersistentVolumeClaim', {
    metadata: sub(objectMeta),
    status: sub(statusWithConditions('PersistentVolumeClaimStatus')),
  });

  // apps/v1
  const withTemplate = (name: string, extra: Record<string, FieldPatchMeta> = {}) =>
    t(name, { template: sub(podTemplateSpec), ...extra });
  const deploymentSpec = withTemplate('DeploymentSpec', { strategy: { strategies: ['retainKeys'] } });
  const statefulSetSpec = withTemplate('StatefulSetSpec', { volumeClaimTemplates: sub(pvc) });

  // batch/v1
  const jobSpec = withTemplate('JobSpec');
  const jobTemplateSpec = t('JobTemplateSpec', { metadata: sub(objectMeta), spec: sub(jobSpec) });

  // admissionregistration/v1
  const webhook = t('Webhook', { matchConditions: mlist('name') });

  const kind = (name: string, fields: Record<string, FieldPatchMeta> = {}) =>
    t(name, { metadata: sub(objectMeta), ...fields });
  const withStatusConditions = (name: string, spec?: PatchSchema) =>
    kind(name, { ...(spec ? { spec: sub(spec) } : {}), status: sub(statusWithConditions(name + 'Status')) });

  const list: PatchSchema[] = [
    kind('Pod', { spec: sub(podSpec), status: sub(podStatus) }),
    kind('PodTemplate', { template: sub(podTemplateSpec) }),
    withStatusConditions('ReplicationController', withTemplate('ReplicationControllerSpec')),
    withStatusConditions('Deployment', deploymentSpec),
    withStatusConditions('ReplicaSet', withTemplate('ReplicaSetSpec')),
    withStatusConditions('StatefulSet', statefulSetSpec),
    withStatusConditions('DaemonSet', withTemplate('DaemonSetSpec')),
    withStatusConditions('Job', jobSpec),
    kind('CronJob', { spec: sub(t('CronJobSpec', { jobTemplate: sub(jobTemplateSpec) })) }),
    kind('Service', {
      spec: sub(t('ServiceSpec', { ports: mlist('port') })),
      status: sub(statusWithConditions('ServiceStatus')),
    }),
    kind('ServiceAccount', { secrets: mlist('name') }),
    kind('Node', {
      spec: sub(t('NodeSpec', { podCIDRs: { strategies: M } })),
      status: sub(t('NodeStatus', { conditions: conditions(), addresses: mlist('type') })),
    }),
    withStatusConditions('Namespace'),
    pvc,
    kind('ComponentStatus', { conditions: conditions() }),
    withStatusConditions('HorizontalPodAutoscaler'),
    withStatusConditions('CertificateSigningRequest'),
    withStatusConditions('FlowSchema'),
    withStatusConditions('PriorityLevelConfiguration'),
    withStatusConditions('PodDisruptionBudget',
      t('PodDisruptionBudgetSpec', { selector: { strategies: ['replace'] } })),
    kind('CSINode', { spec: sub(t('CSINodeSpec', { drivers: mlist('name') })) }),
    kind('MutatingWebhookConfiguration', { webhooks: mlist('name', webhook) }),
    kind('ValidatingWebhookConfiguration', { webhooks: mlist('name', webhook) }),
    kind('ValidatingAdmissionPolicy', {
      spec: sub(t('ValidatingAdmissionPolicySpec', { matchConditions: mlist('name'), variables: mlist('name') })),
    }),
  ];
  const m = new Map<string, PatchSchema>();
  for (const s of list) m.set(s.name, s);
  // kinds without tagged fields of their own still have ObjectMeta
  for (const k of ['ConfigMap', 'Secret', 'Endpoints', 'Event', 'LimitRange', 'PersistentVolume', 'ResourceQuota',
    'Binding', 'ControllerRevision', 'Ingress', 'IngressClass', 'NetworkPolicy', 'EndpointSlice', 'Lease',
    'RuntimeClass', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'StorageClass',
    'CSIDriver', 'CSIStorageCapacity', 'VolumeAttachment', 'ValidatingAdmissionPolicyBinding',
    'CustomResourceDefinition', 'APIService']) {
    if (!m.has(k)) m.set(k, kind(k));
  }
  return m;
}

/** The root schema of a built-in kind, or undefined for kinds without Go types (custom resources). */
export function schemaForKind(kind: string): PatchSchema | undefined {
  if (!roots) roots = build();
  return roots.get(kind);
}

/** Metadata and sub-schema of field `key` of `schema` (list fields: the element schema). */
export function lookupField(schema: PatchSchema, key: string): { schema: PatchSchema; meta: PatchMeta } {
  const f = schema.fields[key];
  if (!f) return { schema: EMPTY_SCHEMA, meta: { strategies: [] } };
  const strategies = f.strategies ?? [];
  return {
    schema: f.type ?? EMPTY_SCHEMA,
    meta: { strategy: strategies.length ? strategies.join(',') : undefined, strategies, mergeKey: f.mergeKey },
  };
}

/**
 * The patch metadata of the field at `path` (JSON field names from the object root; list indices,
 * `*` and `[]` segments are skipped) of `kind`, e.g.
 * `patchMetaFor('Deployment', ['spec','template','spec','containers'])` → `{strategy:'merge', mergeKey:'name'}`.
 * Undefined when the kind is unknown; `{strategies: []}` for a field without tags.
 */
export function patchMetaFor(kind: string, path: string[]): PatchMeta | undefined {
  let schema = schemaForKind(kind);
  if (!schema) return undefined;
  let meta: PatchMeta = { strategies: [] };
  for (const seg of path) {
    if (seg === '*' || seg === '[]' || /^\d+$/.test(seg)) continue;
    const r = lookupField(schema, seg);
    schema = r.schema;
    meta = r.meta;
  }
  return meta;
}
