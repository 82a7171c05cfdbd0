// Redis 7 command table over an in-memory keyspace. Pure: time comes in as `now` (ms since epoch).
import { Reply, simple, err, OK, NULL_ARRAY, ErrorReply } from './resp';

export const REDIS_VERSION = '7.2.4';
export const NUM_DBS = 16;

type Value =
  | { type: 'string'; v: string }
  | { type: 'list'; v: string[] }
  | { type: 'set'; v: Set<string> }
  | { type: 'hash'; v: Map<string, string> };
type Entry = Value & { expireAt?: number };

/** The whole dataset: 16 databases of key -> entry. */
export class Keyspace {
  readonly dbs: Map<string, Entry>[] = Array.from({ length: NUM_DBS }, () => new Map());
  /** Settable server config (CONFIG GET/SET). */
  readonly config = new Map<string, string>([
    ['save', '3600 1 300 100 60 10000'],
    ['appendonly', 'no'],
    ['databases', String(NUM_DBS)],
    ['maxmemory', '0'],
    ['maxmemory-policy', 'noeviction'],
    ['port', '6379'],
    ['bind', '* -::*'],
    ['timeout', '0'],
    ['loglevel', 'notice'],
    ['dir', '/data'],
    ['dbfilename', 'dump.rdb'],
  ]);
  startedAt = 0;
  nextClientId = 1;
  connectedClients = 0;
  totalCommands = 0;
  totalConnections = 0;
  port = 6379;
  runId = 'a'.repeat(40);

  /** Remove every expired key (an active-expiry sweep); returns how many were removed. */
  sweep(now: number): number {
    let n = 0;
    for (const db of this.dbs) {
      for (const [k, e] of db) if (e.expireAt !== undefined && e.expireAt <= now) { db.delete(k); n++; }
    }
    return n;
  }
}

/** Per-connection state. */
export interface Session {
  id: number;
  db: number;
  name: string | null;
  /** Set by QUIT: the server should flush the reply and close the connection. */
  closeAfterReply?: boolean;
  addr?: string;
  laddr?: string;
  connectedAt?: number;
  lastCmd?: string;
}

export function newSession(ks: Keyspace, now: number, addr?: string, laddr?: string): Session {
  return { id: ks.nextClientId++, db: 0, name: null, addr, laddr, connectedAt: now };
}

// ---------------------------------------------------------------------------------------------
// errors (Redis 7 texts)
const E = {
  wrongType: err('WRONGTYPE Operation against a key holding the wrong kind of value'),
  notInt: err('ERR value is not an integer or out of range'),
  syntax: err('ERR syntax error'),
  overflow: err('ERR increment or decrement would overflow'),
  dbRange: err('ERR DB index is out of range'),
  notFloat: err('ERR value is not a valid float'),
  positive: err('ERR value is out of range, must be positive'),
};
const wrongArgs = (name: string) => err(`ERR wrong number of arguments for '${name}' command`);
const invalidExpire = (name: string) => err(`ERR invalid expire time in '${name}' command`);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Parse like Redis string2ll: no leading '+', spaces or zeros; within int64. */
export function parseInt64(s: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s) || s.length > 20) return null;
  const b = BigInt(s);
  return b < INT64_MIN || b > INT64_MAX ? null : b;
}

function toNum(b: bigint): number | bigint {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

/** Redis glob matching (stringmatchlen): * ? [abc] [^a-z] and \ escapes. */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  if (nocase) { pattern = pattern.toLowerCase(); str = str.toLowerCase(); }
  const m = (p: number, s: number): boolean => {
    while (p < pattern.length) {
      const c = pattern[p];
      if (c === '*') {
        while (pattern[p + 1] === '*') p++;
        if (p + 1 === pattern.length) return true;
        for (let i = s; i <= str.length; i++) if (m(p + 1, i)) return true;
        return false;
      }
      if (s >= str.length) return false;
      if (c === '?') { p++; s++; continue; }
      if (c === '[') {
        p++;
        const not = pattern[p] === '^';
        if (not) p++;
        let match = false;
        while (p < pattern.length && pattern[p] !== ']') {
          if (pattern[p] === '\\' && p + 1 < pattern.length) {
            p++;
            if (pattern[p] === str[s]) match = true;
          } else if (pattern[p + 1] === '-' && p + 2 < pattern.length && pattern[p + 2] !== ']') {
            let a = pattern[p], b = pattern[p + 2];
            if (a > b) [a, b] = [b, a];
            if (str[s] >= a && str[s] <= b) match = true;
            p += 2;
          } else if (pattern[p] === str[s]) match = true;
          p++;
        }
        if (not) match = !match;
        if (!match) return false;
        p++; s++;
        continue;
      }
      if (c === '\\' && p + 1 < pattern.length) p++;
      if (pattern[p] !== str[s]) return false;
      p++; s++;
    }
    return s === str.length;
  };
  return m(0, 0);
}

// ---------------------------------------------------------------------------------------------
interface Ctx { ks: Keyspace; s: Session; now: number; db: Map<string, Entry>; name: string }
type Handler = (c: Ctx, a: string[]) => Reply;
interface Cmd { arity: number; fn: Handler; sub?: Record<string, Cmd> }

function lookup(c: Ctx, key: string): Entry | undefined {
  const e = c.db.get(key);
  if (e && e.expireAt !== undefined && e.expireAt <= c.now) { c.db.delete(key); return undefined; }
  return e;
}

/** Fetch key of an expected type: undefined when missing, ErrorReply on wrong type. */
function get<T extends Value['type']>(c: Ctx, key: string, type: T): Extract<Entry, { type: T }> | undefined | ErrorReply {
  const e = lookup(c, key);
  if (!e) return undefined;
  if (e.type !== type) return E.wrongType;
  return e as Extract<Entry, { type: T }>;
}

function dropIfEmpty(c: Ctx, key: string, e: Entry): void {
  const size = e.type === 'list' ? e.v.length : e.type === 'string' ? 1 : e.v.size;
  if (size === 0) c.db.delete(key);
}

function incrBy(c: Ctx, key: string, by: bigint): Reply {
  const e = get(c, key, 'string');
  if (e instanceof ErrorReply) return e;
  let cur = 0n;
  if (e) {
    const p = parseInt64(e.v);
    if (p === null) return E.notInt;
    cur = p;
  }
  const n = cur + by;
  if (n < INT64_MIN || n > INT64_MAX) return E.overflow;
  if (e) e.v = String(n);
  else c.db.set(key, { type: 'string', v: String(n) });
  return toNum(n);
}

function normRange(start: number, stop: number, len: number): [number, number] | null {
  if (start < 0) start = len + start;
  if (stop < 0) stop = len + stop;
  if (start < 0) start = 0;
  if (start > stop || start >= len) return null;
  if (stop >= len) stop = len - 1;
  return [start, stop];
}

function intArg(s: string): number | null {
  const b = parseInt64(s);
  return b === null ? null : Number(b);
}

function push(left: boolean): Handler {
  return (c, a) => {
    const e = get(c, a[1], 'list');
    if (e instanceof ErrorReply) return e;
    const list = e ? e.v : [];
    for (const v of a.slice(2)) left ? list.unshift(v) : list.push(v);
    if (!e) c.db.set(a[1], { type: 'list', v: list });
    return list.length;
  };
}

function pop(left: boolean): Handler {
  return (c, a) => {
    if (a.length > 3) return wrongArgs(c.name);
    let count: number | null = null;
    if (a.length === 3) {
      const n = parseInt64(a[2]);
      if (n === null || n < 0n) return E.positive;
      count = Number(n);
    }
    const e = get(c, a[1], 'list');
    if (e instanceof ErrorReply) return e;
    if (!e) return count === null ? null : NULL_ARRAY;
    let out: Reply;
    if (count === null) out = (left ? e.v.shift() : e.v.pop()) as string;
    else {
      const n = Math.min(count, e.v.length);
      out = left ? e.v.splice(0, n) : e.v.splice(e.v.length - n, n).reverse();
    }
    dropIfEmpty(c, a[1], e);
    return out;
  };
}

function setExpire(c: Ctx, a: string[], unitMs: number, absolute: boolean): Reply {
  const n = parseInt64(a[2]);
  if (n === null) return E.notInt;
  let nx = false, xx = false, gt = false, lt = false;
  for (const o of a.slice(3)) {
    const u = o.toUpperCase();
    if (u === 'NX') nx = true;
    else if (u === 'XX') xx = true;
    else if (u === 'GT') gt = true;
    else if (u === 'LT') lt = true;
    else return err(`ERR Unsupported option ${o}`);
  }
  if (nx && (xx || gt || lt)) return err('ERR NX and XX, GT or LT options at the same time are not compatible');
  if (gt && lt) return err('ERR GT and LT options at the same time are not compatible');
  const ms = n * BigInt(unitMs) + (absolute ? 0n : BigInt(c.now));
  if (ms > INT64_MAX || ms < INT64_MIN) return invalidExpire(c.name);
  const e = lookup(c, a[1]);
  if (!e) return 0;
  const at = Number(ms);
  const cur = e.expireAt; // undefined = persistent = infinite TTL
  if (nx && cur !== undefined) return 0;
  if (xx && cur === undefined) return 0;
  if (gt && (cur === undefined || at <= cur)) return 0;
  if (lt && cur !== undefined && at >= cur) return 0;
  if (at <= c.now) c.db.delete(a[1]);
  else e.expireAt = at;
  return 1;
}

function ttl(ms: boolean): Handler {
  return (c, a) => {
    const e = lookup(c, a[1]);
    if (!e) return -2;
    if (e.expireAt === undefined) return -1;
    const left = e.expireAt - c.now;
    return ms ? left : Math.floor((left + 500) / 1000);
  };
}

function infoText(c: Ctx, sections: string[]): string {
  const ks = c.ks;
  const up = Math.max(0, Math.floor((c.now - ks.startedAt) / 1000));
  let keys = 0;
  const all: Record<string, string[]> = {
    server: [
      `redis_version:${REDIS_VERSION}`, 'redis_git_sha1:00000000', 'redis_git_dirty:0', 'redis_build_id:0',
      'redis_mode:standalone', 'os:Linux x86_64', 'arch_bits:64', 'monotonic_clock:POSIX clock_gettime',
      'multiplexing_api:epoll', 'atomicvar_api:c11-builtin', 'gcc_version:12.2.0', 'process_id:1',
      'process_supervised:no', `run_id:${ks.runId}`, `tcp_port:${ks.port}`,
      `server_time_usec:${c.now * 1000}`, `uptime_in_seconds:${up}`, `uptime_in_days:${Math.floor(up / 86400)}`,
      'hz:10', 'configured_hz:10', 'lru_clock:0', 'executable:/data/redis-server', 'config_file:',
      'io_threads_active:0',
    ],
    clients: [
      `connected_clients:${ks.connectedClients}`, 'cluster_connections:0', 'maxclients:10000',
      'client_recent_max_input_buffer:0', 'client_recent_max_output_buffer:0', 'blocked_clients:0',
      'tracking_clients:0', 'clients_in_timeout_table:0',
    ],
    memory: ['used_memory:1000000', 'used_memory_human:976.56K', 'maxmemory:0', 'maxmemory_human:0B',
      'maxmemory_policy:noeviction', 'mem_allocator:jemalloc-5.3.0'],
    persistence: ['loading:0', 'async_loading:0', 'rdb_changes_since_last_save:0', 'rdb_bgsave_in_progress:0',
      'rdb_last_bgsave_status:ok', 'aof_enabled:0', 'aof_rewrite_in_progress:0'],
    stats: [`total_connections_received:${ks.totalConnections}`, `total_commands_processed:${ks.totalCommands}`,
      'instantaneous_ops_per_sec:0', 'rejected_connections:0', 'expired_keys:0', 'evicted_keys:0',
      'keyspace_hits:0', 'keyspace_misses:0'],
    replication: ['role:master', 'connected_slaves:0', 'master_failover_state:no-failover',
      `master_replid:${ks.runId}`, 'master_replid2:0000000000000000000000000000000000000000',
      'master_repl_offset:0', 'second_repl_offset:-1', 'repl_backlog_active:0'],
    cpu: ['used_cpu_sys:0.000000', 'used_cpu_user:0.000000', 'used_cpu_sys_children:0.000000',
      'used_cpu_user_children:0.000000'],
    modules: [],
    errorstats: [],
    cluster: ['cluster_enabled:0'],
    keyspace: c.ks.dbs.flatMap((db, i) => {
      let n = 0, exp = 0;
      for (const [k, e] of db) {
        if (e.expireAt !== undefined && e.expireAt <= c.now) continue;
        void k; n++; if (e.expireAt !== undefined) exp++;
      }
      keys += n;
      return n ? [`db${i}:keys=${n},expires=${exp},avg_ttl=0`] : [];
    }),
  };
  void keys;
  const titles: Record<string, string> = {
    server: 'Server', clients: 'Clients', memory: 'Memory', persistence: 'Persistence', stats: 'Stats',
    replication: 'Replication', cpu: 'CPU', modules: 'Modules', errorstats: 'Errorstats', cluster: 'Cluster',
    keyspace: 'Keyspace',
  };
  const dflt = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];
  let want = sections.map((x) => x.toLowerCase());
  if (!want.length || want.includes('default') || want.includes('all') || want.includes('everything')) want = dflt;
  const parts = want.filter((w) => all[w]).map((w) => `# ${titles[w]}\r\n${all[w].map((l) => l + '\r\n').join('')}`);
  return parts.join('\r\n');
}

function clientInfo(c: Ctx): string {
  const s = c.s;
  const age = Math.floor((c.now - (s.connectedAt ?? c.now)) / 1000);
  return `id=${s.id} addr=${s.addr ?? '127.0.0.1:0'} laddr=${s.laddr ?? '127.0.0.1:6379'} fd=8 name=${s.name ?? ''} ` +
    `age=${age} idle=0 flags=N db=${s.db} sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 ` +
    `multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=client|info user=default ` +
    `redir=-1 resp=2 lib-name= lib-ver=\n`;
}

function configGet(c: Ctx, a: string[]): Reply {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const pat of a.slice(2)) {
    for (const [k, v] of c.ks.config) {
      if (!seen.has(k) && globMatch(pat, k, true)) { seen.add(k); out.push(k, v); }
    }
  }
  return out;
}

const cmd = (arity: number, fn: Handler, sub?: Record<string, Cmd>): Cmd => ({ arity, fn, sub });

const COMMANDS: Record<string, Cmd> = {
  ping: cmd(-1, (c, a) => (a.length > 2 ? wrongArgs(c.name) : a.length === 2 ? a[1] : simple('PONG'))),
  echo: cmd(2, (_c, a) => a[1]),
  quit: cmd(-1, (c) => { c.s.closeAfterReply = true; return OK; }),
  select: cmd(2, (c, a) => {
    const n = parseInt64(a[1]);
    if (n === null) return E.notInt;
    if (n < 0n || n >= BigInt(NUM_DBS)) return E.dbRange;
    c.s.db = Number(n);
    return OK;
  }),
  set: cmd(-3, (c, a) => {
    let nx = false, xx = false, get_ = false, keepttl = false;
    let expireAt: number | undefined;
    let expUnit: string | null = null;
    for (let i = 3; i < a.length; i++) {
      const o = a[i].toUpperCase();
      if (o === 'NX' && !xx) nx = true;
      else if (o === 'XX' && !nx) xx = true;
      else if (o === 'GET') get_ = true;
      else if (o === 'KEEPTTL' && !expUnit) keepttl = true;
      else if ((o === 'EX' || o === 'PX' || o === 'EXAT' || o === 'PXAT') && !keepttl && !expUnit && i + 1 < a.length) {
        expUnit = o;
        const n = parseInt64(a[++i]);
        if (n === null) return E.notInt;
        if (n <= 0n) return invalidExpire(c.name);
        const ms = o === 'EX' ? n * 1000n + BigInt(c.now) : o === 'PX' ? n + BigInt(c.now) : o === 'EXAT' ? n * 1000n : n;
        if (ms > INT64_MAX) return invalidExpire(c.name);
        expireAt = Number(ms);
      } else return E.syntax;
    }
    const cur = lookup(c, a[1]);
    let old: Reply = null;
    if (get_) {
      if (cur && cur.type !== 'string') return E.wrongType;
      old = cur ? (cur as { v: string }).v : null;
    }
    if ((nx && cur) || (xx && !cur)) return get_ ? old : null;
    const e: Entry = { type: 'string', v: a[2] };
    if (expireAt !== undefined) e.expireAt = expireAt;
    else if (keepttl && cur && cur.expireAt !== undefined) e.expireAt = cur.expireAt;
    c.db.set(a[1], e);
    return get_ ? old : OK;
  }),
  setnx: cmd(3, (c, a) => { if (lookup(c, a[1])) return 0; c.db.set(a[1], { type: 'string', v: a[2] }); return 1; }),
  get: cmd(2, (c, a) => { const e = get(c, a[1], 'string'); return e instanceof ErrorReply ? e : e ? e.v : null; }),
  getdel: cmd(2, (c, a) => {
    const e = get(c, a[1], 'string');
    if (e instanceof ErrorReply) return e;
    if (!e) return null;
    c.db.delete(a[1]);
    return e.v;
  }),
  del: cmd(-2, (c, a) => { let n = 0; for (const k of a.slice(1)) if (lookup(c, k)) { c.db.delete(k); n++; } return n; }),
  unlink: cmd(-2, (c, a) => COMMANDS.del.fn(c, a)),
  exists: cmd(-2, (c, a) => a.slice(1).filter((k) => lookup(c, k)).length),
  incr: cmd(2, (c, a) => incrBy(c, a[1], 1n)),
  decr: cmd(2, (c, a) => incrBy(c, a[1], -1n)),
  incrby: cmd(3, (c, a) => { const n = parseInt64(a[2]); return n === null ? E.notInt : incrBy(c, a[1], n); }),
  decrby: cmd(3, (c, a) => {
    const n = parseInt64(a[2]);
    if (n === null) return E.notInt;
    if (n === INT64_MIN) return err('ERR decrement would overflow');
    return incrBy(c, a[1], -n);
  }),
  append: cmd(3, (c, a) => {
    const e = get(c, a[1], 'string');
    if (e instanceof ErrorReply) return e;
    if (e) { e.v += a[2]; return e.v.length; }
    c.db.set(a[1], { type: 'string', v: a[2] });
    return a[2].length;
  }),
  strlen: cmd(2, (c, a) => { const e = get(c, a[1], 'string'); return e instanceof ErrorReply ? e : e ? e.v.length : 0; }),
  mget: cmd(-2, (c, a) => a.slice(1).map((k) => { const e = lookup(c, k); return e && e.type === 'string' ? e.v : null; })),
  mset: cmd(-3, (c, a) => {
    if (a.length % 2 === 0) return wrongArgs(c.name);
    for (let i = 1; i < a.length; i += 2) c.db.set(a[i], { type: 'string', v: a[i + 1] });
    return OK;
  }),
  expire: cmd(-3, (c, a) => setExpire(c, a, 1000, false)),
  pexpire: cmd(-3, (c, a) => setExpire(c, a, 1, false)),
  expireat: cmd(-3, (c, a) => setExpire(c, a, 1000, true)),
  pexpireat: cmd(-3, (c, a) => setExpire(c, a, 1, true)),
  ttl: cmd(2, ttl(false)),
  pttl: cmd(2, ttl(true)),
  persist: cmd(2, (c, a) => {
    const e = lookup(c, a[1]);
    if (!e || e.expireAt === undefined) return 0;
    delete e.expireAt;
    return 1;
  }),
  keys: cmd(2, (c, a) => [...c.db.keys()].filter((k) => lookup(c, k) && globMatch(a[1], k))),
  type: cmd(2, (c, a) => simple(lookup(c, a[1])?.type ?? 'none')),
  dbsize: cmd(1, (c) => { let n = 0; for (const k of [...c.db.keys()]) if (lookup(c, k)) n++; return n; }),
  flushdb: cmd(-1, (c, a) => {
    if (a.length > 2 || (a.length === 2 && !/^(a?sync)$/i.test(a[1]))) return E.syntax;
    c.db.clear();
    return OK;
  }),
  flushall: cmd(-1, (c, a) => {
    if (a.length > 2 || (a.length === 2 && !/^(a?sync)$/i.test(a[1]))) return E.syntax;
    for (const db of c.ks.dbs) db.clear();
    return OK;
  }),
  lpush: cmd(-3, push(true)),
  rpush: cmd(-3, push(false)),
  lpop: cmd(-2, pop(true)),
  rpop: cmd(-2, pop(false)),
  llen: cmd(2, (c, a) => { const e = get(c, a[1], 'list'); return e instanceof ErrorReply ? e : e ? e.v.length : 0; }),
  lrange: cmd(4, (c, a) => {
    const start = intArg(a[2]), stop = intArg(a[3]);
    if (start === null || stop === null) return E.notInt;
    const e = get(c, a[1], 'list');
    if (e instanceof ErrorReply) return e;
    if (!e) return [];
    const r = normRange(start, stop, e.v.length);
    return r ? e.v.slice(r[0], r[1] + 1) : [];
  }),
  lindex: cmd(3, (c, a) => {
    const i = intArg(a[2]);
    if (i === null) return E.notInt;
    const e = get(c, a[1], 'list');
    if (e instanceof ErrorReply) return e;
    if (!e) return null;
    return e.v[i < 0 ? e.v.length + i : i] ?? null;
  }),
  sadd: cmd(-3, (c, a) => {
    const e = get(c, a[1], 'set');
    if (e instanceof ErrorReply) return e;
    const set = e ? e.v : new Set<string>();
    let n = 0;
    for (const m of a.slice(2)) if (!set.has(m)) { set.add(m); n++; }
    if (!e) c.db.set(a[1], { type: 'set', v: set });
    return n;
  }),
  srem: cmd(-3, (c, a) => {
    const e = get(c, a[1], 'set');
    if (e instanceof ErrorReply) return e;
    if (!e) return 0;
    let n = 0;
    for (const m of a.slice(2)) if (e.v.delete(m)) n++;
    dropIfEmpty(c, a[1], e);
    return n;
  }),
  smembers: cmd(2, (c, a) => { const e = get(c, a[1], 'set'); return e instanceof ErrorReply ? e : e ? [...e.v] : []; }),
  sismember: cmd(3, (c, a) => { const e = get(c, a[1], 'set'); return e instanceof ErrorReply ? e : e && e.v.has(a[2]) ? 1 : 0; }),
  scard: cmd(2, (c, a) => { const e = get(c, a[1], 'set'); return e instanceof ErrorReply ? e : e ? e.v.size : 0; }),
  hset: cmd(-4, (c, a) => {
    if (a.length % 2 !== 0) return wrongArgs(c.name);
    const e = get(c, a[1], 'hash');
    if (e instanceof ErrorReply) return e;
    const h = e ? e.v : new Map<string, string>();
    let n = 0;
    for (let i = 2; i < a.length; i += 2) { if (!h.has(a[i])) n++; h.set(a[i], a[i + 1]); }
    if (!e) c.db.set(a[1], { type: 'hash', v: h });
    return n;
  }),
  hmset: cmd(-4, (c, a) => { const r = COMMANDS.hset.fn(c, a); return typeof r === 'number' ? OK : r; }),
  hget: cmd(3, (c, a) => { const e = get(c, a[1], 'hash'); return e instanceof ErrorReply ? e : e?.v.get(a[2]) ?? null; }),
  hexists: cmd(3, (c, a) => { const e = get(c, a[1], 'hash'); return e instanceof ErrorReply ? e : e && e.v.has(a[2]) ? 1 : 0; }),
  hgetall: cmd(2, (c, a) => { const e = get(c, a[1], 'hash'); return e instanceof ErrorReply ? e : e ? [...e.v].flat() : []; }),
  hkeys: cmd(2, (c, a) => { const e = get(c, a[1], 'hash'); return e instanceof ErrorReply ? e : e ? [...e.v.keys()] : []; }),
  hvals: cmd(2, (c, a) => { const e = get(c, a[1], 'hash'); return e instanceof ErrorReply ? e : e ? [...e.v.values()] : []; }),
  hlen: cmd(2, (c, a) => { const e = get(c, a[1], 'hash'); return e instanceof ErrorReply ? e : e ? e.v.size : 0; }),
  hdel: cmd(-3, (c, a) => {
    const e = get(c, a[1], 'hash');
    if (e instanceof ErrorReply) return e;
    if (!e) return 0;
    let n = 0;
    for (const f of a.slice(2)) if (e.v.delete(f)) n++;
    dropIfEmpty(c, a[1], e);
    return n;
  }),
  info: cmd(-1, (c, a) => infoText(c, a.slice(1))),
  command: cmd(-1, () => [], {
    docs: cmd(-2, () => []),
    info: cmd(-2, () => []),
    count: cmd(2, () => Object.keys(COMMANDS).length),
    list: cmd(-2, () => Object.keys(COMMANDS)),
  }),
  client: cmd(-2, () => OK, {
    setname: cmd(3, (c, a) => {
      if (/[^\x21-\x7e]/.test(a[2])) return err('ERR Client names cannot contain spaces, newlines or special characters.');
      c.s.name = a[2] === '' ? null : a[2];
      return OK;
    }),
    getname: cmd(2, (c) => c.s.name),
    id: cmd(2, (c) => c.s.id),
    info: cmd(2, (c) => clientInfo(c)),
    setinfo: cmd(4, () => OK),
  }),
  hello: cmd(-1, (c, a) => {
    if (a.length >= 2) {
      const v = parseInt64(a[1]);
      if (v === null) return err('ERR Protocol version is not an integer or out of range');
      if (v !== 2n) return err('NOPROTO unsupported protocol version');
      for (let i = 2; i < a.length; i++) {
        const o = a[i].toUpperCase();
        if (o === 'AUTH' && i + 2 < a.length) i += 2;
        else if (o === 'SETNAME' && i + 1 < a.length) c.s.name = a[++i];
        else return err(`ERR Syntax error in HELLO option '${a[i]}'`);
      }
    }
    return ['server', 'redis', 'version', REDIS_VERSION, 'proto', 2, 'id', c.s.id, 'mode', 'standalone',
      'role', 'master', 'modules', []];
  }),
  config: cmd(-2, () => OK, {
    get: cmd(-3, configGet),
    set: cmd(-4, (c, a) => {
      if (a.length % 2 !== 0) return wrongArgs('config|set');
      for (let i = 2; i < a.length; i += 2) {
        if (!c.ks.config.has(a[i].toLowerCase())) {
          return err(`ERR Unknown option or number of arguments for CONFIG SET - '${a[i]}'`);
        }
      }
      for (let i = 2; i < a.length; i += 2) c.ks.config.set(a[i].toLowerCase(), a[i + 1]);
      return OK;
    }),
    resetstat: cmd(2, () => OK),
  }),
};

function arityOk(arity: number, n: number): boolean {
  return arity >= 0 ? n === arity : n >= -arity;
}

/** Execute one command (argv as received) against the keyspace for a session at time `now` (ms). */
export function execute(ks: Keyspace, s: Session, argv: string[], now: number): Reply {
  ks.totalCommands++;
  const name = argv[0].toLowerCase();
  const c = COMMANDS[name];
  if (!c) {
    const args = argv.slice(1).map((x) => `'${x.slice(0, 128)}' `).join('');
    return err(`ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`);
  }
  s.lastCmd = name;
  const ctx: Ctx = { ks, s, now, db: ks.dbs[s.db], name };
  if (c.sub) {
    if (argv.length < 2) return arityOk(c.arity, argv.length) ? c.fn(ctx, argv) : wrongArgs(name);
    const subName = argv[1].toLowerCase();
    const sc = c.sub[subName];
    if (!sc) {
      return err(`ERR unknown subcommand '${argv[1].slice(0, 128)}'. Try ${name.toUpperCase()} HELP.`);
    }
    ctx.name = `${name}|${subName}`;
    if (!arityOk(sc.arity, argv.length)) return wrongArgs(ctx.name);
    return sc.fn(ctx, argv);
  }
  if (!arityOk(c.arity, argv.length)) return wrongArgs(name);
  return c.fn(ctx, argv);
}

/** Names of the implemented commands (lowercase). */
export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}
