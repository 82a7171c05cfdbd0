// Label and field selectors as the API server (k8s.io/apimachinery) implements them:
// - labels: pkg/labels/selector.go (the `-l` / `labelSelector=` syntax, its parser and messages),
//   pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector, FormatLabelSelector);
// - fields: pkg/fields/selector.go (ParseSelector), the per-kind field label conversion functions
//   (pkg/apis/*/v1/conversion.go, runtime.DefaultMetaV1FieldSelectorConversion) and the selectable
//   field sets (pkg/registry/*/strategy.go ToSelectableFields).
//
// Parse errors are StatusError('BadRequest', <apimachinery's message>), which is what the API server
// answers for a bad `labelSelector` / `fieldSelector` query parameter. kubectl prefixes list errors
// with `Unable to find "<gvr>" that match label selector ..., field selector ...: ` — see
// enhanceListError.

import { CliError, StatusError } from './errors';
import { kindByResource } from './kinds';
import type { KObject } from './types';

// ---------------------------------------------------------------------------------------------
// Label selectors

/** selection.Operator values. */
export type SelectionOperator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: SelectionOperator;
  values: string[];
}

/**
 * A parsed label selector. `requirements` are sorted by key. `nothing` marks labels.Nothing() (what a
 * nil metav1.LabelSelector converts to): it matches no object and prints as the empty string.
 */
export interface LabelSelector {
  requirements: LabelRequirement[];
  nothing?: boolean;
}

/** metav1.LabelSelector */
export interface MetaLabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

/** A selector error; its message is apimachinery's. */
function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

// --- validation (k8s.io/apimachinery/pkg/util/validation): one implementation, in names.ts ---
import { isQualifiedName, isValidLabelValue } from './names';
export { isQualifiedName, isValidLabelValue };

const PRINT_RE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
const QUOTE_ESC: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};
/** Go's %q (strconv.Quote) */
function q(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (QUOTE_ESC[ch]) { out += QUOTE_ESC[ch]; continue; }
    const r = ch.codePointAt(0)!;
    if (r === 0x20 || (r > 0x20 && r !== 0x7f && PRINT_RE.test(ch))) out += ch;
    else if (r < 0x80) out += `\\x${r.toString(16).padStart(2, '0')}`;
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, '0')}`;
    else out += `\\U${r.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** field.Invalid(...).Error() for the value kinds a requirement has (string, []string). */
function fieldInvalid(path: string, value: string | string[] | null, detail: string): string {
  let v: string;
  if (value === null) v = '[]string(nil)';
  else if (Array.isArray(value)) v = `[]string{${value.map(q).join(', ')}}`;
  else v = q(value);
  return `${path}: Invalid value: ${v}${detail ? ': ' + detail : ''}`;
}

/** utilerrors aggregate of field errors: one message, or `[a, b]` (duplicates dropped). */
function aggregate(errs: string[]): string | undefined {
  const uniq = [...new Set(errs)];
  if (uniq.length === 0) return undefined;
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

function validateLabelKey(key: string, path: string): string | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? fieldInvalid(path, key, errs.join('; ')) : undefined;
}

const INT64_RE = /^[+-]?[0-9]+$/;
function parseInt64(s: string): bigint | undefined {
  if (!INT64_RE.test(s)) return undefined;
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return undefined;
  return b;
}

/**
 * labels.NewRequirement's validation of key, operator/value count and values (field paths `key`,
 * `values`, `values[i][key]`). `valuesNil` renders an empty value list as Go's nil slice.
 * Returns the (aggregated) error message or undefined.
 */
function requirementError(key: string, op: SelectionOperator, vals: string[], valuesNil = false): string | undefined {
  const errs: string[] = [];
  const k = validateLabelKey(key, 'key');
  if (k) errs.push(k);
  const shown = vals.length === 0 && valuesNil ? null : vals;
  switch (op) {
    case 'in': case 'notin':
      if (vals.length === 0) errs.push(fieldInvalid('values', shown, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=': case '==': case '!=':
      if (vals.length !== 1) errs.push(fieldInvalid('values', shown, 'exact-match compatibility requires one single value'));
      break;
    case 'exists': case '!':
      if (vals.length !== 0) errs.push(fieldInvalid('values', shown, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt': case 'lt':
      if (vals.length !== 1) errs.push(fieldInvalid('values', shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(fieldInvalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(`operator: Unsupported value: ${q(op)}: supported values: ${[...BINARY_OPERATORS, 'exists', '!'].map(q).join(', ')}`);
  }
  vals.forEach((v, i) => {
    const e = isValidLabelValue(v);
    if (e.length) errs.push(fieldInvalid(`values[${i}][${key}]`, v, e.join('; ')));
  });
  return aggregate(errs);
}

// --- lexer / parser (labels.Parse) ---

const enum Tok {
  Error, EndOfString, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier,
  In, LessThan, NotEquals, NotIn, OpenPar,
}

const STRING2TOKEN: Record<string, Tok> = {
  ')': Tok.ClosedPar, ',': Tok.Comma, '!': Tok.DoesNotExist, '==': Tok.DoubleEquals, '=': Tok.Equals,
  '>': Tok.GreaterThan, in: Tok.In, '<': Tok.LessThan, '!=': Tok.NotEquals, notin: Tok.NotIn, '(': Tok.OpenPar,
};

function tokenOf(s: string): Tok | undefined {
  return Object.prototype.hasOwnProperty.call(STRING2TOKEN, s) ? STRING2TOKEN[s] : undefined;
}

function isWhitespace(ch: string): boolean { return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'; }
function isSpecialSymbol(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

interface Item { tok: Tok; lit: string }

function lex(s: string): Item[] {
  // The Go lexer works on bytes and treats NUL as the end of input.
  const bytes = Buffer.from(s, 'utf8').toString('latin1');
  let pos = 0;
  const read = (): string => (pos < bytes.length ? bytes[pos++] : '\0');
  const unread = (): void => { pos--; };
  const items: Item[] = [];
  const dec = (b: string): string => Buffer.from(b, 'latin1').toString('utf8');
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    let item: Item;
    if (ch === '\0') {
      item = { tok: Tok.EndOfString, lit: '' };
    } else if (isSpecialSymbol(ch)) {
      unread();
      let buffer = '';
      let last: Item | undefined;
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (isSpecialSymbol(c)) {
          buffer += c;
          const t = tokenOf(buffer);
          if (t !== undefined) last = { tok: t, lit: buffer };
          else if (last) { unread(); break; }
        } else { unread(); break; }
      }
      item = last ?? { tok: Tok.Error, lit: `error expected: keyword found '${dec(buffer)}'` };
    } else {
      unread();
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (isSpecialSymbol(c) || isWhitespace(c)) { unread(); break; }
        buffer += c;
      }
      const lit = dec(buffer);
      const t = tokenOf(lit);
      item = { tok: t ?? Tok.Identifier, lit };
    }
    items.push(item);
    if (item.tok === Tok.EndOfString) break;
  }
  return items;
}

class LabelParser {
  private position = 0;
  constructor(private items: Item[]) {}

  private lookahead(values: boolean): Item {
    const it = this.items[this.position];
    if (values && (it.tok === Tok.In || it.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: it.lit };
    return it;
  }

  private consume(values: boolean): Item {
    this.position++;
    const it = this.items[this.position - 1];
    if (values && (it.tok === Tok.In || it.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: it.lit };
    return it;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      switch (tok) {
        case Tok.Identifier: case Tok.DoesNotExist: {
          let r: LabelRequirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            if (e instanceof ReqError) throw badRequest(`unable to parse requirement: ${e.message}`);
            throw e;
          }
          reqs.push(r);
          const t = this.consume(true);
          switch (t.tok) {
            case Tok.EndOfString: return reqs;
            case Tok.Comma: {
              const t2 = this.lookahead(true);
              if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist) {
                throw badRequest(`found '${t2.lit}', expected: identifier after ','`);
              }
              break;
            }
            default:
              throw badRequest(`found '${t.lit}', expected: ',' or 'end of string'`);
          }
          break;
        }
        case Tok.EndOfString:
          return reqs;
        default:
          throw badRequest(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') {
      return newRequirement(key, operator, []);
    }
    const op = this.parseOperator();
    let values: string[];
    if (op === 'in' || op === 'notin') values = this.parseValues();
    else values = this.parseExactValue();
    return newRequirement(key, op, [...new Set(values)].sort(byteCompare));
  }

  private parseKeyAndInferOperator(): { key: string; operator?: SelectionOperator } {
    let operator: SelectionOperator | undefined;
    let it = this.consume(true);
    if (it.tok === Tok.DoesNotExist) {
      operator = '!';
      it = this.consume(true);
    }
    if (it.tok !== Tok.Identifier) throw new ReqError(`found '${it.lit}', expected: identifier`);
    const err = validateLabelKey(it.lit, '<nil>');
    if (err) throw new ReqError(err);
    const t = this.lookahead(true).tok;
    if ((t === Tok.EndOfString || t === Tok.Comma) && operator !== '!') operator = 'exists';
    return { key: it.lit, operator };
  }

  private parseOperator(): SelectionOperator {
    const it = this.consume(false);
    switch (it.tok) {
      case Tok.In: return 'in';
      case Tok.Equals: return '=';
      case Tok.DoubleEquals: return '==';
      case Tok.GreaterThan: return 'gt';
      case Tok.LessThan: return 'lt';
      case Tok.NotIn: return 'notin';
      case Tok.NotEquals: return '!=';
      default: throw new ReqError(`found '${it.lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): string[] {
    let it = this.consume(true);
    if (it.tok !== Tok.OpenPar) throw new ReqError(`found '${it.lit}' expected: '('`);
    it = this.lookahead(true);
    switch (it.tok) {
      case Tok.Identifier: case Tok.Comma: {
        const s = this.parseIdentifiersList();
        if (this.consume(true).tok !== Tok.ClosedPar) throw new ReqError(`found '${it.lit}', expected: ')'`);
        return s;
      }
      case Tok.ClosedPar:
        this.consume(true);
        return [''];
      default:
        throw new ReqError(`found '${it.lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): string[] {
    const s = new Set<string>();
    for (;;) {
      const it = this.consume(true);
      switch (it.tok) {
        case Tok.Identifier: {
          s.add(it.lit);
          const t2 = this.lookahead(true);
          if (t2.tok === Tok.Comma) continue;
          if (t2.tok === Tok.ClosedPar) return [...s];
          throw new ReqError(`found '${t2.lit}', expected: ',' or ')'`);
        }
        case Tok.Comma: {
          if (s.size === 0) s.add('');
          const t2 = this.lookahead(true);
          if (t2.tok === Tok.ClosedPar) { s.add(''); return [...s]; }
          if (t2.tok === Tok.Comma) { this.consume(true); s.add(''); }
          break;
        }
        default:
          throw new ReqError(`found '${it.lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const t = this.lookahead(true).tok;
    if (t === Tok.EndOfString || t === Tok.Comma) return [''];
    const it = this.consume(true);
    if (it.tok === Tok.Identifier) return [it.lit];
    throw new ReqError(`found '${it.lit}', expected: identifier`);
  }
}

class ReqError extends Error {}

function newRequirement(key: string, operator: SelectionOperator, values: string[]): LabelRequirement {
  const err = requirementError(key, operator, values);
  if (err) throw new ReqError(err);
  return { key, operator, values };
}

/** Go string order (bytes of UTF-8 = code points). */
function byteCompare(a: string, b: string): number {
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

function sortByKey(reqs: LabelRequirement[]): LabelRequirement[] {
  // sort.Sort(ByKey) — an insertion sort (stable) for the usual ≤12 requirements
  return reqs.map((r, i) => ({ r, i })).sort((a, b) => byteCompare(a.r.key, b.r.key) || a.i - b.i).map((x) => x.r);
}

/**
 * labels.Parse: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`,
 * comma-separated (AND). Throws StatusError BadRequest with apimachinery's message.
 */
export function parseLabelSelector(s: string): LabelSelector {
  const reqs = new LabelParser(lex(s)).parse();
  return { requirements: sortByKey(reqs) };
}

/** Requirement.Matches */
export function requirementMatches(r: LabelRequirement, labels: Record<string, string> | null | undefined): boolean {
  const has = !!labels && Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels![r.key] : '';
  switch (r.operator) {
    case 'in': case '=': case '==':
      return has && r.values.includes(val);
    case 'notin': case '!=':
      return !has || !r.values.includes(val);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      if (!has) return false;
      const lv = parseInt64(val);
      if (lv === undefined || r.values.length !== 1) return false;
      const rv = parseInt64(r.values[0]);
      if (rv === undefined) return false;
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
    default: return false;
  }
}

/** Selector.Matches: every requirement holds (an empty selector matches everything). */
export function matchLabels(sel: LabelSelector, labels: Record<string, string> | null | undefined): boolean {
  if (sel.nothing) return false;
  return sel.requirements.every((r) => requirementMatches(r, labels));
}

/**
 * metav1.LabelSelectorAsSelector: nil → matches nothing; `{}` → matches everything.
 * Throws StatusError BadRequest (message as apimachinery's error) for an invalid selector.
 */
export function labelSelectorFromObject(sel: MetaLabelSelector | null | undefined): LabelSelector {
  if (sel === null || sel === undefined) return { requirements: [], nothing: true };
  const ml = sel.matchLabels ?? {};
  const me = sel.matchExpressions ?? [];
  if (Object.keys(ml).length + me.length === 0) return { requirements: [] };
  const reqs: LabelRequirement[] = [];
  for (const k of Object.keys(ml).sort(byteCompare)) {
    const err = requirementError(k, '=', [ml[k]]);
    if (err) throw badRequest(err);
    reqs.push({ key: k, operator: '=', values: [ml[k]] });
  }
  for (const e of me) {
    let op: SelectionOperator;
    switch (e.operator) {
      case 'In': op = 'in'; break;
      case 'NotIn': op = 'notin'; break;
      case 'Exists': op = 'exists'; break;
      case 'DoesNotExist': op = '!'; break;
      default: throw badRequest(`${q(String(e.operator))} is not a valid label selector operator`);
    }
    const vals = [...(e.values ?? [])];
    const err = requirementError(e.key, op, vals, true);
    if (err) throw badRequest(err);
    reqs.push({ key: e.key, operator: op, values: vals });
  }
  return { requirements: sortByKey(reqs) };
}

/**
 * metav1.ParseToLabelSelector, the client-side conversion of a `--selector` string into a
 * metav1.LabelSelector (kubectl create poddisruptionbudget, ...). `=`/`==` become matchLabels, the rest
 * matchExpressions (values sorted). Throws CliError with apimachinery's messages.
 */
export function parseToLabelSelector(s: string): { matchLabels: Record<string, string>; matchExpressions: Array<{ key: string; operator: string; values: string[] }> } {
  let reqs: LabelRequirement[];
  try {
    reqs = parseLabelSelector(s).requirements;
  } catch (e) {
    if (e instanceof StatusError) throw new CliError(`couldn't parse the selector string "${s}": ${e.message}`);
    throw e;
  }
  const out = { matchLabels: {} as Record<string, string>, matchExpressions: [] as Array<{ key: string; operator: string; values: string[] }> };
  for (const r of reqs) {
    let op: string;
    switch (r.operator) {
      case '=': case '==': out.matchLabels[r.key] = r.values[0]; continue;
      case 'in': op = 'In'; break;
      case 'notin': op = 'NotIn'; break;
      case 'exists': op = 'Exists'; break;
      case '!': op = 'DoesNotExist'; break;
      case 'gt': case 'lt': throw new CliError(`${q(r.operator)} isn't supported in label selectors`);
      default: throw new CliError(`${q(r.operator)} is not a valid label selector operator`);
    }
    out.matchExpressions.push({ key: r.key, operator: op, values: [...r.values].sort(byteCompare) });
  }
  return out;
}

/** A selector from a plain map (labels.SelectorFromSet, e.g. a Service's spec.selector). */
export function labelSelectorFromSet(set: Record<string, string> | null | undefined): LabelSelector {
  return {
    requirements: Object.keys(set ?? {}).sort(byteCompare).map((k) => ({ key: k, operator: '=' as const, values: [set![k]] })),
  };
}

/**
 * metav1 selector object (nil = matches nothing, `{}` = everything) or a parsed selector, against
 * labels. An invalid selector matches nothing (as controllers treat a selector that fails to convert).
 */
export function matchesLabelSelector(sel: MetaLabelSelector | LabelSelector | null | undefined, labels: Record<string, string> | null | undefined): boolean {
  let s: LabelSelector;
  try {
    s = toSelector(sel);
  } catch {
    return false;
  }
  return matchLabels(s, labels);
}

function isParsed(sel: unknown): sel is LabelSelector {
  return !!sel && typeof sel === 'object' && Array.isArray((sel as LabelSelector).requirements);
}

function toSelector(sel: MetaLabelSelector | LabelSelector | null | undefined): LabelSelector {
  return isParsed(sel) ? sel : labelSelectorFromObject(sel);
}

/** Requirement.String: `a=b`, `a in (x,y)`, `!a`, `a>1`. */
export function requirementToString(r: LabelRequirement): string {
  let s = r.operator === '!' ? '!' + r.key : r.key;
  switch (r.operator) {
    case '=': s += '='; break;
    case '==': s += '=='; break;
    case '!=': s += '!='; break;
    case 'in': s += ' in '; break;
    case 'notin': s += ' notin '; break;
    case 'gt': s += '>'; break;
    case 'lt': s += '<'; break;
    default: return s; // exists, !
  }
  const inSet = r.operator === 'in' || r.operator === 'notin';
  if (inSet) s += '(';
  s += r.values.length === 1 ? r.values[0] : [...r.values].sort(byteCompare).join(',');
  if (inSet) s += ')';
  return s;
}

/** Selector.String(): requirements joined by `,` (empty for everything and for nothing). */
export function labelSelectorString(sel: LabelSelector | MetaLabelSelector | null | undefined): string {
  const s = toSelector(sel);
  if (s.nothing) return '';
  return s.requirements.map(requirementToString).join(',');
}

/**
 * metav1.FormatLabelSelector, what kubectl shows for a selector (describe `Selector:`, the wide
 * SELECTOR column of deployments/replicasets/...): `app=web,tier in (a,b)`; `<none>` for a nil or
 * empty selector; `<error>` for an invalid one.
 */
export function selectorToString(sel: MetaLabelSelector | LabelSelector | null | undefined): string {
  let s: LabelSelector;
  try {
    s = toSelector(sel);
  } catch {
    return '<error>';
  }
  const l = labelSelectorString(s);
  return l.length === 0 ? '<none>' : l;
}

/** labels.FormatLabels: `a=b,c=d` sorted by key, `<none>` when empty (service selectors, --show-labels). */
export function formatLabels(m: Record<string, string> | null | undefined): string {
  const keys = Object.keys(m ?? {}).sort(byteCompare);
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${m![k]}`).join(',');
}

// ---------------------------------------------------------------------------------------------
// Field selectors

export interface FieldRequirement {
  field: string;
  /** `==` parses to `=` (hasTerm) */
  operator: '=' | '!=';
  value: string;
}

/** A parsed field selector; no requirements = everything. */
export interface FieldSelector {
  requirements: FieldRequirement[];
}

function splitTerms(sel: string): string[] {
  if (sel.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') { terms.push(sel.slice(start, i)); start = i + 1; }
  }
  terms.push(sel.slice(start));
  return terms;
}

function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => '\\' + c);
}

/**
 * fields.ParseSelector: `metadata.name=x,status.phase!=Running` (`==` is `=`; `\` escapes `\ , =` in
 * values; no whitespace trimming). Terms come out sorted by their text, as apimachinery sorts them.
 * Throws StatusError BadRequest with apimachinery's message.
 */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort(byteCompare);
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const [lhs, op, rhs] = t;
    reqs.push({ field: lhs, operator: op === '!=' ? '!=' : '=', value: unescapeValue(rhs) });
  }
  return { requirements: reqs };
}

/** Selector.String() of a field selector. */
export function fieldSelectorString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

type Conversion = { allowed: string[]; error: (label: string) => string; rename?: Record<string, string> };

const notSupported = (label: string): string => `field label not supported: ${label}`;

/** The field label conversion functions registered per kind (1.32); others use the default. */
const FIELD_CONVERSIONS: Record<string, Conversion> = {
  pods: {
    allowed: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName',
      'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
    rename: { 'spec.host': 'spec.nodeName' },
    error: notSupported,
  },
  nodes: { allowed: ['metadata.name', 'spec.unschedulable'], error: notSupported },
  replicationcontrollers: { allowed: ['metadata.name', 'metadata.namespace', 'status.replicas'], error: notSupported },
  events: {
    allowed: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
      'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
      'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name'],
    error: notSupported,
  },
  namespaces: { allowed: ['status.phase', 'metadata.name'], error: notSupported },
  secrets: { allowed: ['type', 'metadata.namespace', 'metadata.name'], error: notSupported },
  services: { allowed: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'], error: notSupported },
  jobs: {
    allowed: ['metadata.name', 'metadata.namespace', 'status.successful'],
    error: (label) => `field label ${q(label)} not supported for batchv1.Job`,
  },
  certificatesigningrequests: { allowed: ['metadata.name', 'spec.signerName'], error: notSupported },
};

const DEFAULT_CONVERSION: Conversion = {
  allowed: ['metadata.name', 'metadata.namespace'],
  error: (label) => `${q(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

function resourceName(resource: string): string {
  // accept `pods`, `deployments.apps`, `events.events.k8s.io`
  const dot = resource.indexOf('.');
  return dot < 0 ? resource : resource.slice(0, dot);
}

/**
 * The API server's field label conversion for a list of `resource` (plural, e.g. `pods`): unsupported
 * fields are rejected with StatusError BadRequest (`field label not supported: foo`, or for kinds
 * without a conversion function `"foo" is not a known field selector: only "metadata.name",
 * "metadata.namespace"`); deprecated names are converted (`spec.host` → `spec.nodeName`).
 */
export function validateFieldSelector(sel: FieldSelector | string, resource: string): FieldSelector {
  const s = typeof sel === 'string' ? parseFieldSelector(sel) : sel;
  const conv = FIELD_CONVERSIONS[resourceName(resource)] ?? DEFAULT_CONVERSION;
  return {
    requirements: s.requirements.map((r) => {
      const renamed = conv.rename?.[r.field];
      if (renamed) return { ...r, field: renamed };
      if (!conv.allowed.includes(r.field)) throw badRequest(conv.error(r.field));
      return r;
    }),
  };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** The selectable fields of an object (registry ToSelectableFields / generic.ObjectMetaFieldsSet). */
export function objectFieldSet(obj: KObject, resource: string): Record<string, string> {
  const name = resourceName(resource);
  const md = obj.metadata ?? {};
  const namespaced = kindByResource(name)?.namespaced ?? !!md.namespace;
  const set: Record<string, string> = { 'metadata.name': str(md.name) };
  if (namespaced) set['metadata.namespace'] = str(md.namespace);
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  switch (name) {
    case 'pods':
      set['spec.nodeName'] = str(spec.nodeName);
      set['spec.restartPolicy'] = str(spec.restartPolicy);
      set['spec.schedulerName'] = str(spec.schedulerName);
      set['spec.serviceAccountName'] = str(spec.serviceAccountName || spec.serviceAccount);
      set['spec.hostNetwork'] = spec.hostNetwork ? 'true' : 'false';
      set['status.phase'] = str(status.phase);
      set['status.podIP'] = str(status.podIPs?.[0]?.ip ?? status.podIP);
      set['status.nominatedNodeName'] = str(status.nominatedNodeName);
      break;
    case 'nodes':
      set['spec.unschedulable'] = spec.unschedulable ? 'true' : 'false';
      break;
    case 'replicationcontrollers':
      set['status.replicas'] = String(status.replicas ?? 0);
      break;
    case 'events': {
      const io = obj.involvedObject ?? {};
      set['involvedObject.kind'] = str(io.kind);
      set['involvedObject.namespace'] = str(io.namespace);
      set['involvedObject.name'] = str(io.name);
      set['involvedObject.uid'] = str(io.uid);
      set['involvedObject.apiVersion'] = str(io.apiVersion);
      set['involvedObject.resourceVersion'] = str(io.resourceVersion);
      set['involvedObject.fieldPath'] = str(io.fieldPath);
      set.reason = str(obj.reason);
      set.reportingComponent = str(obj.reportingComponent);
      set.source = str(obj.source?.component) || str(obj.reportingComponent);
      set.type = str(obj.type);
      break;
    }
    case 'namespaces':
      set['status.phase'] = str(status.phase);
      break;
    case 'secrets':
      set.type = str(obj.type);
      break;
    case 'services':
      set['spec.clusterIP'] = str(spec.clusterIP);
      set['spec.type'] = str(spec.type);
      break;
    case 'jobs':
      set['status.successful'] = String(status.succeeded ?? 0);
      break;
    case 'certificatesigningrequests':
      set['spec.signerName'] = str(spec.signerName);
      break;
    default: break;
  }
  return set;
}

/**
 * Does `obj` (a `resource`, e.g. `pods`) match the field selector? Validates the selector first
 * (StatusError BadRequest for unsupported fields), then compares the selectable field values as
 * strings (a field the object lacks is `""`).
 */
export function matchFieldSelector(sel: FieldSelector | string, obj: KObject, resource: string): boolean {
  const s = validateFieldSelector(sel, resource);
  if (s.requirements.length === 0) return true;
  const set = objectFieldSet(obj, resource);
  return s.requirements.every((r) => {
    const v = Object.prototype.hasOwnProperty.call(set, r.field) ? set[r.field] : '';
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}

/**
 * kubectl's EnhanceListError (cli-runtime resource/helper.go): the message kubectl shows for a
 * BadRequest/NotFound answer to a list, e.g. `Unable to find "/v1, Resource=pods" that match label
 * selector "", field selector "foo=bar": field label not supported: foo`. `gvr` is
 * `schema.GroupVersionResource.String()`: `/v1, Resource=pods`, `apps/v1, Resource=deployments`.
 */
export function enhanceListError(err: StatusError, opts: { labelSelector?: string; fieldSelector?: string }, gvr: string): StatusError {
  if (err.reason !== 'BadRequest' && err.reason !== 'NotFound') return err;
  const ls = opts.labelSelector ?? '';
  const fs = opts.fieldSelector ?? '';
  const msg = ls.length === 0 && fs.length === 0
    ? `Unable to list ${q(gvr)}: ${err.message}`
    : `Unable to find ${q(gvr)} that match label selector ${q(ls)}, field selector ${q(fs)}: ${err.message}`;
  return new StatusError(err.reason, msg, err.details, err.code);
}

/** schema.GroupVersionResource.String(): `/v1, Resource=pods`, `apps/v1, Resource=deployments`. */
export function gvrString(group: string, version: string, resource: string): string {
  return `${group}/${version}, Resource=${resource}`;
}
