// Version conversion between what a client sends/asks for and the storage version:
// Ingress extensions/v1beta1 and networking.k8s.io/v1beta1 <-> networking.k8s.io/v1
// (pkg/apis/networking/v1beta1/conversion.go + the v1beta1 defaulter for pathType),
// HorizontalPodAutoscaler autoscaling/v1 <-> autoscaling/v2, and events.k8s.io/v1 <-> core/v1 Event.
// Pure: the input object is not modified.

import type { KObject } from './types';
import { deepClone } from './types';
import type { KindInfo } from './kinds';
import { apiVersionOf } from './kinds';

type Obj = Record<string, any>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// ---- Ingress ------------------------------------------------------------------------------------

const LEGACY_INGRESS_VERSIONS = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1']);

/** v1beta1 IngressBackend -> v1 IngressBackend */
export function backendToV1(b: unknown): Obj | undefined {
  if (!isObj(b)) return undefined;
  const out: Obj = {};
  if (isObj(b.resource)) out.resource = b.resource;
  const sn = typeof b.serviceName === 'string' ? b.serviceName : '';
  const sp = b.servicePort;
  const isStr = typeof sp === 'string';
  const intVal = typeof sp === 'number' ? sp : 0;
  if (sn.length > 0 || intVal !== 0 || isStr) {
    const port: Obj = {};
    if (isStr && sp !== '') port.name = sp;
    if (!isStr && intVal !== 0) port.number = intVal;
    out.service = { name: sn, port };
  }
  return out;
}

/** v1 IngressBackend -> v1beta1 IngressBackend */
export function backendFromV1(b: unknown): Obj | undefined {
  if (!isObj(b)) return undefined;
  const out: Obj = {};
  if (isObj(b.resource)) out.resource = b.resource;
  if (isObj(b.service)) {
    out.serviceName = b.service.name ?? '';
    const port = isObj(b.service.port) ? b.service.port : {};
    out.servicePort = typeof port.name === 'string' && port.name.length > 0 ? port.name : (port.number ?? 0);
  }
  return out;
}

function ingressToV1(o: KObject): KObject {
  const spec = isObj(o.spec) ? o.spec : {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'backend' || k === 'rules') continue;
    out[k] = v;
  }
  if (isObj(spec.backend)) out.defaultBackend = backendToV1(spec.backend);
  if (Array.isArray(spec.rules)) {
    out.rules = spec.rules.map((r: any) => {
      if (!isObj(r)) return r;
      const rule: Obj = { ...r };
      if (isObj(r.http)) {
        rule.http = {
          ...r.http,
          paths: Array.isArray(r.http.paths) ? r.http.paths.map((p: any) => {
            if (!isObj(p)) return p;
            const np: Obj = {};
            if (p.path !== undefined && p.path !== null && p.path !== '') np.path = p.path;
            // v1beta1 defaulting: pathType ImplementationSpecific
            np.pathType = p.pathType ?? 'ImplementationSpecific';
            np.backend = backendToV1(p.backend) ?? {};
            for (const [k, v] of Object.entries(p)) if (!['path', 'pathType', 'backend'].includes(k)) np[k] = v;
            return np;
          }) : r.http.paths,
        };
      }
      return rule;
    });
  }
  o.spec = out;
  return o;
}

function ingressFromV1(o: KObject): KObject {
  const spec = isObj(o.spec) ? o.spec : {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'defaultBackend' || k === 'rules') continue;
    out[k] = v;
  }
  if (isObj(spec.defaultBackend)) out.backend = backendFromV1(spec.defaultBackend);
  if (Array.isArray(spec.rules)) {
    out.rules = spec.rules.map((r: any) => {
      if (!isObj(r) || !isObj(r.http)) return r;
      return {
        ...r,
        http: {
          ...r.http,
          paths: Array.isArray(r.http.paths)
            ? r.http.paths.map((p: any) => (isObj(p) ? { ...p, backend: backendFromV1(p.backend) ?? {} } : p))
            : r.http.paths,
        },
      };
    });
  }
  o.spec = out;
  return o;
}

// ---- HorizontalPodAutoscaler ---------------------------------------------------------------------

function hpaV1ToV2(o: KObject): KObject {
  const spec = isObj(o.spec) ? o.spec : {};
  const out: Obj = {};
  if (spec.scaleTargetRef !== undefined) out.scaleTargetRef = spec.scaleTargetRef;
  if (spec.minReplicas !== undefined) out.minReplicas = spec.minReplicas;
  if (spec.maxReplicas !== undefined) out.maxReplicas = spec.maxReplicas;
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    out.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }];
  }
  o.spec = out;
  if (isObj(o.status)) {
    const st = o.status;
    const ns: Obj = {};
    for (const k of ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas']) if (st[k] !== undefined) ns[k] = st[k];
    if (typeof st.currentCPUUtilizationPercentage === 'number') {
      ns.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: st.currentCPUUtilizationPercentage } } }];
    }
    o.status = ns;
  }
  return o;
}

function hpaV2ToV1(o: KObject): KObject {
  const spec = isObj(o.spec) ? o.spec : {};
  const out: Obj = {};
  if (spec.scaleTargetRef !== undefined) out.scaleTargetRef = spec.scaleTargetRef;
  if (spec.minReplicas !== undefined) out.minReplicas = spec.minReplicas;
  if (spec.maxReplicas !== undefined) out.maxReplicas = spec.maxReplicas;
  const cpu = (Array.isArray(spec.metrics) ? spec.metrics : []).find((m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu'
    && m.resource?.target?.type === 'Utilization');
  if (cpu && typeof cpu.resource.target.averageUtilization === 'number') out.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  o.spec = out;
  if (isObj(o.status)) {
    const st = o.status;
    const ns: Obj = {};
    for (const k of ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas']) if (st[k] !== undefined) ns[k] = st[k];
    const cur = (Array.isArray(st.currentMetrics) ? st.currentMetrics : []).find((m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu');
    if (cur && typeof cur.resource?.current?.averageUtilization === 'number') ns.currentCPUUtilizationPercentage = cur.resource.current.averageUtilization;
    o.status = ns;
  }
  return o;
}

// ---- Event --------------------------------------------------------------------------------------

const EVENT_V1_TO_CORE: [string, string][] = [
  ['regarding', 'involvedObject'], ['note', 'message'], ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'], ['deprecatedLastTimestamp', 'lastTimestamp'], ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];
const EVENT_SAME = ['type', 'reason', 'action', 'reportingInstance', 'series', 'related', 'eventTime'];

function eventToCore(o: KObject): KObject {
  const out: KObject = { apiVersion: 'v1', kind: 'Event', metadata: o.metadata };
  for (const [from, to] of EVENT_V1_TO_CORE) if (o[from] !== undefined) out[to] = o[from];
  for (const k of EVENT_SAME) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function eventFromCore(o: KObject): KObject {
  const out: KObject = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: o.metadata };
  for (const [to, from] of EVENT_V1_TO_CORE) if (o[from] !== undefined) out[to] = o[from];
  for (const k of EVENT_SAME) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

// ---- entry points -------------------------------------------------------------------------------

/**
 * Convert an object sent as `fromApiVersion` to the kind's storage version (`info.version`).
 * Objects already in the storage version are returned as a copy with apiVersion/kind set.
 */
export function convertToStorage(o: KObject, fromApiVersion: string, info: KindInfo): KObject {
  let out = deepClone(o);
  const storage = apiVersionOf(info);
  if (info.kind === 'Ingress' && LEGACY_INGRESS_VERSIONS.has(fromApiVersion)) out = ingressToV1(out);
  else if (info.kind === 'HorizontalPodAutoscaler' && fromApiVersion === 'autoscaling/v1') out = hpaV1ToV2(out);
  else if (info.kind === 'Event' && fromApiVersion === 'events.k8s.io/v1') out = eventToCore(out);
  out.apiVersion = storage;
  out.kind = info.kind;
  return out;
}

/** Convert a stored object to `toApiVersion` (for reads in an older or alternative version). */
export function convertFromStorage(o: KObject, toApiVersion: string): KObject {
  let out = deepClone(o);
  if (out.apiVersion === toApiVersion) return out;
  if (out.kind === 'Ingress' && LEGACY_INGRESS_VERSIONS.has(toApiVersion)) out = ingressFromV1(out);
  else if (out.kind === 'HorizontalPodAutoscaler' && toApiVersion === 'autoscaling/v1') out = hpaV2ToV1(out);
  else if (out.kind === 'Event' && toApiVersion === 'events.k8s.io/v1') out = eventFromCore(out);
  out.apiVersion = toApiVersion;
  return out;
}
