// The kubelet's pure parts: pod IPs, pod status, service environment variables, container env.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { allocatePodIP, backoffMs, containerEnv, podStatus, serviceEnv } from '../../../src/agent/kubelet';
import type { KObject } from '../../../src/api/types';

const svc = (name: string, ns: string, ip: string, ports: any[]): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { clusterIP: ip, ports } });

describe('kubelet', () => {
  test('service environment variables as kubelet envvars.go makes them (compat §6.1)', () => {
    const env = serviceEnv([
      svc('redis-primary', 'default', '10.0.0.11', [{ name: 'redis', port: 6379, protocol: 'TCP' }, { name: 'metrics', port: 9121, protocol: 'TCP' }]),
      svc('kubernetes', 'default', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
      svc('headless', 'default', 'None', [{ port: 80 }]),
      svc('elsewhere', 'other', '10.0.0.12', [{ port: 80 }]),
    ], 'default');
    assert.deepEqual(env, {
      REDIS_PRIMARY_SERVICE_HOST: '10.0.0.11', REDIS_PRIMARY_SERVICE_PORT: '6379',
      REDIS_PRIMARY_SERVICE_PORT_REDIS: '6379', REDIS_PRIMARY_SERVICE_PORT_METRICS: '9121',
      REDIS_PRIMARY_PORT: 'tcp://10.0.0.11:6379',
      REDIS_PRIMARY_PORT_6379_TCP: 'tcp://10.0.0.11:6379', REDIS_PRIMARY_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_PRIMARY_PORT_6379_TCP_PORT: '6379', REDIS_PRIMARY_PORT_6379_TCP_ADDR: '10.0.0.11',
      REDIS_PRIMARY_PORT_9121_TCP: 'tcp://10.0.0.11:9121', REDIS_PRIMARY_PORT_9121_TCP_PROTO: 'tcp',
      REDIS_PRIMARY_PORT_9121_TCP_PORT: '9121', REDIS_PRIMARY_PORT_9121_TCP_ADDR: '10.0.0.11',
      KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443', KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    });
    assert.deepEqual(Object.keys(serviceEnv([svc('kubernetes', 'default', '10.96.0.1', [{ name: 'https', port: 443 }])], 'other', false)).length, 8);
  });

  test('container env: envFrom, valueFrom (ConfigMap, Secret, fields), $(VAR) expansion, explicit values win', () => {
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'a' } }, spec: { nodeName: 'k8s-node1' } };
    const env = containerEnv(pod, {
      envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }, { secretRef: { name: 's' } }],
      env: [
        { name: 'A', value: 'x-$(CM_k)' }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } }, { name: 'D', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'E', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }, { name: 'pw', value: 'override' },
      ],
    }, {
      services: [], podIP: '10.244.1.2', hostIP: '127.0.1.2',
      configMaps: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' }, data: { k: 'v' } }],
      secrets: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { pw: Buffer.from('secret').toString('base64') } }],
    });
    assert.deepEqual(env, { CM_k: 'v', pw: 'override', A: 'x-v', B: 'v', C: 'secret', D: '10.244.1.2', E: 'a' });
  });

  test('pod IPs: the lowest free address of the node\'s /24 after the gateway', () => {
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podCIDR: '10.244.1.0/24' } };
    assert.equal(allocatePodIP(node, []), '10.244.1.2');
    assert.equal(allocatePodIP(node, [{ status: { podIP: '10.244.1.2' } } as any, { status: { podIP: '10.244.1.4' } } as any]), '10.244.1.3');
  });

  test('status: running and ready; completed; crash-looping', () => {
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Pending', qosClass: 'BestEffort' } };
    const now = Date.parse('2026-11-27T05:00:00Z');
    const run = podStatus(pod, { podIP: '10.244.1.2', hostIP: '127.0.1.2', startTime: now, now, containers: [{ name: 'c', image: 'nginx', restartCount: 0, startedAt: now }] }) as any;
    assert.equal(run.phase, 'Running');
    assert.deepEqual(run.conditions.map((c: any) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    assert.deepEqual(run.containerStatuses[0].state, { running: { startedAt: '2026-11-27T05:00:00Z' } });
    const done = podStatus(pod, { podIP: '10.244.1.2', hostIP: 'h', startTime: now, now, containers: [{ name: 'c', image: 'x', restartCount: 0, finished: true, terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } }] }) as any;
    assert.equal(done.phase, 'Succeeded');
    assert.equal(done.conditions[2].reason, 'PodCompleted');
    const loop = podStatus(pod, { podIP: '10.244.1.2', hostIP: 'h', startTime: now, now, containers: [{ name: 'c', image: 'x', restartCount: 3, waiting: { reason: 'CrashLoopBackOff' }, terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now } }] }) as any;
    assert.equal(loop.containerStatuses[0].state.waiting.reason, 'CrashLoopBackOff');
    assert.equal(loop.containerStatuses[0].lastState.terminated.exitCode, 1);
    assert.deepEqual([1, 2, 3, 6, 10].map(backoffMs), [10_000, 20_000, 40_000, 300_000, 300_000]);
  });
});

describe('kubelet status with init containers and probes', () => {
  const now = Date.parse('2026-11-27T05:00:00Z');
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } };
  const base = { podIP: '10.244.1.2', hostIP: '127.0.1.2', startTime: now, now };
  const cases: { name: string; o: any; phase: string; initialized: string; ready: string; app: any; init?: any[] }[] = [
    { name: 'first init container running: Pending, app PodInitializing', phase: 'Pending', initialized: 'False', ready: 'False',
      o: { initContainers: [{ name: 'i1', image: 'busybox', restartCount: 0, startedAt: now }, { name: 'i2', image: 'busybox', restartCount: 0 }], containers: [{ name: 'app', image: 'nginx', restartCount: 0 }] },
      app: { waiting: { reason: 'PodInitializing' } }, init: [{ running: { startedAt: '2026-11-27T05:00:00Z' } }, { waiting: { reason: 'PodInitializing' } }] },
    { name: 'init done, app running and ready', phase: 'Running', initialized: 'True', ready: 'True',
      o: { initContainers: [{ name: 'i1', image: 'busybox', restartCount: 0, finished: true, terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } }], containers: [{ name: 'app', image: 'nginx', restartCount: 0, startedAt: now }] },
      app: { running: { startedAt: '2026-11-27T05:00:00Z' } } },
    { name: 'init failed under Never: Failed', phase: 'Failed', initialized: 'False', ready: 'False',
      o: { failed: true, initContainers: [{ name: 'i1', image: 'busybox', restartCount: 0, finished: true, terminated: { exitCode: 2, reason: 'Error', startedAt: now, finishedAt: now } }], containers: [{ name: 'app', image: 'nginx', restartCount: 0 }] },
      app: { waiting: { reason: 'PodInitializing' } } },
    { name: 'running but readiness not yet passed: Running, not ready', phase: 'Running', initialized: 'True', ready: 'False',
      o: { containers: [{ name: 'app', image: 'nginx', restartCount: 0, startedAt: now, ready: false }] }, app: { running: { startedAt: '2026-11-27T05:00:00Z' } } },
    { name: 'startup probe not passed: started false, not ready', phase: 'Running', initialized: 'True', ready: 'False',
      o: { containers: [{ name: 'app', image: 'nginx', restartCount: 0, startedAt: now, started: false }] }, app: { running: { startedAt: '2026-11-27T05:00:00Z' } } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const st = podStatus(pod, { ...base, ...c.o }) as any;
      const cond = (t: string) => st.conditions.find((x: any) => x.type === t).status;
      assert.equal(st.phase, c.phase);
      assert.equal(cond('Initialized'), c.initialized);
      assert.equal(cond('Ready'), c.ready);
      assert.deepEqual(st.containerStatuses[0].state, c.app);
      if (c.init) assert.deepEqual(st.initContainerStatuses.map((s: any) => s.state), c.init);
      if (c.o.containers[0].started === false) assert.equal(st.containerStatuses[0].started, false);
    });
  }
});
