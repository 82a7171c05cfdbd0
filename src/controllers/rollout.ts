// The pure logic behind `kubectl rollout status | history | undo` (kubectl/pkg/polymorphichelpers:
// rollout_status.go, history.go, rollback.go, v1.32), with kubectl's exact messages. Errors are
// thrown as CliError (kubectl prints them as `error: <msg>`).

import { CliError } from '../api/errors';
import { kindGroupName, type KindInfo } from '../api/kinds';
import { deepClone, type KObject } from '../api/types';
import {
  ANNOTATIONS_TO_SKIP, CHANGE_CAUSE_ANNOTATION, HASH_LABEL, REASONS, deploymentTimedOut, equalIgnoreHash, getCondition,
  revisionOf,
} from './deployment';
import { goJSON } from './workload-util';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export interface RolloutStatus {
  /** the rollout is complete (kubectl exits 0) */
  done: boolean;
  /** the status line kubectl prints (no trailing newline); '' with an error */
  message: string;
  /** kubectl's error (printed as `error: <error>`, exit 1) */
  error?: string;
}

const n = (v: unknown) => (typeof v === 'number' ? v : 0);

// ---- status (rollout_status.go) -------------------------------------------------------------------

/**
 * DeploymentStatusViewer.Status. With `now`, a rollout that has made no progress for
 * progressDeadlineSeconds is reported as exceeded even if no controller sync has recorded it yet
 * (kctl's controllers only run on writes; the real controller re-syncs on a timer).
 */
export function deploymentRolloutStatus(d: KObject, revision = 0, now?: number): RolloutStatus {
  const name = d.metadata.name;
  if (revision > 0) {
    const rev = revisionOf(d);
    if (Number.isNaN(rev)) return { done: false, message: '', error: `cannot get the revision of deployment "${name}": invalid revision` };
    if (rev !== revision) return { done: false, message: '', error: `desired revision (${revision}) is different from the running revision (${rev})` };
  }
  const st = d.status ?? {};
  if (n(d.metadata.generation) <= n(st.observedGeneration)) {
    const cond = getCondition(st, 'Progressing');
    const complete = n(st.updatedReplicas) === n(d.spec?.replicas ?? 1) && n(st.replicas) === n(st.updatedReplicas)
      && n(st.availableReplicas) === n(st.updatedReplicas);
    if (cond?.reason === REASONS.TimedOut || (now !== undefined && !complete && !d.spec?.paused && deploymentTimedOut(d, st, now))) {
      return { done: false, message: '', error: `deployment "${name}" exceeded its progress deadline` };
    }
    const replicas = d.spec?.replicas ?? 1;
    if (n(st.updatedReplicas) < replicas) {
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${n(st.updatedReplicas)} out of ${replicas} new replicas have been updated...` };
    }
    if (n(st.replicas) > n(st.updatedReplicas)) {
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${n(st.replicas) - n(st.updatedReplicas)} old replicas are pending termination...` };
    }
    if (n(st.availableReplicas) < n(st.updatedReplicas)) {
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${n(st.availableReplicas)} of ${n(st.updatedReplicas)} updated replicas are available...` };
    }
    return { done: true, message: `deployment "${name}" successfully rolled out` };
  }
  return { done: false, message: 'Waiting for deployment spec update to be observed...' };
}

/** DaemonSetStatusViewer.Status */
export function daemonSetRolloutStatus(ds: KObject): RolloutStatus {
  const name = ds.metadata.name;
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { done: true, message: '', error: 'rollout status is only available for RollingUpdate strategy type' };
  }
  const st = ds.status ?? {};
  if (n(ds.metadata.generation) <= n(st.observedGeneration)) {
    if (n(st.updatedNumberScheduled) < n(st.desiredNumberScheduled)) {
      return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${n(st.updatedNumberScheduled)} out of ${n(st.desiredNumberScheduled)} new pods have been updated...` };
    }
    if (n(st.numberAvailable) < n(st.desiredNumberScheduled)) {
      return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${n(st.numberAvailable)} of ${n(st.desiredNumberScheduled)} updated pods are available...` };
    }
    return { done: true, message: `daemon set "${name}" successfully rolled out` };
  }
  return { done: false, message: 'Waiting for daemon set spec update to be observed...' };
}

/** StatefulSetStatusViewer.Status */
export function statefulSetRolloutStatus(sts: KObject): RolloutStatus {
  const us = sts.spec?.updateStrategy ?? {};
  if ((us.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { done: true, message: '', error: 'rollout status is only available for RollingUpdate strategy type' };
  }
  const st = sts.status ?? {};
  if (n(st.observedGeneration) === 0 || n(sts.metadata.generation) > n(st.observedGeneration)) {
    return { done: false, message: 'Waiting for statefulset spec update to be observed...' };
  }
  const replicas = sts.spec?.replicas;
  if (typeof replicas === 'number' && n(st.readyReplicas) < replicas) {
    return { done: false, message: `Waiting for ${replicas - n(st.readyReplicas)} pods to be ready...` };
  }
  if (us.rollingUpdate) {
    const partition = us.rollingUpdate.partition;
    if (typeof replicas === 'number' && typeof partition === 'number' && n(st.updatedReplicas) < replicas - partition) {
      return { done: false, message: `Waiting for partitioned roll out to finish: ${n(st.updatedReplicas)} out of ${replicas - partition} new pods have been updated...` };
    }
    return { done: true, message: `partitioned roll out complete: ${n(st.updatedReplicas)} new pods have been updated...` };
  }
  if (st.updateRevision !== st.currentRevision) {
    return { done: false, message: `waiting for statefulset rolling update to complete ${n(st.updatedReplicas)} pods at revision ${st.updateRevision}...` };
  }
  return { done: true, message: `statefulset rolling update complete ${n(st.currentReplicas)} pods at revision ${st.currentRevision}...` };
}

/**
 * The status viewer for the object's kind; throws CliError with kubectl's message on an error
 * (and `no status viewer has been implemented for <Kind.group>` for other kinds).
 */
export function rolloutStatus(obj: KObject, revision = 0, now?: number): RolloutStatus {
  let st: RolloutStatus;
  switch (obj.kind) {
    case 'Deployment': st = deploymentRolloutStatus(obj, revision, now); break;
    case 'DaemonSet': st = daemonSetRolloutStatus(obj); break;
    case 'StatefulSet': st = statefulSetRolloutStatus(obj); break;
    default: throw new CliError(`no status viewer has been implemented for ${groupKindOf(obj)}`);
  }
  if (st.error) throw new CliError(st.error);
  return st;
}

function groupKindOf(obj: KObject): string {
  const av = obj.apiVersion ?? '';
  const group = av.includes('/') ? av.split('/')[0] : '';
  return group ? `${obj.kind}.${group}` : String(obj.kind);
}

// ---- history (history.go) ------------------------------------------------------------------------

export interface HistoryRow {
  revision: number;
  /** kubernetes.io/change-cause, or `<none>` */
  changeCause: string;
}

export interface History {
  rows: HistoryRow[];
  /** the pod template of each revision (for `--revision=N`) */
  templates: Map<number, Obj>;
}

const isOwnedBy = (o: KObject, owner: KObject) => !owner.metadata.uid
  || (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);

/**
 * DeploymentHistoryViewer: one row per ReplicaSet revision (a later ReplicaSet with the same
 * revision wins); the template carries the ReplicaSet's change-cause as an annotation.
 */
export function deploymentHistory(d: KObject, replicaSets: KObject[]): History {
  const templates = new Map<number, Obj>();
  for (const rs of replicaSets.filter((r) => isOwnedBy(r, d))) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    const t = deepClone(rs.spec?.template ?? {});
    t.metadata = t.metadata ?? {};
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    t.metadata.annotations = t.metadata.annotations ?? {};
    if (cause) t.metadata.annotations[CHANGE_CAUSE_ANNOTATION] = cause;
    templates.set(v, t);
  }
  const rows = [...templates.keys()].sort((a, b) => a - b).map((r) => ({
    revision: r, changeCause: templates.get(r)!.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>',
  }));
  return { rows, templates };
}

/** The template a ControllerRevision restores (its data.spec.template without `$patch`). */
function revisionTemplate(rev: KObject): Obj {
  const t = deepClone(rev.data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** DaemonSet / StatefulSet history (printHistory over the owned ControllerRevisions). */
export function controllerRevisionHistory(owner: KObject, revisions: KObject[]): History {
  const byRev = new Map<number, KObject>();
  for (const r of revisions.filter((x) => isOwnedBy(x, owner))) byRev.set(typeof r.revision === 'number' ? r.revision : 0, r);
  const templates = new Map<number, Obj>();
  const rows: HistoryRow[] = [];
  for (const r of [...byRev.keys()].sort((a, b) => a - b)) {
    const h = byRev.get(r)!;
    templates.set(r, revisionTemplate(h));
    rows.push({ revision: r, changeCause: h.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>' });
  }
  return { rows, templates };
}

/** printTemplate: describe.DescribePodTemplate */
export function describeTemplate(template: Obj): string {
  /* eslint-disable @typescript-eslint/no-var-requires */
  const { describePodTemplate } = require('../printers/describe/pod') as typeof import('../printers/describe/pod');
  const { tabbed } = require('../printers/describe/writer') as typeof import('../printers/describe/writer');
  /* eslint-enable @typescript-eslint/no-var-requires */
  return tabbed((w) => describePodTemplate(template, w));
}

/** tabwriter (0, 8, 2, ' ') over REVISION / CHANGE-CAUSE */
export function historyTable(rows: HistoryRow[]): string {
  const w = Math.max('REVISION'.length, ...rows.map((r) => String(r.revision).length)) + 2;
  return ['REVISION'.padEnd(w) + 'CHANGE-CAUSE', ...rows.map((r) => String(r.revision).padEnd(w) + r.changeCause)].join('\n') + '\n';
}

/**
 * The whole stdout of `kubectl rollout history TYPE/NAME [--revision=N]`: the object's
 * `<kind>.<group>/<name> ` line (`with revision #N`), then the table or the pod template, then an
 * empty line. `history` = the owned ReplicaSets (Deployment) or ControllerRevisions (DaemonSet,
 * StatefulSet). Throws CliError `unable to find the specified revision`.
 */
export function historyText(info: KindInfo, obj: KObject, history: KObject[], revision = 0): string {
  const ref = `${kindGroupName(info)}/${obj.metadata.name}`;
  let h: History;
  if (info.kind === 'Deployment') h = deploymentHistory(obj, history.filter((x) => x.kind === 'ReplicaSet' || !x.kind));
  else if (info.kind === 'DaemonSet' || info.kind === 'StatefulSet') h = controllerRevisionHistory(obj, history.filter((x) => x.kind === 'ControllerRevision' || !x.kind));
  else throw new CliError(`no history viewer has been implemented for ${groupKindOf(obj)}`);
  const withRevision = revision > 0 ? `with revision #${revision}` : '';
  let body: string;
  if (h.rows.length === 0) {
    body = 'No rollout history found.';
  } else if (revision > 0) {
    const t = h.templates.get(revision);
    if (!t) throw new CliError('unable to find the specified revision');
    body = describeTemplate(t);
  } else {
    body = historyTable(h.rows);
  }
  return `${ref} ${withRevision}\n${body}\n`;
}

// ---- undo (rollback.go) --------------------------------------------------------------------------

export interface DeploymentRollback {
  /** the template already matches: kubectl prints `skipped rollback (current template already matches revision N)` */
  skipped: boolean;
  /** the --to-revision as given (0 = previous), as kubectl prints it */
  revision: number;
  /** the revision the template comes from */
  fromRevision?: number;
  /** the template to put into spec.template (pod-template-hash removed) */
  template?: Obj;
  /**
   * the Deployment's complete new metadata.annotations (kubectl's JSON patch replaces them): the
   * kept ones (last-applied, revision, ...) of the Deployment plus the ReplicaSet's others
   */
  annotations?: Record<string, string>;
  /**
   * with `clientDryRun`: what kubectl prints instead of `rolled back` (the revision's pod template,
   * described; kubectl then appends ` (dry run)`). No paused / already-matches checks in that case.
   */
  dryRunText?: string;
}

const revisionNotFound = (r: number) => new CliError(`unable to find specified revision ${r} in history`);

/** DeploymentRollbacker.Rollback (without the write); throws kubectl's errors as CliError. */
export function deploymentRollbackTemplate(d: KObject, replicaSets: KObject[], toRevision = 0, clientDryRun = false): DeploymentRollback {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  // deploymentRevision
  let target: KObject | undefined;
  let latest: KObject | undefined;
  let latestRev = -1;
  let previous: KObject | undefined;
  let previousRev = -1;
  for (const rs of replicaSets.filter((r) => isOwnedBy(r, d))) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev; previous = latest;
        latestRev = v; latest = rs;
      } else if (previousRev < v) {
        previousRev = v; previous = rs;
      }
    } else if (toRevision === v) {
      target = rs;
      break;
    }
  }
  if (toRevision > 0 && !target) throw revisionNotFound(toRevision);
  if (toRevision === 0) {
    if (!previous) throw new CliError(`no rollout history found for deployment "${d.metadata.name}"`);
    target = previous;
  }
  if (clientDryRun) {
    const t = deepClone(target!.spec?.template ?? {});
    return { skipped: false, revision: toRevision, fromRevision: revisionOf(target!), template: t, dryRunText: describeTemplate(t) };
  }
  if (d.spec?.paused) {
    throw new CliError("you cannot rollback a paused deployment; resume it first with 'kctl rollout resume' and try again");
  }
  const fromRevision = revisionOf(target!);
  if (equalIgnoreHash(target!.spec?.template, d.spec?.template)) {
    return { skipped: true, revision: toRevision, fromRevision };
  }
  const template = deepClone(target!.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(target!.metadata.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  }
  return { skipped: false, revision: toRevision, fromRevision, template, annotations };
}

export interface ControllerRevisionRollback {
  skipped: boolean;
  revision: number;
  fromRevision?: number;
  /** the strategic merge patch to apply (the ControllerRevision's data) */
  patch?: Obj;
  /** its template */
  template?: Obj;
  /** with `clientDryRun`: the described template kubectl prints instead of `rolled back` */
  dryRunText?: string;
}

/** DaemonSetRollbacker / StatefulSetRollbacker.Rollback (without the write). */
export function controllerRevisionRollback(obj: KObject, revisions: KObject[], toRevision = 0, clientDryRun = false): ControllerRevisionRollback {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const history = revisions.filter((r) => isOwnedBy(r, obj));
  if (toRevision === 0 && history.length <= 1) throw new CliError('no last revision to roll back to');
  let to: KObject | undefined;
  if (toRevision === 0) {
    to = [...history].sort((a, b) => n(a.revision) - n(b.revision))[history.length - 2];
  } else {
    to = history.find((h) => h.revision === toRevision);
  }
  if (!to) throw revisionNotFound(toRevision);
  if (clientDryRun) {
    const t = revisionTemplate(to);
    return { skipped: false, revision: toRevision, fromRevision: n(to.revision), patch: deepClone(to.data), template: t, dryRunText: describeTemplate(t) };
  }
  const current = { spec: { template: { ...deepClone(obj.spec?.template ?? {}), $patch: 'replace' } } };
  if (goJSON(current) === goJSON(to.data)) return { skipped: true, revision: toRevision, fromRevision: n(to.revision) };
  return { skipped: false, revision: toRevision, fromRevision: n(to.revision), patch: deepClone(to.data), template: revisionTemplate(to) };
}
