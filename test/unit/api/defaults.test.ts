import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyDefaults, admitServiceAccount, usesGeneration, defaultPullPolicy, computeQOSClass,
} from '../../../src/api/defaults';
import { kindByResource, KINDS, resolveApiVersionKind } from '../../../src/api/kinds';
import type { KindInfo } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import { convertToStorage } from '../../../src/api/conversion';
import { loadManifest, manifestFiles, clone } from './seed-manifests';

const K = (resource: string): KindInfo => kindByResource(resource)!;

function defaulted(o: KObject, resource: string, old?: KObject): KObject {
  const c = clone(o);
  applyDefaults(c, K(resource), { old });
  return c;
}

// the PodSpec defaults every template gets, for a single `nginx` container
function templateSpec(container: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    containers: [{
      imagePullPolicy: 'IfNotPresent',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ...container,
    }],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    ...extra,
  };
}

describe('Service defaults', () => {
  test('NodePort service (compat §3.1, before allocation of clusterIP)', () => {
    const got = defaulted({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: '80-8080', port: 80, targetPort: 8080, nodePort: 30080 }] },
    }, 'services');
    assert.deepEqual(got, {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: '80-8080', nodePort: 30080, port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'web' },
        sessionAffinity: 'None',
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    });
  });

  const cases: [string, any, any][] = [
    ['ClusterIP minimal: targetPort = port, no externalTrafficPolicy',
      { ports: [{ port: 6379 }], selector: { app: 'redis' } },
      { internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 6379, protocol: 'TCP', targetPort: 6379 }], selector: { app: 'redis' }, sessionAffinity: 'None', type: 'ClusterIP' }],
    ['clusterIP given: clusterIPs follows',
      { clusterIP: '10.96.0.50', ports: [{ port: 80, targetPort: 'http' }] },
      { clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }], sessionAffinity: 'None', type: 'ClusterIP' }],
    ['headless with selector: SingleStack',
      { clusterIP: 'None', selector: { app: 'httpd' }, ports: [{ port: 80 }] },
      { clusterIP: 'None', clusterIPs: ['None'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'httpd' }, sessionAffinity: 'None', type: 'ClusterIP' }],
    ['headless without selector: RequireDualStack, both families',
      { clusterIP: 'None', ports: [{ port: 80 }] },
      { clusterIP: 'None', clusterIPs: ['None'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ClusterIP' }],
    ['ClientIP affinity gets the 10800s timeout',
      { sessionAffinity: 'ClientIP', ports: [{ port: 80, protocol: 'UDP' }] },
      { internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80, protocol: 'UDP', targetPort: 80 }], sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, type: 'ClusterIP' }],
    ['sessionAffinityConfig dropped for None',
      { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 80 }] },
      { internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ClusterIP' }],
    ['LoadBalancer',
      { type: 'LoadBalancer', ports: [{ port: 443, targetPort: 8443 }] },
      { allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 443, protocol: 'TCP', targetPort: 8443 }], sessionAffinity: 'None', type: 'LoadBalancer' }],
    ['ExternalName: no IP family fields, no traffic policies',
      { type: 'ExternalName', externalName: 'example.com' },
      { externalName: 'example.com', sessionAffinity: 'None', type: 'ExternalName' }],
    ['ClusterIP with externalIPs is externally accessible',
      { externalIPs: ['192.0.2.10'], ports: [{ port: 80 }] },
      { externalIPs: ['192.0.2.10'], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ClusterIP' }],
  ];
  for (const [name, spec, want] of cases) {
    test(name, () => {
      const got = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec }, 'services');
      assert.deepEqual(got.spec, want);
      assert.deepEqual(got.status, { loadBalancer: {} });
    });
  }

  test('seed affinity service keeps its own timeout', () => {
    const [svc] = loadManifest('service-demo-affinity.yaml');
    const got = defaulted(svc, 'services');
    assert.deepEqual(got.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10 } });
  });

  const updateCases: [string, any, any, (s: any) => void][] = [
    ['PUT without clusterIP keeps the allocated one',
      { type: 'ClusterIP', clusterIP: '10.96.1.2', clusterIPs: ['10.96.1.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80 }] },
      { ports: [{ port: 80 }] },
      (s) => { assert.equal(s.clusterIP, '10.96.1.2'); assert.deepEqual(s.clusterIPs, ['10.96.1.2']); }],
    ['PUT without nodePort keeps it (by port name)',
      { type: 'NodePort', clusterIP: '10.96.1.2', clusterIPs: ['10.96.1.2'], ports: [{ name: 'http', port: 80, nodePort: 30080 }] },
      { type: 'NodePort', ports: [{ name: 'http', port: 80 }] },
      (s) => assert.equal(s.ports[0].nodePort, 30080)],
    ['NodePort -> ClusterIP drops nodePorts and externalTrafficPolicy that were not changed',
      { type: 'NodePort', clusterIP: '10.96.1.2', clusterIPs: ['10.96.1.2'], externalTrafficPolicy: 'Cluster', ports: [{ port: 80, nodePort: 30080 }] },
      { type: 'ClusterIP', clusterIP: '10.96.1.2', externalTrafficPolicy: 'Cluster', ports: [{ port: 80, nodePort: 30080 }] },
      (s) => { assert.equal(s.ports[0].nodePort, undefined); assert.equal(s.externalTrafficPolicy, undefined); }],
    ['ClusterIP -> ExternalName drops the cluster IPs and families',
      { type: 'ClusterIP', clusterIP: '10.96.1.2', clusterIPs: ['10.96.1.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', ports: [{ port: 80 }] },
      { type: 'ExternalName', externalName: 'example.com', clusterIP: '10.96.1.2', clusterIPs: ['10.96.1.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80 }] },
      (s) => { assert.equal(s.clusterIP, undefined); assert.equal(s.clusterIPs, undefined); assert.equal(s.ipFamilies, undefined); assert.equal(s.ipFamilyPolicy, undefined); }],
    ['ipFamilyPolicy is adopted from the stored object',
      { type: 'ClusterIP', clusterIP: '10.96.1.2', clusterIPs: ['10.96.1.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] },
      { ports: [{ port: 80 }] },
      (s) => assert.equal(s.ipFamilyPolicy, 'PreferDualStack')],
  ];
  for (const [name, oldSpec, newSpec, check] of updateCases) {
    test(`update: ${name}`, () => {
      const old = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: oldSpec };
      const got = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: newSpec }, 'services', old);
      check(got.spec);
    });
  }
});

describe('workload defaults', () => {
  test('Deployment from the seed (deployment-nginx.yaml)', () => {
    const [d] = loadManifest('deployment-nginx.yaml');
    assert.deepEqual(defaulted(d, 'deployments'), {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'deploy-nginx', namespace: 'testing' },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 3,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'nginx' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
          spec: templateSpec({ image: 'nginx:1.12', name: 'nginx', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }] }),
        },
      },
    });
  });

  test('Deployment: replicas 1, Recreate gets no rollingUpdate', () => {
    const got = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { strategy: { type: 'Recreate' }, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'busybox:latest' }] } } } }, 'deployments');
    assert.equal(got.spec.replicas, 1);
    assert.deepEqual(got.spec.strategy, { type: 'Recreate' });
    assert.equal(got.spec.template.spec.containers[0].imagePullPolicy, 'Always');
  });

  test('ReplicaSet', () => {
    const got = defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } } }, 'replicasets');
    assert.deepEqual(got.spec, { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { creationTimestamp: null, labels: { a: 'b' } }, spec: templateSpec({ image: 'nginx:1.25', name: 'nginx' }) } });
    assert.deepEqual(got.status, { replicas: 0 });
  });

  test('StatefulSet', () => {
    const got = defaulted({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx', selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } }],
      },
    }, 'statefulsets');
    assert.deepEqual(got.spec, {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'nginx' } },
      serviceName: 'nginx',
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
        spec: templateSpec({ image: 'nginx:1.25', name: 'nginx', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }),
      },
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [{
        apiVersion: 'v1', kind: 'PersistentVolumeClaim',
        metadata: { creationTimestamp: null, name: 'www' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      }],
    });
    assert.deepEqual(got.status, { availableReplicas: 0, replicas: 0 });
  });

  test('DaemonSet', () => {
    const got = defaulted({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'agent', image: 'fluentd:v1' }] } } } }, 'daemonsets');
    assert.deepEqual(got.spec.updateStrategy, { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' });
    assert.equal(got.spec.revisionHistoryLimit, 10);
    assert.deepEqual(got.status, { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
  });

  test('Job: counters, policies and the generated selector', () => {
    const got = defaulted({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: 'u-123' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl'] }] } } },
    }, 'jobs');
    assert.deepEqual(got, {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: 'u-123' },
      spec: {
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        completions: 1,
        manualSelector: false,
        parallelism: 1,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-123' } },
        suspend: false,
        template: {
          metadata: {
            creationTimestamp: null,
            labels: {
              'batch.kubernetes.io/controller-uid': 'u-123', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'u-123', 'job-name': 'pi',
            },
          },
          spec: templateSpec({ command: ['perl'], image: 'perl:5.34.0', name: 'pi' }, { restartPolicy: 'Never' }),
        },
      },
    });
  });

  test('Job: parallelism only leaves completions unset; template labels become job labels', () => {
    const got = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', uid: 'u' }, spec: { parallelism: 3, template: { metadata: { labels: { app: 'x' } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } }, 'jobs');
    assert.equal(got.spec.completions, undefined);
    assert.equal(got.spec.parallelism, 3);
    assert.deepEqual(got.metadata.labels, { app: 'x' });
  });

  test('CronJob', () => {
    const got = defaulted({
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.28' }] } } } } },
    }, 'cronjobs');
    assert.deepEqual(got.spec, {
      concurrencyPolicy: 'Allow',
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { creationTimestamp: null },
        spec: { template: { metadata: { creationTimestamp: null }, spec: templateSpec({ image: 'busybox:1.28', name: 'hello' }, { restartPolicy: 'OnFailure' }) } },
      },
      schedule: '* * * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
    });
  });

  test('ReplicationController copies template labels to selector and labels', () => {
    const got = defaulted({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, 'replicationcontrollers');
    assert.deepEqual(got.spec.selector, { app: 'x' });
    assert.deepEqual(got.metadata.labels, { app: 'x' });
    assert.equal(got.spec.replicas, 1);
  });
});

describe('Pod defaults', () => {
  test('a bare pod, then ServiceAccount admission (what `get pod -o yaml` shows right after create)', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', namespace: 'default', labels: { run: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } }, 'pods');
    admitServiceAccount(pod, '7xk2p');
    assert.deepEqual(pod, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', namespace: 'default', labels: { run: 'nginx' } },
      spec: {
        containers: [{
          image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {},
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-7xk2p', readOnly: true }],
        }],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        serviceAccount: 'default',
        serviceAccountName: 'default',
        terminationGracePeriodSeconds: 30,
        tolerations: [
          { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
          { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
        ],
        volumes: [{
          name: 'kube-api-access-7xk2p',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        }],
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
  });

  test('probes, env, volumes and resources', () => {
    const pod = defaulted({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [{
          name: 'app', image: 'registry.local:5000/team/app:v2',
          ports: [{ containerPort: 8080 }],
          env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } }],
          livenessProbe: { httpGet: { port: 8080 } },
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
          startupProbe: { grpc: { port: 9090 } },
          lifecycle: { preStop: { httpGet: { port: 8080, path: '/quit' } } },
          resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: 0.25 } },
        }],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'sec', secret: { secretName: 's' } }, { name: 'tmp' },
          { name: 'host', hostPath: { path: '/var/log' } }, { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }],
      },
    }, 'pods');
    const c = pod.spec.containers[0];
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.deepEqual(c.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
    assert.deepEqual(c.env, [
      { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { divisor: '0', resource: 'limits.memory' } } },
    ]);
    assert.deepEqual(c.livenessProbe, { failureThreshold: 3, httpGet: { path: '/', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 });
    assert.deepEqual(c.readinessProbe, { failureThreshold: 3, periodSeconds: 5, successThreshold: 1, tcpSocket: { port: 8080 }, timeoutSeconds: 1 });
    assert.deepEqual(c.startupProbe, { failureThreshold: 3, grpc: { port: 9090, service: '' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 });
    assert.deepEqual(c.lifecycle, { preStop: { httpGet: { path: '/quit', port: 8080, scheme: 'HTTP' } } });
    assert.deepEqual(c.resources, { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } });
    assert.deepEqual(pod.spec.volumes, [
      { name: 'cfg', configMap: { defaultMode: 420, name: 'cfg' } },
      { name: 'sec', secret: { defaultMode: 420, secretName: 's' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
      { name: 'info', downwardAPI: { defaultMode: 420, items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' }, path: 'labels' }] } },
    ]);
    assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'Burstable' });
  });

  const pullCases: [string, string][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent'],
    ['localhost:5000/foo', 'Always'],
    ['registry.example.com:5000/team/foo:v1', 'IfNotPresent'],
    ['ikubernetes/myapp:v1', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'],
    ['', 'IfNotPresent'],
  ];
  for (const [image, want] of pullCases) test(`imagePullPolicy for ${JSON.stringify(image)}`, () => assert.equal(defaultPullPolicy(image), want));

  test('explicit imagePullPolicy is kept', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }] } }, 'pods');
    assert.equal(pod.spec.containers[0].imagePullPolicy, 'Never');
  });

  const qosCases: [string, any[], string][] = [
    ['no resources', [{ name: 'a' }], 'BestEffort'],
    ['limits = requests for cpu and memory', [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }], 'Guaranteed'],
    ['limits only (requests defaulted)', [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }], 'Guaranteed'],
    ['only cpu request', [{ name: 'a', resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    ['one container without limits', [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }, { name: 'b' }], 'Burstable'],
  ];
  for (const [name, containers, want] of qosCases) test(`QoS: ${name}`, () => assert.equal(computeQOSClass({ containers }), want));

  test('existing NoExecute tolerations are respected', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }], containers: [{ name: 'c', image: 'nginx' }] } }, 'pods');
    assert.deepEqual(pod.spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
    ]);
  });

  test('a tolerate-everything toleration adds nothing', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'c', image: 'nginx' }] } }, 'pods');
    assert.deepEqual(pod.spec.tolerations, [{ operator: 'Exists' }]);
  });

  test('status set by the kubelet is not overwritten', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { phase: 'Running', qosClass: 'BestEffort', podIP: '10.244.1.5' } }, 'pods');
    assert.deepEqual(pod.status, { phase: 'Running', qosClass: 'BestEffort', podIP: '10.244.1.5' });
  });

  const saCases: [string, any, (p: any) => void][] = [
    ['custom service account is kept', { serviceAccountName: 'builder', containers: [{ name: 'c', image: 'x' }] },
      (p) => { assert.equal(p.spec.serviceAccountName, 'builder'); assert.equal(p.spec.serviceAccount, 'builder'); assert.equal(p.spec.volumes[0].name, 'kube-api-access-abcde'); }],
    ['automountServiceAccountToken: false adds no volume', { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'x' }] },
      (p) => { assert.equal(p.spec.volumes, undefined); assert.equal(p.spec.containers[0].volumeMounts, undefined); }],
    ['init containers get the mount too', { initContainers: [{ name: 'i', image: 'x' }], containers: [{ name: 'c', image: 'x' }] },
      (p) => { assert.equal(p.spec.initContainers[0].volumeMounts[0].name, 'kube-api-access-abcde'); assert.equal(p.spec.containers[0].volumeMounts[0].readOnly, true); }],
    ['a container already mounting the path is left alone', {
      volumes: [{ name: 'tok', secret: { secretName: 't' } }],
      containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'tok', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }],
    }, (p) => { assert.equal(p.spec.volumes.length, 1); assert.equal(p.spec.containers[0].volumeMounts.length, 1); }],
  ];
  for (const [name, spec, check] of saCases) {
    test(`admitServiceAccount: ${name}`, () => {
      const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
      admitServiceAccount(pod, 'abcde');
      check(pod);
    });
  }
});

describe('other kinds', () => {
  test('Namespace (seed namespace-testing.yaml)', () => {
    const [ns] = loadManifest('namespace-testing.yaml');
    assert.deepEqual(defaulted(ns, 'namespaces'), {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name: 'testing', labels: { env: 'testing', 'kubernetes.io/metadata.name': 'testing' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  test('Namespace update keeps the stored finalizers', () => {
    const old = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: { finalizers: [] } };
    const got = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }, 'namespaces', old);
    assert.deepEqual(got.spec, { finalizers: [] });
  });

  test('Secret: type Opaque and stringData merged into data', () => {
    const got = defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'hello', a: 'x' } }, 'secrets');
    assert.deepEqual(got, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==', b: 'aGVsbG8=' } });
  });

  test('ConfigMap is untouched', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } };
    assert.deepEqual(defaulted(cm, 'configmaps'), cm);
  });

  test('Endpoints and EndpointSlice ports get TCP', () => {
    const ep = defaulted({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }] }] }, 'endpoints');
    assert.deepEqual(ep.subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
    const es = defaulted({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, addressType: 'IPv4', endpoints: [], ports: [{ port: 80, name: 'http' }] }, 'endpointslices');
    assert.deepEqual(es.ports, [{ port: 80, name: 'http', protocol: 'TCP' }]);
  });

  test('Event shows its zero-valued fields', () => {
    const got = defaulted({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e.1', namespace: 'default' }, reason: 'Scheduled', message: 'm' }, 'events');
    assert.deepEqual(got, {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e.1', namespace: 'default' }, reason: 'Scheduled', message: 'm',
      eventTime: null, firstTimestamp: null, lastTimestamp: null, involvedObject: {}, reportingComponent: '', reportingInstance: '', source: {},
    });
  });

  test('Ingress: status.loadBalancer, pathType untouched', () => {
    const got = defaulted({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } }, 'ingresses');
    assert.equal(got.spec.rules[0].http.paths[0].pathType, undefined);
    assert.deepEqual(got.status, { loadBalancer: {} });
  });

  test('NetworkPolicy policyTypes and port protocol', () => {
    const got = defaulted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } }, 'networkpolicies');
    assert.deepEqual(got.spec, { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] });
  });

  test('HPA v2: minReplicas and the default CPU metric', () => {
    const got = defaulted({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } }, 'horizontalpodautoscalers');
    assert.deepEqual(got.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    assert.equal(got.spec.minReplicas, 1);
    assert.deepEqual(got.spec.behavior.scaleDown, { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    assert.equal(got.spec.behavior.scaleUp.stabilizationWindowSeconds, 0);
  });

  test('RoleBinding subjects get their apiGroup', () => {
    const got = defaulted({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }] }, 'rolebindings');
    assert.deepEqual(got.subjects, [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default', apiGroup: '' }]);
  });

  test('PVC: volumeMode and Pending', () => {
    const got = defaulted({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0.5Gi' } } } }, 'persistentvolumeclaims');
    assert.deepEqual(got.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '512Mi' } }, volumeMode: 'Filesystem' });
    assert.deepEqual(got.status, { phase: 'Pending' });
  });
});

describe('generation and idempotence', () => {
  const genCases: [string, boolean][] = [
    ['deployments', true], ['replicasets', true], ['statefulsets', true], ['daemonsets', true], ['jobs', true], ['cronjobs', true],
    ['ingresses', true], ['ingressclasses', true], ['networkpolicies', true],
    ['pods', false], ['services', false], ['namespaces', false], ['configmaps', false], ['secrets', false], ['events', false], ['endpoints', false],
  ];
  for (const [resource, want] of genCases) test(`usesGeneration(${resource})`, () => assert.equal(usesGeneration(K(resource)), want));

  for (const file of manifestFiles()) {
    test(`defaults are idempotent for ${file}`, () => {
      for (let doc of loadManifest(file)) {
        const rt = resolveApiVersionKind(doc.apiVersion!, doc.kind!)!;
        if (rt.legacy) doc = convertToStorage(doc, doc.apiVersion!, rt.info);
        doc.metadata.uid = 'uid-1';
        const once = clone(doc);
        applyDefaults(once, rt.info);
        const twice = clone(once);
        applyDefaults(twice, rt.info);
        assert.deepEqual(twice, once);
      }
    });
  }

  test('every kind accepts a bare object', () => {
    for (const info of KINDS) {
      const o: KObject = { apiVersion: 'v1', kind: info.kind, metadata: { name: 'x' } };
      assert.doesNotThrow(() => applyDefaults(o, info), info.kind);
    }
  });
});
