// Black-box: `kctl top pod` / `kctl top node` measure the real processes the node agent runs —
// a busy-looping pod shows ≥ 500m, an idle nginx little CPU and some Mi, the busy pod's node the
// highest CPU — with kubectl's errors when the agent (the "Metrics API") is not running, for unknown
// pods and nodes, and for pods that have no metrics. Plus the /proc sampling itself
// (src/agent/metrics.ts) on process groups started here, independent of the agent.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { TmpCluster, columns } from '../helpers/kctl';
import { measurePods, runtimePodsOf, readProcStat } from '../../src/agent/metrics';
import type { RuntimePod } from '../../src/agent/runtime';

async function until(what: string, fn: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function processesOf(home: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try { if (fs.readFileSync(`/proc/${d}/environ`, 'utf8').includes(`KCTL_HOME=${home}\0`)) out.push(Number(d)); } catch { /* gone */ }
  }
  return out;
}

const milli = (s: string) => { assert.match(s, /^\d+m$/); return parseInt(s, 10); };
const mebi = (s: string) => { assert.match(s, /^\d+Mi$/); return parseInt(s, 10); };

/** Rows of a `top` table (header dropped), split on the tab writer's 3-space gaps. */
function rows(out: string): string[][] {
  return out.trimEnd().split('\n').slice(1).map(columns);
}

describe('kctl top: the pods\' real processes', { skip: process.platform !== 'linux' }, () => {
  const c = new TmpCluster();
  let burnNode = '';

  before(() => {
    c.ok(['run', 'web', '--image=nginx']);
    c.ok(['run', 'burn', '--image=busybox', '--command', '--', 'node', '-e', 'for(;;){}']);
    c.ok(['create', 'namespace', 'quiet']);
    c.ok(['run', 'nope', '-n', 'quiet', '--image=example.com/nothing:1']);
  });
  after(() => {
    c.run(['proxy', '--stop']);
    for (const pid of processesOf(c.home)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    c.cleanup();
  });

  test('no agent running: error: Metrics API not available (exit 1)', () => {
    for (const args of [['top', 'pod'], ['top', 'node'], ['top', 'pod', 'web'], ['top', 'pod', '-A']]) {
      const r = c.run(args);
      assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'error: Metrics API not available\n'], args.join(' '));
    }
  });

  test('the agent runs the pods', async () => {
    const r = c.run(['proxy', '--background']);
    assert.equal(r.code, 0, r.stderr);
    await until('web and burn Running', () => (c.ok(['get', 'pods']).match(/ 1\/1 +Running /g) ?? []).length === 2);
    burnNode = c.ok(['get', 'pod', 'burn', '-o', 'jsonpath={.spec.nodeName}']);
    assert.match(burnNode, /^k8s-node\d$/);
  });

  test('top pod: burn ≥ 500m, web a little CPU and some Mi; kubectl\'s columns', async () => {
    // the machine may be busy: the busy loop gets ≥ 500m of a core in one of a few 500 ms windows
    let out = '';
    let table: string[][] = [];
    for (let i = 0; i < 5; i++) {
      out = c.ok(['top', 'pod']);
      table = rows(out);
      if (table.length === 2 && milli(table[0][1]) >= 500) break;
    }
    assert.equal(out.split('\n')[0], 'NAME   CPU(cores)   MEMORY(bytes)   ');
    assert.deepEqual(table.map((r) => r[0]), ['burn', 'web']);
    assert.ok(milli(table[0][1]) >= 500, out);
    assert.ok(milli(table[1][1]) < 200, out);
    assert.ok(mebi(table[1][2]) >= 1, out);
    assert.ok(mebi(table[0][2]) >= 1, out);
  });

  test('top pod variants: NAME, --containers, -A, --sort-by, --no-headers, --sum, -l', () => {
    const one = c.ok(['top', 'pod', 'web']);
    assert.match(one, /^NAME {3}CPU\(cores\) {3}MEMORY\(bytes\) {3}\nweb {4}\d+m +\d+Mi +\n$/);
    const ctrs = c.ok(['top', 'pod', '--containers']);
    assert.match(ctrs, /^POD {4}NAME {3}CPU\(cores\) {3}MEMORY\(bytes\) {3}\nburn {3}burn {3}\d+m +\d+Mi +\nweb {4}web {4}\d+m +\d+Mi +\n$/);
    const all = c.ok(['top', 'pod', '-A']);
    assert.deepEqual(rows(all).map((r) => `${r[0]}/${r[1]}`), ['default/burn', 'default/web']);
    assert.match(all, /^NAMESPACE {3}NAME {3}CPU\(cores\) {3}MEMORY\(bytes\) {3}\n/);
    const byMem = c.ok(['top', 'pod', '--sort-by=memory', '--no-headers']);
    const mem = rows('\n' + byMem).map((r) => mebi(r[2]));
    assert.equal(mem.length, 2);
    assert.ok(mem[0] >= mem[1], byMem);
    const sum = c.ok(['top', 'pod', '--sum']).trimEnd().split('\n');
    assert.equal(sum.length, 5);
    assert.match(sum[3], /^ {7}________ {5}________ +$/);
    assert.match(sum[4], /^ {7}\d+m +\d+Mi *$/);
    assert.match(c.ok(['top', 'pod', '-l', 'run=web']), /^NAME .*\nweb +\d+m +\d+Mi +\n$/);
    assert.equal(c.run(['top', 'pod', '--sort-by=name']).stderr, 'error: --sort-by accepts only cpu or memory\n');
    assert.equal(c.run(['top', 'pod', 'web', '-l', 'run=web']).stderr, 'error: only one of NAME or selector can be provided\n');
  });

  test('top pod errors: unknown pod, no pods, pods without metrics', () => {
    let r = c.run(['top', 'pod', 'ghost']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'Error from server (NotFound): pods "ghost" not found\n']);
    r = c.run(['top', 'pod', '-n', 'kube-public']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', 'No resources found in kube-public namespace.\n']);
    r = c.run(['top', 'pod', '-l', 'app=none']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', 'No resources found in default namespace.\n']);
    // a pod the agent could not start (ErrImagePull) has no metrics
    r = c.run(['top', 'pod', '-n', 'quiet']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'error: metrics not available yet\n']);
    r = c.run(['top', 'pod', 'nope', '-n', 'quiet']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'Error from server (NotFound): podmetrics.metrics.k8s.io "quiet/nope" not found\n']);
  });

  test('top node: every node; the busy pod\'s node has the most CPU; percentages of allocatable', () => {
    let out = '';
    let table: string[][] = [];
    for (let i = 0; i < 5; i++) {
      out = c.ok(['top', 'node']);
      table = rows(out);
      const busy = table.find((r) => r[0] === burnNode);
      if (busy && milli(busy[1]) >= 500) break;
    }
    assert.equal(out.split('\n')[0], 'NAME         CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ');
    assert.deepEqual(table.map((r) => r[0]), ['k8s-master', 'k8s-node1', 'k8s-node2']);
    const cpu = new Map(table.map((r) => [r[0], milli(r[1])]));
    assert.ok(cpu.get(burnNode)! >= 500, out);
    for (const [n, v] of cpu) if (n !== burnNode) assert.ok(v < cpu.get(burnNode)!, out);
    assert.equal(cpu.get('k8s-master'), 0, 'no pod runs on the control-plane node');
    // CPU(%) = millicores / allocatable millicores, truncated
    const allocatable = Number(c.ok(['get', 'node', burnNode, '-o', 'jsonpath={.status.allocatable.cpu}']));
    const busy = table.find((r) => r[0] === burnNode)!;
    assert.equal(busy[2], `${Math.trunc((milli(busy[1]) / (allocatable * 1000)) * 100)}%`);
    assert.match(busy[4], /^\d+%$/);

    assert.match(c.ok(['top', 'node', burnNode, '--show-capacity']), new RegExp(`^NAME .*\\n${burnNode} +\\d+m +\\d+% +\\d+Mi +\\d+% +\\n$`));
    const sorted = rows(c.ok(['top', 'node', '--sort-by=cpu']));
    assert.equal(sorted[0][0], burnNode);
    assert.deepEqual(rows('\n' + c.ok(['top', 'node', '-l', 'node-role.kubernetes.io/control-plane', '--no-headers'])).map((r) => r[0]), ['k8s-master']);
    let r = c.run(['top', 'node', 'ghost']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'Error from server (NotFound): nodes "ghost" not found\n']);
    r = c.run(['top', 'node', '-l', 'no=such']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'error: metrics not available yet\n']);
  });

  test('a pod deleted and recreated under the same name shows the new pod\'s numbers', async () => {
    const oldUid = c.ok(['get', 'pod', 'burn', '-o', 'jsonpath={.metadata.uid}']);
    c.ok(['delete', 'pod', 'burn']);
    c.ok(['run', 'burn', '--image=busybox', '--command', '--', 'sleep', '3600']);
    assert.notEqual(c.ok(['get', 'pod', 'burn', '-o', 'jsonpath={.metadata.uid}']), oldUid);
    // before the agent has started it: no metrics (never the old pod's); once Running: idle
    await until('the new burn Running', () => {
      const r = c.run(['top', 'pod', 'burn']);
      if (r.code !== 0) {
        assert.equal(r.stderr, 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/burn" not found\n');
        return false;
      }
      assert.ok(milli(rows(r.stdout)[0][1]) < 200, r.stdout);
      return true;
    });
  });

  test('agent stopped: Metrics API not available again', () => {
    assert.match(c.ok(['proxy', '--stop']), /stopped/);
    const r = c.run(['top', 'node']);
    assert.deepEqual([r.code, r.stderr], [1, 'error: Metrics API not available\n']);
  });
});

describe('metrics.ts: sampling process groups from /proc', { skip: process.platform !== 'linux' }, () => {
  const children: ChildProcess[] = [];
  const group = (code: string): ChildProcess => {
    const p = spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore' });
    children.push(p);
    return p;
  };
  after(() => {
    for (const p of children) { try { process.kill(-p.pid!, 'SIGKILL'); } catch { /* gone */ } }
  });

  const runtimePod = (uid: string, name: string, containers: { name: string; pid: number; procStart?: number; kind?: 'init' | 'app' }[]): RuntimePod => ({
    uid, namespace: 'default', name, node: 'k8s-node1', hostIP: '127.0.0.1', startTime: 0, ports: {},
    containers: containers.map((x) => ({ ...x, restartCount: 0 })),
  });

  test('CPU of a busy group (including a child process), memory as PSS; dead and init containers left out', async () => {
    // the busy container: an idle leader whose child spins (the group counts, not just the leader)
    const busy = group(`require('child_process').spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }); setInterval(() => {}, 1000);`);
    const idle = group('setInterval(() => {}, 1000);');
    await new Promise((r) => setTimeout(r, 500)); // let them start
    const busyStart = readProcStat(busy.pid!)!.start;
    const pods = [
      runtimePod('u1', 'busy', [{ name: 'main', pid: busy.pid!, procStart: busyStart }, { name: 'setup', kind: 'init', pid: idle.pid! }]),
      runtimePod('u2', 'idle', [{ name: 'main', pid: idle.pid! }]),
      runtimePod('u3', 'reused', [{ name: 'main', pid: idle.pid!, procStart: 1 }]), // pid reused: not ours
    ];
    let usage = await measurePods(pods);
    for (let i = 0; i < 4 && !(usage[0]?.containers[0]?.cpu >= 5e8); i++) usage = await measurePods(pods);
    assert.deepEqual(usage.map((u) => [u.name, u.containers.map((x) => x.name)]), [['busy', ['main']], ['idle', ['main']]]);
    assert.ok(usage[0].containers[0].cpu >= 5e8, `busy: ${usage[0].containers[0].cpu} nanocores`);
    assert.ok(usage[1].containers[0].cpu < 1e8, `idle: ${usage[1].containers[0].cpu} nanocores`);
    for (const u of usage) assert.ok(u.containers[0].memory > 1024 * 1024, `${u.name}: ${u.containers[0].memory} bytes`);
    // the busy group has two node processes: more than the idle one
    assert.ok(usage[0].containers[0].memory > usage[1].containers[0].memory);
  });

  test('runtimePodsOf: only runtime pods whose uid, namespace and name match a live pod', () => {
    const rt = { pid: 1, startedAt: 0, pods: [runtimePod('old-uid', 'web', []), runtimePod('u9', 'db', [])] };
    const live = [{ metadata: { namespace: 'default', name: 'web', uid: 'new-uid' } }, { metadata: { namespace: 'default', name: 'db', uid: 'u9' } }];
    assert.deepEqual(runtimePodsOf(rt, live).map((p) => p.name), ['db']);
    assert.deepEqual(runtimePodsOf(undefined, live), []);
  });
});
