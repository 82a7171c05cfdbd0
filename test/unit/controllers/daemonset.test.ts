import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '../../../src/api/defaults';
import { kindByResource } from '../../../src/api/kinds';
import { computeHash } from '../../../src/api/names';
import type { KObject } from '../../../src/api/types';
import { daemonSetController, nodeShouldRunDaemonPod, templatePatch } from '../../../src/controllers/daemonset';
import type { Action } from '../../../src/controllers/types';
import { CONTROL_PLANE_NODE, WORKER_NODES, nodeObject } from '../../../src/controlplane/bootstrap';
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

const HOST = { loopbackPrefix: '127.0.0', kernelVersion: 't', osImage: 't', arch: 'amd64', cpus: 2, memoryKi: 1 << 20 };
const NODES = [CONTROL_PLANE_NODE, ...WORKER_NODES].map((n, i) => nodeObject(n, i, HOST, NOW));

function daemonSet(podSpec: any = {}, o: { image?: string; status?: any; generation?: number } = {}): KObject {
  const ds: KObject = {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'uid-ds', generation: o.generation ?? 1, resourceVersion: '2' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: o.image ?? 'agent:1' }], ...podSpec } },
    },
    status: o.status ?? {},
  };
  applyDefaults(ds, kindByResource('daemonsets')!);
  return ds;
}

const hashOf = (ds: KObject) => computeHash(ds.spec.template);

function revision(ds: KObject, rev = 1): KObject {
  const hash = hashOf(ds);
  return {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name: `agent-${hash}`, namespace: 'kube-system', uid: `uid-rev-${hash}`, resourceVersion: '3', labels: { app: 'agent', 'controller-revision-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-ds', controller: true, blockOwnerDeletion: true }],
    },
    data: templatePatch(ds), revision: rev,
  };
}

function daemonPod(name: string, node: string, hash: string, o: { ready?: boolean; phase?: string; scheduled?: boolean } = {}): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'kube-system', uid: `uid-${name}`, resourceVersion: '5', creationTimestamp: ago(300), labels: { app: 'agent', 'controller-revision-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-ds', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      ...(o.scheduled === false ? {} : { nodeName: node }),
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } },
      containers: [{ name: 'a', image: 'agent:1' }],
    },
    status: { phase: o.phase ?? 'Running', ...(o.ready === false ? {} : { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ago(200) }] }) },
  };
}

function summary(actions: Action[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'create': return a.resource === 'pods'
        ? `create pod on ${a.object.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]}`
        : `create ${a.resource}/${a.object.metadata.name}`;
      case 'update': return `update ${a.resource}/${a.object.metadata.name}`;
      case 'updateStatus': return `status ${JSON.stringify(a.status)}`;
      case 'delete': return `delete ${a.resource}/${a.name}`;
      case 'event': return `event ${a.event.type} ${a.event.reason}`;
      default: return '?';
    }
  });
}

const run = (objs: KObject[]) => daemonSetController.reconcile(viewOf(objs), { now: NOW, random: seeded() });
const TOLERATE_CP = { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] };

describe('daemonset: placement', () => {
  const cases: [string, any, string[]][] = [
    ['2 workers, not the tainted control plane', {}, ['k8s-node1', 'k8s-node2']],
    ['tolerating the control-plane taint: all 3 nodes', TOLERATE_CP, ['k8s-master', 'k8s-node1', 'k8s-node2']],
    ['nodeSelector', { nodeSelector: { 'kubernetes.io/hostname': 'k8s-node2' } }, ['k8s-node2']],
    ['required node affinity on a label', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] }] } } }, ...TOLERATE_CP }, ['k8s-master']],
    ['spec.nodeName pins one node', { nodeName: 'k8s-node1' }, ['k8s-node1']],
  ];
  for (const [name, spec, want] of cases) {
    test(name, () => {
      const ds = daemonSet(spec);
      assert.deepEqual(NODES.filter((n) => nodeShouldRunDaemonPod(n, ds)[0]).map((n) => n.metadata.name), want);
    });
  }
});

describe('daemonset: reconcile', () => {
  test('new DaemonSet → ControllerRevision + one pod per worker, bound by matchFields, default tolerations', () => {
    const ds = daemonSet();
    const hash = hashOf(ds);
    const actions = run([ds, ...NODES]);
    assert.deepEqual(summary(actions), [
      `create controllerrevisions/agent-${hash}`,
      'create pod on k8s-node1', 'event Normal SuccessfulCreate', 'create pod on k8s-node2', 'event Normal SuccessfulCreate',
      'status {"currentNumberScheduled":0,"desiredNumberScheduled":2,"numberMisscheduled":0,"numberReady":0,"observedGeneration":1,"numberUnavailable":2}',
    ]);
    const p = (actions[1] as any).object as KObject;
    assert.equal(p.metadata.generateName, 'agent-');
    assert.deepEqual(p.metadata.labels, { app: 'agent', 'controller-revision-hash': hash });
    assert.equal(p.spec.nodeName, undefined);
    assert.deepEqual(p.spec.affinity, { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['k8s-node1'] }] }] } } });
    assert.deepEqual(p.spec.tolerations.map((t: any) => `${t.key}:${t.effect}`), [
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    const ev = actions[2] as any;
    assert.equal(ev.event.message, `Created pod: ${p.metadata.name}`);
    assert.equal(ev.event.component, 'daemonset-controller');
    const rev = (actions[0] as any).object as KObject;
    assert.equal(rev.revision, 1);
    assert.equal(rev.data.spec.template.$patch, 'replace');
  });

  test('pods running and ready on both workers → status, then nothing', () => {
    const ds = daemonSet();
    const h = hashOf(ds);
    const objs = [ds, revision(ds), ...NODES, daemonPod('agent-a', 'k8s-node1', h), daemonPod('agent-b', 'k8s-node2', h)];
    const st = { currentNumberScheduled: 2, desiredNumberScheduled: 2, numberMisscheduled: 0, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2 };
    assert.deepEqual(summary(run(objs)), [`status ${JSON.stringify(st)}`]);
    assert.deepEqual(run([daemonSet({}, { status: st }), ...objs.slice(1)]), []);
  });

  test('a pod on a node it may not run on (NoSchedule taint) stays but is misscheduled', () => {
    const ds = daemonSet();
    const h = hashOf(ds);
    const objs = [ds, revision(ds), ...NODES, daemonPod('agent-a', 'k8s-node1', h), daemonPod('agent-b', 'k8s-node2', h), daemonPod('agent-m', 'k8s-master', h)];
    const s = summary(run(objs));
    assert.deepEqual(s.filter((l) => l.startsWith('delete')), []);
    assert.match(s[s.length - 1], /"numberMisscheduled":1/);
  });

  test('a failed daemon pod is deleted (and recreated on the next sync)', () => {
    const ds = daemonSet();
    const h = hashOf(ds);
    const objs = [ds, revision(ds), ...NODES, daemonPod('agent-a', 'k8s-node1', h), daemonPod('agent-b', 'k8s-node2', h, { phase: 'Failed', ready: false })];
    assert.deepEqual(summary(run(objs)).filter((l) => !l.startsWith('status')), ['event Warning FailedDaemonPod', 'delete pods/agent-b', 'event Normal SuccessfulDelete']);
  });

  test('template change: new revision; RollingUpdate replaces one old available pod at a time (maxUnavailable 1)', () => {
    const old = daemonSet();
    const ds = daemonSet({}, { image: 'agent:2', generation: 2 });
    const h1 = hashOf(old);
    const objs = [ds, revision(old), ...NODES, daemonPod('agent-a', 'k8s-node1', h1), daemonPod('agent-b', 'k8s-node2', h1)];
    const s = summary(run(objs));
    assert.deepEqual(s.slice(0, 3), [`create controllerrevisions/agent-${hashOf(ds)}`, 'delete pods/agent-a', 'event Normal SuccessfulDelete']);
    assert.equal((run(objs)[0] as any).object.revision, 2);
  });

  test('the old revision pod being replaced while the new one is not available yet → wait', () => {
    const old = daemonSet();
    const ds = daemonSet({}, { image: 'agent:2', generation: 2 });
    const h2 = hashOf(ds);
    const objs = [ds, revision(old), revision(ds, 2), ...NODES, daemonPod('agent-new', 'k8s-node1', h2, { phase: 'Pending', ready: false }),
      daemonPod('agent-b', 'k8s-node2', hashOf(old))];
    assert.deepEqual(summary(run(objs)).filter((l) => !l.startsWith('status')), []);
  });
});
