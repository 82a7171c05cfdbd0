// A stub resolver for kctl's cluster DNS: one query over UDP (again over TCP when the answer comes
// back truncated), and name lookups with resolv.conf's search list and ndots. It only talks to
// loopback addresses: anything else is refused before a packet is sent.

import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { Message } from './wire';
import { RCODE, decode, encode, fqdn, isIPv4, isIPv6, isLoopbackAddress, nameEquals, newQuery, reverseName } from './wire';

export interface QueryOptions {
  /** per attempt (default 2000 ms) */
  timeoutMs?: number;
  /** UDP attempts before giving up (default 2) */
  attempts?: number;
  /** TCP only */
  tcp?: boolean;
  /** advertise EDNS0 with this UDP size (default: no EDNS, i.e. 512 bytes) */
  edns?: number;
  /** recursion desired (default true) */
  rd?: boolean;
}

/** "127.0.0.1:5353", "[::1]:5353", "127.0.0.1" (port 53) → host and port; throws for non-loopback hosts */
export function parseServer(server: string): { host: string; port: number } {
  let host = server;
  let port = 53;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (v6) {
    host = v6[1];
    if (v6[2]) port = Number(v6[2]);
  } else if (!net.isIPv6(server)) {
    const i = server.lastIndexOf(':');
    if (i >= 0) {
      host = server.slice(0, i);
      port = Number(server.slice(i + 1));
    }
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad DNS server address ${server}`);
  if (host === 'localhost') host = '127.0.0.1';
  if (!isLoopbackAddress(host)) throw new Error(`refusing to send DNS queries to ${host}: only loopback servers are allowed`);
  return { host, port };
}

function matches(q: Message, r: Message): boolean {
  if (r.id !== q.id || !r.qr) return false;
  if (r.questions.length === 0) return r.rcode !== RCODE.NOERROR; // e.g. FORMERR without the question
  const a = q.questions[0];
  const b = r.questions[0];
  return nameEquals(a.name, b.name) && a.type === b.type;
}

function udpExchange(host: string, port: number, q: Message, timeoutMs: number): Promise<Message> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (err: Error | undefined, m?: Message) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.close();
      if (err) reject(err); else resolve(m!);
    };
    const timer = setTimeout(() => finish(Object.assign(new Error(`DNS query to ${host}:${port} timed out`), { code: 'ETIMEDOUT' })), timeoutMs);
    sock.on('error', (e) => finish(e));
    sock.on('message', (buf) => {
      let r: Message;
      try { r = decode(buf); } catch { return; }
      if (matches(q, r)) finish(undefined, r);
    });
    // connected, so that an ICMP port unreachable surfaces as ECONNREFUSED at once
    sock.connect(port, host, () => {
      sock.send(encode(q), (e) => { if (e) finish(e); });
    });
  });
}

function tcpExchange(host: string, port: number, q: Message, timeoutMs: number): Promise<Message> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let done = false;
    let pending: Buffer = Buffer.alloc(0);
    const finish = (err: Error | undefined, m?: Message) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err); else resolve(m!);
    };
    const timer = setTimeout(() => finish(Object.assign(new Error(`DNS query to ${host}:${port} (TCP) timed out`), { code: 'ETIMEDOUT' })), timeoutMs);
    sock.on('error', (e) => finish(e));
    sock.on('close', () => finish(new Error(`DNS server ${host}:${port} closed the connection`)));
    sock.on('connect', () => {
      const body = encode(q);
      const frame = Buffer.alloc(2 + body.length);
      frame.writeUInt16BE(body.length, 0);
      body.copy(frame, 2);
      sock.write(frame);
    });
    sock.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) return;
        const buf = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        let r: Message;
        try { r = decode(buf); } catch (e) { finish(e as Error); return; }
        if (matches(q, r)) { finish(undefined, r); return; }
      }
    });
  });
}

/** Send a prepared query message; UDP first (retried), TCP when the answer is truncated. */
export async function exchange(server: string, q: Message, opts: QueryOptions = {}): Promise<Message> {
  const { host, port } = parseServer(server);
  const timeoutMs = opts.timeoutMs ?? 2000;
  if (opts.tcp) return tcpExchange(host, port, q, timeoutMs);
  const attempts = Math.max(1, opts.attempts ?? 2);
  let lastErr: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const r = await udpExchange(host, port, q, timeoutMs);
      return r.tc ? await tcpExchange(host, port, q, timeoutMs) : r;
    } catch (e: any) {
      lastErr = e;
      if (e?.code !== 'ETIMEDOUT') throw e;
    }
  }
  throw lastErr;
}

/** One question to a loopback DNS server ("127.0.0.1:5353"). */
export function query(server: string, name: string, type: string | number = 'A', opts: QueryOptions = {}): Promise<Message> {
  const q = newQuery(name, type, { rd: opts.rd ?? true, edns: opts.edns });
  return exchange(server, q, opts);
}

export interface LookupOptions extends QueryOptions {
  server: string;
  /** resolv.conf search list (e.g. default.svc.cluster.local svc.cluster.local cluster.local) */
  search?: string[];
  /** resolv.conf ndots (default 5, as in a pod) */
  ndots?: number;
  /** the address types asked for each candidate name (default A then AAAA, as getaddrinfo) */
  types?: Array<'A' | 'AAAA'>;
}

/** The names a resolver tries for `name`, in order (res_nsearch). */
export function candidates(name: string, search: string[] = [], ndots = 5): string[] {
  if (name.endsWith('.')) return [name];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = search.filter(Boolean).map((d) => fqdn(`${name}.${d.replace(/\.$/, '')}`));
  const asIs = fqdn(name);
  const out = dots >= ndots ? [asIs, ...searched] : [...searched, asIs];
  return [...new Set(out)];
}

/**
 * Addresses for `name` as getaddrinfo finds them through resolv.conf: the search list first when the
 * name has fewer than ndots dots, the name as given first otherwise, a trailing dot = only the name;
 * the first candidate that has addresses wins. `name` is the candidate that answered (no trailing
 * dot; the input when nothing did). IP literals come back as they are. Transport errors throw.
 */
export async function lookup(name: string, opts: LookupOptions): Promise<{ name: string; addresses: string[] }> {
  if (isIPv4(name) || isIPv6(name)) return { name, addresses: [name] };
  const types = opts.types ?? ['A', 'AAAA'];
  for (const cand of candidates(name, opts.search ?? [], opts.ndots ?? 5)) {
    const answers = await Promise.all(types.map((t) => query(opts.server, cand, t, opts)));
    const addresses: string[] = [];
    for (const [i, r] of answers.entries()) {
      if (r.rcode !== RCODE.NOERROR) continue;
      for (const rr of r.answers) {
        if (rr.type === types[i] && !addresses.includes(rr.data)) addresses.push(rr.data);
      }
    }
    if (addresses.length) return { name: cand.replace(/\.$/, ''), addresses };
  }
  return { name, addresses: [] };
}

/** PTR names of an address (no trailing dots), [] when there are none. */
export async function reverse(ip: string, opts: QueryOptions & { server: string }): Promise<string[]> {
  const r = await query(opts.server, reverseName(ip), 'PTR', opts);
  if (r.rcode !== RCODE.NOERROR) return [];
  return r.answers.filter((a) => a.type === 'PTR').map((a) => String(a.data).replace(/\.$/, ''));
}
