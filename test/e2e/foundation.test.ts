// Black-box: the real bin/kctl against a fresh KCTL_HOME — the fresh cluster, apply/create/get,
// errors and exit codes, and that failures leave the state file as it was.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TmpCluster, fixture, columns } from '../helpers/kctl';

describe('a fresh cluster', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('has three Ready nodes, the control plane first', () => {
    const out = c.ok(['get', 'nodes']).trim().split('\n');
    assert.deepEqual(columns(out[0]), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    assert.equal(out.length, 4);
    assert.match(out[1], /^k8s-master +Ready +control-plane +\d+s +v1\.32\.0$/);
    assert.match(out[2], /^k8s-node1 +Ready +<none> +\d+s +v1\.32\.0$/);
    const wide = c.ok(['get', 'nodes', '-o', 'wide']).trim().split('\n');
    assert.deepEqual(columns(wide[0]), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    const ips = wide.slice(1).map((l) => columns(l)[5]);
    for (const ip of ips) assert.match(ip, /^127\.\d+\.\d+\.\d+$/);
    assert.equal(new Set(ips).size, 3, 'each node has its own loopback address');
  });

  test('has the four namespaces', () => {
    const names = c.ok(['get', 'ns', '-o', 'name']).trim().split('\n');
    assert.deepEqual(names, ['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
  });

  test('has the kubernetes service at 10.96.0.1:443 and kube-dns at 10.96.0.10', () => {
    const out = c.ok(['get', 'svc']).trim().split('\n');
    assert.deepEqual(columns(out[0]), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.match(out[1], /^kubernetes +ClusterIP +10\.96\.0\.1 +<none> +443\/TCP +\d+s$/);
    const dns = c.ok(['get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP} {.spec.ports[*].port}']);
    assert.equal(dns, '10.96.0.10 53 53 9153');
    const ep = c.ok(['get', 'endpoints', 'kubernetes']).trim().split('\n');
    assert.match(ep[1], /^kubernetes +127\.\d+\.\d+\.\d+:6443 +\d+s$/);
  });

  test('says when nothing is found, on stderr, exit 0', () => {
    const r = c.run(['get', 'pods']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'No resources found in default namespace.\n');
    assert.equal(c.run(['get', 'deploy', '-A']).stderr, 'No resources found\n');
  });
});

describe('apply', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('creates, then leaves unchanged, then configures (seed service-demo → affinity)', () => {
    assert.equal(c.ok(['apply', '-f', fixture('manifests', 'service-demo.yaml')]), 'deployment.apps/service-deploy created\nservice/service-demo created\n');
    const ip = c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.match(ip, /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    assert.equal(c.ok(['apply', '-f', fixture('manifests', 'service-demo.yaml')]), 'deployment.apps/service-deploy unchanged\nservice/service-demo unchanged\n');
    assert.equal(c.ok(['apply', '-f', fixture('manifests', 'service-demo-affinity.yaml')]), 'service/service-demo configured\n');
    const svc = JSON.parse(c.ok(['get', 'svc', 'service-demo', '-o', 'json']));
    assert.equal(svc.spec.clusterIP, ip, 'the allocated clusterIP survives a re-apply');
    assert.equal(svc.spec.sessionAffinity, 'ClientIP');
    assert.equal(svc.spec.sessionAffinityConfig.clientIP.timeoutSeconds, 10);
    const last = JSON.parse(svc.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    assert.equal(last.spec.sessionAffinity, 'ClientIP');
    assert.equal(last.metadata.namespace, 'default');
  });

  test('fills server defaults as a 1.32 API server does', () => {
    const d = JSON.parse(c.ok(['get', 'deploy', 'service-deploy', '-o', 'json']));
    assert.equal(d.spec.strategy.type, 'RollingUpdate');
    assert.equal(d.spec.strategy.rollingUpdate.maxSurge, '25%');
    assert.equal(d.spec.revisionHistoryLimit, 10);
    assert.equal(d.spec.progressDeadlineSeconds, 600);
    assert.equal(d.spec.template.spec.restartPolicy, 'Always');
    assert.equal(d.spec.template.spec.containers[0].terminationMessagePath, '/dev/termination-log');
    assert.equal(d.metadata.generation, 1);
    assert.match(d.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(d.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const s = JSON.parse(c.ok(['get', 'svc', 'service-demo', '-o', 'json']));
    assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
    assert.equal(s.spec.ipFamilyPolicy, 'SingleStack');
    assert.equal(s.spec.internalTrafficPolicy, 'Cluster');
    assert.equal(s.spec.type, 'ClusterIP');
    assert.deepEqual(s.spec.clusterIPs, [s.spec.clusterIP]);
  });

  test('a NodePort is honoured, and refused when taken or out of range', () => {
    c.ok(['apply', '-f', fixture('manifests', 'nginx-svc.yaml')]);
    assert.equal(c.ok(['get', 'svc', 'nginx-svc', '-o', 'jsonpath={.spec.ports[0].nodePort}']), '30080');
    const taken = c.writeFile('taken.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  type: NodePort\n  selector:\n    app: x\n  ports:\n  - port: 80\n    nodePort: 30080\n');
    const r = c.run(['apply', '-f', taken]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'The Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
    const range = c.writeFile('range.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n');
    assert.equal(c.run(['apply', '-f', range]).stderr,
      'The Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
    // a deleted service releases its port
    c.ok(['delete', 'svc', 'nginx-svc']);
    assert.equal(c.ok(['apply', '-f', taken]), 'service/other created\n');
  });

  test('a requested clusterIP is honoured, or refused with the API server message', () => {
    const mk = (name: string, ip: string) => c.writeFile(`${name}.yaml`, `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  clusterIP: ${ip}\n  ports:\n  - port: 80\n`);
    c.ok(['apply', '-f', mk('fixed', '10.96.100.100')]);
    assert.equal(c.ok(['get', 'svc', 'fixed', '-o', 'jsonpath={.spec.clusterIP}']), '10.96.100.100');
    assert.equal(c.run(['apply', '-f', mk('dup', '10.96.100.100')]).stderr,
      'The Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.100.100"}: failed to allocate IP 10.96.100.100: provided IP is already allocated\n');
    assert.equal(c.run(['apply', '-f', mk('outside', '10.0.0.5')]).stderr,
      'The Service "outside" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12\n');
    c.ok(['apply', '-f', mk('headless', 'None')]);
    assert.match(c.ok(['get', 'svc', 'headless']), /headless +ClusterIP +None +<none> +80\/TCP/);
  });

  test('legacy extensions/v1beta1 Ingress is converted, with the deprecation warning', () => {
    c.ok(['apply', '-f', fixture('manifests', 'namespace-testing.yaml')]);
    const r = c.run(['apply', '-f', fixture('manifests', 'ingress-nginx.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'Warning: extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress\n');
    assert.equal(r.stdout, 'ingress.networking.k8s.io/nginx created\n');
    const ing = JSON.parse(c.ok(['get', 'ingress', 'nginx', '-n', 'testing', '-o', 'json']));
    assert.equal(ing.apiVersion, 'networking.k8s.io/v1');
    const path0 = ing.spec.rules[0].http.paths[0];
    assert.equal(path0.pathType, 'ImplementationSpecific');
    assert.deepEqual(path0.backend, { service: { name: 'svc-nginx', port: { number: 80 } } });
    const again = c.run(['apply', '-f', fixture('manifests', 'ingress-nginx.yaml')]);
    assert.equal(again.stdout, 'ingress.networking.k8s.io/nginx unchanged\n');
  });
});

describe('errors and a state file left as it was', () => {
  const c = new TmpCluster();
  let snapshot = '';
  const state = () => c.ok(['get', 'all,ns,cm,secrets,ing,ep', '-A', '-o', 'json']);
  before(() => {
    c.ok(['get', 'ns']);
    snapshot = state();
  });
  after(() => c.cleanup());

  const cases: { name: string; args: string[]; stderr: string | RegExp; files?: Record<string, string> }[] = [
    { name: 'get a missing pod', args: ['get', 'pod', 'nope'], stderr: 'Error from server (NotFound): pods "nope" not found\n' },
    { name: 'get a missing deployment', args: ['get', 'deploy', 'nope'], stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' },
    { name: 'an unknown resource type', args: ['get', 'foos'], stderr: 'error: the server doesn\'t have a resource type "foos"\n' },
    { name: 'get with no type', args: ['get'], stderr: /^You must specify the type of resource to get\. Use "kctl api-resources" for a complete list of supported resources\.\n\nerror: Required resource not specified\.\n/ },
    { name: 'an unknown flag', args: ['get', 'pods', '--foo'], stderr: "Error: unknown flag: --foo\nSee 'kctl get --help' for usage.\n" },
    { name: 'an unknown command', args: ['frobnicate'], stderr: /^Error: unknown command "frobnicate" for "kctl"/ },
    { name: 'apply without -f', args: ['apply'], stderr: 'error: must specify one of -f and -k\n' },
    { name: 'a missing namespace', args: ['create', 'namespace', 'ok', '-n', 'x', '--dry-run=server'], stderr: '' },
    {
      name: 'an unknown kind', args: ['apply', '-f', 'bad-kind.yaml'],
      files: { 'bad-kind.yaml': 'apiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: web\n' },
      stderr: /^error: resource mapping not found for name: "web" namespace: "" from ".*bad-kind\.yaml": no matches for kind "Deploymnt" in version "apps\/v1"\nensure CRDs are installed first\n$/,
    },
    {
      name: 'a bad name', args: ['apply', '-f', 'bad-name.yaml'],
      files: { 'bad-name.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n' },
      stderr: 'The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n',
    },
    {
      name: 'a selector that does not match the template', args: ['apply', '-f', 'mismatch.yaml'],
      files: { 'mismatch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: other\n    spec:\n      containers:\n      - name: c\n        image: nginx\n' },
      stderr: 'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n',
    },
    {
      name: 'YAML with a syntax error', args: ['apply', '-f', 'syntax.yaml'],
      files: { 'syntax.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [a\n' },
      stderr: /^error: error parsing .*syntax\.yaml: error converting YAML to JSON: yaml: line \d+: /,
    },
    {
      name: 'unknown fields (strict field validation, the default)', args: ['apply', '-f', 'typo.yaml'],
      files: { 'typo.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n  selector:\n    app: x\n  portz:\n  - port: 80\n  ports:\n  - port: 80\n    targetPorts: 8080\n' },
      stderr: /^Error from server \(BadRequest\): error when creating ".*typo\.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec\.ports\[0\]\.targetPorts", unknown field "spec\.portz"\n$/,
    },
    {
      name: 'a document without kind', args: ['apply', '-f', 'nokind.yaml'],
      files: { 'nokind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n' },
      stderr: /^error: error validating ".*nokind\.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n$/,
    },
  ];

  for (const tc of cases) {
    test(tc.name, () => {
      const args = tc.args.map((a) => (tc.files && tc.files[a] !== undefined ? c.writeFile(a, tc.files[a]) : a));
      const r = c.run(args);
      if (tc.name === 'a missing namespace') {
        // create namespace ignores -n; dry-run server changes nothing
        assert.equal(r.code, 0, r.stderr);
        return;
      }
      assert.equal(r.code, 1, `exit code; stdout: ${r.stdout}`);
      assert.equal(r.stdout, '');
      if (typeof tc.stderr === 'string') assert.equal(r.stderr, tc.stderr);
      else assert.match(r.stderr, tc.stderr);
      assert.equal(state(), snapshot, 'the failed command changed the state');
    });
  }

  test('--validate=warn stores the object without the unknown fields, with warnings', () => {
    const f = c.writeFile('warn.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: warned\ndataz:\n  a: b\n');
    const r = c.run(['apply', '-f', f, '--validate=warn']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, 'Warning: unknown field "dataz"\n');
    assert.equal(c.ok(['get', 'cm', 'warned', '-o', 'jsonpath={.dataz}']), '');
    c.ok(['delete', 'cm', 'warned']);
  });

  test('creating in a missing namespace', () => {
    const f = c.writeFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: nowhere\n');
    const r = c.run(['apply', '-f', f]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error from server (NotFound): error when creating "${f}": namespaces "nowhere" not found\n`);
    assert.equal(state(), snapshot);
  });

  test('create of an existing object', () => {
    const f = c.writeFile('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n');
    const r = c.run(['create', '-f', f]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error from server (AlreadyExists): error when creating "${f}": namespaces "default" already exists\n`);
  });
});

describe('a multi-document apply with one bad document', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('an invalid object: the others are created, the bad one is not', () => {
    const f = c.writeFile('multi.yaml', [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\ndata:\n  a: "1"\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec:\n  ports:\n  - port: 0\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: third\n',
    ].join('---\n'));
    const r = c.run(['apply', '-f', f]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'configmap/first created\nconfigmap/third created\n');
    // targetPort defaults to port, so the API server reports both
    assert.equal(r.stderr, 'The Service "broken" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n');
    assert.equal(c.run(['get', 'svc', 'broken']).code, 1);
  });

  test('an unknown kind: the known ones are applied', () => {
    const f = c.writeFile('multi2.yaml', [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a2\n',
      'apiVersion: v1\nkind: Nonsense\nmetadata:\n  name: n\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b2\n',
    ].join('---\n'));
    const r = c.run(['apply', '-f', f]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'configmap/a2 created\nconfigmap/b2 created\n');
    assert.match(r.stderr, /no matches for kind "Nonsense" in version "v1"/);
  });

  test('a YAML syntax error: documents before it are applied, none after', () => {
    const f = c.writeFile('multi3.yaml', [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a3\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c3\n',
    ].join('---\n'));
    const r = c.run(['apply', '-f', f]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'configmap/a3 created\n');
    assert.equal(c.run(['get', 'cm', 'c3']).code, 1);
  });
});
