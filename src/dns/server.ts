// A DNS server on a loopback address: UDP and TCP on the same port number (RFC 1035 §4.2, RFC 7766:
// 2-byte length framing, several queries per connection, idle connections closed). Requests that
// can't be decoded get FORMERR, opcodes other than QUERY get NOTIMP, EDNS versions above 0 get
// BADVERS, a handler that throws gets SERVFAIL. A UDP response longer than 512 bytes (or the
// client's EDNS UDP size) is cut to fit with TC set, so that the client asks again over TCP.
// It only ever answers the address a request came from, and only binds loopback addresses.

import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { Message } from './wire';
import { RCODE, decode, encode, encodeTruncated, isLoopbackAddress } from './wire';

export { isLoopbackAddress };
import type { AnswerOptions, AnswerResult, DnsView } from './records';
import { answer } from './records';

export interface DnsClient { address: string; port: number; transport: 'udp' | 'tcp' }

export type DnsHandler = (query: Message, client: DnsClient) => Message | Promise<Message>;

export interface DnsServerOptions {
  /** a loopback address (default 127.0.0.1) */
  host?: string;
  /** 0 (default) = any free port, the same number for UDP and TCP */
  port?: number;
  handle: DnsHandler;
  /** a TCP connection with no query for this long is closed (default 10 s) */
  tcpIdleMs?: number;
}

export interface DnsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

const TCP_MAX_ATTEMPTS = 20;

function bindUdp(sock: dgram.Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    sock.once('error', onError);
    sock.bind({ port, address: host, exclusive: true }, () => {
      sock.off('error', onError);
      resolve();
    });
  });
}

function listenTcp(srv: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    srv.once('error', onError);
    srv.listen({ port, host, exclusive: true }, () => {
      srv.off('error', onError);
      resolve();
    });
  });
}

function header(buf: Buffer): { id: number; flags: number } | undefined {
  if (buf.length < 12) return undefined;
  return { id: buf.readUInt16BE(0), flags: buf.readUInt16BE(2) };
}

function errorReply(id: number, flags: number, rcode: number, q?: Message): Message {
  return {
    id, qr: true, opcode: (flags >> 11) & 0xf, aa: false, tc: false, rd: !!(flags & 0x0100), ra: true,
    ad: false, cd: false, rcode,
    questions: q ? q.questions : [], answers: [], authority: [], additional: [],
    edns: q?.edns ? { udpSize: Math.max(512, q.edns.udpSize), version: 0, dnssecOk: false, options: [] } : undefined,
  };
}

/** the response bytes for one request (undefined: send nothing) */
async function respond(buf: Buffer, client: DnsClient, handle: DnsHandler): Promise<Buffer | undefined> {
  const h = header(buf);
  if (!h) return undefined;
  if (h.flags & 0x8000) return undefined; // a response: never answer one
  let q: Message;
  try {
    q = decode(buf);
  } catch {
    return encode(errorReply(h.id, h.flags, RCODE.FORMERR));
  }
  let r: Message;
  if (q.opcode !== 0) r = errorReply(q.id, h.flags, RCODE.NOTIMP, q);
  else if (q.questions.length !== 1) r = errorReply(q.id, h.flags, RCODE.FORMERR, q);
  else if (q.edns && q.edns.version > 0) r = errorReply(q.id, h.flags, RCODE.BADVERS, { ...q, questions: q.questions });
  else {
    try {
      r = await handle(q, client);
    } catch {
      r = errorReply(q.id, h.flags, RCODE.SERVFAIL, q);
    }
    r = { ...r, id: q.id, qr: true, opcode: q.opcode };
    if (q.edns && !r.edns) r.edns = { udpSize: Math.max(512, q.edns.udpSize), version: 0, dnssecOk: false, options: [] };
    if (!q.edns) r.edns = undefined;
  }
  const limit = client.transport === 'udp' ? (q.edns ? Math.min(65535, Math.max(512, q.edns.udpSize)) : 512) : 65535;
  try {
    return encodeTruncated(r, limit);
  } catch {
    return encode(errorReply(q.id, h.flags, RCODE.SERVFAIL, q));
  }
}

/** Serve DNS on host:port over UDP and TCP. */
export async function startDnsServer(o: DnsServerOptions): Promise<DnsServer> {
  const host = o.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host)) throw new Error(`the DNS server only binds loopback addresses, not ${host}`);
  const wanted = o.port ?? 0;
  const idleMs = o.tcpIdleMs ?? 10_000;
  const family = net.isIPv6(host) ? 'udp6' : 'udp4';
  const conns = new Set<net.Socket>();
  let closed = false;

  const onConnection = (sock: net.Socket) => {
    if (closed) { sock.destroy(); return; }
    conns.add(sock);
    sock.on('close', () => conns.delete(sock));
    sock.on('error', () => sock.destroy());
    sock.setTimeout(idleMs, () => sock.destroy());
    const client: DnsClient = { address: sock.remoteAddress ?? '', port: sock.remotePort ?? 0, transport: 'tcp' };
    let pending: Buffer = Buffer.alloc(0);
    let chain: Promise<void> = Promise.resolve();
    sock.on('data', (d: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, d]) : d;
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const msg = Buffer.from(pending.subarray(2, 2 + len));
        pending = pending.subarray(2 + len);
        // answers go out in the order the queries came
        chain = chain.then(async () => {
          const out = await respond(msg, client, o.handle);
          if (!out || sock.destroyed) return;
          const frame = Buffer.alloc(2 + out.length);
          frame.writeUInt16BE(out.length, 0);
          out.copy(frame, 2);
          sock.write(frame);
        }).catch(() => { sock.destroy(); });
      }
    });
  };

  let lastErr: unknown;
  for (let attempt = 0; attempt < (wanted === 0 ? TCP_MAX_ATTEMPTS : 1); attempt++) {
    const udp = dgram.createSocket({ type: family });
    try {
      await bindUdp(udp, wanted, host);
    } catch (e) {
      udp.close();
      throw e;
    }
    const port = udp.address().port;
    const tcp = net.createServer(onConnection);
    try {
      await listenTcp(tcp, port, host);
    } catch (e: any) {
      lastErr = e;
      await new Promise<void>((r) => udp.close(() => r()));
      if (wanted === 0 && e?.code === 'EADDRINUSE') continue;
      throw e;
    }
    udp.on('error', () => { /* a bad datagram's send error is no reason to stop */ });
    udp.on('message', (msg, rinfo) => {
      if (closed || !isLoopbackAddress(rinfo.address)) return;
      const client: DnsClient = { address: rinfo.address, port: rinfo.port, transport: 'udp' };
      respond(msg, client, o.handle).then((out) => {
        if (out && !closed) udp.send(out, rinfo.port, rinfo.address, () => { /* ignore */ });
      }, () => { /* nothing to send */ });
    });
    return {
      host,
      port,
      close: async () => {
        if (closed) return;
        closed = true;
        for (const s of conns) s.destroy();
        await Promise.all([
          new Promise<void>((r) => udp.close(() => r())),
          new Promise<void>((r) => tcp.close(() => r())),
        ]);
      },
    };
  }
  throw lastErr instanceof Error ? lastErr : new Error('could not bind the DNS server');
}

export interface HandlerOptions extends AnswerOptions {
  /** shuffle the address records of an answer, as CoreDNS's loadbalance plugin (default off) */
  shuffle?: boolean;
}

function shuffleAddresses(answers: Message['answers']): Message['answers'] {
  const idx: number[] = [];
  answers.forEach((r, i) => { if (r.type === 'A' || r.type === 'AAAA') idx.push(i); });
  if (idx.length < 2) return answers;
  const picked = idx.map((i) => answers[i]);
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [picked[i], picked[j]] = [picked[j], picked[i]];
  }
  const out = answers.slice();
  idx.forEach((i, k) => { out[i] = picked[k]; });
  return out;
}

/**
 * A handler answering from the cluster's objects with records.answer: the question echoed, RD copied,
 * RA set, AA set for the cluster's own zones. The SOA serial defaults to the time the handler was made.
 */
export function makeHandler(getView: () => DnsView, opts: HandlerOptions = {}): DnsHandler {
  const o: AnswerOptions = { ...opts, serial: opts.serial ?? Math.floor(Date.now() / 1000) };
  return (query: Message): Message => {
    const q = query.questions[0];
    const res: AnswerResult = answer(q, getView(), o);
    return {
      id: query.id, qr: true, opcode: query.opcode, aa: res.authoritative !== false, tc: false, rd: query.rd, ra: true,
      ad: false, cd: false, rcode: res.rcode,
      questions: [q],
      answers: opts.shuffle ? shuffleAddresses(res.answers) : res.answers,
      authority: res.authority,
      additional: res.additional,
    };
  };
}
