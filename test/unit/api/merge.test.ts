import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  applyThreeWay, createThreeWayMergePatch, createTwoWayMergePatch, isEmptyPatch, jsonMergePatch, jsonPatch,
  localPatchMessage, PatchError, strategicMergePatch, strategicMergePatchUnsupported, MergeError,
  lastAppliedConfiguration, withLastAppliedConfiguration, goJsonMarshal,
} from '../../../src/api/merge';
import { StatusError } from '../../../src/api/errors';

// fixtures/golden/merge/*.json were captured from kubectl v1.32.4 by fixtures/golden/merge/capture.js
const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
const GOLDEN = path.resolve(__dirname, '../../../../fixtures/golden/merge');
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(GOLDEN, f), 'utf8'));

/** kubectl --local prints typed objects: nothing we compare is affected except map key order */
function canon(v: any): any {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') {
    const o: any = {};
    for (const k of Object.keys(v).sort()) o[k] = canon(v[k]);
    return o;
  }
  return v;
}

describe('kubectl apply three-way patch (golden, kubectl v1.32.4 against a fake server)', () => {
  const { cases } = load('threeway.json');
  for (const c of cases) {
    test(c.name, () => {
      // kubectl's "modified" keeps explicit nulls of the manifest (its POST body, captured, does not)
      const annotation: string = c.modified.metadata.annotations[LAST];
      if (annotation.includes('null')) {
        const m = JSON.parse(annotation);
        delete m.metadata.annotations;
        c.modified = withLastAppliedConfiguration(m);
        assert.equal(c.modified.metadata.annotations[LAST], annotation);
      }
      const before = JSON.stringify([c.original, c.modified, c.current]);
      const patch = createThreeWayMergePatch(c.original, c.modified, c.current, c.kind);
      if (c.patch === null) {
        assert.ok(isEmptyPatch(patch), `expected an empty patch (kubectl: ${c.stdout.trim()}), got ${JSON.stringify(patch)}`);
        assert.match(c.stdout, / unchanged\n$/);
      } else {
        assert.deepEqual(canon(patch), canon(c.patch));
        assert.match(c.stdout, / configured\n$/);
      }
      const result = applyThreeWay(c.original, c.modified, c.current, c.kind);
      assert.deepEqual(canon(result), canon(c.result));
      assert.equal(JSON.stringify([c.original, c.modified, c.current]), before, 'inputs must not be mutated');
    });
  }
});

describe('last-applied-configuration as kubectl writes it (golden)', () => {
  const { cases } = load('threeway.json');
  for (const c of cases) {
    test(c.name, () => {
      const value: string = c.modified.metadata.annotations[LAST];
      // the manifest as kubectl read it (key order shuffled, the empty annotations map dropped)
      const manifest = JSON.parse(value, function (this: any, _k, v) {
        return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v;
      });
      if (Object.keys(manifest.metadata.annotations).length === 0) delete manifest.metadata.annotations;
      assert.equal(lastAppliedConfiguration(manifest), value);
      // kubectl's POST body drops null fields; the annotation keeps them
      if (!value.includes('null')) assert.deepEqual(canon(withLastAppliedConfiguration(manifest)), canon(c.modified));
    });
  }
  test('goJsonMarshal escapes like encoding/json', () => {
    assert.equal(goJsonMarshal({ b: 'x<y>&z', a: [1, 0.5, true, null] }), '{"a":[1,0.5,true,null],"b":"x\\u003cy\\u003e\\u0026z"}');
  });
});

describe('kubectl patch --local (golden, kubectl v1.32.4)', () => {
  const { cases } = load('smp.json');
  for (const c of cases) {
    test(`${c.type}: ${c.name}`, () => {
      const run = () => {
        if (c.type === 'json') return jsonPatch(c.object, c.patch);
        if (c.type === 'merge') return jsonMergePatch(c.object, c.patch);
        return strategicMergePatch(c.object, c.patch, c.kind);
      };
      if (c.error) {
        let err: unknown;
        try { run(); } catch (e) { err = e; }
        assert.ok(err instanceof PatchError, `expected a PatchError for ${c.error}, got ${String(err)}`);
        assert.equal('error: ' + localPatchMessage(c.type, err), c.error);
      } else {
        assert.deepEqual(canon(run()), canon(c.result));
      }
    });
  }
});

/** what kubectl apply uses as "modified": the manifest plus its own last-applied annotation */
const withLastApplied = withLastAppliedConfiguration;
/** a live object created by `kubectl apply -f manifest` plus what the cluster set on it */
function liveFrom(manifest: any, server: (o: any) => void): any {
  const o = withLastApplied(manifest);
  server(o);
  return o;
}

describe('kubectl apply scenarios', () => {
  const svc = {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] },
  };
  const allocate = (o: any) => {
    Object.assign(o.spec, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], sessionAffinity: 'None' });
    o.spec.ports[0].nodePort = 30080;
    o.spec.ports[0].protocol = 'TCP';
    o.metadata.uid = 'uid-1';
    o.status = { loadBalancer: {} };
  };
  const dep = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.14', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] },
      },
    },
  };
  const defaults = (o: any) => {
    const c = o.spec.template.spec.containers[0];
    Object.assign(c, { imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', resources: {} });
    o.spec.template.spec.restartPolicy = 'Always';
    o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    o.metadata.labels.team = 'added-by-kubectl-label';
  };
  const clone = (x: any) => JSON.parse(JSON.stringify(x));
  const edit = (x: any, f: (o: any) => void) => { const o = clone(x); f(o); return o; };

  const cases: { name: string; kind: string; last: any; next: any; server: (o: any) => void; check: (patch: any, out: any) => void }[] = [
    {
      name: 're-apply of an unchanged Service keeps clusterIP/nodePort and sends nothing',
      kind: 'Service', last: svc, next: svc, server: allocate,
      check: (patch, out) => {
        assert.ok(isEmptyPatch(patch));
        assert.equal(out.spec.clusterIP, '10.96.0.10');
        assert.equal(out.spec.ports[0].nodePort, 30080);
      },
    },
    {
      name: 'changing targetPort keeps the allocated nodePort (ports merged by port)',
      kind: 'Service', last: svc, next: edit(svc, (o) => { o.spec.ports[0].targetPort = 8080; }), server: allocate,
      check: (patch, out) => {
        assert.deepEqual(patch.spec.ports, [{ port: 80, targetPort: 8080 }]);
        assert.deepEqual(out.spec.ports, [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }]);
        assert.equal(out.spec.clusterIP, '10.96.0.10');
      },
    },
    {
      name: 'sessionAffinity ClientIP + sessionAffinityConfig added to an existing Service',
      kind: 'Service', last: svc,
      next: edit(svc, (o) => { o.spec.sessionAffinity = 'ClientIP'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10 } }; }),
      server: allocate,
      check: (patch, out) => {
        assert.equal(patch.spec.sessionAffinity, 'ClientIP');
        assert.equal(out.spec.sessionAffinity, 'ClientIP');
        assert.deepEqual(out.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10 } });
        assert.equal(out.spec.ports[0].nodePort, 30080);
      },
    },
    {
      name: 'removing a label from the manifest removes it, a label added by kubectl label stays',
      kind: 'Deployment', last: dep, next: edit(dep, (o) => { o.metadata.labels = { other: 'x' }; }), server: defaults,
      check: (patch, out) => {
        assert.equal(patch.metadata.labels.app, null);
        assert.deepEqual(out.metadata.labels, { team: 'added-by-kubectl-label', other: 'x' });
      },
    },
    {
      name: 'changing a container image keeps the other container fields and the defaults',
      kind: 'Deployment', last: dep,
      next: edit(dep, (o) => { o.spec.template.spec.containers[0].image = 'nginx:1.16'; }), server: defaults,
      check: (patch, out) => {
        assert.deepEqual(patch.spec.template.spec.containers, [{ name: 'nginx', image: 'nginx:1.16' }]);
        const c = out.spec.template.spec.containers[0];
        assert.equal(c.image, 'nginx:1.16');
        assert.equal(c.imagePullPolicy, 'IfNotPresent');
        assert.equal(c.terminationMessagePath, '/dev/termination-log');
        assert.equal(c.env.length, 2);
        assert.equal(out.spec.strategy.rollingUpdate.maxSurge, '25%');
      },
    },
    {
      name: 'removing an env var',
      kind: 'Deployment', last: dep,
      next: edit(dep, (o) => { o.spec.template.spec.containers[0].env = [{ name: 'B', value: '2' }]; }), server: defaults,
      check: (patch, out) => {
        assert.deepEqual(patch.spec.template.spec.containers[0].env, [{ name: 'A', $patch: 'delete' }]);
        assert.deepEqual(out.spec.template.spec.containers[0].env, [{ name: 'B', value: '2' }]);
      },
    },
    {
      name: 'adding a container',
      kind: 'Deployment', last: dep,
      next: edit(dep, (o) => { o.spec.template.spec.containers.push({ name: 'side', image: 'busybox' }); }), server: defaults,
      check: (_patch, out) => {
        assert.deepEqual(out.spec.template.spec.containers.map((c: any) => c.name), ['nginx', 'side']);
        assert.equal(out.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
      },
    },
    {
      name: 'Recreate strategy drops the defaulted rollingUpdate ($retainKeys)',
      kind: 'Deployment', last: dep, next: edit(dep, (o) => { o.spec.strategy = { type: 'Recreate' }; }), server: defaults,
      check: (patch, out) => {
        assert.deepEqual(patch.spec.strategy, { $retainKeys: ['type'], type: 'Recreate' });
        assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
      },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const current = liveFrom(c.last, c.server);
      const modified = withLastApplied(c.next);
      const original = JSON.parse(current.metadata.annotations[LAST]);
      const patch = createThreeWayMergePatch(original, modified, current, c.kind);
      const out = applyThreeWay(original, modified, current, c.kind);
      assert.deepEqual(out, strategicMergePatch(current, patch, c.kind));
      c.check(patch, out);
    });
  }

  test('seed manifests: service-demo.yaml then service-demo-affinity.yaml', () => {
    const YAML = require('yaml') as typeof import('yaml');
    const read = (f: string) => YAML.parseAllDocuments(fs.readFileSync(path.resolve(__dirname, '../../../../fixtures/manifests', f), 'utf8'))
      .map((d) => d.toJS()).filter((o) => o && o.kind === 'Service')[0];
    const first = { ...read('service-demo.yaml') };
    first.metadata = { ...first.metadata, namespace: 'default' };
    const second = read('service-demo-affinity.yaml');
    second.metadata = { ...second.metadata, namespace: 'default' };
    const current = liveFrom(first, (o) => {
      Object.assign(o.spec, { clusterIP: '10.96.7.7', clusterIPs: ['10.96.7.7'], type: 'ClusterIP', sessionAffinity: 'None' });
    });
    const original = JSON.parse(current.metadata.annotations[LAST]);
    // re-applying the same file: nothing to do
    assert.ok(isEmptyPatch(createThreeWayMergePatch(original, withLastApplied(first), current, 'Service')));
    const out = applyThreeWay(original, withLastApplied(second), current, 'Service');
    assert.equal(out.spec.sessionAffinity, 'ClientIP');
    assert.deepEqual(out.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10 } });
    assert.equal(out.spec.clusterIP, '10.96.7.7');
    assert.equal(out.spec.type, 'ClusterIP');
  });
});

describe('strategic merge patch', () => {
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: '1' }, finalizers: ['f1'] },
    spec: { containers: [{ name: 'c1', image: 'i1', ports: [{ containerPort: 80 }] }, { name: 'c2', image: 'i2' }] },
  };
  const cases: { name: string; patch: any; kind?: string; expect: (out: any) => void }[] = [
    { name: '$patch: delete on a container', patch: { spec: { containers: [{ name: 'c1', $patch: 'delete' }] } },
      expect: (o) => assert.deepEqual(o.spec.containers.map((c: any) => c.name), ['c2']) },
    { name: 'container ports merged by containerPort', patch: { spec: { containers: [{ name: 'c1', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81 }] }] } },
      expect: (o) => assert.deepEqual(o.spec.containers[0].ports, [{ containerPort: 80, name: 'http' }, { containerPort: 81 }]) },
    { name: 'finalizers are a set (union)', patch: { metadata: { finalizers: ['f2', 'f1'] } },
      expect: (o) => assert.deepEqual(o.metadata.finalizers, ['f2', 'f1']) },
    { name: 'null deletes a map key', patch: { metadata: { labels: { a: null, b: '2' } } },
      expect: (o) => assert.deepEqual(o.metadata.labels, { b: '2' }) },
    { name: 'unmatched null is dropped, nested nulls of new subtrees too', patch: { spec: { nodeSelector: { x: null, y: 'z' }, hostname: null } },
      expect: (o) => { assert.deepEqual(o.spec.nodeSelector, { y: 'z' }); assert.ok(!('hostname' in o.spec)); } },
    { name: 'directives in added subtrees do not reach the stored object', patch: { spec: { initContainers: [{ name: 'i', image: 'x' }], '$setElementOrder/initContainers': [{ name: 'i' }] } },
      expect: (o) => { assert.deepEqual(o.spec.initContainers, [{ name: 'i', image: 'x' }]); assert.ok(!JSON.stringify(o).includes('$')); } },
    { name: 'custom resources (no patch metadata) get JSON merge semantics', kind: 'Widget',
      patch: { spec: { containers: [{ name: 'c9' }] } },
      expect: (o) => assert.deepEqual(o.spec.containers, [{ name: 'c9' }]) },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const before = JSON.stringify(pod);
      c.expect(strategicMergePatch(pod, c.patch, c.kind ?? 'Pod'));
      assert.equal(JSON.stringify(pod), before);
    });
  }

  test('errors are shaped as the API server answers them', () => {
    const cases: { patch: any; reason: string; code: number; message: string }[] = [
      { patch: { spec: { containers: [{ image: 'x' }] } }, reason: '', code: 500,
        message: 'map: map[image:x] does not contain declared merge key: name' },
      { patch: { metadata: { $deleteFromPrimitiveList: ['f1'] } }, reason: 'BadRequest', code: 400,
        message: 'invalid patch format of primitive list' },
      { patch: { spec: { $retainKeys: ['containers'], hostname: 'h' } }, reason: 'BadRequest', code: 400,
        message: 'invalid patch format of retainKeys' },
      { patch: { spec: { containers: [[1]] } }, reason: '', code: 500,
        message: 'list element types are not identical: [[map[image:i1 name:c1 ports:[map[containerPort:80]]] map[image:i2 name:c2]] [[1]]]' },
    ];
    for (const c of cases) {
      assert.throws(() => strategicMergePatch(pod, c.patch, 'Pod'), (e: any) => {
        assert.ok(e instanceof StatusError);
        assert.equal(e.reason, c.reason);
        assert.equal(e.code, c.code);
        assert.equal(e.message, c.message);
        return true;
      });
    }
  });

  test('SMP of a custom resource: 415 UnsupportedMediaType', () => {
    const e = strategicMergePatchUnsupported();
    assert.equal(e.code, 415);
    assert.equal(e.reason, 'UnsupportedMediaType');
    assert.match(e.message, /^the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, /);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { name: 'x', annotations: { 'a/b': '1', 'c~d': '2' } }, spec: { list: [1, 2, 3] } };
  const ok: { name: string; ops: any[]; expect: any }[] = [
    { name: 'add - appends', ops: [{ op: 'add', path: '/spec/list/-', value: 4 }], expect: { list: [1, 2, 3, 4] } },
    { name: 'add at index inserts', ops: [{ op: 'add', path: '/spec/list/0', value: 0 }], expect: { list: [0, 1, 2, 3] } },
    { name: 'remove by index', ops: [{ op: 'remove', path: '/spec/list/1' }], expect: { list: [1, 3] } },
    { name: 'replace', ops: [{ op: 'replace', path: '/spec/list/2', value: 9 }], expect: { list: [1, 2, 9] } },
    { name: 'move', ops: [{ op: 'move', from: '/spec/list', path: '/spec/moved' }], expect: { moved: [1, 2, 3] } },
    { name: 'copy', ops: [{ op: 'copy', from: '/spec/list/0', path: '/spec/first' }], expect: { list: [1, 2, 3], first: 1 } },
    { name: 'test then replace', ops: [{ op: 'test', path: '/spec/list', value: [1, 2, 3] }, { op: 'replace', path: '/spec/list', value: [] }], expect: { list: [] } },
  ];
  for (const c of ok) test(c.name, () => assert.deepEqual(jsonPatch(doc, c.ops).spec, c.expect));

  test('~0 and ~1 escapes', () => {
    const out = jsonPatch(doc, [{ op: 'remove', path: '/metadata/annotations/a~1b' }, { op: 'replace', path: '/metadata/annotations/c~0d', value: '3' }]);
    assert.deepEqual(out.metadata.annotations, { 'c~d': '3' });
  });

  const bad: { ops: any; detail: string; local?: string }[] = [
    { ops: [{ op: 'replace', path: '/spec/foo/bar', value: 1 }], detail: 'replace operation does not apply: doc is missing path: /spec/foo/bar: missing value' },
    { ops: [{ op: 'replace', path: '/spec/list/7', value: 1 }], detail: 'replace operation does not apply: doc is missing key: /spec/list/7: missing value',
      local: 'Object to be patched is missing field (/spec/list/7: missing value)' },
    { ops: [{ op: 'test', path: '/metadata/name', value: 'y' }], detail: 'testing value /metadata/name failed: test failed' },
    { ops: [{ op: 'remove', path: '/metadata/labels' }], detail: "error in remove for path: '/metadata/labels': Unable to remove nonexistent key: labels: missing value" },
    { ops: [{ op: 'nope', path: '/a' }], detail: 'Unexpected kind: nope' },
  ];
  for (const c of bad) {
    test(`failing op: ${c.detail}`, () => {
      assert.throws(() => jsonPatch(doc, c.ops), (e: any) => {
        assert.ok(e instanceof PatchError);
        // what the API server answers (kubectl prints `The request is invalid`)
        assert.equal(e.reason, 'Invalid');
        assert.equal(e.code, 422);
        assert.equal(e.message, 'the server rejected our request due to an error in our request');
        assert.deepEqual(e.details, {});
        assert.equal(e.detail, c.detail);
        assert.equal(localPatchMessage('json', e), c.local ?? c.detail);
        return true;
      });
    });
  }

  test('a patch that is not a list is a 400', () => {
    assert.throws(() => jsonPatch(doc, { op: 'add' }), (e: any) =>
      e.reason === 'BadRequest' && e.message === 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });
});

describe('JSON merge patch (RFC 7386 appendix A)', () => {
  const rfc: [any, any, any][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  rfc.forEach(([target, patch, expect], i) => test(`A.${i + 1}`, () => assert.deepEqual(jsonMergePatch(target, patch), expect)));
});

describe('helpers', () => {
  test('isEmptyPatch', () => {
    for (const [p, want] of [[{}, true], [null, true], [{ a: null }, false], [{ metadata: {} }, false]] as [any, boolean][]) {
      assert.equal(isEmptyPatch(p), want);
    }
  });

  test('createTwoWayMergePatch round-trips through strategicMergePatch', () => {
    const a = { metadata: { name: 'p', labels: { x: '1', y: '2' } }, spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] } };
    const b = { metadata: { name: 'p', labels: { x: '1', z: '3' } }, spec: { containers: [{ name: 'b', image: '3' }] } };
    const p = createTwoWayMergePatch(a, b, 'Pod');
    assert.deepEqual(p, {
      metadata: { labels: { z: '3', y: null } },
      spec: { containers: [{ name: 'b', image: '3' }, { name: 'a', $patch: 'delete' }], '$setElementOrder/containers': [{ name: 'b' }] },
    });
    assert.deepEqual(strategicMergePatch(a, p, 'Pod'), b);
  });

  test('three-way patch errors are MergeErrors with the library text', () => {
    assert.throws(() => createThreeWayMergePatch({}, { spec: { containers: [{ image: 'x' }] } }, { spec: { containers: [{ name: 'a' }] } }, 'Pod'),
      (e: any) => e instanceof MergeError && e.message === 'map: map[image:x] does not contain declared merge key: name');
    assert.throws(() => createThreeWayMergePatch({}, { kind: 'Widget', metadata: { name: 'b' } }, { kind: 'Widget', metadata: { name: 'a' } }, 'Widget'),
      (e: any) => e instanceof MergeError && e.message === 'At least one of apiVersion, kind and name was changed');
  });
});
