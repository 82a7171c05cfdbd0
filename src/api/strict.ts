// Strict field validation, as the API server does it when decoding a create/update body with
// fieldValidation=Strict (kubectl's default --validate=strict) or Warn: every field the typed
// schema does not know is reported by its path (`spec.template.spec.containers[0].imagee`),
// in the order the server's decoder meets them. kubectl sends the object as JSON encoded from a
// Go map, so the keys of every object arrive sorted; the decoder walks the document depth-first.
// Free-form places (RawExtension, managedFields' fieldsV1, CRD schemas, string maps such as labels
// and annotations) accept anything; kinds without a schema (custom resources) are not checked.

import { kindType, parseTypeRef, typeSchema } from './schema';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort();
}

/** sigs.k8s.io/json's field path: `a.b`, `a[0].b`, map keys as `.key` */
function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function walkStruct(value: Record<string, unknown>, typeKey: string, path: string, out: string[]): void {
  const t = typeSchema(typeKey);
  if (!t) return;
  for (const key of sortedKeys(value)) {
    const f = t.field(key);
    if (!f) { out.push(join(path, key)); continue; }
    walkValue(value[key], f.type, join(path, key), out);
  }
}

function walkValue(v: unknown, type: string, path: string, out: string[]): void {
  if (v === null || v === undefined) return;
  const ref = parseTypeRef(type);
  switch (ref.kind) {
    case 'struct':
      if (isObject(v)) walkStruct(v, ref.name, path, out);
      return;
    case 'array':
      if (Array.isArray(v)) v.forEach((e, i) => walkValue(e, ref.elem, `${path}[${i}]`, out));
      return;
    case 'map':
      if (isObject(v)) for (const k of sortedKeys(v)) walkValue(v[k], ref.elem, join(path, k), out);
      return;
    default:
      return;
  }
}

/**
 * The paths of the fields of `obj` that the schema of (kind, apiVersion) does not know, in the API
 * server's order. [] for kinds kctl has no schema for.
 */
export function unknownFields(obj: object, kind: string, apiVersion: string): string[] {
  const key = kindType(kind, apiVersion);
  if (!key || !isObject(obj)) return [];
  const out: string[] = [];
  walkStruct(obj as Record<string, unknown>, key, '', out);
  return out;
}

/** Go's strconv.Quote for the strings that can occur in field paths */
export function goQuote(s: string): string {
  let r = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') r += '\\' + ch;
    else if (c === 0x07) r += '\\a';
    else if (c === 0x08) r += '\\b';
    else if (c === 0x0c) r += '\\f';
    else if (c === 0x0a) r += '\\n';
    else if (c === 0x0d) r += '\\r';
    else if (c === 0x09) r += '\\t';
    else if (c === 0x0b) r += '\\v';
    else if (c < 0x20 || c === 0x7f) r += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) r += '\\u' + c.toString(16).padStart(4, '0');
    else r += ch;
  }
  return r + '"';
}

/** One strict decoding error as the server words it: `unknown field "spec.foo"` */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${goQuote(path)}`;
}

/**
 * The API server's BadRequest message for unknown fields (apiserver transformDecodeError around
 * runtime.strictDecodingError):
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`
 */
export function strictDecodingError(kind: string, apiVersion: string, paths: string[]): string {
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  return `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: strict decoding error: `
    + paths.map(unknownFieldMessage).join(', ');
}

export type FieldValidation = 'strict' | 'warn' | 'ignore';

/**
 * What the API server does with unknown fields for a fieldValidation directive: Strict → a
 * BadRequest error message (no warnings); Warn → one warning per field (`unknown field "spec.foo"`,
 * which kubectl prints as `Warning: unknown field "spec.foo"`); Ignore → nothing.
 */
export function checkStrict(obj: object, kind: string, apiVersion: string, mode: FieldValidation): { error?: string; warnings: string[] } {
  if (mode === 'ignore') return { warnings: [] };
  const paths = unknownFields(obj, kind, apiVersion);
  if (paths.length === 0) return { warnings: [] };
  if (mode === 'warn') return { warnings: paths.map(unknownFieldMessage) };
  return { error: strictDecodingError(kind, apiVersion, paths), warnings: [] };
}
