// The CronJob controller (kubernetes pkg/controller/cronjob, cronjob_controllerv2.go + utils.go,
// v1.32). For each CronJob: cleanupFinishedJobs (finished Jobs beyond successfulJobsHistoryLimit /
// failedJobsHistoryLimit, oldest start first), then syncCronJob: reconcile status.active with the
// Jobs it controls (SawCompletedJob, MissingJob, UnexpectedJob), lastSuccessfulTime; unless being
// deleted or suspended, find the most recent unmet schedule time t ≤ now (after lastScheduleTime or
// creationTimestamp, and no earlier than now - startingDeadlineSeconds), apply concurrencyPolicy
// and create Job `<name>-<t in minutes>` from spec.jobTemplate. Events from `cronjob-controller`.
//
// kctl specifics: the controller only runs when triggered (after writes to cronjobs/jobs, and by
// the node agent once a minute); schedules are computed in UTC (see cron.ts). The API server
// assigns a created Job's uid, so the active reference written with the create carries no uid
// yet; the next round (the Job write re-triggers this controller) fills in uid/resourceVersion
// from the Job it finds under that name.

import { deepClone, rfc3339, type KObject } from '../api/types';
import { parseCron, isSupportedTimeZone, type CronSchedule, CronParseError } from './cron';
import type { Action, ClusterView, Controller, ControllerContext } from './types';
import { ActionList, controllerRefOf, newControllerRef, parseTime, sameJSON } from './workload-util';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export const COMPONENT = 'cronjob-controller';
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** getTimeHashInMinutes */
export function jobNameFor(cronJobName: string, scheduledTime: number): string {
  return `${cronJobName}-${Math.floor(Math.floor(scheduledTime / 1000) / 60)}`;
}

/** The finished condition type (Complete/Failed with status True), or ''. */
function finishedCondition(job: KObject): string {
  for (const c of job.status?.conditions ?? []) {
    if ((c?.type === 'Complete' || c?.type === 'Failed') && c?.status === 'True') return c.type;
  }
  return '';
}

/** time.Format(time.RFC1123Z) in UTC: `Mon, 02 Jan 2006 15:04:05 +0000` */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} `
    + `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const MISSED_NONE = 0;
const MISSED_FEW = 1;
const MISSED_MANY = 2;

/**
 * mostRecentScheduleTime (includeStartingDeadlineSeconds = true): the most recent activation
 * ≤ now after the earliest time, null when none; `missed` none/few/many; `error` for a schedule
 * that never fires (e.g. `0 0 31 2 *`).
 */
export function mostRecentScheduleTime(
  cj: KObject, now: number, sched: CronSchedule,
): { time: number | null; missed: number; error?: string } {
  let earliest = parseTime(cj.metadata.creationTimestamp);
  const last = parseTime(cj.status?.lastScheduleTime);
  if (!Number.isNaN(last)) earliest = last;
  if (Number.isNaN(earliest)) earliest = 0;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (typeof sds === 'number') {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const lessThanSecond = 'time difference between two schedules is less than 1 second';
  const t1 = sched.next(earliest);
  if (t1 === null) return { time: null, missed: MISSED_NONE, error: lessThanSecond };
  if (now < t1) return { time: null, missed: MISSED_NONE };
  const t2 = sched.next(t1);
  if (t2 === null) return { time: null, missed: MISSED_NONE, error: lessThanSecond };
  if (now < t2) return { time: t1, missed: MISSED_NONE };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { time: null, missed: MISSED_NONE, error: lessThanSecond };
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  let mostRecent: number | null = null;
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  for (let t = sched.next(potentialEarliest); t !== null && t <= now; t = sched.next(t)) mostRecent = t;
  const missed = missedCount > 100 ? MISSED_MANY : missedCount > 0 ? MISSED_FEW : MISSED_NONE;
  return { time: mostRecent, missed };
}

/** getJobFromTemplate2 */
export function jobFromTemplate(cj: KObject, scheduledTime: number): KObject {
  const jt: Obj = cj.spec?.jobTemplate ?? {};
  const annotations: Record<string, string> = { ...(jt.metadata?.annotations ?? {}) };
  annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339(scheduledTime);
  const metadata: Obj = { name: jobNameFor(cj.metadata.name!, scheduledTime), namespace: cj.metadata.namespace };
  const labels = jt.metadata?.labels;
  if (labels && Object.keys(labels).length) metadata.labels = { ...labels };
  metadata.annotations = annotations;
  metadata.ownerReferences = [newControllerRef(cj, 'batch/v1', 'CronJob')];
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: metadata as KObject['metadata'], spec: deepClone(jt.spec ?? {}) };
}

/** An ObjectReference to a Job (getRef), in Go's field order; uid unknown for one created just now. */
function jobRef(job: KObject): Obj {
  const r: Obj = { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name };
  if (job.metadata.uid) r.uid = job.metadata.uid;
  r.apiVersion = 'batch/v1';
  if (job.metadata.resourceVersion) r.resourceVersion = job.metadata.resourceVersion;
  return r;
}

/** byJobStartTime: started before not started, earlier first, then by name. */
function byStartTime(a: KObject, b: KObject): number {
  const sa = parseTime(a.status?.startTime);
  const sb = parseTime(b.status?.startTime);
  const na = Number.isNaN(sa);
  const nb = Number.isNaN(sb);
  if (na !== nb) return na ? 1 : -1;
  if (!na && sa !== sb) return sa - sb;
  const an = a.metadata.name ?? '';
  const bn = b.metadata.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

function syncCronJob(view: ClusterView, cj: KObject, jobs: KObject[], out: ActionList, now: number): void {
  const ns = cj.metadata.namespace ?? '';
  const spec: Obj = cj.spec ?? {};
  const st: Obj = deepClone(cj.status ?? {});
  let active: Obj[] = Array.isArray(st.active) ? st.active : [];
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => out.event(cj, type, reason, message, COMPONENT);
  const deleted = new Set<string>();

  /** deleteJob: the Job (Background), its active reference, SuccessfulDelete */
  const deleteJob = (job: KObject) => {
    out.delete('jobs', job, 'Background');
    deleted.add(job.metadata.name!);
    active = active.filter((r) => !(r.uid ? r.uid === job.metadata.uid : r.name === job.metadata.name));
    event('Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  };

  // ---- cleanupFinishedJobs ----
  const succeededJobs = jobs.filter((j) => finishedCondition(j) === 'Complete');
  const failedJobs = jobs.filter((j) => finishedCondition(j) === 'Failed');
  const removeOldest = (js: KObject[], limit: unknown) => {
    if (typeof limit !== 'number') return;
    const n = js.length - limit;
    if (n <= 0) return;
    for (const j of [...js].sort(byStartTime).slice(0, n)) deleteJob(j);
  };
  removeOldest(succeededJobs, spec.successfulJobsHistoryLimit);
  removeOldest(failedJobs, spec.failedJobsHistoryLimit);

  // ---- syncCronJob: the active list and lastSuccessfulTime ----
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid ?? '');
    const finished = finishedCondition(j);
    const found = active.some((r) => r.uid && r.uid === j.metadata.uid);
    if (!found && !finished) {
      // kctl: the reference written with this Job's create, before its uid was known
      const i = active.findIndex((r) => !r.uid && r.name === j.metadata.name && (r.namespace ?? ns) === ns);
      if (i >= 0) {
        active = active.map((r, k) => (k === i ? jobRef(j) : r));
        continue;
      }
      event('Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    } else if (finished) {
      if (found) {
        active = active.filter((r) => r.uid !== j.metadata.uid);
        event('Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finished}`);
      }
      if (finished === 'Complete') {
        const ct = j.status?.completionTime;
        if (st.lastSuccessfulTime === undefined || st.lastSuccessfulTime === null) {
          if (ct !== undefined) st.lastSuccessfulTime = ct;
        } else if (ct && parseTime(ct) > parseTime(st.lastSuccessfulTime)) {
          st.lastSuccessfulTime = ct;
        }
      }
    }
  }
  // references to Jobs that no longer exist
  for (const r of [...active]) {
    if (r.uid && children.has(r.uid)) continue;
    if (!r.uid && jobs.some((j) => j.metadata.name === r.name)) continue;
    if (view.get('jobs', r.namespace ?? ns, r.name) && !deleted.has(r.name)) continue;
    event('Normal', 'MissingJob', `Active job went missing: ${r.name}`);
    active = active.filter((x) => x !== r);
  }

  const writeStatus = () => {
    if (active.length) st.active = active; else delete st.active;
    if (!sameJSON(st, cj.status ?? {})) out.updateStatus('cronjobs', cj, st);
  };

  if (cj.metadata.deletionTimestamp) return writeStatus();

  const tz = spec.timeZone;
  if (typeof tz === 'string' && !isSupportedTimeZone(tz)) {
    event('Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz} (kctl schedules CronJobs in UTC only)`);
    return writeStatus();
  }
  if (spec.suspend === true) return writeStatus();

  // formatSchedule
  const schedule = String(spec.schedule ?? '');
  let formatted = schedule;
  if (schedule.includes('TZ')) {
    event('Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
  } else if (typeof tz === 'string') {
    formatted = `TZ=${tz} ${schedule}`;
  }
  let sched: CronSchedule;
  try {
    sched = parseCron(formatted);
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    event('Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(schedule)} : ${e.message}`);
    return writeStatus();
  }

  // nextScheduleTime
  const mr = mostRecentScheduleTime({ ...cj, status: st }, now, sched);
  if (mr.error) {
    event('Warning', 'InvalidSchedule', `invalid schedule: ${schedule} : ${mr.error}`);
    return writeStatus();
  }
  const t = mr.time;
  if (t === null || t > now) return writeStatus();
  if (mr.missed === MISSED_MANY) {
    event('Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
  }

  if (typeof spec.startingDeadlineSeconds === 'number' && t + spec.startingDeadlineSeconds * 1000 < now) {
    event('Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(t)}`);
    return writeStatus();
  }
  const name = jobNameFor(cj.metadata.name!, t);
  const lastSchedule = parseTime(st.lastScheduleTime);
  if (active.some((r) => r.name === name && (r.namespace ?? ns) === ns) || lastSchedule === t) return writeStatus();

  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    event('Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return writeStatus();
  }
  if (spec.concurrencyPolicy === 'Replace') {
    for (const r of [...active]) {
      const job = view.get('jobs', r.namespace ?? ns, r.name);
      if (!job) {
        event('Warning', 'FailedGet', `Get job: jobs.batch "${r.name}" not found`);
        return writeStatus();
      }
      deleteJob(job);
    }
  }

  const existing = view.get('jobs', ns, name);
  if (existing && !deleted.has(name)) {
    // AlreadyExists: ours but missing from the active list → record it; someone else's → leave it
    const ref = controllerRefOf(existing);
    if (ref?.uid !== cj.metadata.uid) return writeStatus();
    if (active.some((r) => r.uid === existing.metadata.uid)) return writeStatus();
    active = [...active, jobRef(existing)];
  } else {
    const job = jobFromTemplate(cj, t);
    out.create('jobs', job);
    event('Normal', 'SuccessfulCreate', `Created job ${name}`);
    active = [...active, jobRef(job)];
  }
  st.lastScheduleTime = rfc3339(t);
  writeStatus();
}

export const cronJobController: Controller = {
  name: 'cronjob',
  watches: ['cronjobs', 'jobs'],
  reconcile(view: ClusterView, ctx: ControllerContext): Action[] {
    const out = new ActionList();
    const cronJobs = view.list('cronjobs');
    if (cronJobs.length === 0) return out.actions;
    const byOwner = new Map<string, KObject[]>();
    for (const j of view.list('jobs')) {
      const ref = controllerRefOf(j);
      if (!ref || ref.kind !== 'CronJob') continue;
      const key = `${j.metadata.namespace ?? ''}\0${ref.uid}`;
      const l = byOwner.get(key);
      if (l) l.push(j); else byOwner.set(key, [j]);
    }
    for (const cj of cronJobs) {
      syncCronJob(view, cj, byOwner.get(`${cj.metadata.namespace ?? ''}\0${cj.metadata.uid}`) ?? [], out, ctx.now);
    }
    return out.actions;
  },
};
