// ingress-nginx's routing model, pure: Ingresses + Services + Endpoints + IngressClasses (+ which
// TLS secrets hold a usable certificate) → a table of virtual servers with their locations and
// upstreams, and for one request the decision nginx would take (redirect, proxy to an upstream's
// endpoints, the default backend's 404, 503 when a service has no endpoint).
//
// Follows kubernetes/ingress-nginx internal/ingress/controller (createUpstreams, createServers,
// getBackendServers) and its nginx.tmpl / lua_ingress.lua:
// - Ingresses are sorted by creationTimestamp (ties: namespace/name descending); the first Ingress
//   naming a host creates its server, whose root location `/` goes to the default backend (or to that
//   Ingress's spec.defaultBackend) with that Ingress's annotations; paths are merged per host, a path
//   already configured by an older Ingress is kept. Rules without host go to the catch-all server `_`;
//   an Ingress with a defaultBackend and no rules configures the catch-all's `/`.
// - Locations are ordered by path length, longest first (ties: path descending). An Exact path wins
//   first; then, when any location of the server uses `rewrite-target` or `use-regex`, paths are
//   case-insensitive regexes anchored at the start and the first one in that order matches (as nginx
//   evaluates `location ~*` blocks in order); otherwise the longest matching prefix wins.
//   Path types: Exact (whole path), Prefix (element-wise: `/foo` matches `/foo` and `/foo/bar`, not
//   `/foobar`), ImplementationSpecific (nginx's string prefix, or a regex as above).
// - Hosts: exact names first, then the longest `*.suffix` wildcard (nginx server_name semantics: any
//   depth), then `_`. TLS certificates by SNI: exact host, then the one-level wildcard, then the
//   default (fake) certificate.
// - Upstream `<namespace>-<service>-<port>`: the service port is matched by number, name or target
//   port; its endpoints are the ready addresses of the Endpoints subsets with the target port of the
//   port with the service port's name (ingress-nginx forwards to the pods, not the ClusterIP).
//
// Two generations of the controller are modelled (`legacy`: the 0.x releases of the lab, 2019;
// otherwise the current 1.x):
// - Ingress class. legacy: the `kubernetes.io/ingress.class` annotation must equal --ingress-class,
//   or be absent/empty when the class is `nginx`; a spec.ingressClassName (a field 0.x did not know)
//   must name the class or an IngressClass of this controller. 1.x: the annotation equal to
//   --ingress-class, or spec.ingressClassName naming an IngressClass whose spec.controller is
//   --controller-class; class-less Ingresses only with --watch-ingress-without-class or a default
//   IngressClass (ingressclass.kubernetes.io/is-default-class) of this controller.
// - ssl-redirect (default true). legacy: when the matched server has a certificate (a valid TLS
//   secret; the catch-all always has the default one, so host-less rules redirect too). 1.x: when a
//   certificate is configured for the request's host (a host listed in an Ingress's TLS section).
//   force-ssl-redirect redirects regardless. Redirect: 308 to https://<host without port><request uri>.
// - Status address from --publish-service. legacy (< 0.26): the service's load-balancer ingress and
//   externalIPs only (a NodePort service gives none: the lab's empty ADDRESS); ≥ 0.26: also the
//   ClusterIP of a ClusterIP/NodePort service (1.x: a NodePort's externalIPs when it has some).
//
// Not modelled: canary, auth, CORS, rate limits, session affinity, aliases, snippets, custom errors.

import type { KObject } from '../../api/types';

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface ControllerConfig {
  /** --ingress-class (default `nginx`) */
  ingressClass: string;
  /** --controller-class (1.x; default `k8s.io/ingress-nginx`) */
  controllerClass: string;
  /** 0.x semantics (see the header) */
  legacy: boolean;
  /** --watch-ingress-without-class (1.x) */
  watchWithoutClass: boolean;
  /** --watch-namespace ('' = all) */
  watchNamespace: string;
  /** --annotations-prefix */
  annotationsPrefix: string;
  /** --default-backend-service `namespace/name` ('' = the controller's own 404) */
  defaultBackendService: string;
  /** ConfigMap `ssl-redirect` (default true) */
  sslRedirect: boolean;
  /** ConfigMap `force-ssl-redirect` (default false) */
  forceSSLRedirect: boolean;
  /** ConfigMap `http-redirect-code` (default 308) */
  httpRedirectCode: number;
  /** ConfigMap `enable-access-log-for-default-backend` (default false) */
  accessLogForDefaultBackend: boolean;
}

export function defaultConfig(over: Partial<ControllerConfig> = {}): ControllerConfig {
  return {
    ingressClass: 'nginx', controllerClass: 'k8s.io/ingress-nginx', legacy: false, watchWithoutClass: false,
    watchNamespace: '', annotationsPrefix: 'nginx.ingress.kubernetes.io', defaultBackendService: '',
    sslRedirect: true, forceSSLRedirect: false, httpRedirectCode: 308, accessLogForDefaultBackend: false, ...over,
  };
}

/** The ConfigMap keys the controller honours, applied over a config. */
export function applyConfigMap(cfg: ControllerConfig, data: Record<string, string> | undefined): ControllerConfig {
  const out = { ...cfg };
  if (!data) return out;
  const b = (k: string) => parseBool(data[k]);
  if (b('ssl-redirect') !== undefined) out.sslRedirect = b('ssl-redirect')!;
  if (b('force-ssl-redirect') !== undefined) out.forceSSLRedirect = b('force-ssl-redirect')!;
  if (b('enable-access-log-for-default-backend') !== undefined) out.accessLogForDefaultBackend = b('enable-access-log-for-default-backend')!;
  const code = Number(data['http-redirect-code']);
  if ([301, 302, 307, 308].includes(code)) out.httpRedirectCode = code;
  return out;
}

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const DEFAULT_UPSTREAM = 'upstream-default-backend';
export const CATCH_ALL = '_';

/** Go's strconv.ParseBool. */
export function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

// ---- ingress class ----------------------------------------------------------------------------

/** Does this controller serve the Ingress? (see the header) */
export function ingressServed(ing: KObject, classes: KObject[], cfg: ControllerConfig): boolean {
  if (cfg.watchNamespace && ing.metadata.namespace !== cfg.watchNamespace) return false;
  const ann = ing.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  if (ann !== undefined && ann !== '') return ann === cfg.ingressClass;
  const ours = (c: KObject) => c.spec?.controller === cfg.controllerClass;
  const name = ing.spec?.ingressClassName;
  if (typeof name === 'string' && name !== '') {
    if (cfg.legacy && name === cfg.ingressClass) return true;
    return classes.some((c) => c.metadata.name === name && ours(c));
  }
  if (cfg.legacy) return cfg.ingressClass === 'nginx';
  return cfg.watchWithoutClass || classes.some((c) => ours(c) && c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
}

/** ingress-nginx's order: creationTimestamp, then namespace/name descending. */
export function sortIngresses(ings: KObject[]): KObject[] {
  const t = (o: KObject) => Math.floor(Date.parse(o.metadata.creationTimestamp ?? '') / 1000) || 0;
  const key = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  return [...ings].sort((a, b) => (t(a) !== t(b) ? t(a) - t(b) : key(a) > key(b) ? -1 : key(a) < key(b) ? 1 : 0));
}

// ---- annotations ------------------------------------------------------------------------------

export type BackendProtocol = 'HTTP' | 'HTTPS' | 'GRPC' | 'GRPCS' | 'AJP' | 'FCGI';

/** What a location takes from its Ingress's annotations. */
export interface LocationAnnotations {
  sslRedirect: boolean;
  forceSSLRedirect: boolean;
  useRegex: boolean;
  rewriteTarget: string;
  appRoot: string;
  /** permanent-redirect (code permanent-redirect-code, default 301) or temporal-redirect (302) */
  redirect?: { url: string; code: number };
  backendProtocol: BackendProtocol;
  xForwardedPrefix: string;
  upstreamVhost: string;
  accessLog: boolean;
}

const PROTOCOLS: BackendProtocol[] = ['HTTP', 'HTTPS', 'GRPC', 'GRPCS', 'AJP', 'FCGI'];

function validRedirectURL(s: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(s);
}

export function parseAnnotations(ing: KObject, cfg: ControllerConfig): LocationAnnotations {
  const ann = ing.metadata.annotations ?? {};
  const get = (k: string): string | undefined => {
    const v = ann[`${cfg.annotationsPrefix}/${k}`];
    return typeof v === 'string' ? v : undefined;
  };
  const bool = (k: string, d: boolean) => parseBool(get(k)) ?? d;
  let redirect: LocationAnnotations['redirect'];
  const temporal = get('temporal-redirect');
  const permanent = get('permanent-redirect');
  if (temporal && validRedirectURL(temporal)) redirect = { url: temporal, code: 302 };
  else if (permanent && validRedirectURL(permanent)) {
    let code = Number(get('permanent-redirect-code'));
    if (!Number.isInteger(code) || code < 300 || code > 308) code = 301;
    redirect = { url: permanent, code };
  }
  let proto = (get('backend-protocol') ?? '').toUpperCase() as BackendProtocol;
  if (!PROTOCOLS.includes(proto)) proto = parseBool(get('secure-backends')) ? 'HTTPS' : 'HTTP';
  const appRoot = get('app-root') ?? '';
  return {
    sslRedirect: bool('ssl-redirect', cfg.sslRedirect),
    forceSSLRedirect: bool('force-ssl-redirect', cfg.forceSSLRedirect),
    useRegex: bool('use-regex', false),
    rewriteTarget: get('rewrite-target') ?? '',
    appRoot: appRoot.startsWith('/') ? appRoot : '',
    redirect,
    backendProtocol: proto,
    xForwardedPrefix: get('x-forwarded-prefix') ?? '',
    upstreamVhost: get('upstream-vhost') ?? '',
    accessLog: bool('enable-access-log', true),
  };
}

/** A location's settings when no Ingress configured it (Go's zero value). */
function zeroAnnotations(accessLog: boolean): LocationAnnotations {
  return {
    sslRedirect: false, forceSSLRedirect: false, useRegex: false, rewriteTarget: '', appRoot: '',
    backendProtocol: 'HTTP', xForwardedPrefix: '', upstreamVhost: '', accessLog,
  };
}

// ---- the table --------------------------------------------------------------------------------

export interface Endpoint { address: string; port: number }

export interface Upstream {
  /** `<namespace>-<service>-<port as written>` or `upstream-default-backend` */
  name: string;
  namespace: string;
  service: string;
  /** the service port as the Ingress wrote it (number or name) */
  port: string;
  endpoints: Endpoint[];
  /** why there are no endpoints (a controller warning), when there are none */
  problem?: string;
}

export interface Location extends LocationAnnotations {
  path: string;
  pathType: PathType;
  /** the server's root location still pointing at the default upstream (no Ingress path `/`) */
  isDefBackend: boolean;
  upstream: string;
  /** `namespace/name` of the Ingress that configured it */
  ingress?: string;
  service?: string;
  servicePort?: string;
}

export interface Server {
  hostname: string;
  /** in nginx's evaluation order */
  locations: Location[];
  /** `namespace/name` of the TLS secret serving this host, when valid */
  certificate?: string;
  /** the server has a certificate (a secret's or the default one) — see ssl-redirect in the header */
  hasCert: boolean;
  /** regex locations (some location uses rewrite-target or use-regex) */
  regex: boolean;
}

export interface RouteTable {
  servers: Map<string, Server>;
  catchAll: Server;
  upstreams: Map<string, Upstream>;
  /** the Ingresses served, `namespace/name`, in ingress-nginx's order */
  ingresses: string[];
  /** controller warnings (klog W lines), e.g. services without endpoints, unusable TLS secrets */
  warnings: string[];
}

/** A TLS secret whose certificate and key load; `matches` checks a host against its SANs / CN. */
export interface CertInfo { matches(host: string): boolean }

export interface ClusterState {
  ingresses: KObject[];
  services: KObject[];
  endpoints: KObject[];
  ingressClasses?: KObject[];
  /** usable TLS secrets by `namespace/name` */
  certs?: Map<string, CertInfo>;
}

function serviceKey(ns: string | undefined, name: string | undefined): string {
  return `${ns ?? ''}/${name ?? ''}`;
}

function backendPort(b: any): string {
  const p = b?.service?.port;
  if (p && typeof p.name === 'string' && p.name !== '') return p.name;
  if (p && typeof p.number === 'number') return String(p.number);
  return '0';
}

/** The ports of a Service that an Ingress's `port` (number, name or target port) designates. */
export function findServicePort(svc: KObject, port: string): any | undefined {
  return (svc.spec?.ports ?? []).find((sp: any) => String(sp.port) === port || String(sp.targetPort ?? '') === port || (sp.name ?? '') === port);
}

/** Ready endpoints of a service port (Endpoints subsets; target port by the service port's name). */
export function serviceEndpoints(svc: KObject, sp: any, ep: KObject | undefined): Endpoint[] {
  const out: Endpoint[] = [];
  const proto = sp.protocol ?? 'TCP';
  if (svc.spec?.type === 'ExternalName') {
    const tp = typeof sp.targetPort === 'number' ? sp.targetPort : /^\d+$/.test(String(sp.targetPort ?? '')) ? Number(sp.targetPort) : sp.port;
    if (svc.spec.externalName && tp > 0) out.push({ address: svc.spec.externalName, port: tp });
    return out;
  }
  const seen = new Set<string>();
  for (const ss of ep?.subsets ?? []) {
    for (const p of ss.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== proto) continue;
      const name = sp.name ?? '';
      const target = name === '' || name === (p.name ?? '') ? p.port : 0;
      if (!(target > 0)) continue;
      for (const a of ss.addresses ?? []) {
        const k = `${a.ip}:${target}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push({ address: a.ip, port: target });
      }
    }
  }
  return out;
}

function normalizePath(p: unknown): string {
  return typeof p === 'string' && p !== '' ? p : '/';
}

function sortLocations(locs: Location[]): Location[] {
  return [...locs].sort((a, b) => (b.path.length - a.path.length) || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
}

/** Build the routing table ingress-nginx would configure from the cluster state. */
export function buildRouteTable(state: ClusterState, cfg: ControllerConfig): RouteTable {
  const classes = state.ingressClasses ?? [];
  const certs = state.certs ?? new Map<string, CertInfo>();
  const warnings: string[] = [];
  const services = new Map(state.services.map((s) => [serviceKey(s.metadata.namespace, s.metadata.name), s]));
  const endpoints = new Map(state.endpoints.map((e) => [serviceKey(e.metadata.namespace, e.metadata.name), e]));
  const served = sortIngresses(state.ingresses.filter((i) => ingressServed(i, classes, cfg)));

  const upstreams = new Map<string, Upstream>();
  // the default backend: --default-backend-service, else the controller's own 404 server
  const du: Upstream = { name: DEFAULT_UPSTREAM, namespace: '', service: '', port: '', endpoints: [] };
  if (cfg.defaultBackendService) {
    const [ns, name] = cfg.defaultBackendService.split('/');
    const svc = services.get(serviceKey(ns, name));
    const sp = svc?.spec?.ports?.[0];
    if (svc && sp) {
      du.namespace = ns; du.service = name; du.port = String(sp.port);
      du.endpoints = serviceEndpoints(svc, sp, endpoints.get(serviceKey(ns, name)));
    }
  }
  upstreams.set(DEFAULT_UPSTREAM, du);

  const upstreamFor = (ns: string, backend: any): Upstream | undefined => {
    const svcName = backend?.service?.name;
    if (!svcName) return undefined;
    const port = backendPort(backend);
    const name = `${ns}-${svcName}-${port}`;
    let u = upstreams.get(name);
    if (u) return u;
    u = { name, namespace: ns, service: svcName, port, endpoints: [] };
    const svc = services.get(serviceKey(ns, svcName));
    if (!svc) {
      u.problem = `Error obtaining Service endpoints: service ${ns}/${svcName} does not exist`;
    } else {
      const sp = findServicePort(svc, port);
      if (!sp) u.problem = `Service "${ns}/${svcName}" does not have any port matching "${port}"`;
      else u.endpoints = serviceEndpoints(svc, sp, endpoints.get(serviceKey(ns, svcName)));
      if (sp && u.endpoints.length === 0) u.problem = `Service "${ns}/${svcName}" does not have any active Endpoint.`;
    }
    if (u.problem) warnings.push(u.problem);
    upstreams.set(name, u);
    return u;
  };

  const anns = new Map<string, LocationAnnotations>();
  for (const ing of served) anns.set(serviceKey(ing.metadata.namespace, ing.metadata.name), parseAnnotations(ing, cfg));

  const servers = new Map<string, Server>();
  const catchAll: Server = {
    hostname: CATCH_ALL, hasCert: true, regex: false,
    locations: [{ path: '/', pathType: 'Prefix', isDefBackend: true, upstream: DEFAULT_UPSTREAM, ...zeroAnnotations(cfg.accessLogForDefaultBackend) }],
  };
  servers.set(CATCH_ALL, catchAll);

  // servers and their root locations
  for (const ing of served) {
    const ns = ing.metadata.namespace!;
    const key = serviceKey(ns, ing.metadata.name);
    const a = anns.get(key)!;
    let un = DEFAULT_UPSTREAM;
    const db = ing.spec?.defaultBackend;
    if (db?.service) {
      const u = upstreamFor(ns, db)!;
      un = u.name;
      const rules = ing.spec?.rules ?? [];
      const defLoc = catchAll.locations[0];
      if (defLoc.isDefBackend && rules.length === 0) {
        // an Ingress with a backend and no rule configures the catch-all server (redirects and
        // rewrites aside)
        Object.assign(defLoc, { ...a, sslRedirect: false, forceSSLRedirect: false, useRegex: false, rewriteTarget: '', appRoot: '', redirect: undefined },
          { isDefBackend: false, upstream: u.name, ingress: key, service: u.service, servicePort: u.port });
      }
    }
    for (const rule of ing.spec?.rules ?? []) {
      const host = hostOf(rule.host);
      if (servers.has(host)) continue;
      servers.set(host, {
        hostname: host, hasCert: false, regex: false,
        locations: [{ path: '/', pathType: 'Prefix', isDefBackend: true, upstream: un, ingress: key, ...a }],
      });
    }
  }

  // certificates
  for (const ing of served) {
    const ns = ing.metadata.namespace!;
    const tls: any[] = Array.isArray(ing.spec?.tls) ? ing.spec.tls : [];
    for (const rule of ing.spec?.rules ?? []) {
      const host = hostOf(rule.host);
      const server = servers.get(host)!;
      if (server.certificate || (server.hasCert && host !== CATCH_ALL) || tls.length === 0 || host === CATCH_ALL) continue;
      let secret = '';
      for (const t of tls) if ((t?.hosts ?? []).map((h: string) => String(h).toLowerCase()).includes(host)) { secret = t.secretName ?? ''; break; }
      if (!secret) {
        for (const t of tls) {
          const c = t?.secretName ? certs.get(`${ns}/${t.secretName}`) : undefined;
          if (c && c.matches(host)) { secret = t.secretName; break; }
        }
      }
      if (!secret) {
        if (!cfg.legacy) server.hasCert = true; // 1.x: the default certificate, still "configured"
        continue;
      }
      const skey = `${ns}/${secret}`;
      const cert = certs.get(skey);
      if (!cert) {
        warnings.push(`Error getting SSL certificate "${skey}": local SSL certificate ${skey} was not found. Using default certificate`);
        if (!cfg.legacy) server.hasCert = true;
        continue;
      }
      if (!cert.matches(host)) {
        warnings.push(`SSL certificate "${skey}" does not contain a Common Name or Subject Alternative Name for server "${host}": x509: certificate is not valid for any names, but wanted to match ${host}`);
        warnings.push('Using default certificate');
        if (!cfg.legacy) server.hasCert = true;
        continue;
      }
      server.certificate = skey;
      server.hasCert = true;
    }
  }

  // paths
  for (const ing of served) {
    const ns = ing.metadata.namespace!;
    const key = serviceKey(ns, ing.metadata.name);
    const a = anns.get(key)!;
    for (const rule of ing.spec?.rules ?? []) {
      const server = servers.get(hostOf(rule.host)) ?? catchAll;
      for (const p of rule.http?.paths ?? []) {
        const u = upstreamFor(ns, p.backend);
        if (!u) continue;
        const path = normalizePath(p.path);
        const pathType: PathType = p.pathType === 'Exact' || p.pathType === 'Prefix' ? p.pathType : 'ImplementationSpecific';
        const existing = server.locations.find((l) => l.path === path && (l.pathType === 'Exact') === (pathType === 'Exact'));
        const loc: Location = { path, pathType, isDefBackend: false, upstream: u.name, ingress: key, service: u.service, servicePort: u.port, ...a };
        if (existing) {
          if (!existing.isDefBackend) continue; // already configured by an older Ingress
          Object.assign(existing, loc);
          continue;
        }
        server.locations.push(loc);
      }
    }
  }

  for (const s of servers.values()) {
    s.locations = sortLocations(s.locations);
    s.regex = s.locations.some((l) => l.useRegex || (l.rewriteTarget !== '' && l.rewriteTarget !== l.path));
  }
  return {
    servers, catchAll, upstreams, warnings,
    ingresses: served.map((i) => serviceKey(i.metadata.namespace, i.metadata.name)),
  };
}

function hostOf(h: unknown): string {
  return typeof h === 'string' && h !== '' ? h.toLowerCase() : CATCH_ALL;
}

// ---- requests ---------------------------------------------------------------------------------

/** `Host` header → host name as nginx's $host: no port, lower case, no trailing dot. */
export function requestHost(hostHeader: string | undefined): string {
  let h = (hostHeader ?? '').trim();
  if (h.startsWith('[')) h = h.slice(0, h.indexOf(']') + 1);
  else if (h.includes(':')) h = h.slice(0, h.lastIndexOf(':'));
  return h.toLowerCase().replace(/\.$/, '');
}

/** The virtual server for a host: exact name, longest `*.` wildcard, else the catch-all. */
export function findServer(table: RouteTable, host: string): Server {
  const h = host.toLowerCase().replace(/\.$/, '');
  const exact = h && h !== CATCH_ALL ? table.servers.get(h) : undefined;
  if (exact) return exact;
  let best: Server | undefined;
  for (const s of table.servers.values()) {
    if (!s.hostname.startsWith('*.')) continue;
    const suffix = s.hostname.slice(1); // ".example.com"
    if (h.endsWith(suffix) && h.length > suffix.length && (!best || s.hostname.length > best.hostname.length)) best = s;
  }
  return best ?? table.catchAll;
}

/** The server whose certificate answers an SNI name (exact, then one-level wildcard), if any. */
function certServer(table: RouteTable, name: string): Server | undefined {
  const h = name.toLowerCase().replace(/\.$/, '');
  const exact = table.servers.get(h);
  if (exact && exact.hostname !== CATCH_ALL && exact.hasCert) return exact;
  const dot = h.indexOf('.');
  if (dot > 0) {
    const wild = table.servers.get(`*${h.slice(dot)}`);
    if (wild && wild.hasCert) return wild;
  }
  return undefined;
}

/** The TLS secret (`namespace/name`) to present for an SNI name; undefined = the default certificate. */
export function certificateFor(table: RouteTable, servername: string | undefined): string | undefined {
  return servername ? certServer(table, servername)?.certificate : undefined;
}

/** nginx's $uri from a request path: percent-decoded, duplicate slashes merged, `.`/`..` resolved. */
export function normalizeUri(rawPath: string): string {
  let p = rawPath;
  try { p = decodeURIComponent(rawPath); } catch { /* keep the raw path */ }
  p = p.replace(/\/{2,}/g, '/');
  if (!p.includes('/.')) return p;
  const out: string[] = [];
  const parts = p.split('/');
  for (let i = 1; i < parts.length; i++) {
    const s = parts[i];
    if (s === '.') { if (i === parts.length - 1) out.push(''); continue; }
    if (s === '..') { out.pop(); if (i === parts.length - 1) out.push(''); continue; }
    out.push(s);
  }
  return '/' + out.join('/');
}

/** Percent-encode what nginx escapes when it passes a rewritten URI upstream. */
export function escapeUri(s: string): string {
  return s.replace(/[\x00-\x20#%?\x7f-\uffff]/g, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

const regexCache = new Map<string, RegExp | null>();

function compile(source: string, anchored: boolean): RegExp | null {
  const key = `${anchored ? '^' : ''}${source}`;
  let re = regexCache.get(key);
  if (re === undefined) {
    try { re = new RegExp(anchored ? `^${source}` : source, 'i'); } catch { re = null; }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

function prefixMatch(loc: Location, uri: string): boolean {
  if (loc.pathType === 'Prefix') {
    const p = loc.path.replace(/\/+$/, '');
    return p === '' || uri === p || uri.startsWith(`${p}/`);
  }
  return uri.startsWith(loc.path);
}

/** The location nginx would pick for a $uri in a server. */
export function matchLocation(server: Server, uri: string): Location | undefined {
  for (const l of server.locations) if (l.pathType === 'Exact' && l.path === uri) return l;
  for (const l of server.locations) {
    if (l.pathType === 'Exact') continue;
    if (server.regex && l.pathType === 'ImplementationSpecific') {
      const re = compile(l.path, true);
      if (re ? re.test(uri) : uri.startsWith(l.path)) return l;
    } else if (prefixMatch(l, uri)) {
      return l;
    }
  }
  return undefined;
}

/** nginx `rewrite <regex> <replacement>`: $0–$9 from the (unanchored, case-insensitive) match. */
export function applyRewrite(pattern: string, target: string, uri: string): string | undefined {
  const re = compile(pattern, false);
  const m = re ? re.exec(uri) : (uri.includes(pattern) ? Object.assign([pattern], { index: uri.indexOf(pattern) }) : null);
  if (!m) return undefined;
  return target.replace(/\$(\d)|\$\{(\d)\}/g, (_all, a, b) => m[Number(a ?? b)] ?? '');
}

export interface RequestInfo {
  /** the Host header as sent ('' when none) */
  host: string;
  /** the request-target as received (origin form: path and query) */
  url: string;
  scheme: 'http' | 'https';
}

export type Decision =
  /** an HTTP redirect; `relative` Locations (app-root) are made absolute by nginx before Connection */
  | { action: 'redirect'; status: number; location: string; server: Server; loc?: Location; upstream: string }
  /** proxy to the upstream's endpoints with this request-target */
  | { action: 'proxy'; server: Server; loc: Location; upstream: Upstream; url: string }
  /** the upstream has no endpoint: 503 */
  | { action: 'unavailable'; server: Server; loc: Location; upstream: Upstream }
  /** the default backend: 404 (or --default-backend-service, when it has endpoints) */
  | { action: 'default-backend'; server: Server; loc?: Location; upstream: Upstream }
  /** the catch-all server's health check (`location /healthz { return 200; }`) */
  | { action: 'healthz'; server: Server };

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url || '/', query: '' } : { path: url.slice(0, q) || '/', query: url.slice(q + 1) };
}

/** What ingress-nginx does with one request. */
export function route(table: RouteTable, req: RequestInfo, cfg: ControllerConfig): Decision {
  const host = requestHost(req.host);
  const server = findServer(table, host);
  let target = req.url || '/';
  if (/^https?:\/\//i.test(target)) target = target.replace(/^https?:\/\/[^/]*/i, '') || '/'; // absolute-form
  const { path: rawPath, query } = splitUrl(target);
  const uri = normalizeUri(rawPath);
  const bestHost = req.host || host;
  const hostNoPort = requestHost(bestHost) || host;
  const du = table.upstreams.get(DEFAULT_UPSTREAM)!;

  // server level: app-root (`if ($uri = /) { return 302 <app-root>; }`)
  if (uri === '/') {
    const ar = server.locations.find((l) => l.appRoot);
    if (ar) return { action: 'redirect', status: 302, location: `${req.scheme}://${hostNoPort}${ar.appRoot}`, server, loc: ar, upstream: '-' };
  }
  if (server === table.catchAll && uri === '/healthz') return { action: 'healthz', server };

  const loc = matchLocation(server, uri);
  if (!loc) return { action: 'default-backend', server, upstream: du };

  if (loc.redirect && (compile(loc.path, false)?.test(uri) ?? true)) {
    return { action: 'redirect', status: loc.redirect.code, location: loc.redirect.url, server, loc, upstream: loc.upstream };
  }

  // ssl-redirect / force-ssl-redirect (lua_ingress.rewrite)
  if (req.scheme === 'http') {
    const hasCert = cfg.legacy ? server.hasCert : !!certServer(table, host);
    if (loc.forceSSLRedirect || (loc.sslRedirect && hasCert)) {
      return { action: 'redirect', status: cfg.httpRedirectCode, location: `https://${hostNoPort}${target}`, server, loc, upstream: loc.upstream };
    }
  }

  const up = table.upstreams.get(loc.upstream) ?? du;
  if (up.name === DEFAULT_UPSTREAM) return { action: 'default-backend', server, loc, upstream: du };

  let url = target;
  if (loc.rewriteTarget && loc.rewriteTarget !== loc.path) {
    const rewritten = applyRewrite(loc.path, loc.rewriteTarget, uri);
    if (rewritten !== undefined) {
      if (/^https?:\/\//i.test(rewritten)) {
        return { action: 'redirect', status: 302, location: rewritten + (query && !rewritten.includes('?') ? `?${query}` : ''), server, loc, upstream: loc.upstream };
      }
      const qi = rewritten.indexOf('?');
      let newPath = qi < 0 ? rewritten : rewritten.slice(0, qi);
      let newQuery = qi < 0 ? query : rewritten.slice(qi + 1);
      if (qi >= 0 && query && !rewritten.endsWith('?')) newQuery = newQuery ? `${newQuery}&${query}` : query;
      if (qi >= 0 && rewritten.endsWith('?')) newQuery = rewritten.slice(qi + 1, -1);
      if (!newPath.startsWith('/')) newPath = `/${newPath}`;
      url = escapeUri(newPath) + (newQuery ? `?${newQuery}` : '');
    }
  }
  if (up.endpoints.length === 0) return { action: 'unavailable', server, loc, upstream: up };
  return { action: 'proxy', server, loc, upstream: up, url };
}

// ---- status -----------------------------------------------------------------------------------

export interface LoadBalancerIngress { ip?: string; hostname?: string }

/**
 * The addresses written to each served Ingress's status.loadBalancer.ingress from
 * --publish-service (see the header); `since026` = the controller is 0.26 or later.
 */
export function publishAddresses(svc: KObject | undefined, since026: boolean, modern: boolean): LoadBalancerIngress[] {
  if (!svc) return [];
  const spec = svc.spec ?? {};
  const lb = (svc.status?.loadBalancer?.ingress ?? []).map((i: any): LoadBalancerIngress => (i.ip ? { ip: i.ip } : { hostname: i.hostname }));
  const ext: LoadBalancerIngress[] = (spec.externalIPs ?? []).map((ip: string) => ({ ip }));
  if (spec.type === 'ExternalName') return [{ hostname: spec.externalName }];
  if (!since026) return [...lb, ...ext];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP': return spec.clusterIP && spec.clusterIP !== 'None' ? [{ ip: spec.clusterIP }] : [];
    case 'NodePort':
      if (modern && ext.length) return ext;
      return spec.clusterIP ? [{ ip: spec.clusterIP }] : [];
    case 'LoadBalancer': {
      const out = [...lb];
      for (const e of ext) if (!out.some((o) => o.ip === e.ip)) out.push(e);
      return out;
    }
    default: return [];
  }
}

/** Sorted, for comparison with what an Ingress's status holds. */
export function sameAddresses(a: LoadBalancerIngress[], b: LoadBalancerIngress[]): boolean {
  const k = (l: LoadBalancerIngress[]) => l.map((x) => `${x.ip ?? ''}|${x.hostname ?? ''}`).sort().join(',');
  return k(a) === k(b);
}
