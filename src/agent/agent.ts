// The node agent: the kubelet of every simulated node. It follows the store's change log, runs
// each bound pod's init and app containers as local processes (built-in images, images mapped in
// $KCTL_HOME/images.yaml, or the container's own command) — each in its own session and process
// group, behind a tiny sh shim that records the exit code, with its log written straight to a file —
// assigns pod IPs from the node's CIDR, restarts containers by restartPolicy with kubelet's back-off,
// runs startup/liveness/readiness probes, terminates pods gracefully on deletion, and reports pod
// status through the API server (so ReplicaSet/Deployment status and Endpoints follow).
//
// What the API objects cannot hold (pids, port maps) is kept in $KCTL_HOME/agent/runtime.json, so a
// new agent adopts the containers a killed agent left running (RESTARTS unchanged).

import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { KObject } from '../api/types';
import type { Cluster } from '../controlplane/cluster';
import { allocatePodIP, backoffMs, containerEnv, ContainerObservation, podStatus } from './kubelet';
import { lookupImage } from './images/catalogue';
import { newProbeState, PROBE_LABEL, ProbeState, recordResult, runProbe } from './probes';
import { forEachProcess, readRuntime, Runtime, RuntimeContainer, RuntimePod, sameProcess, procStartTime, writeRuntime, sandboxEnv, podDirs } from './runtime';
import { resolveUserImage, UserImage } from './user-images';
import { ServiceProxy, ServiceView } from './services';

const IMAGES_MAIN = path.join(__dirname, 'images', 'main.js');
/** The container shim: runs the command, records its exit code, exits with it (SIGTERM reaches the command). */
const SHIM = 'trap "t=1" TERM INT; "$@"; c=$?; printf "%s" "$c" > "$0"; exit "$c"';
/**
 * What an attached container (stdin: true) runs while its session runs in kctl's process: it waits;
 * when the session ends, kctl writes the session's exit code to .kctl-session-exit in the sandbox and
 * sends SIGTERM, and the container exits with that code (so restartPolicy and the status follow).
 */
export const SESSION_PLACEHOLDER = 'trap \'kill $! 2>/dev/null; exit "$(cat .kctl-session-exit 2>/dev/null || echo 0)"\' TERM; sleep infinity & wait $!; exit 0';
const LOG_MAX_BYTES = Number(process.env.KCTL_LOG_MAX_BYTES) || 10 * 1024 * 1024;
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11, SIGABRT: 6 };

interface Ctr extends ContainerObservation {
  kind: 'init' | 'app';
  child?: ChildProcess;
  pid?: number;
  procStart?: number;
  exitFile?: string;
  logFile?: string;
  nextStart: number;
  /** real ports: containerPort (as listened on) → loopback port */
  ports: Record<string, number>;
  probes: ProbeState[];
  /** crash-loop back-off steps since the container last ran for 10 minutes */
  backoffStep?: number;
  /** runs a built-in image (which takes the agent's PROXY protocol header) */
  builtin?: boolean;
  /** the log size last recorded in the log's time index */
  logSize?: number;
  /** a kill in progress (liveness failure, termination): why, and when to SIGKILL */
  killing?: { reason: string; deadline: number };
}

interface PodRun {
  uid: string;
  ns: string;
  name: string;
  key: string;
  node: string;
  podIP?: string;
  hostIP: string;
  startTime: number;
  pod: KObject;
  inits: Ctr[];
  apps: Ctr[];
  failed?: boolean;
  terminating?: { deadline: number };
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

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try { process.kill(-pid, signal); } catch { /* gone */ }
}

/** A program name resolved like execvp would, or undefined. */
function which(cmd: string, envPath: string): string | undefined {
  const ok = (p: string) => { try { fs.accessSync(p, fs.constants.X_OK); return fs.statSync(p).isFile(); } catch { return false; } };
  if (cmd.includes('/')) return ok(cmd) ? cmd : undefined;
  for (const dir of envPath.split(':')) if (dir && ok(path.join(dir, cmd))) return path.join(dir, cmd);
  return undefined;
}

export class Agent {
  private pods = new Map<string, PodRun>();
  private rv = 0;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private watcher: fs.FSWatcher | undefined;
  private lastRotate = 0;
  private runtimeDirty = true;
  readonly startedAt = Date.now();
  gateway?: string;
  dns?: string;
  readonly logDir: string;

  constructor(private readonly cluster: Cluster, private readonly log: (s: string) => void = () => undefined) {
    this.logDir = path.join(cluster.paths.home, 'logs');
  }

  private get api() { return this.cluster.api; }
  private get home() { return this.cluster.paths.home; }

  /** A kubelet event about a pod (component kubelet, host = the node). */
  private event(pod: KObject, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { recordEvent } = require('../controllers/runner') as typeof import('../controllers/runner');
      const live = this.api.tryGet('pods', pod.metadata.namespace!, pod.metadata.name!) ?? pod;
      this.api.write(() => recordEvent(this.api, {
        involved: live, type, reason, message, component: 'kubelet', host: pod.spec?.nodeName,
        fieldPath: container ? `spec.${this.fieldOf(pod, container)}{${container}}` : undefined,
      }));
    } catch (e) {
      this.log(`event ${reason} for ${pod.metadata.name}: ${(e as Error).message}\n`);
    }
  }

  private fieldOf(pod: KObject, container: string): string {
    return (pod.spec?.initContainers ?? []).some((c: any) => c.name === container) ? 'initContainers' : 'containers';
  }

  /** Wake the loop now (a store change, a child exit). */
  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    if (w) w();
  }

  private dnsServer?: { close(): Promise<void> };
  private dnsView?: import('../dns/records').DnsView;

  /** What the cluster DNS answers from (a new object after every change, as the DNS handler caches per view). */
  private clusterView(): import('../dns/records').DnsView {
    // read-your-writes: a Service written a moment ago is answered, whatever the loop has seen yet
    const rv = this.cluster.store.rv();
    if (rv !== this.dnsViewRv) { this.dnsView = undefined; this.dnsViewRv = rv; }
    if (!this.dnsView) {
      const store = this.cluster.store;
      this.dnsView = { services: store.list('services'), endpoints: store.list('endpoints'), pods: store.list('pods'), namespaces: store.list('namespaces') };
    }
    return this.dnsView;
  }

  private serviceView?: ServiceView;
  private serviceViewRv = -1;
  private dnsViewRv = -1;
  private gatewayServer?: { close(): Promise<void> };
  readonly services = new ServiceProxy({
    view: () => {
      const rv = this.cluster.store.rv();
      if (rv !== this.serviceViewRv) { this.serviceView = undefined; this.serviceViewRv = rv; }
      if (!this.serviceView) {
        const st = this.cluster.store;
        this.serviceView = {
          services: st.list('services'), endpoints: st.list('endpoints'), nodes: st.list('nodes'),
          configMaps: st.list('configmaps', 'kube-system'), pods: st.list('pods'), namespaces: st.list('namespaces'),
        };
      }
      return this.serviceView;
    },
    // several pods can share an IP (hostNetwork pods have their node's): the one with that port
    podPort: (ip, port) => {
      for (const run of this.pods.values()) {
        if (run.podIP !== ip || run.terminating) continue;
        const real = this.podPorts(run)[String(port)];
        if (real !== undefined) return real;
      }
      return undefined;
    },
    acceptsProxy: (ip, port) => {
      for (const run of this.pods.values()) {
        if (run.podIP !== ip || run.terminating) continue;
        const c = [...run.inits, ...run.apps].find((x) => x.pid && x.ports[String(port)] !== undefined);
        if (c) return !!c.builtin;
      }
      return false;
    },
    log: (l) => this.log(l),
    warn: (svc, reason, message) => this.event(svc, 'Warning', reason, message),
  });

  /** NodePort and LoadBalancer listeners; LoadBalancer addresses for the services that have none. */
  private async syncServices(): Promise<void> {
    for (const { svc, ip } of this.services.loadBalancerAssignments()) {
      try {
        this.api.updateStatus('services', svc.metadata.namespace!, svc.metadata.name!, { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } });
        this.serviceView = undefined;
        this.log(`service ${svc.metadata.namespace}/${svc.metadata.name}: load balancer address ${ip}\n`);
      } catch (e) {
        this.log(`service ${svc.metadata.name}: ${(e as Error).message}\n`);
      }
    }
    await this.services.syncNodePorts();
    this.runtimeDirty = true;
  }

  /** A cluster name's first A record, with the client namespace's DNS search list. */
  private lookupA(name: string, ns: string): string | undefined {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { candidates } = require('../dns/client') as typeof import('../dns/client');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { answer } = require('../dns/records') as typeof import('../dns/records');
    for (const n of candidates(name, [`${ns}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'], 5)) {
      const r = answer({ name: n.endsWith('.') ? n : `${n}.`, type: 'A', class: 1 }, this.clusterView(), { domain: 'cluster.local', ttl: 30, dnsServiceIP: '10.96.0.10' });
      const a = r.answers.filter((x) => x.type === 'A');
      if (a.length) return a[Math.floor(Math.random() * a.length)].data as string;
    }
    return undefined;
  }

  /** The agent's listeners: the cluster DNS server (loopback, UDP and TCP) and the cluster gateway. */
  private async listen(): Promise<void> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { startGateway } = require('./gateway') as typeof import('./gateway');
      const gw = await startGateway({
        host: '127.0.0.1', port: Number(process.env.KCTL_GATEWAY_PORT) || 0,
        resolve: (host, port, client) => (net.isIP(host) ? this.services.resolveAddress(host, port, client) : this.services.resolveName(host, port, client, (n, ns) => this.lookupA(n, ns))),
        // failures only (every proxied request with KCTL_GATEWAY_LOG=1): agent.log stays readable
        log: (l) => {
          const ok = /\s→\s\S+?(?::\s*\d{3})?$/.test(l);
          if (!ok || process.env.KCTL_GATEWAY_LOG === '1') this.log(l.endsWith('\n') ? l : `${l}\n`);
        },
      });
      this.gatewayServer = gw;
      this.gateway = `127.0.0.1:${gw.port}`;
      this.log(`cluster gateway on ${this.gateway} (HTTP proxy, CONNECT)\n`);
    } catch (e) {
      this.log(`cluster gateway: ${(e as Error).message}\n`);
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { startDnsServer, makeHandler } = require('../dns/server') as typeof import('../dns/server');
      const srv = await startDnsServer({
        host: '127.0.0.1', port: Number(process.env.KCTL_DNS_PORT) || 0,
        handle: makeHandler(() => this.clusterView(), { domain: 'cluster.local', ttl: 30, dnsServiceIP: '10.96.0.10', shuffle: true }),
      });
      this.dnsServer = srv;
      this.dns = `127.0.0.1:${srv.port}`;
      this.log(`cluster DNS on ${this.dns} (udp, tcp)\n`);
    } catch (e) {
      this.log(`cluster DNS: ${(e as Error).message}\n`);
    }
  }

  /** Follow the change log until stop(). */
  async run(): Promise<void> {
    await this.listen();
    this.adopt();
    this.rv = this.cluster.store.rv();
    await this.syncServices();
    await this.sync();
    try {
      // only the store's files: the agent's own log and runtime record live beside it
      const base = path.basename(this.cluster.paths.stateFile);
      this.watcher = fs.watch(path.dirname(this.cluster.paths.stateFile), (_e, f) => { if (!f || String(f).startsWith(base)) this.wake(); });
      this.watcher.on('error', () => undefined);
    } catch { /* polling only */ }
    while (!this.stopping) {
      await new Promise<void>((r) => {
        const t = setTimeout(() => this.wake(), 100);
        this.wakeUp = () => { clearTimeout(t); r(); };
      });
      if (this.stopping) break;
      let relevant = false;
      let servicesChanged = false;
      try {
        for (;;) {
          const changes = this.cluster.store.changesSince(this.rv, 1000);
          if (!changes.length) break;
          this.rv = changes[changes.length - 1].rv;
          if (changes.some((c) => c.resource === 'pods' || c.resource === 'nodes')) relevant = true;
          if (changes.some((c) => ['services', 'endpoints', 'pods', 'namespaces'].includes(c.resource))) this.dnsView = undefined;
          if (changes.some((c) => ['services', 'endpoints', 'pods', 'namespaces', 'nodes', 'configmaps'].includes(c.resource))) this.serviceView = undefined;
          if (changes.some((c) => c.resource === 'services' || c.resource === 'nodes')) servicesChanged = true;
          if (changes.length < 1000) break;
        }
      } catch (e) {
        // the change log was compacted past us: resync everything
        this.rv = this.cluster.store.rv();
        relevant = true;
        servicesChanged = true;
        this.dnsView = undefined;
        this.serviceView = undefined;
        this.log(`change log: ${(e as Error).message}; resyncing\n`);
      }
      try {
        if (servicesChanged) await this.syncServices();
        if (relevant) await this.sync();
        await this.tick();
      } catch (e) {
        this.log(`agent: ${(e as Error).stack ?? e}\n`);
      }
    }
  }

  // ---- adoption -------------------------------------------------------------------------------

  /** Take over the containers a previous agent left running (and end the ones nobody wants). */
  private adopt(): void {
    this.adoptRecorded();
    this.endUnknownContainers();
  }

  /**
   * Container processes of this cluster that no record names (an agent killed between starting
   * one and recording it): their process groups end, so nothing runs twice.
   */
  private endUnknownContainers(): void {
    if (process.platform !== 'linux') return;
    const known = new Set<number>();
    for (const run of this.pods.values()) for (const c of [...run.inits, ...run.apps]) if (c.pid) known.add(c.pid);
    forEachProcess((st, env) => {
      if (known.has(st.pgid) || st.pgid === process.pid) return;
      const e = env();
      if (!e.includes(`\0KCTL_HOME=${this.home}\0`) && !e.startsWith(`KCTL_HOME=${this.home}\0`)) return;
      if (!/(?:^|\0)KCTL_CONTAINER=/.test(e)) return;
      this.log(`ending an unrecorded container process group ${st.pgid} (pid ${st.pid})\n`);
      killGroup(st.pgid, 'SIGKILL');
      known.add(st.pgid);
    });
  }

  private adoptRecorded(): void {
    const rt = readRuntime(this.home);
    if (!rt) return;
    const pods = new Map(this.cluster.store.list('pods').map((p) => [p.metadata.uid!, p]));
    for (const rp of rt.pods ?? []) {
      const pod = pods.get(rp.uid);
      const containers = rp.containers ?? [];
      if (!pod || pod.spec?.nodeName !== rp.node) {
        for (const c of containers) if (sameProcess(c.pid, c.procStart)) killGroup(c.pid, 'SIGKILL');
        continue;
      }
      const mk = (rc: RuntimeContainer, kind: 'init' | 'app', spec: any): Ctr => ({
        name: spec.name, image: spec.image, kind, restartCount: rc?.restartCount ?? 0, nextStart: 0,
        ports: rc?.ports ?? {}, probes: [], pid: rc?.pid, procStart: rc?.procStart, exitFile: rc?.exitFile, logFile: rc?.logFile as string | undefined,
        startedAt: rc?.startedAt, terminated: rc?.terminated as Ctr['terminated'], finished: rc?.finished as boolean | undefined,
        ready: rc?.ready as boolean | undefined, started: rc?.started as boolean | undefined, builtin: rc?.builtin as boolean | undefined,
        backoffStep: rc?.backoffStep as number | undefined,
      });
      const find = (name: string, kind: 'init' | 'app') => containers.find((c) => c.name === name && (c.kind ?? 'app') === kind) as RuntimeContainer;
      const run: PodRun = {
        uid: rp.uid, ns: rp.namespace, name: rp.name, key: `${rp.namespace}/${rp.name}`, node: rp.node, podIP: rp.podIP, hostIP: rp.hostIP,
        startTime: rp.startTime, pod, failed: rp.failed as boolean | undefined, dirty: true,
        inits: (pod.spec.initContainers ?? []).map((s: any) => mk(find(s.name, 'init'), 'init', s)),
        apps: (pod.spec.containers ?? []).map((s: any) => mk(find(s.name, 'app'), 'app', s)),
      };
      for (const c of [...run.inits, ...run.apps]) {
        if (!c.pid) { c.startedAt = undefined; continue; }
        if (sameProcess(c.pid, c.procStart)) {
          if (c.kind === 'app' && c.startedAt !== undefined) this.armProbes(run, c, true);
          this.log(`adopted ${run.key} container ${c.name} (pid ${c.pid})\n`);
        } else {
          this.containerExited(run, c, this.readExit(c), undefined);
        }
      }
      this.pods.set(run.uid, run);
    }
    this.runtimeDirty = true;
  }

  private readExit(c: Ctr): number {
    try {
      const v = fs.readFileSync(c.exitFile!, 'utf8').trim();
      if (/^\d+$/.test(v)) return Number(v);
    } catch { /* killed before the shim could write it */ }
    return 137;
  }

  // ---- reconciliation ---------------------------------------------------------------------------

  /** Bring the pod runs in line with the bound pods. */
  async sync(): Promise<void> {
    const all = this.cluster.store.list('pods');
    const nodes = new Map(this.cluster.store.list('nodes').map((n) => [n.metadata.name!, n]));
    const seen = new Set<string>();
    for (const pod of all) {
      const node = nodes.get(pod.spec?.nodeName ?? '');
      if (!node) {
        // the pod garbage collector: a pod bound to a node that no longer exists is deleted at once
        if (pod.spec?.nodeName) {
          this.log(`deleting ${pod.metadata.namespace}/${pod.metadata.name}: its node ${pod.spec.nodeName} is gone\n`);
          try { this.api.delete('pods', pod.metadata.namespace!, pod.metadata.name!, { gracePeriodSeconds: 0 }); } catch { /* gone already */ }
        }
        continue;
      }
      const uid = pod.metadata.uid!;
      let run = this.pods.get(uid);
      seen.add(uid);
      if (pod.metadata.deletionTimestamp) {
        if (!run) { this.finalDelete(pod); continue; }
        run.pod = pod;
        this.beginTermination(run, pod);
        continue;
      }
      if (!run) {
        if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
        run = this.admit(pod, node, all);
        this.pods.set(uid, run);
      }
      run.pod = pod;
      // a container whose image changed (kctl set image pod/...) is restarted with the new one, as
      // kubelet does when a container's spec hash changes
      for (const c of run.apps) {
        const spec = (pod.spec?.containers ?? []).find((x: any) => x.name === c.name);
        if (!spec || spec.image === c.image || !c.pid || c.killing) continue;
        this.event(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, c.name);
        this.kill(run, c, 'changed');
      }
    }
    for (const [uid, run] of this.pods) {
      if (seen.has(uid)) continue;
      // deleted at once (force, namespace deletion): kill what is left
      for (const c of [...run.inits, ...run.apps]) { killGroup(c.pid, 'SIGTERM'); const pid = c.pid; if (pid) setTimeout(() => killGroup(pid, 'SIGKILL'), 2000).unref(); c.child = undefined; c.pid = undefined; }
      this.removeDirs(run);
      this.pods.delete(uid);
      this.runtimeDirty = true;
    }
    await this.tick();
  }

  private admit(pod: KObject, node: KObject, all: KObject[]): PodRun {
    const hostIP = node.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
    // completed pods keep their IP in status, but not on the node (kubelet tore down their sandboxes)
    const taken = all.filter((p) => p.spec?.nodeName === node.metadata.name && p.metadata.uid !== pod.metadata.uid
      && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const ips = [...this.pods.values()].map((r) => ({ status: { podIP: r.podIP } } as unknown as KObject));
    const ctr = (c: any, kind: 'init' | 'app'): Ctr => ({ name: c.name, image: c.image, kind, restartCount: 0, nextStart: 0, ports: {}, probes: [] });
    this.runtimeDirty = true;
    return {
      uid: pod.metadata.uid!, ns: pod.metadata.namespace!, name: pod.metadata.name!, key: `${pod.metadata.namespace}/${pod.metadata.name}`,
      node: node.metadata.name!, podIP: pod.spec?.hostNetwork ? hostIP : allocatePodIP(node, [...taken, ...ips]), hostIP, startTime: Date.now(), pod, dirty: true,
      inits: (pod.spec?.initContainers ?? []).map((c: any) => ctr(c, 'init')),
      apps: (pod.spec?.containers ?? []).map((c: any) => ctr(c, 'app')),
    };
  }

  /** Timers: due starts, probes, kills past their deadline, adopted processes, log rotation; then report. */
  private async tick(): Promise<void> {
    const now = Date.now();
    for (const run of [...this.pods.values()]) {
      for (const c of [...run.inits, ...run.apps]) {
        if (c.pid && !c.child && !sameProcess(c.pid, c.procStart)) this.containerExited(run, c, this.readExit(c), undefined);
        if (c.killing && c.pid && now >= c.killing.deadline) { killGroup(c.pid, 'SIGKILL'); c.killing.deadline = Number.MAX_SAFE_INTEGER; }
      }
      if (run.terminating) {
        if ([...run.inits, ...run.apps].every((c) => !c.pid)) {
          this.finalDelete(run.pod);
          this.removeDirs(run);
          this.pods.delete(run.uid);
          this.runtimeDirty = true;
        }
        continue;
      }
      if (run.failed || this.stopping) continue;
      const pendingInit = run.inits.find((c) => !(c.finished && c.terminated?.exitCode === 0));
      if (pendingInit) {
        if (!pendingInit.pid && !pendingInit.finished && pendingInit.nextStart <= now) await this.startContainer(run, pendingInit);
        continue;
      }
      for (const c of run.apps) {
        if (!c.pid && !c.finished && c.nextStart <= now && !this.stopping) {
          await this.startContainer(run, c);
          // many pods at once: report as we go, so the first ones are not Ready only after the last
          if (Date.now() - this.lastReport > 100) this.report();
        }
        if (c.pid && c.startedAt !== undefined && !c.killing) this.probe(run, c, now);
      }
    }
    this.indexLogs(now);
    if (now - this.lastRotate > 2000) { this.lastRotate = now; this.rotateLogs(); }
    if (this.services.retryDue(now)) await this.syncServices();
    if (now - this.lastCron >= 10_000) { this.lastCron = now; this.cronTick(); }
    this.report();
    if (this.runtimeDirty) this.saveRuntime();
  }

  private lastCron = 0;

  /**
   * Time moves CronJobs, not writes: every 10 s, when there are CronJobs, the controllers that watch
   * them run (as kube-controller-manager's cronjob controller wakes on its own), inside a write.
   */
  private cronTick(): void {
    try {
      if (this.cluster.store.list('cronjobs').length === 0) return;
      this.api.write(() => this.api.noteChange('cronjobs'));
    } catch (e) {
      this.log(`cronjobs: ${(e as Error).message}\n`);
    }
  }

  // ---- containers -------------------------------------------------------------------------------

  private specOf(run: PodRun, c: Ctr): any {
    const list = c.kind === 'init' ? run.pod.spec?.initContainers : run.pod.spec?.containers;
    return (list ?? []).find((x: any) => x.name === c.name);
  }

  private podPorts(run: PodRun): Record<string, number> {
    const ports: Record<string, number> = {};
    for (const c of [...run.inits, ...run.apps]) if (c.pid) Object.assign(ports, c.ports);
    return ports;
  }

  private async startContainer(run: PodRun, c: Ctr): Promise<void> {
    const pod = run.pod;
    const spec = this.specOf(run, c);
    if (!spec) return;
    c.image = spec.image;
    const image = lookupImage(spec.image);
    // a command that is the built-in image's own program (nginx -g 'daemon off;', redis-server,
    // httpd-foreground...) runs the built-in image, with the rest of the command as its arguments
    const ownEntry = !!image && (spec.command?.length ?? 0) > 0 && (image.entrypoints ?? []).includes(path.basename(spec.command[0]));
    const hasCommand = (spec.command?.length ?? 0) > 0 && !ownEntry;
    const imageArgs: string[] = ownEntry ? [...spec.command.slice(1), ...(spec.args ?? [])] : spec.args ?? [];
    let user: UserImage | undefined;
    try { user = hasCommand ? undefined : resolveUserImage(this.home, spec.image); } catch (e) {
      this.log(`images config: ${(e as Error).message}\n`);
    }
    const builtin = hasCommand || user ? undefined : image;
    if (!hasCommand && !user && !builtin) {
      if (c.waiting?.reason !== 'ErrImagePull' && c.waiting?.reason !== 'ImagePullBackOff') {
        const message = `kctl has no built-in image "${spec.image}": give the container a command (kctl run ... --command -- PROGRAM ARGS), or map the image to a local program in ${path.join(this.home, 'images.yaml')}`;
        c.waiting = { reason: 'ErrImagePull', message };
        this.event(pod, 'Normal', 'Pulling', `Pulling image "${spec.image}"`, c.name);
        this.event(pod, 'Warning', 'Failed', `Failed to pull image "${spec.image}": ${message}`, c.name);
        this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
        c.nextStart = Date.now() + 10_000;
      } else {
        c.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${spec.image}"` };
        this.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${spec.image}"`, c.name);
        this.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', c.name);
        c.nextStart = Date.now() + 30_000;
      }
      run.dirty = true;
      return;
    }
    // ports: a built-in image listens where it knows it does; a command on its declared containerPorts
    const listen: number[] = builtin ? builtin.defaultPorts
      : user?.ports ?? (spec.ports ?? []).filter((p: any) => (p.protocol ?? 'TCP') === 'TCP').map((p: any) => p.containerPort);
    const ports: Record<string, number> = {};
    for (const p of listen) ports[String(p)] = await freePort();
    const dirs = podDirs(this.home, run.ns, run.name, run.uid);
    const logDir = path.join(dirs.logs, c.name);
    fs.mkdirSync(logDir, { recursive: true });
    fs.mkdirSync(dirs.sandbox, { recursive: true });
    const logFile = path.join(logDir, `${c.restartCount}.log`);
    const exitFile = path.join(logDir, `${c.restartCount}.exit`);
    fs.rmSync(exitFile, { force: true });
    const env = this.processEnv(run, spec, ports, listen[0]);
    // marks a container's processes (not `kctl exec` sessions): a new agent ends unknown ones
    env.KCTL_CONTAINER = `${run.uid}/${c.name}/${c.restartCount}`;
    const expand = (s: string) => s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, n) => env[n] ?? all);
    let argv: string[];
    const toolbox = builtin?.module === 'toolbox';
    if (spec.stdin && (hasCommand || toolbox || (spec.args?.length ?? 0) > 0)) {
      // an attached container (kctl run -it, attach): the session itself runs in kctl's process, in
      // this pod's context; the container holds the pod's place until it is deleted
      argv = ['/bin/sh', '-c', SESSION_PLACEHOLDER];
    } else if (hasCommand) argv = [...spec.command, ...(spec.args ?? [])].map(expand);
    else if (toolbox) argv = (spec.args?.length ? spec.args : ['sleep', 'infinity']).map(expand);
    else if (user) argv = [...user.command, ...(spec.args ?? user.args ?? [])].map(expand);
    else argv = [process.execPath, IMAGES_MAIN, spec.image, ...imageArgs.map(expand)];
    const program = which(argv[0], env.PATH);
    if (!program) {
      const message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0]}": ${argv[0].includes('/') ? 'stat ' + argv[0] + ': no such file or directory' : 'executable file not found in $PATH'}: unknown`;
      this.event(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`, c.name);
      this.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
      this.event(pod, 'Warning', 'Failed', `Error: ${message}`, c.name);
      const t = Date.now();
      c.startedAt = t;
      this.containerExited(run, c, 128, undefined, { reason: 'StartError', message });
      return;
    }
    if (this.stopping || run.terminating) return; // stopped while this container was being prepared
    const fd = fs.openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn('/bin/sh', ['-c', SHIM, exitFile, ...argv], { detached: true, stdio: ['ignore', fd, fd], env, cwd: dirs.sandbox });
    } finally {
      fs.closeSync(fd);
    }
    c.child = child;
    c.pid = child.pid;
    c.procStart = child.pid ? procStartTime(child.pid) : undefined;
    c.exitFile = exitFile;
    c.logFile = logFile;
    c.ports = ports;
    // the built-in images whose listeners take the PROXY protocol header (http, redis, ingress-nginx)
    c.builtin = !!builtin && argv[1] === IMAGES_MAIN && ['http', 'redis', 'ingress-nginx'].includes(builtin.module);
    c.startedAt = Date.now();
    c.waiting = undefined;
    c.killing = undefined;
    if (c.kind === 'app') this.armProbes(run, c, false);
    run.dirty = true;
    // recorded at once: an agent killed right now must find this process on its next start
    this.saveRuntime();
    this.log(`started ${run.key} container ${c.name} (pid ${child.pid}, port ${listen[0] !== undefined ? ports[String(listen[0])] : '-'})\n`);
    this.event(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`, c.name);
    this.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
    this.event(pod, 'Normal', 'Started', `Started container ${c.name}`, c.name);
    child.on('error', () => { /* reported through exit */ });
    child.on('exit', (code, signal) => {
      if (c.child !== child) return;
      const fromFile = (() => { try { const v = fs.readFileSync(exitFile, 'utf8').trim(); return /^\d+$/.test(v) ? Number(v) : undefined; } catch { return undefined; } })();
      const exitCode = fromFile ?? code ?? 128 + (signal ? SIGNALS[signal] ?? 1 : 1);
      this.containerExited(run, c, exitCode, signal ?? undefined);
      this.wake();
    });
  }

  /** The environment of a container's processes and of its exec probes: the pod's sandbox environment, its real ports, the kubelet's container env. */
  private processEnv(run: PodRun, spec: any, ports: Record<string, number>, first?: number): Record<string, string> {
    const store = this.cluster.store;
    const env: Record<string, string> = sandboxEnv({
      home: this.home, name: run.name, namespace: run.ns, uid: run.uid, node: run.node, podIP: run.podIP, gateway: this.gateway, dns: this.dns,
    });
    if (first !== undefined && ports[String(first)] !== undefined) env.PORT = String(ports[String(first)]);
    for (const [cp, real] of Object.entries(ports)) env[`KCTL_PORT_${cp}`] = String(real);
    Object.assign(env, containerEnv(run.pod, spec ?? {}, {
      services: store.list('services'), configMaps: store.list('configmaps', run.ns), secrets: store.list('secrets', run.ns),
      podIP: run.podIP, hostIP: run.hostIP,
    }));
    return env;
  }

  /** A container's process group ended (or its shim did): record it and decide what comes next. */
  private containerExited(run: PodRun, c: Ctr, exitCode: number, _signal: string | undefined, how?: { reason: string; message?: string }): void {
    const startedAt = c.startedAt ?? Date.now();
    if (c.logFile) this.indexLog(c, Date.now());
    c.logSize = 0;
    // a container's processes end with it: our own child's group, or — for an adopted container whose
    // shim is gone (its pid may be reused by now) — only the processes that carry this container's mark
    if (c.child) killGroup(c.pid, 'SIGKILL');
    else if (c.pid) this.killMarked(c.pid, `${run.uid}/${c.name}/${c.restartCount}`);
    c.child = undefined;
    c.pid = undefined;
    c.procStart = undefined;
    c.startedAt = undefined;
    c.ready = undefined;
    c.started = undefined;
    c.probes = [];
    const killedForLiveness = c.killing?.reason === 'liveness';
    const specChanged = c.killing?.reason === 'changed';
    c.killing = undefined;
    c.terminated = { exitCode, reason: how?.reason ?? (exitCode === 0 ? 'Completed' : 'Error'), startedAt, finishedAt: Date.now(), ...(how?.message ? { message: how.message } : {}) };
    run.dirty = true;
    this.runtimeDirty = true;
    if (run.terminating || this.stopping) { c.finished = true; return; }
    const policy = run.pod.spec?.restartPolicy ?? 'Always';
    if (c.kind === 'init') {
      if (exitCode === 0) { c.finished = true; return; }
      if (policy === 'Never') {
        c.finished = true;
        run.failed = true;
        return;
      }
    } else if (!specChanged && (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0 && !killedForLiveness))) {
      c.finished = true;
      return;
    }
    c.restartCount++;
    if (specChanged) { c.nextStart = 0; c.waiting = undefined; return; }
    // kubelet's back-off starts over once a container ran for 10 min (twice the longest back-off)
    if (Date.now() - startedAt >= 600_000) c.backoffStep = 0;
    c.backoffStep = (c.backoffStep ?? 0) + 1;
    const wait = c.backoffStep <= 1 ? 0 : backoffMs(c.backoffStep - 1);
    c.nextStart = Date.now() + wait;
    if (wait > 0) {
      c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(wait / 1000)}s restarting failed container=${c.name} pod=${run.name}_${run.ns}(${run.uid})` };
      this.event(run.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${run.name}_${run.ns}(${run.uid})`, c.name);
    } else {
      c.waiting = undefined;
    }
  }

  /** SIGKILL the processes of group `pgid` whose environment carries KCTL_CONTAINER=`mark`. */
  private killMarked(pgid: number, mark: string): void {
    if (process.platform !== 'linux') return;
    forEachProcess((st, env) => {
      if (st.pgid !== pgid || !env().includes(`KCTL_CONTAINER=${mark}\0`)) return;
      try { process.kill(st.pid, 'SIGKILL'); } catch { /* gone */ }
    });
  }

  // ---- probes -----------------------------------------------------------------------------------

  private armProbes(run: PodRun, c: Ctr, adopted: boolean): void {
    const spec = this.specOf(run, c);
    const at = adopted ? Date.now() : c.startedAt ?? Date.now();
    c.probes = [];
    if (spec?.startupProbe) c.probes.push(newProbeState('startup', spec.startupProbe, at));
    if (spec?.livenessProbe) c.probes.push(newProbeState('liveness', spec.livenessProbe, at));
    if (spec?.readinessProbe) c.probes.push(newProbeState('readiness', spec.readinessProbe, at));
    if (adopted) {
      // an adopted container keeps what the previous agent observed; probes resume
      return;
    }
    c.started = spec?.startupProbe ? false : undefined;
    c.ready = spec?.readinessProbe ? false : undefined;
  }

  private probe(run: PodRun, c: Ctr, now: number): void {
    const startup = c.probes.find((p) => p.kind === 'startup');
    const active = startup && startup.ok !== true ? [startup] : c.probes.filter((p) => p.kind !== 'startup');
    for (const p of active) {
      if (p.inFlight || p.nextAt > now || !run.podIP) continue;
      p.inFlight = true;
      const pid = c.pid;
      const spec = this.specOf(run, c);
      const env = this.processEnv(run, spec, c.ports, Number(Object.keys(c.ports)[0]));
      runProbe(p.spec, { podIP: run.podIP, ports: this.podPorts(run), container: spec, env, cwd: podDirs(this.home, run.ns, run.name, run.uid).sandbox })
        .then((r) => {
          p.inFlight = false;
          if (c.pid !== pid || !c.pid || run.terminating) return;
          // kctl's processes start in milliseconds, not seconds: while a readiness or startup probe has
          // never passed, in a container's first 5 s, a failure is retried after 200 ms instead of a
          // whole period (and not counted), so a pod is Ready as soon as it really serves
          const warmingUp = !r.ok && p.kind !== 'liveness' && p.ok === undefined && c.startedAt !== undefined && Date.now() - c.startedAt < 5000;
          if (warmingUp) { p.nextAt = Date.now() + Math.min(200, p.timing.periodMs); this.wake(); return; }
          if (!r.ok) this.event(run.pod, 'Warning', 'Unhealthy', `${PROBE_LABEL[p.kind]} probe failed: ${r.message}`, c.name);
          const t = recordResult(p, r.ok, Date.now());
          if (p.kind === 'readiness') {
            if (t === 'succeeded') { c.ready = true; run.dirty = true; }
            if (t === 'failed') { c.ready = false; run.dirty = true; }
          } else if (p.kind === 'startup' && t === 'succeeded') {
            c.started = true;
            run.dirty = true;
          } else if (t === 'failed') {
            const what = p.kind === 'startup' ? 'startup' : 'liveness';
            this.event(run.pod, 'Normal', 'Killing', `Container ${c.name} failed ${what} probe, will be restarted`, c.name);
            this.kill(run, c, 'liveness');
          }
          this.wake();
        })
        .catch((e) => { p.inFlight = false; this.log(`probe ${run.key}/${c.name}: ${(e as Error).message}\n`); });
    }
  }

  /** SIGTERM the container's process group; SIGKILL after the pod's grace period. */
  private kill(run: PodRun, c: Ctr, reason: string, graceSeconds?: number): void {
    if (!c.pid || c.killing) return;
    const grace = graceSeconds ?? (typeof run.pod.spec?.terminationGracePeriodSeconds === 'number' ? run.pod.spec.terminationGracePeriodSeconds : 30);
    c.killing = { reason, deadline: Date.now() + grace * 1000 };
    killGroup(c.pid, 'SIGTERM');
    if (grace === 0) killGroup(c.pid, 'SIGKILL');
  }

  // ---- termination ------------------------------------------------------------------------------

  private beginTermination(run: PodRun, pod: KObject): void {
    const grace = typeof pod.metadata.deletionGracePeriodSeconds === 'number' ? pod.metadata.deletionGracePeriodSeconds
      : typeof pod.spec?.terminationGracePeriodSeconds === 'number' ? pod.spec.terminationGracePeriodSeconds : 30;
    // the grace period runs from the deletion (an agent restarted meanwhile does not start it over)
    // (deletionTimestamp has whole seconds: the end of that second)
    const byTimestamp = pod.metadata.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) + 999 : NaN;
    const deadline = Math.min(Date.now() + grace * 1000, Number.isNaN(byTimestamp) ? Infinity : Math.max(byTimestamp, Date.now()));
    if (run.terminating) {
      if (deadline < run.terminating.deadline) {
        run.terminating.deadline = deadline;
        for (const c of [...run.inits, ...run.apps]) if (c.killing) c.killing.deadline = Math.min(c.killing.deadline, deadline);
      }
      return;
    }
    run.terminating = { deadline };
    for (const c of [...run.inits, ...run.apps]) {
      if (!c.pid) continue;
      this.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, c.name);
      c.killing = undefined;
      this.kill(run, c, 'delete', Math.max(0, (deadline - Date.now()) / 1000));
    }
    this.runtimeDirty = true;
  }

  /** The kubelet's last word on a deleted pod: remove the object (grace period 0). */
  private finalDelete(pod: KObject): void {
    try {
      this.api.write(() => {
        const live = this.api.tryGet('pods', pod.metadata.namespace!, pod.metadata.name!);
        if (live && live.metadata.uid === pod.metadata.uid) this.api.delete('pods', pod.metadata.namespace!, pod.metadata.name!, { gracePeriodSeconds: 0 });
      });
    } catch (e) {
      this.log(`delete ${pod.metadata.namespace}/${pod.metadata.name}: ${(e as Error).message}\n`);
    }
  }

  private removeDirs(run: PodRun): void {
    const d = podDirs(this.home, run.ns, run.name, run.uid);
    fs.rmSync(d.sandbox, { recursive: true, force: true });
    fs.rmSync(d.logs, { recursive: true, force: true });
  }

  // ---- logs -------------------------------------------------------------------------------------

  /**
   * The logs' time index: each time a running container's log has grown, "<size> <ms>" is appended to
   * `<n>.log.idx`, so `kctl logs --timestamps/--since` know when each line was written (within a tick).
   */
  private indexLogs(now: number): void {
    for (const run of this.pods.values()) {
      for (const c of [...run.inits, ...run.apps]) if (c.pid && c.logFile) this.indexLog(c, now);
    }
  }

  private indexLog(c: Ctr, now: number): void {
    try {
      const size = fs.statSync(c.logFile!).size;
      if (size > (c.logSize ?? 0)) {
        fs.appendFileSync(`${c.logFile}.idx`, `${size} ${now}\n`);
        c.logSize = size;
      }
    } catch { /* gone */ }
  }

  /** The log size cap: a container log over the cap is copied to `<n>.log.1` and truncated (copytruncate). */
  private rotateLogs(): void {
    for (const run of this.pods.values()) {
      for (const c of [...run.inits, ...run.apps]) {
        if (!c.pid || !c.logFile) continue;
        try {
          if (fs.statSync(c.logFile).size <= LOG_MAX_BYTES) continue;
          fs.copyFileSync(c.logFile, `${c.logFile}.1`);
          fs.truncateSync(c.logFile, 0);
          try { fs.renameSync(`${c.logFile}.idx`, `${c.logFile}.1.idx`); } catch { /* no index yet */ }
          c.logSize = 0;
        } catch { /* gone */ }
      }
    }
  }

  // ---- status -----------------------------------------------------------------------------------

  /** Write the status of every pod whose containers changed. */
  private lastReport = 0;

  private report(): void {
    this.lastReport = Date.now();
    for (const run of this.pods.values()) {
      if (!run.dirty) continue;
      run.dirty = false;
      try {
        // the pod read and its status written in one transaction: a pod deleted and made again under
        // the same name meanwhile (another uid) is not given this one's status
        this.api.write(() => {
          const pod = this.api.tryGet('pods', run.ns, run.name);
          if (!pod || pod.metadata.uid !== run.uid) return;
          const status = podStatus(pod, {
            podIP: run.podIP, hostIP: run.hostIP, startTime: run.startTime, now: Date.now(),
            containers: run.apps, initContainers: run.inits, failed: run.failed,
          });
          run.pod = this.api.updateStatus('pods', run.ns, run.name, status);
        });
      } catch (e) {
        this.log(`status of ${run.key}: ${(e as Error).message}\n`);
      }
    }
  }

  private saveRuntime(): void {
    this.runtimeDirty = false;
    const pods: RuntimePod[] = [...this.pods.values()].map((r) => ({
      uid: r.uid, namespace: r.ns, name: r.name, node: r.node, podIP: r.podIP, hostIP: r.hostIP, startTime: r.startTime,
      ports: this.podPorts(r), failed: r.failed,
      containers: [...r.inits, ...r.apps].map((c): RuntimeContainer => ({
        name: c.name, kind: c.kind, pid: c.pid, procStart: c.procStart, exitFile: c.exitFile, logFile: c.logFile,
        restartCount: c.restartCount, startedAt: c.startedAt, ports: c.ports, terminated: c.terminated, finished: c.finished,
        ready: c.ready, started: c.started, builtin: c.builtin, backoffStep: c.backoffStep,
      })),
    }));
    const rt: Runtime = { pid: process.pid, startedAt: this.startedAt, gateway: this.gateway, dns: this.dns, nodePorts: this.services.listening(), pods };
    try { writeRuntime(this.home, rt); } catch (e) { this.log(`runtime: ${(e as Error).message}\n`); }
  }

  /** Clean stop: terminate every container (SIGTERM, then SIGKILL), reset the pods to Pending. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    this.watcher?.close();
    const all = [...this.pods.values()];
    for (const run of all) {
      for (const c of [...run.inits, ...run.apps]) {
        if (!c.pid) continue;
        const grace = Math.min(typeof run.pod.spec?.terminationGracePeriodSeconds === 'number' ? run.pod.spec.terminationGracePeriodSeconds : 30, 10);
        c.killing = undefined;
        this.kill(run, c, 'stop', grace);
      }
    }
    const deadline = Date.now() + 11_000;
    for (;;) {
      const left = all.flatMap((r) => [...r.inits, ...r.apps]).filter((c) => c.pid && (c.child ? true : sameProcess(c.pid, c.procStart)));
      for (const c of left) if (c.killing && Date.now() >= c.killing.deadline) { killGroup(c.pid, 'SIGKILL'); c.killing.deadline = Number.MAX_SAFE_INTEGER; }
      if (left.length === 0 || Date.now() > deadline) {
        for (const c of left) killGroup(c.pid, 'SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    for (const run of all) {
      for (const c of [...run.inits, ...run.apps]) killGroup(c.pid, 'SIGKILL');
      if (run.terminating) { this.finalDelete(run.pod); this.removeDirs(run); continue; }
      resetPodStatus(this.cluster, run.ns, run.name, run.uid);
    }
    this.pods.clear();
    await this.dnsServer?.close().catch(() => undefined);
    await this.gatewayServer?.close().catch(() => undefined);
    await this.services.close();
    this.dns = undefined;
    this.gateway = undefined;
    this.saveRuntime();
  }
}

/** What a pod's status goes back to when no kubelet runs it any more: Pending, scheduled. */
export function resetPodStatus(cluster: Cluster, ns: string, name: string, uid: string): void {
  try {
    cluster.api.write(() => {
      const pod = cluster.api.tryGet('pods', ns, name);
      if (!pod || pod.metadata.uid !== uid) return;
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      if (pod.metadata.deletionTimestamp) { cluster.api.delete('pods', ns, name, { gracePeriodSeconds: 0 }); return; }
      const scheduled = (pod.status?.conditions ?? []).filter((c: any) => c.type === 'PodScheduled');
      cluster.api.updateStatus('pods', ns, name, { conditions: scheduled, phase: 'Pending', qosClass: pod.status?.qosClass ?? 'BestEffort' });
    });
  } catch { /* the store is still ours; nothing else to do */ }
}
