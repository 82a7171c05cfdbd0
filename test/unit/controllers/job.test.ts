import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '../../../src/api/defaults';
import { kindByResource } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import { jobController, JOB_TRACKING_FINALIZER } from '../../../src/controllers/job';
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

function job(spec: any = {}, status: any = {}): KObject {
  const j: KObject = {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'uid-pi', generation: 1, resourceVersion: '4' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } }, ...spec },
    status,
  };
  applyDefaults(j, kindByResource('jobs')!);
  return j;
}

const LABELS = {
  'batch.kubernetes.io/controller-uid': 'uid-pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'uid-pi', 'job-name': 'pi',
};

function pod(name: string, phase: string, o: { finalizer?: boolean; ready?: boolean; restarts?: number } = {}): KObject {
  const p: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '9', creationTimestamp: ago(60), labels: { ...LABELS },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'uid-pi', controller: true, blockOwnerDeletion: true }],
    },
    spec: { nodeName: 'k8s-node1', containers: [{ name: 'pi', image: 'perl' }] },
    status: { phase },
  };
  if (o.finalizer !== false) p.metadata.finalizers = [JOB_TRACKING_FINALIZER];
  if (o.ready) p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: ago(30) }];
  if (o.restarts !== undefined) p.status.containerStatuses = [{ name: 'pi', restartCount: o.restarts }];
  return p;
}

function summary(actions: Action[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'create': return `create ${a.resource}/${a.object.metadata.name}`;
      case 'update': return `update ${a.resource}/${a.object.metadata.name} finalizers=${(a.object.metadata.finalizers ?? []).join(',')}`;
      case 'updateStatus': return 'status';
      case 'delete': return `delete ${a.resource}/${a.name}`;
      case 'event': return `event ${a.event.type} ${a.event.reason}: ${a.event.message}`;
      default: return '?';
    }
  });
}

const run = (objs: KObject[]) => jobController.reconcile(viewOf(objs), { now: NOW, random: seeded() });
const statusOf = (actions: Action[]): any => (actions.find((a) => a.type === 'updateStatus') as any)?.status;
const cond = (type: string, reason: string, message: string) => ({ type, status: 'True', lastProbeTime: T_NOW, lastTransitionTime: T_NOW, reason, message });

interface Row { name: string; objs: KObject[]; expect: string[]; status?: any }

const rows: Row[] = [
  {
    name: 'completions 3, parallelism 2, no pods → 2 pods',
    objs: [job({ completions: 3, parallelism: 2 })],
    expect: ['create pods/pi-bf2qs', 'event Normal SuccessfulCreate: Created pod: pi-bf2qs', 'create pods/pi-hcxx8',
      'event Normal SuccessfulCreate: Created pod: pi-hcxx8', 'status'],
    status: { startTime: T_NOW, active: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} },
  },
  {
    name: '1 succeeded + 1 running → count it, drop its finalizer, start the third',
    objs: [job({ completions: 3, parallelism: 2 }, { startTime: ago(60), active: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} }),
      pod('pi-a', 'Succeeded'), pod('pi-b', 'Running', { ready: true })],
    expect: ['create pods/pi-bf2qs', 'event Normal SuccessfulCreate: Created pod: pi-bf2qs', 'update pods/pi-a finalizers=', 'status'],
    status: { startTime: ago(60), active: 2, ready: 1, terminating: 0, uncountedTerminatedPods: {}, succeeded: 1 },
  },
  {
    name: 'two left to run, one slot: parallelism caps at remaining completions',
    objs: [job({ completions: 3, parallelism: 2 }, { startTime: ago(60), succeeded: 2, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} }),
      pod('pi-a', 'Succeeded', { finalizer: false }), pod('pi-b', 'Succeeded', { finalizer: false }), pod('pi-c', 'Running')],
    expect: [],
  },
  {
    name: 'the third succeeds → SuccessCriteriaMet + Complete, completionTime, event Completed',
    objs: [job({ completions: 3, parallelism: 2 }, { startTime: ago(60), succeeded: 2, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} }),
      pod('pi-a', 'Succeeded', { finalizer: false }), pod('pi-b', 'Succeeded', { finalizer: false }), pod('pi-c', 'Succeeded')],
    expect: ['update pods/pi-c finalizers=', 'status', 'event Normal Completed: Job completed'],
    status: {
      startTime: ago(60), ready: 0, terminating: 0, uncountedTerminatedPods: {}, succeeded: 3, completionTime: T_NOW,
      conditions: [cond('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
        cond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')],
    },
  },
  {
    name: 'restartPolicy Never: a failed pod counts toward backoffLimit and is replaced',
    objs: [job({ backoffLimit: 1 }, { startTime: ago(60), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} }), pod('pi-a', 'Failed')],
    expect: ['create pods/pi-bf2qs', 'event Normal SuccessfulCreate: Created pod: pi-bf2qs', 'update pods/pi-a finalizers=', 'status'],
    status: { startTime: ago(60), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, failed: 1 },
  },
  {
    name: 'failures beyond backoffLimit → FailureTarget + Failed BackoffLimitExceeded, Warning event',
    objs: [job({ backoffLimit: 1 }, { startTime: ago(60), active: 1, failed: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} }),
      pod('pi-a', 'Failed', { finalizer: false }), pod('pi-b', 'Failed')],
    expect: ['update pods/pi-b finalizers=', 'status', 'event Warning BackoffLimitExceeded: Job has reached the specified backoff limit'],
    status: {
      startTime: ago(60), ready: 0, terminating: 0, uncountedTerminatedPods: {}, failed: 2,
      conditions: [cond('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
        cond('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')],
    },
  },
  {
    name: 'restartPolicy OnFailure: restarts reaching backoffLimit fail the Job and delete its pod',
    objs: [job({ backoffLimit: 3, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'pi', image: 'perl' }] } } },
      { startTime: ago(60), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} }), pod('pi-a', 'Running', { restarts: 3 })],
    expect: ['delete pods/pi-a', 'event Normal SuccessfulDelete: Deleted pod: pi-a', 'status',
      'event Warning BackoffLimitExceeded: Job has reached the specified backoff limit'],
  },
  {
    name: 'suspended: no pods, Suspended condition and event',
    objs: [job({ suspend: true })],
    expect: ['event Normal Suspended: Job suspended', 'status'],
    status: {
      ready: 0, terminating: 0, uncountedTerminatedPods: {},
      conditions: [cond('Suspended', 'JobSuspended', 'Job suspended')],
    },
  },
  {
    name: 'without completions: done when one pod succeeded and none is active',
    objs: [job({ completions: null, parallelism: 2 }, { startTime: ago(60), active: 1, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} }),
      pod('pi-a', 'Succeeded', { finalizer: false }), pod('pi-b', 'Succeeded')],
    expect: ['update pods/pi-b finalizers=', 'status', 'event Normal Completed: Job completed'],
  },
  {
    name: 'a finished Job is left alone',
    objs: [job({}, { conditions: [cond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')], succeeded: 1 })],
    expect: [],
  },
];

describe('job: reconcile', () => {
  for (const r of rows) {
    test(r.name, () => {
      const actions = run(r.objs);
      assert.deepEqual(summary(actions), r.expect);
      if (r.status) assert.deepEqual(statusOf(actions), r.status);
    });
  }

  test('pods: template labels (job-name, controller-uid, legacy ones), tracking finalizer, owner reference', () => {
    const created = (run([job()])[0] as any).object as KObject;
    assert.deepEqual(created.metadata.labels, LABELS);
    assert.deepEqual(created.metadata.finalizers, [JOB_TRACKING_FINALIZER]);
    assert.equal(created.metadata.generateName, 'pi-');
    assert.deepEqual(created.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'uid-pi', controller: true, blockOwnerDeletion: true }]);
    assert.equal(created.spec.restartPolicy, 'Never');
  });
});

describe('job: the ingress-nginx admission Jobs through the API server', () => {
  test('create/patch Jobs complete once the node agent runs their pods to Succeeded', () => {
    let now = NOW;
    let u = 0;
    const api = new ApiServer(SqliteStore.open(':memory:'), { now: () => now, random: seeded(3), uuid: () => `uid-${++u}` });
    api.controllers = [jobController];
    api.store.tx(() => bootstrapCluster(api, { loopbackPrefix: '127.0.0', kernelVersion: 't', osImage: 't', arch: 'amd64', cpus: 1, memoryKi: 1 << 20 }));
    api.create('namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } });
    for (const [name, arg] of [['ingress-nginx-admission-create', 'create'], ['ingress-nginx-admission-patch', 'patch']]) {
      api.create('jobs', 'ingress-nginx', {
        apiVersion: 'batch/v1', kind: 'Job',
        metadata: { name, namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/component': 'admission-webhook', 'app.kubernetes.io/name': 'ingress-nginx' } },
        spec: {
          template: {
            metadata: { name, labels: { 'app.kubernetes.io/component': 'admission-webhook', 'app.kubernetes.io/name': 'ingress-nginx' } },
            spec: {
              containers: [{ name: arg, image: 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.1', args: [arg, '--namespace=$(POD_NAMESPACE)', '--secret-name=ingress-nginx-admission'],
                env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }], imagePullPolicy: 'IfNotPresent' }],
              nodeSelector: { 'kubernetes.io/os': 'linux' }, restartPolicy: 'OnFailure', serviceAccountName: 'ingress-nginx-admission',
            },
          },
        },
      });
    }
    const pods = api.store.list('pods', 'ingress-nginx');
    assert.equal(pods.length, 2);
    for (const p of pods) {
      now += 2000;
      api.updateStatus('pods', 'ingress-nginx', p.metadata.name!, { ...p.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
      now += 3000;
      api.updateStatus('pods', 'ingress-nginx', p.metadata.name!, { ...p.status, phase: 'Succeeded', conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }] });
    }
    for (const j of api.store.list('jobs', 'ingress-nginx')) {
      assert.deepEqual(j.status.conditions.map((c: any) => `${c.type}=${c.status}`), ['SuccessCriteriaMet=True', 'Complete=True']);
      assert.equal(j.status.succeeded, 1);
      assert.equal(j.status.active, undefined);
      assert.ok(j.status.completionTime);
    }
    assert.equal(api.store.count('pods', 'ingress-nginx'), 2);
    assert.ok(api.store.list('pods', 'ingress-nginx').every((p) => !p.metadata.finalizers));
    const reasons = api.store.list('events', 'ingress-nginx').map((e) => e.reason).sort();
    assert.deepEqual(reasons, ['Completed', 'Completed', 'SuccessfulCreate', 'SuccessfulCreate']);
  });
});
