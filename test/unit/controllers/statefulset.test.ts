import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '../../../src/api/defaults';
import { kindByResource } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import { hashControllerRevision, parentAndOrdinal, statefulSetController, templatePatch } from '../../../src/controllers/statefulset';
import { statefulSetRolloutStatus } from '../../../src/controllers/rollout';
import type { Action } from '../../../src/controllers/types';
import { SqliteStore } from '../../../src/store/sqlite';
import { ApiServer } from '../../../src/controlplane/apiserver';
import { bootstrapCluster } from '../../../src/controlplane/bootstrap';
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

function sts(o: { replicas?: number; parallel?: boolean; image?: string; generation?: number; status?: any; claims?: boolean; onDelete?: boolean } = {}): KObject {
  const s: KObject = {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: o.generation ?? 1, resourceVersion: '2' },
    spec: {
      replicas: o.replicas ?? 3, serviceName: 'nginx', selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1.25' }] } },
      ...(o.parallel ? { podManagementPolicy: 'Parallel' } : {}),
      ...(o.onDelete ? { updateStrategy: { type: 'OnDelete' } } : {}),
      ...(o.claims ? { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } : {}),
    },
    status: o.status ?? {},
  };
  applyDefaults(s, kindByResource('statefulsets')!);
  return s;
}

const revName = (s: KObject) => `web-${hashControllerRevision(templatePatch(s), 0)}`;

function revision(s: KObject, rev = 1): KObject {
  const name = revName(s);
  return {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '3', creationTimestamp: ago(600 - rev),
      labels: { app: 'nginx', 'controller.kubernetes.io/hash': name.slice(4) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    },
    data: templatePatch(s), revision: rev,
  };
}

function pod(ord: number, rev: string, o: { phase?: string; ready?: boolean } = {}): KObject {
  const name = `web-${ord}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '4', creationTimestamp: ago(300),
      labels: { app: 'nginx', 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ord), 'controller-revision-hash': rev },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    },
    spec: { hostname: name, subdomain: 'nginx', nodeName: 'k8s-node1', containers: [{ name: 'nginx', image: 'nginx' }] },
    status: { phase: o.phase ?? 'Running', ...(o.ready === false ? {} : { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ago(100) }] }) },
  };
}

function summary(actions: Action[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'create': return `create ${a.resource}/${a.object.metadata.name}`;
      case 'update': return `update ${a.resource}/${a.object.metadata.name}`;
      case 'updateStatus': return 'status';
      case 'delete': return `delete ${a.resource}/${a.name}`;
      case 'event': return `event ${a.event.reason}: ${a.event.message}`;
      default: return '?';
    }
  });
}

const run = (objs: KObject[]) => statefulSetController.reconcile(viewOf(objs), { now: NOW, random: seeded() });
const statusOf = (actions: Action[]): any => (actions.find((a) => a.type === 'updateStatus') as any)?.status;
const R = revName(sts());

interface Row { name: string; objs: KObject[]; expect: string[] }

const rows: Row[] = [
  {
    name: 'OrderedReady, no pods → revision + web-0 only',
    objs: [sts()],
    expect: [`create controllerrevisions/${R}`, 'create pods/web-0', 'event SuccessfulCreate: create Pod web-0 in StatefulSet web successful', 'status'],
  },
  {
    name: 'web-0 Pending → wait',
    objs: [sts({ status: { observedGeneration: 1, replicas: 1, currentReplicas: 1, updatedReplicas: 1, currentRevision: R, updateRevision: R, collisionCount: 0, availableReplicas: 0 } }),
      revision(sts()), pod(0, R, { phase: 'Pending', ready: false })],
    expect: [],
  },
  {
    name: 'web-0 Running but not Ready → wait',
    objs: [sts(), revision(sts()), pod(0, R, { ready: false })],
    expect: ['status'],
  },
  {
    name: 'web-0 Running and Ready → web-1',
    objs: [sts(), revision(sts()), pod(0, R)],
    expect: ['create pods/web-1', 'event SuccessfulCreate: create Pod web-1 in StatefulSet web successful', 'status'],
  },
  {
    name: 'Parallel → all missing pods at once',
    objs: [sts({ parallel: true }), revision(sts())],
    expect: ['create pods/web-0', 'event SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'create pods/web-1', 'event SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
      'create pods/web-2', 'event SuccessfulCreate: create Pod web-2 in StatefulSet web successful', 'status'],
  },
  {
    name: 'scale 3 → 1: delete the highest ordinal only',
    objs: [sts({ replicas: 1 }), revision(sts()), pod(0, R), pod(1, R), pod(2, R)],
    expect: ['delete pods/web-2', 'event SuccessfulDelete: delete Pod web-2 in StatefulSet web successful', 'status'],
  },
  {
    name: 'Parallel scale 3 → 1: both at once',
    objs: [sts({ replicas: 1, parallel: true }), revision(sts()), pod(0, R), pod(1, R), pod(2, R)],
    expect: ['delete pods/web-2', 'event SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'delete pods/web-1', 'event SuccessfulDelete: delete Pod web-1 in StatefulSet web successful', 'status'],
  },
  {
    name: 'template change: new revision, RollingUpdate deletes the highest ordinal first',
    objs: [sts({ image: 'nginx:1.26', generation: 2 }), revision(sts()), pod(0, R), pod(1, R), pod(2, R)],
    expect: [`create controllerrevisions/${revName(sts({ image: 'nginx:1.26' }))}`, 'delete pods/web-2',
      'event SuccessfulDelete: delete Pod web-2 in StatefulSet web successful', 'status'],
  },
  {
    name: 'OnDelete: template change leaves the pods alone',
    objs: [sts({ image: 'nginx:1.26', generation: 2, onDelete: true }), revision(sts({ onDelete: true })), pod(0, revName(sts({ onDelete: true }))), pod(1, revName(sts({ onDelete: true }))), pod(2, revName(sts({ onDelete: true })))],
    expect: [`create controllerrevisions/${revName(sts({ image: 'nginx:1.26', onDelete: true }))}`, 'status'],
  },
  {
    name: 'volumeClaimTemplates: the claim is created with the pod',
    objs: [sts({ claims: true })],
    expect: [`create controllerrevisions/${revName(sts({ claims: true }))}`, 'create persistentvolumeclaims/www-web-0',
      'event SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success', 'create pods/web-0',
      'event SuccessfulCreate: create Pod web-0 in StatefulSet web successful', 'status'],
  },
  {
    name: 'a failed pod is recreated',
    objs: [sts({ replicas: 1 }), revision(sts()), pod(0, R, { phase: 'Failed', ready: false })],
    expect: ['event RecreatingFailedPod: StatefulSet default/web is recreating failed Pod web-0', 'delete pods/web-0',
      'event SuccessfulDelete: delete Pod web-0 in StatefulSet web successful', 'create pods/web-0',
      'event SuccessfulCreate: create Pod web-0 in StatefulSet web successful', 'status'],
  },
];

describe('statefulset: reconcile', () => {
  for (const r of rows) test(r.name, () => assert.deepEqual(summary(run(r.objs)), r.expect));

  test('ordinal pods: name, hostname/subdomain, identity labels, revision label, claims as volumes', () => {
    const actions = run([sts({ claims: true })]);
    const p = (actions.find((a) => a.type === 'create' && a.resource === 'pods') as any).object as KObject;
    const r = revName(sts({ claims: true }));
    assert.equal(p.metadata.name, 'web-0');
    assert.equal(p.metadata.generateName, 'web-');
    assert.deepEqual(p.metadata.labels, { app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': r });
    assert.equal(p.spec.hostname, 'web-0');
    assert.equal(p.spec.subdomain, 'nginx');
    assert.deepEqual(p.spec.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }]);
    const pvc = (actions.find((a) => a.type === 'create' && a.resource === 'persistentvolumeclaims') as any).object as KObject;
    assert.deepEqual(pvc.metadata, { name: 'www-web-0', namespace: 'default', labels: { app: 'nginx' } });
    assert.equal(pvc.status, undefined);
  });

  test('status counts and revisions', () => {
    const st = statusOf(run([sts(), revision(sts()), pod(0, R), pod(1, R), pod(2, R)]));
    assert.deepEqual(st, {
      observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3,
      currentRevision: R, updateRevision: R, collisionCount: 0, availableReplicas: 3,
    });
    assert.equal(statefulSetRolloutStatus({ ...sts(), status: st }).message, 'partitioned roll out complete: 3 new pods have been updated...');
  });

  test('ordinal parsing', () => {
    assert.deepEqual(parentAndOrdinal('web-12'), ['web', 12]);
    assert.deepEqual(parentAndOrdinal('my-app-0'), ['my-app', 0]);
    assert.deepEqual(parentAndOrdinal('web'), ['', -1]);
  });
});

describe('statefulset: ordered start through the API server', () => {
  test('pods appear one at a time as each becomes Running and Ready', () => {
    let now = NOW;
    let u = 0;
    const api = new ApiServer(SqliteStore.open(':memory:'), { now: () => now, random: seeded(5), uuid: () => `uid-${++u}` });
    api.controllers = [statefulSetController];
    api.store.tx(() => bootstrapCluster(api, { loopbackPrefix: '127.0.0', kernelVersion: 't', osImage: 't', arch: 'amd64', cpus: 1, memoryKi: 1 << 20 }));
    const s = sts();
    delete s.metadata.uid; delete s.metadata.resourceVersion; delete s.metadata.generation; delete s.status;
    api.create('statefulsets', 'default', s);
    const seen: string[] = [];
    for (;;) {
      const pods = api.store.list('pods', 'default');
      seen.push(pods.map((p) => `${p.metadata.name}:${p.status.phase}`).join(' '));
      const next = pods.find((p) => p.status.phase !== 'Running');
      if (!next) break;
      now += 1000;
      api.updateStatus('pods', 'default', next.metadata.name!, { ...next.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(now).toISOString() }] });
    }
    assert.deepEqual(seen, [
      'web-0:Pending',
      'web-0:Running web-1:Pending',
      'web-0:Running web-1:Running web-2:Pending',
      'web-0:Running web-1:Running web-2:Running',
    ]);
    const got = api.get('statefulsets', 'default', 'web');
    assert.equal(got.status.readyReplicas, 3);
    assert.equal(got.status.currentRevision, got.status.updateRevision);
    assert.equal(api.store.list('controllerrevisions', 'default').length, 1);
  });
});
