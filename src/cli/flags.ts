// Flags as kubectl (cobra + pflag) parses them. The flag set of every command is read from the
// captured `kubectl <cmd> --help` screen (fixtures/kubectl-help/), so kctl accepts exactly the
// flags kubectl accepts, with kubectl's defaults, and prints kubectl's help.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../api/errors';
import { goQuote, parseGoDuration } from '../api/gostr';

/** pflag's value types (`int` is Go's int, 64-bit; `mapStringString` is component-base's). */
export type FlagType = 'bool' | 'string' | 'int' | 'int32' | 'stringArray' | 'stringSlice' | 'duration' | 'mapStringString';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default: unknown;
}

export type FlagValues = Record<string, any>;

export interface ParsedArgs {
  flags: FlagValues;
  /** flags the user actually set */
  changed: Set<string>;
  args: string[];
  /** arguments after `--` (also included at the end of `args`, as cobra does) */
  dashArgs: string[] | undefined;
}

// What a help screen does not tell (checked against kubectl v1.32.4):
/** `=[]` flags that are StringSlice (each value read as CSV and split); the others are StringArray */
const SLICE_FLAGS = new Set(['filename', 'tcp', 'label-columns', 'image', 'verb', 'resource', 'non-resource-url',
  'from-file', 'from-env-file', 'address', 'categories', 'verbs', 'keys', 'namespaces', 'types', 'auth-provider-arg', 'exec-arg']);
/** Int32 flags (`<command path> --<name>`, or a global's name); other ints are Go ints */
const INT32_FLAGS = new Set(['create deployment --port', 'create deployment --replicas', 'create priorityclass --value',
  'autoscale --min', 'autoscale --max', 'autoscale --cpu-percent', 'v']);
/** component-base MapStringString flags (`k=v,k2=v2`; help prints them like strings) */
const MAP_FLAGS = new Set(['aggregation-rule']);
/** pflag NoOptDefVal: the value a flag takes when given without `=value` */
const NO_OPT_DEFAULTS: Record<string, string> = { 'dry-run': 'unchanged', cascade: 'background', validate: 'strict' };
const DURATION_RE = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;

export const HELP_DIR = path.join(__dirname, '..', '..', '..', 'fixtures', 'kubectl-help');

const cache = new Map<string, string | null>();

/** The captured kubectl help text of a command path (`['create', 'deployment']`), or null. */
export function helpText(cmdPath: string[]): string | null {
  const key = cmdPath.length ? cmdPath.join('_') : 'kubectl';
  if (cache.has(key)) return cache.get(key)!;
  let text: string | null = null;
  try { text = fs.readFileSync(path.join(HELP_DIR, `${key}.txt`), 'utf8'); } catch { text = null; }
  cache.set(key, text);
  return text;
}

function parseDefault(raw: string, name: string, cmd: string): { type: FlagType; value: unknown } {
  if (MAP_FLAGS.has(name)) return { type: 'mapStringString', value: raw ? parseMap(raw, {}) : {} };
  if (raw === 'true' || raw === 'false') return { type: 'bool', value: raw === 'true' };
  if (raw.startsWith('[')) {
    const inner = raw.slice(1, -1);
    const vals = inner ? inner.split(',') : [];
    return { type: SLICE_FLAGS.has(name) ? 'stringSlice' : 'stringArray', value: vals };
  }
  if (raw.startsWith("'")) return { type: 'string', value: raw.slice(1, -1) };
  if (/^-?\d+$/.test(raw)) return { type: INT32_FLAGS.has(`${cmd} --${name}`) || INT32_FLAGS.has(name) ? 'int32' : 'int', value: Number(raw) };
  if (DURATION_RE.test(raw)) return { type: 'duration', value: raw };
  return { type: 'string', value: raw };
}

/** Parse the `Options:` (or the global options) section of a kubectl help screen. */
export function parseFlagSpecs(help: string): FlagSpec[] {
  const specs: FlagSpec[] = [];
  // the command path, from the Usage line (`  kubectl create deployment NAME ...`)
  const cmd = (/^Usage:\n {2}kubectl((?: [a-z][a-z-]*)*)/m.exec(help)?.[1] ?? '').trim();
  const re = /^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(help))) {
    const d = parseDefault(m[3], m[2], cmd);
    specs.push({ name: m[2], short: m[1], type: d.type, default: d.value });
  }
  return specs;
}

let globalSpecs: FlagSpec[] | undefined;
export function globalFlagSpecs(): FlagSpec[] {
  if (!globalSpecs) {
    globalSpecs = parseFlagSpecs(helpText(['options']) ?? '');
    // kctl's own global flag: the state file
    globalSpecs.push({ name: 'state', type: 'string', default: '' });
  }
  return globalSpecs;
}

/** pflag's int flags: Go's strconv.ParseInt(v, 0, bits) (`0x1f`, `0o17`, `017`, `0b1`, `1_000`). */
export function parseIntFlag(name: string, v: string, shortName?: string, bits: 32 | 64 = 64): number {
  const fail = (why: string) => new FlagError(`invalid argument ${goQuote(v)} for "${shortName ? `-${shortName}, ` : ''}--${name}" flag: strconv.ParseInt: parsing ${goQuote(v)}: ${why}`);
  let s = v;
  const neg = s[0] === '-';
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s === '') throw fail('invalid syntax');
  const unsigned = s;
  let base = 10;
  if (s[0] === '0') {
    const p = s.length >= 3 ? s[1].toLowerCase() : '';
    base = p === 'b' ? 2 : p === 'x' ? 16 : 8;
    s = s.slice(p === 'b' || p === 'o' || p === 'x' ? 2 : 1);
  }
  const max = (1n << BigInt(bits)) - 1n;
  let n = 0n;
  for (const c of s) {
    if (c === '_') continue;
    const d = /[0-9a-z]/i.test(c) ? parseInt(c, 36) : 99;
    if (d >= base) throw fail('invalid syntax');
    n = n * BigInt(base) + BigInt(d);
    if (n > max) throw fail('value out of range');
  }
  if (s.includes('_') && !underscoreOK(unsigned)) throw fail('invalid syntax');
  const limit = 1n << BigInt(bits - 1);
  if (neg ? n > limit : n >= limit) throw fail('value out of range');
  return Number(neg ? -n : n);
}

/** Go's strconv underscoreOK: `_` only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  const p = s.length >= 2 && s[0] === '0' ? s[1].toLowerCase() : '';
  if (p === 'b' || p === 'o' || p === 'x') {
    i = 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    if (/[0-9]/.test(s[i]) || (p === 'x' && /[a-f]/i.test(s[i]))) saw = '0';
    else if (s[i] === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/** A cobra/pflag parse error: printed as `Error: <msg>` + `See '<cmd> --help' for usage.` */
export class FlagError extends CliError {}

function parseBool(name: string, v: string, shortName?: string): boolean {
  if (['true', 'True', 'TRUE', 't', 'T', '1'].includes(v)) return true;
  if (['false', 'False', 'FALSE', 'f', 'F', '0'].includes(v)) return false;
  const shown = shortName ? `-${shortName}, --${name}` : `--${name}`;
  throw new FlagError(`invalid argument ${goQuote(v)} for "${shown}" flag: strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`);
}

/** Go duration → milliseconds (`1m30s`, `500ms`, `0`; `''` is 0); throws Go's `time: ...` error. */
export function parseDuration(v: string): number {
  return v === '' ? 0 : parseGoDuration(v);
}

/**
 * encoding/csv's Reader.Read of one record, as pflag's StringSlice reads each value: `a,b` → a, b;
 * `"a,b",c` → `a,b`, c; `""` escapes a quote. Throws Go's ParseError text.
 */
export function readCSV(v: string): string[] {
  if (v === '') return [];
  // lines with their `\n` (`\r\n` read as `\n`, a last `\r` dropped); blank lines before the record are skipped
  const lines = v.split(/(?<=\n)/).map((l) => l.replace(/\r\n$/, '\n').replace(/\r$/, ''));
  let ln = lines.findIndex((l) => l !== '\n');
  if (ln < 0) throw new Error('EOF');
  const first = ln + 1;
  let lineNo = first;
  let line = lines[ln];
  let col = 1;
  const fail = (what: string, at: number) =>
    new Error(`${lineNo !== first ? `record on line ${first}; ` : ''}parse error on line ${lineNo}, column ${at}: ${what}`);
  const fields: string[] = [];
  for (;;) {
    if (line[0] !== '"') {
      const i = line.indexOf(',');
      const field = i >= 0 ? line.slice(0, i) : line.replace(/\n$/, '');
      if (field.includes('"')) throw fail('bare " in non-quoted-field', col + field.indexOf('"'));
      fields.push(field);
      if (i < 0) return fields;
      line = line.slice(i + 1);
      col += i + 1;
      continue;
    }
    line = line.slice(1);
    col++;
    let field = '';
    for (;;) {
      const i = line.indexOf('"');
      if (i >= 0) {
        field += line.slice(0, i);
        line = line.slice(i + 1);
        col += i + 1;
        if (line[0] === '"') {
          field += '"';
          line = line.slice(1);
          col++;
        } else if (line[0] === ',') {
          line = line.slice(1);
          col++;
          break;
        } else if (line === '' || line === '\n') {
          fields.push(field);
          return fields;
        } else {
          throw fail('extraneous or missing " in quoted-field', col - 1);
        }
      } else if (line) {
        // a quoted field goes on over the line end
        field += line;
        col += line.length;
        line = lines[++ln] ?? '';
        if (line) { lineNo++; col = 1; }
      } else {
        throw fail('extraneous or missing " in quoted-field', col);
      }
    }
    fields.push(field);
  }
}

/** component-base MapStringString.Set: `k=v,k2=v2` (spaces trimmed) added to `into`. */
function parseMap(v: string, into: Record<string, string>): Record<string, string> {
  for (const part of v.split(',')) {
    const s = part.trim();
    if (!s) continue;
    const i = s.indexOf('=');
    if (i < 0) throw new Error('malformed pair, expect string=string');
    into[s.slice(0, i).trim()] = s.slice(i + 1).trim();
  }
  return into;
}

/**
 * Parse argv against flag specs, pflag-style: `--a=b`, `--a b`, `-a b`, `-ab` (bool shorthands),
 * `-nfoo`, `--` ends flags, flags interspersed with arguments.
 */
export function parseArgs(argv: string[], specs: FlagSpec[], cmdName: string): ParsedArgs {
  // a command's own flag hides a global one of the same name, shorthand included (cobra's AddFlagSet)
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  const flags: FlagValues = {};
  for (const s of specs) {
    if (byName.has(s.name)) continue;
    byName.set(s.name, s);
    if (s.short) byShort.set(s.short, s);
    const d = s.default;
    flags[s.name] = Array.isArray(d) ? [...d] : d && typeof d === 'object' ? { ...d } : d;
  }
  const changed = new Set<string>();
  const args: string[] = [];
  let dashArgs: string[] | undefined;

  // pflag's FlagSet.Set: errors name the flag as `-s, --name` whenever it has a shorthand
  const set = (s: FlagSpec, v: string) => {
    const bad = (why: string) => new FlagError(`invalid argument ${goQuote(v)} for "${s.short ? `-${s.short}, ` : ''}--${s.name}" flag: ${why}`);
    switch (s.type) {
      case 'bool': flags[s.name] = parseBool(s.name, v, s.short); break;
      case 'int': case 'int32': flags[s.name] = parseIntFlag(s.name, v, s.short, s.type === 'int32' ? 32 : 64); break;
      case 'duration':
        try { parseGoDuration(v); } catch (e) { throw bad((e as Error).message); }
        flags[s.name] = v;
        break;
      case 'stringArray':
        if (!changed.has(s.name)) flags[s.name] = [];
        flags[s.name].push(v);
        break;
      case 'stringSlice': {
        let vals: string[];
        try { vals = readCSV(v); } catch (e) { throw bad((e as Error).message); }
        if (!changed.has(s.name)) flags[s.name] = [];
        flags[s.name].push(...vals);
        break;
      }
      case 'mapStringString':
        if (!changed.has(s.name)) flags[s.name] = {};
        try { parseMap(v, flags[s.name]); } catch (e) { throw bad((e as Error).message); }
        break;
      default: flags[s.name] = v;
    }
    changed.add(s.name);
  };
  const unknown = (what: string) => new FlagError(what);

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      dashArgs = argv.slice(i + 1);
      args.push(...dashArgs);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const s = byName.get(name);
      if (!s) throw unknown(`unknown flag: --${name}`);
      if (eq >= 0) set(s, a.slice(eq + 1));
      else if (s.type === 'bool') set(s, 'true');
      else if (NO_OPT_DEFAULTS[name] !== undefined) set(s, NO_OPT_DEFAULTS[name]);
      else {
        if (i + 1 >= argv.length) throw unknown(`flag needs an argument: --${name}`);
        set(s, argv[++i]);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      // shorthand cluster: -it, -n foo, -nfoo, -n=foo
      let j = 1;
      while (j < a.length) {
        const c = a[j];
        const s = byShort.get(c);
        if (!s) throw unknown(`unknown shorthand flag: '${c}' in ${a}`);
        if (s.type === 'bool') {
          if (a[j + 1] === '=') { set(s, a.slice(j + 2)); j = a.length; break; }
          set(s, 'true');
          j++;
          continue;
        }
        let v = a.slice(j + 1);
        if (v.startsWith('=')) v = v.slice(1);
        else if (v === '') {
          if (i + 1 >= argv.length) throw unknown(`flag needs an argument: '${c}' in -${c}`);
          v = argv[++i];
        }
        set(s, v);
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { flags, changed, args, dashArgs };
}
