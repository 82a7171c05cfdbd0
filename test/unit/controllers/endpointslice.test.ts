// The EndpointSlice controller (slices per port set, placeholder, in-place updates, 100 per slice)
// and the mirroring controller; plus an end-to-end pass through the real API server with the
// scheduler, the Endpoints and the EndpointSlice controllers running to a fixpoint.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/api/types';
import type { Action, Controller } from '../../../src/controllers/types';
import {
  endpointSliceController, endpointSliceMirroringController, ENDPOINTSLICE_CONTROLLER_NAME, MIRRORING_CONTROLLER_NAME,
} from '../../../src/controllers/endpointslice';
import { endpointsController } from '../../../src/controllers/endpoints';
import { schedulerController, bindPod, BindAction } from '../../../src/controllers/scheduler';
import { serviceAccountsController, rootCACertPublisher } from '../../../src/controllers/serviceaccount';
import { viewOf } from '../../helpers/view';
import { HOST, NOW, clusterNodes, pod, service } from './endpoints-fixtures';

const ctx = { now: NOW, random: () => 0.5 };
let seq = 0;

function run(objs: KObject[], c: Controller = endpointSliceController()): Action[] {
  return c.reconcile(viewOf(objs), ctx);
}

/** apply the actions the way the API server would (generateName, resourceVersion) */
function applyAll(objs: KObject[], actions: Action[]): KObject[] {
  let out = [...objs];
  const same = (x: KObject, kind: string, ns: string, name: string) => x.kind === kind && x.metadata.namespace === ns && x.metadata.name === name;
  for (const a of actions) {
    if (a.type === 'create' || a.type === 'update') {
      const o = JSON.parse(JSON.stringify(a.object));
      if (!o.metadata.name) o.metadata.name = `${o.metadata.generateName}${String(++seq).padStart(5, 'x')}`;
      o.metadata.uid ??= `uid-${o.metadata.name}`;
      o.metadata.resourceVersion = String(Number(o.metadata.resourceVersion ?? 0) + 1);
      out = out.filter((x) => !same(x, o.kind, o.metadata.namespace, o.metadata.name));
      out.push(o);
    } else if (a.type === 'delete') {
      out = out.filter((x) => !(x.kind === 'EndpointSlice' && x.metadata.namespace === a.namespace && x.metadata.name === a.name));
    }
  }
  return out;
}

const slicesOf = (objs: KObject[]) => objs.filter((o) => o.kind === 'EndpointSlice');

const demo = [
  pod('service-deploy-66548cc57f-982cd', { node: 'k8s-node2', ip: '10.244.2.63', ready: true }),
  pod('service-deploy-66548cc57f-blnvg', { node: 'k8s-node1', ip: '10.244.1.67', ready: true }),
  pod('service-deploy-66548cc57f-vcmxb', { node: 'k8s-node2', ip: '10.244.2.62', ready: false }),
];

const ep = (p: KObject, cond: { ready: boolean; serving: boolean; terminating: boolean }) => ({
  addresses: [p.status.podIP], conditions: cond, nodeName: p.spec.nodeName,
  targetRef: { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
});

describe('endpointslice controller', () => {
  test('service-demo: one slice, labelled, owned by the Service, endpoints with conditions', () => {
    const svc = service('service-demo');
    const actions = run([...clusterNodes(), svc, ...demo]);
    assert.equal(actions.length, 1);
    const a = actions[0] as Extract<Action, { type: 'create' }>;
    assert.equal(a.type, 'create');
    assert.deepEqual(a.object, {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: {
        generateName: 'service-demo-', namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'service-demo', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2024-12-02T09:59:00Z' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'service-demo', uid: 'svc-uid-service-demo', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [
        ep(demo[0], { ready: true, serving: true, terminating: false }),
        ep(demo[1], { ready: true, serving: true, terminating: false }),
        ep(demo[2], { ready: false, serving: false, terminating: false }),
      ],
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
    });
  });

  test('no pods: a placeholder slice (endpoints and ports null), kept as it is', () => {
    const objs = [...clusterNodes(), service('lonely', {}, { labels: { app: 'lonely' } })];
    const actions = run(objs);
    const a = actions[0] as Extract<Action, { type: 'create' }>;
    assert.equal(actions.length, 1);
    assert.equal(a.object.endpoints, null);
    assert.equal(a.object.ports, null);
    assert.deepEqual(a.object.metadata.labels, { app: 'lonely', 'kubernetes.io/service-name': 'lonely', 'endpointslice.kubernetes.io/managed-by': ENDPOINTSLICE_CONTROLLER_NAME });
    assert.deepEqual(run(applyAll(objs, actions)), []);
  });

  test('pods arriving fill the placeholder in place (same slice name), then changes stay in place', () => {
    const base = [...clusterNodes(), service('service-demo')];
    let world = applyAll(base, run(base));
    const [placeholder] = slicesOf(world);
    world = [...world, ...demo];
    const actions = run(world);
    assert.deepEqual(actions.map((a) => a.type), ['update']);
    world = applyAll(world, actions);
    const [filled] = slicesOf(world);
    assert.equal(filled.metadata.name, placeholder.metadata.name);
    assert.equal(filled.endpoints.length, 3);
    assert.deepEqual(run(world), []);
    // a pod goes away: same slice, two endpoints; the trigger annotation is dropped (no pod changed)
    world = world.filter((o) => o.metadata.name !== demo[2].metadata.name);
    const del = run(world);
    assert.deepEqual(del.map((a) => a.type), ['update']);
    world = applyAll(world, del);
    assert.equal(slicesOf(world).length, 1);
    assert.equal(slicesOf(world)[0].metadata.name, placeholder.metadata.name);
    assert.equal(slicesOf(world)[0].endpoints.length, 2);
    // all pods gone: back to the placeholder, still the same slice
    world = world.filter((o) => o.kind !== 'Pod');
    world = applyAll(world, run(world));
    assert.deepEqual(slicesOf(world).map((s) => [s.metadata.name, s.endpoints, s.ports]), [[placeholder.metadata.name, null, null]]);
    assert.deepEqual(run(world), []);
  });

  test('250 pods: slices of 100, 100 and 50', () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(`r-${String(i).padStart(3, '0')}`, { node: 'k8s-node1', ip: `10.244.1.${i}`, ready: true }));
    const actions = run([...clusterNodes(), service('service-demo'), ...pods]);
    assert.deepEqual(actions.map((a) => (a as any).object.endpoints.length), [100, 100, 50]);
  });

  test('two resolved port sets: two slices', () => {
    const svc = service('web', { ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' }] });
    const pods = [demo[0], pod('v2', { node: 'k8s-node1', ip: '10.244.1.20', ready: true, ports: [{ name: 'http', containerPort: 8080 }] })];
    const actions = run([...clusterNodes(), svc, ...pods]) as Array<Extract<Action, { type: 'create' }>>;
    assert.deepEqual(actions.map((a) => a.object.ports), [[{ name: 'web', port: 80, protocol: 'TCP' }], [{ name: 'web', port: 8080, protocol: 'TCP' }]]);
  });

  test('terminating pods stay, not ready but serving; pods on a missing node are left out', () => {
    const pods = [pod('dying', { node: 'k8s-node1', ip: '10.244.1.30', ready: true, deleting: true }), pod('ghost', { node: 'gone', ip: '10.244.9.9', ready: true })];
    const [a] = run([...clusterNodes(), service('service-demo'), ...pods]) as Array<Extract<Action, { type: 'create' }>>;
    assert.deepEqual(a.object.endpoints, [ep(pods[0], { ready: false, serving: true, terminating: true })]);
  });

  test('zone and hostname; headless label', () => {
    const nodes = clusterNodes().map((n) => { n.metadata.labels![`topology.kubernetes.io/zone`] = `zone-${n.metadata.name}`; return n; });
    const p = pod('h', { node: 'k8s-node1', ip: '10.244.1.40', ready: true, spec: { hostname: 'web-0', subdomain: 'hs' } });
    const [a] = run([...nodes, service('hs', { clusterIP: 'None', clusterIPs: ['None'] }), p]) as Array<Extract<Action, { type: 'create' }>>;
    assert.equal(a.object.endpoints[0].zone, 'zone-k8s-node1');
    assert.equal(a.object.endpoints[0].hostname, 'web-0');
    assert.equal(a.object.metadata.labels?.['service.kubernetes.io/headless'], '');
  });

  test('slices of a Service that is gone, or owned by an older Service of that name, are deleted', () => {
    const objs = [...clusterNodes(), service('service-demo'), ...demo];
    let world = applyAll(objs, run(objs));
    const stale = JSON.parse(JSON.stringify(slicesOf(world)[0]));
    stale.metadata.name = 'service-demo-old00';
    stale.metadata.ownerReferences[0].uid = 'previous-uid';
    world = [...world, stale];
    const actions = run(world);
    assert.deepEqual(actions, [{ type: 'delete', resource: 'endpointslices', namespace: 'default', name: 'service-demo-old00' }]);
    const gone = world.filter((o) => o.kind !== 'Service' && o.metadata.name !== 'service-demo-old00');
    assert.deepEqual(run(gone).map((a) => a.type), ['delete']);
  });

  test('services without a selector get no slices from this controller', () => {
    assert.deepEqual(run([...clusterNodes(), service('external', { selector: undefined }), ...demo]), []);
  });
});

describe('endpointslice mirroring', () => {
  const userEp = (subsets: any[], labels?: Record<string, string>): KObject => ({
    apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'mysql', namespace: 'default', uid: 'ep-uid-mysql', resourceVersion: '7', labels, annotations: { note: 'x', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    subsets,
  });

  test('the Endpoints of a selectorless Service are mirrored', () => {
    const objs = [service('mysql', { selector: undefined, ports: [{ port: 3306, protocol: 'TCP', targetPort: 3306 }] }),
      userEp([{ addresses: [{ ip: '192.168.1.10' }], notReadyAddresses: [{ ip: '192.168.1.11' }], ports: [{ port: 3306, protocol: 'TCP' }] }], { team: 'db' })];
    const actions = run(objs, endpointSliceMirroringController()) as Array<Extract<Action, { type: 'create' }>>;
    assert.equal(actions.length, 1);
    assert.deepEqual(actions[0].object, {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: {
        generateName: 'mysql-', namespace: 'default',
        labels: { team: 'db', 'kubernetes.io/service-name': 'mysql', 'endpointslice.kubernetes.io/managed-by': MIRRORING_CONTROLLER_NAME },
        annotations: { note: 'x' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'mysql', uid: 'ep-uid-mysql', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.1.10'], conditions: { ready: true } }, { addresses: ['192.168.1.11'], conditions: { ready: false } }],
      ports: [{ name: '', port: 3306, protocol: 'TCP' }],
    });
    const world = applyAll(objs, actions);
    assert.deepEqual(run(world, endpointSliceMirroringController()), []);
    // the Service gets a selector: the mirrored slice goes
    const withSel = world.map((o) => (o.kind === 'Service' ? { ...o, spec: { ...o.spec, selector: { app: 'mysql' } } } : o));
    assert.deepEqual(run(withSel, endpointSliceMirroringController()).map((a) => a.type), ['delete']);
  });

  test('skip-mirror (the kubernetes Endpoints), no Service, or a selector: nothing mirrored', () => {
    const kube: KObject = {
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', uid: 'k', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    };
    const objs = [service('kubernetes', { selector: undefined }), kube, userEp([{ addresses: [{ ip: '192.168.1.10' }] }]), service('other')];
    assert.deepEqual(run(objs, endpointSliceMirroringController()), []);
  });
});

describe('through the API server', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { SqliteStore } = require('../../../src/store/sqlite') as typeof import('../../../src/store/sqlite');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { ApiServer } = require('../../../src/controlplane/apiserver') as typeof import('../../../src/controlplane/apiserver');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { bootstrapCluster } = require('../../../src/controlplane/bootstrap') as typeof import('../../../src/controlplane/bootstrap');

  function cluster() {
    let t = NOW;
    let r = 0;
    let u = 0;
    const api = new ApiServer(SqliteStore.open(':memory:'), { now: () => (t += 10), random: () => ((r = (r * 9301 + 49297) % 233280) / 233280), uuid: () => `00000000-0000-4000-8000-${String(++u).padStart(12, '0')}` });
    api.runControllers = false;
    bootstrapCluster(api, HOST);
    // until the runner knows `bind`: apply it here as the pods/binding subresource would
    const sched = schedulerController();
    const binder: Controller = {
      ...sched,
      reconcile(view, c) {
        const out: Action[] = [];
        for (const a of sched.reconcile(view, c) as Array<Action | BindAction>) {
          if (a.type !== 'bind') { out.push(a); continue; }
          const p = api.store.get('pods', a.namespace, a.name)!;
          const r2 = bindPod(p, a.node, c.now);
          api.store.update('pods', r2.pod!);
          api.noteChange('pods');
        }
        return out;
      },
    };
    let reconciles = 0;
    const counted = (c: Controller): Controller => ({ ...c, reconcile: (v, x) => { reconciles++; return c.reconcile(v, x); } });
    api.controllers = [binder, endpointsController(), endpointSliceController(), endpointSliceMirroringController(),
      serviceAccountsController(), rootCACertPublisher('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')].map(counted);
    api.runControllers = true;
    return { api, reconciles: () => reconciles };
  }

  const podBody = (name: string) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'service-deploy-demo' } },
    spec: { containers: [{ name: 'svc-pod', image: 'ikubernetes/myapp:v1', ports: [{ name: 'http', containerPort: 80 }] }] },
  });

  test('pods are bound and spread, Endpoints and slices follow the pods\' status, all valid and quiet', () => {
    const { api, reconciles } = cluster();
    api.create('services', 'default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'service-demo' },
      spec: { selector: { app: 'service-deploy-demo' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
    for (const n of ['web-a', 'web-b', 'web-c']) api.create('pods', 'default', podBody(n));
    const pods = api.store.list('pods', 'default');
    assert.deepEqual(pods.map((p) => p.spec.nodeName), ['k8s-node1', 'k8s-node2', 'k8s-node1']);
    assert.equal(pods[0].status.conditions[0].type, 'PodScheduled');
    const events = api.store.list('events', 'default').filter((e) => e.reason === 'Scheduled').map((e) => e.message).sort();
    assert.deepEqual(events, ['Successfully assigned default/web-a to k8s-node1', 'Successfully assigned default/web-b to k8s-node2', 'Successfully assigned default/web-c to k8s-node1']);
    let ep = api.store.get('endpoints', 'default', 'service-demo')!;
    assert.equal(ep.subsets, undefined);
    let slices = api.store.list('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'service-demo');
    assert.equal(slices.length, 1);
    assert.match(slices[0].metadata.name!, /^service-demo-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const sliceName = slices[0].metadata.name;
    // the node agent reports the pods running; two are ready
    pods.forEach((p, i) => {
      api.updateStatus('pods', 'default', p.metadata.name!, {
        ...p.status, phase: 'Running', podIP: `10.244.${i + 1}.5`, podIPs: [{ ip: `10.244.${i + 1}.5` }],
        conditions: [...p.status.conditions, { type: 'Ready', status: i < 2 ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: '2024-12-02T10:00:30Z' }],
      });
    });
    ep = api.store.get('endpoints', 'default', 'service-demo')!;
    assert.deepEqual(ep.subsets.map((s: any) => [s.addresses?.map((a: any) => a.ip), s.notReadyAddresses?.map((a: any) => a.ip), s.ports]),
      [[['10.244.1.5', '10.244.2.5'], ['10.244.3.5'], [{ port: 80, protocol: 'TCP' }]]]);
    slices = api.store.list('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'service-demo');
    assert.equal(slices.length, 1);
    assert.equal(slices[0].metadata.name, sliceName);
    assert.equal(slices[0].endpoints.length, 3);
    // a write that changes nothing the controllers care about leaves them quiet after one round
    const before = reconciles();
    api.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'noop' } });
    assert.ok(reconciles() - before <= 2, `reconciles: ${reconciles() - before}`);
    // every namespace has its kube-root-ca.crt
    assert.ok(api.store.get('configmaps', 'kube-system', 'kube-root-ca.crt'));
    // the Service goes: Endpoints and slices with it
    api.delete('services', 'default', 'service-demo');
    assert.equal(api.store.get('endpoints', 'default', 'service-demo'), undefined);
    assert.equal(api.store.list('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'service-demo').length, 0);
  });

  test('an unschedulable pod: Pending with PodScheduled=False and one FailedScheduling event', () => {
    const { api } = cluster();
    api.create('pods', 'default', { ...podBody('picky'), spec: { ...podBody('picky').spec, nodeSelector: { disktype: 'ssd' } } });
    const p = api.store.get('pods', 'default', 'picky')!;
    const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    assert.equal(p.spec.nodeName, undefined);
    assert.equal(p.status.phase, 'Pending');
    assert.deepEqual(p.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]), [['PodScheduled', 'False', 'Unschedulable', msg]]);
    api.update('pods', 'default', 'picky', { ...p, metadata: { ...p.metadata, labels: { app: 'other' } } });
    const evs = api.store.list('events', 'default').filter((e) => e.reason === 'FailedScheduling');
    assert.equal(evs.length, 1);
    assert.equal(evs[0].count, 1);
    assert.equal(evs[0].message, msg);
    assert.equal(evs[0].type, 'Warning');
  });

  test('100 replicas: scheduled and listed in one pass each', () => {
    const { api } = cluster();
    api.create('services', 'default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'big' },
      spec: { selector: { app: 'service-deploy-demo' }, ports: [{ port: 80 }] },
    });
    const t0 = process.hrtime.bigint();
    api.write(() => { for (let i = 0; i < 100; i++) api.create('pods', 'default', podBody(`big-${String(i).padStart(3, '0')}`)); });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const nodes = api.store.list('pods', 'default').map((p) => p.spec.nodeName);
    assert.equal(nodes.filter((n) => n === 'k8s-node1').length, 50);
    assert.equal(nodes.filter((n) => n === 'k8s-node2').length, 50);
    assert.ok(ms < 5000, `took ${ms}ms`);
  });

  test('the default ServiceAccount comes back when deleted', () => {
    const { api } = cluster();
    api.delete('serviceaccounts', 'default', 'default');
    assert.ok(api.store.get('serviceaccounts', 'default', 'default'));
  });
});
