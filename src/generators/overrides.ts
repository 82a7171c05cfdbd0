// --overrides / --override-type of `kubectl run` and `kubectl expose` (cmdutil.Overrider):
// merge (RFC 7386, the default), json (RFC 6902) or strategic merge, applied to the generated
// object, which kubectl then decodes back into its Go type.
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { deepClone } from '../api/types';
import { normalizeGenerated } from './goshape';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The patches themselves are the API machinery's (src/api/merge.ts): one implementation.
const merge = () => require('../api/merge') as typeof import('../api/merge');

/** A client-side patch failure as kubectl prints it (the library's own text). */
function clientPatch(fn: () => unknown): Json {
  try {
    return fn() as Json;
  } catch (e) {
    const m = merge();
    if (e instanceof m.PatchError) throw new CliError(e.detail);
    throw e;
  }
}

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
    out = clientPatch(() => merge().jsonMergePatch(obj, patch));
  } else if (type === 'json') {
    if (!Array.isArray(patch)) {
      const what = patch === null ? 'null' : typeof patch === 'object' ? 'object' : typeof patch;
      throw new CliError(`json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch`);
    }
    out = clientPatch(() => merge().jsonPatch(obj, patch as any));
  } else {
    out = strategicMerge ? (strategicMerge(obj, patch) as unknown as Json)
      : clientPatch(() => merge().strategicMergePatch(obj, patch as any, String(obj.kind)));
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
