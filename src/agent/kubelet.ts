// The kubelet's pure parts: pod IPs from the node's CIDR, and the pod status it reports for the
// containers it runs. No I/O: the agent passes in what it observed.

import { KObject, rfc3339 as ts } from '../api/types';

export interface ContainerObservation {
  name: string;
  image: string;
  restartCount: number;
  /** running since (ms), or undefined when not running */
  startedAt?: number;
  /** waiting reason (ContainerCreating, PodInitializing, CrashLoopBackOff, ErrImagePull...) */
  waiting?: { reason: string; message?: string };
  /** the last termination (shown as lastState, or as state when the container will not restart) */
  terminated?: { exitCode: number; reason: string; startedAt: number; finishedAt: number; signal?: number; message?: string };
  /** terminated is the current state (restartPolicy says no restart; an init container that succeeded) */
  finished?: boolean;
  /** readiness (no readiness probe: ready while running and started) */
  ready?: boolean;
  /** the startup probe has succeeded (no startup probe: started while running) */
  started?: boolean;
}


/** The lowest free address of the node's pod CIDR (/24; .1 is the gateway), or undefined. */
export function allocatePodIP(node: KObject, pods: KObject[]): string | undefined {
  const cidr: string = node.spec?.podCIDR ?? '';
  const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(cidr);
  if (!m) return undefined;
  const used = new Set(pods.map((p) => p.status?.podIP).filter(Boolean));
  for (let i = 2; i < 255; i++) {
    const ip = `${m[1]}.${i}`;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

const isRunning = (c: ContainerObservation) => c.startedAt !== undefined;
const isStarted = (c: ContainerObservation) => isRunning(c) && c.started !== false;
const isReady = (c: ContainerObservation) => isStarted(c) && c.ready !== false;

function containerStatus(c: ContainerObservation, ready: boolean, defaultWaiting: string): Record<string, unknown> {
  const s: Record<string, unknown> = {
    containerID: `kctl://${c.name}`, image: c.image, imageID: `kctl://${c.image}`, lastState: {},
    name: c.name, ready, restartCount: c.restartCount, started: isStarted(c),
  };
  const term = c.terminated && {
    containerID: `kctl://${c.name}`, exitCode: c.terminated.exitCode, finishedAt: ts(c.terminated.finishedAt),
    ...(c.terminated.message ? { message: c.terminated.message } : {}),
    reason: c.terminated.reason, startedAt: ts(c.terminated.startedAt), ...(c.terminated.signal ? { signal: c.terminated.signal } : {}),
  };
  if (c.startedAt !== undefined) {
    s.state = { running: { startedAt: ts(c.startedAt) } };
    if (term) s.lastState = { terminated: term };
  } else if (c.finished && term) {
    s.state = { terminated: term };
  } else {
    s.state = { waiting: c.waiting ?? { reason: defaultWaiting } };
    if (term) s.lastState = { terminated: term };
  }
  return s;
}

export interface PodObservation {
  podIP?: string;
  hostIP: string;
  startTime: number;
  now: number;
  containers: ContainerObservation[];
  initContainers?: ContainerObservation[];
  /** the pod failed as a whole (an init container failed under restartPolicy Never) */
  failed?: boolean;
}

/** The pod status a kubelet reports for what it observed of the pod's init and app containers. */
export function podStatus(pod: KObject, o: PodObservation): Record<string, unknown> {
  const prev = pod.status ?? {};
  const cond = (type: string, status: boolean, reason?: string, message?: string) => {
    const old = (prev.conditions ?? []).find((c: any) => c.type === type);
    const st = status ? 'True' : 'False';
    const c: Record<string, unknown> = {
      lastProbeTime: null, lastTransitionTime: old && old.status === st ? old.lastTransitionTime : ts(o.now), status: st, type,
    };
    if (reason) { c.reason = reason; c.message = message; }
    return c;
  };
  const inits = o.initContainers ?? [];
  const initialized = inits.every((c) => c.finished && c.terminated?.exitCode === 0);
  const initFailed = !!o.failed;
  const running = o.containers.filter(isRunning);
  const allReady = initialized && o.containers.length > 0 && o.containers.every(isReady);
  const allDone = initialized && o.containers.length > 0 && o.containers.every((c) => c.finished);
  let phase = 'Pending';
  if (initFailed) phase = 'Failed';
  else if (allDone) phase = o.containers.every((c) => c.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
  else if (initialized && (running.length > 0 || o.containers.some((c) => c.terminated))) phase = 'Running';
  const ready = allReady && !allDone && !initFailed;
  const done = allDone || initFailed;
  const notReady = o.containers.filter((c) => !isReady(c)).map((c) => c.name).join(' ');
  const notReadyReason = done ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMsg = done ? undefined : `containers with unready status: [${notReady}]`;
  const incomplete = inits.filter((c) => !(c.finished && c.terminated?.exitCode === 0)).map((c) => c.name).join(' ');
  const conditions = [
    cond('PodReadyToStartContainers', !!o.podIP),
    initialized || done && !initFailed ? cond('Initialized', true)
      : cond('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete}]`),
    cond('Ready', ready, ready ? undefined : notReadyReason, notReadyMsg),
    cond('ContainersReady', ready, ready ? undefined : notReadyReason, notReadyMsg),
    (prev.conditions ?? []).find((c: any) => c.type === 'PodScheduled') ?? cond('PodScheduled', true),
  ];
  const status: Record<string, unknown> = {
    ...prev,
    conditions,
    containerStatuses: o.containers.map((c) => containerStatus(c, initialized && !done && isReady(c), initialized ? 'ContainerCreating' : 'PodInitializing')),
    hostIP: o.hostIP, hostIPs: [{ ip: o.hostIP }],
  };
  if (inits.length) {
    status.initContainerStatuses = inits.map((c) => containerStatus(c, !!(c.finished && c.terminated?.exitCode === 0), 'PodInitializing'));
  } else delete status.initContainerStatuses;
  Object.assign(status, {
    phase,
    ...(o.podIP ? { podIP: o.podIP, podIPs: [{ ip: o.podIP }] } : {}),
    qosClass: prev.qosClass ?? 'BestEffort',
    startTime: prev.startTime ?? ts(o.startTime),
  });
  return status;
}

/** kubelet's crash-loop back-off: 10 s doubling to 5 min. */
export function backoffMs(restartCount: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, restartCount - 1), 300_000);
}

/** The Kubernetes service environment variables (kubelet envvars.go) for a pod's namespace. */
export function serviceEnv(services: KObject[], namespace: string, enableServiceLinks = true): Record<string, string> {
  const env: Record<string, string> = {};
  const eligible = services.filter((s) => {
    const ip = s.spec?.clusterIP;
    if (!ip || ip === 'None') return false;
    if (s.metadata.namespace === namespace) return enableServiceLinks;
    return s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes';
  });
  for (const s of eligible) {
    const name = s.metadata.name!.toUpperCase().replace(/-/g, '_');
    const ip = s.spec.clusterIP;
    const ports: any[] = s.spec.ports ?? [];
    if (ports.length === 0) continue;
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    const proto0 = String(ports[0].protocol ?? 'TCP').toLowerCase();
    env[`${name}_PORT`] = `${proto0}://${ip}:${ports[0].port}`;
    for (const p of ports) {
      const proto = String(p.protocol ?? 'TCP');
      const pre = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
      env[pre] = `${proto.toLowerCase()}://${ip}:${p.port}`;
      env[`${pre}_PROTO`] = proto.toLowerCase();
      env[`${pre}_PORT`] = String(p.port);
      env[`${pre}_ADDR`] = ip;
    }
  }
  return env;
}

function decodeSecret(v: string): string {
  return Buffer.from(v, 'base64').toString('utf8');
}

/**
 * A container's environment as the kubelet builds it: service links, then envFrom, then env
 * (explicit values win), with valueFrom for ConfigMap/Secret keys and the downward API fields.
 */
export function containerEnv(pod: KObject, container: any, o: { services: KObject[]; configMaps: KObject[]; secrets: KObject[]; podIP?: string; hostIP?: string }): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = serviceEnv(o.services, ns, pod.spec?.enableServiceLinks !== false);
  const cm = (name: string) => o.configMaps.find((x) => x.metadata.name === name && x.metadata.namespace === ns);
  const sec = (name: string) => o.secrets.find((x) => x.metadata.name === name && x.metadata.namespace === ns);
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) for (const [k, v] of Object.entries(cm(from.configMapRef.name)?.data ?? {})) env[prefix + k] = String(v);
    if (from.secretRef) for (const [k, v] of Object.entries(sec(from.secretRef.name)?.data ?? {})) env[prefix + k] = decodeSecret(String(v));
  }
  const field = (p: string): string => {
    switch (p) {
      case 'metadata.name': return pod.metadata.name ?? '';
      case 'metadata.namespace': return ns;
      case 'metadata.uid': return pod.metadata.uid ?? '';
      case 'spec.nodeName': return pod.spec?.nodeName ?? '';
      case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
      case 'status.podIP': return o.podIP ?? '';
      case 'status.hostIP': return o.hostIP ?? '';
      default: {
        const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(p);
        return m ? String((pod.metadata as any)[m[1]]?.[m[2]] ?? '') : '';
      }
    }
  };
  for (const e of container.env ?? []) {
    if (typeof e.value === 'string') env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all: string, n: string) => env[n] ?? all);
    else if (e.valueFrom?.configMapKeyRef) { const v = cm(e.valueFrom.configMapKeyRef.name)?.data?.[e.valueFrom.configMapKeyRef.key]; if (v !== undefined) env[e.name] = String(v); }
    else if (e.valueFrom?.secretKeyRef) { const v = sec(e.valueFrom.secretKeyRef.name)?.data?.[e.valueFrom.secretKeyRef.key]; if (v !== undefined) env[e.name] = decodeSecret(String(v)); }
    else if (e.valueFrom?.fieldRef) env[e.name] = field(e.valueFrom.fieldRef.fieldPath);
    else if (e.value === undefined && !e.valueFrom) env[e.name] = '';
  }
  return env;
}
