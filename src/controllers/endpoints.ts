// The Endpoints controller (pkg/controller/endpoint): for every Service with a selector (not
// ExternalName) an Endpoints object of the same name listing the selected pods' addresses — ready
// ones under `addresses`, the others under `notReadyAddresses` — per resolved target port, packed
// into subsets as endpoints.RepackSubsets does (one subset per distinct address set, addresses sorted
// by IP, ports and subsets in upstream's md5-of-spew order). Services without a selector keep
// whatever Endpoints the user wrote. Also the helpers the EndpointSlice controller shares
// (FindPort, ShouldPodBeInEndpoints, the per-namespace pod index).

import type { KObject } from '../api/types';
import { canonicalJSON, deepClone } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';

export const ENDPOINTS_LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const ENDPOINTS_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const IS_HEADLESS_SERVICE = 'service.kubernetes.io/headless';
const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
/** the most addresses an Endpoints object carries (maxCapacity) */
export const MAX_ENDPOINTS_CAPACITY = 1000;

// ---------------------------------------------------------------------------------------------
// shared helpers

function arr<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** podutil.GetPodReadyCondition */
export function podReadyCondition(pod: KObject): any | undefined {
  return arr(pod.status?.conditions).find((c: any) => c?.type === 'Ready');
}

/** podutil.IsPodReady: condition Ready is True */
export function isPodReady(pod: KObject): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** endpointsliceutil.ShouldPodBeInEndpoints */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!str(pod.status?.podIP) && arr(pod.status?.podIPs).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** endpointsliceutil.ShouldSetHostname */
export function shouldSetHostname(pod: KObject, svc: KObject): boolean {
  return !!str(pod.spec?.hostname) && str(pod.spec?.subdomain) === svc.metadata.name && svc.metadata.namespace === pod.metadata.namespace;
}

/** helper.IsServiceIPSet */
export function isServiceIPSet(svc: KObject): boolean {
  const ip = str(svc.spec?.clusterIP);
  return ip !== '' && ip !== 'None';
}

export function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/** status.podIPs (falling back to status.podIP) */
export function podIPs(pod: KObject): string[] {
  const ips = arr(pod.status?.podIPs).map((p: any) => str(p?.ip)).filter(Boolean);
  if (ips.length) return ips;
  const ip = str(pod.status?.podIP);
  return ip ? [ip] : [];
}

/** podutil.FindPort: the container port a service port targets in this pod (undefined: none) */
export function findPort(pod: KObject, svcPort: any): number | undefined {
  const tp = svcPort?.targetPort ?? svcPort?.port;
  if (typeof tp === 'number') return tp;
  if (typeof tp !== 'string') return undefined;
  const proto = str(svcPort?.protocol) || 'TCP';
  for (const c of arr(pod.spec?.containers)) {
    for (const p of arr(c?.ports)) {
      if (str(p?.name) === tp && (str(p?.protocol) || 'TCP') === proto) return p.containerPort;
    }
  }
  for (const c of arr(pod.spec?.initContainers)) {
    if (c?.restartPolicy !== 'Always') continue;
    for (const p of arr(c?.ports)) {
      if (str(p?.name) === tp && (str(p?.protocol) || 'TCP') === proto) return p.containerPort;
    }
  }
  return undefined;
}

/** A Service's spec.selector as the controllers read it: undefined = no selector (nil). */
export function serviceSelector(svc: KObject): Record<string, string> | undefined {
  const sel = svc.spec?.selector;
  return sel && typeof sel === 'object' && !Array.isArray(sel) ? sel : undefined;
}

/** The pods of the cluster indexed by namespace and label pair, built once per reconcile. */
export class PodIndex {
  private byNs = new Map<string, { all: KObject[]; byLabel: Map<string, KObject[]> }>();

  constructor(pods: KObject[]) {
    for (const p of pods) {
      const ns = p.metadata.namespace ?? '';
      let e = this.byNs.get(ns);
      if (!e) this.byNs.set(ns, (e = { all: [], byLabel: new Map() }));
      e.all.push(p);
      for (const [k, v] of Object.entries(p.metadata.labels ?? {})) {
        const key = `${k}\0${v}`;
        const l = e.byLabel.get(key);
        if (l) l.push(p); else e.byLabel.set(key, [p]);
      }
    }
  }

  /** labels.Set(selector).AsSelector() over the namespace's pods, in listing order */
  select(namespace: string, selector: Record<string, string>): KObject[] {
    const e = this.byNs.get(namespace);
    if (!e) return [];
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return e.all;
    let smallest: KObject[] | undefined;
    for (const [k, v] of pairs) {
      const l = e.byLabel.get(`${k}\0${v}`);
      if (!l) return [];
      if (!smallest || l.length < smallest.length) smallest = l;
    }
    return smallest!.filter((p) => pairs.every(([k, v]) => (p.metadata.labels ?? {})[k] === v));
  }
}

/** Services by namespace/name */
export function indexByKey(objs: KObject[]): Map<string, KObject> {
  return new Map(objs.map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
}

/**
 * The last-change-trigger-time (TriggerTimeTracker, approximated without memory): the Service's
 * creationTimestamp for a new object; otherwise the earliest Ready-condition transition among the pods
 * whose entry changed; undefined = none (the annotation is removed).
 */
export function triggerTime(svc: KObject, isNew: boolean, changedPods: KObject[]): string | undefined {
  if (isNew) return str(svc.metadata.creationTimestamp) || undefined;
  let min: string | undefined;
  for (const p of changedPods) {
    const t = str(podReadyCondition(p)?.lastTransitionTime);
    if (t && (min === undefined || t < min)) min = t;
  }
  return min;
}

// ---------------------------------------------------------------------------------------------
// subsets

interface EndpointAddress {
  hostname?: string;
  ip: string;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
}

interface EndpointPort { appProtocol?: string; name?: string; port: number; protocol: string }

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** One (address, readiness, port) triple as syncService appends them before repacking. */
interface Entry { addr: EndpointAddress; ready: boolean; port?: EndpointPort }

function addrKey(a: EndpointAddress): string {
  return `${a.ip}\0${a.targetRef?.uid ?? ''}`;
}

function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}\0${p.port}\0${p.protocol}\0${p.appProtocol ?? '\u0001'}`;
}

/** endpoints.LessEndpointAddress */
function lessAddr(a: EndpointAddress, b: EndpointAddress): number {
  const c = Buffer.compare(Buffer.from(a.ip), Buffer.from(b.ip));
  if (c !== 0) return c;
  if (!b.targetRef) return a.targetRef ? 1 : 0;
  if (!a.targetRef) return -1;
  return byteCompare(a.targetRef.uid ?? '', b.targetRef.uid ?? '');
}

// --- hashutil.DeepHashObject (md5 of go-spew's `%#v` rendering, pointers followed) ---

function spewPort(p: EndpointPort): string {
  return `{Name:(string)${p.name ?? ''} Port:(int32)${p.port} Protocol:(v1.Protocol)${p.protocol} AppProtocol:(*string)${p.appProtocol ?? '<nil>'}}`;
}

function spewAddr(a: EndpointAddress): string {
  const t = a.targetRef;
  const ref = t
    ? `{Kind:(string)${t.kind ?? ''} Namespace:(string)${t.namespace ?? ''} Name:(string)${t.name ?? ''} UID:(types.UID)${t.uid ?? ''} APIVersion:(string)${t.apiVersion ?? ''} ResourceVersion:(string)${t.resourceVersion ?? ''} FieldPath:(string)${t.fieldPath ?? ''}}`
    : '<nil>';
  return `{IP:(string)${a.ip} Hostname:(string)${a.hostname ?? ''} NodeName:(*string)${a.nodeName ?? '<nil>'} TargetRef:(*v1.ObjectReference)${ref}}`;
}

function spewList<T>(type: string, xs: T[] | undefined, f: (x: T) => string): string {
  return xs === undefined ? `(${type})<nil>` : `(${type})[${xs.map(f).join(' ')}]`;
}

function md5hex(s: string): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const crypto = require('crypto') as typeof import('crypto');
  return crypto.createHash('md5').update(s, 'utf8').digest('hex');
}

/** md5 of spew %#v of a v1.EndpointPort (portsByHash) */
export function endpointPortHash(p: EndpointPort): string {
  return md5hex(`(v1.EndpointPort)${spewPort(p)}`);
}

/** md5 of spew %#v of a v1.EndpointSubset (subsetsByHash) */
export function endpointSubsetHash(s: EndpointSubset): string {
  return md5hex(`(v1.EndpointSubset){Addresses:${spewList('[]v1.EndpointAddress', s.addresses, spewAddr)} `
    + `NotReadyAddresses:${spewList('[]v1.EndpointAddress', s.notReadyAddresses, spewAddr)} `
    + `Ports:${spewList('[]v1.EndpointPort', s.ports, spewPort)}}`);
}

/** endpoints.RepackSubsets over the (address, ready, port) entries. */
function repack(entries: Entry[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  const SENTINEL = '\u0000sentinel';
  const portToAddrReady = new Map<string, { port?: EndpointPort; addrs: Map<string, boolean> }>();
  for (const e of entries) {
    const ak = addrKey(e.addr);
    if (!allAddrs.has(ak)) allAddrs.set(ak, e.addr);
    const pk = e.port ? portKey(e.port) : SENTINEL;
    let m = portToAddrReady.get(pk);
    if (!m) portToAddrReady.set(pk, (m = { port: e.port, addrs: new Map() }));
    // not ready trumps ready
    const was = m.addrs.get(ak);
    if (was === undefined || was) m.addrs.set(ak, e.ready);
  }
  const groups = new Map<string, { addrs: Map<string, boolean>; ports?: EndpointPort[] }>();
  for (const { port, addrs } of portToAddrReady.values()) {
    const key = [...addrs].map(([k, r]) => `${k}\0${r ? 1 : 0}`).sort().join('\u0001');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { addrs }));
    if (port) (g.ports ??= []).push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of g.addrs) (r ? ready : notReady).push(allAddrs.get(k)!);
    const s: EndpointSubset = {};
    if (ready.length) s.addresses = ready.sort(lessAddr);
    if (notReady.length) s.notReadyAddresses = notReady.sort(lessAddr);
    if (g.ports) {
      const hashed = g.ports.map((p) => ({ p, h: endpointPortHash(p) }));
      hashed.sort((a, b) => byteCompare(a.h, b.h));
      s.ports = hashed.map((x) => x.p);
    }
    out.push(s);
  }
  if (out.length < 2) return out;
  const hashed = out.map((s) => ({ s, h: endpointSubsetHash(s) }));
  hashed.sort((a, b) => byteCompare(a.h, b.h));
  return hashed.map((x) => x.s);
}

/** podToEndpointAddressForService: the pod's IP of the service's family (undefined: none) */
function podAddress(svc: KObject, pod: KObject): EndpointAddress | undefined {
  let v6: boolean;
  const fams = arr<string>(svc.spec?.ipFamilies);
  if (fams.length) v6 = fams[0] === 'IPv6';
  else if (isServiceIPSet(svc)) v6 = isIPv6(str(svc.spec.clusterIP));
  else v6 = isIPv6(str(pod.status?.podIP));
  const ip = podIPs(pod).find((x) => isIPv6(x) === v6);
  if (!ip) return undefined;
  const a: EndpointAddress = {
    ip, nodeName: str(pod.spec?.nodeName),
    targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
  };
  if (shouldSetHostname(pod, svc)) a.hostname = pod.spec.hostname;
  return a;
}

/** The subsets syncService computes for a service over its selected pods (before truncation). */
export function computeSubsets(svc: KObject, pods: KObject[]): EndpointSubset[] {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const ports = arr(svc.spec?.ports);
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const addr = podAddress(svc, pod);
    if (!addr) continue;
    const ready = tolerateUnready || isPodReady(pod);
    if (ports.length === 0) {
      // headless services may have no ports
      if (str(svc.spec?.clusterIP) === 'None') entries.push({ addr, ready });
      continue;
    }
    for (const sp of ports) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      const port: EndpointPort = { port: num, protocol: str(sp?.protocol) || 'TCP' };
      if (str(sp?.name)) port.name = sp.name;
      if (str(sp?.appProtocol)) port.appProtocol = sp.appProtocol;
      // JSON key order as the API server stores it
      entries.push({ addr, ready, port: orderPort(port) });
    }
  }
  return repack(entries).map(orderSubset);
}

function orderPort(p: EndpointPort): EndpointPort {
  const o: any = {};
  if (p.appProtocol !== undefined) o.appProtocol = p.appProtocol;
  if (p.name !== undefined) o.name = p.name;
  o.port = p.port;
  o.protocol = p.protocol;
  return o;
}

function orderAddr(a: EndpointAddress): EndpointAddress {
  const o: any = {};
  if (a.hostname) o.hostname = a.hostname;
  o.ip = a.ip;
  if (a.nodeName !== undefined) o.nodeName = a.nodeName;
  if (a.targetRef) {
    const t = a.targetRef;
    o.targetRef = { kind: t.kind, name: t.name, namespace: t.namespace, uid: t.uid };
  }
  return o;
}

function orderSubset(s: EndpointSubset): EndpointSubset {
  const o: EndpointSubset = {};
  if (s.addresses) o.addresses = s.addresses.map(orderAddr);
  if (s.notReadyAddresses) o.notReadyAddresses = s.notReadyAddresses.map(orderAddr);
  if (s.ports) o.ports = s.ports;
  return o;
}

/** truncateEndpoints: cap at MAX_ENDPOINTS_CAPACITY, ready addresses first; true when truncated. */
export function truncateSubsets(subsets: EndpointSubset[], max = MAX_ENDPOINTS_CAPACITY): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= max) return false;
  let truncateReady = false;
  let limit = max - totalReady;
  let numTotal = totalNotReady;
  if (totalReady > max) {
    truncateReady = true;
    limit = max;
    numTotal = totalReady;
  }
  let canBeAdded = limit;
  for (const s of subsets) {
    const inSubset = truncateReady ? s.addresses?.length ?? 0 : s.notReadyAddresses?.length ?? 0;
    let toBeAdded = Math.ceil((inSubset / numTotal) * limit);
    if (toBeAdded > canBeAdded) toBeAdded = canBeAdded;
    if (truncateReady) {
      if (s.addresses) s.addresses = s.addresses.slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses?.length ?? 0;
    } else {
      if (s.notReadyAddresses) s.notReadyAddresses = s.notReadyAddresses.slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses?.length ?? 0;
    }
  }
  return true;
}

/** addresses by pod uid → ready, for finding the pods whose entry changed */
function addressStates(subsets: EndpointSubset[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of subsets) {
    for (const [list, ready] of [[s.addresses, true], [s.notReadyAddresses, false]] as const) {
      for (const a of list ?? []) {
        const uid = a.targetRef?.uid ?? '';
        const prev = m.get(uid) ?? '';
        m.set(uid, `${prev}|${canonicalJSON(a)}:${ready}:${canonicalJSON(s.ports ?? null)}`);
      }
    }
  }
  return m;
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return canonicalJSON(a ?? {}) === canonicalJSON(b ?? {});
}

/**
 * The Endpoints the controller wants for `svc` given the current one (undefined: create), or
 * undefined when nothing is to be written.
 */
export function desiredEndpoints(svc: KObject, pods: KObject[], current: KObject | undefined): KObject | undefined {
  const all = computeSubsets(svc, pods);
  const overCapacity = truncateSubsets(all);
  const subsets = all.filter((s) => s.addresses?.length || s.notReadyAddresses?.length);
  const svcLabels = svc.metadata.labels ?? {};
  if (current) {
    const compareLabels = { ...(current.metadata.labels ?? {}) };
    delete compareLabels[IS_HEADLESS_SERVICE];
    // (upstream compares the untruncated subsets and so rewrites an over-capacity object on every
    // sync, a no-op on the server; comparing the truncated ones skips that)
    const capacityOk = current.metadata.annotations?.[ENDPOINTS_OVER_CAPACITY] === (overCapacity ? 'truncated' : undefined);
    if (canonicalJSON(arr(current.subsets)) === canonicalJSON(subsets) && sameMap(compareLabels, svcLabels) && capacityOk) {
      return undefined;
    }
  }
  // which pods' entries changed (for the trigger time)
  const before = addressStates(arr(current?.subsets));
  const after = addressStates(subsets);
  const changed = pods.filter((p) => {
    const uid = p.metadata.uid ?? '';
    return after.has(uid) && after.get(uid) !== before.get(uid);
  });
  const ep: KObject = current
    ? deepClone(current)
    : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace } };
  const annotations: Record<string, string> = { ...(ep.metadata.annotations ?? {}) };
  const t = triggerTime(svc, !current, changed);
  if (t) annotations[ENDPOINTS_LAST_CHANGE_TRIGGER_TIME] = t;
  else delete annotations[ENDPOINTS_LAST_CHANGE_TRIGGER_TIME];
  if (overCapacity) annotations[ENDPOINTS_OVER_CAPACITY] = 'truncated';
  else delete annotations[ENDPOINTS_OVER_CAPACITY];
  const labels: Record<string, string> = { ...svcLabels };
  if (!isServiceIPSet(svc)) labels[IS_HEADLESS_SERVICE] = '';
  else delete labels[IS_HEADLESS_SERVICE];
  if (Object.keys(labels).length) ep.metadata.labels = labels; else delete ep.metadata.labels;
  if (Object.keys(annotations).length) ep.metadata.annotations = annotations; else delete ep.metadata.annotations;
  if (subsets.length) ep.subsets = subsets; else delete ep.subsets;
  return ep;
}

/** Endpoints this controller wrote (so that an orphan can be told from one a user created). */
function looksControllerManaged(ep: KObject): boolean {
  if (ep.metadata.annotations?.[LEADER_ELECTION_ANNOTATION] !== undefined) return false;
  if (ep.metadata.annotations?.[ENDPOINTS_LAST_CHANGE_TRIGGER_TIME] !== undefined) return true;
  const addrs = arr<EndpointSubset>(ep.subsets).flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]);
  return addrs.length > 0 && addrs.every((a) => a.targetRef?.kind === 'Pod');
}

export function endpointsController(): Controller {
  return {
    name: 'endpoints',
    watches: ['services', 'pods', 'endpoints'],
    reconcile(view: ClusterView, _ctx: ControllerContext): Action[] {
      const services = view.list('services');
      const endpoints = indexByKey(view.list('endpoints'));
      let index: PodIndex | undefined;
      const actions: Action[] = [];
      const svcKeys = new Set<string>();
      for (const svc of services) {
        const key = `${svc.metadata.namespace ?? ''}/${svc.metadata.name}`;
        svcKeys.add(key);
        if (svc.spec?.type === 'ExternalName') continue;
        const selector = serviceSelector(svc);
        if (!selector) continue;
        index ??= new PodIndex(view.list('pods'));
        const pods = index.select(svc.metadata.namespace ?? '', selector);
        const current = endpoints.get(key);
        const want = desiredEndpoints(svc, pods, current);
        if (!want) continue;
        actions.push({ type: current ? 'update' : 'create', resource: 'endpoints', object: want });
      }
      // the Service is gone: delete its Endpoints (what syncService does on the delete event)
      for (const [key, ep] of endpoints) {
        if (svcKeys.has(key) || !looksControllerManaged(ep)) continue;
        actions.push({ type: 'delete', resource: 'endpoints', namespace: ep.metadata.namespace ?? '', name: ep.metadata.name ?? '' });
      }
      return actions;
    },
  };
}
