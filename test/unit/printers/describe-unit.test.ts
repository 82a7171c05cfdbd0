// Table-driven unit tests of the describe building blocks (the whole layouts are checked against
// the real kubectl in describe.test.ts).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/api/types';
import { resolveResource } from '../../../src/api/kinds';
import { describeEventsTable, describeObject, eventsFor } from '../../../src/printers/describe';
import { smartLabelFor } from '../../../src/printers/describe/generic';
import { podQOS } from '../../../src/printers/describe/pod';
import {
  formatEndpointSlices, goTimeString, PrefixWriter, printAnnotationsMultiline, printTolerationsMultilineWithIndent, rfc1123z, taintString,
} from '../../../src/printers/describe/writer';
import { viewOf } from '../../helpers/view';

const NOW = Date.parse('2024-12-02T10:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.000Z$/, 'Z');

function ev(name: string, extra: Record<string, unknown>): KObject {
  return {
    apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u1' }, type: 'Normal', reason: 'R', message: 'm',
    source: { component: 'kubelet' }, ...extra,
  };
}

describe('describeEventsTable', () => {
  const cases: { name: string; events: KObject[]; want: string }[] = [
    { name: 'none', events: [], want: 'Events:  <none>\n' },
    {
      name: 'sorted by lastTimestamp, repeats as (xN over first), message trimmed',
      events: [
        ev('b', { reason: 'Started', firstTimestamp: ago(5), lastTimestamp: ago(5), count: 1, message: '  Started container nginx \n' }),
        ev('a', { reason: 'BackOff', type: 'Warning', firstTimestamp: ago(600), lastTimestamp: ago(120), count: 5 }),
        ev('c', { reason: 'Scheduled', source: {}, reportingComponent: 'default-scheduler', firstTimestamp: ago(700), lastTimestamp: ago(700), count: 1 }),
      ],
      want: 'Events:\n'
        + '  Type     Reason     Age               From               Message\n'
        + '  ----     ------     ----              ----               -------\n'
        + '  Normal   Scheduled  11m               default-scheduler  m\n'
        + '  Warning  BackOff    2m (x5 over 10m)  kubelet            m\n'
        + '  Normal   Started    5s                kubelet            Started container nginx\n',
    },
    {
      name: 'eventTime and series (events.k8s.io), missing lastTimestamp sorts first',
      events: [
        ev('x', { firstTimestamp: ago(30), lastTimestamp: ago(30), count: 1 }),
        ev('y', { eventTime: '2024-12-02T09:50:00.000000Z', series: { count: 3, lastObservedTime: '2024-12-02T09:59:00.000000Z' }, firstTimestamp: null, lastTimestamp: null }),
        ev('z', { firstTimestamp: null, lastTimestamp: null }),
      ],
      want: 'Events:\n'
        + '  Type    Reason  Age                From     Message\n'
        + '  ----    ------  ----               ----     -------\n'
        + '  Normal  R       60s (x3 over 10m)  kubelet  m\n'
        + '  Normal  R       <unknown>          kubelet  m\n'
        + '  Normal  R       30s                kubelet  m\n',
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(describeEventsTable(c.events, NOW), c.want));
});

describe('eventsFor / objectEvents', () => {
  const events = [
    ev('1', { involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u1' } }),
    ev('2', { involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'old-uid' } }),
    ev('3', { involvedObject: { kind: 'Service', name: 'p', namespace: 'default', uid: 'u1' } }),
    ev('4', { involvedObject: { kind: 'Node', name: 'n1', uid: 'n1' } }),
    ev('5', { involvedObject: { kind: 'Node', name: 'n1', uid: 'node-uid' } }),
    { ...ev('6', { involvedObject: { kind: 'Node', name: 'n1', uid: 'n1' } }), metadata: { name: '6', namespace: 'kube-system' } },
  ];
  const view = viewOf(events);
  const cases: { name: string; ref: Parameters<typeof eventsFor>[1]; want: string[] }[] = [
    { name: 'pod: no kind filter, uid must match', ref: { name: 'p', namespace: 'default', uid: 'u1' }, want: ['1', '3'] },
    { name: 'service: kind filter', ref: { name: 'p', namespace: 'default', kind: 'Service', uid: 'u1' }, want: ['3'] },
    { name: 'node by name-uid, all namespaces', ref: { name: 'n1', namespace: '', kind: 'Node', uid: 'n1' }, want: ['4', '6'] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(eventsFor(view, c.ref).map((e) => e.metadata.name), c.want));
});

describe('formatEndpointSlices', () => {
  const slice = (ports: unknown[] | undefined, eps: Array<[string, boolean | undefined]>): KObject => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's' }, addressType: 'IPv4',
    ...(ports ? { ports } : {}),
    endpoints: eps.map(([ip, ready]) => ({ addresses: [ip], conditions: ready === undefined ? {} : { ready } })),
  });
  const cases: { name: string; slices: KObject[]; ports: Set<string> | null; want: string }[] = [
    { name: 'no slices', slices: [], ports: new Set(['']), want: '<none>' },
    { name: 'ready only, nil ready counts', slices: [slice([{ name: '', port: 80 }], [['10.0.0.1', true], ['10.0.0.2', false], ['10.0.0.3', undefined]])], ports: new Set(['']), want: '10.0.0.1:80,10.0.0.3:80' },
    { name: 'no ready endpoints', slices: [slice([{ name: '', port: 80 }], [['10.0.0.1', false]])], ports: new Set(['']), want: '' },
    { name: 'other port name', slices: [slice([{ name: 'http', port: 80 }], [['10.0.0.1', true]])], ports: new Set(['']), want: '' },
    { name: 'more than 3', slices: [slice([{ name: 'http', port: 8080 }], [['10.0.0.1', true], ['10.0.0.2', true], ['10.0.0.3', true], ['10.0.0.4', true], ['10.0.0.5', true]])], ports: new Set(['http']), want: '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more...' },
    { name: 'headless without ports', slices: [slice(undefined, [['10.0.0.1', true], ['10.0.0.2', true]])], ports: new Set(['']), want: '10.0.0.1,10.0.0.2' },
    { name: 'IPv6 joined with brackets', slices: [slice([{ name: '', port: 80 }], [['fd00::1', true]])], ports: null, want: '[fd00::1]:80' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(formatEndpointSlices(c.slices, c.ports), c.want));
});

describe('smartLabelFor', () => {
  const cases: [string, string][] = [
    ['apiVersion', 'API Version'], ['creationTimestamp', 'Creation Timestamp'], ['uid', 'UID'], ['podCIDR', 'Pod CIDR'],
    ['IPFamilies', 'IP Families'], ['k8s-app', 'k8s-app'], ['$patch', '$patch'], ['foo-bar', 'Foo - Bar'], ['externalURL', 'External URL'],
  ];
  for (const [input, want] of cases) test(input, () => assert.equal(smartLabelFor(input), want));
});

describe('podQOS', () => {
  const pod = (containers: unknown[], qosClass?: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers }, status: qosClass ? { qosClass } : {} });
  const res = (requests?: Record<string, string>, limits?: Record<string, string>) => ({ name: 'c', resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } });
  const cases: { name: string; pod: KObject; want: string }[] = [
    { name: 'status wins', pod: pod([res({ cpu: '1' })], 'Guaranteed'), want: 'Guaranteed' },
    { name: 'nothing', pod: pod([res()]), want: 'BestEffort' },
    { name: 'zero requests', pod: pod([res({ cpu: '0' })]), want: 'BestEffort' },
    { name: 'requests only', pod: pod([res({ cpu: '100m' })]), want: 'Burstable' },
    { name: 'limits = requests', pod: pod([res({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]), want: 'Guaranteed' },
    { name: 'limits without requests (as computed; the API server would have defaulted requests)', pod: pod([res(undefined, { cpu: '1', memory: '1Gi' })]), want: 'Burstable' },
    { name: 'cpu limit only', pod: pod([res({ cpu: '1' }, { cpu: '1' })]), want: 'Burstable' },
    { name: '1000m equals 1', pod: pod([res({ cpu: '1000m', memory: '1Gi' }, { cpu: '1', memory: '1024Mi' })]), want: 'Guaranteed' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(podQOS(c.pod), c.want));
});

describe('writer helpers', () => {
  test('rfc1123z / goTimeString', () => {
    assert.equal(rfc1123z('2024-12-02T10:00:05Z'), 'Mon, 02 Dec 2024 10:00:05 +0000');
    assert.equal(rfc1123z(undefined), 'Mon, 01 Jan 0001 00:00:00 +0000');
    assert.equal(goTimeString('2024-12-02T10:00:05Z'), '2024-12-02 10:00:05 +0000 UTC');
  });
  test('taints', () => {
    assert.equal(taintString({ key: 'k', value: 'v', effect: 'NoSchedule' }), 'k=v:NoSchedule');
    assert.equal(taintString({ key: 'k', effect: 'NoExecute' }), 'k:NoExecute');
  });
  const annotationCases: { name: string; ann: Record<string, string> | undefined; want: string }[] = [
    { name: 'none', ann: undefined, want: 'Annotations:  <none>\n' },
    { name: 'only last-applied', ann: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, want: 'Annotations:  <none>\n' },
    { name: 'fits in 140', ann: { k: 'v'.repeat(137) }, want: `Annotations:  k: ${'v'.repeat(137)}\n` },
    { name: 'folded past 140', ann: { k: 'v'.repeat(138) }, want: `Annotations:  k:\n                ${'v'.repeat(138)}\n` },
    { name: 'shortened past 138', ann: { k: 'v'.repeat(200) }, want: `Annotations:  k:\n                ${'v'.repeat(138)}...\n` },
    { name: 'multi-line, trailing newline dropped', ann: { a: '1', m: 'x\ny\n' }, want: 'Annotations:  a: 1\n              m:\n                x\n                y\n' },
  ];
  for (const c of annotationCases) {
    test(`annotations: ${c.name}`, () => {
      const w = new PrefixWriter();
      printAnnotationsMultiline(w, 'Annotations', c.ann);
      assert.equal(w.done(), c.want);
    });
  }
  test('tolerations', () => {
    const w = new PrefixWriter();
    printTolerationsMultilineWithIndent(w, '', 'Tolerations', '\t', [
      { key: 'b', operator: 'Equal', value: 'x', effect: 'NoSchedule' }, { operator: 'Exists' }, { key: 'a', operator: 'Exists', tolerationSeconds: 60 },
    ]);
    assert.equal(w.done(), 'Tolerations:  op=Exists\n              a op=Exists for 60s\n              b=x:NoSchedule\n');
  });
});

describe('describeObject', () => {
  const svc: KObject = {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default', uid: 'su' },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.9'], ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], sessionAffinity: 'None' },
  };
  const event: KObject = ev('s.1', { involvedObject: { kind: 'Service', name: 's', namespace: 'default', uid: 'su' }, firstTimestamp: ago(3), lastTimestamp: ago(3), count: 1 });
  test('service without slices, events on and off', () => {
    const info = resolveResource('svc')!;
    const view = viewOf([svc, event]);
    const base = 'Name:              s\nNamespace:         default\nLabels:            <none>\nAnnotations:       <none>\nSelector:          <none>\n'
      + 'Type:              ClusterIP\nIP Families:       <none>\nIP:                10.96.0.9\nIPs:               10.96.0.9\n'
      + 'Port:              <unset>  80/TCP\nTargetPort:        8080/TCP\nEndpoints:         <none>\nSession Affinity:  None\n';
    assert.equal(describeObject(info, svc, view, NOW, { showEvents: false }), base);
    assert.equal(describeObject(info, svc, view, NOW), base
      + 'Events:\n  Type    Reason  Age   From     Message\n  ----    ------  ----  ----     -------\n  Normal  R       3s    kubelet  m\n');
  });
  test('node without lease, pods or events', () => {
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', uid: 'nu', creationTimestamp: ago(60) }, spec: {}, status: {} };
    const out = describeObject(resolveResource('node')!, node, viewOf([node]), NOW);
    assert.match(out, /^Lease:\s+Failed to get lease: leases.coordination.k8s.io "n" not found$/m);
    assert.match(out, /^Non-terminated Pods:\s+\(0 in total\)$/m);
    assert.match(out, /^Events:\s+<none>\n$/m);
  });
});
