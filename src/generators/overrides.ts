// --overrides / --override-type of `kubectl run` and `kubectl expose` (cmdutil.Overrider):
// merge (RFC 7386, the default), json (RFC 6902) or strategic merge, applied to the generated
// object, which kubectl then decodes back into its Go type.
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { deepClone } from '../api/types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return deepClone(patch);
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

function unescapePtr(s: string): string { return s.replace(/~1/g, '/').replace(/~0/g, '~'); }

/** RFC 6902 JSON patch (evanphx/json-patch error texts where kubectl shows them). */
export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new CliError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let root = deepClone(doc);
  const walk = (path: string): { parent: Json; key: string } => {
    if (path === '') return { parent: null, key: '' };
    const parts = path.split('/').slice(1).map(unescapePtr);
    let cur: Json = root;
    for (const p of parts.slice(0, -1)) {
      if (Array.isArray(cur)) cur = cur[Number(p)];
      else if (isObj(cur)) cur = cur[p];
      else cur = undefined as unknown as Json;
      if (cur === undefined) throw new CliError(`add operation does not apply: doc is missing path: "${path}": missing value`);
    }
    return { parent: cur, key: parts[parts.length - 1] };
  };
  const get = (path: string): Json => {
    if (path === '') return root;
    const { parent, key } = walk(path);
    const v = Array.isArray(parent) ? parent[Number(key)] : isObj(parent) ? parent[key] : undefined;
    if (v === undefined) throw new CliError(`unable to get nonexistent key: ${key}: missing value`);
    return v;
  };
  const remove = (path: string, op: string): Json => {
    const { parent, key } = walk(path);
    if (Array.isArray(parent)) {
      const i = Number(key);
      if (!(i >= 0 && i < parent.length)) throw new CliError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
      return parent.splice(i, 1)[0];
    }
    if (!isObj(parent) || !(key in parent)) throw new CliError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    const v = parent[key];
    delete parent[key];
    return v;
  };
  const add = (path: string, value: Json, replace: boolean) => {
    if (path === '') { root = deepClone(value); return; }
    const { parent, key } = walk(path);
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (replace) parent[i] = deepClone(value);
      else parent.splice(i, 0, deepClone(value));
    } else if (isObj(parent)) {
      if (replace && !(key in parent)) throw new CliError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      parent[key] = deepClone(value);
    } else {
      throw new CliError(`add operation does not apply: doc is missing path: "${path}": missing value`);
    }
  };
  for (const o of ops) {
    if (!isObj(o)) continue;
    const path = String(o.path ?? '');
    switch (o.op) {
      case 'add': add(path, o.value as Json, false); break;
      case 'remove': remove(path, 'remove'); break;
      case 'replace': add(path, o.value as Json, true); break;
      case 'move': { const v = remove(String(o.from), 'move'); add(path, v, false); break; }
      case 'copy': add(path, get(String(o.from)), false); break;
      case 'test': if (JSON.stringify(get(path)) !== JSON.stringify(o.value)) throw new CliError(`testing value ${path} failed: test failed`); break;
      default: throw new CliError(`Unexpected kind: ${String(o.op)}`);
    }
  }
  return root;
}

/** patchMergeKey of the lists a strategic merge patch merges (core/v1 Pod and Service). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', env: 'name',
  imagePullSecrets: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath', hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey', resourceClaims: 'name', schedulingGates: 'name',
};

/**
 * A strategic merge patch for Pods and Services: maps merge, `null` deletes, lists with a patch
 * merge key (containers by name, Service ports by port, container ports by containerPort, …) merge
 * by key, other lists are replaced. `$patch` directives are not supported.
 */
export function strategicMergePatch(target: Json, patch: Json, kind: string, path: string[] = []): Json {
  if (!isObj(patch)) return deepClone(patch);
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) { delete out[k]; continue; }
    const cur = out[k];
    let key = MERGE_KEYS[k];
    if (k === 'ports') key = kind === 'Service' && path[path.length - 1] === 'spec' ? 'port' : 'containerPort';
    if (key && Array.isArray(v) && Array.isArray(cur)) {
      const merged = cur.map((x) => deepClone(x));
      for (const item of v) {
        const idx = isObj(item) ? merged.findIndex((m) => isObj(m) && m[key!] === item[key!]) : -1;
        if (idx >= 0) merged[idx] = strategicMergePatch(merged[idx], item, kind, [...path, k]);
        else merged.push(deepClone(item));
      }
      out[k] = merged;
    } else {
      out[k] = strategicMergePatch(cur ?? null, v, kind, [...path, k]);
    }
  }
  return out;
}

// Go struct field orders used to re-serialize the decoded result as kubectl does.
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
  serviceSpec: ['ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP',
    'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses',
    'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass',
    'internalTrafficPolicy', 'trafficDistribution'],
  servicePort: ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'],
  containerPort: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
};

function order(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

/**
 * Re-shape an overridden Pod/Service the way decoding into the Go type and encoding again does:
 * struct field order, `creationTimestamp: null`, `resources: {}` on containers, `status`.
 */
export function normalizeGenerated(obj: KObject): KObject {
  const o = order(obj as Record<string, unknown>, ORDER.top) as KObject;
  const md = { ...(o.metadata ?? {}) };
  if (!('creationTimestamp' in md)) md.creationTimestamp = null;
  o.metadata = order(md, ORDER.metadata) as KObject['metadata'];
  if (o.kind === 'Pod') {
    const spec = order({ ...(o.spec ?? {}) }, ORDER.podSpec);
    for (const list of ['initContainers', 'containers']) {
      if (Array.isArray(spec[list])) {
        spec[list] = (spec[list] as Record<string, unknown>[]).map((c) => {
          const cc = { ...c };
          if (!('resources' in cc)) cc.resources = {};
          if (Array.isArray(cc.ports)) cc.ports = (cc.ports as Record<string, unknown>[]).map((p) => order(p, ORDER.containerPort));
          return order(cc, ORDER.container);
        });
      }
    }
    if (!('containers' in spec)) spec.containers = null;
    o.spec = order(spec, ORDER.podSpec);
    if (!('status' in o)) o.status = {};
  } else if (o.kind === 'Service') {
    const spec = order({ ...(o.spec ?? {}) }, ORDER.serviceSpec);
    if (Array.isArray(spec.ports)) spec.ports = (spec.ports as Record<string, unknown>[]).map((p) => order(p, ORDER.servicePort));
    o.spec = spec;
    if (!('status' in o)) o.status = { loadBalancer: {} };
  }
  return order(o as Record<string, unknown>, ORDER.top) as KObject;
}

export type OverrideType = 'json' | 'merge' | 'strategic';

/**
 * Overrider.Apply: no-op when `overrides` is empty; else parse the inline JSON and apply it.
 * `strategicMerge` may replace the built-in strategic merge (e.g. a full strategicpatch module).
 */
export function applyOverrides(obj: KObject, overrides: string | undefined, overrideType: string | undefined,
  strategicMerge?: (obj: KObject, patch: unknown) => KObject): KObject {
  if (!overrides) return obj;
  const type = overrideType || 'merge';
  if (type !== 'json' && type !== 'merge' && type !== 'strategic') throw new CliError(`invalid override type: ${type}`);
  let patch: Json;
  try {
    patch = JSON.parse(overrides) as Json;
  } catch {
    throw new CliError(type === 'json' ? 'invalid character looking for beginning of value' : 'Invalid JSON Patch');
  }
  let out: Json;
  if (type === 'merge') out = mergePatch(obj as unknown as Json, patch);
  else if (type === 'json') out = jsonPatch(obj as unknown as Json, patch);
  else out = strategicMerge ? (strategicMerge(obj, patch) as unknown as Json)
    : strategicMergePatch(obj as unknown as Json, patch, String(obj.kind));
  if (!isObj(out)) throw new CliError('Object \'Kind\' is missing in \'null\'');
  const res = out as unknown as KObject;
  if (res.apiVersion !== obj.apiVersion || res.kind !== obj.kind) {
    // kubectl decodes with the scheme; another group/version/kind would not decode into the Go type
    if (!res.kind) throw new CliError(`Object 'Kind' is missing in '${JSON.stringify(res)}'`);
  }
  return normalizeGenerated(res);
}
