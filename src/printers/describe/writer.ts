// The building blocks of kubectl's describers (kubernetes/kubectl pkg/describe/describe.go, v1.32):
// the PrefixWriter over a text/tabwriter (0, 8, 2, ' ', 0), the Labels/Annotations/Taints/
// Tolerations multi-line printers, DescribeEvents, RFC1123Z times, Go value formatting (`%v` of
// slices, bools, pointers), quantities and endpoint-slice formatting. Pure: `now` is a parameter.

import type { KObject } from '../../api/types';
import { LAST_APPLIED } from '../../api/types';
import { formatQuantity, parseQuantity, Quantity } from '../../api/validation/quantity';
import { age, humanDuration, parseTime } from '../age';
import { newDescribeTabWriter, TabWriter } from '../tabwriter';
import { goSort } from './gosort';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** printers.EscapeTerminal: ESC and CR made visible. */
function escapeTerminal(s: string): string {
  if (s.indexOf('\x1b') < 0 && s.indexOf('\r') < 0) return s;
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

/** describe.PrefixWriter over a describe tabwriter; `done()` flushes and returns the text. */
export class PrefixWriter {
  private readonly tw: TabWriter;
  private readonly out: string[] = [];

  constructor(tw: TabWriter = newDescribeTabWriter()) {
    this.tw = tw;
  }

  /** Write(level, text): `level` × two spaces, then the (already formatted) text. */
  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(level) + text));
  }

  /** WriteLine(a): fmt.Sprintln(a) with no indentation. */
  writeLine(text = ''): void {
    this.tw.write(escapeTerminal(text + '\n'));
  }

  /** Flush(): format what is pending (the columns after it align on their own). */
  flush(): void {
    this.out.push(this.tw.flush());
  }

  done(): string {
    this.flush();
    return this.out.join('');
  }
}

/** A PrefixWriter that adds `indent` levels (NewNestedPrefixWriter). */
export class NestedPrefixWriter extends PrefixWriter {
  constructor(private readonly inner: PrefixWriter, private readonly indent: number) {
    super();
  }
  write(level: number, text: string): void { this.inner.write(level + this.indent, text); }
  writeLine(text = ''): void { this.inner.write(this.indent, text + '\n'); }
  flush(): void { this.inner.flush(); }
}

/** tabbedString: run `f` on a fresh describe writer and return the formatted text. */
export function tabbed(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  f(w);
  return w.done();
}

// ---------------------------------------------------------------------------------------------
// Go value formatting

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Go's zero time.Time in RFC1123Z (what kubectl prints for an unset metav1.Time). */
export const ZERO_RFC1123Z = 'Mon, 01 Jan 0001 00:00:00 +0000';

/** time.RFC1123Z in UTC: `Mon, 02 Dec 2024 10:00:00 +0000`; Go's zero time when unset. */
export function rfc1123z(ts: string | undefined | null): string {
  const t = parseTime(ts ?? undefined);
  if (t === undefined) return ZERO_RFC1123Z;
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} `
    + `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** metav1.Time.String() (time.Time.String() in UTC): `2024-12-02 10:00:00 +0000 UTC`. */
export function goTimeString(ts: string | undefined | null): string {
  const t = parseTime(ts ?? undefined);
  if (t === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(t);
  const ms = d.getUTCMilliseconds();
  const frac = ms ? '.' + String(ms).padStart(3, '0').replace(/0+$/, '') : '';
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} `
    + `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}${frac} +0000 UTC`;
}

/** `%v` of a Go []string: `[a b c]`. */
export function goSlice(v: unknown[] | undefined | null): string {
  return `[${(v ?? []).map((x) => goValue(x)).join(' ')}]`;
}

/** `%v` of a Go map[string]string: `map[a:b c:d]` (keys sorted, as fmt prints maps). */
export function goMap(m: Record<string, unknown> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  return `map[${keys.map((k) => `${k}:${goValue(m![k])}`).join(' ')}]`;
}

/** `%v` of a JSON value as Go would print the typed field (best effort for nested values). */
export function goValue(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (Array.isArray(v)) return goSlice(v);
  if (typeof v === 'object') return goMap(v as Record<string, unknown>);
  return String(v);
}

/** printBool: `True` / `False`. */
export function printBool(v: unknown): string {
  return v ? 'True' : 'False';
}

/** printBoolPtr: `True` / `False` / `<unset>`. */
export function printBoolPtr(v: unknown): string {
  return v === undefined || v === null ? '<unset>' : printBool(v);
}

/** intstr.IntOrString.String(). */
export function intOrString(v: unknown): string {
  if (v === undefined || v === null) return '0';
  return String(v);
}

export function stringOrNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0) || 0;
}

/** Go sort.Strings order (byte-wise). */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedKeys(m: Record<string, unknown> | undefined | null): string[] {
  return Object.keys(m ?? {}).sort(byteCompare);
}

// ---------------------------------------------------------------------------------------------
// Quantities (resource.Quantity)

const ZERO_Q: Quantity = { mantissa: 0n, scale: 0, format: 'DecimalSI' };

export function qty(v: unknown): Quantity {
  return parseQuantity(v) ?? ZERO_Q;
}

/** Quantity.String() of a stored value (`<nil>`-safe: a missing quantity prints `0`). */
export function qtyString(v: unknown): string {
  if (v === undefined || v === null) return '0';
  const q = parseQuantity(v);
  return q ? formatQuantity(q) : String(v);
}

/** Quantity.Add (the receiver's format, or the addend's when the receiver is zero). */
export function qtyAdd(a: Quantity, b: Quantity): Quantity {
  const s = Math.min(a.scale, b.scale);
  const m = a.mantissa * 10n ** BigInt(a.scale - s) + b.mantissa * 10n ** BigInt(b.scale - s);
  return { mantissa: m, scale: s, format: a.mantissa === 0n ? b.format : a.format };
}

export function qtyCmp(a: Quantity, b: Quantity): number {
  const s = Math.min(a.scale, b.scale);
  const am = a.mantissa * 10n ** BigInt(a.scale - s);
  const bm = b.mantissa * 10n ** BigInt(b.scale - s);
  return am === bm ? 0 : am < bm ? -1 : 1;
}

function ceilDiv(m: bigint, d: bigint): bigint {
  const q = m / d;
  return m % d !== 0n && (m > 0n) === (d > 0n) ? q + 1n : q;
}

/** Quantity.MilliValue() (rounded up). */
export function qtyMilli(q: Quantity): bigint {
  const e = q.scale + 3;
  return e >= 0 ? q.mantissa * 10n ** BigInt(e) : ceilDiv(q.mantissa, 10n ** BigInt(-e));
}

/** Quantity.Value() (rounded up). */
export function qtyValue(q: Quantity): bigint {
  return q.scale >= 0 ? q.mantissa * 10n ** BigInt(q.scale) : ceilDiv(q.mantissa, 10n ** BigInt(-q.scale));
}

export function qtyFormat(q: Quantity): string {
  return formatQuantity(q);
}

// ---------------------------------------------------------------------------------------------
// Multi-line printers

/** printLabelsMultilineWithIndent. */
export function printLabelsMultilineWithIndent(w: PrefixWriter, initialIndent: string, title: string, innerIndent: string,
  labels: Record<string, string> | undefined | null, skip: Set<string> = new Set()): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!labels || Object.keys(labels).length === 0) {
    w.writeLine('<none>');
    return;
  }
  const keys = Object.keys(labels).filter((k) => !skip.has(k)).sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels[key]}\n`);
  });
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined | null): void {
  printLabelsMultilineWithIndent(w, '', title, '\t', labels);
}

const MAX_ANNOTATION_LEN = 140;

function shorten(s: string, max: number): string {
  // Go slices bytes; annotation values are almost always ASCII
  return Buffer.byteLength(s) > max ? Buffer.from(s).subarray(0, max).toString() + '...' : s;
}

/** printAnnotationsMultiline: sorted, last-applied skipped, long or multi-line values folded. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== LAST_APPLIED).sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    let value = annotations![key];
    if (value.endsWith('\n')) value = value.slice(0, -1);
    if (Buffer.byteLength(value) + Buffer.byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** corev1.Taint.ToString(): `key=value:Effect`, `key:Effect`, `key=value`. */
export function taintString(t: { key?: string; value?: string; effect?: string }): string {
  if (!t.effect) return t.value ? `${t.key ?? ''}=${t.value}` : `${t.key ?? ''}`;
  return t.value ? `${t.key ?? ''}=${t.value}:${t.effect}` : `${t.key ?? ''}:${t.effect}`;
}

export function printTaintsMultilineWithIndent(w: PrefixWriter, initialIndent: string, title: string, innerIndent: string,
  taints: Array<{ key?: string; value?: string; effect?: string }> | undefined | null): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: { key?: string; effect?: string }) => `${t.effect ?? ''},${t.key ?? ''}`;
  const sorted = goSort([...taints], (a, b) => key(a) < key(b));
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultilineWithIndent(w: PrefixWriter, initialIndent: string, title: string, innerIndent: string,
  tolerations: Array<Record<string, any>> | undefined | null): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = goSort([...tolerations], (a, b) => (a.key ?? '') < (b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

// ---------------------------------------------------------------------------------------------
// Events

/** translateTimestampSince / translateMicroTimestampSince. */
function since(ts: string | undefined | null, now: number): string {
  return age(ts, now);
}

function lastTimestampMs(e: KObject): number {
  return parseTime(e.lastTimestamp) ?? Number.NEGATIVE_INFINITY;
}

/** event.SortableEvents with Go's sort.Sort: by lastTimestamp (a missing one first). */
export function sortEvents(events: KObject[]): KObject[] {
  return goSort([...events], (a, b) => lastTimestampMs(a) < lastTimestampMs(b));
}

/** The `Age` cell: `10s`, `2m (x5 over 10m)`. */
export function eventInterval(e: KObject, now: number): string {
  let first = since(e.eventTime, now);
  if (parseTime(e.eventTime) === undefined) first = since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${num(e.series.count)} over ${first})`;
  if (num(e.count) > 1) return `${since(e.lastTimestamp, now)} (x${num(e.count)} over ${first})`;
  return first;
}

/** DescribeEvents. */
export function describeEvents(events: KObject[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEvents(events)) {
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${eventInterval(e, now)}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}

export { humanDuration };

// ---------------------------------------------------------------------------------------------
// EndpointSlices

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpointSlices: ready endpoints of the given port names, at most 3 then ` + N more...`. */
export function formatEndpointSlices(slices: KObject[], ports: Set<string> | null): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const eps: any[] = s.endpoints ?? [];
    const sp: any[] = s.ports ?? [];
    if (sp.length === 0) {
      for (const ep of eps) {
        if (list.length === max) more = true;
        const ready = ep.conditions?.ready === undefined || ep.conditions?.ready === null || ep.conditions.ready === true;
        if (!ready) continue;
        if (!more) list.push((ep.addresses ?? [])[0] ?? '');
        count++;
      }
    } else {
      for (const port of sp) {
        if (ports !== null && !ports.has(port.name ?? '')) continue;
        for (const ep of eps) {
          if (list.length === max) more = true;
          const addr = (ep.addresses ?? [])[0] ?? '';
          const ready = ep.conditions?.ready === undefined || ep.conditions?.ready === null || ep.conditions.ready === true;
          if (!ready) continue;
          if (!more) list.push(joinHostPort(addr, String(port.port ?? 0)));
          count++;
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

// ---------------------------------------------------------------------------------------------
// Misc

/** metav1.GetControllerOf → `Kind/name`, or ''. */
export function printController(obj: KObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** base64 data length in bytes (Secret data, ConfigMap binaryData). */
export function base64Len(v: unknown): number {
  if (typeof v !== 'string') return 0;
  return Buffer.from(v, 'base64').length;
}
