// Shared helpers for validation: field paths, FieldError builders that render bad values the way
// apimachinery's field.Error does (Go %q / %v / %#v), and small accessors over plain JSON objects.

import type { FieldError } from '../errors';

// ---- field paths (field.Path.String()) ------------------------------------------------------

export function child(p: string, ...names: string[]): string {
  let out = p;
  for (const n of names) out = out ? `${out}.${n}` : n;
  return out;
}
export function index(p: string, i: number): string {
  return `${p}[${i}]`;
}
export function key(p: string, k: string): string {
  return `${p}[${k}]`;
}

// ---- Go value rendering ------------------------------------------------------------------------

/** A value already rendered in Go syntax (e.g. `v1.LabelSelector{...}`). */
export class GoRaw {
  constructor(public text: string) {}
}
export const raw = (text: string): GoRaw => new GoRaw(text);

/** strconv.Quote */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\n': out += '\\n'; continue;
      case '\t': out += '\\t'; continue;
      case '\r': out += '\\r'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\v': out += '\\v'; continue;
      default:
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** How field.Error renders BadValue: strings %q, numbers/bools %v, nil "null", else %#v-ish. */
export function goValue(v: unknown): string {
  if (v instanceof GoRaw) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return goStringSlice(v as string[]);
  if (typeof v === 'object' && Object.values(v as object).every((x) => typeof x === 'string')) return goStringMap(v as Record<string, string>);
  return goGeneric(v);
}

export function goStringSlice(v: string[] | null | undefined, type = '[]string'): string {
  if (v === null || v === undefined) return `${type}(nil)`;
  return `${type}{${v.map(goQuote).join(', ')}}`;
}

export function goStringMap(v: Record<string, string> | null | undefined, type = 'map[string]string'): string {
  if (v === null || v === undefined) return `${type}(nil)`;
  const keys = Object.keys(v).sort();
  return `${type}{${keys.map((k) => `${goQuote(k)}:${goQuote(String(v[k]))}`).join(', ')}}`;
}

/** metav1.LabelSelector as %#v renders it. */
export function goLabelSelector(sel: any): string {
  if (sel === null || sel === undefined) return 'null';
  const ml = sel.matchLabels ? goStringMap(sel.matchLabels) : 'map[string]string(nil)';
  let me: string;
  if (!Array.isArray(sel.matchExpressions)) me = '[]v1.LabelSelectorRequirement(nil)';
  else {
    me = '[]v1.LabelSelectorRequirement{' + sel.matchExpressions.map((r: any) =>
      `v1.LabelSelectorRequirement{Key:${goQuote(String(r?.key ?? ''))}, Operator:${goQuote(String(r?.operator ?? ''))}, Values:${goStringSlice(r?.values ?? null)}}`).join(', ') + '}';
  }
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

/** intstr.IntOrString as %#v renders it (Type 0 = Int, 1 = String). */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
  const n = typeof v === 'number' ? v : 0;
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`;
}

function upperFirst(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** A Go-ish %#v for arbitrary JSON (field names capitalized); exact Go dumps are out of reach. */
export function goGeneric(v: unknown, typeName = ''): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `${typeName || '[]interface {}'}{${v.map((x) => goGeneric(x)).join(', ')}}`;
  const o = v as Record<string, unknown>;
  return `${typeName}{${Object.keys(o).map((k) => `${upperFirst(k)}:${goGeneric(o[k])}`).join(', ')}}`;
}

// ---- FieldError builders -------------------------------------------------------------------------

export type FE = FieldError;

export const fe = {
  invalid(f: string, value: unknown, detail: string): FE {
    return { type: 'FieldValueInvalid', field: f, message: `Invalid value: ${goValue(value)}${detail ? ': ' + detail : ''}` };
  },
  required(f: string, detail = ''): FE {
    return { type: 'FieldValueRequired', field: f, message: `Required value${detail ? ': ' + detail : ''}` };
  },
  notSupported(f: string, value: unknown, valid: string[]): FE {
    const d = valid.length ? ': supported values: ' + valid.map((x) => goQuote(x)).join(', ') : '';
    return { type: 'FieldValueNotSupported', field: f, message: `Unsupported value: ${goValue(value)}${d}` };
  },
  duplicate(f: string, value: unknown, detail = ''): FE {
    return { type: 'FieldValueDuplicate', field: f, message: `Duplicate value: ${goValue(value)}${detail ? ': ' + detail : ''}` };
  },
  notFound(f: string, value: unknown, detail = ''): FE {
    return { type: 'FieldValueNotFound', field: f, message: `Not found: ${goValue(value)}${detail ? ': ' + detail : ''}` };
  },
  forbidden(f: string, detail: string): FE {
    return { type: 'FieldValueForbidden', field: f, message: detail ? `Forbidden: ${detail}` : 'Forbidden' };
  },
  tooLong(f: string, max: number): FE {
    return { type: 'FieldValueTooLong', field: f, message: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` };
  },
  tooMany(f: string, actual: number, max: number): FE {
    return { type: 'FieldValueTooMany', field: f, message: `Too many: ${actual}: must have at most ${max} items` };
  },
  internal(f: string, detail: string): FE {
    return { type: 'InternalError', field: f, message: `Internal error: ${detail}` };
  },
};

export const FIELD_IMMUTABLE = 'field is immutable';
export const IS_NEGATIVE = 'must be greater than or equal to 0';

export function validateNonnegative(v: unknown, f: string): FE[] {
  const n = typeof v === 'number' ? v : 0;
  return n < 0 ? [fe.invalid(f, n, IS_NEGATIVE)] : [];
}

// ---- accessors -----------------------------------------------------------------------------------

export function isObj(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
export function arr<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}
export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}
export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
export function sortedKeys(o: unknown): string[] {
  return isObj(o) ? Object.keys(o).sort() : [];
}

function isEmptyish(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
    || (isObj(v) && Object.keys(v).every((k) => isEmptyish(v[k])));
}

/**
 * apiequality.Semantic.DeepEqual over JSON values. Like Go's semantic equality, nil and empty
 * slices/maps are equal; since JSON loses Go's zero values, absent also equals "" and {}.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (typeof a === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
    return true;
  }
  return false;
}

/** field.ErrorList.ToAggregate drops identical messages; so do we. */
export function dedupe(errs: FE[]): FE[] {
  const seen = new Set<string>();
  const out: FE[] = [];
  for (const e of errs) {
    const k = `${e.field}\u0000${e.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}
