// The cluster gateway: an HTTP proxy on loopback through which processes started by kctl (pods,
// `kctl exec`, `kctl run -it`, the toolbox applets) reach the cluster's VIRTUAL addresses (pod IPs,
// ClusterIPs, service names). Virtual addresses are never dialed on the host network: every
// request is mapped by `resolve()` (the agent's kube-proxy) to a real loopback socket.
//
// Protocol:
// - `CONNECT host:port HTTP/1.1` (host: an IP or a name such as `redis-svc`,
//   `myapp.default.svc.cluster.local`) → `HTTP/1.1 200 Connection established`, then a raw tunnel
//   (half-close propagated). When the resolver names the address it chose (`address`), the 200
//   (and a 502 for a refused connection) carries `X-Kctl-Address: <virtual ip:port>` so that clients
//   can print it the way they would print a resolved address.
// - Absolute-form plain HTTP (`GET http://10.98.31.157/hostname.html HTTP/1.1`, what curl/wget send
//   when `http_proxy` is set): forwarded in origin-form to the target, response streamed back, the
//   client connection closed after each response. `X-Kctl-Client-IP: <pod IP>` is added when the
//   client is a pod (the built-in images log it as the peer address).
// - Failures: `HTTP/1.1 502 Bad Gateway` with `X-Kctl-Error: refused|unreachable|nxdomain` and a
//   one-line message as the body.
// - Client identity: `Proxy-Authorization: Basic base64("<podIP>:<namespace>")` (either part may be
//   empty) → GatewayClient passed to resolve(); no header → {}.
import * as http from 'node:http';
import * as net from 'node:net';

export interface GatewayClient { podIP?: string; namespace?: string }
export type GatewayTarget =
  | { host: string; port: number; /** virtual "ip:port" reported to the client (X-Kctl-Address) */ address?: string;
      /** bytes sent to the target before the client's (a PROXY protocol header carrying the client's identity) */ preface?: Buffer }
  | { error: 'refused' | 'unreachable' | 'nxdomain'; message?: string; address?: string };
export interface GatewayOptions {
  host?: string;            // default '127.0.0.1'
  port?: number;            // default 0
  resolve(host: string, port: number, client: GatewayClient): Promise<GatewayTarget> | GatewayTarget;
  log?(line: string): void;
}
export interface Gateway { port: number; close(): Promise<void> }

/** Parse `Proxy-Authorization: Basic base64("<podIP>:<namespace>")` into a client identity. */
export function parseClient(header: string | string[] | undefined): GatewayClient {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return {};
  const m = /^\s*basic\s+(\S+)\s*$/i.exec(v);
  if (!m) return {};
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  const podIP = i < 0 ? text : text.slice(0, i);
  const namespace = i < 0 ? '' : text.slice(i + 1);
  const c: GatewayClient = {};
  if (podIP) c.podIP = podIP;
  if (namespace) c.namespace = namespace;
  return c;
}

/** "host:port" / "[v6]:port" → parts; undefined when malformed. */
export function parseAuthority(s: string): { host: string; port: number } | undefined {
  let host: string;
  let portText: string;
  if (s.startsWith('[')) {
    const j = s.indexOf(']');
    if (j < 0 || s[j + 1] !== ':') return undefined;
    host = s.slice(1, j);
    portText = s.slice(j + 2);
  } else {
    const j = s.lastIndexOf(':');
    if (j <= 0) return undefined;
    host = s.slice(0, j);
    portText = s.slice(j + 1);
  }
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535 || !host || /[\s/]/.test(host)) return undefined;
  return { host, port };
}

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer',
  'transfer-encoding', 'upgrade',
]);

function errorKind(e: NodeJS.ErrnoException): 'refused' | 'unreachable' {
  return e && e.code === 'ECONNREFUSED' ? 'refused' : 'unreachable';
}

function describe(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

export function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log ?? (() => {});
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    if (sockets.has(s)) return;
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  let closing = false;

  const resolveTarget = async (host: string, port: number, client: GatewayClient): Promise<GatewayTarget> => {
    try {
      return await opts.resolve(host, port, client);
    } catch (e: any) {
      return { error: 'unreachable', message: String(e?.message ?? e) };
    }
  };

  const badGateway = (kind: string, message: string, address?: string): string => {
    const body = message.endsWith('\n') ? message : message + '\n';
    return 'HTTP/1.1 502 Bad Gateway\r\n' +
      `X-Kctl-Error: ${kind}\r\n` +
      (address ? `X-Kctl-Address: ${address}\r\n` : '') +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' + body;
  };

  const server = http.createServer();
  server.on('connection', (s: net.Socket) => {
    track(s);
    if (closing) s.destroy();
  });
  server.on('clientError', (_e, s: net.Socket) => {
    if (s.writable) s.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    s.destroy();
  });

  // CONNECT host:port: a raw tunnel.
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(client);
    let upstream: net.Socket | undefined;
    let done = false;
    const teardown = (): void => {
      if (done) return;
      done = true;
      client.destroy();
      upstream?.destroy();
    };
    client.on('error', teardown);
    client.once('close', () => { if (!upstream) teardown(); });

    const where = parseAuthority(req.url ?? '');
    if (!where) {
      client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n' +
        `kctl gateway: bad CONNECT target "${req.url}"\n`);
      return;
    }
    const who = parseClient(req.headers['proxy-authorization']);
    const from = who.podIP ? ` from ${who.podIP}${who.namespace ? ` (${who.namespace})` : ''}` : '';
    void resolveTarget(where.host, where.port, who).then((t) => {
      if (done || client.destroyed) return;
      if ('error' in t) {
        const msg = t.message || `${describe(where.host, where.port)}: ${t.error}`;
        log(`CONNECT ${req.url}${from}: ${t.error}: ${msg}`);
        client.end(badGateway(t.error, msg, t.address));
        return;
      }
      const up = net.connect({ host: t.host, port: t.port, allowHalfOpen: true });
      upstream = up;
      track(up);
      const onConnectError = (e: NodeJS.ErrnoException): void => {
        const kind = errorKind(e);
        log(`CONNECT ${req.url}${from} → ${describe(t.host, t.port)}: ${e.message}`);
        up.destroy();
        if (!done && client.writable) {
          client.end(badGateway(kind, `${req.url}: ${e.code === 'ECONNREFUSED' ? 'connection refused' : e.message}`,
            kind === 'refused' ? t.address : undefined));
        }
      };
      up.once('error', onConnectError);
      up.once('connect', () => {
        up.removeListener('error', onConnectError);
        if (done) { up.destroy(); return; }
        up.on('error', teardown);
        up.once('close', (hadError) => { if (hadError) teardown(); });
        client.once('close', (hadError) => { if (hadError) teardown(); });
        log(`CONNECT ${req.url}${from} → ${describe(t.host, t.port)}`);
        client.write('HTTP/1.1 200 Connection established\r\n' + (t.address ? `X-Kctl-Address: ${t.address}\r\n` : '') + '\r\n');
        if (t.preface) up.write(t.preface);
        if (head && head.length) up.write(head);
        // pipe() propagates the end of each direction as a half-close (end()) of the other.
        client.pipe(up);
        up.pipe(client);
      });
    });
  });

  // Absolute-form plain HTTP proxying.
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.shouldKeepAlive = false;
    let url: URL | undefined;
    try {
      if (/^http:\/\//i.test(req.url ?? '')) url = new URL(req.url!);
    } catch { url = undefined; }
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('kctl cluster gateway: use CONNECT host:port, or an absolute http:// URL (http_proxy)\n');
      return;
    }
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = url.port ? Number(url.port) : 80;
    const who = parseClient(req.headers['proxy-authorization']);
    const from = who.podIP ? ` from ${who.podIP}${who.namespace ? ` (${who.namespace})` : ''}` : '';
    const fail = (kind: string, message: string, address?: string): void => {
      if (res.headersSent) { res.destroy(); return; }
      const body = message.endsWith('\n') ? message : message + '\n';
      const h: Record<string, string> = { 'X-Kctl-Error': kind, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' };
      if (address) h['X-Kctl-Address'] = address;
      res.writeHead(502, 'Bad Gateway', h);
      res.end(body);
    };
    void resolveTarget(host, port, who).then((t) => {
      if (res.destroyed || req.socket.destroyed) return;
      if ('error' in t) {
        log(`${req.method} ${req.url}${from}: ${t.error}`);
        fail(t.error, t.message || `${describe(host, port)}: ${t.error}`, t.address);
        return;
      }
      const headers: string[] = [];
      let hasHost = false;
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const k = req.rawHeaders[i].toLowerCase();
        if (HOP_BY_HOP.has(k) || k === 'x-kctl-client-ip') continue;
        if (k === 'host') hasHost = true;
        headers.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
      }
      if (!hasHost) headers.unshift('Host', url!.host);
      if (req.headers['transfer-encoding']) headers.push('Transfer-Encoding', String(req.headers['transfer-encoding']));
      if (who.podIP) headers.push('X-Kctl-Client-IP', who.podIP);
      headers.push('Connection', 'close');
      const preq = http.request({
        host: t.host, port: t.port, method: req.method, path: (url!.pathname || '/') + url!.search,
        headers: headers as any, setHost: false, agent: false,
        ...(t.preface ? { createConnection: () => { const sock = net.connect({ host: t.host, port: t.port }); sock.write(t.preface!); return sock; } } : {}),
      });
      preq.on('socket', (s: net.Socket) => track(s));
      preq.on('error', (e: NodeJS.ErrnoException) => {
        log(`${req.method} ${req.url}${from} → ${describe(t.host, t.port)}: ${e.message}`);
        const kind = errorKind(e);
        fail(kind, `${url!.host}: ${e.code === 'ECONNREFUSED' ? 'connection refused' : e.message}`, kind === 'refused' ? t.address : undefined);
      });
      preq.on('response', (pres: http.IncomingMessage) => {
        log(`${req.method} ${req.url}${from} → ${describe(t.host, t.port)}: ${pres.statusCode}`);
        const out: string[] = [];
        for (let i = 0; i < pres.rawHeaders.length; i += 2) {
          const k = pres.rawHeaders[i].toLowerCase();
          if (HOP_BY_HOP.has(k)) continue;
          out.push(pres.rawHeaders[i], pres.rawHeaders[i + 1]);
        }
        out.push('Connection', 'close');
        res.writeHead(pres.statusCode ?? 502, pres.statusMessage, out as any);
        pres.pipe(res);
        pres.on('error', () => res.destroy());
        pres.on('aborted', () => res.destroy());
      });
      res.on('close', () => { if (!res.writableFinished) preq.destroy(); });
      req.pipe(preq);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.removeListener('error', reject);
      server.on('error', (e) => log(`gateway: ${e.message}`));
      const addr = server.address() as net.AddressInfo;
      resolve({
        port: addr.port,
        close: () => new Promise<void>((done) => {
          closing = true;
          server.close(() => done());
          for (const s of sockets) s.destroy();
          sockets.clear();
        }),
      });
    });
  });
}
