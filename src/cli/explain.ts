// kctl explain <resource>[.field.path] [--recursive] [--api-version]: the documentation of a kind
// and its fields, laid out as kubectl v1.32's default "plaintext" explain (the OpenAPI v3 template
// kubectl/pkg/explain/v2/templates/plaintext.tmpl). The fields come from src/api/schema; the
// template is replayed over a virtual OpenAPI v3 document built from it, so the layout rules
// (type names, -required-, enum lines, description wrapping at 76/78-indent columns with
// go-wordwrap, the description of referenced types appended to a field's own) are kubectl's.

import { CliError } from '../api/errors';
import { KINDS, KindInfo, resolveResource, resourceGroupName } from '../api/kinds';
import { kindType, parseTypeRef, specialType, typeSchema } from '../api/schema';
import type { Ctx } from './context';

/** An OpenAPI v3 schema, as far as the explain template looks at it. */
interface Schema {
  description?: string;
  type?: string;
  properties?: Map<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema;
  allOf?: Schema[];
  $ref?: string;
  enum?: string[];
}

const refCache = new Map<string, Schema | null>();

/** the component a `$ref` names: a struct type of the schema or a special type */
function resolveRef(ref: string | undefined): Schema | undefined {
  if (!ref) return undefined;
  let s = refCache.get(ref);
  if (s === undefined) {
    s = null;
    const sp = specialType(ref);
    if (sp) s = { description: sp.description, ...(sp.openAPIType ? { type: sp.openAPIType } : {}) };
    else if (ref === 'Object') s = { type: 'object' };
    else {
      const t = typeSchema(ref);
      if (t) {
        const properties = new Map<string, Schema>();
        for (const f of t.fields) properties.set(f.name, fieldSchema(f.type, f.description, f.enum));
        s = { description: t.description, type: 'object', properties, required: t.fields.filter((f) => f.required).map((f) => f.name) };
      }
    }
    refCache.set(ref, s);
  }
  return s ?? undefined;
}

/** the schema of a value of type `t` (an array item, a map value) */
function valueSchema(t: string): Schema {
  const r = parseTypeRef(t);
  switch (r.kind) {
    case 'primitive': return { type: r.name };
    case 'array': return { type: 'array', items: valueSchema(r.elem) };
    case 'map': return { type: 'object', additionalProperties: valueSchema(r.elem) };
    default: return { allOf: [{ $ref: r.name }] };
  }
}

/** a property: its own description, with a reference wrapped in allOf as the Kubernetes OpenAPI v3 does */
function fieldSchema(t: string, description: string, en?: string[]): Schema {
  const s: Schema = valueSchema(t);
  if (description) s.description = description;
  if (en) s.enum = en;
  return s;
}

// ---- sprig/kubectl template helpers ----

const indent = (n: number, s: string): string => {
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join('\n' + pad);
};

const NBSP = 0xa0;
const isSpace = (c: string): boolean => {
  const cp = c.codePointAt(0)!;
  if (cp === NBSP) return false;
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r' || cp === 0x85
    || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f
    || cp === 0x205f || cp === 0x3000;
};

/** github.com/mitchellh/go-wordwrap v1.0.1 WrapString (what kubectl's `wrap` template function uses) */
export function wrapString(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  let wordLen = 0;
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else { current += spaceLen; buf += space; }
        space = ''; spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        space = ''; spaceLen = 0; word = ''; wordLen = 0;
      }
      buf += ch;
      current = 0;
    } else if (isSpace(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = ''; spaceLen = 0; word = ''; wordLen = 0;
      }
      space += ch; spaceLen++;
    } else {
      word += ch; wordLen++;
      if (current + wordLen + spaceLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = ''; spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

const additional = (s: Schema): Schema | undefined => s.additionalProperties;

function typeGuess(s: Schema): string {
  if (s.items) return '[]' + typeGuess(s.items);
  const ap = additional(s);
  if (ap) return 'map[string]' + typeGuess(ap);
  if (s.allOf && !s.properties && s.allOf.length === 1) return typeGuess(s.allOf[0]);
  if (s.$ref) {
    const ref = resolveRef(s.$ref);
    if (!ref || !ref.type || ref.type === 'object') {
      const name = s.$ref.split('/').pop()!.split('.').pop();
      return name || 'Object';
    }
    return ref.type;
  }
  return s.type === 'object' ? 'Object' : (s.type || 'Object');
}

function extractEnum(s: Schema, longView: boolean, limit: number, indentAmount = 0): string {
  if (!s.enum || s.enum.length === 0) return '';
  let out = longView ? 'ENUM:' : '\n' + ' '.repeat(indentAmount) + 'enum: ';
  for (let i = 0; i < s.enum.length; i++) {
    if (limit > -1 && i >= limit) { out += ', ....'; break; }
    if (i > 0 && !longView) out += ', ';
    else if (longView) out += '\n' + '    ';
    out += s.enum[i] === '' ? '""' : s.enum[i];
  }
  return out;
}

function description(s: Schema): string {
  const r = resolveRef(s.$ref) ?? s;
  let out = '';
  if (r.description) out += r.description + '\n';
  for (const a of r.allOf ?? []) out += description(a);
  if (r.items) out += description(r.items);
  const ap = additional(r);
  if (ap) out += description(ap);
  return out;
}

function fieldDetail(name: string, parent: Schema, short: boolean, level: number): string {
  const ind = level * 2;
  const fs = parent.properties!.get(name)!;
  let out = indent(ind, name) + '\t<' + typeGuess(fs) + '>';
  if (parent.required?.includes(name)) out += ' -required-';
  out += extractEnum(fs, false, 4, ind);
  out += '\n';
  if (!short) out += indent(ind + 2, wrapString(fs.description || '<no description>', 78 - ind)) + '\n\n';
  return out;
}

function fieldList(s: Schema, level: number, history: Set<string>, recursive: boolean): string {
  const ref = s.$ref ?? '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history).add(ref);
  const r = resolveRef(ref) ?? s;
  let out = '';
  for (const [k, v] of [...(r.properties ?? new Map<string, Schema>())].sort((a, b) => cmp(a[0], b[0]))) {
    out += fieldDetail(k, r, recursive, level);
    if (recursive) out += fieldList(v, level + 1, next, recursive);
  }
  for (const a of r.allOf ?? []) out += fieldList(a, level, next, recursive);
  if (r.items) out += fieldList(r.items, level, next, recursive);
  const ap = additional(r);
  if (ap) out += fieldList(ap, level, next, recursive);
  return out;
}

/** Go's string order (byte-wise; the same as UTF-16 order for the ASCII field names) */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function output(s: Schema, path: string[], history: Set<string>, recursive: boolean): string {
  const ref = s.$ref ?? '';
  const next = new Set(history).add(ref);
  const r = resolveRef(ref) ?? s;
  if (path.length === 0) {
    let out = 'DESCRIPTION:\n' + indent(4, wrapString(description(r) || '<empty>', 76)) + '\n';
    const fields = fieldList(r, 1, new Set(), recursive);
    if (fields) out += 'FIELDS:\n' + fields;
    return out;
  }
  if (ref && history.has(ref)) return '';
  const sub = r.properties?.get(path[0]);
  if (sub) {
    let out = '';
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(sub)}>\n` + extractEnum(sub, true, -1) + '\n' + '\n';
    return out + output(sub, path.slice(1), new Set(), recursive);
  }
  if (r.items) return output(r.items, path, next, recursive);
  const ap = additional(r);
  if (ap) return output(ap, path, next, recursive);
  for (const a of r.allOf ?? []) {
    const o = output(a, path, next, recursive);
    if (o) return o;
  }
  return '';
}

// ---- resource resolution (explain.SplitAndParseResourceRequest[WithMatchingPrefix]) ----

interface Target { info: KindInfo; group: string; version: string; kind: string; resource: string; fields: string[] }

function splitPath(s: string): string[] {
  return s.replace(/\.$/, '').split('.').filter((x) => x !== '');
}

/** the served (group, version, kind) alternatives of a resource, preferred first */
function servedVersions(ki: KindInfo): Array<{ group: string; version: string }> {
  return [ki.version, ...(ki.servedVersions ?? [])].map((version) => ({ group: ki.group, version }));
}

/** events.k8s.io serves Event too (reachable with --api-version=events.k8s.io/v1) */
const EVENTS_ALT = { group: 'events.k8s.io', version: 'v1', resource: 'events' };

function resolveTarget(arg: string, apiVersion: string): Target {
  const first = splitPath(arg)[0] ?? '';
  const ki = resolveResource(first);
  // kubectl prints the RESTMapper's no-match error without the `error: ` prefix
  if (!ki) throw new CliError(`the server doesn't have a resource type "${first}"`, { raw: true });
  const base = { info: ki, kind: ki.kind, resource: ki.resource };
  if (apiVersion) {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return { ...base, group, version, fields: splitPath(arg).slice(1) };
  }
  // the first group-resource (`deployments.apps`, `pods`) that prefixes the argument takes the rest
  // as the field path; otherwise everything after the first dot is (`deploy.apps` → field "apps")
  const gr = resourceGroupName(ki);
  if (arg.startsWith(gr)) return { ...base, ...servedVersions(ki)[0], fields: splitPath(arg.slice(gr.length)) };
  return { ...base, ...servedVersions(ki)[0], fields: splitPath(arg).slice(1) };
}

/** the group versions a kctl API server serves (its OpenAPI v3 paths) */
function servedGroupVersions(): Set<string> {
  const s = new Set<string>([`${EVENTS_ALT.group}/${EVENTS_ALT.version}`]);
  for (const ki of KINDS) for (const { group, version } of servedVersions(ki)) s.add(group ? `${group}/${version}` : version);
  return s;
}

export interface ExplainOptions {
  recursive?: boolean;
  /** --api-version: group/version */
  apiVersion?: string;
  /** -o: plaintext (default) or plaintext-openapiv2 */
  output?: string;
}

/** An explain error, with what kubectl has already printed on stdout before failing. */
export class ExplainError extends CliError {
  stdout: string;
  constructor(message: string, stdout: string, opts: { raw?: boolean } = {}) {
    super(message, opts);
    this.stdout = stdout;
  }
}

/**
 * What `kubectl explain <arg>` prints on stdout; throws a CliError with kubectl's message (an
 * ExplainError when kubectl prints the GROUP/KIND/VERSION header before failing).
 */
export function explain(arg: string, opts: ExplainOptions = {}): string {
  const format = opts.output || 'plaintext';
  const t = resolveTarget(arg, opts.apiVersion ?? '');
  const gv = t.group ? `${t.group}/${t.version}` : t.version;
  const gvr = `${t.group}/${t.version}, Resource=${t.resource}`;
  if (!servedGroupVersions().has(gv)) throw new CliError(`couldn't find resource for "${gvr}"`);
  if (format !== 'plaintext' && format !== 'plaintext-openapiv2') throw new CliError(`unrecognized format: ${format}`);
  // the kind this resource has in that group version
  let kind: string | undefined;
  if (t.group === EVENTS_ALT.group && t.resource === EVENTS_ALT.resource) kind = 'Event';
  else if (t.group === t.info.group && servedVersions(t.info).some((v) => v.version === t.version)) kind = t.info.kind;
  // kinds kctl has no schema for are missing from its OpenAPI document altogether
  const key = kind && kindType(kind, gv);
  if (!key) throw new CliError(`error: GVR (${gvr}) not found in OpenAPI schema`, { raw: true });
  let out = '';
  if (t.group) out += `GROUP:      ${t.group}\n`;
  out += `KIND:       ${kind}\nVERSION:    ${t.version}\n\n`;
  const body = output({ $ref: key }, t.fields, new Set(), !!opts.recursive);
  if (!body) throw new ExplainError(`error: field "${t.fields[t.fields.length - 1]}" does not exist`, out, { raw: true });
  return out + body + '\n';
}

export function run(ctx: Ctx): void {
  if (ctx.args.length === 0) {
    throw new CliError('You must specify the type of resource to explain. Use "kctl api-resources" for a complete list of supported resources.\n');
  }
  if (ctx.args.length > 1) throw new CliError('We accept only this format: explain RESOURCE\n');
  try {
    ctx.io.out(explain(ctx.args[0], {
      recursive: !!ctx.flags.recursive,
      apiVersion: (ctx.flags['api-version'] as string) || '',
      output: (ctx.flags.output as string) || 'plaintext',
    }));
  } catch (e) {
    if (e instanceof ExplainError && e.stdout) ctx.io.out(e.stdout);
    throw e;
  }
}
