import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../../../src/api/errors';
import { kindByResource } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import {
  controllerRevisionRollback, daemonSetRolloutStatus, deploymentHistory, deploymentRollbackTemplate, deploymentRolloutStatus,
  historyTable, historyText, rolloutStatus, statefulSetRolloutStatus,
} from '../../../src/controllers/rollout';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace('.000Z', 'Z');

function deploy(status: any, o: { replicas?: number; generation?: number; paused?: boolean; revision?: string; image?: string; annotations?: any } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'default', uid: 'uid-web', generation: o.generation ?? 1,
      annotations: { 'deployment.kubernetes.io/revision': o.revision ?? '2', ...(o.annotations ?? {}) },
    },
    spec: {
      replicas: o.replicas ?? 3, paused: o.paused, progressDeadlineSeconds: 600,
      template: { metadata: { labels: { app: 'web' }, creationTimestamp: null }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1.26' }] } },
    },
    status,
  };
}

const progressing = (reason: string, secsAgo = 0) => ({ type: 'Progressing', status: reason === 'ProgressDeadlineExceeded' ? 'False' : 'True', reason, lastUpdateTime: ago(secsAgo), lastTransitionTime: ago(900) });

describe('rollout status: Deployment', () => {
  const cases: [string, KObject, string, boolean][] = [
    ['spec update not observed', deploy({ observedGeneration: 1 }, { generation: 2 }), 'Waiting for deployment spec update to be observed...', false],
    ['new replicas being updated', deploy({ observedGeneration: 1, replicas: 4, updatedReplicas: 1, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated')] }),
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', false],
    ['old replicas pending termination', deploy({ observedGeneration: 1, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }),
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...', false],
    ['updated replicas becoming available', deploy({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...', false],
    ['done', deploy({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), 'deployment "web" successfully rolled out', true],
    ['scaled to 0', deploy({ observedGeneration: 1 }, { replicas: 0 }), 'deployment "web" successfully rolled out', true],
  ];
  for (const [name, d, msg, done] of cases) {
    test(name, () => assert.deepEqual(deploymentRolloutStatus(d, 0, NOW), { done, message: msg }));
  }

  test('ProgressDeadlineExceeded → kubectl\'s error', () => {
    const d = deploy({ observedGeneration: 1, replicas: 4, updatedReplicas: 1, conditions: [progressing('ProgressDeadlineExceeded')] });
    assert.equal(deploymentRolloutStatus(d).error, 'deployment "web" exceeded its progress deadline');
    assert.throws(() => rolloutStatus(d, 0, NOW), (e: unknown) => e instanceof CliError && e.message === 'deployment "web" exceeded its progress deadline');
  });

  test('no recorded progress for progressDeadlineSeconds (no controller sync since) → the same error, given now', () => {
    const d = deploy({ observedGeneration: 1, replicas: 4, updatedReplicas: 1, conditions: [progressing('ReplicaSetUpdated', 601)] });
    assert.equal(deploymentRolloutStatus(d, 0, NOW).error, 'deployment "web" exceeded its progress deadline');
    assert.equal(deploymentRolloutStatus(d, 0, NOW - 2000).error, undefined);
    assert.equal(deploymentRolloutStatus(d).error, undefined);
  });

  test('--revision mismatch', () => {
    const d = deploy({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    assert.equal(deploymentRolloutStatus(d, 3).error, 'desired revision (3) is different from the running revision (2)');
    assert.equal(deploymentRolloutStatus(d, 2).done, true);
  });
});

describe('rollout status: DaemonSet and StatefulSet', () => {
  const ds = (st: any, gen = 1, type = 'RollingUpdate'): KObject => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', generation: gen }, spec: { updateStrategy: { type } }, status: st });
  const cases: [string, KObject, string, boolean][] = [
    ['ds: not observed', ds({ observedGeneration: 1 }, 2), 'Waiting for daemon set spec update to be observed...', false],
    ['ds: updating', ds({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 1 }), 'Waiting for daemon set "d" rollout to finish: 1 out of 3 new pods have been updated...', false],
    ['ds: becoming available', ds({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }), 'Waiting for daemon set "d" rollout to finish: 2 of 3 updated pods are available...', false],
    ['ds: done', ds({ observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 }), 'daemon set "d" successfully rolled out', true],
  ];
  for (const [name, o, msg, done] of cases) test(name, () => assert.deepEqual(daemonSetRolloutStatus(o), { done, message: msg }));

  test('ds: OnDelete → error', () => {
    assert.equal(daemonSetRolloutStatus(ds({}, 1, 'OnDelete')).error, 'rollout status is only available for RollingUpdate strategy type');
  });

  const sts = (st: any, us: any = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, gen = 1): KObject =>
    ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', generation: gen }, spec: { replicas: 3, updateStrategy: us }, status: st });
  const stsCases: [string, KObject, string, boolean][] = [
    ['sts: not observed', sts({}), 'Waiting for statefulset spec update to be observed...', false],
    ['sts: pods not ready', sts({ observedGeneration: 1, readyReplicas: 1 }), 'Waiting for 2 pods to be ready...', false],
    ['sts: partitioned roll out in progress', sts({ observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1 }, { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }),
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...', false],
    ['sts: done (partition 0 is always defaulted)', sts({ observedGeneration: 1, readyReplicas: 3, updatedReplicas: 3 }), 'partitioned roll out complete: 3 new pods have been updated...', true],
    ['sts: no rollingUpdate block, revisions differ', sts({ observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1, currentRevision: 'web-a', updateRevision: 'web-b' }, { type: 'RollingUpdate' }),
      'waiting for statefulset rolling update to complete 1 pods at revision web-b...', false],
    ['sts: no rollingUpdate block, complete', sts({ observedGeneration: 1, readyReplicas: 3, currentReplicas: 3, currentRevision: 'web-b', updateRevision: 'web-b' }, { type: 'RollingUpdate' }),
      'statefulset rolling update complete 3 pods at revision web-b...', true],
  ];
  for (const [name, o, msg, done] of stsCases) test(name, () => assert.deepEqual(statefulSetRolloutStatus(o), { done, message: msg }));

  test('other kinds have no status viewer', () => {
    assert.throws(() => rolloutStatus({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' } }),
      (e: unknown) => e instanceof CliError && e.message === 'no status viewer has been implemented for ReplicaSet.apps');
  });
});

// ---- history and undo ------------------------------------------------------------------------------

function replicaSet(rev: number, image: string, cause?: string): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `web-${rev}abc`, namespace: 'default',
      annotations: { 'deployment.kubernetes.io/revision': String(rev), 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
        ...(cause ? { 'kubernetes.io/change-cause': cause } : {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: 0,
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': `${rev}abc` }, creationTimestamp: null }, spec: { containers: [{ name: 'nginx', image }] } },
    },
  };
}

const RSS = [replicaSet(1, 'nginx:1.25'), replicaSet(2, 'nginx:1.26', 'kubectl set image deployment/web nginx=nginx:1.26')];
const DEPLOY_INFO = kindByResource('deployments')!;

describe('rollout history', () => {
  test('rows by revision with change-cause', () => {
    assert.deepEqual(deploymentHistory(deploy({}), RSS).rows, [
      { revision: 1, changeCause: '<none>' }, { revision: 2, changeCause: 'kubectl set image deployment/web nginx=nginx:1.26' },
    ]);
  });

  test('kubectl output: `deployment.apps/web ` then the table (tabwriter padding 2) and an empty line', () => {
    assert.equal(historyText(DEPLOY_INFO, deploy({}), RSS),
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.26\n\n');
  });

  test('no ReplicaSets → No rollout history found.', () => {
    assert.equal(historyText(DEPLOY_INFO, deploy({}), []), 'deployment.apps/web \nNo rollout history found.\n');
  });

  test('--revision=2 prints the pod template with the change-cause annotation', () => {
    const out = historyText(DEPLOY_INFO, deploy({}), RSS, 2);
    assert.ok(out.startsWith('deployment.apps/web with revision #2\nPod Template:\n  Labels:'), out);
    assert.match(out, /Annotations:\s+kubernetes.io\/change-cause: kubectl set image deployment\/web nginx=nginx:1.26/);
    assert.match(out, /Image:\s+nginx:1.26/);
    assert.ok(out.endsWith('\n\n'));
  });

  test('--revision=9 → unable to find the specified revision', () => {
    assert.throws(() => historyText(DEPLOY_INFO, deploy({}), RSS, 9), (e: unknown) => e instanceof CliError && e.message === 'unable to find the specified revision');
  });

  test('wide revision numbers widen the column', () => {
    assert.equal(historyTable([{ revision: 123456789, changeCause: '<none>' }]), 'REVISION   CHANGE-CAUSE\n123456789  <none>\n');
  });

  test('DaemonSet / StatefulSet history comes from ControllerRevisions', () => {
    const owner: KObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', uid: 'uid-sts' }, spec: { template: {} } };
    const rev = (n: number, cause?: string): KObject => ({
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      metadata: { name: `web-${n}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-sts', controller: true }], annotations: cause ? { 'kubernetes.io/change-cause': cause } : undefined },
      data: { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: `nginx:${n}` }] } } } }, revision: n,
    });
    assert.equal(historyText(kindByResource('statefulsets')!, owner, [rev(2, 'bump'), rev(1)]),
      'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         bump\n\n');
  });
});

describe('rollout undo', () => {
  const fails = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CliError && e.message === msg);

  test('to the previous revision: its template without pod-template-hash, annotations as kubectl computes them', () => {
    const d = deploy({}, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'kubernetes.io/change-cause': 'kubectl set image deployment/web nginx=nginx:1.26' } });
    const r = deploymentRollbackTemplate(d, RSS, 0);
    assert.equal(r.skipped, false);
    assert.equal(r.fromRevision, 1);
    assert.deepEqual(r.template, { metadata: { labels: { app: 'web' }, creationTimestamp: null }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } });
    assert.deepEqual(r.annotations, {
      'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '2',
    });
  });

  test('errors and skip, as kubectl words them', () => {
    const d = deploy({});
    fails(() => deploymentRollbackTemplate(d, RSS, 5), 'unable to find specified revision 5 in history');
    fails(() => deploymentRollbackTemplate(d, RSS, -1), 'unable to find specified revision -1 in history');
    fails(() => deploymentRollbackTemplate(d, [RSS[1]], 0), 'no rollout history found for deployment "web"');
    fails(() => deploymentRollbackTemplate(deploy({}, { paused: true }), RSS, 1),
      "you cannot rollback a paused deployment; resume it first with 'kctl rollout resume' and try again");
    assert.deepEqual(deploymentRollbackTemplate(d, RSS, 2), { skipped: true, revision: 2, fromRevision: 2 });
  });

  test('--dry-run=client: the revision\'s template described (even when paused)', () => {
    const r = deploymentRollbackTemplate(deploy({}, { paused: true }), RSS, 1, true);
    assert.ok(r.dryRunText!.startsWith('Pod Template:\n  Labels:  app=web\n           pod-template-hash=1abc\n'), r.dryRunText);
    assert.match(r.dryRunText!, /Image:\s+nginx:1.25/);
  });

  test('DaemonSet / StatefulSet: the ControllerRevision data is the patch', () => {
    const tpl = (img: string) => ({ metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: img }] } });
    const owner: KObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', uid: 'u' }, spec: { template: tpl('b') } };
    const rev = (n: number, img: string): KObject => ({
      apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `d-${n}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'd', uid: 'u', controller: true }] },
      data: { spec: { template: { ...tpl(img), $patch: 'replace' } } }, revision: n,
    });
    const r = controllerRevisionRollback(owner, [rev(1, 'a'), rev(2, 'b')], 0);
    assert.equal(r.fromRevision, 1);
    assert.deepEqual(r.patch, { spec: { template: { ...tpl('a'), $patch: 'replace' } } });
    assert.deepEqual(controllerRevisionRollback(owner, [rev(1, 'a'), rev(2, 'b')], 2), { skipped: true, revision: 2, fromRevision: 2 });
    fails(() => controllerRevisionRollback(owner, [rev(2, 'b')], 0), 'no last revision to roll back to');
    fails(() => controllerRevisionRollback(owner, [rev(1, 'a'), rev(2, 'b')], 7), 'unable to find specified revision 7 in history');
  });
});
