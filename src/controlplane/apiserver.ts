// The in-process API server: (verb, resource, namespace, name, body, options) in; an object, a
// list or a StatusError out — the request handler of a kube-apiserver, run synchronously inside
// the store's write transaction. decode → default → admit → validate → allocate → store, then the
// controllers run to a fixpoint in the same transaction.

import {
  StatusError, notFound, alreadyExists, conflict, invalid, badRequest, field, FieldError,
} from '../api/errors';
import { KindInfo, kindByResource, resolveApiVersionKind, apiVersionOf } from '../api/kinds';
import { KObject, KList, deepClone, canonicalJSON, rfc3339 } from '../api/types';
import { SqliteStore, StoreError } from '../store/sqlite';

// The write path's modules load on first use, so read-only commands (`kctl get`) start fast.
/* eslint-disable @typescript-eslint/no-var-requires */
const lazy = {
  get defaults() { return require('../api/defaults') as typeof import('../api/defaults'); },
  get validation() { return require('../api/validation') as typeof import('../api/validation'); },
  get conversion() { return require('../api/conversion') as typeof import('../api/conversion'); },
  get names() { return require('../api/names') as typeof import('../api/names'); },
  get strict() { return require('../api/strict') as typeof import('../api/strict'); },
  get allocators() { return require('./allocators') as typeof import('./allocators'); },
};
/* eslint-enable @typescript-eslint/no-var-requires */
const applyDefaults = (o: KObject, i: KindInfo, old?: KObject) => lazy.defaults.applyDefaults(o, i, { old });
const admitServiceAccount = (o: KObject, r: string) => lazy.defaults.admitServiceAccount(o, r);
const usesGeneration = (i: KindInfo) => lazy.defaults.usesGeneration(i);
const validateObject = (o: KObject, i: KindInfo) => lazy.validation.validateObject(o, i);
const validateUpdate = (o: KObject, old: KObject, i: KindInfo) => lazy.validation.validateUpdate(o, old, i);
const convertToStorage = (o: KObject, v: string, i: KindInfo) => lazy.conversion.convertToStorage(o, v, i);
const randomString = (n: number, r: () => number) => lazy.names.randomString(n, r);
const allocateServiceAddresses = (s: KObject, old: KObject | undefined, all: KObject[], r: () => number) =>
  lazy.allocators.allocateServiceAddresses(s, old, all, r);

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
export type PatchType = 'strategic' | 'merge' | 'json' | 'apply';

export interface RequestOptions {
  dryRun?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  /** Foreground | Background | Orphan */
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  /** update/patch of the status subresource */
  subresource?: 'status';
  fieldManager?: string;
  /** list: drop fields no table printer reads (kctl's own option, for `get` tables) */
  forTable?: boolean;
  /** fieldValidation: Strict (kubectl's default), Warn or Ignore — unknown fields in the body */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}


export interface ApiRequest {
  verb: Verb;
  resource: string;
  namespace?: string;
  name?: string;
  body?: unknown;
  patchType?: PatchType;
  options?: RequestOptions;
}

export interface Deps {
  now: () => number;
  random: () => number;
  uuid: () => string;
}

type Controller = import('../controllers/types').Controller;

/** kinds whose status the API server resets on create (their status belongs to controllers / kubelet) */
const STATUS_RESET_ON_CREATE = new Set(['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs',
  'services', 'ingresses', 'namespaces', 'replicationcontrollers', 'horizontalpodautoscalers', 'poddisruptionbudgets',
  'persistentvolumeclaims']);

function mustInfo(resource: string): KindInfo {
  const info = kindByResource(resource);
  if (!info) throw new StatusError('NotFound', 'the server could not find the requested resource');
  return info;
}

function sameContent(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => {
    const c = deepClone(o);
    delete c.metadata.resourceVersion;
    delete c.metadata.managedFields;
    return canonicalJSON(c);
  };
  return strip(a) === strip(b);
}

/**
 * Go's `omitempty` on map fields: an emptied map (all labels removed by a patch) is not stored,
 * as the API server's typed round trip drops it.
 */
function dropEmptyMaps(obj: KObject): void {
  const empty = (v: unknown) => v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0;
  for (const k of ['labels', 'annotations']) if (empty(obj.metadata[k])) delete obj.metadata[k];
  for (const k of ['data', 'binaryData', 'stringData']) if (empty(obj[k])) delete obj[k];
  if (obj.spec && typeof obj.spec === 'object') {
    for (const k of ['selector', 'nodeSelector']) if (empty(obj.spec[k]) && obj.kind !== 'Deployment' && obj.kind !== 'ReplicaSet') delete obj.spec[k];
  }
}

export class ApiServer {
  readonly store: SqliteStore;
  readonly deps: Deps;
  /** warnings for the client (printed by kubectl as `Warning: ...`) */
  warnings: string[] = [];
  /** where warnings go as they happen (the CLI prints them); otherwise they collect in `warnings` */
  onWarning?: (msg: string) => void;
  /** the controllers run after each write; loaded on the first write (reads don't need them) */
  controllers?: Controller[];
  /** set false for a bare API server (unit tests of the API machinery) */
  runControllers = true;
  /** kubectl --record: the command line, recorded in kubernetes.io/change-cause of what a request writes */
  changeCause?: string;

  private recordCause(obj: KObject): void {
    if (!this.changeCause || this.reconciling) return;
    obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), 'kubernetes.io/change-cause': this.changeCause };
  }
  private reconciling = false;
  private changed = new Set<string>();

  constructor(store: SqliteStore, deps: Deps) {
    this.store = store;
    this.deps = deps;
  }

  handle(req: ApiRequest): KObject | KList {
    const o = req.options ?? {};
    switch (req.verb) {
      case 'get': return this.get(req.resource, req.namespace ?? '', req.name!);
      case 'list': return this.list(req.resource, req.namespace, o);
      case 'create': return this.create(req.resource, req.namespace ?? '', req.body as KObject, o);
      case 'update': return this.update(req.resource, req.namespace ?? '', req.name!, req.body as KObject, o);
      case 'patch': return this.patch(req.resource, req.namespace ?? '', req.name!, req.patchType ?? 'strategic', req.body, o);
      case 'delete': return this.delete(req.resource, req.namespace ?? '', req.name!, o);
      case 'deletecollection': return this.deleteCollection(req.resource, req.namespace, o);
      default: throw new StatusError('MethodNotAllowed', `verb ${req.verb} is not supported`);
    }
  }

  /** Run `fn` in one write transaction, then the controllers to a fixpoint, all atomically. */
  write<T>(fn: () => T): T {
    const outer = !this.store.db.inTransaction;
    if (outer) {
      // another process may have written since: caches built in an earlier transaction are stale
      this.eventIndex = undefined;
      this.changeSeq.clear();
      this.txSerial++;
    }
    return this.store.tx(() => {
      const r = fn();
      this.reconcile();
      return r;
    });
  }

  /** counts top-level write transactions (list caches are valid within one) */
  txSerial = 0;

  private reconcile(): void {
    if (this.reconciling || !this.runControllers || this.changed.size === 0) return;
    if (!this.controllers) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      this.controllers = (require('../controllers') as typeof import('../controllers')).defaultControllers();
    }
    this.reconciling = true;
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { runControllers } = require('../controllers/runner') as typeof import('../controllers/runner');
      runControllers(this, this.controllers, () => {
        const c = this.changed;
        this.changed = new Set();
        return c;
      });
    } finally {
      this.reconciling = false;
      this.changed.clear();
    }
  }

  private nsKey(info: KindInfo, namespace: string): string {
    return info.namespaced ? namespace : '';
  }

  get(resource: string, namespace: string, name: string): KObject {
    const info = mustInfo(resource);
    const obj = this.store.get(resource, this.nsKey(info, namespace), name);
    if (!obj) throw notFound(resource, info.group, name);
    return obj;
  }

  tryGet(resource: string, namespace: string, name: string): KObject | undefined {
    const info = mustInfo(resource);
    return this.store.get(resource, this.nsKey(info, namespace), name);
  }

  list(resource: string, namespace: string | undefined, opts: RequestOptions = {}): KList {
    const info = mustInfo(resource);
    const ns = info.namespaced ? namespace : undefined;
    let items = opts.forTable ? this.store.listForTable(resource, ns) : this.store.list(resource, ns);
    if (opts.labelSelector || opts.fieldSelector) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const sel = require('../api/selectors') as typeof import('../api/selectors');
      if (opts.labelSelector) {
        const ls = sel.parseLabelSelector(opts.labelSelector);
        items = items.filter((o) => sel.matchLabels(ls, o.metadata.labels ?? {}));
      }
      if (opts.fieldSelector) {
        const fs = sel.parseFieldSelector(opts.fieldSelector);
        items = items.filter((o) => sel.matchFieldSelector(fs, o, resource));
      }
    }
    return {
      apiVersion: apiVersionOf(info), kind: `${info.kind}List`,
      metadata: { resourceVersion: String(this.store.rv()) }, items,
    };
  }

  /**
   * Strict field validation of a request body (the server's strict decoding): an unknown field is a
   * BadRequest under Strict, a warning under Warn.
   */
  checkFields(info: KindInfo, body: KObject, opts: RequestOptions): string[] {
    const mode = opts.fieldValidation ?? 'Strict';
    if (!body || typeof body !== 'object') return [];
    const apiVersion = body.apiVersion ?? apiVersionOf(info);
    const paths = lazy.strict.unknownFields(body, info.kind, apiVersion);
    if (paths.length === 0 || mode === 'Ignore') return paths;
    const r = lazy.strict.checkStrict(body, info.kind, apiVersion, mode === 'Strict' ? 'strict' : 'warn');
    if (r.error) throw badRequest(r.error);
    for (const w of r.warnings) this.warn(w);
    return paths;
  }

  /** What a typed decode does with fields it doesn't know (Warn/Ignore): they are not stored. */
  private static prune(obj: KObject, paths: string[]): void {
    for (const p of paths) {
      const parts = p.replace(/\[(\d+)\]/g, '.$1').split('.');
      let cur: any = obj;
      for (let i = 0; i < parts.length - 1 && cur && typeof cur === 'object'; i++) cur = cur[parts[i]];
      if (cur && typeof cur === 'object') delete cur[parts[parts.length - 1]];
    }
  }

  /** Decode a request body: check apiVersion/kind, convert legacy versions, collect warnings. */
  decode(info: KindInfo, body: KObject, unknownFields: string[] = []): KObject {
    if (!body || typeof body !== 'object') throw badRequest('the body of the request was in an unknown format');
    let obj = deepClone(body);
    if (unknownFields.length) ApiServer.prune(obj, unknownFields);
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
    const apiVersion = obj.apiVersion ?? apiVersionOf(info);
    const kind = obj.kind ?? info.kind;
    const rt = resolveApiVersionKind(apiVersion, kind);
    if (!rt || rt.info !== info) {
      throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(info)})`);
    }
    if (rt.warning) this.warn(rt.warning);
    if (apiVersion !== apiVersionOf(info)) obj = convertToStorage(obj, apiVersion, info);
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    return obj;
  }

  private checkNamespace(info: KindInfo, obj: KObject, namespace: string): string {
    if (!info.namespaced) {
      delete obj.metadata.namespace;
      return '';
    }
    const ns = obj.metadata.namespace || namespace || 'default';
    if (namespace && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = ns;
    return ns;
  }

  private requireNamespace(ns: string, forCreate: boolean): void {
    const nsObj = this.store.get('namespaces', '', ns);
    if (!nsObj) throw notFound('namespaces', '', ns);
    if (forCreate && (nsObj.status?.phase === 'Terminating' || nsObj.metadata.deletionTimestamp)) {
      throw new StatusError('Forbidden', `unable to create new content in namespace ${ns} because it is being terminated`);
    }
  }

  private validate(info: KindInfo, obj: KObject, old?: KObject): void {
    // validateUpdate is the complete update validation (it includes the object's own)
    const all: FieldError[] = old ? validateUpdate(obj, old, info) : validateObject(obj, info);
    const seen = new Set<string>();
    const errs = all.filter((e) => {
      const k = `${e.field}\0${e.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
    if (errs.length) throw invalid(info.kind, obj.metadata.name ?? '', errs);
  }

  private allocate(info: KindInfo, obj: KObject, old?: KObject): void {
    if (info.resource !== 'services') return;
    const errs = allocateServiceAddresses(obj, old, this.store.list('services'), this.deps.random);
    if (errs.length) throw invalid(info.kind, obj.metadata.name ?? '', errs);
  }

  create(resource: string, namespace: string, body: KObject, opts: RequestOptions = {}): KObject {
    const info = mustInfo(resource);
    return this.write(() => {
      const unknown = this.checkFields(info, body, opts);
      const obj = this.decode(info, body, unknown);
      const ns = this.checkNamespace(info, obj, namespace);
      dropEmptyMaps(obj);
      const md = obj.metadata;
      if (md.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
      if (!md.name && md.generateName) md.name = md.generateName.slice(0, 58) + randomString(5, this.deps.random);
      if (!md.name) throw invalid(info.kind, '', [field.required('metadata.name', 'name or generateName is required')]);
      this.recordCause(obj);
      if (info.namespaced) this.requireNamespace(ns, true);
      md.uid = this.deps.uuid();
      md.creationTimestamp = rfc3339(this.deps.now());
      delete md.deletionTimestamp;
      delete md.managedFields;
      if (usesGeneration(info)) md.generation = 1; else delete md.generation;
      if (STATUS_RESET_ON_CREATE.has(resource)) obj.status = {};
      applyDefaults(obj, info);
      if (resource === 'pods') admitServiceAccount(obj, randomString(5, this.deps.random));
      this.validate(info, obj);
      this.allocate(info, obj);
      if (this.store.get(resource, ns, md.name)) throw alreadyExists(resource, info.group, md.name);
      if (opts.dryRun) return obj;
      const stored = this.store.create(resource, obj);
      this.noteChange(resource);
      if (resource === 'namespaces') this.onNamespaceCreated(stored);
      return stored;
    });
  }

  /** Replace an object (PUT). A resourceVersion in the body must match the stored one. */
  update(resource: string, namespace: string, name: string, body: KObject, opts: RequestOptions = {}): KObject {
    const info = mustInfo(resource);
    return this.write(() => {
      const unknown = this.checkFields(info, body, opts);
      const obj = this.decode(info, body, unknown);
      const ns = this.checkNamespace(info, obj, namespace);
      if (obj.metadata.name && obj.metadata.name !== name) throw badRequest('the name of the object does not match the name on the URL');
      obj.metadata.name = name;
      const old = this.store.get(resource, ns, name);
      if (!old) throw notFound(resource, info.group, name);
      const rv = obj.metadata.resourceVersion;
      if (rv && rv !== old.metadata.resourceVersion) throw conflict(resource, info.group, name);
      return this.updateFrom(info, old, obj, opts);
    });
  }

  /** Shared tail of update and patch: carry server fields, default, validate, store if changed. */
  private updateFrom(info: KindInfo, old: KObject, obj: KObject, opts: RequestOptions): KObject {
    const resource = info.resource;
    dropEmptyMaps(obj);
    const md = obj.metadata;
    if (md.uid && md.uid !== old.metadata.uid) {
      throw new StatusError('Conflict', `Precondition failed: UID in precondition: ${md.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    md.uid = old.metadata.uid;
    md.creationTimestamp = old.metadata.creationTimestamp;
    md.resourceVersion = old.metadata.resourceVersion;
    if (old.metadata.deletionTimestamp) md.deletionTimestamp = old.metadata.deletionTimestamp;
    else delete md.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) md.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    else delete md.deletionGracePeriodSeconds;
    delete md.managedFields;
    if (opts.subresource !== 'status') this.recordCause(obj);
    if (opts.subresource === 'status') {
      // only status changes through the status subresource
      const s = obj.status;
      const keep = deepClone(old);
      keep.status = s;
      return this.commit(info, old, keep, opts);
    }
    if (old.status !== undefined && STATUS_RESET_ON_CREATE.has(resource)) obj.status = deepClone(old.status);
    applyDefaults(obj, info, old);
    if (resource === 'pods') {
      // ServiceAccount admission ran on create; keep what it added
      obj.spec.volumes = obj.spec.volumes ?? old.spec.volumes;
    }
    if (usesGeneration(info)) {
      const specChanged = canonicalJSON(obj.spec ?? null) !== canonicalJSON(old.spec ?? null);
      md.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    if (resource === 'services') lazy.allocators.normalizeClusterIPs(obj, old);
    this.validate(info, obj, old);
    this.allocate(info, obj, old);
    return this.commit(info, old, obj, opts);
  }

  private commit(info: KindInfo, old: KObject, obj: KObject, opts: RequestOptions): KObject {
    if (sameContent(old, obj)) return old;
    if (opts.dryRun) return obj;
    try {
      const stored = this.store.update(info.resource, obj, old.metadata.resourceVersion);
      this.noteChange(info.resource);
      return stored;
    } catch (e) {
      if (e instanceof StoreError && e.code === 'conflict') throw conflict(info.resource, info.group, obj.metadata.name!);
      throw e;
    }
  }

  /**
   * The pods/binding subresource: set a pending pod's node once (the scheduler's write), with
   * PodScheduled=True, bypassing the pod update validation that forbids changing spec.nodeName.
   */
  bind(namespace: string, name: string, node: string, uid?: string): KObject {
    return this.write(() => {
      const pod = this.get('pods', namespace, name);
      const refuse = (why: string) => new StatusError('Conflict', `Operation cannot be fulfilled on pods/binding "${name}": ${why}`);
      if (uid && pod.metadata.uid !== uid) throw refuse(`the UID in the precondition (${uid}) does not match the UID in record (${pod.metadata.uid}). The object might have been deleted and then recreated`);
      if (!this.store.get('nodes', '', node)) throw new StatusError('NotFound', `nodes "${node}" not found`);
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { bindPod } = require('../controllers/scheduler') as typeof import('../controllers/scheduler');
      const r = bindPod(pod, node, this.deps.now());
      if (r.error || !r.pod) throw refuse(r.error ?? 'binding failed');
      const stored = this.store.update('pods', r.pod, pod.metadata.resourceVersion);
      this.noteChange('pods');
      return stored;
    });
  }

  /** Update only the status (what the kubelet and controllers do). */
  updateStatus(resource: string, namespace: string, name: string, status: unknown, opts: RequestOptions = {}): KObject {
    const info = mustInfo(resource);
    return this.write(() => {
      const old = this.get(resource, namespace, name);
      const obj = deepClone(old);
      obj.status = status;
      return this.commit(info, old, obj, opts);
    });
  }

  patch(resource: string, namespace: string, name: string, type: PatchType, patch: unknown, opts: RequestOptions = {}): KObject {
    const info = mustInfo(resource);
    return this.write(() => {
      const old = this.get(resource, namespace, name);
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const m = require('../api/merge') as typeof import('../api/merge');
      let patched: KObject;
      const p = typeof patch === 'string' ? JSON.parse(patch) : patch;
      if (type === 'json') patched = m.jsonPatch(deepClone(old), p as any) as KObject;
      else if (type === 'merge') patched = m.jsonMergePatch(deepClone(old), p) as KObject;
      else patched = m.strategicMergePatch(deepClone(old), p, info.kind) as KObject;
      if (!patched || typeof patched !== 'object') throw badRequest('the patch resulted in an invalid object');
      if (!patched.metadata) patched.metadata = {};
      const obj = this.decode(info, { ...patched, apiVersion: apiVersionOf(info), kind: info.kind });
      if (obj.metadata.name !== name) throw invalid(info.kind, name, [field.invalid('metadata.name', obj.metadata.name ?? '', 'field is immutable')]);
      if (info.namespaced && obj.metadata.namespace !== old.metadata.namespace) {
        throw invalid(info.kind, name, [field.invalid('metadata.namespace', obj.metadata.namespace ?? '', 'field is immutable')]);
      }
      const rv = (p as any)?.metadata?.resourceVersion;
      if (rv && rv !== old.metadata.resourceVersion) throw conflict(resource, info.group, name);
      return this.updateFrom(info, old, obj, opts);
    });
  }

  delete(resource: string, namespace: string, name: string, opts: RequestOptions = {}): KObject {
    const info = mustInfo(resource);
    return this.write(() => {
      const ns = this.nsKey(info, namespace);
      const obj = this.store.get(resource, ns, name);
      if (!obj) throw notFound(resource, info.group, name);
      if (opts.dryRun) return obj;
      return this.remove(info, obj, opts);
    });
  }

  /** Delete one stored object and what hangs off it (namespace contents; dependents by ownerReferences). */
  remove(info: KindInfo, obj: KObject, opts: RequestOptions = {}): KObject {
    const resource = info.resource;
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name!;
    if (resource === 'namespaces') {
      if (['default', 'kube-system', 'kube-public'].includes(name)) {
        throw new StatusError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`);
      }
    }
    if (resource === 'pods' && opts.gracePeriodSeconds !== 0 && this.runsOnANode(obj)) return this.deleteGracefully(obj, opts);
    const gone = this.store.delete(resource, ns, name);
    this.noteChange(resource);
    if (resource === 'namespaces') this.onNamespaceDeleted(name);
    // the endpoints controller deletes a deleted Service's Endpoints
    if (resource === 'services' && this.store.get('endpoints', ns, name)) {
      this.store.delete('endpoints', ns, name);
      this.noteChange('endpoints');
    }
    if (opts.propagationPolicy !== 'Orphan') this.collectDependents(obj, opts);
    else this.orphanDependents(obj);
    return gone;
  }

  /** A pod whose containers a node agent has started (it must stop them before the pod goes). */
  private runsOnANode(pod: KObject): boolean {
    const phase = pod.status?.phase;
    return !!pod.spec?.nodeName && !!pod.status?.podIP && phase !== 'Succeeded' && phase !== 'Failed'
      && !!this.store.get('nodes', '', pod.spec.nodeName);
  }

  /**
   * Graceful pod deletion: the pod gets a deletionTimestamp (now + grace) and stays, Terminating,
   * until its kubelet has stopped its containers and deletes it with grace period 0. A second delete
   * can only shorten the grace period.
   */
  private deleteGracefully(pod: KObject, opts: RequestOptions): KObject {
    const spec = pod.spec?.terminationGracePeriodSeconds;
    let grace = opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds >= 0 ? opts.gracePeriodSeconds : typeof spec === 'number' ? spec : 30;
    const md = pod.metadata;
    if (md.deletionTimestamp && typeof md.deletionGracePeriodSeconds === 'number' && md.deletionGracePeriodSeconds <= grace) return pod;
    if (grace < 1) grace = 1;
    const obj = deepClone(pod);
    obj.metadata.deletionTimestamp = rfc3339(this.deps.now() + grace * 1000);
    obj.metadata.deletionGracePeriodSeconds = grace;
    const saved = this.store.update('pods', obj);
    this.noteChange('pods');
    return saved;
  }

  deleteCollection(resource: string, namespace: string | undefined, opts: RequestOptions = {}): KList {
    const info = mustInfo(resource);
    return this.write(() => {
      const list = this.list(resource, namespace, opts);
      const items: KObject[] = [];
      for (const o of list.items) {
        if (!this.store.get(resource, o.metadata.namespace ?? '', o.metadata.name!)) continue;
        items.push(opts.dryRun ? o : this.remove(info, o, opts));
      }
      return { ...list, items };
    });
  }

  /** Garbage collection by ownerReferences (background propagation, run synchronously). */
  private collectDependents(owner: KObject, opts: RequestOptions): void {
    const uid = owner.metadata.uid;
    const ns = owner.metadata.namespace;
    if (!uid) return;
    for (const ki of DEPENDENT_KINDS) {
      const info = kindByResource(ki)!;
      const candidates = ns !== undefined && info.namespaced ? this.store.list(ki, ns) : info.namespaced ? [] : this.store.list(ki);
      for (const d of candidates) {
        const refs = d.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === uid)) continue;
        if (refs.length > 1) {
          const obj = deepClone(d);
          obj.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
          this.store.update(ki, obj);
          this.noteChange(ki);
          continue;
        }
        this.remove(info, d, opts);
      }
    }
  }

  private orphanDependents(owner: KObject): void {
    const uid = owner.metadata.uid;
    const ns = owner.metadata.namespace;
    if (!uid || ns === undefined) return;
    for (const ki of DEPENDENT_KINDS) {
      if (!kindByResource(ki)!.namespaced) continue;
      for (const d of this.store.list(ki, ns)) {
        const refs = d.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === uid)) continue;
        const obj = deepClone(d);
        obj.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
        if (obj.metadata.ownerReferences.length === 0) delete obj.metadata.ownerReferences;
        this.store.update(ki, obj);
        this.noteChange(ki);
      }
    }
  }

  private onNamespaceCreated(ns: KObject): void {
    const name = ns.metadata.name!;
    if (!this.store.get('serviceaccounts', name, 'default')) {
      this.create('serviceaccounts', name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    }
  }

  /** Namespace deletion: everything in it goes (the namespace controller's work, done at once). */
  private onNamespaceDeleted(ns: string): void {
    for (const { resource } of NAMESPACED_RESOURCES()) {
      for (const o of this.store.list(resource, ns)) {
        this.store.delete(resource, ns, o.metadata.name!);
        this.noteChange(resource);
      }
    }
  }

  warn(msg: string): void {
    if (this.onWarning) this.onWarning(msg);
    else this.warnings.push(msg);
  }

  /** pods were written by this process (the CLI then makes sure a node agent runs them) */
  podsWritten = false;
  /** services were written by this process (the CLI then checks their NodePorts on 127.0.0.1) */
  servicesWritten = false;

  noteChange(resource: string): void {
    if (resource === 'pods') this.podsWritten = true;
    if (resource === 'services') this.servicesWritten = true;
    this.changed.add(resource);
    this.changeSeq.set(resource, (this.changeSeq.get(resource) ?? 0) + 1);
  }

  /** per-resource write counters: a cache of a resource's list is good while its counter stands */
  readonly changeSeq = new Map<string, number>();
  /** Events by (namespace, involved uid, reason, message, source, fieldPath) → name, for aggregation */
  eventIndex?: Map<string, string>;
}

/** resources whose objects can carry ownerReferences that kctl's controllers set */
const DEPENDENT_KINDS = ['replicasets', 'pods', 'jobs', 'endpointslices', 'controllerrevisions', 'endpoints', 'events',
  'configmaps', 'secrets', 'services', 'persistentvolumeclaims'];

let nsResources: KindInfo[] | undefined;
function NAMESPACED_RESOURCES(): KindInfo[] {
  if (!nsResources) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    nsResources = (require('../api/kinds') as typeof import('../api/kinds')).KINDS.filter((k) => k.namespaced);
  }
  return nsResources;
}
