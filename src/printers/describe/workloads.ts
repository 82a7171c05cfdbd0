// Deployments, ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets, Jobs, CronJobs
// (describe.go), with the related objects kubectl fetches: the deployment's replica sets
// (deploymentutil.GetAllReplicaSetsInChunks) and the controller's pods (getPodStatusForController).

import type { KObject } from '../../api/types';
import { canonicalJSON } from '../../api/types';
import { formatLabels, labelSelectorString, matchesLabelSelector, selectorToString, labelSelectorFromSet } from '../../api/selectors';
import { humanDuration, parseTime } from '../age';
import { describePodTemplate } from './pod';
import {
  byteCompare, describeEvents, intOrString, LEVEL_0, LEVEL_1, num, printAnnotationsMultiline, printBoolPtr, printController,
  printLabelsMultiline, PrefixWriter, qtyString, rfc1123z, tabbed,
} from './writer';
import type { DescribeView } from './types';

type Obj = Record<string, any>;

/** Running/Waiting/Succeeded/Failed counts of the pods selected by `selector` and controlled by `uid`. */
export function podStatusForController(view: DescribeView, ns: string, selector: Obj | null, uid: string | undefined): [number, number, number, number] {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const pod of view.list('pods', ns)) {
    if (selector !== null && !matchesLabelSelector(selector, pod.metadata.labels)) continue;
    const ref = (pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    if (!ref || ref.uid !== uid) continue;
    switch (pod.status?.phase) {
      case 'Running': running++; break;
      case 'Pending': waiting++; break;
      case 'Succeeded': succeeded++; break;
      case 'Failed': failed++; break;
      default: break;
    }
  }
  return [running, waiting, succeeded, failed];
}

/** Selector.String() of a metav1.LabelSelector (`""` for an empty one). */
function selectorString(sel: Obj | undefined): string {
  try {
    return labelSelectorString(sel);
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Deployment

/** Drop empty maps/arrays and nulls (apiequality.Semantic treats them as unset). */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(normalize);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const n = normalize(x);
      if (n !== undefined && n !== null) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

function templateKey(t: Obj | undefined): string {
  const c = JSON.parse(JSON.stringify(t ?? {}));
  if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
  return canonicalJSON(normalize(c) ?? {});
}

/** GetAllReplicaSetsInChunks: all the old RSs (describe shows allOldRSes, scaled to 0 or not) and the new one. */
export function deploymentReplicaSets(d: KObject, view: DescribeView): { olds: KObject[]; newRS: KObject | null } {
  const rsList = view.list('replicasets', d.metadata.namespace)
    .filter((rs) => matchesLabelSelector(d.spec?.selector, rs.metadata.labels))
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === d.metadata.uid));
  const ts = (o: KObject) => parseTime(o.metadata.creationTimestamp) ?? 0;
  rsList.sort((a, b) => (ts(a) === ts(b) ? byteCompare(a.metadata.name ?? '', b.metadata.name ?? '') : ts(a) - ts(b)));
  const key = templateKey(d.spec?.template);
  const newRS = rsList.find((rs) => templateKey(rs.spec?.template) === key) ?? null;
  const olds = rsList.filter((rs) => !(newRS && rs.metadata.uid === newRS.metadata.uid));
  return { olds, newRS };
}

function printReplicaSetsByLabels(rss: KObject[]): string {
  const list = rss.map((rs) => `${rs.metadata.name} (${num(rs.status?.replicas)}/${num(rs.spec?.replicas)} replicas created)`).join(', ');
  return list === '' ? '<none>' : list;
}

export function describeDeployment(d: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  const { olds, newRS } = deploymentReplicaSets(d, view);
  return tabbed((w) => {
    const spec = d.spec ?? {};
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(LEVEL_0, `Replicas:\t${num(spec.replicas)} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | `
      + `${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable\n`);
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${num(spec.minReadySeconds)}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
    describePodTemplate(spec.template, w);
    const conds: Obj[] = status.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''}\t${c.reason ?? ''}\n`);
    }
    if (olds.length > 0 || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSetsByLabels(olds)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSetsByLabels(newRS ? [newRS] : [])}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// ReplicaSet / ReplicationController

function writeControllerConditions(w: PrefixWriter, conds: Obj[] | undefined): void {
  if (!conds || conds.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conds) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''}\t${c.reason ?? ''}\n`);
}

export function describeReplicaSet(rs: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  const [running, waiting, succeeded, failed] = podStatusForController(view, rs.metadata.namespace ?? '', rs.spec?.selector ?? {}, rs.metadata.uid);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorToString(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const cb = printController(rs);
    if (cb) w.write(LEVEL_0, `Controlled By:\t${cb}\n`);
    w.write(LEVEL_0, `Replicas:\t${num(rs.status?.replicas)} current / ${num(rs.spec?.replicas)} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(rs.spec?.template, w);
    writeControllerConditions(w, rs.status?.conditions);
    if (events) describeEvents(events, w, now);
  });
}

export function describeReplicationController(rc: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  const sel = rc.spec?.selector ?? {};
  const [running, waiting, succeeded, failed] = podStatusForController(view, rc.metadata.namespace ?? '', labelSelectorFromSet(sel), rc.metadata.uid);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${rc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rc.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabels(sel)}\n`);
    printLabelsMultiline(w, 'Labels', rc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${num(rc.status?.replicas)} current / ${num(rc.spec?.replicas)} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(rc.spec?.template, w);
    writeControllerConditions(w, rc.status?.conditions);
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// StatefulSet / DaemonSet

function describeVolumeClaimTemplates(templates: Obj[] | undefined, w: PrefixWriter): void {
  if (!templates || templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    const md = pvc.metadata ?? {};
    w.write(LEVEL_1, `Name:\t${md.name ?? ''}\n`);
    const cls = md.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
    w.write(LEVEL_1, `StorageClass:\t${cls}\n`);
    printLabelsMultilineIndented(w, md.labels, 'Labels');
    printLabelsMultilineIndented(w, md.annotations, 'Annotations');
    const cap = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${cap !== undefined ? qtyString(cap) : '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

function printLabelsMultilineIndented(w: PrefixWriter, labels: Record<string, string> | undefined, title: string): void {
  // printLabelsMultilineWithIndent(w, "  ", title, "\t", labels, none)
  w.write(LEVEL_0, `  ${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, '  ');
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

export function describeStatefulSet(ss: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  const spec = ss.spec ?? {};
  const [running, waiting, succeeded, failed] = podStatusForController(view, ss.metadata.namespace ?? '', spec.selector ?? {}, ss.metadata.uid);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${ss.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', ss.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ss.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${num(spec.replicas)} desired | ${num(ss.status?.replicas)} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${num(ru.partition)}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    if (events) describeEvents(events, w, now);
  });
}

export function describeDaemonSet(ds: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  const spec = ds.spec ?? {};
  const status = ds.status ?? {};
  const [running, waiting, succeeded, failed] = podStatusForController(view, ds.metadata.namespace ?? '', spec.selector ?? {}, ds.metadata.uid);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${num(status.desiredNumberScheduled)}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${num(status.currentNumberScheduled)}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${num(status.updatedNumberScheduled)}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${num(status.numberAvailable)}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${num(status.numberMisscheduled)}\n`);
    w.write(LEVEL_0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(spec.template, w);
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Job / CronJob

function capIndexesListOrNone(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return indexes.slice(0, ix + 1) + '...';
}

const isSet = (x: unknown) => x !== undefined && x !== null;

export function describeJob(job: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const spec = job.spec ?? {};
    const status = job.status ?? {};
    w.write(LEVEL_0, `Name:\t${job.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const cb = printController(job);
    if (cb) w.write(LEVEL_0, `Controlled By:\t${cb}\n`);
    if (isSet(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${num(spec.parallelism)}\n`);
    if (isSet(spec.completions)) w.write(LEVEL_0, `Completions:\t${num(spec.completions)}\n`);
    else w.write(LEVEL_0, 'Completions:\t<unset>\n');
    if (isSet(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (isSet(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend === true}\n`);
    if (isSet(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${num(spec.backoffLimit)}\n`);
    if (isSet(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${num(spec.ttlSecondsAfterFinished)}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    const st = parseTime(status.startTime);
    const ct = parseTime(status.completionTime);
    if (status.startTime && status.completionTime && st !== undefined && ct !== undefined) {
      w.write(LEVEL_0, `Duration:\t${humanDuration(ct - st)}\n`);
    }
    if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${num(spec.activeDeadlineSeconds)}s\n`);
    if (!isSet(status.ready)) {
      w.write(LEVEL_0, `Pods Statuses:\t${num(status.active)} Active / ${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed\n`);
    } else {
      w.write(LEVEL_0, `Pods Statuses:\t${num(status.active)} Active (${num(status.ready)} Ready) / ${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed\n`);
    }
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes, 50)}\n`);
    describePodTemplate(spec.template, w);
    if (events) describeEvents(events, w, now);
  });
}

export function describeCronJob(cj: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const spec = cj.spec ?? {};
    w.write(LEVEL_0, `Name:\t${cj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${isSet(spec.successfulJobsHistoryLimit) ? num(spec.successfulJobsHistoryLimit) : '<unset>'}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${isSet(spec.failedJobsHistoryLimit) ? num(spec.failedJobsHistoryLimit) : '<unset>'}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${isSet(spec.startingDeadlineSeconds) ? `${num(spec.startingDeadlineSeconds)}s` : '<unset>'}\n`);
    // describeJobTemplate
    const jt = spec.jobTemplate?.spec ?? {};
    if (jt.selector) w.write(LEVEL_0, `Selector:\t${selectorString(jt.selector)}\n`);
    else w.write(LEVEL_0, 'Selector:\t<unset>\n');
    w.write(LEVEL_0, `Parallelism:\t${isSet(jt.parallelism) ? num(jt.parallelism) : '<unset>'}\n`);
    w.write(LEVEL_0, `Completions:\t${isSet(jt.completions) ? num(jt.completions) : '<unset>'}\n`);
    if (isSet(jt.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${num(jt.activeDeadlineSeconds)}s\n`);
    describePodTemplate(jt.template, w);
    if (cj.status?.lastScheduleTime) w.write(LEVEL_0, `Last Schedule Time:\t${rfc1123z(cj.status.lastScheduleTime)}\n`);
    else w.write(LEVEL_0, 'Last Schedule Time:\t<unset>\n');
    w.write(LEVEL_0, 'Active Jobs:\t');
    const active: Obj[] = cj.status?.active ?? [];
    if (active.length === 0) w.writeLine('<none>');
    else {
      active.forEach((j, i) => {
        if (i !== 0) w.write(LEVEL_0, ', ');
        w.write(LEVEL_0, `${j.name ?? ''}`);
      });
      w.writeLine('');
    }
    if (events) describeEvents(events, w, now);
  });
}
