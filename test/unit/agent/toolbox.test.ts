// The pod toolbox, black-box: the libexec/toolbox scripts run as real child processes with the
// toolbox on PATH and KCTL_GATEWAY pointing to a gateway started here, whose resolve() maps
// virtual addresses to real loopback test servers (an HTTP server, the built-in redis image, an
// echo server). Nothing here dials a 10.x address: the gateway is the only way in.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { startGateway, GatewayClient } from '../../../src/agent/gateway';
import { dial, isLoopback, dialedAddress, NO_GATEWAY } from '../../../src/agent/toolbox/dial';
import { formatTTY, formatRaw, repr, Client, repl, parseOptions, Config } from '../../../src/agent/toolbox/redis-cli';
import { size5, Progress, parseUrl } from '../../../src/agent/toolbox/wget';
import { getopt } from '../../../src/agent/toolbox/main';
import { SimpleString, ErrorReply } from '../../../src/agent/images/resp';
import { freePort } from '../../../src/agent/agent';

const ROOT = path.resolve(__dirname, '../../../..');
const TOOLBOX = path.join(ROOT, 'libexec', 'toolbox');
const MAIN = path.join(ROOT, 'dist', 'src', 'agent', 'toolbox', 'main.js');
const IMAGE = path.join(ROOT, 'dist', 'src', 'agent', 'images', 'main.js');

const CLUSTER_IP = '10.98.31.157';
const REDIS_IP = '10.102.44.127';
const ECHO_IP = '10.96.5.5';
const DEAD_IP = '10.1.2.3';
const POD_IP = '10.244.1.5';
const INDEX = 'Hello MyApp | Version: v1 | <a href="hostname.html">Pod Name</a>\n';

const children = new Set<ChildProcess>();
const closers: (() => Promise<void> | void)[] = [];
const resolved: [string, number, GatewayClient][] = [];
let env: NodeJS.ProcessEnv;
let gatewayPort = 0;
let tmp = '';

function listen(server: net.Server): Promise<number> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
}

interface Result { code: number | null; stdout: string; stderr: string }

/** Run a command (found through PATH) to completion; killed after 15 s. */
function run(cmd: string, args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? env, cwd: opts.cwd ?? tmp, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin!.on('error', () => {});
    child.stdin!.end(opts.input ?? '');
  });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-toolbox-'));
  closers.push(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const web = http.createServer((req, res) => {
    if (req.url === '/') res.end(INDEX);
    else if (req.url === '/hostname.html') res.end('service-deploy-66548cc57f-982cd\n');
    else if (req.url === '/moved') { res.writeHead(302, { Location: '/hostname.html' }); res.end(); }
    else if (req.url === '/chunked') { res.write('part1-'); setTimeout(() => res.end('part2\n'), 10); }
    else if (req.url === '/ua') res.end(`${req.headers['user-agent']}|${req.headers['x-extra'] ?? ''}|${req.headers.connection}\n`);
    else { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('404 page not found\n'); }
  });
  const webPort = await listen(web);
  closers.push(() => new Promise<void>((r) => { web.closeAllConnections(); web.close(() => r()); }));

  const echo = net.createServer({ allowHalfOpen: true }, (s) => { s.on('error', () => {}); s.pipe(s); });
  const echoPort = await listen(echo);
  closers.push(() => new Promise<void>((r) => echo.close(() => r())));

  // the built-in redis image, as a pod would run it
  const redisPort = await freePort();
  const redis = spawn(process.execPath, [IMAGE, 'redis'], {
    env: { PATH: process.env.PATH, PORT: String(redisPort), HOSTNAME: 'redis-test' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(redis);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    redis.stdout!.on('data', (d) => { out += d; if (out.includes('Ready to accept connections')) resolve(); });
    redis.on('exit', (c) => reject(new Error(`redis image exited ${c}: ${out}`)));
  });

  const map: Record<string, number> = {
    [`${CLUSTER_IP}:80`]: webPort, [`${REDIS_IP}:6379`]: redisPort, [`${ECHO_IP}:7`]: echoPort,
  };
  const gw = await startGateway({
    resolve: (host, port, client) => {
      resolved.push([host, port, client]);
      if (host === 'redis-svc' || host === 'redis-svc.default.svc.cluster.local') {
        return { host: '127.0.0.1', port: redisPort, address: `${REDIS_IP}:${port}` };
      }
      const real = map[`${host}:${port}`];
      if (real) return { host: '127.0.0.1', port: real, address: `${host}:${port}` };
      if (/^10\./.test(host)) return { error: 'refused', address: `${host}:${port}` };
      return { error: 'nxdomain' };
    },
  });
  gatewayPort = gw.port;
  closers.push(() => gw.close());
  env = {
    PATH: `${TOOLBOX}:${process.env.PATH}`, KCTL_NODE: process.execPath, KCTL_GATEWAY: `127.0.0.1:${gw.port}`,
    KCTL_POD_IP: POD_IP, KCTL_POD_NAMESPACE: 'default', HOSTNAME: 'busybox-7d9f-abcde', HOME: tmp,
  };
});

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of closers.reverse()) await c();
});

describe('toolbox: wget', () => {
  test('wget -O - -q http://<ClusterIP>/ prints the body (the lab)', async () => {
    resolved.length = 0;
    assert.deepEqual(await run('wget', ['-O', '-', '-q', `http://${CLUSTER_IP}/`]), { code: 0, stdout: INDEX, stderr: '' });
    assert.deepEqual(resolved, [[CLUSTER_IP, 80, { podIP: POD_IP, namespace: 'default' }]], 'the pod identity reaches the gateway');
  });

  test('the lab loop: for i in 1 2; do wget -O - -q .../hostname.html; done', async () => {
    const r = await run('sh', ['-c', `for i in 1 2; do wget -O - -q http://${CLUSTER_IP}/hostname.html; done`]);
    assert.deepEqual(r, { code: 0, stdout: 'service-deploy-66548cc57f-982cd\n'.repeat(2), stderr: '' });
  });

  const errors: { name: string; args: string[]; stderr: string }[] = [
    { name: '404', args: ['-q', `http://${CLUSTER_IP}/nothere`], stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\n' },
    { name: 'refused', args: ['-q', '-O', '-', `http://${DEAD_IP}/`], stderr: `wget: can't connect to remote host (${DEAD_IP}): Connection refused\n` },
    {
      name: 'refused, verbose', args: ['-O', '-', `http://${DEAD_IP}:8080/`],
      stderr: `Connecting to ${DEAD_IP}:8080 (${DEAD_IP}:8080)\nwget: can't connect to remote host (${DEAD_IP}): Connection refused\n`,
    },
    { name: 'bad address', args: ['-q', 'http://nosuch/'], stderr: "wget: bad address 'nosuch'\n" },
    { name: 'not http', args: ['-q', 'gopher://x/'], stderr: 'wget: not an http or ftp url: gopher://x/\n' },
  ];
  for (const e of errors) {
    test(`error: ${e.name}`, async () => {
      assert.deepEqual(await run('wget', e.args), { code: 1, stdout: '', stderr: e.stderr });
    });
  }

  test('saving to a file: busybox progress lines; an existing file is not overwritten', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dl-'));
    const noColumns = { ...env };
    delete noColumns.COLUMNS;
    const r = await run('wget', [`http://${CLUSTER_IP}/`], { cwd: dir, env: noColumns });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr,
      `Connecting to ${CLUSTER_IP} (${CLUSTER_IP}:80)\n` +
      "saving to 'index.html'\n" +
      'index.html           100% |********************************|    65  0:00:00 ETA\n' +
      "'index.html' saved\n");
    assert.equal(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), INDEX);
    const again = await run('wget', ['-q', `http://${CLUSTER_IP}/`], { cwd: dir });
    assert.deepEqual(again, { code: 1, stdout: '', stderr: "wget: can't open 'index.html': File exists\n" });
    // -O FILE overwrites; -P DIR saves there under the URL's name
    assert.equal((await run('wget', ['-q', '-O', 'index.html', `http://${CLUSTER_IP}/hostname.html`], { cwd: dir })).code, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), 'service-deploy-66548cc57f-982cd\n');
    assert.equal((await run('wget', ['-q', '-P', 'sub', `http://${CLUSTER_IP}/hostname.html`], { cwd: dir, env })).code, 1,
      'the directory must exist');
    fs.mkdirSync(path.join(dir, 'sub'));
    assert.equal((await run('wget', ['-q', '-P', 'sub', `http://${CLUSTER_IP}/hostname.html`], { cwd: dir })).code, 0);
    assert.ok(fs.existsSync(path.join(dir, 'sub', 'hostname.html')));
  });

  test('redirects, chunked bodies, service names, headers', async () => {
    assert.equal((await run('wget', ['-qO-', `http://${CLUSTER_IP}/moved`])).stdout, 'service-deploy-66548cc57f-982cd\n');
    assert.equal((await run('wget', ['-qO-', `http://${CLUSTER_IP}/chunked`])).stdout, 'part1-part2\n');
    assert.equal((await run('wget', ['-q', '-O', '-', '-U', 'agent/1', '--header', 'X-Extra: yes', `http://${CLUSTER_IP}/ua`])).stdout,
      'agent/1|yes|close\n');
    assert.equal((await run('wget', ['-qO-', `http://${CLUSTER_IP}/ua`])).stdout, 'Wget||close\n');
    const s = await run('wget', ['--spider', `http://${CLUSTER_IP}/`]);
    assert.deepEqual(s, { code: 0, stdout: '', stderr: `Connecting to ${CLUSTER_IP} (${CLUSTER_IP}:80)\nremote file exists\n` });
  });

  test('no gateway: a clear error, and no direct dial of the virtual address', async () => {
    const noGw = { ...env };
    delete noGw.KCTL_GATEWAY;
    assert.deepEqual(await run('wget', ['-q', '-O', '-', `http://${CLUSTER_IP}/`], { env: noGw }),
      { code: 1, stdout: '', stderr: `wget: ${NO_GATEWAY}\n` });
  });
});

describe('toolbox: redis-cli', () => {
  test('redis-cli -h <ClusterIP> ping → PONG', async () => {
    assert.deepEqual(await run('redis-cli', ['-h', REDIS_IP, 'ping']), { code: 0, stdout: 'PONG\n', stderr: '' });
  });

  test('commands from stdin (not a terminal): raw replies, no prompt', async () => {
    const r = await run('redis-cli', ['-h', REDIS_IP], {
      input: 'ping\nset greeting "hello world"\nget greeting\nrpush l a b\nlrange l 0 -1\nget nope\nfoo\n"unbalanced\nquit\nping\n',
    });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'PONG\nOK\nhello world\n2\na\nb\n\nERR unknown command \'foo\', with args beginning with: \n\nInvalid argument(s)\n');
    assert.equal(r.stderr, '');
  });

  test('--no-raw formats as for a terminal; a service name resolves through the gateway', async () => {
    await run('redis-cli', ['-h', 'redis-svc', 'del', 'fmt']);
    await run('redis-cli', ['-h', 'redis-svc', 'rpush', 'fmt', 'x', 'y z']);
    assert.equal((await run('redis-cli', ['-h', 'redis-svc', '--no-raw', 'lrange', 'fmt', '0', '-1'])).stdout, '1) "x"\n2) "y z"\n');
    assert.equal((await run('redis-cli', ['-h', 'redis-svc', '--no-raw', 'llen', 'fmt'])).stdout, '(integer) 2\n');
    assert.equal((await run('redis-cli', ['-h', 'redis-svc', '--no-raw', 'get', 'none'])).stdout, '(nil)\n');
    assert.equal((await run('redis-cli', ['-h', REDIS_IP, '-r', '3', 'incr', 'counter3'])).stdout, '1\n2\n3\n');
  });

  test('errors: exit 0 for an error reply (1 with -e), 1 when the connection fails', async () => {
    const e = await run('redis-cli', ['-h', REDIS_IP, '--no-raw', 'nosuchcmd']);
    assert.deepEqual(e, { code: 0, stdout: "(error) ERR unknown command 'nosuchcmd', with args beginning with: \n", stderr: '' });
    assert.equal((await run('redis-cli', ['-e', '-h', REDIS_IP, 'nosuchcmd'])).code, 1);
    assert.deepEqual(await run('redis-cli', ['-h', DEAD_IP, 'ping']),
      { code: 1, stdout: '', stderr: `Could not connect to Redis at ${DEAD_IP}:6379: Connection refused\n` });
    assert.deepEqual(await run('redis-cli', ['-h', 'nosuch', 'ping']),
      { code: 1, stdout: '', stderr: 'Could not connect to Redis at nosuch:6379: Name or service not known\n' });
    assert.deepEqual(await run('redis-cli', ['--bogus']),
      { code: 1, stdout: '', stderr: "Unrecognized option or bad number of args for: '--bogus'\n" });
  });

  test('REPL: prompts HOST:PORT> and HOST:PORT[DB]> , not connected> ', async () => {
    const gwEnv = { KCTL_GATEWAY: `127.0.0.1:${gatewayPort}` };
    const session = async (cfg: Partial<Config>, input: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const prompts: string[] = [];
      const { cfg: base } = parseOptions([], {}, true);
      const client = new Client({ ...base, ...cfg, env: gwEnv }, { out: (s) => out.push(s), err: (s) => err.push(s) });
      await client.connect();
      const lines = [...input];
      const code = await repl(client, { next: async (p) => { prompts.push(p); return lines.length ? lines.shift()! : null; } });
      client.conn.close();
      return { code, out: out.join(''), err: err.join(''), prompts };
    };
    const s = await session({ host: REDIS_IP }, ['ping', 'select 2', 'set k v', 'get k', '2 incr c2', 'quit']);
    assert.deepEqual(s, {
      code: 0, out: 'PONG\nOK\nOK\n"v"\n(integer) 1\n(integer) 2\n', err: '',
      prompts: [`${REDIS_IP}:6379> `, `${REDIS_IP}:6379> `, `${REDIS_IP}:6379[2]> `, `${REDIS_IP}:6379[2]> `,
        `${REDIS_IP}:6379[2]> `, `${REDIS_IP}:6379[2]> `],
    });
    const dead = await session({ host: DEAD_IP }, ['ping', 'exit']);
    const msg = `Could not connect to Redis at ${DEAD_IP}:6379: Connection refused\n`;
    assert.deepEqual(dead, { code: 0, out: '', err: msg + msg, prompts: ['not connected> ', 'not connected> '] });
  });

  const formats: [string, unknown, string, string][] = [
    ['status', new SimpleString('PONG'), 'PONG\n', 'PONG'],
    ['bulk', 'hello world', '"hello world"\n', 'hello world'],
    ['escapes', 'a"b\\c\n\x01\xe4', '"a\\"b\\\\c\\n\\x01\\xe4"\n', 'a"b\\c\n\x01\xe4'],
    ['integer', 42, '(integer) 42\n', '42'],
    ['nil', null, '(nil)\n', ''],
    ['error', new ErrorReply('ERR boom'), '(error) ERR boom\n', 'ERR boom\n'],
    ['empty array', [], '(empty array)\n', ''],
    ['array', ['a', 'b'], '1) "a"\n2) "b"\n', 'a\nb'],
    ['nested', [1, ['x', ['y']], []], '1) (integer) 1\n2) 1) "x"\n   2) 1) "y"\n3) (empty array)\n', '1\nx\ny\n'],
    ['ten elements', Array.from({ length: 10 }, (_, i) => String(i)),
      Array.from({ length: 10 }, (_, i) => `${String(i + 1).padStart(2)}) "${i}"\n`).join(''), '0\n1\n2\n3\n4\n5\n6\n7\n8\n9'],
  ];
  for (const [name, reply, tty, raw] of formats) {
    test(`reply format: ${name}`, () => {
      assert.equal(formatTTY(reply as any), tty);
      assert.equal(formatRaw(reply as any), raw);
    });
  }
  test('repr of a UTF-8 value is byte-escaped as redis-cli does', () => assert.equal(repr(Buffer.from('é').toString('latin1')), '"\\xc3\\xa9"'));
});

describe('toolbox: nc', () => {
  test('round trip through the gateway to an echo server', async () => {
    assert.deepEqual(await run('nc', [ECHO_IP, '7'], { input: 'hello over nc\n' }), { code: 0, stdout: 'hello over nc\n', stderr: '' });
  });

  test('-z and -v', async () => {
    assert.deepEqual(await run('nc', ['-zv', ECHO_IP, '7']), { code: 0, stdout: '', stderr: `${ECHO_IP} (${ECHO_IP}:7) open\n` });
    assert.deepEqual(await run('nc', ['-z', DEAD_IP, '6379']), { code: 1, stdout: '', stderr: '' });
    assert.deepEqual(await run('nc', ['-vv', DEAD_IP, '6379']),
      { code: 1, stdout: '', stderr: `nc: ${DEAD_IP} (${DEAD_IP}:6379): Connection refused\n` });
    assert.deepEqual(await run('nc', ['nosuch', '80']), { code: 1, stdout: '', stderr: "nc: bad address 'nosuch'\n" });
  });

  test('RESP by hand: PING to the redis ClusterIP', async () => {
    const r = await run('nc', ['-w', '1', REDIS_IP, '6379'], { input: 'PING\r\n' });
    assert.deepEqual(r, { code: 0, stdout: '+PONG\r\n', stderr: '' });
  });

  test('nc -l -p PORT listens on loopback; a second nc connects to it', async () => {
    const port = await freePort();
    const server = run('nc', ['-lv', '-p', String(port)]);
    // wait for the listener
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((r) => {
        const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
        s.on('error', () => r(false));
      });
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // the probe above was the accepted connection; it closed, so the listener is done
    const probe = await server;
    assert.equal(probe.code, 0);
    assert.match(probe.stderr, new RegExp(`^listening on 127\\.0\\.0\\.1:${port} \\.\\.\\.\\nconnect to 127\\.0\\.0\\.1:${port} from 127\\.0\\.0\\.1:\\d+`));
    // now for real: listener, then client with data
    const listener = run('nc', ['-l', '-p', String(port)]);
    let client: Result | undefined;
    for (let i = 0; i < 100 && !client; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const r = await run('nc', ['127.0.0.1', String(port)], { input: 'via loopback\n' });
      if (r.code === 0) client = r;
    }
    assert.ok(client, 'the client connected');
    assert.deepEqual(await listener, { code: 0, stdout: 'via loopback\n', stderr: '' });
  });
});

describe('toolbox: hostname and the dispatcher', () => {
  test('hostname prints the pod name; -i its IP; setting fails', async () => {
    assert.deepEqual(await run('hostname', []), { code: 0, stdout: 'busybox-7d9f-abcde\n', stderr: '' });
    assert.deepEqual(await run('hostname', ['-i']), { code: 0, stdout: `${POD_IP}\n`, stderr: '' });
    assert.deepEqual(await run('hostname', ['other']), { code: 1, stdout: '', stderr: 'hostname: sethostname: Operation not permitted\n' });
  });

  test('unknown applet: exit 127', async () => {
    assert.deepEqual(await run(process.execPath, [MAIN, 'frobnicate', 'x']), { code: 127, stdout: '', stderr: 'frobnicate: applet not found\n' });
  });

  test('every applet has an executable script that finds main.js', async () => {
    for (const a of ['wget', 'nc', 'redis-cli', 'hostname', 'nslookup']) {
      const st = fs.statSync(path.join(TOOLBOX, a));
      assert.ok(st.mode & 0o111, `${a} is executable`);
      assert.match(fs.readFileSync(path.join(TOOLBOX, a), 'utf8'), new RegExp(`^#!/bin/sh\\n[\\s\\S]*main\\.js" ${a} "\\$@"`));
    }
    // run through a relative PATH entry from another directory
    const r = await run('hostname', [], { cwd: ROOT, env: { ...env, PATH: `libexec/toolbox:${process.env.PATH}` } });
    assert.deepEqual(r, { code: 0, stdout: 'busybox-7d9f-abcde\n', stderr: '' });
  });
});

describe('toolbox: dial and helpers', () => {
  const loop: [string, boolean][] = [
    ['127.0.0.1', true], ['127.1.2.3', true], ['localhost', true], ['::1', true], ['[::1]', true], ['::ffff:127.0.0.1', true],
    ['10.96.0.1', false], ['10.244.1.5', false], ['redis-svc', false], ['0.0.0.0', false], ['128.0.0.1', false],
  ];
  for (const [h, want] of loop) test(`isLoopback(${h}) = ${want}`, () => assert.equal(isLoopback(h), want));

  test('virtual addresses go through the gateway (X-Kctl-Address names the peer); no gateway → ENOGATEWAY', async () => {
    const s = await dial('redis-svc', 6379, { env: { KCTL_GATEWAY: `127.0.0.1:${gatewayPort}` } });
    assert.equal(dialedAddress(s), `${REDIS_IP}:6379`);
    const pong = await new Promise<string>((r) => { s.once('data', (d) => r(d.toString())); s.write('PING\r\n'); });
    assert.equal(pong, '+PONG\r\n');
    s.destroy();
    await assert.rejects(dial(CLUSTER_IP, 80, { env: {} }), { code: 'ENOGATEWAY', message: NO_GATEWAY });
    await assert.rejects(dial(DEAD_IP, 80, { env: { KCTL_GATEWAY: `127.0.0.1:${gatewayPort}` } }), { code: 'ECONNREFUSED', address: `${DEAD_IP}:80` });
    await assert.rejects(dial('nosuch', 80, { env: { KCTL_GATEWAY: `127.0.0.1:${gatewayPort}` } }), { code: 'ENOTFOUND' });
    const dead = await freePort();
    await assert.rejects(dial(CLUSTER_IP, 80, { env: { KCTL_GATEWAY: `127.0.0.1:${dead}` } }), { code: 'ENOGATEWAY' });
  });

  test('loopback inside a pod: the pod\'s own port through the gateway first, else the loopback address', async () => {
    const local = net.createServer((c) => c.end('local\n'));
    const port = await listen(local);
    try {
      resolved.length = 0;
      const s = await dial('127.0.0.1', port, { env: { KCTL_GATEWAY: `127.0.0.1:${gatewayPort}`, KCTL_POD_IP: POD_IP } });
      const text = await new Promise<string>((r) => { let t = ''; s.on('data', (d) => { t += d; }); s.on('end', () => r(t)); });
      s.destroy(); // dialed sockets allow half-open connections: the caller ends them
      assert.equal(text, 'local\n');
      assert.deepEqual(resolved.map((x) => `${x[0]}:${x[1]}`), [`${POD_IP}:${port}`]);
    } finally {
      local.close();
    }
  });

  const sizes: [number, string][] = [[0, '    0'], [65, '   65'], [99999, '99999'], [100000, '97.6k'], [1048576, ' 1024k'.slice(1)], [123456789, ' 117M']];
  for (const [n, want] of sizes) test(`size5(${n}) = "${want}"`, () => assert.equal(size5(n), want));

  test('progress line: non-tty, known size, 80 columns', () => {
    const lines: string[] = [];
    const p = new Progress('index.html', (s) => lines.push(s), false, 80, () => 100);
    assert.equal(p.update(0, 0, 612), -1, 'nothing at start within the same second');
    assert.equal(p.update(0, 612, 612), 1);
    assert.deepEqual(lines, ['index.html           100% |********************************|   612  0:00:00 ETA\n']);
  });

  const urls: [string, object][] = [
    [`http://${CLUSTER_IP}/`, { protocol: 'http', host: CLUSTER_IP, port: 80, path: '', user: undefined }],
    [`http://${CLUSTER_IP}:8080/a/b.html?x=1`, { protocol: 'http', host: `${CLUSTER_IP}:8080`, port: 8080, path: 'a/b.html?x=1', user: undefined }],
    ['https://u:p%20w@h/x', { protocol: 'https', host: 'h', port: 443, path: 'x', user: 'u:p w' }],
    ['myapp?q', { protocol: 'http', host: 'myapp', port: 80, path: 'q', user: undefined }],
  ];
  for (const [u, want] of urls) test(`parseUrl(${u})`, () => assert.deepEqual(parseUrl(u), want));

  test('getopt: permutation, clusters, long options with = and prefixes', () => {
    const spec = { short: { q: false, O: true }, long: { 'output-document': ['O', true] as [string, boolean], quiet: ['q', false] as [string, boolean] } };
    assert.deepEqual(getopt(['url', '-qO-'], spec), { opts: [['q', undefined], ['O', '-']], args: ['url'] });
    assert.deepEqual(getopt(['--output-doc=f', '--qui', '--', '-x'], spec), { opts: [['O', 'f'], ['q', undefined]], args: ['-x'] });
    assert.throws(() => getopt(['-z'], spec), { message: "invalid option -- 'z'" });
    assert.throws(() => getopt(['-O'], spec), { message: "option requires an argument -- 'O'" });
  });
});
