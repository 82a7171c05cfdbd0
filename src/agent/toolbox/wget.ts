// wget (busybox 1.36 behaviour and messages): HTTP/1.1 GET/POST, https (no certificate
// validation, as busybox's internal TLS), redirects, chunked bodies, -c, --spider, -S, -T, -O, -P,
// -U, --header, -o LOGFILE, http_proxy. Connections go through the toolbox dialer, so virtual
// cluster addresses (ClusterIPs, pod IPs, service names) work from inside pods.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { dial, dialedAddress, addressHost, strerror, DialError } from './dial';
import { getopt, usage, OptError } from './main';

const TRIVIAL = '[-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n' +
  '\t[--post-data STR | --post-file FILE] [-Y on/off]\n' +
  '\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...';
const FULL = 'Retrieve files via HTTP or FTP\n' +
  '\n\t--spider\tOnly check URL existence: $? is 0 if exists' +
  '\n\t--header STR\tAdd STR (of form \'header: value\') to headers' +
  '\n\t--post-data STR\tSend STR using POST method' +
  '\n\t--post-file FILE\tSend FILE using POST method' +
  '\n\t--no-check-certificate\tDon\'t validate the server\'s certificate' +
  '\n\t-c\t\tContinue retrieval of aborted transfer' +
  '\n\t-q\t\tQuiet' +
  '\n\t-P DIR\t\tSave to DIR (default .)' +
  '\n\t-S    \t\tShow server response' +
  '\n\t-T SEC\t\tNetwork read timeout is SEC seconds' +
  '\n\t-O FILE\t\tSave to FILE (\'-\' for stdout)' +
  '\n\t-o LOGFILE\tLog messages to FILE' +
  '\n\t-U STR\t\tUse STR for User-Agent header' +
  '\n\t-Y on/off\tUse proxy';

/** A fatal error: `wget: <message>`, exit 1. */
class Die extends Error {}

interface HostInfo {
  protocol: 'http' | 'https' | 'ftp';
  /** host[:port] as written in the URL */
  host: string;
  port: number;
  path: string;
  user?: string;
}

/** busybox parse_url(). */
export function parseUrl(src: string, prevUser?: string): HostInfo {
  let url = src;
  let protocol: HostInfo['protocol'] = 'http';
  let port = 80;
  const p = url.indexOf('://');
  if (p >= 0) {
    const scheme = url.slice(0, p);
    if (scheme === 'http') { protocol = 'http'; port = 80; }
    else if (scheme === 'https') { protocol = 'https'; port = 443; }
    else if (scheme === 'ftp') { protocol = 'ftp'; port = 21; }
    else throw new Die(`not an http or ftp url: ${src}`);
    url = url.slice(p + 3);
  }
  // the path starts at the first of '/', '?', '#'
  let sp = -1;
  for (const c of ['/', '?', '#']) {
    const i = url.indexOf(c);
    if (i >= 0 && (sp < 0 || i < sp)) sp = i;
  }
  let host: string;
  let pth: string;
  if (sp < 0) { host = url; pth = ''; }
  else { host = url.slice(0, sp); pth = url.slice(sp + 1); }
  let user = prevUser;
  const at = host.lastIndexOf('@');
  if (at >= 0) {
    try { user = decodeURIComponent(host.slice(0, at)); } catch { user = host.slice(0, at); }
    host = host.slice(at + 1);
  }
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  if (m && m[2]) port = Number(m[2]);
  return { protocol, host, port, path: pth, user };
}

/** The host name of a "host[:port]" string, without brackets. */
function hostName(hostport: string): string {
  const m = /^\[([^\]]*)\]/.exec(hostport);
  if (m) return m[1];
  const i = hostport.lastIndexOf(':');
  return i >= 0 && hostport.indexOf(':') === i ? hostport.slice(0, i) : hostport;
}

/** busybox smart_ulltoa5: a 5-character human size ("   65", "12345", " 123k", "92.1M"). */
export function size5(n: number): string {
  if (n <= 99999) return String(n).padStart(5);
  let x = n * 10;
  let idx = 0;
  do { x = Math.floor(x / 1024); idx++; } while (x >= 100000);
  const u = Math.floor(x / 10);
  const v = x % 10;
  const scale = ' kMGTPEZY'[idx];
  return u >= 100 ? String(u).padStart(4) + scale : String(u).padStart(2) + '.' + v + scale;
}

const monoSec = (): number => Number(process.hrtime.bigint() / 1000000000n);

/** busybox's progress bar (libbb/progress.c). */
export class Progress {
  private start = monoSec();
  private lastUpdate = this.start;
  private lastChange = this.start;
  private lastSize = 0;
  constructor(private curfile: string, private write: (s: string) => void,
    private isTTY: boolean, private columns: number, private now: () => number = monoSec) {
    this.start = this.lastUpdate = this.lastChange = now();
  }

  /** Returns 1 (printed, not a tty), 0 (printed on a tty) or -1 (skipped). */
  update(beg: number, transferred: number, total: number): number {
    const elapsedAbs = this.now();
    let sinceLast = elapsedAbs - this.lastUpdate;
    this.lastUpdate = elapsedAbs;
    if (total !== 0 && transferred >= total - beg) transferred = total - beg;
    else if (sinceLast === 0) return -1;
    const notty = !this.isTTY;
    let s = (notty ? '' : '\r') + this.curfile.slice(0, 20).padEnd(20) + ' ';
    if (total !== 0) {
      const done = beg + transferred;
      s += String(Math.floor((100 * done) / total)).padStart(3) + '% ';
      let bar = this.columns - 48;
      if (bar > 2) {
        if (bar > 999) bar = 999;
        const stars = Math.floor((bar * done) / total);
        s += '|' + '*'.repeat(stars) + ' '.repeat(bar - stars) + '| ';
      }
    }
    s += size5(beg + transferred);
    sinceLast = elapsedAbs - this.lastChange;
    if (transferred !== this.lastSize) {
      this.lastChange = elapsedAbs;
      this.lastSize = transferred;
      if (sinceLast >= 5) this.start += sinceLast;
      sinceLast = 0;
    }
    const elapsed = elapsedAbs - this.start;
    if (sinceLast >= 5) s += '  - stalled -';
    else if (!total || !transferred || elapsed < 0) s += ' --:--:-- ETA';
    else {
      let eta = Math.floor(((total - beg) * elapsed) / transferred) - elapsed;
      if (eta >= 1000 * 3600) eta = 1000 * 3600 - 1;
      const secs = eta % 3600;
      s += `${String(Math.floor(eta / 3600)).padStart(3)}:${String(Math.floor(secs / 60)).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')} ETA`;
    }
    if (notty) s += '\n';
    this.write(s);
    return notty ? 1 : 0;
  }
}

/** Buffered reads from a socket with per-wait timeouts. */
class Reader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  constructor(private sock: net.Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      if (this.buf.length > 1 << 20) sock.pause();
      this.notify();
    });
    sock.on('end', () => { this.ended = true; this.notify(); });
    sock.on('error', (e) => { this.error = e; this.ended = true; this.notify(); });
    sock.on('close', () => { this.ended = true; this.notify(); });
  }
  private notify(): void { const w = this.wake; this.wake = undefined; w?.(); }
  /** Wait until data or EOF; false on timeout (seconds; 0 = none). */
  private wait(timeoutSec: number): Promise<boolean> {
    if (this.buf.length || this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      let t: NodeJS.Timeout | undefined;
      this.wake = () => { if (t) clearTimeout(t); resolve(true); };
      if (timeoutSec > 0) t = setTimeout(() => { this.wake = undefined; resolve(false); }, timeoutSec * 1000);
    });
  }
  private take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    if (this.buf.length < 1 << 19 && this.sock.isPaused()) this.sock.resume();
    return out;
  }
  /** One line without its "\n"; null at EOF. Throws Die('download timed out') on timeout. */
  async line(timeoutSec: number): Promise<string | null> {
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0) return this.take(nl + 1).subarray(0, nl).toString('latin1');
      if (this.ended) {
        if (this.error && !this.buf.length) throw this.error;
        return this.buf.length ? this.take(this.buf.length).toString('latin1') : null;
      }
      if (!(await this.waitMore(timeoutSec))) throw new Die('download timed out');
    }
  }
  private async waitMore(timeoutSec: number): Promise<boolean> {
    const had = this.buf.length;
    if (had === 0) return this.wait(timeoutSec);
    // data is buffered but incomplete: wait for more
    return new Promise((resolve) => {
      let t: NodeJS.Timeout | undefined;
      this.wake = () => { if (t) clearTimeout(t); resolve(true); };
      if (timeoutSec > 0) t = setTimeout(() => { this.wake = undefined; resolve(false); }, timeoutSec * 1000);
    });
  }
  /** Up to max bytes; null at EOF; 'idle' when a second passed without data. */
  async chunk(max: number): Promise<Buffer | null | 'idle'> {
    if (!this.buf.length && !this.ended && !(await this.wait(1))) return 'idle';
    if (this.buf.length) return this.take(Math.min(max, this.buf.length));
    if (this.error) throw this.error;
    return null;
  }
}

interface Opts {
  quiet: boolean;
  serverResponse: boolean;
  spider: boolean;
  cont: boolean;
  fnameOut?: string;
  dirPrefix?: string;
  userAgent: string;
  proxyFlag: string;
  timeout: number;
  headers: string[];
  postData?: string;
  postFile?: string;
  noCheckCert: boolean;
}

interface State {
  outputFd: number; // -1 closed, 1 stdout
  /** write offset in outputFd (a file) */
  pos: number;
  noTruncate: boolean;
  log: (s: string) => void;
  logToFile: boolean;
}

function userHeader(headers: string[], name: string): boolean {
  return headers.some((h) => h.toLowerCase().startsWith(name.toLowerCase()));
}

/** Write to stdout, waiting for it to drain (a slow reader of `wget -O -`). */
function writeStdout(buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(buf, (e) => { if (e) reject(e); });
    if (ok) resolve(); else process.stdout.once('drain', () => resolve());
  });
}

function isGatewayProxy(proxy: HostInfo, env: NodeJS.ProcessEnv): boolean {
  const gw = env.KCTL_GATEWAY;
  if (!gw) return false;
  const norm = (h: string, p: number) => `${h === 'localhost' ? '127.0.0.1' : h}:${p}`;
  const g = gw.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const gi = g.lastIndexOf(':');
  return norm(hostName(proxy.host), proxy.port) === norm(g.slice(0, gi).replace(/^\[|\]$/g, ''), Number(g.slice(gi + 1)));
}

async function connect(server: HostInfo, opts: Opts, st: State): Promise<net.Socket> {
  const name = hostName(server.host);
  let sock: net.Socket;
  try {
    sock = await dial(name, server.port, { timeoutMs: opts.timeout > 0 ? opts.timeout * 1000 : undefined });
  } catch (e: any) {
    const err = e as DialError;
    if (err.code === 'ENOTFOUND') throw new Die(`bad address '${server.host}'`);
    if (err.code === 'ENOGATEWAY' || err.code === 'EPROTO') throw new Die(err.message);
    const address = err.address ?? `${name}:${server.port}`;
    if (!opts.quiet) st.log(`Connecting to ${server.host} (${address})\n`);
    throw new Die(`can't connect to remote host (${addressHost(address)}): ${strerror(err.code, err.message)}`);
  }
  if (!opts.quiet) st.log(`Connecting to ${server.host} (${dialedAddress(sock) ?? `${name}:${server.port}`})\n`);
  return sock;
}

async function startTLS(sock: net.Socket, server: HostInfo, opts: Opts, st: State): Promise<net.Socket> {
  if (!opts.noCheckCert) {
    opts.noCheckCert = true;
    st.log('wget: note: TLS certificate validation not implemented\n');
  }
  const tls = require('node:tls') as typeof import('node:tls');
  const name = hostName(server.host);
  return new Promise((resolve, reject) => {
    const t = tls.connect({ socket: sock, servername: net.isIP(name) ? undefined : name, rejectUnauthorized: false });
    t.once('secureConnect', () => { t.removeListener('error', onErr); resolve(t); });
    const onErr = (e: Error) => reject(new Die(`TLS error from peer: ${e.message}`));
    t.once('error', onErr);
  });
}

async function downloadOne(url: string, opts: Opts, st: State): Promise<void> {
  let target = parseUrl(url);
  let server: HostInfo;
  let useProxy = opts.proxyFlag !== 'off';
  if (useProxy) {
    const proxy = process.env[target.protocol === 'ftp' ? 'ftp_proxy' : 'http_proxy'];
    useProxy = !!proxy;
    if (useProxy) {
      const px = parseUrl(proxy!);
      // The cluster gateway is the pods' http_proxy: the dialer already goes through it.
      if (isGatewayProxy(px, process.env)) useProxy = false;
      else server = px;
    }
  }
  if (!useProxy) server = { ...target, user: undefined };
  if (target.protocol === 'ftp' && !useProxy) throw new Die(`not an http or ftp url: ${url}`);

  let fnameOut = opts.fnameOut;
  if (fnameOut === undefined) {
    const slash = target.path.lastIndexOf('/');
    let f = slash < 0 || (slash === 0 && target.path.length === 1) ? target.path : target.path.slice(slash + 1);
    if (f.startsWith('/') || !f) f = 'index.html';
    fnameOut = opts.dirPrefix ? path.join(opts.dirPrefix, f) : f;
  }
  const curfile = fnameOut.slice(fnameOut.lastIndexOf('/') + 1) || fnameOut;

  let begRange = 0;
  if (opts.cont && st.outputFd < 0) {
    try {
      st.outputFd = fs.openSync(fnameOut, 'r+');
      begRange = st.pos = fs.fstatSync(st.outputFd).size;
    } catch { /* not there yet: created once the server answers */ }
  }

  let redirLimit = 16;
  let sock: net.Socket | undefined;
  try {
    let reconnect = true; // resolve_lsa: print "Connecting to"
    for (;;) {
      sock?.destroy();
      if (reconnect) sock = await connect(server!, opts, st);
      else sock = await dial(hostName(server!.host), server!.port, { timeoutMs: opts.timeout > 0 ? opts.timeout * 1000 : undefined })
        .catch((e: DialError) => {
          if (e.code === 'ENOTFOUND') throw new Die(`bad address '${server!.host}'`);
          throw new Die(`can't connect to remote host (${addressHost(e.address ?? server!.host)}): ${strerror(e.code, e.message)}`);
        });
      reconnect = true;
      if (server!.protocol === 'https') sock = await startTLS(sock!, server!, opts, st);
      const s = sock!;
      s.on('error', () => {});

      // the request
      const post = opts.postData !== undefined || opts.postFile !== undefined;
      let req = useProxy
        ? `GET ${target.protocol}://${target.host}/${target.path} HTTP/1.1\r\n`
        : `${post ? 'POST' : 'GET'} /${target.path} HTTP/1.1\r\n`;
      if (!userHeader(opts.headers, 'Host:')) req += `Host: ${target.host}\r\n`;
      if (!userHeader(opts.headers, 'User-Agent:')) req += `User-Agent: ${opts.userAgent}\r\n`;
      req += 'Connection: close\r\n';
      if (target.user && !userHeader(opts.headers, 'Authorization:')) req += `Authorization: Basic ${Buffer.from(target.user).toString('base64')}\r\n`;
      if (useProxy && server!.user && !userHeader(opts.headers, 'Proxy-Authorization:')) req += `Proxy-Authorization: Basic ${Buffer.from(server!.user).toString('base64')}\r\n`;
      if (begRange !== 0 && !userHeader(opts.headers, 'Range:')) req += `Range: bytes=${begRange}-\r\n`;
      for (const h of opts.headers) req += h + '\r\n';
      let body: Buffer | undefined;
      if (post) {
        if (opts.postFile !== undefined) {
          body = opts.postFile === '-' ? fs.readFileSync(0) : readOrDie(opts.postFile);
        } else body = Buffer.from(opts.postData!, 'utf8');
        if (!userHeader(opts.headers, 'Content-Type:')) req += 'Content-Type: application/x-www-form-urlencoded\r\n';
        req += `Content-Length: ${body.length}\r\n`;
      }
      req += '\r\n';
      s.write(Buffer.concat([Buffer.from(req, 'utf8'), body ?? Buffer.alloc(0)]));

      const rd = new Reader(s);
      const readLine = async (show: boolean): Promise<string> => {
        let line: string | null;
        try {
          line = await rd.line(opts.timeout);
        } catch (e) {
          if (e instanceof Die) throw e;
          throw new Die(`error getting response: ${strerror((e as any).code, (e as Error).message)}`);
        }
        if (line === null) throw new Die('error getting response');
        const clean = line.replace(/[\x00-\x1f][\s\S]*$/, ''); // trim at the first control char
        if (show && opts.serverResponse) st.log(`  ${clean}\n`);
        return clean;
      };

      // status line (skipping 100 Continue and garbage)
      let statusLine: string;
      let status: number;
      for (;;) {
        statusLine = await readLine(true);
        const tok = statusLine.replace(/^\S*\s*/, '');
        status = parseInt(tok, 10) || 0;
        if (status === 0 || status === 100) {
          while ((await readLine(true)) !== '') { /* eat headers */ }
          continue;
        }
        break;
      }
      if (status >= 200 && status <= 204) {
        if (begRange !== 0) {
          // "Range:..." was not honoured: start again from the beginning (truncated at the end)
          st.log('wget: restart failed\n');
          begRange = 0;
          st.pos = 0;
        }
      } else if ([300, 301, 302, 303, 307, 308].includes(status)) {
        // redirect: handled with Location below
      } else if (status === 206 && begRange !== 0) {
        // "Range:..." worked
      } else {
        throw new Die(`server returned error: ${statusLine}`);
      }

      // headers
      let contentLen = 0;
      let gotClen = false;
      let chunked = false;
      let redirect: string | undefined;
      for (;;) {
        const h = await readLine(true);
        if (h === '') break;
        const m = /^([A-Za-z0-9._-]*)/.exec(h)!;
        const name = m[1].toLowerCase();
        if (h[m[1].length] !== ':') throw new Die(`bad header line: ${h}`);
        const value = h.slice(m[1].length + 1).trim();
        if (name === 'content-length') {
          if (!/^\d+$/.test(value)) throw new Die(`content-length ${value} is garbage`);
          contentLen = Number(value);
          gotClen = true;
        } else if (name === 'transfer-encoding') {
          if (value.toLowerCase() !== 'chunked') throw new Die(`transfer encoding '${value}' is not supported`);
          chunked = true;
        } else if (name === 'location' && status >= 300) {
          redirect = value;
          break;
        }
      }
      if (redirect !== undefined) {
        if (--redirLimit === 0) throw new Die('too many redirections');
        s.destroy();
        if (redirect.startsWith('/')) {
          target = { ...target, path: redirect.slice(1) };
          reconnect = false; // same server
        } else {
          target = parseUrl(redirect, target.user);
          if (!useProxy) server = { ...target, user: server!.user };
          else reconnect = false;
        }
        continue;
      }

      if (opts.spider) {
        if (!opts.quiet) st.log('remote file exists\n');
        s.destroy();
        return;
      }
      if (st.outputFd < 0) {
        try {
          st.outputFd = fs.openSync(fnameOut, opts.fnameOut !== undefined ? 'w' : 'wx');
          st.pos = 0;
        } catch (e: any) {
          throw new Die(`can't open '${fnameOut}': ${strerrorFs(e)}`);
        }
      }
      await retrieve(rd, { contentLen, gotClen, chunked, begRange, curfile, fnameOut }, opts, st);
      s.destroy();
      if (opts.fnameOut === undefined && st.outputFd > 2) {
        fs.closeSync(st.outputFd);
        st.outputFd = -1;
      }
      return;
    }
  } finally {
    sock?.destroy();
  }
}

function readOrDie(file: string): Buffer {
  try { return fs.readFileSync(file); } catch (e: any) { throw new Die(`can't open '${file}': ${strerrorFs(e)}`); }
}

function strerrorFs(e: NodeJS.ErrnoException): string {
  const m: Record<string, string> = {
    EEXIST: 'File exists', ENOENT: 'No such file or directory', EACCES: 'Permission denied',
    EISDIR: 'Is a directory', ENOTDIR: 'Not a directory', EROFS: 'Read-only file system', ENOSPC: 'No space left on device',
  };
  return (e.code && m[e.code]) || e.message;
}

async function retrieve(rd: Reader,
  r: { contentLen: number; gotClen: boolean; chunked: boolean; begRange: number; curfile: string; fnameOut: string },
  opts: Opts, st: State): Promise<void> {
  const fd = st.outputFd;
  if (!opts.quiet) st.log(fd === 1 ? 'writing to stdout\n' : `saving to '${r.fnameOut}'\n`);
  const showProgress = !opts.quiet && !st.logToFile;
  const stderrTTY = !!process.stderr.isTTY;
  const columns = (stderrTTY && process.stderr.columns) || Number(process.env.COLUMNS) || 80;
  const progress = showProgress ? new Progress(r.curfile, (x) => process.stderr.write(x), stderrTTY, columns) : undefined;
  let transferred = 0;
  let { contentLen, gotClen, chunked } = r;
  const meter = (end: boolean): void => {
    if (!progress) return;
    const total = chunked || !gotClen ? 0 : r.begRange + transferred + contentLen;
    const n = progress.update(r.begRange, transferred, total);
    if (end && n === 0) process.stderr.write('\n');
  };
  meter(false);
  const write = async (buf: Buffer): Promise<void> => {
    if (fd === 1) await writeStdout(buf);
    else {
      let off = 0;
      while (off < buf.length) { const n = fs.writeSync(fd, buf, off, buf.length - off, st.pos); off += n; st.pos += n; }
    }
  };
  const timeout = opts.timeout;
  const readBody = async (): Promise<void> => {
    let idle = 0;
    for (;;) {
      if (gotClen && contentLen <= 0) return;
      const c = await rd.chunk(gotClen ? Math.min(contentLen, 65536) : 65536);
      if (c === null) return;
      if (c === 'idle') {
        if (timeout && ++idle >= timeout) { meter(true); throw new Die('download timed out'); }
        meter(false);
        continue;
      }
      idle = 0;
      await write(c);
      transferred += c.length;
      if (gotClen) {
        contentLen -= c.length;
        if (contentLen === 0) return; // no bump: the end is drawn by the final meter
      }
      meter(false);
    }
  };
  const sizeLine = async (): Promise<string> => {
    const l = await rd.line(timeout);
    return (l ?? '').replace(/[\x00-\x1f][\s\S]*$/, '');
  };
  try {
    if (chunked) {
      for (;;) {
        const l = await sizeLine();
        const m = /^([0-9a-fA-F]+)/.exec(l);
        if (!m || m[1].length > 15) throw new Die(`bad chunk length '${l}'`);
        contentLen = parseInt(m[1], 16);
        if (contentLen === 0) break;
        gotClen = true;
        await readBody();
        if (contentLen > 0) break; // premature EOF
        await sizeLine(); // the CRLF that ends each chunk
      }
    } else {
      await readBody();
    }
  } catch (e: any) {
    if (e instanceof Die) throw e;
    meter(true);
    throw new Die(`read error: ${strerror(e?.code, e?.message)}`);
  }
  chunked = false;
  const premature = gotClen && contentLen !== 0;
  gotClen = true;
  if (premature) {
    meter(true);
    throw new Die('connection closed prematurely');
  }
  contentLen = 0;
  meter(true);
  if (fd > 2 && !st.noTruncate) { try { fs.ftruncateSync(fd, st.pos); } catch { /* not a regular file */ } }
  if (!opts.quiet) st.log(fd === 1 ? 'written to stdout\n' : `'${r.fnameOut}' saved\n`);
}

export async function main(argv: string[]): Promise<number> {
  // -n[ARG] (-nv, -nc, -nH, -np) are accepted and ignored, as busybox does
  argv = argv.filter((a) => !/^-n[a-zA-Z]?$/.test(a));
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(argv, {
      short: { c: false, q: false, S: false, O: true, o: true, P: true, Y: true, U: true, T: true, t: true },
      long: {
        'continue': ['c', false], 'quiet': ['q', false], 'server-response': ['S', false],
        'output-document': ['O', true], 'output-file': ['o', true], 'directory-prefix': ['P', true],
        'proxy': ['Y', true], 'user-agent': ['U', true], 'timeout': ['T', true], 'tries': ['t', true],
        'header': ['header', true], 'post-data': ['post-data', true], 'spider': ['spider', false],
        'no-check-certificate': ['no-check-certificate', false], 'post-file': ['post-file', true],
        'passive-ftp': ['ignore', false], 'no-cache': ['ignore', false], 'no-verbose': ['ignore', false],
        'no-clobber': ['ignore', false], 'no-host-directories': ['ignore', false], 'no-parent': ['ignore', false],
      },
    });
  } catch (e) {
    if (!(e instanceof OptError)) throw e;
    process.stderr.write(`wget: ${e.message}\n`);
    return usage('wget', TRIVIAL, FULL);
  }
  const opts: Opts = {
    quiet: false, serverResponse: false, spider: false, cont: false, userAgent: 'Wget', proxyFlag: 'on',
    timeout: 900, headers: [], noCheckCert: false,
  };
  let logFile: string | undefined;
  for (const [k, v] of parsed.opts) {
    switch (k) {
      case 'c': opts.cont = true; break;
      case 'q': opts.quiet = true; break;
      case 'S': opts.serverResponse = true; break;
      case 'O': opts.fnameOut = v; break;
      case 'o': logFile = v; break;
      case 'P': opts.dirPrefix = v; break;
      case 'Y': opts.proxyFlag = v!; break;
      case 'U': opts.userAgent = v!; break;
      case 'T':
        if (!/^\d+$/.test(v!)) { process.stderr.write(`wget: invalid number '${v}'\n`); return 1; }
        opts.timeout = Number(v);
        break;
      case 'header': opts.headers.push(v!); break;
      case 'post-data': opts.postData = v; opts.postFile = undefined; break;
      case 'post-file': opts.postFile = v; opts.postData = undefined; break;
      case 'spider': opts.spider = true; break;
      case 'no-check-certificate': opts.noCheckCert = true; break;
      default: break; // -t, ignored long options
    }
  }
  if (parsed.args.length === 0) return usage('wget', TRIVIAL, FULL);

  const st: State = { outputFd: -1, pos: 0, noTruncate: false, log: (s) => process.stderr.write(s), logToFile: false };
  if (opts.fnameOut === '-') {
    st.outputFd = 1;
    opts.cont = false;
    st.noTruncate = true;
  }
  let logFd = -1;
  if (logFile !== undefined && logFile !== '-') {
    try {
      logFd = fs.openSync(logFile, 'w');
    } catch (e: any) {
      process.stderr.write(`wget: can't open '${logFile}': ${strerrorFs(e)}\n`);
      return 1;
    }
    st.log = (s) => { fs.writeSync(logFd, s); };
    st.logToFile = true;
  }
  try {
    for (const url of parsed.args) await downloadOne(url, opts, st);
    return 0;
  } catch (e) {
    if (e instanceof Die) {
      st.log(`wget: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    if (st.outputFd > 2) { try { fs.closeSync(st.outputFd); } catch { /* closed */ } }
    if (logFd >= 0) fs.closeSync(logFd);
  }
}
