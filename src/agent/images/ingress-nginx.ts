// Built-in image ingress-nginx/controller (quay.io/kubernetes-ingress-controller/nginx-ingress-controller,
// registry.k8s.io/ingress-nginx/controller): the NGINX Ingress controller as a local process.
//
// - Watches Ingresses, Services, Endpoints, IngressClasses, TLS Secrets and its --configmap by polling
//   the cluster's store read-only ($KCTL_HOME/state.db: the change log's resourceVersion every 300 ms);
//   the routing decisions are src/agent/ingress/routing.ts (pure).
// - Serves HTTP on $KCTL_PORT_80 and HTTPS on $KCTL_PORT_443 (SNI: the certificate of the host's TLS
//   secret, else a "Kubernetes Ingress Controller Fake Certificate" made at start with node's crypto),
//   /healthz and /metrics on $KCTL_PORT_10254.
// - Proxies to the service's endpoints (pod IP:port, round robin, up to 3 tries on connect errors)
//   through the cluster gateway ($KCTL_GATEWAY; pod IPs are virtual), with ingress-nginx's proxy
//   headers; streams bodies both ways, keeps client connections alive, pipes WebSocket upgrades.
// - Logs like the controller: the release banner and klog lines on stderr, the access log in the
//   `upstreaminfo` format on stdout.
// - Writes to the cluster only each served Ingress's status.loadBalancer.ingress (from
//   --publish-service, see routing.ts publishAddresses), through kctl's API, when it changes.
// The image tag selects the generation (0.x as in the lab, or 1.x): banner, nginx version/tokens,
// class handling, ssl-redirect and status rules.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { parseImageRef } from './catalogue';
import { clientAddress, logTimeLocal, nginxErrorTime, nginxLogEscape } from './http';
import type { KObject } from '../../api/types';
import { listenProxyAware, listenProxyAwareTls } from './proxyproto';
import {
  applyConfigMap, buildRouteTable, CertInfo, certificateFor, ControllerConfig, Decision, defaultConfig, DEFAULT_UPSTREAM,
  Endpoint, LoadBalancerIngress, publishAddresses, route, RouteTable, sameAddresses, Server, Upstream, parseBool,
} from '../ingress/routing';

type Req = http.IncomingMessage;
type Res = http.ServerResponse;

// ---- releases ---------------------------------------------------------------------------------

export interface Release {
  version: string;
  build: string;
  repository: string;
  nginx: string;
  /** server_tokens on: `Server: openresty/1.15.8.1`, error pages name the version; off: `nginx` */
  tokens: boolean;
  /** 0.x controller semantics (routing.ts `legacy`) */
  legacy: boolean;
  /** 0.26+: a ClusterIP/NodePort publish-service publishes its ClusterIP */
  since026: boolean;
  /** gzip on by default (0.x): `Vary: Accept-Encoding` on compressible responses */
  gzip: boolean;
}

const KNOWN: Record<string, { build: string; repository: string }> = {
  '0.25.1': { build: 'git-5179893a9', repository: 'https://github.com/kubernetes/ingress-nginx/' },
  '0.26.1': { build: 'git-2de5a893a', repository: 'https://github.com/kubernetes/ingress-nginx' },
};

/** The controller release an image tag stands for (`0.25.1`, `v1.12.1`; none/latest → 1.x). */
export function releaseOf(tag: string): Release {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  const major = m ? Number(m[1]) : 1;
  const minor = m ? Number(m[2]) : 12;
  const version = m ? `${m[1]}.${m[2]}.${m[3] ?? '0'}` : '1.12.1';
  const known = KNOWN[version];
  const legacy = major === 0;
  let nginx = 'nginx/1.25.5';
  if (legacy) nginx = minor < 26 ? 'openresty/1.15.8.1' : minor < 28 ? 'openresty/1.15.8.2' : 'nginx/1.19.2';
  return {
    version: legacy ? version : `v${version}`, build: known?.build ?? 'UNKNOWN',
    repository: known?.repository ?? 'https://github.com/kubernetes/ingress-nginx',
    nginx, tokens: legacy, legacy, since026: !legacy || minor >= 26, gzip: legacy,
  };
}

export function banner(r: Release): string {
  return '-------------------------------------------------------------------------------\n' +
    'NGINX Ingress controller\n' +
    `  Release:       ${r.version}\n` +
    `  Build:         ${r.build}\n` +
    `  Repository:    ${r.repository}\n` +
    `  nginx version: ${r.nginx}\n\n` +
    '-------------------------------------------------------------------------------\n';
}

// ---- flags ------------------------------------------------------------------------------------

/** `--name=value` / `--name value` flags of the controller's args (the first, the binary, skipped). */
export function parseFlags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) continue;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) { out[body.slice(0, eq)] = body.slice(eq + 1); continue; }
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('-') && !['true', 'false'].includes(body)) { out[body] = next; i++; } else out[body] = 'true';
  }
  return out;
}

// ---- logging ----------------------------------------------------------------------------------

const TID = 6;
const p2 = (n: number) => String(n).padStart(2, '0');

/** klog's header: `I0927 09:53:08.614563       6 main.go:183] `. */
export function klogLine(level: 'I' | 'W' | 'E' | 'F', where: string, msg: string, micros = Math.floor((performance.timeOrigin + performance.now()) * 1000)): string {
  const d = new Date(Math.floor(micros / 1000));
  const us = String(micros % 1_000_000).padStart(6, '0');
  return `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us} ` +
    `${String(TID).padStart(7)} ${where}] ${msg}`;
}

function klog(level: 'I' | 'W' | 'E' | 'F', where: string, msg: string): void {
  process.stderr.write(klogLine(level, where, msg) + '\n');
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content',
  301: 'Moved Permanently', 302: 'Moved Temporarily', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Not Allowed', 406: 'Not Acceptable',
  408: 'Request Time-out', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Request Entity Too Large',
  414: 'Request-URI Too Large', 415: 'Unsupported Media Type', 416: 'Requested Range Not Satisfiable', 421: 'Misdirected Request',
  429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out', 505: 'HTTP Version Not Supported', 507: 'Insufficient Storage',
};
const PAGE_TITLES: Record<number, string> = { ...REASONS, 302: 'Found' };

/** nginx's built-in error / redirect page (`token`: `openresty/1.15.8.1`, or `nginx` without server tokens). */
export function errorPage(status: number, token: string): string {
  const t = `${status} ${PAGE_TITLES[status] ?? ''}`.trim();
  return `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n<hr><center>${token}</center>\r\n</body>\r\n</html>\r\n`;
}

/** The `upstreaminfo` log line. */
export interface AccessEntry {
  remoteAddr: string; remoteUser: string; time: Date; request: string; status: number; bytesSent: number;
  referer: string; userAgent: string; requestLength: number; requestTime: number; upstreamName: string;
  alternativeUpstream: string; upstreamAddr: string; upstreamLength: string; upstreamTime: string; upstreamStatus: string; reqId: string;
}

export function accessLine(e: AccessEntry): string {
  const f = (s: string) => (s ? nginxLogEscape(s) : '-');
  return `${e.remoteAddr} - ${f(e.remoteUser)} [${logTimeLocal(e.time)}] "${nginxLogEscape(e.request)}" ${e.status} ${e.bytesSent} ` +
    `"${f(e.referer)}" "${f(e.userAgent)}" ${e.requestLength} ${e.requestTime.toFixed(3)} [${e.upstreamName}] [${e.alternativeUpstream}] ` +
    `${e.upstreamAddr} ${e.upstreamLength} ${e.upstreamTime} ${e.upstreamStatus} ${e.reqId}`;
}

function hdr(req: Req, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

function remoteUser(req: Req): string {
  const m = /^\s*basic\s+(\S+)/i.exec(hdr(req, 'authorization'));
  if (!m) return '';
  const s = Buffer.from(m[1], 'base64').toString('utf8');
  const i = s.indexOf(':');
  return i < 0 ? '' : s.slice(0, i);
}

/** Request body bytes read (proxied requests), else what Content-Length announced. */
function bodyBytes(req: Req): number {
  const n = (req as any).kctlBodyBytes;
  return typeof n === 'number' ? n : Number(req.headers['content-length']) || 0;
}

function headLength(req: Req): number {
  let n = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`) + 2;
  for (let i = 0; i < req.rawHeaders.length; i += 2) n += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
  return n;
}

// ---- the store --------------------------------------------------------------------------------

type Store = import('../../store/sqlite').SqliteStore;

const WATCHED = ['ingresses', 'services', 'endpoints', 'secrets', 'ingressclasses', 'configmaps'];

function openStore(home: string): Store | undefined {
  const file = path.join(home, 'state.db');
  if (!fs.existsSync(file)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { SqliteStore } = require('../../store/sqlite') as typeof import('../../store/sqlite');
    const s = SqliteStore.open(file, { readonly: true, timeoutMs: 2000 });
    s.db.pragma('mmap_size = 0'); // keep the controller's footprint small
    return s;
  } catch {
    return undefined;
  }
}

// ---- certificates -----------------------------------------------------------------------------

interface LoadedCert extends CertInfo { rv: string; context: tls.SecureContext; cn: string }

function loadCert(secret: KObject): LoadedCert | string {
  const data = secret.data ?? {};
  if (!data['tls.crt'] || !data['tls.key']) return 'local SSL certificate was not found (no tls.crt / tls.key)';
  const cert = Buffer.from(data['tls.crt'], 'base64');
  const key = Buffer.from(data['tls.key'], 'base64');
  try {
    const x = new crypto.X509Certificate(cert);
    const context = tls.createSecureContext({ cert, key });
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1] ?? '';
    const sans = (x.subjectAltName ?? '').split(/,\s*/).filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4).toLowerCase());
    const names = sans.length ? sans : (cn ? [cn.toLowerCase()] : []);
    const matches = (host: string) => names.some((n) => n === host || (n.startsWith('*.') && host.endsWith(n.slice(1)) && !host.slice(0, host.length - n.length + 1).includes('.')))
      || x.checkHost(host) !== undefined;
    return { rv: secret.metadata.resourceVersion ?? '', context, cn, matches };
  } catch (e) {
    return `unexpected error creating SSL certificate: ${(e as Error).message}`;
  }
}

// ---- the controller ---------------------------------------------------------------------------

interface Ports { http: number; https: number; healthz: number }

class Controller {
  table: RouteTable;
  cfg: ControllerConfig;
  ready = false;
  private store?: Store;
  private lastRv = -1;
  private changed?: import('better-sqlite3').Statement;
  private certs = new Map<string, LoadedCert>();
  private fake?: tls.SecureContext;
  private defaultCert?: string;
  private rr = new Map<string, number>();
  private known = new Map<string, { uid: string; rv: string }>();
  private signature = '';
  private warned = new Set<string>();
  private warnings = new Set<string>();
  private statusWarned = false;
  private cluster?: import('../../controlplane/cluster').Cluster;
  readonly metrics = new Map<string, number>();
  readonly token: string;
  readonly podIP = process.env.KCTL_POD_IP ?? '';
  readonly podName = process.env.POD_NAME || process.env.HOSTNAME || 'nginx-ingress-controller';
  readonly podNamespace = process.env.POD_NAMESPACE || process.env.KCTL_POD_NAMESPACE || 'ingress-nginx';

  constructor(readonly release: Release, readonly flags: Record<string, string>, readonly home: string) {
    this.cfg = defaultConfig({
      legacy: release.legacy,
      ingressClass: flags['ingress-class'] || 'nginx',
      controllerClass: flags['controller-class'] || 'k8s.io/ingress-nginx',
      watchWithoutClass: parseBool(flags['watch-ingress-without-class']) ?? false,
      watchNamespace: flags['watch-namespace'] || '',
      annotationsPrefix: flags['annotations-prefix'] || 'nginx.ingress.kubernetes.io',
      defaultBackendService: flags['default-backend-service'] || '',
    });
    this.defaultCert = flags['default-ssl-certificate'] || undefined;
    this.token = release.tokens ? release.nginx : 'nginx';
    this.table = buildRouteTable({ ingresses: [], services: [], endpoints: [] }, this.cfg);
  }

  setFake(ctx: tls.SecureContext): void { this.fake = ctx; }

  /** The TLS context for an SNI name. */
  contextFor(servername: string | undefined): tls.SecureContext | undefined {
    this.poll(); // what was written before this connection is served (one cheap query when nothing changed)
    const key = certificateFor(this.table, servername);
    const c = key ? this.certs.get(key) : undefined;
    if (c) return c.context;
    const d = this.defaultCert ? this.certs.get(this.defaultCert) : undefined;
    return d?.context ?? this.fake;
  }

  /** Round robin over an upstream's endpoints (random start). */
  pick(up: Upstream): Endpoint {
    let i = this.rr.get(up.name);
    if (i === undefined) i = Math.floor(Math.random() * up.endpoints.length);
    const ep = up.endpoints[i % up.endpoints.length];
    this.rr.set(up.name, (i + 1) % up.endpoints.length);
    return ep;
  }

  count(ns: string, ingress: string, service: string, status: number): void {
    const k = `namespace="${ns}",ingress="${ingress}",service="${service}",status="${status}"`;
    this.metrics.set(k, (this.metrics.get(k) ?? 0) + 1);
  }

  /** Rebuild from the store now, whatever changed. */
  resync(): void {
    this.lastRv = -1;
    this.poll();
  }

  /** Poll the store: rebuild when something the controller watches changed. */
  poll(): void {
    if (!this.store) {
      this.store = openStore(this.home);
      if (!this.store) return;
    }
    let rv: number;
    try { rv = this.store.rv(); } catch { return; }
    if (rv === this.lastRv) return;
    let relevant = this.lastRv < 0;
    if (!relevant) {
      try {
        const compacted = Number(this.store.getMeta('compacted') ?? '0');
        this.changed ??= this.store.db.prepare(`SELECT 1 FROM changes WHERE rv > ? AND resource IN (${WATCHED.map(() => '?').join(',')}) LIMIT 1`);
        relevant = compacted > this.lastRv || this.changed.get(this.lastRv, ...WATCHED) !== undefined;
      } catch { relevant = true; }
    }
    this.lastRv = rv;
    if (relevant) {
      try { this.sync(); } catch (e) { klog('E', 'controller.go:147', `Unexpected failure reloading the backend:\n${(e as Error).message}`); }
    }
  }

  private sync(): void {
    const st = this.store!;
    const ns = this.cfg.watchNamespace || undefined;
    let cfg = this.cfg;
    const cmRef = this.flags.configmap;
    if (cmRef && cmRef.includes('/')) {
      const [cns, cname] = cmRef.split('/');
      cfg = applyConfigMap(defaultConfig({ ...this.cfg, sslRedirect: true, forceSSLRedirect: false, httpRedirectCode: 308, accessLogForDefaultBackend: false }),
        st.get('configmaps', cns, cname)?.data);
    }
    this.cfg = cfg;
    const ingresses = st.list('ingresses', ns);
    const services = st.list('services');
    const endpoints = st.list('endpoints');
    const ingressClasses = st.list('ingressclasses');
    // TLS secrets named by Ingresses (and the default certificate)
    const wanted = new Set<string>();
    for (const ing of ingresses) for (const t of ing.spec?.tls ?? []) if (t?.secretName) wanted.add(`${ing.metadata.namespace}/${t.secretName}`);
    if (this.defaultCert) wanted.add(this.defaultCert);
    const certs = new Map<string, CertInfo>();
    for (const key of wanted) {
      const [sns, sname] = key.split('/');
      const secret = st.get('secrets', sns, sname);
      if (!secret) { this.certs.delete(key); continue; }
      let c = this.certs.get(key);
      if (!c || c.rv !== (secret.metadata.resourceVersion ?? '')) {
        const loaded = loadCert(secret);
        if (typeof loaded === 'string') {
          this.certs.delete(key);
          this.warnings.add(`Error obtaining X.509 certificate: ${loaded} (${key})`);
          continue;
        }
        c = loaded;
        this.certs.set(key, c);
      }
      certs.set(key, c);
    }
    for (const k of [...this.certs.keys()]) if (!wanted.has(k)) this.certs.delete(k);

    const table = buildRouteTable({ ingresses, services, endpoints, ingressClasses, certs }, cfg);
    this.table = table;

    // events, as the controller logs them
    const byKey = new Map(ingresses.map((i) => [`${i.metadata.namespace}/${i.metadata.name}`, i]));
    const served = new Set(table.ingresses);
    for (const key of table.ingresses) {
      const ing = byKey.get(key)!;
      const prev = this.known.get(key);
      const cur = { uid: ing.metadata.uid ?? '', rv: ing.metadata.resourceVersion ?? '' };
      if (!prev || prev.uid !== cur.uid) this.event(ing, 'CREATE');
      else if (prev.rv !== cur.rv) this.event(ing, 'UPDATE');
      this.known.set(key, cur);
    }
    for (const [key, prev] of [...this.known]) {
      if (served.has(key)) continue;
      const [ins, iname] = key.split('/');
      this.event({ metadata: { namespace: ins, name: iname, uid: prev.uid, resourceVersion: prev.rv }, apiVersion: '', kind: 'Ingress' } as KObject, 'DELETE');
      this.known.delete(key);
    }
    // warnings as they (re)appear
    for (const w of table.warnings) this.warnings.add(w);
    for (const w of this.warnings) if (!this.warned.has(w)) klog('W', w.startsWith('Service') ? 'controller.go:920' : 'controller.go:1105', w);
    this.warned = this.warnings;
    this.warnings = new Set();

    // "reload" when the servers / locations changed (endpoint changes are dynamic, as in ingress-nginx)
    const sig = JSON.stringify([...table.servers.values()].map((s) => [s.hostname, s.certificate, s.hasCert, s.locations.map((l) => [l.path, l.pathType, l.upstream])]));
    if (sig !== this.signature) {
      const first = this.signature === '';
      this.signature = sig;
      if (!first) {
        klog('I', 'controller.go:134', 'Configuration changes detected, backend reload required.');
        klog('I', 'controller.go:150', 'Backend successfully reloaded.');
      }
    }
    this.updateStatus(ingresses, services);
  }

  private event(ing: KObject, reason: 'CREATE' | 'UPDATE' | 'DELETE'): void {
    const apiVersion = this.release.legacy ? 'networking.k8s.io/v1beta1' : 'networking.k8s.io/v1';
    const md = ing.metadata;
    const ref = `v1.ObjectReference{Kind:"Ingress", Namespace:"${md.namespace}", Name:"${md.name}", UID:"${md.uid ?? ''}", ` +
      `APIVersion:"${apiVersion}", ResourceVersion:"${md.resourceVersion ?? ''}", FieldPath:""}`;
    const what = this.release.legacy || reason === 'DELETE' ? `'${reason}' Ingress ${md.namespace}/${md.name}` : "'Sync' Scheduled for sync";
    klog('I', 'event.go:255', `Event(${ref}): type: 'Normal' reason: ${what}`);
  }

  /** status.loadBalancer.ingress of the served Ingresses, from --publish-service. */
  private updateStatus(ingresses: KObject[], services: KObject[]): void {
    if (parseBool(this.flags['update-status']) === false || !this.ready) return; // the leader, once elected, updates
    let addrs: LoadBalancerIngress[] = [];
    const pub = this.flags['publish-service'];
    if (pub && pub.includes('/')) {
      const [pns, pname] = pub.split('/');
      addrs = publishAddresses(services.find((s) => s.metadata.namespace === pns && s.metadata.name === pname), this.release.since026, !this.release.legacy);
    } else if (this.flags['publish-status-address']) {
      addrs = this.flags['publish-status-address'].split(',').filter(Boolean).map((ip) => (net.isIP(ip) ? { ip } : { hostname: ip }));
    } else {
      return; // the nodes' addresses of the controller pods: not modelled
    }
    const served = new Set(this.table.ingresses);
    for (const ing of ingresses) {
      const key = `${ing.metadata.namespace}/${ing.metadata.name}`;
      if (!served.has(key)) continue;
      const cur: LoadBalancerIngress[] = ing.status?.loadBalancer?.ingress ?? [];
      if (sameAddresses(cur, addrs)) continue;
      try {
        if (!this.cluster) {
          // eslint-disable-next-line @typescript-eslint/no-var-requires
          const { openCluster } = require('../../controlplane/cluster') as typeof import('../../controlplane/cluster');
          this.cluster = openCluster({ home: this.home, stateFile: path.join(this.home, 'state.db') });
        }
        const fmt = (l: LoadBalancerIngress[]) => `[${l.map((a) => `{${a.ip ?? ''} ${a.hostname ?? ''}}`).join(' ')}]`;
        klog('I', 'status.go:274', `updating Ingress ${key} status from ${fmt(cur)} to ${fmt(addrs)}`);
        this.cluster.api.updateStatus('ingresses', ing.metadata.namespace!, ing.metadata.name!, { ...(ing.status ?? {}), loadBalancer: addrs.length ? { ingress: addrs } : {} });
      } catch (e) {
        if (!this.statusWarned) klog('W', 'status.go:285', `error updating ingress rule: ${(e as Error).message}`);
        this.statusWarned = true;
      }
    }
  }
}

// ---- serving ----------------------------------------------------------------------------------

interface Ctx { c: Controller; scheme: 'http' | 'https'; port: number }

function keepAlive(req: Req): boolean {
  const conn = hdr(req, 'connection').toLowerCase();
  if (req.httpVersion === '1.0') return /\bkeep-alive\b/.test(conn);
  return !/\bclose\b/.test(conn);
}

function isCompressible(type: string): boolean {
  const t = type.split(';')[0].trim().toLowerCase();
  return t === 'text/html' || ['application/atom+xml', 'application/javascript', 'application/x-javascript', 'application/json', 'application/rss+xml',
    'application/vnd.ms-fontobject', 'application/x-font-ttf', 'application/x-web-app-manifest+json', 'application/xhtml+xml', 'application/xml',
    'font/opentype', 'image/svg+xml', 'image/x-icon', 'text/css', 'text/javascript', 'text/plain', 'text/x-component'].includes(t);
}

function writeHead(res: Res, status: number, reason: string | undefined, headers: [string, string][]): void {
  res.sendDate = false;
  const flat: string[] = [];
  for (const [k, v] of headers) flat.push(k, v);
  res.writeHead(status, reason ?? REASONS[status] ?? http.STATUS_CODES[status] ?? '', flat);
}

function hsts(ctx: Ctx, server: Server): [string, string][] {
  return ctx.scheme === 'https' && server.hasCert ? [['Strict-Transport-Security', 'max-age=15724800; includeSubDomains']] : [];
}

/** A page nginx generates itself (error pages, redirects). Returns the body bytes sent. */
function sendPage(ctx: Ctx, req: Req, res: Res, status: number, opts: { location?: string; relative?: boolean; server?: Server } = {}): number {
  const body = errorPage(status, ctx.c.token);
  const h: [string, string][] = [['Server', ctx.c.token], ['Date', new Date().toUTCString()], ['Content-Type', 'text/html'],
    ['Content-Length', String(Buffer.byteLength(body))]];
  if (opts.location && opts.relative) h.push(['Location', opts.location]);
  h.push(['Connection', keepAlive(req) ? 'keep-alive' : 'close']);
  if (opts.location && !opts.relative) h.push(['Location', opts.location]);
  if (opts.server) h.push(...hsts(ctx, opts.server));
  writeHead(res, status, undefined, h);
  res.end(req.method === 'HEAD' ? undefined : body);
  return req.method === 'HEAD' ? 0 : Buffer.byteLength(body);
}

const HOP = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer', 'proxy', 'x-request-id', 'x-real-ip',
  'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-proto', 'x-scheme', 'x-original-forwarded-for', 'x-kctl-client-ip',
  'x-forwarded-prefix', 'expect']);

/** The request headers ingress-nginx sends upstream, in its order. */
export function upstreamHeaders(req: { rawHeaders: string[]; headers: http.IncomingHttpHeaders }, o: {
  host: string; remoteAddr: string; reqId: string; scheme: string; port: number; upgrade: boolean; podIP: string; vhost?: string; prefix?: string;
}): [string, string][] {
  const get = (n: string) => { const v = req.headers[n]; return Array.isArray(v) ? v.join(', ') : v; };
  const out: [string, string][] = [['Host', o.vhost || o.host]];
  if (o.upgrade && get('upgrade')) { out.push(['Upgrade', get('upgrade')!]); out.push(['Connection', 'upgrade']); }
  out.push(['X-Request-ID', o.reqId], ['X-Real-IP', o.remoteAddr], ['X-Forwarded-For', o.remoteAddr], ['X-Forwarded-Host', o.host],
    ['X-Forwarded-Port', String(o.port)], ['X-Forwarded-Proto', o.scheme], ['X-Scheme', o.scheme]);
  if (o.prefix) out.push(['X-Forwarded-Prefix', o.prefix]);
  const xff = get('x-forwarded-for');
  if (xff) out.push(['X-Original-Forwarded-For', xff]);
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!HOP.has(req.rawHeaders[i].toLowerCase())) out.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  }
  if (o.podIP) out.push(['X-Kctl-Client-IP', o.podIP]);
  return out;
}

interface Attempt { addr: string; status: string; length: string; time: string }

function secs(ms: number): string { return (ms / 1000).toFixed(3); }

async function connect(ctx: ReqCtx, up: Upstream, https: boolean, attempts: Attempt[]): Promise<net.Socket | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { dial } = require('../toolbox/dial') as typeof import('../toolbox/dial');
  const tries = Math.min(3, up.endpoints.length);
  for (let i = 0; i < tries; i++) {
    const ep = ctx.c.pick(up);
    const t0 = Date.now();
    const addr = net.isIPv6(ep.address) ? `[${ep.address}]:${ep.port}` : `${ep.address}:${ep.port}`;
    try {
      let sock = await dial(ep.address, ep.port, { timeoutMs: 5000 });
      if (https) {
        sock = await new Promise<net.Socket>((resolve, reject) => {
          const t = tls.connect({ socket: sock, rejectUnauthorized: false });
          t.once('secureConnect', () => { t.removeListener('error', reject); resolve(t); });
          t.once('error', reject);
        });
      }
      return Object.assign(sock, { kctlAddr: addr, kctlStart: t0 });
    } catch (e) {
      attempts.push({ addr, status: '502', length: '0', time: secs(Date.now() - t0) });
      const code = (e as any).code === 'ECONNREFUSED' ? '111: Connection refused' : (e as any).code === 'ETIMEDOUT' ? '110: Connection timed out' : '113: No route to host';
      process.stderr.write(`${nginxErrorTime(new Date())} [error] 40#40: *${++connSeq} connect() failed (${code}) while connecting to upstream, ` +
        `client: ${clientAddress(ctx.req!)}, server: ${ctx.server?.hostname ?? '_'}, request: "${ctx.req!.method} ${ctx.req!.url} HTTP/${ctx.req!.httpVersion}", ` +
        `upstream: "${https ? 'https' : 'http'}://${addr}${ctx.req!.url}", host: "${hdr(ctx.req!, 'host')}"\n`);
    }
  }
  return undefined;
}
let connSeq = 0;

interface ReqCtx extends Ctx { req?: Req; server?: Server }

function handler(base: Ctx) {
  return (req: Req, res: Res) => {
    const ctx: ReqCtx = { ...base, req };
    const started = Date.now();
    const c = ctx.c;
    const reqId = hdr(req, 'x-request-id') || crypto.randomBytes(16).toString('hex');
    const remote = clientAddress(req);
    const log = (status: number, sent: number, upstreamName: string, attempts: Attempt[], enabled: boolean) => {
      if (!enabled) return;
      const j = (k: keyof Attempt) => (attempts.length ? attempts.map((a) => a[k]).join(', ') : '-');
      process.stdout.write(accessLine({
        remoteAddr: remote, remoteUser: remoteUser(req), time: new Date(), request: `${req.method} ${req.url} HTTP/${req.httpVersion}`, status,
        bytesSent: sent, referer: hdr(req, 'referer'), userAgent: hdr(req, 'user-agent'), requestLength: headLength(req) + bodyBytes(req),
        requestTime: (Date.now() - started) / 1000, upstreamName, alternativeUpstream: '', upstreamAddr: j('addr'),
        upstreamLength: j('length'), upstreamTime: j('time'), upstreamStatus: j('status'), reqId,
      }) + '\n');
    };
    let d: Decision;
    try {
      c.poll(); // read-your-writes: an Ingress applied before this request is served
      d = route(c.table, { host: hdr(req, 'host'), url: req.url ?? '/', scheme: ctx.scheme }, c.cfg);
    } catch {
      log(500, sendPage(ctx, req, res, 500), '-', [], true);
      return;
    }
    ctx.server = d.server;
    const counted = (status: number, loc = (d as any).loc) => {
      if (loc?.ingress) { const [ns, name] = loc.ingress.split('/'); c.count(ns, name, loc.service ?? '', status); }
    };
    switch (d.action) {
      case 'healthz': {
        writeHead(res, 200, undefined, [['Server', c.token], ['Date', new Date().toUTCString()], ['Content-Type', 'text/html'], ['Content-Length', '0'],
          ['Connection', keepAlive(req) ? 'keep-alive' : 'close']]);
        res.end();
        return;
      }
      case 'redirect': {
        const relative = d.location.startsWith('/');
        const sent = sendPage(ctx, req, res, d.status, { location: d.location, relative, server: d.server });
        counted(d.status);
        log(d.status, sent, d.upstream, [], d.loc?.accessLog ?? true);
        return;
      }
      case 'unavailable': {
        const sent = sendPage(ctx, req, res, 503, { server: d.server });
        counted(503);
        log(503, sent, d.upstream.name, [], d.loc.accessLog);
        return;
      }
      case 'default-backend': {
        const enabled = d.loc ? d.loc.accessLog : c.cfg.accessLogForDefaultBackend;
        if (d.upstream.endpoints.length) { void proxy(ctx, req, res, d.upstream, req.url ?? '/', d.loc, reqId, remote, log, enabled); return; }
        const t0 = Date.now();
        const sent = sendPage(ctx, req, res, 404, { server: d.server });
        log(404, sent, DEFAULT_UPSTREAM, [{ addr: '127.0.0.1:8181', status: '404', length: String(sent), time: secs(Date.now() - t0) }], enabled);
        return;
      }
      case 'proxy':
        void proxy(ctx, req, res, d.upstream, d.url, d.loc, reqId, remote, log, d.loc.accessLog);
    }
  };
}

async function proxy(ctx: ReqCtx, req: Req, res: Res, up: Upstream, url: string, loc: import('../ingress/routing').Location | undefined, reqId: string,
  remote: string, log: (status: number, sent: number, name: string, attempts: Attempt[], enabled: boolean) => void, enabled: boolean): Promise<void> {
  const c = ctx.c;
  const attempts: Attempt[] = [];
  const https = loc?.backendProtocol === 'HTTPS' || loc?.backendProtocol === 'GRPCS';
  const sock = await connect(ctx, up, https, attempts);
  const server = ctx.server!;
  if (!sock) {
    if (!res.headersSent && !res.destroyed) log(502, sendPage(ctx, req, res, 502, { server }), up.name, attempts, enabled);
    return;
  }
  const addr = (sock as any).kctlAddr as string;
  const t0 = (sock as any).kctlStart as number;
  const host = hdr(req, 'host') || server.hostname;
  const prefix = loc?.xForwardedPrefix && loc.rewriteTarget ? loc.xForwardedPrefix : undefined;
  const headers = upstreamHeaders(req, { host, remoteAddr: remote, reqId, scheme: ctx.scheme, port: ctx.port, upgrade: false, podIP: c.podIP, vhost: loc?.upstreamVhost, prefix });
  const obj: Record<string, string | string[]> = {};
  for (const [k, v] of headers) {
    const have = obj[k];
    obj[k] = have === undefined ? v : Array.isArray(have) ? [...have, v] : [have, v];
  }
  const ureq = http.request({ method: req.method, path: url, headers: obj, setHost: false, createConnection: () => sock });
  ureq.removeHeader('connection');
  let done = false;
  let upLength = 0;
  const finish = (status: number, sent: number, upStatus: string) => {
    if (done) return;
    done = true;
    attempts.push({ addr, status: upStatus, length: String(upLength), time: secs(Date.now() - t0) });
    if (loc?.ingress) { const [ns, name] = loc.ingress.split('/'); c.count(ns, name, loc.service ?? '', status); }
    log(status, sent, up.name, attempts, enabled);
  };
  ureq.on('error', (e: NodeJS.ErrnoException) => {
    if (done) return;
    if (!res.headersSent && !res.destroyed) {
      process.stderr.write(`${nginxErrorTime(new Date())} [error] 40#40: *${++connSeq} upstream prematurely closed connection while reading response header from upstream, ` +
        `client: ${remote}, server: ${server.hostname}, request: "${req.method} ${req.url} HTTP/${req.httpVersion}", upstream: "http://${addr}${url}", host: "${host}"\n`);
      finish(502, sendPage(ctx, req, res, 502, { server }), '502');
    } else {
      res.destroy();
      finish(res.statusCode, 0, String(res.statusCode));
    }
    void e;
  });
  ureq.on('response', (ures) => {
    const status = ures.statusCode ?? 502;
    const skip = new Set(['server', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'x-pad', 'content-type', 'content-length', 'x-kctl-client-ip']);
    const ka = keepAlive(req);
    const h: [string, string][] = [['Server', c.token], ['Date', new Date().toUTCString()]];
    const ct = ures.headers['content-type'];
    if (ct) h.push(['Content-Type', ct]);
    const cl = ures.headers['content-length'];
    const noBody = req.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
    let chunked = false;
    if (cl !== undefined) h.push(['Content-Length', cl]);
    else if (!noBody && req.httpVersion !== '1.0') { h.push(['Transfer-Encoding', 'chunked']); chunked = true; }
    const close = !ka || (cl === undefined && !noBody && !chunked);
    h.push(['Connection', close ? 'close' : 'keep-alive']);
    if (c.release.gzip && status === 200 && ct && isCompressible(ct) && !ures.headers['content-encoding'] && (cl === undefined || Number(cl) >= 256)) {
      h.push(['Vary', 'Accept-Encoding']);
    }
    for (let i = 0; i < ures.rawHeaders.length; i += 2) {
      const k = ures.rawHeaders[i].toLowerCase();
      if (skip.has(k) || k.startsWith('x-accel-')) continue;
      if (k === 'vary' && h.some(([n]) => n === 'Vary') && /accept-encoding/i.test(ures.rawHeaders[i + 1])) continue;
      h.push([ures.rawHeaders[i], ures.rawHeaders[i + 1]]);
    }
    h.push(...hsts(ctx, server));
    writeHead(res, status, REASONS[status] ? undefined : ures.statusMessage, h);
    let sent = 0;
    ures.on('data', (d: Buffer) => { upLength += d.length; if (!noBody) sent += d.length; });
    ures.on('end', () => { res.end(); finish(status, sent, String(status)); });
    ures.on('aborted', () => { res.destroy(); finish(status, sent, String(status)); });
    ures.on('error', () => { res.destroy(); finish(status, sent, String(status)); });
    ures.pipe(res, { end: false });
  });
  res.on('close', () => {
    if (!res.writableFinished) { ureq.destroy(); if (!done) finish(499, 0, '-'); }
  });
  // the body flows only now, into the upstream request (counted for $request_length)
  req.on('data', (b: Buffer) => { (req as any).kctlBodyBytes = ((req as any).kctlBodyBytes ?? 0) + b.length; });
  req.pipe(ureq);
}

/** Upgrade requests (WebSocket): route, then a raw tunnel after the backend's answer. */
function upgradeHandler(base: Ctx) {
  return (req: Req, socket: net.Socket, head: Buffer) => {
    const c = base.c;
    const ctx: ReqCtx = { ...base, req };
    const started = Date.now();
    const reqId = hdr(req, 'x-request-id') || crypto.randomBytes(16).toString('hex');
    const remote = clientAddress(req);
    socket.on('error', () => undefined);
    c.poll();
    const d = route(c.table, { host: hdr(req, 'host'), url: req.url ?? '/', scheme: base.scheme }, c.cfg);
    ctx.server = d.server;
    const logLine = (status: number, sent: number, name: string, attempts: Attempt[]) => {
      const j = (k: keyof Attempt) => (attempts.length ? attempts.map((a) => a[k]).join(', ') : '-');
      process.stdout.write(accessLine({
        remoteAddr: remote, remoteUser: remoteUser(req), time: new Date(), request: `${req.method} ${req.url} HTTP/${req.httpVersion}`, status,
        bytesSent: sent, referer: hdr(req, 'referer'), userAgent: hdr(req, 'user-agent'), requestLength: headLength(req),
        requestTime: (Date.now() - started) / 1000, upstreamName: name, alternativeUpstream: '', upstreamAddr: j('addr'),
        upstreamLength: j('length'), upstreamTime: j('time'), upstreamStatus: j('status'), reqId,
      }) + '\n');
    };
    const plain = (status: number, location?: string): number => {
      const body = errorPage(status, c.token);
      socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\nServer: ${c.token}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${location ? `Location: ${location}\r\n` : ''}\r\n${body}`);
      return Buffer.byteLength(body);
    };
    if (d.action !== 'proxy') {
      const status = d.action === 'redirect' ? d.status : d.action === 'unavailable' ? 503 : d.action === 'healthz' ? 200 : 404;
      const sent = plain(status, d.action === 'redirect' ? d.location : undefined);
      logLine(status, sent, d.action === 'healthz' ? '-' : d.action === 'redirect' ? d.upstream : d.upstream.name, []);
      return;
    }
    const attempts: Attempt[] = [];
    void connect(ctx, d.upstream, d.loc.backendProtocol === 'HTTPS', attempts).then((up) => {
      if (!up) { logLine(502, plain(502), d.upstream.name, attempts); return; }
      const headers = upstreamHeaders(req, {
        host: hdr(req, 'host') || d.server.hostname, remoteAddr: remote, reqId, scheme: base.scheme, port: base.port, upgrade: true, podIP: c.podIP,
        vhost: d.loc.upstreamVhost,
      });
      up.on('error', () => socket.destroy());
      up.write(`${req.method} ${d.url} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      if (head.length) up.write(head);
      let status = 0;
      let sent = 0;
      up.on('data', (b: Buffer) => {
        if (!status) { const m = /^HTTP\/\d\.\d (\d{3})/.exec(b.toString('latin1', 0, 16)); status = m ? Number(m[1]) : 502; }
        sent += b.length;
      });
      const addr = (up as any).kctlAddr as string;
      const t0 = (up as any).kctlStart as number;
      let logged = false;
      const done = () => {
        if (logged) return;
        logged = true;
        attempts.push({ addr, status: String(status || 502), length: String(sent), time: secs(Date.now() - t0) });
        logLine(status || 502, sent, d.upstream.name, attempts);
      };
      up.on('close', () => { socket.destroy(); done(); });
      socket.on('close', () => { up.destroy(); done(); });
      up.pipe(socket);
      socket.pipe(up);
    });
  };
}

function healthz(c: Controller) {
  return (req: Req, res: Res) => {
    const p = (req.url ?? '/').split('?')[0];
    const date = new Date().toUTCString();
    if (p === '/healthz') {
      const ok = c.ready;
      const body = ok ? 'ok' : 'nginx-ingress-controller is not ready';
      writeHead(res, ok ? 200 : 500, ok ? 'OK' : 'Internal Server Error', [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'],
        ['Date', date], ['Content-Length', String(Buffer.byteLength(body))]]);
      res.end(body);
      return;
    }
    if (p === '/metrics') {
      const labels = `controller_class="${c.cfg.ingressClass}",controller_namespace="${c.podNamespace}",controller_pod="${c.podName}"`;
      let body = '# HELP nginx_ingress_controller_config_last_reload_successful Whether the last configuration reload attempt was successful\n' +
        '# TYPE nginx_ingress_controller_config_last_reload_successful gauge\n' +
        `nginx_ingress_controller_config_last_reload_successful{${labels}} 1\n` +
        '# HELP nginx_ingress_controller_requests The total number of client requests.\n' +
        '# TYPE nginx_ingress_controller_requests counter\n';
      for (const [k, v] of c.metrics) body += `nginx_ingress_controller_requests{${labels},${k}} ${v}\n`;
      body += '# HELP nginx_ingress_controller_nginx_process_connections current number of client connections with state {active, reading, writing, waiting}\n';
      writeHead(res, 200, 'OK', [['Content-Type', 'text/plain; version=0.0.4; charset=utf-8'], ['Date', date], ['Content-Length', String(Buffer.byteLength(body))]]);
      res.end(body);
      return;
    }
    const body = '404 page not found\n';
    writeHead(res, 404, 'Not Found', [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], ['Date', date],
      ['Content-Length', String(Buffer.byteLength(body))]]);
    res.end(body);
  };
}

function tuneServer(s: http.Server): void {
  s.keepAliveTimeout = 75_000;
  s.headersTimeout = 60_000;
  s.requestTimeout = 0;
  s.on('clientError', (_e, sock: net.Socket) => {
    if (sock.writable) sock.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'); else sock.destroy();
  });
}

/** Runs the controller for image `ref`. */
export function main(ref: string): void {
  // a small young generation: the default semi-space grows to 16 MB under request load
  try { (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--max-semi-space-size=2'); } catch { /* keep defaults */ }
  const release = releaseOf(parseImageRef(ref).tag);
  const flags = parseFlags(process.argv.slice(3));
  const env = process.env;
  const listenHost = env.KCTL_LISTEN_HOST || '127.0.0.1';
  const ports: Ports = {
    http: Number(env.KCTL_PORT_80 || env.PORT || 0), https: Number(env.KCTL_PORT_443 || 0), healthz: Number(env.KCTL_PORT_10254 || 0),
  };
  process.stdout.write(banner(release) + '\n');
  const home = env.KCTL_HOME;
  if (!home) {
    klog('F', 'main.go:87', 'error while initiating a connection to the Kubernetes API server: no KCTL_HOME (is this running as a kctl pod?)');
    process.exit(255);
  }
  const c = new Controller(release, flags, home);
  const servers: net.Server[] = [];

  // health first: the kubelet probes it as soon as the container starts
  if (ports.healthz) {
    const hs = http.createServer(healthz(c));
    hs.on('error', (e) => { klog('F', 'main.go:132', `${(e as Error).message}`); process.exit(255); });
    hs.listen(ports.healthz, listenHost);
    servers.push(hs);
  }

  klog('W', 'flags.go:243', 'SSL certificate chain completion is disabled (--enable-ssl-chain-completion=false)');
  klog('W', 'client_config.go:541', 'Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.');
  klog('I', 'main.go:182', 'Creating API client for https://10.96.0.1:443');
  klog('I', 'main.go:226', 'Running in Kubernetes cluster version v1.32 (v1.32.0) - git (clean) commit  - platform linux/amd64');

  const bindError = (port: number) => (e: NodeJS.ErrnoException) => {
    klog('F', 'main.go:63', e.code === 'EADDRINUSE' ? `port ${port} is already in use. Please check the flag --http-port` : e.message);
    process.exit(255);
  };
  const httpServer = http.createServer(handler({ c, scheme: 'http', port: 80 }));
  tuneServer(httpServer);
  httpServer.on('upgrade', upgradeHandler({ c, scheme: 'http', port: 80 }));
  httpServer.on('error', bindError(80));
  servers.push(httpServer);

  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    klog('I', 'main.go:152', `Received ${sig}, shutting down`);
    klog('I', 'nginx.go:378', 'Shutting down controller queues');
    klog('I', 'nginx.go:386', 'Stopping NGINX process');
    for (const s of servers) { s.close(); (s as http.Server).closeAllConnections?.(); }
    klog('I', 'nginx.go:399', 'NGINX process has stopped');
    klog('I', 'main.go:160', 'Handled quit, awaiting Pod deletion');
    klog('I', 'main.go:163', 'Exiting with 0');
    const t = setTimeout(() => process.exit(0), 50);
    process.stdout.write('', () => { clearTimeout(t); process.exit(0); });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const { fakeCertificate } = require('../ingress/cert') as typeof import('../ingress/cert');
  void fakeCertificate(new Date()).then((fake) => {
    if (stopping) return;
    c.setFake(tls.createSecureContext({ cert: fake.cert, key: fake.key }));
    klog('I', 'main.go:101', 'SSL fake certificate created /etc/ingress-controller/ssl/default-fake-certificate.pem');
    klog('I', 'nginx.go:263', 'Starting NGINX Ingress controller');
    for (const cm of [flags.configmap, flags['tcp-services-configmap'], flags['udp-services-configmap']]) {
      if (!cm || !cm.includes('/')) continue;
      klog('I', 'event.go:255', `Event(v1.ObjectReference{Kind:"ConfigMap", Namespace:"${cm.split('/')[0]}", Name:"${cm.split('/')[1]}", UID:"", ` +
        `APIVersion:"v1", ResourceVersion:"", FieldPath:""}): type: 'Normal' reason: 'CREATE' ConfigMap ${cm}`);
    }
    const httpsServer = https.createServer({
      cert: fake.cert, key: fake.key,
      SNICallback: (name, cb) => cb(null, c.contextFor(name) ?? null as any),
    }, handler({ c, scheme: 'https', port: 443 }));
    tuneServer(httpsServer);
    httpsServer.on('upgrade', upgradeHandler({ c, scheme: 'https', port: 443 }));
    httpsServer.on('error', bindError(443));
    servers.push(httpsServer);
    c.poll();
    klog('I', 'nginx.go:307', 'Starting NGINX process');
    const election = `${flags['election-id'] || 'ingress-controller-leader'}-${c.cfg.ingressClass}`;
    klog('I', 'leaderelection.go:241', `attempting to acquire leader lease  ${c.podNamespace}/${election}...`);
    klog('I', 'controller.go:134', 'Configuration changes detected, backend reload required.');
    let pending = ports.https ? 2 : 1;
    const up = () => {
      if (--pending > 0) return;
      c.ready = true;
      klog('I', 'leaderelection.go:251', `successfully acquired lease ${c.podNamespace}/${election}`);
      klog('I', 'status.go:86', `new leader elected: ${c.podName}`);
      klog('I', 'controller.go:150', 'Backend successfully reloaded.');
      klog('I', 'controller.go:159', 'Initial sync, sleeping for 1 second.');
      c.resync(); // status, now that this pod leads
    };
    // the node agent starts connections with a PROXY header naming the client (proxyproto.ts)
    servers.push(listenProxyAware(httpServer, ports.http, listenHost, up));
    if (ports.https) {
      servers.push(listenProxyAwareTls(httpsServer, {
        secureContext: tls.createSecureContext({ cert: fake.cert, key: fake.key }), ALPNProtocols: ['http/1.1'],
        SNICallback: (name, cb) => cb(null, c.contextFor(name) ?? null as any),
      }, ports.https, listenHost, up));
    }
    const timer = setInterval(() => c.poll(), 300);
    timer.unref();
    // keep the process alive while the servers are
  }).catch((e) => {
    klog('F', 'main.go:98', `Failed to create fake certificate: ${(e as Error).message}`);
    process.exit(255);
  });
}
