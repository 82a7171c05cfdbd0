// nc (busybox 1.36 with NC_110_COMPAT, the nc of the busybox image):
//   nc [-nv] [-w SEC] [-i SEC] [-z] HOST PORT [-e PROG [ARGS]]   connect
//   nc -l [-k] [-p PORT] [-s ADDR] [-v] [-w SEC] [HOST] [PORT] [-e PROG [ARGS]]   listen
// Connections go through the toolbox dialer (virtual cluster addresses work inside pods).
// Listen mode binds 127.0.0.1 (a pod's address is virtual: the listener is on the host's loopback,
// reachable from the same pod or node as 127.0.0.1:PORT; it is not published at the pod IP).
// Differences from busybox: no UDP (-u); -o (hex dump) is accepted and ignored; with a terminal
// on stdin, nc ends when the peer closes the connection (busybox waits for ^D).
import * as fs from 'node:fs';
import * as net from 'node:net';
import { spawn } from 'node:child_process';
import { dial, dialedAddress, isLoopback, joinHostPort, strerror, DialError } from './dial';
import { getopt, usage, OptError } from './main';

const TRIVIAL = '[OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen';
const FULL = '\t-e PROG\tRun PROG after connect (must be last)' +
  '\n\t-l\tListen mode, for inbound connects' +
  '\n\t-lk\tWith -e, provides persistent server' +
  '\n\t-p PORT\tLocal port' +
  '\n\t-s ADDR\tLocal address' +
  '\n\t-w SEC\tTimeout for connects and final net reads' +
  '\n\t-i SEC\tDelay interval for lines sent' +
  '\n\t-n\tDon\'t do DNS resolution' +
  '\n\t-u\tUDP mode' +
  '\n\t-b\tAllow broadcasts' +
  '\n\t-v\tVerbose' +
  '\n\t-o FILE\tHex dump traffic' +
  '\n\t-z\tZero-I/O mode (scanning)';

const err = (s: string): void => { process.stderr.write(`nc: ${s}\n`); };

let services: Map<string, number> | undefined;
/** bb_lookup_port: a number or a service name from /etc/services; undefined when unknown. */
export function lookupPort(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 65535 ? n : undefined;
  }
  if (!services) {
    services = new Map([['http', 80], ['https', 443], ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['domain', 53]]);
    try {
      for (const line of fs.readFileSync('/etc/services', 'utf8').split('\n')) {
        const m = /^([\w.+-]+)\s+(\d+)\/tcp\b(.*)$/.exec(line.replace(/#.*/, '').trim());
        if (!m) continue;
        if (!services.has(m[1])) services.set(m[1], Number(m[2]));
        for (const alias of m[3].trim().split(/\s+/)) if (alias && !services.has(alias)) services.set(alias, Number(m[2]));
      }
    } catch { /* no /etc/services */ }
  }
  return services.get(s);
}

interface Io {
  /** seconds; 0 = none */
  wait: number;
  interval: number;
}

/**
 * Shovel stdin → socket and socket → stdout (busybox readwrite()): stdin's end half-closes the
 * connection; the peer's end stops the output. Done when both directions are, when the connection
 * breaks, or (with -w SEC) after two idle periods. With a terminal on stdin, the peer's end is the
 * end (nobody is going to type ^D into a closed connection).
 */
function readwrite(sock: net.Socket, io: Io): Promise<number> {
  return new Promise((resolve) => {
    let finished = false;
    let netretry = 2;
    let timer: NodeJS.Timeout | undefined;
    let netEnded = false;
    let stdinEnded = false;
    const stdin = process.stdin;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      stdin.removeListener('data', onStdin);
      stdin.pause();
      sock.destroy();
      // what was written to stdout is flushed first
      process.stdout.write('', () => resolve(code));
    };
    const arm = (): void => {
      if (!io.wait || finished) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (--netretry === 0) finish(0);
        else arm();
      }, io.wait * 1000);
    };
    // -i SEC: lines are sent one at a time, SEC seconds apart
    const queue: Buffer[] = [];
    let sending = false;
    const endOutput = (): void => {
      if (finished) return;
      sock.end(); // shutdown(SHUT_WR): the peer learns we have no more data
      if (netEnded) finish(0);
    };
    const pump = async (): Promise<void> => {
      if (sending) return;
      sending = true;
      while (queue.length && !finished) {
        const b = queue.shift()!;
        await new Promise((r) => setTimeout(r, io.interval * 1000));
        if (!finished) sock.write(b);
      }
      sending = false;
      if (stdinEnded) endOutput();
    };
    const onStdin = (d: Buffer): void => {
      arm();
      if (finished) return;
      if (!io.interval) {
        if (!sock.write(d)) { stdin.pause(); sock.once('drain', () => stdin.resume()); }
        return;
      }
      let start = 0;
      for (let i = 0; i < d.length; i++) if (d[i] === 0x0a) { queue.push(d.subarray(start, i + 1)); start = i + 1; }
      if (start < d.length) queue.push(d.subarray(start));
      void pump();
    };
    sock.on('data', (d: Buffer) => {
      arm();
      if (!process.stdout.write(d)) { sock.pause(); process.stdout.once('drain', () => sock.resume()); }
    });
    sock.on('end', () => {
      netEnded = true;
      if (stdinEnded || stdin.isTTY) finish(0);
    });
    sock.on('error', () => finish(0));
    sock.on('close', () => finish(0));
    stdin.on('data', onStdin);
    stdin.on('end', () => {
      stdinEnded = true;
      if (!sending && !queue.length) endOutput();
    });
    stdin.on('error', () => { stdinEnded = true; endOutput(); });
    arm();
  });
}

/** -e PROG: the program's stdin and stdout are the connection; its exit code is ours. */
function doexec(sock: net.Socket, prog: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(prog[0], prog.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    child.on('error', (e: NodeJS.ErrnoException) => {
      err(`can't execute '${prog[0]}': ${e.code === 'ENOENT' ? 'No such file or directory' : e.message}`);
      sock.destroy();
      resolve(127);
    });
    sock.pipe(child.stdin!);
    child.stdout!.pipe(sock);
    child.stdin!.on('error', () => {});
    sock.on('error', () => child.stdin!.destroy());
    child.on('close', (code, sig) => { sock.end(); resolve(code ?? (sig ? 128 + 9 : 1)); });
  });
}

export async function main(argv: string[]): Promise<number> {
  // -e PROG [ARGS...] (or -<flags>e PROG) ends the options: everything after is the program.
  let prog: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-e') { prog = argv.slice(i + 1); argv = argv.slice(0, i); break; }
    const m = /^-([nuvlkz]*)e$/.exec(a);
    if (m && a.length > 2) { prog = argv.slice(i + 1); argv = [...argv.slice(0, i), '-' + m[1]]; break; }
  }
  if (prog && prog.length === 0) return usage('nc', TRIVIAL, FULL);
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(argv, {
      short: { n: false, p: true, s: true, u: false, b: false, v: false, w: true, l: false, k: false, i: true, o: true, z: false },
    });
  } catch (e) {
    if (!(e instanceof OptError)) throw e;
    err(e.message);
    return usage('nc', TRIVIAL, FULL);
  }
  const count = (k: string) => parsed.opts.filter(([o]) => o === k).length;
  const value = (k: string) => { const all = parsed.opts.filter(([o]) => o === k); return all.length ? all[all.length - 1][1] : undefined; };
  const args = parsed.args;
  if (args.length > 2) return usage('nc', TRIVIAL, FULL);
  const verbose = count('v');
  const numberOpt = (k: string, max: number): number | undefined | null => {
    const v = value(k);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) > max) { err(`invalid number '${v}'`); return null; }
    return Number(v);
  };
  const wait = numberOpt('w', 0x7fffffff);
  const interval = numberOpt('i', 0xffff);
  if (wait === null || interval === null) return 1;
  if (interval === 0) { err(`number 0 is not in 1..65535 range`); return 1; }
  if (count('u')) { err('UDP mode is not supported by the kctl toolbox'); return 1; }
  const io: Io = { wait: wait ?? 0, interval: interval ?? 0 };
  let lport = 0;
  const p = value('p');
  if (p !== undefined) {
    const n = lookupPort(p);
    if (n === undefined) { err(`bad port '${p}'`); return 1; }
    lport = n;
  }
  let rport: number | undefined;
  if (args.length === 2) {
    rport = lookupPort(args[1]);
    if (rport === undefined) { err(`bad port '${args[1]}'`); return 1; }
  }

  if (count('l')) return listen(args, rport, lport, value('s'), verbose, count('k') > 0, io, prog);

  // Outbound connect
  if (args.length < 2 || rport === undefined) return usage('nc', TRIVIAL, FULL);
  const host = args[0];
  let sock: net.Socket;
  try {
    sock = await dial(host, rport, { timeoutMs: io.wait ? io.wait * 1000 : undefined });
  } catch (e: any) {
    const d = e as DialError;
    if (d.code === 'ENOTFOUND') { err(`bad address '${host}'`); return 1; }
    if (d.code === 'ENOGATEWAY' || d.code === 'EPROTO') { err(d.message); return 1; }
    // busybox: a refusal is reported with -vv only (one -v: other failures); the exit code is 1
    if (verbose > 1 || (verbose && d.code !== 'ECONNREFUSED')) {
      err(`${host} (${d.address ?? joinHostPort(host, rport)}): ${strerror(d.code, d.message)}`);
    }
    return 1;
  }
  if (verbose) process.stderr.write(`${host} (${dialedAddress(sock) ?? joinHostPort(host, rport)}) open\n`);
  if (prog) return doexec(sock, prog);
  if (count('z')) { sock.destroy(); return 0; }
  return readwrite(sock, io);
}

function listen(args: string[], rport: number | undefined, lport: number, local: string | undefined, verbose: number,
  keep: boolean, io: Io, prog: string[] | undefined): Promise<number> {
  const bindHost = local ?? '127.0.0.1';
  if (!isLoopback(bindHost)) {
    err('bind: Cannot assign requested address');
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    let timer: NodeJS.Timeout | undefined;
    let active = 0;
    const done = (code: number): void => {
      if (timer) clearTimeout(timer);
      server.close();
      resolve(code);
    };
    server.on('error', (e: NodeJS.ErrnoException) => {
      err(e.code === 'EADDRINUSE' ? 'bind: Address already in use' : `bind: ${e.message}`);
      done(1);
    });
    server.on('connection', (sock: net.Socket) => {
      const peer = (sock.remoteAddress ?? '').replace(/^::ffff:/, '');
      // HOST [PORT] given: only connections from there are taken
      if (args.length >= 1 && !(isLoopback(args[0]) ? isLoopback(peer) : args[0] === peer) ||
        (rport !== undefined && sock.remotePort !== rport)) {
        err(`connect from wrong ip/port ${joinHostPort(peer, sock.remotePort ?? 0)} ignored`);
        sock.destroy();
        return;
      }
      if (timer) { clearTimeout(timer); timer = undefined; }
      if (verbose) {
        const a = server.address() as net.AddressInfo;
        const from = joinHostPort(peer, sock.remotePort ?? 0);
        process.stderr.write(`connect to ${joinHostPort(a.address, a.port)} from ${from} (${from})\n`);
      }
      sock.resume();
      if (keep && prog) {
        active++;
        void doexec(sock, prog).then(() => { active--; });
        return;
      }
      server.close();
      void (prog ? doexec(sock, prog) : readwrite(sock, io)).then(done);
    });
    server.listen(lport, bindHost, () => {
      const a = server.address() as net.AddressInfo;
      if (verbose) process.stderr.write(`listening on ${joinHostPort(a.address, a.port)} ...\n`);
      if (io.wait) {
        timer = setTimeout(() => { if (!active) { err('timeout'); done(1); } }, io.wait * 1000);
      }
    });
  });
}
