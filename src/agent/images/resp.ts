// RESP2 protocol: incremental request parser (multibulk + inline), reply parser (for clients/tests)
// and reply serializer. Pure: no I/O.
//
// Strings are carried as 'latin1' JS strings (one char per byte) so that arbitrary binary payloads
// round-trip unchanged and String.length equals the byte length (STRLEN, APPEND, ... are byte exact).

export class SimpleString { constructor(public readonly value: string) {} }
export class ErrorReply { constructor(public readonly message: string) {} }
/** RESP2 null array (`*-1\r\n`). A plain `null` encodes as the null bulk string (`$-1\r\n`). */
export class NullArray {}

/** A reply value: bulk string | integer | nil bulk | array | +simple | -error | nil array. */
export type Reply = string | number | bigint | null | Reply[] | SimpleString | ErrorReply | NullArray;

export const simple = (s: string): SimpleString => new SimpleString(s);
export const err = (s: string): ErrorReply => new ErrorReply(s);
export const OK = simple('OK');
export const NULL_ARRAY = new NullArray();

export class ProtocolError extends Error {}

const MAX_INLINE = 64 * 1024;
const MAX_MULTIBULK = 1024 * 1024;
const MAX_BULK = 512 * 1024 * 1024;

/** Serialize one reply to RESP2 bytes. */
export function encode(r: Reply): Buffer {
  const parts: string[] = [];
  encodeInto(r, parts);
  return Buffer.from(parts.join(''), 'latin1');
}

function encodeInto(r: Reply, out: string[]): void {
  if (r === null || r === undefined) out.push('$-1\r\n');
  else if (typeof r === 'string') out.push('$', String(r.length), '\r\n', r, '\r\n');
  else if (typeof r === 'number' || typeof r === 'bigint') out.push(':', String(r), '\r\n');
  else if (Array.isArray(r)) {
    out.push('*', String(r.length), '\r\n');
    for (const x of r) encodeInto(x, out);
  } else if (r instanceof SimpleString) out.push('+', r.value.replace(/[\r\n]/g, ' '), '\r\n');
  else if (r instanceof ErrorReply) out.push('-', r.message.replace(/[\r\n]/g, ' '), '\r\n');
  else if (r instanceof NullArray) out.push('*-1\r\n');
  else throw new Error('cannot encode reply');
}

/** Encode a command (array of bulk strings) as a client would send it. */
export function encodeCommand(args: string[]): Buffer {
  return encode(args);
}

function findCRLF(buf: Buffer, from: number): number {
  const i = buf.indexOf('\r\n', from, 'latin1');
  return i;
}

function parseIntStrict(s: string): number | null {
  return /^-?\d+$/.test(s) ? Number(s) : null;
}

/**
 * Incremental parser for client requests. Feed it raw chunks; it returns every complete command
 * (argv arrays) received so far, keeping partial data for the next feed. Throws ProtocolError with
 * Redis's message (e.g. "Protocol error: invalid multibulk length") on malformed input.
 */
export class RequestParser {
  private buf: Buffer = Buffer.alloc(0);

  feed(chunk: Buffer | string): string[][] {
    const c = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
    const cmds: string[][] = [];
    let pos = 0;
    while (pos < this.buf.length) {
      const r = this.buf[pos] === 0x2a /* '*' */ ? this.parseMultibulk(pos) : this.parseInline(pos);
      if (!r) break;
      pos = r.next;
      if (r.argv) cmds.push(r.argv);
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos);
    return cmds;
  }

  /** Bytes buffered but not yet forming a complete command. */
  get pending(): number { return this.buf.length; }

  private parseInline(pos: number): { next: number; argv: string[] | null } | null {
    const buf = this.buf;
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) {
      if (buf.length - pos > MAX_INLINE) throw new ProtocolError('Protocol error: too big inline request');
      return null;
    }
    let end = nl;
    if (end > pos && buf[end - 1] === 0x0d) end--;
    const line = buf.toString('latin1', pos, end);
    const argv = splitArgs(line);
    if (argv === null) throw new ProtocolError('Protocol error: unbalanced quotes in request');
    return { next: nl + 1, argv: argv.length ? argv : null };
  }

  private parseMultibulk(pos: number): { next: number; argv: string[] | null } | null {
    const buf = this.buf;
    let eol = findCRLF(buf, pos);
    if (eol < 0) {
      if (buf.length - pos > MAX_INLINE) throw new ProtocolError('Protocol error: too big mbulk count string');
      return null;
    }
    const n = parseIntStrict(buf.toString('latin1', pos + 1, eol));
    if (n === null || n > MAX_MULTIBULK) throw new ProtocolError('Protocol error: invalid multibulk length');
    let p = eol + 2;
    if (n <= 0) return { next: p, argv: null };
    const argv: string[] = [];
    for (let i = 0; i < n; i++) {
      if (p >= buf.length) return null;
      if (buf[p] !== 0x24 /* '$' */) {
        throw new ProtocolError(`Protocol error: expected '$', got '${String.fromCharCode(buf[p])}'`);
      }
      eol = findCRLF(buf, p);
      if (eol < 0) {
        if (buf.length - p > MAX_INLINE) throw new ProtocolError('Protocol error: too big bulk count string');
        return null;
      }
      const len = parseIntStrict(buf.toString('latin1', p + 1, eol));
      if (len === null || len < 0 || len > MAX_BULK) throw new ProtocolError('Protocol error: invalid bulk length');
      const start = eol + 2;
      if (buf.length < start + len + 2) return null;
      argv.push(buf.toString('latin1', start, start + len));
      p = start + len + 2; // Redis skips the trailing CRLF without checking it
    }
    return { next: p, argv };
  }
}

/** Split an inline command line like Redis's sdssplitargs (quotes, escapes). Null on unbalanced quotes. */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
  const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c);
  while (true) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      if (inDq) {
        if (i >= n) return null;
        const c = line[i];
        if (c === '\\' && line[i + 1] === 'x' && i + 3 < n + 0 && isHex(line[i + 2]) && isHex(line[i + 3])) {
          cur += String.fromCharCode(parseInt(line.substr(i + 2, 2), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else if (inSq) {
        if (i >= n) return null;
        const c = line[i];
        if (c === '\\' && line[i + 1] === "'") { i++; cur += "'"; }
        else if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else {
        if (i >= n) { done = true; break; }
        const c = line[i];
        if (isSpace(c)) done = true;
        else if (c === '"') inDq = true;
        else if (c === "'") inSq = true;
        else cur += c;
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

/** A decoded reply (client side): ErrorReply / SimpleString instances, strings, numbers, null, arrays. */
export type Decoded = string | number | null | Decoded[] | SimpleString | ErrorReply;

/** Incremental parser for server replies (used by clients and tests). Nil arrays decode to null. */
export class ReplyParser {
  private buf: Buffer = Buffer.alloc(0);

  feed(chunk: Buffer | string): Decoded[] {
    const c = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
    const out: Decoded[] = [];
    let pos = 0;
    while (pos < this.buf.length) {
      const r = this.parse(pos);
      if (!r) break;
      out.push(r.v);
      pos = r.next;
    }
    this.buf = this.buf.subarray(pos);
    return out;
  }

  private parse(pos: number): { v: Decoded; next: number } | null {
    const buf = this.buf;
    const eol = findCRLF(buf, pos);
    if (eol < 0) return null;
    const t = String.fromCharCode(buf[pos]);
    const line = buf.toString('latin1', pos + 1, eol);
    const next = eol + 2;
    switch (t) {
      case '+': return { v: new SimpleString(line), next };
      case '-': return { v: new ErrorReply(line), next };
      case ':': return { v: Number(line), next };
      case '$': {
        const len = Number(line);
        if (len < 0) return { v: null, next };
        if (buf.length < next + len + 2) return null;
        return { v: buf.toString('latin1', next, next + len), next: next + len + 2 };
      }
      case '*': {
        const n = Number(line);
        if (n < 0) return { v: null, next };
        const arr: Decoded[] = [];
        let p = next;
        for (let i = 0; i < n; i++) {
          const r = this.parse(p);
          if (!r) return null;
          arr.push(r.v);
          p = r.next;
        }
        return { v: arr, next: p };
      }
      default:
        throw new ProtocolError(`unexpected reply type byte '${t}'`);
    }
  }
}
