// Go struct field orders and zero values of the types the generators emit, used to re-shape an
// object the way kubectl's decode-into-Go-type + encode round trip does (after --overrides, or
// when copying a CronJob's job template): field order, `creationTimestamp: null`, `resources: {}`,
// `targetPort: 0`, `status`.
import type { KObject } from '../api/types';

const ORDER: Record<string, string[]> = {
  top: ['kind', 'apiVersion', 'metadata', 'spec', 'status'],
  metadata: ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
    'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'],
  container: ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy',
    'restartPolicy', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle',
    'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'],
  podSpec: ['volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds',
    'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken',
    'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname',
    'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig',
    'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints',
    'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources'],
  jobSpec: ['parallelism', 'completions', 'activeDeadlineSeconds', 'podFailurePolicy', 'successPolicy', 'backoffLimit',
    'backoffLimitPerIndex', 'maxFailedIndexes', 'selector', 'manualSelector', 'template', 'ttlSecondsAfterFinished',
    'completionMode', 'suspend', 'podReplacementPolicy', 'managedBy'],
  serviceSpec: ['ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP',
    'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses',
    'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass',
    'internalTrafficPolicy', 'trafficDistribution'],
  servicePort: ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'],
  containerPort: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  template: ['metadata', 'spec'],
};

/**
 * `o` with its keys in the Go struct's order; keys the struct does not have are dropped (as
 * decoding into the Go type drops unknown fields) unless `keepUnknown`.
 */
export function orderKeys(o: Record<string, unknown>, keys: string[], keepUnknown = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  if (keepUnknown) for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

export function normalizeMeta(md: Record<string, unknown> | undefined): Record<string, unknown> {
  const m = { ...(md ?? {}) };
  if (!('creationTimestamp' in m)) m.creationTimestamp = null;
  return orderKeys(m, ORDER.metadata);
}

export function normalizeContainer(c: Record<string, unknown>): Record<string, unknown> {
  const cc = { ...c };
  if (!('resources' in cc)) cc.resources = {};
  if (Array.isArray(cc.ports)) {
    cc.ports = (cc.ports as Record<string, unknown>[]).map((p) => orderKeys({ containerPort: 0, ...p }, ORDER.containerPort));
  }
  return orderKeys(cc, ORDER.container);
}

export function normalizePodSpec(spec: Record<string, unknown> | undefined): Record<string, unknown> {
  const s = { ...(spec ?? {}) };
  for (const list of ['initContainers', 'containers']) {
    if (Array.isArray(s[list])) s[list] = (s[list] as Record<string, unknown>[]).map(normalizeContainer);
  }
  if (!('containers' in s)) s.containers = null;
  return orderKeys(s, ORDER.podSpec);
}

export function normalizePodTemplate(t: Record<string, unknown> | undefined): Record<string, unknown> {
  const tt = { ...(t ?? {}) };
  tt.metadata = normalizeMeta(tt.metadata as Record<string, unknown>);
  tt.spec = normalizePodSpec(tt.spec as Record<string, unknown>);
  return orderKeys(tt, ORDER.template);
}

export function normalizeJobSpec(spec: Record<string, unknown> | undefined): Record<string, unknown> {
  const s = { ...(spec ?? {}) };
  s.template = normalizePodTemplate(s.template as Record<string, unknown>);
  return orderKeys(s, ORDER.jobSpec);
}

export function normalizeServiceSpec(spec: Record<string, unknown> | undefined): Record<string, unknown> {
  const s = { ...(spec ?? {}) };
  if (Array.isArray(s.ports)) {
    s.ports = (s.ports as Record<string, unknown>[]).map((p) => orderKeys({ port: 0, targetPort: 0, ...p }, ORDER.servicePort));
  }
  return orderKeys(s, ORDER.serviceSpec);
}

/** Re-shape a generated Pod or Service after --overrides (see the file comment). */
export function normalizeGenerated(obj: KObject): KObject {
  const o = { ...obj } as Record<string, unknown>;
  o.metadata = normalizeMeta(o.metadata as Record<string, unknown>);
  if (o.kind === 'Pod') {
    o.spec = normalizePodSpec(o.spec as Record<string, unknown>);
    if (!('status' in o)) o.status = {};
  } else if (o.kind === 'Service') {
    o.spec = normalizeServiceSpec(o.spec as Record<string, unknown>);
    if (!('status' in o)) o.status = { loadBalancer: {} };
  }
  return orderKeys(o, ORDER.top) as KObject;
}
