import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '../../../src/api/defaults';
import { kindByResource } from '../../../src/api/kinds';
import { computeHash } from '../../../src/api/names';
import type { KObject } from '../../../src/api/types';
import { deploymentController } from '../../../src/controllers/deployment';
import { replicaSetController } from '../../../src/controllers/replicaset';
import { deploymentRolloutStatus } from '../../../src/controllers/rollout';
import type { Action } from '../../../src/controllers/types';
import { SqliteStore } from '../../../src/store/sqlite';
import { ApiServer } from '../../../src/controlplane/apiserver';
import { bootstrapCluster } from '../../../src/controlplane/bootstrap';
import { viewOf } from '../../helpers/view';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace('.000Z', 'Z');
const T_NOW = ago(0);

function seeded(seed = 1): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}
const ctx = () => ({ now: NOW, random: seeded() });

interface DOpts {
  replicas?: number; image?: string; strategy?: any; paused?: boolean; generation?: number; status?: any;
  annotations?: Record<string, string>; revisionHistoryLimit?: number; progressDeadlineSeconds?: number;
}

function deployment(o: DOpts = {}): KObject {
  const d: KObject = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'default', uid: 'uid-web', generation: o.generation ?? 1, creationTimestamp: ago(3600),
      resourceVersion: '10', labels: { app: 'web' }, annotations: o.annotations ?? { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: o.replicas ?? 3, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1.25' }] } },
    },
    status: o.status ?? {},
  };
  if (o.strategy) d.spec.strategy = o.strategy;
  if (o.paused) d.spec.paused = true;
  if (o.revisionHistoryLimit !== undefined) d.spec.revisionHistoryLimit = o.revisionHistoryLimit;
  if (o.progressDeadlineSeconds !== undefined) d.spec.progressDeadlineSeconds = o.progressDeadlineSeconds;
  applyDefaults(d, kindByResource('deployments')!);
  return d;
}

const templateOf = (image: string) => deployment({ image }).spec.template;
const hashOf = (image: string) => computeHash(templateOf(image));
const rsName = (image: string) => `web-${hashOf(image)}`;

interface RSOpts {
  image: string; replicas: number; revision: number; available?: number; ready?: number; actual?: number;
  created?: number; desired?: number; max?: number; generation?: number;
}

/** a ReplicaSet as the Deployment controller makes it, with its status */
function rs(o: RSOpts): KObject {
  const hash = hashOf(o.image);
  const template = JSON.parse(JSON.stringify(templateOf(o.image)));
  template.metadata.labels['pod-template-hash'] = hash;
  const status: any = { replicas: o.actual ?? o.replicas, observedGeneration: o.generation ?? 1 };
  if (o.ready ?? o.available) status.readyReplicas = o.ready ?? o.available;
  if (o.available) status.availableReplicas = o.available;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`, namespace: 'default', uid: `uid-${hash}`, generation: o.generation ?? 1, resourceVersion: '5',
      creationTimestamp: ago(o.created ?? 600), labels: { app: 'web', 'pod-template-hash': hash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(o.desired ?? 3), 'deployment.kubernetes.io/max-replicas': String(o.max ?? 4),
        'deployment.kubernetes.io/revision': String(o.revision),
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: o.replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template },
    status,
  };
}

/** one line per action: what the controller does, readable as a state transition */
function summary(actions: Action[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'create': return `create ${a.resource}/${a.object.metadata.name} replicas=${a.object.spec?.replicas}`;
      case 'update': return a.resource === 'replicasets' ? `update ${a.resource}/${a.object.metadata.name} replicas=${a.object.spec.replicas}` : `update ${a.resource}/${a.object.metadata.name}`;
      case 'updateStatus': return `status ${a.resource}/${a.name}`;
      case 'delete': return `delete ${a.resource}/${a.name}`;
      case 'event': return `event ${a.event.type} ${a.event.reason}: ${a.event.message}`;
      default: return '?';
    }
  });
}

const run = (objs: KObject[]) => deploymentController.reconcile(viewOf(objs), ctx());
const statusOf = (actions: Action[]): any => (actions.find((a) => a.type === 'updateStatus' && a.resource === 'deployments') as any)?.status;

const OLD = 'nginx:1.25';
const NEW = 'nginx:1.26';
const surge1 = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
const completeStatus = (n = 3) => ({ observedGeneration: 1, replicas: n, updatedReplicas: n, readyReplicas: n, availableReplicas: n });

describe('deployment: creation', () => {
  test('replicas 3, no ReplicaSet → create web-<hash> with 3 replicas, revision 1, event, conditions', () => {
    const d = deployment({ annotations: {} });
    const actions = run([d]);
    const name = rsName(OLD);
    assert.deepEqual(summary(actions), [
      `create replicasets/${name} replicas=3`,
      `event Normal ScalingReplicaSet: Scaled up replica set ${name} from 0 to 3`,
      'update deployments/web',
      'status deployments/web',
    ]);
    const created = (actions[0] as any).object as KObject;
    const hash = hashOf(OLD);
    assert.deepEqual(created.metadata, {
      name, namespace: 'default', labels: { app: 'web', 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
      annotations: {
        'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
      },
    });
    assert.deepEqual(created.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(created.spec.template.metadata.labels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(created.spec.template.spec.containers[0].image, OLD);
    assert.equal(created.spec.minReadySeconds, undefined);
    assert.deepEqual((actions[2] as any).object.metadata.annotations, { 'deployment.kubernetes.io/revision': '1' });
    assert.deepEqual(statusOf(actions), {
      observedGeneration: 1, unavailableReplicas: 3,
      conditions: [
        { type: 'Progressing', status: 'True', lastUpdateTime: T_NOW, lastTransitionTime: T_NOW, reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"` },
        { type: 'Available', status: 'False', lastUpdateTime: T_NOW, lastTransitionTime: T_NOW, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      ],
    });
  });

  test('change-cause and other annotations are copied to the new ReplicaSet (not last-applied)', () => {
    const d = deployment({ annotations: { 'kubernetes.io/change-cause': 'kubectl create deploy web', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } });
    const created = (run([d])[0] as any).object as KObject;
    assert.equal(created.metadata.annotations!['kubernetes.io/change-cause'], 'kubectl create deploy web');
    assert.equal(created.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration'], undefined);
  });

  test('pods appear → ReplicaSetUpdated; all available → NewReplicaSetAvailable, Available True', () => {
    const name = rsName(OLD);
    const created = { observedGeneration: 1, unavailableReplicas: 3, conditions: [
      { type: 'Progressing', status: 'True', lastUpdateTime: ago(60), lastTransitionTime: ago(60), reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"` },
      { type: 'Available', status: 'False', lastUpdateTime: ago(60), lastTransitionTime: ago(60), reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    ] };
    let st = statusOf(run([deployment({ status: created }), rs({ image: OLD, replicas: 3, revision: 1 })]));
    assert.deepEqual(st, {
      observedGeneration: 1, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3, conditions: [
        created.conditions[1],
        { type: 'Progressing', status: 'True', lastUpdateTime: T_NOW, lastTransitionTime: ago(60), reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` },
      ],
    });
    st = statusOf(run([deployment({ status: st }), rs({ image: OLD, replicas: 3, revision: 1, available: 3 })]));
    assert.deepEqual(st, {
      ...completeStatus(), conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: T_NOW, lastTransitionTime: T_NOW, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: T_NOW, lastTransitionTime: ago(60), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` },
      ],
    });
    // steady state: nothing to do
    assert.deepEqual(run([deployment({ status: st }), rs({ image: OLD, replicas: 3, revision: 1, available: 3 })]), []);
  });
});

interface Row {
  name: string;
  d: DOpts;
  rss: RSOpts[];
  /** the ReplicaSet writes and events (status writes and the Deployment's own update left out) */
  expect: string[];
}

const n = (image: string) => rsName(image);
function rsActions(actions: Action[]): string[] {
  return summary(actions).filter((l) => !l.startsWith('status ') && l !== 'update deployments/web');
}

const rows: Row[] = [
  // RollingUpdate, maxSurge 1 / maxUnavailable 0, 3 replicas, nginx:1.25 → nginx:1.26
  {
    name: 'template change → new RS to 1 (surge), old stays 3',
    d: { image: NEW, strategy: surge1, status: completeStatus() },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 3 }],
    expect: [`create replicasets/${n(NEW)} replicas=1`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(NEW)} from 0 to 1`],
  },
  {
    name: 'new pod not ready yet → nothing scales',
    d: { image: NEW, strategy: surge1 },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 3, created: 900 }, { image: NEW, replicas: 1, revision: 2, desired: 3, max: 4 }],
    expect: [],
  },
  {
    name: 'new pod available → old 3 → 2',
    d: { image: NEW, strategy: surge1 },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 3, created: 900 }, { image: NEW, replicas: 1, revision: 2, available: 1 }],
    expect: [`update replicasets/${n(OLD)} replicas=2`, `event Normal ScalingReplicaSet: Scaled down replica set ${n(OLD)} from 3 to 2`],
  },
  {
    name: 'old at 2 → new 1 → 2',
    d: { image: NEW, strategy: surge1 },
    rss: [{ image: OLD, replicas: 2, revision: 1, available: 2, created: 900 }, { image: NEW, replicas: 1, revision: 2, available: 1 }],
    expect: [`update replicasets/${n(NEW)} replicas=2`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(NEW)} from 1 to 2`],
  },
  {
    name: 'second new pod available → old 2 → 1',
    d: { image: NEW, strategy: surge1 },
    rss: [{ image: OLD, replicas: 2, revision: 1, available: 2, created: 900 }, { image: NEW, replicas: 2, revision: 2, available: 2 }],
    expect: [`update replicasets/${n(OLD)} replicas=1`, `event Normal ScalingReplicaSet: Scaled down replica set ${n(OLD)} from 2 to 1`],
  },
  {
    name: 'last new pod available → old 1 → 0',
    d: { image: NEW, strategy: surge1 },
    rss: [{ image: OLD, replicas: 1, revision: 1, available: 1, created: 900 }, { image: NEW, replicas: 3, revision: 2, available: 3 }],
    expect: [`update replicasets/${n(OLD)} replicas=0`, `event Normal ScalingReplicaSet: Scaled down replica set ${n(OLD)} from 1 to 0`],
  },
  {
    name: 'percentages: 10 replicas, 25%/25% → new RS 3 (ceil 2.5), old 10 → 8 (floor 2.5) in one sync',
    d: { replicas: 10, image: NEW, status: completeStatus(10) },
    rss: [{ image: OLD, replicas: 10, revision: 1, available: 10, desired: 10, max: 13 }],
    expect: [
      `create replicasets/${n(NEW)} replicas=3`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(NEW)} from 0 to 3`,
      `update replicasets/${n(OLD)} replicas=8`, `event Normal ScalingReplicaSet: Scaled down replica set ${n(OLD)} from 10 to 8`,
    ],
  },
  {
    name: 'maxUnavailable 0 and the new pod unavailable: unhealthy old pods are not touched either',
    d: { image: NEW, strategy: surge1 },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 1, created: 900 }, { image: NEW, replicas: 1, revision: 2 }],
    expect: [],
  },
  {
    name: 'maxUnavailable 1: unhealthy old replicas are cleaned up first (3 → 2), no further scale-down below minAvailable',
    d: { image: NEW, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 1, created: 900 }, { image: NEW, replicas: 1, revision: 2 }],
    expect: [`update replicasets/${n(OLD)} replicas=2`, `event Normal ScalingReplicaSet: Scaled down replica set ${n(OLD)} from 3 to 2`],
  },
  // Recreate
  {
    name: 'Recreate: template change → old RS to 0, no new RS yet',
    d: { image: NEW, strategy: { type: 'Recreate' }, status: completeStatus() },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 3 }],
    expect: [`update replicasets/${n(OLD)} replicas=0`, `event Normal ScalingReplicaSet: Scaled down replica set ${n(OLD)} from 3 to 0`],
  },
  {
    name: 'Recreate: old RS at 0 but its pods are still counted → wait',
    d: { image: NEW, strategy: { type: 'Recreate' } },
    rss: [{ image: OLD, replicas: 0, actual: 3, revision: 1 }],
    expect: [],
  },
  {
    name: 'Recreate: old pods gone → new RS with all 3 replicas',
    d: { image: NEW, strategy: { type: 'Recreate' } },
    rss: [{ image: OLD, replicas: 0, revision: 1 }],
    expect: [`create replicasets/${n(NEW)} replicas=3`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(NEW)} from 0 to 3`],
  },
  // scaling
  {
    name: 'scaling event: replicas 3 → 6 resizes the only RS (and its annotations)',
    d: { replicas: 6, status: completeStatus() },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 3 }],
    expect: [`update replicasets/${n(OLD)} replicas=6`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(OLD)} from 3 to 6`],
  },
  {
    name: 'scaling down to 1',
    d: { replicas: 1, status: completeStatus() },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 3 }],
    expect: [`update replicasets/${n(OLD)} replicas=1`, `event Normal ScalingReplicaSet: Scaled down replica set ${n(OLD)} from 3 to 1`],
  },
  {
    name: 'scaling mid-rollout is proportional: 3 → 6 with old 2 / new 2 (max 4 → 7)',
    d: { replicas: 6, image: NEW, strategy: surge1 },
    rss: [{ image: OLD, replicas: 2, revision: 1, available: 2, created: 900 }, { image: NEW, replicas: 2, revision: 2, available: 1 }],
    expect: [
      `update replicasets/${n(NEW)} replicas=4`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(NEW)} from 2 to 4`,
      `update replicasets/${n(OLD)} replicas=3`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(OLD)} from 2 to 3`,
    ],
  },
  {
    name: 'paused: a template change does not roll out, but scaling applies',
    d: { replicas: 5, image: NEW, paused: true, status: completeStatus() },
    rss: [{ image: OLD, replicas: 3, revision: 1, available: 3 }],
    expect: [`update replicasets/${n(OLD)} replicas=5`, `event Normal ScalingReplicaSet: Scaled up replica set ${n(OLD)} from 3 to 5`],
  },
];

describe('deployment: rollout state diagram', () => {
  for (const r of rows) {
    test(r.name, () => {
      const objs = [deployment(r.d), ...r.rss.map(rs)];
      assert.deepEqual(rsActions(run(objs)), r.expect);
    });
  }
});

describe('deployment: status, history, conditions', () => {
  test('paused → Progressing Unknown DeploymentPaused; resumed with a new template → the rollout starts', () => {
    const st = statusOf(run([deployment({ image: NEW, paused: true, status: completeStatus() }), rs({ image: OLD, replicas: 3, revision: 1, available: 3 })]));
    const prog = st.conditions.find((c: any) => c.type === 'Progressing');
    assert.deepEqual(prog, { type: 'Progressing', status: 'Unknown', lastUpdateTime: T_NOW, lastTransitionTime: T_NOW, reason: 'DeploymentPaused', message: 'Deployment is paused' });
    const actions = run([deployment({ image: NEW, status: { ...completeStatus(), conditions: st.conditions } }), rs({ image: OLD, replicas: 3, revision: 1, available: 3 })]);
    assert.deepEqual(rsActions(actions).slice(0, 1), [`create replicasets/${n(NEW)} replicas=1`]);
    const prog2 = statusOf(actions).conditions.find((c: any) => c.type === 'Progressing');
    assert.deepEqual([prog2.status, prog2.reason], ['True', 'NewReplicaSetCreated']);
  });

  test('revisionHistoryLimit 1: the oldest scaled-down ReplicaSets beyond the limit are deleted', () => {
    const imgs = ['nginx:1.21', 'nginx:1.22', 'nginx:1.23'];
    const objs = [
      deployment({ image: NEW, revisionHistoryLimit: 1, status: completeStatus(), annotations: { 'deployment.kubernetes.io/revision': '4' } }),
      ...imgs.map((image, i) => rs({ image, replicas: 0, revision: i + 1, created: 1000 - i })),
      rs({ image: NEW, replicas: 3, revision: 4, available: 3 }),
    ];
    assert.deepEqual(rsActions(run(objs)), [`delete replicasets/${n('nginx:1.21')}`, `delete replicasets/${n('nginx:1.22')}`]);
  });

  test('an old ReplicaSet still scaled up is never deleted by the history limit', () => {
    const objs = [
      deployment({ image: NEW, revisionHistoryLimit: 0, paused: true, status: completeStatus() }),
      rs({ image: OLD, replicas: 1, revision: 1, available: 1, created: 900 }),
      rs({ image: NEW, replicas: 2, revision: 2, available: 2 }),
    ];
    assert.deepEqual(rsActions(run(objs)).filter((l) => l.startsWith('delete')), []);
  });

  test('no progress for progressDeadlineSeconds → Progressing False ProgressDeadlineExceeded', () => {
    const name = n(NEW);
    const status = {
      observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1, conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: ago(900), lastTransitionTime: ago(900), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: ago(601), lastTransitionTime: ago(900), reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` },
      ],
    };
    const objs = [deployment({ image: NEW, strategy: surge1, status, annotations: { 'deployment.kubernetes.io/revision': '2' } }),
      rs({ image: OLD, replicas: 3, revision: 1, available: 3, created: 900 }), rs({ image: NEW, replicas: 1, revision: 2 })];
    const st = statusOf(run(objs));
    assert.deepEqual(st.conditions[1], {
      type: 'Progressing', status: 'False', lastUpdateTime: T_NOW, lastTransitionTime: T_NOW, reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${name}" has timed out progressing.`,
    });
    const d2 = deployment({ image: NEW, status: st });
    assert.throws(() => { throw new Error(deploymentRolloutStatus(d2).error); }, /deployment "web" exceeded its progress deadline/);
  });

  test('a second ReplicaSet revision bumps the revision annotations', () => {
    const actions = run([deployment({ image: NEW, strategy: surge1, status: completeStatus() }), rs({ image: OLD, replicas: 3, revision: 1, available: 3 })]);
    const created = (actions.find((a) => a.type === 'create') as any).object as KObject;
    assert.equal(created.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
    const upd = actions.find((a) => a.type === 'update' && a.resource === 'deployments') as any;
    assert.equal(upd.object.metadata.annotations['deployment.kubernetes.io/revision'], '2');
  });

  test('rolling back to an old template reuses its ReplicaSet with a new revision and revision-history', () => {
    const actions = run([
      deployment({ image: OLD, strategy: surge1, status: completeStatus(), annotations: { 'deployment.kubernetes.io/revision': '2' } }),
      rs({ image: OLD, replicas: 0, revision: 1, created: 900 }), rs({ image: NEW, replicas: 3, revision: 2, available: 3 }),
    ]);
    const upd = actions.find((a) => a.type === 'update' && a.resource === 'replicasets') as any;
    assert.equal(upd.object.metadata.name, n(OLD));
    assert.equal(upd.object.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    assert.equal(upd.object.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
  });

  test('hash collision with a foreign ReplicaSet → collisionCount 1, nothing created', () => {
    const foreign = rs({ image: OLD, replicas: 1, revision: 1 });
    foreign.metadata.ownerReferences = undefined;
    foreign.spec.template.spec.containers[0].image = 'other';
    foreign.metadata.labels = { other: 'x' };
    const actions = run([deployment({ annotations: {} }), foreign]);
    assert.deepEqual(actions.filter((a) => a.type === 'create'), []);
    assert.equal(statusOf(actions).collisionCount, 1);
  });

  test('an orphan ReplicaSet matching the selector is adopted', () => {
    const orphan = rs({ image: OLD, replicas: 3, revision: 1, available: 3 });
    delete orphan.metadata.ownerReferences;
    const actions = run([deployment({ status: completeStatus() }), orphan]);
    const upd = actions.find((a) => a.type === 'update' && a.resource === 'replicasets') as any;
    assert.deepEqual(upd.object.metadata.ownerReferences, [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true },
    ]);
  });
});

// ---- through the real API server and runner ------------------------------------------------------

function cluster(controllers = [deploymentController, replicaSetController]) {
  let now = NOW;
  let u = 0;
  const api = new ApiServer(SqliteStore.open(':memory:'), { now: () => now, random: seeded(7), uuid: () => `uid-${String(++u).padStart(6, '0')}` });
  api.controllers = controllers;
  api.store.tx(() => bootstrapCluster(api, { loopbackPrefix: '127.0.0', kernelVersion: 'test', osImage: 'test', arch: 'amd64', cpus: 2, memoryKi: 1 << 20 }));
  let ip = 10;
  /** a simulated kubelet: the first not-yet-running pod becomes Running and Ready with an IP */
  const kubeletStep = (): boolean => {
    for (const p of api.store.list('pods')) {
      if (p.status?.phase === 'Running') continue;
      now += 1000;
      const ts = new Date(now).toISOString().replace('.000Z', 'Z');
      api.updateStatus('pods', p.metadata.namespace!, p.metadata.name!, {
        ...p.status, phase: 'Running', podIP: `10.244.1.${ip}`, podIPs: [{ ip: `10.244.1.${ip++}` }], startTime: ts,
        conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ts }],
      });
      return true;
    }
    return false;
  };
  return { api, kubeletStep, advance: (ms: number) => { now += ms; } };
}

const manifest = (replicas: number, image: string, strategy?: any): KObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas, selector: { matchLabels: { app: 'web' } }, ...(strategy ? { strategy } : {}),
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } },
  },
});

describe('deployment + replicaset through the API server (fixpoint)', () => {
  test('apply 3 replicas → RS web-<hash> and 3 pods; a kubelet drives a rolling update to completion', () => {
    const { api, kubeletStep, advance } = cluster();
    api.create('deployments', 'default', manifest(3, OLD, surge1));
    const rsList = api.store.list('replicasets', 'default');
    assert.equal(rsList.length, 1);
    const first = rsList[0];
    assert.match(first.metadata.name!, /^web-[4-9b-df]{1,10}$/);
    assert.equal(first.spec.replicas, 3);
    assert.deepEqual(first.status, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const pods = api.store.list('pods', 'default');
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.ok(p.metadata.name!.startsWith(`${first.metadata.name}-`));
      assert.equal(p.metadata.generateName, `${first.metadata.name}-`);
      assert.equal(p.metadata.labels!['pod-template-hash'], first.metadata.labels!['pod-template-hash']);
      assert.equal(p.metadata.ownerReferences![0].uid, first.metadata.uid);
    }
    let d = api.get('deployments', 'default', 'web');
    assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
    assert.equal(deploymentRolloutStatus(d).message, 'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...');
    while (kubeletStep());
    d = api.get('deployments', 'default', 'web');
    assert.equal(deploymentRolloutStatus(d).message, 'deployment "web" successfully rolled out');

    advance(10_000);
    api.patch('deployments', 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: NEW }] } } } });
    const seen: string[] = [];
    const snap = () => {
      const all = api.store.list('replicasets', 'default');
      const byImage = (img: string) => all.find((r) => r.spec.template.spec.containers[0].image === img);
      seen.push(`old=${byImage(OLD)?.spec.replicas} new=${byImage(NEW)?.spec.replicas} pods=${api.store.count('pods', 'default')}`);
    };
    snap();
    while (kubeletStep()) snap();
    assert.deepEqual(seen, [
      'old=3 new=1 pods=4',
      'old=2 new=2 pods=4',
      'old=1 new=3 pods=4',
      'old=0 new=3 pods=3',
    ]);
    d = api.get('deployments', 'default', 'web');
    assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
    assert.equal(deploymentRolloutStatus(d).message, 'deployment "web" successfully rolled out');
    assert.deepEqual(d.status.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`), ['Available=True/MinimumReplicasAvailable', 'Progressing=True/NewReplicaSetAvailable']);
    const events = api.store.list('events', 'default').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message).sort();
    assert.equal(events.length, 7);
    assert.ok(events.includes(`Scaled down replica set ${first.metadata.name} from 1 to 0`));
  });

  test('Recreate: old pods are gone before the new ReplicaSet scales up', () => {
    const { api, kubeletStep } = cluster();
    api.create('deployments', 'default', manifest(2, OLD, { type: 'Recreate' }));
    while (kubeletStep());
    api.patch('deployments', 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: NEW }] } } } });
    const pods = api.store.list('pods', 'default');
    assert.equal(pods.length, 2);
    const rsList = api.store.list('replicasets', 'default');
    const newRS = rsList.find((r) => r.spec.template.spec.containers[0].image === NEW)!;
    assert.ok(pods.every((p) => p.metadata.ownerReferences![0].uid === newRS.metadata.uid));
  });

  test('100 replicas converge quickly', () => {
    const { api } = cluster();
    const t0 = process.hrtime.bigint();
    api.create('deployments', 'default', manifest(100, OLD));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(api.store.count('pods', 'default'), 100);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});
