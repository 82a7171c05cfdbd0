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

/**
 * Write straight to a file descriptor: cheaper at start-up than creating process.stdout (a
 * stream), and synchronous, so nothing is lost at exit. EAGAIN (a non-blocking pipe that is full)
 * is retried; EPIPE (the reader went away, as in `kctl get pods | head`) ends the process quietly.
 */
function writeAll(fd: number, s: string): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const fs = require('node:fs') as typeof import('node:fs');
  let buf = Buffer.from(s, 'utf8');
  while (buf.length > 0) {
    try {
      const n = fs.writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (e: any) {
      if (e.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); continue; }
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}

/** isatty without loading node:tty (which pulls in node:net). */
export function isTerminal(fd: number): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require('node:fs') as typeof import('node:fs')).fstatSync(fd).isCharacterDevice();
  } catch { return false; }
}

export function processIO(): IO {
  return {
    out: (s) => writeAll(1, s),
    err: (s) => writeAll(2, s),
    readStdin: () => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const fs = require('node:fs') as typeof import('node:fs');
      try { return fs.readFileSync(0, 'utf8'); } catch { return ''; }
    },
    get isTTY() { return isTerminal(1); },
  };
}

/** kubectl prints server warnings as `Warning: <text>` (yellow on a terminal unless NO_COLOR). */
export function formatWarning(msg: string, color: boolean): string {
  if (!color || process.env.NO_COLOR) return `Warning: ${msg}\n`;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const chalk = require('chalk') as typeof import('chalk');
  return `${chalk.yellow('Warning:')} ${msg}\n`;
}
