// The StatefulSet controller (kubernetes pkg/controller/statefulset, v1.32): ordinal pods
// `<set>-0`, `<set>-1`, ... (hostname = pod name, subdomain = serviceName, labels
// statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index, controller-revision-hash),
// PersistentVolumeClaims `<claim>-<set>-<ordinal>` from volumeClaimTemplates, OrderedReady (one
// pod at a time, each Running and Ready before the next; scale down from the highest ordinal)
// or Parallel management, RollingUpdate from the highest ordinal down to the partition (OnDelete
// leaves pods alone), and ControllerRevisions `<set>-<hash>` for the revision history.
// Events from `statefulset-controller`: SuccessfulCreate `create Pod web-0 in StatefulSet web
// successful`, SuccessfulDelete `delete Pod ...`, `create Claim www-web-0 Pod web-0 in StatefulSet
// web success`, RecreatingFailedPod.

import { safeEncodeString } from '../api/names';
import { deepClone, type KObject } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';
import {
  ActionList, claimObjects, controllerRefOf, fnv32, goJSON, indexByController, indexByNamespace, isPodAvailable,
  isPodReady, newControllerRef, podFromTemplate, sameJSON, selectorOf,
} from './workload-util';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export const COMPONENT = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';
export const HISTORY_HASH_LABEL = 'controller.kubernetes.io/hash';

const ORDINAL_RE = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal */
export function parentAndOrdinal(name: string): [string, number] {
  const m = ORDINAL_RE.exec(name);
  if (!m) return ['', -1];
  const n = Number(m[2]);
  return Number.isSafeInteger(n) && n <= 2147483647 ? [m[1], n] : ['', -1];
}

const ordinalOf = (p: KObject) => parentAndOrdinal(p.metadata.name ?? '')[1];
const startOrdinal = (set: KObject) => set.spec?.ordinals?.start ?? 0;
const revisionNum = (h: KObject) => (typeof h.revision === 'number' ? h.revision : 0);

/** history.HashControllerRevision: FNV-1 32 over the raw data (+ the collision count), SafeEncodeString'd. */
export function hashControllerRevision(data: unknown, probe?: number): string {
  let h = fnv32(goJSON(data));
  if (probe !== undefined) h = fnv32(String(probe), h);
  return safeEncodeString(String(h));
}

/** getPatch: `{"spec":{"template":{..., "$patch":"replace"}}}` */
export function templatePatch(set: KObject): Obj {
  return { spec: { template: { ...deepClone(set.spec?.template ?? {}), $patch: 'replace' } } };
}

/** ApplyRevision: the set with the revision's template. */
function applyRevision(set: KObject, rev: KObject): KObject {
  const c = deepClone(set);
  const t = deepClone(rev.data?.spec?.template ?? {});
  delete t.$patch;
  c.spec.template = t;
  return c;
}

/** SortControllerRevisions: by revision, then creation time, then name. */
function byRevision(a: KObject, b: KObject): number {
  if (revisionNum(a) !== revisionNum(b)) return revisionNum(a) - revisionNum(b);
  const ta = String(a.metadata.creationTimestamp ?? '');
  const tb = String(b.metadata.creationTimestamp ?? '');
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

const isCreated = (p: KObject) => !!p.status?.phase;
const isFailed = (p: KObject) => p.status?.phase === 'Failed';
const isSucceeded = (p: KObject) => p.status?.phase === 'Succeeded';
const isPending = (p: KObject) => p.status?.phase === 'Pending';
const isTerminating = (p: KObject) => !!p.metadata.deletionTimestamp;
const isRunningAndReady = (p: KObject) => p.status?.phase === 'Running' && isPodReady(p);
const isHealthy = (p: KObject) => isRunningAndReady(p) && !isTerminating(p);
const podRevision = (p: KObject) => p.metadata.labels?.[REVISION_LABEL] ?? '';

/** getPersistentVolumeClaims: the claims of the pod with this ordinal, in template order. */
function claimsFor(set: KObject, ordinal: number): KObject[] {
  const out: KObject[] = [];
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const c = deepClone(t);
    c.apiVersion = 'v1';
    c.kind = 'PersistentVolumeClaim';
    c.metadata = c.metadata ?? {};
    delete c.metadata.creationTimestamp;
    delete c.status;
    c.metadata.name = `${t.metadata?.name}-${set.metadata.name}-${ordinal}`;
    c.metadata.namespace = set.metadata.namespace;
    c.metadata.labels = { ...(c.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    out.push(c);
  }
  return out;
}

function identityMatches(set: KObject, pod: KObject): boolean {
  const [parent, ord] = parentAndOrdinal(pod.metadata.name ?? '');
  const labels = pod.metadata.labels;
  return ord >= 0 && parent === set.metadata.name && pod.metadata.namespace === set.metadata.namespace && !!labels
    && labels[POD_NAME_LABEL] === pod.metadata.name && labels[POD_INDEX_LABEL] === String(ord);
}

class SetSync {
  private readonly status: Obj;
  private currentSet!: KObject;
  private updateSet!: KObject;
  private currentRev!: KObject;
  private updateRev!: KObject;
  private readonly monotonic: boolean;

  constructor(private readonly set: KObject, private readonly pods: KObject[], private readonly revisions: KObject[],
    private readonly nsRevisions: KObject[], private readonly pvcs: Map<string, KObject>, private readonly out: ActionList,
    private readonly ctx: ControllerContext) {
    this.status = {};
    this.monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.out.event(this.set, type, reason, message, COMPONENT);
  }

  run(): void {
    const set = this.set;
    const revisions = [...this.revisions].sort(byRevision);
    let collisionCount: number = set.status?.collisionCount ?? 0;

    // getStatefulSetRevisions
    const next = revisions.length ? revisionNum(revisions[revisions.length - 1]) + 1 : 1;
    const patch = templatePatch(set);
    const patchJSON = goJSON(patch);
    const equal = revisions.filter((r) => goJSON(r.data) === patchJSON);
    let updateRev: KObject;
    if (equal.length && revisions[revisions.length - 1] === equal[equal.length - 1]) {
      updateRev = revisions[revisions.length - 1];
    } else if (equal.length) {
      updateRev = deepClone(equal[equal.length - 1]);
      updateRev.revision = next;
      this.out.update('controllerrevisions', updateRev);
    } else {
      let name: string;
      let hash: string;
      for (;;) {
        hash = hashControllerRevision(patch, collisionCount);
        name = `${set.metadata.name}-${hash}`;
        const clash = this.nsRevisions.find((r) => r.metadata.name === name);
        if (!clash || goJSON(clash.data) === patchJSON) break;
        collisionCount++;
      }
      updateRev = {
        apiVersion: 'apps/v1', kind: 'ControllerRevision',
        metadata: {
          name, namespace: set.metadata.namespace,
          labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [HISTORY_HASH_LABEL]: hash },
          ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
        },
        data: patch, revision: next,
      };
      if (set.metadata.annotations && Object.keys(set.metadata.annotations).length) updateRev.metadata.annotations = { ...set.metadata.annotations };
      this.out.create('controllerrevisions', updateRev);
    }
    const currentRev = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? updateRev;
    this.currentRev = currentRev;
    this.updateRev = updateRev;
    this.currentSet = applyRevision(set, currentRev);
    this.updateSet = applyRevision(set, updateRev);

    const st = this.status;
    if (set.metadata.generation) st.observedGeneration = set.metadata.generation;
    st.currentRevision = currentRev.metadata.name;
    st.updateRevision = updateRev.metadata.name;
    st.collisionCount = collisionCount;

    const condemnedAndReplicas = this.updateStatefulSet();
    this.completeRollingUpdate();
    const final = this.serialize();
    if (!sameJSON(final, set.status ?? {})) this.out.updateStatus('statefulsets', set, final);

    // truncateHistory
    const live = new Set<string>([currentRev.metadata.name!, updateRev.metadata.name!]);
    for (const p of condemnedAndReplicas) live.add(podRevision(p));
    const history = revisions.filter((r) => !live.has(r.metadata.name!));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    if (history.length > limit) {
      for (const r of history.slice(0, history.length - limit)) this.out.delete('controllerrevisions', r);
    }
  }

  private serialize(): Obj {
    const s = this.status;
    const out: Obj = {};
    if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
    out.replicas = s.replicas ?? 0;
    if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
    if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
    if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
    if (s.currentRevision) out.currentRevision = s.currentRevision;
    if (s.updateRevision) out.updateRevision = s.updateRevision;
    out.collisionCount = s.collisionCount ?? 0;
    out.availableReplicas = s.availableReplicas ?? 0;
    return out;
  }

  private computeStatus(...lists: KObject[][]): void {
    const st = this.status;
    st.replicas = 0; st.readyReplicas = 0; st.availableReplicas = 0; st.currentReplicas = 0; st.updatedReplicas = 0;
    for (const list of lists) {
      for (const p of list) {
        if (isCreated(p)) st.replicas++;
        if (isRunningAndReady(p)) {
          st.readyReplicas++;
          if (isPodAvailable(p, this.set.spec?.minReadySeconds, this.ctx.now)) st.availableReplicas++;
        }
        if (isCreated(p) && !isTerminating(p)) {
          const rev = podRevision(p);
          if (rev === this.currentRev.metadata.name) st.currentReplicas++;
          if (rev === this.updateRev.metadata.name) st.updatedReplicas++;
        }
      }
    }
  }

  /** completeRollingUpdate */
  private completeRollingUpdate(): void {
    const st = this.status;
    if ((this.set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
      && st.updatedReplicas === st.replicas && st.readyReplicas === st.replicas) {
      st.currentReplicas = st.updatedReplicas;
      st.currentRevision = st.updateRevision;
    }
  }

  /** newVersionedStatefulSetPod */
  private newPod(ord: number): KObject {
    const cs = this.currentSet;
    const ru = cs.spec?.updateStrategy?.rollingUpdate;
    const useCurrent = ((cs.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && !ru && ord < (cs.status?.currentReplicas ?? 0))
      || (!!ru && ord < startOrdinal(cs) + (ru.partition ?? 0));
    const s = useCurrent ? this.currentSet : this.updateSet;
    const rev = useCurrent ? this.currentRev : this.updateRev;
    const name = `${this.set.metadata.name}-${ord}`;
    const pod = podFromTemplate(s.spec?.template, this.set, newControllerRef(this.set, 'apps/v1', 'StatefulSet'), this.ctx.random, { name });
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ord) };
    pod.spec.hostname = name;
    if (s.spec?.serviceName) pod.spec.subdomain = s.spec.serviceName;
    const claims = claimsFor(s, ord);
    if (claims.length) {
      const names = new Set((s.spec?.volumeClaimTemplates ?? []).map((t: Obj) => t.metadata?.name));
      const vols = (s.spec.volumeClaimTemplates as Obj[]).map((t, i) => ({ name: t.metadata?.name, persistentVolumeClaim: { claimName: claims[i].metadata.name } }));
      pod.spec.volumes = [...vols, ...(pod.spec.volumes ?? []).filter((v: Obj) => !names.has(v.name))];
    }
    pod.metadata.labels[REVISION_LABEL] = rev.metadata.name!;
    return pod;
  }

  private createClaims(pod: KObject): void {
    const ord = ordinalOf(pod);
    for (const c of claimsFor(this.updateSet, ord)) {
      if (this.pvcs.has(c.metadata.name!)) continue;
      this.out.create('persistentvolumeclaims', c);
      this.pvcs.set(c.metadata.name!, c);
      this.event('Normal', 'SuccessfulCreate', `create Claim ${c.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${this.set.metadata.name} success`);
    }
  }

  private createPod(pod: KObject): void {
    this.createClaims(pod);
    this.out.create('pods', pod);
    this.event('Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${this.set.metadata.name} successful`);
  }

  private deletePod(pod: KObject): void {
    this.out.delete('pods', pod);
    this.event('Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${this.set.metadata.name} successful`);
  }

  /** processReplica: true = stop here (monotonic) */
  private processReplica(replicas: KObject[], i: number): boolean {
    const set = this.set;
    let pod = replicas[i];
    if (isFailed(pod) || isSucceeded(pod)) {
      if (isFailed(pod)) this.event('Warning', 'RecreatingFailedPod', `StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating failed Pod ${pod.metadata.name}`);
      else this.event('Normal', 'RecreatingTerminatedPod', `StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating terminated Pod ${pod.metadata.name}`);
      this.deletePod(pod);
      pod = replicas[i] = this.newPod(i + startOrdinal(set));
    }
    if (!isCreated(pod)) {
      this.createPod(pod);
      if (this.monotonic) return true;
      return false;
    }
    if (isPending(pod)) this.createClaims(pod);
    if (!isRunningAndReady(pod) && this.monotonic) return true;
    if (!isPodAvailable(pod, set.spec?.minReadySeconds, this.ctx.now) && this.monotonic) return true;
    if (identityMatches(set, pod)) return false;
    const upd = deepClone(pod);
    const ord = ordinalOf(pod);
    upd.metadata.labels = { ...(upd.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name!, [POD_INDEX_LABEL]: String(ord) };
    this.out.update('pods', upd);
    this.event('Normal', 'SuccessfulUpdate', `update Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    return false;
  }

  /** processCondemned: true = stop here (monotonic) */
  private processCondemned(condemned: KObject[], i: number, firstUnhealthy: KObject | undefined): boolean {
    const pod = condemned[i];
    if (isTerminating(pod)) return this.monotonic;
    if (!isRunningAndReady(pod) && this.monotonic && pod !== firstUnhealthy) return true;
    if (!isPodAvailable(pod, this.set.spec?.minReadySeconds, this.ctx.now) && this.monotonic && pod !== firstUnhealthy) return true;
    this.deletePod(pod);
    return true;
  }

  /** updateStatefulSet; returns the pods (for the live revisions) */
  private updateStatefulSet(): KObject[] {
    const set = this.set;
    this.computeStatus(this.pods);
    const replicaCount = set.spec?.replicas ?? 1;
    const start = startOrdinal(set);
    const end = start + replicaCount - 1;
    const replicas: KObject[] = new Array(replicaCount);
    const condemned: KObject[] = [];
    for (const p of this.pods) {
      const ord = ordinalOf(p);
      if (ord >= start && ord <= end) replicas[ord - start] = p;
      else if (ord >= 0) condemned.push(p);
    }
    for (let ord = start; ord <= end; ord++) if (!replicas[ord - start]) replicas[ord - start] = this.newPod(ord);
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    let firstUnhealthy: KObject | undefined;
    for (const p of replicas) if (!isHealthy(p) && !firstUnhealthy) firstUnhealthy = p;
    for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i]) && !firstUnhealthy) firstUnhealthy = condemned[i];
    const all = () => [...replicas, ...condemned];
    if (set.metadata.deletionTimestamp) return all();

    const finish = () => { this.computeStatus(replicas, condemned); return all(); };
    for (let i = 0; i < replicas.length; i++) {
      if (this.processReplica(replicas, i) && this.monotonic) return finish();
    }
    for (let i = 0; i < condemned.length; i++) {
      if (this.processCondemned(condemned, i, firstUnhealthy) && this.monotonic) return finish();
    }
    this.computeStatus(replicas, condemned);
    if (set.spec?.updateStrategy?.type === 'OnDelete') return all();

    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let target = replicas.length - 1; target >= partition; target--) {
      const p = replicas[target];
      if (podRevision(p) !== this.updateRev.metadata.name && !isTerminating(p)) {
        if (isCreated(p)) {
          this.deletePod(p);
          this.status.currentReplicas--;
        }
        return all();
      }
      if (!isHealthy(p)) return all();
    }
    return all();
  }
}

export const statefulSetController: Controller = {
  name: 'statefulset',
  watches: ['statefulsets', 'pods', 'controllerrevisions'],
  reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
    const out = new ActionList();
    const sets = view.list('statefulsets');
    if (sets.length === 0) return out.actions;
    const podsByOwner = indexByController(view.list('pods'));
    const orphansByNs = indexByNamespace(podsByOwner.get('') ?? []);
    const revisions = view.list('controllerrevisions');
    const revByOwner = indexByController(revisions);
    const revByNs = indexByNamespace(revisions);
    const pvcByNs = new Map<string, Map<string, KObject>>();
    const taken = new Set<string>();
    for (const set of sets) {
      const ns = set.metadata.namespace ?? '';
      const name = set.metadata.name;
      const pods = claimObjects({
        owner: set, apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'pods', selector: selectorOf(set.spec?.selector),
        owned: podsByOwner.get(set.metadata.uid!) ?? [], orphans: orphansByNs.get(ns) ?? [],
        filter: (p) => parentAndOrdinal(p.metadata.name ?? '')[0] === name, taken, out,
      });
      let pvcs = pvcByNs.get(ns);
      if (!pvcs && (set.spec?.volumeClaimTemplates ?? []).length) {
        pvcs = new Map(view.list('persistentvolumeclaims', ns).map((c) => [c.metadata.name!, c]));
        pvcByNs.set(ns, pvcs);
      }
      const owned = (revByOwner.get(set.metadata.uid!) ?? []).filter((r) => controllerRefOf(r)?.kind === 'StatefulSet');
      new SetSync(set, pods, owned, revByNs.get(ns) ?? [], pvcs ?? new Map(), out, ctx).run();
    }
    return out.actions;
  },
};
