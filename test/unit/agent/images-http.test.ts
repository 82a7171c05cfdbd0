import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { parseImageRef, lookupImage, CATALOGUE } from '../../../src/agent/images/catalogue';
import { nginxVersion, nginxWelcomePage, nginxErrorPage, httpdVersion, tomcatVersion, myappVersion, logTimeLocal } from '../../../src/agent/images/http';

const MAIN = path.resolve(__dirname, '../../../src/agent/images/main.js');
const children = new Set<ChildProcess>();

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  assert.equal([...children].filter((c) => c.exitCode === null && c.signalCode === null).length, 0);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

interface Proc { child: ChildProcess; port: number; stdout: () => string; stderr: () => string; startMs: number }

async function start(image: string, env: Record<string, string> = {}): Promise<Proc> {
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [MAIN, image], {
    env: { PATH: process.env.PATH || '', PORT: String(port), HOSTNAME: 'web-7d9f-abcde', KCTL_POD_IP: '10.244.1.5',
      KCTL_POD_NAMESPACE: 'default', KCTL_NODE_NAME: 'k8s-node1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = ''; let err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  // wait until it accepts connections
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((res) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); res(true); });
      s.on('error', () => res(false));
    });
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { child, port, stdout: () => out, stderr: () => err, startMs };
}

async function stop(p: Proc): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  const done = new Promise<number | null>((r) => p.child.on('exit', (c) => r(c)));
  p.child.kill('SIGTERM');
  const code = await done;
  return { code, ms: Date.now() - t0 };
}

interface Resp { status: number; headers: http.IncomingHttpHeaders; raw: string[]; body: string }

function request(port: number, urlPath: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: opts.method || 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: res.rawHeaders, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function withImage(image: string, fn: (p: Proc) => Promise<void>, env: Record<string, string> = {}): Promise<Proc> {
  const p = await start(image, env);
  try {
    await fn(p);
  } finally {
    const { code, ms } = await stop(p);
    assert.equal(code, 0, `exit code of ${image}`);
    assert.ok(ms < 1000, `SIGTERM exit took ${ms} ms`);
  }
  return p;
}

const UA = { 'User-Agent': 'curl/7.29.0' };

describe('catalogue', () => {
  const refs: [string, string, string, string][] = [
    ['nginx:1.12', '', 'nginx', '1.12'],
    ['docker.io/library/httpd:2.4', 'docker.io', 'httpd', '2.4'],
    ['ikubernetes/myapp:v2', '', 'ikubernetes/myapp', 'v2'],
    ['registry.k8s.io/echoserver:1.10', 'registry.k8s.io', 'echoserver', '1.10'],
    ['localhost:5000/nginx', 'localhost:5000', 'nginx', ''],
    ['nginx@sha256:abcd', '', 'nginx', ''],
  ];
  for (const [ref, registry, name, tag] of refs) {
    test(`parseImageRef ${ref}`, () => {
      const r = parseImageRef(ref);
      assert.deepEqual([r.registry, r.name, r.tag], [registry, name, tag]);
    });
  }
  const lookups: [string, string | undefined][] = [
    ['nginx', 'nginx'], ['docker.io/library/nginx:latest', 'nginx'], ['httpd:2.4', 'httpd'], ['tomcat:jdk8', 'tomcat'],
    ['ikubernetes/myapp:v1', 'ikubernetes/myapp'], ['k8s.gcr.io/echoserver:1.4', 'echoserver'],
    ['gcr.io/google_containers/echoserver:1.4', 'echoserver'], ['traefik/whoami', 'traefik/whoami'],
    ['registry.k8s.io/pause:3.9', 'pause'], ['k8s.gcr.io/pause:3.1', 'pause'], ['redis:5', 'redis'], ['busybox', 'busybox'],
    ['cirros', 'cirros'], ['alpine:3.19', 'alpine'], ['registry.k8s.io/ingress-nginx/controller:v1.11.2', 'ingress-nginx/controller'],
    ['quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.25.1', 'ingress-nginx/controller'],
    ['nosuchimage:1', undefined], ['myrepo/nginx', undefined],
  ];
  for (const [ref, name] of lookups) {
    test(`lookupImage ${ref}`, () => assert.equal(lookupImage(ref)?.name, name));
  }
  test('default ports', () => {
    assert.deepEqual(CATALOGUE['nginx'].defaultPorts, [80]);
    assert.deepEqual(CATALOGUE['tomcat'].defaultPorts, [8080]);
    assert.deepEqual(CATALOGUE['echoserver'].defaultPorts, [8080]);
    assert.deepEqual(CATALOGUE['redis'].defaultPorts, [6379]);
    assert.deepEqual(CATALOGUE['pause'].defaultPorts, []);
    for (const e of Object.values(CATALOGUE)) assert.equal(e.kind, 'builtin');
  });
});

describe('versions and pages', () => {
  const nginx: [string, string][] = [['1.12', '1.12.2'], ['1.25', '1.25.5'], ['', '1.27.3'], ['latest', '1.27.3'],
    ['1.14.2', '1.14.2'], ['1.12-alpine', '1.12.2'], ['alpine', '1.27.3'], ['stable', '1.26.3']];
  for (const [tag, v] of nginx) test(`nginx tag "${tag}" → ${v}`, () => assert.equal(nginxVersion(tag), v));
  test('other versions', () => {
    assert.equal(httpdVersion(''), '2.4.62');
    assert.equal(httpdVersion('2.4.41'), '2.4.41');
    assert.equal(tomcatVersion('8.5'), '8.5.100');
    assert.equal(tomcatVersion('jdk8'), '9.0.98');
    assert.equal(tomcatVersion('9.0.26-jdk8'), '9.0.26');
    assert.equal(myappVersion('v2'), 'v2');
    assert.equal(myappVersion('latest'), 'v1');
    assert.equal(logTimeLocal(new Date('2019-09-28T02:33:45Z')), '28/Sep/2019:02:33:45 +0000');
  });
  test('page sizes match real nginx', () => {
    assert.equal(Buffer.byteLength(nginxWelcomePage('1.12.2')), 612);
    assert.equal(Buffer.byteLength(nginxWelcomePage('1.27.3')), 615);
    assert.equal(Buffer.byteLength(nginxErrorPage(404, 'Not Found', '1.12.2')), 169);
    assert.equal(nginxErrorPage(404, 'Not Found', '1.27.3'),
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n');
  });
});

const LOG_RE = /^(\S+) - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "([^"]*)" (\d+) (\d+) "([^"]*)" "([^"]*)" "([^"]*)"$/;

describe('image processes', { concurrency: 4 }, () => {
  test('nginx:1.12 welcome page, 404, HEAD, access log', async () => {
    const p = await withImage('nginx:1.12', async (p) => {
      const r = await request(p.port, '/', { headers: UA });
      assert.equal(r.status, 200);
      assert.equal(r.headers.server, 'nginx/1.12.2');
      assert.equal(r.headers['content-type'], 'text/html');
      assert.equal(r.body, nginxWelcomePage('1.12.2'));
      assert.match(r.body, /<title>Welcome to nginx!<\/title>/);
      assert.equal(r.headers['keep-alive'], undefined);
      assert.deepEqual(r.raw.filter((_, i) => i % 2 === 0).slice(0, 2), ['Server', 'Date']);
      const nf = await request(p.port, '/missing', { headers: { ...UA, 'X-Kctl-Client-IP': '10.244.2.75' } });
      assert.equal(nf.status, 404);
      assert.equal(nf.body, nginxErrorPage(404, 'Not Found', '1.12.2'));
      const h = await request(p.port, '/', { method: 'HEAD' });
      assert.equal(h.status, 200);
      assert.equal(h.headers['content-length'], '612');
      assert.equal(h.body, '');
    });
    const lines = p.stdout().trim().split('\n').map((l) => LOG_RE.exec(l));
    const reqs = lines.filter((m) => m && m[2] !== undefined);
    assert.equal(reqs.length, 3, p.stdout());
    assert.deepEqual(reqs[0]!.slice(2), ['GET / HTTP/1.1', '200', '612', '-', 'curl/7.29.0', '-']);
    assert.equal(reqs[0]![1], '127.0.0.1');
    assert.deepEqual(reqs[1]!.slice(1, 5), ['10.244.2.75', 'GET /missing HTTP/1.1', '404', '169']);
    assert.deepEqual(reqs[2]!.slice(2, 5), ['HEAD / HTTP/1.1', '200', '0']);
    assert.match(p.stderr(), /\[error\] .*open\(\) "\/usr\/share\/nginx\/html\/missing" failed \(2: No such file or directory\), client: 10\.244\.2\.75/);
  });

  test('nginx (latest) starts silently; version 1.27.3', async () => {
    const p = await withImage('docker.io/library/nginx', async (p) => {
      assert.equal(p.stdout(), '');
      const r = await request(p.port, '/');
      assert.equal(r.headers.server, 'nginx/1.27.3');
      assert.equal(r.body.length, 615);
    });
    assert.ok(p.startMs < 2000, `start ${p.startMs} ms`);
  });

  test('ikubernetes/myapp:v1 and v2, /hostname.html', async () => {
    for (const v of ['v1', 'v2']) {
      const p = await withImage(`ikubernetes/myapp:${v}`, async (p) => {
        const r = await request(p.port, '/');
        assert.equal(r.body, `Hello MyApp | Version: ${v} | <a href="hostname.html">Pod Name</a>\n`);
        assert.equal(r.headers.server, 'nginx/1.12.2');
        const h = await request(p.port, '/hostname.html', { headers: { 'X-Kctl-Client-IP': '10.244.0.9' } });
        assert.equal(h.body, 'web-7d9f-abcde\n');
      });
      assert.match(p.stdout(), /^10\.244\.0\.9 - - \[.*\] "GET \/hostname\.html HTTP\/1\.1" 200 15 "-" "-" "-"$/m);
    }
  });

  test('httpd It works! and common log', async () => {
    const p = await withImage('httpd:2.4', async (p) => {
      const r = await request(p.port, '/', { headers: { 'X-Kctl-Client-IP': '10.244.1.9' } });
      assert.equal(r.status, 200);
      assert.equal(r.body, '<html><body><h1>It works!</h1></body></html>\n');
      assert.equal(r.headers.server, 'Apache/2.4.62 (Unix)');
      assert.equal((await request(p.port, '/x')).status, 404);
      const h = await request(p.port, '/', { method: 'HEAD' });
      assert.equal(h.body, '');
    });
    const lines = p.stdout().trim().split('\n');
    assert.match(lines[0], /^10\.244\.1\.9 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 45$/);
    assert.match(lines[1], /"GET \/x HTTP\/1\.1" 404 196$/);
    assert.match(lines[2], /"HEAD \/ HTTP\/1\.1" 200 -$/);
    assert.match(p.stderr(), /AH00094: Command line: 'httpd -D FOREGROUND'/);
  });

  test('tomcat page on the default port 8080 mapping', async () => {
    const p = await withImage('tomcat:8.5', async (p) => {
      const r = await request(p.port, '/');
      assert.equal(r.status, 200);
      assert.match(r.body, /<title>Apache Tomcat\/8\.5\.100<\/title>/);
      const nf = await request(p.port, '/nope');
      assert.equal(nf.status, 404);
      assert.match(nf.body, /HTTP Status 404 – Not Found/);
    }, { KCTL_PORT_8080: '' });
    assert.match(p.stderr(), /Server startup in \[\d+\] milliseconds/);
  });

  test('echoserver echoes pod and request details', async () => {
    const p = await withImage('registry.k8s.io/echoserver:1.10', async (p) => {
      const r = await request(p.port, '/a/b?x=1', { method: 'POST', headers: { 'X-Kctl-Client-IP': '10.244.2.3', Host: 'echo.local:30080', 'X-Foo': 'bar' }, body: 'hello' });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/plain');
      const expected = ['', '', 'Hostname: web-7d9f-abcde', '', 'Pod Information:', '\tnode name:\tk8s-node1', '\tpod name:\tweb-7d9f-abcde',
        '\tpod namespace:\tdefault', '\tpod IP:\t10.244.1.5', '', 'Server values:', '\tserver_version=nginx: 1.13.3 - lua: 10008', '',
        'Request Information:', '\tclient_address=10.244.2.3', '\tmethod=POST', '\treal path=/a/b?x=1', '\tquery=x=1',
        '\trequest_version=1.1', '\trequest_scheme=http', '\trequest_uri=http://echo.local:8080/a/b?x=1', '', 'Request Headers:',
        '\tconnection=close', '\tcontent-length=5', '\thost=echo.local:30080', '\tx-foo=bar', '', 'Request Body:', 'hello'].join('\n');
      assert.equal(r.body, expected);
      const g = await request(p.port, '/');
      assert.match(g.body, /Request Body:\n\t-no body in request-\n$/);
    });
    assert.match(p.stdout(), /^10\.244\.2\.3 - - \[.*\] "POST \/a\/b\?x=1 HTTP\/1\.1" 200 \d+ "-" "-"$/m);
  });

  test('traefik/whoami', async () => {
    await withImage('traefik/whoami', async (p) => {
      const r = await request(p.port, '/hi?x=1', { headers: { 'X-Kctl-Client-IP': '10.244.2.3', 'user-agent': 'curl/8', 'x-b': '2', 'accept': '*/*' } });
      const lines = r.body.split('\n');
      assert.equal(lines[0], 'Hostname: web-7d9f-abcde');
      assert.ok(lines.includes('IP: 10.244.1.5'));
      assert.match(r.body, /^RemoteAddr: 10\.244\.2\.3:\d+$/m);
      assert.match(r.body, /GET \/hi\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nUser-Agent: curl\/8\r\nAccept: \*\/\*\r\nConnection: close\r\nX-B: 2\r\n\r\n$/);
      assert.equal((await request(p.port, '/health')).status, 200);
    });
  });

  test('pause sleeps until SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN, 'registry.k8s.io/pause:3.9'], { env: { PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let err = '';
    child.stderr!.on('data', (d) => { err += d; });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(child.exitCode, null);
    const code = await new Promise((r) => { child.on('exit', r); child.kill('SIGTERM'); });
    assert.equal(code, 0);
    assert.equal(err, 'Shutting down, got signal: Terminated\n');
  });

  test('SIGTERM with an open keep-alive connection exits 0 promptly', async () => {
    const p = await start('nginx');
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: p.port, path: '/', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
    });
    const { code, ms } = await stop(p);
    agent.destroy();
    assert.equal(code, 0);
    assert.ok(ms < 500, `took ${ms} ms`);
  });

  const unknown: string[] = ['nosuch/image:1', 'myrepo/nginx'];
  for (const ref of unknown) {
    test(`unknown image ${ref} exits 2`, async () => {
      const child = spawn(process.execPath, [MAIN, ref], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      let err = ''; let out = '';
      child.stderr!.on('data', (d) => { err += d; });
      child.stdout!.on('data', (d) => { out += d; });
      const code = await new Promise((r) => child.on('exit', r));
      assert.equal(code, 2);
      assert.equal(err, `kctl: no built-in image "${ref}"\n`);
      assert.equal(out, '');
    });
  }
});
