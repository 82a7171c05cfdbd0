// `-o yaml`, `-o json` and `-o name` exactly as kubectl prints them.
//
// YAML: kubectl marshals the object to JSON and converts it with sigs.k8s.io/yaml (JSONToYAML):
// go-yaml v2 (2.4) re-reads the JSON and emits it. So: map keys sorted with go-yaml's "natural"
// order, strings that would resolve to another type quoted ("80", "true", "yes", "", "~",
// "2024-01-01", ...), libyaml's choice between plain / 'single' / "double" / | literal styles,
// long plain and quoted scalars folded at 80 columns, sequences in mappings not indented.
// This module is a port of the parts of go-yaml v2 (encode.go, resolve.go, sorter.go,
// emitterc.go) that such input exercises. No dependency on the `yaml` package.
//
// JSON: encoding/json MarshalIndent(obj, "", "    ") + "\n" with Go's escaping (<, >, & as
// \u003c..., U+2028/2029). kubectl get/apply/create -f print unstructured objects, whose keys Go
// sorts; typed objects (`create deployment --dry-run=client`) keep struct order: use
// `{ sortKeys: false }` with objects built in that order.

import type { KindInfo } from '../api/kinds';
import { kindGroupName } from '../api/kinds';
import type { KList, KObject } from '../api/types';

// ---------------------------------------------------------------------------------------------
// -o name

/** `deployment.apps/web`, `pod/x`: what `-o name` prints (without the newline). */
export function nameOf(info: KindInfo, obj: KObject): string {
  return `${kindGroupName(info)}/${obj.metadata?.name ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// lists

/** The `v1 List` kubectl prints for zero or several objects with -o yaml|json. */
export function toList(items: KObject[]): KList {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

// ---------------------------------------------------------------------------------------------
// JSON

export interface JSONOptions {
  /** sort map keys as Go does for unstructured objects (kubectl get/apply/create -f). Default true. */
  sortKeys?: boolean;
}

const HEX = '0123456789abcdef';

/** encoding/json string encoding with escapeHTML (json.Marshal's default). */
export function goJSONString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      switch (c) {
        case 0x22: esc = '\\"'; break;
        case 0x5c: esc = '\\\\'; break;
        case 0x08: esc = '\\b'; break;
        case 0x0c: esc = '\\f'; break;
        case 0x0a: esc = '\\n'; break;
        case 0x0d: esc = '\\r'; break;
        case 0x09: esc = '\\t'; break;
        case 0x2028: esc = '\\u2028'; break;
        case 0x2029: esc = '\\u2029'; break;
        default: esc = `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // a lone surrogate is invalid UTF-8 for Go: it writes \ufffd
      const pair = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
      if (pair) { i++; continue; }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  return JSON.stringify(n); // same shortest form and exponent thresholds as Go's float encoder
}

function jsonValue(v: unknown, indent: string, sortKeys: boolean): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string': return goJSONString(v);
    case 'number': return jsonNumber(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return v.toString();
    case 'object': break;
    default: return 'null';
  }
  const inner = `${indent}    `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + jsonValue(x === undefined ? null : x, inner, sortKeys)).join(',\n')}\n${indent}]`;
  }
  if (typeof (v as any).toJSON === 'function') return jsonValue((v as any).toJSON(), indent, sortKeys);
  let keys = Object.keys(v as object).filter((k) => (v as any)[k] !== undefined && typeof (v as any)[k] !== 'function');
  if (sortKeys) keys = keys.sort(codePointCompare);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${goJSONString(k)}: ${jsonValue((v as any)[k], inner, sortKeys)}`).join(',\n')}\n${indent}}`;
}

function codePointCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** `kubectl -o json` of one object (or a List): 4-space indent, Go escaping, trailing newline. */
export function toJSON(obj: unknown, opts: JSONOptions = {}): string {
  return `${jsonValue(obj, '', opts.sortKeys !== false)}\n`;
}

// ---------------------------------------------------------------------------------------------
// YAML: resolve (go-yaml v2 resolve.go) — which plain strings would read back as non-strings

const RESOLVE_MAP: Record<string, true> = Object.create(null);
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']) RESOLVE_MAP[s] = true;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function hintOf(s: string): string {
  if (s === '') return 'N';
  const c = s[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

/** strconv.ParseFloat accepts (for a string that resolve() gets to see). */
function goParseFloatOK(s: string): boolean {
  // decimal and hex floats, inf/nan spellings, optional underscores only with base prefix
  // decimal: out-of-range values (1e400) are an error (ErrRange) for Go
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number.isFinite(Number(s));
  if (/^[+-]?0[xX](_?[0-9a-fA-F])*(\.[0-9a-fA-F]*)?[pP][+-]?\d+$/.test(s)) return true;
  if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return true;
  return false;
}

/** strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64) syntax (range ignored beyond uint64). */
function goParseIntOK(s: string): boolean {
  let t = s;
  let neg = false;
  if (t[0] === '+' || t[0] === '-') { neg = t[0] === '-'; t = t.slice(1); }
  let digits: string;
  let base: number;
  if (/^0[xX]/.test(t)) { base = 16; digits = t.slice(2); } else if (/^0[bB]/.test(t)) { base = 2; digits = t.slice(2); } else if (/^0[oO]/.test(t)) { base = 8; digits = t.slice(2); } else if (t.length > 1 && t[0] === '0') { base = 8; digits = t.slice(1); } else { base = 10; digits = t; }
  if (base !== 10) {
    // underscores allowed between digits / after the prefix with base prefix
    if (!/^_?[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/.test(digits) && !(base === 8 && t[0] === '0' && /^[0-7_]*$/.test(digits))) return false;
    digits = digits.replace(/_/g, '');
  }
  if (digits === '') return false;
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return false;
  let v: bigint;
  try {
    v = BigInt(base === 16 ? `0x${digits}` : base === 8 ? `0o${digits}` : base === 2 ? `0b${digits}` : digits);
  } catch { return false; }
  if (neg) return v <= 2n ** 63n;
  return v <= 2n ** 64n - 1n;
}

function daysIn(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** go-yaml's parseTimestamp: the allowed time.Parse layouts. */
function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d, t, sp, hh, mm, ss, , zone] = m;
  const month = +mo;
  const day = +d;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(+y, month)) return false;
  if (hh === undefined) return true;
  if (+hh > 23 || +mm > 59 || +ss > 59) return false;
  if (t && zone === undefined) return false; // the T layouts require a zone
  if (sp && zone !== undefined) return false; // the space layout has none
  if (zone && zone !== 'Z') {
    const zh = +zone.slice(1, 3);
    const zm = +zone.slice(4, 6);
    if (zh > 23 || zm > 59) return false;
  }
  return true;
}

/** Whether go-yaml v2 would write string `s` as a plain scalar (it resolves to !!str and is no base-60 float). */
function resolvesToString(s: string): boolean {
  const hint = hintOf(s);
  if (hint === '') return true;
  if (RESOLVE_MAP[s]) return s === '<<'; // '<<' is never looked up (hint 0 for '<')
  switch (hint) {
    case 'M':
      return true;
    case '.':
      return !goParseFloatOK(s);
    case 'D':
    case 'S': {
      if (isTimestamp(s)) return false;
      const plain = s.replace(/_/g, '');
      if (goParseIntOK(plain)) return false;
      if (YAML_STYLE_FLOAT.test(plain) && goParseFloatOK(plain)) return false;
      if (plain.startsWith('0b') && /^[01]+$/.test(plain.slice(2))) return false;
      if (plain.startsWith('-0b') && /^[01]+$/.test(plain.slice(3))) return false;
      return true;
    }
  }
  return true;
}

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

// ---------------------------------------------------------------------------------------------
// YAML: map key order (go-yaml v2 sorter.go keyList.Less, for string keys)

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const isLetter = (cp: number) => LETTER.test(String.fromCodePoint(cp));
const isDigit = (cp: number) => DIGIT.test(String.fromCodePoint(cp));

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

export function yamlKeyLess(a: string, b: string): boolean {
  const ar = codePoints(a);
  const br = codePoints(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) { an = 1; bn = 1; break; }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai] - 0x30);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi] - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function sortYamlKeys(keys: string[]): string[] {
  return keys.sort((a, b) => (a === b ? 0 : yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// YAML: scalar analysis (emitterc.go yaml_emitter_analyze_scalar)

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** is_printable with the emitter in unicode mode, on a code point. */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff)
    || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}
const isBreak = (cp: number | undefined) => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isSpace = (cp: number | undefined) => cp === 0x20;
const isBlank = (cp: number | undefined) => cp === 0x20 || cp === 0x09;
const isBlankZ = (cp: number | undefined) => isBlank(cp) || isBreak(cp) || cp === 0 || cp === undefined;

function analyzeScalar(v: number[]): Analysis {
  if (v.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (v.length >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    const followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-') {
        if (followedByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      }
    } else if (',?[]{}'.includes(ch)) {
      flowIndicators = true;
    } else if (ch === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === '#') {
      if (precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }

    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i + 1 === v.length) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i + 1 === v.length) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankZ(c);
  }

  const a: Analysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

function utf8Length(cps: number[]): number {
  let n = 0;
  for (const c of cps) n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  return n;
}

// ---------------------------------------------------------------------------------------------
// YAML: the emitter

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Scalar {
  value: number[];
  style: Style;
  analysis: Analysis;
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

class Emitter {
  private out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];
  private flowLevel = 0;
  // context of the node being emitted
  private mappingContext = false;
  private simpleKeyContext = false;

  result(): string { return this.out.join(''); }

  // --- low level writers

  private put(ch: string): void {
    this.out.push(ch);
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private writeCp(cp: number): void {
    this.out.push(String.fromCodePoint(cp));
    this.column++;
  }

  private writeBreakCp(cp: number): void {
    if (cp === 0x0a) {
      this.putBreak();
    } else {
      this.writeCp(cp);
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  // --- nodes

  node(v: unknown, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (v !== null && typeof v === 'object' && typeof (v as any).toJSON === 'function') v = (v as any).toJSON();
    if (Array.isArray(v)) this.sequence(v);
    else if (v !== null && typeof v === 'object') this.mapping(v as Record<string, unknown>);
    else this.scalar(scalarOf(v));
  }

  private mapping(m: Record<string, unknown>): void {
    const keys = sortYamlKeys(Object.keys(m).filter((k) => m[k] !== undefined && typeof m[k] !== 'function'));
    if (this.flowLevel > 0 || keys.length === 0) {
      // only empty mappings are flow mappings in this output
      this.writeIndicator('{', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator('}', false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      const key = stringScalar(k);
      if (this.checkSimpleKey(key)) {
        this.mappingContext = true;
        this.simpleKeyContext = true;
        this.scalar(key);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.mappingContext = true;
        this.simpleKeyContext = false;
        this.scalar(key);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(m[k], true, false);
    }
    this.popIndent();
  }

  private checkSimpleKey(key: Scalar): boolean {
    if (key.analysis.multiline) return false;
    return utf8Length(key.value) <= 128;
  }

  private sequence(a: unknown[]): void {
    if (this.flowLevel > 0 || a.length === 0) {
      this.writeIndicator('[', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator(']', false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of a) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item === undefined ? null : item, false, false);
    }
    this.popIndent();
  }

  private scalar(s: Scalar): void {
    const style = this.selectStyle(s);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain': this.writePlain(s.value, allowBreaks); break;
      case 'single': this.writeSingleQuoted(s.value, allowBreaks); break;
      case 'double': this.writeDoubleQuoted(s.value, allowBreaks); break;
      case 'literal': this.writeLiteral(s.value); break;
    }
    this.popIndent();
  }

  private selectStyle(s: Scalar): Style {
    let style = s.style;
    const a = s.analysis;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (s.value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    return style;
  }

  private writePlain(v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(v[i + 1])) {
          this.writeIndent();
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== v.length - 1 && !isSpace(v[i + 1])) {
          this.writeIndent();
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    // go-yaml's is_bom looks at the start of the value, not at position i: a value that starts
    // with a BOM has every character escaped.
    const bom = v[0] === 0xfeff;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (bom || !isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        switch (c) {
          case 0x00: this.put('0'); break;
          case 0x07: this.put('a'); break;
          case 0x08: this.put('b'); break;
          case 0x09: this.put('t'); break;
          case 0x0a: this.put('n'); break;
          case 0x0b: this.put('v'); break;
          case 0x0c: this.put('f'); break;
          case 0x0d: this.put('r'); break;
          case 0x1b: this.put('e'); break;
          case 0x22: this.put('"'); break;
          case 0x5c: this.put('\\'); break;
          case 0x85: this.put('N'); break;
          case 0xa0: this.put('_'); break;
          case 0x2028: this.put('L'); break;
          case 0x2029: this.put('P'); break;
          default: {
            let w: number;
            if (c <= 0xff) { this.put('x'); w = 2; } else if (c <= 0xffff) { this.put('u'); w = 4; } else { this.put('U'); w = 8; }
            for (let k = (w - 1) * 4; k >= 0; k -= 4) this.put('0123456789ABCDEF'[(c >> k) & 0x0f]);
          }
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== v.length - 1) {
          this.writeIndent();
          if (isSpace(v[i + 1])) this.put('\\');
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockScalarHints(v: number[]): void {
    if (isSpace(v[0]) || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    if (v.length === 0) {
      chomp = '-';
    } else {
      const last = v[v.length - 1];
      if (!isBreak(last)) chomp = '-';
      else if (v.length === 1) chomp = '+';
      else if (isBreak(v[v.length - 2])) chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(v);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isBreak(c)) {
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  /** document end: a final line break unless at the start of a line */
  end(): void {
    this.indent = -1;
    this.writeIndent();
  }
}

/**
 * go-yaml reads the JSON kubectl hands it as YAML: a raw NEL (U+0085, which Go's json does not
 * escape) inside a double-quoted scalar is a line break and gets folded: one break (with the
 * spaces around it) becomes a space, n breaks become n-1 newlines.
 */
function foldNEL(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/ *(?:\u0085 *)+/g, (m) => {
    const k = m.split('\u0085').length - 1;
    return k === 1 ? ' ' : '\n'.repeat(k - 1);
  });
}

/** A JSON string as go-yaml's encoder (stringv) presents it to the emitter. */
function stringScalar(raw: string): Scalar {
  const s = foldNEL(raw);
  const value = codePoints(s);
  let style: Style;
  if (s.includes('\n')) style = 'literal';
  else if (resolvesToString(s) && !isBase60Float(s)) style = 'plain';
  else style = 'double';
  return { value, style, analysis: analyzeScalar(value) };
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64) (what go-yaml writes for a float64). */
export function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = Math.abs(f).toExponential().split('e'); // shortest round-trip digits
  const exp = Number(expStr);
  const digits = mant.replace('.', '');
  const sign = f < 0 ? '-' : '';
  // shortest %g: %e when the exponent is < -4 or >= 6 (eprec = 6)
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ax = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  }
  const dp = exp + 1;
  let s: string;
  if (dp >= digits.length) s = digits + '0'.repeat(dp - digits.length);
  else if (dp > 0) s = `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  else s = `0.${'0'.repeat(-dp)}${digits}`;
  return sign + s;
}

/** A non-string JSON value as a plain scalar (null, bool, int, float). */
function scalarOf(v: unknown): Scalar {
  if (typeof v === 'string') return stringScalar(v);
  let text: string;
  if (v === null || v === undefined) text = 'null';
  else if (typeof v === 'boolean') text = v ? 'true' : 'false';
  else if (typeof v === 'number') {
    // JSON numbers: JSON.stringify's form is what Go's json wrote; go-yaml reads it back as an int
    // when it is one, else as a float64 it prints with 'g'.
    if (!Number.isFinite(v)) text = 'null';
    else if (Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 64) text = BigInt(v).toString(); // int64 / uint64
    else text = goFormatFloatG(v);
  } else if (typeof v === 'bigint') text = v.toString();
  else text = 'null';
  const value = codePoints(text);
  return { value, style: 'plain', analysis: analyzeScalar(value) };
}

/** Characters go-yaml's reader rejects in the JSON kubectl feeds it (Go's json leaves them raw). */
function checkControlCharacters(v: unknown): void {
  if (typeof v === 'string') {
    for (const ch of v) {
      const c = ch.codePointAt(0)!;
      // JSON escapes < 0x20; the YAML reader allows #x9 #xA #xD #x20-#x7E #x85 #xA0-#xD7FF #xE000-#xFFFD #x10000+
      if (c < 0x20 || c === 0x85 || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000) continue;
      throw new Error('yaml: control characters are not allowed');
    }
  } else if (Array.isArray(v)) {
    for (const x of v) checkControlCharacters(x);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) { checkControlCharacters(k); checkControlCharacters(x); }
  }
}

/**
 * `kubectl -o yaml` of one object (or a List): the text sigs.k8s.io/yaml produces, ending in a
 * newline. Throws `yaml: control characters are not allowed` where kubectl fails the same way.
 */
export function toYAML(obj: unknown): string {
  checkControlCharacters(obj);
  const e = new Emitter();
  e.node(obj === undefined ? null : obj, false, false);
  e.end();
  return e.result();
}

/** Several objects printed by one kubectl YAML printer: documents separated by `---`. */
export function toYAMLStream(objs: unknown[]): string {
  return objs.map(toYAML).join('---\n');
}
