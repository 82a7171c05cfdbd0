// The DaemonSet controller (kubernetes pkg/controller/daemon, v1.32): one pod per node that the
// pod fits (nodeName, nodeSelector / required node affinity, NoSchedule/NoExecute taints vs. the
// template's tolerations plus the DaemonSet defaults). Pods are bound to their node through a
// required node affinity on `metadata.name` (matchFields) for the scheduler, labelled with
// controller-revision-hash (and pod-template-generation when the DaemonSet carries
// deprecated.daemonset.template.generation). History is kept in ControllerRevisions
// `<ds>-<hash>`; RollingUpdate replaces old pods within maxUnavailable (maxSurge 0). Status
// desired/current/misscheduled/ready/updated/available/unavailable, observedGeneration. Events from
// `daemonset-controller`: SuccessfulCreate `Created pod: x`, SuccessfulDelete `Deleted pod: x`,
// FailedDaemonPod.

import { computeHash } from '../api/names';
import { deepClone, type KObject } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';
import {
  ActionList, claimObjects, controllerRefOf, findUntoleratedTaint, goJSON, indexByController, indexByNamespace,
  isPodAvailable, isPodReady, newControllerRef, podFromTemplate, requiredNodeAffinityMatches, sameJSON, scaledValue,
  selectorOf,
} from './workload-util';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export const COMPONENT = 'daemonset-controller';
export const HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** util.AddOrUpdateDaemonPodTolerations */
export function addDaemonPodTolerations(spec: Obj): void {
  const add = (t: Obj) => {
    const tols: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
    const i = tols.findIndex((x) => (x.key ?? '') === t.key && (x.operator ?? '') === t.operator && (x.value ?? '') === (t.value ?? '')
      && (x.effect ?? '') === t.effect);
    if (i >= 0) {
      if (!sameJSON(tols[i], t)) tols[i] = t;
      spec.tolerations = tols;
      return;
    }
    spec.tolerations = [...tols, t];
  };
  add({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  add({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' });
  add({ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' });
  add({ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' });
  add({ key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' });
  add({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
  if (spec.hostNetwork) add({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
}

/** util.ReplaceDaemonSetPodNodeNameNodeAffinity */
export function replaceNodeNameAffinity(affinity: Obj | undefined, nodeName: string): Obj {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const selector = { nodeSelectorTerms: [term] };
  if (!affinity) return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: selector } };
  if (!affinity.nodeAffinity) { affinity.nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: selector }; return affinity; }
  if (!affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution) {
    affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = selector;
    return affinity;
  }
  affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [term];
  return affinity;
}

/** NodeShouldRunDaemonPod → [shouldRun, shouldContinueRunning] */
export function nodeShouldRunDaemonPod(node: KObject, ds: KObject): [boolean, boolean] {
  const tplSpec = ds.spec?.template?.spec ?? {};
  if (tplSpec.nodeName && tplSpec.nodeName !== node.metadata.name) return [false, false];
  const spec = deepClone(tplSpec);
  spec.nodeName = node.metadata.name;
  addDaemonPodTolerations(spec);
  if (!requiredNodeAffinityMatches(spec, node)) return [false, false];
  const taints = node.spec?.taints;
  const untolerated = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (untolerated) {
    const noExec = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute');
    return [false, !noExec];
  }
  return [true, true];
}

/** util.GetTargetNodeName: spec.nodeName, else the node of the metadata.name affinity. */
export function targetNodeName(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms)) return undefined;
  for (const t of terms) {
    for (const f of t?.matchFields ?? []) {
      if (f?.key === 'metadata.name' && f?.operator === 'In' && Array.isArray(f.values) && f.values.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/** getPatch: the strategic merge patch that restores the template (`$patch: replace`). */
export function templatePatch(obj: KObject): Obj {
  return { spec: { template: { ...deepClone(obj.spec?.template ?? {}), $patch: 'replace' } } };
}

function templateGeneration(ds: KObject): string | undefined {
  const v = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? v : undefined;
}

/** util.IsPodUpdated */
function isPodUpdated(pod: KObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation) || (!!hash && labels[HASH_LABEL] === hash);
}

/** podByCreationTimestampAndPhase: running first, then older first */
function podOrder(a: KObject, b: KObject): number {
  const ra = a.status?.phase === 'Running';
  const rb = b.status?.phase === 'Running';
  if (ra !== rb) return ra ? -1 : 1;
  const ta = String(a.metadata.creationTimestamp ?? '');
  const tb = String(b.metadata.creationTimestamp ?? '');
  if (ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  return ta < tb ? -1 : 1;
}

const revisionNum = (h: KObject) => (typeof h.revision === 'number' ? h.revision : 0);

function syncDaemonSet(ds: KObject, nodes: KObject[], owned: KObject[], orphans: KObject[], histories: KObject[],
  taken: Set<string>, out: ActionList, ctx: ControllerContext): void {
  if (ds.metadata.deletionTimestamp) return;
  const sel = ds.spec?.selector;
  if (sel && !sel.matchLabels && !sel.matchExpressions) {
    out.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.', COMPONENT);
    return;
  }

  // constructHistory: the current revision (created if missing) and the old ones
  const patch = templatePatch(ds);
  const patchJSON = goJSON(patch);
  const cur: KObject[] = [];
  const old: KObject[] = [];
  for (const h of histories) (goJSON(h.data) === patchJSON ? cur : old).push(h);
  const currRevision = old.reduce((m, h) => Math.max(m, revisionNum(h)), 0) + 1;
  let hash: string;
  if (cur.length === 0) {
    hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    const history: KObject = {
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      metadata: {
        name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace,
        labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
        ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
      },
      data: patch, revision: currRevision,
    };
    if (ds.metadata.annotations && Object.keys(ds.metadata.annotations).length) history.metadata.annotations = { ...ds.metadata.annotations };
    out.create('controllerrevisions', history);
  } else {
    const c = cur.sort((a, b) => revisionNum(b) - revisionNum(a))[0];
    hash = c.metadata.labels?.[HASH_LABEL] ?? c.metadata.name!;
    if (revisionNum(c) < currRevision) {
      const upd = deepClone(c);
      upd.revision = currRevision;
      out.update('controllerrevisions', upd);
    }
  }
  const generation = templateGeneration(ds);

  const pods = claimObjects({
    owner: ds, apiVersion: 'apps/v1', kind: 'DaemonSet', resource: 'pods', selector: selectorOf(sel),
    owned, orphans, taken, out,
  });
  const byNode = new Map<string, KObject[]>();
  for (const p of pods) {
    const n = targetNodeName(p);
    if (!n) continue;
    const l = byNode.get(n);
    if (l) l.push(p); else byNode.set(n, [p]);
  }

  // manage: create the missing daemon pods, delete the ones that must go
  const nodesNeeding: string[] = [];
  const toDelete: KObject[] = [];
  const shouldRun = new Map<string, [boolean, boolean]>();
  for (const node of nodes) {
    const [run, cont] = nodeShouldRunDaemonPod(node, ds);
    shouldRun.set(node.metadata.name!, [run, cont]);
    const daemonPods = byNode.get(node.metadata.name!);
    if (run && !daemonPods) {
      nodesNeeding.push(node.metadata.name!);
    } else if (cont) {
      const running: KObject[] = [];
      for (const p of daemonPods ?? []) {
        if (p.metadata.deletionTimestamp) continue;
        if (p.status?.phase === 'Failed') {
          out.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`, COMPONENT);
          toDelete.push(p);
        } else if (p.status?.phase === 'Succeeded') {
          toDelete.push(p);
        } else {
          running.push(p);
        }
      }
      if (running.length > 1) toDelete.push(...running.sort(podOrder).slice(1));
    } else if (daemonPods) {
      for (const p of daemonPods) if (!p.metadata.deletionTimestamp) toDelete.push(p);
    }
  }
  // unscheduled pods bound to nodes that do not exist
  const nodeNames = new Set(nodes.map((n) => n.metadata.name));
  for (const [n, ps] of byNode) {
    if (nodeNames.has(n)) continue;
    for (const p of ps) if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) toDelete.push(p);
  }

  const template = deepClone(ds.spec?.template ?? {});
  template.metadata = template.metadata ?? {};
  template.spec = template.spec ?? {};
  addDaemonPodTolerations(template.spec);
  template.metadata.labels = { ...(template.metadata.labels ?? {}) };
  if (generation !== undefined) template.metadata.labels[TEMPLATE_GENERATION_LABEL] = generation;
  template.metadata.labels[HASH_LABEL] = hash;
  const ref = newControllerRef(ds, 'apps/v1', 'DaemonSet');
  const syncNodes = (del: KObject[], create: string[]) => {
    for (const nodeName of create) {
      const t = deepClone(template);
      t.spec.affinity = replaceNodeNameAffinity(t.spec.affinity, nodeName);
      const pod = podFromTemplate(t, ds, ref, ctx.random);
      out.create('pods', pod);
      out.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
    }
    for (const p of del) {
      out.delete('pods', p);
      out.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
    }
  };
  syncNodes(toDelete, nodesNeeding);
  const expectationsSatisfied = toDelete.length === 0 && nodesNeeding.length === 0;

  // rollingUpdate (maxSurge 0): replace old pods within maxUnavailable
  if (expectationsSatisfied && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const desired = nodes.filter((n) => shouldRun.get(n.metadata.name!)![0]);
    const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
    let maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired.length, true) || 0;
    const maxSurge = scaledValue(ru.maxSurge ?? 0, desired.length, true) || 0;
    if (desired.length > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
    let numUnavailable = 0;
    const allowedReplacement: KObject[] = [];
    const candidates: KObject[] = [];
    const nodeNamesToCheck = [...new Set([...desired.map((n) => n.metadata.name!), ...byNode.keys()])].sort();
    for (const n of nodeNamesToCheck) {
      let newPod: KObject | undefined;
      let oldPod: KObject | undefined;
      let ok = true;
      for (const p of byNode.get(n) ?? []) {
        if (p.metadata.deletionTimestamp) continue;
        if (isPodUpdated(p, hash, generation)) { if (newPod) ok = false; newPod = p; } else { if (oldPod) ok = false; oldPod = p; }
      }
      if (!ok) { numUnavailable++; continue; }
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) { if (!isPodAvailable(newPod, ds.spec?.minReadySeconds, ctx.now)) numUnavailable++; }
      else if (!isPodAvailable(oldPod!, ds.spec?.minReadySeconds, ctx.now)) allowedReplacement.push(oldPod!);
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod!);
    }
    if (maxSurge === 0) {
      const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
      syncNodes([...allowedReplacement, ...candidates.slice(0, remaining)], []);
    }
  }

  // cleanupHistory: old revisions beyond revisionHistoryLimit that no live pod uses
  const limit = ds.spec?.revisionHistoryLimit ?? 10;
  let toKill = old.length - limit;
  if (toKill > 0) {
    const live = new Set(pods.map((p) => p.metadata.labels?.[HASH_LABEL]).filter(Boolean));
    for (const h of [...old].sort((a, b) => revisionNum(a) - revisionNum(b))) {
      if (toKill <= 0) break;
      if (live.has(h.metadata.labels?.[HASH_LABEL])) continue;
      out.delete('controllerrevisions', h);
      toKill--;
    }
  }

  // updateDaemonSetStatus (from the pods as they were at the start of this sync)
  let desiredN = 0; let current = 0; let mis = 0; let ready = 0; let updated = 0; let available = 0;
  for (const node of nodes) {
    const [run] = shouldRun.get(node.metadata.name!)!;
    const dp = byNode.get(node.metadata.name!) ?? [];
    if (run) {
      desiredN++;
      if (dp.length === 0) continue;
      current++;
      const pod = [...dp].sort(podOrder)[0];
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, ds.spec?.minReadySeconds, ctx.now)) available++;
      }
      if (isPodUpdated(pod, hash, generation)) updated++;
    } else if (dp.length > 0) {
      mis++;
    }
  }
  const st: Obj = {
    currentNumberScheduled: current, desiredNumberScheduled: desiredN, numberMisscheduled: mis, numberReady: ready,
  };
  if (ds.metadata.generation) st.observedGeneration = ds.metadata.generation;
  if (updated) st.updatedNumberScheduled = updated;
  if (available) st.numberAvailable = available;
  if (desiredN - available) st.numberUnavailable = desiredN - available;
  if (ds.status?.collisionCount !== undefined) st.collisionCount = ds.status.collisionCount;
  if (ds.status?.conditions) st.conditions = ds.status.conditions;
  if (!sameJSON(st, ds.status ?? {})) out.updateStatus('daemonsets', ds, st);
}

export const daemonSetController: Controller = {
  name: 'daemonset',
  watches: ['daemonsets', 'pods', 'nodes', 'controllerrevisions'],
  reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
    const out = new ActionList();
    const sets = view.list('daemonsets');
    if (sets.length === 0) return out.actions;
    const nodes = view.list('nodes');
    const podsByOwner = indexByController(view.list('pods'));
    const orphansByNs = indexByNamespace(podsByOwner.get('') ?? []);
    const revByOwner = indexByController(view.list('controllerrevisions'));
    const taken = new Set<string>();
    for (const ds of sets) {
      syncDaemonSet(ds, nodes, podsByOwner.get(ds.metadata.uid!) ?? [], orphansByNs.get(ds.metadata.namespace ?? '') ?? [],
        (revByOwner.get(ds.metadata.uid!) ?? []).filter((h) => controllerRefOf(h)?.kind === 'DaemonSet'), taken, out, ctx);
    }
    return out.actions;
  },
};
