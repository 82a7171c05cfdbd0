import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkStrict, goQuote, strictDecodingError, unknownFields } from '../../../src/api/strict';
import { kindsWithSchema, typeSchema, parseTypeRef, kindType } from '../../../src/api/schema';
import { clone, loadManifest, manifestFiles } from './seed-manifests';

const deployment = () => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
  spec: {
    replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: {},
    template: {
      metadata: { labels: { app: 'web' }, creationTimestamp: null },
      spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {}, ports: [{ containerPort: 80 }] }] },
    },
  },
  status: {},
});

const ingressV1Beta1 = () => ({
  apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'ing' },
  spec: {
    backend: { serviceName: 'default', servicePort: 80 },
    tls: [{ hosts: ['a.example.com'], secretName: 'tls' }],
    rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', backend: { serviceName: 'web', servicePort: 'http' } }] } }],
  },
});

describe('strict field validation: the seed manifests are clean', () => {
  for (const file of manifestFiles()) {
    test(file, () => {
      for (const o of loadManifest(file)) assert.deepEqual(unknownFields(o, o.kind!, o.apiVersion!), [], `${o.kind} ${o.metadata?.name}`);
    });
  }
});

describe('strict field validation: unknown fields and their paths', () => {
  const cases: { name: string; kind: string; apiVersion: string; obj: () => object; want: string[] }[] = [
    { name: 'clean deployment', kind: 'Deployment', apiVersion: 'apps/v1', obj: deployment, want: [] },
    {
      name: 'spec.foo', kind: 'Deployment', apiVersion: 'apps/v1',
      obj: () => { const d: any = deployment(); d.spec.foo = 1; return d; }, want: ['spec.foo'],
    },
    {
      name: 'container typo', kind: 'Deployment', apiVersion: 'apps/v1',
      obj: () => { const d: any = deployment(); d.spec.template.spec.containers[0].imagee = 'x'; return d; },
      want: ['spec.template.spec.containers[0].imagee'],
    },
    {
      name: 'metadata.labelz', kind: 'Deployment', apiVersion: 'apps/v1',
      obj: () => { const d: any = deployment(); d.metadata.labelz = { a: 'b' }; return d; }, want: ['metadata.labelz'],
    },
    {
      name: 'top level, case-sensitive', kind: 'Deployment', apiVersion: 'apps/v1',
      obj: () => { const d: any = deployment(); d.Spec = {}; d.extra = null; return d; }, want: ['Spec', 'extra'],
    },
    {
      // kubectl sends JSON encoded from a Go map: keys sorted at every level, reported depth-first
      name: 'several, in the server order', kind: 'Deployment', apiVersion: 'apps/v1',
      obj: () => {
        const d: any = deployment();
        d.spec.zeta = 1;
        d.spec.template.spec.containers.push({ name: 'b', image: 'b', portz: [] });
        d.spec.template.spec.containers[0].imagee = 'x';
        d.spec.alpha = 2;
        d.metadata.labelz = {};
        return d;
      },
      want: ['metadata.labelz', 'spec.alpha', 'spec.template.spec.containers[0].imagee', 'spec.template.spec.containers[1].portz', 'spec.zeta'],
    },
    {
      name: 'an unknown field is not descended into', kind: 'Pod', apiVersion: 'v1',
      obj: () => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containerz: [{ bogus: 1 }], containers: [{ name: 'a', livenessProbe: { httpGet: { port: 80, pth: '/' } } }] } }),
      want: ['spec.containers[0].livenessProbe.httpGet.pth', 'spec.containerz'],
    },
    {
      name: 'service', kind: 'Service', apiVersion: 'v1',
      obj: () => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'x' }, ports: [{ port: 80, targetport: 8080 }], typ: 'NodePort' } }),
      want: ['spec.ports[0].targetport', 'spec.typ'],
    },
    {
      name: 'legacy Ingress checked against v1beta1', kind: 'Ingress', apiVersion: 'extensions/v1beta1', obj: ingressV1Beta1, want: [],
    },
    {
      name: 'legacy Ingress, networking.k8s.io/v1beta1', kind: 'Ingress', apiVersion: 'networking.k8s.io/v1beta1',
      obj: () => ({ ...ingressV1Beta1(), apiVersion: 'networking.k8s.io/v1beta1' }), want: [],
    },
    {
      name: 'v1beta1 backends under networking.k8s.io/v1', kind: 'Ingress', apiVersion: 'networking.k8s.io/v1',
      obj: () => ({ ...ingressV1Beta1(), apiVersion: 'networking.k8s.io/v1' }),
      want: ['spec.backend', 'spec.rules[0].http.paths[0].backend.serviceName', 'spec.rules[0].http.paths[0].backend.servicePort'],
    },
    {
      name: 'v1 backends under extensions/v1beta1', kind: 'Ingress', apiVersion: 'extensions/v1beta1',
      obj: () => ({
        apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' },
        spec: { defaultBackend: { service: { name: 'a', port: { number: 80 } } }, rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'a' } } }] } }] },
      }),
      want: ['spec.defaultBackend', 'spec.rules[0].http.paths[0].backend.service'],
    },
    {
      name: 'v1 ingress is clean', kind: 'Ingress', apiVersion: 'networking.k8s.io/v1',
      obj: () => ({
        apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
        spec: { ingressClassName: 'nginx', defaultBackend: { service: { name: 'a', port: { name: 'http' } } }, rules: [{ host: 'x', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'a', port: { number: 80 } } } }] } }] },
      }),
      want: [],
    },
    {
      name: 'autoscaling/v1 HPA', kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1',
      obj: () => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 } }),
      want: [],
    },
    {
      name: 'autoscaling/v1 field under autoscaling/v2', kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2',
      obj: () => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } }),
      want: ['spec.targetCPUUtilizationPercentage'],
    },
    {
      name: 'events.k8s.io/v1 Event', kind: 'Event', apiVersion: 'events.k8s.io/v1',
      obj: () => ({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, eventTime: '2024-01-01T00:00:00.000000Z', note: 'n', regarding: { kind: 'Pod', name: 'p' }, message: 'core only' }),
      want: ['message'],
    },
    {
      name: 'core Event', kind: 'Event', apiVersion: 'v1',
      obj: () => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, message: 'm', note: 'events.k8s.io only' }),
      want: ['note'],
    },
    {
      name: 'values of the wrong shape are not this check\'s business', kind: 'Deployment', apiVersion: 'apps/v1',
      obj: () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: 'x', spec: { template: { spec: { containers: 'nginx' } }, selector: [1] } }),
      want: [],
    },
    {
      name: 'a kind without a schema (custom resource)', kind: 'Widget', apiVersion: 'example.com/v1',
      obj: () => ({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { anything: { goes: true } } }), want: [],
    },
    {
      name: 'extra top-level on a ConfigMap; data keys are free', kind: 'ConfigMap', apiVersion: 'v1',
      obj: () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v', X: 'y' }, dta: {} }), want: ['dta'],
    },
    {
      name: 'CRD: spec typo is found, openAPIV3Schema is free-form', kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1',
      obj: () => ({
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget', shortName: ['w'] },
          versions: [{
            name: 'v1', served: true, storage: true, subresources: { status: {} },
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { spec: { type: 'object', whatever: 1 } } } },
          }],
        },
      }),
      want: ['spec.names.shortName'],
    },
    {
      name: 'CRD: the empty status subresource struct has no fields', kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1',
      obj: () => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'a.b' }, spec: { versions: [{ name: 'v1', subresources: { status: { x: 1 } } }] } }),
      want: ['spec.versions[0].subresources.status.x'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(unknownFields(c.obj(), c.kind, c.apiVersion), c.want));
  }
});

describe('strict field validation: free-form places accept anything', () => {
  const cases: { name: string; kind: string; apiVersion: string; obj: object }[] = [
    { name: 'labels and annotations', kind: 'Pod', apiVersion: 'v1', obj: { metadata: { labels: { 'a.b/c': 'd' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', x: 'y' } } } },
    { name: 'managedFields fieldsV1', kind: 'Pod', apiVersion: 'v1', obj: { metadata: { managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {} } } } } }] } } },
    { name: 'ControllerRevision data (RawExtension)', kind: 'ControllerRevision', apiVersion: 'apps/v1', obj: { revision: 1, data: { spec: { template: { anything: [1, 2, { x: 1 }] } } } } },
    { name: 'CRD openAPIV3Schema', kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', obj: { spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { 'x-kubernetes-preserve-unknown-fields': true, foo: { bar: 1 } } } }] } } },
    { name: 'resource quantities and node selectors', kind: 'Pod', apiVersion: 'v1', obj: { spec: { nodeSelector: { 'disk': 'ssd' }, overhead: { cpu: '1' }, containers: [{ name: 'a', resources: { limits: { 'example.com/gpu': 1 } } }] } } },
    { name: 'secret data, stringData', kind: 'Secret', apiVersion: 'v1', obj: { data: { 'tls.crt': 'eA==' }, stringData: { anything: 'x' }, type: 'kubernetes.io/tls' } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(unknownFields(c.obj, c.kind, c.apiVersion), []));
});

describe('strict decoding error messages', () => {
  const cases: { kind: string; apiVersion: string; paths: string[]; want: string }[] = [
    {
      kind: 'Deployment', apiVersion: 'apps/v1', paths: ['spec.foo'],
      want: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"',
    },
    {
      kind: 'Deployment', apiVersion: 'apps/v1', paths: ['spec.foo', 'spec.template.spec.containers[0].imagee'],
      want: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.template.spec.containers[0].imagee"',
    },
    {
      kind: 'Service', apiVersion: 'v1', paths: ['metadata.labelz'],
      want: 'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "metadata.labelz"',
    },
    {
      kind: 'Ingress', apiVersion: 'extensions/v1beta1', paths: ['spec.defaultBackend'],
      want: 'Ingress in version "v1beta1" cannot be handled as a Ingress: strict decoding error: unknown field "spec.defaultBackend"',
    },
    {
      kind: 'ConfigMap', apiVersion: 'v1', paths: ['dat"a'],
      want: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dat\\"a"',
    },
  ];
  for (const c of cases) test(c.want, () => assert.equal(strictDecodingError(c.kind, c.apiVersion, c.paths), c.want));

  test('Go quoting of field names', () => {
    assert.equal(goQuote('a\tb\x01\u00e9"\\'), '"a\\tb\\x01\u00e9\\"\\\\"');
  });
});

describe('checkStrict: the fieldValidation directives', () => {
  const bad = () => { const d: any = deployment(); d.spec.foo = 1; d.spec.bar = 2; return d; };
  const cases: { mode: 'strict' | 'warn' | 'ignore'; obj: () => object; want: { error?: string; warnings: string[] } }[] = [
    {
      mode: 'strict', obj: bad,
      want: { error: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bar", unknown field "spec.foo"', warnings: [] },
    },
    { mode: 'warn', obj: bad, want: { warnings: ['unknown field "spec.bar"', 'unknown field "spec.foo"'] } },
    { mode: 'ignore', obj: bad, want: { warnings: [] } },
    { mode: 'strict', obj: deployment, want: { warnings: [] } },
    { mode: 'warn', obj: deployment, want: { warnings: [] } },
  ];
  for (const c of cases) test(`${c.mode} ${c.want.error || c.want.warnings.length ? 'bad' : 'clean'}`, () => assert.deepEqual(checkStrict(c.obj(), 'Deployment', 'apps/v1', c.mode), c.want));

  test('the input is not modified', () => {
    const d = bad();
    const before = clone(d);
    checkStrict(d, 'Deployment', 'apps/v1', 'strict');
    assert.deepEqual(d, before);
  });
});

describe('schema data', () => {
  test('every kind the labs use has a schema', () => {
    const want = ['v1/Pod', 'v1/PodTemplate', 'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet',
      'batch/v1/Job', 'batch/v1/CronJob', 'v1/Service', 'v1/Endpoints', 'discovery.k8s.io/v1/EndpointSlice', 'networking.k8s.io/v1/Ingress',
      'networking.k8s.io/v1/IngressClass', 'v1/Secret', 'v1/ConfigMap', 'v1/Namespace', 'v1/Node', 'v1/ServiceAccount', 'v1/Event',
      'v1/PersistentVolumeClaim', 'v1/PersistentVolume', 'networking.k8s.io/v1/NetworkPolicy', 'v1/LimitRange', 'v1/ResourceQuota',
      'autoscaling/v2/HorizontalPodAutoscaler', 'policy/v1/PodDisruptionBudget', 'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/RoleBinding', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
      'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
      'coordination.k8s.io/v1/Lease', 'scheduling.k8s.io/v1/PriorityClass', 'storage.k8s.io/v1/StorageClass', 'v1/ReplicationController',
      'apps/v1/ControllerRevision', 'apiextensions.k8s.io/v1/CustomResourceDefinition', 'extensions/v1beta1/Ingress',
      'networking.k8s.io/v1beta1/Ingress', 'autoscaling/v1/HorizontalPodAutoscaler', 'events.k8s.io/v1/Event'];
    const have = new Set(kindsWithSchema().map(([av, k]) => `${av}/${k}`));
    for (const w of want) assert.ok(have.has(w), w);
  });

  test('every referenced type exists and every field has a type and a description', () => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      const t = typeSchema(key);
      assert.ok(t, `type ${key}`);
      assert.ok(t.description && t.description !== '?', `description of ${key}`);
      let prev = '';
      for (const f of t.fields) {
        assert.ok(f.description && f.description !== '?', `${key}.${f.name}`);
        assert.ok(f.name > prev, `${key} fields sorted at ${f.name}`);
        prev = f.name;
        let ty = f.type;
        for (;;) {
          const r = parseTypeRef(ty);
          if (r.kind === 'array' || r.kind === 'map') { ty = r.elem; continue; }
          if (r.kind === 'struct') visit(r.name);
          break;
        }
      }
    };
    for (const [av, k] of kindsWithSchema()) visit(kindType(k, av)!);
    assert.ok(seen.size > 300, `${seen.size} types`);
  });

  test('shared types', () => {
    assert.equal(typeSchema('PodSpec')!.field('containers')!.type, '[]Container');
    assert.equal(typeSchema('PodSpec')!.field('containers')!.required, true);
    assert.deepEqual(typeSchema('Container')!.field('imagePullPolicy')!.enum, ['Always', 'IfNotPresent', 'Never']);
    assert.equal(typeSchema('ObjectMeta')!.field('labels')!.type, 'map[string]string');
    assert.equal(typeSchema('ServicePort')!.field('targetPort')!.type, 'IntOrString');
    assert.equal(typeSchema('v1beta1.IngressBackend')!.field('servicePort')!.type, 'IntOrString');
    assert.equal(typeSchema('v1beta1.IngressBackend')!.name, 'IngressBackend');
    assert.equal(kindType('Ingress', 'extensions/v1beta1'), kindType('Ingress', 'networking.k8s.io/v1beta1'));
  });
});
