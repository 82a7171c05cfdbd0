// The toolbox's dialer: how a process inside a pod reaches an address.
//
// - A loopback host (127.0.0.0/8, ::1, `localhost`) is a direct TCP connection on this machine;
//   inside a pod (KCTL_POD_IP set and a gateway known) loopback first means "this pod": the
//   gateway is asked for `<pod IP>:<port>` (the pod's containers listen on real ports the agent
//   chose), and only when the pod has no such port is the loopback address dialed directly.
// - Anything else is VIRTUAL (pod IPs, ClusterIPs, service names) and goes through the cluster
//   gateway named by $KCTL_GATEWAY ("127.0.0.1:PORT") with `CONNECT host:port` and the pod's
//   identity (`Proxy-Authorization: Basic base64("$KCTL_POD_IP:$KCTL_POD_NAMESPACE")`).
//   A non-loopback address is never dialed directly.
//
// Errors carry `code`: ECONNREFUSED | EHOSTUNREACH | ENOTFOUND | ETIMEDOUT (what the applets turn
// into busybox messages), or ENOGATEWAY when no gateway is reachable. `address` is the "ip:port"
// the connection was (or would have been) made to, as the cluster sees it.
import * as net from 'node:net';

export interface DialOptions {
  /** Connect (and gateway handshake) timeout; none by default. */
  timeoutMs?: number;
  /** Environment to read KCTL_GATEWAY / KCTL_POD_IP / KCTL_POD_NAMESPACE from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface DialError extends Error {
  code: string;
  /** "ip:port" of the peer as the cluster sees it, when known. */
  address?: string;
  /** The gateway's explanation (the body of its 502), when there is one. */
  detail?: string;
}

export const NO_GATEWAY = 'no cluster gateway: is the kctl node agent running? (kctl proxy --status)';

const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
  ECONNRESET: 'Connection reset by peer',
  ENOTFOUND: 'Name or service not known',
  EPIPE: 'Broken pipe',
};

/** The C library's text for an error code (what perror would print). */
export function strerror(code: string | undefined, fallback = 'Unknown error'): string {
  return (code && STRERROR[code]) || fallback;
}

export function dialError(code: string, message: string, address?: string): DialError {
  const e = new Error(message) as DialError;
  e.code = code;
  if (address) e.address = address;
  return e;
}

/** Is this host a loopback address (or `localhost`)? */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/** "host:port", bracketing IPv6 literals. */
export function joinHostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The host part of an "ip:port" address (brackets removed). */
export function addressHost(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']'));
  const i = address.lastIndexOf(':');
  return i < 0 ? address : address.slice(0, i);
}

const addresses = new WeakMap<net.Socket, string>();

/** The "ip:port" a socket returned by dial() is connected to, as the cluster sees it. */
export function dialedAddress(sock: net.Socket): string | undefined {
  return addresses.get(sock);
}

function mapNodeError(e: NodeJS.ErrnoException, address: string): DialError {
  const code = e.code === 'EAI_AGAIN' ? 'ENOTFOUND' : e.code || 'EIO';
  return dialError(code, strerror(code, e.message), address);
}

function direct(host: string, port: number, timeoutMs: number | undefined): Promise<net.Socket> {
  const h = host.toLowerCase() === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  const address = joinHostPort(h, port);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: h, port, allowHalfOpen: true });
    let timer: NodeJS.Timeout | undefined;
    const onError = (e: NodeJS.ErrnoException): void => {
      if (timer) clearTimeout(timer);
      s.destroy();
      reject(mapNodeError(e, address));
    };
    if (timeoutMs && timeoutMs > 0) {
      timer = setTimeout(() => {
        s.removeListener('error', onError);
        s.on('error', () => {});
        s.destroy();
        reject(dialError('ETIMEDOUT', strerror('ETIMEDOUT'), address));
      }, timeoutMs);
    }
    s.once('error', onError);
    s.once('connect', () => {
      if (timer) clearTimeout(timer);
      s.removeListener('error', onError);
      addresses.set(s, address);
      resolve(s);
    });
  });
}

function parseGateway(spec: string): { host: string; port: number } | undefined {
  const s = spec.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  let host: string;
  let port: string;
  if (s.startsWith('[')) {
    const j = s.indexOf(']');
    host = s.slice(1, j);
    port = s.slice(j + 2);
  } else {
    const j = s.lastIndexOf(':');
    if (j < 0) return undefined;
    host = s.slice(0, j) || '127.0.0.1';
    port = s.slice(j + 1);
  }
  if (!/^\d+$/.test(port)) return undefined;
  return { host, port: Number(port) };
}

const GATEWAY_ERRORS: Record<string, string> = { refused: 'ECONNREFUSED', unreachable: 'EHOSTUNREACH', nxdomain: 'ENOTFOUND' };

/** CONNECT host:port through the gateway. */
function viaGateway(host: string, port: number, env: NodeJS.ProcessEnv, timeoutMs: number | undefined): Promise<net.Socket> {
  const spec = env.KCTL_GATEWAY;
  const literal = net.isIP(host.replace(/^\[|\]$/g, '')) !== 0;
  const target = joinHostPort(host.replace(/^\[|\]$/g, ''), port);
  const fallbackAddress = literal ? target : undefined;
  if (!spec) return Promise.reject(dialError('ENOGATEWAY', NO_GATEWAY));
  const gw = parseGateway(spec);
  if (!gw || !isLoopback(gw.host)) {
    return Promise.reject(dialError('ENOGATEWAY', `bad KCTL_GATEWAY "${spec}" (want 127.0.0.1:PORT)`));
  }
  const podIP = env.KCTL_POD_IP || '';
  const ns = env.KCTL_POD_NAMESPACE || '';
  const auth = podIP || ns ? `Proxy-Authorization: Basic ${Buffer.from(`${podIP}:${ns}`).toString('base64')}\r\n` : '';
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: gw.host, port: gw.port, allowHalfOpen: true });
    let settled = false;
    let connected = false;
    let buf: Buffer = Buffer.alloc(0);
    let timer: NodeJS.Timeout | undefined;
    const fail = (e: DialError): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      s.removeListener('readable', onReadable);
      s.on('error', () => {});
      s.destroy();
      reject(e);
    };
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while (!settled && (chunk = s.read()) !== null) {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > 65536) fail(dialError('EPROTO', 'cluster gateway: bad response', fallbackAddress));
          continue;
        }
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
        const rest = buf.subarray(end + 4);
        const m = /^HTTP\/\d\.\d\s+(\d{3})/.exec(lines[0]);
        const headers: Record<string, string> = {};
        for (const l of lines.slice(1)) {
          const i = l.indexOf(':');
          if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
        }
        const address = headers['x-kctl-address'] || fallbackAddress;
        if (!m) { fail(dialError('EPROTO', 'cluster gateway: bad response', address)); return; }
        if (m[1] === '200') {
          settled = true;
          if (timer) clearTimeout(timer);
          s.removeListener('readable', onReadable);
          s.removeListener('error', onError);
          s.removeListener('end', onEnd);
          if (rest.length) s.unshift(rest);
          addresses.set(s, address || target);
          resolve(s);
          return;
        }
        const kind = headers['x-kctl-error'];
        const code = (kind && GATEWAY_ERRORS[kind]) || (m[1] === '502' ? 'EHOSTUNREACH' : 'EPROTO');
        const err = dialError(code, code === 'EPROTO' ? `cluster gateway: ${lines[0]}` : strerror(code), address);
        const detail = rest.toString('utf8').trim();
        if (detail) err.detail = detail;
        fail(err);
        return;
      }
    };
    const onError = (e: NodeJS.ErrnoException): void => {
      if (!connected) {
        fail(dialError('ENOGATEWAY', `cluster gateway ${spec} is not reachable (${strerror(e.code, e.message)}): is the kctl node agent running? (kctl proxy --status)`));
      } else {
        fail(mapNodeError(e, fallbackAddress ?? target));
      }
    };
    const onEnd = (): void => fail(dialError('ECONNRESET', 'cluster gateway closed the connection', fallbackAddress));
    if (timeoutMs && timeoutMs > 0) {
      timer = setTimeout(() => fail(dialError('ETIMEDOUT', strerror('ETIMEDOUT'), fallbackAddress)), timeoutMs);
    }
    s.on('error', onError);
    s.on('end', onEnd);
    s.on('readable', onReadable);
    s.once('connect', () => {
      connected = true;
      s.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    });
  });
}

/**
 * Connect to host:port the way a process inside the cluster would: loopback directly (or this
 * pod's own ports), everything else through the cluster gateway.
 */
export async function dial(host: string, port: number, opts: DialOptions = {}): Promise<net.Socket> {
  const env = opts.env ?? process.env;
  if (isLoopback(host)) {
    if (env.KCTL_POD_IP && env.KCTL_GATEWAY) {
      try {
        const s = await viaGateway(env.KCTL_POD_IP, port, env, opts.timeoutMs);
        const h = host.toLowerCase() === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
        addresses.set(s, joinHostPort(h, port));
        return s;
      } catch (e: any) {
        if (e?.code === 'ETIMEDOUT') throw e;
        // not one of this pod's ports (or no agent): the loopback address itself
      }
    }
    return direct(host, port, opts.timeoutMs);
  }
  return viaGateway(host, port, env, opts.timeoutMs);
}
