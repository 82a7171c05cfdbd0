// Workload validation: Deployment, ReplicaSet, StatefulSet, DaemonSet (pkg/apis/apps/validation),
// ReplicationController and PodTemplate (core), Job and CronJob (pkg/apis/batch/validation). v1.32.

import { isValidPercent, nameIsDNSSubdomain, nameIsDNSLabel, isDNS1123Label } from '../names';
import {
  FE, fe, child, isObj, str, num, raw, goLabelSelector, goIntOrString, goStringMap, goGeneric, goQuote,
  validateNonnegative, deepEqual, FIELD_IMMUTABLE,
} from './common';
import {
  validateObjectMeta, validateObjectMetaUpdate, validateLabelSelector, labelSelectorAsSelector, selectorMatches,
  selectorEmpty, validateLabels, validateAnnotations,
} from './meta';
import { validatePodTemplateSpec } from './pod';
import { cronParseError } from './cron';

function labelsValue(labels: unknown): unknown {
  return raw(goStringMap(isObj(labels) ? (labels as Record<string, string>) : null));
}

function mismatch(f: string, labels: unknown): FE {
  return fe.invalid(f, labelsValue(labels), '`selector` does not match template `labels`');
}

// ---- intstr helpers -------------------------------------------------------------------------------

export function validatePositiveIntOrPercent(v: unknown, f: string): FE[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => fe.invalid(f, raw(goIntOrString(v)), m));
  if (typeof v === 'number') return validateNonnegative(v, f);
  return [];
}

function percentValue(v: unknown): number | null {
  if (typeof v !== 'string' || isValidPercent(v).length) return null;
  return parseInt(v.slice(0, -1), 10);
}

function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== null) return p;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = parseInt(v, 10);
    return Number.isNaN(n) ? 0 : n;
  }
  return 0;
}

function isNotMoreThan100Percent(v: unknown, f: string): FE[] {
  const p = percentValue(v);
  if (p === null || p <= 100) return [];
  return [fe.invalid(f, raw(goIntOrString(v)), 'must not be greater than 100%')];
}

/** %#v of a strategy struct; Go prints the rollingUpdate pointer as an address, shown here as a fixed one. */
function goStrategy(type: string, t: string, ru: unknown, ruType: string): string {
  const ruText = isObj(ru) ? `(*${ruType})(0xc000010000)` : `(*${ruType})(nil)`;
  return `${type}{Type:${goQuote(t)}, RollingUpdate:${ruText}}`;
}

// ---- templates ------------------------------------------------------------------------------------

/** ValidatePodTemplateSpecForReplicaSet (also used by Deployment). */
function validateTemplateForReplicaSet(tpl: any, sel: ReturnType<typeof labelSelectorAsSelector>, f: string, kindWord: string): FE[] {
  const errs: FE[] = [];
  if (!isObj(tpl)) return [fe.required(f)];
  if (sel && !selectorEmpty(sel) && !selectorMatches(sel, tpl.metadata?.labels)) errs.push(mismatch(child(f, 'metadata', 'labels'), tpl.metadata?.labels));
  errs.push(...validatePodTemplateSpec(tpl, f));
  const rp = str(tpl.spec?.restartPolicy);
  if (rp !== 'Always') errs.push(fe.notSupported(child(f, 'spec', 'restartPolicy'), rp, ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined && tpl.spec?.activeDeadlineSeconds !== null) {
    errs.push(fe.forbidden(child(f, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kindWord} is not Supported`));
  }
  return errs;
}

function validateSelectorRequired(sel: any, f: string, kindWord: string): FE[] {
  const errs: FE[] = [];
  if (sel === undefined || sel === null) errs.push(fe.required(f));
  else {
    errs.push(...validateLabelSelector(sel, f));
    if (Object.keys(sel.matchLabels ?? {}).length + (Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0) === 0) {
      errs.push(fe.invalid(f, raw(goLabelSelector(sel)), `empty selector is invalid for ${kindWord}`));
    }
  }
  return errs;
}

// ---- Deployment -----------------------------------------------------------------------------------

function validateDeploymentStrategy(strategy: any, f: string): FE[] {
  const errs: FE[] = [];
  const s = isObj(strategy) ? strategy : {};
  const t = str(s.type);
  if (t === 'Recreate') {
    if (isObj(s.rollingUpdate)) errs.push(fe.forbidden(child(f, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"));
  } else if (t === 'RollingUpdate') {
    if (!isObj(s.rollingUpdate)) errs.push(fe.required(child(f, 'rollingUpdate'), 'this should be defaulted and never be nil'));
    else {
      const ru = s.rollingUpdate;
      const p = child(f, 'rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(fe.invalid(child(p, 'maxUnavailable'), raw(goIntOrString(ru.maxUnavailable)), 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')));
    }
  } else {
    errs.push(fe.notSupported(f, raw(goStrategy('apps.DeploymentStrategy', t, s.rollingUpdate, 'apps.RollingUpdateDeployment')), ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

function validateDeploymentSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  errs.push(...validateNonnegative(s.replicas, child(f, 'replicas')));
  errs.push(...validateSelectorRequired(s.selector, child(f, 'selector'), 'deployment'));
  const sel = labelSelectorAsSelector(s.selector);
  if (!sel) errs.push(fe.invalid(child(f, 'selector'), raw(goLabelSelector(s.selector)), 'invalid label selector'));
  else errs.push(...validateTemplateForReplicaSet(s.template, sel, child(f, 'template'), 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(s.strategy, child(f, 'strategy')));
  errs.push(...validateNonnegative(s.minReadySeconds, child(f, 'minReadySeconds')));
  if (typeof s.revisionHistoryLimit === 'number') errs.push(...validateNonnegative(s.revisionHistoryLimit, child(f, 'revisionHistoryLimit')));
  if (isObj(s.rollbackTo)) errs.push(...validateNonnegative(s.rollbackTo.revision, child(f, 'rollback', 'version')));
  if (typeof s.progressDeadlineSeconds === 'number') {
    errs.push(...validateNonnegative(s.progressDeadlineSeconds, child(f, 'progressDeadlineSeconds')));
    if (s.progressDeadlineSeconds <= num(s.minReadySeconds)) {
      errs.push(fe.invalid(child(f, 'progressDeadlineSeconds'), s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateDeployment(obj: any): FE[] {
  return validateObjectMeta(obj?.metadata, true, nameIsDNSSubdomain).concat(validateDeploymentSpec(obj?.spec, 'spec'));
}

function immutableSelector(n: any, o: any): FE[] {
  if (deepEqual(n?.spec?.selector, o?.spec?.selector)) return [];
  return [fe.invalid('spec.selector', raw(goLabelSelector(n?.spec?.selector)), FIELD_IMMUTABLE)];
}

export function validateDeploymentUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata)
    .concat(validateDeploymentSpec(n?.spec, 'spec'))
    .concat(immutableSelector(n, o));
}

// ---- ReplicaSet -----------------------------------------------------------------------------------

function validateReplicaSetSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  errs.push(...validateNonnegative(s.replicas, child(f, 'replicas')));
  errs.push(...validateNonnegative(s.minReadySeconds, child(f, 'minReadySeconds')));
  errs.push(...validateSelectorRequired(s.selector, child(f, 'selector'), 'deployment'));
  const sel = labelSelectorAsSelector(s.selector);
  if (!sel) errs.push(fe.invalid(child(f, 'selector'), raw(goLabelSelector(s.selector)), 'invalid label selector'));
  else errs.push(...validateTemplateForReplicaSet(s.template, sel, child(f, 'template'), 'ReplicaSet'));
  return errs;
}

export function validateReplicaSet(obj: any): FE[] {
  return validateObjectMeta(obj?.metadata, true, nameIsDNSSubdomain).concat(validateReplicaSetSpec(obj?.spec, 'spec'));
}

export function validateReplicaSetUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateReplicaSetSpec(n?.spec, 'spec')).concat(immutableSelector(n, o));
}

// ---- StatefulSet ----------------------------------------------------------------------------------

function validateStatefulSetSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  const pmp = str(s.podManagementPolicy);
  if (!pmp) errs.push(fe.required(child(f, 'podManagementPolicy')));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(fe.invalid(child(f, 'podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = isObj(s.updateStrategy) ? s.updateStrategy : {};
  const ut = str(us.type);
  if (!ut) errs.push(fe.required(child(f, 'updateStrategy')));
  else if (ut === 'OnDelete') {
    if (isObj(us.rollingUpdate)) {
      errs.push(fe.invalid(child(f, 'updateStrategy', 'rollingUpdate'), raw(goGeneric(us.rollingUpdate, 'apps.RollingUpdateStatefulSetStrategy')), "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (ut === 'RollingUpdate') {
    if (isObj(us.rollingUpdate)) {
      const p = child(f, 'updateStrategy', 'rollingUpdate');
      errs.push(...validateNonnegative(us.rollingUpdate.partition, child(p, 'partition')));
      const mu = us.rollingUpdate.maxUnavailable;
      if (mu !== undefined && mu !== null) {
        errs.push(...validatePositiveIntOrPercent(mu, child(p, 'maxUnavailable')));
        if (intOrPercentValue(mu) === 0) errs.push(fe.invalid(child(p, 'maxUnavailable'), raw(goIntOrString(mu)), 'cannot be 0'));
        errs.push(...isNotMoreThan100Percent(mu, child(p, 'maxUnavailable')));
      }
    }
  } else {
    errs.push(fe.invalid(child(f, 'updateStrategy'), raw(goStrategy('apps.StatefulSetUpdateStrategy', ut, us.rollingUpdate, 'apps.RollingUpdateStatefulSetStrategy')), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  if (isObj(s.persistentVolumeClaimRetentionPolicy)) {
    for (const k of ['whenDeleted', 'whenScaled']) {
      const v = str(s.persistentVolumeClaimRetentionPolicy[k]);
      if (v !== 'Retain' && v !== 'Delete') errs.push(fe.notSupported(child(f, 'persistentVolumeClaimRetentionPolicy', k), v, ['Retain', 'Delete']));
    }
  }
  errs.push(...validateNonnegative(s.replicas, child(f, 'replicas')));
  errs.push(...validateNonnegative(s.minReadySeconds, child(f, 'minReadySeconds')));
  if (isObj(s.ordinals)) errs.push(...validateNonnegative(s.ordinals.start, child(f, 'ordinals.start')));
  if (s.selector === undefined || s.selector === null) errs.push(fe.required(child(f, 'selector')));
  else {
    errs.push(...validateLabelSelector(s.selector, child(f, 'selector')));
    if (Object.keys(s.selector.matchLabels ?? {}).length + (Array.isArray(s.selector.matchExpressions) ? s.selector.matchExpressions.length : 0) === 0) {
      errs.push(fe.invalid(child(f, 'selector'), raw(goLabelSelector(s.selector)), 'empty selector is invalid for statefulset'));
    }
  }
  const sel = labelSelectorAsSelector(s.selector);
  const tpl = isObj(s.template) ? s.template : {};
  if (!sel) errs.push(fe.invalid(child(f, 'selector'), raw(goLabelSelector(s.selector)), ''));
  else {
    const tp = child(f, 'template');
    if (!selectorEmpty(sel) && !selectorMatches(sel, tpl.metadata?.labels)) errs.push(mismatch(child(tp, 'metadata', 'labels'), tpl.metadata?.labels));
    errs.push(...validateLabels(tpl.metadata?.labels, child(tp, 'labels')));
    errs.push(...validateAnnotations(tpl.metadata?.annotations, child(tp, 'annotations')));
  }
  const rp = str(tpl.spec?.restartPolicy);
  if (rp !== 'Always') errs.push(fe.notSupported(child(f, 'template', 'spec', 'restartPolicy'), rp, ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined && tpl.spec?.activeDeadlineSeconds !== null) {
    errs.push(fe.forbidden(child(f, 'template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** The StatefulSet strategy also runs full pod template validation (statefulSetStrategy.Validate). */
function validateStatefulSetTemplate(spec: any): FE[] {
  const tpl = isObj(spec?.template) ? spec.template : {};
  // volumes may be supplied by volumeClaimTemplates: add them so mounts resolve
  const claims = Array.isArray(spec?.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
  const copy = JSON.parse(JSON.stringify(tpl));
  copy.spec = isObj(copy.spec) ? copy.spec : {};
  const vols = Array.isArray(copy.spec.volumes) ? copy.spec.volumes : [];
  for (const c of claims) {
    const name = str(c?.metadata?.name);
    if (name && !vols.some((v: any) => v?.name === name)) vols.push({ name, persistentVolumeClaim: { claimName: name } });
  }
  copy.spec.volumes = vols;
  return validatePodTemplateSpec(copy, 'spec.template').filter((e) => !e.field.startsWith('spec.template.labels') && !e.field.startsWith('spec.template.annotations'));
}

export function validateStatefulSet(obj: any): FE[] {
  return validateObjectMeta(obj?.metadata, true, nameIsDNSLabel)
    .concat(validateStatefulSetSpec(obj?.spec, 'spec'))
    .concat(validateStatefulSetTemplate(obj?.spec));
}

export function validateStatefulSetUpdate(n: any, o: any): FE[] {
  const errs = validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateStatefulSetSpec(n?.spec, 'spec'));
  const clone = JSON.parse(JSON.stringify(isObj(n?.spec) ? n.spec : {}));
  const os = isObj(o?.spec) ? o.spec : {};
  for (const k of ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy']) {
    if (os[k] === undefined) delete clone[k];
    else clone[k] = os[k];
  }
  if (!deepEqual(clone, os)) {
    errs.push(fe.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  }
  return errs.concat(validateStatefulSetTemplate(n?.spec));
}

// ---- DaemonSet ------------------------------------------------------------------------------------

function validateDaemonSetSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  errs.push(...validateLabelSelector(s.selector, child(f, 'selector')));
  const sel = labelSelectorAsSelector(s.selector);
  const tpl = isObj(s.template) ? s.template : {};
  if (sel && !selectorMatches(sel, tpl.metadata?.labels)) errs.push(mismatch(child(f, 'template', 'metadata', 'labels'), tpl.metadata?.labels));
  if (isObj(s.selector) && Object.keys(s.selector.matchLabels ?? {}).length + (Array.isArray(s.selector.matchExpressions) ? s.selector.matchExpressions.length : 0) === 0) {
    errs.push(fe.invalid(child(f, 'selector'), raw(goLabelSelector(s.selector)), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(tpl, child(f, 'template')));
  const rp = str(tpl.spec?.restartPolicy);
  if (rp !== 'Always') errs.push(fe.notSupported(child(f, 'template', 'spec', 'restartPolicy'), rp, ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined && tpl.spec?.activeDeadlineSeconds !== null) {
    errs.push(fe.forbidden(child(f, 'template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...validateNonnegative(s.minReadySeconds, child(f, 'minReadySeconds')));
  errs.push(...validateNonnegative(s.templateGeneration, child(f, 'templateGeneration')));
  const us = isObj(s.updateStrategy) ? s.updateStrategy : {};
  const up = child(f, 'updateStrategy');
  const ut = str(us.type);
  if (ut === 'RollingUpdate') {
    if (!isObj(us.rollingUpdate)) errs.push(fe.required(child(up, 'rollingUpdate')));
    else {
      const ru = us.rollingUpdate;
      const p = child(up, 'rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, child(p, 'maxSurge')));
      const hasU = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasS = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasU && hasS) errs.push(fe.invalid(child(p, 'maxSurge'), raw(goIntOrString(ru.maxSurge)), 'may not be set when maxUnavailable is non-zero'));
      else if (!hasU && !hasS) errs.push(fe.required(child(p, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
    }
  } else if (ut !== 'OnDelete') {
    errs.push(fe.notSupported(up, raw(goStrategy('apps.DaemonSetUpdateStrategy', ut, us.rollingUpdate, 'apps.RollingUpdateDaemonSet')), ['RollingUpdate', 'OnDelete']));
  }
  if (typeof s.revisionHistoryLimit === 'number') errs.push(...validateNonnegative(s.revisionHistoryLimit, child(f, 'revisionHistoryLimit')));
  return errs;
}

export function validateDaemonSet(obj: any): FE[] {
  return validateObjectMeta(obj?.metadata, true, nameIsDNSSubdomain).concat(validateDaemonSetSpec(obj?.spec, 'spec'));
}

export function validateDaemonSetUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateDaemonSetSpec(n?.spec, 'spec')).concat(immutableSelector(n, o));
}

// ---- ReplicationController / PodTemplate ---------------------------------------------------------

function validateRCSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  errs.push(...validateNonnegative(s.minReadySeconds, child(f, 'minReadySeconds')));
  const selector = isObj(s.selector) ? s.selector : {};
  if (Object.keys(selector).length === 0) errs.push(fe.required(child(f, 'selector')));
  errs.push(...validateNonnegative(s.replicas, child(f, 'replicas')));
  const tp = child(f, 'template');
  if (!isObj(s.template)) errs.push(fe.required(tp));
  else {
    const tpl = s.template;
    if (Object.keys(selector).length) {
      const labels = isObj(tpl.metadata?.labels) ? tpl.metadata.labels : {};
      if (!Object.keys(selector).every((k) => labels[k] === selector[k])) errs.push(mismatch(child(tp, 'metadata', 'labels'), tpl.metadata?.labels));
    }
    errs.push(...validatePodTemplateSpec(tpl, tp));
    const rp = str(tpl.spec?.restartPolicy);
    if (rp !== 'Always') errs.push(fe.notSupported(child(tp, 'spec', 'restartPolicy'), rp, ['Always']));
    if (tpl.spec?.activeDeadlineSeconds !== undefined && tpl.spec?.activeDeadlineSeconds !== null) {
      errs.push(fe.forbidden(child(tp, 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicationController is not Supported'));
    }
  }
  return errs;
}

export function validateReplicationController(obj: any): FE[] {
  return validateObjectMeta(obj?.metadata, true, nameIsDNSSubdomain).concat(validateRCSpec(obj?.spec, 'spec'));
}
export function validateReplicationControllerUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateRCSpec(n?.spec, 'spec'));
}

export function validatePodTemplate(obj: any): FE[] {
  return validateObjectMeta(obj?.metadata, true, nameIsDNSSubdomain).concat(validatePodTemplateSpec(obj?.template, 'template'));
}
export function validatePodTemplateUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validatePodTemplateSpec(n?.template, 'template'));
}

// ---- Job / CronJob --------------------------------------------------------------------------------

function validateJobSpecCommon(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    if (typeof s[k] === 'number') errs.push(...validateNonnegative(s[k], child(f, k)));
  }
  if (typeof s.maxFailedIndexes === 'number') {
    errs.push(...validateNonnegative(s.maxFailedIndexes, child(f, 'maxFailedIndexes')));
    if (s.backoffLimitPerIndex === undefined || s.backoffLimitPerIndex === null) errs.push(fe.required(child(f, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  const cm = s.completionMode;
  if (cm !== undefined && cm !== null) {
    if (cm !== 'NonIndexed' && cm !== 'Indexed') errs.push(fe.notSupported(child(f, 'completionMode'), str(cm), ['NonIndexed', 'Indexed']));
    if (cm === 'Indexed') {
      if (s.completions === undefined || s.completions === null) errs.push(fe.required(child(f, 'completions'), 'when completion mode is Indexed'));
      if (typeof s.parallelism === 'number' && s.parallelism > 100000) {
        errs.push(fe.invalid(child(f, 'parallelism'), s.parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
      }
    }
  }
  if (cm === undefined || cm === null || cm === 'NonIndexed') {
    if (typeof s.backoffLimitPerIndex === 'number') errs.push(fe.invalid(child(f, 'backoffLimitPerIndex'), s.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (typeof s.maxFailedIndexes === 'number') errs.push(fe.invalid(child(f, 'maxFailedIndexes'), s.maxFailedIndexes, 'requires indexed completion mode'));
  }
  if (s.podReplacementPolicy !== undefined && s.podReplacementPolicy !== null) {
    const prp = str(s.podReplacementPolicy);
    if (isObj(s.podFailurePolicy)) {
      if (prp !== 'Failed') errs.push(fe.notSupported(child(f, 'podReplacementPolicy'), prp, ['Failed']));
    } else if (prp !== 'Failed' && prp !== 'TerminatingOrFailed') {
      errs.push(fe.notSupported(child(f, 'podReplacementPolicy'), prp, ['Failed', 'TerminatingOrFailed']));
    }
  }
  errs.push(...validatePodTemplateSpec(s.template, child(f, 'template')));
  const rp = str(s.template?.spec?.restartPolicy);
  const rpPath = child(f, 'template', 'spec', 'restartPolicy');
  if (rp === 'Always' || rp === '') errs.push(fe.required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(fe.notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (isObj(s.podFailurePolicy) && rp !== 'Never') errs.push(fe.invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function validateHasLabel(md: any, f: string, k: string, expected: string): FE[] {
  const labels = isObj(md?.labels) ? md.labels : {};
  if (!Object.prototype.hasOwnProperty.call(labels, k)) return [fe.required(`${f}.labels[${k}]`, `must be '${expected}'`)];
  if (labels[k] !== expected) return [fe.invalid(`${f}.labels[${k}]`, labelsValue(labels), `must be '${expected}'`)];
  return [];
}

function validateGeneratedSelector(job: any, requirePrefixed: boolean): FE[] {
  const errs: FE[] = [];
  const spec = isObj(job?.spec) ? job.spec : {};
  if (spec.manualSelector === true) return errs;
  if (!isObj(spec.selector)) return errs;
  const uid = str(job?.metadata?.uid);
  const name = str(job?.metadata?.name);
  if (!uid) errs.push(fe.required('metadata.uid'));
  const md = spec.template?.metadata;
  errs.push(...validateHasLabel(md, 'spec.template.metadata', 'controller-uid', uid));
  errs.push(...validateHasLabel(md, 'spec.template.metadata', 'job-name', name));
  const expected: Record<string, string> = {};
  if (requirePrefixed) {
    errs.push(...validateHasLabel(md, 'spec.template.metadata', 'batch.kubernetes.io/controller-uid', uid));
    errs.push(...validateHasLabel(md, 'spec.template.metadata', 'batch.kubernetes.io/job-name', name));
    expected['batch.kubernetes.io/controller-uid'] = uid;
    expected['batch.kubernetes.io/job-name'] = name;
  }
  expected['controller-uid'] = uid;
  expected['job-name'] = name;
  const sel = labelSelectorAsSelector(spec.selector);
  if (sel && !selectorMatches(sel, expected)) errs.push(fe.invalid('spec.selector', raw(goLabelSelector(spec.selector)), '`selector` not auto-generated'));
  return errs;
}

function validateJobSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs = validateJobSpecCommon(s, f);
  if (s.selector === undefined || s.selector === null) errs.push(fe.required(child(f, 'selector')));
  else errs.push(...validateLabelSelector(s.selector, child(f, 'selector')));
  const sel = labelSelectorAsSelector(s.selector);
  if (sel && !selectorMatches(sel, s.template?.metadata?.labels)) errs.push(mismatch(child(f, 'template', 'metadata', 'labels'), s.template?.metadata?.labels));
  return errs;
}

export function validateJob(job: any, requirePrefixedLabels = true): FE[] {
  const errs = validateObjectMeta(job?.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateGeneratedSelector(job, requirePrefixedLabels));
  errs.push(...validateJobSpec(job?.spec, 'spec'));
  const spec = isObj(job?.spec) ? job.spec : {};
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const host = `${str(job?.metadata?.name)}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length) {
      errs.push(fe.invalid('metadata.name', str(job?.metadata?.name), `will not able to create pod with invalid DNS label: ${host}`));
    }
  }
  return errs;
}

export function validateJobUpdate(n: any, o: any): FE[] {
  const oldLabels = isObj(o?.spec?.template?.metadata?.labels) ? o.spec.template.metadata.labels : {};
  const requirePrefixed = 'batch.kubernetes.io/job-name' in oldLabels && 'batch.kubernetes.io/controller-uid' in oldLabels;
  const errs = validateJob(n, requirePrefixed);
  errs.push(...validateObjectMetaUpdate(n?.metadata, o?.metadata));
  const ns = isObj(n?.spec) ? n.spec : {};
  const os = isObj(o?.spec) ? o.spec : {};
  if (!deepEqual(ns.completions, os.completions)) {
    errs.push(fe.invalid('spec.completions', typeof ns.completions === 'number' ? ns.completions : null, FIELD_IMMUTABLE));
  }
  if (!deepEqual(ns.selector, os.selector)) errs.push(fe.invalid('spec.selector', raw(goLabelSelector(ns.selector)), FIELD_IMMUTABLE));
  let oldTpl = os.template;
  const suspended = os.suspend === true && !o?.status?.startTime;
  if (suspended && isObj(oldTpl)) {
    oldTpl = JSON.parse(JSON.stringify(oldTpl));
    const nt = isObj(ns.template) ? ns.template : {};
    oldTpl.metadata = { ...(oldTpl.metadata ?? {}), labels: nt.metadata?.labels, annotations: nt.metadata?.annotations };
    oldTpl.spec = { ...(oldTpl.spec ?? {}), nodeSelector: nt.spec?.nodeSelector, tolerations: nt.spec?.tolerations, schedulingGates: nt.spec?.schedulingGates };
    if (nt.spec?.affinity || oldTpl.spec.affinity) oldTpl.spec.affinity = { ...(oldTpl.spec.affinity ?? {}), nodeAffinity: nt.spec?.affinity?.nodeAffinity };
  }
  if (!deepEqual(ns.template, oldTpl)) errs.push(fe.invalid('spec.template', raw(goGeneric(ns.template, 'core.PodTemplateSpec')), FIELD_IMMUTABLE));
  for (const k of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex']) {
    if (!deepEqual(ns[k], os[k])) errs.push(fe.invalid(`spec.${k}`, typeof ns[k] === 'object' ? raw(goGeneric(ns[k])) : ns[k] ?? null, FIELD_IMMUTABLE));
  }
  return errs;
}

function validateJobTemplateSpec(jt: any, f: string): FE[] {
  const spec = isObj(jt?.spec) ? jt.spec : {};
  const errs = validateJobSpecCommon(spec, child(f, 'spec'));
  if (spec.selector !== undefined && spec.selector !== null) {
    errs.push(fe.invalid(child(f, 'spec', 'selector'), raw(goLabelSelector(spec.selector)), '`selector` will be auto-generated'));
  }
  if (spec.manualSelector === true) errs.push(fe.notSupported(child(f, 'spec', 'manualSelector'), true, ['nil', 'false']));
  return errs;
}

function validateCronJobSpec(spec: any, oldSpec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  const schedule = str(s.schedule);
  if (!schedule) errs.push(fe.required(child(f, 'schedule')));
  else {
    const e = cronParseError(schedule);
    if (e) errs.push(fe.invalid(child(f, 'schedule'), schedule, e));
    const allowTZ = isObj(oldSpec) && str(oldSpec.schedule).includes('TZ');
    if (allowTZ && schedule.includes('TZ') && s.timeZone !== undefined && s.timeZone !== null) {
      errs.push(fe.invalid(child(f, 'schedule'), schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(fe.invalid(child(f, 'schedule'), schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  if (typeof s.startingDeadlineSeconds === 'number') errs.push(...validateNonnegative(s.startingDeadlineSeconds, child(f, 'startingDeadlineSeconds')));
  if (s.timeZone !== undefined && s.timeZone !== null && (!isObj(oldSpec) || oldSpec.timeZone !== s.timeZone)) {
    const tz = str(s.timeZone);
    if (!tz) errs.push(fe.invalid(child(f, 'timeZone'), tz, 'timeZone must be nil or non-empty string'));
    else if (tz.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(p))) {
      errs.push(fe.invalid(child(f, 'timeZone'), tz, `unknown time zone ${tz}`));
    } else if (tz.toLowerCase() === 'local') {
      errs.push(fe.invalid(child(f, 'timeZone'), tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
    }
  }
  const cp = str(s.concurrencyPolicy);
  if (!cp) errs.push(fe.required(child(f, 'concurrencyPolicy')));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(fe.notSupported(child(f, 'concurrencyPolicy'), cp, ['Allow', 'Forbid', 'Replace']));
  errs.push(...validateJobTemplateSpec(s.jobTemplate, child(f, 'jobTemplate')));
  if (typeof s.successfulJobsHistoryLimit === 'number') errs.push(...validateNonnegative(s.successfulJobsHistoryLimit, child(f, 'successfulJobsHistoryLimit')));
  if (typeof s.failedJobsHistoryLimit === 'number') errs.push(...validateNonnegative(s.failedJobsHistoryLimit, child(f, 'failedJobsHistoryLimit')));
  return errs;
}

export function validateCronJob(obj: any): FE[] {
  const errs = validateObjectMeta(obj?.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateCronJobSpec(obj?.spec, null, 'spec'));
  const name = str(obj?.metadata?.name);
  if (name.length > 52) errs.push(fe.invalid('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
}

export function validateCronJobUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateCronJobSpec(n?.spec, o?.spec, 'spec'));
}
