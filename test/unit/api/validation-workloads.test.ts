import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateObject, validateUpdate, cronParseError } from '../../../src/api/validation';
import { applyDefaults } from '../../../src/api/defaults';
import { fieldErrorString, invalid, formatError } from '../../../src/api/errors';
import { kindByResource } from '../../../src/api/kinds';
import { loadManifest, clone } from './seed-manifests';

const K = (r: string) => kindByResource(r)!;

function errs(o: any, resource: string): string[] {
  const c = clone(o);
  applyDefaults(c, K(resource));
  return validateObject(c, K(resource)).map(fieldErrorString);
}

function updErrs(n: any, o: any, resource: string): string[] {
  const oc = clone(o);
  applyDefaults(oc, K(resource));
  const nc = clone(n);
  applyDefaults(nc, K(resource), { old: oc });
  return validateUpdate(nc, oc, K(resource)).map(fieldErrorString);
}

const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function deploy(spec: any, name = 'web'): any {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec };
}
const tpl = (labels: any, spec: any = {}) => ({ metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec } });
const sel = (ml: any) => ({ matchLabels: ml });

describe('Deployment', () => {
  const cases: [string, any, string[]][] = [
    ['valid', { selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) }, []],
    ['selector mismatch (compat §4.2)', { selector: sel({ app: 'web' }), template: tpl({ app: 'other' }) },
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`']],
    ['missing selector (compat §4.2)', { template: tpl({ app: 'web' }) },
      ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['template without labels', { selector: sel({ app: 'web' }), template: { spec: { containers: [{ name: 'c', image: 'x' }] } } },
      ['spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`']],
    ['empty selector', { selector: {}, template: tpl({ app: 'web' }) },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']],
    ['selector with expressions', { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, template: tpl({ app: 'api' }) }, []],
    ['bad selector operator', { selector: { matchExpressions: [{ key: 'app', operator: 'Has' }] }, template: tpl({ app: 'web' }) }, [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Has": not a valid selector operator',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Has", Values:[]string(nil)}}}: invalid label selector']],
    ['In without values', { selector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, template: tpl({ app: 'web' }) }, [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}: invalid label selector']],
    ['negative replicas', { replicas: -1, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['both surge and unavailable 0', { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']],
    ['both 0%', { strategy: { rollingUpdate: { maxSurge: '0%', maxUnavailable: '0%' } }, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0']],
    ['bad percent', { strategy: { rollingUpdate: { maxSurge: 'abc' } }, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) },
      ["spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]],
    ['unavailable above 100%', { strategy: { rollingUpdate: { maxUnavailable: '120%' } }, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%']],
    ['Recreate with rollingUpdate', { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
    ['unknown strategy', { strategy: { type: 'BlueGreen' }, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) },
      ['spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"']],
    ['restartPolicy Never in the template', { selector: sel({ app: 'web' }), template: tpl({ app: 'web' }, { restartPolicy: 'Never' }) },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['activeDeadlineSeconds in the template', { selector: sel({ app: 'web' }), template: tpl({ app: 'web' }, { activeDeadlineSeconds: 10 }) },
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']],
    ['progressDeadlineSeconds <= minReadySeconds', { minReadySeconds: 10, progressDeadlineSeconds: 10, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) },
      ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds']],
    ['template pod spec errors carry the template path', { selector: sel({ app: 'web' }), template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'Nginx' }] } } },
      [`spec.template.spec.containers[0].name: Invalid value: "Nginx": ${LABEL}`, 'spec.template.spec.containers[0].image: Required value']],
    ['template label value', { selector: sel({ app: 'web' }), template: tpl({ app: 'web', v: 'a b' }) },
      ["spec.template.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]],
  ];
  for (const [name, spec, want] of cases) test(name, () => assert.deepEqual(errs(deploy(spec), 'deployments'), want));

  test('kubectl output for the missing-selector case', () => {
    const d = clone(deploy({ template: tpl({ app: 'web' }) }));
    applyDefaults(d, K('deployments'));
    assert.equal(formatError(invalid('Deployment', 'web', validateObject(d, K('deployments')))),
      'The Deployment "web" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
  });

  const updates: [string, any, any, string[]][] = [
    ['scaling is fine', { replicas: 1, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) }, { replicas: 5, selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) }, []],
    ['image change is fine', { selector: sel({ app: 'web' }), template: tpl({ app: 'web' }) }, { selector: sel({ app: 'web' }), template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } }, []],
    ['selector is immutable', { selector: sel({ app: 'web' }), template: tpl({ app: 'web', tier: 'fe' }) }, { selector: sel({ app: 'web', tier: 'fe' }), template: tpl({ app: 'web', tier: 'fe' }) },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']],
  ];
  for (const [name, oldSpec, newSpec, want] of updates) {
    test(`update: ${name}`, () => assert.deepEqual(updErrs(deploy(newSpec), deploy(oldSpec), 'deployments'), want));
  }
  test('update: the seed deployment can be re-applied with more replicas', () => {
    const [d] = loadManifest('deployment-nginx.yaml');
    const n = clone(d);
    n.spec.replicas = 5;
    assert.deepEqual(updErrs(n, d, 'deployments'), []);
  });
});

describe('ReplicaSet, DaemonSet, StatefulSet, ReplicationController', () => {
  const rs = (spec: any) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' }, spec });
  const ds = (spec: any) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'default' }, spec });
  const sts = (spec: any, name = 'web') => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default' }, spec });
  const cases: [string, any, string, string[]][] = [
    ['rs valid', rs({ selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }), 'replicasets', []],
    ['rs mismatch', rs({ selector: sel({ a: 'b' }), template: tpl({ a: 'c' }) }), 'replicasets', ['spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`']],
    ['ds valid', ds({ selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }), 'daemonsets', []],
    ['ds surge and unavailable', ds({ updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }, selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }), 'daemonsets',
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero']],
    ['ds both zero', ds({ updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }, selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }), 'daemonsets',
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']],
    ['ds unknown strategy', ds({ updateStrategy: { type: 'Sometimes' }, selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }), 'daemonsets',
      ['spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Sometimes", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"']],
    ['sts valid', sts({ serviceName: 'web', selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }), 'statefulsets', []],
    ['sts name must be a DNS label', sts({ selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }, 'web.v1'), 'statefulsets', ['metadata.name: Invalid value: "web.v1": must not contain dots']],
    ['sts podManagementPolicy', sts({ podManagementPolicy: 'Fast', selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) }), 'statefulsets',
      ["spec.podManagementPolicy: Invalid value: \"Fast\": must be 'OrderedReady' or 'Parallel'"]],
    ['sts mismatch', sts({ selector: sel({ a: 'b' }), template: tpl({ a: 'c' }) }), 'statefulsets', ['spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`']],
    ['sts mounts of claim templates resolve', sts({
      selector: sel({ a: 'b' }),
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'www', mountPath: '/www' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    }), 'statefulsets', []],
    ['rc without template labels in selector', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'default' }, spec: { selector: { app: 'x' }, template: tpl({ app: 'y' }) } }, 'replicationcontrollers',
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`']],
  ];
  for (const [name, o, resource, want] of cases) test(name, () => assert.deepEqual(errs(o, resource), want));

  test('sts update of serviceName is forbidden', () => {
    const o = sts({ serviceName: 'a', selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) });
    const n = sts({ serviceName: 'b', selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) });
    assert.deepEqual(updErrs(n, o, 'statefulsets'),
      ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]);
  });
  test('sts update of replicas and image is fine', () => {
    const o = sts({ serviceName: 'a', selector: sel({ a: 'b' }), template: tpl({ a: 'b' }) });
    const n = sts({ serviceName: 'a', replicas: 3, selector: sel({ a: 'b' }), template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } });
    assert.deepEqual(updErrs(n, o, 'statefulsets'), []);
  });
  test('rs and ds selectors are immutable', () => {
    assert.deepEqual(updErrs(rs({ selector: sel({ a: 'b', c: 'd' }), template: tpl({ a: 'b', c: 'd' }) }), rs({ selector: sel({ a: 'b' }), template: tpl({ a: 'b', c: 'd' }) }), 'replicasets'),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b", "c":"d"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']);
    assert.equal(updErrs(ds({ selector: sel({ c: 'd' }), template: tpl({ a: 'b', c: 'd' }) }), ds({ selector: sel({ a: 'b' }), template: tpl({ a: 'b', c: 'd' }) }), 'daemonsets').length, 1);
  });
});

describe('Job and CronJob', () => {
  const job = (spec: any, uid = 'u1') => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid }, spec });
  const jtpl = (restartPolicy?: string) => ({ spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'pi', image: 'perl' }] } });
  const cases: [string, any, string[]][] = [
    ['valid', job({ template: jtpl('Never') }), []],
    ['restartPolicy defaulted to Always', job({ template: jtpl() }), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['negative backoffLimit', job({ backoffLimit: -1, template: jtpl('OnFailure') }), ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['indexed without completions', job({ completionMode: 'Indexed', parallelism: 2, template: jtpl('Never') }), ['spec.completions: Required value: when completion mode is Indexed']],
    ['bad completion mode', job({ completionMode: 'Sometimes', template: jtpl('Never') }), ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']],
    ['manual selector that does not match', job({ manualSelector: true, selector: sel({ a: 'b' }), template: { metadata: { labels: { a: 'c' } }, ...jtpl('Never') } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`']],
  ];
  for (const [name, o, want] of cases) test(name, () => assert.deepEqual(errs(o, 'jobs'), want));

  test('job template is immutable', () => {
    const o = job({ template: jtpl('Never') });
    const n = job({ template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:2' }] } } });
    const oc = clone(o);
    applyDefaults(oc, K('jobs'));
    const nc = clone(oc);
    nc.spec.template.spec.containers[0].image = 'perl:2';
    void n;
    const e = validateUpdate(nc, oc, K('jobs')).map(fieldErrorString);
    assert.equal(e.length, 1);
    assert.ok(e[0].startsWith('spec.template: Invalid value: core.PodTemplateSpec{') && e[0].endsWith(': field is immutable'), e[0]);
  });

  const cj = (spec: any, name = 'hello') => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' }, spec });
  const jobTemplate = { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } } };
  const cjCases: [string, any, string[]][] = [
    ['valid', cj({ schedule: '*/5 * * * *', jobTemplate }), []],
    ['descriptor', cj({ schedule: '@hourly', jobTemplate }), []],
    ['no schedule', cj({ jobTemplate }), ['spec.schedule: Required value']],
    ['bad schedule', cj({ schedule: 'bad', jobTemplate }), ['spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]']],
    ['out of range', cj({ schedule: '61 * * * *', jobTemplate }), ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']],
    ['TZ in schedule', cj({ schedule: 'TZ=UTC 0 * * * *', jobTemplate }), ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ['name longer than 52', cj({ schedule: '@daily', jobTemplate }, 'a'.repeat(53)), [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`]],
    ['concurrencyPolicy', cj({ schedule: '@daily', concurrencyPolicy: 'Sometimes', jobTemplate }), ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']],
    ['job template restart policy', cj({ schedule: '@daily', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } } }),
      ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
  ];
  for (const [name, o, want] of cjCases) test(`cronjob ${name}`, () => assert.deepEqual(errs(o, 'cronjobs'), want));

  const cronCases: [string, string][] = [
    ['* * * * *', ''],
    ['0 0 1 jan mon', ''],
    ['1-5/2 * * * *', ''],
    ['', 'empty spec string'],
    ['* * *', 'expected exactly 5 fields, found 3: [* * *]'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ];
  for (const [spec, want] of cronCases) test(`cron ${JSON.stringify(spec)}`, () => assert.equal(cronParseError(spec), want));
});
