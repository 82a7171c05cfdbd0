// The node agent's runtime record, `$KCTL_HOME/agent/runtime.json`: what a running (or crashed)
// agent knows that the API objects do not — the container processes (so a restarted agent adopts
// them, and `kctl top` measures them), each pod's port map (pod IP:port → real loopback port) and
// the agent's own listeners (cluster gateway, DNS). Written atomically (temp file + rename) by the
// agent; read by anyone. No heavy imports: the CLI reads it on hot paths.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RuntimeContainer {
  name: string;
  /** 'init' for init containers. */
  kind?: 'init' | 'app';
  /** Pid of the container's process-group leader (its shim); the group id equals it. */
  pid?: number;
  /** /proc/<pid>/stat starttime (clock ticks since boot): guards against pid reuse. */
  procStart?: number;
  /** File the shim writes the container's exit code to. */
  exitFile?: string;
  restartCount: number;
  /** ms since epoch. */
  startedAt?: number;
  /** Real ports the container was given: containerPort (as listened on) → loopback port. */
  ports?: Record<string, number>;
  /** Anything else the agent keeps (terminated states, readiness...). */
  [k: string]: unknown;
}

export interface RuntimePod {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  podIP?: string;
  hostIP: string;
  /** ms since epoch. */
  startTime: number;
  /** TCP port map of the pod's virtual IP: "80" → 41234 (real port on 127.0.0.1). */
  ports: Record<string, number>;
  containers: RuntimeContainer[];
  [k: string]: unknown;
}

export interface Runtime {
  /** The agent's pid. */
  pid: number;
  /** ms since epoch. */
  startedAt: number;
  /** HTTP CONNECT / HTTP proxy gateway into the cluster's virtual addresses, "127.0.0.1:port". */
  gateway?: string;
  /** Cluster DNS server (UDP and TCP), "127.0.0.1:port". */
  dns?: string;
  /** NodePort listeners, "127.0.0.1:30080" ... */
  nodePorts?: string[];
  pods: RuntimePod[];
}

export function runtimePath(home: string): string {
  return path.join(home, 'agent', 'runtime.json');
}

/** The last runtime record written, or undefined when there is none (or it is unreadable). */
export function readRuntime(home: string): Runtime | undefined {
  try {
    return JSON.parse(fs.readFileSync(runtimePath(home), 'utf8')) as Runtime;
  } catch {
    return undefined;
  }
}

export function writeRuntime(home: string, rt: Runtime): void {
  const file = runtimePath(home);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(rt));
  fs.renameSync(tmp, file);
}

/** What /proc/<pid>/stat says of a process. */
export interface ProcStat {
  pid: number;
  /** field 3 */
  state: string;
  /** field 5 */
  pgid: number;
  /** utime + stime (fields 14, 15), clock ticks */
  ticks: number;
  /** field 22: starttime, clock ticks since boot */
  start: number;
}

export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try { text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1'); } catch { return undefined; }
  // the command name (field 2) is in parentheses and may itself contain ') '
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (rest.length < 20) return undefined;
  return { pid, state: rest[0], pgid: Number(rest[2]), ticks: Number(rest[11]) + Number(rest[12]), start: Number(rest[19]) };
}

/** /proc/<pid>/stat field 22 (starttime), or undefined when the process does not exist. */
export function procStartTime(pid: number): number | undefined {
  return readProcStat(pid)?.start;
}

/** The process exists and is not a zombie (an orphan's zombie may wait long for its reaper). */
export function liveProcess(pid: number): ProcStat | undefined {
  const st = readProcStat(pid);
  return st && st.state !== 'Z' && st.state !== 'X' ? st : undefined;
}

/** True when `pid` is alive and is the process that was started (same starttime). */
export function sameProcess(pid: number | undefined, procStart: number | undefined): boolean {
  const st = pid ? liveProcess(pid) : undefined;
  return !!st && (procStart === undefined || st.start === procStart);
}

/** Each process of this machine: its stat, and its environment (read on demand). */
export function forEachProcess(fn: (st: ProcStat, env: () => string) => void): void {
  let entries: string[] = [];
  try { entries = fs.readdirSync('/proc'); } catch { return; }
  for (const d of entries) {
    const c = d.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const st = readProcStat(Number(d));
    if (!st) continue;
    fn(st, () => { try { return fs.readFileSync(`/proc/${d}/environ`, 'latin1'); } catch { return ''; } });
  }
}

/** A pod's directories: its sandbox (the containers' working directory) and its logs. */
export function podDirs(home: string, ns: string, name: string, uid: string): { sandbox: string; logs: string } {
  const base = `${ns}_${name}_${uid}`;
  return { sandbox: path.join(home, 'pods', base), logs: path.join(home, 'logs', base) };
}

/** The toolbox (busybox-like applets that reach the cluster's virtual addresses): first on a pod's PATH. */
export const TOOLBOX_DIR = path.join(__dirname, '..', '..', '..', 'libexec', 'toolbox');

/**
 * The environment every process in a pod starts from (containers, probes, `kctl exec`, `kctl run -it`):
 * the toolbox on PATH, the pod's identity, and the cluster's gateway (HTTP proxy variables with the
 * pod's identity as credentials) and DNS server.
 */
export function sandboxEnv(o: { home: string; name: string; namespace: string; uid: string; node: string; podIP?: string; gateway?: string; dns?: string }): Record<string, string> {
  const env: Record<string, string> = {
    PATH: `${TOOLBOX_DIR}:${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
    HOME: process.env.HOME ?? '/', HOSTNAME: o.name,
    KCTL_POD_IP: o.podIP ?? '', KCTL_POD_NAMESPACE: o.namespace, KCTL_POD_UID: o.uid, KCTL_NODE_NAME: o.node,
    KCTL_HOME: o.home, KCTL_LISTEN_HOST: '127.0.0.1', KCTL_NODE: process.execPath,
    KCTL_DNS_SEARCH: `${o.namespace}.svc.cluster.local svc.cluster.local cluster.local`,
  };
  if (process.env.LANG) env.LANG = process.env.LANG;
  if (o.gateway) {
    env.KCTL_GATEWAY = o.gateway;
    const proxy = `http://${encodeURIComponent(o.podIP ?? '')}:${encodeURIComponent(o.namespace)}@${o.gateway}`;
    env.http_proxy = env.HTTP_PROXY = proxy;
    env.no_proxy = env.NO_PROXY = 'localhost,127.0.0.1,::1';
  }
  if (o.dns) env.KCTL_DNS = o.dns;
  return env;
}
