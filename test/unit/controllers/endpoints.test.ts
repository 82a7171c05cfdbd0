// The Endpoints controller: subsets from selected pods (ready / not ready, named target ports, port
// sets, headless, hostnames), labels and annotations, idempotence, deletion with the Service.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/api/types';
import type { Action } from '../../../src/controllers/types';
import {
  endpointsController, computeSubsets, endpointPortHash, truncateSubsets, EndpointSubset,
} from '../../../src/controllers/endpoints';
import { viewOf } from '../../helpers/view';
import { NOW, pod, service } from './endpoints-fixtures';

const ctx = { now: NOW, random: () => 0.5 };

function run(objs: KObject[]): Action[] {
  return endpointsController().reconcile(viewOf(objs), ctx);
}

/** apply create/update actions to the object list (what the API server would store) */
function applyAll(objs: KObject[], actions: Action[]): KObject[] {
  let out = [...objs];
  for (const a of actions) {
    if (a.type === 'create' || a.type === 'update') {
      const o = JSON.parse(JSON.stringify(a.object));
      o.metadata.resourceVersion = String(Number(o.metadata.resourceVersion ?? 0) + 1);
      out = out.filter((x) => !(x.kind === o.kind && x.metadata.namespace === o.metadata.namespace && x.metadata.name === o.metadata.name));
      out.push(o);
    } else if (a.type === 'delete') {
      out = out.filter((x) => !(x.metadata.namespace === a.namespace && x.metadata.name === a.name && x.kind === 'Endpoints'));
    }
  }
  return out;
}

const addr = (p: KObject, extra: Record<string, unknown> = {}) => ({
  ...extra, ip: p.status.podIP, nodeName: p.spec.nodeName,
  targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'default', uid: p.metadata.uid },
});

// the seed's service-demo: three replicas, two of them ready
const demo = [
  pod('service-deploy-66548cc57f-982cd', { node: 'k8s-node2', ip: '10.244.2.63', ready: true }),
  pod('service-deploy-66548cc57f-blnvg', { node: 'k8s-node1', ip: '10.244.1.67', ready: true }),
  pod('service-deploy-66548cc57f-vcmxb', { node: 'k8s-node2', ip: '10.244.2.62', ready: false }),
];

describe('endpoints: subsets', () => {
  const cases: Array<{ name: string; svc: KObject; pods: KObject[]; want: EndpointSubset[] }> = [
    {
      name: 'service-demo: ready pods under addresses (sorted by IP), the unready one under notReadyAddresses',
      svc: service('service-demo'),
      pods: demo,
      want: [{ addresses: [addr(demo[1]), addr(demo[0])], notReadyAddresses: [addr(demo[2])], ports: [{ port: 80, protocol: 'TCP' }] }],
    },
    {
      name: 'a named targetPort resolves per pod; a pod without that port is left out',
      svc: service('web', { ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' }] }),
      pods: [demo[0], pod('no-http', { node: 'k8s-node1', ip: '10.244.1.9', ready: true, ports: [{ name: 'other', containerPort: 81 }] })],
      want: [{ addresses: [addr(demo[0])], ports: [{ name: 'web', port: 80, protocol: 'TCP' }] }],
    },
    {
      name: 'a named port with a different number in some pods: two port sets, two subsets',
      svc: service('web', { ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' }] }),
      pods: [demo[0], pod('v2', { node: 'k8s-node1', ip: '10.244.1.20', ready: true, ports: [{ name: 'http', containerPort: 8080 }] })],
      want: 'ordered by hash' as any,
    },
    {
      name: 'a pod without an IP, a terminating pod and a finished pod are left out',
      svc: service('service-demo'),
      pods: [demo[0], pod('pending', { node: 'k8s-node1' }), pod('dying', { node: 'k8s-node1', ip: '10.244.1.30', ready: true, deleting: true }),
        pod('done', { node: 'k8s-node1', ip: '10.244.1.31', phase: 'Succeeded' })],
      want: [{ addresses: [addr(demo[0])], ports: [{ port: 80, protocol: 'TCP' }] }],
    },
    {
      name: 'publishNotReadyAddresses: every pod with an IP is an address, terminating ones too',
      svc: service('service-demo', { publishNotReadyAddresses: true }),
      pods: [demo[2], pod('dying', { node: 'k8s-node1', ip: '10.244.1.30', ready: true, deleting: true })],
      want: 'all ready' as any,
    },
    {
      name: 'headless without ports: bare addresses',
      svc: service('httpd-svc', { clusterIP: 'None', clusterIPs: ['None'], ports: undefined }),
      pods: [demo[0]],
      want: [{ addresses: [addr(demo[0])] }],
    },
    {
      name: 'hostname when spec.hostname is set and spec.subdomain names the service',
      svc: service('sub', { clusterIP: 'None', clusterIPs: ['None'] }),
      pods: [pod('h', { node: 'k8s-node1', ip: '10.244.1.40', ready: true, spec: { hostname: 'web-0', subdomain: 'sub' } })],
      want: 'hostname' as any,
    },
    {
      name: 'two service ports (tomcat): one subset with both ports, in hash order',
      svc: service('tomcat-svc', { ports: [{ name: 'httpport', port: 8080, protocol: 'TCP', targetPort: 8080 }, { name: 'ajpport', port: 8009, protocol: 'TCP', targetPort: 8009 }] }),
      pods: [demo[0], demo[1]],
      want: 'ports by hash' as any,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = computeSubsets(c.svc, c.pods);
      if (c.want === ('ordered by hash' as any)) {
        assert.equal(got.length, 2);
        const ports = got.map((s) => s.ports![0].port).sort();
        assert.deepEqual(ports, [80, 8080]);
        // deterministic: the same input gives the same order
        assert.deepEqual(computeSubsets(c.svc, [...c.pods].reverse()), got);
      } else if (c.want === ('hostname' as any)) {
        assert.equal(got[0].addresses![0].hostname, 'web-0');
      } else if (c.want === ('ports by hash' as any)) {
        assert.equal(got.length, 1);
        const want = [{ name: 'httpport', port: 8080, protocol: 'TCP' }, { name: 'ajpport', port: 8009, protocol: 'TCP' }]
          .sort((a, b) => (endpointPortHash(a) < endpointPortHash(b) ? -1 : 1));
        assert.deepEqual(got[0].ports, want);
      } else if (c.want === ('all ready' as any)) {
        assert.equal(got.length, 1);
        assert.deepEqual(got[0].addresses!.map((a) => a.ip), ['10.244.1.30', '10.244.2.62']);
        assert.equal(got[0].notReadyAddresses, undefined);
      } else {
        assert.deepEqual(got, c.want);
      }
    });
  }

  test('the port hash is md5 over go-spew\'s rendering of v1.EndpointPort', () => {
    // md5("(v1.EndpointPort){Name:(string) Port:(int32)80 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}")
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const crypto = require('crypto');
    const want = crypto.createHash('md5').update('(v1.EndpointPort){Name:(string) Port:(int32)80 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}').digest('hex');
    assert.equal(endpointPortHash({ port: 80, protocol: 'TCP' }), want);
  });

  test('truncation keeps 1000 addresses, ready first', () => {
    const subsets: EndpointSubset[] = [{
      addresses: Array.from({ length: 900 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}` })),
      notReadyAddresses: Array.from({ length: 300 }, (_, i) => ({ ip: `10.1.${i >> 8}.${i & 255}` })),
    }];
    assert.equal(truncateSubsets(subsets), true);
    assert.equal(subsets[0].addresses!.length, 900);
    assert.equal(subsets[0].notReadyAddresses!.length, 100);
  });
});

describe('endpoints: the controller', () => {
  test('creates the Endpoints of service-demo with the trigger time and no labels', () => {
    const svc = service('service-demo');
    const actions = run([svc, ...demo]);
    assert.equal(actions.length, 1);
    const a = actions[0] as Extract<Action, { type: 'create' }>;
    assert.equal(a.type, 'create');
    assert.equal(a.resource, 'endpoints');
    assert.deepEqual(a.object, {
      apiVersion: 'v1', kind: 'Endpoints',
      metadata: { name: 'service-demo', namespace: 'default', annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2024-12-02T09:59:00Z' } },
      subsets: [{ addresses: [addr(demo[1]), addr(demo[0])], notReadyAddresses: [addr(demo[2])], ports: [{ port: 80, protocol: 'TCP' }] }],
    });
  });

  test('a service without pods gets an Endpoints without subsets; headless gets the headless label', () => {
    const svc = service('httpd-svc', { clusterIP: 'None', clusterIPs: ['None'] }, { labels: { app: 'httpd' } });
    const [a] = run([svc]) as Array<Extract<Action, { type: 'create' }>>;
    assert.deepEqual(a.object.metadata.labels, { app: 'httpd', 'service.kubernetes.io/headless': '' });
    assert.equal(a.object.subsets, undefined);
  });

  test('idempotent: nothing to do once written', () => {
    const objs = [service('service-demo'), ...demo];
    const after = applyAll(objs, run(objs));
    assert.deepEqual(run(after), []);
  });

  test('a pod becoming ready moves it to addresses; the trigger time is its Ready transition', () => {
    const objs = [service('service-demo'), ...demo];
    let world = applyAll(objs, run(objs));
    world = world.map((o) => (o.metadata.name === demo[2].metadata.name
      ? pod(demo[2].metadata.name!, { node: 'k8s-node2', ip: '10.244.2.62', ready: true, readySince: '2024-12-02T10:03:00Z' }) : o));
    // keep the uid stable
    world.find((o) => o.metadata.name === demo[2].metadata.name)!.metadata.uid = demo[2].metadata.uid;
    const [u] = run(world) as Array<Extract<Action, { type: 'update' }>>;
    assert.equal(u.type, 'update');
    assert.equal(u.object.metadata.resourceVersion, '1');
    assert.deepEqual(u.object.subsets, [{ addresses: [addr(demo[1]), addr(demo[2]), addr(demo[0])], ports: [{ port: 80, protocol: 'TCP' }] }]);
    assert.equal(u.object.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], '2024-12-02T10:03:00Z');
  });

  test('a pod deleted: update, and no trigger time (none of the remaining pods changed)', () => {
    const objs = [service('service-demo'), ...demo];
    const world = applyAll(objs, run(objs)).filter((o) => o.metadata.name !== demo[0].metadata.name);
    const [u] = run(world) as Array<Extract<Action, { type: 'update' }>>;
    assert.equal(u.object.metadata.annotations, undefined);
    assert.deepEqual(u.object.subsets[0].addresses, [addr(demo[1])]);
  });

  test('service labels are copied and follow the service', () => {
    const objs = [service('service-demo'), ...demo];
    const world = applyAll(objs, run(objs)).map((o) => (o.kind === 'Service' ? { ...o, metadata: { ...o.metadata, labels: { tier: 'web' } } } : o));
    const [u] = run(world) as Array<Extract<Action, { type: 'update' }>>;
    assert.deepEqual(u.object.metadata.labels, { tier: 'web' });
  });

  test('services without a selector and ExternalName services are left alone; so is the user\'s Endpoints', () => {
    const userEp: KObject = {
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external', namespace: 'default', resourceVersion: '3' },
      subsets: [{ addresses: [{ ip: '192.168.1.10' }], ports: [{ port: 3306, protocol: 'TCP' }] }],
    };
    const objs = [
      service('external', { selector: undefined }),
      service('ext-name', { type: 'ExternalName', externalName: 'example.com', clusterIP: undefined, clusterIPs: undefined }),
      userEp, ...demo,
    ];
    assert.deepEqual(run(objs), []);
  });

  test('the Service deleted: its Endpoints go; an Endpoints a user created without a Service stays', () => {
    const objs = [service('service-demo'), ...demo];
    const world = applyAll(objs, run(objs)).filter((o) => o.kind !== 'Service');
    const userEp: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'mine', namespace: 'default', resourceVersion: '3' }, subsets: [{ addresses: [{ ip: '192.168.1.10' }] }] };
    assert.deepEqual(run([...world, userEp]), [{ type: 'delete', resource: 'endpoints', namespace: 'default', name: 'service-demo' }]);
  });

  test('pods in other namespaces or with other labels are not selected', () => {
    const objs = [service('service-demo'), pod('other-ns', { ns: 'testing', node: 'k8s-node1', ip: '10.244.1.50', ready: true }),
      pod('other-app', { labels: { app: 'x' }, node: 'k8s-node1', ip: '10.244.1.51', ready: true })];
    const [a] = run(objs) as Array<Extract<Action, { type: 'create' }>>;
    assert.equal(a.object.subsets, undefined);
  });

  test('100 replicas and 50 services in one pass', () => {
    const pods = Array.from({ length: 100 }, (_, i) => pod(`r-${i}`, { node: i % 2 ? 'k8s-node1' : 'k8s-node2', ip: `10.244.${1 + (i % 2)}.${10 + i}`, ready: true }));
    const svcs = Array.from({ length: 50 }, (_, i) => service(`s-${i}`));
    const t0 = process.hrtime.bigint();
    const actions = run([...svcs, ...pods]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(actions.length, 50);
    for (const a of actions as Array<Extract<Action, { type: 'create' }>>) assert.equal(a.object.subsets[0].addresses.length, 100);
    assert.ok(ms < 2000, `took ${ms}ms`);
  });
});
