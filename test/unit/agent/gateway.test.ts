import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as http from 'node:http';
import { startGateway, parseClient, parseAuthority, GatewayClient, GatewayTarget } from '../../../src/agent/gateway';

const VIP = '10.98.31.157';

/** A free loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
}

/** Send raw bytes to the gateway; returns the socket and the response head once it is complete. */
function rawRequest(port: number, text: string): Promise<{ sock: net.Socket; head: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text));
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const i = buf.indexOf('\r\n\r\n');
      if (i < 0) return;
      sock.removeListener('data', onData);
      sock.pause();
      resolve({ sock, head: buf.subarray(0, i).toString('latin1'), rest: buf.subarray(i + 4) });
    };
    sock.on('data', onData);
    sock.on('error', reject);
  });
}

/** Everything the socket sends until it ends. */
function readAll(sock: net.Socket, initial: Buffer = Buffer.alloc(0)): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [initial];
    sock.on('data', (d: Buffer) => parts.push(d));
    sock.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    sock.on('close', () => resolve(Buffer.concat(parts).toString('utf8')));
    sock.resume();
  });
}

function dechunk(raw: string): string {
  let out = '';
  let rest = raw;
  for (;;) {
    const i = rest.indexOf('\r\n');
    const n = parseInt(rest.slice(0, i), 16);
    if (!n) return out;
    out += rest.slice(i + 2, i + 2 + n);
    rest = rest.slice(i + 2 + n + 2);
  }
}

const basic = (s: string) => 'Basic ' + Buffer.from(s).toString('base64');

describe('gateway: helpers', () => {
  const clients: [string | undefined, GatewayClient][] = [
    [undefined, {}],
    [basic('10.244.1.5:default'), { podIP: '10.244.1.5', namespace: 'default' }],
    [basic(':kube-system'), { namespace: 'kube-system' }],
    [basic('10.244.2.9:'), { podIP: '10.244.2.9' }],
    ['Bearer xyz', {}],
  ];
  for (const [h, want] of clients) test(`parseClient(${h})`, () => assert.deepEqual(parseClient(h), want));
  const auths: [string, { host: string; port: number } | undefined][] = [
    ['10.98.31.157:80', { host: '10.98.31.157', port: 80 }],
    ['redis-svc:6379', { host: 'redis-svc', port: 6379 }],
    ['myapp.default.svc.cluster.local:8080', { host: 'myapp.default.svc.cluster.local', port: 8080 }],
    ['[fd00::1]:443', { host: 'fd00::1', port: 443 }],
    ['nohost', undefined], [':80', undefined], ['h:0', undefined], ['h:70000', undefined], ['h:x', undefined],
  ];
  for (const [s, want] of auths) test(`parseAuthority(${s})`, () => assert.deepEqual(parseAuthority(s), want));
});

describe('gateway: CONNECT and HTTP proxying', () => {
  test('CONNECT to a virtual address reaches the target; identity reaches resolve(); half-close works', async (t) => {
    // target: reads until the client half-closes, then answers and closes
    const target = net.createServer({ allowHalfOpen: true }, (s) => {
      const got: Buffer[] = [];
      s.on('data', (d) => got.push(d));
      s.on('end', () => s.end(`got:${Buffer.concat(got).toString()}`));
    });
    const tport = await listen(target);
    const calls: [string, number, GatewayClient][] = [];
    const gw = await startGateway({
      resolve: (host, port, client) => {
        calls.push([host, port, client]);
        return host === VIP && port === 80 ? { host: '127.0.0.1', port: tport, address: `${VIP}:80` } : { error: 'refused' };
      },
    });
    t.after(async () => { await gw.close(); target.close(); });

    const { sock, head, rest } = await rawRequest(gw.port,
      `CONNECT ${VIP}:80 HTTP/1.1\r\nHost: ${VIP}:80\r\nProxy-Authorization: ${basic('10.244.1.5:default')}\r\n\r\n`);
    assert.match(head, /^HTTP\/1\.1 200 Connection established\r\n/);
    assert.match(head, /X-Kctl-Address: 10\.98\.31\.157:80/);
    sock.write('hello ');
    sock.end('world'); // half-close: the answer must still come back
    assert.equal(await readAll(sock, rest), 'got:hello world');
    assert.deepEqual(calls, [[VIP, 80, { podIP: '10.244.1.5', namespace: 'default' }]]);
  });

  test('no Proxy-Authorization → client {}; data flows both ways', async (t) => {
    const target = net.createServer((s) => s.pipe(s));
    const tport = await listen(target);
    const seen: GatewayClient[] = [];
    const gw = await startGateway({ resolve: (_h, _p, c) => { seen.push(c); return { host: '127.0.0.1', port: tport }; } });
    t.after(async () => { await gw.close(); target.close(); });
    const { sock, head } = await rawRequest(gw.port, 'CONNECT redis-svc:6379 HTTP/1.1\r\n\r\n');
    assert.equal(head, 'HTTP/1.1 200 Connection established');
    sock.resume();
    const echoed = await new Promise<string>((r) => { sock.once('data', (d) => r(d.toString())); sock.write('ping'); });
    assert.equal(echoed, 'ping');
    sock.destroy();
    assert.deepEqual(seen, [{}]);
  });

  const failures: { name: string; resolve: (closed: number) => GatewayTarget | Promise<GatewayTarget>; kind: string; body?: RegExp }[] = [
    { name: 'resolver says refused', resolve: () => ({ error: 'refused', message: 'no endpoints for default/myapp' }), kind: 'refused', body: /no endpoints/ },
    { name: 'resolver says nxdomain', resolve: () => ({ error: 'nxdomain' }), kind: 'nxdomain' },
    { name: 'resolver says unreachable', resolve: () => ({ error: 'unreachable', message: 'no route' }), kind: 'unreachable', body: /no route/ },
    { name: 'target port closed (ECONNREFUSED)', resolve: (closed) => ({ host: '127.0.0.1', port: closed }), kind: 'refused' },
    { name: 'resolver throws', resolve: () => { throw new Error('boom'); }, kind: 'unreachable', body: /boom/ },
  ];
  for (const f of failures) {
    test(`CONNECT failure: ${f.name} → 502 X-Kctl-Error: ${f.kind}`, async (t) => {
      const closed = await closedPort();
      const gw = await startGateway({ resolve: () => f.resolve(closed) });
      t.after(() => gw.close());
      const { sock, head, rest } = await rawRequest(gw.port, `CONNECT ${VIP}:80 HTTP/1.1\r\n\r\n`);
      assert.match(head, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
      assert.match(head, new RegExp(`\r\nX-Kctl-Error: ${f.kind}(\r\n|$)`));
      const body = await readAll(sock, rest);
      if (f.body) assert.match(body, f.body);
    });
  }

  test('CONNECT with a malformed target → 400', async (t) => {
    const gw = await startGateway({ resolve: () => ({ error: 'nxdomain' }) });
    t.after(() => gw.close());
    const { sock, head } = await rawRequest(gw.port, 'CONNECT nonsense HTTP/1.1\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 400 /);
    sock.destroy();
  });

  test('absolute-form HTTP is forwarded in origin-form and streamed back', async (t) => {
    const seen: { url?: string; headers: http.IncomingHttpHeaders }[] = [];
    const target = http.createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('service-deploy-');
      setTimeout(() => res.end('66548cc57f-982cd\n'), 20);
    });
    const tport = await listen(target);
    const resolved: [string, number, GatewayClient][] = [];
    const gw = await startGateway({
      resolve: (h, p, c) => { resolved.push([h, p, c]); return { host: '127.0.0.1', port: tport }; },
    });
    t.after(async () => { await gw.close(); target.close(); });
    const { sock, head, rest } = await rawRequest(gw.port,
      `GET http://${VIP}/hostname.html HTTP/1.1\r\nHost: ${VIP}\r\nUser-Agent: Wget\r\n` +
      `Proxy-Authorization: ${basic('10.244.1.5:default')}\r\n\r\n`);
    assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(head, /\r\nConnection: close/i);
    // no Content-Length upstream: re-framed as chunked for the HTTP/1.1 client
    assert.match(head, /\r\nTransfer-Encoding: chunked/i);
    assert.equal(dechunk(await readAll(sock, rest)), 'service-deploy-66548cc57f-982cd\n');
    assert.equal(seen[0].url, '/hostname.html');
    assert.equal(seen[0].headers.host, VIP);
    assert.equal(seen[0].headers['user-agent'], 'Wget');
    assert.equal(seen[0].headers['x-kctl-client-ip'], '10.244.1.5');
    assert.equal(seen[0].headers['proxy-authorization'], undefined);
    assert.deepEqual(resolved, [[VIP, 80, { podIP: '10.244.1.5', namespace: 'default' }]]);
  });

  test('absolute-form HTTP through node\'s http client (as curl with http_proxy), with a request body', async (t) => {
    const target = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d) => parts.push(d));
      req.on('end', () => res.end(`${req.method} ${req.url} ${Buffer.concat(parts).toString()}`));
    });
    const tport = await listen(target);
    const gw = await startGateway({ resolve: (h, p) => (h === 'myapp.default.svc.cluster.local' && p === 8080 ? { host: '127.0.0.1', port: tport } : { error: 'nxdomain' }) });
    t.after(async () => { await gw.close(); target.close(); });
    const body = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: gw.port, method: 'POST', path: 'http://myapp.default.svc.cluster.local:8080/x?y=1', agent: false });
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString() }));
      });
      req.on('error', reject);
      req.end('payload');
    });
    assert.deepEqual(body, { status: 200, text: 'POST /x?y=1 payload' });
  });

  test('absolute-form HTTP failures → 502 with X-Kctl-Error', async (t) => {
    const closed = await closedPort();
    const gw = await startGateway({ resolve: (h) => (h === 'nosuch' ? { error: 'nxdomain' } : { host: '127.0.0.1', port: closed }) });
    t.after(() => gw.close());
    for (const [url, kind] of [['http://nosuch/', 'nxdomain'], [`http://${VIP}/`, 'refused']]) {
      const { sock, head } = await rawRequest(gw.port, `GET ${url} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.match(head, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
      assert.match(head.toLowerCase(), new RegExp(`x-kctl-error: ${kind}`));
      sock.destroy();
    }
  });

  test('close() destroys open tunnels and stops listening', async (t) => {
    const upstreamClosed: Promise<void>[] = [];
    const target = net.createServer((s) => { upstreamClosed.push(new Promise((r) => s.on('close', () => r()))); s.on('error', () => {}); });
    const tport = await listen(target);
    t.after(() => { target.close(); });
    const gw = await startGateway({ resolve: () => ({ host: '127.0.0.1', port: tport }) });
    const { sock, head } = await rawRequest(gw.port, `CONNECT ${VIP}:80 HTTP/1.1\r\n\r\n`);
    assert.match(head, /^HTTP\/1\.1 200 /);
    const clientClosed = new Promise<void>((r) => sock.on('close', () => r()));
    sock.on('error', () => {});
    sock.resume();
    // an idle connection that never sent a request is closed too
    const idle = net.connect(gw.port, '127.0.0.1');
    idle.on('error', () => {});
    await new Promise<void>((r) => idle.on('connect', () => r()));
    const idleClosed = new Promise<void>((r) => idle.on('close', () => r()));
    await gw.close();
    await clientClosed;
    await idleClosed;
    assert.equal(upstreamClosed.length, 1);
    await upstreamClosed[0];
    await assert.rejects(new Promise((resolve, reject) => {
      const s = net.connect(gw.port, '127.0.0.1', () => { s.destroy(); resolve(undefined); });
      s.on('error', reject);
    }), { code: 'ECONNREFUSED' });
  });
});
