// busybox nslookup as a child process against a real DNS server: the lab's output, byte for byte.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import type { KObject } from '../../../src/api/types';
import type { DnsView } from '../../../src/dns/records';
import type { DnsServer } from '../../../src/dns/server';
import { makeHandler, startDnsServer } from '../../../src/dns/server';

const APPLET = path.resolve(__dirname, '../../../src/agent/toolbox/nslookup.js');

function svc(name: string, ns: string, clusterIP: string, ports: any[] = [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }]): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { clusterIP, clusterIPs: [clusterIP], type: 'ClusterIP', ports } };
}

// the lab: httpd-svc is headless with three ready pods (in the order the lab printed them) and a
// fourth that is not ready
const VIEW: DnsView = {
  services: [
    svc('kubernetes', 'default', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]),
    svc('kube-dns', 'kube-system', '10.96.0.10', [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }]),
    svc('httpd-svc', 'default', 'None'),
    svc('myapp', 'default', '10.98.31.157'),
  ],
  endpoints: [{
    apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'httpd-svc', namespace: 'default', labels: { 'service.kubernetes.io/headless': '' } },
    subsets: [{
      addresses: [
        { ip: '10.244.2.71', nodeName: 'k8s-node2', targetRef: { kind: 'Pod', name: 'httpd-7f6b8c9d5-a1', namespace: 'default' } },
        { ip: '10.244.1.74', nodeName: 'k8s-node1', targetRef: { kind: 'Pod', name: 'httpd-7f6b8c9d5-b2', namespace: 'default' } },
        { ip: '10.244.2.72', nodeName: 'k8s-node2', targetRef: { kind: 'Pod', name: 'httpd-7f6b8c9d5-c3', namespace: 'default' } },
      ],
      notReadyAddresses: [{ ip: '10.244.1.75', nodeName: 'k8s-node1', targetRef: { kind: 'Pod', name: 'httpd-7f6b8c9d5-d4', namespace: 'default' } }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    }],
  }],
};

let server: DnsServer;

before(async () => {
  server = await startDnsServer({ handle: makeHandler(() => VIEW, { domain: 'cluster.local', ttl: 30 }) });
});

after(async () => {
  await server.close();
});

function nslookup(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = `require(${JSON.stringify(APPLET)}).main(process.argv.slice(1)).then((c) => process.exit(c))`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, KCTL_DNS: `127.0.0.1:${server.port}` };
  delete childEnv.KCTL_DNS_VIRTUAL;
  delete childEnv.KCTL_DNS_SEARCH;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k]; else childEnv[k] = v;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', script, ...args], { env: childEnv, timeout: 20_000 }, (err: any, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const SERVER_BLOCK = 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n';

describe('nslookup', () => {
  const cases: Array<{ name: string; args: string[]; env?: Record<string, string | undefined>; code: number; stdout: string; stderr?: string }> = [
    {
      name: 'the lab: a headless service',
      args: ['httpd-svc'],
      code: 0,
      stdout: `${SERVER_BLOCK}Name:      httpd-svc
Address 1: 10.244.2.71 10-244-2-71.httpd-svc.default.svc.cluster.local
Address 2: 10.244.1.74 10-244-1-74.httpd-svc.default.svc.cluster.local
Address 3: 10.244.2.72 10-244-2-72.httpd-svc.default.svc.cluster.local
`,
      stderr: '',
    },
    {
      name: 'a ClusterIP service',
      args: ['myapp'],
      code: 0,
      stdout: `${SERVER_BLOCK}Name:      myapp\nAddress 1: 10.98.31.157 myapp.default.svc.cluster.local\n`,
    },
    {
      name: 'a fully qualified name',
      args: ['kubernetes.default.svc.cluster.local'],
      code: 0,
      stdout: `${SERVER_BLOCK}Name:      kubernetes.default.svc.cluster.local\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n`,
    },
    {
      name: 'another namespace through the search list',
      args: ['kube-dns.kube-system'],
      code: 0,
      stdout: `${SERVER_BLOCK}Name:      kube-dns.kube-system\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n`,
    },
    {
      name: 'an address: its PTR',
      args: ['10.244.1.74'],
      code: 0,
      stdout: `${SERVER_BLOCK}Name:      10.244.1.74\nAddress 1: 10.244.1.74 10-244-1-74.httpd-svc.default.svc.cluster.local\n`,
    },
    {
      name: 'an address without a PTR',
      args: ['10.1.2.3'],
      code: 0,
      stdout: `${SERVER_BLOCK}Name:      10.1.2.3\nAddress 1: 10.1.2.3\n`,
    },
    {
      name: 'an unknown name',
      args: ['nope'],
      code: 1,
      stdout: SERVER_BLOCK,
      stderr: "nslookup: can't resolve 'nope'\n",
    },
    {
      name: 'SERVER = the virtual kube-dns address',
      args: ['httpd-svc', '10.96.0.10'],
      code: 0,
      stdout: `${SERVER_BLOCK}Name:      httpd-svc
Address 1: 10.244.2.71 10-244-2-71.httpd-svc.default.svc.cluster.local
Address 2: 10.244.1.74 10-244-1-74.httpd-svc.default.svc.cluster.local
Address 3: 10.244.2.72 10-244-2-72.httpd-svc.default.svc.cluster.local
`,
    },
    {
      name: 'another namespace: its own search list',
      args: ['myapp'],
      env: { KCTL_DNS_SEARCH: 'kube-system.svc.cluster.local svc.cluster.local cluster.local' },
      code: 1,
      stdout: SERVER_BLOCK,
      stderr: "nslookup: can't resolve 'myapp'\n",
    },
    {
      name: 'KCTL_DNS_VIRTUAL',
      args: ['myapp'],
      env: { KCTL_DNS_VIRTUAL: '10.96.0.1' },
      code: 0,
      stdout: 'Server:    10.96.0.1\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n\nName:      myapp\nAddress 1: 10.98.31.157 myapp.default.svc.cluster.local\n',
    },
    {
      name: 'a server kctl cannot reach',
      args: ['myapp', '8.8.8.8'],
      code: 1,
      stdout: 'Server:    8.8.8.8\nAddress 1: 8.8.8.8\n\n',
      stderr: "nslookup: can't resolve 'myapp'\n",
    },
    {
      name: 'no DNS configured',
      args: ['myapp'],
      env: { KCTL_DNS: undefined },
      code: 1,
      stdout: 'Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n',
      stderr: "nslookup: can't resolve 'myapp'\n",
    },
    {
      name: 'no arguments: usage',
      args: [],
      code: 1,
      stdout: '',
      stderr: 'BusyBox v1.28.4 (kctl) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await nslookup(c.args, c.env);
      assert.equal(r.stdout, c.stdout);
      if (c.stderr !== undefined) assert.equal(r.stderr, c.stderr);
      assert.equal(r.code, c.code);
    });
  }

  test('SERVER = the real loopback address and port', async () => {
    const r = await nslookup(['myapp', `127.0.0.1:${server.port}`], { KCTL_DNS: undefined });
    assert.equal(r.stdout, 'Server:    127.0.0.1\nAddress 1: 127.0.0.1 localhost\n\nName:      myapp\nAddress 1: 10.98.31.157 myapp.default.svc.cluster.local\n');
    assert.equal(r.code, 0);
  });
});
