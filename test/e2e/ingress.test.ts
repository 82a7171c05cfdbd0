// Black-box: the lab's Ingress section. ingress-nginx from fixtures/ingress-nginx (mandatory.yaml +
// service-nodeport.yaml, as the lab downloaded them), the testing namespace's nginx behind an Ingress
// for nginx.ilinux.io, real HTTP(S) to the ingress-nginx service's NodePorts: the nginx welcome page,
// 404 for an unknown host, TLS with SNI serving the secret's certificate and HTTP → 308, the
// multisvc host-based Ingress reaching nginx and tomcat; then `kctl proxy --stop` leaves no process.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import { TmpCluster, fixture } from '../helpers/kctl';
import { until, processesOf, killAll } from '../helpers/agent';
import { selfSignedSync } from '../../src/agent/ingress/cert';

interface Got { status: number; headers: http.IncomingHttpHeaders; body: string; cn?: string }

/** A node's address: the agent listens on every NodePort there (127.0.0.1 may be shared with other clusters). */
let nodeIP = '127.0.0.1';

function get(port: number, host: string, p = '/', tls = false): Promise<Got> {
  return new Promise((resolve, reject) => {
    const opts = { host: nodeIP, port, path: p, headers: { Host: host }, agent: false as const };
    const cb = (res: http.IncomingMessage) => {
      let body = '';
      const cert = tls ? (res.socket as import('node:tls').TLSSocket).getPeerCertificate() : undefined;
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, cn: cert?.subject?.CN as string | undefined }));
    };
    const req = tls ? https.get({ ...opts, servername: host, rejectUnauthorized: false }, cb) : http.get(opts, cb);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function eventually(what: string, fn: () => Promise<boolean>, ms = 30_000): Promise<void> {
  await until(what, async () => { try { return await fn(); } catch { return false; } }, ms);
}

describe('ingress-nginx: the lab\'s Ingress section', { skip: process.platform !== 'linux' }, () => {
  const c = new TmpCluster();
  const manifest = (f: string) => fixture('manifests', f);
  let httpPort = 0;
  let httpsPort = 0;
  let controllerPod = '';

  const ready = (ns: string, n: number) => async () => {
    const out = c.ok(['get', 'pods', '-n', ns]);
    return (out.match(/ 1\/1 +Running /g) ?? []).length === n;
  };

  before(async () => {
    const r = c.run(['proxy', '--background']);
    assert.equal(r.code, 0, r.stderr);
    const mandatory = c.ok(['apply', '-f', fixture('ingress-nginx', 'mandatory.yaml')]);
    assert.equal(mandatory, [
      'namespace/ingress-nginx created', 'configmap/nginx-configuration created', 'configmap/tcp-services created', 'configmap/udp-services created',
      'serviceaccount/nginx-ingress-serviceaccount created', 'clusterrole.rbac.authorization.k8s.io/nginx-ingress-clusterrole created',
      'role.rbac.authorization.k8s.io/nginx-ingress-role created', 'rolebinding.rbac.authorization.k8s.io/nginx-ingress-role-nisa-binding created',
      'clusterrolebinding.rbac.authorization.k8s.io/nginx-ingress-clusterrole-nisa-binding created', 'deployment.apps/nginx-ingress-controller created', '',
    ].join('\n'));
    assert.equal(c.ok(['apply', '-f', fixture('ingress-nginx', 'service-nodeport.yaml')]), 'service/ingress-nginx created\n');
    for (const f of ['namespace-testing.yaml', 'deployment-nginx.yaml', 'service-nginx.yaml', 'ingress-nginx.yaml']) c.ok(['apply', '-f', manifest(f)]);
    await until('the controller Running 1/1', ready('ingress-nginx', 1), 60_000);
    await until('3 nginx pods Running 1/1', ready('testing', 3), 60_000);
    const ports = c.ok(['get', 'svc', 'ingress-nginx', '-n', 'ingress-nginx', '-o', 'jsonpath={.spec.ports[0].nodePort} {.spec.ports[1].nodePort}']).split(' ');
    nodeIP = c.ok(['get', 'node', 'k8s-node1', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}']);
    assert.match(nodeIP, /^127\.\d+\.\d+\.\d+$/);
    httpPort = Number(ports[0]);
    httpsPort = Number(ports[1]);
    controllerPod = c.ok(['get', 'pods', '-n', 'ingress-nginx', '-o', 'jsonpath={.items[0].metadata.name}']);
    assert.match(controllerPod, /^nginx-ingress-controller-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  after(async () => {
    c.run(['proxy', '--stop']);
    try {
      await until('no process of the cluster left', () => processesOf(c.home).length === 0, 15_000);
    } finally {
      killAll(c.home);
      c.cleanup();
    }
  });

  test('get svc / get ingress as in the lab: NodePort 80 and 443, no ADDRESS with 0.25.1', () => {
    assert.match(c.ok(['get', 'svc', '-n', 'ingress-nginx']), /\ningress-nginx +NodePort +10\.\d+\.\d+\.\d+ +<none> +80:\d+\/TCP,443:\d+\/TCP +\d+s\n$/);
    assert.match(c.ok(['get', 'ingress', '-n', 'testing']), /\nnginx +<none> +nginx\.ilinux\.io +80 +\d+s\n$/);
  });

  test('Host: nginx.ilinux.io through the NodePort reaches the nginx pods (welcome page), logged in upstreaminfo format', async () => {
    await eventually('the welcome page', async () => (await get(httpPort, 'nginx.ilinux.io')).status === 200);
    const r = await get(httpPort, 'nginx.ilinux.io');
    assert.equal(r.status, 200);
    assert.match(r.body, /<title>Welcome to nginx!<\/title>/);
    assert.equal(r.headers.server, 'openresty/1.15.8.1');
    assert.equal(r.headers['content-length'], '612');
    const logs = c.ok(['logs', '-n', 'ingress-nginx', controllerPod]);
    assert.match(logs, /^NGINX Ingress controller\n {2}Release: {7}0\.25\.1\n/m);
    assert.match(logs, /^I\d{4} [\d:.]+ +\d+ event\.go:\d+\] Event\(v1\.ObjectReference\{Kind:"Ingress", Namespace:"testing", Name:"nginx".*reason: 'CREATE' Ingress testing\/nginx$/m);
    // the controller sees the NodePort client masqueraded to the node's pod-network address, as in the lab's log
    assert.match(logs, /^10\.244\.\d+\.0 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 612 "-" "-" \d+ \d+\.\d{3} \[testing-svc-nginx-80\] \[\] 10\.244\.\d+\.\d+:80 612 \d+\.\d{3} 200 [0-9a-f]{32}$/m);
    // the backend sees the controller's pod IP as its client, the real client in X-Forwarded-For
    const controllerIP = c.ok(['get', 'pod', controllerPod, '-n', 'ingress-nginx', '-o', 'jsonpath={.status.podIP}']);
    const backend = c.ok(['get', 'pods', '-n', 'testing', '-o', 'jsonpath={range .items[*]}{.metadata.name} {end}']).trim().split(' ')
      .map((p) => c.ok(['logs', '-n', 'testing', p])).join('');
    assert.ok(backend.includes(`${controllerIP} - - [`), backend);
    assert.match(backend, /"GET \/ HTTP\/1\.1" 200 612 "-" "-" "10\.244\.\d+\.0"/);
  });

  test('an unknown host gets the default backend\'s 404 page', async () => {
    const r = await get(httpPort, 'nope.example.com', '/x');
    assert.equal(r.status, 404);
    assert.equal(r.body, '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n' +
      '<hr><center>openresty/1.15.8.1</center>\r\n</body>\r\n</html>\r\n');
    // HTTPS for a host without certificate: the fake certificate
    const s = await get(httpsPort, 'nope.example.com', '/', true);
    assert.equal(s.status, 404);
    assert.equal(s.cn, 'Kubernetes Ingress Controller Fake Certificate');
  });

  test('TLS secret: HTTPS with SNI nginx.ilinux.io serves the secret\'s certificate; HTTP is redirected (308)', async () => {
    const { cert, key } = selfSignedSync({
      subject: [['C', 'CN'], ['ST', 'ShenZhen'], ['L', 'ShenZhen'], ['O', 'DevOps'], ['CN', 'nginx.ilinux.io']], notBefore: new Date(), days: 3650,
    });
    const crt = c.writeFile('tls/tls.crt', cert);
    const k = c.writeFile('tls/tls.key', key);
    assert.equal(c.ok(['create', 'secret', 'tls', 'nginx-ingress-secret', `--cert=${crt}`, `--key=${k}`, '-n', 'testing']), 'secret/nginx-ingress-secret created\n');
    c.ok(['apply', '-f', manifest('ingress-nginx-https.yaml')]);
    assert.match(c.ok(['get', 'ingress', '-n', 'testing']), /\nnginx-ingress-tls +<none> +nginx\.ilinux\.io +80, 443 +\d+s\n$/);
    await eventually('the secret\'s certificate', async () => (await get(httpsPort, 'nginx.ilinux.io', '/', true)).cn === 'nginx.ilinux.io');
    const s = await get(httpsPort, 'nginx.ilinux.io', '/', true);
    assert.equal(s.status, 200);
    assert.match(s.body, /Welcome to nginx!/);
    assert.equal(s.headers['strict-transport-security'], 'max-age=15724800; includeSubDomains');
    const r = await get(httpPort, `nginx.ilinux.io:${httpPort}`, '/index.html?a=1');
    assert.equal(r.status, 308);
    assert.equal(r.headers.location, 'https://nginx.ilinux.io/index.html?a=1');
    assert.match(r.body, /<title>308 Permanent Redirect<\/title>/);
  });

  test('multisvc: the host-based Ingress sends each host to its service', async () => {
    for (const f of ['namespace-ms.yaml', 'deploy_service-ms.yaml', 'ingress_host-ms.yaml']) c.ok(['apply', '-f', manifest(f)]);
    await until('6 multisvc pods Running 1/1', ready('multisvc', 6), 60_000);
    await eventually('nginx.imyapp.com', async () => /Welcome to nginx!/.test((await get(httpPort, 'nginx.imyapp.com')).body));
    await eventually('tomcat.imyapp.com', async () => /Apache Tomcat/.test((await get(httpPort, 'tomcat.imyapp.com')).body));
    const logs = c.ok(['logs', '-n', 'ingress-nginx', controllerPod]);
    assert.match(logs, /\[multisvc-nginx-svc-80\] \[\] 10\.244\.\d+\.\d+:80 /);
    assert.match(logs, /\[multisvc-tomcat-svc-8080\] \[\] 10\.244\.\d+\.\d+:8080 /);
  });
});
