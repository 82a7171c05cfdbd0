// DNS messages on the wire (RFC 1035, RFC 2782 SRV, RFC 3596 AAAA, RFC 6891 EDNS0): encode and
// decode. Pure: no I/O.
//
// Conventions: names are presentation strings, absolute with a trailing dot once decoded
// ("httpd-svc.default.svc.cluster.local.", the root is "."); encode accepts them with or without it.
// A label holding a dot, a backslash or a byte outside 0x21..0x7e is written with \. \\ or \DDD.
// Types are their mnemonics ('A', 'SRV', ...; an unknown one is 'TYPE65'). RR data by type:
// A/AAAA an address string, CNAME/PTR/NS a name, SRV {priority, weight, port, target},
// SOA {mname, rname, serial, refresh, retry, expire, minimum}, MX {preference, exchange},
// TXT string[] (one per character-string), anything else a Buffer of raw RDATA.
// The OPT pseudo-RR is not kept in `additional`: it is `edns`, and `rcode` is the full 12-bit code
// (the header's 4 bits plus OPT's extended bits).
// Malformed input makes decode throw a DnsFormatError (a server answers FORMERR).

export class DnsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsFormatError';
  }
}

export const TYPES: Readonly<Record<string, number>> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35,
  OPT: 41, DS: 43, RRSIG: 46, NSEC: 47, DNSKEY: 48, SVCB: 64, HTTPS: 65, IXFR: 251, AXFR: 252, ANY: 255, CAA: 257,
};

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

export const RCODE = {
  NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, BADVERS: 16,
} as const;

const RCODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(RCODE).map(([k, v]) => [v, k]));

export const CLASS_IN = 1;
export const CLASS_ANY = 255;

export interface Question { name: string; type: string; class: number }
export interface SrvData { priority: number; weight: number; port: number; target: string }
export interface SoaData { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
export interface MxData { preference: number; exchange: string }
export type RData = string | string[] | SrvData | SoaData | MxData | Buffer;

export interface RR {
  name: string;
  type: string;
  class: number;
  ttl: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface EdnsOption { code: number; data: Buffer }
export interface Edns { udpSize: number; version: number; dnssecOk: boolean; options: EdnsOption[] }

export interface Message {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad?: boolean;
  cd?: boolean;
  rcode: number;
  questions: Question[];
  answers: RR[];
  authority: RR[];
  additional: RR[];
  edns?: Edns;
}

/** 'A' → 1; 'TYPE65' → 65; a number is returned as is. Throws for an unknown mnemonic. */
export function typeCode(t: string | number): number {
  if (typeof t === 'number') return t;
  const up = t.toUpperCase();
  const n = TYPES[up];
  if (n !== undefined) return n;
  const m = /^TYPE(\d{1,5})$/.exec(up);
  if (m && Number(m[1]) <= 0xffff) return Number(m[1]);
  throw new Error(`unknown DNS type ${t}`);
}

export function typeName(n: number): string {
  return TYPE_NAMES[n] ?? `TYPE${n}`;
}

export function rcodeName(n: number): string {
  return RCODE_NAMES[n] ?? `RCODE${n}`;
}

// ---------------------------------------------------------------------------------------------
// names

/** name with its trailing dot ("" and "." are the root) */
export function fqdn(name: string): string {
  if (name === '' || name === '.') return '.';
  return name.endsWith('.') && !name.endsWith('\\.') ? name : `${name}.`;
}

/** case-insensitive (ASCII) name comparison, trailing dots ignored */
export function nameEquals(a: string, b: string): boolean {
  return fqdn(a).toLowerCase() === fqdn(b).toLowerCase();
}

/** The labels of a presentation name as bytes (escapes \. \\ \DDD understood). */
export function nameToLabels(name: string): Buffer[] {
  if (name === '' || name === '.') return [];
  const labels: Buffer[] = [];
  let cur: number[] = [];
  let i = 0;
  const n = name.length;
  const flush = () => {
    if (cur.length === 0) throw new Error(`invalid DNS name ${JSON.stringify(name)}: empty label`);
    if (cur.length > 63) throw new Error(`invalid DNS name ${JSON.stringify(name)}: label longer than 63 bytes`);
    labels.push(Buffer.from(cur));
    cur = [];
  };
  while (i < n) {
    const c = name[i];
    if (c === '.') {
      flush();
      i++;
      if (i === n) break; // trailing dot
      continue;
    }
    if (c === '\\') {
      const d = name.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d) && Number(d) <= 255) {
        cur.push(Number(d));
        i += 4;
        continue;
      }
      if (i + 1 >= n) throw new Error(`invalid DNS name ${JSON.stringify(name)}: dangling escape`);
      for (const b of Buffer.from(name[i + 1], 'utf8')) cur.push(b);
      i += 2;
      continue;
    }
    const cp = name.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    for (const b of Buffer.from(ch, 'utf8')) cur.push(b);
    i += ch.length;
  }
  if (cur.length) flush();
  const wireLen = labels.reduce((s, l) => s + 1 + l.length, 1);
  if (wireLen > 255) throw new Error(`invalid DNS name ${JSON.stringify(name)}: longer than 255 bytes`);
  return labels;
}

function labelToText(l: Buffer): string {
  let s = '';
  for (const b of l) {
    if (b === 0x2e) s += '\\.';
    else if (b === 0x5c) s += '\\\\';
    else if (b < 0x21 || b > 0x7e) s += `\\${String(b).padStart(3, '0')}`;
    else s += String.fromCharCode(b);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// addresses

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** 16 bytes of an IPv6 address, or undefined when `s` is not one */
export function parseIPv6(s: string): Buffer | undefined {
  if (!s.includes(':') || s.includes('%')) return undefined;
  let tail: number[] = [];
  let text = s;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    if (!isIPv4(last)) return undefined;
    tail = last.split('.').map(Number);
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const gs = h.split(':');
    const out: number[] = [];
    for (const g of gs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !rest) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array(fill).fill(0), ...rest];
  } else {
    if (head.length !== 8) return undefined;
    groups = head;
  }
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(g, i * 2));
  if (tail.length) Buffer.from(tail).copy(b, 12);
  return b;
}

export function isIPv6(s: string): boolean {
  return parseIPv6(s) !== undefined;
}

/** RFC 5952 text of 16 address bytes */
export function formatIPv6(b: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** 127.0.0.0/8, ::1, localhost (brackets allowed) */
export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  if (isIPv4(v4)) return v4.startsWith('127.');
  const b = parseIPv6(h);
  return !!b && b.subarray(0, 15).every((x) => x === 0) && b[15] === 1;
}

/** "10.96.0.10" → "10.0.96.10.in-addr.arpa."; IPv6 → nibbles under ip6.arpa. */
export function reverseName(ip: string): string {
  if (isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
  const b = parseIPv6(ip);
  if (!b) throw new Error(`not an IP address: ${ip}`);
  const nibbles: string[] = [];
  for (const byte of b) nibbles.push((byte >> 4).toString(16), (byte & 15).toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa.`;
}

/** The address a full reverse name stands for ("10.0.96.10.in-addr.arpa." → "10.96.0.10"), else undefined. */
export function addressFromReverse(name: string): string | undefined {
  const n = fqdn(name).toLowerCase();
  if (n.endsWith('.in-addr.arpa.')) {
    const parts = n.slice(0, -'.in-addr.arpa.'.length).split('.');
    if (parts.length !== 4) return undefined;
    const ip = parts.reverse().join('.');
    return isIPv4(ip) ? ip : undefined;
  }
  if (n.endsWith('.ip6.arpa.')) {
    const parts = n.slice(0, -'.ip6.arpa.'.length).split('.');
    if (parts.length !== 32 || !parts.every((p) => /^[0-9a-f]$/.test(p))) return undefined;
    const hex = parts.reverse().join('');
    const b = Buffer.from(hex, 'hex');
    return formatIPv6(b);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// encode

class Writer {
  buf = Buffer.alloc(512);
  len = 0;
  /** wire form of a name suffix (exact case) → its offset */
  names = new Map<string, number>();

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = Buffer.alloc(size);
    this.buf.copy(b, 0, 0, this.len);
    this.buf = b;
  }

  u8(v: number): void { this.ensure(1); this.buf.writeUInt8(v & 0xff, this.len); this.len += 1; }
  u16(v: number): void { this.ensure(2); this.buf.writeUInt16BE(v & 0xffff, this.len); this.len += 2; }
  u32(v: number): void { this.ensure(4); this.buf.writeUInt32BE(v >>> 0, this.len); this.len += 4; }
  bytes(b: Buffer): void { this.ensure(b.length); b.copy(this.buf, this.len); this.len += b.length; }

  name(name: string, compress: boolean): void {
    const labels = nameToLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).map((l) => `${l.length}:${l.toString('latin1')}`).join('');
      const at = this.names.get(key);
      if (compress && at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.len < 0x3fff && !this.names.has(key)) this.names.set(key, this.len);
      this.u8(labels[i].length);
      this.bytes(labels[i]);
    }
    this.u8(0);
  }

  result(): Buffer { return Buffer.from(this.buf.subarray(0, this.len)); }
}

function checkU(v: unknown, bits: 16 | 32, what: string): number {
  const n = Number(v);
  const max = bits === 16 ? 0xffff : 0xffffffff;
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`invalid ${what}: ${String(v)}`);
  return n;
}

function writeRData(w: Writer, rr: RR): void {
  const d = rr.data;
  switch (rr.type.toUpperCase()) {
    case 'A': {
      if (typeof d !== 'string' || !isIPv4(d)) throw new Error(`invalid A address ${String(d)}`);
      for (const p of d.split('.')) w.u8(Number(p));
      return;
    }
    case 'AAAA': {
      const b = typeof d === 'string' ? parseIPv6(d) : undefined;
      if (!b) throw new Error(`invalid AAAA address ${String(d)}`);
      w.bytes(b);
      return;
    }
    case 'CNAME': case 'PTR': case 'NS':
      w.name(String(d), true);
      return;
    case 'MX':
      w.u16(checkU(d.preference, 16, 'MX preference'));
      w.name(d.exchange, true);
      return;
    case 'SRV':
      w.u16(checkU(d.priority, 16, 'SRV priority'));
      w.u16(checkU(d.weight, 16, 'SRV weight'));
      w.u16(checkU(d.port, 16, 'SRV port'));
      w.name(d.target, false); // RFC 2782: no compression of the target
      return;
    case 'SOA':
      w.name(d.mname, true);
      w.name(d.rname, true);
      w.u32(checkU(d.serial, 32, 'SOA serial'));
      w.u32(checkU(d.refresh, 32, 'SOA refresh'));
      w.u32(checkU(d.retry, 32, 'SOA retry'));
      w.u32(checkU(d.expire, 32, 'SOA expire'));
      w.u32(checkU(d.minimum, 32, 'SOA minimum'));
      return;
    case 'TXT': {
      const strs: string[] = Array.isArray(d) ? d : [String(d)];
      if (strs.length === 0) { w.u8(0); return; }
      for (const s of strs) {
        const b = Buffer.from(s, 'utf8');
        if (b.length === 0) { w.u8(0); continue; }
        for (let i = 0; i < b.length; i += 255) {
          const chunk = b.subarray(i, i + 255);
          w.u8(chunk.length);
          w.bytes(chunk);
        }
      }
      return;
    }
    default:
      if (!Buffer.isBuffer(d)) throw new Error(`no encoder for ${rr.type} data (give a Buffer)`);
      w.bytes(d);
  }
}

function writeRR(w: Writer, rr: RR): void {
  w.name(rr.name, true);
  w.u16(typeCode(rr.type));
  w.u16(checkU(rr.class ?? CLASS_IN, 16, 'class'));
  w.u32(checkU(rr.ttl, 32, 'TTL'));
  const lenAt = w.len;
  w.u16(0);
  writeRData(w, rr);
  const rdlen = w.len - lenAt - 2;
  if (rdlen > 0xffff) throw new Error('RDATA longer than 65535 bytes');
  w.buf.writeUInt16BE(rdlen, lenAt);
}

function flagsOf(m: Message): number {
  return (m.qr ? 0x8000 : 0) | ((m.opcode & 0xf) << 11) | (m.aa ? 0x0400 : 0) | (m.tc ? 0x0200 : 0)
    | (m.rd ? 0x0100 : 0) | (m.ra ? 0x0080 : 0) | (m.ad ? 0x0020 : 0) | (m.cd ? 0x0010 : 0) | (m.rcode & 0xf);
}

/** The message on the wire. Throws (a plain Error) for data that can't be encoded. */
export function encode(m: Message): Buffer {
  const w = new Writer();
  w.u16(m.id);
  w.u16(flagsOf(m));
  w.u16(m.questions.length);
  w.u16(m.answers.length);
  w.u16(m.authority.length);
  w.u16(m.additional.length + (m.edns ? 1 : 0));
  for (const q of m.questions) {
    w.name(q.name, true);
    w.u16(typeCode(q.type));
    w.u16(q.class ?? CLASS_IN);
  }
  for (const rr of m.answers) writeRR(w, rr);
  for (const rr of m.authority) writeRR(w, rr);
  for (const rr of m.additional) writeRR(w, rr);
  if (m.edns) {
    const e = m.edns;
    w.u8(0); // root
    w.u16(TYPES.OPT);
    w.u16(Math.max(0, Math.min(0xffff, e.udpSize)));
    w.u8((m.rcode >> 4) & 0xff);
    w.u8(e.version & 0xff);
    w.u16(e.dnssecOk ? 0x8000 : 0);
    const lenAt = w.len;
    w.u16(0);
    for (const o of e.options ?? []) {
      w.u16(o.code);
      w.u16(o.data.length);
      w.bytes(o.data);
    }
    w.buf.writeUInt16BE(w.len - lenAt - 2, lenAt);
  }
  return w.result();
}

/**
 * The message encoded in at most `limit` bytes: whole if it fits; otherwise with TC set, the
 * authority and additional sections dropped and as many answers as fit (the question and OPT kept).
 */
export function encodeTruncated(m: Message, limit: number): Buffer {
  const full = encode(m);
  if (full.length <= limit) return full;
  const cut = (k: number): Buffer => encode({ ...m, tc: true, answers: m.answers.slice(0, k), authority: [], additional: [] });
  let lo = 0;
  let hi = m.answers.length;
  let best = cut(0);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const b = cut(mid);
    if (b.length <= limit) { best = b; lo = mid; } else hi = mid - 1;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// decode

class Reader {
  constructor(readonly buf: Buffer, public off = 0) {}

  need(n: number, what: string): void {
    if (this.off + n > this.buf.length) throw new DnsFormatError(`message truncated in ${what}`);
  }

  u8(what: string): number { this.need(1, what); return this.buf[this.off++]; }
  u16(what: string): number { this.need(2, what); const v = this.buf.readUInt16BE(this.off); this.off += 2; return v; }
  u32(what: string): number { this.need(4, what); const v = this.buf.readUInt32BE(this.off); this.off += 4; return v; }
  bytes(n: number, what: string): Buffer { this.need(n, what); const b = this.buf.subarray(this.off, this.off + n); this.off += n; return b; }

  /** a (possibly compressed) name; pointers must point backwards, so a loop can't happen */
  name(what: string): string {
    const labels: string[] = [];
    let pos = this.off;
    let jumped = false;
    let wireLen = 1;
    for (;;) {
      if (pos >= this.buf.length) throw new DnsFormatError(`message truncated in ${what} name`);
      const len = this.buf[pos];
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.buf.length) throw new DnsFormatError(`message truncated in ${what} name`);
        const target = ((len & 0x3f) << 8) | this.buf[pos + 1];
        if (target >= pos) throw new DnsFormatError(`bad compression pointer in ${what} name`);
        if (!jumped) this.off = pos + 2;
        jumped = true;
        pos = target;
        continue;
      }
      if ((len & 0xc0) !== 0) throw new DnsFormatError(`unsupported label type in ${what} name`);
      if (len === 0) {
        if (!jumped) this.off = pos + 1;
        break;
      }
      if (pos + 1 + len > this.buf.length) throw new DnsFormatError(`message truncated in ${what} name`);
      wireLen += 1 + len;
      if (wireLen > 255) throw new DnsFormatError(`${what} name longer than 255 bytes`);
      labels.push(labelToText(this.buf.subarray(pos + 1, pos + 1 + len)));
      pos += 1 + len;
    }
    return labels.length ? `${labels.join('.')}.` : '.';
  }
}

interface RawRR extends RR { rawClass: number; rawTtl: number }

function readRR(r: Reader, section: string): RawRR {
  const name = r.name(section);
  const type = r.u16(section);
  const cls = r.u16(section);
  const ttl = r.u32(section);
  const rdlen = r.u16(section);
  r.need(rdlen, `${section} RDATA`);
  const end = r.off + rdlen;
  const tname = typeName(type);
  let data: RData;
  const what = `${tname} RDATA`;
  switch (tname) {
    case 'A':
      if (rdlen !== 4) throw new DnsFormatError('A RDATA is not 4 bytes');
      data = [...r.bytes(4, what)].join('.');
      break;
    case 'AAAA':
      if (rdlen !== 16) throw new DnsFormatError('AAAA RDATA is not 16 bytes');
      data = formatIPv6(r.bytes(16, what));
      break;
    case 'CNAME': case 'PTR': case 'NS':
      data = r.name(what);
      break;
    case 'MX': {
      const preference = r.u16(what);
      data = { preference, exchange: r.name(what) };
      break;
    }
    case 'SRV': {
      const priority = r.u16(what);
      const weight = r.u16(what);
      const port = r.u16(what);
      data = { priority, weight, port, target: r.name(what) };
      break;
    }
    case 'SOA': {
      const mname = r.name(what);
      const rname = r.name(what);
      data = { mname, rname, serial: r.u32(what), refresh: r.u32(what), retry: r.u32(what), expire: r.u32(what), minimum: r.u32(what) };
      break;
    }
    case 'TXT': {
      const strs: string[] = [];
      while (r.off < end) {
        const l = r.u8(what);
        if (r.off + l > end) throw new DnsFormatError('TXT character-string overruns RDATA');
        strs.push(r.bytes(l, what).toString('utf8'));
      }
      data = strs;
      break;
    }
    default:
      data = Buffer.from(r.bytes(rdlen, what));
  }
  if (r.off !== end) throw new DnsFormatError(`${tname} RDATA length mismatch`);
  return { name, type: tname, class: cls, ttl, data, rawClass: cls, rawTtl: ttl };
}

/** A message from the wire; throws DnsFormatError for malformed input. */
export function decode(buf: Buffer): Message {
  if (buf.length < 12) throw new DnsFormatError('message shorter than its header');
  const r = new Reader(buf);
  const id = r.u16('header');
  const flags = r.u16('header');
  const qd = r.u16('header');
  const an = r.u16('header');
  const ns = r.u16('header');
  const ar = r.u16('header');
  const m: Message = {
    id,
    qr: !!(flags & 0x8000),
    opcode: (flags >> 11) & 0xf,
    aa: !!(flags & 0x0400),
    tc: !!(flags & 0x0200),
    rd: !!(flags & 0x0100),
    ra: !!(flags & 0x0080),
    ad: !!(flags & 0x0020),
    cd: !!(flags & 0x0010),
    rcode: flags & 0xf,
    questions: [],
    answers: [],
    authority: [],
    additional: [],
  };
  for (let i = 0; i < qd; i++) {
    const name = r.name('question');
    const type = r.u16('question');
    const cls = r.u16('question');
    m.questions.push({ name, type: typeName(type), class: cls });
  }
  const strip = (x: RawRR): RR => ({ name: x.name, type: x.type, class: x.class, ttl: x.ttl, data: x.data });
  for (let i = 0; i < an; i++) m.answers.push(strip(readRR(r, 'answer')));
  for (let i = 0; i < ns; i++) m.authority.push(strip(readRR(r, 'authority')));
  for (let i = 0; i < ar; i++) {
    const rr = readRR(r, 'additional');
    if (rr.type === 'OPT') {
      if (m.edns) throw new DnsFormatError('more than one OPT record');
      if (rr.name !== '.') throw new DnsFormatError('OPT record not owned by the root');
      const raw = rr.data as Buffer;
      const options: EdnsOption[] = [];
      for (let o = 0; o < raw.length;) {
        if (o + 4 > raw.length) throw new DnsFormatError('truncated EDNS option');
        const code = raw.readUInt16BE(o);
        const len = raw.readUInt16BE(o + 2);
        if (o + 4 + len > raw.length) throw new DnsFormatError('truncated EDNS option');
        options.push({ code, data: Buffer.from(raw.subarray(o + 4, o + 4 + len)) });
        o += 4 + len;
      }
      m.edns = {
        udpSize: rr.rawClass,
        version: (rr.rawTtl >>> 16) & 0xff,
        dnssecOk: !!(rr.rawTtl & 0x8000),
        options,
      };
      m.rcode |= ((rr.rawTtl >>> 24) & 0xff) << 4;
      continue;
    }
    m.additional.push(strip(rr));
  }
  return m;
}

let nextId = 0;

/** A standard query for one name (RD set). `id` defaults to a varying number. */
export function newQuery(name: string, type: string | number, opts: { id?: number; rd?: boolean; edns?: number } = {}): Message {
  nextId = (nextId + 0x9e37) & 0xffff;
  const m: Message = {
    id: opts.id ?? ((nextId ^ Math.floor(Math.random() * 0x10000)) & 0xffff),
    qr: false, opcode: 0, aa: false, tc: false, rd: opts.rd ?? true, ra: false, ad: false, cd: false,
    rcode: 0,
    questions: [{ name: fqdn(name), type: typeName(typeCode(type)), class: CLASS_IN }],
    answers: [], authority: [], additional: [],
  };
  if (opts.edns) m.edns = { udpSize: opts.edns, version: 0, dnssecOk: false, options: [] };
  return m;
}

/** One RR as dig prints it (for logs and tests): "name. 30 IN A 1.2.3.4". */
export function formatRR(rr: RR): string {
  const cls = rr.class === CLASS_IN ? 'IN' : `CLASS${rr.class}`;
  const d = rr.data;
  let text: string;
  switch (rr.type) {
    case 'SRV': text = `${d.priority} ${d.weight} ${d.port} ${d.target}`; break;
    case 'SOA': text = `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`; break;
    case 'MX': text = `${d.preference} ${d.exchange}`; break;
    case 'TXT': text = (d as string[]).map((s) => JSON.stringify(s)).join(' '); break;
    default: text = Buffer.isBuffer(d) ? `\\# ${d.length} ${d.toString('hex')}` : String(d);
  }
  return `${rr.name} ${rr.ttl} ${cls} ${rr.type} ${text}`;
}
