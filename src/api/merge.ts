// Patching: RFC 7386 JSON merge patch, RFC 6902 JSON patch, Kubernetes strategic merge patch and
// the three-way patch `kubectl apply` (client-side) sends.
//
// The strategic-merge functions are a port of k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
// (diffMaps/diffLists/mergeMap/mergeSlice, $patch / $retainKeys / $setElementOrder /
// $deleteFromPrimitiveList directives) and kubectl's apply patcher (pkg/cmd/apply/patcher.go); the JSON
// ones follow gopkg.in/evanphx/json-patch.v4 as vendored by the API server, errors included.
//
// All functions are pure: inputs are never mutated, results are fresh objects.

import { StatusError } from './errors';
import { deepClone } from './types';
import { lookupField, PatchSchema, schemaForKind } from './patchmeta';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type JMap = Record<string, Json>;

const DIRECTIVE_MARKER = '$patch';
const DELETE_DIRECTIVE = 'delete';
const REPLACE_DIRECTIVE = 'replace';
const MERGE_DIRECTIVE = 'merge';
const RETAIN_KEYS_STRATEGY = 'retainKeys';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
const RETAIN_KEYS_DIRECTIVE = '$' + RETAIN_KEYS_STRATEGY;
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

// ---------------------------------------------------------------------------------------------
// errors

/** An error of the patch libraries, carrying the text they produce (what `kubectl patch --local` prints). */
export class MergeError extends Error {
  /** how the API server classifies it (interpretStrategicMergePatchError) */
  kind: 'BadRequest' | 'Invalid' | 'Unknown';
  constructor(message: string, kind: MergeError['kind'] = 'Unknown') {
    super(message);
    this.kind = kind;
  }
}

/**
 * A patch that failed on the server. `message`/`reason`/`code` are what the API server answers;
 * `detail` is the library's own error text (what kubectl prints with `--local`, after `error: `).
 */
export class PatchError extends StatusError {
  detail: string;
  constructor(reason: StatusError['reason'], message: string, detail: string, code?: number) {
    super(reason, message, reason === 'Invalid' ? {} : undefined, code);
    this.detail = detail;
  }
}

/** apimachinery NewGenericServerResponse(422, ...): the jsonpatch error text is not passed on. */
const UNPROCESSABLE = 'the server rejected our request due to an error in our request';

const ErrNoListOfLists = 'lists of lists are not supported';
const ErrBadPatchFormatForPrimitiveList = 'invalid patch format of primitive list';
const ErrBadPatchFormatForRetainKeys = 'invalid patch format of retainKeys';
const ErrBadPatchFormatForSetElementOrderList = 'invalid patch format of setElementOrder list';

function errNoMergeKey(m: JMap, k: string): MergeError {
  return new MergeError(`map: ${goFmt(m)} does not contain declared merge key: ${k}`);
}
function errBadArgType(expected: string, actual: Json): MergeError {
  return new MergeError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}
function errBadPatchType(t: Json, m: JMap): MergeError {
  return new MergeError(`unknown patch type: ${goFmt(t)} in map: ${goFmt(m)}`);
}

/** fmt's %v of a decoded JSON value */
export function goFmt(v: Json): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[' + v.map(goFmt).join(' ') + ']';
  if (typeof v === 'object') {
    return 'map[' + Object.keys(v).sort().map((k) => `${k}:${goFmt(v[k])}`).join(' ') + ']';
  }
  return String(v);
}

function goTypeName(v: Json): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int64' : 'float64';
}

// ---------------------------------------------------------------------------------------------
// small helpers

function isMap(v: Json): v is JMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** reflect.TypeOf for decoded JSON (numbers are one type here) */
function typeOf(v: Json): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  return typeof v;
}

/** reflect.DeepEqual of decoded JSON */
export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
  }
  return true;
}

function has(m: JMap, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, k);
}

/** fmt.Sprintf("%v") of a scalar, as the sorting and list-diff code compares them */
function sv(v: Json): string {
  return goFmt(v);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Go's sort.SliceStable (insertion sort in blocks of 20 + SymMerge), for identical results with odd `less`. */
function goSliceStable<T>(data: T[], less: (i: number, j: number) => boolean): void {
  const swap = (i: number, j: number) => { const x = data[i]; data[i] = data[j]; data[j] = x; };
  const insertionSort = (a: number, b: number) => {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && less(j, j - 1); j--) swap(j, j - 1);
  };
  const swapRange = (a: number, b: number, n: number) => { for (let i = 0; i < n; i++) swap(a + i, b + i); };
  const rotate = (a: number, m: number, b: number) => {
    let i = m - a;
    let j = b - m;
    while (i !== j) {
      if (i > j) { swapRange(m - i, m, j); i -= j; } else { swapRange(m - i, m + j - i, i); j -= i; }
    }
    swapRange(m - i, m, i);
  };
  const symMerge = (a: number, m: number, b: number): void => {
    if (m - a === 1) {
      let i = m;
      let j = b;
      while (i < j) { const h = (i + j) >>> 1; if (less(h, a)) i = h + 1; else j = h; }
      for (let k = a; k < i - 1; k++) swap(k, k + 1);
      return;
    }
    if (b - m === 1) {
      let i = a;
      let j = m;
      while (i < j) { const h = (i + j) >>> 1; if (!less(m, h)) i = h + 1; else j = h; }
      for (let k = m; k > i; k--) swap(k, k - 1);
      return;
    }
    const mid = (a + b) >>> 1;
    const n = mid + m;
    let start: number;
    let r: number;
    if (m > mid) { start = n - b; r = mid; } else { start = a; r = m; }
    const p = n - 1;
    while (start < r) { const c = (start + r) >>> 1; if (!less(p - c, c)) start = c + 1; else r = c; }
    const end = n - start;
    if (start < m && m < end) rotate(start, m, end);
    if (a < start && start < mid) symMerge(a, start, mid);
    if (mid < end && end < b) symMerge(mid, end, b);
  };
  const n = data.length;
  let blockSize = 20;
  let a = 0;
  let b = blockSize;
  while (b <= n) { insertionSort(a, b); a = b; b += blockSize; }
  insertionSort(a, n);
  while (blockSize < n) {
    a = 0; b = 2 * blockSize;
    while (b <= n) { symMerge(a, a + blockSize, b); a = b; b += 2 * blockSize; }
    const m = a + blockSize;
    if (m < n) symMerge(a, m, n);
    blockSize *= 2;
  }
}

/** sortScalars: in place, by %v string */
function sortScalars(s: Json[]): Json[] {
  s.sort((x, y) => cmpStr(sv(x), sv(y)));
  return s;
}

/** deduplicateScalars, with Go's order-scrambling "clever algorithm" */
function deduplicateScalars(s: Json[]): Json[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function sliceElementType(...slices: Json[][]): string {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s ?? []) {
      const cur = typeOf(v);
      if (prev === undefined) {
        prev = cur;
        if (prev === 'slice') throw new MergeError(ErrNoListOfLists, 'Invalid');
      } else if (prev !== cur) {
        throw new MergeError(`list element types are not identical: ${goFmt(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new MergeError('no elements in any of the given slices');
  return prev;
}

/** extractRetainKeysPatchStrategy → [retainKeys, other strategy] */
function extractRetainKeysPatchStrategy(strategies: string[]): [boolean, string] {
  switch (strategies.length) {
    case 0: return [false, ''];
    case 1: return strategies[0] === RETAIN_KEYS_STRATEGY ? [true, ''] : [false, strategies[0]];
    case 2:
      if (strategies[0] === RETAIN_KEYS_STRATEGY) return [true, strategies[1]];
      if (strategies[1] === RETAIN_KEYS_STRATEGY) return [true, strategies[0]];
      throw new MergeError(`unexpected patch strategy: ${goFmt(strategies)}`);
    default:
      throw new MergeError(`unexpected patch strategy: ${goFmt(strategies)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// diff (CreateTwoWayMergePatch / CreateThreeWayMergePatch)

interface DiffOptions {
  setElementOrder?: boolean;
  ignoreChangesAndAdditions?: boolean;
  ignoreDeletions?: boolean;
  buildRetainKeysDirective?: boolean;
}

function diffMaps(original: JMap, modified: JMap, schema: PatchSchema, o: DiffOptions): JMap {
  const patch: JMap = {};
  const retainKeysList: Json[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key];
    if (o.buildRetainKeysDirective && modifiedValue !== null && modifiedValue !== undefined) retainKeysList.push(key);
    if (!has(original, key)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw new MergeError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (modifiedValue !== originalValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (typeOf(originalValue) !== typeOf(modifiedValue)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue)) handleMapDiff(key, originalValue, modifiedValue, patch, schema, o);
    else if (Array.isArray(originalValue)) handleSliceDiff(key, originalValue, modifiedValue, patch, schema, o);
    else replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, o);
  }
  // updatePatchIfMissing
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!has(modified, key)) patch[key] = null;
  }
  if (retainKeysList.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeysList);
  }
  return patch;
}

function hasAdditionalNewField(original: JMap, modified: JMap): boolean {
  for (const k of Object.keys(original)) {
    if (original[k] === null || original[k] === undefined) continue;
    if (!has(modified, k)) return true;
  }
  return false;
}

function handleMapDiff(key: string, originalValue: JMap, modifiedValue: JMap, patch: JMap, schema: PatchSchema, o: DiffOptions): void {
  const { schema: sub, meta } = lookupField(schema, key);
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  const opts = { ...o, buildRetainKeysDirective: retainKeys };
  if (strategy === REPLACE_DIRECTIVE) {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
    return;
  }
  const patchValue = diffMaps(originalValue, modifiedValue, sub, opts);
  if (Object.keys(patchValue).length > 0) patch[key] = patchValue;
}

function handleSliceDiff(key: string, originalValue: Json[], modifiedValue: Json[], patch: JMap, schema: PatchSchema, o: DiffOptions): void {
  const { schema: sub, meta } = lookupField(schema, key);
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  if (strategy === MERGE_DIRECTIVE) {
    const opts = { ...o, buildRetainKeysDirective: retainKeys };
    const [addList, deletionList, setOrderList] = diffLists(originalValue, modifiedValue, sub, meta.mergeKey ?? '', opts);
    if (addList.length > 0) patch[key] = addList;
    if (deletionList.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = deletionList;
    if (setOrderList.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = setOrderList;
    return;
  }
  replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, o);
}

function replacePatchFieldIfNotEqual(key: string, original: Json, modified: Json, patch: JMap, o: DiffOptions): void {
  if (o.ignoreChangesAndAdditions) return;
  if (deepEqual(original, modified)) return;
  patch[key] = modified;
}

function validateMergeKeyInLists(mergeKey: string, ...lists: Json[][]): void {
  for (const list of lists) {
    for (const item of list ?? []) {
      if (!isMap(item)) throw errBadArgType('map[string]interface {}', item);
      if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** index(): position of the item (by merge key for maps) in l, or -1 */
function indexOf(l: Json[], val: Json, mergeKey: string, kind: string): number {
  const get = kind === 'map' ? (item: Json) => (isMap(item) ? (has(item, mergeKey) ? item[mergeKey] : null) : null) : (item: Json) => item;
  const target = get(val);
  for (let i = 0; i < (l ?? []).length; i++) if (get(l[i]) === target) return i;
  return -1;
}

function extractToDeleteItems(l: Json[]): [Json[], Json[]] {
  const nonDelete: Json[] = [];
  const toDelete: Json[] = [];
  for (const v of l ?? []) {
    if (!isMap(v)) throw errBadArgType('map[string]interface {}', v);
    if (has(v, DIRECTIVE_MARKER) && v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) toDelete.push(v);
    else nonDelete.push(v);
  }
  return [nonDelete, toDelete];
}

function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: string): Json[] {
  let toDelete: Json[] = [];
  let list = [...(toSort ?? [])];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, list, order);
    [list, toDelete] = extractToDeleteItems(list);
  }
  goSliceStable(list, (i, j) => {
    const ii = indexOf(order, list[i], mergeKey, kind);
    if (ii >= 0) {
      const ij = indexOf(order, list[j], mergeKey, kind);
      if (ij >= 0) return ii < ij;
    }
    return true;
  });
  return list.concat(toDelete);
}

function mergeSortedSlice(left: Json[], right: Json[], serverOrder: Json[], mergeKey: string, kind: string): Json[] {
  const less = (l: Json, r: Json): [boolean, boolean] => {
    const li = indexOf(serverOrder, l, mergeKey, kind);
    const ri = indexOf(serverOrder, r, mergeKey, kind);
    if (li >= 0 && ri >= 0) return [li < ri, true];
    return [false, false];
  };
  const size = left.length + right.length;
  let i = 0;
  let j = 0;
  const s: Json[] = [];
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) s.push(right[j++]);
    else if (j >= right.length && i < left.length) s.push(left[i++]);
    else {
      const [isLess, foundBoth] = less(left[i], right[j]);
      if (foundBoth && isLess) s.push(left[i++]);
      else s.push(right[j++]);
    }
  }
  return s;
}

function normalizeElementOrder(patch: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, kind: string): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function diffLists(original: Json[], modified: Json[], schema: PatchSchema, mergeKey: string, o: DiffOptions): [Json[], Json[], Json[]] {
  if (original.length === 0) {
    if (modified.length === 0 || o.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const kind = sliceElementType(original, modified);
  let patchList: Json[];
  let deleteList: Json[];
  let setOrderList: Json[] = [];
  if (kind === 'map') {
    [patchList, deleteList] = diffListsOfMaps(original, modified, schema, mergeKey, o);
    patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    patchList = patchList.concat(deleteList);
    deleteList = [];
    if (o.setElementOrder &&
      ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!o.ignoreDeletions && patchList.length > 0))) {
      setOrderList = modified.map((v) => ({ [mergeKey]: (v as JMap)[mergeKey] }));
    }
  } else if (kind === 'slice') {
    throw new MergeError(ErrNoListOfLists, 'Invalid');
  } else {
    // note: like Go, this sorts `original` in place (the comparison below sees the sorted list)
    [patchList, deleteList] = diffListsOfScalars(original, modified, o);
    patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind);
    if (o.setElementOrder && ((!o.ignoreDeletions && deleteList.length > 0) ||
      (!o.ignoreChangesAndAdditions && !deepEqual(original, modified)))) {
      setOrderList = modified;
    }
  }
  return [patchList, deleteList, setOrderList];
}

function isOrderSame(original: Json[], modified: Json[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  for (let i = 0; i < modified.length; i++) {
    if (!mergeKeyValueEqual(original[i], modified[i], mergeKey)) return false;
  }
  return true;
}

function diffListsOfScalars(original: Json[], modified: Json[], o: DiffOptions): [Json[], Json[]] {
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars([...modified]);
  let oi = 0;
  let mi = 0;
  const addList: Json[] = [];
  const deletionList: Json[] = [];
  for (;;) {
    const oIn = oi < originalScalars.length;
    const mIn = mi < modifiedScalars.length;
    if (!oIn && !mIn) break;
    const os = oIn ? sv(originalScalars[oi]) : '';
    const ms = mIn ? sv(modifiedScalars[mi]) : '';
    if (oIn && mIn && os === ms) { oi++; mi++; } else if (!oIn || (oIn && mIn && os > ms)) {
      if (!o.ignoreChangesAndAdditions) addList.push(modifiedScalars[mi]);
      mi++;
    } else {
      if (!o.ignoreDeletions) deletionList.push(originalScalars[oi]);
      oi++;
    }
  }
  return [addList, deduplicateScalars(deletionList)];
}

function sortMergeListByKey(s: Json[], mergeKey: string): Json[] {
  if (s.length === 0) return s;
  const kind = sliceElementType(s);
  if (kind !== 'map') return sortScalars(deduplicateScalars([...s]));
  return [...s].sort((a, b) => cmpStr(sv(a[mergeKey]), sv(b[mergeKey])));
}

function getMapAndMergeKeyValue(list: Json[], i: number, mergeKey: string): [JMap, Json] {
  const m = list[i];
  if (!isMap(m)) throw errBadArgType('map[string]interface {}', m);
  if (!has(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
  return [m, m[mergeKey]];
}

function diffListsOfMaps(original: Json[], modified: Json[], schema: PatchSchema, mergeKey: string, o: DiffOptions): [Json[], Json[]] {
  const patch: Json[] = [];
  const deletionList: Json[] = [];
  const originalSorted = sortMergeListByKey(original, mergeKey);
  const modifiedSorted = sortMergeListByKey(modified, mergeKey);
  let oi = 0;
  let mi = 0;
  for (;;) {
    const oIn = oi < originalSorted.length;
    const mIn = mi < modifiedSorted.length;
    if (!oIn && !mIn) break;
    let oEl: JMap = {};
    let mEl: JMap = {};
    let oKey: Json;
    let mKey: Json;
    let oStr = '';
    let mStr = '';
    if (oIn) { [oEl, oKey] = getMapAndMergeKeyValue(originalSorted, oi, mergeKey); oStr = sv(oKey); }
    if (mIn) { [mEl, mKey] = getMapAndMergeKeyValue(modifiedSorted, mi, mergeKey); mStr = sv(mKey); }
    if (oIn && mIn && oStr === mStr) {
      const patchValue = diffMaps(oEl, mEl, schema, o);
      if (Object.keys(patchValue).length > 0) {
        patchValue[mergeKey] = mKey;
        patch.push(patchValue);
      }
      oi++; mi++;
    } else if (!oIn || (oIn && mIn && oStr > mStr)) {
      if (!o.ignoreChangesAndAdditions) patch.push(mEl);
      mi++;
    } else {
      if (!o.ignoreDeletions) deletionList.push({ [mergeKey]: oKey, [DIRECTIVE_MARKER]: DELETE_DIRECTIVE });
      oi++;
    }
  }
  return [patch, deletionList];
}

// ---------------------------------------------------------------------------------------------
// merge (StrategicMergePatch)

interface MergeOptions {
  mergeParallelList: boolean;
  ignoreUnmatchedNulls: boolean;
}

function handleDirectiveInMergeMap(directive: Json, patch: JMap): JMap {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

function containsDirectiveMarker(item: Json): boolean {
  return isMap(item) && has(item, DIRECTIVE_MARKER);
}

function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isMap(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isMap(right)) throw errBadArgType('map[string]interface {}', right);
  if (!has(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

function extractKey(s: string, prefix: string): string {
  const i = s.indexOf('/');
  if (i < 0 || s.slice(0, i) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw new MergeError(ErrBadPatchFormatForPrimitiveList, 'BadRequest');
    if (prefix === SET_ELEMENT_ORDER_PREFIX) throw new MergeError(ErrBadPatchFormatForSetElementOrderList, 'BadRequest');
    throw new MergeError(`fail to find unknown prefix ${JSON.stringify(prefix)} in ${s}\n`);
  }
  return s.slice(i + 1);
}

function validatePatchWithSetOrderList(patchList: Json, setOrderList: Json, mergeKey: string): void {
  if (!Array.isArray(setOrderList)) throw new MergeError(ErrBadPatchFormatForSetElementOrderList, 'BadRequest');
  if (patchList !== undefined && !Array.isArray(patchList)) throw new MergeError(ErrBadPatchFormatForSetElementOrderList, 'BadRequest');
  const typedPatch: Json[] = patchList ?? [];
  if (setOrderList.length === 0 || typedPatch.length === 0) return;
  const nonDeleteList = mergeKey ? extractToDeleteItems(typedPatch)[0] : typedPatch;
  let pi = 0;
  let si = 0;
  while (pi < nonDeleteList.length && si < setOrderList.length) {
    if (containsDirectiveMarker(nonDeleteList[pi])) { pi++; continue; }
    if (mergeKeyValueEqual(nonDeleteList[pi], setOrderList[si], mergeKey)) pi++;
    si++;
  }
  if (pi < nonDeleteList.length && si >= setOrderList.length) {
    throw new MergeError(`The order in patch list:\n${goFmt(typedPatch)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFmt(setOrderList)}\n`);
  }
}

function applyRetainKeysDirective(original: JMap, patch: JMap, mo: MergeOptions): void {
  if (!has(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeysInPatch = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!mo.mergeParallelList) {
    if (has(original, RETAIN_KEYS_DIRECTIVE)) {
      if (!deepEqual(original[RETAIN_KEYS_DIRECTIVE], retainKeysInPatch)) {
        throw new MergeError(`${goFmt(original[RETAIN_KEYS_DIRECTIVE])} and ${goFmt(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`);
      }
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = retainKeysInPatch;
    }
    return;
  }
  if (!Array.isArray(retainKeysInPatch)) throw new MergeError(ErrBadPatchFormatForRetainKeys, 'BadRequest');
  const keep = new Set(retainKeysInPatch);
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!keep.has(k)) throw new MergeError(ErrBadPatchFormatForRetainKeys, 'BadRequest');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function mergePatchIntoOriginal(original: JMap, patch: JMap, schema: PatchSchema, mo: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX) || !has(patch, key)) continue;
    const setElementOrderInPatch = patch[key];
    if (!mo.mergeParallelList) {
      if (has(original, key)) {
        if (!deepEqual(original[key], setElementOrderInPatch)) throw new MergeError(ErrBadPatchFormatForSetElementOrderList, 'BadRequest');
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];
    if (!Array.isArray(setElementOrderInPatch)) throw errBadArgType('[]interface {}', setElementOrderInPatch);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = has(original, originalKey);
    const foundPatch = has(patch, originalKey);
    const originalList = original[originalKey];
    const patchList = patch[originalKey];
    let originalFieldValue: Json[] = [];
    let patchFieldValue: Json[] = [];
    if (foundOriginal) {
      if (!Array.isArray(originalList)) throw errBadArgType('[]interface {}', originalList);
      originalFieldValue = originalList;
    }
    if (foundPatch) {
      if (!Array.isArray(patchList)) throw errBadArgType('[]interface {}', patchList);
      patchFieldValue = patchList;
    }
    const { schema: sub, meta } = lookupField(schema, originalKey);
    const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
    const mergeKey = meta.mergeKey ?? '';
    validatePatchWithSetOrderList(foundPatch ? patchFieldValue : undefined, setElementOrderInPatch, mergeKey);

    let merged: Json[];
    // the live list as a Go slice: merging may write into its backing array (see GoSlice)
    const live = goSliceOf(originalFieldValue);
    if (foundOriginal && !foundPatch) {
      merged = originalFieldValue;
    } else if (!foundOriginal && foundPatch) {
      merged = removeDirectives(patchFieldValue)[0];
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalList, patchList, sub, strategy, mergeKey, false, mo, live);
    } else {
      continue;
    }
    originalFieldValue = view(live);
    let patchItems: Json[];
    let serverOnlyItems: Json[];
    if (!mergeKey) [patchItems, serverOnlyItems] = partitionPrimitivesByPresentInList(merged, setElementOrderInPatch);
    else [patchItems, serverOnlyItems] = partitionMapsByPresentInList(merged, setElementOrderInPatch, mergeKey);
    const kind = sliceElementType(originalFieldValue, patchFieldValue);
    original[originalKey] = normalizeElementOrder(patchItems, serverOnlyItems, setElementOrderInPatch, originalFieldValue, mergeKey, kind);
    delete patch[originalKey];
  }
}

function partitionPrimitivesByPresentInList(original: Json[], partitionBy: Json[]): [Json[], Json[]] {
  const inPatch = new Set(partitionBy);
  const patch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of original) (inPatch.has(v) ? patch : serverOnly).push(v);
  return [patch, serverOnly];
}

function partitionMapsByPresentInList(original: Json[], partitionBy: Json[], mergeKey: string): [Json[], Json[]] {
  const patch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of original) {
    if (!isMap(v)) throw errBadArgType('map[string]interface {}', v);
    if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const [, , found] = findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey]);
    (found ? patch : serverOnly).push(v);
  }
  return [patch, serverOnly];
}

/** removeDirectives: [value, keep] */
function removeDirectives(obj: Json): [Json, boolean] {
  if (obj === null || obj === undefined) return [obj, true];
  if (isMap(obj)) {
    if (has(obj, DIRECTIVE_MARKER)) return [null, false];
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k]);
      if (keep) obj[k] = v;
      else delete obj[k];
    }
    return [obj, true];
  }
  if (Array.isArray(obj)) {
    const res: Json[] = [];
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v);
      if (keep) res.push(nv);
    }
    return [res, true];
  }
  return [obj, true];
}

function discardNullValuesFromPatch(v: Json): void {
  if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNullValuesFromPatch(x);
  }
}

function mergeMap(original: JMap | null, patch: JMap, schema: PatchSchema, mo: MergeOptions): JMap {
  if (has(patch, DIRECTIVE_MARKER)) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const orig: JMap = original ?? {};
  applyRetainKeysDirective(orig, patch, mo);
  mergePatchIntoOriginal(orig, patch, schema, mo);

  for (let k of Object.keys(patch)) {
    if (!has(patch, k)) continue;
    const patchV = patch[k];
    // preprocessDeletionListForMerging
    let isDeleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!mo.mergeParallelList) {
        orig[k] = patchV;
        continue;
      }
      k = extractKey(k, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[k];
      if (mo.ignoreUnmatchedNulls) continue;
    }
    if (!has(orig, k)) {
      if (!isDeleteList) {
        if (mo.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) orig[k] = v;
        else delete orig[k];
      }
      continue;
    }
    const ot = typeOf(orig[k]);
    if (ot !== typeOf(patchV)) {
      if (!isDeleteList) {
        if (mo.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) orig[k] = v;
        else delete orig[k];
      }
      continue;
    }
    if (ot === 'map') {
      const { schema: sub, meta } = lookupField(schema, k);
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
      orig[k] = strategy !== REPLACE_DIRECTIVE ? mergeMap(orig[k], patchV, sub, mo) : patchV;
    } else if (ot === 'slice') {
      const { schema: sub, meta } = lookupField(schema, k);
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
      orig[k] = mergeSliceHandler(orig[k], patchV, sub, strategy, meta.mergeKey ?? '', isDeleteList, mo);
    } else {
      const [v, keep] = removeDirectives(patchV);
      if (keep) orig[k] = v;
      else delete orig[k];
    }
  }
  return orig;
}

/**
 * A Go slice header over a shared backing array. strategicpatch deletes list entries with
 * `append(s[:i], s[i+1:]...)` and adds them with `append(s, v)`, both writing into the backing array
 * of the live list when its capacity allows; mergePatchIntoOriginal then orders server-only items
 * by that (mutated) live list. To order items as the API server does, capacity is modelled as Go's
 * append growth while decoding (1, 2, 4, 8, ...).
 */
interface GoSlice { arr: Json[]; len: number }

function goCap(n: number): number {
  let c = n > 0 ? 1 : 0;
  while (c < n) c *= 2;
  return c;
}

function goSliceOf(list: Json[]): GoSlice {
  const arr = [...list];
  arr.length = goCap(list.length);
  return { arr, len: list.length };
}

function view(s: GoSlice): Json[] {
  return s.arr.slice(0, s.len);
}

function goAppend(s: GoSlice, v: Json): GoSlice {
  if (s.len < s.arr.length) {
    s.arr[s.len] = v;
    return { arr: s.arr, len: s.len + 1 };
  }
  const arr = s.arr.slice(0, s.len);
  arr.length = Math.max(1, s.arr.length * 2);
  arr[s.len] = v;
  return { arr, len: s.len + 1 };
}

function mergeSliceHandler(original: Json, patch: Json, schema: PatchSchema, strategy: string, mergeKey: string,
  isDeleteList: boolean, mo: MergeOptions, backing?: GoSlice): Json[] {
  if (!Array.isArray(original)) throw errBadArgType('[]interface {}', original);
  if (!Array.isArray(patch)) throw errBadArgType('[]interface {}', patch);
  if (strategy === MERGE_DIRECTIVE || isDeleteList) return mergeSlice(original, patch, schema, mergeKey, mo, isDeleteList, backing);
  return patch;
}

function mergeSlice(original: Json[], patch: Json[], schema: PatchSchema, mergeKey: string, mo: MergeOptions,
  isDeleteList: boolean, backing?: GoSlice): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: Json[];
  let serverOrder: () => Json[] = () => original;
  if (kind !== 'map') {
    if (mo.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new MergeError(`cannot merge lists without merge key for ${schema.name}`);
    const [orig, rest] = mergeSliceWithSpecialElements(backing ?? goSliceOf(original), patch, mergeKey);
    patch = rest;
    serverOrder = () => view(orig); // read after the merge below (elements replaced in place)
    merged = view(mergeSliceWithoutSpecialElements(orig, patch, mergeKey, schema, mo));
  }
  let patchItems: Json[];
  let serverOnlyItems: Json[];
  if (!mergeKey) [patchItems, serverOnlyItems] = partitionPrimitivesByPresentInList(merged, patch);
  else [patchItems, serverOnlyItems] = partitionMapsByPresentInList(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnlyItems, patch, serverOrder(), mergeKey, kind);
}

function mergeSliceWithSpecialElements(original: GoSlice, patch: Json[], mergeKey: string): [GoSlice, Json[]] {
  const without: Json[] = [];
  let replace = false;
  for (const v of patch) {
    if (!has(v, DIRECTIVE_MARKER)) { without.push(v); continue; }
    const patchType = v[DIRECTIVE_MARKER];
    if (patchType === DELETE_DIRECTIVE) {
      if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      original = deleteMatchingEntries(original, mergeKey, v[mergeKey]);
    } else if (patchType === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (patchType === MERGE_DIRECTIVE) {
      throw new MergeError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(patchType, v);
    }
  }
  if (replace) return [goSliceOf(without), []];
  return [original, without];
}

/** delete all entries with the merge key value, Go style: shift left within the backing array */
function deleteMatchingEntries(original: GoSlice, mergeKey: string, mergeValue: Json): GoSlice {
  let s = original;
  for (;;) {
    const [, idx, found] = findMapInSliceBasedOnKeyValue(view(s), mergeKey, mergeValue);
    if (!found) break;
    for (let i = idx; i < s.len - 1; i++) s.arr[i] = s.arr[i + 1];
    s = { arr: s.arr, len: s.len - 1 };
  }
  return s;
}

function mergeSliceWithoutSpecialElements(original: GoSlice, patch: Json[], mergeKey: string, schema: PatchSchema, mo: MergeOptions): GoSlice {
  let s = original;
  for (const v of patch) {
    if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const [m, idx, found] = findMapInSliceBasedOnKeyValue(view(s), mergeKey, v[mergeKey]);
    if (found) s.arr[idx] = mergeMap(m, v, schema, mo);
    else s = goAppend(s, v);
  }
  return s;
}

function deleteFromSlice(current: Json[], toDelete: Json[]): Json[] {
  const del = new Set(toDelete);
  return current.filter((v) => !del.has(v));
}

function findMapInSliceBasedOnKeyValue(m: Json[], key: string, value: Json): [JMap | null, number, boolean] {
  for (let k = 0; k < m.length; k++) {
    const v = m[k];
    if (!isMap(v)) throw new MergeError(`value for key ${k} is not a map`);
    if (has(v, key) && v[key] === value) return [v, k, true];
  }
  return [null, 0, false];
}

function isDirectiveKey(k: string): boolean {
  return k === DIRECTIVE_MARKER || k === RETAIN_KEYS_DIRECTIVE || k.startsWith(SET_ELEMENT_ORDER_PREFIX + '/')
    || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX + '/');
}

/**
 * What the API server's typed decode does to the merged map: directive keys that rode along in added
 * subtrees or replaced lists are unknown fields (dropped), and null fields decode to zero values
 * (omitted). Mutates and returns v.
 */
function normalizeMerged(v: Json): Json {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeMerged(v[i]);
  } else if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (isDirectiveKey(k) || v[k] === null) delete v[k];
      else v[k] = normalizeMerged(v[k]);
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// public API

/** Sub-schema lookup for callers that walk objects themselves. */
export { schemaForKind } from './patchmeta';

/**
 * StrategicMergeMapPatch as the API server applies it (`kubectl patch` default type). Kinds without
 * patch metadata (custom resources) get JSON merge semantics instead (the server refuses SMP for
 * them: {@link strategicMergePatchUnsupported} is its answer).
 * Throws PatchError (a StatusError) shaped as the server answers; `.detail` holds the library text.
 */
export function strategicMergePatch<T = JMap>(original: T, patch: JMap, kind: string): T {
  const schema = schemaForKind(kind);
  if (!schema) return jsonMergePatch(original, patch);
  if (!isMap(patch)) {
    const msg = `json: cannot unmarshal ${jsonTypeWord(patch)} into Go value of type map[string]interface {}`;
    throw new PatchError('BadRequest', msg, msg);
  }
  try {
    const res = mergeMap(deepClone(original as JMap) ?? {}, deepClone(patch), schema,
      { mergeParallelList: true, ignoreUnmatchedNulls: true });
    return normalizeMerged(res) as T;
  } catch (e) {
    throw toServerError(e);
  }
}

/**
 * What the server says to a strategic merge patch of a custom resource (415; kubectl patch wraps it as
 * `error: application/strategic-merge-patch+json is not supported by <group/version, Kind=K>: <message>`).
 */
export function strategicMergePatchUnsupported(): PatchError {
  const msg = 'the body of the request was in an unknown format - accepted media types include: '
    + 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';
  return new PatchError('UnsupportedMediaType', msg, msg, 415);
}

function jsonTypeWord(v: Json): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object';
}

function toServerError(e: unknown): unknown {
  if (!(e instanceof MergeError)) return e;
  if (e.kind === 'BadRequest') return new PatchError('BadRequest', e.message, e.message);
  if (e.kind === 'Invalid') return new PatchError('Invalid', UNPROCESSABLE, e.message, 422);
  // a plain Go error: ErrorToAPIStatus makes it a 500 with no reason and the raw message
  return new PatchError('', e.message, e.message, 500);
}

/**
 * CreateTwoWayMergePatch: the strategic merge patch that turns `original` into `modified`
 * (with $setElementOrder directives, as kubectl edit / set / label compute it).
 */
export function createTwoWayMergePatch(original: JMap, modified: JMap, kind: string): JMap {
  const schema = schemaForKind(kind);
  if (!schema) return createJsonMergePatch(original, modified);
  return diffMaps(deepClone(original) ?? {}, deepClone(modified) ?? {}, schema, { setElementOrder: true });
}

/**
 * The patch `kubectl apply` (client-side) sends: strategicpatch.CreateThreeWayMergePatch with
 * overwrite=true for built-in kinds; for kinds without Go types (custom resources) kubectl's
 * fallback, jsonmergepatch.CreateThreeWayJSONMergePatch (with the apiVersion/kind/name preconditions).
 *   original = the last-applied-configuration (parsed; null/undefined when absent),
 *   modified = the new manifest with its new last-applied annotation,
 *   current  = the live object.
 * Throws MergeError (kubectl wraps it as `error when creating patch ...`).
 */
export function createThreeWayMergePatch(original: JMap | null | undefined, modified: JMap, current: JMap, kind: string): JMap {
  const schema = schemaForKind(kind);
  const o = deepClone(original ?? {}) ?? {};
  const m = deepClone(modified ?? {}) ?? {};
  const c = deepClone(current ?? {}) ?? {};
  if (!schema) return createThreeWayJsonMergePatch(o, m, c);
  // delta: current → modified without deletions; deletions: original → modified, deletions only
  const deltaMap = diffMaps(c, m, schema, { ignoreDeletions: true, setElementOrder: true });
  const deletionsMap = diffMaps(o, deepClone(m), schema, { setElementOrder: true, ignoreChangesAndAdditions: true });
  return mergeMap(deletionsMap, deltaMap, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

/** encoding/json's Marshal (what kubectl's unstructured encoder writes): sorted keys, HTML-safe strings */
export function goJsonMarshal(v: Json): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(goJsonMarshal).join(',') + ']';
  const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
  return '{' + keys.map((k) => goJsonMarshal(k) + ':' + goJsonMarshal(v[k])).join(',') + '}';
}

const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The kubectl.kubernetes.io/last-applied-configuration value `kubectl apply` (and `create
 * --save-config`) writes for a manifest (util.GetModifiedConfiguration): the object without that
 * annotation — but with an `annotations: {}` map — marshalled with sorted keys and a trailing newline.
 * kubectl sets metadata.namespace (namespaced kinds) before computing it.
 */
export function lastAppliedConfiguration(manifest: JMap): string {
  const obj = deepClone(manifest) ?? {};
  if (!isMap(obj.metadata)) obj.metadata = {};
  const ann = isMap(obj.metadata.annotations) ? obj.metadata.annotations : {};
  delete ann[LAST_APPLIED_ANNOTATION];
  obj.metadata.annotations = ann;
  return goJsonMarshal(obj) + '\n';
}

/** kubectl apply's "modified" document: the manifest plus its last-applied annotation. */
export function withLastAppliedConfiguration<T extends JMap>(manifest: T): T {
  const value = lastAppliedConfiguration(manifest);
  const obj = deepClone(manifest) as JMap;
  if (!isMap(obj.metadata)) obj.metadata = {};
  obj.metadata.annotations = { ...(isMap(obj.metadata.annotations) ? obj.metadata.annotations : {}), [LAST_APPLIED_ANNOTATION]: value };
  return obj as T;
}

/** kubectl apply's result: the three-way patch applied (server-side) to the live object. */
export function applyThreeWay<T = JMap>(original: JMap | null | undefined, modified: JMap, current: T, kind: string): T {
  const patch = createThreeWayMergePatch(original, modified, current as JMap, kind);
  if (isEmptyPatch(patch)) return deepClone(current);
  if (!schemaForKind(kind)) return jsonMergePatch(current, patch);
  return strategicMergePatch(current, patch, kind);
}

/** kubectl's `string(patch) == "{}"` test: nothing to send, apply prints `unchanged`. */
export function isEmptyPatch(p: unknown): boolean {
  return p === null || p === undefined || (isMap(p) && Object.keys(p).length === 0);
}

// ---------------------------------------------------------------------------------------------
// JSON merge patch (RFC 7386, evanphx/json-patch v4 MergePatch / CreateMergePatch)

function pruneNulls(v: Json): void {
  if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) if (x !== null) pruneNulls(x);
  }
}

function mergeDocs(doc: JMap, patch: JMap): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) { delete doc[k]; continue; }
    const cur = doc[k];
    if (!has(doc, k) || cur === null) {
      pruneNulls(v);
      doc[k] = v;
    } else if (!isMap(cur)) {
      pruneNulls(v);
      doc[k] = v;
    } else if (!isMap(v)) {
      doc[k] = v;
    } else {
      mergeDocs(cur, v);
    }
  }
}

/** RFC 7386 JSON merge patch (`kubectl patch --type=merge`): null deletes, arrays and scalars replace. */
export function jsonMergePatch<T = JMap>(target: T, patch: Json): T {
  const p = deepClone(patch);
  if (!isMap(p)) {
    // evanphx: an array patch replaces the document; null or a scalar is ErrBadJSONPatch
    if (!Array.isArray(p)) throw new PatchError('BadRequest', 'Invalid JSON Patch', 'Invalid JSON Patch');
    pruneNulls(p);
    return p as T;
  }
  if (!isMap(target)) {
    pruneNulls(p);
    return p as T;
  }
  const doc = deepClone(target as JMap);
  mergeDocs(doc, p);
  return doc as T;
}

/** jsonpatch.CreateMergePatch: the RFC 7386 patch turning original into modified. */
export function createJsonMergePatch(original: JMap, modified: JMap): JMap {
  return getDiff(original ?? {}, modified ?? {});
}

function getDiff(a: JMap, b: JMap): JMap {
  const ret: JMap = {};
  for (const key of Object.keys(b)) {
    const bv = b[key];
    if (!has(a, key)) { ret[key] = deepClone(bv); continue; }
    const av = a[key];
    if (typeOf(av) !== typeOf(bv)) { ret[key] = deepClone(bv); continue; }
    if (isMap(bv)) {
      const dst = getDiff(av, bv);
      if (Object.keys(dst).length > 0) ret[key] = dst;
    } else if (!deepEqual(av, bv)) {
      ret[key] = deepClone(bv);
    }
  }
  for (const key of Object.keys(a)) if (!has(b, key)) ret[key] = null;
  return ret;
}

function keepOrDeleteNullInObj(m: JMap, keepNull: boolean): JMap {
  const out: JMap = {};
  for (const key of Object.keys(m)) {
    const val = m[key];
    if (keepNull && val === null) { out[key] = null; continue; }
    if (val === null) continue;
    if (isMap(val)) {
      if (Object.keys(val).length === 0) {
        if (!keepNull) out[key] = val;
        continue;
      }
      const sub = keepOrDeleteNullInObj(val, keepNull);
      if (Object.keys(sub).length !== 0) out[key] = sub;
    } else if (!keepNull) {
      out[key] = val;
    }
  }
  return out;
}

/** HasConflicts of mergepatch (JSON merge patch semantics) */
function hasConflicts(left: Json, right: Json): boolean {
  if (isMap(left)) {
    if (!isMap(right)) return true;
    for (const k of Object.keys(left)) {
      if (!has(right, k)) continue;
      if (hasConflicts(left[k], right[k])) return true;
    }
    return false;
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    for (let i = 0; i < left.length; i++) if (hasConflicts(left[i], right[i])) return true;
    return false;
  }
  return !deepEqual(left, right);
}

function createThreeWayJsonMergePatch(original: JMap, modified: JMap, current: JMap): JMap {
  const addAndChange = keepOrDeleteNullInObj(getDiff(current, modified), false);
  const deletions = keepOrDeleteNullInObj(getDiff(original, modified), true);
  if (hasConflicts(addAndChange, deletions)) {
    const YAML = require('yaml') as typeof import('yaml');
    throw new MergeError(`patch:\n${YAML.stringify(addAndChange)}\nconflicts with changes made from original to current:\n${YAML.stringify(deletions)}\n`);
  }
  const patch = deepClone(deletions);
  mergeDocs(patch, deepClone(addAndChange));
  // kubectl's preconditions for the JSON merge patch fallback
  const md = patch.metadata;
  if (has(patch, 'apiVersion') || has(patch, 'kind') || (isMap(md) && has(md, 'name'))) {
    throw new MergeError('At least one of apiVersion, kind and name was changed');
  }
  return patch;
}

// ---------------------------------------------------------------------------------------------
// JSON patch (RFC 6902, evanphx/json-patch v4 Patch.Apply)

export interface JsonPatchOp {
  op: string;
  path?: string;
  from?: string;
  value?: Json;
}

const ErrMissing = 'missing value';
const ErrInvalidIndex = 'invalid index referenced';
const ErrTestFailed = 'test failed';

class JPErr extends Error {}
const wrap = (msg: string, cause: string) => new JPErr(`${msg}: ${cause}`);

/** strconv.Atoi */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new JPErr(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = parseInt(s, 10);
  if (!Number.isSafeInteger(n)) throw new JPErr(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function decodePatchKey(k: string): string {
  // strings.NewReplacer("~1", "/", "~0", "~"): one left-to-right pass
  return k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

type Container = { kind: 'doc'; v: JMap } | { kind: 'ary'; v: Json[]; parent: JMap | Json[]; key: string | number };

/** container get: object keys never fail (missing/null → undefined), arrays check the index */
function cGet(c: Container, key: string): Json {
  if (c.kind === 'doc') return has(c.v, key) ? c.v[key] : undefined;
  let idx = atoi(key);
  const len = c.v.length;
  if (idx < 0) {
    if (idx < -len) throw wrap(`Unable to access invalid index: ${idx}`, ErrInvalidIndex);
    idx += len;
  }
  if (idx >= len) throw wrap(`Unable to access invalid index: ${idx}`, ErrInvalidIndex);
  return c.v[idx];
}

function cSet(c: Container, key: string, val: Json): void {
  if (c.kind === 'doc') { c.v[key] = val; return; }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -c.v.length) throw wrap(`Unable to access invalid index: ${idx}`, ErrInvalidIndex);
    idx += c.v.length;
  }
  c.v[idx] = val;
}

function cAdd(c: Container, key: string, val: Json): void {
  if (c.kind === 'doc') { c.v[key] = val; return; }
  if (key === '-') { c.v.push(val); return; }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw wrap(`value was not a proper array index: '${key}'`, (e as Error).message);
  }
  const sz = c.v.length + 1;
  if (idx >= sz) throw wrap(`Unable to access invalid index: ${idx}`, ErrInvalidIndex);
  if (idx < 0) {
    if (idx < -sz) throw wrap(`Unable to access invalid index: ${idx}`, ErrInvalidIndex);
    idx += sz;
  }
  c.v.splice(idx, 0, val);
}

function cRemove(c: Container, key: string): void {
  if (c.kind === 'doc') {
    if (!has(c.v, key)) throw wrap(`Unable to remove nonexistent key: ${key}`, ErrMissing);
    delete c.v[key];
    return;
  }
  let idx = atoi(key);
  const len = c.v.length;
  if (idx >= len) throw wrap(`Unable to access invalid index: ${idx}`, ErrInvalidIndex);
  if (idx < 0) {
    if (idx < -len) throw wrap(`Unable to access invalid index: ${idx}`, ErrInvalidIndex);
    idx += len;
  }
  c.v.splice(idx, 1);
}

function asContainer(v: Json): Container | null {
  if (Array.isArray(v)) return { kind: 'ary', v, parent: [], key: 0 };
  if (isMap(v)) return { kind: 'doc', v };
  return null;
}

/** findObject: the container holding the last path token, and that token (decoded) */
function findObject(root: Json, path: string): [Container | null, string] {
  const split = path.split('/');
  if (split.length < 2) return [null, ''];
  const parts = split.slice(1, split.length - 1);
  const key = split[split.length - 1];
  let doc = asContainer(root);
  if (!doc) return [null, ''];
  for (const part of parts) {
    let next: Json;
    try {
      next = cGet(doc, decodePatchKey(part));
    } catch {
      return [null, ''];
    }
    if (next === undefined || next === null) return [null, ''];
    const c = asContainer(next);
    if (!c) return [null, ''];
    doc = c;
  }
  return [doc, decodePatchKey(key)];
}

function opString(op: JMap, field: 'path' | 'from'): string | undefined {
  const v = op[field];
  return typeof v === 'string' ? v : undefined;
}

function missingField(op: JMap, field: string): string {
  const v = op[field];
  if (v === undefined || v === null) return field === 'path' ? `operation missing path field: ${ErrMissing}` : `operation, missing from field: ${ErrMissing}`;
  return `json: cannot unmarshal ${jsonTypeWord(v)} into Go value of type string`;
}

function applyOne(state: { doc: Json }, op: JMap): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const value = has(op, 'value') ? op.value : undefined;
  switch (kind) {
    case 'add': {
      const path = opString(op, 'path');
      if (path === undefined) throw wrap('add operation failed to decode path', ErrMissing);
      const [con, key] = findObject(state.doc, path);
      if (!con) throw wrap(`add operation does not apply: doc is missing path: "${path}"`, ErrMissing);
      try { cAdd(con, key, deepClone(value ?? null)); } catch (e) { throw wrap(`error in add for path: '${path}'`, (e as Error).message); }
      return;
    }
    case 'remove': {
      const path = opString(op, 'path');
      if (path === undefined) throw wrap('remove operation failed to decode path', ErrMissing);
      const [con, key] = findObject(state.doc, path);
      if (!con) throw wrap(`remove operation does not apply: doc is missing path: "${path}"`, ErrMissing);
      try { cRemove(con, key); } catch (e) { throw wrap(`error in remove for path: '${path}'`, (e as Error).message); }
      return;
    }
    case 'replace': {
      const path = opString(op, 'path');
      if (path === undefined) throw wrap('replace operation failed to decode path', missingField(op, 'path'));
      if (path === '') {
        if (!isMap(value) && !Array.isArray(value)) throw new JPErr('replace operation value must be object or array');
        state.doc = deepClone(value);
        return;
      }
      const [con, key] = findObject(state.doc, path);
      if (!con) throw wrap(`replace operation does not apply: doc is missing path: ${path}`, ErrMissing);
      try { cGet(con, key); } catch { throw wrap(`replace operation does not apply: doc is missing key: ${path}`, ErrMissing); }
      try { cSet(con, key, deepClone(value ?? null)); } catch (e) { throw wrap(`error in remove for path: '${path}'`, (e as Error).message); }
      return;
    }
    case 'move': {
      const from = opString(op, 'from');
      if (from === undefined) throw wrap('move operation failed to decode from', missingField(op, 'from'));
      let [con, key] = findObject(state.doc, from);
      if (!con) throw wrap(`move operation does not apply: doc is missing from path: ${from}`, ErrMissing);
      let val: Json;
      try { val = cGet(con, key); } catch (e) { throw wrap(`error in move for path: '${key}'`, (e as Error).message); }
      try { cRemove(con, key); } catch (e) { throw wrap(`error in move for path: '${key}'`, (e as Error).message); }
      const path = opString(op, 'path');
      if (path === undefined) throw wrap('move operation failed to decode path', missingField(op, 'path'));
      [con, key] = findObject(state.doc, path);
      if (!con) throw wrap(`move operation does not apply: doc is missing destination path: ${path}`, ErrMissing);
      try { cAdd(con, key, val === undefined ? null : val); } catch (e) { throw wrap(`error in move for path: '${path}'`, (e as Error).message); }
      return;
    }
    case 'copy': {
      const from = opString(op, 'from');
      if (from === undefined) throw wrap('copy operation failed to decode from', missingField(op, 'from'));
      let [con, key] = findObject(state.doc, from);
      if (!con) throw wrap(`copy operation does not apply: doc is missing from path: ${from}`, ErrMissing);
      let val: Json;
      try { val = cGet(con, key); } catch (e) { throw wrap(`error in copy for from: '${from}'`, (e as Error).message); }
      const path = opString(op, 'path');
      if (path === undefined) throw wrap('copy operation failed to decode path', ErrMissing);
      [con, key] = findObject(state.doc, path);
      if (!con) throw wrap(`copy operation does not apply: doc is missing destination path: ${path}`, ErrMissing);
      try { cAdd(con, key, deepClone(val === undefined ? null : val)); } catch (e) { throw wrap('error while adding value during copy', (e as Error).message); }
      return;
    }
    case 'test': {
      const path = opString(op, 'path');
      if (path === undefined) throw wrap('test operation failed to decode path', missingField(op, 'path'));
      if (path === '') {
        if (deepEqual(state.doc, value)) return;
        throw wrap(`testing value ${path} failed`, ErrTestFailed);
      }
      const [con, key] = findObject(state.doc, path);
      if (!con) throw wrap(`test operation does not apply: is missing path: ${path}`, ErrMissing);
      let val: Json;
      try { val = cGet(con, key); } catch (e) { throw wrap(`error in test for path: '${path}'`, (e as Error).message); }
      if (val === undefined || val === null) {
        if (value === null) return;
        throw wrap(`testing value ${path} failed`, ErrTestFailed);
      }
      if (value === undefined) throw wrap(`testing value ${path} failed`, ErrTestFailed);
      if (deepEqual(val, value)) return;
      throw wrap(`testing value ${path} failed`, ErrTestFailed);
    }
    default:
      throw new JPErr(`Unexpected kind: ${kind}`);
  }
}

/**
 * The text `kubectl patch --local` prints after `error: ` for a patch that failed to apply locally
 * (kubectl's getPatchedJSON rewrites jsonpatch's "doc is missing key" errors).
 */
export function localPatchMessage(type: 'json' | 'merge' | 'strategic', err: unknown): string {
  const detail = err instanceof PatchError ? (err.detail || err.message) : err instanceof Error ? err.message : String(err);
  if (type === 'json' && detail.includes('doc is missing key')) {
    return `Object to be patched is missing field (${detail.slice(detail.indexOf('key:') + 5)})`;
  }
  return detail;
}

/** maximum operations in one JSON patch the API server accepts */
const MAX_JSON_PATCH_OPERATIONS = 10000;

/**
 * RFC 6902 JSON patch (`kubectl patch --type=json`), as the API server applies it.
 * A failing operation throws PatchError 422 Invalid `the server rejected our request due to an error in
 * our request` (kubectl prints `The request is invalid`); `.detail` is the jsonpatch text kubectl prints
 * for `--local` (e.g. `replace operation does not apply: doc is missing key: /spec/foo: missing value`).
 */
export function jsonPatch<T = JMap>(target: T, ops: JsonPatchOp[] | unknown): T {
  if (!Array.isArray(ops)) {
    const msg = `json: cannot unmarshal ${jsonTypeWord(ops)} into Go value of type jsonpatch.Patch`;
    throw new PatchError('BadRequest', msg, msg);
  }
  for (const op of ops) {
    if (!isMap(op)) {
      const msg = `json: cannot unmarshal ${jsonTypeWord(op)} into Go value of type jsonpatch.Operation`;
      throw new PatchError('BadRequest', msg, msg);
    }
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    const msg = `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`;
    // errors.NewRequestEntityTooLargeError (reason not in errors.ts's Reason union)
    throw new PatchError('RequestEntityTooLarge' as StatusError['reason'], msg, msg, 413);
  }
  const state = { doc: deepClone(target) as Json };
  for (const op of ops) {
    try {
      applyOne(state, op as JMap);
    } catch (e) {
      if (e instanceof JPErr) throw new PatchError('Invalid', UNPROCESSABLE, e.message, 422);
      throw e;
    }
  }
  return state.doc as T;
}
