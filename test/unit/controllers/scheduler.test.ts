// The scheduler: filters (taints/tolerations, node selector and affinity, unschedulable, host ports,
// resources), the spread, FitError messages, and the bind helper.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/api/types';
import type { Action } from '../../../src/controllers/types';
import {
  BindAction, bindPod, schedulePods, schedulerController, toleratesTaint, podRequests,
} from '../../../src/controllers/scheduler';
import { viewOf } from '../../helpers/view';
import { NOW, clusterNodes, pod } from './endpoints-fixtures';

const ctx = { now: NOW, random: () => 0.5 };
const TAINT_MSG = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const NOT_HELPFUL_3 = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

function run(objs: KObject[]): Array<Action | BindAction> {
  return schedulerController().reconcile(viewOf(objs), ctx) as Array<Action | BindAction>;
}

function binds(actions: Array<Action | BindAction>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of actions) if (a.type === 'bind') out[a.name] = a.node;
  return out;
}

describe('scheduler: placement', () => {
  const cases: Array<{ name: string; pods: KObject[]; nodes?: KObject[]; want: Record<string, string> }> = [
    {
      name: 'three replicas spread over the two workers, never the tainted master',
      pods: [pod('web-a'), pod('web-b'), pod('web-c')],
      want: { 'web-a': 'k8s-node1', 'web-b': 'k8s-node2', 'web-c': 'k8s-node1' },
    },
    {
      name: 'pods already bound count for the spread',
      pods: [pod('old-1', { node: 'k8s-node1' }), pod('old-2', { node: 'k8s-node1' }), pod('new')],
      want: { new: 'k8s-node2' },
    },
    {
      name: 'terminal pods do not count',
      pods: [pod('done-1', { node: 'k8s-node1', phase: 'Succeeded' }), pod('old', { node: 'k8s-node2' }), pod('new')],
      want: { new: 'k8s-node1' },
    },
    {
      name: 'higher priority is scheduled first, then the older pod',
      pods: [pod('b-young', { created: '2024-12-02T10:00:09Z' }), pod('a-old', { created: '2024-12-02T10:00:01Z' }),
        pod('z-prio', { created: '2024-12-02T10:00:09Z', spec: { priority: 1000 } })],
      want: { 'z-prio': 'k8s-node1', 'a-old': 'k8s-node2', 'b-young': 'k8s-node1' },
    },
    {
      name: 'a toleration and a nodeSelector bring a pod onto the master',
      pods: [pod('cp', {
        spec: {
          nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
        },
      })],
      want: { cp: 'k8s-master' },
    },
    {
      name: 'tolerate everything (empty key, Exists): the master is a candidate (and emptiest by name)',
      pods: [pod('any', { spec: { tolerations: [{ operator: 'Exists' }] } })],
      want: { any: 'k8s-master' },
    },
    {
      name: 'required node affinity In on the hostname label',
      pods: [pod('pinned', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['k8s-node2'] }] }],
              },
            },
          },
        },
      })],
      want: { pinned: 'k8s-node2' },
    },
    {
      name: 'DaemonSet-style matchFields metadata.name',
      pods: [pod('ds-x', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['k8s-node2'] }] }],
              },
            },
          },
        },
      })],
      want: { 'ds-x': 'k8s-node2' },
    },
    {
      name: 'NotIn / DoesNotExist terms (ORed terms)',
      pods: [pod('x', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['k8s-node1', 'k8s-master'] }] },
                  { matchExpressions: [{ key: 'nope', operator: 'Exists' }] },
                ],
              },
            },
          },
        },
      })],
      want: { x: 'k8s-node2' },
    },
    {
      name: 'Gt on a numeric label',
      nodes: clusterNodes().map((n) => {
        if (n.metadata.name === 'k8s-node2') n.metadata.labels!.gpus = '4';
        if (n.metadata.name === 'k8s-node1') n.metadata.labels!.gpus = '1';
        return n;
      }),
      pods: [pod('g', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['2'] }] }],
              },
            },
          },
        },
      })],
      want: { g: 'k8s-node2' },
    },
    {
      name: 'a cordoned node is skipped',
      nodes: clusterNodes().map((n) => (n.metadata.name === 'k8s-node1' ? { ...n, spec: { ...n.spec, unschedulable: true } } : n)),
      pods: [pod('a'), pod('b')],
      want: { a: 'k8s-node2', b: 'k8s-node2' },
    },
    {
      name: 'a node that is not Ready is skipped',
      nodes: clusterNodes().map((n) => {
        if (n.metadata.name === 'k8s-node2') n.status.conditions.find((c: any) => c.type === 'Ready').status = 'False';
        return n;
      }),
      pods: [pod('a'), pod('b')],
      want: { a: 'k8s-node1', b: 'k8s-node1' },
    },
    {
      name: 'host port conflicts move the second pod',
      pods: [pod('hp-1', { ports: [{ containerPort: 80, hostPort: 8080 }] }), pod('hp-2', { ports: [{ containerPort: 80, hostPort: 8080 }] })],
      want: { 'hp-1': 'k8s-node1', 'hp-2': 'k8s-node2' },
    },
    {
      name: 'resource requests are accounted (a 3-cpu pod each, 4-cpu workers)',
      pods: [1, 2].map((i) => pod(`big-${i}`, { spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '3' } } }] } })),
      want: { 'big-1': 'k8s-node1', 'big-2': 'k8s-node2' },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const actions = run([...(c.nodes ?? clusterNodes()), ...c.pods]);
      assert.deepEqual(binds(actions), c.want);
    });
  }

  test('each bind comes with a Scheduled event', () => {
    const p = pod('web-abc');
    const actions = run([...clusterNodes(), p]);
    assert.deepEqual(actions.filter((a) => a.type === 'bind'), [{ type: 'bind', namespace: 'default', name: 'web-abc', uid: p.metadata.uid, node: 'k8s-node1' }]);
    const ev = actions.find((a) => a.type === 'event') as Extract<Action, { type: 'event' }>;
    assert.equal(ev.event.reason, 'Scheduled');
    assert.equal(ev.event.type, 'Normal');
    assert.equal(ev.event.message, 'Successfully assigned default/web-abc to k8s-node1');
    assert.equal(ev.event.component, 'default-scheduler');
  });

  test('pods that are not the scheduler\'s business are left alone', () => {
    const objs = [
      ...clusterNodes(),
      pod('pinned', { node: 'k8s-node2' }),
      pod('other-sched', { spec: { schedulerName: 'my-scheduler' } }),
      pod('gated', { spec: { schedulingGates: [{ name: 'wait' }] } }),
      pod('dying', { deleting: true }),
      pod('done', { phase: 'Failed' }),
    ];
    assert.deepEqual(run(objs), []);
  });

  test('100 replicas in one pass: 50/50 over the workers', () => {
    const pods = Array.from({ length: 100 }, (_, i) => pod(`r-${String(i).padStart(3, '0')}`));
    const b = binds(run([...clusterNodes(), ...pods]));
    const counts: Record<string, number> = {};
    for (const n of Object.values(b)) counts[n] = (counts[n] ?? 0) + 1;
    assert.deepEqual(counts, { 'k8s-node1': 50, 'k8s-node2': 50 });
  });
});

describe('scheduler: unschedulable pods', () => {
  const affinityTo = (names: string[]) => ({
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: names }] }],
        },
      },
    },
  });
  const cases: Array<{ name: string; pods: KObject[]; nodes?: KObject[]; message: string }> = [
    {
      name: 'a nodeSelector nobody matches',
      pods: [pod('sel', { spec: { nodeSelector: { disktype: 'ssd' } } })],
      message: `0/3 nodes are available: ${TAINT_MSG}, 2 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL_3}`,
    },
    {
      name: 'too much cpu: resources can be freed by preemption in principle',
      pods: [pod('huge', { spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100', memory: '1Ti' } } }] } })],
      message: `0/3 nodes are available: ${TAINT_MSG}, 2 Insufficient cpu, 2 Insufficient memory. `
        + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    },
    {
      name: 'preemptionPolicy Never',
      pods: [pod('np', { spec: { nodeSelector: { disktype: 'ssd' }, preemptionPolicy: 'Never' } })],
      message: `0/3 nodes are available: ${TAINT_MSG}, 2 node(s) didn't match Pod's node affinity/selector. preemption: not eligible due to preemptionPolicy=Never.`,
    },
    {
      name: 'DaemonSet-style pod for the tainted master without the toleration',
      pods: [pod('ds-m', { spec: affinityTo(['k8s-master']) })],
      message: `0/3 nodes are available: ${TAINT_MSG}, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. ${NOT_HELPFUL_3}`,
    },
    {
      name: 'every worker cordoned',
      nodes: clusterNodes().map((n) => (n.metadata.name === 'k8s-master' ? n : { ...n, spec: { ...n.spec, unschedulable: true } })),
      pods: [pod('c')],
      message: `0/3 nodes are available: ${TAINT_MSG}, 2 node(s) were unschedulable. ${NOT_HELPFUL_3}`,
    },
    {
      name: 'a custom NoExecute taint on the workers',
      nodes: clusterNodes().map((n) => (n.metadata.name === 'k8s-master' ? n : { ...n, spec: { ...n.spec, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] } })),
      pods: [pod('t')],
      message: `0/3 nodes are available: ${TAINT_MSG}, 2 node(s) had untolerated taint {dedicated: gpu}. ${NOT_HELPFUL_3}`,
    },
    {
      name: 'host port taken on both workers',
      pods: [pod('h1', { node: 'k8s-node1', ports: [{ containerPort: 80, hostPort: 80 }] }), pod('h2', { node: 'k8s-node2', ports: [{ containerPort: 80, hostPort: 80 }] }),
        pod('h3', { ports: [{ containerPort: 80, hostPort: 80 }] })],
      message: `0/3 nodes are available: ${TAINT_MSG}, 2 node(s) didn't have free ports for the requested pod ports. `
        + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    },
    {
      name: 'no nodes at all',
      nodes: [],
      pods: [pod('lonely')],
      message: 'no nodes available to schedule pods',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const failing = c.pods[c.pods.length - 1];
      const actions = run([...(c.nodes ?? clusterNodes()), ...c.pods]);
      assert.deepEqual(binds(actions), {});
      const st = actions.find((a) => a.type === 'updateStatus') as Extract<Action, { type: 'updateStatus' }>;
      assert.ok(st, 'a status update');
      assert.equal(st.name, failing.metadata.name);
      const cond = (st.status as any).conditions.find((x: any) => x.type === 'PodScheduled');
      const reason = c.nodes?.length === 0 ? 'SchedulerError' : 'Unschedulable';
      assert.deepEqual(cond, { lastProbeTime: null, lastTransitionTime: '2024-12-02T10:00:00Z', message: c.message, reason, status: 'False', type: 'PodScheduled' });
      assert.equal((st.status as any).phase, 'Pending');
      const ev = actions.find((a) => a.type === 'event') as Extract<Action, { type: 'event' }>;
      assert.deepEqual({ type: ev.event.type, reason: ev.event.reason, message: ev.event.message, component: ev.event.component },
        { type: 'Warning', reason: 'FailedScheduling', message: c.message, component: 'default-scheduler' });
    });
  }

  test('an unschedulable pod already reported is not reported again', () => {
    const p = pod('sel', { spec: { nodeSelector: { disktype: 'ssd' } } });
    const first = run([...clusterNodes(), p]);
    const st = first.find((a) => a.type === 'updateStatus') as Extract<Action, { type: 'updateStatus' }>;
    const again = { ...p, status: st.status };
    assert.deepEqual(run([...clusterNodes(), again]), []);
    // a new reason (a node labelled ssd but cordoned) is reported, keeping the transition time
    const nodes = clusterNodes().map((n) => (n.metadata.name === 'k8s-node1'
      ? { ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disktype: 'ssd' } }, spec: { ...n.spec, unschedulable: true } } : n));
    const later = schedulerController().reconcile(viewOf([...nodes, again]), { now: NOW + 60_000, random: () => 0 });
    const st2 = later.find((a) => a.type === 'updateStatus') as Extract<Action, { type: 'updateStatus' }>;
    const cond = (st2.status as any).conditions[0];
    assert.equal(cond.lastTransitionTime, '2024-12-02T10:00:00Z');
    assert.equal(cond.message, `0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, ${TAINT_MSG}, 1 node(s) were unschedulable. ${NOT_HELPFUL_3}`);
  });
});

describe('scheduler helpers', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['Equal, same key and value', { key: 'k', operator: 'Equal', value: 'v' }, true],
    ['empty operator means Equal', { key: 'k', value: 'v' }, true],
    ['Equal, other value', { key: 'k', operator: 'Equal', value: 'w' }, false],
    ['Exists on the key', { key: 'k', operator: 'Exists' }, true],
    ['Exists, empty key: everything', { operator: 'Exists' }, true],
    ['effect must match when given', { key: 'k', operator: 'Exists', effect: 'NoExecute' }, false],
    ['same effect', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, true],
    ['other key', { key: 'x', operator: 'Exists' }, false],
    ['unknown operator', { key: 'k', operator: 'Gt', value: 'v' }, false],
  ];
  for (const [name, tol, want] of cases) test(`toleratesTaint: ${name}`, () => assert.equal(toleratesTaint(tol, taint), want));

  test('podRequests: containers summed, init containers as a floor, sidecars added', () => {
    const p = pod('r', {
      spec: {
        containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'b', image: 'x', resources: { requests: { cpu: '200m' } } }],
        initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '1', memory: '1Mi' } } },
          { name: 's', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } }],
      },
    });
    const r = podRequests(p);
    assert.equal(r.get('cpu'), 1000n);
    assert.equal(r.get('memory'), 64n * 1024n * 1024n);
  });

  test('bindPod sets nodeName and PodScheduled=True; refuses a bound pod', () => {
    const p = pod('b');
    const r = bindPod(p, 'k8s-node1', NOW);
    assert.equal(r.pod!.spec.nodeName, 'k8s-node1');
    assert.deepEqual(r.pod!.status.conditions, [{ lastProbeTime: null, lastTransitionTime: '2024-12-02T10:00:00Z', status: 'True', type: 'PodScheduled' }]);
    assert.equal(bindPod(r.pod!, 'k8s-node2', NOW).error, 'pod b is already assigned to node "k8s-node1"');
    assert.equal(bindPod(pod('g', { spec: { schedulingGates: [{ name: 'x' }] } }), 'k8s-node1', NOW).error, 'pod g has non-empty .spec.schedulingGates');
    assert.equal(bindPod(pod('d', { deleting: true }), 'k8s-node1', NOW).error, 'pod d is being deleted, cannot be assigned to a host');
  });

  test('schedulePods is deterministic and pure', () => {
    const nodes = clusterNodes();
    const pods = [pod('a'), pod('b')];
    const before = JSON.stringify([nodes, pods]);
    const r1 = schedulePods(nodes, pods);
    const r2 = schedulePods(nodes, pods);
    assert.deepEqual([...r1.bound], [...r2.bound]);
    assert.equal(JSON.stringify([nodes, pods]), before);
  });
});
