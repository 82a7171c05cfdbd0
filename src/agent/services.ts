// The agent's kube-proxy: makes the cluster's virtual addresses reachable. It resolves
// ClusterIP:port (a per-connection endpoint choice, kubeproxy.ts), podIP:port (the pod's port
// map) and service names (the cluster DNS records) to real loopback sockets — for the cluster
// gateway — and really listens on every NodePort, on each node's address and on 127.0.0.1.

import * as net from 'node:net';
import type { KObject } from '../api/types';
import { Backend, Balancer, nodeLocal, proxyConfig, servicePort, serviceBackends } from './kubeproxy';
import { proxyHeader } from './images/proxyproto';

export interface ServiceView {
  services: KObject[];
  endpoints: KObject[];
  nodes: KObject[];
  configMaps: KObject[];
  pods: KObject[];
  namespaces: KObject[];
}

interface Listen { svc: KObject; sp: any; address: string; node?: string; port: number; by: 'port' | 'nodePort' }

export type Target = { host: string; port: number; backend?: Backend; address?: string; preface?: Buffer } | { error: 'refused' | 'unreachable' | 'nxdomain'; message?: string };

export interface ServiceProxyDeps {
  view(): ServiceView;
  /** the real loopback port of a pod's virtual IP:port, or undefined (nothing listens) */
  podPort(ip: string, port: number): number | undefined;
  /** the process behind that port takes a PROXY protocol header (kctl's built-in images do) */
  acceptsProxy?(ip: string, port: number): boolean;
  log(line: string): void;
  /** a Warning event on a service */
  warn(svc: KObject, reason: string, message: string): void;
}

const isLoopback = (h: string) => /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === 'localhost';

export class ServiceProxy {
  readonly balancer = new Balancer();
  private listeners = new Map<string, { server: net.Server; svcKey: string; port: number }>();
  /** listeners that could not be opened (a port in use), and when: retried every 5 s */
  private failed = new Map<string, number>();
  private sockets = new Set<net.Socket>();

  constructor(private readonly deps: ServiceProxyDeps) {}

  private nodeAddresses(v: ServiceView): { node: string; address: string }[] {
    return v.nodes.map((n) => ({ node: n.metadata.name!, address: n.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address }))
      .filter((x): x is { node: string; address: string } => !!x.address);
  }

  /** Where a connection to a virtual address goes (client = the connecting pod's IP, when known). */
  resolveAddress(host: string, port: number, client: { podIP?: string; namespace?: string }, localNode?: string): Target {
    // the gateway tells the client the virtual address it reached (wget: "Connecting to svc (10.96.x.y:80)")
    const t = this.resolveVirtual(host, port, client, localNode);
    if ('error' in t) return { ...t, address: `${host}:${port}` };
    // the backend learns who the client is (a pod: its IP; the host: the node's loopback address)
    const dst = t.backend ?? (isLoopback(host) ? undefined : { ip: host, port });
    const preface = dst && this.deps.acceptsProxy?.(dst.ip, dst.port) ? this.preface(client.podIP || '127.0.0.1', dst) : undefined;
    return { ...t, address: `${host}:${port}`, ...(preface ? { preface } : {}) };
  }

  private preface(src: string, dst: { ip: string; port: number }): Buffer {
    return proxyHeader(src, dst.ip, 32768 + Math.floor(Math.random() * 28000), dst.port);
  }

  private resolveVirtual(host: string, port: number, client: { podIP?: string; namespace?: string }, localNode?: string): Target {
    const v = this.deps.view();
    if (isLoopback(host)) return { host: host === 'localhost' ? '127.0.0.1' : host, port };
    const svc = v.services.find((s) => s.spec?.clusterIP === host || (s.spec?.clusterIPs ?? []).includes(host)
      || (s.spec?.externalIPs ?? []).includes(host) || (s.status?.loadBalancer?.ingress ?? []).some((i: any) => i.ip === host));
    if (svc) {
      const sp = servicePort(svc, port);
      if (!sp) return { error: 'refused', message: `service ${svc.metadata.namespace}/${svc.metadata.name} has no port ${port}` };
      return this.toBackend(v, svc, sp, client.podIP, localNode);
    }
    const real = this.deps.podPort(host, port);
    if (real !== undefined) return { host: '127.0.0.1', port: real };
    if (v.pods.some((p) => p.status?.podIP === host)) return { error: 'refused', message: `nothing listens on ${host}:${port}` };
    return { error: 'unreachable', message: `no route to host ${host}` };
  }

  private toBackend(v: ServiceView, svc: KObject, sp: any, clientIP: string | undefined, localNode?: string): Target {
    const ep = v.endpoints.find((e) => e.metadata.namespace === svc.metadata.namespace && e.metadata.name === svc.metadata.name);
    const backends = nodeLocal(serviceBackends(ep, sp), svc, localNode);
    const config = proxyConfig(v.configMaps.find((c) => c.metadata.namespace === 'kube-system' && c.metadata.name === 'kube-proxy'));
    const key = `${svc.metadata.namespace}/${svc.metadata.name}:${sp.port}`;
    // the userspace proxy retries the next endpoint when one refuses; the others pick once
    const tries = config.mode === 'userspace' ? backends.length : 1;
    for (let i = 0; i < tries; i++) {
      const b = this.balancer.pick(key, backends, { svc, clientIP, config, now: Date.now() });
      if (!b) break;
      const real = this.deps.podPort(b.ip, b.port);
      if (real !== undefined) return { host: '127.0.0.1', port: real, backend: b };
      if (tries === 1) return { error: 'refused', message: `endpoint ${b.ip}:${b.port} refused` };
    }
    return { error: 'refused', message: `service ${svc.metadata.namespace}/${svc.metadata.name} has no endpoints` };
  }

  /** Resolve a service or pod DNS name in the client's namespace (search list), then the address. */
  resolveName(name: string, port: number, client: { podIP?: string; namespace?: string }, lookup: (name: string, ns: string) => string | undefined): Target {
    const ip = lookup(name, client.namespace || 'default');
    if (!ip) return { error: 'nxdomain', message: `bad address '${name}'` };
    return this.resolveAddress(ip, port, client);
  }

  /** Open / close NodePort listeners to match the services (call after every relevant change). */
  async syncNodePorts(): Promise<void> {
    const v = this.deps.view();
    const want = new Map<string, Listen>();
    const nodes = this.nodeAddresses(v);
    for (const svc of v.services) {
      if (svc.spec?.type !== 'NodePort' && svc.spec?.type !== 'LoadBalancer') continue;
      for (const sp of svc.spec.ports ?? []) {
        if ((sp.protocol ?? 'TCP') !== 'TCP') continue;
        if (sp.nodePort) {
          for (const n of nodes) want.set(`${n.address}:${sp.nodePort}`, { svc, sp, address: n.address, node: n.node, port: sp.nodePort, by: 'nodePort' });
          want.set(`127.0.0.1:${sp.nodePort}`, { svc, sp, address: '127.0.0.1', node: nodes[0]?.node, port: sp.nodePort, by: 'nodePort' });
        }
        // a LoadBalancer's address (assigned by the agent, below) listens on the service's port
        for (const ing of svc.spec.type === 'LoadBalancer' ? svc.status?.loadBalancer?.ingress ?? [] : []) {
          if (ing.ip && /^127\./.test(ing.ip)) want.set(`${ing.ip}:${sp.port}`, { svc, sp, address: ing.ip, port: sp.port, by: 'port' });
        }
      }
    }
    for (const [k, l] of this.listeners) {
      const w = want.get(k);
      if (!w || `${w.svc.metadata.namespace}/${w.svc.metadata.name}` !== l.svcKey) {
        l.server.close();
        this.listeners.delete(k);
      }
    }
    for (const k of [...this.failed.keys()]) if (!want.has(k)) this.failed.delete(k);
    const opening: Promise<void>[] = [];
    const now = Date.now();
    for (const [k, w] of want) {
      if (this.listeners.has(k)) continue;
      const at = this.failed.get(k);
      if (at !== undefined && now - at < 5000) continue;
      opening.push(this.listen(k, w, at !== undefined));
    }
    await Promise.all(opening);
  }

  /** A listener that failed is due for another try. */
  retryDue(now: number): boolean {
    for (const at of this.failed.values()) if (now - at >= 5000) return true;
    return false;
  }

  private listen(k: string, w: Listen, retry = false): Promise<void> {
    const svcKey = `${w.svc.metadata.namespace}/${w.svc.metadata.name}`;
    const nodePort = w.port;
    const server = net.createServer((sock) => this.forwardNodePort(sock, svcKey, nodePort, w.node, w.by));
    return new Promise((resolve) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        this.failed.set(k, Date.now());
        if (retry) { resolve(); return; } // said once already
        const what = w.by === 'nodePort' ? 'NodePort' : 'LoadBalancer port';
        const msg = e.code === 'EADDRINUSE'
          ? `${what} ${nodePort} is already in use on ${w.address} (another program or another kctl cluster holds it); use the node addresses shown by "kctl get nodes -o wide"`
          : `cannot listen on ${w.address}:${nodePort}: ${e.message}`;
        this.deps.log(`${svcKey}: ${msg}\n`);
        if (w.address === '127.0.0.1' || e.code !== 'EADDRINUSE') this.deps.warn(w.svc, 'NodePortUnavailable', msg);
        resolve();
      });
      server.listen({ host: w.address, port: nodePort, exclusive: true }, () => {
        this.failed.delete(k);
        this.listeners.set(k, { server, svcKey, port: nodePort });
        resolve();
      });
    });
  }

  private forwardNodePort(sock: net.Socket, svcKey: string, nodePort: number, node: string | undefined, by: 'port' | 'nodePort' = 'nodePort'): void {
    this.sockets.add(sock);
    sock.once('close', () => this.sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    const v = this.deps.view();
    const svc = v.services.find((s) => `${s.metadata.namespace}/${s.metadata.name}` === svcKey);
    const sp = svc && servicePort(svc, nodePort, by);
    if (!svc || !sp) { sock.destroy(); return; }
    const remote = sock.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const t = this.toBackend(v, svc, sp, remote, node);
    if ('error' in t) { sock.destroy(); return; }
    // externalTrafficPolicy Cluster: the node masquerades the client (the seed's access log shows the
    // node's pod-network address, 10.244.0.0); Local keeps the client's own address
    let src = remote;
    if (svc.spec?.externalTrafficPolicy !== 'Local') {
      const cidr: string | undefined = v.nodes.find((n) => n.metadata.name === node)?.spec?.podCIDR;
      if (cidr) src = cidr.split('/')[0];
    }
    const preface = t.backend && this.deps.acceptsProxy?.(t.backend.ip, t.backend.port) ? proxyHeader(src, t.backend.ip, sock.remotePort ?? 0, t.backend.port) : undefined;
    this.pipe(sock, { ...t, release: t.backend && this.balancer.opened(t.backend) }, preface);
  }

  /** Connect to a resolved target and pipe both ways. */
  pipe(sock: net.Socket, t: { host: string; port: number; release?: () => void }, preface?: Buffer): void {
    const up = net.connect({ host: t.host, port: t.port });
    if (preface) up.write(preface);
    this.sockets.add(up);
    const done = () => { t.release?.(); this.sockets.delete(up); };
    up.once('close', done);
    up.on('error', () => { up.destroy(); sock.destroy(); });
    sock.on('error', () => { up.destroy(); });
    up.once('connect', () => {
      sock.pipe(up);
      up.pipe(sock);
    });
    sock.once('close', () => up.destroy());
  }

  /**
   * LoadBalancer services without an address get one, as a load-balancer controller (MetalLB, a
   * cloud) would: a loopback address of this cluster's own block (127.B.C.100 onward, beside its
   * nodes' 127.B.C.1-3). Returns the status updates to write.
   */
  loadBalancerAssignments(): { svc: KObject; ip: string }[] {
    const v = this.deps.view();
    const nodes = this.nodeAddresses(v);
    const m = /^(127\.\d+\.\d+)\.\d+$/.exec(nodes[0]?.address ?? '');
    if (!m) return [];
    const used = new Set(v.services.flatMap((s) => (s.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip)));
    const out: { svc: KObject; ip: string }[] = [];
    for (const svc of v.services) {
      if (svc.spec?.type !== 'LoadBalancer' || (svc.status?.loadBalancer?.ingress ?? []).length) continue;
      if (svc.spec.loadBalancerClass) continue; // another controller's
      let ip: string | undefined;
      for (let i = 100; i < 255 && !ip; i++) if (!used.has(`${m[1]}.${i}`)) ip = `${m[1]}.${i}`;
      if (!ip) break;
      used.add(ip);
      out.push({ svc, ip });
    }
    return out;
  }

  /** The listening NodePort addresses ("127.0.0.1:30080", ...). */
  listening(): string[] {
    return [...this.listeners.keys()].sort();
  }

  async close(): Promise<void> {
    for (const l of this.listeners.values()) l.server.close();
    this.listeners.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
