// The real kubectl (when on PATH) against a fake API server that serves the server-side tables of
// src/printers/columns: what kubectl prints (tabwriter, -o wide filtering, -A, -L, --show-labels,
// --no-headers, several types / `get all`) must equal what src/printers/table prints.
// Skipped when kubectl is not installed.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CATEGORY, KindInfo, resolveResource } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import { printTable, printTables, TableOptions } from '../../../src/printers/table';
import { nameOf, toJSON, toList, toYAML } from '../../../src/printers/output';
import { apiVersionOf } from '../../../src/api/kinds';
import { FakeApiServer, kubectlAvailable, startFakeApiServer } from './fake-apiserver';
import { ago, D, deployment, H, M, NOW, pod, replicaSet, S, service } from './objects';

const skip = !kubectlAvailable() && 'kubectl not on PATH';

const o = (kind: string, name: string, ns: string | undefined, rest: Record<string, unknown> = {}, created = 5 * M, labels?: Record<string, string>): KObject =>
  ({ kind, metadata: { name, ...(ns ? { namespace: ns } : {}), uid: `u-${name}`, creationTimestamp: ago(created), ...(labels ? { labels } : {}) }, ...rest });

const OBJECTS: KObject[] = [
  pod('web-7c5ddbdf54-x8k2m', { ip: '10.244.1.5', node: 'k8s-node1', created: 10 * S, labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } }),
  pod('web-7c5ddbdf54-z9q4r', {
    node: 'k8s-node2', phase: 'Pending', created: 3 * S, labels: { app: 'web' },
    statuses: [{ name: 'nginx', image: 'nginx', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
  }),
  pod('crashy', { ip: '10.244.2.9', node: 'k8s-node2', created: 2 * H, labels: {},
    statuses: [{ name: 'nginx', image: 'x', ready: false, restartCount: 12, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(4 * M) } } }] }),
  pod('nginx-ingress-controller-79f6884cf6-5fb6v', { ns: 'ingress-nginx', ip: '10.244.2.3', node: 'k8s-node2', created: 6 * H + 39 * M }),
  service('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }], created: 27 * D, labels: { component: 'apiserver', provider: 'kubernetes' } }),
  service('web', { type: 'NodePort', clusterIP: '10.105.21.137', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }], selector: { app: 'web' }, created: 10 * S, labels: { app: 'web', 'example.com/tier': 'fe' } }),
  service('lb', { type: 'LoadBalancer', clusterIP: '10.96.7.7', ports: [{ port: 443, protocol: 'TCP', nodePort: 31443 }], selector: { app: 'web' }, lb: [{ hostname: 'a1b2c3d4e5f6-1234567890.us-east-1.elb.amazonaws.com' }] }),
  service('ingress-nginx', { ns: 'ingress-nginx', type: 'NodePort', clusterIP: '10.107.40.182', created: 6 * H, ports: [{ port: 80, protocol: 'TCP', nodePort: 32699 }, { port: 443, protocol: 'TCP', nodePort: 30842 }] }),
  deployment('web', { replicas: 2, ready: 1, updated: 2, available: 1, created: 10 * S }),
  replicaSet('web-7c5ddbdf54', { desired: 2, current: 2, ready: 1, created: 10 * S }),
  o('Event', 'web-7c5ddbdf54-x8k2m.1', 'default', { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web-7c5ddbdf54-x8k2m to k8s-node1', involvedObject: { kind: 'Pod', name: 'web-7c5ddbdf54-x8k2m' }, firstTimestamp: ago(10 * S), lastTimestamp: ago(10 * S), count: 1, source: { component: 'default-scheduler' } }),
  o('Event', 'crashy.2', 'default', { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container nginx in pod crashy_default(u-crashy)', involvedObject: { kind: 'Pod', name: 'crashy', fieldPath: 'spec.containers{nginx}' }, firstTimestamp: ago(H), lastTimestamp: ago(30 * S), count: 40, source: { component: 'kubelet', host: 'k8s-node2' } }),
  ...['k8s-master', 'k8s-node1', 'k8s-node2'].map((n, i) => o('Node', n, undefined, {
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: `192.168.1.3${i + 1}` }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-122-generic', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  }, 27 * D, i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {})),
  o('Ingress', 'nginx', 'default', { spec: { ingressClassName: 'nginx', rules: [{ host: 'nginx.ilinux.io' }, { host: 'tomcat.ilinux.io' }], tls: [{ hosts: ['nginx.ilinux.io'] }] }, status: { loadBalancer: { ingress: [{ ip: '192.168.1.32' }] } } }),
  o('Endpoints', 'web', 'default', { subsets: [{ addresses: ['10.244.1.5', '10.244.1.6', '10.244.2.7', '10.244.2.8'].map((ip) => ({ ip })), ports: [{ port: 80 }] }] }),
  o('PersistentVolume', 'pv-1', undefined, { spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound' } }),
  o('PersistentVolumeClaim', 'data', 'default', { spec: { volumeName: 'pv-1', storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } } }),
  { kind: 'StorageClass', metadata: { name: 'standard', creationTimestamp: ago(27 * D), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
  o('PriorityClass', 'system-cluster-critical', undefined, { value: 2000000000, preemptionPolicy: 'PreemptLowerPriority' }, 27 * D),
  o('ResourceQuota', 'q', 'default', { status: { hard: { cpu: '1', 'limits.memory': '2Gi', pods: '10' }, used: { cpu: '100m', pods: '3' } } }),
  o('ConfigMap', 'kube-root-ca.crt', 'default', { data: { 'ca.crt': 'x' } }, 27 * D),
  o('Secret', 'nginx-ingress-secret', 'default', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, 53 * S),
  o('Job', 'pi', 'default', { spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] } } }, status: { succeeded: 1, startTime: ago(3 * M), completionTime: ago(3 * M - 41 * S), conditions: [{ type: 'Complete', status: 'True' }] } }, 3 * M),
  o('CronJob', 'hello', 'default', { spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }] } } } } }, status: { lastScheduleTime: ago(20 * S) } }),
  o('HorizontalPodAutoscaler', 'web', 'default', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 2 } }),
  o('DaemonSet', 'kube-proxy', 'kube-system', { spec: { selector: { matchLabels: { k8s: 'kube-proxy' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0' }] } } }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }, 27 * D),
  o('StatefulSet', 'db', 'default', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'redis', image: 'redis:7' }] } } }, status: { readyReplicas: 3 } }),
  o('RoleBinding', 'rb', 'default', { roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'robot', namespace: 'default' }] }),
  o('ClusterRole', 'view', undefined, {}, 27 * D),
  o('ClusterRole', 'system:aggregate-to-view', undefined, {}, 27 * D),
];

/** What kctl would print for `kubectl get <types> [flags]`, built from src/printers/table. */
function expected(types: string[], opts: Omit<TableOptions, 'now'> & { namespace?: string }): string {
  const infos: KindInfo[] = types.flatMap((t) => (t === 'all' ? ALL_CATEGORY : [t])).map((t) => resolveResource(t)!);
  const groups = infos.map((info) => ({
    info,
    objects: OBJECTS.filter((x) => x.kind === info.kind
      && (!info.namespaced || opts.withNamespace || x.metadata.namespace === (opts.namespace ?? 'default'))),
  }));
  if (groups.length === 1) return printTable(groups[0].info, groups[0].objects, { ...opts, now: NOW });
  return printTables(groups, { ...opts, now: NOW });
}

describe('kubectl (real) vs kctl tables', { skip }, () => {
  let srv: FakeApiServer;
  before(async () => { srv = await startFakeApiServer(OBJECTS, NOW); });
  after(async () => { await srv?.close(); });

  const cases: { args: string[]; types: string[]; opts?: Omit<TableOptions, 'now'> & { namespace?: string } }[] = [
    { args: ['get', 'pods'], types: ['pods'] },
    { args: ['get', 'pods', '-o', 'wide'], types: ['pods'], opts: { wide: true } },
    { args: ['get', 'pods', '-A'], types: ['pods'], opts: { withNamespace: true } },
    { args: ['get', 'pods', '-A', '-o', 'wide', '--show-labels'], types: ['pods'], opts: { withNamespace: true, wide: true, showLabels: true } },
    { args: ['get', 'pods', '-n', 'ingress-nginx'], types: ['pods'], opts: { namespace: 'ingress-nginx' } },
    { args: ['get', 'svc'], types: ['services'] },
    { args: ['get', 'svc', '-o', 'wide'], types: ['services'], opts: { wide: true } },
    { args: ['get', 'svc', '--show-labels'], types: ['services'], opts: { showLabels: true } },
    { args: ['get', 'svc', '-L', 'app,example.com/tier'], types: ['services'], opts: { labelColumns: ['app', 'example.com/tier'] } },
    { args: ['get', 'svc', '--no-headers'], types: ['services'], opts: { noHeaders: true } },
    { args: ['get', 'pods,svc'], types: ['pods', 'services'] },
    { args: ['get', 'all'], types: ['all'] },
    { args: ['get', 'all', '-A'], types: ['all'], opts: { withNamespace: true } },
    { args: ['get', 'deploy', '-o', 'wide'], types: ['deployments'], opts: { wide: true } },
    { args: ['get', 'rs'], types: ['replicasets'] },
    { args: ['get', 'events'], types: ['events'] },
    { args: ['get', 'events', '-o', 'wide'], types: ['events'], opts: { wide: true } },
    { args: ['get', 'nodes'], types: ['nodes'] },
    { args: ['get', 'nodes', '-o', 'wide'], types: ['nodes'], opts: { wide: true } },
    { args: ['get', 'nodes', '-A'], types: ['nodes'], opts: { withNamespace: true } },
    { args: ['get', 'pods,nodes,pv', '-A'], types: ['pods', 'nodes', 'persistentvolumes'], opts: { withNamespace: true } },
    { args: ['get', 'nodes,pods,pv', '-A'], types: ['nodes', 'pods', 'persistentvolumes'], opts: { withNamespace: true } },
    { args: ['get', 'pods,svc', '--no-headers'], types: ['pods', 'services'], opts: { noHeaders: true } },
    { args: ['get', 'pods,pv'], types: ['pods', 'persistentvolumes'] },
    { args: ['get', 'ingress'], types: ['ingresses'] },
    { args: ['get', 'ep'], types: ['endpoints'] },
    { args: ['get', 'pv', '-o', 'wide'], types: ['persistentvolumes'], opts: { wide: true } },
    { args: ['get', 'pvc'], types: ['persistentvolumeclaims'] },
    { args: ['get', 'sc'], types: ['storageclasses'] },
    { args: ['get', 'pc'], types: ['priorityclasses'] },
    { args: ['get', 'quota'], types: ['resourcequotas'] },
    { args: ['get', 'cm,secrets'], types: ['configmaps', 'secrets'] },
    { args: ['get', 'jobs', '-o', 'wide'], types: ['jobs'], opts: { wide: true } },
    { args: ['get', 'cronjobs'], types: ['cronjobs'] },
    { args: ['get', 'hpa'], types: ['horizontalpodautoscalers'] },
    { args: ['get', 'ds', '-n', 'kube-system', '-o', 'wide'], types: ['daemonsets'], opts: { namespace: 'kube-system', wide: true } },
    { args: ['get', 'sts'], types: ['statefulsets'] },
    { args: ['get', 'rolebindings', '-o', 'wide'], types: ['rolebindings'], opts: { wide: true } },
    { args: ['get', 'clusterroles'], types: ['clusterroles'] },
  ];
  for (const c of cases) {
    test(`kubectl ${c.args.join(' ')}`, async () => {
      const r = await srv.kubectl(c.args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, expected(c.types, c.opts ?? {}));
    });
  }

  // -o yaml / json / name: what kubectl prints for the objects the server returns
  const served = (types: string[], ns = 'default') => types.map((t) => resolveResource(t)!).flatMap((info) =>
    OBJECTS.filter((x) => x.kind === info.kind && (!info.namespaced || x.metadata.namespace === ns))
      .map((x) => ({ info, obj: { apiVersion: apiVersionOf(info), kind: info.kind, ...x } as KObject })));
  const outCases: { args: string[]; want: () => string }[] = [
    { args: ['get', 'pods', '-o', 'yaml'], want: () => toYAML(toList(served(['pods']).map((x) => x.obj))) },
    { args: ['get', 'pods,svc', '-o', 'json'], want: () => toJSON(toList(served(['pods', 'services']).map((x) => x.obj))) },
    { args: ['get', 'pod', 'crashy', '-o', 'yaml'], want: () => toYAML(served(['pods']).find((x) => x.obj.metadata.name === 'crashy')!.obj) },
    { args: ['get', 'svc', 'lb', '-o', 'json'], want: () => toJSON(served(['services']).find((x) => x.obj.metadata.name === 'lb')!.obj) },
    { args: ['get', 'nodes', '-o', 'yaml'], want: () => toYAML(toList(served(['nodes']).map((x) => x.obj))) },
    { args: ['get', 'deploy', '-n', 'empty', '-o', 'yaml'], want: () => toYAML(toList([])) },
    { args: ['get', 'deploy', '-n', 'empty', '-o', 'json'], want: () => toJSON(toList([])) },
    { args: ['get', 'all', '-o', 'name'], want: () => served([...ALL_CATEGORY]).map((x) => `${nameOf(x.info, x.obj)}\n`).join('') },
  ];
  for (const c of outCases) {
    test(`kubectl ${c.args.join(' ')}`, async () => {
      const r = await srv.kubectl(c.args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, c.want());
    });
  }
});
