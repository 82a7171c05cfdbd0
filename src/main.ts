// argv → command path → lazily loaded verb → run. The only place that sets the exit code.

import { CliError, formatError, StatusError } from './api/errors';
import { FlagError, FlagSpec, globalFlagSpecs, helpText, parseArgs, parseFlagSpecs } from './cli/flags';
import { COMMANDS, ALIASES } from './cli/registry';
import { Ctx, formatWarning, processIO, IO, isTerminal } from './cli/context';

const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', type: 'bool', default: false };

/** flags kctl accepts beyond kubectl v1.32's: the 2019 lab's `run --replicas` */
const RECORD: FlagSpec = { name: 'record', type: 'bool', default: false };
const EXTRA_FLAGS: Record<string, FlagSpec[]> = {
  run: [{ name: 'replicas', short: 'r', type: 'int', default: 1 }, RECORD],
  // kubectl v1.32 still takes the deprecated, hidden --record on these
  ...Object.fromEntries(['expose', 'scale', 'set image', 'set resources', 'apply', 'annotate', 'label', 'patch', 'create', 'edit', 'autoscale'].map((c) => [c, [RECORD]])),
  proxy: [
    { name: 'background', type: 'bool', default: false },
    { name: 'status', type: 'bool', default: false },
    { name: 'stop', type: 'bool', default: false },
  ],
};

/** kubectl's help screens, with the program named kctl. */
export function kctlHelp(cmdPath: string[]): string | null {
  const t = helpText(cmdPath);
  return t === null ? null : t.replace(/(?<![\w/.-])kubectl(?![\w./-])/g, 'kctl');
}

function subcommandsOf(cmdPath: string[]): string[] {
  const t = helpText(cmdPath);
  if (!t) return [];
  const m = /^Available Commands:\n([\s\S]*?)\n\n/m.exec(t);
  if (!m) return [];
  return m[1].split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** cobra's "Did you mean this?" (Levenshtein distance ≤ 2, or a prefix). */
function suggest(word: string): string {
  const top = (helpText([]) ?? '').split('\n').filter((l) => /^ {2}[a-z-]+ {2,}/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
  const hits = top.filter((c) => editDistance(word, c) <= 2 || c.startsWith(word));
  return hits.length ? `\n\nDid you mean this?\n${hits.map((h) => '\t' + h).join('\n')}\n` : '';
}

/** Find where the command words are in argv, skipping flags (which may take values). */
function findCommand(argv: string[]): { path: string[]; rest: string[] } {
  const path: string[] = [];
  const rest: string[] = [];
  let specs = globalFlagSpecs();
  const takesValue = (tok: string): boolean => {
    if (tok.startsWith('--')) {
      if (tok.includes('=')) return false;
      const s = specs.find((x) => x.name === tok.slice(2));
      return !!s && s.type !== 'bool';
    }
    const last = tok[tok.length - 1];
    if (tok.length !== 2) return false;
    const s = specs.find((x) => x.short === last);
    return !!s && s.type !== 'bool';
  };
  let done = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { rest.push(...argv.slice(i)); break; }
    if (!done && a.startsWith('-') && a !== '-') {
      rest.push(a);
      if (takesValue(a) && i + 1 < argv.length) rest.push(argv[++i]);
      continue;
    }
    if (done) { rest.push(a); continue; }
    let candidate = [...path, a];
    const alias = ALIASES[candidate.join(' ')];
    if (alias) candidate = alias.split(' ');
    const subs = path.length === 0 ? null : subcommandsOf(path);
    if (path.length === 0 || (subs && subs.includes(candidate[candidate.length - 1]))) {
      path.splice(0, path.length, ...candidate);
      specs = [...parseFlagSpecs(helpText(path) ?? ''), ...globalFlagSpecs()];
      if (subcommandsOf(path).length === 0) done = true;
      continue;
    }
    done = true;
    rest.push(a);
  }
  return { path, rest };
}

function resolveNamespace(flags: Record<string, any>): { ns: string; explicit: boolean } {
  if (flags.namespace) return { ns: flags.namespace, explicit: true };
  return { ns: 'default', explicit: false };
}

export async function runCli(argv: string[], io: IO): Promise<number> {
  const { path, rest } = findCommand(argv);
  if (path.length === 0) {
    const p = parseArgs(rest, [...globalFlagSpecs(), HELP_FLAG], 'kctl');
    void p;
    io.out(kctlHelp([])!);
    return 0;
  }
  if (path[0] === 'help') {
    const target = findCommand(rest).path;
    io.out((kctlHelp(target) ?? kctlHelp([]))!);
    return 0;
  }
  if (path[0] === '__complete') {
    // the completion scripts' entry: every word after it is data, not flags
    const idx = argv.indexOf('__complete');
    const words = argv.slice(idx + 1);
    const dash = words.indexOf('--');
    const ctx = makeCtx(['__complete'], 'kctl __complete', { flags: {}, changed: new Set(), args: dash >= 0 ? [...words.slice(0, dash), ...words.slice(dash + 1)] : words, dashArgs: dash >= 0 ? words.slice(dash + 1) : [] }, io);
    await COMMANDS.__complete().run(ctx);
    return 0;
  }
  const cmdName = `kctl ${path.join(' ')}`;
  const help = helpText(path);
  if (help === null) {
    throw new CliError(`Error: unknown command "${path[0]}" for "kctl"${suggest(path[0])}`, { raw: true });
  }
  const specs = [...parseFlagSpecs(help), ...(EXTRA_FLAGS[path.join(' ')] ?? []), ...globalFlagSpecs(), HELP_FLAG];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(rest, specs, cmdName);
  } catch (e) {
    if (e instanceof FlagError) throw new CliError(`Error: ${e.message}\nSee '${cmdName} --help' for usage.`, { raw: true });
    throw e;
  }
  if (parsed.flags.help) {
    io.out(kctlHelp(path)!);
    return 0;
  }
  const loader = COMMANDS[path.join(' ')];
  if (!loader) {
    if (subcommandsOf(path).length > 0) {
      // a command group without a subcommand prints its help, as cobra does
      io.out(kctlHelp(path)!);
      return 0;
    }
    throw new CliError(`"${cmdName}" is not supported by this version of kctl`);
  }
  const ctx = makeCtx(path, cmdName, parsed, io);
  if (parsed.changed.has('record')) {
    io.err('Flag --record has been deprecated, --record will be removed in the future\n');
    // kubectl records the command line in kubernetes.io/change-cause of what it writes
    if (parsed.flags.record) changeCause = ['kctl', ...path, ...rest.map((a) => (a === '--record' ? '--record=true' : a))].join(' ');
  }
  await loader().run(ctx);
  // a NodePort that another program (or another kctl cluster) holds on 127.0.0.1: say which addresses work
  if (openedCluster?.api.servicesWritten && !(parsed.flags['dry-run'] && parsed.flags['dry-run'] !== 'none')) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    await (require('./cli/nodeports') as typeof import('./cli/nodeports')).warnHeldNodePorts(openedCluster, openedRv, ctx.warn);
  }
  // a command that made or changed pods needs a node agent to run them
  if (openedCluster?.api.podsWritten && path[0] !== 'proxy' && path[0] !== 'delete' && !(parsed.flags['dry-run'] && parsed.flags['dry-run'] !== 'none')) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    (require('./cli/proxy') as typeof import('./cli/proxy')).autostart(openedCluster.paths.home, io.err);
  }
  return 0;
}

let openedCluster: import('./controlplane/cluster').Cluster | undefined;
let changeCause: string | undefined;
/** the store's resourceVersion when this command opened it */
let openedRv = 0;

function makeCtx(path: string[], cmdName: string, parsed: Pick<ReturnType<typeof parseArgs>, 'flags' | 'changed' | 'args' | 'dashArgs'>, io: IO): Ctx {
  const { ns, explicit } = resolveNamespace(parsed.flags);
  const ctx: Ctx = {
    path, cmdName, flags: parsed.flags, changed: parsed.changed, args: parsed.args, dashArgs: parsed.dashArgs,
    io, namespace: ns, namespaceExplicit: explicit, now: () => Date.now(),
    warn: (msg) => io.err(formatWarning(msg, isTerminal(2))),
    cluster: () => {
      if (!openedCluster) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const c = require('./controlplane/cluster') as typeof import('./controlplane/cluster');
        openedCluster = c.openCluster(c.resolvePaths(parsed.flags.state || process.env.KCTL_STATE || undefined));
        openedRv = openedCluster.store.rv();
      }
      openedCluster.api.onWarning = ctx.warn;
      if (changeCause) openedCluster.api.changeCause = changeCause;
      return openedCluster;
    },
  };
  return ctx;
}

export function main(argv: string[]): void {
  const io = processIO();
  process.on('exit', () => { try { openedCluster?.store.close(); } catch { /* closing anyway */ } });
  runCli(argv, io).then((code) => { process.exitCode = code; }, (err) => {
    if (!(err instanceof CliError) && !(err instanceof StatusError) && process.env.KCTL_DEBUG) io.err(String(err?.stack) + '\n');
    const msg = err instanceof CliError && err.raw && err.message === '' ? '' : formatError(err);
    if (msg) io.err(msg.endsWith('\n') ? msg : msg + '\n');
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  });
}
