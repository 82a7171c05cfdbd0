// The PROXY protocol (v1) on the built-in images' listeners: the node agent's kube-proxy connects to
// a pod on behalf of a client (a pod through the gateway, a NodePort client) and starts the
// connection with "PROXY TCP4 <src> <dst> <sport> <dport>\r\n", so the image sees the client's
// virtual address, as a pod on a real cluster does (access logs, X-Real-IP). Connections without the
// header (probes, port-forward, a test dialing the real port) are served as they are.

import * as net from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';

const MAX = 108; // the longest v1 header

export interface ClientAddress { address: string; port: number }

/** The client's address: from the PROXY header when there was one, else the socket's peer. */
export function clientAddress(sock: net.Socket): ClientAddress {
  // a TLS socket wraps the TCP socket that carried the header
  const p = ((sock as any).kctlClient ?? (sock as any)._parent?.kctlClient) as ClientAddress | undefined;
  return p ?? { address: (sock.remoteAddress ?? '-').replace(/^::ffff:/, ''), port: sock.remotePort ?? 0 };
}

/** Parse a v1 header line (without CRLF) → the source address, or undefined. */
export function parseProxyLine(line: string): ClientAddress | undefined {
  const m = /^PROXY (TCP4|TCP6) (\S+) (\S+) (\d+) (\d+)$/.exec(line);
  return m ? { address: m[2], port: Number(m[4]) } : undefined;
}

/** The header the agent sends. */
export function proxyHeader(src: string, dst: string, sport: number, dport: number): Buffer {
  return Buffer.from(`PROXY ${src.includes(':') ? 'TCP6' : 'TCP4'} ${src} ${dst} ${sport} ${dport}\r\n`);
}

/**
 * A listener that strips an optional PROXY v1 header from each connection, records the client's
 * address on the socket, and hands the connection to `onConnection` (e.g. an http.Server's emit).
 */
export function proxyAwareServer(onConnection: (sock: net.Socket) => void, opts: { tls?: boolean } = {}): net.Server {
  return net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const isProxy = buf.length >= 6 ? buf.subarray(0, 6).toString('latin1') === 'PROXY ' : 'PROXY '.startsWith(buf.toString('latin1'));
      if (!isProxy) return done(buf);
      const eol = buf.indexOf('\r\n');
      if (eol < 0) { if (buf.length > MAX) done(buf); return; }
      const client = parseProxyLine(buf.subarray(0, eol).toString('latin1'));
      if (client) (sock as any).kctlClient = client;
      done(buf.subarray(eol + 2));
    };
    const done = (rest: Buffer) => {
      sock.removeListener('data', onData);
      sock.pause();
      if (rest.length && opts.tls) {
        // TLS reads a net.Socket's handle directly, past unshifted bytes: give it a stream instead
        onConnection(prefixed(sock, rest) as unknown as net.Socket);
        return;
      }
      if (rest.length) sock.unshift(rest);
      onConnection(sock);
      sock.resume();
    };
    sock.on('data', onData);
    sock.on('error', () => sock.destroy());
  });
}

/** A duplex stream over `sock` whose reading starts with `head` (carries the client's address). */
function prefixed(sock: net.Socket, head: Buffer): Duplex {
  const d = new Duplex({
    read() { sock.resume(); },
    write(chunk, enc, cb) { sock.write(chunk, enc, cb); },
    final(cb) { sock.end(); cb(); },
    destroy(err, cb) { sock.destroy(); cb(err); },
  });
  (d as any).kctlClient = clientAddress(sock);
  (d as any).remoteAddress = sock.remoteAddress;
  (d as any).remotePort = sock.remotePort;
  d.push(head);
  sock.on('data', (c) => { if (!d.push(c)) sock.pause(); });
  sock.on('end', () => d.push(null));
  sock.on('close', () => d.destroy());
  sock.on('error', (e) => d.destroy(e));
  return d;
}

/**
 * Listen for `server` (an http/https/net server that does not listen itself) through a PROXY-aware
 * listener; returns that listener (close it to stop listening).
 */
export function listenProxyAware(server: net.Server, port: number, host: string, onListening?: () => void): net.Server {
  const outer = proxyAwareServer((sock) => server.emit('connection', sock));
  outer.on('error', (e) => server.emit('error', e));
  outer.listen(port, host, () => { server.emit('listening'); onListening?.(); });
  return outer;
}

/**
 * The TLS flavour: the PROXY header is read off the TCP connection, then the TLS handshake runs here
 * (over the socket, or over a stream that starts with the bytes read past the header), and the secure
 * socket — carrying the client's address — is handed to `server` as a 'secureConnection'.
 */
export function listenProxyAwareTls(server: tls.Server, options: tls.TLSSocketOptions, port: number, host: string, onListening?: () => void): net.Server {
  const outer = proxyAwareServer((sock) => {
    const client = clientAddress(sock);
    const t = new tls.TLSSocket(sock as net.Socket, { ...options, isServer: true, server } as tls.TLSSocketOptions);
    (t as any).kctlClient = client;
    t.once('secure', () => server.emit('secureConnection', t));
    t.on('error', (e) => { server.emit('tlsClientError', e, t); t.destroy(); });
  }, { tls: true });
  outer.on('error', (e) => server.emit('error', e));
  outer.listen(port, host, () => { server.emit('listening'); onListening?.(); });
  return outer;
}
