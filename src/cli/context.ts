// What a command gets: its parsed flags and arguments, the IO streams, and lazy access to the
// cluster. Library code writes to these streams and never calls process.exit.

import type { FlagValues } from './flags';
import type { Cluster } from '../controlplane/cluster';

export interface IO {
  out: (s: string) => void;
  err: (s: string) => void;
  /** all of standard input */
  readStdin: () => string;
  isTTY: boolean;
}

export interface Ctx {
  /** command path, e.g. ['create', 'deployment'] */
  path: string[];
  /** `kctl create deployment` */
  cmdName: string;
  flags: FlagValues;
  changed: Set<string>;
  args: string[];
  dashArgs?: string[];
  io: IO;
  /** -n / --namespace, or `default` */
  namespace: string;
  namespaceExplicit: boolean;
  now: () => number;
  cluster: () => Cluster;
  /** print `Warning: <msg>` on stderr (kubectl's warning handler) */
  warn: (msg: string) => void;
}

export function processIO(): IO {
  return {
    out: (s) => { process.stdout.write(s); },
    err: (s) => { process.stderr.write(s); },
    readStdin: () => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const fs = require('node:fs') as typeof import('node:fs');
      try { return fs.readFileSync(0, 'utf8'); } catch { return ''; }
    },
    isTTY: !!process.stdout.isTTY,
  };
}

/** kubectl prints server warnings as `Warning: <text>` (yellow on a terminal unless NO_COLOR). */
export function formatWarning(msg: string, color: boolean): string {
  if (!color || process.env.NO_COLOR) return `Warning: ${msg}\n`;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const chalk = require('chalk') as typeof import('chalk');
  return `${chalk.yellow('Warning:')} ${msg}\n`;
}
