// ingress-nginx routing (src/agent/ingress/routing.ts): classes, hosts and wildcards, path types,
// longest match, merging across Ingresses, default backends, rewrite-target, app-root, redirects,
// ssl-redirect decisions, certificates by SNI, upstream endpoints and status addresses.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/api/types';
import {
  applyRewrite, buildRouteTable, certificateFor, ClusterState, defaultConfig, Decision, escapeUri, findServer, ingressServed,
  matchLocation, normalizeUri, publishAddresses, requestHost, route, ControllerConfig, CertInfo, sortIngresses,
} from '../../../src/agent/ingress/routing';

const P = 'nginx.ingress.kubernetes.io';

function svc(ns: string, name: string, ports: { name?: string; port: number; targetPort?: number | string }[], extra: any = {}): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec: { type: 'ClusterIP', clusterIP: '10.96.7.7', ports, ...extra } } as KObject;
}

function eps(ns: string, name: string, ips: string[], ports: { name?: string; port: number }[], notReady: string[] = []): KObject {
  return {
    apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace: ns, name },
    subsets: [{ addresses: ips.map((ip) => ({ ip })), notReadyAddresses: notReady.map((ip) => ({ ip })), ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) }],
  } as KObject;
}

type PathSpec = [path: string | undefined, service: string, port: number | string, pathType?: string];

function ing(ns: string, name: string, o: {
  rules?: { host?: string; paths?: PathSpec[] }[]; ann?: Record<string, string>; tls?: { hosts?: string[]; secretName?: string }[];
  defaultBackend?: [string, number | string]; created?: string; className?: string;
}): KObject {
  const backend = (s: string, p: number | string) => ({ service: { name: s, port: typeof p === 'number' ? { number: p } : { name: p } } });
  const spec: any = {};
  if (o.className) spec.ingressClassName = o.className;
  if (o.defaultBackend) spec.defaultBackend = backend(...o.defaultBackend);
  if (o.tls) spec.tls = o.tls;
  if (o.rules) {
    spec.rules = o.rules.map((r) => ({
      ...(r.host ? { host: r.host } : {}),
      ...(r.paths ? { http: { paths: r.paths.map(([path, s, p, pt]) => ({ ...(path !== undefined ? { path } : {}), pathType: pt ?? 'ImplementationSpecific', backend: backend(s, p) })) } } : {}),
    }));
  }
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: { namespace: ns, name, creationTimestamp: o.created ?? '2019-09-27T10:00:00Z', annotations: o.ann ?? {} }, spec,
  } as KObject;
}

// a small cluster: testing/svc-nginx (3 pods), multisvc nginx-svc + tomcat-svc, an api service with named ports
const SERVICES = [
  svc('testing', 'svc-nginx', [{ name: 'http', port: 80, targetPort: 80 }]),
  svc('multisvc', 'nginx-svc', [{ name: 'http', port: 80, targetPort: 80 }]),
  svc('multisvc', 'tomcat-svc', [{ name: 'httpport', port: 8080, targetPort: 8080 }, { name: 'ajpport', port: 8009, targetPort: 8009 }]),
  svc('web', 'api', [{ name: 'web', port: 80, targetPort: 'http' }]),
  svc('web', 'app', [{ port: 80, targetPort: 8080 }]),
  svc('web', 'empty', [{ port: 80 }]),
  svc('web', 'other', [{ port: 80 }]),
];
const ENDPOINTS = [
  eps('testing', 'svc-nginx', ['10.244.1.76', '10.244.1.77', '10.244.2.74'], [{ name: 'http', port: 80 }]),
  eps('multisvc', 'nginx-svc', ['10.244.1.79'], [{ name: 'http', port: 80 }]),
  eps('multisvc', 'tomcat-svc', ['10.244.1.78'], [{ name: 'httpport', port: 8080 }, { name: 'ajpport', port: 8009 }]),
  eps('web', 'api', ['10.244.3.3'], [{ name: 'web', port: 9000 }], ['10.244.3.4']),
  eps('web', 'app', ['10.244.3.5'], [{ port: 8080 }]),
  eps('web', 'other', ['10.244.3.9'], [{ port: 80 }]),
];

const certs = (m: Record<string, string[]>): Map<string, CertInfo> =>
  new Map(Object.entries(m).map(([k, names]) => [k, { matches: (h: string) => names.some((n) => n === h || (n.startsWith('*.') && h.endsWith(n.slice(1)))) }]));

function table(ingresses: KObject[], cfg: ControllerConfig = defaultConfig({ legacy: true }), extra: Partial<ClusterState> = {}) {
  return buildRouteTable({ ingresses, services: SERVICES, endpoints: ENDPOINTS, ...extra }, cfg);
}

/** A decision as a short string: `proxy <upstream> <url>`, `redirect <code> <location>`, `404`, `503`. */
function show(d: Decision): string {
  switch (d.action) {
    case 'proxy': return `proxy ${d.upstream.name} ${d.url}`;
    case 'redirect': return `redirect ${d.status} ${d.location}`;
    case 'unavailable': return '503';
    case 'default-backend': return '404';
    case 'healthz': return 'healthz';
  }
}

describe('ingress class', () => {
  const classes = [
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'traefik' }, spec: { controller: 'traefik.io/ingress-controller' } },
  ] as KObject[];
  const defaulted = [{ ...classes[0], metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } }] as KObject[];
  const cases: [string, KObject, KObject[], Partial<ControllerConfig>, boolean][] = [
    ['0.x: no class is served', ing('a', 'x', {}), [], { legacy: true }, true],
    ['0.x: annotation nginx', ing('a', 'x', { ann: { 'kubernetes.io/ingress.class': 'nginx' } }), [], { legacy: true }, true],
    ['0.x: annotation other', ing('a', 'x', { ann: { 'kubernetes.io/ingress.class': 'traefik' } }), [], { legacy: true }, false],
    ['0.x: empty annotation = none', ing('a', 'x', { ann: { 'kubernetes.io/ingress.class': '' } }), [], { legacy: true }, true],
    ['0.x with --ingress-class=internal: class-less not served', ing('a', 'x', {}), [], { legacy: true, ingressClass: 'internal' }, false],
    ['0.x with --ingress-class=internal: annotation internal', ing('a', 'x', { ann: { 'kubernetes.io/ingress.class': 'internal' } }), [], { legacy: true, ingressClass: 'internal' }, true],
    ['0.x: ingressClassName nginx', ing('a', 'x', { className: 'nginx' }), [], { legacy: true }, true],
    ['0.x: ingressClassName of another controller', ing('a', 'x', { className: 'traefik' }), classes, { legacy: true }, false],
    ['1.x: ingressClassName of ours', ing('a', 'x', { className: 'nginx' }), classes, {}, true],
    ['1.x: ingressClassName of another controller', ing('a', 'x', { className: 'traefik' }), classes, {}, false],
    ['1.x: ingressClassName without IngressClass', ing('a', 'x', { className: 'nginx' }), [], {}, false],
    ['1.x: annotation nginx', ing('a', 'x', { ann: { 'kubernetes.io/ingress.class': 'nginx' } }), [], {}, true],
    ['1.x: no class, no default class', ing('a', 'x', {}), classes, {}, false],
    ['1.x: no class, our default IngressClass', ing('a', 'x', {}), defaulted, {}, true],
    ['1.x: no class, --watch-ingress-without-class', ing('a', 'x', {}), [], { watchWithoutClass: true }, true],
    ['--watch-namespace elsewhere', ing('a', 'x', {}), [], { legacy: true, watchNamespace: 'b' }, false],
  ];
  for (const [name, i, cls, cfg, want] of cases) {
    test(name, () => assert.equal(ingressServed(i, cls, defaultConfig(cfg)), want));
  }
  test('ingresses sort by creation time, then namespace/name descending', () => {
    const l = sortIngresses([
      ing('a', 'b', { created: '2019-09-27T10:00:01Z' }), ing('a', 'a', { created: '2019-09-27T10:00:01Z' }), ing('z', 'z', { created: '2019-09-27T09:00:00Z' }),
    ]);
    assert.deepEqual(l.map((i) => i.metadata.name), ['z', 'b', 'a']);
  });
});

describe('routing', () => {
  const lab = [
    ing('testing', 'nginx', { ann: { 'kubernetes.io/ingress.class': 'nginx' }, rules: [{ host: 'nginx.ilinux.io', paths: [[undefined, 'svc-nginx', 80]] }] }),
    ing('multisvc', 'multi-ingress', {
      created: '2019-09-27T11:00:00Z',
      rules: [{ host: 'nginx.imyapp.com', paths: [['/', 'nginx-svc', 80]] }, { host: 'tomcat.imyapp.com', paths: [['/', 'tomcat-svc', 8080]] }],
    }),
    ing('multisvc', 'tomcat-ingress', {
      created: '2019-09-27T12:00:00Z',
      rules: [{ host: 'www.imyapp.com', paths: [['/nginx', 'nginx-svc', 80], ['/tomcat', 'tomcat-svc', 8080]] }],
    }),
    ing('web', 'types', {
      rules: [{
        host: 'types.example.com',
        paths: [['/exact', 'app', 80, 'Exact'], ['/prefix', 'app', 80, 'Prefix'], ['/impl', 'api', 'web'], ['/prefix/deeper', 'other', 80, 'Prefix'], ['/', 'other', 80, 'Prefix']],
      }],
    }),
    ing('web', 'wild', { rules: [{ host: '*.example.com', paths: [['/', 'app', 80]] }, { host: '*.b.example.com', paths: [['/', 'api', 80]] }] }),
    ing('web', 'noendpoints', { rules: [{ host: 'empty.example.com', paths: [['/', 'empty', 80]] }, { host: 'missing.example.com', paths: [['/', 'nosuch', 80]] }] }),
    ing('web', 'rootless', { rules: [{ host: 'rootless.example.com', paths: [['/only', 'app', 80]] }] }),
    ing('web', 'other-class', { ann: { 'kubernetes.io/ingress.class': 'gce' }, rules: [{ host: 'gce.example.com', paths: [['/', 'app', 80]] }] }),
  ];
  const t = table(lab);
  const cases: [string, string, string][] = [
    // host, url, decision
    ['nginx.ilinux.io', '/', 'proxy testing-svc-nginx-80 /'],
    ['nginx.ilinux.io:32699', '/index.html?a=1', 'proxy testing-svc-nginx-80 /index.html?a=1'],
    ['NGINX.ilinux.io.', '/', 'proxy testing-svc-nginx-80 /'],
    ['nginx.imyapp.com', '/', 'proxy multisvc-nginx-svc-80 /'],
    ['tomcat.imyapp.com', '/docs', 'proxy multisvc-tomcat-svc-8080 /docs'],
    ['www.imyapp.com', '/nginx/x', 'proxy multisvc-nginx-svc-80 /nginx/x'],
    ['www.imyapp.com', '/tomcat', 'proxy multisvc-tomcat-svc-8080 /tomcat'],
    ['www.imyapp.com', '/tomcatx', 'proxy multisvc-tomcat-svc-8080 /tomcatx'], // ImplementationSpecific: nginx string prefix
    ['www.imyapp.com', '/', '404'], // the server's root location: default backend
    ['unknown.io', '/', '404'],
    ['', '/', '404'],
    ['127.0.0.1:30080', '/healthz', 'healthz'],
    ['gce.example.com', '/', 'proxy web-app-80 /'], // another class: not served, *.example.com catches it
    ['types.example.com', '/exact', 'proxy web-app-80 /exact'],
    ['types.example.com', '/exact/', 'proxy web-other-80 /exact/'],
    ['types.example.com', '/prefix', 'proxy web-app-80 /prefix'],
    ['types.example.com', '/prefix/', 'proxy web-app-80 /prefix/'],
    ['types.example.com', '/prefix/a/b', 'proxy web-app-80 /prefix/a/b'],
    ['types.example.com', '/prefixed', 'proxy web-other-80 /prefixed'], // Prefix is element-wise
    ['types.example.com', '/prefix/deeper/x', 'proxy web-other-80 /prefix/deeper/x'], // longest match
    ['types.example.com', '/impl', 'proxy web-api-web /impl'],
    ['types.example.com', '//impl', 'proxy web-api-web //impl'], // merged slashes match, the request goes as sent
    ['types.example.com', '/implementation', 'proxy web-api-web /implementation'],
    ['a.example.com', '/', 'proxy web-app-80 /'],
    ['x.y.example.com', '/', 'proxy web-app-80 /'], // nginx wildcards match any depth
    ['c.b.example.com', '/', 'proxy web-api-80 /'], // the longest wildcard wins
    ['example.com', '/', '404'],
    ['empty.example.com', '/', '503'],
    ['missing.example.com', '/', '503'],
    ['rootless.example.com', '/', '404'],
    ['rootless.example.com', '/only/more', 'proxy web-app-80 /only/more'],
  ];
  for (const [host, url, want] of cases) {
    test(`${host || '(no host)'} ${url} → ${want}`, () => assert.equal(show(route(t, { host, url, scheme: 'http' }, defaultConfig({ legacy: true }))), want));
  }

  test('upstream endpoints: ready addresses, target port from the subset port with the service port\'s name', () => {
    assert.deepEqual(t.upstreams.get('testing-svc-nginx-80')!.endpoints.map((e) => `${e.address}:${e.port}`), ['10.244.1.76:80', '10.244.1.77:80', '10.244.2.74:80']);
    assert.deepEqual(t.upstreams.get('web-api-web')!.endpoints, [{ address: '10.244.3.3', port: 9000 }]); // not the not-ready one
    assert.deepEqual(t.upstreams.get('multisvc-tomcat-svc-8080')!.endpoints, [{ address: '10.244.1.78', port: 8080 }]);
    assert.deepEqual(t.upstreams.get('web-app-80')!.endpoints, [{ address: '10.244.3.5', port: 8080 }]);
    assert.deepEqual(t.warnings, [
      'Service "web/empty" does not have any active Endpoint.',
      'Error obtaining Service endpoints: service web/nosuch does not exist',
    ]);
    assert.deepEqual(t.ingresses, ['web/wild', 'web/types', 'web/rootless', 'web/noendpoints', 'testing/nginx', 'multisvc/multi-ingress', 'multisvc/tomcat-ingress']);
  });

  test('locations are ordered longest first, ties by path descending', () => {
    const s = findServer(t, 'types.example.com');
    assert.deepEqual(s.locations.map((l) => `${l.pathType[0]}${l.path}`), ['P/prefix/deeper', 'P/prefix', 'E/exact', 'I/impl', 'P/']);
    assert.equal(matchLocation(s, '/exact')?.path, '/exact');
  });

  test('paths merge per host across Ingresses: the oldest Ingress keeps a path, others add theirs', () => {
    const tt = table([
      ing('a', 'new', { created: '2019-09-28T00:00:00Z', rules: [{ host: 'h.io', paths: [['/', 'svc-x', 80], ['/new', 'svc-x', 80]] }] }),
      ing('a', 'old', { created: '2019-09-27T00:00:00Z', rules: [{ host: 'h.io', paths: [['/', 'svc-y', 80]] }] }),
    ]);
    const s = findServer(tt, 'h.io');
    assert.deepEqual(s.locations.map((l) => `${l.path}=${l.upstream}@${l.ingress}`), ['/new=a-svc-x-80@a/new', '/=a-svc-y-80@a/old']);
  });

  test('spec.defaultBackend: root of the Ingress\'s hosts, and the catch-all when it has no rules', () => {
    const tt = table([
      ing('web', 'catch', { defaultBackend: ['other', 80] }),
      ing('web', 'hosted', { defaultBackend: ['app', 80], rules: [{ host: 'd.io', paths: [['/api', 'api', 'web']] }] }),
    ]);
    const r = (host: string, url: string) => show(route(tt, { host, url, scheme: 'http' }, defaultConfig({ legacy: true })));
    assert.equal(r('d.io', '/x'), 'proxy web-app-80 /x');
    assert.equal(r('d.io', '/api/v1'), 'proxy web-api-web /api/v1');
    assert.equal(r('elsewhere.io', '/'), 'proxy web-other-80 /');
  });
});

describe('annotations', () => {
  const r = (ings: KObject[], host: string, url: string, scheme: 'http' | 'https' = 'http', cfg = defaultConfig({ legacy: true }), extra: Partial<ClusterState> = {}) =>
    show(route(table(ings, cfg, extra), { host, url, scheme }, cfg));
  const rw = (ann: Record<string, string>, paths: PathSpec[]) => [ing('web', 'r', { ann, rules: [{ host: 'r.io', paths }] })];
  const cases: [string, KObject[], string, string][] = [
    ['rewrite-target with capture groups', rw({ [`${P}/rewrite-target`]: '/$2' }, [['/something(/|$)(.*)', 'app', 80]]), '/something/new/x?q=1', 'proxy web-app-80 /new/x?q=1'],
    ['rewrite-target: the bare prefix', rw({ [`${P}/rewrite-target`]: '/$2' }, [['/something(/|$)(.*)', 'app', 80]]), '/something', 'proxy web-app-80 /'],
    ['rewrite-target: regex matching is case-insensitive', rw({ [`${P}/rewrite-target`]: '/$2' }, [['/something(/|$)(.*)', 'app', 80]]), '/SomeThing/a', 'proxy web-app-80 /a'],
    ['rewrite-target / without groups: the whole URI becomes / (the 0.22 change)', rw({ [`${P}/rewrite-target`]: '/' }, [['/api', 'app', 80]]), '/api/users', 'proxy web-app-80 /'],
    ['rewrite-target with its own query keeps the original args after it', rw({ [`${P}/rewrite-target`]: '/x?from=$1' }, [['/(a)', 'app', 80]]), '/a?b=2', 'proxy web-app-80 /x?from=a&b=2'],
    ['rewrite-target escapes what nginx escapes', rw({ [`${P}/rewrite-target`]: '/$1' }, [['/p/(.*)', 'app', 80]]), '/p/a%20b', 'proxy web-app-80 /a%20b'],
    ['rewrite makes the whole server regex: other paths are anchored regexes too', [
      ...rw({ [`${P}/rewrite-target`]: '/$1' }, [['/p/(.*)', 'app', 80]]),
      ing('web', 'plain', { rules: [{ host: 'r.io', paths: [['/v[0-9]+', 'other', 80]] }] }),
    ], '/v2/x', 'proxy web-other-80 /v2/x'],
    ['use-regex', rw({ [`${P}/use-regex`]: 'true' }, [['/users/[0-9]+', 'app', 80]]), '/users/42', 'proxy web-app-80 /users/42'],
    ['use-regex: no match falls to the default backend', rw({ [`${P}/use-regex`]: 'true' }, [['/users/[0-9]+', 'app', 80]]), '/users/x', '404'],
    ['without use-regex a regex path is a literal prefix', rw({}, [['/users/[0-9]+', 'app', 80]]), '/users/42', '404'],
    ['app-root', rw({ [`${P}/app-root`]: '/app1' }, [['/', 'app', 80]]), '/', 'redirect 302 http://r.io/app1'],
    ['app-root only for /', rw({ [`${P}/app-root`]: '/app1' }, [['/', 'app', 80]]), '/app1', 'proxy web-app-80 /app1'],
    ['permanent-redirect', rw({ [`${P}/permanent-redirect`]: 'https://www.google.com' }, [['/', 'app', 80]]), '/x', 'redirect 301 https://www.google.com'],
    ['permanent-redirect-code', rw({ [`${P}/permanent-redirect`]: 'https://g.io/', [`${P}/permanent-redirect-code`]: '308' }, [['/', 'app', 80]]), '/', 'redirect 308 https://g.io/'],
    ['temporal-redirect', rw({ [`${P}/temporal-redirect`]: 'https://g.io/t' }, [['/', 'app', 80]]), '/', 'redirect 302 https://g.io/t'],
    ['force-ssl-redirect without TLS', rw({ [`${P}/force-ssl-redirect`]: 'true' }, [['/', 'app', 80]]), '/a?b', 'redirect 308 https://r.io/a?b'],
  ];
  for (const [name, ings, url, want] of cases) test(name, () => assert.equal(r(ings, 'r.io', url), want));

  test('backend-protocol, upstream-vhost, x-forwarded-prefix and enable-access-log reach the location', () => {
    const t = table(rw({ [`${P}/backend-protocol`]: 'https', [`${P}/upstream-vhost`]: 'internal.svc', [`${P}/x-forwarded-prefix`]: '/p', [`${P}/enable-access-log`]: 'false' }, [['/', 'app', 80]]));
    const l = findServer(t, 'r.io').locations[0];
    assert.deepEqual([l.backendProtocol, l.upstreamVhost, l.xForwardedPrefix, l.accessLog], ['HTTPS', 'internal.svc', '/p', false]);
    const legacy = table(rw({ [`${P}/secure-backends`]: 'true' }, [['/', 'app', 80]]));
    assert.equal(findServer(legacy, 'r.io').locations[0].backendProtocol, 'HTTPS');
  });

  test('--annotations-prefix', () => {
    const cfg = defaultConfig({ legacy: true, annotationsPrefix: 'ingress.kubernetes.io' });
    assert.equal(r(rw({ 'ingress.kubernetes.io/app-root': '/a' }, [['/', 'app', 80]]), 'r.io', '/', 'http', cfg), 'redirect 302 http://r.io/a');
    assert.equal(r(rw({ [`${P}/app-root`]: '/a' }, [['/', 'app', 80]]), 'r.io', '/', 'http', cfg), 'proxy web-app-80 /');
  });
});

describe('TLS: ssl-redirect and certificates', () => {
  const tlsIng = ing('testing', 'nginx-ingress-tls', {
    created: '2019-09-27T11:00:00Z', ann: { 'kubernetes.io/ingress.class': 'nginx' },
    tls: [{ hosts: ['nginx.ilinux.io'], secretName: 'nginx-ingress-secret' }], rules: [{ host: 'nginx.ilinux.io', paths: [['/', 'svc-nginx', 80]] }],
  });
  const plain = ing('testing', 'nginx', { rules: [{ host: 'nginx.ilinux.io', paths: [[undefined, 'svc-nginx', 80]] }] });
  const good = { certs: certs({ 'testing/nginx-ingress-secret': ['nginx.ilinux.io'] }) };
  const wrong = { certs: certs({ 'testing/nginx-ingress-secret': ['other.io'] }) };
  const noRedirect = ing('testing', 'nr', {
    ann: { [`${P}/ssl-redirect`]: 'false' }, tls: [{ hosts: ['nr.io'], secretName: 's' }], rules: [{ host: 'nr.io', paths: [['/', 'svc-nginx', 80]] }],
  });
  const hostless = ing('testing', 'hostless', { rules: [{ paths: [['/h', 'svc-nginx', 80]] }] });
  const wild = ing('testing', 'wild', { tls: [{ hosts: ['*.w.io'], secretName: 'w' }], rules: [{ host: '*.w.io', paths: [['/', 'svc-nginx', 80]] }] });
  const allCerts = { certs: certs({ 'testing/nginx-ingress-secret': ['nginx.ilinux.io'], 'testing/s': ['nr.io'], 'testing/w': ['*.w.io'] }) };
  const cases: [string, KObject[], Partial<ClusterState>, Partial<ControllerConfig>, string, string, 'http' | 'https', string][] = [
    ['HTTP to a TLS host: 308 to https (host without port, the request URI)', [plain, tlsIng], good, { legacy: true }, 'nginx.ilinux.io:32699', '/a?b=1', 'http', 'redirect 308 https://nginx.ilinux.io/a?b=1'],
    ['HTTPS to a TLS host is proxied', [plain, tlsIng], good, { legacy: true }, 'nginx.ilinux.io', '/', 'https', 'proxy testing-svc-nginx-80 /'],
    ['no TLS section: no redirect', [plain], good, { legacy: true }, 'nginx.ilinux.io', '/', 'http', 'proxy testing-svc-nginx-80 /'],
    ['0.x: the secret is missing: no redirect (default certificate, server without cert)', [plain, tlsIng], {}, { legacy: true }, 'nginx.ilinux.io', '/', 'http', 'proxy testing-svc-nginx-80 /'],
    ['0.x: a certificate for other names: no redirect', [plain, tlsIng], wrong, { legacy: true }, 'nginx.ilinux.io', '/', 'http', 'proxy testing-svc-nginx-80 /'],
    ['1.x: the secret is missing: the default certificate still counts, redirect', [plain, tlsIng], {}, {}, 'nginx.ilinux.io', '/', 'http', 'redirect 308 https://nginx.ilinux.io/'],
    ['ssl-redirect: "false"', [noRedirect], allCerts, { legacy: true }, 'nr.io', '/', 'http', 'proxy testing-svc-nginx-80 /'],
    ['http-redirect-code from the ConfigMap', [tlsIng], good, { legacy: true, httpRedirectCode: 301 }, 'nginx.ilinux.io', '/', 'http', 'redirect 301 https://nginx.ilinux.io/'],
    ['ConfigMap ssl-redirect false', [tlsIng], good, { legacy: true, sslRedirect: false }, 'nginx.ilinux.io', '/', 'http', 'proxy testing-svc-nginx-80 /'],
    ['0.x: host-less rules redirect (the catch-all has the default certificate)', [hostless], {}, { legacy: true }, '10.0.0.1', '/h', 'http', 'redirect 308 https://10.0.0.1/h'],
    ['1.x: host-less rules do not redirect', [{ ...hostless, metadata: { ...hostless.metadata, annotations: { 'kubernetes.io/ingress.class': 'nginx' } } }], {}, {}, '10.0.0.1', '/h', 'http', 'proxy testing-svc-nginx-80 /h'],
    ['0.x: the catch-all root never redirects', [hostless], {}, { legacy: true }, '10.0.0.1', '/', 'http', '404'],
    ['wildcard TLS host redirects', [wild], allCerts, { legacy: true }, 'a.w.io', '/', 'http', 'redirect 308 https://a.w.io/'],
  ];
  for (const [name, ings, extra, cfgOver, host, url, scheme, want] of cases) {
    test(name, () => {
      const cfg = defaultConfig(cfgOver);
      assert.equal(show(route(table(ings, cfg, extra), { host, url, scheme }, cfg)), want);
    });
  }

  test('certificates by SNI: exact host, one-level wildcard, else the default one', () => {
    const t = table([plain, tlsIng, noRedirect, wild], defaultConfig({ legacy: true }), allCerts);
    const cases: [string | undefined, string | undefined][] = [
      ['nginx.ilinux.io', 'testing/nginx-ingress-secret'], ['NGINX.ILINUX.IO', 'testing/nginx-ingress-secret'], ['nr.io', 'testing/s'],
      ['a.w.io', 'testing/w'], ['a.b.w.io', undefined], ['other.io', undefined], [undefined, undefined],
    ];
    for (const [sni, want] of cases) assert.equal(certificateFor(t, sni), want, String(sni));
    // a certificate that does not cover the host is not used (warning, default certificate)
    const bad = table([tlsIng], defaultConfig({ legacy: true }), wrong);
    assert.equal(certificateFor(bad, 'nginx.ilinux.io'), undefined);
    assert.match(bad.warnings.join('\n'), /does not contain a Common Name or Subject Alternative Name for server "nginx.ilinux.io"/);
    // a TLS section without a hosts list: the certificate that matches the host
    const nohosts = ing('testing', 'nohosts', { tls: [{ secretName: 'nginx-ingress-secret' }], rules: [{ host: 'nginx.ilinux.io', paths: [['/', 'svc-nginx', 80]] }] });
    assert.equal(certificateFor(table([nohosts], defaultConfig({ legacy: true }), good), 'nginx.ilinux.io'), 'testing/nginx-ingress-secret');
  });
});

describe('helpers', () => {
  test('requestHost', () => {
    const cases: [string, string][] = [['a.io:80', 'a.io'], ['A.IO.', 'a.io'], ['[::1]:8080', '[::1]'], ['', ''], ['10.0.0.1', '10.0.0.1']];
    for (const [h, want] of cases) assert.equal(requestHost(h), want, h);
  });
  test('normalizeUri', () => {
    const cases: [string, string][] = [['/a//b', '/a/b'], ['/a/./b', '/a/b'], ['/a/b/../c', '/a/c'], ['/a%20b', '/a b'], ['/%zz', '/%zz'], ['/a/..', '/']];
    for (const [p, want] of cases) assert.equal(normalizeUri(p), want, p);
  });
  test('applyRewrite / escapeUri', () => {
    assert.equal(applyRewrite('/something(/|$)(.*)', '/$2', '/something/a/b'), '/a/b');
    assert.equal(applyRewrite('/x', '/y', '/z'), undefined);
    assert.equal(applyRewrite('/(a)(b)', '/${2}$1', '/ab'), '/ba');
    assert.equal(escapeUri('/a b/é?#%'), '/a%20b/%C3%A9%3F%23%25');
  });
  test('publishAddresses: 0.25 publishes only load-balancer / external IPs; 0.26+ the ClusterIP of a NodePort service', () => {
    const np = svc('ingress-nginx', 'ingress-nginx', [{ port: 80 }], { type: 'NodePort', clusterIP: '10.107.40.182' });
    const lb = { ...svc('x', 'y', [{ port: 80 }], { type: 'LoadBalancer', clusterIP: '10.1.1.1', externalIPs: ['192.168.1.9'] }), status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }] } } } as KObject;
    const cases: [KObject | undefined, boolean, boolean, object[]][] = [
      [np, false, false, []],
      [np, true, false, [{ ip: '10.107.40.182' }]],
      [np, true, true, [{ ip: '10.107.40.182' }]],
      [{ ...np, spec: { ...np.spec, externalIPs: ['192.168.1.31'] } } as KObject, true, true, [{ ip: '192.168.1.31' }]],
      [{ ...np, spec: { ...np.spec, externalIPs: ['192.168.1.31'] } } as KObject, false, false, [{ ip: '192.168.1.31' }]],
      [lb, false, false, [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }, { ip: '192.168.1.9' }]],
      [lb, true, true, [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }, { ip: '192.168.1.9' }]],
      [svc('a', 'b', [{ port: 80 }], { type: 'ExternalName', externalName: 'ext.example.com' }), true, true, [{ hostname: 'ext.example.com' }]],
      [undefined, true, true, []],
    ];
    for (const [s, since026, modern, want] of cases) assert.deepEqual(publishAddresses(s, since026, modern), want);
  });
});
