// The node agent (first part): the kubelet of every simulated node. It follows the store's change
// log, runs each bound pod's containers as local processes (built-in images or the container's own
// command), each in its own process group with its log in a file, assigns pod IPs from the node's
// CIDR, restarts containers by restartPolicy with kubelet's back-off, and reports pod status through
// the API server (so ReplicaSet/Deployment status and Endpoints follow).

import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { KObject } from '../api/types';
import type { Cluster } from '../controlplane/cluster';
import { allocatePodIP, backoffMs, containerEnv, ContainerObservation, podStatus } from './kubelet';
import { lookupImage } from './images/catalogue';

const IMAGES_MAIN = path.join(__dirname, 'images', 'main.js');

interface ContainerRun extends ContainerObservation {
  child?: ChildProcess;
  pid?: number;
  nextStart: number;
  port?: number;
}

interface PodRun {
  key: string;
  uid: string;
  ns: string;
  name: string;
  podIP?: string;
  hostIP: string;
  startTime: number;
  containers: ContainerRun[];
  dirty: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export class Agent {
  private pods = new Map<string, PodRun>();
  private rv = 0;
  private stopping = false;
  readonly logDir: string;

  constructor(private readonly cluster: Cluster, private readonly log: (s: string) => void = () => undefined) {
    this.logDir = path.join(cluster.paths.home, 'logs');
  }

  private get api() { return this.cluster.api; }

  /** A kubelet event about a pod's container (component kubelet, host = the node). */
  private event(pod: KObject, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { recordEvent } = require('../controllers/runner') as typeof import('../controllers/runner');
      const live = this.api.tryGet('pods', pod.metadata.namespace!, pod.metadata.name!) ?? pod;
      this.api.write(() => recordEvent(this.api, {
        involved: live, type, reason, message, component: 'kubelet', host: pod.spec?.nodeName,
        fieldPath: container ? `spec.containers{${container}}` : undefined,
      }));
    } catch (e) {
      this.log(`event ${reason} for ${pod.metadata.name}: ${(e as Error).message}\n`);
    }
  }

  /** Follow the change log until stop(). */
  async run(): Promise<void> {
    this.rv = 0;
    await this.sync();
    this.rv = this.cluster.store.rv();
    while (!this.stopping) {
      const changes = this.cluster.store.changesSince(this.rv, 1000);
      if (changes.length) this.rv = changes[changes.length - 1].rv;
      const relevant = changes.some((c) => c.resource === 'pods' || c.resource === 'nodes');
      if (relevant || this.timersDue()) await this.sync();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private timersDue(): boolean {
    const now = Date.now();
    for (const p of this.pods.values()) for (const c of p.containers) if (!c.child && !c.finished && c.nextStart <= now) return true;
    return false;
  }

  /** Bring the processes in line with the bound pods; report what changed. */
  async sync(): Promise<void> {
    const all = this.cluster.store.list('pods');
    const nodes = new Map(this.cluster.store.list('nodes').map((n) => [n.metadata.name!, n]));
    const seen = new Set<string>();
    for (const pod of all) {
      const node = nodes.get(pod.spec?.nodeName ?? '');
      if (!node || pod.metadata.deletionTimestamp) continue;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      let run = this.pods.get(key);
      if (run && run.uid !== pod.metadata.uid) { this.killPod(run); run = undefined; }
      seen.add(key);
      if (!run) {
        if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
        run = this.admit(pod, node, all);
        this.pods.set(key, run);
      }
      await this.startDue(run, pod);
    }
    for (const [key, run] of this.pods) {
      if (!seen.has(key)) { this.killPod(run); this.pods.delete(key); }
    }
    this.report();
  }

  private admit(pod: KObject, node: KObject, all: KObject[]): PodRun {
    const hostIP = node.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
    const taken = all.filter((p) => p.spec?.nodeName === node.metadata.name && p.metadata.uid !== pod.metadata.uid);
    const ips = [...this.pods.values()].map((r) => ({ status: { podIP: r.podIP } } as unknown as KObject));
    return {
      key: `${pod.metadata.namespace}/${pod.metadata.name}`, uid: pod.metadata.uid!, ns: pod.metadata.namespace!, name: pod.metadata.name!,
      podIP: allocatePodIP(node, [...taken, ...ips]), hostIP, startTime: Date.now(), dirty: true,
      containers: (pod.spec?.containers ?? []).map((c: any) => ({ name: c.name, image: c.image, restartCount: 0, nextStart: 0 })),
    };
  }

  private async startDue(run: PodRun, pod: KObject): Promise<void> {
    const now = Date.now();
    for (const c of run.containers) {
      if (c.child || c.finished || c.nextStart > now || this.stopping) continue;
      const spec = (pod.spec.containers ?? []).find((x: any) => x.name === c.name);
      await this.startContainer(run, pod, spec, c);
    }
  }

  private async startContainer(run: PodRun, pod: KObject, spec: any, c: ContainerRun): Promise<void> {
    const hasCommand = (spec.command?.length ?? 0) > 0;
    const builtin = lookupImage(spec.image);
    if (!hasCommand && !builtin) {
      c.waiting = { reason: 'ErrImagePull', message: `kctl has no built-in image "${spec.image}": give the container a command, or map the image to a local program` };
      c.nextStart = Number.MAX_SAFE_INTEGER;
      run.dirty = true;
      this.event(pod, 'Warning', 'Failed', `Failed to pull image "${spec.image}": ${c.waiting.message}`, c.name);
      this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
      return;
    }
    const port = await freePort();
    const dir = path.join(this.logDir, `${run.ns}_${run.name}_${run.uid}`, c.name);
    fs.mkdirSync(dir, { recursive: true });
    const logFile = path.join(dir, `${c.restartCount}.log`);
    const fd = fs.openSync(logFile, 'a');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', HOSTNAME: run.name, PORT: String(port),
      KCTL_LISTEN_HOST: '127.0.0.1', KCTL_POD_IP: run.podIP ?? '', KCTL_POD_NAMESPACE: run.ns, KCTL_POD_UID: run.uid,
      KCTL_NODE_NAME: pod.spec.nodeName, KCTL_HOME: this.cluster.paths.home,
    };
    for (const p of spec.ports ?? []) env[`KCTL_PORT_${p.containerPort}`] = String(port);
    const store = this.cluster.store;
    Object.assign(env, containerEnv(pod, spec, {
      services: store.list('services'), configMaps: store.list('configmaps', run.ns), secrets: store.list('secrets', run.ns),
      podIP: run.podIP, hostIP: run.hostIP,
    }));
    const argv: string[] = hasCommand ? [...spec.command, ...(spec.args ?? [])] : [process.execPath, IMAGES_MAIN, spec.image];
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', fd, fd], env, cwd: dir });
    fs.closeSync(fd);
    c.child = child;
    c.pid = child.pid;
    c.port = port;
    c.startedAt = Date.now();
    c.waiting = undefined;
    run.dirty = true;
    this.log(`started ${run.key} container ${c.name} (pid ${child.pid}, port ${port})\n`);
    this.event(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`, c.name);
    this.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
    this.event(pod, 'Normal', 'Started', `Started container ${c.name}`, c.name);
    this.recordPids();
    child.on('error', (err: NodeJS.ErrnoException) => {
      c.child = undefined;
      c.startedAt = undefined;
      c.waiting = { reason: 'RunContainerError', message: `exec: "${argv[0]}": ${err.code === 'ENOENT' ? 'executable file not found in $PATH' : err.message}` };
      c.nextStart = Date.now() + backoffMs(++c.restartCount);
      run.dirty = true;
    });
    child.on('exit', (code, signal) => {
      if (c.child !== child) return;
      const startedAt = c.startedAt ?? Date.now();
      c.child = undefined;
      c.startedAt = undefined;
      const exitCode = code ?? 128 + (signal ? ({ SIGKILL: 9, SIGTERM: 15, SIGINT: 2 } as Record<string, number>)[signal] ?? 1 : 1);
      c.terminated = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: Date.now() };
      const policy = pod.spec.restartPolicy ?? 'Always';
      if (this.stopping || policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
        c.finished = true;
      } else {
        c.restartCount++;
        const wait = c.restartCount <= 1 ? 0 : backoffMs(c.restartCount - 1);
        c.nextStart = Date.now() + wait;
        if (wait > 0) {
          c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(wait / 1000)}s restarting failed container=${c.name} pod=${run.name}_${run.ns}(${run.uid})` };
          this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${run.name}_${run.ns}(${run.uid})`, c.name);
        }
      }
      run.dirty = true;
      this.recordPids();
    });
  }

  /** Write the status of every pod whose containers changed. */
  private report(): void {
    for (const run of this.pods.values()) {
      if (!run.dirty) continue;
      run.dirty = false;
      try {
        const pod = this.api.tryGet('pods', run.ns, run.name);
        if (!pod || pod.metadata.uid !== run.uid) continue;
        this.api.updateStatus('pods', run.ns, run.name, podStatus(pod, { podIP: run.podIP, hostIP: run.hostIP, startTime: run.startTime, now: Date.now(), containers: run.containers }));
      } catch (e) {
        this.log(`status of ${run.key}: ${(e as Error).message}\n`);
      }
    }
  }

  private killPod(run: PodRun): void {
    for (const c of run.containers) {
      if (c.pid) { try { process.kill(-c.pid, 'SIGTERM'); } catch { /* gone */ } }
      const pid = c.pid;
      if (pid) setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 2000).unref();
      c.child = undefined;
    }
    this.recordPids();
  }

  /** The pids of the running containers, so `kctl proxy --stop` can end orphans of a crashed agent. */
  private recordPids(): void {
    const pids = [...this.pods.values()].flatMap((r) => r.containers.filter((c) => c.child).map((c) => c.pid));
    try { fs.writeFileSync(path.join(this.cluster.paths.home, 'agent.pids'), JSON.stringify(pids)); } catch { /* best effort */ }
  }

  /** Clean stop: terminate every container (SIGTERM, then SIGKILL), reset the pods to Pending. */
  async stop(): Promise<void> {
    this.stopping = true;
    const waits: Promise<void>[] = [];
    for (const run of this.pods.values()) {
      for (const c of run.containers) {
        const child = c.child;
        if (!child || !c.pid) continue;
        waits.push(new Promise((resolve) => {
          const t = setTimeout(() => { try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ } }, 3000);
          child.once('exit', () => { clearTimeout(t); resolve(); });
          try { process.kill(-c.pid!, 'SIGTERM'); } catch { clearTimeout(t); resolve(); }
        }));
      }
    }
    await Promise.all(waits);
    for (const run of this.pods.values()) {
      try {
        const pod = this.api.tryGet('pods', run.ns, run.name);
        if (pod && pod.metadata.uid === run.uid) {
          const scheduled = (pod.status?.conditions ?? []).filter((c: any) => c.type === 'PodScheduled');
          this.api.updateStatus('pods', run.ns, run.name, { conditions: scheduled, phase: 'Pending', qosClass: pod.status?.qosClass ?? 'BestEffort' });
        }
      } catch { /* the store is still ours; nothing else to do */ }
    }
    this.pods.clear();
    this.recordPids();
  }
}
