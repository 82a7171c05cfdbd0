// `kubectl get --sort-by=<jsonpath>`: a port of kubectl's pkg/cmd/get/sorter.go (RuntimeSort,
// TableSorter, isLess) on top of Go's sort.Sort (pdqsort), so that the order, ties and all, is the
// one kubectl produces for the same input order.
//
// Semantics (isLess on the first value the path finds in each object):
// - an object where the path finds nothing sorts before everything (kubectl's Less returns true
//   for it even against another such object, so with Go's insertion sort these end up first, in
//   reverse input order);
// - null sorts first; integers numerically; floats numerically; strings lexically (Go byte order),
//   except that when both parse as resource quantities (`100m`, `1Gi`, `3`) they compare as
//   quantities; RFC 3339 timestamps are strings, so they sort chronologically;
// - anything else (booleans, maps, slices, int vs float, string vs number) is unsortable: kubectl
//   exits with klog's `Field ... is an unsortable type` — here a CliError with that text.
// - Go's sort.Sort is not stable; for up to 12 objects it is an insertion sort, which is.
// Errors: see SortError (kubectl's human-readable path swallows most of them).

import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import {
  findJsonPathResults, GoByte, GoFloat, goQuote, isGoInt, goStringCompare, JsonPathError, parseJsonPath,
  relaxedJsonPathExpression, type ParsedJsonPath,
} from './jsonpath';

export interface SortOptions {
  /**
   * 'table' (default): what `kubectl get --sort-by` does for its human-readable output (sorting the
   * rows of the server's Table); 'list': the path of -o json/yaml/name/jsonpath/custom-columns.
   * See SortError for how their errors differ.
   */
  mode?: 'table' | 'list';
}

/**
 * A --sort-by failure. In 'list' mode kubectl prints it (`error: <message>`, exit 1). In 'table'
 * mode kubectl 1.32's get drops the error of its table printer (`silent`): that resource type prints
 * nothing, and if nothing at all was printed kubectl says `No resources found in <ns> namespace.`
 * (stderr) and exits 0. Unsortable values are not silent in either mode: kubectl exits through
 * klog.Exitf, printing the message (after klog's `F1127 12:00:00.000000 pid sorter.go:375] ` header)
 * and exiting 1 — so those are raw CliErrors (no `error: ` prefix).
 */
export class SortError extends CliError {
  silent: boolean;
  constructor(message: string, opts: { silent?: boolean; raw?: boolean } = {}) {
    super(message, { raw: opts.raw });
    this.silent = !!opts.silent;
  }
}

/**
 * Sort objects by the value at `expr` (relaxed JSONPath: `.metadata.name`, `{.status.phase}`).
 * Returns a new array; the input is not modified. Throws SortError with kubectl's messages.
 */
export function sortObjects<T extends KObject>(objects: T[], expr: string, opts: SortOptions = {}): T[] {
  return sortWithPositions(objects, expr, opts).map((i) => objects[i]);
}

/** Like sortObjects, but returns the original index of each object in sorted order. */
export function sortWithPositions(objects: KObject[], expr: string, opts: SortOptions = {}): number[] {
  const mode = opts.mode ?? 'table';
  const positions = objects.map((_, i) => i);
  // kubectl sorts a Table only when it has more than one row, a list when it is not empty
  if (mode === 'table' ? objects.length <= 1 : objects.length === 0) return positions;
  const fail = (msg: string) => new SortError(msg, { silent: mode === 'table' });

  let field: string;
  try {
    field = relaxedJsonPathExpression(expr);
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    if (mode === 'list') throw fail(e.message);
    field = expr;
  }

  let parsed: ParsedJsonPath;
  try {
    parsed = parseJsonPath(field);
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    throw fail(mode === 'table' ? `sorting error: ${e.message}` : e.message);
  }

  const values: unknown[][][] = objects.map((o) => {
    try {
      return findJsonPathResults(parsed, o, { allowMissingKeys: true });
    } catch (e) {
      if (!(e instanceof JsonPathError)) throw e;
      if (mode === 'list') throw fail(e.message);
      throw fail(`Failed to get values for [][]reflect.Value(nil) using ${field} (&errors.errorString{s:${goQuote(e.message)}})`);
    }
  });
  if (!values.some((v) => v.length > 0 && v[0].length > 0)) {
    throw fail(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  }

  const typeName = mode === 'table' ? '[][][]reflect.Value' : '*unstructured.Unstructured';
  const vals = values.slice();
  goSort(objects.length, (i, j) => {
    const iv = vals[i];
    const jv = vals[j];
    if (iv.length === 0 || iv[0].length === 0) return true;
    if (jv.length === 0 || jv[0].length === 0) return false;
    const r = isLess(iv[0][0], jv[0][0]);
    if (typeof r === 'string') {
      throw new SortError(`Field ${field} in ${typeName} is an unsortable type: interface, err: ${r}`, { raw: true });
    }
    return r;
  }, (i, j) => {
    [vals[i], vals[j]] = [vals[j], vals[i]];
    [positions[i], positions[j]] = [positions[j], positions[i]];
  });
  return positions;
}

/** Go type name of an unstructured value, as `%T` prints it. */
function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoByte) return 'uint8';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/**
 * sorter.go isLess for two values found in unstructured objects (reflect kind Interface).
 * Returns the error text instead of a boolean when kubectl's isLess fails.
 */
export function isLess(i: unknown, j: unknown): boolean | string {
  const iNil = i === null || i === undefined;
  const jNil = j === null || j === undefined;
  if (iNil && jNil) return false;
  if (iNil) return true;
  if (jNil) return false;
  const it = goType(i);
  const jt = goType(j);
  switch (it) {
    case 'int64': case 'float64': case 'uint8': {
      if (jt !== it) return 'unsortable interface: interface';
      const a = i instanceof GoFloat || i instanceof GoByte ? i.value : (i as number);
      const b = j instanceof GoFloat || j instanceof GoByte ? j.value : (j as number);
      return a < b;
    }
    case 'string': {
      if (jt !== 'string') return 'unsortable interface: interface';
      const a = i as string;
      const b = j as string;
      const qa = parseQuantity(a);
      if (!qa) return goStringCompare(a, b) < 0;
      const qb = parseQuantity(b);
      if (!qb) return goStringCompare(a, b) < 0;
      return compareQuantities(qa, qb) < 0;
    }
    default:
      return `unsortable type: ${it}`;
  }
}

// ---------------------------------------------------------------------------------------------
// resource.Quantity (k8s.io/apimachinery/pkg/api/resource): parse and compare only.

/** A parsed quantity's exact value: sign × mantissa × 10^exp10. */
export interface QuantityValue { negative: boolean; mantissa: bigint; exp10: number }

const DEC_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = 9223372036854775807n;

/** resource.ParseQuantity's acceptance and value (with its round-up to nano precision); null on error. */
export function parseQuantity(str: string): QuantityValue | null {
  if (str.length === 0) return null;
  if (str === '0') return { negative: false, mantissa: 0n, exp10: 0 };
  const p = parseQuantityString(str);
  if (!p) return null;
  const { positive, num, denom, suffix } = p;

  let base: number;
  let exponent: number;
  if (Object.prototype.hasOwnProperty.call(DEC_SUFFIXES, suffix)) { base = 10; exponent = DEC_SUFFIXES[suffix]; }
  else if (Object.prototype.hasOwnProperty.call(BIN_SUFFIXES, suffix)) { base = 2; exponent = BIN_SUFFIXES[suffix]; }
  else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const e = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(e)) return null;
    const n = BigInt(e);
    if (n > MAX_INT64 || n < -MAX_INT64 - 1n) return null;
    base = 10; exponent = Number(BigInt.asIntN(32, n)); // Go truncates to int32
  } else return null;

  let mantissa = BigInt(num + denom || '0');
  let exp10 = -denom.length;
  if (base === 10) exp10 += exponent;
  else mantissa *= 1n << BigInt(exponent);

  // round non-zero values up (away from zero) to nano precision
  if (exp10 < -9 && mantissa !== 0n) {
    const div = 10n ** BigInt(-9 - exp10);
    mantissa = (mantissa + div - 1n) / div;
    exp10 = -9;
  }
  // BinarySI quantities are capped at MaxInt64
  if (base === 2) {
    const v = { negative: false, mantissa, exp10 };
    if (compareQuantities(v, { negative: false, mantissa: MAX_INT64, exp10: 0 }) > 0) { mantissa = MAX_INT64; exp10 = 0; }
  }
  if (mantissa === 0n) return { negative: false, mantissa, exp10: 0 };
  return { negative: !positive, mantissa, exp10 };
}

function parseQuantityString(str: string): { positive: boolean; num: string; denom: string; suffix: string } | null {
  let positive = true;
  let pos = 0;
  const end = str.length;
  let num = '';
  let denom = '';
  if (pos < end) {
    if (str[0] === '-') { positive = false; pos++; } else if (str[0] === '+') pos++;
  }
  // strip leading zeros
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, num: '0', denom: '', suffix: '' };
    if (str[i] === '0') pos++;
    else break;
  }
  // numerator
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, num: str.slice(pos, end), denom: '', suffix: '' };
    if (!isDigit(str[i])) { num = str.slice(pos, i); pos = i; break; }
  }
  if (num.length === 0) num = '0';
  // denominator
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return { positive, num, denom: str.slice(pos, end), suffix: '' };
      if (!isDigit(str[i])) { denom = str.slice(pos, i); pos = i; break; }
    }
  }
  // suffix
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart, end) };
    if (!'eEinumkKMGTP'.includes(str[i])) { pos = i; break; }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart, end) };
    if (!isDigit(str[i])) break;
  }
  return null; // ErrFormatWrong
}

function isDigit(c: string): boolean { return c >= '0' && c <= '9'; }

/** Quantity.Cmp: -1, 0, 1. */
export function compareQuantities(a: QuantityValue, b: QuantityValue): number {
  const e = Math.min(a.exp10, b.exp10);
  const av = (a.negative ? -a.mantissa : a.mantissa) * 10n ** BigInt(a.exp10 - e);
  const bv = (b.negative ? -b.mantissa : b.mantissa) * 10n ** BigInt(b.exp10 - e);
  return av < bv ? -1 : av > bv ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Go's sort.Sort (pdqsort, Go 1.19+ sort/zsortinterface.go), deterministic.

type Less = (i: number, j: number) => boolean;
type Swap = (i: number, j: number) => void;

const enum Hint { Unknown, Increasing, Decreasing }

/** sort.Sort over indexes 0..n-1 with the given Less and Swap. */
export function goSort(n: number, less: Less, swap: Swap): void {
  if (n <= 1) return;
  const limit = 32 - Math.clz32(n); // bits.Len
  pdqsort(less, swap, 0, n, limit);
}

function insertionSort(less: Less, swap: Swap, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(j, j - 1); j--) swap(j, j - 1);
  }
}

function siftDown(less: Less, swap: Swap, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && less(first + child, first + child + 1)) child++;
    if (!less(first + root, first + child)) return;
    swap(first + root, first + child);
    root = child;
  }
}

function heapSort(less: Less, swap: Swap, a: number, b: number): void {
  const first = a;
  const lo = 0;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(less, swap, i, hi, first);
  for (let i = hi - 1; i >= 0; i--) {
    swap(first, first + i);
    siftDown(less, swap, lo, i, first);
  }
}

function pdqsort(less: Less, swap: Swap, a: number, b: number, limit: number): void {
  const maxInsertion = 12;
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) { insertionSort(less, swap, a, b); return; }
    if (limit === 0) { heapSort(less, swap, a, b); return; }
    if (!wasBalanced) { breakPatterns(swap, a, b); limit--; }

    let [pivot, hint] = choosePivot(less, a, b);
    if (hint === Hint.Decreasing) {
      reverseRange(swap, a, b);
      pivot = (b - 1) - (pivot - a);
      hint = Hint.Increasing;
    }
    if (wasBalanced && wasPartitioned && hint === Hint.Increasing) {
      if (partialInsertionSort(less, swap, a, b)) return;
    }
    if (a > 0 && !less(a - 1, pivot)) {
      a = partitionEqual(less, swap, a, b, pivot);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(less, swap, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(less, swap, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(less, swap, mid + 1, b, limit);
      b = mid;
    }
  }
}

function partition(less: Less, swap: Swap, a: number, b: number, pivot: number): [number, boolean] {
  swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && less(i, a)) i++;
  while (i <= j && !less(j, a)) j--;
  if (i > j) { swap(j, a); return [j, true]; }
  swap(i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && less(i, a)) i++;
    while (i <= j && !less(j, a)) j--;
    if (i > j) break;
    swap(i, j);
    i++;
    j--;
  }
  swap(j, a);
  return [j, false];
}

function partitionEqual(less: Less, swap: Swap, a: number, b: number, pivot: number): number {
  swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !less(a, i)) i++;
    while (i <= j && less(a, j)) j--;
    if (i > j) break;
    swap(i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSort(less: Less, swap: Swap, a: number, b: number): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !less(i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!less(j, j - 1)) break;
        swap(j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!less(j, j - 1)) break;
        swap(j, j - 1);
      }
    }
  }
  return false;
}

const U64 = (1n << 64n) - 1n;

function breakPatterns(swap: Swap, a: number, b: number): void {
  const length = b - a;
  if (length >= 8) {
    let random = BigInt(length); // xorshift (Go 1.23's sort: <<13, >>17, <<5 on a uint64)
    const next = (): bigint => {
      random ^= (random << 13n) & U64;
      random ^= random >> 17n;
      random ^= (random << 5n) & U64;
      return random;
    };
    const modulus = 1n << BigInt(32 - Math.clz32(length)); // nextPowerOfTwo
    const base = a + Math.trunc(length / 4) * 2;
    for (let idx = base - 1; idx <= base + 1; idx++) {
      let other = Number(next() & (modulus - 1n));
      if (other >= length) other -= length;
      swap(idx, a + other);
    }
  }
}

function choosePivot(less: Less, a: number, b: number): [number, Hint] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const swaps = { n: 0 };
  let i = a + Math.trunc(l / 4) * 1;
  let j = a + Math.trunc(l / 4) * 2;
  let k = a + Math.trunc(l / 4) * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = medianAdjacent(less, i, swaps);
      j = medianAdjacent(less, j, swaps);
      k = medianAdjacent(less, k, swaps);
    }
    j = median(less, i, j, k, swaps);
  }
  switch (swaps.n) {
    case 0: return [j, Hint.Increasing];
    case maxSwaps: return [j, Hint.Decreasing];
    default: return [j, Hint.Unknown];
  }
}

function order2(less: Less, a: number, b: number, swaps: { n: number }): [number, number] {
  if (less(b, a)) { swaps.n++; return [b, a]; }
  return [a, b];
}

function median(less: Less, a: number, b: number, c: number, swaps: { n: number }): number {
  [a, b] = order2(less, a, b, swaps);
  [b, c] = order2(less, b, c, swaps);
  [a, b] = order2(less, a, b, swaps);
  void c;
  return b;
}

function medianAdjacent(less: Less, a: number, swaps: { n: number }): number {
  return median(less, a - 1, a, a + 1, swaps);
}

function reverseRange(swap: Swap, a: number, b: number): void {
  let i = a;
  let j = b - 1;
  while (i < j) { swap(i, j); i++; j--; }
}
