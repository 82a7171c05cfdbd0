// Probes: kubelet's defaults, the threshold state machine, and the handlers against real loopback
// servers (httpGet status codes, tcpSocket refused, exec exit codes) with kubelet's messages.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import { newProbeState, probeTiming, recordResult, runProbe } from '../../../src/agent/probes';

describe('probes', () => {
  test('defaults: period 10 s, timeout 1 s, success 1, failure 3, no initial delay', () => {
    assert.deepEqual(probeTiming({}), { initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(probeTiming({ initialDelaySeconds: 5, periodSeconds: 2, timeoutSeconds: 3, successThreshold: 2, failureThreshold: 1 }),
      { initialDelayMs: 5000, periodMs: 2000, timeoutMs: 3000, successThreshold: 2, failureThreshold: 1 });
  });

  const seqs: { name: string; kind: 'readiness' | 'liveness'; spec: any; results: boolean[]; want: (string | undefined)[] }[] = [
    { name: 'readiness: ready after the first success, unready after 3 failures in a row', kind: 'readiness', spec: {},
      results: [true, false, false, true, false, false, false, false], want: ['succeeded', undefined, undefined, undefined, undefined, undefined, 'failed', undefined] },
    { name: 'readiness with successThreshold 2', kind: 'readiness', spec: { successThreshold: 2 },
      results: [true, false, true, true], want: [undefined, undefined, undefined, 'succeeded'] },
    { name: 'liveness: every failureThreshold failures in a row is a kill', kind: 'liveness', spec: { failureThreshold: 2 },
      results: [false, false, false, false, true, false], want: [undefined, 'failed', undefined, 'failed', 'succeeded', undefined] },
  ];
  for (const c of seqs) {
    test(c.name, () => {
      const s = newProbeState(c.kind, c.spec, 0);
      assert.deepEqual(c.results.map((r, i) => recordResult(s, r, i * 1000)), c.want);
      assert.equal(s.nextAt, (c.results.length - 1) * 1000 + probeTiming(c.spec).periodMs);
    });
  }

  test('handlers: httpGet 2xx/3xx pass, 500 fails, refused and unmapped ports; tcpSocket; exec', async () => {
    const srv = http.createServer((req, res) => { res.statusCode = req.url === '/bad' ? 500 : req.url === '/moved' ? 302 : 200; res.end('x'); });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    const closed = await new Promise<number>((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => r(p)); }); });
    const ctx = { podIP: '10.244.1.5', ports: { '80': port, '81': closed }, container: { ports: [{ name: 'web', containerPort: 80 }] }, env: { PATH: process.env.PATH! }, cwd: os.tmpdir() };
    try {
      assert.deepEqual(await runProbe({ httpGet: { path: '/', port: 'web' } }, ctx), { ok: true, message: '' });
      assert.equal((await runProbe({ httpGet: { path: '/moved', port: 80 } }, ctx)).ok, true);
      assert.deepEqual(await runProbe({ httpGet: { path: '/bad', port: 80 } }, ctx), { ok: false, message: 'HTTP probe failed with statuscode: 500' });
      assert.deepEqual(await runProbe({ httpGet: { path: '/healthz', port: 81 } }, ctx),
        { ok: false, message: 'Get "http://10.244.1.5:81/healthz": dial tcp 10.244.1.5:81: connect: connection refused' });
      assert.deepEqual(await runProbe({ httpGet: { path: '/', port: 8080 } }, ctx),
        { ok: false, message: 'Get "http://10.244.1.5:8080/": dial tcp 10.244.1.5:8080: connect: connection refused' });
      assert.deepEqual(await runProbe({ tcpSocket: { port: 80 } }, ctx), { ok: true, message: '' });
      assert.deepEqual(await runProbe({ tcpSocket: { port: 81 } }, ctx), { ok: false, message: 'dial tcp 10.244.1.5:81: connect: connection refused' });
      assert.deepEqual(await runProbe({ exec: { command: ['sh', '-c', 'exit 0'] } }, ctx), { ok: true, message: '' });
      assert.deepEqual(await runProbe({ exec: { command: ['sh', '-c', 'echo sick; exit 1'] } }, ctx), { ok: false, message: 'sick' });
      assert.deepEqual(await runProbe({ exec: { command: ['no-such-probe-command'] } }, ctx), { ok: false, message: 'exec: "no-such-probe-command": executable file not found in $PATH' });
      assert.match((await runProbe({ exec: { command: ['sleep', '5'] }, timeoutSeconds: 1 }, ctx)).message, /timed out/);
    } finally {
      srv.close();
    }
  });
});
