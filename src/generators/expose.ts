// `kubectl expose (-f FILE | TYPE NAME) [--port] [--target-port] [--protocol] [--name] [--type] ...`
// (kubectl/pkg/cmd/expose/expose.go + polymorphichelpers canbeexposed/mapbasedselectorforobject/
// portsforobject/multiprotocolsforobject, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { CommonOptions, atoi, atoiError, intstrParse, int32, objectMeta, recordChangeCause, sortKeys } from './common';
import { applyOverrides } from './overrides';

export interface ExposeOptions extends CommonOptions {
  /** --port: the service port ('' = take the source's ports) */
  port?: string;
  /** --protocol ('' = from the source's ports, else TCP) */
  protocol?: string;
  /** --target-port (number or name; '' = same as port) */
  targetPort?: string;
  /** --name ('' = the source's name, cut to 63 characters) */
  name?: string;
  /** --type */
  type?: string;
  /** --cluster-ip ('None' = headless) */
  clusterIp?: string;
  /** --session-affinity ('None' | 'ClientIP') */
  sessionAffinity?: string;
  /** --external-ip */
  externalIp?: string;
  /** --load-balancer-ip (used only with --type=LoadBalancer) */
  loadBalancerIp?: string;
  /** --selector `k=v,...` ('' = from the source) */
  selector?: string;
  /** -l/--labels `k=v,...` ('' = the source's labels) */
  labels?: string;
  /** --overrides inline JSON */
  overrides?: string;
  /** --override-type (default merge) */
  overrideType?: string;
  strategicMerge?: (obj: KObject, patch: unknown) => KObject;
  /** --record: the change cause to annotate (see changeCause()) */
  changeCause?: string;
}

function groupOf(o: KObject): string {
  const av = o.apiVersion ?? '';
  return av.includes('/') ? av.split('/')[0] : '';
}

/** polymorphichelpers.canBeExposed: `cannot expose a Kind[.group]` for anything else. */
export function checkCanBeExposed(source: KObject): void {
  const group = groupOf(source);
  const kind = source.kind ?? '';
  const ok = (group === '' && ['ReplicationController', 'Service', 'Pod'].includes(kind))
    || ((group === 'apps' || group === 'extensions') && ['Deployment', 'ReplicaSet'].includes(kind));
  if (!ok) throw new CliError(`cannot expose a ${group ? `${kind}.${group}` : kind}`);
}

/** Go's %+v of []metav1.LabelSelectorRequirement */
function formatExpressions(exprs: { key?: string; operator?: string; values?: string[] }[]): string {
  return `[${exprs.map((e) => `{Key:${e.key ?? ''} Operator:${e.operator ?? ''} Values:[${(e.values ?? []).join(' ')}]}`).join(' ')}]`;
}

/** polymorphichelpers.MakeLabels: `k=v,k2=v2` (Go map order is random; kctl uses key order). */
function makeLabels(m: Record<string, string> | undefined | null): string {
  return Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}

/** mapBasedSelectorForObject */
export function selectorForObject(source: KObject): string {
  const kind = source.kind;
  const group = groupOf(source);
  const spec = source.spec ?? {};
  switch (kind) {
    case 'ReplicationController':
      return makeLabels(spec.selector);
    case 'Pod':
      if (!Object.keys(source.metadata?.labels ?? {}).length) throw new Error('the pod has no labels and cannot be exposed');
      return makeLabels(source.metadata.labels);
    case 'Service':
      if (spec.selector == null) throw new Error('the service has no pod selector set');
      return makeLabels(spec.selector);
    case 'Deployment':
    case 'ReplicaSet': {
      const what = kind === 'Deployment' ? 'deployment' : 'replicaset';
      if (group === 'extensions') {
        let labels: Record<string, string> | undefined;
        if (spec.selector) {
          if (spec.selector.matchExpressions?.length) {
            throw new Error(`couldn't convert expressions - "${formatExpressions(spec.selector.matchExpressions)}" to map-based selector format`);
          }
          labels = spec.selector.matchLabels;
        } else {
          labels = spec.template?.metadata?.labels;
        }
        if (!Object.keys(labels ?? {}).length) {
          throw new Error(`the ${kind === 'Deployment' ? 'deployment' : 'replica set'} has no labels or selectors and cannot be exposed`);
        }
        return makeLabels(labels);
      }
      if (!spec.selector || !Object.keys(spec.selector.matchLabels ?? {}).length) {
        throw new Error(`invalid ${what}: no selectors, therefore cannot be exposed`);
      }
      if (spec.selector.matchExpressions?.length) {
        throw new Error(`couldn't convert expressions - "${formatExpressions(spec.selector.matchExpressions)}" to map-based selector format`);
      }
      return makeLabels(spec.selector.matchLabels);
    }
  }
  throw new Error(`cannot extract pod selector from *${kind}`);
}

function podSpecOf(source: KObject): { containers?: { ports?: { containerPort?: number; protocol?: string }[] }[] } {
  return source.kind === 'Pod' ? (source.spec ?? {}) : (source.spec?.template?.spec ?? {});
}

/** portsForObject: the distinct container ports (or Service ports), in order. */
export function portsForObject(source: KObject): string[] {
  const out: string[] = [];
  const add = (p: unknown) => {
    const k = String(Number(p ?? 0));
    if (!out.includes(k)) out.push(k);
  };
  if (source.kind === 'Service') for (const p of source.spec?.ports ?? []) add(p.port);
  else for (const c of podSpecOf(source).containers ?? []) for (const p of c.ports ?? []) add(p.containerPort);
  return out;
}

/** multiProtocolsForObject: port → protocols (TCP when unset), one entry per container port. */
export function protocolsForObject(source: KObject): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (port: unknown, proto: string | undefined) => {
    const k = String(Number(port ?? 0));
    m.set(k, [...(m.get(k) ?? []), proto || 'TCP']);
  };
  if (source.kind === 'Service') for (const p of source.spec?.ports ?? []) add(p.port, p.protocol);
  else for (const c of podSpecOf(source).containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return m;
}

/** expose.go parseLabels */
function parseLabels(spec: string): Record<string, string> {
  if (!spec) throw new CliError('no label spec passed');
  const labels: Record<string, string> = {};
  for (const s of spec.split(',')) {
    const kv = s.split('=');
    if (kv.length !== 2) throw new CliError(`unexpected label spec: ${s}`);
    if (!kv[0]) throw new CliError('unexpected empty label key');
    labels[kv[0]] = kv[1];
  }
  return labels;
}

/**
 * The Service `kubectl expose` creates for `source` (a Deployment, ReplicaSet, Pod, Service or
 * ReplicationController as read from the file or server).
 */
export function generateExposeService(source: KObject, o: ExposeOptions = {}): KObject {
  checkCanBeExposed(source);
  const defaultName = (source.metadata?.name ?? '').slice(0, 63);

  let selector = o.selector ?? '';
  if (!selector) {
    try {
      selector = selectorForObject(source);
    } catch (e) {
      throw new CliError(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
    }
  }
  const headless = o.clusterIp === 'None';
  let port = o.port ?? '';
  let ports = '';
  if (!port) {
    const found = portsForObject(source);
    if (found.length === 0) {
      if (!headless) throw new CliError("couldn't find port via --port flag or introspection");
    } else if (found.length === 1) {
      port = found[0];
    } else {
      ports = found.join(',');
    }
  }
  const protocolMap = protocolsForObject(source);
  let labels = o.labels ?? '';
  if (!labels) labels = makeLabels(source.metadata?.labels);

  // createService
  if (!selector) throw new CliError('selector must be specified');
  const sel = parseLabels(selector);
  const lbls = labels ? parseLabels(labels) : undefined;
  const name = o.name || defaultName;
  if (!name) throw new CliError('name must be specified');
  const portString = ports || port;
  const svcPorts: Record<string, unknown>[] = [];
  if (portString) {
    const list = portString.split(',');
    list.forEach((ps, i) => {
      const n = atoi(ps);
      if (n === undefined) throw new CliError(atoiError(ps));
      const pname = list.length > 1 ? `port-${i + 1}` : '';
      let protocol = o.protocol ?? '';
      if (!protocol && protocolMap.size === 0) protocol = 'TCP';
      else if (!protocol && protocolMap.size > 0) {
        protocol = 'TCP';
        const protos = protocolMap.get(ps);
        if (protos) {
          if (protos.length === 1) protocol = protos[0];
          else {
            for (const p of protos) svcPorts.push({ name: `port-${i + 1}-${p.toLowerCase()}`, protocol: p, port: int32(n) });
            return;
          }
        }
      }
      const sp: Record<string, unknown> = {};
      if (pname) sp.name = pname;
      if (protocol) sp.protocol = protocol;
      sp.port = int32(n);
      svcPorts.push(sp);
    });
  }
  const target = o.targetPort ? intstrParse(o.targetPort) : undefined;
  for (const sp of svcPorts) sp.targetPort = target ?? sp.port;

  const spec: Record<string, unknown> = {};
  if (svcPorts.length) spec.ports = svcPorts;
  spec.selector = sortKeys(sel);
  if (o.clusterIp) spec.clusterIP = o.clusterIp;
  if (o.type) spec.type = o.type;
  if (o.externalIp) spec.externalIPs = [o.externalIp];
  if (o.sessionAffinity) {
    if (o.sessionAffinity !== 'None' && o.sessionAffinity !== 'ClientIP') {
      throw new CliError(`unknown session affinity: ${o.sessionAffinity}`);
    }
    spec.sessionAffinity = o.sessionAffinity;
  }
  if (o.type === 'LoadBalancer' && o.loadBalancerIp) spec.loadBalancerIP = o.loadBalancerIp;
  // re-establish ServiceSpec field order
  const ordered: Record<string, unknown> = {};
  for (const k of ['ports', 'selector', 'clusterIP', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP']) {
    if (k in spec) ordered[k] = spec[k];
  }
  let svc: KObject = {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: objectMeta(name, { labels: lbls }),
    spec: ordered,
    status: { loadBalancer: {} },
  };
  svc = recordChangeCause(applyOverrides(svc, o.overrides, o.overrideType, o.strategicMerge), o.changeCause);
  if (o.namespace) {
    const { name: n, generateName, namespace: _ns, ...rest } = svc.metadata;
    const md: KObject['metadata'] = {};
    if (n !== undefined) md.name = n;
    if (generateName !== undefined) md.generateName = generateName;
    md.namespace = o.namespace;
    svc.metadata = { ...md, ...rest };
  }
  return svc;
}
