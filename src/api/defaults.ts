// The API server's defaulting, as `kubectl get -o yaml` shows an object right after it is created
// on a v1.32 cluster: scheme defaulters (pkg/apis/*/v1/defaults.go + declarative +default tags),
// the REST strategies' PrepareForCreate touches (status, Job selector, Service clusterIPs,
// Namespace finalizers), the admission plugins that mutate every Pod (DefaultTolerationSeconds,
// Priority; ServiceAccount is admitServiceAccount, because it needs randomness) and the way Go
// serializes zero values (`creationTimestamp: null`, `resources: {}`, canonical quantities).
// ClusterIP / NodePort allocation is NOT done here: that is the control plane's job.

import type { KObject } from './types';
import type { KindInfo } from './kinds';
import { parseQuantity, formatQuantity, roundUp, isZero } from './validation/quantity';

export interface DefaultOptions {
  /** The stored object on update: enables the update-only strategy steps (Service allocated values, ...). */
  old?: KObject;
}

type Obj = Record<string, any>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function obj(parent: Obj, k: string): Obj {
  if (!isObj(parent[k])) parent[k] = {};
  return parent[k];
}
function setIfMissing(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null || o[k] === '') o[k] = v;
}
function setIfUndef(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null) o[k] = v;
}
function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

// ---- quantities ---------------------------------------------------------------------------------

/** SetDefaults_ResourceList (round up to milli) + canonical serialization. */
function canonicalResourceList(rl: unknown, roundMilli = true): void {
  if (!isObj(rl)) return;
  for (const k of Object.keys(rl)) {
    let q = parseQuantity(rl[k]);
    if (!q) continue;
    if (roundMilli) q = roundUp(q, -3);
    rl[k] = formatQuantity(q);
  }
}

function canonicalQuantityField(o: Obj, k: string): void {
  if (o[k] === undefined || o[k] === null) return;
  const q = parseQuantity(o[k]);
  if (q) o[k] = formatQuantity(q);
}

// ---- images -------------------------------------------------------------------------------------

/** The tag parsers.ParseImageName finds: `latest` when there is neither tag nor digest, '' on a parse error. */
export function imageTag(image: string): string {
  if (!image) return '';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : '';
  const repo = colon > slash ? name.slice(0, colon) : name;
  const parts = repo.split('/');
  const hasDomain = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost' || parts[0].toLowerCase() !== parts[0]);
  const path = hasDomain ? parts.slice(1) : parts;
  if (path.some((p) => p.toLowerCase() !== p || p === '')) return ''; // "repository name must be lowercase"
  if (!tag && at < 0) return 'latest';
  return tag;
}

export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

// ---- pod spec -----------------------------------------------------------------------------------

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  setIfMissing(h, 'path', '/');
  setIfMissing(h, 'scheme', 'HTTP');
}

function defaultHandler(h: unknown): void {
  if (!isObj(h)) return;
  defaultHTTPGet(h.httpGet);
  if (isObj(h.grpc)) setIfUndef(h.grpc, 'service', '');
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
}

function defaultFieldRef(fr: unknown): void {
  if (isObj(fr)) setIfMissing(fr, 'apiVersion', 'v1');
}

function defaultResourceFieldRef(rf: unknown): void {
  if (!isObj(rf)) return;
  if (rf.divisor === undefined || rf.divisor === null) rf.divisor = '0';
  else canonicalQuantityField(rf, 'divisor');
}

function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  setIfMissing(c, 'terminationMessagePath', '/dev/termination-log');
  setIfMissing(c, 'terminationMessagePolicy', 'File');
  const res = obj(c, 'resources');
  canonicalResourceList(res.limits);
  canonicalResourceList(res.requests);
  for (const p of list(c.ports)) setIfMissing(p, 'protocol', 'TCP');
  for (const e of list(c.env)) {
    if (isObj(e.valueFrom)) {
      defaultFieldRef(e.valueFrom.fieldRef);
      defaultResourceFieldRef(e.valueFrom.resourceFieldRef);
    }
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
}

const VOLUME_SOURCE_KEYS = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs',
  'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image'];

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCE_KEYS.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  if (isObj(v.emptyDir)) canonicalQuantityField(v.emptyDir, 'sizeLimit');
  if (isObj(v.secret)) setIfUndef(v.secret, 'defaultMode', 420);
  if (isObj(v.configMap)) setIfUndef(v.configMap, 'defaultMode', 420);
  if (isObj(v.downwardAPI)) {
    setIfUndef(v.downwardAPI, 'defaultMode', 420);
    for (const it of list(v.downwardAPI.items)) {
      defaultFieldRef(it.fieldRef);
      defaultResourceFieldRef(it.resourceFieldRef);
    }
  }
  if (isObj(v.projected)) {
    setIfUndef(v.projected, 'defaultMode', 420);
    for (const s of list(v.projected.sources)) {
      if (isObj(s.serviceAccountToken)) setIfUndef(s.serviceAccountToken, 'expirationSeconds', 3600);
      if (isObj(s.downwardAPI)) {
        for (const it of list(s.downwardAPI.items)) {
          defaultFieldRef(it.fieldRef);
          defaultResourceFieldRef(it.resourceFieldRef);
        }
      }
    }
  }
  if (isObj(v.hostPath)) setIfUndef(v.hostPath, 'type', '');
  if (isObj(v.iscsi)) setIfMissing(v.iscsi, 'iscsiInterface', 'default');
  if (isObj(v.rbd)) {
    setIfMissing(v.rbd, 'pool', 'rbd');
    setIfMissing(v.rbd, 'user', 'admin');
    setIfMissing(v.rbd, 'keyring', '/etc/ceph/keyring');
  }
  if (isObj(v.azureDisk)) {
    setIfMissing(v.azureDisk, 'cachingMode', 'ReadWrite');
    setIfMissing(v.azureDisk, 'fsType', 'ext4');
    setIfUndef(v.azureDisk, 'readOnly', false);
    setIfMissing(v.azureDisk, 'kind', 'Shared');
  }
  if (isObj(v.scaleIO)) {
    setIfMissing(v.scaleIO, 'storageMode', 'ThinProvisioned');
    setIfMissing(v.scaleIO, 'fsType', 'xfs');
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    const t = v.ephemeral.volumeClaimTemplate;
    if (isObj(t.metadata) || t.metadata === undefined) obj(t, 'metadata').creationTimestamp ??= null;
    defaultPVCSpec(obj(t, 'spec'));
  }
}

/** SetDefaults_PodSpec + everything nested in it (containers, volumes, probes). */
export function defaultPodSpec(spec: Obj): void {
  setIfMissing(spec, 'dnsPolicy', 'ClusterFirst');
  setIfMissing(spec, 'restartPolicy', 'Always');
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  setIfUndef(spec, 'terminationGracePeriodSeconds', 30);
  setIfMissing(spec, 'schedulerName', 'default-scheduler');
  // v1 <-> internal conversion of the deprecated serviceAccount field
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  for (const v of list(spec.volumes)) defaultVolume(v);
  for (const c of list(spec.containers)) defaultContainer(c);
  for (const c of list(spec.initContainers)) defaultContainer(c);
  for (const c of list(spec.ephemeralContainers)) defaultContainer(c);
  if (isObj(spec.overhead)) canonicalResourceList(spec.overhead);
}

/** A pod template (workload templates, PodTemplate): PodSpec defaults + `creationTimestamp: null`. */
export function defaultPodTemplate(parent: Obj, key = 'template'): void {
  const tpl = obj(parent, key);
  const md = obj(tpl, 'metadata');
  if (md.creationTimestamp === undefined) md.creationTimestamp = null;
  defaultPodSpec(obj(tpl, 'spec'));
}

// ---- Pod-only -----------------------------------------------------------------------------------

const COMPUTE = ['cpu', 'memory'];

function hasNonZero(rl: unknown, k: string): boolean {
  if (!isObj(rl) || rl[k] === undefined) return false;
  const q = parseQuantity(rl[k]);
  return !!q && !isZero(q);
}

/** qos.ComputePodQOS */
export function computeQOSClass(spec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...list(spec.containers), ...list(spec.initContainers)];
  const requests: Record<string, boolean> = {};
  const limits: Record<string, boolean> = {};
  let isGuaranteed = true;
  for (const c of containers) {
    const res = isObj(c.resources) ? c.resources : {};
    for (const k of COMPUTE) {
      if (hasNonZero(res.requests, k)) requests[k] = true;
      if (hasNonZero(res.limits, k)) limits[k] = true;
    }
    // guaranteed: every container has cpu and memory limits and requests equal to limits
    for (const k of COMPUTE) {
      if (!hasNonZero(res.limits, k)) isGuaranteed = false;
    }
    for (const k of Object.keys(isObj(res.requests) ? res.requests : {})) {
      if (!COMPUTE.includes(k)) continue;
      const rq = parseQuantity(res.requests[k]);
      const lq = isObj(res.limits) ? parseQuantity(res.limits[k]) : null;
      if (!rq || !lq || formatQuantity(rq) !== formatQuantity(lq)) isGuaranteed = false;
    }
  }
  if (Object.keys(requests).length === 0 && Object.keys(limits).length === 0) return 'BestEffort';
  if (isGuaranteed && COMPUTE.every((k) => limits[k])) return 'Guaranteed';
  return 'Burstable';
}

const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

function defaultPod(pod: KObject, old?: KObject): void {
  const spec = obj(pod, 'spec');
  defaultPodSpec(spec);
  // SetDefaults_Pod: requests default to limits
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    const res = obj(c, 'resources');
    if (isObj(res.limits)) {
      const req = obj(res, 'requests');
      for (const k of Object.keys(res.limits)) if (req[k] === undefined) req[k] = res.limits[k];
    }
  }
  setIfUndef(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
      for (const p of list(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
  // Priority admission
  if (spec.priority === undefined || spec.priority === null) {
    const oldPrio = old?.spec?.priority;
    if (typeof oldPrio === 'number') spec.priority = oldPrio;
    else if (!spec.priorityClassName) spec.priority = 0;
    else if (spec.priorityClassName in SYSTEM_PRIORITY_CLASSES) spec.priority = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
  }
  if (spec.preemptionPolicy === undefined || spec.preemptionPolicy === null) {
    spec.preemptionPolicy = old?.spec?.preemptionPolicy ?? 'PreemptLowerPriority';
  }
  // DefaultTolerationSeconds admission
  const tolerations = list(spec.tolerations);
  const tolerates = (k: string) => tolerations.some((t) => (t.key === k || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const add: Obj[] = [];
  for (const k of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerates(k)) add.push({ key: k, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (add.length) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...add];
  // status (PrepareForCreate): phase Pending + QoS class
  const status = obj(pod, 'status');
  setIfMissing(status, 'phase', 'Pending');
  setIfMissing(status, 'qosClass', computeQOSClass(spec));
}

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The ServiceAccount admission plugin on Pod create: `serviceAccountName: default` and the
 * projected `kube-api-access-<rand5>` volume mounted read-only in every container.
 */
export function admitServiceAccount(pod: KObject, rand5: string): void {
  const spec = obj(pod, 'spec');
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return;
  if (spec.automountServiceAccountToken === false) return;
  const all = [...list(spec.containers), ...list(spec.initContainers)];
  const mounted = (c: Obj) => list(c.volumeMounts).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH);
  if (all.length && all.every(mounted)) return;
  const volName = `kube-api-access-${rand5}`;
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : (spec.volumes = []);
  volumes.push({
    name: volName,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  });
  for (const c of all) {
    if (mounted(c)) continue;
    const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : (c.volumeMounts = []);
    mounts.push({ mountPath: SERVICE_ACCOUNT_MOUNT_PATH, name: volName, readOnly: true });
  }
}

// ---- Service ------------------------------------------------------------------------------------

function needsClusterIP(svc: Obj): boolean {
  return svc.spec?.type !== 'ExternalName';
}
function needsNodePort(svc: Obj): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}
function needsHCNodePort(svc: Obj): boolean {
  return svc.spec?.type === 'LoadBalancer' && svc.spec?.externalTrafficPolicy === 'Local';
}
function externallyAccessible(svc: Obj): boolean {
  const t = svc.spec?.type;
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && Array.isArray(svc.spec?.externalIPs) && svc.spec.externalIPs.length > 0);
}
function sameList(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? a : [];
  const y = Array.isArray(b) ? b : [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** SetDefaults_Service (core/v1). */
function setDefaultsService(svc: Obj): void {
  const spec = obj(svc, 'spec');
  setIfMissing(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t === undefined || t === null) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  setIfMissing(spec, 'type', 'ClusterIP');
  for (const p of list(spec.ports)) {
    setIfMissing(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if ((spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null)
    && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') {
    setIfUndef(spec, 'allocateLoadBalancerNodePorts', true);
    for (const ing of list(svc.status?.loadBalancer?.ingress)) if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP';
  }
}

/** The service strategy's NormalizeClusterIPs. */
function normalizeClusterIPs(svc: Obj, old?: Obj): void {
  const spec = svc.spec;
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (!old) {
    if (spec.clusterIP && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const os = old.spec ?? {};
  if (Array.isArray(os.clusterIPs) && os.clusterIPs.length && ips.length === 0 && (os.clusterIP ?? '') === (spec.clusterIP ?? '')) {
    spec.clusterIPs = os.clusterIPs.slice();
  }
  if ((os.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (os.clusterIP && !spec.clusterIP) {
      if (sameList(os.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameList(os.clusterIPs, spec.clusterIPs)) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

/** The service strategy's dropTypeDependentFields (update only). */
function dropTypeDependentFields(svc: Obj, old: Obj): void {
  const spec = svc.spec;
  const os = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (sameList(os.clusterIPs, spec.clusterIPs) && (os.clusterIP ?? '') === (spec.clusterIP ?? '')) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(os.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if ((os.ipFamilyPolicy ?? null) === (spec.ipFamilyPolicy ?? null)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc)) {
    const oldNP = list(os.ports).map((p) => p.nodePort ?? 0);
    const newNP = list(spec.ports).map((p) => p.nodePort ?? 0);
    if (sameList(oldNP, newNP)) for (const p of list(spec.ports)) delete p.nodePort;
  }
  if (needsHCNodePort(old) && !needsHCNodePort(svc) && (os.healthCheckNodePort ?? 0) === (spec.healthCheckNodePort ?? 0)) {
    delete spec.healthCheckNodePort;
  }
  if (os.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (typeof spec.allocateLoadBalancerNodePorts === 'boolean' && spec.allocateLoadBalancerNodePorts === os.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass === os.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(svc) && (os.externalTrafficPolicy ?? '') === (spec.externalTrafficPolicy ?? '')) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer' && isObj(svc.status)) svc.status.loadBalancer = {};
}

/** The service REST's patchAllocatedValues (update only). */
function patchAllocatedValues(svc: Obj, old: Obj): void {
  const spec = svc.spec;
  const os = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && os.clusterIP) spec.clusterIP = os.clusterIP;
    if ((!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) && Array.isArray(os.clusterIPs) && os.clusterIPs.length) {
      spec.clusterIPs = os.clusterIPs.slice();
    }
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const oldUsed = new Set(list(os.ports).map((p) => p.nodePort).filter(Boolean));
    const used = new Set(list(spec.ports).map((p) => p.nodePort).filter((n) => n && oldUsed.has(n)));
    const byName = new Map<string, number>();
    for (const p of list(os.ports)) byName.set(p.name ?? '', p.nodePort ?? 0);
    for (const p of list(spec.ports)) {
      if (!p.nodePort) {
        const v = byName.get(p.name ?? '') ?? 0;
        if (v && !used.has(v)) p.nodePort = v;
      }
    }
  }
  if (needsHCNodePort(old) && needsHCNodePort(svc) && !spec.healthCheckNodePort && os.healthCheckNodePort) {
    spec.healthCheckNodePort = os.healthCheckNodePort;
  }
}

function familyOf(ip: string): 'IPv4' | 'IPv6' | '' {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return 'IPv4';
  if (ip.includes(':')) return 'IPv6';
  return '';
}

/** The allocator's initIPFamilyFields on a single-stack IPv4 cluster. */
function initIPFamilyFields(svc: Obj, old?: Obj): void {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return;
  if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) {
    if (old?.spec?.ipFamilyPolicy) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    else if (spec.clusterIP === 'None' && !(isObj(spec.selector) && Object.keys(spec.selector).length)) spec.ipFamilyPolicy = 'RequireDualStack';
    else spec.ipFamilyPolicy = 'SingleStack';
  }
  const fams: string[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies.slice() : [];
  const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  ips.forEach((ip, i) => {
    if (ip === 'None' || i < fams.length) return;
    const f = familyOf(ip);
    if (f) fams.push(f);
  });
  if (spec.clusterIP === 'None' && !(isObj(spec.selector) && Object.keys(spec.selector).length)) {
    if (fams.length === 0) fams.push('IPv4');
    if (fams.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') fams.push(fams[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  } else if (fams.length === 0) {
    fams.push('IPv4');
  }
  spec.ipFamilies = fams;
}

/**
 * The update-only steps the service strategy and REST run before validation (NormalizeClusterIPs,
 * dropTypeDependentFields, patchAllocatedValues, IP family inheritance). Exported so validation
 * can judge an update as the API server would even when the caller defaulted without `old`.
 */
export function prepareServiceUpdate(svc: KObject, old: KObject): void {
  if (!isObj(svc.spec)) svc.spec = {};
  normalizeClusterIPs(svc, old);
  dropTypeDependentFields(svc, old);
  patchAllocatedValues(svc, old);
  initIPFamilyFields(svc, old);
}

function defaultService(svc: KObject, old?: KObject): void {
  setDefaultsService(svc);
  if (old) prepareServiceUpdate(svc, old);
  else {
    normalizeClusterIPs(svc);
    initIPFamilyFields(svc);
  }
  const status = obj(svc, 'status');
  if (!isObj(status.loadBalancer)) status.loadBalancer = {};
}

// ---- workloads ----------------------------------------------------------------------------------

function defaultDeployment(d: KObject): void {
  const spec = obj(d, 'spec');
  setIfUndef(spec, 'replicas', 1);
  const strategy = obj(spec, 'strategy');
  setIfMissing(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    setIfUndef(ru, 'maxUnavailable', '25%');
    setIfUndef(ru, 'maxSurge', '25%');
  }
  setIfUndef(spec, 'revisionHistoryLimit', 10);
  setIfUndef(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec);
}

function defaultReplicaSet(rs: KObject): void {
  const spec = obj(rs, 'spec');
  setIfUndef(spec, 'replicas', 1);
  defaultPodTemplate(spec);
  setIfUndef(obj(rs, 'status'), 'replicas', 0);
}

function defaultDaemonSet(ds: KObject): void {
  const spec = obj(ds, 'spec');
  const us = obj(spec, 'updateStrategy');
  setIfMissing(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') {
    const ru = obj(us, 'rollingUpdate');
    setIfUndef(ru, 'maxUnavailable', 1);
    setIfUndef(ru, 'maxSurge', 0);
  }
  setIfUndef(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec);
  const st = obj(ds, 'status');
  for (const k of ['currentNumberScheduled', 'desiredNumberScheduled', 'numberMisscheduled', 'numberReady']) setIfUndef(st, k, 0);
}

function defaultPVCSpec(spec: Obj): void {
  setIfUndef(spec, 'volumeMode', 'Filesystem');
  if (isObj(spec.resources)) {
    canonicalResourceList(spec.resources.requests);
    canonicalResourceList(spec.resources.limits);
  }
}

function defaultStatefulSet(sts: KObject): void {
  const spec = obj(sts, 'spec');
  setIfMissing(spec, 'podManagementPolicy', 'OrderedReady');
  const us = obj(spec, 'updateStrategy');
  if (!us.type) {
    us.type = 'RollingUpdate';
    if (!isObj(us.rollingUpdate)) us.rollingUpdate = {};
  }
  if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate)) setIfUndef(us.rollingUpdate, 'partition', 0);
  const pol = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  setIfMissing(pol, 'whenDeleted', 'Retain');
  setIfMissing(pol, 'whenScaled', 'Retain');
  setIfUndef(spec, 'replicas', 1);
  setIfUndef(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec);
  for (const vct of list(spec.volumeClaimTemplates)) {
    setIfUndef(vct, 'apiVersion', 'v1');
    setIfUndef(vct, 'kind', 'PersistentVolumeClaim');
    const md = obj(vct, 'metadata');
    if (md.creationTimestamp === undefined) md.creationTimestamp = null;
    defaultPVCSpec(obj(vct, 'spec'));
    setIfMissing(obj(vct, 'status'), 'phase', 'Pending');
  }
  const st = obj(sts, 'status');
  setIfUndef(st, 'availableReplicas', 0);
  setIfUndef(st, 'replicas', 0);
}

function defaultReplicationController(rc: KObject): void {
  const spec = obj(rc, 'spec');
  const labels = isObj(spec.template?.metadata?.labels) ? spec.template.metadata.labels : undefined;
  if (labels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    if (!isObj(rc.metadata.labels) || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = { ...labels };
  }
  setIfUndef(spec, 'replicas', 1);
  if (isObj(spec.template)) defaultPodTemplate(spec);
  setIfUndef(obj(rc, 'status'), 'replicas', 0);
}

/** The job strategy's generateSelector (needs metadata.uid). */
function generateJobSelector(job: KObject): void {
  const spec = job.spec;
  const uid = job.metadata.uid;
  const name = job.metadata.name ?? '';
  if (!uid) return;
  const tplMd = obj(obj(spec, 'template'), 'metadata');
  const labels = obj(tplMd, 'labels');
  for (const k of ['job-name', 'batch.kubernetes.io/job-name']) if (!(k in labels)) labels[k] = name;
  for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(k in labels)) labels[k] = uid;
  const sel = obj(spec, 'selector');
  const ml = obj(sel, 'matchLabels');
  if (!('batch.kubernetes.io/controller-uid' in ml)) ml['batch.kubernetes.io/controller-uid'] = uid;
}

function defaultJob(job: KObject, old?: KObject): void {
  const spec = obj(job, 'spec');
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfUndef(spec, 'parallelism', 1);
  if (spec.backoffLimit === undefined || spec.backoffLimit === null) {
    spec.backoffLimit = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6;
  }
  const tplLabels = spec.template?.metadata?.labels;
  if (isObj(tplLabels) && (!isObj(job.metadata.labels) || Object.keys(job.metadata.labels).length === 0)) {
    job.metadata.labels = { ...tplLabels };
  }
  setIfUndef(spec, 'completionMode', 'NonIndexed');
  setIfUndef(spec, 'suspend', false);
  if (isObj(spec.podFailurePolicy)) {
    for (const r of list(spec.podFailurePolicy.rules)) for (const c of list(r.onPodConditions)) setIfMissing(c, 'status', 'True');
  }
  setIfUndef(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  setIfUndef(spec, 'manualSelector', false);
  defaultPodTemplate(spec);
  if (!old && spec.manualSelector !== true) generateJobSelector(job);
}

function defaultCronJob(cj: KObject): void {
  const spec = obj(cj, 'spec');
  setIfMissing(spec, 'concurrencyPolicy', 'Allow');
  setIfUndef(spec, 'suspend', false);
  setIfUndef(spec, 'successfulJobsHistoryLimit', 3);
  setIfUndef(spec, 'failedJobsHistoryLimit', 1);
  const jt = obj(spec, 'jobTemplate');
  const md = obj(jt, 'metadata');
  if (md.creationTimestamp === undefined) md.creationTimestamp = null;
  defaultPodTemplate(obj(jt, 'spec'));
}

// ---- other kinds --------------------------------------------------------------------------------

function defaultNamespace(ns: KObject, old?: KObject): void {
  if (ns.metadata.name) {
    ns.metadata.labels = { ...(isObj(ns.metadata.labels) ? ns.metadata.labels : {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  }
  const spec = obj(ns, 'spec');
  if (old) {
    if (old.spec?.finalizers !== undefined) spec.finalizers = old.spec.finalizers;
    else delete spec.finalizers;
  } else {
    const fins: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!fins.includes('kubernetes')) spec.finalizers = [...fins, 'kubernetes'];
  }
  setIfMissing(obj(ns, 'status'), 'phase', 'Active');
}

function defaultSecret(s: KObject): void {
  setIfMissing(s, 'type', 'Opaque');
  if (isObj(s.stringData)) {
    const data = obj(s, 'data');
    for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
    delete s.stringData;
  }
}

function defaultEndpoints(ep: KObject): void {
  for (const ss of list(ep.subsets)) for (const p of list(ss.ports)) setIfMissing(p, 'protocol', 'TCP');
}

function defaultEndpointSlice(es: KObject): void {
  for (const p of list(es.ports)) setIfUndef(p, 'protocol', 'TCP');
}

function defaultEvent(ev: KObject): void {
  setIfUndef(ev, 'eventTime', null);
  setIfUndef(ev, 'firstTimestamp', null);
  setIfUndef(ev, 'lastTimestamp', null);
  setIfUndef(ev, 'reportingComponent', '');
  setIfUndef(ev, 'reportingInstance', '');
  if (!isObj(ev.involvedObject)) ev.involvedObject = {};
  if (!isObj(ev.source)) ev.source = {};
}

function defaultPVC(pvc: KObject): void {
  defaultPVCSpec(obj(pvc, 'spec'));
  setIfMissing(obj(pvc, 'status'), 'phase', 'Pending');
}

function defaultPV(pv: KObject): void {
  const spec = obj(pv, 'spec');
  setIfMissing(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setIfUndef(spec, 'volumeMode', 'Filesystem');
  canonicalResourceList(spec.capacity);
  if (isObj(spec.hostPath)) setIfUndef(spec.hostPath, 'type', '');
  setIfMissing(obj(pv, 'status'), 'phase', 'Pending');
}

function defaultLimitRange(lr: KObject): void {
  for (const item of list(lr.spec?.limits)) {
    for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) canonicalResourceList(item[k]);
    if (item.type !== 'Container') continue;
    const def = obj(item, 'default');
    const defReq = obj(item, 'defaultRequest');
    for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {})) if (def[k] === undefined) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (defReq[k] === undefined) defReq[k] = v;
    for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {})) if (defReq[k] === undefined) defReq[k] = v;
  }
}

function defaultResourceQuota(rq: KObject): void {
  canonicalResourceList(rq.spec?.hard);
}

function defaultNode(node: KObject): void {
  const st = node.status;
  if (!isObj(st)) return;
  canonicalResourceList(st.capacity, false);
  canonicalResourceList(st.allocatable, false);
  if (!isObj(st.allocatable) && isObj(st.capacity)) st.allocatable = { ...st.capacity };
}

function defaultNetworkPolicy(np: KObject): void {
  const spec = obj(np, 'spec');
  if (!isObj(spec.podSelector)) spec.podSelector = {};
  for (const rule of [...list(spec.ingress), ...list(spec.egress)]) for (const p of list(rule.ports)) setIfMissing(p, 'protocol', 'TCP');
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    const types = ['Ingress'];
    if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push('Egress');
    spec.policyTypes = types;
  }
}

const SCALE_UP_DEFAULT = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
};
const SCALE_DOWN_DEFAULT = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function fillScalingRules(rules: unknown, def: Obj): Obj {
  const out: Obj = JSON.parse(JSON.stringify(def));
  if (!isObj(rules)) return out;
  if (rules.selectPolicy) out.selectPolicy = rules.selectPolicy;
  if (typeof rules.stabilizationWindowSeconds === 'number') out.stabilizationWindowSeconds = rules.stabilizationWindowSeconds;
  if (Array.isArray(rules.policies)) out.policies = rules.policies;
  for (const k of Object.keys(rules)) if (!(k in out)) out[k] = rules[k];
  return out;
}

/** autoscaling/v2 HorizontalPodAutoscaler defaults. */
export function defaultHPA(hpa: KObject): void {
  const spec = obj(hpa, 'spec');
  setIfUndef(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = fillScalingRules(spec.behavior.scaleUp, SCALE_UP_DEFAULT);
    spec.behavior.scaleDown = fillScalingRules(spec.behavior.scaleDown, SCALE_DOWN_DEFAULT);
  }
  setIfUndef(obj(hpa, 'status'), 'desiredReplicas', 0);
}

function defaultPDB(pdb: KObject): void {
  const st = obj(pdb, 'status');
  for (const k of ['currentHealthy', 'desiredHealthy', 'disruptionsAllowed', 'expectedPods']) setIfUndef(st, k, 0);
}

function defaultRBACSubjects(o: KObject): void {
  for (const s of list(o.subjects)) {
    if (s.apiGroup) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = 'rbac.authorization.k8s.io';
  }
}

function defaultWebhooks(o: KObject, mutating: boolean): void {
  for (const w of list(o.webhooks)) {
    setIfMissing(w, 'failurePolicy', 'Fail');
    setIfMissing(w, 'matchPolicy', 'Equivalent');
    if (!isObj(w.namespaceSelector)) w.namespaceSelector = {};
    if (!isObj(w.objectSelector)) w.objectSelector = {};
    setIfUndef(w, 'timeoutSeconds', 10);
    if (mutating) setIfMissing(w, 'reinvocationPolicy', 'Never');
    for (const r of list(w.rules)) setIfMissing(r, 'scope', '*');
    if (isObj(w.clientConfig?.service)) setIfUndef(w.clientConfig.service, 'port', 443);
  }
}

// ---- entry points -------------------------------------------------------------------------------

const GENERATION_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job',
  'CronJob', 'Ingress', 'IngressClass', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler',
  'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'FlowSchema', 'PriorityLevelConfiguration']);

/**
 * Whether the kind's strategy maintains metadata.generation (1 on create, +1 on each spec change).
 * On a 1.32 server Pods, Services, Namespaces, ConfigMaps, Secrets, ... have no generation.
 */
export function usesGeneration(info: KindInfo): boolean {
  return GENERATION_KINDS.has(info.kind);
}

/**
 * Fill in the API server's defaults (mutates `obj`). Call on create and on update, before
 * validation. Status fields are only filled where missing, so a status copied from the stored
 * object survives. Pass `opts.old` on update for the update-only strategy steps.
 */
export function applyDefaults(o: KObject, info: KindInfo, opts: DefaultOptions = {}): void {
  if (!isObj(o.metadata)) o.metadata = {};
  const old = opts.old;
  switch (info.kind) {
    case 'Pod': defaultPod(o, old); break;
    case 'PodTemplate': defaultPodTemplate(o); break;
    case 'ReplicationController': defaultReplicationController(o); break;
    case 'Deployment': defaultDeployment(o); break;
    case 'ReplicaSet': defaultReplicaSet(o); break;
    case 'StatefulSet': defaultStatefulSet(o); break;
    case 'DaemonSet': defaultDaemonSet(o); break;
    case 'Job': defaultJob(o, old); break;
    case 'CronJob': defaultCronJob(o); break;
    case 'Service': defaultService(o, old); break;
    case 'Secret': defaultSecret(o); break;
    case 'Namespace': defaultNamespace(o, old); break;
    case 'Endpoints': defaultEndpoints(o); break;
    case 'EndpointSlice': defaultEndpointSlice(o); break;
    case 'Event': defaultEvent(o); break;
    case 'PersistentVolumeClaim': defaultPVC(o); break;
    case 'PersistentVolume': defaultPV(o); break;
    case 'LimitRange': defaultLimitRange(o); break;
    case 'ResourceQuota': defaultResourceQuota(o); break;
    case 'Node': defaultNode(o); break;
    case 'NetworkPolicy': defaultNetworkPolicy(o); break;
    case 'HorizontalPodAutoscaler': defaultHPA(o); break;
    case 'PodDisruptionBudget': defaultPDB(o); break;
    case 'Ingress': {
      const st = obj(o, 'status');
      if (!isObj(st.loadBalancer)) st.loadBalancer = {};
      break;
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': defaultRBACSubjects(o); break;
    case 'MutatingWebhookConfiguration': defaultWebhooks(o, true); break;
    case 'ValidatingWebhookConfiguration': defaultWebhooks(o, false); break;
    case 'StorageClass':
      setIfMissing(o, 'reclaimPolicy', 'Delete');
      setIfMissing(o, 'volumeBindingMode', 'Immediate');
      break;
    case 'PriorityClass': setIfMissing(o, 'preemptionPolicy', 'PreemptLowerPriority'); break;
    default:
  }
}
