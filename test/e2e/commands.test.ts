// Black-box: get's options and the object commands (label, annotate, patch, replace, delete,
// edit, watch), each against a fresh KCTL_HOME.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { TmpCluster, fixture, columns, KCTL } from '../helpers/kctl';

const pod = (name: string, labels: Record<string, string>, ns = 'default') => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
});

describe('get', () => {
  const c = new TmpCluster();
  before(() => {
    c.ok(['create', 'namespace', 'other']);
    c.ok(['apply', '-f', '-'], { input: [pod('web-1', { app: 'web', tier: 'fe' }), pod('web-2', { app: 'web', tier: 'be' }), pod('db-1', { app: 'db' }), pod('x-1', { app: 'web' }, 'other')].join('\n---\n') });
  });
  after(() => c.cleanup());

  test('pods table, wide columns, and names', () => {
    const out = c.ok(['get', 'pods']).trim().split('\n');
    assert.deepEqual(columns(out[0]), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.deepEqual(out.slice(1).map((l) => columns(l)[0]), ['db-1', 'web-1', 'web-2']);
    assert.match(out[1], /^db-1 +0\/1 +Pending +0 +\d+s$/);
    const wide = c.ok(['get', 'pods', '-o', 'wide']).trim().split('\n');
    assert.deepEqual(columns(wide[0]), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    assert.equal(c.ok(['get', 'pods', '-o', 'name']), 'pod/db-1\npod/web-1\npod/web-2\n');
  });

  test('label selectors with every operator', () => {
    const names = (sel: string) => c.ok(['get', 'pods', '-l', sel, '-o', 'name']).trim().split('\n').filter(Boolean);
    assert.deepEqual(names('app=web'), ['pod/web-1', 'pod/web-2']);
    assert.deepEqual(names('app==web,tier=fe'), ['pod/web-1']);
    assert.deepEqual(names('app!=web'), ['pod/db-1']);
    assert.deepEqual(names('tier in (fe,be)'), ['pod/web-1', 'pod/web-2']);
    assert.deepEqual(names('tier notin (fe)'), ['pod/db-1', 'pod/web-2']);
    assert.deepEqual(names('tier'), ['pod/web-1', 'pod/web-2']);
    assert.deepEqual(names('!tier'), ['pod/db-1']);
  });

  test('field selectors, -A, --show-labels, -L, --sort-by, custom-columns, jsonpath', () => {
    assert.equal(c.ok(['get', 'pods', '--field-selector', 'metadata.name=web-2', '-o', 'name']), 'pod/web-2\n');
    assert.equal(c.ok(['get', 'pods', '--field-selector', 'status.phase=Pending', '-o', 'name']).trim().split('\n').length, 3);
    const all = c.ok(['get', 'pods', '-A']).trim().split('\n');
    assert.deepEqual(columns(all[0]), ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.equal(all.length, 5);
    assert.match(c.ok(['get', 'pods', 'web-1', '--show-labels']), /LABELS\n.* app=web,tier=fe\n$/);
    assert.match(c.ok(['get', 'pods', 'web-1', '-L', 'tier']), /TIER\nweb-1 .* fe\n$/);
    assert.equal(c.ok(['get', 'pods', '--sort-by=.metadata.labels.app', '-o', 'name']), 'pod/db-1\npod/web-1\npod/web-2\n');
    assert.equal(c.ok(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,APP:.metadata.labels.app', '-l', 'app=web']),
      'NAME    APP\nweb-1   web\nweb-2   web\n');
    assert.equal(c.ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}', '-l', 'app=web']), 'web-1\nweb-2\n');
    assert.equal(c.ok(['get', 'pod', 'web-1', '-o', 'jsonpath={.spec.containers[0].imagePullPolicy}']), 'IfNotPresent');
    const r = c.run(['get', 'pods', '--field-selector', 'spec.foo=bar']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /field label not supported: spec\.foo/);
  });

  test('several kinds at once print kind/name and a block each', () => {
    const out = c.ok(['get', 'pods,svc']);
    assert.match(out, /^NAME +READY +STATUS +RESTARTS +AGE\npod\/db-1 /);
    assert.match(out, /\n\nNAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nservice\/kubernetes +ClusterIP +10\.96\.0\.1 /);
    assert.equal(c.ok(['get', 'pod/web-1', 'svc/kubernetes', '-o', 'name']), 'pod/web-1\nservice/kubernetes\n');
  });

  test('a found object and a missing one: prints the one, reports the other, exit 1', () => {
    const r = c.run(['get', 'pods', 'web-1', 'nope']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^NAME .*\nweb-1 /);
    assert.equal(r.stderr, 'Error from server (NotFound): pods "nope" not found\n');
    assert.equal(c.run(['get', 'pods', 'nope', '--ignore-not-found']).code, 0);
  });

  test('-o yaml of one object is the object; of several, a List', () => {
    const one = c.ok(['get', 'pod', 'web-1', '-o', 'yaml']);
    assert.match(one, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    const many = c.ok(['get', 'pods', '-o', 'yaml']);
    assert.match(many, /^apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n/);
    assert.match(many, /\nkind: List\nmetadata:\n  resourceVersion: ""\n$/);
  });

  test('-w prints changes as they happen', async () => {
    const p = spawn(process.execPath, [KCTL, 'get', 'pods', '-w', '-l', 'app=watched'], { env: c.env() });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    try {
      await new Promise((r) => setTimeout(r, 700));
      // pinned to a node, so the scheduler has nothing to write: one ADDED, one MODIFIED (the label)
      const pinned = JSON.parse(pod('w-1', { app: 'watched' }));
      pinned.spec.nodeName = 'k8s-node1';
      c.ok(['apply', '-f', '-'], { input: JSON.stringify(pinned) });
      c.ok(['label', 'pod', 'w-1', 'more=yes']);
      const deadline = Date.now() + 5000;
      while (out.split('\n').filter((l) => l.startsWith('w-1')).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      const lines = out.trim().split('\n');
      assert.deepEqual(columns(lines[0]), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      assert.equal(lines.filter((l) => /^w-1 +0\/1 +Pending/.test(l)).length, 2, out);
    } finally {
      p.kill();
      await new Promise((r) => p.once('close', r));
    }
  });
});

describe('help and completion', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('kctl alone prints kubectl\'s command overview, as kctl', () => {
    const out = c.ok([]);
    assert.match(out, /^kctl controls the Kubernetes cluster manager\.\n\n Find more information at: https:\/\/kubernetes\.io\/docs\/reference\/kubectl\/\n/);
    assert.match(out, /\n  get +Display one or many resources\n/);
    assert.match(c.ok(["get", "--help"]), /\nUsage:\n  kctl get \[/);
    assert.match(c.ok(['help', 'apply']), /^Apply a configuration to a resource by file name or stdin\./);
  });

  test('completion scripts and their candidates', () => {
    assert.match(c.ok(['completion', 'bash']), /complete -o default -F _kctl_complete kctl/);
    assert.match(c.ok(['completion', 'zsh']), /^#compdef kctl/);
    assert.equal(c.run(['completion', 'fish']).stderr, 'error: Unsupported shell type "fish".\n');
    assert.deepEqual(c.ok(['__complete', '--', 'ge']).trim().split('\n'), ['get']);
    assert.ok(c.ok(['__complete', 'get', '--', 'svc']).split('\n').includes('svc'));
    assert.deepEqual(c.ok(['__complete', 'get', 'svc', '--', 'k']).trim().split('\n'), ['kubernetes']);
    assert.deepEqual(c.ok(['__complete', 'get', 'svc', '-n', 'kube-system', '--', '']).trim().split('\n'), ['kube-dns']);
  });
});

describe('label, annotate, patch, replace, delete, edit', () => {
  const c = new TmpCluster();
  before(() => { c.ok(['apply', '-f', fixture('manifests', 'service-demo.yaml')]); });
  after(() => c.cleanup());

  test('label: set, refuse to overwrite, overwrite, remove', () => {
    assert.equal(c.ok(['label', 'deploy', 'service-deploy', 'tier=web']), 'deployment.apps/service-deploy labeled\n');
    const r = c.run(['label', 'deploy', 'service-deploy', 'tier=db']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: 'tier' already has a value (web), and --overwrite is false\n");
    assert.equal(c.ok(['label', 'deploy', 'service-deploy', 'tier=db', '--overwrite']), 'deployment.apps/service-deploy labeled\n');
    assert.equal(c.ok(['get', 'deploy', 'service-deploy', '-o', 'jsonpath={.metadata.labels.tier}']), 'db');
    assert.equal(c.ok(['label', 'deploy', 'service-deploy', 'tier-']), 'deployment.apps/service-deploy unlabeled\n');
    assert.equal(c.ok(['get', 'deploy', 'service-deploy', '-o', 'jsonpath={.metadata.labels}']), '');
    assert.equal(c.run(['label', 'deploy', 'service-deploy']).stderr, 'error: at least one label update is required\n');
  });

  test('a re-apply keeps labels added by kctl label and drops those removed from the manifest', () => {
    c.ok(['label', 'svc', 'service-demo', 'added=by-hand']);
    const base = fs.readFileSync(fixture('manifests', 'service-demo.yaml'), 'utf8');
    const withLabels = (labels: string) => base.replace('name: service-demo    #service名称', `name: service-demo\n  labels:\n${labels}`);
    c.ok(['apply', '-f', '-'], { input: withLabels('    from: manifest\n    keep: "yes"') });
    assert.equal(c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.metadata.labels}']), '{"added":"by-hand","from":"manifest","keep":"yes"}');
    c.ok(['apply', '-f', '-'], { input: withLabels('    keep: "yes"') });
    assert.equal(c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.metadata.labels}']), '{"added":"by-hand","keep":"yes"}');
    // as with kubectl, dropping the whole labels map from the manifest deletes the field
    c.ok(['apply', '-f', fixture('manifests', 'service-demo.yaml')]);
    assert.equal(c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.metadata.labels}']), '');
  });

  test('annotate with --overwrite and key-', () => {
    assert.equal(c.ok(['annotate', 'svc', 'service-demo', 'note=one']), 'service/service-demo annotated\n');
    assert.equal(c.run(['annotate', 'svc', 'service-demo', 'note=two']).stderr,
      "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (one)\n");
    c.ok(['annotate', 'svc', 'service-demo', 'note=two', '--overwrite']);
    assert.equal(c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.metadata.annotations.note}']), 'two');
    c.ok(['annotate', 'svc', 'service-demo', 'note-']);
    assert.equal(c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.metadata.annotations.note}']), '');
  });

  test('patch: strategic (ports merged by port), merge, json; no change', () => {
    const ip = c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.equal(c.ok(['patch', 'svc', 'service-demo', '-p', '{"spec":{"ports":[{"port":80,"targetPort":8080}]}}']), 'service/service-demo patched\n');
    assert.equal(c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.spec.ports[0].targetPort} {.spec.ports[0].protocol} {.spec.clusterIP}']), `8080 TCP ${ip}`);
    assert.equal(c.ok(['patch', 'svc', 'service-demo', '--type=merge', '-p', 'spec:\n  sessionAffinity: ClientIP']), 'service/service-demo patched\n');
    assert.equal(c.ok(['get', 'svc', 'service-demo', '-o', 'jsonpath={.spec.sessionAffinityConfig.clientIP.timeoutSeconds}']), '10800');
    assert.equal(c.ok(['patch', 'deploy', 'service-deploy', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":5}]']), 'deployment.apps/service-deploy patched\n');
    assert.equal(c.ok(['get', 'deploy', 'service-deploy', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']), '5 2');
    assert.equal(c.ok(['patch', 'deploy', 'service-deploy', '--type=merge', '-p', '{"spec":{"replicas":5}}']), 'deployment.apps/service-deploy patched (no change)\n');
    const bad = c.run(['patch', 'svc', 'service-demo', '-p', '{"spec":{"type":"Bogus"}}']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^The Service "service-demo" is invalid: spec\.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n$/);
    assert.equal(c.run(['patch', 'svc', 'service-demo']).stderr, 'error: must specify --patch or --patch-file containing the contents of the patch\n');
  });

  test('immutable fields are refused', () => {
    const r = c.run(['patch', 'deploy', 'service-deploy', '--type=merge', '-p', '{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /spec\.selector: Invalid value: .*field is immutable/);
    const s = c.run(['patch', 'svc', 'service-demo', '--type=merge', '-p', '{"spec":{"clusterIP":"10.96.5.5"}}']);
    assert.equal(s.code, 1);
    assert.equal(s.stderr, `The Service "service-demo" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.5.5"}: may not change once set\n`);
  });

  test('replace and replace --force', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r\ndata:\n  k: "1"\n';
    const missing = c.run(['replace', '-f', '-'], { input: cm });
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'Error from server (NotFound): error when replacing "STDIN": configmaps "r" not found\n');
    c.ok(['create', '-f', '-'], { input: cm });
    assert.equal(c.ok(['replace', '-f', '-'], { input: cm.replace('"1"', '"2"') }), 'configmap/r replaced\n');
    const uid = c.ok(['get', 'cm', 'r', '-o', 'jsonpath={.metadata.uid}']);
    assert.equal(c.ok(['replace', '--force', '-f', '-'], { input: cm.replace('"1"', '"3"') }), 'configmap "r" deleted\nconfigmap/r replaced\n');
    assert.notEqual(c.ok(['get', 'cm', 'r', '-o', 'jsonpath={.metadata.uid}']), uid);
    assert.equal(c.ok(['get', 'cm', 'r', '-o', 'jsonpath={.data.k}']), '3');
  });

  test('edit with $EDITOR, and a re-opened invalid edit', () => {
    const editor = c.writeFile('editor.sh', '#!/bin/sh\nsed -i "s/^  k: \\"3\\"/  k: edited/" "$1"\n');
    fs.chmodSync(editor, 0o755);
    assert.equal(c.ok(['edit', 'cm', 'r'], { env: { EDITOR: editor } }), 'configmap/r edited\n');
    assert.equal(c.ok(['get', 'cm', 'r', '-o', 'jsonpath={.data.k}']), 'edited');
    const noop = c.run(['edit', 'cm', 'r'], { env: { EDITOR: 'true' } });
    assert.equal(noop.stderr, 'Edit cancelled, no changes made.\n');
    // an invalid value: kctl re-opens the file with the error; the second editor run fixes it
    const fixer = c.writeFile('fixer.sh', [
      '#!/bin/sh',
      'if grep -q "was not valid" "$1"; then sed -i "s/replicas: -1/replicas: 2/" "$1"; else sed -i "s/replicas: 5/replicas: -1/" "$1"; fi',
      '',
    ].join('\n'));
    fs.chmodSync(fixer, 0o755);
    assert.equal(c.ok(['edit', 'deploy', 'service-deploy'], { env: { EDITOR: fixer } }), 'deployment.apps/service-deploy edited\n');
    assert.equal(c.ok(['get', 'deploy', 'service-deploy', '-o', 'jsonpath={.spec.replicas}']), '2');
  });

  test('delete: by name, -l, --all, missing, dry run', () => {
    c.ok(['create', 'configmap', 'd1', '--from-literal=a=b']);
    c.ok(['create', 'configmap', 'd2']);
    c.ok(['label', 'cm', 'd1', 'd2', 'group=del']);
    assert.equal(c.ok(['delete', 'cm', 'd1', '--dry-run=client']), 'configmap "d1" deleted (dry run)\n');
    assert.equal(c.ok(['delete', 'cm', '-l', 'group=del']), 'configmap "d1" deleted\nconfigmap "d2" deleted\n');
    assert.equal(c.ok(['delete', 'cm', '-l', 'group=del']), 'No resources found\n');
    const r = c.run(['delete', 'cm', 'nope']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error from server (NotFound): configmaps "nope" not found\n');
    assert.equal(c.run(['delete', 'cm']).stderr, 'error: resource(s) were provided, but no name was specified\n');
    assert.equal(c.ok(['delete', 'deployment.apps/service-deploy']), 'deployment.apps "service-deploy" deleted\n');
    assert.equal(c.ok(['delete', '-f', fixture('manifests', 'service-demo.yaml'), '--ignore-not-found']), 'service "service-demo" deleted\n');
  });

  test('deleting a namespace removes what is in it', () => {
    c.ok(['create', 'ns', 'gone']);
    c.ok(['create', 'configmap', 'inside', '-n', 'gone']);
    assert.equal(c.ok(['delete', 'ns', 'gone']), 'namespace "gone" deleted\n');
    assert.equal(c.run(['get', 'cm', 'inside', '-n', 'gone']).code, 1);
    assert.equal(c.ok(['get', 'cm', '-A', '--field-selector', 'metadata.namespace=gone', '-o', 'name']), '');
  });
});

describe('the deprecated --record', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('warns as kubectl does and records the command line as the change cause; rollout history shows it', () => {
    c.ok(['create', 'deployment', 'web', '--image=nginx:1.12']);
    const r = c.run(['set', 'image', 'deploy/web', 'nginx=nginx:1.13', '--record']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'Flag --record has been deprecated, --record will be removed in the future\n');
    assert.match(c.ok(['rollout', 'history', 'deploy/web']), /\n2 +kctl set image deploy\/web nginx=nginx:1\.13 --record=true\n/);
    assert.match(c.run(['create', 'deployment', 'x', '--image=nginx', '--record']).stderr, /unknown flag: --record/);
  });
});

describe('patch --subresource', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('scale sets spec.replicas through the Scale; status patches only the status; others are refused', () => {
    c.ok(['create', 'deployment', 'd', '--image=nginx']);
    assert.equal(c.ok(['patch', 'deployment', 'd', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":3}}']), 'deployment.apps/d patched\n');
    assert.equal(c.ok(['get', 'deploy', 'd', '-o', 'jsonpath={.spec.replicas}']), '3');
    c.ok(['patch', 'deployment', 'd', '--subresource=status', '--type=merge', '-p', '{"spec":{"replicas":1},"status":{"observedGeneration":42}}']);
    assert.equal(c.ok(['get', 'deploy', 'd', '-o', 'jsonpath={.spec.replicas} {.status.observedGeneration}']).split(' ')[0], '3');
    const r = c.run(['patch', 'deployment', 'd', '--subresource=foo', '-p', '{}']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: invalid subresource value: "foo". Must be one of [status scale]\n');
  });
});
