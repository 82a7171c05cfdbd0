// The kubelet's pure parts: pod IPs from the node's CIDR, and the pod status it reports for the
// containers it runs. No I/O: the agent passes in what it observed.

import type { KObject } from '../api/types';

export interface ContainerObservation {
  name: string;
  image: string;
  restartCount: number;
  /** running since (ms), or undefined when not running */
  startedAt?: number;
  /** waiting reason (ContainerCreating, CrashLoopBackOff, ErrImagePull, RunContainerError...) */
  waiting?: { reason: string; message?: string };
  /** the last termination (shown as lastState, or as state when the container will not restart) */
  terminated?: { exitCode: number; reason: string; startedAt: number; finishedAt: number; signal?: number };
  /** terminated is the current state (restartPolicy says no restart) */
  finished?: boolean;
}

function ts(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
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

function containerStatus(c: ContainerObservation, ready: boolean): Record<string, unknown> {
  const s: Record<string, unknown> = {
    containerID: `kctl://${c.name}`, image: c.image, imageID: `kctl://${c.image}`, lastState: {},
    name: c.name, ready, restartCount: c.restartCount, started: c.startedAt !== undefined,
  };
  const term = c.terminated && {
    containerID: `kctl://${c.name}`, exitCode: c.terminated.exitCode, finishedAt: ts(c.terminated.finishedAt),
    reason: c.terminated.reason, startedAt: ts(c.terminated.startedAt), ...(c.terminated.signal ? { signal: c.terminated.signal } : {}),
  };
  if (c.startedAt !== undefined) {
    s.state = { running: { startedAt: ts(c.startedAt) } };
    if (term) s.lastState = { terminated: term };
  } else if (c.finished && term) {
    s.state = { terminated: term };
  } else {
    s.state = { waiting: c.waiting ?? { reason: 'ContainerCreating' } };
    if (term) s.lastState = { terminated: term };
  }
  return s;
}

/** The pod status a kubelet reports for what it observed of the pod's containers. */
export function podStatus(pod: KObject, o: { podIP?: string; hostIP: string; startTime: number; now: number; containers: ContainerObservation[] }): Record<string, unknown> {
  const prev = pod.status ?? {};
  const cond = (type: string, status: boolean, reason?: string) => {
    const old = (prev.conditions ?? []).find((c: any) => c.type === type);
    const st = status ? 'True' : 'False';
    const c: Record<string, unknown> = {
      lastProbeTime: null, lastTransitionTime: old && old.status === st ? old.lastTransitionTime : ts(o.now), status: st, type,
    };
    if (reason) { c.reason = reason; c.message = `containers with unready status: [${o.containers.filter((x) => x.startedAt === undefined).map((x) => x.name).join(' ')}]`; }
    return c;
  };
  const running = o.containers.filter((c) => c.startedAt !== undefined);
  const allReady = o.containers.length > 0 && running.length === o.containers.length;
  const allDone = o.containers.length > 0 && o.containers.every((c) => c.finished);
  let phase = 'Pending';
  if (allDone) phase = o.containers.every((c) => c.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
  else if (running.length > 0 || o.containers.some((c) => c.terminated)) phase = 'Running';
  const ready = allReady && !allDone;
  const notReadyReason = allDone ? 'PodCompleted' : 'ContainersNotReady';
  return {
    ...prev,
    conditions: [
      cond('PodReadyToStartContainers', !!o.podIP),
      cond('Initialized', true),
      cond('Ready', ready, ready ? undefined : notReadyReason),
      cond('ContainersReady', ready, ready ? undefined : notReadyReason),
      (prev.conditions ?? []).find((c: any) => c.type === 'PodScheduled') ?? cond('PodScheduled', true),
    ],
    containerStatuses: o.containers.map((c) => containerStatus(c, ready && c.startedAt !== undefined)),
    hostIP: o.hostIP, hostIPs: [{ ip: o.hostIP }],
    phase,
    ...(o.podIP ? { podIP: o.podIP, podIPs: [{ ip: o.podIP }] } : {}),
    qosClass: prev.qosClass ?? 'BestEffort',
    startTime: prev.startTime ?? ts(o.startTime),
  };
}

/** kubelet's crash-loop back-off: 10 s doubling to 5 min. */
export function backoffMs(restartCount: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, restartCount - 1), 300_000);
}
