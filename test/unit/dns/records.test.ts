// records.answer against the Kubernetes DNS specification's examples and CoreDNS's behaviour, over
// the Endpoints and the EndpointSlices kctl's controllers compute (both sources give the same answers).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerOptions, AnswerResult, DnsView } from '../../../src/dns/records';
import { answer, endpointHostname, zoneOf } from '../../../src/dns/records';
import { RCODE, formatRR } from '../../../src/dns/wire';
import { clusterView } from './cluster-fixture';

const OPTS: AnswerOptions = { domain: 'cluster.local', ttl: 30, serial: 1 };
const SOA = 'cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30';
const REV_SOA = 'in-addr.arpa. 30 IN SOA ns.dns.in-addr.arpa. hostmaster.in-addr.arpa. 1 7200 1800 86400 30';

interface Want {
  rcode?: number;
  answers?: string[];
  authority?: string[];
  additional?: string[];
  authoritative?: boolean;
}

interface Case { name: string; q: [string, string]; want: Want; opts?: AnswerOptions }

function lines(rrs: AnswerResult['answers']): string[] {
  return rrs.map(formatRR).sort();
}

function check(view: DnsView, c: Case): void {
  const r = answer({ name: c.q[0], type: c.q[1], class: 1 }, view, { ...OPTS, ...c.opts });
  const w = c.want;
  assert.equal(r.rcode, w.rcode ?? RCODE.NOERROR, `${c.name}: rcode`);
  assert.deepEqual(lines(r.answers), [...(w.answers ?? [])].sort(), `${c.name}: answers`);
  if (w.authority !== undefined) assert.deepEqual(lines(r.authority), [...w.authority].sort(), `${c.name}: authority`);
  if (w.additional !== undefined) assert.deepEqual(lines(r.additional), [...w.additional].sort(), `${c.name}: additional`);
  if (w.authoritative !== undefined) assert.equal(r.authoritative !== false, w.authoritative, `${c.name}: authoritative`);
}

const NODATA: Want = { rcode: RCODE.NOERROR, answers: [], authority: [SOA] };
const NXDOMAIN: Want = { rcode: RCODE.NXDOMAIN, answers: [], authority: [SOA] };

const HTTPD = 'httpd-svc.default.svc.cluster.local.';

const cases: Case[] = [
  // 2.2 schema version
  { name: 'dns-version TXT', q: ['dns-version.cluster.local.', 'TXT'], want: { answers: ['dns-version.cluster.local. 28800 IN TXT "1.1.0"'] } },

  // 2.3 ClusterIP services (the spec's kubernetes examples)
  { name: 'ClusterIP A', q: ['kubernetes.default.svc.cluster.local.', 'A'], want: { answers: ['kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1'], authority: [] } },
  { name: 'ClusterIP A (no trailing dot)', q: ['myapp.default.svc.cluster.local', 'A'], want: { answers: ['myapp.default.svc.cluster.local. 30 IN A 10.98.31.157'] } },
  { name: 'ClusterIP AAAA of an IPv4 service: NODATA', q: ['myapp.default.svc.cluster.local.', 'AAAA'], want: NODATA },
  { name: 'ClusterIP SRV',
    q: ['_https._tcp.kubernetes.default.svc.cluster.local.', 'SRV'],
    want: {
      answers: ['_https._tcp.kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.'],
      additional: ['kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1'],
    } },
  { name: 'ClusterIP SRV of every port (no _port._proto)',
    q: ['kube-dns.kube-system.svc.cluster.local.', 'SRV'],
    want: {
      answers: [
        'kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 33 53 kube-dns.kube-system.svc.cluster.local.',
        'kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 33 9153 kube-dns.kube-system.svc.cluster.local.',
      ],
      additional: ['kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10'],
    } },
  { name: 'SRV by protocol', q: ['_dns._udp.kube-dns.kube-system.svc.cluster.local.', 'SRV'],
    want: { answers: ['_dns._udp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.'] } },
  { name: 'SRV of a port of the other protocol: NXDOMAIN', q: ['_dns._tcp.kube-dns.kube-system.svc.cluster.local.', 'SRV'], want: NXDOMAIN },
  { name: 'SRV of an unknown port: NXDOMAIN', q: ['_nope._tcp.myapp.default.svc.cluster.local.', 'SRV'], want: NXDOMAIN },
  { name: 'an unnamed port has no _<port> SRV', q: ['_postgres._tcp.db.other.svc.cluster.local.', 'SRV'], want: NXDOMAIN },
  { name: 'an unnamed port is in the plain SRV (as CoreDNS)', q: ['db.other.svc.cluster.local.', 'SRV'],
    want: { answers: ['db.other.svc.cluster.local. 30 IN SRV 0 100 5432 db.other.svc.cluster.local.'] } },
  { name: 'ClusterIP PTR', q: ['1.0.96.10.in-addr.arpa.', 'PTR'], want: { answers: ['1.0.96.10.in-addr.arpa. 30 IN PTR kubernetes.default.svc.cluster.local.'] } },
  { name: 'kube-dns PTR', q: ['10.0.96.10.in-addr.arpa.', 'PTR'], want: { answers: ['10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local.'] } },
  { name: 'service in another namespace', q: ['db.other.svc.cluster.local.', 'A'], want: { answers: ['db.other.svc.cluster.local. 30 IN A 10.100.0.5'] } },

  // 2.4 headless services: 3 ready endpoints and a not-ready one
  { name: 'headless A: the ready endpoints', q: [HTTPD, 'A'],
    want: { answers: [`${HTTPD} 30 IN A 10.244.1.74`, `${HTTPD} 30 IN A 10.244.2.71`, `${HTTPD} 30 IN A 10.244.2.72`], authority: [] } },
  { name: 'headless AAAA: NODATA', q: [HTTPD, 'AAAA'], want: NODATA },
  { name: 'headless endpoint by dashed address', q: [`10-244-1-74.${HTTPD}`, 'A'], want: { answers: [`10-244-1-74.${HTTPD} 30 IN A 10.244.1.74`] } },
  { name: 'the not-ready endpoint has no record', q: [`10-244-1-80.${HTTPD}`, 'A'], want: NXDOMAIN },
  { name: 'headless SRV: one per endpoint',
    q: [`_http._tcp.${HTTPD}`, 'SRV'],
    want: {
      answers: [
        `_http._tcp.${HTTPD} 30 IN SRV 0 33 80 10-244-1-74.${HTTPD}`,
        `_http._tcp.${HTTPD} 30 IN SRV 0 33 80 10-244-2-71.${HTTPD}`,
        `_http._tcp.${HTTPD} 30 IN SRV 0 33 80 10-244-2-72.${HTTPD}`,
      ],
      additional: [`10-244-1-74.${HTTPD} 30 IN A 10.244.1.74`, `10-244-2-71.${HTTPD} 30 IN A 10.244.2.71`, `10-244-2-72.${HTTPD} 30 IN A 10.244.2.72`],
    } },
  { name: 'headless endpoint PTR', q: ['71.2.244.10.in-addr.arpa.', 'PTR'], want: { answers: [`71.2.244.10.in-addr.arpa. 30 IN PTR 10-244-2-71.${HTTPD}`] } },
  { name: 'the not-ready endpoint has no PTR', q: ['80.1.244.10.in-addr.arpa.', 'PTR'], want: { rcode: RCODE.NXDOMAIN, answers: [], authority: [REV_SOA] } },
  { name: 'an endpoint of a ClusterIP service has a PTR (as CoreDNS)', q: ['5.1.244.10.in-addr.arpa.', 'PTR'],
    want: { answers: ['5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.myapp.default.svc.cluster.local.'] } },
  { name: 'headless without ready endpoints: NXDOMAIN', q: ['nobody.default.svc.cluster.local.', 'A'], want: NXDOMAIN },
  { name: 'publishNotReadyAddresses publishes the not-ready pod', q: ['pub.default.svc.cluster.local.', 'A'],
    want: { answers: ['pub.default.svc.cluster.local. 30 IN A 10.244.1.20'] } },

  // StatefulSet pods: spec.hostname + spec.subdomain = the headless service
  { name: 'endpoint hostname A', q: ['web-0.nginx.default.svc.cluster.local.', 'A'], want: { answers: ['web-0.nginx.default.svc.cluster.local. 30 IN A 10.244.1.10'] } },
  { name: 'endpoint hostname PTR', q: ['11.2.244.10.in-addr.arpa.', 'PTR'], want: { answers: ['11.2.244.10.in-addr.arpa. 30 IN PTR web-1.nginx.default.svc.cluster.local.'] } },
  { name: 'hostnamed SRV targets',
    q: ['_web._tcp.nginx.default.svc.cluster.local.', 'SRV'],
    want: {
      answers: [
        '_web._tcp.nginx.default.svc.cluster.local. 30 IN SRV 0 50 80 web-0.nginx.default.svc.cluster.local.',
        '_web._tcp.nginx.default.svc.cluster.local. 30 IN SRV 0 50 80 web-1.nginx.default.svc.cluster.local.',
      ],
      additional: ['web-0.nginx.default.svc.cluster.local. 30 IN A 10.244.1.10', 'web-1.nginx.default.svc.cluster.local. 30 IN A 10.244.2.11'],
    } },
  { name: 'a hostnamed endpoint is not under its dashed name', q: ['10-244-1-10.nginx.default.svc.cluster.local.', 'A'], want: NXDOMAIN },

  // 2.5 ExternalName
  { name: 'ExternalName A: the CNAME (no upstream)', q: ['ext.default.svc.cluster.local.', 'A'],
    want: { answers: ['ext.default.svc.cluster.local. 30 IN CNAME www.example.com.'] } },
  { name: 'ExternalName CNAME', q: ['ext.default.svc.cluster.local.', 'CNAME'],
    want: { answers: ['ext.default.svc.cluster.local. 30 IN CNAME www.example.com.'] } },
  { name: 'ExternalName with an upstream', q: ['ext.default.svc.cluster.local.', 'A'],
    opts: { upstream: (q) => ({ rcode: 0, answers: [{ name: q.name, type: 'A', class: 1, ttl: 28715, data: '192.0.2.53' }], authority: [], additional: [] }) },
    want: { answers: ['ext.default.svc.cluster.local. 30 IN CNAME www.example.com.', 'www.example.com. 28715 IN A 192.0.2.53'] } },
  { name: 'ExternalName inside the zone is followed', q: ['alias.default.svc.cluster.local.', 'A'],
    want: { answers: ['alias.default.svc.cluster.local. 30 IN CNAME myapp.default.svc.cluster.local.', 'myapp.default.svc.cluster.local. 30 IN A 10.98.31.157'] } },
  { name: 'ExternalName _port SRV: NXDOMAIN', q: ['_http._tcp.ext.default.svc.cluster.local.', 'SRV'], want: NXDOMAIN },
  { name: 'ExternalName SRV: NODATA', q: ['ext.default.svc.cluster.local.', 'SRV'], want: NODATA },

  // 2.6 pod records (pods insecure)
  { name: 'pod A', q: ['10-244-1-5.default.pod.cluster.local.', 'A'], want: { answers: ['10-244-1-5.default.pod.cluster.local. 30 IN A 10.244.1.5'] } },
  { name: 'pod A of any address (insecure)', q: ['1-2-3-4.default.pod.cluster.local.', 'A'], want: { answers: ['1-2-3-4.default.pod.cluster.local. 30 IN A 1.2.3.4'] } },
  { name: 'pod AAAA of an IPv4 pod: NODATA', q: ['10-244-1-5.default.pod.cluster.local.', 'AAAA'], want: NODATA },
  { name: 'pod in an unknown namespace: NXDOMAIN', q: ['10-244-1-5.nope.pod.cluster.local.', 'A'], want: NXDOMAIN },
  { name: 'pod name that is no address: NXDOMAIN', q: ['10-244-1-300.default.pod.cluster.local.', 'A'], want: NXDOMAIN },
  { name: 'pods verified: a pod with that IP', q: ['10-244-2-30.other.pod.cluster.local.', 'A'], opts: { podMode: 'verified' },
    want: { answers: ['10-244-2-30.other.pod.cluster.local. 30 IN A 10.244.2.30'] } },
  { name: 'pods verified: no pod with that IP', q: ['1-2-3-4.default.pod.cluster.local.', 'A'], opts: { podMode: 'verified' }, want: NXDOMAIN },
  { name: 'pods verified: the pod is in another namespace', q: ['10-244-2-30.default.pod.cluster.local.', 'A'], opts: { podMode: 'verified' }, want: NXDOMAIN },
  { name: 'pods disabled', q: ['10-244-1-5.default.pod.cluster.local.', 'A'], opts: { podMode: 'disabled' }, want: NXDOMAIN },

  // NXDOMAIN vs NODATA
  { name: 'unknown service: NXDOMAIN', q: ['nope.default.svc.cluster.local.', 'A'], want: NXDOMAIN },
  { name: 'unknown service TXT: NXDOMAIN', q: ['nope.default.svc.cluster.local.', 'TXT'], want: NXDOMAIN },
  { name: 'existing service TXT: NODATA', q: ['myapp.default.svc.cluster.local.', 'TXT'], want: NODATA },
  { name: 'existing service MX: NODATA', q: ['myapp.default.svc.cluster.local.', 'MX'], want: NODATA },
  { name: 'existing service HTTPS (type 65): NODATA', q: ['myapp.default.svc.cluster.local.', 'HTTPS'], want: NODATA },
  { name: 'ClusterIP CNAME: NODATA', q: ['myapp.default.svc.cluster.local.', 'CNAME'], want: NODATA },
  { name: 'a namespace: NODATA', q: ['default.svc.cluster.local.', 'A'], want: NODATA },
  { name: 'an unknown namespace: NXDOMAIN', q: ['nope.svc.cluster.local.', 'A'], want: NXDOMAIN },
  { name: 'svc.<zone>: NODATA', q: ['svc.cluster.local.', 'A'], want: NODATA },
  { name: 'pod.<zone>: NODATA', q: ['pod.cluster.local.', 'A'], want: NODATA },
  { name: 'neither svc nor pod: NXDOMAIN', q: ['foo.cluster.local.', 'A'], want: NXDOMAIN },
  { name: 'a search-list miss: NXDOMAIN', q: ['httpd-svc.svc.cluster.local.', 'A'], want: NXDOMAIN },
  { name: 'too many labels: NXDOMAIN', q: [`a.b.c.${HTTPD}`, 'A'], want: NXDOMAIN },
  { name: 'unknown endpoint: NXDOMAIN', q: [`nope.${HTTPD}`, 'A'], want: NXDOMAIN },
  { name: 'apex A: NODATA', q: ['cluster.local.', 'A'], want: NODATA },
  { name: 'apex SOA', q: ['cluster.local.', 'SOA'], want: { answers: [SOA], authority: [] } },
  { name: 'apex NS: kube-dns', q: ['cluster.local.', 'NS'],
    want: { answers: ['cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local.'], additional: ['kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10'] } },
  { name: 'ns.dns.<zone> A', q: ['ns.dns.cluster.local.', 'A'], want: { answers: ['ns.dns.cluster.local. 30 IN A 10.96.0.10'] } },
  { name: 'zone transfer: REFUSED', q: ['cluster.local.', 'AXFR'], want: { rcode: RCODE.REFUSED, answers: [] } },
  { name: 'A in a reverse zone: NXDOMAIN', q: ['1.0.96.10.in-addr.arpa.', 'A'], want: { rcode: RCODE.NXDOMAIN, answers: [], authority: [REV_SOA] } },
  { name: 'partial reverse name: NXDOMAIN', q: ['96.10.in-addr.arpa.', 'PTR'], want: { rcode: RCODE.NXDOMAIN, answers: [] } },

  // case-insensitivity (owner names keep the question's case)
  { name: 'upper case service', q: ['MyApp.DEFAULT.svc.Cluster.Local.', 'A'], want: { answers: ['MyApp.DEFAULT.svc.Cluster.Local. 30 IN A 10.98.31.157'] } },
  { name: 'upper case SRV', q: ['_HTTP._TCP.MYAPP.default.SVC.cluster.local.', 'SRV'],
    want: { answers: ['_HTTP._TCP.MYAPP.default.SVC.cluster.local. 30 IN SRV 0 100 80 myapp.default.svc.cluster.local.'] } },
  { name: 'upper case endpoint', q: ['WEB-0.Nginx.default.svc.cluster.local.', 'A'], want: { answers: ['WEB-0.Nginx.default.svc.cluster.local. 30 IN A 10.244.1.10'] } },
  { name: 'upper case dns-version', q: ['DNS-VERSION.cluster.local.', 'TXT'], want: { answers: ['DNS-VERSION.cluster.local. 28800 IN TXT "1.1.0"'] } },

  // names outside the cluster
  { name: 'outside the zone: SERVFAIL, not authoritative', q: ['www.example.com.', 'A'], want: { rcode: RCODE.SERVFAIL, answers: [], authoritative: false } },
  { name: 'localhost', q: ['localhost.', 'A'], want: { answers: ['localhost. 30 IN A 127.0.0.1'], authoritative: false } },
  { name: 'a name under localhost', q: ['foo.localhost.', 'AAAA'], want: { answers: ['foo.localhost. 30 IN AAAA ::1'] } },
  { name: 'localhost MX: NODATA', q: ['localhost.', 'MX'], want: { answers: [] } },
  { name: 'loopback PTR', q: ['1.0.0.127.in-addr.arpa.', 'PTR'], want: { answers: ['1.0.0.127.in-addr.arpa. 30 IN PTR localhost.'] } },
  { name: 'an upstream answers outside names', q: ['www.example.com.', 'A'],
    opts: { upstream: (q) => ({ rcode: 0, answers: [{ name: q.name, type: 'A', class: 1, ttl: 60, data: '192.0.2.1' }], authority: [], additional: [] }) },
    want: { answers: ['www.example.com. 60 IN A 192.0.2.1'], authoritative: false } },
  { name: 'an upstream gets the reverse names nothing owns (fallthrough)', q: ['8.8.8.8.in-addr.arpa.', 'PTR'],
    opts: { upstream: (q) => ({ rcode: 0, answers: [{ name: q.name, type: 'PTR', class: 1, ttl: 60, data: 'dns.google.' }], authority: [], additional: [] }) },
    want: { answers: ['8.8.8.8.in-addr.arpa. 60 IN PTR dns.google.'] } },
];

for (const source of ['endpoints', 'endpointSlices'] as const) {
  describe(`records.answer over ${source}`, () => {
    const view = clusterView(source);
    for (const c of cases) test(c.name, () => check(view, c));
  });
}

describe('records helpers', () => {
  test('other domain and TTL', () => {
    const r = answer({ name: 'myapp.default.svc.example.org.', type: 'A', class: 1 }, clusterView('endpoints'), { domain: 'example.org', ttl: 5 });
    assert.deepEqual(r.answers.map(formatRR), ['myapp.default.svc.example.org. 5 IN A 10.98.31.157']);
    const out = answer({ name: 'myapp.default.svc.cluster.local.', type: 'A', class: 1 }, clusterView('endpoints'), { domain: 'example.org' });
    assert.equal(out.rcode, RCODE.SERVFAIL);
  });

  test('zoneOf', () => {
    for (const [name, zone] of [
      ['a.b.svc.cluster.local', 'cluster.local.'], ['CLUSTER.LOCAL.', 'cluster.local.'], ['1.0.96.10.in-addr.arpa.', 'in-addr.arpa.'],
      ['b.a.ip6.arpa', 'ip6.arpa.'], ['example.com.', undefined], ['notcluster.local.', undefined],
    ] as const) assert.equal(zoneOf(name), zone, name);
  });

  test('endpointHostname', () => {
    for (const [a, h] of [
      [{ ip: '10.244.1.5' }, '10-244-1-5'], [{ ip: '10.244.1.5', hostname: 'web-0' }, 'web-0'],
      [{ ip: 'fd00::1' }, 'fd00--1'], [{ ip: 'fd00::' }, 'fd00--0'],
    ] as const) assert.equal(endpointHostname(a), h);
  });

  test('the legacy tolerate-unready-endpoints annotation', () => {
    const view: DnsView = {
      services: [{ metadata: { name: 'h', namespace: 'default', annotations: { 'service.alpha.kubernetes.io/tolerate-unready-endpoints': 'true' } }, spec: { clusterIP: 'None' } }],
      endpoints: [{ metadata: { name: 'h', namespace: 'default' }, subsets: [{ notReadyAddresses: [{ ip: '10.244.1.9' }] }] }],
    };
    const r = answer({ name: 'h.default.svc.cluster.local.', type: 'A', class: 1 }, view, OPTS);
    assert.deepEqual(r.answers.map(formatRR), ['h.default.svc.cluster.local. 30 IN A 10.244.1.9']);
    // a headless service without ports: A works, SRV has nothing
    const s = answer({ name: 'h.default.svc.cluster.local.', type: 'SRV', class: 1 }, view, OPTS);
    assert.equal(s.rcode, RCODE.NOERROR);
    assert.deepEqual(s.answers, []);
  });
});
