// `kubectl top` tables (src/printers/top.ts). The first cases of each printer are kubectl's own
// golden tests (kubernetes/kubectl v0.32 pkg/metricsutil/metrics_printer_test.go), ported as is.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ContainerMetrics, cpuMilli, formatCpu, formatMemory, formatPercent, goDuration, NodeMetrics, PodMetrics,
  PodPrintOptions, printNodeMetrics, printPodMetrics, quantityMilli,
} from '../../../src/printers/top';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;
/** nanocores */
const cores = (n: number) => Math.round(n * 1e9);

const ctr = (name: string, cpu: number, memory: number): ContainerMetrics => ({ name, cpu, memory });
const pod = (name: string, containers: ContainerMetrics[], namespace = 'default'): PodMetrics => ({ namespace, name, containers });
const twoContainers = pod('test', [ctr('container1', cores(0.2), Gi), ctr('container2', cores(0.2), Gi)]);
const test1 = pod('test-1', [ctr('container1', cores(0.2), 3 * Gi), ctr('container2', cores(0.2), 2 * Gi)]);

describe('quantities', () => {
  const cases: { name: string; got: () => unknown; want: unknown }[] = [
    { name: 'cpu 0', got: () => formatCpu(0), want: '0m' },
    { name: 'cpu 1 nanocore rounds up to 1m (MilliValue)', got: () => formatCpu(1), want: '1m' },
    { name: 'cpu exactly 1m', got: () => formatCpu(1e6), want: '1m' },
    { name: 'cpu just over 1m', got: () => formatCpu(1e6 + 1), want: '2m' },
    { name: 'cpu 1 core', got: () => formatCpu(1e9), want: '1000m' },
    { name: 'cpu fractional nanocores round up first', got: () => cpuMilli(2e6 + 0.3), want: 3 },
    { name: 'memory 0', got: () => formatMemory(0), want: '0Mi' },
    { name: 'memory under 1Mi truncates', got: () => formatMemory(Mi - 1), want: '0Mi' },
    { name: 'memory 1Mi', got: () => formatMemory(Mi), want: '1Mi' },
    { name: 'memory 3.9Mi truncates', got: () => formatMemory(3.9 * Mi), want: '3Mi' },
    { name: 'memory 1Gi', got: () => formatMemory(Gi), want: '1024Mi' },
    { name: 'milli of "2"', got: () => quantityMilli('2'), want: 2000 },
    { name: 'milli of "1500m"', got: () => quantityMilli('1500m'), want: 1500 },
    { name: 'milli of "0.5"', got: () => quantityMilli('0.5'), want: 500 },
    { name: 'milli of "16Ki"', got: () => quantityMilli('16Ki'), want: 16384000 },
    { name: 'milli of "1n" rounds up', got: () => quantityMilli('1n'), want: 1 },
    { name: 'milli of garbage', got: () => quantityMilli('two'), want: undefined },
    { name: 'percent truncates', got: () => formatPercent(999, 1000), want: '99%' },
    { name: 'percent over 100', got: () => formatPercent(2500, 1000), want: '250%' },
    { name: 'percent of 0 available (Go int64(+Inf) on amd64)', got: () => formatPercent(5, 0), want: '-9223372036854775808%' },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(c.got(), c.want));
});

describe('goDuration (time.Duration.String)', () => {
  const cases: [number, string][] = [
    [0, '0s'], [0.5, '500µs'], [0.000001, '1ns'], [750, '750ms'], [1500, '1.5s'], [1000, '1s'],
    [125_123, '2m5.123s'], [120_000, '2m0s'], [3_600_000, '1h0m0s'], [3_723_400, '1h2m3.4s'], [-1500, '-1.5s'],
  ];
  for (const [ms, want] of cases) test(`${ms} ms → ${want}`, () => assert.equal(goDuration(ms), want));
});

describe('printPodMetrics', () => {
  const cases: { name: string; metrics: PodMetrics[]; opts?: PodPrintOptions; want: string }[] = [
    // kubectl's golden tests
    {
      name: 'kubectl: Single Pod with Multiple Containers',
      metrics: [twoContainers],
      want: 'NAME   CPU(cores)   MEMORY(bytes)   \ntest   400m         2048Mi          \n',
    },
    {
      name: 'kubectl: Single Pod with Multiple Containers - Print Containers',
      metrics: [twoContainers], opts: { containers: true },
      want: 'POD    NAME         CPU(cores)   MEMORY(bytes)   \ntest   container1   200m         1024Mi          \ntest   container2   200m         1024Mi          \n',
    },
    {
      name: 'kubectl: Single Pod with Multiple Containers - Calculate Resource Usage Without Header',
      metrics: [twoContainers], opts: { noHeaders: true },
      want: 'test   400m   2048Mi   \n',
    },
    {
      name: 'kubectl: Multiple Pods with Multiple Containers - Sort by Memory Usage',
      metrics: [twoContainers, test1], opts: { sortBy: 'memory' },
      want: 'NAME     CPU(cores)   MEMORY(bytes)   \ntest-1   400m         5120Mi          \ntest     400m         2048Mi          \n',
    },
    {
      name: 'kubectl: Multiple Pods with Multiple Containers - Calculate Total Resource Usage',
      metrics: [twoContainers, test1], opts: { sum: true },
      want: 'NAME     CPU(cores)   MEMORY(bytes)   \ntest     400m         2048Mi          \ntest-1   400m         5120Mi          \n         ________     ________        \n         800m         7168Mi          \n',
    },
    // ours
    { name: 'no metrics: nothing at all, not even headers', metrics: [], opts: { sum: true }, want: '' },
    {
      name: 'default order is by name',
      metrics: [pod('web', [ctr('web', 2e6, 13 * Mi)]), pod('burn', [ctr('burn', cores(0.98), 12 * Mi)])],
      want: 'NAME   CPU(cores)   MEMORY(bytes)   \nburn   980m         12Mi            \nweb    2m           13Mi            \n',
    },
    {
      name: '-A: NAMESPACE column, ordered by namespace then name',
      metrics: [pod('b', [ctr('c', 0, 0)], 'default'), pod('a', [ctr('c', 0, 0)], 'kube-system'), pod('a', [ctr('c', 0, 0)], 'default')],
      opts: { withNamespace: true },
      want: 'NAMESPACE     NAME   CPU(cores)   MEMORY(bytes)   \ndefault       a      0m           0Mi             \ndefault       b      0m           0Mi             \nkube-system   a      0m           0Mi             \n',
    },
    {
      name: 'sort by cpu: descending; the pod sum decides',
      metrics: [pod('a', [ctr('x', 5e6, 0)]), pod('b', [ctr('x', 3e6, 0), ctr('y', 3e6, 0)]), pod('c', [ctr('x', 1e6, 0)])],
      opts: { sortBy: 'cpu' },
      want: 'NAME   CPU(cores)   MEMORY(bytes)   \nb      6m           0Mi             \na      5m           0Mi             \nc      1m           0Mi             \n',
    },
    {
      name: 'sort by cpu: equal millicores (after rounding up) keep the list order',
      metrics: [pod('a', [ctr('x', 1, 0)]), pod('b', [ctr('x', 1e6, 0)]), pod('c', [ctr('x', 2e6, 0)])],
      opts: { sortBy: 'cpu' },
      want: 'NAME   CPU(cores)   MEMORY(bytes)   \nc      2m           0Mi             \na      1m           0Mi             \nb      1m           0Mi             \n',
    },
    {
      name: '--containers --sort-by=memory sorts pods, then the containers of each pod',
      metrics: [pod('p', [ctr('small', 0, Mi), ctr('big', 0, 5 * Mi)]), pod('q', [ctr('only', 0, 9 * Mi)])],
      opts: { containers: true, sortBy: 'memory' },
      want: 'POD   NAME    CPU(cores)   MEMORY(bytes)   \nq     only    0m           9Mi             \np     big     0m           5Mi             \np     small   0m           1Mi             \n',
    },
    {
      name: '--containers: containers by name by default',
      metrics: [pod('p', [ctr('zz', 0, 0), ctr('aa', 0, 0)])],
      opts: { containers: true },
      want: 'POD   NAME   CPU(cores)   MEMORY(bytes)   \np     aa     0m           0Mi             \np     zz     0m           0Mi             \n',
    },
    {
      name: '--sum adds the raw usages (rounded once, not per pod)',
      metrics: [pod('a', [ctr('x', 1e5, Mi / 2)]), pod('b', [ctr('x', 1e5, Mi / 2)])],
      opts: { sum: true },
      want: 'NAME   CPU(cores)   MEMORY(bytes)   \na      1m           0Mi             \nb      1m           0Mi             \n       ________     ________        \n       1m           1Mi             \n',
    },
    {
      name: '-A --containers --sum: the sum row is shifted under the usage columns',
      metrics: [pod('p', [ctr('c', 2e6, 2 * Mi)], 'ns')],
      opts: { withNamespace: true, containers: true, sum: true },
      want: 'NAMESPACE   POD   NAME   CPU(cores)   MEMORY(bytes)   \nns          p     c      2m           2Mi             \n                         ________     ________        \n                         2m           2Mi             \n',
    },
    {
      name: '-A --no-headers --sum: kubectl only widens the sum row when it printed headers',
      metrics: [pod('p', [ctr('c', 2e6, 2 * Mi)], 'ns')],
      opts: { withNamespace: true, noHeaders: true, sum: true },
      want: 'ns    p          2m         2Mi   \n      ________   ________   \n      2m         2Mi        \n',
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(printPodMetrics(c.metrics, c.opts), c.want));
  }

  test('the input list is not reordered', () => {
    const list = [pod('b', []), pod('a', [])];
    printPodMetrics(list, { sortBy: 'cpu' });
    assert.deepEqual(list.map((p) => p.name), ['b', 'a']);
  });
});

describe('printNodeMetrics', () => {
  const capacity = { cpu: '10', memory: '10Gi' };
  const node = (name: string, cpu: number, memory: number): NodeMetrics => ({ name, cpu, memory });
  const cases: { name: string; metrics: NodeMetrics[]; available: Record<string, Record<string, string>>; noHeaders?: boolean; sortBy?: string; want: string }[] = [
    // kubectl's golden tests
    {
      name: 'kubectl: Single node with default header',
      metrics: [node('node1', 1e9, Gi)], available: { node1: capacity },
      want: 'NAME    CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \nnode1   1000m        10%      1024Mi          10%         \n',
    },
    {
      name: 'kubectl: Single node without header',
      metrics: [node('node1', 1e9, Gi)], available: { node1: capacity }, noHeaders: true,
      want: 'node1   1000m   10%   1024Mi   10%   \n',
    },
    {
      name: 'kubectl: Multiple nodes with one missing metrics',
      metrics: [node('node1', 1e9, Gi)], available: { node1: capacity, node2: capacity },
      want: 'NAME    CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \nnode1   1000m        10%         1024Mi          10%         \nnode2   <unknown>    <unknown>   <unknown>       <unknown>   \n',
    },
    {
      name: 'kubectl: Multiple nodes with metrics sorted by memory',
      metrics: [node('node1', 1e9, Gi), node('node2', 2e9, 5 * Gi)], available: { node1: capacity, node2: capacity }, sortBy: 'memory',
      want: 'NAME    CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \nnode2   2000m        20%      5120Mi          50%         \nnode1   1000m        10%      1024Mi          10%         \n',
    },
    // ours
    { name: 'no metrics: nothing', metrics: [], available: { node1: capacity }, want: '' },
    {
      name: 'by name; percentages truncated; allocatable in Ki',
      metrics: [node('k8s-node2', cores(0.987), 300 * Mi), node('k8s-master', 0, 0), node('k8s-node1', 3e6, 13 * Mi)],
      available: Object.fromEntries(['k8s-master', 'k8s-node1', 'k8s-node2'].map((n) => [n, { cpu: '2', memory: '1048576Ki', pods: '110' }])),
      want: 'NAME         CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \nk8s-master   0m           0%       0Mi             0%          \nk8s-node1    3m           0%       13Mi            1%          \nk8s-node2    987m         49%      300Mi           29%         \n',
    },
    {
      name: 'sort by cpu',
      metrics: [node('a', 1e6, 0), node('b', 9e6, 0)], available: { a: capacity, b: capacity }, sortBy: 'cpu',
      want: 'NAME   CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \nb      9m           0%       0Mi             0%          \na      1m           0%       0Mi             0%          \n',
    },
    {
      name: 'a node with metrics but no status resources: no percent cells',
      metrics: [node('a', 1e6, Mi)], available: {},
      want: 'NAME   CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \na      1m           1Mi      \n',
    },
    {
      name: 'only cpu known: only the CPU(%) cell',
      metrics: [node('a', 1e9, Mi)], available: { a: { cpu: '4' } }, noHeaders: true,
      want: 'a     1000m   25%   1Mi   \n',
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(printNodeMetrics(c.metrics, c.available, { noHeaders: c.noHeaders, sortBy: c.sortBy }), c.want));
  }
});
