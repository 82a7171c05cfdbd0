// The Job controller (kubernetes pkg/controller/job, v1.32, NonIndexed completion mode): runs up to
// parallelism pods until `completions` pods have succeeded (or, without completions, until one has
// and the rest have finished). Pods carry the batch.kubernetes.io/job-tracking finalizer; a
// finished pod is counted into status.succeeded / status.failed and its finalizer removed in the
// same sync (upstream goes through status.uncountedTerminatedPods in between; inside one
// transaction the intermediate state is never visible). restartPolicy Never: a failed pod counts
// toward backoffLimit and is replaced; OnFailure: container restarts count. Conditions as 1.32
// sets them (JobPodReplacementPolicy on, so terminal conditions are delayed):
// SuccessCriteriaMet + Complete (CompletionsReached), FailureTarget + Failed (BackoffLimitExceeded,
// DeadlineExceeded); Suspended. Events from `job-controller`: SuccessfulCreate `Created pod: x`,
// SuccessfulDelete `Deleted pod: x`, Completed `Job completed`, Warning BackoffLimitExceeded.

import { deepClone, type KObject } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';
import {
  ActionList, claimObjects, indexByController, indexByNamespace, isPodActive, isPodReady, newControllerRef,
  parseTime, podFromTemplate, rfc3339, sameJSON, selectorOf,
} from './workload-util';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export const COMPONENT = 'job-controller';
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** MaxPodCreateDeletePerSync */
const MAX_PER_SYNC = 500;

function findCondition(conds: Obj[] | undefined, type: string): Obj | undefined {
  return Array.isArray(conds) ? conds.find((c) => c?.type === type) : undefined;
}

function newCondition(type: string, status: string, reason: string, message: string, now: string): Obj {
  const c: Obj = { type, status, lastProbeTime: now, lastTransitionTime: now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** IsJobFinished: a Complete or Failed condition that is True. */
export function isJobFinished(job: KObject): boolean {
  return (job.status?.conditions ?? []).some((c: Obj) => (c?.type === 'Complete' || c?.type === 'Failed') && c?.status === 'True');
}

/** ensureJobConditionStatus */
function ensureCondition(conds: Obj[], type: string, status: string, reason: string, message: string, now: string): [Obj[], boolean] {
  const cur = findCondition(conds, type);
  if (cur) {
    if (cur.status !== status || (cur.reason ?? '') !== reason || (cur.message ?? '') !== message) {
      return [conds.map((c) => (c === cur ? newCondition(type, status, reason, message, now) : c)), true];
    }
    return [conds, false];
  }
  if (status !== 'False') return [[...conds, newCondition(type, status, reason, message, now)], true];
  return [conds, false];
}

const hasFinalizer = (p: KObject) => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/** isPodFailed (without a podFailurePolicy) */
function isPodFailed(p: KObject, job: KObject): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (job.spec?.podFailurePolicy || job.spec?.podReplacementPolicy === 'Failed') return false;
  return !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

/** pastBackoffLimitOnFailure: container restarts of running/pending pods reach backoffLimit. */
function pastBackoffLimitOnFailure(job: KObject, pods: KObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) restarts += s?.restartCount ?? 0;
    for (const s of p.status?.containerStatuses ?? []) restarts += s?.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function syncJob(job: KObject, owned: KObject[], orphans: KObject[], taken: Set<string>, out: ActionList, ctx: ControllerContext): void {
  if (isJobFinished(job)) return;
  const now = rfc3339(ctx.now);
  const st: Obj = deepClone(job.status ?? {});
  const suspended = job.spec?.suspend === true;
  const spec = job.spec ?? {};

  const pods = claimObjects({
    owner: job, apiVersion: 'batch/v1', kind: 'Job', resource: 'pods', selector: selectorOf(spec.selector),
    owned, orphans, orphanFilter: isPodActive, taken, out,
  });
  let activePods = pods.filter(isPodActive);
  let active = activePods.length;
  let ready = activePods.filter(isPodReady).length;

  // pods that finished since the last sync (they still carry the tracking finalizer)
  const newSucceeded = pods.filter((p) => hasFinalizer(p) && p.status?.phase === 'Succeeded');
  const newFailed = pods.filter((p) => hasFinalizer(p) && p.status?.phase !== 'Succeeded' && isPodFailed(p, job));
  let succeeded = (st.succeeded ?? 0) + newSucceeded.length;
  let failed = (st.failed ?? 0) + newFailed.length;

  if (!st.startTime && !suspended) st.startTime = now;

  let conditions: Obj[] = Array.isArray(st.conditions) ? st.conditions : [];
  // the interim condition of a previous sync decides the outcome
  let finished: Obj | undefined = findCondition(conditions, 'SuccessCriteriaMet');
  if (finished?.status !== 'True') finished = undefined;
  if (!finished) {
    const ft = findCondition(conditions, 'FailureTarget');
    if (ft?.status === 'True') finished = ft;
  }
  if (!finished) {
    const limit = spec.backoffLimit ?? 6;
    if (failed > limit || pastBackoffLimitOnFailure(job, pods)) {
      finished = newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (typeof spec.activeDeadlineSeconds === 'number' && st.startTime && !suspended
      && ctx.now - parseTime(st.startTime) >= spec.activeDeadlineSeconds * 1000) {
      finished = newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
    }
  }

  const deleted = new Set<KObject>();
  const deletePod = (p: KObject) => {
    out.delete('pods', p);
    out.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
    deleted.add(p);
  };

  if (finished && finished.type === 'FailureTarget') {
    // the Job failed: remove its active pods (they count as failed)
    for (const p of activePods) deletePod(p);
    failed += activePods.length;
    active = 0;
    ready = 0;
  } else if (!finished) {
    if (!job.metadata.deletionTimestamp) {
      if (suspended) {
        for (const p of activePods) deletePod(p);
        active = 0;
        ready = 0;
      } else {
        const parallelism = spec.parallelism ?? 1;
        let want: number;
        if (spec.completions === undefined || spec.completions === null) {
          want = succeeded > 0 ? active : parallelism;
        } else {
          want = Math.max(0, Math.min(spec.completions - succeeded, parallelism));
        }
        const rm = Math.max(0, active - want);
        if (rm > 0) {
          // activePodsForRemoval: not-ready / unscheduled / newest first
          const victims = [...activePods].sort((a, b) => removalOrder(a, b)).slice(0, Math.min(rm, MAX_PER_SYNC));
          for (const p of victims) deletePod(p);
          active -= victims.length;
          ready -= victims.filter(isPodReady).length;
          activePods = activePods.filter((p) => !deleted.has(p));
        } else {
          const diff = Math.min(want - active, MAX_PER_SYNC);
          if (diff > 0) {
            const template = deepClone(spec.template ?? {});
            template.metadata = template.metadata ?? {};
            const fins: string[] = template.metadata.finalizers ?? [];
            if (!fins.includes(JOB_TRACKING_FINALIZER)) template.metadata.finalizers = [...fins, JOB_TRACKING_FINALIZER];
            const ref = newControllerRef(job, 'batch/v1', 'Job');
            for (let i = 0; i < diff; i++) {
              const pod = podFromTemplate(template, job, ref, ctx.random);
              out.create('pods', pod);
              out.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
            }
            active += diff;
          }
        }
      }
      const complete = spec.completions === undefined || spec.completions === null
        ? succeeded > 0 && active === 0
        : succeeded >= spec.completions && active === 0;
      if (complete) {
        finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
      } else if (suspended) {
        const [c, changed] = ensureCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
        conditions = c;
        if (changed) out.event(job, 'Normal', 'Suspended', 'Job suspended', COMPONENT);
      } else {
        const [c, changed] = ensureCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        conditions = c;
        if (changed) {
          out.event(job, 'Normal', 'Resumed', 'Job resumed', COMPONENT);
          st.startTime = now;
        }
      }
    }
  }

  // count the finished pods and drop their tracking finalizer
  for (const p of [...newSucceeded, ...newFailed]) {
    if (deleted.has(p)) continue;
    const upd = deepClone(p);
    upd.metadata.finalizers = (upd.metadata.finalizers ?? []).filter((f: string) => f !== JOB_TRACKING_FINALIZER);
    if (upd.metadata.finalizers.length === 0) delete upd.metadata.finalizers;
    out.update('pods', upd);
  }

  // the interim condition, then (no pods left to count or terminating) the terminal one
  let finishedNow = false;
  if (finished) {
    if (!findCondition(conditions, finished.type)) conditions = [...conditions, finished];
    const terminal = finished.type === 'SuccessCriteriaMet' ? 'Complete' : 'Failed';
    if (!findCondition(conditions, terminal)) {
      const [c] = ensureCondition(conditions, terminal, 'True', finished.reason ?? '', finished.message ?? '', now);
      conditions = c;
      if (terminal === 'Complete') st.completionTime = now;
      finishedNow = true;
    }
  }

  if (active) st.active = active; else delete st.active;
  st.ready = ready;
  if (succeeded) st.succeeded = succeeded; else delete st.succeeded;
  if (failed) st.failed = failed; else delete st.failed;
  st.terminating = 0;
  st.uncountedTerminatedPods = {};
  if (conditions.length) st.conditions = conditions; else delete st.conditions;
  if (!sameJSON(st, job.status ?? {})) out.updateStatus('jobs', job, st);

  if (finishedNow) {
    if (finished!.type === 'SuccessCriteriaMet') {
      if (typeof spec.completions === 'number' && succeeded > spec.completions) {
        out.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', COMPONENT);
      }
      out.event(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
    } else {
      out.event(job, 'Warning', finished!.reason ?? '', finished!.message ?? '', COMPONENT);
    }
  }
}

/** activePodsForRemoval order (controller.ActivePods): unassigned, Pending, not ready, ..., newer first. */
function removalOrder(a: KObject, b: KObject): number {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const ord: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const pa = ord[a.status?.phase] ?? 0;
  const pb = ord[b.status?.phase] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = String(a.metadata.creationTimestamp ?? '');
  const cb = String(b.metadata.creationTimestamp ?? '');
  if (ca !== cb) return ca > cb ? -1 : 1;
  return 0;
}

export const jobController: Controller = {
  name: 'job',
  watches: ['jobs', 'pods'],
  reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
    const out = new ActionList();
    const jobs = view.list('jobs').filter((j) => !isJobFinished(j));
    if (jobs.length === 0) return out.actions;
    const podsByOwner = indexByController(view.list('pods'));
    const orphansByNs = indexByNamespace(podsByOwner.get('') ?? []);
    const taken = new Set<string>();
    for (const job of jobs) {
      syncJob(job, podsByOwner.get(job.metadata.uid!) ?? [], orphansByNs.get(job.metadata.namespace ?? '') ?? [], taken, out, ctx);
    }
    return out.actions;
  },
};
