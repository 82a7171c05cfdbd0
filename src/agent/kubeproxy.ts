// kube-proxy's decisions, pure: which endpoints back a service port, and which one a new
// connection goes to — per connection, by the proxy mode (iptables: random; ipvs: rr, wrr, lc, wlc,
// sh, dh, sed, nq; userspace: round-robin), with ClientIP session affinity and its timeout, and
// externalTrafficPolicy/internalTrafficPolicy Local. The agent does the sockets.

import type { KObject } from '../api/types';

export type ProxyMode = 'iptables' | 'ipvs' | 'userspace' | 'nftables';

export interface ProxyConfig {
  mode: ProxyMode;
  /** ipvs scheduler (default rr) */
  scheduler: string;
}

export interface Backend {
  ip: string;
  port: number;
  nodeName?: string;
  /** the pod behind it */
  targetRef?: { namespace?: string; name?: string };
}

/**
 * The kube-proxy configuration from the kube-system/kube-proxy ConfigMap (as kubeadm writes it:
 * data["config.conf"] is a KubeProxyConfiguration with `mode` and `ipvs.scheduler`). Default: iptables.
 */
export function proxyConfig(cm: KObject | undefined): ProxyConfig {
  const text: string = cm?.data?.['config.conf'] ?? '';
  const mode = /^mode:\s*"?([a-z]*)"?\s*$/m.exec(text)?.[1] || 'iptables';
  const scheduler = /^\s+scheduler:\s*"?([a-z]*)"?\s*$/m.exec(text)?.[1] || 'rr';
  const m = (['iptables', 'ipvs', 'userspace', 'nftables'] as const).find((x) => x === mode) ?? 'iptables';
  return { mode: m, scheduler };
}

/** The service port a virtual `port` (ClusterIP side) or `nodePort` refers to. */
export function servicePort(svc: KObject, port: number, by: 'port' | 'nodePort' = 'port'): any | undefined {
  return (svc.spec?.ports ?? []).find((p: any) => p[by] === port && (p.protocol ?? 'TCP') === 'TCP');
}

/** The ready endpoints of a service port, with the target port resolved from the Endpoints subsets. */
export function serviceBackends(endpoints: KObject | undefined, svcPort: any): Backend[] {
  const out: Backend[] = [];
  const want = svcPort?.name ?? '';
  for (const ss of endpoints?.subsets ?? []) {
    const ports: any[] = ss.ports ?? [];
    const p = ports.find((x) => (x.name ?? '') === want && (x.protocol ?? 'TCP') === 'TCP') ?? (ports.length === 1 && !want ? ports[0] : undefined);
    if (!p) continue;
    for (const a of ss.addresses ?? []) out.push({ ip: a.ip, port: p.port, nodeName: a.nodeName, targetRef: a.targetRef });
  }
  return out;
}

interface Sticky { backend: string; expires: number }

/** Per-connection endpoint choice with the state kube-proxy keeps (rr cursors, affinity, connection counts). */
export class Balancer {
  private cursors = new Map<string, number>();
  private sticky = new Map<string, Map<string, Sticky>>();
  private active = new Map<string, number>();

  constructor(private readonly random: () => number = Math.random) {}

  /**
   * Pick a backend for a new connection to service port `key` (e.g. "ns/name:80"). Affinity applies
   * when the service has sessionAffinity ClientIP and the client's address is known.
   */
  pick(key: string, backends: Backend[], o: { svc: KObject; clientIP?: string; config: ProxyConfig; now: number }): Backend | undefined {
    if (backends.length === 0) return undefined;
    const id = (b: Backend) => `${b.ip}:${b.port}`;
    const affinity = o.svc.spec?.sessionAffinity === 'ClientIP' && o.clientIP;
    if (affinity) {
      const table = this.sticky.get(key);
      const s = table?.get(o.clientIP!);
      if (s && s.expires > o.now) {
        const b = backends.find((x) => id(x) === s.backend);
        if (b) {
          s.expires = o.now + this.affinityMs(o.svc);
          return b;
        }
      }
    }
    const b = this.choose(key, backends, o.config, o.clientIP);
    if (affinity) {
      let table = this.sticky.get(key);
      if (!table) this.sticky.set(key, (table = new Map()));
      table.set(o.clientIP!, { backend: id(b), expires: o.now + this.affinityMs(o.svc) });
    }
    return b;
  }

  private affinityMs(svc: KObject): number {
    const t = svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    return (typeof t === 'number' ? t : 10800) * 1000;
  }

  private choose(key: string, backends: Backend[], config: ProxyConfig, clientIP?: string): Backend {
    const sorted = [...backends].sort((a, b) => (a.ip === b.ip ? a.port - b.port : ipNum(a.ip) - ipNum(b.ip)));
    const rr = () => {
      const i = (this.cursors.get(key) ?? -1) + 1;
      this.cursors.set(key, i % sorted.length);
      return sorted[i % sorted.length];
    };
    const conns = (b: Backend) => this.active.get(`${b.ip}:${b.port}`) ?? 0;
    const least = () => sorted.reduce((best, b) => (conns(b) < conns(best) ? b : best), sorted[0]);
    const hash = (s: string) => { let h = 0; for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0; return h; };
    if (config.mode === 'userspace') return rr();
    if (config.mode === 'ipvs') {
      switch (config.scheduler) {
        case 'lc': case 'wlc': case 'sed': case 'nq': return least();
        case 'sh': return sorted[hash(clientIP ?? '') % sorted.length];
        case 'dh': return sorted[hash(key) % sorted.length];
        default: return rr(); // rr, wrr (all weights 1)
      }
    }
    return sorted[Math.min(sorted.length - 1, Math.floor(this.random() * sorted.length))];
  }

  /** A connection to `b` opened (for least-connection schedulers); call the returned function when it closes. */
  opened(b: Backend): () => void {
    const k = `${b.ip}:${b.port}`;
    this.active.set(k, (this.active.get(k) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.active.get(k) ?? 1) - 1;
      if (n <= 0) this.active.delete(k); else this.active.set(k, n);
    };
  }
}

function ipNum(ip: string): number {
  return ip.split('.').reduce((n, x) => n * 256 + (Number(x) || 0), 0);
}

/** Endpoints for traffic arriving on a node: externalTrafficPolicy Local keeps only that node's. */
export function nodeLocal(backends: Backend[], svc: KObject, node: string | undefined): Backend[] {
  if (svc.spec?.externalTrafficPolicy !== 'Local' || !node) return backends;
  return backends.filter((b) => b.nodeName === node);
}
