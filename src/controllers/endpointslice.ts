// The EndpointSlice controller (staging/src/k8s.io/endpointslice, pkg/controller/endpointslice) and
// the EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring).
//
// - endpointslice: for every Service with a selector (not ExternalName), slices named `<svc>-<5 random>`
//   labelled kubernetes.io/service-name and endpointslice.kubernetes.io/managed-by:
//   endpointslice-controller.k8s.io (+ the Service's labels, + service.kubernetes.io/headless), owned by
//   the Service; one group of slices per distinct resolved port set, at most 100 endpoints a slice,
//   endpoints with conditions ready/serving/terminating, nodeName, zone, targetRef. A Service with no
//   endpoints gets one empty placeholder slice. Slices are updated in place: an endpoint stays in the
//   slice it is in, and a slice that would be deleted while another is created is reused (same name).
// - mirroring: the Endpoints of a selectorless Service (unless labelled
//   endpointslice.kubernetes.io/skip-mirror: "true") mirrored into slices managed by
//   endpointslicemirroring-controller.k8s.io, owned by the Endpoints.

import type { KObject } from '../api/types';
import { canonicalJSON, deepClone } from '../api/types';
import {
  ENDPOINTS_LAST_CHANGE_TRIGGER_TIME, IS_HEADLESS_SERVICE, PodIndex, findPort, indexByKey, isIPv6, isPodReady,
  isServiceIPSet, podIPs, serviceSelector, shouldPodBeInEndpoints, shouldSetHostname, triggerTime,
} from './endpoints';
import type { Action, ClusterView, Controller, ControllerContext } from './types';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;
export const MIRRORING_MAX_ENDPOINTS_PER_SLICE = 1000;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
const DISCOVERY_V1 = 'discovery.k8s.io/v1';

function arr<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** endpointutil.NewPortMapKey: the ports as a set */
function portMapKey(ports: any[] | null | undefined): string {
  return arr(ports).map((p) => canonicalJSON({ n: p?.name ?? '', p: p?.port ?? null, t: p?.protocol ?? 'TCP', a: p?.appProtocol ?? null })).sort().join(',');
}

/** endpointsliceutil hashEndpoint: addresses, hostname and the target's namespace/name */
function endpointKey(ep: any): string {
  return canonicalJSON([[...arr<string>(ep?.addresses)].sort(), ep?.hostname ?? '', ep?.targetRef?.namespace ?? '', ep?.targetRef?.name ?? '']);
}

function sameEndpoint(a: any, b: any): boolean {
  const strip = (e: any) => {
    const c = deepClone(e);
    if (c?.targetRef) delete c.targetRef.resourceVersion;
    return canonicalJSON(c);
  };
  return strip(a) === strip(b);
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return canonicalJSON(a ?? {}) === canonicalJSON(b ?? {});
}

function ownerRef(owner: KObject, kind: string) {
  return { apiVersion: 'v1', kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

function isOwnedBy(slice: KObject, owner: KObject, kind: string): boolean {
  return arr(slice.metadata.ownerReferences).some((r: any) => r?.uid === owner.metadata.uid && r?.kind === kind && r?.apiVersion === 'v1');
}

/** getEndpointSlicePrefix */
function slicePrefix(name: string): string {
  return name.length + 1 <= 58 ? `${name}-` : name;
}

// ---------------------------------------------------------------------------------------------
// the shared reconciliation of a set of slices against the desired endpoints

export interface DesiredGroup {
  addressType: string;
  /** the slice's ports (null: none) */
  ports: any[] | null;
  /** endpoint key → endpoint, in insertion order */
  endpoints: Map<string, any>;
}

interface SliceReconcile {
  namespace: string;
  /** every slice this controller manages for the service / Endpoints */
  existing: KObject[];
  isOwned: (s: KObject) => boolean;
  /** the address types that should have slices */
  addressTypes: string[];
  groups: DesiredGroup[];
  /** an empty placeholder slice per address type when there are no endpoints */
  placeholder: boolean;
  maxPerSlice: number;
  /** labels, annotations and ownerReferences of a slice to write (existing: the slice being updated) */
  meta: (existing?: KObject) => { labels: Record<string, string>; annotations?: Record<string, string>; ownerReferences: any[] };
  /** whether an existing slice's labels (and annotations) differ from what `meta` wants */
  metaChanged: (existing: KObject) => boolean;
  generateName: string;
}

function sliceObject(r: SliceReconcile, addressType: string, ports: any[] | null, endpoints: any[], base?: KObject): KObject {
  const m = r.meta(base);
  const o: KObject = base
    ? deepClone(base)
    : { apiVersion: DISCOVERY_V1, kind: 'EndpointSlice', metadata: { generateName: r.generateName, namespace: r.namespace } };
  o.metadata.labels = m.labels;
  if (m.annotations && Object.keys(m.annotations).length) o.metadata.annotations = m.annotations;
  else delete o.metadata.annotations;
  o.metadata.ownerReferences = m.ownerReferences;
  o.addressType = addressType;
  // an empty list comes back from the API server's storage as null
  o.endpoints = endpoints.length ? endpoints : null;
  o.ports = ports && ports.length ? ports : null;
  return o;
}

/** What to create, update and delete so that the slices hold the desired endpoints. */
export function reconcileSlices(r: SliceReconcile): Action[] {
  const toCreate: KObject[] = [];
  const toUpdate: KObject[] = [];
  const toDelete: KObject[] = [];
  const byGroup = new Map<string, KObject[]>();
  const existing = [...r.existing].sort((a, b) => byteCompare(a.metadata.name ?? '', b.metadata.name ?? ''));
  for (const s of existing) {
    if (!r.isOwned(s) || !r.addressTypes.includes(str(s.addressType))) {
      toDelete.push(s);
      continue;
    }
    const k = `${s.addressType}\0${portMapKey(s.ports)}`;
    const l = byGroup.get(k);
    if (l) l.push(s); else byGroup.set(k, [s]);
  }
  for (const at of r.addressTypes) {
    let kept = 0;
    const createdBefore = toCreate.length;
    for (const g of r.groups.filter((x) => x.addressType === at)) {
      const k = `${at}\0${portMapKey(g.ports)}`;
      const slices = byGroup.get(k) ?? [];
      byGroup.delete(k);
      const placed = new Set<string>();
      const working: Array<{ slice: KObject; eps: any[]; changed: boolean }> = [];
      for (const s of slices) {
        const eps: any[] = [];
        let changed = false;
        for (const e of arr(s.endpoints)) {
          const ek = endpointKey(e);
          const d = g.endpoints.get(ek);
          if (d && !placed.has(ek)) {
            placed.add(ek);
            eps.push(d);
            if (!sameEndpoint(e, d)) changed = true;
          } else changed = true;
        }
        if (eps.length === 0) toDelete.push(s);
        else working.push({ slice: s, eps, changed });
      }
      const remaining = [...g.endpoints].filter(([ek]) => !placed.has(ek)).map(([, e]) => e);
      // fill the slices that change anyway first (fullest first), then the others
      const fillOrder = [...working.filter((w) => w.changed).sort((a, b) => b.eps.length - a.eps.length), ...working.filter((w) => !w.changed)];
      for (const w of fillOrder) {
        while (remaining.length && w.eps.length < r.maxPerSlice) {
          w.eps.push(remaining.shift());
          w.changed = true;
        }
      }
      for (const w of working) {
        kept++;
        if (w.changed || r.metaChanged(w.slice) || canonicalJSON(w.slice.ports ?? null) !== canonicalJSON(g.ports && g.ports.length ? g.ports : null)) {
          toUpdate.push(sliceObject(r, at, g.ports, w.eps, w.slice));
        }
      }
      for (let i = 0; i < remaining.length; i += r.maxPerSlice) {
        toCreate.push(sliceObject(r, at, g.ports, remaining.slice(i, i + r.maxPerSlice)));
      }
    }
    // slices of port sets no longer wanted
    for (const [k, slices] of [...byGroup]) {
      if (!k.startsWith(`${at}\0`)) continue;
      toDelete.push(...slices);
      byGroup.delete(k);
    }
    if (r.placeholder && kept === 0 && toCreate.length === createdBefore) {
      const mine = toDelete.filter((s) => s.addressType === at && r.isOwned(s));
      const ph = sliceObject(r, at, null, []);
      if (mine.length === 1 && arr(mine[0].endpoints).length === 0 && arr(mine[0].ports).length === 0 && !r.metaChanged(mine[0])) {
        toDelete.splice(toDelete.indexOf(mine[0]), 1); // the placeholder is already there
      } else toCreate.push(ph);
    }
  }
  // finalize: a slice about to be deleted is reused for one about to be created
  for (let i = 0; i < toDelete.length && toCreate.length;) {
    const del = toDelete[i];
    const idx = toCreate.map((c) => c.addressType).lastIndexOf(del.addressType);
    if (idx >= 0 && r.isOwned(del)) {
      const c = toCreate.splice(idx, 1)[0];
      toUpdate.push(sliceObject(r, str(c.addressType), c.ports, arr(c.endpoints), del));
      toDelete.splice(i, 1);
    } else i++;
  }
  const actions: Action[] = [];
  for (const o of toUpdate) actions.push({ type: 'update', resource: 'endpointslices', object: o });
  for (const o of toCreate) actions.push({ type: 'create', resource: 'endpointslices', object: o });
  for (const o of toDelete) actions.push({ type: 'delete', resource: 'endpointslices', namespace: r.namespace, name: o.metadata.name ?? '' });
  return actions;
}

// ---------------------------------------------------------------------------------------------
// the EndpointSlice controller

/** getAddressTypesForService */
export function serviceAddressTypes(svc: KObject): string[] {
  const out: string[] = [];
  for (const f of arr<string>(svc.spec?.ipFamilies)) {
    if (f === 'IPv4' && !out.includes('IPv4')) out.push('IPv4');
    if (f === 'IPv6' && !out.includes('IPv6')) out.push('IPv6');
  }
  if (out.length) return out;
  if (isServiceIPSet(svc)) return [isIPv6(str(svc.spec.clusterIP)) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** getEndpointPorts */
function endpointPorts(svc: KObject, pod: KObject): any[] {
  const out: any[] = [];
  const ports = arr(svc.spec?.ports);
  if (ports.length === 0 && str(svc.spec?.clusterIP) === 'None') return out;
  for (const sp of ports) {
    const num = findPort(pod, sp);
    if (num === undefined) continue;
    const p: any = {};
    if (str(sp?.appProtocol)) p.appProtocol = sp.appProtocol;
    p.name = str(sp?.name);
    p.port = num;
    p.protocol = str(sp?.protocol) || 'TCP';
    out.push(p);
  }
  return out;
}

/** podToEndpoint */
function podEndpoint(pod: KObject, node: KObject | undefined, svc: KObject, addressType: string): any {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: any = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6')),
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  if (str(pod.spec?.nodeName)) ep.nodeName = pod.spec.nodeName;
  ep.targetRef = { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
  const zone = node?.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) ep.zone = zone;
  return ep;
}

/** setEndpointSliceLabels */
function serviceSliceLabels(svc: KObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === IS_HEADLESS_SERVICE) continue;
    labels[k] = v;
  }
  if (!isServiceIPSet(svc)) labels[IS_HEADLESS_SERVICE] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER_NAME;
  return labels;
}

/** The actions that bring a selector Service's slices up to date. */
export function syncServiceSlices(svc: KObject, pods: KObject[], nodes: Map<string, KObject>, existing: KObject[]): Action[] {
  const addressTypes = serviceAddressTypes(svc);
  const groups = new Map<string, DesiredGroup>();
  const existingEps = new Map<string, any>();
  for (const s of existing) for (const e of arr(s.endpoints)) existingEps.set(`${s.addressType}\0${endpointKey(e)}`, e);
  const changedPods: KObject[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    const nodeName = str(pod.spec?.nodeName);
    const node = nodeName ? nodes.get(nodeName) : undefined;
    if (nodeName && !node && svc.spec?.publishNotReadyAddresses !== true) continue;
    for (const at of addressTypes) {
      const ep = podEndpoint(pod, node, svc, at);
      if (ep.addresses.length === 0) continue;
      const gk = `${at}\0${portMapKey(ports)}`;
      let g = groups.get(gk);
      if (!g) groups.set(gk, (g = { addressType: at, ports, endpoints: new Map() }));
      const ek = endpointKey(ep);
      g.endpoints.set(ek, ep);
      const before = existingEps.get(`${at}\0${ek}`);
      if (!before || !sameEndpoint(before, ep)) changedPods.push(pod);
    }
  }
  const ownedExisting = existing.filter((s) => isOwnedBy(s, svc, 'Service'));
  const trigger = triggerTime(svc, ownedExisting.length === 0, changedPods);
  const labels = serviceSliceLabels(svc);
  return reconcileSlices({
    namespace: svc.metadata.namespace ?? '',
    existing,
    isOwned: (s) => isOwnedBy(s, svc, 'Service'),
    addressTypes,
    groups: [...groups.values()],
    placeholder: true,
    maxPerSlice: MAX_ENDPOINTS_PER_SLICE,
    generateName: slicePrefix(svc.metadata.name ?? ''),
    meta: (base) => {
      const annotations: Record<string, string> = { ...(base?.metadata.annotations ?? {}) };
      if (trigger) annotations[ENDPOINTS_LAST_CHANGE_TRIGGER_TIME] = trigger;
      else delete annotations[ENDPOINTS_LAST_CHANGE_TRIGGER_TIME];
      return { labels, annotations, ownerReferences: [ownerRef(svc, 'Service')] };
    },
    metaChanged: (s) => !sameMap(s.metadata.labels, labels),
  });
}

/** slices per namespace/label value of kubernetes.io/service-name, for one managed-by value */
function slicesByService(slices: KObject[], managedBy: string): Map<string, KObject[]> {
  const m = new Map<string, KObject[]>();
  for (const s of slices) {
    const labels = s.metadata.labels ?? {};
    if (labels[LABEL_MANAGED_BY] !== managedBy) continue;
    const svc = labels[LABEL_SERVICE_NAME];
    if (!svc) continue;
    const k = `${s.metadata.namespace ?? ''}/${svc}`;
    const l = m.get(k);
    if (l) l.push(s); else m.set(k, [s]);
  }
  return m;
}

export function endpointSliceController(): Controller {
  return {
    name: 'endpointslice',
    watches: ['services', 'pods', 'endpointslices', 'nodes'],
    reconcile(view: ClusterView, _ctx: ControllerContext): Action[] {
      const services = view.list('services');
      const slices = slicesByService(view.list('endpointslices'), ENDPOINTSLICE_CONTROLLER_NAME);
      let index: PodIndex | undefined;
      let nodes: Map<string, KObject> | undefined;
      const actions: Action[] = [];
      for (const svc of services) {
        const key = `${svc.metadata.namespace ?? ''}/${svc.metadata.name}`;
        const existing = slices.get(key) ?? [];
        slices.delete(key);
        if (svc.spec?.type === 'ExternalName') continue;
        const selector = serviceSelector(svc);
        if (!selector) continue;
        index ??= new PodIndex(view.list('pods'));
        nodes ??= new Map(view.list('nodes').map((n) => [n.metadata.name ?? '', n]));
        actions.push(...syncServiceSlices(svc, index.select(svc.metadata.namespace ?? '', selector), nodes, existing));
      }
      // slices of Services that are gone (the API server's GC normally got them already)
      for (const rest of slices.values()) {
        for (const s of rest) actions.push({ type: 'delete', resource: 'endpointslices', namespace: s.metadata.namespace ?? '', name: s.metadata.name ?? '' });
      }
      return actions;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// the EndpointSlice mirroring controller

/** addressToEndpoint */
function addressToEndpoint(a: any, ready: boolean): { ep: any; addressType: string } | undefined {
  const ip = str(a?.ip);
  if (!ip) return undefined;
  const ep: any = { addresses: [ip], conditions: { ready } };
  if (str(a?.hostname)) ep.hostname = a.hostname;
  if (a?.nodeName !== undefined && a?.nodeName !== null) ep.nodeName = a.nodeName;
  if (a?.targetRef) ep.targetRef = a.targetRef;
  return { ep, addressType: isIPv6(ip) ? 'IPv6' : 'IPv4' };
}

/** epPortsToEpsPorts */
function mirrorPorts(ports: unknown): any[] {
  return arr(ports).map((p: any) => {
    const o: any = {};
    if (p?.appProtocol !== undefined && p?.appProtocol !== null) o.appProtocol = p.appProtocol;
    o.name = str(p?.name);
    o.port = p?.port;
    o.protocol = str(p?.protocol) || 'TCP';
    return o;
  });
}

function shouldMirror(ep: KObject | undefined, svc: KObject | undefined): boolean {
  if (!ep || !svc) return false;
  if (serviceSelector(svc)) return false;
  if (ep.metadata.labels?.[LABEL_SKIP_MIRROR] === 'true') return false;
  if (ep.metadata.annotations?.[LEADER_ELECTION_ANNOTATION] !== undefined) return false;
  return true;
}

/** The actions that mirror one Endpoints object (undefined ep/svc: remove the mirrored slices). */
export function syncMirroredSlices(ep: KObject | undefined, svc: KObject | undefined, existing: KObject[]): Action[] {
  if (!shouldMirror(ep, svc)) {
    return existing.map((s) => ({ type: 'delete', resource: 'endpointslices', namespace: s.metadata.namespace ?? '', name: s.metadata.name ?? '' }) as Action);
  }
  const e = ep!;
  const groups = new Map<string, DesiredGroup>();
  for (const ss of arr(e.subsets)) {
    const ports = mirrorPorts(ss?.ports);
    for (const [list, ready] of [[ss?.addresses, true], [ss?.notReadyAddresses, false]] as const) {
      for (const a of arr(list)) {
        const conv = addressToEndpoint(a, ready);
        if (!conv) continue;
        const gk = `${conv.addressType}\0${portMapKey(ports)}`;
        let g = groups.get(gk);
        if (!g) groups.set(gk, (g = { addressType: conv.addressType, ports, endpoints: new Map() }));
        const ek = endpointKey(conv.ep);
        if (!g.endpoints.has(ek)) g.endpoints.set(ek, conv.ep);
      }
    }
  }
  const labels: Record<string, string> = { ...(e.metadata.labels ?? {}) };
  labels[LABEL_SERVICE_NAME] = e.metadata.name!;
  labels[LABEL_MANAGED_BY] = MIRRORING_CONTROLLER_NAME;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.metadata.annotations ?? {})) {
    if (k === ENDPOINTS_LAST_CHANGE_TRIGGER_TIME || k === LAST_APPLIED) continue;
    annotations[k] = v;
  }
  const addressTypes = [...new Set([...groups.values()].map((g) => g.addressType))];
  return reconcileSlices({
    namespace: e.metadata.namespace ?? '',
    existing,
    isOwned: (s) => isOwnedBy(s, e, 'Endpoints'),
    addressTypes,
    groups: [...groups.values()],
    placeholder: false,
    maxPerSlice: MIRRORING_MAX_ENDPOINTS_PER_SLICE,
    generateName: slicePrefix(e.metadata.name ?? ''),
    meta: () => ({ labels, annotations, ownerReferences: [ownerRef(e, 'Endpoints')] }),
    metaChanged: (s) => !sameMap(s.metadata.labels, labels) || !sameMap(s.metadata.annotations, annotations),
  });
}

export function endpointSliceMirroringController(): Controller {
  return {
    name: 'endpointslicemirroring',
    watches: ['endpoints', 'services', 'endpointslices'],
    reconcile(view: ClusterView, _ctx: ControllerContext): Action[] {
      const services = indexByKey(view.list('services'));
      const slices = slicesByService(view.list('endpointslices'), MIRRORING_CONTROLLER_NAME);
      const actions: Action[] = [];
      for (const ep of view.list('endpoints')) {
        const key = `${ep.metadata.namespace ?? ''}/${ep.metadata.name}`;
        const existing = slices.get(key) ?? [];
        slices.delete(key);
        const svc = services.get(key);
        if (!shouldMirror(ep, svc) && existing.length === 0) continue;
        actions.push(...syncMirroredSlices(ep, svc, existing));
      }
      for (const rest of slices.values()) actions.push(...syncMirroredSlices(undefined, undefined, rest));
      return actions;
    },
  };
}
