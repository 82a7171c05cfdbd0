import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { patchMetaFor, schemaForKind } from '../../../src/api/patchmeta';

describe('patchMetaFor (k8s.io/api struct tags)', () => {
  const podSpec = (kind: string): string[] => ({
    Pod: ['spec'],
    Deployment: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    ReplicationController: ['spec', 'template', 'spec'],
    PodTemplate: ['template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  } as Record<string, string[]>)[kind];

  const cases: [string, string[], { strategy?: string; mergeKey?: string }][] = [];
  for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate']) {
    const ps = podSpec(kind);
    cases.push(
      [kind, [...ps, 'containers'], { strategy: 'merge', mergeKey: 'name' }],
      [kind, [...ps, 'initContainers'], { strategy: 'merge', mergeKey: 'name' }],
      [kind, [...ps, 'containers', '0', 'ports'], { strategy: 'merge', mergeKey: 'containerPort' }],
      [kind, [...ps, 'containers', '*', 'env'], { strategy: 'merge', mergeKey: 'name' }],
      [kind, [...ps, 'initContainers', 'volumeMounts'], { strategy: 'merge', mergeKey: 'mountPath' }],
      [kind, [...ps, 'containers', 'volumeDevices'], { strategy: 'merge', mergeKey: 'devicePath' }],
      [kind, [...ps, 'volumes'], { strategy: 'merge,retainKeys', mergeKey: 'name' }],
      [kind, [...ps, 'imagePullSecrets'], { strategy: 'merge', mergeKey: 'name' }],
      [kind, [...ps, 'hostAliases'], { strategy: 'merge', mergeKey: 'ip' }],
      [kind, [...ps, 'topologySpreadConstraints'], { strategy: 'merge', mergeKey: 'topologyKey' }],
      [kind, [...ps, 'tolerations'], {}],
      [kind, [...ps, 'containers', 'args'], {}],
      [kind, ['metadata', 'finalizers'], { strategy: 'merge' }],
      [kind, ['metadata', 'ownerReferences'], { strategy: 'merge', mergeKey: 'uid' }],
    );
  }
  cases.push(
    ['Pod', ['spec', 'ephemeralContainers'], { strategy: 'merge', mergeKey: 'name' }],
    ['Pod', ['spec', 'ephemeralContainers', 'env'], { strategy: 'merge', mergeKey: 'name' }],
    ['Pod', ['status', 'conditions'], { strategy: 'merge', mergeKey: 'type' }],
    ['Pod', ['status', 'podIPs'], { strategy: 'merge', mergeKey: 'ip' }],
    ['Deployment', ['spec', 'strategy'], { strategy: 'retainKeys' }],
    ['Deployment', ['spec', 'template', 'metadata', 'finalizers'], { strategy: 'merge' }],
    ['Deployment', ['status', 'conditions'], { strategy: 'merge', mergeKey: 'type' }],
    ['DaemonSet', ['spec', 'updateStrategy'], {}],
    ['StatefulSet', ['spec', 'volumeClaimTemplates', 'metadata', 'finalizers'], { strategy: 'merge' }],
    ['Service', ['spec', 'ports'], { strategy: 'merge', mergeKey: 'port' }],
    ['Service', ['spec', 'externalIPs'], {}],
    ['Service', ['spec', 'selector'], {}],
    ['ServiceAccount', ['secrets'], { strategy: 'merge', mergeKey: 'name' }],
    ['Node', ['spec', 'podCIDRs'], { strategy: 'merge' }],
    ['Node', ['status', 'addresses'], { strategy: 'merge', mergeKey: 'type' }],
    ['Ingress', ['spec', 'rules'], {}],
    ['Ingress', ['spec', 'tls'], {}],
    ['Endpoints', ['subsets'], {}],
    ['PodDisruptionBudget', ['spec', 'selector'], { strategy: 'replace' }],
    ['ConfigMap', ['metadata', 'finalizers'], { strategy: 'merge' }],
    ['ConfigMap', ['data'], {}],
    ['MutatingWebhookConfiguration', ['webhooks'], { strategy: 'merge', mergeKey: 'name' }],
    ['ValidatingWebhookConfiguration', ['webhooks', 'matchConditions'], { strategy: 'merge', mergeKey: 'name' }],
  );
  for (const [kind, p, want] of cases) {
    test(`${kind} ${p.join('.')}`, () => {
      const got = patchMetaFor(kind, p);
      assert.ok(got, 'known kind');
      assert.equal(got.strategy, want.strategy);
      assert.equal(got.mergeKey, want.mergeKey);
    });
  }

  test('unknown kinds (custom resources) have no metadata', () => {
    assert.equal(patchMetaFor('Widget', ['spec', 'containers']), undefined);
    assert.equal(schemaForKind('Widget'), undefined);
  });

  test('free-form maps stop the walk (a label named "containers" is not a merge list)', () => {
    const m = patchMetaFor('Pod', ['metadata', 'labels', 'containers']);
    assert.equal(m?.strategy, undefined);
    assert.equal(m?.mergeKey, undefined);
    assert.deepEqual(m?.strategies, []);
  });
});
