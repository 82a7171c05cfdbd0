// ClusterIP and NodePort allocation, as the API server's service REST storage does it
// (pkg/registry/core/service/ipallocator, portallocator, storage/alloc.go). The set of used
// addresses is derived from the stored Services inside the writer's transaction, so it can never
// drift from the objects; released on delete for free.

import { field, FieldError, StatusError } from '../api/errors';
import type { KObject } from '../api/types';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_RANGE = { base: 30000, size: 2768 }; // 30000-32767

function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255)) return undefined;
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const [cidrBase, cidrBits] = ((): [number, number] => {
  const [ip, bits] = SERVICE_CIDR.split('/');
  return [ipToInt(ip)!, Number(bits)];
})();
const cidrSize = 2 ** (32 - cidrBits);
/** first usable offset (network address excluded) and last (broadcast excluded) */
const FIRST = 1;
const LAST = cidrSize - 2;
/** the lower band reserved for static (requested) IPs: min(max(16, size/16), 256) */
const STATIC_BAND = Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
/** lower band of the NodePort range preferred for static ports: min(max(16, size/32), 128) */
const PORT_STATIC_BAND = Math.min(Math.max(16, Math.floor(NODE_PORT_RANGE.size / 32)), 128);

export function usedClusterIPs(services: KObject[], exceptUid?: string): Set<string> {
  const used = new Set<string>();
  for (const s of services) {
    if (exceptUid && s.metadata.uid === exceptUid) continue;
    for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) if (ip && ip !== 'None') used.add(ip);
  }
  return used;
}

export function usedNodePorts(services: KObject[], exceptUid?: string): Set<number> {
  const used = new Set<number>();
  for (const s of services) {
    if (exceptUid && s.metadata.uid === exceptUid) continue;
    for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
    if (s.spec?.healthCheckNodePort) used.add(s.spec.healthCheckNodePort);
  }
  return used;
}

/** Validate a requested ClusterIP; returns a field error or undefined. */
export function checkRequestedIP(ip: string, used: Set<string>): FieldError | undefined {
  const n = ipToInt(ip);
  const val = [ip];
  if (n === undefined) return field.invalid('spec.clusterIPs[0]', ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  const off = n - cidrBase;
  if (off < FIRST || off > LAST) {
    return field.invalid('spec.clusterIPs', val,
      `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`);
  }
  if (used.has(ip)) return field.invalid('spec.clusterIPs', val, `failed to allocate IP ${ip}: provided IP is already allocated`);
  return undefined;
}

/** Pick a free ClusterIP at random, preferring the dynamic (upper) band as kube-apiserver does. */
export function allocateIP(used: Set<string>, random: () => number): string {
  const tryBand = (lo: number, hi: number): string | undefined => {
    const size = hi - lo + 1;
    if (size <= 0) return undefined;
    const start = Math.floor(random() * size);
    for (let i = 0; i < size; i++) {
      const ip = intToIp(cidrBase + lo + ((start + i) % size));
      if (!used.has(ip)) return ip;
    }
    return undefined;
  };
  const ip = tryBand(STATIC_BAND, LAST) ?? tryBand(FIRST, STATIC_BAND - 1);
  if (!ip) throw new StatusError('InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
  return ip;
}

export function checkRequestedNodePort(port: number, idx: number, used: Set<number>): FieldError | undefined {
  const f = `spec.ports[${idx}].nodePort`;
  if (port < NODE_PORT_RANGE.base || port >= NODE_PORT_RANGE.base + NODE_PORT_RANGE.size) {
    return field.invalid(f, port, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.base}-${NODE_PORT_RANGE.base + NODE_PORT_RANGE.size - 1}`);
  }
  if (used.has(port)) return field.invalid(f, port, 'provided port is already allocated');
  return undefined;
}

export function allocateNodePort(used: Set<number>, random: () => number): number {
  const { base, size } = NODE_PORT_RANGE;
  const tryBand = (lo: number, hi: number): number | undefined => {
    const n = hi - lo + 1;
    const start = Math.floor(random() * n);
    for (let i = 0; i < n; i++) {
      const p = base + lo + ((start + i) % n);
      if (!used.has(p)) return p;
    }
    return undefined;
  };
  const p = tryBand(PORT_STATIC_BAND, size - 1) ?? tryBand(0, PORT_STATIC_BAND - 1);
  if (p === undefined) throw new StatusError('InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
  return p;
}

function needsClusterIP(svc: KObject): boolean {
  return (svc.spec?.type ?? 'ClusterIP') !== 'ExternalName';
}

function needsNodePort(svc: KObject): boolean {
  const t = svc.spec?.type;
  return t === 'NodePort' || (t === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false);
}

/**
 * Fill spec.clusterIP(s) and nodePorts of a Service being created or updated.
 * `old` is the stored Service on update: its allocations are kept when the new spec leaves them
 * empty (the API server's patchAllocatedValues). Throws Invalid with the API server's messages.
 */
export function allocateServiceAddresses(svc: KObject, old: KObject | undefined, allServices: KObject[], random: () => number): FieldError[] {
  const spec = svc.spec ?? (svc.spec = {});
  const errs: FieldError[] = [];
  const exceptUid = old?.metadata.uid;
  if (!needsClusterIP(svc)) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else {
    if (old && needsClusterIP(old) && !spec.clusterIP && !(spec.clusterIPs?.length)) {
      spec.clusterIP = old.spec.clusterIP;
      spec.clusterIPs = old.spec.clusterIPs;
    }
    const requested: string | undefined = spec.clusterIP || spec.clusterIPs?.[0];
    const keep = old && needsClusterIP(old) && old.spec.clusterIP === requested;
    if (!requested) {
      spec.clusterIP = allocateIP(usedClusterIPs(allServices, exceptUid), random);
    } else if (requested === 'None') {
      spec.clusterIP = 'None';
    } else if (!keep) {
      const e = checkRequestedIP(requested, usedClusterIPs(allServices, exceptUid));
      if (e) errs.push(e);
      spec.clusterIP = requested;
    } else {
      spec.clusterIP = requested;
    }
    spec.clusterIPs = [spec.clusterIP];
  }

  const ports: any[] = spec.ports ?? [];
  if (needsNodePort(svc)) {
    const used = usedNodePorts(allServices, exceptUid);
    const oldPorts: any[] = old && needsNodePort(old) ? old.spec.ports ?? [] : [];
    const oldNodePorts = new Set(oldPorts.map((p) => p.nodePort).filter(Boolean));
    // ports requested explicitly first, so a random pick never takes a port asked for later
    ports.forEach((p, i) => {
      if (!p.nodePort) {
        const match = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
        if (match?.nodePort) p.nodePort = match.nodePort;
        return;
      }
      if (oldNodePorts.has(p.nodePort)) { used.add(p.nodePort); return; }
      const e = checkRequestedNodePort(p.nodePort, i, used);
      if (e) errs.push(e);
      used.add(p.nodePort);
    });
    for (const p of ports) {
      if (!p.nodePort) {
        p.nodePort = allocateNodePort(used, random);
        used.add(p.nodePort);
      } else used.add(p.nodePort);
    }
    if (svc.spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
      spec.healthCheckNodePort = old?.spec?.healthCheckNodePort || allocateNodePort(used, random);
    }
  } else {
    // a nodePort on a ClusterIP service is a validation error; on a type change it is released
    if (old && needsNodePort(old)) for (const p of ports) if (p.nodePort && oldPorts(old).has(p.nodePort)) delete p.nodePort;
  }
  if (svc.spec.type !== 'LoadBalancer' || spec.externalTrafficPolicy !== 'Local') delete spec.healthCheckNodePort;
  return errs;
}

function oldPorts(old: KObject): Set<number> {
  return new Set((old.spec?.ports ?? []).map((p: any) => p.nodePort).filter(Boolean));
}

/**
 * The API server's normalizeClusterIPs on update: a user who changed only clusterIP (or cleared
 * it) gets clusterIPs kept in step, so validation reports the real change.
 */
export function normalizeClusterIPs(svc: KObject, old: KObject): void {
  const spec = svc.spec;
  const o = old.spec;
  if (!spec || !o) return;
  // patchAllocatedValues: what the new spec leaves empty keeps its allocation
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && o.clusterIP) spec.clusterIP = o.clusterIP;
    if (!(spec.clusterIPs?.length) && o.clusterIPs?.length) spec.clusterIPs = [...o.clusterIPs];
  }
  const same = JSON.stringify(spec.clusterIPs ?? null) === JSON.stringify(o.clusterIPs ?? null);
  if (!same) return;
  if (spec.clusterIP && spec.clusterIP !== o.clusterIP) {
    spec.clusterIPs = [spec.clusterIP, ...(o.clusterIPs ?? []).slice(1)];
  }
}
