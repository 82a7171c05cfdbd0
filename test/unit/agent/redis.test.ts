import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import {
  RequestParser, ReplyParser, encode, splitArgs, simple, err, NULL_ARRAY, SimpleString, ErrorReply, Reply, Decoded,
} from '../../../src/agent/images/resp';
import { Keyspace, execute, newSession, globMatch, parseInt64 } from '../../../src/agent/images/redis-commands';

describe('resp: encode', () => {
  const cases: [Reply, string][] = [
    ['abc', '$3\r\nabc\r\n'],
    ['', '$0\r\n\r\n'],
    [null, '$-1\r\n'],
    [42, ':42\r\n'],
    [-1, ':-1\r\n'],
    [9223372036854775807n, ':9223372036854775807\r\n'],
    [simple('OK'), '+OK\r\n'],
    [err('ERR boom'), '-ERR boom\r\n'],
    [NULL_ARRAY, '*-1\r\n'],
    [[], '*0\r\n'],
    [['a', 1, null, ['b']], '*4\r\n$1\r\na\r\n:1\r\n$-1\r\n*1\r\n$1\r\nb\r\n'],
    ['\xff\x00', '$2\r\n\xff\x00\r\n'],
  ];
  for (const [r, want] of cases) {
    test(JSON.stringify(want), () => assert.equal(encode(r).toString('latin1'), want));
  }
});

describe('resp: RequestParser', () => {
  const cases: { name: string; chunks: string[]; want: string[][] }[] = [
    { name: 'one multibulk', chunks: ['*2\r\n$3\r\nGET\r\n$1\r\nk\r\n'], want: [['GET', 'k']] },
    { name: 'pipelined', chunks: ['*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n'], want: [['PING'], ['ECHO', 'hi']] },
    { name: 'split everywhere', chunks: ['*', '2\r', '\n$3\r\nG', 'ET\r\n$1', '\r\nk', '\r', '\n'], want: [['GET', 'k']] },
    { name: 'binary with CRLF inside bulk', chunks: ['*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n'], want: [['ECHO', 'a\r\nb']] },
    { name: 'inline', chunks: ['PING\r\n'], want: [['PING']] },
    { name: 'inline LF only, split', chunks: ['set k ', 'v\n', 'get k\n'], want: [['set', 'k', 'v'], ['get', 'k']] },
    { name: 'inline quotes', chunks: [`set "a b" 'c d' "x\\ny\\x41"\r\n`], want: [['set', 'a b', 'c d', 'x\nyA']] },
    { name: 'empty lines ignored', chunks: ['\r\n\nPING\r\n'], want: [['PING']] },
    { name: 'mixed inline and multibulk', chunks: ['PING\r\n*1\r\n$4\r\nPING\r\n'], want: [['PING'], ['PING']] },
    { name: 'zero-length multibulk ignored', chunks: ['*0\r\n*1\r\n$4\r\nPING\r\n'], want: [['PING']] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const p = new RequestParser();
      const got: string[][] = [];
      for (const ch of c.chunks) got.push(...p.feed(Buffer.from(ch, 'latin1')));
      assert.deepEqual(got, c.want);
      assert.equal(p.pending, 0);
    });
  }
  test('byte-by-byte feeding', () => {
    const p = new RequestParser();
    const raw = encode(['SET', 'key', 'a value']).toString('latin1') + 'GET key\r\n';
    const got: string[][] = [];
    for (const ch of raw) got.push(...p.feed(ch));
    assert.deepEqual(got, [['SET', 'key', 'a value'], ['GET', 'key']]);
  });
  const bad: [string, string][] = [
    ['*x\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n+foo\r\n', "Protocol error: expected '$', got '+'"],
    ['*1\r\n$-5\r\n', 'Protocol error: invalid bulk length'],
    ['set "a\r\n', 'Protocol error: unbalanced quotes in request'],
  ];
  for (const [input, msg] of bad) {
    test(`protocol error: ${msg}`, () => assert.throws(() => new RequestParser().feed(input), { message: msg }));
  }
  test('splitArgs: closing quote must be followed by space', () => assert.equal(splitArgs('"a"b'), null));
});

describe('resp: ReplyParser', () => {
  test('decodes split replies', () => {
    const p = new ReplyParser();
    const raw = '+OK\r\n-ERR x\r\n:5\r\n$-1\r\n*-1\r\n*2\r\n$1\r\na\r\n*0\r\n$3\r\nabc\r\n';
    const got: Decoded[] = [];
    for (let i = 0; i < raw.length; i += 3) got.push(...p.feed(raw.slice(i, i + 3)));
    assert.deepEqual(got, [new SimpleString('OK'), new ErrorReply('ERR x'), 5, null, null, ['a', []], 'abc']);
  });
});

describe('glob / int parsing', () => {
  const globs: [string, string, boolean][] = [
    ['*', 'anything', true], ['h?llo', 'hello', true], ['h?llo', 'hllo', false], ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true], ['h[ae]llo', 'hillo', false], ['h[^e]llo', 'hallo', true], ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true], ['h[a-b]llo', 'hcllo', false], ['a\\*b', 'a*b', true], ['a\\*b', 'axb', false],
    ['user:*', 'user:1', true], ['user:*', 'users', false], ['', '', true],
  ];
  for (const [p, s, want] of globs) test(`glob ${p} ~ ${s}`, () => assert.equal(globMatch(p, s), want));
  const ints: [string, bigint | null][] = [
    ['0', 0n], ['-12', -12n], ['+1', null], ['01', null], [' 1', null], ['1.5', null], ['', null], ['-0', null],
    ['9223372036854775807', 9223372036854775807n], ['9223372036854775808', null], ['-9223372036854775808', -9223372036854775808n],
  ];
  for (const [s, want] of ints) test(`parseInt64 ${JSON.stringify(s)}`, () => assert.equal(parseInt64(s), want));
});

// ---- command table -----------------------------------------------------------------------------
const OKR = simple('OK');
type Step = [string[], Reply] | ['@advance', number];
const T0 = 1_800_000_000_000;

function run(steps: Step[]) {
  const ks = new Keyspace();
  ks.startedAt = T0;
  const s = newSession(ks, T0);
  let now = T0;
  steps.forEach((st, i) => {
    if (st[0] === '@advance') { now += st[1] as number; return; }
    const [argv, want] = st as [string[], Reply];
    assert.deepEqual(execute(ks, s, argv, now), want, `step ${i}: ${argv.join(' ')}`);
  });
}

const WT = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const NOTINT = err('ERR value is not an integer or out of range');
const wrong = (n: string) => err(`ERR wrong number of arguments for '${n}' command`);

describe('redis commands', () => {
  const cases: { name: string; steps: Step[] }[] = [
    { name: 'ping/echo', steps: [[['PING'], simple('PONG')], [['ping', 'hi'], 'hi'], [['ping', 'a', 'b'], wrong('ping')], [['ECHO', 'x'], 'x'], [['echo'], wrong('echo')]] },
    { name: 'unknown command', steps: [
      [['foo'], err("ERR unknown command 'foo', with args beginning with: ")],
      [['FOO', 'a', 'b c'], err("ERR unknown command 'FOO', with args beginning with: 'a' 'b c' ")],
    ] },
    { name: 'set/get/del/exists', steps: [
      [['GET', 'k'], null], [['SET', 'k', 'v'], OKR], [['get', 'k'], 'v'], [['GET'], wrong('get')],
      [['EXISTS', 'k', 'k', 'nope'], 2], [['DEL', 'k', 'nope'], 1], [['GET', 'k'], null], [['set', 'k'], wrong('set')],
    ] },
    { name: 'set NX/XX/GET/KEEPTTL', steps: [
      [['SET', 'k', '1', 'XX'], null], [['SET', 'k', '1', 'NX'], OKR], [['SET', 'k', '2', 'NX'], null],
      [['SET', 'k', '3', 'XX', 'GET'], '1'], [['SET', 'k', '4', 'NX', 'XX'], err('ERR syntax error')],
      [['SET', 'k', '4', 'EX', '10', 'PX', '100'], err('ERR syntax error')], [['SET', 'k', '4', 'EX', '0'], err("ERR invalid expire time in 'set' command")],
      [['SET', 'k', '4', 'EX', 'x'], NOTINT], [['SET', 'k', '4', 'bogus'], err('ERR syntax error')],
      [['SET', 'k', '5', 'EX', '10'], OKR], [['SET', 'k', '6', 'KEEPTTL'], OKR], [['TTL', 'k'], 10],
      [['SET', 'k', '7'], OKR], [['TTL', 'k'], -1], [['LPUSH', 'l', 'a'], 1], [['SET', 'l', 'x', 'GET'], WT],
      [['SET', 'new', 'x', 'GET'], null], [['GET', 'new'], 'x'],
    ] },
    { name: 'expiry with the clock', steps: [
      [['SET', 'k', 'v', 'PX', '1500'], OKR], [['PTTL', 'k'], 1500], [['TTL', 'k'], 2], ['@advance', 1000],
      [['TTL', 'k'], 1], [['GET', 'k'], 'v'], ['@advance', 500], [['GET', 'k'], null], [['TTL', 'k'], -2],
      [['SET', 'a', '1'], OKR], [['EXPIRE', 'a', '10'], 1], [['EXPIRE', 'a', '20', 'NX'], 0], [['EXPIRE', 'a', '5', 'GT'], 0],
      [['EXPIRE', 'a', '50', 'GT'], 1], [['TTL', 'a'], 50], [['PEXPIRE', 'a', '2500'], 1], [['PTTL', 'a'], 2500],
      [['PERSIST', 'a'], 1], [['PERSIST', 'a'], 0], [['TTL', 'a'], -1], [['EXPIRE', 'missing', '10'], 0],
      [['EXPIRE', 'a', 'x'], NOTINT], [['EXPIRE', 'a', '-1'], 1], [['EXISTS', 'a'], 0], [['DBSIZE'], 0],
    ] },
    { name: 'incr family', steps: [
      [['INCR', 'n'], 1], [['INCRBY', 'n', '10'], 11], [['DECR', 'n'], 10], [['DECRBY', 'n', '20'], -10], [['GET', 'n'], '-10'],
      [['INCRBY', 'n', 'x'], NOTINT], [['SET', 's', 'abc'], OKR], [['INCR', 's'], NOTINT],
      [['SET', 'm', '9223372036854775807'], OKR], [['INCR', 'm'], err('ERR increment or decrement would overflow')],
      [['SET', 'm', '9223372036854775806'], OKR], [['INCR', 'm'], 9223372036854775807n],
      [['LPUSH', 'l', 'x'], 1], [['INCR', 'l'], WT],
    ] },
    { name: 'append/strlen/mget/mset', steps: [
      [['APPEND', 'a', 'foo'], 3], [['APPEND', 'a', 'bar'], 6], [['GET', 'a'], 'foobar'], [['STRLEN', 'a'], 6], [['STRLEN', 'x'], 0],
      [['MSET', 'x', '1', 'y', '2'], OKR], [['MSET', 'x', '1', 'y'], wrong('mset')], [['SADD', 's', 'm'], 1],
      [['MGET', 'x', 'nope', 'y', 's'], ['1', null, '2', null]],
    ] },
    { name: 'keys/type/dbsize/flush/select', steps: [
      [['MSET', 'user:1', 'a', 'user:2', 'b', 'other', 'c'], OKR], [['KEYS', 'user:*'], ['user:1', 'user:2']],
      [['KEYS', '*'], ['user:1', 'user:2', 'other']], [['TYPE', 'other'], simple('string')], [['TYPE', 'nope'], simple('none')],
      [['DBSIZE'], 3], [['SELECT', '1'], OKR], [['DBSIZE'], 0], [['SET', 'q', '1'], OKR], [['SELECT', '16'], err('ERR DB index is out of range')],
      [['SELECT', 'x'], NOTINT], [['FLUSHDB'], OKR], [['SELECT', '0'], OKR], [['DBSIZE'], 3], [['FLUSHALL', 'ASYNC'], OKR], [['DBSIZE'], 0],
      [['FLUSHDB', 'bogus'], err('ERR syntax error')],
    ] },
    { name: 'lists', steps: [
      [['RPUSH', 'l', 'a', 'b', 'c'], 3], [['LPUSH', 'l', 'z', 'y'], 5], [['LRANGE', 'l', '0', '-1'], ['y', 'z', 'a', 'b', 'c']],
      [['LRANGE', 'l', '1', '2'], ['z', 'a']], [['LRANGE', 'l', '-2', '100'], ['b', 'c']], [['LRANGE', 'l', '5', '10'], []],
      [['LRANGE', 'nope', '0', '-1'], []], [['LLEN', 'l'], 5], [['LPOP', 'l'], 'y'], [['RPOP', 'l'], 'c'],
      [['LPOP', 'l', '2'], ['z', 'a']], [['RPOP', 'l', '5'], ['b']], [['EXISTS', 'l'], 0], [['LPOP', 'l'], null],
      [['LPOP', 'l', '1'], NULL_ARRAY], [['LPOP', 'l', '-1'], err('ERR value is out of range, must be positive')],
      [['TYPE', 'x'], simple('none')], [['SET', 'x', '1'], OKR], [['LPUSH', 'x', 'a'], WT], [['LRANGE', 'x', '0', '1'], WT],
      [['LRANGE', 'l', 'a', '1'], NOTINT], [['LPUSH', 'l'], wrong('lpush')],
    ] },
    { name: 'sets', steps: [
      [['SADD', 's', 'a', 'b', 'a'], 2], [['SADD', 's', 'b', 'c'], 1], [['SCARD', 's'], 3], [['SMEMBERS', 's'], ['a', 'b', 'c']],
      [['SISMEMBER', 's', 'a'], 1], [['SISMEMBER', 's', 'z'], 0], [['SREM', 's', 'a', 'z'], 1], [['TYPE', 's'], simple('set')],
      [['SREM', 's', 'b', 'c'], 2], [['EXISTS', 's'], 0], [['SMEMBERS', 's'], []], [['SET', 'x', '1'], OKR], [['SADD', 'x', 'a'], WT],
    ] },
    { name: 'hashes', steps: [
      [['HSET', 'h', 'f1', 'v1', 'f2', 'v2'], 2], [['HSET', 'h', 'f1', 'new', 'f3', 'v3'], 1], [['HGET', 'h', 'f1'], 'new'],
      [['HGET', 'h', 'zz'], null], [['HGETALL', 'h'], ['f1', 'new', 'f2', 'v2', 'f3', 'v3']], [['HKEYS', 'h'], ['f1', 'f2', 'f3']],
      [['HLEN', 'h'], 3], [['HDEL', 'h', 'f1', 'zz'], 1], [['HSET', 'h', 'f1'], wrong('hset')], [['TYPE', 'h'], simple('hash')],
      [['HDEL', 'h', 'f2', 'f3'], 2], [['EXISTS', 'h'], 0], [['HGETALL', 'h'], []], [['SET', 'x', '1'], OKR], [['HGET', 'x', 'f'], WT],
    ] },
    { name: 'server/connection commands', steps: [
      [['COMMAND'], []], [['COMMAND', 'DOCS'], []], [['command', 'docs', 'get'], []],
      [['CLIENT', 'SETNAME', 'me'], OKR], [['CLIENT', 'GETNAME'], 'me'], [['CLIENT', 'ID'], 1],
      [['CLIENT', 'SETNAME', 'a b'], err('ERR Client names cannot contain spaces, newlines or special characters.')],
      [['CLIENT', 'BOGUS'], err("ERR unknown subcommand 'BOGUS'. Try CLIENT HELP.")], [['CLIENT'], wrong('client')],
      [['CLIENT', 'GETNAME', 'x'], wrong('client|getname')],
      [['HELLO', '3'], err('NOPROTO unsupported protocol version')],
      [['HELLO', '2'], ['server', 'redis', 'version', '7.2.4', 'proto', 2, 'id', 1, 'mode', 'standalone', 'role', 'master', 'modules', []]],
      [['CONFIG', 'GET', 'save'], ['save', '3600 1 300 100 60 10000']],
      [['CONFIG', 'GET', 'appendonly', 'databases'], ['appendonly', 'no', 'databases', '16']],
      [['CONFIG', 'GET', 'nope'], []], [['CONFIG', 'GET'], wrong('config|get')], [['QUIT'], OKR],
    ] },
  ];
  for (const c of cases) test(c.name, () => run(c.steps));

  test('INFO has a # Server section', () => {
    const ks = new Keyspace();
    const s = newSession(ks, T0);
    execute(ks, s, ['SET', 'a', '1'], T0);
    const info = execute(ks, s, ['INFO'], T0) as string;
    assert.match(info, /^# Server\r\nredis_version:7\.2\.4\r\n/);
    assert.match(info, /redis_mode:standalone\r\n/);
    assert.match(info, /# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n/);
    const server = execute(ks, s, ['INFO', 'server'], T0) as string;
    assert.ok(!server.includes('# Clients'));
  });

  test('QUIT flags the session for close; sessions keep their own db', () => {
    const ks = new Keyspace();
    const a = newSession(ks, T0), b = newSession(ks, T0);
    execute(ks, a, ['SELECT', '3'], T0);
    execute(ks, a, ['SET', 'k', 'in3'], T0);
    assert.equal(execute(ks, b, ['GET', 'k'], T0), null);
    assert.equal(b.id, 2);
    execute(ks, a, ['QUIT'], T0);
    assert.equal(a.closeAfterReply, true);
  });

  test('sweep removes expired keys', () => {
    const ks = new Keyspace();
    const s = newSession(ks, T0);
    execute(ks, s, ['SET', 'a', '1', 'PX', '10'], T0);
    execute(ks, s, ['SET', 'b', '1'], T0);
    assert.equal(ks.sweep(T0 + 10), 1);
    assert.equal(ks.dbs[0].size, 1);
  });
});

// ---- black box: the real process -----------------------------------------------------------------
const ENTRY = path.join(__dirname, '../../../src/agent/images/redis.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ child: ChildProcess; port: number; out: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, PORT: String(port), KCTL_LISTEN_HOST: '127.0.0.1', HOSTNAME: 'redis-test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('server did not start: ' + out)), 5000);
    const check = () => { if (out.includes('Ready to accept connections tcp')) { clearTimeout(t); resolve(); } };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited early ${code}: ${out}`)));
  });
  return { child, port, out: () => out };
}

class Client {
  private parser = new ReplyParser();
  private queue: Decoded[] = [];
  private waiters: ((v: Decoded) => void)[] = [];
  closed: Promise<void>;
  constructor(public sock: net.Socket) {
    this.closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.on('data', (d) => {
      for (const v of this.parser.feed(d)) {
        const w = this.waiters.shift();
        if (w) w(v); else this.queue.push(v);
      }
    });
    sock.on('error', () => {});
  }
  static connect(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new Client(s)));
      s.once('error', reject);
    });
  }
  next(): Promise<Decoded> {
    const v = this.queue.shift();
    if (v !== undefined) return Promise.resolve(v);
    return new Promise((r) => this.waiters.push(r));
  }
  async cmd(...args: string[]): Promise<Decoded> { this.sock.write(encode(args)); return this.next(); }
}

async function stop(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const code = await exited;
  return { code, ms: Date.now() - t0 };
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('redis process (black box)', () => {
  test('serves RESP over TCP, handles pipelining and split packets, exits 0 on SIGTERM', async () => {
    const { child, port, out } = await startServer();
    try {
      assert.match(out(), /^1:C \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} \* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n/);
      const c = await Client.connect(port);
      assert.deepEqual(await c.cmd('PING'), new SimpleString('PONG'));
      assert.deepEqual(await c.cmd('SET', 'k', 'v\r\nwith crlf'), new SimpleString('OK'));
      assert.equal(await c.cmd('GET', 'k'), 'v\r\nwith crlf');
      assert.deepEqual(await c.cmd('GET'), new ErrorReply("ERR wrong number of arguments for 'get' command"));
      // pipelined, and split mid-token
      const raw = Buffer.concat([encode(['INCR', 'n']), encode(['INCR', 'n']), Buffer.from('RPUSH l a b\r\nLRANGE l 0 -1\r\n')]);
      c.sock.write(raw.subarray(0, 7));
      await new Promise((r) => setTimeout(r, 20));
      c.sock.write(raw.subarray(7));
      assert.deepEqual([await c.next(), await c.next(), await c.next(), await c.next()], [1, 2, 2, ['a', 'b']]);
      // a second connection sees the same data; QUIT closes it
      const c2 = await Client.connect(port);
      assert.equal(await c2.cmd('GET', 'n'), '2');
      assert.deepEqual(await c2.cmd('QUIT'), new SimpleString('OK'));
      await c2.closed;
      // protocol error: reply then close
      const c3 = await Client.connect(port);
      c3.sock.write('*1\r\n+x\r\n');
      assert.deepEqual(await c3.next(), new ErrorReply("ERR Protocol error: expected '$', got '+'"));
      await c3.closed;
      // c stays open: SIGTERM must close it and exit quickly
      const { code, ms } = await stop(child);
      assert.equal(code, 0);
      assert.ok(ms < 100 + 150, `exit took ${ms}ms`); // 100 ms budget plus test-harness slack
      await c.closed;
      assert.match(out(), /Received SIGTERM scheduling shutdown/);
      assert.match(out(), /Redis is now ready to exit, bye bye/);
      assert.equal(isAlive(child.pid!), false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  const hasRedisCli = spawnSync('redis-cli', ['--version']).status === 0;
  test('redis-cli works against it', { skip: hasRedisCli ? false : 'redis-cli not on PATH' }, async () => {
    const { child, port } = await startServer();
    try {
      const cli = (...args: string[]) => new Promise<string>((resolve, reject) => {
        const p = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let o = '';
        p.stdout.on('data', (d) => { o += d; });
        p.stderr.on('data', (d) => { o += d; });
        p.on('error', reject);
        p.on('exit', () => resolve(o));
      });
      assert.equal(await cli('ping'), 'PONG\n');
      assert.equal(await cli('set', 'k', 'v'), 'OK\n');
      assert.equal(await cli('get', 'k'), 'v\n');
      assert.equal(await cli('get', 'missing'), '\n');
      assert.equal(await cli('rpush', 'l', 'a', 'b'), '2\n');
      assert.equal(await cli('lrange', 'l', '0', '-1'), 'a\nb\n');
      const { code } = await stop(child);
      assert.equal(code, 0);
      assert.equal(isAlive(child.pid!), false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
