// --overrides / --override-type of `kubectl run` and `kubectl expose` (cmdutil.Overrider):
// merge (RFC 7386, the default), json (RFC 6902) or strategic merge, applied to the generated
// object, which kubectl then decodes back into its Go type.
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { deepClone } from '../api/types';
import { normalizeGenerated } from './goshape';

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
      if (!(i >= 0 && i < parent.length)) throw new CliError(`error in ${op} for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`);
      return parent.splice(i, 1)[0];
    }
    if (!isObj(parent) || !(key in parent)) throw new CliError(`error in ${op} for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`);
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
      parent[key] = deepClone(value); // kubectl's json-patch lets replace add a missing key
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

export type OverrideType = 'json' | 'merge' | 'strategic';

/**
 * Overrider.Apply: no-op when `overrides` is empty; else apply the inline JSON with kubectl's
 * messages for the usual failures, then re-shape the result as decoding into the Go type does
 * (unknown fields of Pod/Service/PodSpec/Container/ServiceSpec dropped, zero values restored).
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
    throw new CliError(type === 'merge' ? 'Invalid JSON Patch' : type === 'strategic' ? 'invalid JSON document'
      : 'invalid character looking for beginning of value');
  }
  let out: Json;
  if (type === 'merge') {
    if (patch === null || typeof patch !== 'object') throw new CliError('Invalid JSON Patch');
    out = mergePatch(obj as unknown as Json, patch);
  } else if (type === 'json') {
    if (!Array.isArray(patch)) {
      const what = patch === null ? 'null' : typeof patch === 'object' ? 'object' : typeof patch;
      throw new CliError(`json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch`);
    }
    out = jsonPatch(obj as unknown as Json, patch);
  } else {
    out = strategicMerge ? (strategicMerge(obj, patch) as unknown as Json)
      : strategicMergePatch(obj as unknown as Json, patch, String(obj.kind));
  }
  if (!isObj(out)) {
    const what = Array.isArray(out) ? 'array' : out === null ? 'null' : typeof out;
    throw new CliError(`couldn't get version/kind; json parse error: json: cannot unmarshal ${what} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  const res = out as unknown as KObject;
  if (res.apiVersion !== obj.apiVersion) {
    throw new CliError(`no kind "${String(res.kind)}" is registered for version "${String(res.apiVersion)}" in scheme "pkg/scheme/scheme.go:28"`);
  }
  return normalizeGenerated(res);
}
