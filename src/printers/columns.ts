// Server-side table columns per kind, ported from kubernetes/kubernetes
// pkg/printers/internalversion/printers.go as a v1.32 API server serves them. The server always
// generates rows with Wide=true (pkg/printers/storage TableConvertor); kubectl then hides the
// Priority 1 columns unless `-o wide`. So `row()` returns every cell, in column order.
// Kinds without a printer get the API server's default table (rest.defaultTableConvertor):
// NAME, CREATED AT (RFC 3339, UTC).

import type { KObject } from '../api/types';
import { age, humanDuration, parseTime } from './age';

export type Cell = string | number | boolean | null;

export interface ColumnDef {
  /** as in printers.go (`Nominated Node`); the header is its upper-case form */
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** `name` marks the column that `get all` prefixes with `<kind>.<group>/` */
  format?: 'name';
  /** 0: always shown; 1: only with `-o wide` */
  priority: number;
}

export interface KindTable {
  columns: ColumnDef[];
  row(obj: KObject, now: number): Cell[];
}

// ---------------------------------------------------------------------------------------------
// helpers shared by the printers

const NAME: ColumnDef = { name: 'Name', type: 'string', format: 'name', priority: 0 };
const AGE: ColumnDef = { name: 'Age', type: 'string', priority: 0 };

function col(name: string, priority = 0, type: ColumnDef['type'] = 'string'): ColumnDef {
  return { name, type, priority };
}

/** Go's sort.Strings order (byte-wise UTF-8 == code point order). */
export function goStringLess(a: string, b: string): number {
  if (a === b) return 0;
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort(goStringLess);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${m![k]}`).join(',');
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, `k=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`; '' for a nil or empty selector; undefined when the selector is invalid.
 */
export function selectorString(sel: LabelSelector | undefined | null): string | undefined {
  if (!sel) return '';
  const reqs: { key: string; s: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, s: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort(goStringLess);
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return undefined;
        reqs.push({ key: e.key, s: `${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${values.join(',')})` });
        break;
      case 'Exists':
        if (values.length) return undefined;
        reqs.push({ key: e.key, s: e.key });
        break;
      case 'DoesNotExist':
        if (values.length) return undefined;
        reqs.push({ key: e.key, s: `!${e.key}` });
        break;
      default:
        return undefined;
    }
  }
  reqs.sort((a, b) => goStringLess(a.key, b.key));
  return reqs.map((r) => r.s).join(',');
}

/** metav1.FormatLabelSelector: like selectorString, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: names and images comma-joined. */
function containerCells(containers: any[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** IntOrString / Quantity as Go's String() prints them. */
function quantity(v: unknown): string {
  if (v === undefined || v === null) return '0';
  return String(v);
}

function printBoolPtr(v: unknown): string {
  if (v === undefined || v === null) return '<unset>';
  return v ? 'True' : 'False';
}

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** net.JoinHostPort */
function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** loadBalancerStatusStringer with wide=true (server-side tables are generated wide): sorted, unique, never clipped. */
function loadBalancerStatus(lb: any): string {
  const set = new Set<string>();
  for (const ing of lb?.ingress ?? []) {
    if (ing?.ip) set.add(ing.ip);
    else if (ing?.hostname) set.add(ing.hostname);
  }
  return [...set].sort(goStringLess).join(',');
}

function conditionTrue(conditions: any[] | undefined, type: string): boolean {
  for (const c of conditions ?? []) if (c?.type === type) return c.status === 'True';
  return false;
}

// ---------------------------------------------------------------------------------------------
// Pod

function isRestartableInit(c: any): boolean {
  return c?.restartPolicy === 'Always';
}

function podRow(pod: KObject, now: number): Cell[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;
  const later = (cur: number | undefined, ts: string | undefined): number | undefined => {
    const t = parseTime(ts);
    if (t === undefined) return cur;
    return cur === undefined || cur < t ? t : cur;
  };

  const podPhase: string = status.phase ?? '';
  let reason: string = status.reason || podPhase;

  for (const c of status.conditions ?? []) {
    if (c?.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, any>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += int(c.restartCount);
    const lastTerm = c.lastState?.terminated;
    if (lastTerm) lastRestart = later(lastRestart, lastTerm.finishedAt);
    const restartable = isRestartableInit(initContainers.get(c.name));
    if (restartable) {
      restartableInitRestarts += int(c.restartCount);
      if (lastTerm) lastRestartableInitRestart = later(lastRestartableInitRestart, lastTerm.finishedAt);
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && int(term.exitCode) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) {
        reason = int(term.signal) !== 0 ? `Init:Signal:${term.signal}` : `Init:ExitCode:${int(term.exitCode)}`;
      } else {
        reason = `Init:${term.reason}`;
      }
      initializing = true;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
      initializing = true;
    }
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const cs: any[] = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += int(c.restartCount);
      const lastTerm = c.lastState?.terminated;
      if (lastTerm) lastRestart = later(lastRestart, lastTerm.finishedAt);
      const waiting = c.state?.waiting;
      const term = c.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (term && term.reason) {
        reason = term.reason;
      } else if (term && !term.reason) {
        reason = int(term.signal) !== 0 ? `Signal:${term.signal}` : `ExitCode:${int(term.exitCode)}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = !!pod.metadata.deletionTimestamp;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && podPhase !== 'Succeeded' && podPhase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) restartsStr = `${restarts} (${humanDuration(now - lastRestart)} ago)`;

  // v1 -> internal conversion: status.podIP is authoritative, else podIPs[0]
  const podIP: string = status.podIP || (status.podIPs ?? [])[0]?.ip || '<none>';
  const nodeName: string = spec.nodeName || '<none>';
  const nominated: string = status.nominatedNodeName || '<none>';
  let gates = '<none>';
  const rg: any[] = spec.readinessGates ?? [];
  if (rg.length > 0) {
    let trueConditions = 0;
    for (const g of rg) {
      for (const c of status.conditions ?? []) {
        if (c?.type === g.conditionType) {
          if (c.status === 'True') trueConditions++;
          break;
        }
      }
    }
    gates = `${trueConditions}/${rg.length}`;
  }
  return [pod.metadata.name ?? '', `${readyContainers}/${totalContainers}`, reason, restartsStr,
    age(pod.metadata.creationTimestamp, now), podIP, nodeName, nominated, gates];
}

// ---------------------------------------------------------------------------------------------
// Service / Endpoints / Ingress

function serviceExternalIP(svc: KObject): string {
  const spec = svc.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc.status?.loadBalancer);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
  }
  return '<unknown>';
}

function servicePorts(ports: any[] | undefined): string {
  const s = (ports ?? []).map((p) => {
    const proto = p.protocol ?? 'TCP';
    return int(p.nodePort) > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
  }).join(',');
  return s || '<none>';
}

function serviceRow(svc: KObject, now: number): Cell[] {
  const spec = svc.spec ?? {};
  // v1 -> internal conversion fills clusterIPs from clusterIP when only the latter is set
  const internalIP: string = spec.clusterIP || (spec.clusterIPs ?? [])[0] || '<none>';
  return [svc.metadata.name ?? '', spec.type ?? 'ClusterIP', internalIP, serviceExternalIP(svc), servicePorts(spec.ports),
    age(svc.metadata.creationTimestamp, now), formatLabels(spec.selector)];
}

/** formatEndpoints(endpoints, nil) */
export function formatEndpoints(ep: KObject): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(joinHostPort(a.ip, int(p.port)));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function discoveryPorts(ports: any[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < max) {
      let n = '*';
      if (p?.port !== undefined && p?.port !== null) n = String(p.port);
      else if (p?.name !== undefined && p?.name !== null) n = p.name;
      list.push(n);
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMore(list, more, count, max);
}

function discoveryEndpoints(endpoints: any[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const e of endpoints ?? []) {
    for (const a of e?.addresses ?? []) {
      if (list.length < max) list.push(a);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max);
}

/** formatHosts */
function ingressHosts(rules: any[] | undefined): string {
  const rs = rules ?? [];
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const r of rs) {
    if (list.length === max) more = true;
    if (!more && r?.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rs.length - max} more...` : ret;
}

// ---------------------------------------------------------------------------------------------
// Node

/** findNodeRoles: the roles a node's labels give it, in byte order (also used by describe). */
export function nodeRoleList(node: KObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(goStringLess);
}

function nodeRoles(node: KObject): string {
  return nodeRoleList(node).join(',') || '<none>';
}

function nodeAddress(node: KObject, type: string): string {
  for (const a of node.status?.addresses ?? []) if (a?.type === type) return a.address;
  return '<none>';
}

function nodeRow(node: KObject, now: number): Cell[] {
  const status: string[] = [];
  let ready: any;
  for (const c of node.status?.conditions ?? []) if (c?.type === 'Ready') ready = c;
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const info = node.status?.nodeInfo ?? {};
  return [node.metadata.name ?? '', status.join(','), nodeRoles(node), age(node.metadata.creationTimestamp, now),
    str(info.kubeletVersion), nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'),
    info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>'];
}

// ---------------------------------------------------------------------------------------------
// Event

function formatEventSource(ev: KObject): string {
  const component = ev.source?.component || ev.reportingController || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

function eventRow(ev: KObject, now: number): Cell[] {
  let first = age(ev.firstTimestamp, now);
  if (parseTime(ev.firstTimestamp) === undefined) first = age(ev.eventTime, now);
  let last = age(ev.lastTimestamp, now);
  if (parseTime(ev.lastTimestamp) === undefined) last = first;
  let count = int(ev.count);
  if (ev.series) {
    last = age(ev.series.lastObservedTime, now);
    count = int(ev.series.count);
  } else if (count === 0) {
    count = 1;
  }
  const io = ev.involvedObject ?? ev.regarding ?? {};
  const target = io.name ? `${String(io.kind ?? '').toLowerCase()}/${io.name}` : String(io.kind ?? '').toLowerCase();
  const message = String(ev.message ?? ev.note ?? '').trim();
  return [last, str(ev.type), str(ev.reason), target, str(io.fieldPath), formatEventSource(ev), message, first, count,
    ev.metadata.name ?? ''];
}

// ---------------------------------------------------------------------------------------------
// HPA

function hpaMetrics(hpa: KObject): string {
  let specs: any[] = hpa.spec?.metrics ?? [];
  let statuses: any[] = hpa.status?.currentMetrics ?? [];
  // autoscaling/v1 shape
  if (specs.length === 0 && hpa.spec?.targetCPUUtilizationPercentage !== undefined) {
    specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: hpa.spec.targetCPUUtilizationPercentage } } }];
    statuses = hpa.status?.currentCPUUtilizationPercentage !== undefined
      ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: hpa.status.currentCPUUtilizationPercentage } } }] : [];
  }
  if (specs.length === 0) return '<none>';
  let list: string[] = [];
  const max = 2;
  let count = 0;
  const q = (v: unknown) => (v === undefined || v === null ? '0' : String(v));
  specs.forEach((spec, i) => {
    const st = statuses.length > i ? statuses[i] : undefined;
    switch (spec.type) {
      case 'External': {
        const t = spec.external?.target ?? {};
        if (t.averageValue !== undefined && t.averageValue !== null) {
          const cur = st?.external?.current?.averageValue !== undefined ? q(st.external.current.averageValue) : '<unknown>';
          list.push(`${cur}/${q(t.averageValue)} (avg)`);
        } else {
          const cur = st?.external ? q(st.external.current?.value) : '<unknown>';
          list.push(`${cur}/${q(t.value)}`);
        }
        break;
      }
      case 'Pods': {
        const cur = st?.pods ? q(st.pods.current?.averageValue) : '<unknown>';
        list.push(`${cur}/${q(spec.pods?.target?.averageValue)}`);
        break;
      }
      case 'Object': {
        const t = spec.object?.target ?? {};
        if (t.averageValue !== undefined && t.averageValue !== null) {
          const cur = st?.object?.current?.averageValue !== undefined ? q(st.object.current.averageValue) : '<unknown>';
          list.push(`${cur}/${q(t.averageValue)} (avg)`);
        } else {
          const cur = st?.object ? q(st.object.current?.value) : '<unknown>';
          list.push(`${cur}/${q(t.value)}`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const r = spec[key] ?? {};
        const t = r.target ?? {};
        const cs = st?.[key];
        if (t.averageValue !== undefined && t.averageValue !== null) {
          const cur = cs ? q(cs.current?.averageValue) : '<unknown>';
          list.push(`${r.name}: ${cur}/${q(t.averageValue)}`);
        } else {
          const cur = cs?.current?.averageUtilization !== undefined && cs?.current?.averageUtilization !== null
            ? `${cs.current.averageUtilization}%` : '<unknown>';
          const target = t.averageUtilization !== undefined && t.averageUtilization !== null ? `${t.averageUtilization}%` : '<auto>';
          list.push(`${r.name}: ${cur}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
    count++;
  });
  let more = false;
  if (count > max) { list = list.slice(0, max); more = true; }
  const ret = list.join(', ');
  return more ? `${ret} + ${count - max} more...` : ret;
}

// ---------------------------------------------------------------------------------------------
// PV / PVC

/** storageutil.GetAccessModesAsString (also used by describe). */
export function accessModes(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  const out: string[] = [];
  if (m.has('ReadWriteOnce')) out.push('RWO');
  if (m.has('ReadOnlyMany')) out.push('ROX');
  if (m.has('ReadWriteMany')) out.push('RWX');
  if (m.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

function storageClassOf(obj: KObject): string {
  const beta = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return str(obj.spec?.storageClassName);
}

// ---------------------------------------------------------------------------------------------
// ResourceQuota

function resourceQuotaCells(rq: KObject): [string, string] {
  const hard: Record<string, unknown> = rq.status?.hard ?? {};
  const used: Record<string, unknown> = rq.status?.used ?? {};
  const req: string[] = [];
  const lim: string[] = [];
  for (const r of Object.keys(hard).sort(goStringLess)) {
    const pieces = r.split('.');
    const s = `${r}: ${quantity(used[r])}/${quantity(hard[r])}`;
    if (pieces.length > 1 && pieces[0] === 'limits') lim.push(s);
    else req.push(s);
  }
  return [req.join(', '), lim.join(', ')];
}

// ---------------------------------------------------------------------------------------------
// misc

function controllerOf(obj: KObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (!ref.kind && !group) return ref.name;
  const gk = group ? `${ref.kind}.${group}` : ref.kind;
  return `${gk.toLowerCase()}/${ref.name}`;
}

function subjectsStrings(subjects: any[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    switch (s?.kind) {
      case 'ServiceAccount':
        sas.push(`${s.namespace ?? ''}/${s.name}`);
        break;
      case 'User':
        users.push(s.name);
        break;
      case 'Group':
        groups.push(s.name);
        break;
    }
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function paramRefString(pr: any): string {
  if (!pr) return '<unset>';
  if (pr.name) return pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
  if (pr.selector) return selectorString(pr.selector) ?? '';
  return '<unset>';
}

function csrStatus(csr: KObject): string {
  let approved = false;
  let denied = false;
  let failed = false;
  for (const c of csr.status?.conditions ?? []) {
    if (c?.type === 'Approved') approved = true;
    else if (c?.type === 'Denied') denied = true;
    else if (c?.type === 'Failed') failed = true;
  }
  let s = denied ? 'Denied' : approved ? 'Approved' : 'Pending';
  if (failed) s += ',Failed';
  if (csr.status?.certificate) s += ',Issued';
  return s;
}

function isDefaultClass(obj: KObject, annotation: string, beta?: string): boolean {
  const a = obj.metadata.annotations ?? {};
  return a[annotation] === 'true' || (beta !== undefined && a[beta] === 'true');
}

const name = (o: KObject) => o.metadata.name ?? '';
const ageOf = (o: KObject, now: number) => age(o.metadata.creationTimestamp, now);
const CONTAINERS = col('Containers', 1);
const IMAGES = col('Images', 1);
const SELECTOR = col('Selector', 1);

// ---------------------------------------------------------------------------------------------
// the tables, by kind

export const TABLES: Record<string, KindTable> = {
  Pod: {
    columns: [NAME, col('Ready'), col('Status'), col('Restarts'), AGE, col('IP', 1), col('Node', 1),
      col('Nominated Node', 1), col('Readiness Gates', 1)],
    row: podRow,
  },
  PodTemplate: {
    columns: [NAME, col('Containers'), col('Images'), col('Pod Labels')],
    row: (o) => {
      const [n, i] = containerCells(o.template?.spec?.containers);
      return [name(o), n, i, formatLabels(o.template?.metadata?.labels)];
    },
  },
  PodDisruptionBudget: {
    columns: [NAME, col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions', 0, 'integer'), AGE],
    row: (o, now) => [name(o),
      o.spec?.minAvailable !== undefined && o.spec?.minAvailable !== null ? String(o.spec.minAvailable) : 'N/A',
      o.spec?.maxUnavailable !== undefined && o.spec?.maxUnavailable !== null ? String(o.spec.maxUnavailable) : 'N/A',
      int(o.status?.disruptionsAllowed), ageOf(o, now)],
  },
  ReplicationController: {
    columns: [NAME, col('Desired', 0, 'integer'), col('Current', 0, 'integer'), col('Ready', 0, 'integer'), AGE, CONTAINERS, IMAGES, SELECTOR],
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec?.containers);
      return [name(o), int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas), ageOf(o, now), n, i,
        formatLabels(o.spec?.selector)];
    },
  },
  ReplicaSet: {
    columns: [NAME, col('Desired', 0, 'integer'), col('Current', 0, 'integer'), col('Ready', 0, 'integer'), AGE, CONTAINERS, IMAGES, SELECTOR],
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec?.containers);
      return [name(o), int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas), ageOf(o, now), n, i,
        formatLabelSelector(o.spec?.selector)];
    },
  },
  DaemonSet: {
    columns: [NAME, col('Desired', 0, 'integer'), col('Current', 0, 'integer'), col('Ready', 0, 'integer'),
      col('Up-to-date', 0, 'integer'), col('Available', 0, 'integer'), col('Node Selector'), AGE, CONTAINERS, IMAGES, SELECTOR],
    row: (o, now) => {
      const s = o.status ?? {};
      const [n, i] = containerCells(o.spec?.template?.spec?.containers);
      return [name(o), int(s.desiredNumberScheduled), int(s.currentNumberScheduled), int(s.numberReady),
        int(s.updatedNumberScheduled), int(s.numberAvailable), formatLabels(o.spec?.template?.spec?.nodeSelector),
        ageOf(o, now), n, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  Job: {
    columns: [NAME, col('Status'), col('Completions'), col('Duration'), AGE, CONTAINERS, IMAGES, SELECTOR],
    row: (o, now) => {
      const spec = o.spec ?? {};
      const st = o.status ?? {};
      let completions: string;
      if (spec.completions !== undefined && spec.completions !== null) {
        completions = `${int(st.succeeded)}/${spec.completions}`;
      } else {
        const parallelism = int(spec.parallelism);
        completions = parallelism > 1 ? `${int(st.succeeded)}/1 of ${parallelism}` : `${int(st.succeeded)}/1`;
      }
      let duration = '';
      const start = parseTime(st.startTime);
      const done = parseTime(st.completionTime);
      if (st.startTime) {
        if (!st.completionTime) duration = humanDuration(now - (start ?? now));
        else duration = humanDuration((done ?? now) - (start ?? now));
      }
      let status: string;
      if (conditionTrue(st.conditions, 'Complete')) status = 'Complete';
      else if (conditionTrue(st.conditions, 'Failed')) status = 'Failed';
      else if (o.metadata.deletionTimestamp) status = 'Terminating';
      else if (conditionTrue(st.conditions, 'Suspended')) status = 'Suspended';
      else if (conditionTrue(st.conditions, 'FailureTarget')) status = 'FailureTarget';
      else status = 'Running';
      const [n, i] = containerCells(spec.template?.spec?.containers);
      return [name(o), status, completions, duration, ageOf(o, now), n, i, formatLabelSelector(spec.selector)];
    },
  },
  CronJob: {
    columns: [NAME, col('Schedule'), col('Timezone'), col('Suspend', 0, 'boolean'), col('Active', 0, 'integer'),
      col('Last Schedule'), AGE, CONTAINERS, IMAGES, SELECTOR],
    row: (o, now) => {
      const spec = o.spec ?? {};
      const last = o.status?.lastScheduleTime ? age(o.status.lastScheduleTime, now) : '<none>';
      const tz = spec.timeZone !== undefined && spec.timeZone !== null ? String(spec.timeZone) : '<none>';
      const [n, i] = containerCells(spec.jobTemplate?.spec?.template?.spec?.containers);
      return [name(o), str(spec.schedule), tz, printBoolPtr(spec.suspend), (o.status?.active ?? []).length, last, ageOf(o, now),
        n, i, formatLabelSelector(spec.jobTemplate?.spec?.selector)];
    },
  },
  Service: {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, SELECTOR],
    row: serviceRow,
  },
  Ingress: {
    columns: [NAME, col('Class'), col('Hosts'), col('Address'), col('Ports'), AGE],
    row: (o, now) => [name(o), o.spec?.ingressClassName ?? '<none>', ingressHosts(o.spec?.rules),
      loadBalancerStatus(o.status?.loadBalancer), (o.spec?.tls ?? []).length > 0 ? '80, 443' : '80', ageOf(o, now)],
  },
  IngressClass: {
    columns: [NAME, col('Controller'), col('Parameters'), AGE],
    row: (o, now) => {
      const p = o.spec?.parameters;
      let params = '<none>';
      if (p) {
        params = str(p.kind);
        if (p.apiGroup !== undefined && p.apiGroup !== null) params += `.${p.apiGroup}`;
        params += `/${str(p.name)}`;
      }
      return [name(o), str(o.spec?.controller), params, ageOf(o, now)];
    },
  },
  StatefulSet: {
    columns: [NAME, col('Ready'), AGE, CONTAINERS, IMAGES],
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec?.containers);
      return [name(o), `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, ageOf(o, now), n, i];
    },
  },
  Endpoints: {
    columns: [NAME, col('Endpoints'), AGE],
    row: (o, now) => [name(o), formatEndpoints(o), ageOf(o, now)],
  },
  Node: {
    columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 1), col('External-IP', 1),
      col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
    row: nodeRow,
  },
  Event: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 1), col('Source', 1), col('Message'),
      col('First Seen', 1), col('Count', 1), { name: 'Name', type: 'string', format: 'name', priority: 1 }],
    row: eventRow,
  },
  Namespace: {
    columns: [NAME, col('Status'), AGE],
    row: (o, now) => [name(o), str(o.status?.phase), ageOf(o, now)],
  },
  Secret: {
    columns: [NAME, col('Type'), col('Data'), AGE],
    row: (o, now) => [name(o), str(o.type), Object.keys(o.data ?? {}).length, ageOf(o, now)],
  },
  ServiceAccount: {
    columns: [NAME, col('Secrets'), AGE],
    row: (o, now) => [name(o), (o.secrets ?? []).length, ageOf(o, now)],
  },
  PersistentVolume: {
    columns: [NAME, col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'),
      col('VolumeAttributesClass'), col('Reason'), AGE, col('VolumeMode', 1)],
    row: (o, now) => {
      const spec = o.spec ?? {};
      const claim = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
      const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(o.status?.phase);
      return [name(o), quantity(spec.capacity?.storage), accessModes(spec.accessModes), str(spec.persistentVolumeReclaimPolicy),
        phase, claim, storageClassOf(o), spec.volumeAttributesClassName ?? '<unset>', str(o.status?.reason), ageOf(o, now),
        spec.volumeMode ?? '<unset>'];
    },
  },
  PersistentVolumeClaim: {
    columns: [NAME, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'),
      col('VolumeAttributesClass'), AGE, col('VolumeMode', 1)],
    row: (o, now) => {
      const spec = o.spec ?? {};
      const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(o.status?.phase);
      let capacity = '';
      let modes = '';
      if (spec.volumeName) {
        modes = accessModes(o.status?.accessModes);
        capacity = quantity(o.status?.capacity?.storage);
      }
      return [name(o), phase, str(spec.volumeName), capacity, modes, storageClassOf(o), spec.volumeAttributesClassName ?? '<unset>',
        ageOf(o, now), spec.volumeMode ?? '<unset>'];
    },
  },
  ComponentStatus: {
    columns: [NAME, col('Status'), col('Message'), col('Error')],
    row: (o) => {
      let status = 'Unknown';
      let message = '';
      let error = '';
      for (const c of o.conditions ?? []) {
        if (c?.type === 'Healthy') {
          status = c.status === 'True' ? 'Healthy' : 'Unhealthy';
          message = str(c.message);
          error = str(c.error);
          break;
        }
      }
      return [name(o), status, message, error];
    },
  },
  Deployment: {
    columns: [NAME, col('Ready'), col('Up-to-date'), col('Available'), AGE, CONTAINERS, IMAGES, SELECTOR],
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec?.containers);
      const sel = selectorString(o.spec?.selector);
      return [name(o), `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, int(o.status?.updatedReplicas),
        int(o.status?.availableReplicas), ageOf(o, now), n, i, sel === undefined ? '<invalid>' : sel];
    },
  },
  HorizontalPodAutoscaler: {
    columns: [NAME, col('Reference'), col('Targets'), col('MinPods'), col('MaxPods'), col('Replicas'), AGE],
    row: (o, now) => {
      const ref = o.spec?.scaleTargetRef ?? {};
      const min = o.spec?.minReplicas !== undefined && o.spec?.minReplicas !== null ? String(o.spec.minReplicas) : '<unset>';
      return [name(o), `${str(ref.kind)}/${str(ref.name)}`, hpaMetrics(o), min, int(o.spec?.maxReplicas),
        int(o.status?.currentReplicas), ageOf(o, now)];
    },
  },
  ConfigMap: {
    columns: [NAME, col('Data'), AGE],
    row: (o, now) => [name(o), Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, ageOf(o, now)],
  },
  NetworkPolicy: {
    columns: [NAME, col('Pod-Selector'), AGE],
    row: (o, now) => [name(o), formatLabelSelector(o.spec?.podSelector ?? {}), ageOf(o, now)],
  },
  RoleBinding: {
    columns: [NAME, col('Role'), AGE, col('Users', 1), col('Groups', 1), col('ServiceAccounts', 1)],
    row: (o, now) => [name(o), `${str(o.roleRef?.kind)}/${str(o.roleRef?.name)}`, ageOf(o, now), ...subjectsStrings(o.subjects)],
  },
  ClusterRoleBinding: {
    columns: [NAME, col('Role'), AGE, col('Users', 1), col('Groups', 1), col('ServiceAccounts', 1)],
    row: (o, now) => [name(o), `${str(o.roleRef?.kind)}/${str(o.roleRef?.name)}`, ageOf(o, now), ...subjectsStrings(o.subjects)],
  },
  CertificateSigningRequest: {
    columns: [NAME, AGE, col('SignerName'), col('Requestor'), col('RequestedDuration'), col('Condition')],
    row: (o, now) => [name(o), ageOf(o, now), o.spec?.signerName || '<none>', str(o.spec?.username),
      o.spec?.expirationSeconds !== undefined && o.spec?.expirationSeconds !== null ? humanDuration(o.spec.expirationSeconds * 1000) : '<none>',
      csrStatus(o)],
  },
  Lease: {
    columns: [NAME, col('Holder'), AGE],
    row: (o, now) => [name(o), str(o.spec?.holderIdentity), ageOf(o, now)],
  },
  StorageClass: {
    columns: [NAME, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), AGE],
    row: (o, now) => {
      let n = name(o);
      if (isDefaultClass(o, 'storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class')) n += ' (default)';
      return [n, str(o.provisioner), o.reclaimPolicy ?? 'Delete', o.volumeBindingMode ?? 'Immediate', !!o.allowVolumeExpansion, ageOf(o, now)];
    },
  },
  ControllerRevision: {
    columns: [NAME, col('Controller'), col('Revision'), AGE],
    row: (o, now) => [name(o), controllerOf(o), int(o.revision), ageOf(o, now)],
  },
  ResourceQuota: {
    // v1.32 order (AGE moved last in v1.33)
    columns: [NAME, AGE, col('Request'), col('Limit')],
    row: (o, now) => [name(o), ageOf(o, now), ...resourceQuotaCells(o)],
  },
  PriorityClass: {
    columns: [NAME, col('Value', 0, 'integer'), col('Global-Default', 0, 'boolean'), AGE, col('PreemptionPolicy')],
    row: (o, now) => [name(o), int(o.value), !!o.globalDefault, ageOf(o, now), str(o.preemptionPolicy)],
  },
  RuntimeClass: {
    columns: [NAME, col('Handler'), AGE],
    row: (o, now) => [name(o), str(o.handler), ageOf(o, now)],
  },
  VolumeAttachment: {
    columns: [NAME, { name: 'Attacher', type: 'string', format: 'name', priority: 0 }, col('PV'), col('Node'), col('Attached', 0, 'boolean'), AGE],
    row: (o, now) => [name(o), str(o.spec?.attacher), str(o.spec?.source?.persistentVolumeName), str(o.spec?.nodeName),
      !!o.status?.attached, ageOf(o, now)],
  },
  EndpointSlice: {
    columns: [NAME, col('AddressType'), col('Ports'), col('Endpoints'), AGE],
    row: (o, now) => [name(o), str(o.addressType), discoveryPorts(o.ports), discoveryEndpoints(o.endpoints), ageOf(o, now)],
  },
  CSINode: {
    columns: [NAME, col('Drivers', 0, 'integer'), AGE],
    row: (o, now) => [name(o), (o.spec?.drivers ?? []).length, ageOf(o, now)],
  },
  CSIDriver: {
    columns: [NAME, col('AttachRequired', 0, 'boolean'), col('PodInfoOnMount', 0, 'boolean'), col('StorageCapacity', 0, 'boolean'),
      col('TokenRequests'), col('RequiresRepublish', 0, 'boolean'), col('Modes'), AGE],
    row: (o, now) => {
      const spec = o.spec ?? {};
      const tokens = spec.tokenRequests === undefined || spec.tokenRequests === null
        ? '<unset>' : (spec.tokenRequests as any[]).map((t) => str(t.audience)).join(',');
      const modes = (spec.volumeLifecycleModes ?? []).join(',') || '<none>';
      return [name(o), spec.attachRequired ?? true, !!spec.podInfoOnMount, !!spec.storageCapacity, tokens,
        !!spec.requiresRepublish, modes, ageOf(o, now)];
    },
  },
  CSIStorageCapacity: {
    columns: [NAME, col('StorageClassName'), col('Capacity')],
    row: (o) => [name(o), str(o.storageClassName), o.capacity !== undefined && o.capacity !== null ? String(o.capacity) : '<unset>'],
  },
  MutatingWebhookConfiguration: {
    columns: [NAME, col('Webhooks', 0, 'integer'), AGE],
    row: (o, now) => [name(o), (o.webhooks ?? []).length, ageOf(o, now)],
  },
  ValidatingWebhookConfiguration: {
    columns: [NAME, col('Webhooks', 0, 'integer'), AGE],
    row: (o, now) => [name(o), (o.webhooks ?? []).length, ageOf(o, now)],
  },
  ValidatingAdmissionPolicy: {
    columns: [NAME, col('Validations', 0, 'integer'), col('ParamKind'), AGE],
    row: (o, now) => {
      const pk = o.spec?.paramKind;
      return [name(o), (o.spec?.validations ?? []).length, pk ? `${str(pk.apiVersion)}/${str(pk.kind)}` : '<unset>', ageOf(o, now)];
    },
  },
  ValidatingAdmissionPolicyBinding: {
    columns: [NAME, col('PolicyName'), col('ParamRef'), AGE],
    row: (o, now) => [name(o), str(o.spec?.policyName), paramRefString(o.spec?.paramRef), ageOf(o, now)],
  },
  FlowSchema: {
    columns: [NAME, col('PriorityLevel'), col('MatchingPrecedence'), col('DistinguisherMethod'), AGE, col('MissingPL')],
    row: (o, now) => {
      let bad = '?';
      for (const c of o.status?.conditions ?? []) if (c?.type === 'Dangling') { bad = str(c.status); break; }
      return [name(o), str(o.spec?.priorityLevelConfiguration?.name), int(o.spec?.matchingPrecedence),
        o.spec?.distinguisherMethod ? str(o.spec.distinguisherMethod.type) : '<none>', ageOf(o, now), bad];
    },
  },
  PriorityLevelConfiguration: {
    columns: [NAME, col('Type'), col('NominalConcurrencyShares'), col('Queues'), col('HandSize'), col('QueueLengthLimit'), AGE],
    row: (o, now) => {
      let ncs: Cell = '<none>';
      let queues: Cell = '<none>';
      let hand: Cell = '<none>';
      let qll: Cell = '<none>';
      const lim = o.spec?.limited;
      if (lim) {
        ncs = int(lim.nominalConcurrencyShares);
        const q = lim.limitResponse?.queuing;
        if (q) { queues = int(q.queues); hand = int(q.handSize); qll = int(q.queueLengthLimit); }
      }
      return [name(o), str(o.spec?.type), ncs, queues, hand, qll, ageOf(o, now)];
    },
  },
  APIService: {
    // kube-aggregator's printer
    columns: [NAME, col('Service'), col('Available'), AGE],
    row: (o, now) => {
      const svc = o.spec?.service ? `${str(o.spec.service.namespace)}/${str(o.spec.service.name)}` : 'Local';
      let status = 'Unknown';
      const c = (o.status?.conditions ?? []).find((x: any) => x?.type === 'Available');
      if (c) status = c.status === 'True' ? 'True' : c.reason ? `${c.status} (${c.reason})` : str(c.status);
      return [name(o), svc, status, ageOf(o, now)];
    },
  },
};

/** The API server's default table for kinds without a printer (Role, ClusterRole, LimitRange, CRDs...). */
export const DEFAULT_TABLE: KindTable = {
  columns: [NAME, { name: 'Created At', type: 'date', priority: 0 }],
  row: (o) => {
    const t = parseTime(o.metadata.creationTimestamp);
    return [name(o), new Date(t ?? -62135596800000).toISOString().replace(/\.\d{3}Z$/, 'Z')];
  },
};
