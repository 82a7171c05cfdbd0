import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { kindByResource, KindInfo } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import { cellText, formatLabelSelector, hasPrinter, printTable, printTables, selectorString, TableOptions, tableRows, TableStream } from '../../../src/printers/table';
import { ago, D, deployment, H, M, NOW, pod, replicaSet, S, service } from './objects';

const K = (resource: string): KindInfo => {
  const k = kindByResource(resource);
  if (!k) throw new Error(`no kind ${resource}`);
  return k;
};
const print = (resource: string, objs: KObject[], o: Partial<TableOptions> = {}) => printTable(K(resource), objs, { now: NOW, ...o });
const lines = (...l: string[]) => `${l.join('\n')}\n`;
/** the visible cells of one object's row */
const row = (resource: string, obj: KObject, wide = false) => tableRows(K(resource), [obj], { now: NOW, wide }).rows[0].cells.map(cellText);
const header = (resource: string, wide = false) => tableRows(K(resource), [], { now: NOW, wide }).header;
const obj = (kind: string, name: string, rest: Record<string, unknown> = {}, ns: string | null = 'default', created = 5 * M): KObject =>
  ({ kind, metadata: { name, ...(ns ? { namespace: ns } : {}), creationTimestamp: ago(created) }, ...rest });

describe('get tables: seed lab outputs', () => {
  const cases: { name: string; resource: string; objs: KObject[]; opts?: Partial<TableOptions>; want: string }[] = [
    {
      name: 'get svc (NodePort among ClusterIPs)',
      resource: 'services',
      objs: [
        service('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], created: 27 * D }),
        service('nginx-svc', { type: 'NodePort', clusterIP: '10.105.21.137', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }], created: 4 * S }),
        service('redis-svc', { clusterIP: '10.102.44.127', ports: [{ port: 6379, protocol: 'TCP' }], created: 55 * M }),
        service('service-demo', { clusterIP: '10.98.31.157', ports: [{ port: 80, protocol: 'TCP' }], created: 16 * H }),
      ],
      want: lines(
        'NAME           TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE',
        'kubernetes     ClusterIP   10.96.0.1       <none>        443/TCP        27d',
        'nginx-svc      NodePort    10.105.21.137   <none>        80:30080/TCP   4s',
        'redis-svc      ClusterIP   10.102.44.127   <none>        6379/TCP       55m',
        'service-demo   ClusterIP   10.98.31.157    <none>        80/TCP         16h'),
    },
    {
      name: 'get svc (headless)',
      resource: 'services',
      objs: [
        service('httpd-svc', { clusterIP: 'None', ports: [{ port: 80, protocol: 'TCP' }], created: 4 * S }),
        service('kubernetes', { clusterIP: '10.96.0.1', ports: [{ port: 443, protocol: 'TCP' }], created: 27 * D }),
        service('nginx-svc', { type: 'NodePort', clusterIP: '10.105.21.137', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }], created: 112 * M }),
        service('redis-svc', { clusterIP: '10.102.44.127', ports: [{ port: 6379, protocol: 'TCP' }], created: 168 * M }),
        service('service-demo', { clusterIP: '10.98.31.157', ports: [{ port: 80, protocol: 'TCP' }], created: 18 * H }),
      ],
      want: lines(
        'NAME           TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE',
        'httpd-svc      ClusterIP   None            <none>        80/TCP         4s',
        'kubernetes     ClusterIP   10.96.0.1       <none>        443/TCP        27d',
        'nginx-svc      NodePort    10.105.21.137   <none>        80:30080/TCP   112m',
        'redis-svc      ClusterIP   10.102.44.127   <none>        6379/TCP       168m',
        'service-demo   ClusterIP   10.98.31.157    <none>        80/TCP         18h'),
    },
    {
      name: 'get svc -n ingress-nginx (two node ports)',
      resource: 'services',
      objs: [service('ingress-nginx', {
        ns: 'ingress-nginx', type: 'NodePort', clusterIP: '10.107.40.182', created: 6 * H + 39 * M,
        ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 32699 }, { name: 'https', port: 443, protocol: 'TCP', nodePort: 30842 }],
      })],
      want: lines(
        'NAME            TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)                      AGE',
        'ingress-nginx   NodePort   10.107.40.182   <none>        80:32699/TCP,443:30842/TCP   6h39m'),
    },
    {
      name: 'get svc -n multisvc (two ports)',
      resource: 'services',
      objs: [
        service('nginx-svc', { ns: 'multisvc', clusterIP: '10.104.213.237', ports: [{ port: 80, protocol: 'TCP' }], created: 26 * S }),
        service('tomcat-svc', { ns: 'multisvc', clusterIP: '10.103.75.161', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'ajp', port: 8009, protocol: 'TCP' }], created: 26 * S }),
      ],
      want: lines(
        'NAME         TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)             AGE',
        'nginx-svc    ClusterIP   10.104.213.237   <none>        80/TCP              26s',
        'tomcat-svc   ClusterIP   10.103.75.161    <none>        8080/TCP,8009/TCP   26s'),
    },
    {
      name: 'get pods -n multisvc -o wide',
      resource: 'pods',
      opts: { wide: true },
      objs: [
        ['nginx-deploy-86c667ff66-hl6rx', '10.244.2.78', 'k8s-node2'], ['nginx-deploy-86c667ff66-hx4j8', '10.244.2.77', 'k8s-node2'],
        ['nginx-deploy-86c667ff66-tl9mm', '10.244.1.79', 'k8s-node1'], ['tomcat-deploy-6484688ddc-n25hn', '10.244.1.78', 'k8s-node1'],
        ['tomcat-deploy-6484688ddc-s8dts', '10.244.1.80', 'k8s-node1'], ['tomcat-deploy-6484688ddc-snszk', '10.244.2.76', 'k8s-node2'],
      ].map(([n, ip, node]) => pod(n, { ns: 'multisvc', ip, node, created: 13 * S })),
      want: lines(
        'NAME                             READY   STATUS    RESTARTS   AGE   IP            NODE        NOMINATED NODE   READINESS GATES',
        'nginx-deploy-86c667ff66-hl6rx    1/1     Running   0          13s   10.244.2.78   k8s-node2   <none>           <none>',
        'nginx-deploy-86c667ff66-hx4j8    1/1     Running   0          13s   10.244.2.77   k8s-node2   <none>           <none>',
        'nginx-deploy-86c667ff66-tl9mm    1/1     Running   0          13s   10.244.1.79   k8s-node1   <none>           <none>',
        'tomcat-deploy-6484688ddc-n25hn   1/1     Running   0          13s   10.244.1.78   k8s-node1   <none>           <none>',
        'tomcat-deploy-6484688ddc-s8dts   1/1     Running   0          13s   10.244.1.80   k8s-node1   <none>           <none>',
        'tomcat-deploy-6484688ddc-snszk   1/1     Running   0          13s   10.244.2.76   k8s-node2   <none>           <none>'),
    },
    {
      name: 'get pods -n ingress-nginx',
      resource: 'pods',
      objs: [pod('nginx-ingress-controller-79f6884cf6-5fb6v', { ns: 'ingress-nginx', created: 18 * M })],
      want: lines(
        'NAME                                        READY   STATUS    RESTARTS   AGE',
        'nginx-ingress-controller-79f6884cf6-5fb6v   1/1     Running   0          18m'),
    },
    {
      name: 'get endpoints',
      resource: 'endpoints',
      objs: [
        obj('Endpoints', 'kubernetes', { subsets: [{ addresses: [{ ip: '192.168.1.31' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] }, 'default', 27 * D),
        obj('Endpoints', 'nginx', { subsets: [{ addresses: [{ ip: '10.244.1.63' }, { ip: '10.244.2.60' }, { ip: '10.244.2.61' }], ports: [{ port: 80, protocol: 'TCP' }] }] }, 'default', 29 * S),
      ],
      want: lines(
        'NAME         ENDPOINTS                                      AGE',
        'kubernetes   192.168.1.31:6443                              27d',
        'nginx        10.244.1.63:80,10.244.2.60:80,10.244.2.61:80   29s'),
    },
    {
      name: 'get deployment',
      resource: 'deployments',
      objs: [deployment('nginx', { created: 35 * S })],
      want: lines('NAME    READY   UP-TO-DATE   AVAILABLE   AGE', 'nginx   3/3     3            3           35s'),
    },
    {
      name: 'get secret',
      resource: 'secrets',
      objs: [
        obj('Secret', 'default-token-mf5wd', { type: 'kubernetes.io/service-account-token', data: { 'ca.crt': 'x', namespace: 'eA==', token: 'eA==' } }, 'multisvc', 5 * H + 12 * M),
        obj('Secret', 'nginx-ingress-secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, 'multisvc', 53 * S),
        obj('Secret', 'tomcat-ingress-secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, 'multisvc', 27 * S),
      ],
      want: lines(
        'NAME                    TYPE                                  DATA   AGE',
        'default-token-mf5wd     kubernetes.io/service-account-token   3      5h12m',
        'nginx-ingress-secret    kubernetes.io/tls                     2      53s',
        'tomcat-ingress-secret   kubernetes.io/tls                     2      27s'),
    },
    {
      name: 'get namespace testing',
      resource: 'namespaces',
      objs: [obj('Namespace', 'testing', { status: { phase: 'Active' } }, null, 12 * S)],
      want: lines('NAME      STATUS   AGE', 'testing   Active   12s'),
    },
    {
      name: 'get ingress (v1.32 shape of the seed ingresses)',
      resource: 'ingresses',
      objs: [
        obj('Ingress', 'nginx', { spec: { rules: [{ host: 'nginx.ilinux.io' }] }, status: { loadBalancer: {} } }, 'testing', 66 * M),
        obj('Ingress', 'nginx-ingress-tls', { spec: { tls: [{ hosts: ['nginx.ilinux.io'], secretName: 's' }], rules: [{ host: 'nginx.ilinux.io' }] } }, 'testing', 15 * S),
      ],
      want: lines(
        'NAME                CLASS    HOSTS             ADDRESS   PORTS     AGE',
        'nginx               <none>   nginx.ilinux.io             80        66m',
        'nginx-ingress-tls   <none>   nginx.ilinux.io             80, 443   15s'),
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(print(c.resource, c.objs, c.opts), c.want));
});

describe('get tables: decoration', () => {
  const svcs = [
    service('kubernetes', { clusterIP: '10.96.0.1', ports: [{ port: 443, protocol: 'TCP' }], created: 5 * D, labels: { component: 'apiserver', provider: 'kubernetes' } }),
    service('web', { ns: 'dev', clusterIP: '10.96.100.7', ports: [{ port: 80, protocol: 'TCP' }], selector: { tier: 'fe', app: 'web' }, created: 10 * S, labels: { app: 'web' } }),
  ];
  const cases: { name: string; opts: Partial<TableOptions>; want: string }[] = [
    {
      name: '-A: NAMESPACE first',
      opts: { withNamespace: true },
      want: lines(
        'NAMESPACE   NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE',
        'default     kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP   5d',
        'dev         web          ClusterIP   10.96.100.7   <none>        80/TCP    10s'),
    },
    {
      name: '-o wide: SELECTOR sorted by key, <none> when empty',
      opts: { wide: true },
      want: lines(
        'NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE   SELECTOR',
        'kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP   5d    <none>',
        'web          ClusterIP   10.96.100.7   <none>        80/TCP    10s   app=web,tier=fe'),
    },
    {
      name: '--show-labels',
      opts: { showLabels: true },
      want: lines(
        'NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE   LABELS',
        'kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP   5d    component=apiserver,provider=kubernetes',
        'web          ClusterIP   10.96.100.7   <none>        80/TCP    10s   app=web'),
    },
    {
      name: '-L app,kubernetes.io/component --show-labels (label columns before LABELS)',
      opts: { labelColumns: ['app', 'example.com/component'], showLabels: true },
      want: lines(
        'NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE   APP   COMPONENT   LABELS',
        'kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP   5d                      component=apiserver,provider=kubernetes',
        'web          ClusterIP   10.96.100.7   <none>        80/TCP    10s   web               app=web'),
    },
    {
      name: '--no-headers',
      opts: { noHeaders: true },
      want: lines(
        'kubernetes   ClusterIP   10.96.0.1     <none>   443/TCP   5d',
        'web          ClusterIP   10.96.100.7   <none>   80/TCP    10s'),
    },
    {
      name: 'withKind (get all / several types)',
      opts: { withKind: true, withNamespace: true },
      want: lines(
        'NAMESPACE   NAME                 TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE',
        'default     service/kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP   5d',
        'dev         service/web          ClusterIP   10.96.100.7   <none>        80/TCP    10s'),
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(print('services', svcs, c.opts), c.want));

  test('no objects: empty output (no header)', () => {
    assert.equal(print('pods', []), '');
    assert.equal(print('pods', [], { noHeaders: true }), '');
  });

  test('get all (compat §1.0 oracle shape)', () => {
    const blocks = [
      print('pods', [pod('web-7c5ddbdf54-x8k2m', { created: 10 * S })], { withKind: true }),
      print('replicationcontrollers', [], { withKind: true }),
      print('services', [service('kubernetes', { ports: [{ port: 443, protocol: 'TCP' }], created: 5 * D })], { withKind: true }),
      print('deployments', [deployment('web', { replicas: 1, ready: 1, updated: 1, available: 1, created: 10 * S })], { withKind: true }),
      print('replicasets', [replicaSet('web-7c5ddbdf54', { desired: 1, current: 1, ready: 1, created: 10 * S })], { withKind: true }),
    ].filter(Boolean);
    assert.equal(blocks.join('\n'), `NAME                       READY   STATUS    RESTARTS   AGE
pod/web-7c5ddbdf54-x8k2m   1/1     Running   0          10s

NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   5d

NAME                  READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/web   1/1     1            1           10s

NAME                             DESIRED   CURRENT   READY   AGE
replicaset.apps/web-7c5ddbdf54   1         1         1       10s
`);
  });

  test('printTables: kind prefixes, blank lines, empty types skipped, sticky NAMESPACE (-A)', () => {
    const node = obj('Node', 'n1', { status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } } }, null, 27 * D);
    const groups = [
      { info: K('nodes'), objects: [node] },
      { info: K('pods'), objects: [pod('web', { created: 10 * S })] },
      { info: K('replicationcontrollers'), objects: [] },
      { info: K('persistentvolumes'), objects: [obj('PersistentVolume', 'pv1', { spec: { capacity: { storage: '1Gi' } }, status: { phase: 'Available' } }, null)] },
    ];
    assert.equal(printTables(groups, { now: NOW, withNamespace: true }), `NAME      STATUS   ROLES    AGE   VERSION
node/n1   Ready    <none>   27d   v1.32.0

NAMESPACE   NAME      READY   STATUS    RESTARTS   AGE
default     pod/web   1/1     Running   0          10s

NAMESPACE   NAME                   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
            persistentvolume/pv1   1Gi                                        Available                          <unset>                          5m
`);
    assert.equal(printTables(groups.slice(0, 2), { now: NOW, noHeaders: true }), 'node/n1   Ready   <none>   27d   v1.32.0\npod/web   1/1   Running   0     10s\n');
    assert.equal(printTables([{ info: K('pods'), objects: [pod('web', { created: 10 * S })] }], { now: NOW }), lines('NAME   READY   STATUS    RESTARTS   AGE', 'web    1/1     Running   0          10s'));
  });

  test('-A is ignored for a cluster-scoped type on its own', () => {
    const node = obj('Node', 'n1', { status: {} }, null, D);
    assert.equal(print('nodes', [node], { withNamespace: true }), lines('NAME   STATUS    ROLES    AGE   VERSION', 'n1     Unknown   <none>   24h   '));
  });

  test('a cell with a newline is cut with ...', () => {
    const ev = obj('Event', 'x.1', { type: 'Warning', reason: 'Failed', message: 'line one\nline two', involvedObject: { kind: 'Pod', name: 'x' }, lastTimestamp: ago(5 * S) });
    assert.equal(row('events', ev)[4], 'line one...');
  });

  test('TableStream (get -w): header once, widths only grow', () => {
    const s = new TableStream(K('pods'), { now: NOW });
    assert.equal(s.print([]), '');
    assert.equal(s.print([pod('web-long-name-1', { created: 5 * S })]),
      lines('NAME              READY   STATUS    RESTARTS   AGE', 'web-long-name-1   1/1     Running   0          5s'));
    assert.equal(s.print([pod('w', { phase: 'Pending', statuses: [{ name: 'nginx', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }], created: 1 * S })]),
      lines('w                 0/1     ContainerCreating   0          1s'));
    assert.equal(s.print([pod('w', { created: 2 * S })], NOW + 60 * S),
      lines('w                 1/1     Running             0          62s'));
  });

  test('TableStream with watch event types (--output-watch-events)', () => {
    const s = new TableStream(K('pods'), { now: NOW });
    assert.equal(s.print([pod('web', { created: 5 * S })], undefined, 'ADDED'),
      lines('EVENT      NAME   READY   STATUS    RESTARTS   AGE', 'ADDED      web    1/1     Running   0          5s'));
    assert.equal(s.print([pod('web', { created: 5 * S, deletion: true })], undefined, 'DELETED'),
      lines('DELETED    web    1/1     Terminating   0          5s'));
  });
});

describe('pod READY / STATUS / RESTARTS', () => {
  const waiting = (name: string, reason: string, restarts = 0, extra: any = {}) =>
    ({ name, image: 'x', ready: false, started: false, restartCount: restarts, state: { waiting: { reason } }, lastState: {}, ...extra });
  const terminated = (name: string, t: any, restarts = 0) =>
    ({ name, image: 'x', ready: false, started: false, restartCount: restarts, state: { terminated: t }, lastState: {} });
  const runningC = (name: string, ready = true, restarts = 0, extra: any = {}) =>
    ({ name, image: 'x', ready, started: true, restartCount: restarts, state: { running: { startedAt: ago(M) } }, lastState: {}, ...extra });
  const two = [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }];
  const init2 = [{ name: 'i1', image: 'busybox' }, { name: 'i2', image: 'busybox' }];
  const notInit = [{ type: 'Initialized', status: 'False' }];

  const cases: { name: string; p: KObject; want: [string, string, string] }[] = [
    { name: 'running', p: pod('p'), want: ['1/1', 'Running', '0'] },
    { name: 'pending, unscheduled', p: pod('p', { phase: 'Pending', statuses: [], conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }), want: ['0/1', 'Pending', '0'] },
    { name: 'scheduling gated', p: pod('p', { phase: 'Pending', statuses: [], conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), want: ['0/1', 'SchedulingGated', '0'] },
    { name: 'container creating', p: pod('p', { phase: 'Pending', statuses: [waiting('nginx', 'ContainerCreating')] }), want: ['0/1', 'ContainerCreating', '0'] },
    { name: 'image pull backoff', p: pod('p', { phase: 'Pending', statuses: [waiting('nginx', 'ImagePullBackOff')] }), want: ['0/1', 'ImagePullBackOff', '0'] },
    {
      name: 'crash loop with last restart time',
      p: pod('p', { statuses: [waiting('nginx', 'CrashLoopBackOff', 3, { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * M) } } })] }),
      want: ['0/1', 'CrashLoopBackOff', '3 (5m ago)'],
    },
    {
      name: 'restarted, running again',
      p: pod('p', { statuses: [runningC('nginx', true, 2, { lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(90 * S) } } })] }),
      want: ['1/1', 'Running', '2 (90s ago)'],
    },
    { name: 'restarts without a finish time', p: pod('p', { statuses: [runningC('nginx', true, 4)] }), want: ['1/1', 'Running', '4'] },
    { name: 'completed', p: pod('p', { phase: 'Succeeded', statuses: [terminated('nginx', { exitCode: 0, reason: 'Completed' })] }), want: ['0/1', 'Completed', '0'] },
    { name: 'error', p: pod('p', { phase: 'Failed', statuses: [terminated('nginx', { exitCode: 1, reason: 'Error' })] }), want: ['0/1', 'Error', '0'] },
    { name: 'exit code without reason', p: pod('p', { phase: 'Failed', statuses: [terminated('nginx', { exitCode: 2 })] }), want: ['0/1', 'ExitCode:2', '0'] },
    { name: 'signal without reason', p: pod('p', { phase: 'Failed', statuses: [terminated('nginx', { exitCode: 137, signal: 9 })] }), want: ['0/1', 'Signal:9', '0'] },
    { name: 'evicted', p: pod('p', { phase: 'Failed', reason: 'Evicted', statuses: [] }), want: ['0/1', 'Evicted', '0'] },
    { name: 'two containers, one ready', p: pod('p', { containers: two, statuses: [runningC('a'), runningC('b', false)], conditions: [] }), want: ['1/2', 'Running', '0'] },
    {
      name: 'first container waiting wins over the second (loop runs backwards)',
      p: pod('p', { containers: two, statuses: [waiting('a', 'ErrImagePull'), waiting('b', 'ContainerCreating')] }),
      want: ['0/2', 'ErrImagePull', '0'],
    },
    {
      name: 'completed + running, Ready condition: Running',
      p: pod('p', { containers: two, statuses: [terminated('a', { exitCode: 0, reason: 'Completed' }), runningC('b')] }),
      want: ['1/2', 'Running', '0'],
    },
    {
      name: 'completed + running, no Ready condition: NotReady',
      p: pod('p', { containers: two, statuses: [terminated('a', { exitCode: 0, reason: 'Completed' }), runningC('b')], conditions: [{ type: 'Ready', status: 'False' }] }),
      want: ['1/2', 'NotReady', '0'],
    },
    {
      name: 'init 0/2 (first init running)',
      p: pod('p', { phase: 'Pending', initContainers: init2, initStatuses: [runningC('i1', false), waiting('i2', 'PodInitializing')], statuses: [waiting('nginx', 'PodInitializing')], conditions: notInit }),
      want: ['0/1', 'Init:0/2', '0'],
    },
    {
      name: 'init 1/2 (first done)',
      p: pod('p', { phase: 'Pending', initContainers: init2, initStatuses: [terminated('i1', { exitCode: 0, reason: 'Completed' }), runningC('i2', false)], statuses: [waiting('nginx', 'PodInitializing')], conditions: notInit }),
      want: ['0/1', 'Init:1/2', '0'],
    },
    {
      name: 'init error',
      p: pod('p', { phase: 'Pending', initContainers: init2, initStatuses: [terminated('i1', { exitCode: 1, reason: 'Error' }, 2)], statuses: [waiting('nginx', 'PodInitializing')], conditions: notInit }),
      want: ['0/1', 'Init:Error', '2'],
    },
    {
      name: 'init crash loop',
      p: pod('p', { phase: 'Pending', initContainers: init2, initStatuses: [waiting('i1', 'CrashLoopBackOff', 3, { lastState: { terminated: { exitCode: 1, finishedAt: ago(40 * S) } } })], statuses: [waiting('nginx', 'PodInitializing')], conditions: notInit }),
      want: ['0/1', 'Init:CrashLoopBackOff', '3 (40s ago)'],
    },
    {
      name: 'init exit code without reason',
      p: pod('p', { phase: 'Pending', initContainers: init2, initStatuses: [terminated('i1', { exitCode: 3 })], conditions: notInit }),
      want: ['0/1', 'Init:ExitCode:3', '0'],
    },
    {
      name: 'restartable init (sidecar) counts in READY',
      p: pod('p', {
        initContainers: [{ name: 'side', image: 'envoy', restartPolicy: 'Always' }],
        initStatuses: [runningC('side', true, 1, { lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * M) } } })],
      }),
      want: ['2/2', 'Running', '1 (3m ago)'],
    },
    { name: 'terminating', p: pod('p', { deletion: true }), want: ['1/1', 'Terminating', '0'] },
    { name: 'terminating but already succeeded', p: pod('p', { deletion: true, phase: 'Succeeded', statuses: [terminated('nginx', { exitCode: 0, reason: 'Completed' })] }), want: ['0/1', 'Completed', '0'] },
    { name: 'node lost', p: pod('p', { deletion: true, reason: 'NodeLost' }), want: ['1/1', 'Unknown', '0'] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(row('pods', c.p).slice(1, 4), c.want));
  }

  test('wide: readiness gates, nominated node, missing IP', () => {
    const p = pod('p', {
      phase: 'Pending', statuses: [], nominated: 'node-2', readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }],
      conditions: [{ type: 'example.com/a', status: 'True' }, { type: 'example.com/b', status: 'False' }],
    });
    assert.deepEqual(row('pods', p, true).slice(5), ['<none>', '<none>', 'node-2', '1/2']);
    assert.deepEqual(header('pods', true), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
  });
});

describe('cells of every kind', () => {
  const lbSvc = (lb: any[] | undefined, externalIPs?: string[]) => service('lb', { type: 'LoadBalancer', clusterIP: '10.96.5.5', ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }], lb, externalIPs });
  const node = (name: string, o: { ready?: string | null; unschedulable?: boolean; labels?: Record<string, string> } = {}) => ({
    kind: 'Node',
    metadata: { name, creationTimestamp: ago(27 * D), labels: o.labels ?? {} },
    spec: o.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: o.ready === null ? [] : [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: o.ready ?? 'True' }],
      addresses: [{ type: 'InternalIP', address: '192.168.1.31' }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.5.0', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  }) as KObject;

  const cases: { name: string; resource: string; o: KObject; wide?: boolean; want: string[] }[] = [
    // services
    { name: 'svc LB pending', resource: 'services', o: lbSvc(undefined), want: ['lb', 'LoadBalancer', '10.96.5.5', '<pending>', '80:31000/TCP', '27d'] },
    { name: 'svc LB ingress sorted, hostname, not clipped', resource: 'services', o: lbSvc([{ ip: '192.168.1.240' }, { hostname: 'a1b2c3d4e5f6-1234567890.us-east-1.elb.amazonaws.com' }, { ip: '10.0.0.9' }]), want: ['lb', 'LoadBalancer', '10.96.5.5', '10.0.0.9,192.168.1.240,a1b2c3d4e5f6-1234567890.us-east-1.elb.amazonaws.com', '80:31000/TCP', '27d'] },
    { name: 'svc LB + externalIPs', resource: 'services', o: lbSvc([{ ip: '192.168.1.240' }], ['1.2.3.4']), want: ['lb', 'LoadBalancer', '10.96.5.5', '192.168.1.240,1.2.3.4', '80:31000/TCP', '27d'] },
    { name: 'svc LB externalIPs only', resource: 'services', o: lbSvc(undefined, ['1.2.3.4']), want: ['lb', 'LoadBalancer', '10.96.5.5', '1.2.3.4', '80:31000/TCP', '27d'] },
    { name: 'svc ClusterIP with externalIPs, UDP, no selector', resource: 'services', wide: true, o: service('dns', { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], externalIPs: ['1.1.1.1', '2.2.2.2'] }), want: ['dns', 'ClusterIP', '10.96.0.10', '1.1.1.1,2.2.2.2', '53/UDP,53/TCP', '27d', '<none>'] },
    { name: 'svc ExternalName', resource: 'services', o: service('ext', { type: 'ExternalName', externalName: 'example.com' }), want: ['ext', 'ExternalName', '<none>', 'example.com', '<none>', '27d'] },
    // endpoints
    { name: 'ep + N more', resource: 'endpoints', o: obj('Endpoints', 'web', { subsets: [{ addresses: ['10.244.0.5', '10.244.0.6', '10.244.0.7', '10.244.0.8', '10.244.0.9'].map((ip) => ({ ip })), ports: [{ port: 80 }] }] }), want: ['web', '10.244.0.5:80,10.244.0.6:80,10.244.0.7:80 + 2 more...', '5m'] },
    { name: 'ep two ports', resource: 'endpoints', o: obj('Endpoints', 'web', { subsets: [{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }], ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }] }), want: ['web', '10.244.0.5:80,10.244.0.6:80,10.244.0.5:443 + 1 more...', '5m'] },
    { name: 'ep headless without ports', resource: 'endpoints', o: obj('Endpoints', 'h', { subsets: [{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }] }] }), want: ['h', '10.244.0.5,10.244.0.6', '5m'] },
    { name: 'ep not ready only', resource: 'endpoints', o: obj('Endpoints', 'nr', { subsets: [{ notReadyAddresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }] }] }), want: ['nr', '', '5m'] },
    { name: 'ep none', resource: 'endpoints', o: obj('Endpoints', 'none', {}), want: ['none', '<none>', '5m'] },
    { name: 'ep IPv6', resource: 'endpoints', o: obj('Endpoints', 'v6', { subsets: [{ addresses: [{ ip: 'fd00::5' }], ports: [{ port: 80 }] }] }), want: ['v6', '[fd00::5]:80', '5m'] },
    // endpointslices
    {
      name: 'endpointslice', resource: 'endpointslices',
      o: obj('EndpointSlice', 'web-abcde', { addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.0.6'] }, { addresses: ['10.244.0.7'] }, { addresses: ['10.244.0.8'] }] }),
      want: ['web-abcde', 'IPv4', '80', '10.244.0.5,10.244.0.6,10.244.0.7 + 1 more...', '5m'],
    },
    { name: 'endpointslice nil port, empty', resource: 'endpointslices', o: obj('EndpointSlice', 'h-x', { addressType: 'IPv4', ports: [{ name: '' }, {}] }), want: ['h-x', 'IPv4', ',*', '<unset>', '5m'] },
    { name: 'endpointslice no ports', resource: 'endpointslices', o: obj('EndpointSlice', 'h-y', { addressType: 'IPv6', endpoints: [] }), want: ['h-y', 'IPv6', '<unset>', '<unset>', '5m'] },
    // ingress
    {
      name: 'ingress class, 4 hosts, LB', resource: 'ingresses',
      o: obj('Ingress', 'multi', {
        spec: { ingressClassName: 'nginx', rules: [{ host: 'a.com' }, {}, { host: 'b.com' }, { host: 'c.com' }, { host: 'd.com' }] },
        status: { loadBalancer: { ingress: [{ ip: '192.168.1.32' }, { hostname: 'k8s-game2048-ingress2-xxxxxxxxxx-yyyyyyyyy.us-west-2.elb.amazonaws.com' }] } },
      }),
      want: ['multi', 'nginx', 'a.com,b.com,c.com + 2 more...', '192.168.1.32,k8s-game2048-ingress2-xxxxxxxxxx-yyyyyyyyy.us-west-2.elb.amazonaws.com', '80', '5m'],
    },
    { name: 'ingress no hosts', resource: 'ingresses', o: obj('Ingress', 'any', { spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } }), want: ['any', '<none>', '*', '', '80', '5m'] },
    // ingressclass
    { name: 'ingressclass', resource: 'ingressclasses', o: obj('IngressClass', 'nginx', { spec: { controller: 'k8s.io/ingress-nginx' } }, null), want: ['nginx', 'k8s.io/ingress-nginx', '<none>', '5m'] },
    { name: 'ingressclass params', resource: 'ingressclasses', o: obj('IngressClass', 'x', { spec: { controller: 'c', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' } } }, null), want: ['x', 'c', 'IngressParameters.k8s.example.com/p', '5m'] },
    { name: 'ingressclass params core', resource: 'ingressclasses', o: obj('IngressClass', 'y', { spec: { controller: 'c', parameters: { kind: 'ConfigMap', name: 'p', scope: 'Namespace', namespace: 'n' } } }, null), want: ['y', 'c', 'ConfigMap/p', '5m'] },
    // nodes
    { name: 'node control-plane', resource: 'nodes', o: node('k8s-master', { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'k8s-master' } }), want: ['k8s-master', 'Ready', 'control-plane', '27d', 'v1.32.0'] },
    { name: 'node roles sorted, kubernetes.io/role', resource: 'nodes', o: node('n', { labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'infra', 'node-role.kubernetes.io/': '' } }), want: ['n', 'Ready', 'infra,worker', '27d', 'v1.32.0'] },
    { name: 'node not ready, cordoned', resource: 'nodes', o: node('n', { ready: 'False', unschedulable: true }), want: ['n', 'NotReady,SchedulingDisabled', '<none>', '27d', 'v1.32.0'] },
    { name: 'node unknown', resource: 'nodes', o: node('n', { ready: null }), want: ['n', 'Unknown', '<none>', '27d', 'v1.32.0'] },
    { name: 'node wide', resource: 'nodes', wide: true, o: node('k8s-node1'), want: ['k8s-node1', 'Ready', '<none>', '27d', 'v1.32.0', '192.168.1.31', '<none>', 'Ubuntu 22.04.4 LTS', '6.5.0', 'containerd://1.7.24'] },
    // workloads
    { name: 'deployment, status empty', resource: 'deployments', o: deployment('web', { ready: undefined, updated: 0, available: 0 }), want: ['web', '3/3', '0', '0', '35s'] },
    {
      name: 'deployment wide, matchExpressions', resource: 'deployments', wide: true,
      o: deployment('web', {
        containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox' }],
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }, { key: 'env', operator: 'DoesNotExist' }, { key: 'zone', operator: 'Exists' }, { key: 'x', operator: 'NotIn', values: ['1'] }] },
      }),
      want: ['web', '3/3', '3', '3', '35s', 'nginx,sidecar', 'nginx:1.25,busybox', 'app=web,!env,tier in (be,fe),x notin (1),zone'],
    },
    { name: 'deployment wide, empty selector', resource: 'deployments', wide: true, o: deployment('e', { selector: {} }), want: ['e', '3/3', '3', '3', '35s', 'nginx', 'nginx:1.12', ''] },
    { name: 'deployment wide, invalid selector', resource: 'deployments', wide: true, o: deployment('i', { selector: { matchExpressions: [{ key: 'a', operator: 'Bogus' }] } }), want: ['i', '3/3', '3', '3', '35s', 'nginx', 'nginx:1.12', '<invalid>'] },
    { name: 'replicaset wide', resource: 'replicasets', wide: true, o: replicaSet('nginx-67685f79b5', { ready: 0 }), want: ['nginx-67685f79b5', '3', '3', '0', '35s', 'nginx', 'nginx:1.12', 'app=nginx,pod-template-hash=67685f79b5'] },
    {
      name: 'replicationcontroller wide', resource: 'replicationcontrollers', wide: true,
      o: obj('ReplicationController', 'rc', { spec: { replicas: 2, selector: { app: 'x' }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: { replicas: 2, readyReplicas: 1 } }),
      want: ['rc', '2', '2', '1', '5m', 'c', 'i', 'app=x'],
    },
    {
      name: 'statefulset wide', resource: 'statefulsets', wide: true,
      o: obj('StatefulSet', 'web', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } }, status: { readyReplicas: 2 } }),
      want: ['web', '2/3', '5m', 'nginx', 'nginx'],
    },
    {
      name: 'daemonset', resource: 'daemonsets',
      o: obj('DaemonSet', 'kube-proxy', { spec: { selector: { matchLabels: { k: 'p' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'kp' }] } } }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }, 'kube-system', 27 * D),
      want: ['kube-proxy', '3', '3', '3', '3', '3', 'kubernetes.io/os=linux', '27d'],
    },
    {
      name: 'daemonset wide, no node selector', resource: 'daemonsets', wide: true,
      o: obj('DaemonSet', 'ds', { spec: { selector: { matchLabels: { k: 'p' } }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: {} }),
      want: ['ds', '0', '0', '0', '0', '0', '<none>', '5m', 'c', 'i', 'k=p'],
    },
    {
      name: 'job complete', resource: 'jobs',
      o: obj('Job', 'pi', { spec: { completions: 1, parallelism: 1, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } }, status: { succeeded: 1, startTime: ago(3 * M), completionTime: ago(3 * M - 12 * S), conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] } }, 'default', 3 * M),
      want: ['pi', 'Complete', '1/1', '12s', '3m'],
    },
    {
      name: 'job running, parallel without completions', resource: 'jobs',
      o: obj('Job', 'q', { spec: { parallelism: 3, template: { spec: { containers: [] } } }, status: { active: 3, startTime: ago(65 * S) } }, 'default', 70 * S),
      want: ['q', 'Running', '0/1 of 3', '65s', '70s'],
    },
    { name: 'job not started', resource: 'jobs', o: obj('Job', 'n', { spec: { completions: 5, suspend: true, template: { spec: { containers: [] } } }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }), want: ['n', 'Suspended', '0/5', '', '5m'] },
    { name: 'job failed', resource: 'jobs', o: obj('Job', 'f', { spec: { completions: 1, template: { spec: { containers: [] } } }, status: { failed: 6, startTime: ago(4 * M), conditions: [{ type: 'Failed', status: 'True' }] } }), want: ['f', 'Failed', '0/1', '4m', '5m'] },
    {
      name: 'job wide', resource: 'jobs', wide: true,
      o: obj('Job', 'pi', { spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] } } }, status: {} }),
      want: ['pi', 'Running', '0/1', '', '5m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1'],
    },
    {
      name: 'cronjob', resource: 'cronjobs',
      o: obj('CronJob', 'hello', { spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }] } } } } }, status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(20 * S) } }),
      want: ['hello', '*/1 * * * *', '<none>', 'False', '1', '20s', '5m'],
    },
    {
      name: 'cronjob never scheduled, tz, suspend unset, wide', resource: 'cronjobs', wide: true,
      o: obj('CronJob', 'c', { spec: { schedule: '0 0 * * *', timeZone: 'Etc/UTC', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } }, status: {} }),
      want: ['c', '0 0 * * *', 'Etc/UTC', '<unset>', '0', '<none>', '5m', 'c', 'i', '<none>'],
    },
    // config
    { name: 'configmap data + binaryData', resource: 'configmaps', o: obj('ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), want: ['cfg', '3', '5m'] },
    { name: 'configmap empty', resource: 'configmaps', o: obj('ConfigMap', 'kube-root-ca.crt', {}), want: ['kube-root-ca.crt', '0', '5m'] },
    { name: 'secret opaque', resource: 'secrets', o: obj('Secret', 's', { type: 'Opaque', data: { k: 'dg==' } }), want: ['s', 'Opaque', '1', '5m'] },
    { name: 'serviceaccount', resource: 'serviceaccounts', o: obj('ServiceAccount', 'default', {}), want: ['default', '0', '5m'] },
    { name: 'namespace terminating', resource: 'namespaces', o: obj('Namespace', 'old', { status: { phase: 'Terminating' } }, null), want: ['old', 'Terminating', '5m'] },
    // events
    {
      name: 'event', resource: 'events',
      o: obj('Event', 'web.17', { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web to k8s-node1 ', involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' }, firstTimestamp: ago(10 * S), lastTimestamp: ago(10 * S), count: 1, source: { component: 'default-scheduler' } }),
      want: ['10s', 'Normal', 'Scheduled', 'pod/web', 'Successfully assigned default/web to k8s-node1'],
    },
    {
      name: 'event wide', resource: 'events', wide: true,
      o: obj('Event', 'web.18', { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' }, firstTimestamp: ago(10 * M), lastTimestamp: ago(2 * M), count: 5, source: { component: 'kubelet', host: 'k8s-node1' } }),
      want: ['2m', 'Warning', 'BackOff', 'pod/web', 'spec.containers{nginx}', 'kubelet, k8s-node1', 'Back-off restarting failed container', '10m', '5', 'web.18'],
    },
    {
      name: 'event new API (eventTime, series, reportingController)', resource: 'events', wide: true,
      o: obj('Event', 'e.1', { type: 'Normal', reason: 'LeaderElection', message: 'x became leader', involvedObject: { kind: 'Lease' }, eventTime: '2024-12-02T09:59:00.000000Z', series: { count: 3, lastObservedTime: '2024-12-02T09:59:50.000000Z' }, reportingController: 'kube-controller-manager', reportingInstance: 'k8s-master' }),
      want: ['10s', 'Normal', 'LeaderElection', 'lease', '', 'kube-controller-manager, k8s-master', 'x became leader', '60s', '3', 'e.1'],
    },
    { name: 'event without times', resource: 'events', o: obj('Event', 'e.2', { type: 'Normal', reason: 'R', message: 'm', involvedObject: { kind: 'Node', name: 'n' } }), want: ['<unknown>', 'Normal', 'R', 'node/n', 'm'] },
    // autoscaling
    {
      name: 'hpa v2 cpu', resource: 'horizontalpodautoscalers',
      o: obj('HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '100m' } } }] } }),
      want: ['web', 'Deployment/web', 'cpu: 50%/80%', '1', '10', '2', '5m'],
    },
    {
      name: 'hpa unknown current, several metrics', resource: 'horizontalpodautoscalers',
      o: obj('HorizontalPodAutoscaler', 'h', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      ] }, status: {} }),
      want: ['h', 'Deployment/web', 'cpu: <unknown>/80%, memory: <unknown>/500Mi + 1 more...', '<unset>', '5', '0', '5m'],
    },
    {
      name: 'hpa autoscaling/v1 shape', resource: 'horizontalpodautoscalers',
      o: obj('HorizontalPodAutoscaler', 'v1', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 }, status: { currentReplicas: 1, currentCPUUtilizationPercentage: 12 } }),
      want: ['v1', 'Deployment/web', 'cpu: 12%/50%', '1', '3', '1', '5m'],
    },
    { name: 'hpa no metrics', resource: 'horizontalpodautoscalers', o: obj('HorizontalPodAutoscaler', 'n', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 } }), want: ['n', 'Deployment/web', '<none>', '<unset>', '3', '0', '5m'] },
    // storage
    {
      name: 'pv bound', resource: 'persistentvolumes',
      o: obj('PersistentVolume', 'pv-1', { spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound' } }, null),
      wide: true,
      want: ['pv-1', '5Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '5m', 'Filesystem'],
    },
    {
      name: 'pv available, beta class annotation', resource: 'persistentvolumes',
      o: { kind: 'PersistentVolume', metadata: { name: 'pv-2', creationTimestamp: ago(D), annotations: { 'volume.beta.kubernetes.io/storage-class': 'slow' } }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Delete' }, status: { phase: 'Available' } },
      want: ['pv-2', '1Gi', 'ROX', 'Delete', 'Available', '', 'slow', '<unset>', '', '24h'],
    },
    {
      name: 'pvc bound', resource: 'persistentvolumeclaims',
      o: obj('PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv-1', storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } } }),
      want: ['data', 'Bound', 'pv-1', '5Gi', 'RWO', 'standard', '<unset>', '5m'],
    },
    { name: 'pvc pending', resource: 'persistentvolumeclaims', wide: true, o: obj('PersistentVolumeClaim', 'p', { spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } }), want: ['p', 'Pending', '', '', '', '', '<unset>', '5m', '<unset>'] },
    {
      name: 'storageclass default', resource: 'storageclasses',
      o: { kind: 'StorageClass', metadata: { name: 'standard', creationTimestamp: ago(27 * D), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' },
      want: ['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false', '27d'],
    },
    { name: 'storageclass defaults', resource: 'storageclasses', o: obj('StorageClass', 'fast', { provisioner: 'p', allowVolumeExpansion: true }, null), want: ['fast', 'p', 'Delete', 'Immediate', 'true', '5m'] },
    // policy / scheduling / coordination
    { name: 'pdb min', resource: 'poddisruptionbudgets', o: obj('PodDisruptionBudget', 'pdb', { spec: { minAvailable: '50%', selector: {} }, status: { disruptionsAllowed: 1 } }), want: ['pdb', '50%', 'N/A', '1', '5m'] },
    { name: 'pdb max', resource: 'poddisruptionbudgets', o: obj('PodDisruptionBudget', 'pdb', { spec: { maxUnavailable: 1 }, status: {} }), want: ['pdb', 'N/A', '1', '0', '5m'] },
    { name: 'priorityclass', resource: 'priorityclasses', o: obj('PriorityClass', 'system-node-critical', { value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' }, null), want: ['system-node-critical', '2000001000', 'false', '5m', 'PreemptLowerPriority'] },
    { name: 'lease', resource: 'leases', o: obj('Lease', 'kube-controller-manager', { spec: { holderIdentity: 'k8s-master_abc', leaseDurationSeconds: 15 } }, 'kube-system'), want: ['kube-controller-manager', 'k8s-master_abc', '5m'] },
    { name: 'lease without holder', resource: 'leases', o: obj('Lease', 'l', { spec: {} }), want: ['l', '', '5m'] },
    { name: 'networkpolicy', resource: 'networkpolicies', o: obj('NetworkPolicy', 'deny', { spec: { podSelector: {} } }), want: ['deny', '<none>', '5m'] },
    { name: 'networkpolicy selector', resource: 'networkpolicies', o: obj('NetworkPolicy', 'np', { spec: { podSelector: { matchLabels: { role: 'db' } } } }), want: ['np', 'role=db', '5m'] },
    {
      name: 'resourcequota (1.32 column order)', resource: 'resourcequotas',
      o: obj('ResourceQuota', 'q', { spec: {}, status: { hard: { pods: '2', 'limits.cpu': '2', 'requests.memory': '1G', cpu: '1' }, used: { pods: '1', cpu: '500m' } } }),
      want: ['q', '5m', 'cpu: 500m/1, pods: 1/2, requests.memory: 0/1G', 'limits.cpu: 0/2'],
    },
    // rbac
    {
      name: 'rolebinding wide', resource: 'rolebindings', wide: true,
      o: obj('RoleBinding', 'rb', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'robot', namespace: 'default' }, { kind: 'Group', name: 'devs' }, { kind: 'User', name: 'bob' }] }),
      want: ['rb', 'ClusterRole/view', '5m', 'alice, bob', 'devs', 'default/robot'],
    },
    { name: 'clusterrolebinding', resource: 'clusterrolebindings', o: obj('ClusterRoleBinding', 'cluster-admin', { roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } }, null), want: ['cluster-admin', 'ClusterRole/cluster-admin', '5m'] },
    { name: 'role: default table (NAME, CREATED AT)', resource: 'roles', o: obj('Role', 'pod-reader', { rules: [] }), want: ['pod-reader', '2024-12-02T09:55:00Z'] },
    { name: 'clusterrole: default table', resource: 'clusterroles', o: obj('ClusterRole', 'admin', {}, null), want: ['admin', '2024-12-02T09:55:00Z'] },
    { name: 'limitrange: default table', resource: 'limitranges', o: obj('LimitRange', 'lr', {}), want: ['lr', '2024-12-02T09:55:00Z'] },
    { name: 'crd: default table, no timestamp', resource: 'customresourcedefinitions', o: { kind: 'CustomResourceDefinition', metadata: { name: 'x.example.com' } }, want: ['x.example.com', '0001-01-01T00:00:00Z'] },
    // admission / misc
    { name: 'mutatingwebhookconfiguration', resource: 'mutatingwebhookconfigurations', o: obj('MutatingWebhookConfiguration', 'm', { webhooks: [{ name: 'a' }, { name: 'b' }] }, null), want: ['m', '2', '5m'] },
    { name: 'validatingwebhookconfiguration', resource: 'validatingwebhookconfigurations', o: obj('ValidatingWebhookConfiguration', 'ingress-nginx-admission', { webhooks: [{ name: 'validate.nginx.ingress.kubernetes.io' }] }, null), want: ['ingress-nginx-admission', '1', '5m'] },
    { name: 'validatingadmissionpolicy', resource: 'validatingadmissionpolicies', o: obj('ValidatingAdmissionPolicy', 'p', { spec: { validations: [{ expression: 'true' }], paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } }, null), want: ['p', '1', 'v1/ConfigMap', '5m'] },
    { name: 'validatingadmissionpolicybinding', resource: 'validatingadmissionpolicybindings', o: obj('ValidatingAdmissionPolicyBinding', 'b', { spec: { policyName: 'p', paramRef: { name: 'cfg' } } }, null), want: ['b', 'p', '*/cfg', '5m'] },
    {
      name: 'controllerrevision', resource: 'controllerrevisions',
      o: { kind: 'ControllerRevision', metadata: { name: 'web-5d8f', namespace: 'default', creationTimestamp: ago(M), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }, revision: 2 },
      want: ['web-5d8f', 'statefulset.apps/web', '2', '60s'],
    },
    { name: 'controllerrevision without owner', resource: 'controllerrevisions', o: obj('ControllerRevision', 'r', { revision: 1 }), want: ['r', '<none>', '1', '5m'] },
    { name: 'podtemplate', resource: 'podtemplates', o: obj('PodTemplate', 't', { template: { metadata: { labels: { b: '2', a: '1' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } }), want: ['t', 'c', 'i', 'a=1,b=2'] },
    { name: 'componentstatus', resource: 'componentstatuses', o: obj('ComponentStatus', 'etcd-0', { conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] }, null), want: ['etcd-0', 'Healthy', 'ok', ''] },
    { name: 'csr', resource: 'certificatesigningrequests', o: obj('CertificateSigningRequest', 'csr-1', { spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'alice', expirationSeconds: 86400 }, status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'LS0t' } }, null), want: ['csr-1', '5m', 'kubernetes.io/kube-apiserver-client', 'alice', '24h', 'Approved,Issued'] },
    { name: 'apiservice', resource: 'apiservices', o: obj('APIService', 'v1.apps', { spec: { group: 'apps', version: 'v1' }, status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] } }, null), want: ['v1.apps', 'Local', 'True', '5m'] },
    { name: 'apiservice unavailable', resource: 'apiservices', o: obj('APIService', 'v1beta1.metrics.k8s.io', { spec: { service: { namespace: 'kube-system', name: 'metrics-server' } }, status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] } }, null), want: ['v1beta1.metrics.k8s.io', 'kube-system/metrics-server', 'False (MissingEndpoints)', '5m'] },
    { name: 'runtimeclass', resource: 'runtimeclasses', o: obj('RuntimeClass', 'gvisor', { handler: 'runsc' }, null), want: ['gvisor', 'runsc', '5m'] },
    { name: 'csidriver', resource: 'csidrivers', o: obj('CSIDriver', 'd', { spec: { volumeLifecycleModes: ['Persistent'] } }, null), want: ['d', 'true', 'false', 'false', '<unset>', 'false', 'Persistent', '5m'] },
    { name: 'csinode', resource: 'csinodes', o: obj('CSINode', 'n', { spec: { drivers: [{ name: 'd' }] } }, null), want: ['n', '1', '5m'] },
    { name: 'volumeattachment', resource: 'volumeattachments', o: obj('VolumeAttachment', 'va', { spec: { attacher: 'd', nodeName: 'n', source: { persistentVolumeName: 'pv' } }, status: { attached: true } }, null), want: ['va', 'd', 'pv', 'n', 'true', '5m'] },
    { name: 'flowschema', resource: 'flowschemas', o: obj('FlowSchema', 'exempt', { spec: { priorityLevelConfiguration: { name: 'exempt' }, matchingPrecedence: 1 }, status: { conditions: [{ type: 'Dangling', status: 'False' }] } }, null), want: ['exempt', 'exempt', '1', '<none>', '5m', 'False'] },
    { name: 'prioritylevelconfiguration', resource: 'prioritylevelconfigurations', o: obj('PriorityLevelConfiguration', 'global-default', { spec: { type: 'Limited', limited: { nominalConcurrencyShares: 20, limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } } } } }, null), want: ['global-default', 'Limited', '20', '128', '6', '50', '5m'] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(row(c.resource, c.o, c.wide), c.want));

  test('headers of the v1.32 tables', () => {
    const want: Record<string, string> = {
      pods: 'NAME READY STATUS RESTARTS AGE',
      deployments: 'NAME READY UP-TO-DATE AVAILABLE AGE',
      replicasets: 'NAME DESIRED CURRENT READY AGE',
      statefulsets: 'NAME READY AGE',
      daemonsets: 'NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE',
      jobs: 'NAME STATUS COMPLETIONS DURATION AGE',
      cronjobs: 'NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE',
      services: 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE',
      endpoints: 'NAME ENDPOINTS AGE',
      endpointslices: 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE',
      ingresses: 'NAME CLASS HOSTS ADDRESS PORTS AGE',
      ingressclasses: 'NAME CONTROLLER PARAMETERS AGE',
      namespaces: 'NAME STATUS AGE',
      nodes: 'NAME STATUS ROLES AGE VERSION',
      secrets: 'NAME TYPE DATA AGE',
      configmaps: 'NAME DATA AGE',
      serviceaccounts: 'NAME SECRETS AGE',
      events: 'LAST SEEN TYPE REASON OBJECT MESSAGE',
      persistentvolumes: 'NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE',
      persistentvolumeclaims: 'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE',
      horizontalpodautoscalers: 'NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE',
      resourcequotas: 'NAME AGE REQUEST LIMIT',
      priorityclasses: 'NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY',
      storageclasses: 'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE',
      roles: 'NAME CREATED AT',
      rolebindings: 'NAME ROLE AGE',
      leases: 'NAME HOLDER AGE',
      poddisruptionbudgets: 'NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE',
      networkpolicies: 'NAME POD-SELECTOR AGE',
      replicationcontrollers: 'NAME DESIRED CURRENT READY AGE',
      controllerrevisions: 'NAME CONTROLLER REVISION AGE',
      limitranges: 'NAME CREATED AT',
    };
    for (const [res, h] of Object.entries(want)) assert.equal(header(res).join(' '), h, res);
    assert.equal(header('events', true).join(' '), 'LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME');
    assert.equal(header('deployments', true).join(' '), 'NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR');
    assert.equal(header('nodes', true).join(' '), 'NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME');
  });

  test('hasPrinter', () => {
    assert.equal(hasPrinter(K('pods')), true);
    assert.equal(hasPrinter(K('roles')), false);
  });

  test('withKind on the default table', () => {
    const out = print('clusterroles', [obj('ClusterRole', 'view', {}, null)], { withKind: true });
    assert.equal(out, lines(`NAME${' '.repeat(41)}CREATED AT`, 'clusterrole.rbac.authorization.k8s.io/view   2024-12-02T09:55:00Z'));
  });
});

describe('selectors', () => {
  const cases: [unknown, string | undefined, string][] = [
    [undefined, '', '<none>'],
    [{}, '', '<none>'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2', 'a=1,b=2'],
    [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['z', 'a'] }] }, 'k in (a,z)', 'k in (a,z)'],
    [{ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }, undefined, '<error>'],
    [{ matchExpressions: [{ key: 'k', operator: 'Exists', values: ['x'] }] }, undefined, '<error>'],
  ];
  for (const [sel, s, f] of cases) {
    test(JSON.stringify(sel) ?? 'undefined', () => {
      assert.equal(selectorString(sel as any), s);
      assert.equal(formatLabelSelector(sel as any), f);
    });
  }
});

// The uniform-table fast path must give exactly what the Go tabwriter port gives.
import { padUniform } from '../../../src/printers/table';
import { newGetTabWriter } from '../../../src/printers/tabwriter';

test('padUniform equals the get tabwriter on uniform tables', () => {
  const words = ['', 'a', 'NAME', 'web-7c5ddbdf54-x8k2m', '1/1', 'Running', '0', '10s', '<none>', '10.244.1.5', 'x y', 'ab  cd'];
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let t = 0; t < 300; t++) {
    const cols = 1 + Math.floor(rnd() * 6);
    const rows = 1 + Math.floor(rnd() * 6);
    const lines = Array.from({ length: rows }, () => Array.from({ length: cols }, () => words[Math.floor(rnd() * words.length)]));
    const viaTabwriter = newGetTabWriter().write(lines.map((l) => l.join('\t') + '\n').join('')).flush();
    assert.equal(padUniform(lines), viaTabwriter, JSON.stringify(lines));
  }
  assert.equal(padUniform([['a', 'b'], ['c']]), undefined);
  assert.equal(padUniform([['é', 'b']]), undefined);
});
