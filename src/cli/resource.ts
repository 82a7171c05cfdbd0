// kubectl's resource builder: `-f` files, folders and stdin decoded into objects, and
// `TYPE NAME`, `TYPE/NAME`, `TYPE1,TYPE2` arguments resolved to kinds — with kubectl's errors.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, StatusError } from '../api/errors';
import { KindInfo, resolveApiVersionKind, resolveResource, ALL_CATEGORY, kindByResource } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';

export interface Info {
  /** file name as the user gave it (`STDIN` for -) */
  source: string;
  obj: KObject;
  info: KindInfo;
  namespace: string;
  name: string;
}

export interface BuildResult {
  infos: Info[];
  /** errors met while reading (kubectl goes on with the other objects, then reports them) */
  errors: Error[];
}

const MANIFEST_EXT = new Set(['.json', '.yaml', '.yml']);

function expandPaths(p: string, recursive: boolean): string[] {
  let st: fs.Stats;
  try { st = fs.statSync(p); } catch {
    throw new CliError(`the path "${p}" does not exist`);
  }
  if (!st.isDirectory()) return [p];
  const out: string[] = [];
  for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) { if (recursive) out.push(...expandPaths(full, true)); continue; }
    if (MANIFEST_EXT.has(path.extname(e.name))) out.push(full);
  }
  return out;
}

/** Split a YAML/JSON stream into documents, each a plain object (or an error for a bad one). */
export function decodeStream(text: string, source: string): { objects: KObject[]; error?: Error } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const v = JSON.parse(text);
      return { objects: flattenLists(Array.isArray(v) ? v : [v]) };
    } catch { /* YAML is a superset: fall through */ }
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const YAML = require('yaml') as typeof import('yaml');
  const docs = YAML.parseAllDocuments(text, { uniqueKeys: false });
  const objects: KObject[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list as any[]) {
    if (d.errors?.length) {
      const e = d.errors[0];
      const line = e.linePos?.[0]?.line ?? 0;
      const msg = String(e.message).split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { objects, error: new CliError(`error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${lowerFirst(msg)}`) };
    }
    const v = d.toJS({ maxAliasCount: 1000 });
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) {
      return { objects, error: new CliError(`error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`) };
    }
    objects.push(...flattenLists([v]));
  }
  return { objects };
}

function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1) : s;
}

/** `kind: List` documents contribute their items. */
function flattenLists(vs: any[]): KObject[] {
  const out: KObject[] = [];
  for (const v of vs) {
    if (v && typeof v === 'object' && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) out.push(...flattenLists(v.items));
    else out.push(v);
  }
  return out;
}

/** Map a decoded object to its kind, or the error kubectl gives. */
export function mapObject(obj: KObject, source: string): Info | Error {
  const v = obj as any;
  if (!v.metadata || typeof v.metadata !== 'object') v.metadata = {};
  const name = typeof v.metadata.name === 'string' ? v.metadata.name : '';
  if (!v.apiVersion || !v.kind) {
    const missing = !v.apiVersion && !v.kind ? 'apiVersion not set, kind not set' : !v.apiVersion ? 'apiVersion not set' : 'kind not set';
    return new CliError(`error validating "${source}": error validating data: ${missing}; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const rt = resolveApiVersionKind(String(v.apiVersion), String(v.kind));
  if (!rt) {
    return new CliError(`resource mapping not found for name: "${name}" namespace: "${v.metadata.namespace ?? ''}" from "${source}": no matches for kind "${v.kind}" in version "${v.apiVersion}"\nensure CRDs are installed first`);
  }
  return { source, obj, info: rt.info, namespace: v.metadata.namespace ?? '', name };
}

/** Read every `-f` source into objects (kubectl's builder with ContinueOnError). */
export function readFilenames(ctx: Ctx, filenames: string[], recursive: boolean): BuildResult {
  const infos: Info[] = [];
  const errors: Error[] = [];
  for (const f of filenames) {
    if (/^https?:\/\//.test(f)) {
      errors.push(new CliError(`unable to read URL "${f}": kctl reads local files only (download it and pass the file)`));
      continue;
    }
    const sources = f === '-' ? ['-'] : expandPaths(f, recursive);
    for (const src of sources) {
      const text = src === '-' ? ctx.io.readStdin() : fs.readFileSync(src, 'utf8');
      const shown = src === '-' ? 'STDIN' : src;
      const { objects, error } = decodeStream(text, shown);
      for (const o of objects) {
        const r = mapObject(o, shown);
        if (r instanceof Error) errors.push(r); else infos.push(r);
      }
      if (error) errors.push(error);
    }
  }
  return { infos, errors };
}

/**
 * Fill in each object's namespace as kubectl does: the object's own, else -n, else default;
 * a conflict between the file and an explicit -n is kubectl's client-side error.
 */
export function setNamespaces(ctx: Ctx, infos: Info[]): void {
  for (const i of infos) {
    if (!i.info.namespaced) { i.namespace = ''; continue; }
    const own = i.obj.metadata.namespace;
    if (own && ctx.namespaceExplicit && own !== ctx.namespace) {
      throw new CliError(`the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
    }
    i.namespace = own || ctx.namespace;
  }
}

export interface Target {
  info: KindInfo;
  /** empty = every object of the kind (subject to selectors) */
  names: string[];
}

export function resolveKind(arg: string): KindInfo {
  const ki = resolveResource(arg);
  if (!ki) throw new CliError(`the server doesn't have a resource type "${arg}"`);
  return ki;
}

/** `TYPE [NAME...]`, `TYPE/NAME ...`, `TYPE1,TYPE2 [NAME...]`, `all`. */
export function parseTargets(args: string[]): Target[] {
  if (args.length === 0) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: Target[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash <= 0) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kctl get resource/<resource_name>' instead of 'kctl get resource resource/<resource_name>'`);
      const ki = resolveKind(a.slice(0, slash));
      const name = a.slice(slash + 1);
      if (!name) throw new CliError(`arguments in resource/name form must have a single resource and name`);
      const prev = out.find((t) => t.info === ki);
      if (prev) prev.names.push(name); else out.push({ info: ki, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const kinds: KindInfo[] = [];
  for (const t of types.split(',')) {
    if (!t) continue;
    if (t === 'all') { for (const r of ALL_CATEGORY) kinds.push(kindByResource(r)!); continue; }
    const ki = resolveKind(t);
    if (!kinds.includes(ki)) kinds.push(ki);
  }
  // with several types, each name is looked up in each type
  return kinds.map((info) => ({ info, names: [...names] }));
}

export interface Found {
  info: KindInfo;
  obj: KObject;
  /** where it came from, for error contexts (a file name, or '' for arguments) */
  source: string;
}

export const NO_RESOURCES_ERROR = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/**
 * Objects a verb acts on: from `-f`, or `TYPE NAME...` / `TYPE/NAME`, or `TYPE -l sel` / `TYPE --all`.
 * NotFound and read errors are collected, not thrown (kubectl reports them after the rest).
 */
export function collectObjects(ctx: Ctx, opts: { requireNames?: boolean; noNamesError?: string; emptyError?: string } = {}): { found: Found[]; errors: string[]; selected: boolean } {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { formatError } = require('../api/errors') as typeof import('../api/errors');
  const f = ctx.flags;
  const api = ctx.cluster().api;
  const found: Found[] = [];
  const errors: string[] = [];
  const filenames: string[] = f.filename ?? [];
  const allNs = !!f['all-namespaces'];
  if (filenames.length) {
    const built = readFilenames(ctx, filenames, !!f.recursive);
    setNamespaces(ctx, built.infos);
    for (const e of built.errors) errors.push(formatError(e));
    for (const i of built.infos) {
      try {
        found.push({ info: i.info, obj: api.get(i.info.resource, i.namespace, i.name), source: i.source });
      } catch (e) {
        if (f['ignore-not-found'] && e instanceof StatusError && e.reason === 'NotFound') continue;
        errors.push(formatError(e));
      }
    }
    return { found, errors, selected: false };
  }
  if (ctx.args.length === 0) throw new CliError(opts.emptyError ?? NO_RESOURCES_ERROR);
  const targets = parseTargets(ctx.args);
  const selector = f.selector || undefined;
  const fieldSelector = f['field-selector'] || undefined;
  let selected = false;
  for (const t of targets) {
    if (t.names.length) {
      if (selector) throw new CliError('name cannot be provided when a selector is specified');
      for (const n of t.names) {
        try {
          found.push({ info: t.info, obj: api.get(t.info.resource, ctx.namespace, n), source: '' });
        } catch (e) {
          if (f['ignore-not-found'] && e instanceof StatusError && e.reason === 'NotFound') continue;
          errors.push(formatError(e));
        }
      }
      continue;
    }
    if (!selector && !fieldSelector && !f.all) {
      throw new CliError(opts.noNamesError ?? 'resource(s) were provided, but no name was specified');
    }
    selected = true;
    const list = api.list(t.info.resource, allNs ? undefined : ctx.namespace, { labelSelector: selector, fieldSelector });
    for (const o of list.items) found.push({ info: t.info, obj: o, source: '' });
  }
  return { found, errors, selected };
}

/** The shared shape of the `-f` commands (apply, create, replace): what they read and report. */
export interface ManifestCommand {
  fmt: import('./output').OutputFormat;
  dryRun: 'none' | 'client' | 'server';
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  infos: Info[];
  /** errors met so far; each printed with its context at the end */
  errs: { err: unknown; context?: string }[];
  api?: import('../controlplane/apiserver').ApiServer;
}

/** Read the `-f` manifests of apply/create/replace (kubectl's `must specify one of -f and -k`). */
export function startManifestCommand(ctx: Ctx): ManifestCommand {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const out = require('./output') as typeof import('./output');
  const f = ctx.flags;
  const filenames: string[] = f.filename ?? [];
  if (filenames.length === 0 && !f.kustomize) throw new CliError('must specify one of -f and -k');
  if (f.kustomize) throw new CliError('kustomize (-k) is not supported by kctl; use -f');
  const fmt = out.parseOutput(f.output, false);
  const dryRun = out.dryRunMode(ctx);
  const fieldValidation = out.fieldValidation(ctx);
  const built = readFilenames(ctx, filenames, !!f.recursive);
  setNamespaces(ctx, built.infos);
  for (const i of built.infos) if (i.info.namespaced) i.obj.metadata.namespace = i.namespace;
  return {
    fmt, dryRun, fieldValidation, infos: built.infos, errs: built.errors.map((err) => ({ err })),
    api: built.infos.length ? ctx.cluster().api : undefined,
  };
}

/** Report the collected errors as kubectl does, after the objects that went through. */
export function finishManifestCommand(ctx: Ctx, m: ManifestCommand): void {
  if (m.errs.length === 0) return;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const e = require('../api/errors') as typeof import('../api/errors');
  ctx.io.err(e.formatErrors(m.errs) + '\n');
  throw e.silentFailure();
}
