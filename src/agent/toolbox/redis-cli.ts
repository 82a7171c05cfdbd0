// redis-cli (Redis 7 behaviour and output) over RESP2, through the toolbox dialer, so that
// `redis-cli -h 10.102.44.127` (a ClusterIP) or `redis-cli -h redis-svc` works inside pods.
//
//   redis-cli [-h HOST] [-p PORT] [-n DB] [-a PASS] [--user U] [-u URI] [-t SEC] [-r N] [-i SEC]
//             [-x] [-e] [-d DELIM] [-D DELIM] [--raw|--no-raw] [--no-auth-warning] [cmd [arg...]]
//
// With a command: send it (-r times), print the reply, exit 0 (an error reply too, unless -e).
// Without: a REPL with the prompt `HOST:PORT> ` (`HOST:PORT[DB]> `, `not connected> `) when stdin
// is a terminal, else the commands of stdin's lines, one after the other, without prompt.
// Replies are formatted as redis-cli does: for a terminal (`PONG`, `"v"`, `(integer) 1`, `(nil)`,
// `(error) ERR ...`, `1) "a"`, `(empty array)`), raw otherwise (stdout not a TTY, or --raw).
import * as net from 'node:net';
import { dial, strerror, DialError } from './dial';
import { ReplyParser, SimpleString, ErrorReply, encodeCommand, splitArgs, Decoded } from '../images/resp';

export const VERSION = '7.2.4'; // the built-in redis image's version

export interface Config {
  host: string;
  port: number;
  db: number;
  user?: string;
  auth?: string;
  raw: boolean;
  repeat: number;
  interval: number; // seconds
  eflag: boolean;
  stdinLastArg: boolean;
  mbDelim: string;
  cmdDelim: string;
  timeoutSec?: number;
  noAuthWarning: boolean;
  /** Environment for the dialer (KCTL_GATEWAY...); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Output sinks: strings are byte strings (latin1), one char per byte. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}

// ---- reply formatting -------------------------------------------------------------------------

/** sdscatrepr: a quoted, escaped representation of a byte string. */
export function repr(s: string): string {
  let o = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '\\' || ch === '"') o += '\\' + ch;
    else if (ch === '\n') o += '\\n';
    else if (ch === '\r') o += '\\r';
    else if (ch === '\t') o += '\\t';
    else if (c === 7) o += '\\a';
    else if (c === 8) o += '\\b';
    else if (c >= 0x20 && c <= 0x7e) o += ch;
    else o += '\\x' + c.toString(16).padStart(2, '0');
  }
  return o + '"';
}

/** cliFormatReplyTTY. */
export function formatTTY(r: Decoded, prefix = ''): string {
  if (r instanceof ErrorReply) return `(error) ${r.message}\n`;
  if (r instanceof SimpleString) return r.value + '\n';
  if (typeof r === 'number') return `(integer) ${r}\n`;
  if (typeof r === 'string') return repr(r) + '\n';
  if (r === null) return '(nil)\n';
  if (Array.isArray(r)) {
    if (r.length === 0) return '(empty array)\n';
    const idxlen = String(r.length).length;
    const sub = prefix + ' '.repeat(idxlen + 2);
    let o = '';
    r.forEach((e, i) => {
      o += (i === 0 ? '' : prefix) + String(i + 1).padStart(idxlen) + ') ';
      o += formatTTY(e, sub);
    });
    return o;
  }
  return '\n';
}

/** cliFormatReplyRaw. */
export function formatRaw(r: Decoded, mbDelim = '\n'): string {
  if (r instanceof ErrorReply) return r.message + '\n';
  if (r instanceof SimpleString) return r.value;
  if (typeof r === 'number') return String(r);
  if (typeof r === 'string') return r;
  if (r === null) return '';
  if (Array.isArray(r)) return r.map((e) => formatRaw(e, mbDelim)).join(mbDelim);
  return '';
}

// ---- the connection ---------------------------------------------------------------------------

class Conn {
  private sock: net.Socket | undefined;
  private parser = new ReplyParser();
  private waiting: { resolve(r: Decoded): void; reject(e: Error): void }[] = [];

  get connected(): boolean { return !!this.sock && !this.sock.destroyed; }

  async open(host: string, port: number, timeoutSec?: number, env?: NodeJS.ProcessEnv): Promise<void> {
    this.close();
    const s = await dial(host, port, { timeoutMs: timeoutSec ? timeoutSec * 1000 : undefined, env });
    s.setNoDelay(true);
    this.sock = s;
    this.parser = new ReplyParser();
    s.on('data', (d: Buffer) => {
      let replies: Decoded[];
      try {
        replies = this.parser.feed(d);
      } catch (e: any) {
        this.fail(new Error(`Protocol error: ${e.message}`));
        return;
      }
      for (const r of replies) this.waiting.shift()?.resolve(r);
    });
    const gone = (): void => this.fail(new Error('Server closed the connection'));
    s.on('end', gone);
    s.on('close', gone);
    s.on('error', (e: NodeJS.ErrnoException) => this.fail(new Error(strerror(e.code, e.message))));
  }

  private fail(e: Error): void {
    const s = this.sock;
    this.sock = undefined;
    s?.destroy();
    const w = this.waiting;
    this.waiting = [];
    for (const x of w) x.reject(e);
  }

  command(args: string[]): Promise<Decoded> {
    const s = this.sock;
    if (!s || s.destroyed) return Promise.reject(new Error('Server closed the connection'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      s.write(encodeCommand(args));
    });
  }

  close(): void {
    const s = this.sock;
    this.sock = undefined;
    s?.destroy();
  }
}

// ---- the client -------------------------------------------------------------------------------

const toBytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

export class Client {
  conn = new Conn();
  inMulti = false;
  /** Result of the last command: an error reply was received. */
  lastError = false;
  constructor(public cfg: Config, public io: Io) {}

  addr(): string {
    return net.isIPv6(this.cfg.host) ? `[${this.cfg.host}]:${this.cfg.port}` : `${this.cfg.host}:${this.cfg.port}`;
  }

  prompt(): string {
    if (!this.conn.connected) return 'not connected> ';
    return `${this.addr()}${this.cfg.db ? `[${this.cfg.db}]` : ''}${this.inMulti ? '(TX)' : ''}> `;
  }

  /** cliConnect: connect, AUTH, SELECT. Prints "Could not connect..." and returns false on failure. */
  async connect(quiet = false): Promise<boolean> {
    try {
      await this.conn.open(this.cfg.host, this.cfg.port, this.cfg.timeoutSec, this.cfg.env);
    } catch (e: any) {
      const d = e as DialError;
      if (!quiet) {
        const why = d.code === 'ENOGATEWAY' || d.code === 'EPROTO' ? d.message : strerror(d.code, d.message);
        this.io.err(`Could not connect to Redis at ${this.addr()}: ${why}\n`);
      }
      return false;
    }
    this.inMulti = false;
    try {
      if (this.cfg.auth !== undefined) {
        const args = this.cfg.user !== undefined ? ['AUTH', this.cfg.user, this.cfg.auth] : ['AUTH', this.cfg.auth];
        const r = await this.conn.command(args.map(toBytes));
        if (r instanceof ErrorReply) this.io.err(`AUTH failed: ${r.message}\n`);
      }
      if (this.cfg.db) {
        const r = await this.conn.command(['SELECT', String(this.cfg.db)]);
        if (r instanceof ErrorReply) {
          this.io.err(`SELECT ${this.cfg.db} failed: ${r.message}\n`);
          this.cfg.db = 0;
        }
      }
    } catch (e: any) {
      if (!quiet) this.io.err(`Error: ${e.message}\n`);
      this.conn.close();
      return false;
    }
    return true;
  }

  private print(r: Decoded): void {
    if (this.cfg.raw) this.io.out(formatRaw(r, this.cfg.mbDelim) + this.cfg.cmdDelim);
    else this.io.out(formatTTY(r));
  }

  /**
   * cliSendCommand: send one command (repeat times) and print the replies. Returns false when the
   * connection failed (the error was printed).
   */
  async send(args: string[], repeat: number): Promise<boolean> {
    if (args.length === 0) return true;
    const name = args[0].toLowerCase();
    for (let n = 0; repeat < 0 || n < repeat; n++) {
      let r: Decoded;
      try {
        r = await this.conn.command(args);
      } catch (e: any) {
        this.io.err(`Error: ${e.message}\n`);
        return false;
      }
      this.lastError = r instanceof ErrorReply;
      this.print(r);
      if (!this.lastError) {
        if (name === 'select' && args.length === 2) this.cfg.db = parseInt(args[1], 10) || 0;
        else if (name === 'multi') this.inMulti = true;
        else if (name === 'exec' || name === 'discard') this.inMulti = false;
        else if (name === 'auth' && args.length >= 2) {
          this.cfg.auth = args[args.length - 1];
          this.cfg.user = args.length === 3 ? args[1] : undefined;
        }
      } else if (name === 'exec') this.inMulti = false;
      if (this.cfg.interval > 0 && (repeat < 0 || n + 1 < repeat)) {
        await new Promise((res) => setTimeout(res, this.cfg.interval * 1000));
      }
    }
    return true;
  }
}

// ---- options ----------------------------------------------------------------------------------

class Usage extends Error { constructor(public code: number, msg: string) { super(msg); } }

function helpText(): string {
  return `redis-cli ${VERSION}

Usage: redis-cli [OPTIONS] [cmd [arg [arg ...]]]
  -h <hostname>      Server hostname (default: 127.0.0.1).
  -p <port>          Server port (default: 6379).
  -a <password>      Password to use when connecting to the server.
                     You can also use the REDISCLI_AUTH environment
                     variable to pass this password more safely
                     (if both are used, this argument takes precedence).
  --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
  --pass <password>  Alias of -a for consistency with the new --user option.
  -u <uri>           Server URI.
  -t <timeout>       Timeout in seconds for connecting.
  -r <repeat>        Execute specified command N times.
  -i <interval>      When -r is used, waits <interval> seconds per command.
                     It is possible to specify sub-second times like -i 0.1.
  -n <db>            Database number.
  -2                 Start session in RESP2 protocol mode.
  -x                 Read last argument from STDIN (see example below).
  -d <delimiter>     Delimiter between response bulks for raw formatting (default: \\n).
  -D <delimiter>     Delimiter between responses for raw formatting (default: \\n).
  -e                 Return exit error code when command execution fails.
  --raw              Use raw formatting for replies (default when STDOUT is
                     not a tty).
  --no-raw           Force formatted output even when STDOUT is not a tty.
  --no-auth-warning  Don't show warning message when using password on command
                     line interface.
  --help             Output this help and exit.
  --version          Output version and exit.

Examples:
  cat /etc/passwd | redis-cli -x set mypasswd
  redis-cli -D "" --raw dump key > key.dump && redis-cli -X dump_tag restore key2 0 dump_tag replace < key.dump
  redis-cli -r 100 lpush mylist x
  redis-cli -r 100 -i 1 info | grep used_memory_human:
  redis-cli --quoted-input set '"null-\\x00-separated"' value
  redis-cli --eval myscript.lua key1 key2 , arg1 arg2 arg3
  redis-cli --scan --pattern '*:12345*'

  (Note: when using --eval the comma separates KEYS[] from ARGV[] items)

When no command is given, redis-cli starts in interactive mode.
Type "help" in interactive mode for information on available commands
and settings.

`;
}

/** redis-cli parseOptions(): options up to the first word that is not one. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, stdoutTTY: boolean): { cfg: Config; args: string[] } {
  const cfg: Config = {
    host: '127.0.0.1', port: 6379, db: 0, raw: !stdoutTTY, repeat: 1, interval: 0, eflag: false,
    stdinLastArg: false, mbDelim: '\n', cmdDelim: '\n', noAuthWarning: false,
  };
  let forceRaw: boolean | undefined;
  let authFromArgs = false;
  let i = 0;
  const bad = (a: string) => new Usage(1, `Unrecognized option or bad number of args for: '${a}'\n`);
  const unescape = (s: string) => s.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  for (; i < argv.length; i++) {
    const a = argv[i];
    const last = i === argv.length - 1;
    const next = (): string => argv[++i];
    if (a === '-h' && !last) cfg.host = next();
    else if (a === '-h' && last) throw new Usage(0, helpText());
    else if (a === '--help') throw new Usage(0, helpText());
    else if (a === '-v' || a === '--version') throw new Usage(0, `redis-cli ${VERSION}\n`);
    else if (a === '-p' && !last) cfg.port = parseInt(next(), 10) || 0;
    else if (a === '-t' && !last) cfg.timeoutSec = Number(next()) || undefined;
    else if (a === '-s' && !last) throw new Usage(1, 'Unix sockets are not supported by the kctl toolbox\n');
    else if (a === '-r' && !last) cfg.repeat = parseInt(next(), 10) || 0;
    else if (a === '-i' && !last) cfg.interval = Number(next()) || 0;
    else if (a === '-n' && !last) cfg.db = parseInt(next(), 10) || 0;
    else if ((a === '-a' || a === '--pass') && !last) { cfg.auth = next(); authFromArgs = true; }
    else if (a === '--user' && !last) cfg.user = next();
    else if (a === '-u' && !last) {
      const u = next();
      const m = /^rediss?:\/\/(?:([^:@]*)(?::([^@]*))?@)?(\[[^\]]+\]|[^:/]*)(?::(\d+))?(?:\/(\d+))?/.exec(u);
      if (!m) throw new Usage(1, `Invalid URI scheme\n`);
      if (m[2] !== undefined) {
        cfg.auth = decodeURIComponent(m[2]);
        authFromArgs = true;
        if (m[1]) cfg.user = decodeURIComponent(m[1]);
      } else if (m[1]) { cfg.auth = decodeURIComponent(m[1]); authFromArgs = true; }
      if (m[3]) cfg.host = m[3].replace(/^\[|\]$/g, '');
      if (m[4]) cfg.port = Number(m[4]);
      if (m[5]) cfg.db = Number(m[5]);
    }
    else if (a === '-x') cfg.stdinLastArg = true;
    else if (a === '-d' && !last) cfg.mbDelim = unescape(next());
    else if (a === '-D' && !last) cfg.cmdDelim = unescape(next());
    else if (a === '-e') cfg.eflag = true;
    else if (a === '-2') { /* RESP2: the only protocol spoken */ }
    else if (a === '-c') { /* cluster mode: a single node here */ }
    else if (a === '--raw') forceRaw = true;
    else if (a === '--no-raw') forceRaw = false;
    else if (a === '--no-auth-warning') cfg.noAuthWarning = true;
    else if (a.startsWith('-')) throw bad(a);
    else break;
  }
  if (forceRaw !== undefined) cfg.raw = forceRaw;
  if (authFromArgs && !cfg.noAuthWarning) {
    (cfg as any).warnAuth = true;
  }
  if (cfg.auth === undefined && env.REDISCLI_AUTH) cfg.auth = env.REDISCLI_AUTH;
  return { cfg, args: argv.slice(i) };
}

// ---- REPL -------------------------------------------------------------------------------------

const REPL_HELP = `redis-cli ${VERSION}
To get help about Redis commands type:
      "help @<group>" to get a list of commands in <group>
      "help <command>" for help on <command>
      "help <tab>" to get a list of possible help topics
      "quit" to exit

To set redis-cli preferences:
      ":set hints" enable online hints
      ":set nohints" disable online hints
Set your preferences in ~/.redisclirc
`;

export interface LineSource {
  /** The next line (without its newline), or null at the end. `prompt` is shown when interactive. */
  next(prompt: string): Promise<string | null>;
  clear?(): void;
}

/** repl(): read lines, run them, print replies. Returns the exit code. */
export async function repl(client: Client, lines: LineSource): Promise<number> {
  for (;;) {
    const line = await lines.next(client.prompt());
    if (line === null) return 0;
    const argv = splitArgs(toBytes(line));
    if (argv === null) {
      client.io.out('Invalid argument(s)\n');
      continue;
    }
    if (argv.length === 0) continue;
    const cmd = argv[0].toLowerCase();
    if (cmd === 'quit' || cmd === 'exit') return 0;
    if (cmd === 'help' || cmd === '?') {
      client.io.out(REPL_HELP);
      continue;
    }
    if (cmd === ':set') continue;
    if (cmd === 'clear') { lines.clear?.(); continue; }
    if (cmd === 'connect' && argv.length >= 2) {
      client.cfg.host = argv[1];
      client.cfg.port = argv.length >= 3 ? parseInt(argv[2], 10) || 0 : 6379;
      client.cfg.db = 0;
      await client.connect();
      continue;
    }
    // "3 ping": repeat the command
    let repeat = 1;
    let args = argv;
    if (argv.length > 1 && /^-?\d+$/.test(argv[0])) {
      repeat = parseInt(argv[0], 10);
      args = argv.slice(1);
      if (repeat === 0) continue;
    }
    if (!client.conn.connected && !(await client.connect())) continue;
    if (!(await client.send(args, repeat))) {
      // the connection broke: reconnect for the next command
      client.conn.close();
    }
  }
}

function stdinLines(interactive: boolean, io: Io): LineSource {
  const readline = require('node:readline') as typeof import('node:readline');
  const rl = readline.createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
    historySize: interactive ? 100 : 0,
  });
  const queue: string[] = [];
  let closed = false;
  let waiter: (() => void) | undefined;
  rl.on('line', (l) => { queue.push(l); const w = waiter; waiter = undefined; w?.(); });
  rl.on('close', () => { closed = true; const w = waiter; waiter = undefined; w?.(); });
  if (interactive) rl.on('SIGINT', () => { io.out('\n'); rl.close(); });
  return {
    async next(prompt: string): Promise<string | null> {
      if (interactive && !closed) { rl.setPrompt(prompt); rl.prompt(); }
      while (!queue.length && !closed) await new Promise<void>((r) => { waiter = r; });
      if (queue.length) return queue.shift()!;
      return null;
    },
    clear(): void { if (interactive) process.stdout.write('\x1b[H\x1b[2J'); },
  };
}

function readAllStdin(): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    process.stdin.on('data', (d: Buffer) => parts.push(d));
    process.stdin.on('end', () => resolve(Buffer.concat(parts)));
    process.stdin.on('error', () => resolve(Buffer.concat(parts)));
  });
}

export async function main(argv: string[]): Promise<number> {
  const io: Io = {
    out: (s) => { process.stdout.write(Buffer.from(s, 'latin1')); },
    err: (s) => { process.stderr.write(Buffer.from(s, 'latin1')); },
  };
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv, process.env, !!process.stdout.isTTY);
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    (e.code === 0 ? process.stdout : process.stderr).write(e.message);
    return e.code;
  }
  const { cfg } = parsed;
  let args = parsed.args.map(toBytes);
  if ((cfg as any).warnAuth) {
    io.err("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n");
  }
  const client = new Client(cfg, io);
  try {
    if (args.length === 0 && !cfg.stdinLastArg) {
      // REPL: a failed connection is reported and retried for every command
      const interactive = !!process.stdin.isTTY;
      await client.connect();
      return await repl(client, stdinLines(interactive, io));
    }
    if (cfg.stdinLastArg) args = [...args, (await readAllStdin()).toString('latin1')];
    if (!(await client.connect())) return 1;
    if (!(await client.send(args, cfg.repeat))) return 1;
    return cfg.eflag && client.lastError ? 1 : 0;
  } finally {
    client.conn.close();
  }
}
