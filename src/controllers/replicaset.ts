// The ReplicaSet controller (kubernetes pkg/controller/replicaset, v1.32): keeps spec.replicas
// active pods, adopting matching orphans and releasing pods that no longer match, deleting extra
// pods in ActivePodsWithRanks order, and reports replicas / fullyLabeledReplicas / readyReplicas /
// availableReplicas / observedGeneration. Events SuccessfulCreate `Created pod: x` and
// SuccessfulDelete `Deleted pod: x` from `replicaset-controller`.

import { matchLabels, labelSelectorFromSet } from '../api/selectors';
import type { KObject } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';
import {
  ActionList, claimObjects, controllerRefOf, indexByController, indexByNamespace, isPodActive, isPodAvailable,
  isPodReady, newControllerRef, podFromTemplate, rankPodsForDeletion, sameJSON, selectorOf,
} from './workload-util';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** controller.ReplicaSet burstReplicas */
export const BURST_REPLICAS = 500;
export const COMPONENT = 'replicaset-controller';

interface Kind {
  resource: string;
  apiVersion: string;
  kind: string;
  component: string;
  /** spec.selector as a metav1.LabelSelector (RC: a plain map) */
  selector(o: KObject): ReturnType<typeof selectorOf>;
}

const RS_KIND: Kind = {
  resource: 'replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet', component: COMPONENT,
  selector: (o) => selectorOf(o.spec?.selector),
};

const RC_KIND: Kind = {
  resource: 'replicationcontrollers', apiVersion: 'v1', kind: 'ReplicationController', component: 'replication-controller',
  selector: (o) => {
    const s = o.spec?.selector;
    return s && typeof s === 'object' && Object.keys(s).length ? labelSelectorFromSet(s) : { requirements: [], nothing: true };
  },
};

/** calculateStatus (replica_set_utils.go) over the claimed active pods. */
export function calculateReplicaSetStatus(rs: KObject, pods: KObject[], now: number): any {
  const tplLabels = rs.spec?.template?.metadata?.labels ?? {};
  const tplSel = labelSelectorFromSet(tplLabels);
  let fully = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (matchLabels(tplSel, p.metadata.labels)) fully++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, rs.spec?.minReadySeconds, now)) available++;
    }
  }
  // ReplicaSetStatus: replicas is always serialized; the other counters are omitempty
  const st: any = { replicas: pods.length };
  if (fully) st.fullyLabeledReplicas = fully;
  if (ready) st.readyReplicas = ready;
  if (available) st.availableReplicas = available;
  // updateReplicaSetStatus writes observedGeneration = generation with any change
  if (rs.metadata.generation) st.observedGeneration = rs.metadata.generation;
  const conds = rs.status?.conditions;
  if (Array.isArray(conds) && conds.length) st.conditions = conds;
  return st;
}

function syncOne(k: Kind, rs: KObject, owned: KObject[], orphans: KObject[], podsByOwner: Map<string, KObject[]>,
  allRs: Map<string, KObject>, taken: Set<string>, out: ActionList, ctx: ControllerContext): void {
  const selector = k.selector(rs);
  const pods = claimObjects({
    owner: rs, apiVersion: k.apiVersion, kind: k.kind, resource: 'pods', selector,
    owned: owned.filter(isPodActive), orphans, orphanFilter: isPodActive, taken, out,
  });
  const want = rs.spec?.replicas ?? 1;
  if (!rs.metadata.deletionTimestamp) {
    const diff = pods.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      const ref = newControllerRef(rs, k.apiVersion, k.kind);
      for (let i = 0; i < n; i++) {
        const pod = podFromTemplate(rs.spec?.template, rs, ref, ctx.random);
        out.create('pods', pod);
        out.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, k.component);
      }
    } else if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      let victims = pods;
      if (n < pods.length) {
        // getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller
        const owner = controllerRefOf(rs)?.uid;
        let related: KObject[] = pods;
        if (owner) {
          related = [];
          for (const other of allRs.values()) {
            if (controllerRefOf(other)?.uid === owner) related.push(...(podsByOwner.get(other.metadata.uid!) ?? []));
          }
        }
        victims = rankPodsForDeletion(pods, related, ctx.now);
      }
      for (const p of victims.slice(0, n)) {
        out.delete('pods', p);
        out.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, k.component);
      }
    }
  }
  const status = calculateReplicaSetStatus(rs, pods, ctx.now);
  if (!sameJSON(status, rs.status ?? {})) out.updateStatus(k.resource, rs, status);
}

function reconcileKind(k: Kind, view: ClusterView, ctx: ControllerContext, out: ActionList): void {
  const sets = view.list(k.resource);
  if (sets.length === 0) return;
  const pods = view.list('pods');
  const podsByOwner = indexByController(pods);
  const orphansByNs = indexByNamespace(podsByOwner.get('') ?? []);
  const byUid = new Map<string, KObject>();
  for (const s of sets) byUid.set(s.metadata.uid!, s);
  const taken = new Set<string>();
  for (const s of sets) {
    syncOne(k, s, podsByOwner.get(s.metadata.uid!) ?? [], orphansByNs.get(s.metadata.namespace ?? '') ?? [],
      podsByOwner, byUid, taken, out, ctx);
  }
}

export const replicaSetController: Controller = {
  name: 'replicaset',
  watches: ['replicasets', 'pods'],
  reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
    const out = new ActionList();
    reconcileKind(RS_KIND, view, ctx, out);
    return out.actions;
  },
};

/** The same controller for ReplicationControllers (pkg/controller/replication wraps it). */
export const replicationControllerController: Controller = {
  name: 'replicationcontroller',
  watches: ['replicationcontrollers', 'pods'],
  reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
    const out = new ActionList();
    reconcileKind(RC_KIND, view, ctx, out);
    return out.actions;
  },
};
