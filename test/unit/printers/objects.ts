// Plain objects as a v1.32 API server would store them, for the printer tests. Times are relative
// to NOW so AGE cells are known.

import type { KObject } from '../../../src/api/types';

export const NOW = Date.parse('2024-12-02T10:00:00Z');
/** RFC 3339 timestamp `ms` milliseconds before NOW */
export const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;

function meta(name: string, namespace: string | undefined, created: number, extra: Record<string, unknown> = {}) {
  return { name, ...(namespace ? { namespace } : {}), uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: ago(created), ...extra };
}

const running = (name: string, image: string, restarts = 0, startedAgo = 10 * S) => ({
  name, image, imageID: `docker.io/library/${image}@sha256:abc`, containerID: 'containerd://abc', ready: true, started: true,
  restartCount: restarts, state: { running: { startedAt: ago(startedAgo) } }, lastState: {},
});

export function pod(name: string, opts: {
  ns?: string; created?: number; ip?: string; node?: string; phase?: string; containers?: any[]; statuses?: any[];
  initContainers?: any[]; initStatuses?: any[]; conditions?: any[]; labels?: Record<string, string>; deletion?: boolean;
  reason?: string; readinessGates?: any[]; nominated?: string;
} = {}): KObject {
  const containers = opts.containers ?? [{ name: 'nginx', image: 'nginx:1.12' }];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: meta(name, opts.ns ?? 'default', opts.created ?? 13 * S, {
      labels: opts.labels ?? { app: 'nginx' },
      ...(opts.deletion ? { deletionTimestamp: ago(0), deletionGracePeriodSeconds: 30 } : {}),
    }),
    spec: {
      containers, ...(opts.initContainers ? { initContainers: opts.initContainers } : {}),
      ...(opts.node ? { nodeName: opts.node } : {}), ...(opts.readinessGates ? { readinessGates: opts.readinessGates } : {}),
    },
    status: {
      phase: opts.phase ?? 'Running',
      ...(opts.reason ? { reason: opts.reason } : {}),
      conditions: opts.conditions ?? [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }],
      ...(opts.ip ? { podIP: opts.ip, podIPs: [{ ip: opts.ip }] } : {}),
      ...(opts.nominated ? { nominatedNodeName: opts.nominated } : {}),
      containerStatuses: opts.statuses ?? containers.map((c) => running(c.name, c.image)),
      ...(opts.initStatuses ? { initContainerStatuses: opts.initStatuses } : {}),
    },
  };
}

export function service(name: string, opts: {
  ns?: string; created?: number; type?: string; clusterIP?: string; ports?: any[]; selector?: Record<string, string>;
  externalIPs?: string[]; lb?: any[]; externalName?: string; labels?: Record<string, string>;
} = {}): KObject {
  const type = opts.type ?? 'ClusterIP';
  const spec: any = { type };
  if (type !== 'ExternalName') {
    spec.clusterIP = opts.clusterIP ?? '10.96.0.1';
    spec.clusterIPs = [spec.clusterIP];
  } else {
    spec.externalName = opts.externalName;
  }
  if (opts.ports) spec.ports = opts.ports;
  if (opts.selector) spec.selector = opts.selector;
  if (opts.externalIPs) spec.externalIPs = opts.externalIPs;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: meta(name, opts.ns ?? 'default', opts.created ?? 27 * D, opts.labels ? { labels: opts.labels } : {}),
    spec, status: { loadBalancer: opts.lb ? { ingress: opts.lb } : {} },
  };
}

export function deployment(name: string, o: { ns?: string; created?: number; replicas?: number; ready?: number; updated?: number; available?: number; containers?: any[]; selector?: any } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name, o.ns ?? 'default', o.created ?? 35 * S, { labels: { app: name } }),
    spec: {
      replicas: o.replicas ?? 3, selector: o.selector ?? { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: o.containers ?? [{ name: 'nginx', image: 'nginx:1.12' }] } },
    },
    status: {
      ...(o.ready !== undefined ? { readyReplicas: o.ready } : { readyReplicas: 3 }),
      ...(o.updated !== undefined ? { updatedReplicas: o.updated } : { updatedReplicas: 3 }),
      ...(o.available !== undefined ? { availableReplicas: o.available } : { availableReplicas: 3 }),
      replicas: 3,
    },
  };
}

export function replicaSet(name: string, o: { ns?: string; created?: number; desired?: number; current?: number; ready?: number } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta(name, o.ns ?? 'default', o.created ?? 35 * S),
    spec: {
      replicas: o.desired ?? 3,
      selector: { matchLabels: { app: 'nginx', 'pod-template-hash': '67685f79b5' } },
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.12' }] } },
    },
    status: { replicas: o.current ?? 3, ...(o.ready === 0 ? {} : { readyReplicas: o.ready ?? 3 }) },
  };
}
