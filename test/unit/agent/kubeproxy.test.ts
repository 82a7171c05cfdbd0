// kube-proxy's decisions: backends of a service port, per-connection choice by mode, ClientIP
// affinity with its timeout, externalTrafficPolicy Local, the proxy configuration.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Balancer, nodeLocal, proxyConfig, serviceBackends, servicePort } from '../../../src/agent/kubeproxy';
import type { KObject } from '../../../src/api/types';

const svc = (spec: any): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec } });
const ep: KObject = {
  apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 's', namespace: 'default' },
  subsets: [
    { addresses: [{ ip: '10.244.2.3', nodeName: 'k8s-node2' }, { ip: '10.244.1.2', nodeName: 'k8s-node1' }], notReadyAddresses: [{ ip: '10.244.1.9' }], ports: [{ port: 8080, protocol: 'TCP' }] },
    { addresses: [{ ip: '10.244.1.4', nodeName: 'k8s-node1' }], ports: [{ port: 8080, protocol: 'TCP' }] },
  ],
};
const named: KObject = { ...ep, subsets: [{ addresses: [{ ip: '10.244.1.2' }], ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9100 }] }] };

describe('kube-proxy', () => {
  test('backends: ready addresses only, target port from the subsets (by port name)', () => {
    assert.deepEqual(serviceBackends(ep, { port: 80 }).map((b) => `${b.ip}:${b.port}`), ['10.244.2.3:8080', '10.244.1.2:8080', '10.244.1.4:8080']);
    assert.deepEqual(serviceBackends(named, { name: 'metrics', port: 9000 }).map((b) => b.port), [9100]);
    assert.deepEqual(serviceBackends(named, { name: 'nope', port: 1 }), []);
    assert.deepEqual(serviceBackends(undefined, { port: 80 }), []);
    assert.equal(servicePort(svc({ ports: [{ port: 80, nodePort: 30080 }] }), 30080, 'nodePort').port, 80);
    assert.equal(servicePort(svc({}), 81), undefined);
  });

  const cases: { name: string; config: string; picks: number; want: (ips: string[]) => void }[] = [
    { name: 'userspace: round-robin in address order', config: 'mode: "userspace"', picks: 6, want: (ips) => assert.deepEqual(ips, ['10.244.1.2', '10.244.1.4', '10.244.2.3', '10.244.1.2', '10.244.1.4', '10.244.2.3']) },
    { name: 'ipvs rr: round-robin', config: 'mode: ipvs\nipvs:\n  scheduler: "rr"', picks: 3, want: (ips) => assert.equal(new Set(ips).size, 3) },
    { name: 'ipvs sh: the same client always lands on the same endpoint', config: 'mode: ipvs\nipvs:\n  scheduler: sh', picks: 5, want: (ips) => assert.equal(new Set(ips).size, 1) },
    { name: 'iptables (default): random', config: '', picks: 200, want: (ips) => assert.equal(new Set(ips).size, 3) },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cfg = proxyConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy' }, data: { 'config.conf': c.config } });
      const b = new Balancer();
      const s = svc({});
      const ips = Array.from({ length: c.picks }, () => b.pick('default/s:80', serviceBackends(ep, { port: 80 }), { svc: s, clientIP: '10.244.0.7', config: cfg, now: 0 })!.ip);
      c.want(ips);
    });
  }

  test('ClientIP affinity: one client sticks to one endpoint until timeoutSeconds pass; other clients spread', () => {
    const b = new Balancer();
    const s = svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } } });
    const cfg = proxyConfig(undefined);
    const backends = serviceBackends(ep, { port: 80 });
    const first = b.pick('k', backends, { svc: s, clientIP: '10.244.0.7', config: cfg, now: 0 })!.ip;
    for (let t = 1000; t < 9000; t += 1000) assert.equal(b.pick('k', backends, { svc: s, clientIP: '10.244.0.7', config: cfg, now: t })!.ip, first);
    const later = new Set(Array.from({ length: 60 }, (_, i) => b.pick('k', backends, { svc: s, clientIP: `10.244.0.${i}`, config: cfg, now: 9000 })!.ip));
    assert.equal(later.size, 3);
    // idle longer than the timeout: a new choice (random; over many clients more than one endpoint)
    const after = new Set(Array.from({ length: 40 }, (_, i) => { const c = `10.9.9.${i}`; b.pick('k', backends, { svc: s, clientIP: c, config: cfg, now: 0 }); return b.pick('k', backends, { svc: s, clientIP: c, config: cfg, now: 20_000 })!.ip; }));
    assert.ok(after.size > 1);
  });

  test('ipvs lc: the endpoint with the fewest open connections', () => {
    const b = new Balancer();
    const cfg = proxyConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy' }, data: { 'config.conf': 'mode: ipvs\nipvs:\n  scheduler: lc\n' } });
    const backends = serviceBackends(ep, { port: 80 });
    const a = b.pick('k', backends, { svc: svc({}), config: cfg, now: 0 })!;
    const closeA = b.opened(a);
    const c2 = b.pick('k', backends, { svc: svc({}), config: cfg, now: 0 })!;
    assert.notEqual(c2.ip, a.ip);
    closeA();
    assert.equal(b.pick('k', backends, { svc: svc({}), config: cfg, now: 0 })!.ip, a.ip);
  });

  test('externalTrafficPolicy Local keeps the node\'s own endpoints', () => {
    const backends = serviceBackends(ep, { port: 80 });
    assert.deepEqual(nodeLocal(backends, svc({ externalTrafficPolicy: 'Local' }), 'k8s-node1').map((b) => b.ip), ['10.244.1.2', '10.244.1.4']);
    assert.equal(nodeLocal(backends, svc({ externalTrafficPolicy: 'Cluster' }), 'k8s-node1').length, 3);
  });
});
