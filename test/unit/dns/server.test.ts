// The DNS server on real loopback sockets: the client over UDP and TCP, truncation then TCP, several
// queries on one TCP connection, FORMERR/NOTIMP, EDNS, search-list lookups, and the real `dig` when
// it is installed.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { execFile } from 'node:child_process';
import type { KObject } from '../../../src/api/types';
import type { DnsView } from '../../../src/dns/records';
import type { DnsServer } from '../../../src/dns/server';
import { makeHandler, startDnsServer } from '../../../src/dns/server';
import { candidates, lookup, query, reverse } from '../../../src/dns/client';
import { RCODE, decode, encode, formatRR, newQuery } from '../../../src/dns/wire';
import { clusterView } from './cluster-fixture';

const BIG = 60;

function bigService(): { svc: KObject; ep: KObject } {
  return {
    svc: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'big', namespace: 'default' }, spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
    ep: {
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'big', namespace: 'default' },
      subsets: [{ addresses: Array.from({ length: BIG }, (_, i) => ({ ip: `10.244.3.${i + 1}` })), ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
    },
  };
}

function view(): DnsView {
  const v = clusterView('endpoints');
  const { svc, ep } = bigService();
  return { ...v, services: [...v.services, svc], endpoints: [...(v.endpoints ?? []), ep] };
}

let server: DnsServer;
let addr: string;

before(async () => {
  const v = view();
  server = await startDnsServer({ handle: makeHandler(() => v, { domain: 'cluster.local', ttl: 30 }) });
  addr = `127.0.0.1:${server.port}`;
});

after(async () => {
  await server.close();
});

function rawUdp(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    const timer = setTimeout(() => { s.close(); reject(new Error('timeout')); }, 3000);
    s.on('message', (m) => { clearTimeout(timer); s.close(); resolve(m); });
    s.send(payload, port, '127.0.0.1');
  });
}

function frame(b: Buffer): Buffer {
  const f = Buffer.alloc(2 + b.length);
  f.writeUInt16BE(b.length, 0);
  b.copy(f, 2);
  return f;
}

/** send several framed queries in one write and read as many answers */
function rawTcp(port: number, payloads: Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const out: Buffer[] = [];
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => { s.destroy(); reject(new Error('timeout')); }, 3000);
    s.on('error', reject);
    s.on('connect', () => s.write(Buffer.concat(payloads.map(frame))));
    s.on('data', (d) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const len = pending.readUInt16BE(0);
        out.push(Buffer.from(pending.subarray(2, 2 + len)));
        pending = pending.subarray(2 + len);
      }
      if (out.length === payloads.length) { clearTimeout(timer); s.destroy(); resolve(out); }
    });
  });
}

describe('queries with the client', () => {
  const cases: Array<{ name: string; q: [string, string]; tcp?: boolean; rcode?: number; answers: string[] }> = [
    { name: 'headless A over UDP', q: ['httpd-svc.default.svc.cluster.local', 'A'],
      answers: ['httpd-svc.default.svc.cluster.local. 30 IN A 10.244.1.74', 'httpd-svc.default.svc.cluster.local. 30 IN A 10.244.2.71', 'httpd-svc.default.svc.cluster.local. 30 IN A 10.244.2.72'] },
    { name: 'headless A over TCP', tcp: true, q: ['httpd-svc.default.svc.cluster.local', 'A'],
      answers: ['httpd-svc.default.svc.cluster.local. 30 IN A 10.244.1.74', 'httpd-svc.default.svc.cluster.local. 30 IN A 10.244.2.71', 'httpd-svc.default.svc.cluster.local. 30 IN A 10.244.2.72'] },
    { name: 'ClusterIP A', q: ['myapp.default.svc.cluster.local', 'A'], answers: ['myapp.default.svc.cluster.local. 30 IN A 10.98.31.157'] },
    { name: 'SRV over TCP', tcp: true, q: ['_https._tcp.kubernetes.default.svc.cluster.local', 'SRV'],
      answers: ['_https._tcp.kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.'] },
    { name: 'PTR', q: ['10.0.96.10.in-addr.arpa', 'PTR'], answers: ['10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local.'] },
    { name: 'TXT', q: ['dns-version.cluster.local', 'TXT'], answers: ['dns-version.cluster.local. 28800 IN TXT "1.1.0"'] },
    { name: 'ExternalName', q: ['ext.default.svc.cluster.local', 'CNAME'], answers: ['ext.default.svc.cluster.local. 30 IN CNAME www.example.com.'] },
    { name: 'NXDOMAIN', q: ['nope.default.svc.cluster.local', 'A'], rcode: RCODE.NXDOMAIN, answers: [] },
    { name: 'outside the cluster', q: ['www.example.com', 'A'], rcode: RCODE.SERVFAIL, answers: [] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await query(addr, c.q[0], c.q[1], { tcp: c.tcp });
      assert.equal(r.rcode, c.rcode ?? RCODE.NOERROR);
      assert.deepEqual(r.answers.map(formatRR).sort(), [...c.answers].sort());
      assert.equal(r.qr, true);
      assert.equal(r.rd, true);
      assert.equal(r.ra, true);
      assert.equal(r.aa, c.rcode !== RCODE.SERVFAIL);
      assert.equal(r.tc, false);
    });
  }

  test('NXDOMAIN and NODATA carry the SOA', async () => {
    for (const [name, type, rcode] of [['nope.default.svc.cluster.local', 'A', RCODE.NXDOMAIN], ['myapp.default.svc.cluster.local', 'AAAA', RCODE.NOERROR]] as const) {
      const r = await query(addr, name, type);
      assert.equal(r.rcode, rcode);
      assert.equal(r.authority.length, 1);
      assert.equal(r.authority[0].type, 'SOA');
      assert.equal(r.authority[0].data.mname, 'ns.dns.cluster.local.');
    }
  });

  test('RD is copied', async () => {
    const r = await query(addr, 'myapp.default.svc.cluster.local', 'A', { rd: false });
    assert.equal(r.rd, false);
  });
});

describe('truncation', () => {
  test('a large UDP answer is truncated with TC', async () => {
    const q = newQuery('big.default.svc.cluster.local', 'A', { id: 4242 });
    const buf = await rawUdp(server.port, encode(q));
    assert.ok(buf.length <= 512);
    const r = decode(buf);
    assert.equal(r.id, 4242);
    assert.equal(r.tc, true);
    assert.ok(r.answers.length < BIG);
  });

  test('the client then asks over TCP and gets everything', async () => {
    const r = await query(addr, 'big.default.svc.cluster.local', 'A');
    assert.equal(r.tc, false);
    assert.equal(r.answers.length, BIG);
  });

  test('an EDNS UDP size large enough avoids truncation; the response has OPT', async () => {
    const r = await query(addr, 'big.default.svc.cluster.local', 'A', { edns: 4096 });
    assert.equal(r.tc, false);
    assert.equal(r.answers.length, BIG);
    assert.equal(r.edns?.udpSize, 4096);
  });

  test('a small EDNS size is raised to 512; responses without EDNS have no OPT', async () => {
    const q = newQuery('big.default.svc.cluster.local', 'A', { edns: 100 });
    const r = decode(await rawUdp(server.port, encode(q)));
    assert.equal(r.tc, true);
    assert.equal(r.edns?.udpSize, 512);
    const plain = await query(addr, 'myapp.default.svc.cluster.local', 'A');
    assert.equal(plain.edns, undefined);
  });
});

describe('protocol', () => {
  test('several queries on one TCP connection, answered in order', async () => {
    const names = ['myapp.default.svc.cluster.local', 'httpd-svc.default.svc.cluster.local', 'big.default.svc.cluster.local', 'nope.default.svc.cluster.local'];
    const qs = names.map((n, i) => newQuery(n, 'A', { id: 100 + i }));
    const rs = (await rawTcp(server.port, qs.map(encode))).map(decode);
    assert.deepEqual(rs.map((r) => r.id), [100, 101, 102, 103]);
    assert.deepEqual(rs.map((r) => r.answers.length), [1, 3, BIG, 0]);
    assert.equal(rs[3].rcode, RCODE.NXDOMAIN);
  });

  test('garbage gets FORMERR with the same id', async () => {
    const bad = Buffer.from([0xbe, 0xef, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x0c]);
    const r = decode(await rawUdp(server.port, bad));
    assert.equal(r.id, 0xbeef);
    assert.equal(r.rcode, RCODE.FORMERR);
    assert.equal(r.qr, true);
  });

  test('two questions get FORMERR, an unknown opcode NOTIMP, EDNS version 1 BADVERS', async () => {
    const two = newQuery('a.cluster.local', 'A', { id: 1 });
    two.questions.push({ name: 'b.cluster.local.', type: 'A', class: 1 });
    assert.equal(decode(await rawUdp(server.port, encode(two))).rcode, RCODE.FORMERR);
    const status = { ...newQuery('a.cluster.local', 'A', { id: 2 }), opcode: 2 };
    assert.equal(decode(await rawUdp(server.port, encode(status))).rcode, RCODE.NOTIMP);
    const v1 = newQuery('a.cluster.local', 'A', { id: 3, edns: 1232 });
    v1.edns!.version = 1;
    const r = decode(await rawUdp(server.port, encode(v1)));
    assert.equal(r.rcode, RCODE.BADVERS);
  });

  test('a handler that throws gives SERVFAIL', async () => {
    const s = await startDnsServer({ handle: () => { throw new Error('boom'); } });
    try {
      const r = await query(`127.0.0.1:${s.port}`, 'x.cluster.local', 'A');
      assert.equal(r.rcode, RCODE.SERVFAIL);
    } finally {
      await s.close();
    }
  });

  test('a fixed port serves UDP and TCP', async () => {
    const probe = await startDnsServer({ handle: makeHandler(() => view()) });
    const port = probe.port;
    await probe.close();
    const s = await startDnsServer({ port, handle: makeHandler(() => view()) });
    try {
      assert.equal(s.port, port);
      for (const tcp of [false, true]) {
        const r = await query(`127.0.0.1:${port}`, 'myapp.default.svc.cluster.local', 'A', { tcp });
        assert.equal(r.answers[0].data, '10.98.31.157');
      }
    } finally {
      await s.close();
    }
  });

  test('only loopback: the server refuses other addresses, the client sends nothing elsewhere', async () => {
    await assert.rejects(startDnsServer({ host: '0.0.0.0', handle: makeHandler(() => view()) }), /loopback/);
    await assert.rejects(query('10.96.0.10:53', 'x', 'A'), /loopback/);
    await assert.rejects(query('8.8.8.8', 'x', 'A'), /loopback/);
  });

  test('a closed port is an error at once', async () => {
    const probe = await startDnsServer({ handle: makeHandler(() => view()) });
    const port = probe.port;
    await probe.close();
    await assert.rejects(query(`127.0.0.1:${port}`, 'x.cluster.local', 'A', { timeoutMs: 1500, attempts: 1 }));
  });

  test('shuffle keeps the records', async () => {
    const v = view();
    const s = await startDnsServer({ handle: makeHandler(() => v, { shuffle: true }) });
    try {
      const r = await query(`127.0.0.1:${s.port}`, 'httpd-svc.default.svc.cluster.local', 'A');
      assert.deepEqual(r.answers.map((a) => a.data).sort(), ['10.244.1.74', '10.244.2.71', '10.244.2.72']);
    } finally {
      await s.close();
    }
  });
});

describe('lookup (resolv.conf semantics)', () => {
  const SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

  test('candidates', () => {
    const table: Array<[string, number, string[]]> = [
      ['httpd-svc', 5, ['httpd-svc.default.svc.cluster.local.', 'httpd-svc.svc.cluster.local.', 'httpd-svc.cluster.local.', 'httpd-svc.']],
      ['db.other', 5, ['db.other.default.svc.cluster.local.', 'db.other.svc.cluster.local.', 'db.other.cluster.local.', 'db.other.']],
      ['a.b.c.d.e', 5, ['a.b.c.d.e.default.svc.cluster.local.', 'a.b.c.d.e.svc.cluster.local.', 'a.b.c.d.e.cluster.local.', 'a.b.c.d.e.']],
      ['a.b.c.d.e.f', 5, ['a.b.c.d.e.f.', 'a.b.c.d.e.f.default.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.']],
      ['db.other', 1, ['db.other.', 'db.other.default.svc.cluster.local.', 'db.other.svc.cluster.local.', 'db.other.cluster.local.']],
      ['httpd-svc.default.svc.cluster.local.', 5, ['httpd-svc.default.svc.cluster.local.']],
    ];
    for (const [name, ndots, want] of table) assert.deepEqual(candidates(name, SEARCH, ndots), want, `${name} ndots:${ndots}`);
  });

  test('lookups against the server', async () => {
    const table: Array<[string, string, string[]]> = [
      ['httpd-svc', 'httpd-svc.default.svc.cluster.local', ['10.244.1.74', '10.244.2.71', '10.244.2.72']],
      ['db.other', 'db.other.svc.cluster.local', ['10.100.0.5']],
      ['kube-dns.kube-system.svc', 'kube-dns.kube-system.svc.cluster.local', ['10.96.0.10']],
      ['myapp.default.svc.cluster.local.', 'myapp.default.svc.cluster.local', ['10.98.31.157']],
      ['localhost', 'localhost', ['127.0.0.1', '::1']],
      ['10.1.2.3', '10.1.2.3', ['10.1.2.3']],
      ['nope', 'nope', []],
    ];
    for (const [name, found, addresses] of table) {
      const r = await lookup(name, { server: addr, search: SEARCH });
      assert.deepEqual({ name: r.name, addresses: [...r.addresses].sort() }, { name: found, addresses }, name);
    }
  });

  test('reverse', async () => {
    assert.deepEqual(await reverse('10.244.2.71', { server: addr }), ['10-244-2-71.httpd-svc.default.svc.cluster.local']);
    assert.deepEqual(await reverse('10.1.2.3', { server: addr }), []);
  });
});

function digInstalled(): Promise<boolean> {
  return new Promise((resolve) => execFile('dig', ['-v'], (err) => resolve(!err)));
}

function dig(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('dig', args, { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/** the records of a dig section, whitespace-normalised */
function section(out: string, title: string): string[] {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`;; ${title} SECTION:`));
  if (i < 0) return [];
  const rows: string[] = [];
  for (const l of lines.slice(i + 1)) {
    if (l.trim() === '') break;
    rows.push(l.trim().split(/\s+/).join(' '));
  }
  return rows;
}

describe('the real dig', async () => {
  const has = await digInstalled();
  const opts = { skip: has ? false : 'dig is not installed (apt-get install -y dnsutils)' };

  test('dig -t A of the headless service: three A records, TTL <= 30', opts, async () => {
    const out = await dig(['@127.0.0.1', '-p', String(server.port), '+time=3', '+tries=1', '-t', 'A', 'httpd-svc.default.svc.cluster.local.']);
    assert.match(out, /status: NOERROR/);
    assert.match(out, /flags: qr aa rd ra/);
    const rows = section(out, 'ANSWER');
    assert.equal(rows.length, 3);
    for (const r of rows) {
      const [name, ttl, cls, type] = r.split(' ');
      assert.equal(name, 'httpd-svc.default.svc.cluster.local.');
      assert.ok(Number(ttl) <= 30);
      assert.equal(cls, 'IN');
      assert.equal(type, 'A');
    }
    assert.deepEqual(rows.map((r) => r.split(' ')[4]).sort(), ['10.244.1.74', '10.244.2.71', '10.244.2.72']);
  });

  test('dig +tcp SRV, dig -x, NXDOMAIN', opts, async () => {
    const srv = await dig(['@127.0.0.1', '-p', String(server.port), '+time=3', '+tries=1', '+tcp', 'SRV', '_https._tcp.kubernetes.default.svc.cluster.local.']);
    assert.deepEqual(section(srv, 'ANSWER'), ['_https._tcp.kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.']);
    assert.deepEqual(section(srv, 'ADDITIONAL'), ['kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1']);
    const ptr = await dig(['@127.0.0.1', '-p', String(server.port), '+time=3', '+tries=1', '-x', '10.96.0.10']);
    assert.deepEqual(section(ptr, 'ANSWER'), ['10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local.']);
    const nx = await dig(['@127.0.0.1', '-p', String(server.port), '+time=3', '+tries=1', 'nope.default.svc.cluster.local.']);
    assert.match(nx, /status: NXDOMAIN/);
    assert.match(section(nx, 'AUTHORITY')[0], /^cluster\.local\. 30 IN SOA ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30$/);
  });

  test('dig without EDNS of a large answer falls back to TCP by itself', opts, async () => {
    const out = await dig(['@127.0.0.1', '-p', String(server.port), '+time=3', '+tries=1', '+noedns', 'big.default.svc.cluster.local.']);
    assert.equal(section(out, 'ANSWER').length, BIG);
    assert.match(out, /Truncated, retrying in TCP mode/);
  });
});
