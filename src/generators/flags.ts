// Flag and command descriptions of kubectl's imperative commands (as `kubectl <cmd> --help` shows
// them), the help screen renderer, and a pflag-compatible argument parser with kubectl's messages.
import { CliError, UsageError } from '../api/errors';

export type FlagType = 'string' | 'bool' | 'int' | 'stringArray' | 'stringSlice' | 'duration' | 'mapStringString';

export interface FlagSpec {
  name: string;
  short?: string;
  /**
   * pflag type. `stringSlice` splits each value on commas (CSV) and accumulates; `stringArray`
   * accumulates values verbatim; both print `[]` in help. `duration` values are Go durations
   * (`1m0s`); `mapStringString` (component-base) is `k=v,k2=v2`, repeatable, printed sorted.
   */
  type: FlagType;
  default?: string | number | boolean | string[] | Record<string, string>;
  help: string;
  /** cobra MarkFlagRequired: `required flag(s) "image" not set` when absent */
  required?: boolean;
  /** value used when the flag is given without `=value` (pflag NoOptDefVal), e.g. --dry-run → "unchanged" */
  noOptDefault?: string;
  /** not shown in help */
  hidden?: boolean;
  /** pflag deprecation message: `Flag --record has been deprecated, <msg>` on stderr when used */
  deprecated?: string;
}

export interface SubcommandSpec { name: string; short: string }

export interface CommandSpec {
  /** command path without the binary, e.g. `create deployment` */
  path: string;
  /** Usage line without `kctl ` and without the trailing ` [options]` */
  use: string;
  aliases?: string[];
  /** one-line description (as in the parent's "Available Commands") */
  short: string;
  /** the description printed at the top of `--help` */
  long: string;
  /** the Examples block, exactly as printed (two-space indented) */
  example?: string;
  subcommands?: SubcommandSpec[];
  flags: FlagSpec[];
}

/** How pflag prints a default in `--name=<default>:` */
export function formatDefault(f: FlagSpec): string {
  const d = f.default;
  switch (f.type) {
    case 'string': return `'${d ?? ''}'`;
    case 'bool': return String(d ?? false);
    case 'int': return String(d ?? 0);
    case 'duration': return String(d ?? '0s');
    case 'stringSlice':
    case 'stringArray': return `[${((d as string[]) ?? []).join(',')}]`;
    case 'mapStringString': {
      const m = (d as Record<string, string>) ?? {};
      return Object.keys(m).sort().map((k) => `${k}=${m[k]}`).join(',');
    }
  }
  return String(d);
}

/**
 * The `kctl <cmd> --help` screen, laid out as kubectl's templates print it.
 * `bin` is the program name used in the trailing hints ("kctl").
 */
export function renderHelp(spec: CommandSpec, bin = 'kctl'): string {
  const out: string[] = [];
  out.push(spec.long, '');
  if (spec.aliases?.length) out.push('Aliases:', spec.aliases.join(', '), '');
  if (spec.example) out.push('Examples:', spec.example, '');
  if (spec.subcommands?.length) {
    const pad = Math.max(...spec.subcommands.map((c) => c.name.length)) + 3;
    out.push('Available Commands:');
    for (const c of spec.subcommands) out.push(`  ${c.name.padEnd(pad)}${c.short}`);
    out.push('');
  }
  const visible = spec.flags.filter((f) => !f.hidden);
  if (visible.length) {
    out.push('Options:');
    for (const f of visible) {
      out.push(`    ${f.short ? `-${f.short}, ` : ''}--${f.name}=${formatDefault(f)}:`, `\t${f.help}`, '');
    }
  }
  out.push('Usage:', `  ${bin} ${spec.use} [options]`, '');
  if (spec.subcommands?.length) out.push(`Use "${bin} ${spec.path} <command> --help" for more information about a given command.`);
  out.push(`Use "${bin} options" for a list of global command-line options (applies to all commands).`);
  return out.join('\n') + '\n';
}

export type FlagValue = string | number | boolean | string[] | Record<string, string>;

export interface ParsedArgs {
  /** positional arguments, including those after `--` */
  args: string[];
  /** cobra ArgsLenAtDash: number of positional args before `--`, or -1 when there was no `--` */
  argsLenAtDash: number;
  /** every flag with its value (defaults filled in), keyed by long name */
  flags: Record<string, FlagValue>;
  /** names of the flags the user set */
  changed: Set<string>;
  /** pflag deprecation warnings to print on stderr */
  warnings: string[];
}

/** Go's strconv.ParseBool */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** encoding/csv reading of one line, as pflag's stringSlice does */
export function readCSV(v: string): string[] {
  if (v === '') return [];
  const out: string[] = [];
  let i = 0;
  while (i <= v.length) {
    if (v[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= v.length) throw new Error('extraneous or missing " in quoted-field');
        if (v[i] === '"') {
          if (v[i + 1] === '"') { s += '"'; i += 2; continue; }
          i++;
          break;
        }
        s += v[i++];
      }
      if (i < v.length && v[i] !== ',') throw new Error('extraneous or missing " in quoted-field');
      out.push(s);
      i++;
    } else {
      const j = v.indexOf(',', i);
      const end = j < 0 ? v.length : j;
      const s = v.slice(i, end);
      if (s.includes('"')) throw new Error('bare " in non-quoted-field');
      out.push(s);
      i = end + 1;
    }
  }
  return out;
}

/** Go strconv.ParseInt(s, 0, 64)-style error text used by pflag's int flags */
function parseIntFlag(v: string): number | string {
  if (!/^[+-]?\d+$/.test(v)) return `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n > 2147483647 || n < -2147483648) {
    return `strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`;
  }
  return n;
}

/** Parse a Go duration (`1m0s`, `5s`, `1h`, `300ms`) into milliseconds; undefined when invalid. */
export function parseDuration(v: string): number | undefined {
  if (v === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let s = v;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) { sign = s[0] === '-' ? -1 : 1; s = s.slice(1); }
  if (!s) return undefined;
  let total = 0;
  re.lastIndex = 0;
  while (re.lastIndex < s.length) {
    const m = re.exec(s);
    if (!m) return undefined;
    total += parseFloat(m[1]) * unit[m[2]];
  }
  return sign * total;
}

function defaultValue(f: FlagSpec): FlagValue {
  if (f.default !== undefined) return Array.isArray(f.default) ? [...f.default] : (typeof f.default === 'object' ? { ...f.default } : f.default);
  switch (f.type) {
    case 'bool': return false;
    case 'int': return 0;
    case 'stringSlice': case 'stringArray': return [];
    case 'mapStringString': return {};
    case 'duration': return '0s';
    default: return '';
  }
}

/**
 * Parse argv the way cobra/pflag do for one command (interspersed flags and args, `--` ends flags).
 * `extra` are further flags accepted (kubectl's global options such as -n/--namespace).
 * Errors carry pflag's messages (`unknown flag: --foo`, `flag needs an argument: --image`,
 * `invalid argument "abc" for "--port" flag: ...`); kubectl prints them as
 * `error: <msg>` + `See 'kubectl <cmd> --help' for usage.` (that footer is the caller's).
 */
export function parseArgs(argv: string[], specs: FlagSpec[], extra: FlagSpec[] = []): ParsedArgs {
  const all = [...specs, ...extra];
  const byName = new Map(all.map((f) => [f.name, f]));
  const byShort = new Map(all.filter((f) => f.short).map((f) => [f.short!, f]));
  const flags: Record<string, FlagValue> = {};
  for (const f of all) flags[f.name] = defaultValue(f);
  const changed = new Set<string>();
  const warnings: string[] = [];
  const args: string[] = [];
  let argsLenAtDash = -1;

  const set = (f: FlagSpec, raw: string, shown: string) => {
    const bad = (why: string) => new CliError(`invalid argument ${JSON.stringify(raw)} for "${shown}" flag: ${why}`);
    if (f.deprecated && !changed.has(f.name)) warnings.push(`Flag --${f.name} has been deprecated, ${f.deprecated}`);
    const first = !changed.has(f.name);
    changed.add(f.name);
    switch (f.type) {
      case 'bool': {
        const b = parseBool(raw);
        if (b === undefined) throw bad(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
        flags[f.name] = b;
        return;
      }
      case 'int': {
        const n = parseIntFlag(raw);
        if (typeof n === 'string') throw bad(n);
        flags[f.name] = n;
        return;
      }
      case 'duration': {
        if (parseDuration(raw) === undefined) throw bad(`time: invalid duration ${JSON.stringify(raw)}`);
        flags[f.name] = raw;
        return;
      }
      case 'stringSlice': {
        let vals: string[];
        try { vals = readCSV(raw); } catch (e) { throw bad((e as Error).message); }
        flags[f.name] = first ? vals : [...(flags[f.name] as string[]), ...vals];
        return;
      }
      case 'stringArray':
        flags[f.name] = first ? [raw] : [...(flags[f.name] as string[]), raw];
        return;
      case 'mapStringString': {
        const m: Record<string, string> = first ? {} : { ...(flags[f.name] as Record<string, string>) };
        for (const part of raw.split(',')) {
          const s = part.trim();
          if (!s) continue;
          const i = s.indexOf('=');
          if (i < 0) throw bad('malformed pair, expect string=string');
          m[s.slice(0, i).trim()] = s.slice(i + 1).trim();
        }
        flags[f.name] = m;
        return;
      }
      default:
        flags[f.name] = raw;
    }
  };
  const takesValue = (f: FlagSpec) => f.type !== 'bool' && f.noOptDefault === undefined;

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      argsLenAtDash = args.length;
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const f = byName.get(name);
      if (!f) throw new CliError(`unknown flag: --${name}`);
      if (eq >= 0) set(f, a.slice(eq + 1), `--${name}`);
      else if (f.type === 'bool') set(f, 'true', `--${name}`);
      else if (f.noOptDefault !== undefined) set(f, f.noOptDefault, `--${name}`);
      else if (i + 1 < argv.length) set(f, argv[++i], `--${name}`);
      else throw new CliError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // -abc, -n value, -nvalue, -n=value
      let j = 1;
      while (j < a.length) {
        const c = a[j];
        const f = byShort.get(c);
        if (!f) throw new CliError(`unknown shorthand flag: '${c}' in ${a}`);
        const shown = `-${c}, --${f.name}`;
        const rest = a.slice(j + 1);
        if (rest.startsWith('=')) { set(f, rest.slice(1), shown); break; }
        if (!takesValue(f)) {
          set(f, f.type === 'bool' ? 'true' : f.noOptDefault!, shown);
          j++;
          continue;
        }
        if (rest) { set(f, rest, shown); break; }
        if (i + 1 < argv.length) { set(f, argv[++i], shown); break; }
        throw new CliError(`flag needs an argument: '${c}' in -${c}`);
      }
      continue;
    }
    args.push(a);
  }
  return { args, argsLenAtDash, flags, changed, warnings };
}

/** cobra's check of MarkFlagRequired flags: `required flag(s) "a", "b" not set` (plain error). */
export function checkRequiredFlags(specs: FlagSpec[], changed: Set<string>): void {
  const missing = specs.filter((f) => f.required && !changed.has(f.name)).map((f) => f.name).sort();
  if (missing.length) throw new CliError(`required flag(s) "${missing.join('", "')}" not set`);
}

/**
 * kubectl's NameFromCommandArgs for `create <kind> NAME`: exactly one positional argument before
 * `--`. Returns the name and the command (arguments after the name).
 */
export function nameFromArgs(args: string[], argsLenAtDash: number, commandPath: string): { name: string; command: string[] } {
  const n = argsLenAtDash === -1 ? args.length : argsLenAtDash;
  if (n !== 1) throw new UsageError(`exactly one NAME is required, got ${n}`, commandPath);
  return { name: args[0], command: args.slice(1) };
}

/** kebab-case flag name → camelCase option key (`from-literal` → `fromLiteral`). */
export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
