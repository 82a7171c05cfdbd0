// The pod toolbox: busybox-like applets for processes run by kctl (pods, `kctl exec`,
// `kctl run -it`), which reach the cluster's virtual addresses through the node agent's cluster
// gateway ($KCTL_GATEWAY). Entry point: `node dist/src/agent/toolbox/main.js <applet> [args...]`;
// the libexec/toolbox/<applet> scripts (put on the pods' PATH) call it.
//
// Each applet module exports `main(argv: string[]): Promise<number>` (argv without the applet
// name; the result is the exit code) and is loaded only when used.

/** Applet name → module (relative to this directory). */
export const APPLETS: Record<string, string> = {
  'wget': 'wget',
  'nc': 'nc',
  'redis-cli': 'redis-cli',
  'hostname': 'hostname',
  'nslookup': 'nslookup',
};

type Applet = { main(argv: string[]): Promise<number> };

/** The version the applets claim (the busybox of the `busybox:1.36` image). */
export const BUSYBOX_BANNER = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC)';

/** busybox's bb_show_usage(): the banner and the applet's usage on stderr; returns exit code 1. */
export function usage(applet: string, trivial: string, full: string): number {
  process.stderr.write(`${BUSYBOX_BANNER} multi-call binary.\n\nUsage: ${applet} ${trivial}\n\n${full}\n`);
  return 1;
}

export interface OptSpec {
  /** Short options: letter → true when it takes an argument. */
  short: Record<string, boolean>;
  /** Long options: name → [short letter or key, takes an argument]. */
  long?: Record<string, [string, boolean]>;
}

export class OptError extends Error {}

/**
 * getopt_long as busybox's getopt32 uses it (glibc): options may follow operands (permutation),
 * `--` ends them, short flags combine (`-qO-`), long options take `=value` or the next argument
 * and may be abbreviated to a unique prefix. Returns every occurrence in order.
 */
export function getopt(argv: string[], spec: OptSpec): { opts: [string, string | undefined][]; args: string[] } {
  const opts: [string, string | undefined][] = [];
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { args.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--') && spec.long) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      let hit = spec.long[name] ? name : undefined;
      if (!hit) {
        const cands = Object.keys(spec.long).filter((k) => k.startsWith(name));
        if (cands.length > 1) throw new OptError(`option '--${name}' is ambiguous`);
        hit = cands[0];
      }
      if (!hit) throw new OptError(`unrecognized option '${a}'`);
      const [key, hasArg] = spec.long[hit];
      if (hasArg) {
        if (eq >= 0) opts.push([key, a.slice(eq + 1)]);
        else if (i + 1 < argv.length) opts.push([key, argv[++i]]);
        else throw new OptError(`option '--${hit}' requires an argument`);
      } else {
        if (eq >= 0) throw new OptError(`option '--${hit}' doesn't allow an argument`);
        opts.push([key, undefined]);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (!(c in spec.short)) throw new OptError(`invalid option -- '${c}'`);
        if (spec.short[c]) {
          if (j + 1 < a.length) opts.push([c, a.slice(j + 1)]);
          else if (i + 1 < argv.length) opts.push([c, argv[++i]]);
          else throw new OptError(`option requires an argument -- '${c}'`);
          break;
        }
        opts.push([c, undefined]);
      }
      continue;
    }
    args.push(a);
  }
  return { opts, args };
}

function load(name: string): Applet | undefined {
  const mod = APPLETS[name];
  if (!mod) return undefined;
  try {
    // A computed path: tsc does not check it, so the build passes before every applet exists.
    return require('./' + mod) as Applet;
  } catch (e: any) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`/${mod}'`)) return undefined;
    throw e;
  }
}

function exit(code: number): void {
  // stdout/stderr are synchronous for files and pipes on Linux; the callback covers TTYs elsewhere.
  let left = 2;
  const done = (): void => { if (--left === 0) process.exit(code); };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

export async function run(argv: string[]): Promise<number> {
  const name = argv[0] ?? '';
  const applet = load(name);
  if (!applet || typeof applet.main !== 'function') {
    process.stderr.write(`${name}: applet not found\n`);
    return 127;
  }
  return applet.main(argv.slice(1));
}

if (require.main === module) {
  // A closed reader (`wget -O - ... | head -1`): die quietly as if by SIGPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(141); });
  run(process.argv.slice(2)).then(
    (code) => exit(code),
    (e) => {
      process.stderr.write(`${process.argv[2] ?? 'toolbox'}: ${e?.message ?? e}\n`);
      exit(1);
    },
  );
}
