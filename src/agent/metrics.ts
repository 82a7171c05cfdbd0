// What `kctl top` measures: the CPU and memory of each pod container the node agent runs, read from
// /proc (Linux). A container is the process group the agent started it in (runtime.json: `pid` is
// the group leader, so its processes are those whose pgid, /proc/<pid>/stat field 5, is that pid).
//
// CPU — metrics-server reports the average rate over a window. We take two snapshots of every
// process of the groups `windowMs` apart (DEFAULT_WINDOW_MS = 500 ms, in the CLI: no agent-side
// history) and sum, per process, the growth of utime+stime (fields 14 and 15, clock ticks; Linux's
// USER_HZ is 100 on every architecture Node runs on — node cannot call sysconf(_SC_CLK_TCK), so
// CLK_TCK is assumed, not read). A process that appeared during the window counts with all of its
// time (it all fell in the window); one that ended during the window loses its last slice. The
// resolution is one tick per process: 10 ms of CPU, i.e. 20m over the 500 ms window.
//
// Memory — metrics-server reports the working set. For our processes the honest per-process figure
// is the PSS (/proc/<pid>/smaps_rollup `Pss:`): RSS would count the shared Node binary and libraries
// in full for every process. Falls back to VmRSS (/proc/<pid>/status) when smaps_rollup is unreadable.

import * as fs from 'node:fs';
import { forEachProcess, readProcStat, sameProcess, type ProcStat, type Runtime, type RuntimePod } from './runtime';

/** USER_HZ: the unit of /proc/<pid>/stat times (100 on Linux, x86 and ARM alike). */
export const CLK_TCK = 100;
/** The sampling window of a `kctl top`, in ms. */
export const DEFAULT_WINDOW_MS = 500;

// /proc/<pid>/stat, read by runtime.ts (the agent needs it too)
export { readProcStat, type ProcStat } from './runtime';

/** Every live process whose process group is one of `pgids`, by group. */
export function scanGroups(pgids: Set<number>): Map<number, ProcStat[]> {
  const groups = new Map<number, ProcStat[]>();
  if (pgids.size === 0) return groups;
  forEachProcess((st) => {
    if (!pgids.has(st.pgid)) return;
    let list = groups.get(st.pgid);
    if (!list) groups.set(st.pgid, (list = []));
    list.push(st);
  });
  return groups;
}

/** The process's proportional set size in bytes (smaps_rollup Pss), else its RSS; 0 when unreadable. */
export function processMemory(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    if (m) return Number(m[1]) * 1024;
  } catch { /* fall back to RSS */ }
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'));
    if (m) return Number(m[1]) * 1024;
  } catch { /* gone */ }
  return 0;
}

/** CPU ticks the group used between two snapshots of it (see the header for exits and arrivals). */
export function ticksBetween(before: ProcStat[], after: ProcStat[]): number {
  const prev = new Map(before.map((p) => [p.pid, p]));
  let ticks = 0;
  for (const p of after) {
    const q = prev.get(p.pid);
    ticks += q && q.start === p.start ? Math.max(0, p.ticks - q.ticks) : p.ticks;
  }
  return ticks;
}

export interface ContainerUsage {
  name: string;
  /** nanocores: the average over the window */
  cpu: number;
  /** bytes: PSS summed over the container's processes at the end of the window */
  memory: number;
}

export interface PodUsage {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  /** the running app containers, in runtime.json order */
  containers: ContainerUsage[];
}

/** The app containers of a runtime pod whose process-group leader is alive (and is the one started). */
function liveContainers(pod: RuntimePod): { name: string; pgid: number }[] {
  return pod.containers
    .filter((c) => c.kind !== 'init' && sameProcess(c.pid, c.procStart))
    .map((c) => ({ name: c.name, pgid: c.pid! }));
}

/**
 * Measure the given runtime pods over `windowMs`. Pods with no running app container are left out
 * (the Metrics API has nothing for them either).
 */
export async function measurePods(pods: RuntimePod[], windowMs = DEFAULT_WINDOW_MS): Promise<PodUsage[]> {
  const targets = pods.map((p) => ({ pod: p, containers: liveContainers(p) })).filter((t) => t.containers.length > 0);
  if (targets.length === 0) return [];
  const pgids = new Set(targets.flatMap((t) => t.containers.map((c) => c.pgid)));
  const t0 = process.hrtime.bigint();
  const first = scanGroups(pgids);
  await new Promise((r) => setTimeout(r, windowMs));
  const second = scanGroups(pgids);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const out: PodUsage[] = [];
  for (const { pod, containers } of targets) {
    const usage: ContainerUsage[] = [];
    for (const c of containers) {
      const now = second.get(c.pgid);
      if (!now || !now.some((p) => p.pid === c.pgid && p.state !== 'Z')) continue; // ended in the window
      const ticks = ticksBetween(first.get(c.pgid) ?? [], now);
      const memory = now.filter((p) => p.state !== 'Z').reduce((sum, p) => sum + processMemory(p.pid), 0);
      usage.push({ name: c.name, cpu: Math.round((ticks / CLK_TCK / seconds) * 1e9), memory });
    }
    if (usage.length) out.push({ uid: pod.uid, namespace: pod.namespace, name: pod.name, node: pod.node, containers: usage });
  }
  return out;
}

/** The runtime pods that are the live pods `pods` (same namespace, name and uid). */
export function runtimePodsOf(rt: Runtime | undefined, pods: { metadata: { namespace?: string; name?: string; uid?: string } }[]): RuntimePod[] {
  if (!rt) return [];
  const byUid = new Map(rt.pods.map((p) => [p.uid, p]));
  const out: RuntimePod[] = [];
  for (const p of pods) {
    const r = p.metadata.uid ? byUid.get(p.metadata.uid) : undefined;
    if (r && r.namespace === p.metadata.namespace && r.name === p.metadata.name) out.push(r);
  }
  return out;
}
