import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { convertToStorage, convertFromStorage, backendToV1, backendFromV1 } from '../../../src/api/conversion';
import { kindByResource } from '../../../src/api/kinds';
import { loadManifest, clone } from './seed-manifests';

const ING = kindByResource('ingresses')!;

describe('Ingress v1beta1 -> networking.k8s.io/v1', () => {
  test('seed ingress-nginx.yaml (null path, class annotation kept)', () => {
    const [doc] = loadManifest('ingress-nginx.yaml');
    const before = clone(doc);
    const got = convertToStorage(doc, doc.apiVersion!, ING);
    assert.deepEqual(doc, before, 'input untouched');
    assert.deepEqual(got, {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
      metadata: { name: 'nginx', namespace: 'testing', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      spec: {
        rules: [{
          host: 'nginx.ilinux.io',
          http: { paths: [{ pathType: 'ImplementationSpecific', backend: { service: { name: 'svc-nginx', port: { number: 80 } } } }] },
        }],
      },
    });
  });

  test('seed ingress-nginx-https.yaml (tls kept)', () => {
    const [doc] = loadManifest('ingress-nginx-https.yaml');
    const got = convertToStorage(doc, doc.apiVersion!, ING);
    assert.deepEqual(got.spec, {
      tls: [{ hosts: ['nginx.ilinux.io'], secretName: 'nginx-ingress-secret' }],
      rules: [{
        host: 'nginx.ilinux.io',
        http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'svc-nginx', port: { number: 80 } } } }] },
      }],
    });
  });

  test('seed ingress_path-ms.yaml (two paths)', () => {
    const [doc] = loadManifest('ingress_path-ms.yaml');
    const got = convertToStorage(doc, doc.apiVersion!, ING);
    assert.deepEqual(got.spec.rules[0].http.paths, [
      { path: '/nginx', pathType: 'ImplementationSpecific', backend: { service: { name: 'nginx-svc', port: { number: 80 } } } },
      { path: '/tomcat', pathType: 'ImplementationSpecific', backend: { service: { name: 'tomcat-svc', port: { number: 8080 } } } },
    ]);
  });

  test('networking.k8s.io/v1beta1: spec.backend -> defaultBackend, named port, explicit pathType, class name', () => {
    const doc = {
      apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' },
      spec: {
        ingressClassName: 'nginx',
        backend: { serviceName: 'default-http', servicePort: 'http' },
        rules: [{ http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { serviceName: 'api', servicePort: 8080 } }] } }],
      },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
    };
    assert.deepEqual(convertToStorage(doc, doc.apiVersion, ING), {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' },
      spec: {
        ingressClassName: 'nginx',
        defaultBackend: { service: { name: 'default-http', port: { name: 'http' } } },
        rules: [{ http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } }] } }],
      },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
    });
  });

  const backendCases: [string, any, any][] = [
    ['service + int port', { serviceName: 's', servicePort: 80 }, { service: { name: 's', port: { number: 80 } } }],
    ['service + named port', { serviceName: 's', servicePort: 'http' }, { service: { name: 's', port: { name: 'http' } } }],
    ['numeric string stays a name', { serviceName: 's', servicePort: '80' }, { service: { name: 's', port: { name: '80' } } }],
    ['service without port', { serviceName: 's' }, { service: { name: 's', port: {} } }],
    ['resource backend', { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } }, { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } }],
    ['empty', {}, {}],
  ];
  for (const [name, v1beta1, v1] of backendCases) {
    test(`backendToV1: ${name}`, () => assert.deepEqual(backendToV1(v1beta1), v1));
  }

  const backCases: [string, any, any][] = [
    ['number', { service: { name: 's', port: { number: 80 } } }, { serviceName: 's', servicePort: 80 }],
    ['name', { service: { name: 's', port: { name: 'http' } } }, { serviceName: 's', servicePort: 'http' }],
    ['resource', { resource: { kind: 'K', name: 'n' } }, { resource: { kind: 'K', name: 'n' } }],
  ];
  for (const [name, v1, v1beta1] of backCases) {
    test(`backendFromV1: ${name}`, () => assert.deepEqual(backendFromV1(v1), v1beta1));
  }

  test('round trip through storage and back to extensions/v1beta1', () => {
    const [doc] = loadManifest('ingress_host_https-ms.yaml');
    const stored = convertToStorage(doc, doc.apiVersion!, ING);
    const back = convertFromStorage(stored, 'extensions/v1beta1');
    assert.equal(back.apiVersion, 'extensions/v1beta1');
    assert.deepEqual(back.spec.rules[1], {
      host: 'tomcat.imyapp.com',
      http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend: { serviceName: 'tomcat-svc', servicePort: 8080 } }] },
    });
    assert.deepEqual(back.spec.tls, doc.spec.tls);
  });

  test('defaultBackend goes back to spec.backend', () => {
    const stored = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { defaultBackend: { service: { name: 'd', port: { number: 80 } } } } };
    assert.deepEqual(convertFromStorage(stored, 'networking.k8s.io/v1beta1').spec, { backend: { serviceName: 'd', servicePort: 80 } });
  });
});

describe('identity and other kinds', () => {
  test('storage version is an identity copy', () => {
    const o = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { replicas: 2 } };
    const got = convertToStorage(o, 'apps/v1', kindByResource('deployments')!);
    assert.deepEqual(got, o);
    assert.notEqual(got, o);
    assert.deepEqual(convertFromStorage(got, 'apps/v1'), o);
  });

  test('HPA autoscaling/v1 -> v2 and back', () => {
    const v1 = {
      apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
      status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 70 },
    };
    const v2 = convertToStorage(v1, 'autoscaling/v1', kindByResource('horizontalpodautoscalers')!);
    assert.deepEqual(v2, {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 70 } } }] },
    });
    assert.deepEqual(convertFromStorage(v2, 'autoscaling/v1'), v1);
  });

  test('events.k8s.io/v1 Event is stored as a core Event', () => {
    const ev = {
      apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' },
      regarding: { kind: 'Pod', name: 'p', namespace: 'default' }, note: 'hello', reason: 'Started', type: 'Normal',
      reportingController: 'kubelet', reportingInstance: 'node-1', action: 'Start', eventTime: '2024-12-02T10:00:00.000000Z',
    };
    const core = convertToStorage(ev, 'events.k8s.io/v1', kindByResource('events')!);
    assert.deepEqual(core, {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, message: 'hello', reportingComponent: 'kubelet',
      type: 'Normal', reason: 'Started', action: 'Start', reportingInstance: 'node-1', eventTime: '2024-12-02T10:00:00.000000Z',
    });
    assert.deepEqual(convertFromStorage(core, 'events.k8s.io/v1'), ev);
  });
});
