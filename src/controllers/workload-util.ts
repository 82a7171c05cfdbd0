// Helpers shared by the workload controllers: pod readiness/availability (podutil), controller
// references and the ControllerRefManager's adopt/release, pods from templates (GetPodFromTemplate),
// int-or-percent scaling (intstr), node affinity and taints (the DaemonSet's predicates), the pod
// ranking used when scaling down (ActivePodsWithRanks), and an action collector that keeps one
// write per object. Pure: time comes in as a parameter.

import { generateName, isDNS1123Subdomain, maskTrailingDash } from '../api/names';
import { labelSelectorFromObject, matchLabels, type LabelSelector } from '../api/selectors';
import { canonicalJSON, deepClone, type KObject, type OwnerReference } from '../api/types';
import type { Action, ControllerContext, EventSpec } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

// ---- time -----------------------------------------------------------------------------------------

export { rfc3339 } from '../api/types';

/** Parse a metav1.Time (ms since the epoch); NaN when absent or malformed. */
export function parseTime(ts: unknown): number {
  return typeof ts === 'string' && ts ? Date.parse(ts) : NaN;
}

// ---- pods -----------------------------------------------------------------------------------------

export function podReadyCondition(pod: KObject): Obj | undefined {
  const conds = pod.status?.conditions;
  return Array.isArray(conds) ? conds.find((c: Obj) => c?.type === 'Ready') : undefined;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KObject): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** podutil.IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(pod: KObject, minReadySeconds: number | undefined, now: number): boolean {
  if (!isPodReady(pod)) return false;
  const mrs = minReadySeconds ?? 0;
  if (mrs === 0) return true;
  const t = parseTime(podReadyCondition(pod)?.lastTransitionTime);
  return !Number.isNaN(t) && t + mrs * 1000 < now;
}

/** controller.IsPodActive: not Succeeded/Failed and not being deleted. */
export function isPodActive(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isPodTerminating(pod: KObject): boolean {
  return !!pod.metadata.deletionTimestamp;
}

// ---- owner references -----------------------------------------------------------------------------

/** metav1.GetControllerOf */
export function controllerRefOf(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef */
export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true,
  };
}

/** Objects grouped by the uid of their controller; orphans (no controller) under ''. */
export function indexByController(objs: KObject[]): Map<string, KObject[]> {
  const m = new Map<string, KObject[]>();
  for (const o of objs) {
    const uid = controllerRefOf(o)?.uid ?? '';
    const l = m.get(uid);
    if (l) l.push(o); else m.set(uid, [o]);
  }
  return m;
}

/** Objects grouped by namespace. */
export function indexByNamespace(objs: KObject[]): Map<string, KObject[]> {
  const m = new Map<string, KObject[]>();
  for (const o of objs) {
    const ns = o.metadata.namespace ?? '';
    const l = m.get(ns);
    if (l) l.push(o); else m.set(ns, [o]);
  }
  return m;
}

/** A parsed selector (nil matches nothing, `{}` everything, an invalid one nothing). */
export function selectorOf(sel: unknown): LabelSelector {
  try {
    return labelSelectorFromObject(sel as any);
  } catch {
    return { requirements: [], nothing: true };
  }
}

export interface ClaimOptions {
  owner: KObject;
  /** the owner's apiVersion and kind (for the ownerReference) */
  apiVersion: string;
  kind: string;
  resource: string;
  selector: LabelSelector;
  /** objects already controlled by the owner */
  owned: KObject[];
  /** candidate orphans (no controller) in the owner's namespace */
  orphans: KObject[];
  /** extra membership test (StatefulSet pods: the name's parent) */
  filter?: (o: KObject) => boolean;
  /** orphans to consider at all (e.g. only active pods) */
  orphanFilter?: (o: KObject) => boolean;
  /** uids of orphans adopted by another owner in this reconcile (shared across calls) */
  taken?: Set<string>;
  out: ActionList;
}

/**
 * ControllerRefManager.ClaimObjects: keep what we own and still match, release what we own but no
 * longer match (unless we are being deleted), adopt matching orphans. Returns the claimed objects
 * (adopted ones carry the new ownerReference).
 */
export function claimObjects(o: ClaimOptions): KObject[] {
  const claimed: KObject[] = [];
  const match = (x: KObject) => matchLabels(o.selector, x.metadata.labels) && (!o.filter || o.filter(x));
  const ownerUid = o.owner.metadata.uid;
  const deleting = !!o.owner.metadata.deletionTimestamp;
  for (const x of o.owned) {
    if (match(x)) { claimed.push(x); continue; }
    if (deleting) continue;
    // release: drop our ownerReference
    const rel = deepClone(x);
    rel.metadata.ownerReferences = (rel.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
    if (rel.metadata.ownerReferences.length === 0) delete rel.metadata.ownerReferences;
    o.out.update(o.resource, rel);
  }
  if (deleting) return claimed;
  for (const x of o.orphans) {
    if (o.orphanFilter && !o.orphanFilter(x)) continue;
    if (o.taken?.has(x.metadata.uid ?? '')) continue;
    if (!match(x) || x.metadata.deletionTimestamp) continue;
    if ((x.metadata.namespace ?? '') !== (o.owner.metadata.namespace ?? '')) continue;
    const adopted = deepClone(x);
    adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), newControllerRef(o.owner, o.apiVersion, o.kind)];
    o.out.update(o.resource, adopted);
    o.taken?.add(x.metadata.uid ?? '');
    claimed.push(adopted);
  }
  return claimed;
}

// ---- pods from templates -------------------------------------------------------------------------

/** getPodsPrefix: `<name>-`, or the bare name when that is not a valid generateName. */
export function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return isDNS1123Subdomain(maskTrailingDash(prefix)).length ? controllerName : prefix;
}

/**
 * controller.GetPodFromTemplate: labels, annotations and finalizers of the template, generateName
 * `<owner>-`, the controller reference and a copy of the spec. The name is generated here (the
 * API server would do the same with its own randomness) so that a seeded ctx.random gives
 * deterministic names.
 */
export function podFromTemplate(template: Obj | undefined, owner: KObject, ref: OwnerReference | undefined,
  rnd: () => number, opts: { name?: string; generateName?: string } = {}): KObject {
  const tpl = template ?? {};
  const md = tpl.metadata ?? {};
  const prefix = opts.generateName ?? podsPrefix(owner.metadata.name!);
  const meta: Obj = {
    name: opts.name ?? generateName(prefix, rnd),
    generateName: prefix,
    namespace: owner.metadata.namespace,
  };
  if (md.labels && Object.keys(md.labels).length) meta.labels = { ...md.labels };
  if (md.annotations && Object.keys(md.annotations).length) meta.annotations = { ...md.annotations };
  if (Array.isArray(md.finalizers) && md.finalizers.length) meta.finalizers = [...md.finalizers];
  if (ref) meta.ownerReferences = [ref];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: deepClone(tpl.spec ?? {}) };
}

// ---- int or percent -------------------------------------------------------------------------------

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is itself; `N%` of total, rounded up or down.
 * Returns NaN for a malformed value (validation rejects those).
 */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const s = String(v);
  const m = /^(-?\d+)%$/.exec(s);
  if (!m) return NaN;
  const pct = Number(m[1]);
  return roundUp ? Math.ceil((pct * total) / 100) : Math.floor((pct * total) / 100);
}

/** integer.RoundToInt32: math.Round (half away from zero). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// ---- comparison ----------------------------------------------------------------------------------

/** JSON with empty maps/arrays and nulls removed: apiequality.Semantic's nil == empty. */
function pruneEmpty(v: unknown): unknown {
  if (Array.isArray(v)) {
    const a = v.map(pruneEmpty);
    return a.length ? a : undefined;
  }
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const p = pruneEmpty(x);
      if (p !== undefined && p !== null) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** apiequality.Semantic.DeepEqual, approximately: nil and empty collections are equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return canonicalJSON(pruneEmpty(a) ?? null) === canonicalJSON(pruneEmpty(b) ?? null);
}

export function sameJSON(a: unknown, b: unknown): boolean {
  return canonicalJSON(a ?? null) === canonicalJSON(b ?? null);
}

// ---- FNV-1 (hash/fnv New32, not 32a) -------------------------------------------------------------

export function fnv32(data: string | Uint8Array, seed = 0x811c9dc5): number {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= bytes[i];
  }
  return h >>> 0;
}

/** Go's encoding/json: sorted map keys, and <, >, & escaped. */
export function goJSON(v: unknown): string {
  return canonicalJSON(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

// ---- nodes: affinity and taints ------------------------------------------------------------------

function nodeSelectorRequirementMatches(r: Obj, value: string | undefined, present: boolean): boolean {
  const vals: string[] = Array.isArray(r.values) ? r.values : [];
  switch (r.operator) {
    case 'In': return present && vals.includes(value!);
    case 'NotIn': return !present || !vals.includes(value!);
    case 'Exists': return present;
    case 'DoesNotExist': return !present;
    case 'Gt':
    case 'Lt': {
      if (!present || vals.length !== 1) return false;
      const a = Number.parseInt(value!, 10);
      const b = Number.parseInt(vals[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

/** A NodeSelectorTerm: all matchExpressions (labels) and matchFields (metadata.name) hold; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: Obj, node: KObject): boolean {
  const exprs: Obj[] = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
  const fields: Obj[] = Array.isArray(term?.matchFields) ? term.matchFields : [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) {
    if (!nodeSelectorRequirementMatches(r, labels[r.key], Object.prototype.hasOwnProperty.call(labels, r.key))) return false;
  }
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!nodeSelectorRequirementMatches(r, node.metadata.name, true)) return false;
  }
  return true;
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required node affinity. */
export function requiredNodeAffinityMatches(spec: Obj, node: KObject): boolean {
  const ns = spec?.nodeSelector;
  if (ns && typeof ns === 'object') {
    const labels = node.metadata.labels ?? {};
    for (const [k, v] of Object.entries(ns)) if (labels[k] !== v) return false;
  }
  const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) {
    const terms: Obj[] = Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : [];
    if (!terms.some((t) => nodeSelectorTermMatches(t, node))) return false;
  }
  return true;
}

/** Toleration.ToleratesTaint */
export function toleratesTaint(t: Obj, taint: Obj): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

/** v1helper.FindMatchingUntoleratedTaint over the taints that pass `filter`. */
export function findUntoleratedTaint(taints: Obj[] | undefined, tolerations: Obj[] | undefined, filter: (t: Obj) => boolean): Obj | undefined {
  const tols = Array.isArray(tolerations) ? tolerations : [];
  for (const taint of Array.isArray(taints) ? taints : []) {
    if (!filter(taint)) continue;
    if (!tols.some((t) => toleratesTaint(t, taint))) return taint;
  }
  return undefined;
}

// ---- scale-down ranking (controller.ActivePodsWithRanks) -----------------------------------------

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function podReadyTime(pod: KObject): number {
  return isPodReady(pod) ? parseTime(podReadyCondition(pod)?.lastTransitionTime) : NaN;
}

/** afterOrZero: t1 is zero (sorts first), or t1 is after t2 */
function afterOrZero(t1: number, t2: number): boolean {
  if (Number.isNaN(t1) || Number.isNaN(t2)) return Number.isNaN(t1);
  return t1 > t2;
}

function maxRestarts(pod: KObject): [number, number] {
  let regular = 0;
  let sidecar = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c?.restartCount ?? 0);
  const sidecars = new Set<string>((pod.spec?.initContainers ?? []).filter((c: Obj) => c?.restartPolicy === 'Always').map((c: Obj) => c.name));
  for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c?.name)) sidecar = Math.max(sidecar, c?.restartCount ?? 0);
  return [regular, sidecar];
}

/** logarithmicRankDiff: compare floor(log2(age in ns)) buckets. */
function logRankDiff(t1: number, t2: number, now: number): number {
  const d1 = (now - t1) * 1e6;
  const d2 = (now - t2) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

function deletionCost(pod: KObject): number {
  const v = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

/**
 * ActivePodsWithRanks.Less (LogarithmicScaleDown and PodDeletionCost on, as in 1.32): the pods to
 * delete first sort first. `rank` = number of related active pods on the same node.
 */
export function lessRankedPod(a: KObject, b: KObject, rankA: number, rankB: number, now: number): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  // 1. unassigned < assigned
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending < Unknown < Running
  const pa = PHASE_ORDINAL[a.status?.phase] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase] ?? 0;
  if (pa !== pb) return pa < pb;
  // 3. not ready < ready
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  // 4. lower deletion cost first
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. doubled up < not doubled up
  if (rankA !== rankB) return rankA > rankB;
  // 6. ready for less time first
  if (ra && rb) {
    const t1 = podReadyTime(a);
    const t2 = podReadyTime(b);
    if (!(t1 === t2 || (Number.isNaN(t1) && Number.isNaN(t2)))) {
      if (Number.isNaN(t1) || Number.isNaN(t2)) return afterOrZero(t1, t2);
      const d = logRankDiff(t1, t2, now);
      if (d === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
      return d < 0;
    }
  }
  // 7. more restarts first
  const [ra1, rs1] = maxRestarts(a);
  const [rb1, rs2] = maxRestarts(b);
  if (ra1 !== rb1) return ra1 > rb1;
  if (rs1 !== rs2) return rs1 > rs2;
  // 8. empty creation time < newer < older
  const c1 = parseTime(a.metadata.creationTimestamp);
  const c2 = parseTime(b.metadata.creationTimestamp);
  if (!(c1 === c2 || (Number.isNaN(c1) && Number.isNaN(c2)))) {
    if (Number.isNaN(c1) || Number.isNaN(c2)) return afterOrZero(c1, c2);
    const d = logRankDiff(c1, c2, now);
    if (d === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
    return d < 0;
  }
  return false;
}

/** Sort pods for deletion (most deletable first); `related` = the pods whose node counts rank. */
export function rankPodsForDeletion(pods: KObject[], related: KObject[], now: number): KObject[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked = pods.map((p) => ({ p, rank: onNode.get(p.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => (lessRankedPod(x.p, y.p, x.rank, y.rank, now) ? -1 : lessRankedPod(y.p, x.p, y.rank, x.rank, now) ? 1 : 0));
  return ranked.map((r) => r.p);
}

// ---- actions -------------------------------------------------------------------------------------

const keyOf = (resource: string, o: KObject) => `${resource}\0${o.metadata.namespace ?? ''}\0${o.metadata.name}`;

/**
 * The actions of one reconcile. A second write to the same object replaces the first (a create
 * stays a create with the newer body), so there is at most one write per object.
 */
export class ActionList {
  readonly actions: Action[] = [];
  private readonly writes = new Map<string, Action>();

  create(resource: string, object: KObject): void {
    const a: Action = { type: 'create', resource, object };
    this.writes.set(keyOf(resource, object), a);
    this.actions.push(a);
  }

  /** replace metadata/spec; `object` carries the resourceVersion it was read at */
  update(resource: string, object: KObject): void {
    const k = keyOf(resource, object);
    const prev = this.writes.get(k);
    if (prev && (prev.type === 'create' || prev.type === 'update')) {
      prev.object = object;
      return;
    }
    const a: Action = { type: 'update', resource, object };
    this.writes.set(k, a);
    this.actions.push(a);
  }

  /** whether this reconcile creates the object (then an update must go into the create) */
  creates(resource: string, o: KObject): boolean {
    return this.writes.get(keyOf(resource, o))?.type === 'create';
  }

  updateStatus(resource: string, o: KObject, status: unknown): void {
    this.actions.push({ type: 'updateStatus', resource, namespace: o.metadata.namespace ?? '', name: o.metadata.name!, status });
  }

  delete(resource: string, o: KObject, propagationPolicy?: 'Background' | 'Orphan' | 'Foreground'): void {
    const a: Action = { type: 'delete', resource, namespace: o.metadata.namespace ?? '', name: o.metadata.name!, ...(propagationPolicy ? { propagationPolicy } : {}) };
    this.writes.set(keyOf(resource, o), a);
    this.actions.push(a);
  }

  event(involved: KObject, type: EventSpec['type'], reason: string, message: string, component: string): void {
    this.actions.push({ type: 'event', event: { involved, type, reason, message, component } });
  }
}

export type { ControllerContext };
