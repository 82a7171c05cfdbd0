// Flags as kubectl (cobra + pflag) parses them. The flag set of every command is read from the
// captured `kubectl <cmd> --help` screen (fixtures/kubectl-help/), so kctl accepts exactly the
// flags kubectl accepts, with kubectl's defaults, and prints kubectl's help.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../api/errors';

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice' | 'duration';

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

/** flags that pflag declares as StringSlice (comma-separated values split) */
const SLICE_FLAGS = new Set(['filename', 'tcp', 'label-columns', 'image', 'external-ip', 'as-group', 'resource-name', 'verb',
  'resource', 'non-resource-url', 'aggregation-rule', 'show-kind']);
/** pflag NoOptDefVal: the value a flag takes when given without `=value` */
const NO_OPT_DEFAULTS: Record<string, string> = { 'dry-run': 'unchanged', cascade: 'background', validate: 'strict' };
const DURATION_RE = /^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)+$/;

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

function parseDefault(raw: string, name: string): { type: FlagType; value: unknown } {
  if (raw === 'true' || raw === 'false') return { type: 'bool', value: raw === 'true' };
  if (raw.startsWith('[')) {
    const inner = raw.slice(1, -1);
    const vals = inner ? inner.split(',') : [];
    return { type: SLICE_FLAGS.has(name) ? 'stringSlice' : 'stringArray', value: vals };
  }
  if (raw.startsWith("'")) return { type: 'string', value: raw.slice(1, -1) };
  if (/^-?\d+$/.test(raw)) return { type: 'int', value: Number(raw) };
  if (DURATION_RE.test(raw)) return { type: 'duration', value: raw };
  return { type: 'string', value: raw };
}

/** Parse the `Options:` (or the global options) section of a kubectl help screen. */
export function parseFlagSpecs(help: string): FlagSpec[] {
  const specs: FlagSpec[] = [];
  const re = /^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(help))) {
    const d = parseDefault(m[3], m[2]);
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

export function parseIntFlag(name: string, v: string, shortName?: string): number {
  const shown = shortName ? `-${shortName}, --${name}` : `--${name}`;
  if (!/^[-+]?\d+$/.test(v)) throw new FlagError(`invalid argument "${v}" for "${shown}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`);
  return Number(v);
}

/** A cobra/pflag parse error: printed as `Error: <msg>` + `See '<cmd> --help' for usage.` */
export class FlagError extends CliError {}

function parseBool(name: string, v: string, shortName?: string): boolean {
  if (['true', 'True', 'TRUE', 't', 'T', '1'].includes(v)) return true;
  if (['false', 'False', 'FALSE', 'f', 'F', '0'].includes(v)) return false;
  const shown = shortName ? `-${shortName}, --${name}` : `--${name}`;
  throw new FlagError(`invalid argument "${v}" for "${shown}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
}

/** Go duration → milliseconds (`1m30s`, `500ms`, `0`). */
export function parseDuration(v: string): number {
  if (v === '0' || v === '') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(v))) {
    const n = Number(m[1]);
    consumed += m[0].length;
    total += n * ({ ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2]];
  }
  if (consumed !== v.replace(/^-/, '').length) throw new CliError(`time: invalid duration "${v}"`);
  return v.startsWith('-') ? -total : total;
}

/**
 * Parse argv against flag specs, pflag-style: `--a=b`, `--a b`, `-a b`, `-ab` (bool shorthands),
 * `-nfoo`, `--` ends flags, flags interspersed with arguments.
 */
export function parseArgs(argv: string[], specs: FlagSpec[], cmdName: string): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    if (s.short) byShort.set(s.short, s);
  }
  const flags: FlagValues = {};
  for (const s of specs) flags[s.name] = Array.isArray(s.default) ? [...s.default] : s.default;
  const changed = new Set<string>();
  const args: string[] = [];
  let dashArgs: string[] | undefined;

  const set = (s: FlagSpec, v: string, shown: string) => {
    switch (s.type) {
      case 'bool': flags[s.name] = parseBool(s.name, v, s.short); break;
      case 'int': flags[s.name] = parseIntFlag(s.name, v, s.short); break;
      case 'duration':
        try { parseDuration(v); } catch {
          throw new FlagError(`invalid argument "${v}" for "${s.short ? `-${s.short}, ` : ''}--${s.name}" flag: time: invalid duration "${v}"`);
        }
        flags[s.name] = v;
        break;
      case 'stringArray':
        if (!changed.has(s.name)) flags[s.name] = [];
        flags[s.name].push(v);
        break;
      case 'stringSlice':
        if (!changed.has(s.name)) flags[s.name] = [];
        flags[s.name].push(...(v === '' ? [] : v.split(',')));
        break;
      default: flags[s.name] = v;
    }
    void shown;
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
      if (eq >= 0) set(s, a.slice(eq + 1), `--${name}`);
      else if (s.type === 'bool') set(s, 'true', `--${name}`);
      else if (NO_OPT_DEFAULTS[name] !== undefined) set(s, NO_OPT_DEFAULTS[name], `--${name}`);
      else {
        if (i + 1 >= argv.length) throw unknown(`flag needs an argument: --${name}`);
        set(s, argv[++i], `--${name}`);
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
          if (a[j + 1] === '=') { set(s, a.slice(j + 2), `-${c}`); j = a.length; break; }
          set(s, 'true', `-${c}`);
          j++;
          continue;
        }
        let v = a.slice(j + 1);
        if (v.startsWith('=')) v = v.slice(1);
        else if (v === '') {
          if (i + 1 >= argv.length) throw unknown(`flag needs an argument: '${c}' in -${c}`);
          v = argv[++i];
        }
        set(s, v, `-${c}`);
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { flags, changed, args, dashArgs };
}
