// Built-in `redis` image: a Redis-compatible server run by the kctl node agent as a local process.
// Env: PORT (loopback port to listen on, default 6379), KCTL_LISTEN_HOST (default 127.0.0.1),
// HOSTNAME (pod name). Logs to stdout like the official image; exits 0 on SIGTERM/SIGINT.
import * as net from 'node:net';
import { RequestParser, ProtocolError, encode, err } from './resp';
import { Keyspace, execute, newSession, REDIS_VERSION } from './redis-commands';
import { clientAddress, proxyAwareServer } from './proxyproto';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Redis log timestamp: "27 Nov 2026 05:12:46.123" (UTC, as in a container). */
export function logTime(d: Date): string {
  return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

function log(role: 'C' | 'M', level: '*' | '#' | '.' | '-', msg: string): void {
  process.stdout.write(`1:${role} ${logTime(new Date())} ${level} ${msg}\n`);
}

export function main(): void {
  const port = Number(process.env.PORT || 6379);
  const host = process.env.KCTL_LISTEN_HOST || '127.0.0.1';
  const ks = new Keyspace();
  ks.startedAt = Date.now();
  ks.runId = Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
  const sockets = new Set<net.Socket>();

  log('C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  log('C', '*', `Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=1, just started`);
  log('C', '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf');
  log('M', '*', 'monotonic clock: POSIX clock_gettime');
  log('M', '*', 'Running mode=standalone, port=6379.');
  log('M', '*', 'Server initialized');

  // the agent may start a connection with a PROXY header naming the client (see proxyproto.ts)
  const server = proxyAwareServer((sock) => {
    sockets.add(sock);
    ks.connectedClients++;
    ks.totalConnections++;
    sock.setNoDelay(true);
    const peer = clientAddress(sock);
    const session = newSession(ks, Date.now(), `${peer.address}:${peer.port}`, `${sock.localAddress}:${sock.localPort}`);
    const parser = new RequestParser();
    sock.on('data', (chunk) => {
      let cmds: string[][];
      let protoErr: string | null = null;
      try {
        cmds = parser.feed(chunk);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        cmds = [];
        protoErr = e.message;
      }
      const out: Buffer[] = [];
      for (const argv of cmds) {
        out.push(encode(execute(ks, session, argv, Date.now())));
        if (session.closeAfterReply) break;
      }
      if (protoErr) out.push(encode(err(`ERR ${protoErr}`)));
      if (out.length) sock.write(out.length === 1 ? out[0] : Buffer.concat(out));
      if (session.closeAfterReply || protoErr) { sock.end(); sock.pause(); }
    });
    sock.on('error', () => { /* client went away */ });
    sock.on('close', () => { sockets.delete(sock); ks.connectedClients--; });
  });

  // Active expiry, like Redis's serverCron (keeps memory bounded for keys never read again).
  const cron = setInterval(() => ks.sweep(Date.now()), 1000);
  cron.unref();

  let stopping = false;
  const shutdown = (sig: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`1:signal-handler (${Math.floor(Date.now() / 1000)}) Received ${sig} scheduling shutdown...\n`);
    log('M', '*', 'User requested shutdown...');
    log('M', '#', 'Redis is now ready to exit, bye bye...');
    clearInterval(cron);
    server.close();
    for (const s of sockets) s.destroy();
    // stdout may be a pipe: exit once the log lines are flushed (or at the latest after 50 ms).
    const t = setTimeout(() => process.exit(0), 50);
    process.stdout.write('', () => { clearTimeout(t); process.exit(0); });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  server.on('error', (e: NodeJS.ErrnoException) => {
    log('M', '#', `Warning: Could not create server TCP listening socket ${host}:${port}: ${e.message}`);
    log('M', '#', `Failed listening on port ${port} (tcp), aborting.`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    log('M', '*', 'Ready to accept connections tcp');
  });
}

if (require.main === module) main();
