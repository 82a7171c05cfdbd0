// The scheduler (kube-scheduler's default profile, reduced to what a kctl cluster needs): binds every
// pending pod whose schedulerName is `default-scheduler` to a node.
//
// Filters, in the default profile's order, first failure wins per node (pkg/scheduler/framework/plugins):
//   NodeAffinity PreFilter   matchFields metadata.name In → only those nodes are evaluated
//                            ("node(s) didn't satisfy plugin(s) [NodeAffinity]")
//   NodeUnschedulable        spec.unschedulable, unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule
//   TaintToleration          first untolerated NoSchedule/NoExecute taint (a node that is not Ready carries
//                            node.kubernetes.io/not-ready / unreachable:NoSchedule, as the node lifecycle controller adds)
//   NodeAffinity             spec.nodeSelector and required node affinity
//   NodePorts                hostPort conflicts
//   NodeResourcesFit         Too many pods / Insufficient cpu|memory|ephemeral-storage|<extended>
// Score: the feasible node with the fewest (non-terminal) pods, counting pods bound earlier in the same
// pass; ties by node name.
//
// Binding is the pods/binding subresource upstream: the controller returns a `bind` action (see
// BindAction and bindPod below — the API server applies it); a pod that fits nowhere gets the
// PodScheduled=False/Unschedulable condition with FitError's message and a FailedScheduling event.

import type { KObject } from '../api/types';
import { deepClone, rfc3339 } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';

export const SCHEDULER_NAME = 'default-scheduler';

/** pods/binding: set spec.nodeName of a pending pod (and PodScheduled=True), as BindingREST does. */
export interface BindAction {
  type: 'bind';
  namespace: string;
  name: string;
  /** precondition: the pod's uid */
  uid?: string;
  node: string;
}

const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

export const ERR_NODE_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
/** the status of the nodes a PreFilterResult left out (v1.31+; earlier: `node is filtered out by the prefilter result`) */
export const ERR_PREFILTER_RESULT = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
export const ERR_AFFINITY_CONFLICT = 'pod affinity terms conflict';
export const ERR_NO_NODES = 'no nodes available to schedule pods';
const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const PREEMPTION_NO_VICTIMS = 'No preemption victims found for incoming pod';
const PREEMPTION_NEVER = 'not eligible due to preemptionPolicy=Never.';

// ---------------------------------------------------------------------------------------------
// small helpers


function arr<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** podutil.IsPodTerminal */
export function isPodTerminal(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

// ---------------------------------------------------------------------------------------------
// tolerations and taints

interface Taint { key?: string; value?: string; effect?: string }
interface Toleration { key?: string; operator?: string; value?: string; effect?: string }

/** v1.Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '': case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

export function tolerationsTolerateTaint(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

function nodeReadyStatus(node: KObject): string {
  const c = arr(node.status?.conditions).find((x: any) => x?.type === 'Ready');
  return c ? str(c.status) || 'Unknown' : 'Unknown';
}

/** The node's taints, plus the NoSchedule taint the node lifecycle controller puts on a node that is not Ready. */
export function effectiveTaints(node: KObject): Taint[] {
  const taints: Taint[] = arr<Taint>(node.spec?.taints);
  const ready = nodeReadyStatus(node);
  if (ready === 'True') return taints;
  const key = ready === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  if (taints.some((t) => t.key === key && t.effect === 'NoSchedule')) return taints;
  return [...taints, { key, effect: 'NoSchedule' }];
}

// ---------------------------------------------------------------------------------------------
// node affinity (component-helpers/scheduling/corev1/nodeaffinity)

interface NodeSelectorRequirement { key: string; operator: string; values?: string[] | null }
interface NodeSelectorTerm { matchExpressions?: NodeSelectorRequirement[] | null; matchFields?: NodeSelectorRequirement[] | null }

const INT64_RE = /^[+-]?[0-9]+$/;

/** one matchExpressions requirement against node labels; undefined = a parse error */
function labelRequirementMatches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean | undefined {
  const vals = arr<string>(r.values);
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : '';
  switch (r.operator) {
    case 'In': return vals.length === 0 ? undefined : has && vals.includes(v);
    case 'NotIn': return vals.length === 0 ? undefined : !has || !vals.includes(v);
    case 'Exists': return vals.length !== 0 ? undefined : has;
    case 'DoesNotExist': return vals.length !== 0 ? undefined : !has;
    case 'Gt': case 'Lt': {
      if (vals.length !== 1 || !INT64_RE.test(vals[0])) return undefined;
      if (!has || !INT64_RE.test(v)) return false;
      const lv = BigInt(v);
      const rv = BigInt(vals[0]);
      return r.operator === 'Gt' ? lv > rv : lv < rv;
    }
    default: return undefined;
  }
}

function fieldRequirementMatches(r: NodeSelectorRequirement, nodeName: string): boolean | undefined {
  const vals = arr<string>(r.values);
  if (r.key !== 'metadata.name' || vals.length !== 1) return undefined;
  if (r.operator === 'In') return nodeName === vals[0];
  if (r.operator === 'NotIn') return nodeName !== vals[0];
  return undefined;
}

/** nodeSelectorTerm.match: an empty term or one with a parse error matches nothing */
function termMatches(term: NodeSelectorTerm, node: KObject): boolean {
  const exprs = arr<NodeSelectorRequirement>(term?.matchExpressions);
  const fields = arr<NodeSelectorRequirement>(term?.matchFields);
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  let ok = true;
  for (const r of exprs) {
    const m = labelRequirementMatches(r, labels);
    if (m === undefined) return false;
    ok = ok && m;
  }
  for (const r of fields) {
    const m = fieldRequirementMatches(r, node.metadata.name ?? '');
    if (m === undefined) return false;
    ok = ok && m;
  }
  return ok;
}

function requiredTerms(pod: KObject): NodeSelectorTerm[] | undefined {
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req || typeof req !== 'object') return undefined;
  return arr<NodeSelectorTerm>(req.nodeSelectorTerms);
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector, then required affinity terms (ORed) */
export function podMatchesNodeSelectorAndAffinity(pod: KObject, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  const sel = pod.spec?.nodeSelector;
  if (sel && typeof sel === 'object') {
    for (const [k, v] of Object.entries(sel)) {
      if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
    }
  }
  const terms = requiredTerms(pod);
  if (terms === undefined) return true;
  return terms.some((t) => termMatches(t, node));
}

/**
 * NodeAffinity PreFilter: when every required term names nodes with matchFields metadata.name In,
 * only those nodes are candidates. undefined = all nodes; an empty set = the terms conflict.
 */
function preFilterNodeNames(pod: KObject): Set<string> | undefined {
  const terms = requiredTerms(pod);
  if (!terms || terms.length === 0) return undefined;
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of arr<NodeSelectorRequirement>(t?.matchFields)) {
      if (r.key === 'metadata.name' && r.operator === 'In') {
        const s = new Set(arr<string>(r.values));
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
    }
    if (!termNames) return undefined;
    names = names ? new Set([...names, ...termNames]) : termNames;
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// resources (NodeResourcesFit)

type Resources = Map<string, bigint>;

function lazyQuantity(): typeof import('../api/validation/quantity') {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('../api/validation/quantity') as typeof import('../api/validation/quantity');
}

/** cpu in millicores, everything else in units (rounded up) */
function quantityValue(name: string, v: unknown): bigint {
  const q = lazyQuantity();
  const parsed = q.parseQuantity(typeof v === 'number' ? v : str(v));
  if (!parsed) return 0n;
  const milli = q.milliValue(parsed);
  if (name === 'cpu') return milli;
  return milli <= 0n ? 0n : (milli + 999n) / 1000n;
}

function addInto(a: Resources, b: Resources): void {
  for (const [k, v] of b) a.set(k, (a.get(k) ?? 0n) + v);
}

function maxInto(a: Resources, b: Resources): void {
  for (const [k, v] of b) if (v > (a.get(k) ?? 0n)) a.set(k, v);
}

function containerRequests(c: any): Resources {
  const out: Resources = new Map();
  const req = c?.resources?.requests;
  if (req && typeof req === 'object') {
    for (const [k, v] of Object.entries(req)) out.set(k, quantityValue(k, v));
  }
  return out;
}

/** resourcehelper.PodRequests: containers + sidecars, at least the largest init container, + overhead */
export function podRequests(pod: KObject): Resources {
  const reqs: Resources = new Map();
  for (const c of arr(pod.spec?.containers)) addInto(reqs, containerRequests(c));
  const restartable: Resources = new Map();
  const initMax: Resources = new Map();
  for (const c of arr(pod.spec?.initContainers)) {
    const cr = containerRequests(c);
    if (c?.restartPolicy === 'Always') {
      addInto(reqs, cr);
      addInto(restartable, cr);
      maxInto(initMax, restartable);
    } else {
      const tmp: Resources = new Map(cr);
      addInto(tmp, restartable);
      maxInto(initMax, tmp);
    }
  }
  maxInto(reqs, initMax);
  const overhead = pod.spec?.overhead;
  if (overhead && typeof overhead === 'object') {
    const o: Resources = new Map();
    for (const [k, v] of Object.entries(overhead)) o.set(k, quantityValue(k, v));
    addInto(reqs, o);
  }
  return reqs;
}

function allocatable(node: KObject): Resources {
  const out: Resources = new Map();
  const a = node.status?.allocatable ?? node.status?.capacity;
  if (a && typeof a === 'object') for (const [k, v] of Object.entries(a)) out.set(k, quantityValue(k, v));
  return out;
}

// ---------------------------------------------------------------------------------------------
// host ports (NodePorts)

interface HostPort { ip: string; protocol: string; port: number }

function podHostPorts(pod: KObject): HostPort[] {
  const out: HostPort[] = [];
  for (const c of arr(pod.spec?.containers)) {
    for (const p of arr(c?.ports)) {
      if (typeof p?.hostPort === 'number' && p.hostPort > 0) {
        out.push({ ip: str(p.hostIP) || '0.0.0.0', protocol: str(p.protocol) || 'TCP', port: p.hostPort });
      }
    }
  }
  return out;
}

function hostPortConflict(used: HostPort[], want: HostPort[]): boolean {
  return want.some((w) => used.some((u) => u.port === w.port && u.protocol === w.protocol
    && (w.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === w.ip)));
}

// ---------------------------------------------------------------------------------------------
// the scheduling pass

interface NodeState {
  node: KObject;
  name: string;
  taints: Taint[];
  allocatable: Resources;
  requested: Resources;
  pods: number;
  hostPorts: HostPort[];
}

interface NodeStatus {
  reasons: string[];
  /** UnschedulableAndUnresolvable: preemption cannot help */
  unresolvable: boolean;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newNodeState(node: KObject): NodeState {
  return {
    node, name: node.metadata.name ?? '', taints: effectiveTaints(node), allocatable: allocatable(node),
    requested: new Map(), pods: 0, hostPorts: [],
  };
}

function assume(ns: NodeState, pod: KObject, req?: Resources): void {
  ns.pods++;
  addInto(ns.requested, req ?? podRequests(pod));
  ns.hostPorts.push(...podHostPorts(pod));
}

/** Run the filters for one pod on one node: undefined when it fits, else the node's status. */
function filterNode(pod: KObject, ns: NodeState, req: Resources, ports: HostPort[]): NodeStatus | undefined {
  const tolerations = arr<Toleration>(pod.spec?.tolerations);
  // NodeUnschedulable
  if (ns.node.spec?.unschedulable === true
    && !tolerationsTolerateTaint(tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) {
    return { reasons: [ERR_NODE_UNSCHEDULABLE], unresolvable: true };
  }
  // TaintToleration
  for (const t of ns.taints) {
    if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
    if (!tolerationsTolerateTaint(tolerations, t)) {
      return { reasons: [`node(s) had untolerated taint {${t.key ?? ''}: ${t.value ?? ''}}`], unresolvable: true };
    }
  }
  // NodeAffinity
  if (!podMatchesNodeSelectorAndAffinity(pod, ns.node)) return { reasons: [ERR_NODE_AFFINITY], unresolvable: true };
  // NodePorts
  if (ports.length && hostPortConflict(ns.hostPorts, ports)) return { reasons: [ERR_NODE_PORTS], unresolvable: false };
  // NodeResourcesFit
  const reasons: string[] = [];
  const allowedPods = ns.allocatable.get('pods') ?? 0n;
  if (BigInt(ns.pods + 1) > allowedPods) reasons.push('Too many pods');
  const free = (k: string) => (ns.allocatable.get(k) ?? 0n) - (ns.requested.get(k) ?? 0n);
  for (const [k, label] of [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeral-storage', 'ephemeral-storage']]) {
    const want = req.get(k) ?? 0n;
    if (want > 0n && want > free(k)) reasons.push(`Insufficient ${label}`);
  }
  for (const [k, want] of [...req].sort((a, b) => byteCompare(a[0], b[0]))) {
    if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage' || k === 'pods' || want <= 0n) continue;
    if (want > free(k)) reasons.push(`Insufficient ${k}`);
  }
  if (reasons.length) return { reasons, unresolvable: false };
  return undefined;
}

function histogram(statuses: NodeStatus[], reasonsOf: (s: NodeStatus) => string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of reasonsOf(s)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort(byteCompare).join(', ');
}

/** FitError.Error() of the scheduling cycle, with DefaultPreemption's PostFilter message. */
export function fitErrorMessage(pod: KObject, numAllNodes: number, statuses: NodeStatus[], preFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const h = histogram(statuses, (s) => s.reasons);
    if (h) msg += ` ${h}.`;
  }
  let post: string;
  if (pod.spec?.preemptionPolicy === 'Never') post = PREEMPTION_NEVER;
  else {
    const all = preFilterMsg ? Array.from({ length: numAllNodes }, () => ({ reasons: [], unresolvable: true })) : statuses;
    const h = histogram(all, (s) => [s.unresolvable ? PREEMPTION_NOT_HELPFUL : PREEMPTION_NO_VICTIMS]);
    post = `0/${numAllNodes} nodes are available:${h ? ` ${h}.` : ''}`;
  }
  // the PostFilter message is appended as is (" %v")
  msg += ` preemption: ${post}`;
  return msg;
}

function podKey(p: KObject): string {
  return `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;
}

/** PrioritySort: higher priority first, then the older pod; then by namespace/name for determinism */
function queueOrder(a: KObject, b: KObject): number {
  const pa = typeof a.spec?.priority === 'number' ? a.spec.priority : 0;
  const pb = typeof b.spec?.priority === 'number' ? b.spec.priority : 0;
  if (pa !== pb) return pb - pa;
  const ta = str(a.metadata.creationTimestamp);
  const tb = str(b.metadata.creationTimestamp);
  if (ta !== tb) return byteCompare(ta, tb);
  return byteCompare(podKey(a), podKey(b));
}

export function needsScheduling(pod: KObject): boolean {
  if (str(pod.spec?.nodeName)) return false;
  if ((pod.spec?.schedulerName ?? SCHEDULER_NAME) !== SCHEDULER_NAME) return false;
  if (arr(pod.spec?.schedulingGates).length) return false;
  if (pod.metadata.deletionTimestamp) return false;
  return !isPodTerminal(pod);
}

/** The status after setting a PodScheduled condition (podutil.UpdatePodCondition); undefined = no change. */
export function withPodScheduledCondition(pod: KObject, status: 'True' | 'False', reason: string, message: string, now: number): any | undefined {
  const st = deepClone(pod.status ?? {});
  const conds: any[] = Array.isArray(st.conditions) ? st.conditions : [];
  const i = conds.findIndex((c) => c?.type === 'PodScheduled');
  const old = i >= 0 ? conds[i] : undefined;
  if (old && old.status === status && str(old.reason) === reason && str(old.message) === message) return undefined;
  // keys in the order the API server's JSON has them (alphabetical, as kubectl prints)
  const cond: any = { lastProbeTime: null, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : rfc3339(now) };
  if (message) cond.message = message;
  if (reason) cond.reason = reason;
  cond.status = status;
  cond.type = 'PodScheduled';
  if (i >= 0) conds[i] = cond; else conds.push(cond);
  st.conditions = conds;
  return st;
}

/**
 * What the pods/binding subresource does to the pod (BindingREST.setPodNodeAndMetadata): the pod with
 * spec.nodeName set and PodScheduled=True, or the error (the API server answers 409 Conflict:
 * `Operation cannot be fulfilled on pods/binding "<name>": <error>`).
 */
export function bindPod(pod: KObject, node: string, now: number): { pod?: KObject; error?: string } {
  const name = pod.metadata.name ?? '';
  if (pod.metadata.deletionTimestamp) return { error: `pod ${name} is being deleted, cannot be assigned to a host` };
  if (str(pod.spec?.nodeName)) return { error: `pod ${name} is already assigned to node "${pod.spec.nodeName}"` };
  if (arr(pod.spec?.schedulingGates).length) return { error: `pod ${name} has non-empty .spec.schedulingGates` };
  const out = deepClone(pod);
  out.spec = { ...(out.spec ?? {}), nodeName: node };
  const conds: any[] = Array.isArray(out.status?.conditions) ? out.status.conditions : [];
  const i = conds.findIndex((c) => c?.type === 'PodScheduled');
  const old = i >= 0 ? conds[i] : undefined;
  const cond = { lastProbeTime: null, lastTransitionTime: old && old.status === 'True' ? old.lastTransitionTime : rfc3339(now), status: 'True', type: 'PodScheduled' };
  if (i >= 0) conds[i] = cond; else conds.push(cond);
  out.status = { ...(out.status ?? {}), conditions: conds };
  return { pod: out };
}

export interface ScheduleResult {
  /** pod key → node name */
  bound: Map<string, string>;
  /** pod key → FitError message */
  failed: Map<string, string>;
}

/** Schedule the pending pods in queue order over the nodes (pure; used by the controller and tests). */
export function schedulePods(nodes: KObject[], pods: KObject[]): ScheduleResult {
  const states = [...nodes].sort((a, b) => byteCompare(a.metadata.name ?? '', b.metadata.name ?? '')).map(newNodeState);
  const byName = new Map(states.map((s) => [s.name, s]));
  const pending: KObject[] = [];
  for (const p of pods) {
    const nodeName = str(p.spec?.nodeName);
    if (nodeName) {
      const ns = byName.get(nodeName);
      if (ns && !isPodTerminal(p)) assume(ns, p);
    } else if (needsScheduling(p)) pending.push(p);
  }
  pending.sort(queueOrder);
  const result: ScheduleResult = { bound: new Map(), failed: new Map() };
  for (const pod of pending) {
    if (states.length === 0) {
      result.failed.set(podKey(pod), ERR_NO_NODES);
      continue;
    }
    const req = podRequests(pod);
    const ports = podHostPorts(pod);
    const allowed = preFilterNodeNames(pod);
    if (allowed && allowed.size === 0) {
      result.failed.set(podKey(pod), fitErrorMessage(pod, states.length, [], ERR_AFFINITY_CONFLICT));
      continue;
    }
    const statuses: NodeStatus[] = [];
    let best: NodeState | undefined;
    for (const ns of states) {
      if (allowed && !allowed.has(ns.name)) {
        statuses.push({ reasons: [ERR_PREFILTER_RESULT], unresolvable: true });
        continue;
      }
      const st = filterNode(pod, ns, req, ports);
      if (st) statuses.push(st);
      else if (!best || ns.pods < best.pods) best = ns;
    }
    if (best) {
      assume(best, pod, req);
      result.bound.set(podKey(pod), best.name);
    } else {
      result.failed.set(podKey(pod), fitErrorMessage(pod, states.length, statuses));
    }
  }
  return result;
}

export function schedulerController(): Controller {
  return {
    name: 'scheduler',
    watches: ['pods', 'nodes'],
    reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
      const pods = view.list('pods');
      if (!pods.some(needsScheduling)) return [];
      const nodes = view.list('nodes');
      const res = schedulePods(nodes, pods);
      const actions: Array<Action | BindAction> = [];
      for (const pod of pods) {
        const key = podKey(pod);
        const ns = pod.metadata.namespace ?? '';
        const name = pod.metadata.name ?? '';
        const node = res.bound.get(key);
        if (node) {
          actions.push({ type: 'bind', namespace: ns, name, uid: pod.metadata.uid, node });
          actions.push({
            type: 'event',
            event: { involved: pod, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${ns}/${name} to ${node}`, component: SCHEDULER_NAME },
          });
          continue;
        }
        const msg = res.failed.get(key);
        if (msg === undefined) continue;
        // no nodes at all is a scheduler error upstream (ErrNoNodesAvailable), not a rejection
        const reason = msg === ERR_NO_NODES ? 'SchedulerError' : 'Unschedulable';
        const status = withPodScheduledCondition(pod, 'False', reason, msg, ctx.now);
        if (status === undefined) continue; // already reported
        actions.push({ type: 'updateStatus', resource: 'pods', namespace: ns, name, status });
        actions.push({ type: 'event', event: { involved: pod, type: 'Warning', reason: 'FailedScheduling', message: msg, component: SCHEDULER_NAME } });
      }
      return actions as Action[];
    },
  };
}
