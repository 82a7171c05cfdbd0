// Helpers shared by the generators: Go-serialization shapes, apimachinery validation messages,
// Go strconv semantics, file sources. Everything here is pure.
import { CliError } from '../api/errors';
import { goQuote } from '../api/gostr';
import type { KObject } from '../api/types';

/** Options every generator accepts. */
export interface CommonOptions {
  /**
   * The namespace to stamp on the object: kubectl sets it only when the namespace was given
   * explicitly (-n/--namespace, "EnforceNamespace"); leave undefined otherwise.
   */
  namespace?: string;
}

/** A file the caller has read: `name` is the path as the user typed it. */
export interface FileContent { name: string; content: Buffer | string }

/**
 * What the caller found at a path named by --from-file / --from-env-file:
 * - a file: `{ name, content }`
 * - a directory: `{ name, dir: [...] }` with its regular files (not symlinks or subdirectories) in
 *   name order (Go's os.ReadDir order), each `{ name: <basename>, content }`
 * - a failure of stat: `{ name, error }` with Go's errno text (`no such file or directory`,
 *   `permission denied`)
 */
export type LoadedPath =
  | FileContent
  | { name: string; dir: FileContent[] }
  | { name: string; error: string };

/** Looks a path up; a record keyed by path works too. */
export type PathLoader = ((path: string) => LoadedPath) | Record<string, LoadedPath>;

export function loadPath(loader: PathLoader | undefined, p: string): LoadedPath {
  if (!loader) return { name: p, error: 'no such file or directory' };
  if (typeof loader === 'function') return loader(p);
  return loader[p] ?? { name: p, error: 'no such file or directory' };
}

export function toBuffer(c: Buffer | string): Buffer {
  return typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
}

/** ObjectMeta in Go field order, as kubectl's generators fill it (creationTimestamp: null). */
export function objectMeta(name: string, opts: { namespace?: string; labels?: Record<string, string>;
  annotations?: Record<string, string>; ownerReferences?: unknown[] } = {}): KObject['metadata'] {
  const m: KObject['metadata'] = { name };
  if (opts.namespace) m.namespace = opts.namespace;
  m.creationTimestamp = null;
  if (opts.labels && Object.keys(opts.labels).length) m.labels = sortKeys(opts.labels);
  if (opts.annotations && Object.keys(opts.annotations).length) m.annotations = sortKeys(opts.annotations);
  if (opts.ownerReferences?.length) m.ownerReferences = opts.ownerReferences as never;
  return m;
}

/** A copy of a Go map with its keys in the order Go's encoding/json writes them (byte order). */
export function sortKeys<T>(m: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort(byteCompare)) out[k] = m[k];
  return out;
}

export function byteCompare(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}

/** Go's strconv.Atoi: optional sign, decimal digits, int64 range. */
export function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n)) {
    // beyond 2^53 Go still parses up to 2^63-1; treat as out of range for our purposes
    return BigInt(s) > 9223372036854775807n || BigInt(s) < -9223372036854775808n ? undefined : n;
  }
  return n;
}

/** Go's strconv.Atoi error text. */
export function atoiError(s: string): string {
  if (/^[+-]?\d+$/.test(s)) return `strconv.Atoi: parsing ${goQuote(s)}: value out of range`;
  return `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
}

/** Go's %q and time.ParseDuration live in api/gostr (the CLI's flag parser needs them cheaply). */
export { goQuote, parseGoDuration } from '../api/gostr';

/** int32 conversion as Go's int32(x) does (wraps). */
export function int32(n: number): number {
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(n))));
}

/** intstr.Parse: an int when strconv.Atoi accepts the string, else the string. */
export function intstrParse(s: string): number | string {
  const n = atoi(s);
  return n === undefined ? s : int32(n);
}

/** Go's encoding/json.Marshal of a value (HTML-safe escaping, sorted map keys). */
export function goJSON(v: unknown): string {
  return JSON.stringify(v, (_k, val) => {
    if (val && typeof val === 'object' && !Array.isArray(val) && !Buffer.isBuffer(val)) return sortKeys(val);
    return val;
  }).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** apimachinery's rand.String alphabet. */
export function defaultRandomString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += RAND_ALPHABET[Math.floor(Math.random() * RAND_ALPHABET.length)];
  return s;
}

// ---- apimachinery/pkg/util/validation messages ----

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  let m = msg + ' (e.g. ';
  examples.forEach((e, i) => { if (i > 0) m += ' or '; m += `'${e}', `; });
  return m + `regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number) => `must be no more than ${n} characters`;

function hasChDirPrefix(v: string): string[] {
  if (v === '.') return [`must not be '.'`];
  if (v === '..') return [`must not be '..'`];
  if (v.startsWith('..')) return [`must not start with '..'`];
  return [];
}

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN}$`);

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(v)) {
    errs.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN, 'example.com'));
  }
  return errs;
}

export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'));
  }
  return errs.concat(hasChDirPrefix(v));
}

export function isEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v)) {
    errs.push(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit", '[-._a-zA-Z][-._a-zA-Z0-9]*', 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  return errs.concat(hasChDirPrefix(v));
}

export function isValidPortName(p: string): string[] {
  const errs: string[] = [];
  if (p.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(p)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(p)) errs.push('must contain at least one letter (a-z)');
  if (p.includes('--')) errs.push('must not contain consecutive hyphens');
  if (p.length > 0 && (p[0] === '-' || p[p.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function isValidPortNum(n: number): string[] {
  return n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

// ---- kubectl's source parsing (pkg/util) ----

/** util.ParseFileSource: `path` (key = basename) or `key=path`. */
export function parseFileSource(source: string): { key: string; path: string } {
  const n = source.split('=').length - 1;
  if (n === 0) {
    const base = source.replace(/\/+$/, '').split('/').pop();
    return { key: base === undefined || base === '' ? (source.startsWith('/') ? '/' : '.') : base, path: source };
  }
  if (n === 1 && source.startsWith('=')) throw new CliError(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith('=')) throw new CliError(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new CliError("key names or file paths cannot contain '='");
  const [key, path] = source.split('=');
  return { key, path };
}

/** util.ParseLiteralSource: `key=value` (value may contain '='). */
export function parseLiteralSource(source: string): { key: string; value: string } {
  const i = source.indexOf('=');
  if (i <= 0) throw new CliError(`invalid literal source ${source}, expected key=value`);
  return { key: source.slice(0, i), value: source.slice(i + 1) };
}

/**
 * cmdutil.AddFromEnvFile: lines of `KEY=value`; blank lines and `#` comments skipped; a line
 * without `=` takes the value of that variable from `env` (kubectl reads its own environment).
 */
export function parseEnvFile(path: string, content: Buffer, env: Record<string, string | undefined>,
  add: (key: string, value: string) => void): void {
  // bufio.Scanner ScanLines: split on \n, drop one trailing \r, no empty final token
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < content.length; i++) {
    if (content[i] === 0x0a) {
      let end = i;
      if (end > start && content[end - 1] === 0x0d) end--;
      lines.push(content.subarray(start, end));
      start = i + 1;
    }
  }
  if (start < content.length) {
    let end = content.length;
    if (content[end - 1] === 0x0d) end--;
    lines.push(content.subarray(start, end));
  }
  lines.forEach((raw, idx) => {
    let line = raw;
    if (!isValidUTF8(line)) {
      throw new CliError(`env file ${path} contains invalid utf8 bytes at line ${idx + 1}: [${[...line].join(' ')}]`);
    }
    if (idx === 0 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3);
    const text = line.toString('utf8').replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '');
    if (text.length === 0 || text[0] === '#') return;
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const errs = isEnvVarName(key);
    if (errs.length) throw new CliError(`${goQuote(key)} is not a valid key name: ${errs.join(';')}`);
    const value = eq < 0 ? (env[key] ?? '') : text.slice(eq + 1);
    add(key, value);
  });
}

/** utf8.Valid */
export function isValidUTF8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first 10 hex digits of sha256(data) with kubectl's vowel-avoiding substitutions
 * (pkg/util/hash encodeHash), used by --append-hash.
 */
export function encodeHash(data: string): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const crypto = require('crypto') as typeof import('crypto');
  const hex = crypto.createHash('sha256').update(Buffer.from(data, 'utf8')).digest('hex');
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' } as Record<string, string>)[c]);
}

/**
 * Walk file sources the way kubectl's handle*FromFileSources do: `key=path` or `path`; a
 * directory adds each regular file under its basename.
 */
export function forEachFileSource(sources: string[], loader: PathLoader | undefined,
  add: (key: string, content: Buffer) => void): void {
  for (const source of sources) {
    const { key, path } = parseFileSource(source);
    const got = loadPath(loader, path);
    if ('error' in got) throw new CliError(`error reading ${path}: ${got.error}`);
    if ('dir' in got) {
      if (source.includes('=')) throw new CliError('cannot give a key name for a directory path');
      for (const f of got.dir) add(f.name, toBuffer(f.content));
    } else {
      add(key, toBuffer(got.content));
    }
  }
}

/** Env-file sources (--from-env-file): each must be a file. */
export function forEachEnvFileSource(sources: string[], loader: PathLoader | undefined, dirError: string,
  env: Record<string, string | undefined>, add: (key: string, value: string) => void): void {
  for (const source of sources) {
    const got = loadPath(loader, source);
    if ('error' in got) throw new CliError(`error reading ${source}: ${got.error}`);
    if ('dir' in got) throw new CliError(dirError);
    parseEnvFile(source, toBuffer(got.content), env, add);
  }
}

/**
 * The `kubernetes.io/change-cause` text of the deprecated --record flag (cli-runtime RecordFlags):
 * `<bin> <command path> <args...> --flag=value ...` with every flag the user set, long names, in
 * command-line order.
 */
export function changeCause(bin: string, commandPath: string, args: string[], setFlags: [string, string][]): string {
  return [bin, commandPath, ...args].join(' ') + setFlags.map(([k, v]) => ` --${k}=${v}`).join('');
}

/** Recorder.Record: put the change cause into metadata.annotations (kept sorted). */
export function recordChangeCause(obj: KObject, cause: string | undefined): KObject {
  if (!cause) return obj;
  const md = { ...obj.metadata };
  const ann = sortKeys({ ...(md.annotations ?? {}), 'kubernetes.io/change-cause': cause });
  const out: KObject['metadata'] = {};
  for (const [k, v] of Object.entries(md)) {
    if (k === 'annotations') continue;
    if (k === 'ownerReferences' || k === 'finalizers' || k === 'managedFields') out.annotations = ann;
    out[k] = v;
  }
  if (!out.annotations) out.annotations = ann;
  return { ...obj, metadata: out };
}
