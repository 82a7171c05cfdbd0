// ObjectMeta validation (apimachinery/pkg/api/validation/objectmeta.go + core's finalizer check),
// labels, annotations, label selectors.

import {
  NameValidator, isQualifiedName, isValidLabelValue, isDNS1123Label, byteLen,
} from '../names';
import {
  FE, fe, child, index, isObj, arr, str, sortedKeys, goStringSlice, goGeneric, FIELD_IMMUTABLE, validateNonnegative, raw,
} from './common';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateLabelName(k: string, f: string): FE[] {
  return isQualifiedName(k).map((m) => fe.invalid(f, k, m));
}

/** v1validation.ValidateLabels: errors carry the map path, not the key. */
export function validateLabels(labels: unknown, f: string): FE[] {
  const errs: FE[] = [];
  if (!isObj(labels)) return errs;
  for (const k of sortedKeys(labels)) {
    errs.push(...validateLabelName(k, f));
    const v = str(labels[k]);
    for (const m of isValidLabelValue(v)) errs.push(fe.invalid(f, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, f: string): FE[] {
  const errs: FE[] = [];
  if (!isObj(annotations)) return errs;
  let total = 0;
  for (const k of sortedKeys(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fe.invalid(f, k, m));
    total += byteLen(k) + byteLen(str(annotations[k]));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fe.tooLong(f, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function parseGroupVersion(apiVersion: string): { group: string; version: string } | null {
  if (!apiVersion) return { group: '', version: '' };
  if (apiVersion === 'v1') return { group: '', version: 'v1' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return null;
}

export function validateOwnerReferences(refs: unknown, f: string): FE[] {
  const errs: FE[] = [];
  let firstController = '';
  for (const ref of arr(refs)) {
    if (!isObj(ref)) continue;
    const gv = parseGroupVersion(str(ref.apiVersion)) ?? { group: '', version: '' };
    if (!gv.version) errs.push(fe.invalid(child(f, 'apiVersion'), str(ref.apiVersion), 'version must not be empty'));
    if (!str(ref.kind)) errs.push(fe.invalid(child(f, 'kind'), str(ref.kind), 'must not be empty'));
    if (!str(ref.name)) errs.push(fe.invalid(child(f, 'name'), str(ref.name), 'must not be empty'));
    if (!str(ref.uid)) errs.push(fe.invalid(child(f, 'uid'), str(ref.uid), 'must not be empty'));
    if (gv.group === '' && gv.version === 'v1' && ref.kind === 'Event') {
      errs.push(fe.invalid(f, raw(goGeneric(ref, 'v1.OwnerReference')), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const cur = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController) {
        errs.push(fe.invalid(f, raw(goGeneric(refs, '[]v1.OwnerReference')),
          `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`));
      } else firstController = cur;
    }
  }
  return errs;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateFinalizers(finalizers: unknown, f: string): FE[] {
  const errs: FE[] = [];
  const list = arr<string>(finalizers).map(str);
  for (const fin of list) for (const m of isQualifiedName(fin)) errs.push(fe.invalid(f, fin, m));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(fe.invalid(f, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  // core: validateKubeFinalizerName, per index
  list.forEach((fin, i) => {
    const p = index(f, i);
    for (const m of isQualifiedName(fin)) errs.push(fe.invalid(p, fin, m));
    if (fin.split('/').length === 1 && !STANDARD_FINALIZERS.has(fin)) {
      errs.push(fe.invalid(p, fin, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** ValidateObjectMeta (create). `nameFn` is the kind's name rule. */
export function validateObjectMeta(meta: any, requiresNamespace: boolean, nameFn: NameValidator, f = 'metadata'): FE[] {
  const errs: FE[] = [];
  const m = isObj(meta) ? meta : {};
  const generateName = str(m.generateName);
  const name = str(m.name);
  if (generateName) for (const msg of nameFn(generateName, true)) errs.push(fe.invalid(child(f, 'generateName'), generateName, msg));
  if (!name) errs.push(fe.required(child(f, 'name'), 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.push(fe.invalid(child(f, 'name'), name, msg));
  errs.push(...validateObjectMetaCommon(m, requiresNamespace, f));
  return errs;
}

function validateObjectMetaCommon(m: any, requiresNamespace: boolean, f: string): FE[] {
  const errs: FE[] = [];
  const ns = str(m.namespace);
  if (requiresNamespace) {
    if (!ns) errs.push(fe.required(child(f, 'namespace')));
    else for (const msg of isDNS1123Label(ns)) errs.push(fe.invalid(child(f, 'namespace'), ns, msg));
  } else if (ns) {
    errs.push(fe.forbidden(child(f, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(m.generation, child(f, 'generation')));
  errs.push(...validateLabels(m.labels, child(f, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(f, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(f, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, child(f, 'finalizers')));
  return errs;
}

/** ValidateObjectMetaUpdate */
export function validateObjectMetaUpdate(newMeta: any, oldMeta: any, f = 'metadata'): FE[] {
  const errs: FE[] = [];
  const n = isObj(newMeta) ? newMeta : {};
  const o = isObj(oldMeta) ? oldMeta : {};
  if (o.deletionTimestamp) {
    const oldSet = new Set(arr<string>(o.finalizers));
    const extra = [...new Set(arr<string>(n.finalizers))].filter((x) => !oldSet.has(x)).sort();
    if (extra.length) {
      errs.push(fe.forbidden(child(f, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`));
    }
  }
  if (typeof n.generation === 'number' && typeof o.generation === 'number' && n.generation < o.generation) {
    errs.push(fe.invalid(child(f, 'generation'), n.generation, 'must not be decremented'));
  }
  for (const k of ['name', 'namespace', 'uid']) {
    if (str(n[k]) !== str(o[k])) errs.push(fe.invalid(child(f, k), str(n[k]), FIELD_IMMUTABLE));
  }
  errs.push(...validateLabels(n.labels, child(f, 'labels')));
  errs.push(...validateAnnotations(n.annotations, child(f, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, child(f, 'ownerReferences')));
  errs.push(...validateFinalizers(n.finalizers, child(f, 'finalizers')));
  return errs;
}

// ---- label selectors ---------------------------------------------------------------------------

const SELECTOR_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** unversionedvalidation.ValidateLabelSelector */
export function validateLabelSelector(sel: any, f: string, allowInvalidLabelValue = false): FE[] {
  const errs: FE[] = [];
  if (!isObj(sel)) return errs;
  errs.push(...validateLabels(sel.matchLabels, child(f, 'matchLabels')));
  arr(sel.matchExpressions).forEach((r: any, i) => {
    const p = index(child(f, 'matchExpressions'), i);
    const op = str(r?.operator);
    const values = arr<string>(r?.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(fe.required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(fe.forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(fe.invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(r?.key), child(p, 'key')));
    if (!allowInvalidLabelValue) {
      values.forEach((v, vi) => {
        for (const m of isValidLabelValue(str(v))) errs.push(fe.invalid(index(child(p, 'values'), vi), str(v), m));
      });
    }
  });
  return errs;
}

export type Selector = { kind: 'nothing' } | { kind: 'everything' } | { kind: 'reqs'; match: (labels: Record<string, string>) => boolean };

/** metav1.LabelSelectorAsSelector: null on error ("invalid label selector"). */
export function labelSelectorAsSelector(sel: any): Selector | null {
  if (sel === undefined || sel === null) return { kind: 'nothing' };
  if (!isObj(sel)) return null;
  const ml = isObj(sel.matchLabels) ? sel.matchLabels : {};
  const exprs = arr(sel.matchExpressions);
  if (Object.keys(ml).length + exprs.length === 0) return { kind: 'everything' };
  const checks: ((l: Record<string, string>) => boolean)[] = [];
  for (const k of Object.keys(ml)) {
    const v = str(ml[k]);
    if (isQualifiedName(k).length || isValidLabelValue(v).length) return null;
    checks.push((l) => Object.prototype.hasOwnProperty.call(l, k) && l[k] === v);
  }
  for (const r of exprs) {
    const k = str(r?.key);
    const op = str(r?.operator);
    const values = arr<string>(r?.values).map(str);
    if (!SELECTOR_OPS.includes(op) || isQualifiedName(k).length) return null;
    if ((op === 'In' || op === 'NotIn') && values.length === 0) return null;
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) return null;
    if (values.some((v) => isValidLabelValue(v).length)) return null;
    switch (op) {
      case 'In': checks.push((l) => Object.prototype.hasOwnProperty.call(l, k) && values.includes(l[k])); break;
      case 'NotIn': checks.push((l) => !Object.prototype.hasOwnProperty.call(l, k) || !values.includes(l[k])); break;
      case 'Exists': checks.push((l) => Object.prototype.hasOwnProperty.call(l, k)); break;
      default: checks.push((l) => !Object.prototype.hasOwnProperty.call(l, k));
    }
  }
  return { kind: 'reqs', match: (l) => checks.every((c) => c(l)) };
}

export function selectorMatches(s: Selector, labels: unknown): boolean {
  const l = (isObj(labels) ? labels : {}) as Record<string, string>;
  if (s.kind === 'nothing') return false;
  if (s.kind === 'everything') return true;
  return s.match(l);
}

export function selectorEmpty(s: Selector): boolean {
  return s.kind === 'everything';
}
