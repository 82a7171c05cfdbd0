import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateObject, validateUpdate } from '../../../src/api/validation';
import { applyDefaults, admitServiceAccount } from '../../../src/api/defaults';
import { convertToStorage } from '../../../src/api/conversion';
import { fieldErrorString, invalid, formatError } from '../../../src/api/errors';
import { kindByResource, resolveApiVersionKind } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import { loadManifest, manifestFiles, clone } from './seed-manifests';

const K = (r: string) => kindByResource(r)!;

/** default like the API server, then validate; returns `field: message` strings */
function errs(o: any, resource: string): string[] {
  const c = clone(o);
  if (!c.metadata) c.metadata = {};
  applyDefaults(c, K(resource));
  if (resource === 'pods') admitServiceAccount(c, 'abcde');
  return validateObject(c, K(resource)).map(fieldErrorString);
}

function updErrs(n: any, o: any, resource: string): string[] {
  const nc = clone(n);
  const oc = clone(o);
  applyDefaults(oc, K(resource));
  applyDefaults(nc, K(resource), { old: oc });
  return validateUpdate(nc, oc, K(resource)).map(fieldErrorString);
}

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function pod(spec: any, metadata: any = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...metadata }, spec };
}
const C = (extra: any = {}) => ({ name: 'app', image: 'nginx', ...extra });

describe('seed manifests are valid', () => {
  for (const file of manifestFiles()) {
    test(file, () => {
      for (let doc of loadManifest(file)) {
        const rt = resolveApiVersionKind(doc.apiVersion!, doc.kind!)!;
        if (rt.legacy) doc = convertToStorage(doc, doc.apiVersion!, rt.info);
        if (rt.info.namespaced) doc.metadata.namespace ??= 'default';
        doc.metadata.uid = 'uid-1';
        applyDefaults(doc, rt.info);
        assert.deepEqual(validateObject(doc, rt.info).map(fieldErrorString), [], `${doc.kind}/${doc.metadata.name}`);
      }
    });
  }
});

describe('metadata', () => {
  const cases: [string, any, string[]][] = [
    ['bad pod name (compat §4.2)', pod({ containers: [C()] }, { name: 'Bad_Name' }), [`metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN}`]],
    ['name too long', pod({ containers: [C()] }, { name: 'a'.repeat(254) }), ['metadata.name: Invalid value: "' + 'a'.repeat(254) + '": must be no more than 253 characters']],
    ['no name', pod({ containers: [C()] }, { name: undefined }), ['metadata.name: Required value: name or generateName is required']],
    ['bad generateName', pod({ containers: [C()] }, { name: 'ok', generateName: 'Web-' }), [`metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN}`]],
    ['label value (compat §4.2)', pod({ containers: [C()] }, { labels: { app: 'a b' } }), [`metadata.labels: Invalid value: "a b": ${LABEL_VALUE}`]],
    ['label key with two slashes', pod({ containers: [C()] }, { labels: { 'a/b/c': 'x' } }),
      ["metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
    ['label value too long', pod({ containers: [C()] }, { labels: { app: 'x'.repeat(64) } }), [`metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`]],
    ['annotation key', pod({ containers: [C()] }, { annotations: { 'bad key': 'v' } }),
      ["metadata.annotations: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]],
    ['annotations too big', pod({ containers: [C()] }, { annotations: { big: 'x'.repeat(262145) } }), ['metadata.annotations: Too long: may not be more than 262144 bytes']],
    ['owner reference without uid', pod({ containers: [C()] }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs' }] }),
      ['metadata.ownerReferences.uid: Invalid value: "": must not be empty']],
    ['two controllers', pod({ containers: [C()] }, {
      ownerReferences: [{ apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true }, { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true }],
    }), ['metadata.ownerReferences: Invalid value: []v1.OwnerReference{{ApiVersion:"v1", Kind:"A", Name:"a", Uid:"1", Controller:true}, {ApiVersion:"v1", Kind:"B", Name:"b", Uid:"2", Controller:true}}: Only one reference can have Controller set to true. Found "true" in references for A/a and B/b']],
    ['bad finalizer', pod({ containers: [C()] }, { finalizers: ['foo'] }),
      ['metadata.finalizers[0]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified']],
    ['missing namespace', pod({ containers: [C()] }, { namespace: undefined }), ['metadata.namespace: Required value']],
  ];
  for (const [name, o, want] of cases) test(name, () => assert.deepEqual(errs(o, 'pods'), want));

  test('namespace name is a DNS label (compat §4.2)', () => {
    assert.deepEqual(errs({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Foo' } }, 'namespaces'), [`metadata.name: Invalid value: "Foo": ${LABEL}`]);
  });
  test('cluster-scoped kinds reject a namespace', () => {
    assert.deepEqual(errs({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo', namespace: 'x' } }, 'namespaces'), ['metadata.namespace: Forbidden: not allowed on this type']);
  });
  const rbac: [string, string, string[]][] = [
    ['roles', 'system:reader', []],
    ['roles', 'a/b', ['metadata.name: Invalid value: "a/b": may not contain \'/\'']],
    ['clusterroles', '..', ['metadata.name: Invalid value: "..": may not be \'..\'']],
    ['clusterrolebindings', 'Cluster-Admin:Me', []],
  ];
  for (const [resource, name, want] of rbac) {
    test(`${resource} name ${name}`, () => {
      const info = K(resource);
      const o: any = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: info.kind, metadata: { name } };
      if (info.namespaced) o.metadata.namespace = 'default';
      assert.deepEqual(errs(o, resource), want);
    });
  }
  test('metadata-only kinds: ServiceAccount, ResourceQuota, PDB', () => {
    assert.deepEqual(errs({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'BadSA', namespace: 'default' } }, 'serviceaccounts'), [`metadata.name: Invalid value: "BadSA": ${SUBDOMAIN}`]);
    assert.deepEqual(errs({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '10' } } }, 'resourcequotas'), []);
    assert.deepEqual(errs({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: 'default' }, spec: { minAvailable: 1 } }, 'poddisruptionbudgets'), []);
  });
});

describe('Pod', () => {
  const cases: [string, any, string[]][] = [
    ['valid', { containers: [C({ ports: [{ name: 'http', containerPort: 80 }] })] }, []],
    ['no containers', { containers: [] }, ['spec.containers: Required value']],
    ['no image', { containers: [C({ image: undefined })] }, ['spec.containers[0].image: Required value']],
    ['image with spaces', { containers: [C({ image: ' nginx ' })] }, ['spec.containers[0].image: Invalid value: " nginx ": must not have leading or trailing whitespace']],
    ['bad container name', { containers: [C({ name: 'Nginx' })] }, [`spec.containers[0].name: Invalid value: "Nginx": ${LABEL}`]],
    ['no container name', { containers: [C({ name: '' })] }, ['spec.containers[0].name: Required value']],
    ['duplicate container names', { containers: [C(), C()] }, ['spec.containers[1].name: Duplicate value: "app"']],
    ['containerPort 0', { containers: [C({ ports: [{ containerPort: 0 }] })] }, ['spec.containers[0].ports[0].containerPort: Required value']],
    ['containerPort too big', { containers: [C({ ports: [{ containerPort: 70000 }] })] }, ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['port name too long', { containers: [C({ ports: [{ name: 'http-port-too-long', containerPort: 80 }] })] }, ['spec.containers[0].ports[0].name: Invalid value: "http-port-too-long": must be no more than 15 characters']],
    ['duplicate port names', { containers: [C({ ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] })] }, ['spec.containers[0].ports[1].name: Duplicate value: "http"']],
    ['bad protocol', { containers: [C({ ports: [{ containerPort: 80, protocol: 'HTTP' }] })] }, ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
    ['hostPort conflict', { containers: [C({ ports: [{ containerPort: 80, hostPort: 8080 }] }), C({ name: 'b', ports: [{ containerPort: 81, hostPort: 8080 }] })] }, ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']],
    ['restartPolicy', { restartPolicy: 'Sometimes', containers: [C()] }, ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['dnsPolicy', { dnsPolicy: 'Cluster', containers: [C()] }, ['spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"']],
    ['imagePullPolicy', { containers: [C({ imagePullPolicy: 'Sometimes' })] }, ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"']],
    ['mount of an unknown volume', { containers: [C({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }, ['spec.containers[0].volumeMounts[0].name: Not found: "data"']],
    ['mount without path', { volumes: [{ name: 'data' }], containers: [C({ volumeMounts: [{ name: 'data' }] })] }, ['spec.containers[0].volumeMounts[0].mountPath: Required value']],
    ['duplicate mount path', { volumes: [{ name: 'a' }, { name: 'b' }], containers: [C({ volumeMounts: [{ name: 'a', mountPath: '/d' }, { name: 'b', mountPath: '/d' }] })] },
      ['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique']],
    ['duplicate volume names', { volumes: [{ name: 'data' }, { name: 'data' }], containers: [C()] }, ['spec.volumes[1].name: Duplicate value: "data"']],
    ['bad volume name', { volumes: [{ name: 'Data' }], containers: [C()] }, [`spec.volumes[0].name: Invalid value: "Data": ${LABEL}`]],
    ['two volume sources', { volumes: [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }], containers: [C()] }, ['spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type']],
    ['secret volume without name', { volumes: [{ name: 'v', secret: {} }], containers: [C()] }, ['spec.volumes[0].secret.secretName: Required value']],
    ['configMap item with absolute path', { volumes: [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: '/etc/x' }] } }], containers: [C()] },
      ['spec.volumes[0].configMap.items[0].path: Invalid value: "/etc/x": must be a relative path']],
    ['defaultMode too big', { volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 1000 } }], containers: [C()] },
      ['spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive']],
    ['hostPath without path', { volumes: [{ name: 'v', hostPath: {} }], containers: [C()] }, ['spec.volumes[0].hostPath.path: Required value']],
    ['probe with two handlers', { containers: [C({ livenessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } })] },
      ['spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type']],
    ['probe without handler', { containers: [C({ readinessProbe: { periodSeconds: 5 } })] }, ['spec.containers[0].readinessProbe: Required value: must specify a handler type']],
    ['probe with empty exec', { containers: [C({ livenessProbe: { exec: {} } })] }, ['spec.containers[0].livenessProbe.exec.command: Required value']],
    ['probe with named port', { containers: [C({ livenessProbe: { httpGet: { port: 'http' } } })] }, []],
    ['probe with bad port', { containers: [C({ livenessProbe: { tcpSocket: { port: 0 } } })] }, ['spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['liveness successThreshold', { containers: [C({ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } })] }, ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']],
    ['negative initialDelaySeconds', { containers: [C({ readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: -1 } })] }, ['spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0']],
    ['httpGet scheme', { containers: [C({ livenessProbe: { httpGet: { port: 80, scheme: 'FTP' } } })] }, ['spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"']],
    ['env name with =', { containers: [C({ env: [{ name: 'A=B', value: 'x' }] })] }, ['spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'']],
    ['env name starting with a digit is fine in 1.32', { containers: [C({ env: [{ name: '1A', value: 'x' }] })] }, []],
    ['env without name', { containers: [C({ env: [{ value: 'x' }] })] }, ['spec.containers[0].env[0].name: Required value']],
    ['env valueFrom without key', { containers: [C({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm' } } }] })] }, ['spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value']],
    ['env valueFrom empty', { containers: [C({ env: [{ name: 'A', valueFrom: {} }] })] }, ['spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`']],
    ['env value and valueFrom', { containers: [C({ env: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] })] }, ['spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty']],
    ['env fieldRef unsupported', { containers: [C({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }] })] },
      ['spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"']],
    ['env fieldRef unknown', { containers: [C({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.foo' } } }] })] },
      ['spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo']],
    ['env label subscript ok', { containers: [C({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }] })] }, []],
    ['envFrom without source', { containers: [C({ envFrom: [{ prefix: 'X_' }] })] }, ['spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`']],
    ['requests above limits', { containers: [C({ resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } })] }, ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']],
    ['negative quantity', { containers: [C({ resources: { requests: { memory: '-1Mi' } } })] }, ['spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0']],
    ['unknown resource', { containers: [C({ resources: { limits: { gpu: '1' } } })] }, [
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified']],
    ['extended resource must be an integer', { containers: [C({ resources: { limits: { 'nvidia.com/gpu': '0.5' } } })] }, [
      'spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: "500m": must be an integer',
      'spec.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: "500m": must be an integer']],
    ['toleration seconds with NoSchedule', { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 }], containers: [C()] },
      ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"]],
    ['toleration Exists with value', { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }], containers: [C()] },
      ["spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'"]],
    ['toleration empty key needs Exists', { tolerations: [{ operator: 'Equal', value: 'v' }], containers: [C()] },
      ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"']],
    ['nodeSelector value', { nodeSelector: { disk: 'a b' }, containers: [C()] }, [`spec.nodeSelector: Invalid value: "a b": ${LABEL_VALUE}`]],
    ['hostname', { hostname: 'Web', containers: [C()] }, [`spec.hostname: Invalid value: "Web": ${LABEL}`]],
    ['activeDeadlineSeconds', { activeDeadlineSeconds: 0, containers: [C()] }, ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']],
    ['ephemeral containers on create', { containers: [C()], ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] }, ['spec.ephemeralContainers: Forbidden: cannot be set on create']],
    ['init container probes', { initContainers: [C({ name: 'init', livenessProbe: { tcpSocket: { port: 80 } } })], containers: [C()] },
      ['spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always']],
    ['init container name clash', { initContainers: [C()], containers: [C()] }, ['spec.initContainers[0].name: Duplicate value: "app"']],
    ['restartPolicy on a regular container', { containers: [C({ restartPolicy: 'Always' })] }, ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers']],
    ['hostNetwork needs hostPort = containerPort', { hostNetwork: true, containers: [C({ ports: [{ containerPort: 80, hostPort: 81 }] })] },
      ['spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true']],
    ['serviceAccountName', { serviceAccountName: 'Bad', containers: [C()] }, [`spec.serviceAccountName: Invalid value: "Bad": ${SUBDOMAIN}`]],
  ];
  for (const [name, spec, want] of cases) test(name, () => assert.deepEqual(errs(pod(spec), 'pods'), want));

  test('several causes render as kubectl prints them', () => {
    const o = clone(pod({ containers: [C({ name: 'Web', image: undefined })] }));
    applyDefaults(o, K('pods'));
    const e = invalid('Pod', 'p', validateObject(o, K('pods')));
    assert.equal(formatError(e), `The Pod "p" is invalid: \n* spec.containers[0].name: Invalid value: "Web": ${LABEL}\n* spec.containers[0].image: Required value`);
  });
});

describe('Pod update', () => {
  const base = pod({ containers: [C({ image: 'nginx:1.24' })] });
  const withSpec = (spec: any) => ({ ...clone(base), spec });
  const cases: [string, any, (e: string[]) => void][] = [
    ['image change is allowed', withSpec({ containers: [C({ image: 'nginx:1.25' })] }), (e) => assert.deepEqual(e, [])],
    ['adding a container is forbidden', withSpec({ containers: [C({ image: 'nginx:1.24' }), C({ name: 'b' })] }), (e) => assert.deepEqual(e, ['spec.containers: Forbidden: pod updates may not add or remove containers'])],
    ['removing the image', withSpec({ containers: [C({ image: '' })] }), (e) => assert.ok(e.includes('spec.containers[0].image: Required value'))],
    ['other changes are forbidden', withSpec({ containers: [C({ image: 'nginx:1.24', ports: [{ containerPort: 80 }] })] }), (e) => {
      assert.equal(e.length, 1);
      assert.ok(e[0].startsWith('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{\n'), e[0]);
    }],
    ['adding a toleration is allowed', withSpec({ containers: [C({ image: 'nginx:1.24' })], tolerations: [{ key: 'x', operator: 'Exists' }] }), (e) => assert.deepEqual(e, [])],
    ['activeDeadlineSeconds may only shrink', { ...withSpec({ containers: [C({ image: 'nginx:1.24' })], activeDeadlineSeconds: 100 }) }, (e) => assert.deepEqual(e, [])],
    ['name change', { ...clone(base), metadata: { ...base.metadata, name: 'q' } }, (e) => assert.deepEqual(e, ['metadata.name: Invalid value: "q": field is immutable'])],
  ];
  for (const [name, n, check] of cases) {
    test(name, () => {
      const old = clone(base);
      applyDefaults(old, K('pods'));
      const nc = clone(n);
      applyDefaults(nc, K('pods'), { old });
      check(validateUpdate(nc, old, K('pods')).map(fieldErrorString));
    });
  }
  test('tolerations may not be removed', () => {
    const old = clone(base);
    old.spec.tolerations = [{ key: 'x', operator: 'Exists' }];
    applyDefaults(old, K('pods'));
    const nc = clone(old);
    nc.spec.tolerations = nc.spec.tolerations.slice(1);
    assert.deepEqual(validateUpdate(nc, old, K('pods')).map(fieldErrorString), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });
  test('activeDeadlineSeconds may not grow', () => {
    const old = clone(base);
    old.spec.activeDeadlineSeconds = 10;
    applyDefaults(old, K('pods'));
    const nc = clone(old);
    nc.spec.activeDeadlineSeconds = 20;
    assert.deepEqual(validateUpdate(nc, old, K('pods')).map(fieldErrorString), ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value']);
  });
});

describe('Secret, ConfigMap, Namespace, Endpoints, Event', () => {
  const cases: [string, string, any, string[]][] = [
    ['tls secret without key', 'secrets', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0' } }, ['data[tls.key]: Required value']],
    ['tls secret without both', 'secrets', { type: 'kubernetes.io/tls', data: {} }, ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
    ['basic-auth without fields', 'secrets', { type: 'kubernetes.io/basic-auth' }, ['data[username]: Required value', 'data[password]: Required value']],
    ['ssh-auth', 'secrets', { type: 'kubernetes.io/ssh-auth', data: {} }, ['data[ssh-privatekey]: Required value']],
    ['dockerconfigjson missing', 'secrets', { type: 'kubernetes.io/dockerconfigjson', data: {} }, ['data[.dockerconfigjson]: Required value']],
    ['service-account-token needs the annotation', 'secrets', { type: 'kubernetes.io/service-account-token' }, ['metadata.annotations[kubernetes.io/service-account.name]: Required value']],
    ['secret bad key', 'secrets', { data: { 'a b': 'eA==' } }, [`data[a b]: Invalid value: "a b": ${CONFIG_KEY}`]],
    ['opaque ok', 'secrets', { data: { password: 'cGFzcw==' } }, []],
    ['custom type ok', 'secrets', { type: 'example.com/thing' }, []],
    ['configmap bad key', 'configmaps', { data: { 'a b': 'x' } }, [`data[a b]: Invalid value: "a b": ${CONFIG_KEY}`]],
    ['configmap duplicate in binaryData', 'configmaps', { data: { k: 'x' }, binaryData: { k: 'eA==' } }, ['data[k]: Invalid value: "k": duplicate of key present in binaryData']],
    ['configmap ok', 'configmaps', { data: { 'nginx.conf': 'x', 'A_B-c': 'y' } }, []],
    ['endpoints bad ip', 'endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.300' }], ports: [{ port: 80 }] }] }, [
      'subsets[0].addresses[0].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[0].ip: Invalid value: "10.0.0.300": must be a valid IP address']],
    // deviation: kctl's nodes (and so host-network endpoints) live on 127.0.0.0/8, so loopback is accepted
    ['endpoints loopback is accepted', 'endpoints', { subsets: [{ addresses: [{ ip: '127.0.0.1' }] }] }, []],
    ['endpoints link-local', 'endpoints', { subsets: [{ addresses: [{ ip: '169.254.1.1' }] }] }, ['subsets[0].addresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
    ['endpoints without addresses', 'endpoints', { subsets: [{ ports: [{ port: 80 }] }] }, ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']],
    ['endpoints multi-port unnamed', 'endpoints', { subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }, { port: 81 }] }] }, ['subsets[0].ports[0].name: Required value', 'subsets[0].ports[1].name: Required value']],
    ['event namespace mismatch', 'events', { involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' }, reason: 'x' }, ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']],
    ['event ok', 'events', { involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Scheduled' }, []],
  ];
  for (const [name, resource, body, want] of cases) {
    test(name, () => {
      const info = K(resource);
      assert.deepEqual(errs({ apiVersion: 'v1', kind: info.kind, metadata: { name: 'x', namespace: 'default' }, ...body }, resource), want);
    });
  }

  const updates: [string, string, any, any, string[]][] = [
    ['immutable secret data', 'secrets', { immutable: true, data: { a: 'YQ==' } }, { immutable: true, data: { a: 'Yg==' } }, ['data: Forbidden: field is immutable when `immutable` is set']],
    ['immutable secret flag', 'secrets', { immutable: true, data: { a: 'YQ==' } }, { data: { a: 'YQ==' } }, ['immutable: Forbidden: field is immutable when `immutable` is set']],
    ['secret type', 'secrets', { type: 'Opaque' }, { type: 'kubernetes.io/basic-auth', data: { username: 'dQ==' } }, ['type: Invalid value: "kubernetes.io/basic-auth": field is immutable']],
    ['immutable configmap', 'configmaps', { immutable: true, data: { a: '1' } }, { immutable: true, data: { a: '2' } }, ['data: Forbidden: field is immutable when `immutable` is set']],
    ['mutable configmap', 'configmaps', { data: { a: '1' } }, { data: { a: '2' } }, []],
    ['uid change', 'configmaps', { data: {} }, { metadata: { name: 'x', namespace: 'default', uid: 'other' } }, ['metadata.uid: Invalid value: "other": field is immutable']],
  ];
  for (const [name, resource, oldBody, newBody, want] of updates) {
    test(`update: ${name}`, () => {
      const info = K(resource);
      const md = { name: 'x', namespace: 'default', uid: 'u1' };
      const o = { apiVersion: 'v1', kind: info.kind, metadata: md, ...oldBody };
      const n = { apiVersion: 'v1', kind: info.kind, metadata: md, ...newBody };
      assert.deepEqual(updErrs(n, o, resource), want);
    });
  }
});
