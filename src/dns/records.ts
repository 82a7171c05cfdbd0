// The Kubernetes DNS records (https://github.com/kubernetes/dns/blob/master/docs/specification.md)
// for one question over plain API objects — what CoreDNS's kubernetes plugin answers with kubeadm's
// Corefile (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough
// in-addr.arpa ip6.arpa; ttl 30 }`). PURE: no I/O, no clock.
//
// Endpoint source: EndpointSlices when the view has an `endpointSlices` array (as CoreDNS reads
// them: an endpoint is ready unless conditions.ready is false), otherwise Endpoints v1 (`addresses`
// are ready; `notReadyAddresses` count only when the Service has publishNotReadyAddresses or the
// legacy tolerate-unready-endpoints annotation).
//
// Records (zone = opts.domain, names case-insensitive, owner names keep the question's case):
// - <svc>.<ns>.svc.<zone> A/AAAA: the ClusterIPs of the family asked (the other family: NODATA);
//   headless: every ready endpoint address (none ready: NXDOMAIN); ExternalName: a CNAME to
//   spec.externalName, followed inside the zone, else handed to `upstream` (without one the CNAME
//   stands alone).
// - <hostname>.<svc>.<ns>.svc.<zone> A: the endpoint whose hostname (spec.hostname with a matching
//   subdomain: StatefulSets) or, lacking one, dashed IP (10-244-1-5) is <hostname>.
// - _<port>._<proto>.<svc>.<ns>.svc.<zone> SRV: per matching port, priority 0, weights as CoreDNS
//   (100 split evenly), target <svc>.<ns>.svc.<zone> (ClusterIP) or <hostname>.<svc>... (headless,
//   one per endpoint), the targets' A records in the additional section. A plain SRV query for
//   <svc>.<ns>.svc.<zone> lists every port (unnamed ones too), as CoreDNS does.
// - <a-b-c-d>.<ns>.pod.<zone> A (podMode 'insecure', the default; 'verified' checks a pod has that IP).
// - PTR <d.c.b.a>.in-addr.arpa (and ip6.arpa): a ClusterIP → <svc>.<ns>.svc.<zone>; an endpoint
//   address (of any Service, as CoreDNS) → <hostname>.<svc>.<ns>.svc.<zone>.
// - dns-version.<zone> TXT "1.1.0" (CoreDNS's schema version), TTL 28800.
// - <zone> SOA / NS, ns.dns.<zone> A: the kube-dns Service (kube-system/kube-dns).
// - NXDOMAIN when the name doesn't exist, NOERROR without answers (NODATA) when it exists with no
//   record of the type; both carry the zone's SOA (`ns.dns.<zone>. hostmaster.<zone>. serial 7200
//   1800 86400 ttl`) in authority. AXFR/IXFR: REFUSED.
//
// Names outside the zones CoreDNS forwards; kctl has no upstream, so: `opts.upstream(question)` when
// given (also consulted for CNAME targets outside the zone and for reverse names nothing in the
// cluster owns — the Corefile's fallthrough); otherwise `localhost` and `*.localhost` answer
// 127.0.0.1 / ::1 (RFC 6761), a reverse name of 127.0.0.0/8 or ::1 answers PTR `localhost.`, other
// reverse names NXDOMAIN (what resolvers say for private ranges), and any other name SERVFAIL
// (what CoreDNS's forward answers when no upstream is reachable). Those answers are not
// authoritative (`authoritative: false`).
//
// Deviations from CoreDNS, where it is quirky: TXT (and SOA/NS below the apex) for a name that
// exists is NODATA, not NXDOMAIN; the NS target of the reverse zones is the kube-dns name under
// the cluster domain.

import type { KObject } from '../api/types';
import type { Question, RR } from './wire';
import { CLASS_IN, RCODE, addressFromReverse, fqdn, isIPv4, isIPv6, nameEquals } from './wire';

/** The objects answered from. Treated as immutable: its index is cached per view object, so pass a
 * new view (a new object) when the cluster changes. */
export interface DnsView {
  services: KObject[];
  endpointSlices?: KObject[];
  endpoints?: KObject[];
  pods?: KObject[];
  /** when absent, a namespace exists if some object is in it (and default, kube-system, kube-public, kube-node-lease) */
  namespaces?: KObject[];
}

export interface AnswerResult {
  rcode: number;
  answers: RR[];
  authority: RR[];
  additional: RR[];
  /** false for answers about names outside the cluster's zones (default true) */
  authoritative?: boolean;
}

export interface AnswerOptions {
  /** cluster domain (default cluster.local) */
  domain?: string;
  /** TTL of every record (default 30) */
  ttl?: number;
  /** SOA serial (CoreDNS: the time of the last change; default 1) */
  serial?: number;
  /** pod records a-b-c-d.<ns>.pod.<zone>: 'insecure' (default, as kubeadm), 'verified', 'disabled' */
  podMode?: 'insecure' | 'verified' | 'disabled';
  /** nameserver address when there is no kube-system/kube-dns Service (default 10.96.0.10) */
  dnsServiceIP?: string;
  /** resolver for names outside the cluster (synchronous; undefined = use the default answer) */
  upstream?: (q: Question) => AnswerResult | undefined;
}

export const DNS_SCHEMA_VERSION = '1.1.0';
const SCHEMA_TTL = 28800;
const MAX_CNAME_CHAIN = 10;
const TOLERATE_UNREADY = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const REVERSE_ZONES = ['in-addr.arpa.', 'ip6.arpa.'];

// ---------------------------------------------------------------------------------------------
// the view, indexed

interface EpAddr { ip: string; hostname: string }
interface EpPort { name: string; port: number; protocol: string }
/** CoreDNS's object.Endpoints subset: ready addresses × ports, of one Service */
interface EpGroup { svcName: string; namespace: string; addresses: EpAddr[]; ports: EpPort[] }

interface Index {
  services: Map<string, KObject>;
  byClusterIP: Map<string, KObject[]>;
  groups: Map<string, EpGroup[]>;
  groupsByIP: Map<string, EpGroup[]>;
  namespaces: Set<string>;
  podsByIP: Map<string, KObject[]>;
}

function arr<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function key(name: string, ns: string): string {
  return `${name.toLowerCase()}.${ns.toLowerCase()}`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v); else m.set(k, [v]);
}

function tolerateUnready(svc: KObject | undefined): boolean {
  return svc?.spec?.publishNotReadyAddresses === true || svc?.metadata?.annotations?.[TOLERATE_UNREADY] === 'true';
}

function groupPorts(ports: any[]): EpPort[] {
  // a sentinel port when there are none (headless services may have no ports)
  if (ports.length === 0) return [{ name: '', port: -1, protocol: '' }];
  return ports.map((p: any) => ({ name: str(p?.name), port: typeof p?.port === 'number' ? p.port : -1, protocol: str(p?.protocol) || 'TCP' }));
}

const indexCache = new WeakMap<DnsView, Index>();

function indexView(view: DnsView): Index {
  const cached = indexCache.get(view);
  if (cached) return cached;
  const ix: Index = {
    services: new Map(), byClusterIP: new Map(), groups: new Map(), groupsByIP: new Map(),
    namespaces: new Set(), podsByIP: new Map(),
  };
  for (const svc of arr<KObject>(view.services)) {
    const ns = str(svc.metadata?.namespace) || 'default';
    ix.services.set(key(str(svc.metadata?.name), ns), svc);
    for (const ip of clusterIPs(svc)) if (ip !== 'None') push(ix.byClusterIP, ip, svc);
  }
  const addGroup = (g: EpGroup) => {
    push(ix.groups, key(g.svcName, g.namespace), g);
    for (const a of g.addresses) push(ix.groupsByIP, a.ip, g);
  };
  if (Array.isArray(view.endpointSlices)) {
    for (const s of view.endpointSlices) {
      const ns = str(s.metadata?.namespace) || 'default';
      const svcName = str(s.metadata?.labels?.[SERVICE_NAME_LABEL]);
      if (!svcName) continue;
      const tolerate = tolerateUnready(ix.services.get(key(svcName, ns)));
      const addresses: EpAddr[] = [];
      for (const e of arr(s.endpoints)) {
        if (e?.conditions?.ready === false && !tolerate) continue;
        for (const ip of arr<string>(e?.addresses)) addresses.push({ ip, hostname: str(e?.hostname) });
      }
      addGroup({ svcName, namespace: ns, addresses, ports: groupPorts(arr(s.ports)) });
    }
  } else {
    for (const ep of arr<KObject>(view.endpoints)) {
      const ns = str(ep.metadata?.namespace) || 'default';
      const svcName = str(ep.metadata?.name);
      const tolerate = tolerateUnready(ix.services.get(key(svcName, ns)));
      for (const ss of arr(ep.subsets)) {
        const addresses: EpAddr[] = [];
        const lists = tolerate ? [arr(ss?.addresses), arr(ss?.notReadyAddresses)] : [arr(ss?.addresses)];
        for (const l of lists) for (const a of l) if (str(a?.ip)) addresses.push({ ip: a.ip, hostname: str(a?.hostname) });
        addGroup({ svcName, namespace: ns, addresses, ports: groupPorts(arr(ss?.ports)) });
      }
    }
  }
  for (const p of arr<KObject>(view.pods)) {
    const ips = arr(p.status?.podIPs).map((x: any) => str(x?.ip)).filter(Boolean);
    if (str(p.status?.podIP) && !ips.includes(p.status.podIP)) ips.unshift(p.status.podIP);
    for (const ip of ips) push(ix.podsByIP, ip, p);
  }
  if (Array.isArray(view.namespaces)) {
    for (const n of view.namespaces) ix.namespaces.add(str(n.metadata?.name).toLowerCase());
  } else {
    for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) ix.namespaces.add(n);
    for (const list of [view.services, view.endpoints, view.endpointSlices, view.pods]) {
      for (const o of arr<KObject>(list)) ix.namespaces.add((str(o.metadata?.namespace) || 'default').toLowerCase());
    }
  }
  indexCache.set(view, ix);
  return ix;
}

function clusterIPs(svc: KObject): string[] {
  const ips = arr<string>(svc.spec?.clusterIPs).filter((x) => typeof x === 'string' && x !== '');
  if (ips.length) return ips;
  const ip = str(svc.spec?.clusterIP);
  return ip ? [ip] : [];
}

function isHeadless(svc: KObject): boolean {
  return clusterIPs(svc)[0] === 'None';
}

/** CoreDNS endpointHostname: the hostname, else the dashed address */
export function endpointHostname(a: { ip: string; hostname?: string }): string {
  if (a.hostname) return a.hostname;
  if (a.ip.includes('.')) return a.ip.replace(/\./g, '-');
  if (a.ip.includes(':')) {
    const h = a.ip.replace(/:/g, '-');
    return h.endsWith('-') ? `${h}0` : h;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// lookups (CoreDNS's msg.Service list: a host — an address or a name — with a port and the name it
// stands under)

interface Item { host: string; port: number; key: string; ttl: number; text?: string }
/** items found; nameError = the name does not exist (NXDOMAIN) */
interface Found { items: Item[]; nameError: boolean }

const NAME_ERROR: Found = { items: [], nameError: true };

interface Ctx {
  zone: string; // the cluster zone, lowercase, trailing dot
  ttl: number;
  ix: Index;
  opts: AnswerOptions;
}

interface Request { podOrSvc: string; namespace: string; service: string; endpoint: string; port: string; protocol: string }

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

/** parseRequest: base = the lowercase name without the zone and without a trailing dot */
function parseRequest(base: string): Request | undefined {
  const r: Request = { podOrSvc: '', namespace: '', service: '', endpoint: '', port: '', protocol: '' };
  if (base === '' || base === 'svc' || base === 'pod') return r;
  const segs = base.split('.');
  let last = segs.length - 1;
  r.podOrSvc = segs[last];
  if (r.podOrSvc !== 'pod' && r.podOrSvc !== 'svc') return undefined;
  if (--last < 0) return r;
  r.namespace = segs[last];
  if (--last < 0) return r;
  r.service = segs[last];
  if (--last < 0) return r;
  if (last === 0) r.endpoint = segs[0];
  else if (last === 1) {
    r.protocol = stripUnderscore(segs[1]);
    r.port = stripUnderscore(segs[0]);
  } else return undefined; // too long
  return r;
}

function baseOf(lname: string, zone: string): string {
  if (lname === zone) return '';
  return lname.slice(0, lname.length - zone.length - 1);
}

function portMatches(r: Request, p: EpPort): boolean {
  return (r.port === '' || r.port === p.name.toLowerCase()) && (r.protocol === '' || r.protocol === p.protocol.toLowerCase());
}

function findServices(r: Request, c: Ctx): Found {
  if (r.service === '') return { items: [], nameError: false };
  const svc = c.ix.services.get(key(r.service, r.namespace));
  if (!svc) return NAME_ERROR;
  const name = str(svc.metadata?.name);
  const ns = str(svc.metadata?.namespace) || 'default';
  const svcFqdn = `${name}.${ns}.svc.${c.zone}`;
  if (svc.spec?.type === 'ExternalName') {
    if (r.endpoint || r.port || r.protocol) return NAME_ERROR;
    const host = str(svc.spec?.externalName);
    if (!host || isIPv4(host) || isIPv6(host)) return NAME_ERROR;
    return { items: [{ host, port: 0, key: svcFqdn, ttl: c.ttl }], nameError: false };
  }
  const items: Item[] = [];
  let found = false;
  if (isHeadless(svc) || r.endpoint) {
    for (const g of c.ix.groups.get(key(name, ns)) ?? []) {
      for (const a of g.addresses) {
        const hn = endpointHostname(a);
        if (r.endpoint && r.endpoint !== hn.toLowerCase()) continue;
        for (const p of g.ports) {
          if (!portMatches(r, p)) continue;
          found = true;
          items.push({ host: a.ip, port: p.port, key: `${hn}.${svcFqdn}`, ttl: c.ttl });
        }
      }
    }
    return found ? { items, nameError: false } : NAME_ERROR;
  }
  for (const p of groupPorts(arr(svc.spec?.ports))) {
    if (!portMatches(r, p)) continue;
    found = true;
    for (const ip of clusterIPs(svc)) items.push({ host: ip, port: p.port, key: svcFqdn, ttl: c.ttl });
  }
  return found ? { items, nameError: false } : NAME_ERROR;
}

function findPods(r: Request, c: Ctx): Found {
  const mode = c.opts.podMode ?? 'insecure';
  if (mode === 'disabled') return NAME_ERROR;
  const podname = r.service;
  if (podname === '') return { items: [], nameError: false };
  const ip = (podname.split('-').length === 4 && !podname.includes('--')) ? podname.replace(/-/g, '.') : podname.replace(/-/g, ':');
  const canonical = isIPv4(ip) ? ip : isIPv6(ip) ? ip : '';
  if (!canonical) return NAME_ERROR;
  const k = `${podname}.${r.namespace}.pod.${c.zone}`;
  if (mode === 'insecure') return { items: [{ host: ip, port: 0, key: k, ttl: c.ttl }], nameError: false };
  const items: Item[] = [];
  for (const p of c.ix.podsByIP.get(ip) ?? []) {
    if ((str(p.metadata?.namespace) || 'default').toLowerCase() === r.namespace && str(p.status?.podIP) === ip) {
      items.push({ host: ip, port: 0, key: k, ttl: c.ttl });
    }
  }
  return items.length ? { items, nameError: false } : NAME_ERROR;
}

/** Kubernetes.Records for a name in the cluster zone */
function recordsFor(lname: string, c: Ctx): Found {
  const r = parseRequest(baseOf(lname, c.zone));
  if (!r) return NAME_ERROR;
  if (r.podOrSvc === '') return { items: [], nameError: false };
  if (!c.ix.namespaces.has(r.namespace)) return NAME_ERROR;
  return r.podOrSvc === 'pod' ? findPods(r, c) : findServices(r, c);
}

/** the nameserver records: kube-system/kube-dns, else ns.dns.<zone> at opts.dnsServiceIP */
function nsAddrs(c: Ctx): Array<{ name: string; ip: string }> {
  const svc = c.ix.services.get(key('kube-dns', 'kube-system'));
  if (svc) {
    const svcFqdn = `kube-dns.kube-system.svc.${c.zone}`;
    if (!isHeadless(svc)) {
      const ips = clusterIPs(svc).filter((ip) => isIPv4(ip) || isIPv6(ip));
      if (ips.length) return ips.map((ip) => ({ name: svcFqdn, ip }));
    } else {
      const out: Array<{ name: string; ip: string }> = [];
      for (const g of c.ix.groups.get(key('kube-dns', 'kube-system')) ?? []) {
        for (const a of g.addresses) out.push({ name: `${endpointHostname(a)}.${svcFqdn}`, ip: a.ip });
      }
      if (out.length) return out;
    }
  }
  return [{ name: `ns.dns.${c.zone}`, ip: c.opts.dnsServiceIP ?? '10.96.0.10' }];
}

/** Kubernetes.Services for a question type */
function servicesFor(lname: string, type: string, c: Ctx): Found {
  if (type === 'TXT') {
    if (baseOf(lname, c.zone) === 'dns-version') {
      return { items: [{ host: '', port: 0, key: lname, ttl: SCHEMA_TTL, text: DNS_SCHEMA_VERSION }], nameError: false };
    }
    const f = recordsFor(lname, c);
    return f.nameError ? NAME_ERROR : { items: [], nameError: false };
  }
  if (lname === `ns.dns.${c.zone}`) {
    return { items: nsAddrs(c).map((n) => ({ host: n.ip, port: 0, key: lname, ttl: c.ttl })), nameError: false };
  }
  const f = recordsFor(lname, c);
  if (type === 'SRV') return { items: f.items.filter((i) => hostType(i.host) !== 'CNAME'), nameError: f.nameError };
  return f;
}

function hostType(host: string): 'A' | 'AAAA' | 'CNAME' {
  if (isIPv4(host)) return 'A';
  if (isIPv6(host)) return 'AAAA';
  return 'CNAME';
}

function rr(name: string, type: string, ttl: number, data: any): RR {
  return { name, type, class: CLASS_IN, ttl, data };
}

function inZone(lname: string, zone: string): boolean {
  return lname === zone || lname.endsWith(`.${zone}`);
}

interface Records { records: RR[]; extra: RR[]; nameError: boolean }

/** plugin.A / plugin.AAAA */
function addressRecords(qname: string, type: 'A' | 'AAAA', c: Ctx, previous: RR[]): Records {
  const lname = fqdn(qname).toLowerCase();
  const f = lname === c.zone ? { items: [], nameError: false } : servicesFor(lname, type, c);
  if (f.nameError) return { records: [], extra: [], nameError: true };
  const records: RR[] = [];
  const seen = new Set<string>();
  for (const it of f.items) {
    const what = hostType(it.host);
    if (what === 'CNAME') {
      const target = fqdn(it.host);
      if (nameEquals(target, qname)) continue;
      if (previous.length > MAX_CNAME_CHAIN) continue;
      const cname = rr(qname, 'CNAME', it.ttl, target);
      if (previous.some((p) => p.type === 'CNAME' && nameEquals(p.name, cname.name) && nameEquals(p.data, target))) continue;
      if (inZone(target.toLowerCase(), c.zone)) {
        const next = addressRecords(target, type, c, [...previous, cname]);
        if (!next.nameError && next.records.length) records.push(cname, ...next.records);
        continue;
      }
      const ext = external({ name: target, type, class: CLASS_IN }, c.opts);
      records.push(cname, ...ext.answers);
      continue;
    }
    if (what !== type || seen.has(it.host)) continue;
    seen.add(it.host);
    records.push(rr(qname, type, it.ttl, it.host));
  }
  return { records, extra: [], nameError: false };
}

/** plugin.SRV */
function srvRecords(qname: string, c: Ctx): Records {
  const lname = fqdn(qname).toLowerCase();
  const f = servicesFor(lname, 'SRV', c);
  if (f.nameError) return { records: [], extra: [], nameError: true };
  const records: RR[] = [];
  const extra: RR[] = [];
  const seen = new Set<string>();
  // every item has priority 0 and weight 100 before normalisation (as CoreDNS)
  const total = 100 * f.items.length;
  for (const it of f.items) {
    if (it.port === -1) continue;
    const weight = Math.max(1, Math.floor((100 / total) * 100));
    const what = hostType(it.host);
    if (what === 'CNAME') continue;
    const target = it.key;
    const sk = `${target}\0${it.port}`;
    if (!seen.has(sk)) {
      seen.add(sk);
      records.push(rr(qname, 'SRV', it.ttl, { priority: 0, weight, port: it.port, target }));
    }
    const ak = `${target}\0${it.host}`;
    if (!seen.has(ak)) {
      seen.add(ak);
      extra.push(rr(target, what, it.ttl, it.host));
    }
  }
  return { records, extra, nameError: false };
}

/** the reverse zones: ClusterIPs first, then endpoint addresses */
function ptrTargets(ip: string, c: Ctx): string[] {
  const svcs = c.ix.byClusterIP.get(ip);
  if (svcs?.length) {
    const s = svcs[0];
    return [`${str(s.metadata?.name)}.${str(s.metadata?.namespace) || 'default'}.svc.${c.zone}`];
  }
  const out: string[] = [];
  for (const g of c.ix.groupsByIP.get(ip) ?? []) {
    for (const a of g.addresses) {
      if (a.ip !== ip) continue;
      const t = `${endpointHostname(a)}.${g.svcName}.${g.namespace}.svc.${c.zone}`;
      if (!out.includes(t)) out.push(t);
    }
  }
  return out;
}

function soa(zone: string, c: Ctx): RR {
  return rr(zone, 'SOA', Math.min(c.ttl, 300), {
    mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: (c.opts.serial ?? 1) >>> 0,
    refresh: 7200, retry: 1800, expire: 86400, minimum: c.ttl,
  });
}

// ---------------------------------------------------------------------------------------------
// names outside the cluster

function isLocalhost(lname: string): boolean {
  return lname === 'localhost.' || lname.endsWith('.localhost.');
}

function loopbackPtr(ip: string | undefined): boolean {
  return !!ip && ((isIPv4(ip) && ip.startsWith('127.')) || ip === '::1');
}

/** opts.upstream, else kctl's default (localhost, loopback PTR, NXDOMAIN for other reverse names, SERVFAIL) */
function external(q: Question, opts: AnswerOptions, reverseZone?: { zone: string; c: Ctx }): AnswerResult {
  const up = opts.upstream?.(q);
  if (up) return { authoritative: false, ...up };
  const lname = fqdn(q.name).toLowerCase();
  const type = q.type.toUpperCase();
  const empty = (rcode: number): AnswerResult => ({ rcode, answers: [], authority: [], additional: [], authoritative: false });
  if (isLocalhost(lname)) {
    const r = empty(RCODE.NOERROR);
    if (type === 'A' || type === 'ANY') r.answers.push(rr(q.name, 'A', opts.ttl ?? 30, '127.0.0.1'));
    if (type === 'AAAA' || type === 'ANY') r.answers.push(rr(q.name, 'AAAA', opts.ttl ?? 30, '::1'));
    return r;
  }
  if (reverseZone) {
    const ip = addressFromReverse(lname);
    if (loopbackPtr(ip)) {
      const r = empty(RCODE.NOERROR);
      if (type === 'PTR' || type === 'ANY') r.answers.push(rr(q.name, 'PTR', opts.ttl ?? 30, 'localhost.'));
      return r;
    }
    const r = empty(RCODE.NXDOMAIN);
    r.authority.push(soa(reverseZone.zone, reverseZone.c));
    return r;
  }
  return empty(RCODE.SERVFAIL);
}

// ---------------------------------------------------------------------------------------------

/** The zone of the cluster's own that `name` is in (cluster domain or a reverse zone), else undefined. */
export function zoneOf(name: string, opts: AnswerOptions = {}): string | undefined {
  const lname = fqdn(name).toLowerCase();
  const zones = [fqdn(opts.domain ?? 'cluster.local').toLowerCase(), ...REVERSE_ZONES];
  let best: string | undefined;
  for (const z of zones) if (inZone(lname, z) && (!best || z.length > best.length)) best = z;
  return best;
}

/** The answer to one question over the cluster's objects (see the header of this file). */
export function answer(q: Question, view: DnsView, opts: AnswerOptions = {}): AnswerResult {
  const zone = zoneOf(q.name, opts);
  if (!zone) return external(q, opts);
  const c: Ctx = { zone: fqdn(opts.domain ?? 'cluster.local').toLowerCase(), ttl: opts.ttl ?? 30, ix: indexView(view), opts };
  const qname = fqdn(q.name);
  const lname = qname.toLowerCase();
  const type = q.type.toUpperCase();
  const reverse = REVERSE_ZONES.includes(zone);
  const ok = (records: RR[], extra: RR[] = []): AnswerResult => records.length
    ? { rcode: RCODE.NOERROR, answers: records, authority: [], additional: extra, authoritative: true }
    : { rcode: RCODE.NOERROR, answers: [], authority: [soa(zone, c)], additional: [], authoritative: true };
  const nameError = (): AnswerResult => reverse
    ? external(q, opts, { zone, c })
    : { rcode: RCODE.NXDOMAIN, answers: [], authority: [soa(zone, c)], additional: [], authoritative: true };

  if (type === 'AXFR' || type === 'IXFR') {
    return { rcode: RCODE.REFUSED, answers: [], authority: [], additional: [], authoritative: true };
  }
  // the apex
  if (lname === zone) {
    if (type === 'SOA') return ok([soa(zone, c)]);
    if (type === 'NS') {
      const ns = nsAddrs(c);
      const records: RR[] = [];
      for (const n of ns) if (!records.some((r) => r.data === n.name)) records.push(rr(qname, 'NS', c.ttl, n.name));
      return ok(records, ns.map((n) => rr(n.name, isIPv4(n.ip) ? 'A' : 'AAAA', c.ttl, n.ip)));
    }
    return ok([]);
  }
  if (reverse) {
    if (type !== 'PTR') return nameError();
    const ip = addressFromReverse(lname);
    const targets = ip ? ptrTargets(ip, c) : [];
    return targets.length ? ok(targets.map((t) => rr(qname, 'PTR', c.ttl, t))) : nameError();
  }

  let res: Records;
  switch (type) {
    case 'A':
    case 'AAAA':
      res = addressRecords(qname, type, c, []);
      break;
    case 'SRV':
      res = srvRecords(qname, c);
      break;
    case 'TXT': {
      const f = servicesFor(lname, 'TXT', c);
      res = { records: f.items.filter((i) => i.text !== undefined).map((i) => rr(qname, 'TXT', i.ttl, [i.text!])), extra: [], nameError: f.nameError };
      break;
    }
    case 'CNAME':
    case 'PTR': {
      const f = servicesFor(lname, type, c);
      const first = f.items[0];
      const records = first && hostType(first.host) === 'CNAME' ? [rr(qname, type, first.ttl, fqdn(first.host))] : [];
      res = { records, extra: [], nameError: f.nameError };
      break;
    }
    default: {
      // a fake A lookup tells NODATA from NXDOMAIN
      const a = addressRecords(qname, 'A', c, []);
      res = { records: [], extra: [], nameError: a.nameError };
    }
  }
  if (res.nameError) return nameError();
  return ok(res.records, res.extra);
}
