// The field schema of the built-in kinds: every field's JSON name, type, required flag, enum values
// and a one-line description. Used by the API server's strict field validation (../strict.ts) and
// by `kctl explain`. The data (./data.ts) is a table of strings parsed lazily, one type at a time,
// so loading it costs little; nothing on the `kctl get` path imports this module.

import { DEFAULT_DESCRIPTIONS, KIND_TYPES, SPECIAL_TYPES, TYPES } from './data';

export interface FieldSchema {
  name: string;
  /**
   * string, integer, boolean, number, a special type (IntOrString, Quantity, Time, MicroTime; the
   * free-form RawExtension, FieldsV1, JSONSchemaProps, Object), a type key, []T or map[string]T
   */
  type: string;
  required: boolean;
  enum?: string[];
  description: string;
}

export interface TypeSchema {
  /** key in the table: the Go type name, prefixed (`v1beta1.IngressBackend`) when names collide */
  key: string;
  /** the Go type name, as explain prints it */
  name: string;
  description: string;
  /** sorted by name */
  fields: FieldSchema[];
  field(name: string): FieldSchema | undefined;
}

const cache = new Map<string, TypeSchema | null>();

/** The schema of a type by its key (`PodSpec`, `v1beta1.IngressSpec`), or undefined. */
export function typeSchema(key: string): TypeSchema | undefined {
  let t = cache.get(key);
  if (t === undefined) {
    const raw = Object.prototype.hasOwnProperty.call(TYPES, key) ? TYPES[key] : undefined;
    t = raw ? parseType(key, raw) : null;
    cache.set(key, t);
  }
  return t ?? undefined;
}

function parseType(key: string, raw: string[]): TypeSchema {
  const fields: FieldSchema[] = [];
  const byName = new Map<string, FieldSchema>();
  for (let i = 1; i < raw.length; i++) {
    const [name, type, req, en, desc] = raw[i].split('|');
    const f: FieldSchema = { name, type, required: req === '1', description: desc || DEFAULT_DESCRIPTIONS[name] || '' };
    if (en) f.enum = en.split(',');
    fields.push(f);
    byName.set(name, f);
  }
  return { key, name: displayName(key), description: raw[0], fields, field: (n) => byName.get(n) };
}

/** `v1beta1.IngressBackend` → `IngressBackend` */
export function displayName(key: string): string {
  const i = key.lastIndexOf('.');
  return i < 0 ? key : key.slice(i + 1);
}

/**
 * The type key of a kind's top-level object for a manifest's apiVersion (legacy and extra served
 * versions included: extensions/v1beta1 Ingress, autoscaling/v1 HorizontalPodAutoscaler,
 * events.k8s.io/v1 Event), or undefined when kctl has no schema for it.
 */
export function kindType(kind: string, apiVersion: string): string | undefined {
  for (const [av, k, t] of KIND_TYPES) if (k === kind && av === apiVersion) return t;
  return undefined;
}

/** [apiVersion, kind] of every kind that has a schema */
export function kindsWithSchema(): Array<[string, string]> {
  return KIND_TYPES.map(([av, k]) => [av, k]);
}

export type TypeRef =
  | { kind: 'primitive'; name: string }   // string, integer, boolean, number
  | { kind: 'special'; name: string }     // IntOrString, Quantity, Time, MicroTime
  | { kind: 'free'; name: string }        // RawExtension, FieldsV1, JSONSchemaProps, Object: anything goes
  | { kind: 'struct'; name: string }      // a key of the table
  | { kind: 'array'; elem: string }
  | { kind: 'map'; elem: string };

const PRIMITIVES = new Set(['string', 'integer', 'boolean', 'number']);

export function parseTypeRef(t: string): TypeRef {
  if (t.startsWith('[]')) return { kind: 'array', elem: t.slice(2) };
  if (t.startsWith('map[string]')) return { kind: 'map', elem: t.slice(11) };
  if (PRIMITIVES.has(t)) return { kind: 'primitive', name: t };
  if (t === 'Object') return { kind: 'free', name: t };
  const sp = specialType(t) && SPECIAL_TYPES[t];
  if (sp) return sp[0] === 'object' ? { kind: 'free', name: t } : { kind: 'special', name: t };
  return { kind: 'struct', name: t };
}

/** A special type's OpenAPI type ('string', 'object' or '') and description, or undefined. */
export function specialType(name: string): { openAPIType: string; description: string } | undefined {
  const sp = Object.prototype.hasOwnProperty.call(SPECIAL_TYPES, name) ? SPECIAL_TYPES[name] : undefined;
  return sp && { openAPIType: sp[0], description: sp[1] };
}

/**
 * The type as `kubectl explain` shows it (its OpenAPI v3 "typeGuess"): `integer`, `[]Container`,
 * `map[string]string`, `IntOrString`, `Quantity`, `RawExtension`; Time is a string in OpenAPI.
 */
export function explainType(t: string): string {
  if (t.startsWith('[]')) return '[]' + explainType(t.slice(2));
  if (t.startsWith('map[string]')) return 'map[string]' + explainType(t.slice(11));
  const sp = specialType(t);
  if (sp && sp.openAPIType === 'string') return 'string';
  return displayName(t);
}
