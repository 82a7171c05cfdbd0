// The Deployment controller (kubernetes pkg/controller/deployment, v1.32): a Deployment owns
// ReplicaSets named `<deployment>-<pod-template-hash>`; the one whose template equals the
// Deployment's is the new ReplicaSet, the others are old. Scaling events resize them
// proportionally; template changes roll out with the RollingUpdate (maxSurge / maxUnavailable,
// pod availability) or Recreate strategy, over successive reconciles as pods become available.
// Revisions, desired/max-replicas annotations, revisionHistoryLimit clean-up, paused Deployments,
// status counters and the Available / Progressing conditions (with progressDeadlineSeconds) follow
// sync.go, rolling.go, recreate.go, progress.go and util/deployment_util.go. Events
// `ScalingReplicaSet` from `deployment-controller`.

import { computeHash } from '../api/names';
import { matchLabels } from '../api/selectors';
import { deepClone, LAST_APPLIED, type KObject } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';
import {
  ActionList, claimObjects, controllerRefOf, indexByController, indexByNamespace, parseTime, rfc3339,
  roundHalfAway, sameJSON, scaledValue, selectorOf, semanticEqual,
} from './workload-util';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export const COMPONENT = 'deployment-controller';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const HASH_LABEL = 'pod-template-hash';
const MAX_REV_HISTORY_CHARS = 2000;
const MAX_INT32 = 2147483647;

export const REASONS = {
  NewRS: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** Annotations a Deployment does not copy to its ReplicaSets (and `rollout undo` keeps). */
export const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO_ANNOTATION]);

// ---- deployment_util.go ---------------------------------------------------------------------------

const specReplicas = (o: KObject | null | undefined): number => o?.spec?.replicas ?? 1;
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export function isRollingUpdate(d: KObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** ResolveFenceposts: surge rounds up, unavailable down; both 0 → unavailable 1. */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true) || 0;
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false) || 0;
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, specReplicas(d))[0];
}

export function maxUnavailable(d: KObject): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const mu = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas)[1];
  return mu > replicas ? replicas : mu;
}

/** Revision(obj): the revision annotation (0 when missing, NaN when malformed). */
export function revisionOf(o: KObject): number {
  const v = o.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^-?\d+$/.test(v) ? Number(v) : NaN;
}

function maxRevision(rss: KObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** EqualIgnoreHash: templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(t1: Obj | undefined, t2: Obj | undefined): boolean {
  const strip = (t: Obj | undefined) => {
    const c = deepClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels[HASH_LABEL];
    return c;
  };
  return semanticEqual(strip(t1), strip(t2));
}

const tsOf = (o: KObject) => String(o.metadata.creationTimestamp ?? '');

/** ReplicaSetsByCreationTimestamp.Less */
function olderFirst(a: KObject, b: KObject): number {
  const ta = tsOf(a);
  const tb = tsOf(b);
  if (ta === tb) return a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0;
  return ta < tb ? -1 : 1;
}

/** ReplicaSetsByRevision.Less */
function byRevision(a: KObject, b: KObject): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (Number.isNaN(ra) || Number.isNaN(rb) || ra === rb) return olderFirst(a, b);
  return ra - rb;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: KObject, rsList: KObject[]): KObject | null {
  const sorted = [...rsList].sort(olderFirst);
  return sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template)) ?? null;
}

const sum = (rss: (KObject | null)[], f: (rs: KObject) => number) => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
const replicaCount = (rss: (KObject | null)[]) => sum(rss, (rs) => specReplicas(rs));
const actualReplicaCount = (rss: (KObject | null)[]) => sum(rss, (rs) => num(rs.status?.replicas));
const readyReplicaCount = (rss: (KObject | null)[]) => sum(rss, (rs) => num(rs.status?.readyReplicas));
const availableReplicaCount = (rss: (KObject | null)[]) => sum(rss, (rs) => num(rs.status?.availableReplicas));
const filterActive = (rss: (KObject | null)[]) => rss.filter((rs): rs is KObject => !!rs && specReplicas(rs) > 0);

function hasProgressDeadline(d: KObject): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return typeof p === 'number' && p !== MAX_INT32;
}

export function getCondition(status: Obj | undefined, type: string): Obj | undefined {
  return Array.isArray(status?.conditions) ? status!.conditions.find((c: Obj) => c?.type === type) : undefined;
}

function newCondition(type: string, status: string, reason: string, message: string, now: string): Obj {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime when the status is. */
function setCondition(status: Obj, cond: Obj): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  if (cur && cur.status === cond.status) cond.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c: Obj) => c?.type !== cond.type), cond];
}

function removeCondition(status: Obj, type: string): void {
  if (!Array.isArray(status.conditions)) return;
  status.conditions = status.conditions.filter((c: Obj) => c?.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** DeploymentComplete */
export function deploymentComplete(d: KObject, st: Obj): boolean {
  const r = specReplicas(d);
  return num(st.updatedReplicas) === r && num(st.replicas) === r && num(st.availableReplicas) === r
    && num(st.observedGeneration) >= num(d.metadata.generation);
}

/** DeploymentProgressing: any progress against the current status. */
function deploymentProgressing(d: KObject, st: Obj): boolean {
  const old = d.status ?? {};
  const oldOld = num(old.replicas) - num(old.updatedReplicas);
  const newOld = num(st.replicas) - num(st.updatedReplicas);
  return num(st.updatedReplicas) > num(old.updatedReplicas) || newOld < oldOld
    || num(st.readyReplicas) > num(old.readyReplicas) || num(st.availableReplicas) > num(old.availableReplicas);
}

/** DeploymentTimedOut: no progress for progressDeadlineSeconds since the Progressing condition's lastUpdateTime. */
export function deploymentTimedOut(d: KObject, st: Obj, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(st, 'Progressing');
  if (!cond) return false;
  if (cond.reason === REASONS.NewRSAvailable) return false;
  if (cond.reason === REASONS.TimedOut) return true;
  const from = parseTime(cond.lastUpdateTime);
  if (Number.isNaN(from)) return false;
  return from + d.spec.progressDeadlineSeconds * 1000 < now;
}

function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  if (!a) return true;
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let updated = false;
  if (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) { a[DESIRED_REPLICAS_ANNOTATION] = String(desired); updated = true; }
  if (a[MAX_REPLICAS_ANNOTATION] !== String(max)) { a[MAX_REPLICAS_ANNOTATION] = String(max); updated = true; }
  return updated;
}

function copyDeploymentAnnotationsToReplicaSet(d: KObject, rs: KObject): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || (k in a && a[k] === v)) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/** SetNewReplicaSetAnnotations */
function setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const hadOld = REVISION_ANNOTATION in a;
  const oldRevision = a[REVISION_ANNOTATION] ?? '';
  let oldInt = 0;
  if (oldRevision !== '') {
    if (!/^-?\d+$/.test(oldRevision)) return false;
    oldInt = Number(oldRevision);
  }
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    a[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  if (hadOld && oldInt < newInt) {
    // rolling back to this ReplicaSet: keep its old revisions
    const hist = a[REVISION_HISTORY_ANNOTATION] ?? '';
    const olds = hist.split(',');
    if (olds[0].length === 0) {
      a[REVISION_HISTORY_ANNOTATION] = oldRevision;
    } else {
      let total = hist.length + oldRevision.length + 1;
      let start = 0;
      while (total > MAX_REV_HISTORY_CHARS && start < olds.length) {
        total -= olds[start].length + 1;
        start++;
      }
      if (total <= MAX_REV_HISTORY_CHARS) a[REVISION_HISTORY_ANNOTATION] = [...olds.slice(start), oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** GetProportion / getReplicaSetFraction */
function getProportion(rs: KObject | null, d: KObject, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (specReplicas(d) === 0) {
    fraction = -specReplicas(rs);
  } else {
    const maxNow = specReplicas(d) + maxSurge(d);
    let before = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
    if (!Number.isInteger(before) || before === 0) {
      before = num(d.status?.replicas);
    }
    fraction = before === 0 ? 0 : roundHalfAway((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** NewRSNewReplicas */
function newRSNewReplicas(d: KObject, allRSs: (KObject | null)[], newRS: KObject): number {
  if (isRollingUpdate(d)) {
    const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, specReplicas(d), true) || 0;
    const current = replicaCount(allRSs);
    const maxTotal = specReplicas(d) + surge;
    if (current >= maxTotal) return specReplicas(newRS);
    const up = Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
    return specReplicas(newRS) + up;
  }
  return specReplicas(d);
}

/** IsSaturated */
function isSaturated(d: KObject, rs: KObject | null): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
  if (!Number.isInteger(desired)) return false;
  const r = specReplicas(d);
  return specReplicas(rs) === r && desired === r && num(rs.status?.availableReplicas) === r;
}

// ---- the sync of one Deployment -------------------------------------------------------------------

class DeploymentSync {
  /** the Deployment as this sync changes it (annotations, status) */
  readonly d: KObject;
  private readonly nowStr: string;
  private aborted = false;
  private pods?: KObject[];

  constructor(private readonly orig: KObject, private rsList: KObject[], private readonly nsRS: KObject[],
    private readonly podsOf: () => KObject[], private readonly out: ActionList, private readonly now: number) {
    this.d = deepClone(orig);
    this.d.status = this.d.status ?? {};
    this.nowStr = rfc3339(now);
  }

  run(): void {
    const d = this.d;
    if (d.metadata.deletionTimestamp) {
      this.syncStatusOnly();
    } else {
      this.checkPausedConditions();
      if (d.spec?.paused) this.sync();
      else if (this.isScalingEvent()) this.sync();
      else if (d.spec?.strategy?.type === 'Recreate') this.rolloutRecreate();
      else this.rolloutRolling();
    }
    this.flush();
  }

  /** write the Deployment's changed annotations (revision) and status */
  private flush(): void {
    const d = this.d;
    const o = this.orig;
    if (!sameJSON(d.metadata.annotations ?? {}, o.metadata.annotations ?? {})) {
      const upd = deepClone(o);
      upd.metadata.annotations = d.metadata.annotations;
      delete upd.status;
      this.out.update('deployments', upd);
    }
    if (!sameJSON(d.status ?? {}, o.status ?? {})) this.out.updateStatus('deployments', o, d.status);
  }

  private event(reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    this.out.event(this.orig, type, reason, message, COMPONENT);
  }

  // -- sync.go --

  private syncStatusOnly(): void {
    const [newRS, oldRSs] = this.getAllReplicaSetsAndSyncRevision(false);
    this.syncDeploymentStatus([...oldRSs, newRS], newRS);
  }

  private sync(): void {
    const [newRS, oldRSs] = this.getAllReplicaSetsAndSyncRevision(false);
    if (this.aborted) return;
    this.scale(newRS, oldRSs);
    if (this.d.spec?.paused && !this.d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION]) this.cleanupDeployment(oldRSs);
    this.syncDeploymentStatus([...oldRSs, newRS], newRS);
  }

  private checkPausedConditions(): void {
    const d = this.d;
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === REASONS.TimedOut) return;
    const pausedExists = cond?.reason === REASONS.Paused;
    if (d.spec?.paused && !pausedExists) {
      setCondition(d.status, newCondition('Progressing', 'Unknown', REASONS.Paused, 'Deployment is paused', this.nowStr));
    } else if (!d.spec?.paused && pausedExists) {
      setCondition(d.status, newCondition('Progressing', 'Unknown', REASONS.Resumed, 'Deployment is resumed', this.nowStr));
    }
  }

  private getAllReplicaSetsAndSyncRevision(create: boolean): [KObject | null, KObject[]] {
    const newFound = findNewReplicaSet(this.d, this.rsList);
    const oldRSs = this.rsList.filter((rs) => rs !== newFound);
    const newRS = this.getNewReplicaSet(newFound, oldRSs, create);
    return [newRS, oldRSs];
  }

  private getNewReplicaSet(existing: KObject | null, oldRSs: KObject[], create: boolean): KObject | null {
    const d = this.d;
    const newRevision = String(maxRevision(oldRSs) + 1);
    if (existing) {
      const rsCopy = deepClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
      const mrs = d.spec?.minReadySeconds ?? 0;
      if (annotationsUpdated || (rsCopy.spec?.minReadySeconds ?? 0) !== mrs) {
        if (mrs) rsCopy.spec.minReadySeconds = mrs; else delete rsCopy.spec.minReadySeconds;
        this.updateRS(rsCopy);
        return rsCopy;
      }
      // the Deployment takes the new ReplicaSet's revision; the write happens in flush()
      this.setDeploymentRevision(rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
      if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
        setCondition(d.status, newCondition('Progressing', 'True', REASONS.FoundNewRS, `Found new replica set "${rsCopy.metadata.name}"`, this.nowStr));
      }
      return rsCopy;
    }
    if (!create) return null;

    const template = deepClone(d.spec?.template ?? {});
    const hash = computeHash(d.spec?.template, d.status?.collisionCount);
    template.metadata = template.metadata ?? {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash };
    const selector = deepClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const newRS: KObject = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name, namespace: d.metadata.namespace, labels: { ...template.metadata.labels },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, selector, template },
    };
    if (d.spec?.minReadySeconds) newRS.spec.minReadySeconds = d.spec.minReadySeconds;
    const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec.replicas = count;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);

    let created: KObject;
    let alreadyExists = false;
    const clash = this.nsRS.find((rs) => rs.metadata.name === name);
    if (clash) {
      alreadyExists = true;
      if (controllerRefOf(clash)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, clash.spec?.template)) {
        created = clash;
      } else {
        // a hash collision: bump collisionCount and try again with the next sync
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        this.aborted = true;
        return null;
      }
    } else {
      this.out.create('replicasets', deepClone(newRS));
      created = { ...newRS, metadata: { ...newRS.metadata, creationTimestamp: this.nowStr }, status: { replicas: 0 } };
      this.rsList = [...this.rsList, created];
    }
    if (!alreadyExists && count > 0) {
      this.event('ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`);
    }
    this.setDeploymentRevision(newRevision);
    if (!alreadyExists && hasProgressDeadline(d)) {
      setCondition(d.status, newCondition('Progressing', 'True', REASONS.NewRS, `Created new replica set "${created.metadata.name}"`, this.nowStr));
    }
    return created;
  }

  private setDeploymentRevision(revision: string): void {
    const a = (this.d.metadata.annotations ??= {});
    if (a[REVISION_ANNOTATION] !== revision) a[REVISION_ANNOTATION] = revision;
  }

  /** write a ReplicaSet (merged into its create when this sync creates it) */
  private updateRS(rs: KObject): void {
    if (this.out.creates('replicasets', rs)) {
      const body = deepClone(rs);
      delete body.metadata.creationTimestamp;
      delete body.status;
      this.out.update('replicasets', body);
    } else {
      this.out.update('replicasets', rs);
    }
  }

  private isScalingEvent(): boolean {
    const [newRS, oldRSs] = this.getAllReplicaSetsAndSyncRevision(false);
    if (!newRS) return false;
    for (const rs of filterActive([...oldRSs, newRS])) {
      const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
      if (!Number.isInteger(desired)) continue;
      if (desired !== specReplicas(this.d)) return true;
    }
    return false;
  }

  /** FindActiveOrLatest (sorts oldRSs newest first, as upstream does in place) */
  private findActiveOrLatest(newRS: KObject | null, oldRSs: KObject[]): KObject | null {
    if (!newRS && oldRSs.length === 0) return null;
    oldRSs.sort((a, b) => olderFirst(b, a));
    const all = filterActive([...oldRSs, newRS]);
    if (all.length === 0) return newRS ?? oldRSs[0];
    if (all.length === 1) return all[0];
    return null;
  }

  private scale(newRS: KObject | null, oldRSs: KObject[]): void {
    const d = this.d;
    const activeOrLatest = this.findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (specReplicas(activeOrLatest) === specReplicas(d)) return;
      this.scaleReplicaSetAndRecordEvent(activeOrLatest, specReplicas(d));
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of filterActive(oldRSs)) this.scaleReplicaSetAndRecordEvent(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = filterActive([...oldRSs, newRS]);
    const allReplicas = replicaCount(all);
    const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
    const toAdd = allowed - allReplicas;
    let op = '';
    if (toAdd > 0) {
      // ReplicaSetsBySizeNewer
      all.sort((a, b) => (specReplicas(a) === specReplicas(b) ? olderFirst(b, a) : specReplicas(b) - specReplicas(a)));
      op = 'up';
    } else if (toAdd < 0) {
      // ReplicaSetsBySizeOlder
      all.sort((a, b) => (specReplicas(a) === specReplicas(b) ? olderFirst(a, b) : specReplicas(b) - specReplicas(a)));
      op = 'down';
    }
    let added = 0;
    const sizes = new Map<KObject, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = getProportion(rs, d, toAdd, added);
        sizes.set(rs, specReplicas(rs) + p);
        added += p;
      } else {
        sizes.set(rs, specReplicas(rs));
      }
    }
    all.forEach((rs, i) => {
      if (i === 0 && toAdd !== 0) {
        const leftover = toAdd - added;
        sizes.set(rs, Math.max(0, sizes.get(rs)! + leftover));
      }
      this.scaleReplicaSet(rs, sizes.get(rs)!, op);
    });
  }

  private scaleReplicaSetAndRecordEvent(rs: KObject, newScale: number): [boolean, KObject] {
    if (specReplicas(rs) === newScale) return [false, rs];
    return this.scaleReplicaSet(rs, newScale, specReplicas(rs) < newScale ? 'up' : 'down');
  }

  private scaleReplicaSet(rs: KObject, newScale: number, op: string): [boolean, KObject] {
    const d = this.d;
    const sizeNeedsUpdate = specReplicas(rs) !== newScale;
    const desired = specReplicas(d);
    const max = desired + maxSurge(d);
    const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, desired, max);
    if (!sizeNeedsUpdate && !annotationsNeedUpdate) return [false, rs];
    const oldScale = specReplicas(rs);
    const copy = deepClone(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    this.updateRS(copy);
    if (sizeNeedsUpdate) this.event('ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
    return [sizeNeedsUpdate, copy];
  }

  private cleanupDeployment(oldRSs: KObject[]): void {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (typeof limit !== 'number') return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i];
      if (num(rs.status?.replicas) !== 0 || specReplicas(rs) !== 0
        || num(rs.metadata.generation) > num(rs.status?.observedGeneration) || rs.metadata.deletionTimestamp) continue;
      if (this.out.creates('replicasets', rs)) continue;
      this.out.delete('replicasets', rs, 'Background');
    }
  }

  private calculateStatus(allRSs: (KObject | null)[], newRS: KObject | null): Obj {
    const d = this.d;
    const available = availableReplicaCount(allRSs);
    const total = replicaCount(allRSs);
    const unavailable = Math.max(0, total - available);
    const st: Obj = {};
    const put = (k: string, v: number) => { if (v) st[k] = v; };
    put('observedGeneration', num(d.metadata.generation));
    put('replicas', actualReplicaCount(allRSs));
    put('updatedReplicas', actualReplicaCount([newRS]));
    put('readyReplicas', readyReplicaCount(allRSs));
    put('availableReplicas', available);
    put('unavailableReplicas', unavailable);
    if (Array.isArray(d.status?.conditions) && d.status.conditions.length) st.conditions = d.status.conditions.map((c: Obj) => ({ ...c }));
    if (d.status?.collisionCount !== undefined && d.status?.collisionCount !== null) st.collisionCount = d.status.collisionCount;
    if (available >= specReplicas(d) - maxUnavailable(d)) {
      setCondition(st, newCondition('Available', 'True', REASONS.MinimumReplicasAvailable, 'Deployment has minimum availability.', this.nowStr));
    } else {
      setCondition(st, newCondition('Available', 'False', REASONS.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', this.nowStr));
    }
    return st;
  }

  private syncDeploymentStatus(allRSs: (KObject | null)[], newRS: KObject | null): void {
    this.d.status = this.calculateStatus(allRSs, newRS);
  }

  // -- progress.go --

  private syncRolloutStatus(allRSs: (KObject | null)[], newRS: KObject | null): void {
    const d = this.d;
    const st = this.calculateStatus(allRSs, newRS);
    if (!hasProgressDeadline(d)) removeCondition(st, 'Progressing');
    const cur = getCondition(d.status, 'Progressing');
    const isComplete = num(st.replicas) === num(st.updatedReplicas) && cur?.reason === REASONS.NewRSAvailable;
    if (hasProgressDeadline(d) && !isComplete) {
      if (deploymentComplete(d, st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCondition(st, newCondition('Progressing', 'True', REASONS.NewRSAvailable, msg, this.nowStr));
      } else if (deploymentProgressing(d, st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const cond = newCondition('Progressing', 'True', REASONS.ReplicaSetUpdated, msg, this.nowStr);
        if (cur) {
          if (cur.status === 'True') cond.lastTransitionTime = cur.lastTransitionTime;
          removeCondition(st, 'Progressing');
        }
        setCondition(st, cond);
      } else if (deploymentTimedOut(d, st, this.now)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(st, newCondition('Progressing', 'False', REASONS.TimedOut, msg, this.nowStr));
      }
    }
    removeCondition(st, 'ReplicaFailure');
    d.status = st;
  }

  // -- rolling.go --

  private rolloutRolling(): void {
    const [newRS, oldRSs] = this.getAllReplicaSetsAndSyncRevision(true);
    if (this.aborted || !newRS) return;
    const allRSs = [...oldRSs, newRS];
    if (this.reconcileNewReplicaSet(allRSs, newRS)) {
      this.syncRolloutStatus(allRSs, newRS);
      return;
    }
    if (this.reconcileOldReplicaSets(allRSs, filterActive(oldRSs), newRS)) {
      this.syncRolloutStatus(allRSs, newRS);
      return;
    }
    if (deploymentComplete(this.d, this.d.status)) this.cleanupDeployment(oldRSs);
    this.syncRolloutStatus(allRSs, newRS);
  }

  private reconcileNewReplicaSet(allRSs: KObject[], newRS: KObject): boolean {
    const want = specReplicas(this.d);
    if (specReplicas(newRS) === want) return false;
    if (specReplicas(newRS) > want) return this.scaleReplicaSetAndRecordEvent(newRS, want)[0];
    return this.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(this.d, allRSs, newRS))[0];
  }

  private reconcileOldReplicaSets(allRSs: KObject[], oldRSs: KObject[], newRS: KObject): boolean {
    const d = this.d;
    if (replicaCount(oldRSs) === 0) return false;
    const allPods = replicaCount(allRSs);
    const minAvailable = specReplicas(d) - maxUnavailable(d);
    const newUnavailable = specReplicas(newRS) - num(newRS.status?.availableReplicas);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    const [olds, cleaned] = this.cleanupUnhealthyReplicas(oldRSs, maxScaledDown);
    const scaled = this.scaleDownOldReplicaSetsForRollingUpdate([...olds, newRS], olds);
    return cleaned + scaled > 0;
  }

  private cleanupUnhealthyReplicas(oldRSs: KObject[], maxCleanup: number): [KObject[], number] {
    oldRSs.sort(olderFirst);
    let total = 0;
    for (let i = 0; i < oldRSs.length; i++) {
      const rs = oldRSs[i];
      if (total >= maxCleanup) break;
      if (specReplicas(rs) === 0) continue;
      if (specReplicas(rs) === num(rs.status?.availableReplicas)) continue;
      const count = Math.min(maxCleanup - total, specReplicas(rs) - num(rs.status?.availableReplicas));
      const [, updated] = this.scaleReplicaSetAndRecordEvent(rs, specReplicas(rs) - count);
      total += count;
      oldRSs[i] = updated;
    }
    return [oldRSs, total];
  }

  private scaleDownOldReplicaSetsForRollingUpdate(allRSs: KObject[], oldRSs: KObject[]): number {
    const d = this.d;
    const minAvailable = specReplicas(d) - maxUnavailable(d);
    const available = availableReplicaCount(allRSs);
    if (available <= minAvailable) return 0;
    oldRSs.sort(olderFirst);
    let total = 0;
    const target = available - minAvailable;
    for (const rs of oldRSs) {
      if (total >= target) break;
      if (specReplicas(rs) === 0) continue;
      const count = Math.min(specReplicas(rs), target - total);
      this.scaleReplicaSetAndRecordEvent(rs, specReplicas(rs) - count);
      total += count;
    }
    return total;
  }

  // -- recreate.go --

  private rolloutRecreate(): void {
    let [newRS, oldRSs] = this.getAllReplicaSetsAndSyncRevision(false);
    if (this.aborted) return;
    let allRSs = [...oldRSs, newRS];
    const activeOld = filterActive(oldRSs);
    let scaledDown = false;
    for (let i = 0; i < activeOld.length; i++) {
      const [scaled, updated] = this.scaleReplicaSetAndRecordEvent(activeOld[i], 0);
      if (scaled) { activeOld[i] = updated; scaledDown = true; }
    }
    if (scaledDown) {
      this.syncRolloutStatus(allRSs, newRS);
      return;
    }
    if (this.oldPodsRunning(newRS, oldRSs)) {
      this.syncRolloutStatus(allRSs, newRS);
      return;
    }
    if (!newRS) {
      [newRS, oldRSs] = this.getAllReplicaSetsAndSyncRevision(true);
      if (this.aborted || !newRS) return;
      allRSs = [...oldRSs, newRS];
    }
    this.scaleReplicaSetAndRecordEvent(newRS, specReplicas(this.d));
    if (deploymentComplete(this.d, this.d.status)) this.cleanupDeployment(oldRSs);
    this.syncRolloutStatus(allRSs, newRS);
  }

  private oldPodsRunning(newRS: KObject | null, oldRSs: KObject[]): boolean {
    if (actualReplicaCount(oldRSs) > 0) return true;
    if (!this.pods) {
      const sel = selectorOf(this.d.spec?.selector);
      this.pods = this.podsOf().filter((p) => matchLabels(sel, p.metadata.labels));
    }
    const rsUids = new Set(this.rsList.map((rs) => rs.metadata.uid).filter((u) => u && u !== newRS?.metadata.uid));
    for (const p of this.pods) {
      const owner = controllerRefOf(p)?.uid;
      if (!owner || !rsUids.has(owner)) continue;
      const phase = p.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
    return false;
  }
}

// ---- the controller -------------------------------------------------------------------------------

export const deploymentController: Controller = {
  name: 'deployment',
  watches: ['deployments', 'replicasets'],
  reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
    const deployments = view.list('deployments');
    const out = new ActionList();
    if (deployments.length === 0) return out.actions;
    const rsAll = view.list('replicasets');
    const rsByOwner = indexByController(rsAll);
    const rsByNs = indexByNamespace(rsAll);
    const orphansByNs = indexByNamespace(rsByOwner.get('') ?? []);
    let podsByNs: Map<string, KObject[]> | undefined;
    const podsOf = (ns: string) => () => {
      podsByNs ??= indexByNamespace(view.list('pods'));
      return podsByNs.get(ns) ?? [];
    };
    const taken = new Set<string>();
    for (const d of deployments) {
      const ns = d.metadata.namespace ?? '';
      const rsList = claimObjects({
        owner: d, apiVersion: 'apps/v1', kind: 'Deployment', resource: 'replicasets',
        selector: selectorOf(d.spec?.selector), owned: rsByOwner.get(d.metadata.uid!) ?? [],
        orphans: orphansByNs.get(ns) ?? [], taken, out,
      });
      new DeploymentSync(d, rsList, rsByNs.get(ns) ?? [], podsOf(ns), out, ctx.now).run();
    }
    return out.actions;
  },
};
