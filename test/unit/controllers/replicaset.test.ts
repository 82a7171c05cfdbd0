import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/api/types';
import { calculateReplicaSetStatus, replicaSetController, replicationControllerController } from '../../../src/controllers/replicaset';
import { rankPodsForDeletion } from '../../../src/controllers/workload-util';
import type { Action } from '../../../src/controllers/types';
import { viewOf } from '../../helpers/view';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace('.000Z', 'Z');

function seeded(seed = 1): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

function replicaSet(replicas: number, extra: { minReadySeconds?: number; generation?: number; status?: any } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'web-abc', namespace: 'default', uid: 'uid-rs', generation: extra.generation ?? 1, resourceVersion: '3', labels: { app: 'web' } },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } }, ...(extra.minReadySeconds ? { minReadySeconds: extra.minReadySeconds } : {}),
      template: { metadata: { labels: { app: 'web', tier: 'fe' }, creationTimestamp: null }, spec: { containers: [{ name: 'nginx', image: 'nginx' }], restartPolicy: 'Always' } },
    },
    status: extra.status ?? { replicas: 0 },
  };
}

interface PodOpts {
  node?: string; phase?: string; ready?: boolean; readySince?: number; created?: number; owner?: string | null;
  labels?: Record<string, string>; deleting?: boolean; restarts?: number; uid?: string;
}

function pod(name: string, o: PodOpts = {}): KObject {
  const p: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: o.uid ?? `uid-${name}`, resourceVersion: '7', creationTimestamp: ago(o.created ?? 3600),
      labels: o.labels ?? { app: 'web', tier: 'fe' },
    },
    spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...(o.node ? { nodeName: o.node } : {}) },
    status: { phase: o.phase ?? 'Running' },
  };
  if (o.owner !== null) p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: o.owner ?? 'uid-rs', controller: true, blockOwnerDeletion: true }];
  if (o.deleting) p.metadata.deletionTimestamp = ago(1);
  if (o.ready) p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readySince ?? 600) }];
  if (o.restarts) p.status.containerStatuses = [{ name: 'nginx', restartCount: o.restarts }];
  return p;
}

const ready = (name: string, o: PodOpts = {}) => pod(name, { node: 'k8s-node1', ready: true, ...o });

function summary(actions: Action[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'create': return `create ${a.resource}/${a.object.metadata.name}`;
      case 'update': return `update ${a.resource}/${a.object.metadata.name}`;
      case 'updateStatus': return `status ${JSON.stringify(a.status)}`;
      case 'delete': return `delete ${a.resource}/${a.name}`;
      case 'event': return `event ${a.event.reason}: ${a.event.message}`;
      default: return '?';
    }
  });
}

const run = (objs: KObject[]) => replicaSetController.reconcile(viewOf(objs), { now: NOW, random: seeded() });

interface Row { name: string; objs: KObject[]; expect: string[] }

const rows: Row[] = [
  {
    name: 'replicas 3, 1 pod → 2 creates (seeded names), status from the pods seen',
    objs: [replicaSet(3), ready('web-abc-aaaaa')],
    expect: [
      'create pods/web-abc-bf2qs', 'event SuccessfulCreate: Created pod: web-abc-bf2qs',
      'create pods/web-abc-hcxx8', 'event SuccessfulCreate: Created pod: web-abc-hcxx8',
      'status {"replicas":1,"fullyLabeledReplicas":1,"readyReplicas":1,"availableReplicas":1,"observedGeneration":1}',
    ],
  },
  {
    name: 'replicas 3, 5 pods → delete the unscheduled and the pending one',
    objs: [replicaSet(3, { status: { replicas: 5, fullyLabeledReplicas: 5, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 } }),
      ready('web-abc-old1'), ready('web-abc-old2', { node: 'k8s-node2' }), ready('web-abc-old3', { node: 'k8s-node2' }),
      pod('web-abc-unsch', { phase: 'Pending' }), pod('web-abc-pend', { phase: 'Pending', node: 'k8s-node1' })],
    expect: [
      'delete pods/web-abc-unsch', 'event SuccessfulDelete: Deleted pod: web-abc-unsch',
      'delete pods/web-abc-pend', 'event SuccessfulDelete: Deleted pod: web-abc-pend',
    ],
  },
  {
    name: 'replicas 1, 3 ready pods → not-ready first, then doubled-up nodes, then the most recently ready',
    objs: [replicaSet(1, { status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 } }),
      ready('web-abc-a', { node: 'k8s-node1', readySince: 86400 }), ready('web-abc-b', { node: 'k8s-node1', readySince: 60 }),
      pod('web-abc-c', { node: 'k8s-node2' })],
    expect: [
      'delete pods/web-abc-c', 'event SuccessfulDelete: Deleted pod: web-abc-c',
      'delete pods/web-abc-b', 'event SuccessfulDelete: Deleted pod: web-abc-b',
    ],
  },
  {
    name: 'terminal and terminating pods do not count → 1 create',
    objs: [replicaSet(2, { status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } }),
      ready('web-abc-a'), pod('web-abc-done', { phase: 'Succeeded' }), pod('web-abc-err', { phase: 'Failed' }),
      ready('web-abc-going', { deleting: true })],
    expect: ['create pods/web-abc-bf2qs', 'event SuccessfulCreate: Created pod: web-abc-bf2qs'],
  },
  {
    name: 'an orphan pod matching the selector is adopted and counted',
    objs: [replicaSet(2, { status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } }),
      ready('web-abc-a'), ready('stray', { owner: null })],
    expect: ['update pods/stray', 'status {"replicas":2,"fullyLabeledReplicas":2,"readyReplicas":2,"availableReplicas":2,"observedGeneration":1}'],
  },
  {
    name: "a pod of another controller is left alone",
    objs: [replicaSet(1, { status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } }),
      ready('web-abc-a'), ready('theirs', { owner: 'uid-other' })],
    expect: [],
  },
  {
    name: 'a pod relabelled out of the selector is released and replaced',
    objs: [replicaSet(1, { status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } }),
      ready('web-abc-a', { labels: { app: 'debug' } })],
    expect: [
      'update pods/web-abc-a', 'create pods/web-abc-bf2qs', 'event SuccessfulCreate: Created pod: web-abc-bf2qs',
      'status {"replicas":0,"observedGeneration":1}',
    ],
  },
  {
    name: 'minReadySeconds: ready but not long enough is not available; pods missing a template label are not fully labeled',
    objs: [replicaSet(2, { minReadySeconds: 30, generation: 2, status: { replicas: 2, observedGeneration: 1 } }),
      ready('web-abc-a', { readySince: 10 }), ready('web-abc-b', { readySince: 100, labels: { app: 'web' } })],
    expect: ['status {"replicas":2,"fullyLabeledReplicas":1,"readyReplicas":2,"availableReplicas":1,"observedGeneration":2}'],
  },
  {
    name: 'steady state → nothing',
    objs: [replicaSet(2, { status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 } }),
      ready('web-abc-a'), ready('web-abc-b')],
    expect: [],
  },
];

describe('replicaset: reconcile', () => {
  for (const r of rows) {
    test(r.name, () => assert.deepEqual(summary(run(r.objs)), r.expect));
  }

  test('created pods: generateName, labels from the template, owner reference, spec copy', () => {
    const actions = run([replicaSet(1)]);
    const created = (actions[0] as any).object as KObject;
    assert.deepEqual(created.metadata, {
      name: 'web-abc-bf2qs', generateName: 'web-abc-', namespace: 'default', labels: { app: 'web', tier: 'fe' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-rs', controller: true, blockOwnerDeletion: true }],
    });
    assert.deepEqual(created.spec, { containers: [{ name: 'nginx', image: 'nginx' }], restartPolicy: 'Always' });
    const ev = actions.find((a) => a.type === 'event') as any;
    assert.equal(ev.event.component, 'replicaset-controller');
    assert.equal(ev.event.involved.metadata.name, 'web-abc');
  });

  test('adoption adds the controller reference, release removes it', () => {
    const adopted = (run([replicaSet(1), pod('stray', { owner: null, node: 'n', ready: true })])[0] as any).object as KObject;
    assert.deepEqual(adopted.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-rs', controller: true, blockOwnerDeletion: true }]);
    assert.equal(adopted.metadata.resourceVersion, '7');
    const released = (run([replicaSet(0), pod('web-abc-x', { labels: { other: 'x' } })])[0] as any).object as KObject;
    assert.equal(released.metadata.ownerReferences, undefined);
  });

  test('ReplicationControllers use the same logic with their own owner reference and component', () => {
    const rc: KObject = {
      apiVersion: 'v1', kind: 'ReplicationController',
      metadata: { name: 'rc', namespace: 'default', uid: 'uid-rc', generation: 1 },
      spec: { replicas: 1, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      status: { replicas: 0 },
    };
    const actions = replicationControllerController.reconcile(viewOf([rc]), { now: NOW, random: seeded() });
    const created = (actions[0] as any).object as KObject;
    assert.equal(created.metadata.ownerReferences![0].kind, 'ReplicationController');
    assert.equal(created.metadata.ownerReferences![0].apiVersion, 'v1');
    assert.equal((actions[1] as any).event.component, 'replication-controller');
  });
});

describe('replicaset: deletion ranking (ActivePodsWithRanks)', () => {
  const order = (pods: KObject[], related = pods) => rankPodsForDeletion(pods, related, NOW).map((p) => p.metadata.name);
  const cases: [string, KObject[], string[]][] = [
    ['unassigned < assigned', [ready('a'), pod('b', { phase: 'Pending' })], ['b', 'a']],
    ['Pending < Unknown < Running', [ready('r'), pod('u', { phase: 'Unknown', node: 'n' }), pod('p', { phase: 'Pending', node: 'n' })], ['p', 'u', 'r']],
    ['not ready < ready', [ready('r'), pod('nr', { node: 'n' })], ['nr', 'r']],
    ['more pods on the node first', [ready('alone', { node: 'n2' }), ready('crowd', { node: 'n1' }), ready('crowd2', { node: 'n1' })], ['crowd', 'crowd2', 'alone']],
    ['ready for less time first (log buckets)', [ready('long', { readySince: 86400 }), ready('short', { readySince: 30, node: 'k8s-node1' })].map((p) => ({ ...p, spec: { ...p.spec, nodeName: p.metadata.name } })), ['short', 'long']],
    ['more restarts first', [ready('calm', { node: 'x' }), ready('crashy', { node: 'y', restarts: 4 })], ['crashy', 'calm']],
    ['newer first', [pod('old', { node: 'x', created: 86400 }), pod('new', { node: 'y', created: 60 })], ['new', 'old']],
    ['pod-deletion-cost: cheaper first', [ready('cheap', { node: 'x' }), ready('dear', { node: 'y' })].map((p, i) => ({ ...p, metadata: { ...p.metadata, annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(i ? -5 : 10) } } })), ['dear', 'cheap']],
  ];
  for (const [name, pods, want] of cases) test(name, () => assert.deepEqual(order(pods), want));
});

describe('replicaset: status', () => {
  test('replicas is always present; the other counters only when non-zero', () => {
    assert.deepEqual(calculateReplicaSetStatus(replicaSet(0), [], NOW), { replicas: 0, observedGeneration: 1 });
  });
});
