// Shared objects for the scheduler / endpoints / endpointslice controller tests: the bootstrap
// cluster's nodes and pod/service builders.

import type { KObject } from '../../../src/api/types';
import { nodeObject } from '../../../src/controlplane/bootstrap';

export const NOW = Date.parse('2024-12-02T10:00:00Z');
export const HOST = { loopbackPrefix: '127.0.0', kernelVersion: '6.0', osImage: 'test', arch: 'amd64', cpus: 4, memoryKi: 8 * 1024 * 1024 };

/** k8s-master (tainted control plane), k8s-node1, k8s-node2 — as bootstrap creates them */
export function clusterNodes(): KObject[] {
  return ['k8s-master', 'k8s-node1', 'k8s-node2'].map((n, i) => {
    const o = nodeObject(n, i, HOST, NOW);
    o.metadata.uid = `node-uid-${i}`;
    return o;
  });
}

export interface PodOpts {
  ns?: string;
  labels?: Record<string, string>;
  node?: string;
  ip?: string;
  ready?: boolean;
  readySince?: string;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string; hostPort?: number }>;
  spec?: Record<string, unknown>;
  phase?: string;
  deleting?: boolean;
  created?: string;
}

let uidSeq = 0;

export function pod(name: string, o: PodOpts = {}): KObject {
  const ns = o.ns ?? 'default';
  const status: any = { phase: o.phase ?? (o.ip ? 'Running' : 'Pending'), qosClass: 'BestEffort' };
  if (o.ip) {
    status.podIP = o.ip;
    status.podIPs = [{ ip: o.ip }];
  }
  if (o.ready !== undefined) {
    status.conditions = [{ lastProbeTime: null, lastTransitionTime: o.readySince ?? '2024-12-02T10:00:05Z', status: o.ready ? 'True' : 'False', type: 'Ready' }];
  }
  const p: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: ns, uid: `uid-${name}-${++uidSeq}`, labels: o.labels ?? { app: 'service-deploy-demo' },
      creationTimestamp: o.created ?? '2024-12-02T10:00:00Z', resourceVersion: '10',
    },
    spec: {
      containers: [{ name: 'svc-pod', image: 'ikubernetes/myapp:v1', ports: (o.ports ?? [{ name: 'http', containerPort: 80 }]).map((x) => ({ protocol: 'TCP', ...x })) }],
      schedulerName: 'default-scheduler', priority: 0, preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.spec ?? {}),
    },
    status,
  };
  if (o.deleting) p.metadata.deletionTimestamp = '2024-12-02T10:01:00Z';
  return p;
}

export function service(name: string, spec: Record<string, any> = {}, meta: Record<string, any> = {}): KObject {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: 'default', uid: `svc-uid-${name}`, creationTimestamp: '2024-12-02T09:59:00Z', resourceVersion: '5', ...meta },
    spec: {
      clusterIP: '10.98.31.157', clusterIPs: ['10.98.31.157'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster',
      selector: { app: 'service-deploy-demo' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      ...spec,
    },
  };
}
