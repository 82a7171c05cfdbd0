// Black-box: the seed's service networking through the agent — ClusterIP round robin and ClientIP
// affinity from a busybox pod (toolbox wget through the cluster gateway), redis-cli to a ClusterIP,
// a service name resolved in the pod's namespace, NodePort 30080 on 127.0.0.1 and on every node
// address, headless DNS (busybox nslookup in a pod, and a real DNS client on the address
// `kctl cluster-info` prints), and a NodePort taken by another program.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { TmpCluster, FIXTURES } from '../helpers/kctl';
import { httpGet, until, killAll, processesOf } from '../helpers/agent';

const M = path.join(FIXTURES, 'manifests');
const linux = process.platform === 'linux';

describe('service networking (seed section 2)', { skip: !linux }, () => {
  const c = new TmpCluster();
  before(async () => {
    c.ok(['proxy', '--background']);
    c.ok(['apply', '-f', path.join(M, 'service-demo.yaml')]);
    c.ok(['run', 'client', '--image=busybox', '--restart=Never', '--', 'sleep', '3600']);
    c.ok(['wait', '--for=condition=Ready', 'pod', '--all', '--timeout=40s']);
  });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  const hostnames = (url: string, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(c.ok(['exec', 'client', '--', 'wget', '-O', '-', '-q', url]).trim());
    return out;
  };

  test('wget to the ClusterIP from a pod: the myapp page; /hostname.html spreads over the 3 pods', () => {
    const ip = c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.equal(c.ok(['exec', 'client', '--', 'wget', '-O', '-', '-q', `http://${ip}/`]), 'Hello MyApp | Version: v1 | <a href="hostname.html">Pod Name</a>\n');
    const pods = c.ok(['get', 'pods', '-o', 'name']).split('\n').filter((n) => n.startsWith('pod/service-deploy-')).map((n) => n.slice(4)).sort();
    assert.deepEqual([...new Set(hostnames(`http://${ip}/hostname.html`, 24))].sort(), pods);
    // by name, in the pod's namespace (and fully qualified)
    assert.match(hostnames('http://service-demo/hostname.html', 1)[0], /^service-deploy-/);
    assert.match(hostnames('http://service-demo.default.svc.cluster.local/hostname.html', 1)[0], /^service-deploy-/);
    const bad = c.run(['exec', 'client', '--', 'wget', '-O', '-', '-q', 'http://nosuch/']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /wget: bad address 'nosuch'/);
  });

  test('kube-proxy mode from the kube-system/kube-proxy ConfigMap (as kubeadm lays it out): ipvs rr takes the pods in turn', () => {
    const conf = c.ok(['get', 'cm', 'kube-proxy', '-n', 'kube-system', '-o', 'jsonpath={.data.config\\.conf}']);
    assert.match(conf, /^mode: ""$/m);
    const ipvs = conf.replace(/^mode: ""$/m, 'mode: "ipvs"').replace(/^(\s+)scheduler: ""$/m, '$1scheduler: "rr"');
    c.ok(['patch', 'cm', 'kube-proxy', '-n', 'kube-system', '--type=merge', '-p', JSON.stringify({ data: { 'config.conf': ipvs } })]);
    const ip = c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.spec.clusterIP}']);
    const got = hostnames(`http://${ip}/hostname.html`, 6);
    assert.equal(new Set(got.slice(0, 3)).size, 3, got.join(' '));
    assert.deepEqual(got.slice(3), got.slice(0, 3), 'round robin repeats the same order');
    c.ok(['patch', 'cm', 'kube-proxy', '-n', 'kube-system', '--type=merge', '-p', JSON.stringify({ data: { 'config.conf': conf } })]);
  });

  test('sessionAffinity ClientIP: one client, one pod', () => {
    c.ok(['apply', '-f', path.join(M, 'service-demo-affinity.yaml')]);
    const ip = c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.equal(new Set(hostnames(`http://${ip}/hostname.html`, 8)).size, 1);
  });

  test('redis-cli -h <ClusterIP> ping from a pod, and the REPL', () => {
    c.ok(['apply', '-f', path.join(M, 'redis-svc.yaml')]);
    c.ok(['wait', '--for=condition=Ready', 'pod', '-l', 'app=redis', '--timeout=40s']);
    const ip = c.ok(['get', 'svc', 'redis-svc', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.equal(c.ok(['exec', 'client', '--', 'redis-cli', '-h', ip, 'ping']), 'PONG\n');
    assert.equal(c.ok(['exec', '-i', 'client', '--', 'redis-cli', '-h', 'redis-svc'], { input: 'set k v\nget k\n' }), 'OK\nv\n');
  });

  test('NodePort 30080: 127.0.0.1 and every node address serve nginx; kctl proxy --status lists it', async () => {
    c.ok(['apply', '-f', path.join(M, 'nginx-svc.yaml')]);
    c.ok(['wait', '--for=condition=Ready', 'pod', '-l', 'app=nginx', '--timeout=40s']);
    const nodes = c.ok(['get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[0].address}']).split(' ');
    for (const host of ['127.0.0.1', ...nodes]) {
      await until(`nginx on ${host}:30080`, async () => {
        const r = await new Promise<string>((resolve) => {
          const req = require('node:http').get({ host, port: 30080, path: '/' }, (res: any) => { let b = ''; res.on('data', (d: string) => { b += d; }); res.on('end', () => resolve(b)); });
          req.on('error', () => resolve(''));
        });
        return r.includes('<title>Welcome to nginx!</title>');
      }, 10_000);
    }
    assert.match(c.ok(['proxy', '--status']), /NodePort sockets \(30080\)/);
    // the pods see who called: a NodePort client masqueraded to the node's pod-network address (the
    // seed's 10.244.0.0), a pod by its own IP
    c.ok(['exec', 'client', '--', 'wget', '-q', '-O', '/dev/null', 'http://nginx-svc/']);
    const clientIP = c.ok(['get', 'pod', 'client', '-o', 'jsonpath={.status.podIP}']);
    const logs = () => c.ok(['get', 'pods', '-l', 'app=nginx', '-o', 'name']).trim().split('\n').map((p) => c.ok(['logs', p])).join('');
    await until('access lines', () => /^10\.244\.0\.0 - - \[.*\] "GET \/ HTTP\/1\.1" 200 612 /m.test(logs())
      && new RegExp(`^${clientIP.replace(/\./g, '\\.')} - - \\[.*\\] "GET / HTTP/1\\.1" 200 612 "-" "Wget"`, 'm').test(logs()), 5000);
  });

  test('headless service: nslookup in a pod lists every pod IP; dig on the cluster DNS address answers too', () => {
    c.ok(['apply', '-f', path.join(M, 'httpd-svc-headless.yaml')]);
    c.ok(['wait', '--for=condition=Ready', 'pod', '-l', 'app=httpd', '--timeout=40s']);
    const want = c.ok(['get', 'pods', '-l', 'app=httpd', '-o', 'jsonpath={.items[*].status.podIP}']).split(' ').sort();
    const out = c.ok(['exec', 'client', '--', 'nslookup', 'httpd-svc']);
    assert.match(out, /^Server:    10\.96\.0\.10\nAddress 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local\n\nName:      httpd-svc\n/);
    const got = [...out.matchAll(/Address \d+: (10\.244\.\d+\.\d+) (\d+-\d+-\d+-\d+)\.httpd-svc\.default\.svc\.cluster\.local/g)];
    assert.deepEqual(got.map((m) => m[1]).sort(), want);
    for (const m of got) assert.equal(m[2], m[1].replace(/\./g, '-'));
    const dns = /CoreDNS is running at 127\.0\.0\.1:(\d+)/.exec(c.ok(['cluster-info']));
    assert.ok(dns, 'cluster-info prints the DNS address');
    if (spawnSync('dig', ['-v']).status === 0) {
      const d = spawnSync('dig', ['+short', '-t', 'A', 'httpd-svc.default.svc.cluster.local.', '@127.0.0.1', '-p', dns![1]], { encoding: 'utf8' });
      assert.deepEqual(d.stdout.trim().split('\n').sort(), want);
    }
  });

  test('a NodePort another program holds: a Warning event on the service says which address, the node addresses still work', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(30111, '127.0.0.1', () => r()));
    try {
      const r = c.run(['create', 'service', 'nodeport', 'held', '--tcp=80:80', '--node-port=30111']);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /^Warning: NodePort 30111 of service default\/held is in use on 127\.0\.0\.1 by another program or kctl cluster; this cluster serves it on 127\.\d+\.\d+\.1:30111, /m);
      c.ok(['patch', 'service', 'held', '-p', '{"spec":{"selector":{"app":"nginx"}}}']);
      await until('the event', () => /NodePortUnavailable.*NodePort 30111 is already in use on 127\.0\.0\.1/.test(c.ok(['get', 'events', '--field-selector', 'involvedObject.name=held'])), 10_000);
      const node = c.ok(['get', 'nodes', 'k8s-node1', '-o', 'jsonpath={.status.addresses[0].address}']);
      await until('node address serves', async () => ((await new Promise<{ status: number }>((resolve) => {
        require('node:http').get({ host: node, port: 30111, path: '/' }, (res: any) => { res.resume(); resolve({ status: res.statusCode }); }).on('error', () => resolve({ status: 0 }));
      })).status === 200), 10_000);
    } finally {
      blocker.close();
    }
  });

  test('a LoadBalancer service gets a loopback address of the cluster\'s block, which serves its port', async () => {
    c.ok(['create', 'deployment', 'lb', '--image=nginx']);
    c.ok(['expose', 'deployment', 'lb', '--type=LoadBalancer', '--port=8080', '--target-port=80']);
    await until('an address', () => /^lb +LoadBalancer +10\.\S+ +127\.\d+\.\d+\.1\d\d +8080:3\d+\/TCP /m.test(c.ok(['get', 'svc', 'lb'])), 10_000);
    const ip = c.ok(['get', 'svc', 'lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']);
    const block = c.ok(['get', 'node', 'k8s-master', '-o', 'jsonpath={.status.addresses[0].address}']).replace(/\.\d+$/, '');
    assert.equal(ip.replace(/\.\d+$/, ''), block);
    await until('served', async () => (await new Promise<string>((resolve) => {
      require('node:http').get({ host: ip, port: 8080, path: '/' }, (res: any) => { let b = ''; res.on('data', (d: string) => { b += d; }); res.on('end', () => resolve(b)); }).on('error', () => resolve(''));
    })).includes('Welcome to nginx!'), 10_000);
    assert.match(c.ok(['describe', 'svc', 'lb']), /LoadBalancer Ingress: +\d+\.\d+\.\d+\.\d+ \(VIP\)/);
  });

  test('stopping the agent closes every listener and ends every process', async () => {
    c.ok(['proxy', '--stop']);
    await until('no process left', () => processesOf(c.home).length === 0, 5000);
    await assert.rejects(httpGet(30080));
  });
});
