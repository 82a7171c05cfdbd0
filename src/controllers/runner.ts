// Runs the controllers inside the writer's transaction until nothing changes (a fixpoint), and
// applies their actions through the API server, so every write is defaulted and validated.

import { StatusError } from '../api/errors';
import { KObject, rfc3339 } from '../api/types';
import type { ApiServer } from '../controlplane/apiserver';
import type { Action, ClusterView, Controller, EventSpec } from './types';

export const MAX_ROUNDS = 100;

/**
 * The controllers' view of the store. Lists are cached until the resource is written again within
 * the same transaction (controllers never modify what they list), so a round of several
 * controllers reading the same pods parses them once.
 */
export function clusterView(api: ApiServer): ClusterView {
  const cache = new Map<string, { serial: number; seq: number; items: KObject[] }>();
  return {
    list: (resource, namespace) => {
      const key = `${resource}\0${namespace ?? '\u0001'}`;
      const seq = api.changeSeq.get(resource) ?? 0;
      const hit = cache.get(key);
      if (hit && hit.serial === api.txSerial && hit.seq === seq && api.store.db.inTransaction) return hit.items;
      const items = api.store.list(resource, namespace);
      cache.set(key, { serial: api.txSerial, seq, items });
      return items;
    },
    get: (resource, namespace, name) => api.store.get(resource, namespace, name),
  };
}

/** Run every controller watching a changed resource, round after round, until quiet. */
export function runControllers(api: ApiServer, controllers: Controller[], changed: () => Set<string>): void {
  const view = clusterView(api);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const dirty = changed();
    if (dirty.size === 0) return;
    for (const c of controllers) {
      if (!c.watches.some((r) => dirty.has(r))) continue;
      const actions = c.reconcile(view, { now: api.deps.now(), random: api.deps.random });
      for (const a of actions) applyAction(api, a);
    }
  }
}

export function applyAction(api: ApiServer, a: Action): KObject | undefined {
  try {
    switch (a.type) {
      case 'create': return api.create(a.resource, a.object.metadata.namespace ?? '', a.object);
      case 'update': return api.update(a.resource, a.object.metadata.namespace ?? '', a.object.metadata.name!, a.object);
      case 'updateStatus': return api.updateStatus(a.resource, a.namespace, a.name, a.status);
      case 'delete': return api.delete(a.resource, a.namespace, a.name, { propagationPolicy: a.propagationPolicy });
      case 'event': return recordEvent(api, a.event);
      case 'bind': return api.bind(a.namespace, a.name, a.node, a.uid);
      default: return undefined;
    }
  } catch (e) {
    // a controller's write that the API server refuses is retried on the next change, as a real
    // controller requeues; a NotFound means someone else got there first
    if (e instanceof StatusError) return undefined;
    throw e;
  }
}

function hex(n: number, width: number): string {
  return Math.floor(n).toString(16).padStart(width, '0').slice(-width);
}

function eventKey(ns: string, uid: unknown, reason: string, message: string, component: unknown, fieldPath: unknown): string {
  return [ns, uid ?? '', reason, message, component ?? '', fieldPath ?? ''].join('\0');
}

/** The aggregation index, built with one scan per write transaction. */
function eventIndex(api: ApiServer): Map<string, string> {
  if (!api.eventIndex) {
    const m = new Map<string, string>();
    for (const x of api.store.list('events')) {
      m.set(eventKey(x.metadata.namespace ?? '', x.involvedObject?.uid, x.reason, x.message, x.source?.component, x.involvedObject?.fieldPath), x.metadata.name!);
    }
    api.eventIndex = m;
  }
  return api.eventIndex;
}

/** Record an Event as the API server stores them, aggregating a repeat into count/lastTimestamp. */
export function recordEvent(api: ApiServer, e: EventSpec): KObject | undefined {
  const inv = e.involved;
  const ns = inv.metadata.namespace || 'default';
  const nowMs = api.deps.now();
  const ts = rfc3339(nowMs);
  const index = eventIndex(api);
  const key = eventKey(ns, inv.metadata.uid, e.reason, e.message, e.component, e.fieldPath);
  const sameName = index.get(key);
  const same = sameName ? api.store.get('events', ns, sameName) : undefined;
  if (same) {
    const upd = { ...same, count: (same.count ?? 1) + 1, lastTimestamp: ts };
    return api.update('events', ns, same.metadata.name!, upd);
  }
  const name = `${inv.metadata.name}.${hex(nowMs * 1e3 + api.deps.random() * 1e3, 16)}`;
  const involvedObject: Record<string, unknown> = {
    apiVersion: inv.apiVersion, kind: inv.kind, name: inv.metadata.name, namespace: inv.metadata.namespace,
    resourceVersion: inv.metadata.resourceVersion, uid: inv.metadata.uid,
  };
  if (e.fieldPath) involvedObject.fieldPath = e.fieldPath;
  if (!inv.metadata.namespace) delete involvedObject.namespace;
  index.set(key, name);
  return api.create('events', ns, {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject,
    reason: e.reason, message: e.message,
    source: e.host ? { component: e.component, host: e.host } : { component: e.component },
    firstTimestamp: ts, lastTimestamp: ts, count: 1, type: e.type,
    eventTime: null, reportingComponent: e.component, reportingInstance: e.host ?? '',
  });
}
