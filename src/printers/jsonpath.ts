// kubectl's JSONPath: a port of k8s.io/client-go/util/jsonpath (parser.go, jsonpath.go, node.go) and
// the printer around it (k8s.io/cli-runtime/pkg/printers/jsonpath.go), as used by `-o jsonpath=`,
// `-o jsonpath-file=`, `-o jsonpath-as-json=`, `-o custom-columns=` and `--sort-by=`.
//
// Data is plain JSON as the API server returns it (kubectl prints unstructured objects): JS integers
// stand for Go int64, other numbers for float64. Go-only value kinds produced by the engine itself
// (float literals such as `2.0`, the bytes of a string under `*`) are wrapped (GoFloat / GoByte).
//
// Deviation: Go iterates maps in random order (`{.metadata.labels.*}`, `{..name}`); we use sorted
// key order, the order Go's encoding/json prints maps in.

import { CliError } from '../api/errors';

// ---------------------------------------------------------------------------------------------
// Node types (node.go)

export interface ListNode { type: 'list'; nodes: JPNode[] }
export interface TextNode { type: 'text'; text: string }
export interface FieldNode { type: 'field'; value: string }
export interface IdentifierNode { type: 'identifier'; name: string }
export interface ParamsEntry { value: number; known: boolean; derived: boolean }
export interface ArrayNode { type: 'array'; params: [ParamsEntry, ParamsEntry, ParamsEntry] }
export interface FilterNode { type: 'filter'; left: ListNode; right: ListNode; operator: string }
export interface IntNode { type: 'int'; value: number }
export interface FloatNode { type: 'float'; value: number }
export interface BoolNode { type: 'bool'; value: boolean }
export interface WildcardNode { type: 'wildcard' }
export interface RecursiveNode { type: 'recursive' }
export interface UnionNode { type: 'union'; nodes: ListNode[] }
export type JPNode = ListNode | TextNode | FieldNode | IdentifierNode | ArrayNode | FilterNode | IntNode
  | FloatNode | BoolNode | WildcardNode | RecursiveNode | UnionNode;

export interface ParsedJsonPath {
  /** the template text as given */
  template: string;
  root: ListNode;
}

/** An error of the JSONPath engine itself, with client-go's message (e.g. `unclosed action`). */
export class JsonPathError extends Error {
  /** the values the failing Go function returned along with the error (matters to `?(@.x)`) */
  partial?: unknown[];
  constructor(message: string, partial?: unknown[]) {
    super(message);
    this.partial = partial;
  }
}

/** A float64 that is not a JSON-decoded number (float literals in templates: `{2.0}`, `?(@.x<1.5)`). */
export class GoFloat { constructor(public readonly value: number) {} }
/** A uint8: what `*` yields over a string (its UTF-8 bytes). */
export class GoByte { constructor(public readonly value: number) {} }

// ---------------------------------------------------------------------------------------------
// Parser (parser.go)

const EOF = -1;
const DICT_KEY_RE = /^'([^']*)'$/;
const SLICE_RE = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const FILTER_RE = /^([^!<>=]+)([!<>=]+)(.+?)$/;

function isSpace(r: number): boolean { return r === 0x20 || r === 0x09; }
function isEndOfLine(r: number): boolean { return r === 0x0d || r === 0x0a; }
function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  switch (r) {
    case EOF: case 0x2e /* . */: case 0x2c /* , */: case 0x5b /* [ */: case 0x5d /* ] */:
    case 0x24 /* $ */: case 0x40 /* @ */: case 0x7b /* { */: case 0x7d /* } */:
      return true;
    default: return false;
  }
}
const LETTER_RE = /\p{L}/u;
const DIGIT_RE = /\p{Nd}/u;
function isDigit(r: number): boolean { return r >= 0 && DIGIT_RE.test(String.fromCodePoint(r)); }
function isAlphaNumeric(r: number): boolean {
  if (r < 0) return false;
  if (r === 0x5f) return true;
  const c = String.fromCodePoint(r);
  return LETTER_RE.test(c) || DIGIT_RE.test(c);
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** strconv.Atoi (64-bit int); undefined when Go would fail. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const b = BigInt(s);
  if (b > INT64_MAX || b < INT64_MIN) return undefined;
  return Number(b);
}

/** strconv.ParseFloat for what parseNumber can scan (sign, digits, dots). */
function parseFloatGo(s: string): number | undefined {
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(s)) return undefined;
  return Number(s);
}

/** Go's `%#U`: `U+0023 '#'`. */
function goSharpU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  return isPrintRune(r) ? `U+${hex} '${String.fromCodePoint(r)}'` : `U+${hex}`;
}

const PRINT_RE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
/** unicode.IsPrint (strconv.IsPrint): graphic characters plus ASCII space. */
function isPrintRune(r: number): boolean {
  if (r === 0x20) return true;
  if (r < 0x20 || r === 0x7f) return false;
  return PRINT_RE.test(String.fromCodePoint(r));
}

class Parser {
  input = '';
  pos = 0;
  start = 0;
  width = 0;
  root: ListNode = newList();

  parse(text: string): void {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.start = 0;
    // parseText → parseLeftDelim → parseInsideAction → parseRightDelim → parseText ..., as a loop
    while (this.parseText(this.root)) {
      this.parseLeftDelim(this.root);
    }
  }

  consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  next(): number {
    if (this.pos >= this.input.length) { this.width = 0; return EOF; }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  peek(): number { const r = this.next(); this.backup(); return r; }
  backup(): void { this.pos -= this.width; }

  /** Scan text up to the next `{`; true when one was found (an action follows). */
  parseText(cur: ListNode): boolean {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        return true;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
    return false;
  }

  parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const n = newList();
    cur.nodes.push(n);
    this.parseInsideAction(n);
  }

  /** Parse an action's content up to and including its `}`. */
  parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos, this.pos + 3);
      if (rest.startsWith('}')) { this.parseRightDelim(); return; }
      if (rest === '[?(') { this.parseFilter(cur); continue; }
      if (rest.startsWith('..')) { this.parseRecursive(cur); continue; }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathError('unclosed action');
      if (r === 0x20) { this.consumeText(); continue; }
      if (r === 0x40 || r === 0x24) { this.consumeText(); continue; } // @ $: the current object
      if (r === 0x5b) { this.parseArray(cur); continue; }
      if (r === 0x22 || r === 0x27) { this.parseQuote(cur, r); continue; }
      if (r === 0x2e) { this.parseField(cur); continue; }
      if (r === 0x2b || r === 0x2d || isDigit(r)) { this.backup(); this.parseNumber(cur); continue; }
      if (isAlphaNumeric(r)) { this.backup(); this.parseIdentifier(cur); continue; }
      throw new JsonPathError(`unrecognized character in action: ${goSharpU(r)}`);
    }
  }

  parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
  }

  parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) { this.backup(); break; }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  parseNumber(cur: ListNode): void {
    let r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      r = this.next();
      if (r !== 0x2e && !isDigit(r)) { this.backup(); break; }
    }
    const value = this.consumeText();
    const i = atoi(value);
    if (i !== undefined) { cur.nodes.push({ type: 'int', value: i }); return; }
    const f = parseFloatGo(value);
    if (f !== undefined) { cur.nodes.push({ type: 'float', value: f }); return; }
    throw new JsonPathError(`cannot parse number ${value}`);
  }

  parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.consumeText();
    text = text.slice(1, text.length - 1);
    if (text === '*') text = ':';

    // union operator
    const strs = text.split(',');
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const s of strs) union.push(parseAction(`[${trimSpaces(s)}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return;
    }

    // dict key
    const dk = DICT_KEY_RE.exec(text);
    if (dk) {
      const sub = parseAction(`.${dk[1]}`);
      for (const n of sub.nodes) cur.nodes.push(n);
      return;
    }

    // slice operator
    const m = SLICE_RE.exec(text);
    if (!m) throw new JsonPathError(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [ParamsEntry, ParamsEntry, ParamsEntry] = [
      { value: 0, known: false, derived: false }, { value: 0, known: false, derived: false }, { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      if (value[i] !== '') {
        if (i > 0) value[i] = value[i].slice(1);
        if (i > 0 && value[i] === '') {
          params[i].known = false;
        } else {
          params[i].known = true;
          const n = atoi(value[i]);
          if (n === undefined) throw new JsonPathError(`array index ${value[i]} is not a number`);
          params[i].value = n;
        }
      } else if (i === 1) {
        params[i].known = true;
        params[i].value = params[0].value + 1;
        params[i].derived = true;
      } else {
        params[i].known = false;
        params[i].value = 0;
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) { begin = true; pair = r; continue; }
        if (this.input.charCodeAt(this.pos - 2) !== 0x5c && r === pair) end = true;
      } else if (r === 0x29) {
        if (begin === end) break;
      }
    }
    if (this.next() !== 0x5d) throw new JsonPathError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, text.length - 2);
    const m = FILTER_RE.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), operator: 'exists' });
    } else {
      const left = parseAction(m[1]);
      const right = parseAction(m[3]);
      cur.nodes.push({ type: 'filter', left, right, operator: m[2] });
    }
  }

  parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated quoted string');
      if (r === end && this.input.charCodeAt(this.pos - 2) !== 0x5c) break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch {
      throw new JsonPathError(`unquote string ${value} error invalid syntax`);
    }
    cur.nodes.push({ type: 'text', text: s });
  }

  parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) { /* scan */ }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replace(/\\/g, '') });
  }

  advance(): boolean {
    const r = this.next();
    if (r === 0x5c) this.next();
    else if (isTerminator(r)) { this.backup(); return false; }
    return true;
  }
}

function newList(): ListNode { return { type: 'list', nodes: [] }; }
function trimSpaces(s: string): string { return s.replace(/^ +| +$/g, ''); }

/** parseAction: parses `{text}` and returns the action's list node. */
function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

class SyntaxErr extends Error {}

/** UnquoteExtend: strconv.Unquote that also takes multi-character single-quoted strings. */
function unquoteExtend(s: string): string {
  const n = s.length;
  if (n < 2) throw new SyntaxErr();
  const quote = s[0];
  if (quote !== s[n - 1]) throw new SyntaxErr();
  s = s.slice(1, n - 1);
  if (quote !== '"' && quote !== "'") throw new SyntaxErr();
  if (!s.includes('\\') && !s.includes(quote)) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === quote) throw new SyntaxErr();
    if (c !== '\\') {
      const cp = s.codePointAt(i)!;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (i + 1 >= s.length) throw new SyntaxErr();
    const e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x': case 'u': case 'U': {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = s.slice(i, i + len);
        if (hex.length < len || !/^[0-9a-fA-F]+$/.test(hex)) throw new SyntaxErr();
        const v = parseInt(hex, 16);
        i += len;
        if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) throw new SyntaxErr();
        out += String.fromCodePoint(v);
        break;
      }
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        const oct = e + s.slice(i, i + 2);
        if (!/^[0-7]{3}$/.test(oct)) throw new SyntaxErr();
        const v = parseInt(oct, 8);
        if (v > 255) throw new SyntaxErr();
        i += 2;
        out += String.fromCharCode(v);
        break;
      }
      case '\\': out += '\\'; break;
      case "'": case '"':
        if (e !== quote) throw new SyntaxErr();
        out += e;
        break;
      default: throw new SyntaxErr();
    }
  }
  return out;
}

/** Parse a JSONPath template. Throws JsonPathError with client-go's message. */
export function parseJsonPath(template: string): ParsedJsonPath {
  const p = new Parser();
  p.parse(template);
  return { template, root: p.root };
}

// ---------------------------------------------------------------------------------------------
// Relaxed expressions (kubectl get's RelaxedJSONPathExpression, for --sort-by and custom-columns)

const RELAXED_RE = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** `metadata.name`, `.metadata.name`, `{metadata.name}`, `{.metadata.name}` → `{.metadata.name}`. */
export function relaxedJsonPathExpression(expr: string): string {
  if (expr.length === 0) return expr;
  const m = RELAXED_RE.exec(expr);
  if (!m) {
    throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  }
  return `{.${m[1] !== undefined && m[1] !== '' ? m[1] : m[2]}}`;
}

// ---------------------------------------------------------------------------------------------
// Evaluation (jsonpath.go)

type GoKind = 'invalid' | 'nil' | 'map' | 'slice' | 'string' | 'int' | 'float' | 'uint' | 'bool';

function kindOf(v: unknown): GoKind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isGoInt(v) ? 'int' : 'float';
  if (v instanceof GoFloat) return 'float';
  if (v instanceof GoByte) return 'uint';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** Go type name as reflect prints it, for error messages. */
function goTypeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'map': return 'map[string]interface {}';
    case 'slice': return '[]interface {}';
    case 'string': return 'string';
    case 'int': return 'int64';
    case 'float': return 'float64';
    case 'uint': return 'uint8';
    case 'bool': return 'bool';
    case 'nil': return 'interface {}';
    default: return '<nil>';
  }
}

/**
 * Whether a JSON number is an int64 for Go: kubectl decodes integral literals that fit in an int64
 * as int64 and everything else as float64 (JSON.stringify writes integral numbers below 1e21 without
 * exponent, so integrality and range decide).
 */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 9223372036854775808;
}

function numValue(v: unknown): number {
  if (v instanceof GoFloat || v instanceof GoByte) return v.value;
  return v as number;
}

function sortedKeys(o: object): string[] {
  return Object.keys(o).sort(goStringCompare);
}

/** Go string order (bytewise UTF-8 = code point order). */
export function goStringCompare(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : i < b.length ? -1 : 0;
}

const ERR_BAD_TYPE = 'invalid type for comparison';
const ERR_BAD_CMP = 'incompatible types for comparison';

function basicKind(v: unknown): GoKind {
  const k = kindOf(v);
  if (k === 'bool' || k === 'int' || k === 'uint' || k === 'float' || k === 'string') return k;
  throw new JsonPathError(ERR_BAD_TYPE);
}

function tmplEqual(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return numValue(a) === numValue(b);
    throw new JsonPathError(ERR_BAD_CMP);
  }
  if (k1 === 'int' || k1 === 'uint' || k1 === 'float') return numValue(a) === numValue(b);
  return a === b;
}

function tmplLess(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return numValue(a) < numValue(b);
    throw new JsonPathError(ERR_BAD_CMP);
  }
  if (k1 === 'bool') throw new JsonPathError(ERR_BAD_TYPE);
  if (k1 === 'string') return goStringCompare(a as string, b as string) < 0;
  return numValue(a) < numValue(b);
}

function compare(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case '<': return tmplLess(left, right);
    case '>': return !(tmplLess(left, right) || tmplEqual(left, right));
    case '==': return tmplEqual(left, right);
    case '!=': return !tmplEqual(left, right);
    case '<=': return tmplLess(left, right) || tmplEqual(left, right);
    case '>=': return !tmplLess(left, right);
    default: throw new JsonPathError(`unrecognized filter operator ${op}`);
  }
}

export interface FindOptions {
  /** kubectl get's default is true (`--allow-missing-template-keys=true`). */
  allowMissingKeys?: boolean;
}

class Evaluator {
  beginRange = 0;
  inRange = 0;
  endRange = 0;
  lastEndNode: JPNode | null = null;
  constructor(private allowMissingKeys: boolean) {}

  findResults(nodes: JPNode[], data: unknown): unknown[][] {
    const cur = [data];
    const full: unknown[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const results = this.walk(cur, node);
      // encounter an end node, break the current block
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      // encounter a range node, start a range loop
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        const body = nodes.slice(i + 1);
        if (results.length > 0) {
          for (const v of results) full.push(...this.findResults(body, v === null ? undefined : v));
        } else {
          this.findResults(body, undefined);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) { i = k; break; }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  walk(value: unknown[], node: JPNode): unknown[] {
    switch (node.type) {
      case 'list': return this.evalList(value, node);
      case 'text': return [node.text];
      case 'field': return this.evalField(value, node);
      case 'array': return this.evalArray(value, node);
      case 'filter': return this.evalFilter(value, node);
      case 'int': return value.map(() => node.value);
      case 'float': return value.map(() => new GoFloat(node.value));
      case 'bool': return value.map(() => node.value);
      case 'wildcard': return this.evalWildcard(value);
      case 'recursive': return this.evalRecursive(value);
      case 'union': return this.evalUnion(value, node);
      case 'identifier': return this.evalIdentifier(value, node);
      default: throw new JsonPathError(`unexpected Node ${(node as JPNode).type}`);
    }
  }

  evalList(value: unknown[], node: ListNode): unknown[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  evalIdentifier(input: unknown[], node: IdentifierNode): unknown[] {
    switch (node.name) {
      case 'range':
        this.beginRange++;
        return input;
      case 'end':
        if (this.inRange > 0) { this.endRange++; return []; }
        throw new JsonPathError('not in range, nothing to end', []);
      default:
        throw new JsonPathError(`unrecognized identifier ${node.name}`, input);
    }
  }

  evalArray(input: unknown[], node: ArrayNode): unknown[] {
    const result: unknown[] = [];
    for (const value of input) {
      if (value === null) continue; // nil interface
      const k = kindOf(value);
      if (k !== 'slice') throw new JsonPathError(`${goTypeName(value)} is not array or slice`, input);
      const arr = value as unknown[];
      const len = arr.length;
      const [p0, p1, p2] = node.params;
      let start = p0.known ? p0.value : 0;
      if (start < 0) start += len;
      let end = p1.known ? p1.value : len;
      if (end < 0 || (end === 0 && p1.derived)) end += len;
      if (end !== start) {
        if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`, input);
        if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`, input);
        if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`, input);
      } else {
        return result;
      }
      const slice = arr.slice(start, end);
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) throw new JsonPathError('step must be > 0', input);
        step = p2.value;
      }
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  evalUnion(input: unknown[], node: UnionNode): unknown[] {
    const result: unknown[] = [];
    for (const l of node.nodes) {
      try {
        result.push(...this.evalList(input, l));
      } catch (e) {
        if (e instanceof JsonPathError) throw new JsonPathError(e.message, input);
        throw e;
      }
    }
    return result;
  }

  evalField(input: unknown[], node: FieldNode): unknown[] {
    const results: unknown[] = [];
    if (input.length === 0) return results;
    for (const value of input) {
      if (value === null) continue;
      if (kindOf(value) === 'map' && Object.prototype.hasOwnProperty.call(value, node.value)) {
        const r = (value as Record<string, unknown>)[node.value];
        results.push(r === undefined ? null : r);
      }
    }
    if (results.length === 0) {
      if (this.allowMissingKeys) return results;
      throw new JsonPathError(`${node.value} is not found`, []);
    }
    return results;
  }

  evalWildcard(input: unknown[]): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      if (value === null) continue;
      results.push(...children(value));
    }
    return results;
  }

  evalRecursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const value of input) {
      if (value === null) continue;
      const results = children(value);
      if (results.length !== 0) {
        result.push(value);
        result.push(...this.evalRecursive(results));
      }
    }
    return result;
  }

  evalFilter(input: unknown[], node: FilterNode): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      if (kindOf(value) !== 'slice') throw new JsonPathError(`${goSprint(value)} is not array or slice and cannot be filtered`, input);
      for (const el of value as unknown[]) {
        const temp = [el];
        let lefts: unknown[];
        let leftErr: unknown = null;
        try {
          lefts = this.evalList(temp, node.left);
        } catch (e) {
          if (!(e instanceof JsonPathError)) throw e;
          lefts = e.partial ?? [];
          leftErr = e;
        }
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push(el);
          continue;
        }
        if (leftErr) throw new JsonPathError((leftErr as JsonPathError).message, input);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time', input);
        const left = lefts[0];
        let rights: unknown[];
        try {
          rights = this.evalList(temp, node.right);
        } catch (e) {
          if (e instanceof JsonPathError) throw new JsonPathError(e.message, input);
          throw e;
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time', input);
        const right = rights[0];
        let pass: boolean;
        try {
          pass = compare(node.operator, left, right);
        } catch (e) {
          if (e instanceof JsonPathError) throw new JsonPathError(e.message, results);
          throw e;
        }
        if (pass) results.push(el);
      }
    }
    return results;
  }
}

/** The values `*` and `..` step into: map values (sorted keys), slice elements, string bytes. */
function children(value: unknown): unknown[] {
  switch (kindOf(value)) {
    case 'map': {
      const o = value as Record<string, unknown>;
      return sortedKeys(o).map((k) => (o[k] === undefined ? null : o[k]));
    }
    case 'slice': return (value as unknown[]).map((x) => (x === undefined ? null : x));
    case 'string': return Array.from(Buffer.from(value as string, 'utf8')).map((b) => new GoByte(b));
    default: return [];
  }
}

/**
 * FindResults: one array of values per top-level template node (text or action), `range` bodies
 * expanded. Throws JsonPathError.
 */
export function findJsonPathResults(template: string | ParsedJsonPath, data: unknown, opts: FindOptions = {}): unknown[][] {
  const parsed = typeof template === 'string' ? parseJsonPath(template) : template;
  const ev = new Evaluator(opts.allowMissingKeys ?? true);
  return ev.findResults(parsed.root.nodes, data);
}

// ---------------------------------------------------------------------------------------------
// Printing (PrintResults)

function isJsonKind(v: unknown): boolean {
  const k = kindOf(v);
  return k === 'map' || k === 'slice';
}

/** evalToText: fmt.Fprint of a scalar. */
function evalToText(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return 'null';
  return goSprint(v);
}

/** Print FindResults' output the way JSONPath.PrintResults does, one group after another. */
export function printJsonPathResults(groups: unknown[][], opts: { asJson?: boolean } = {}): string {
  let out = '';
  for (const results of groups) {
    if (opts.asJson) {
      out += goJsonMarshal(results.map((r) => (r === undefined ? null : r)), '    ') + '\n';
      continue;
    }
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      out += isJsonKind(r) ? goJsonMarshal(r) : evalToText(r);
      if (i !== results.length - 1) out += ' ';
    }
  }
  return out;
}

export interface ExecuteOptions extends FindOptions {
  /** `-o jsonpath-as-json`: print each result group as an indented JSON array */
  asJson?: boolean;
}

/**
 * `kubectl get -o jsonpath=<template>` on `data` (an object, or the `List` kubectl wraps several
 * objects in). Errors are CliErrors carrying kubectl's exact text:
 * `error parsing jsonpath <t>, <err>` and the multi-line `error executing jsonpath "<t>": ...` (which
 * ends in newlines, as kubectl's does).
 */
export function executeJsonPath(template: string | ParsedJsonPath, data: unknown, opts: ExecuteOptions = {}): string {
  let parsed: ParsedJsonPath;
  if (typeof template === 'string') {
    try {
      parsed = parseJsonPath(template);
    } catch (e) {
      if (e instanceof JsonPathError) throw new CliError(`error parsing jsonpath ${template}, ${e.message}`);
      throw e;
    }
  } else {
    parsed = template;
  }
  let groups: unknown[][];
  try {
    groups = findJsonPathResults(parsed, data, { allowMissingKeys: opts.allowMissingKeys ?? true });
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(jsonPathExecErrorMessage(parsed.template, e.message, data));
    throw e;
  }
  return printJsonPathResults(groups, { asJson: opts.asJson });
}

/** The message of cli-runtime's JSONPathPrinter when Execute fails. */
export function jsonPathExecErrorMessage(rawTemplate: string, err: string, data: unknown): string {
  const buf = `Error executing template: ${err}. Printing more information for debugging the template:\n`
    + `\ttemplate was:\n\t\t${rawTemplate}\n`
    + `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`;
  return `error executing jsonpath ${goQuote(rawTemplate)}: ${buf}\n`;
}

// ---------------------------------------------------------------------------------------------
// Go formatting helpers (fmt %v, %#v, %q; encoding/json)

/** strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v prints a float64. */
export function goFloatString(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const e = f.toExponential(); // shortest digits: d.ddde±x
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const exp = parseInt(m[4], 10);
  if (exp < -4 || exp >= 6) {
    const mant = m[3] ? `${m[2]}.${m[3]}` : m[2];
    const ae = Math.abs(exp);
    return `${m[1]}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
  }
  return String(f);
}

/** fmt.Sprint(v) (`%v`) of a JSON-ish value: maps as `map[k:v]`, slices as `[a b]`, nil as `<nil>`. */
export function goSprint(v: unknown): string {
  if (v === undefined) return '<invalid reflect.Value>';
  if (v === null) return '<nil>';
  if (v instanceof GoFloat) return goFloatString(v.value);
  if (v instanceof GoByte) return String(v.value);
  switch (typeof v) {
    case 'string': return v;
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return isGoInt(v) ? intString(v) : goFloatString(v);
    default: break;
  }
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${sortedKeys(o).map((k) => `${k}:${goSprint(o[k] === undefined ? null : o[k])}`).join(' ')}]`;
}

function intString(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** encoding/json's float64 format ('f', or 'e' below 1e-6 / from 1e21, `e-07` trimmed to `e-7`) is JS's. */
function goJsonFloat(n: number): string {
  return JSON.stringify(n);
}

/** fmt's `%#v` of an unstructured value (`map[string]interface {}{"a":1}`). */
export function goSharpV(v: unknown, inInterface = false): string {
  if (v === undefined || v === null) return inInterface ? 'interface {}(nil)' : '<nil>';
  if (v instanceof GoFloat) return goFloatString(v.value);
  if (v instanceof GoByte) return `0x${v.value.toString(16)}`;
  switch (typeof v) {
    case 'string': return goQuote(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return isGoInt(v) ? intString(v) : goFloatString(v);
    default: break;
  }
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, true)).join(', ')}}`;
  const o = v as Record<string, unknown>;
  return `map[string]interface {}{${sortedKeys(o).map((k) => `${goQuote(k)}:${goSharpV(o[k], true)}`).join(', ')}}`;
}

/** strconv.Quote (Go's `%q`). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
      default: break;
    }
    if (isPrintRune(r)) { out += ch; continue; }
    if (r < 0x80) out += `\\x${r.toString(16).padStart(2, '0')}`;
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, '0')}`;
    else out += `\\U${r.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** encoding/json's string encoding (HTML-safe: <, >, & escaped; U+2028/2029 escaped). */
function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      switch (ch) {
        case '\n': out += '\\n'; break;
        case '\r': out += '\\r'; break;
        case '\t': out += '\\t'; break;
        case '\b': out += '\\b'; break;
        case '\f': out += '\\f'; break;
        default: out += `\\u${c.toString(16).padStart(4, '0')}`;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // a lone surrogate is invalid UTF-8: Go writes U+FFFD
      const hi = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
      if (hi) { out += ch + s[i + 1]; i++; } else out += '\\ufffd';
    } else out += ch;
  }
  return out + '"';
}

function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  return isGoInt(n) ? intString(n) : goJsonFloat(n);
}

/** json.Marshal (indent '' → compact) / json.MarshalIndent(v, "", indent), map keys sorted. */
export function goJsonMarshal(v: unknown, indent = '', level = 0): string {
  if (v === undefined || v === null) return 'null';
  if (v instanceof GoFloat || v instanceof GoByte) return goJsonNumber(v.value);
  switch (typeof v) {
    case 'string': return goJsonString(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return goJsonNumber(v);
    default: break;
  }
  const nl = indent ? '\n' + indent.repeat(level + 1) : '';
  const close = indent ? '\n' + indent.repeat(level) : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${nl}${v.map((x) => goJsonMarshal(x, indent, level + 1)).join(',' + nl)}${close}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = sortedKeys(o).filter((k) => o[k] !== undefined);
  if (keys.length === 0) return '{}';
  const sep = indent ? ': ' : ':';
  return `{${nl}${keys.map((k) => goJsonString(k) + sep + goJsonMarshal(o[k], indent, level + 1)).join(',' + nl)}${close}}`;
}
