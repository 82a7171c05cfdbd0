import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { CliError, formatError, StatusError } from '../../../src/api/errors';
import type { KObject } from '../../../src/api/types';
import {
  enhanceListError, fieldSelectorString, formatLabels, gvrString, isQualifiedName, labelSelectorFromObject,
  labelSelectorFromSet, labelSelectorString, matchesLabelSelector, matchFieldSelector, matchLabels, objectFieldSet,
  parseFieldSelector, parseLabelSelector, parseToLabelSelector, selectorToString, validateFieldSelector,
  type MetaLabelSelector,
} from '../../../src/api/selectors';
import { liveKubectl, loadGolden, mapLimit, saveGolden, stderrOf, updateGolden } from '../printers/kubectl-oracle';

// ---------------------------------------------------------------------------------------------
// Label selector syntax: kubectl parses `--selector` client-side in `create poddisruptionbudget`
// (metav1.ParseToLabelSelector over labels.Parse), which makes it an offline oracle for the parser
// and its messages.

const SELECTORS: string[] = [
  'app=web', 'app==web', 'app = web', ' app=web , tier=fe ', 'a==', 'a=', 'x,!y,z notin (1, 2 )', 'k in (z,a,a)',
  'a in (x,,y)', 'a notin ()', 'a in (,x)', 'a in (x,)', 'a', '!a', 'b,a=1,c in (2)', 'example.com/app=web',
  'app.kubernetes.io/name in (web, db)', 'a=b,a in (b,c)', 'a in (in)', 'a in (notin,in)', 'in=notin', 'a=in',
  // errors
  'x+y', 'a in', 'a=b c', '!a=b', 'a in (b', 'a=(b)', 'a,', ',a', 'a=b,b=c,', 'a>1', 'a<1', 'a gt 1', '=', 'a!b',
  'a b', 'a in b', 'a/b/c', '/a', 'a/', 'A_b.c/d=e', 'a=b_', 'a=-b', 'a==b==c', 'a=b=c', 'a!=b', 'a in (b c)',
  'a in ((b))', '!', '!!a', 'a in (b),', '-a', 'a.b.c-', `${'a'.repeat(64)}`, `a=${'v'.repeat(64)}`,
  `${'p'.repeat(254)}/a`, 'a>x', 'a,,b', 'a;b', 'a in (b;c)', '(a)', 'a)', 'é=1', 'a=é',
];

interface Outcome { selector?: unknown; stderr?: string; code: number }

/** what kubectl prints for a metav1.LabelSelector in JSON (omitempty). */
function jsonShape(sel: { matchLabels: Record<string, string>; matchExpressions: Array<{ key: string; operator: string; values: string[] }> }): unknown {
  const out: Record<string, unknown> = {};
  if (Object.keys(sel.matchLabels).length) out.matchLabels = sel.matchLabels;
  if (sel.matchExpressions.length) {
    out.matchExpressions = sel.matchExpressions.map((e) => (e.values.length ? e : { key: e.key, operator: e.operator }));
  }
  return out;
}

function ours(s: string): Outcome {
  try {
    return { selector: jsonShape(parseToLabelSelector(s)), code: 0 };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { stderr: stderrOf(formatError(e)), code: 1 };
  }
}

function kubectlPdb(s: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile('kubectl', ['create', 'poddisruptionbudget', 'x', `--selector=${s}`, '--min-available=1', '--dry-run=client', '-o', 'json'],
      { env: { ...process.env, KUBECONFIG: '/dev/null' } }, (err, stdout, stderr) => {
        if (err) resolve({ stderr, code: typeof (err as any).code === 'number' ? (err as any).code : 1 });
        else resolve({ selector: JSON.parse(stdout).spec.selector, code: 0 });
      });
  });
}

const GOLDEN = 'label-selectors.json';
const NOTE = 'kubectl create poddisruptionbudget x --selector=<s> --min-available=1 --dry-run=client -o json: .spec.selector, or stderr';

describe('label selector parsing: kubectl oracle', () => {
  let live: Record<string, Outcome> | undefined;
  before(async () => {
    if (!liveKubectl()) return;
    const results = await mapLimit(SELECTORS, 8, kubectlPdb);
    live = Object.fromEntries(SELECTORS.map((s, i) => [s, results[i]]));
    if (updateGolden()) saveGolden(GOLDEN, NOTE, live);
  });
  const golden = loadGolden<Outcome>(GOLDEN);
  for (const s of SELECTORS) {
    test(JSON.stringify(s), () => {
      const want = live?.[s] ?? golden?.cases[s];
      assert.ok(want, `no golden for ${s}: run with kubectl on PATH and KCTL_UPDATE_GOLDEN=1`);
      assert.deepEqual(ours(s), want);
      if (live && golden?.cases[s] && !updateGolden()) assert.deepEqual(golden.cases[s], live[s], 'golden is stale');
    });
  }
});

describe('label selectors', () => {
  test('parse errors are BadRequest with apimachinery\'s message', () => {
    assert.throws(() => parseLabelSelector('a in'), (e: unknown) => e instanceof StatusError && e.reason === 'BadRequest'
      && e.code === 400 && e.message === "unable to parse requirement: found '' expected: '('");
    assert.throws(() => parseLabelSelector('x+y'), (e: unknown) => e instanceof StatusError
      && e.message.startsWith('unable to parse requirement: <nil>: Invalid value: "x+y": name part must consist of'));
  });

  test('parsed requirements are sorted by key, values deduplicated and sorted', () => {
    assert.deepEqual(parseLabelSelector('z=1, b in (y,x,y), !a, c').requirements, [
      { key: 'a', operator: '!', values: [] },
      { key: 'b', operator: 'in', values: ['x', 'y'] },
      { key: 'c', operator: 'exists', values: [] },
      { key: 'z', operator: '=', values: ['1'] },
    ]);
    assert.deepEqual(parseLabelSelector('').requirements, []);
    assert.deepEqual(parseLabelSelector('   ').requirements, []);
  });

  const L = { app: 'web', tier: 'fe', n: '5', empty: '' };
  const matching: Array<[string, Record<string, string> | undefined, boolean]> = [
    ['', L, true], ['', undefined, true],
    ['app=web', L, true], ['app==web', L, true], ['app=db', L, false], ['missing=x', L, false],
    ['app!=db', L, true], ['app!=web', L, false], ['missing!=x', L, true],
    ['app in (web,db)', L, true], ['app in (db)', L, false], ['missing in (x)', L, false],
    ['app notin (db)', L, true], ['app notin (web)', L, false], ['missing notin (x)', L, true],
    ['app', L, true], ['missing', L, false], ['!missing', L, true], ['!app', L, false],
    ['empty=', L, true], ['empty', L, true], ['missing=', L, false], ['empty in ()', L, true],
    ['n>4', L, true], ['n>5', L, false], ['n<6', L, true], ['app>1', L, false], ['missing<1', L, false],
    ['app=web,tier=fe', L, true], ['app=web,tier=be', L, false],
    ['app', undefined, false], ['!app', undefined, true], ['app!=web', undefined, true],
  ];
  for (const [sel, labels, want] of matching) {
    test(`matchLabels ${JSON.stringify(sel)} on ${JSON.stringify(labels)} → ${want}`, () => {
      assert.equal(matchLabels(parseLabelSelector(sel), labels), want);
    });
  }

  const objects: Array<[MetaLabelSelector | null | undefined, string, string]> = [
    [null, '<none>', ''],
    [undefined, '<none>', ''],
    [{}, '<none>', ''],
    [{ matchLabels: {}, matchExpressions: [] }, '<none>', ''],
    [{ matchLabels: { app: 'web' } }, 'app=web', 'app=web'],
    [{ matchLabels: { tier: 'fe', app: 'web' } }, 'app=web,tier=fe', 'app=web,tier=fe'],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }, 'tier in (a,b)', 'tier in (a,b)'],
    [{ matchLabels: { z: '1' }, matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }, { key: 'm', operator: 'Exists' }, { key: 'b', operator: 'DoesNotExist' }] },
      'a notin (x),!b,m,z=1', 'a notin (x),!b,m,z=1'],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, 'app=web,tier in (a,b)', 'app=web,tier in (a,b)'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, '<error>', ''],
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '<error>', ''],
    [{ matchLabels: { 'bad key': 'x' } }, '<error>', ''],
  ];
  for (const [sel, formatted] of objects) {
    test(`selectorToString(${JSON.stringify(sel)}) = ${formatted}`, () => {
      assert.equal(selectorToString(sel), formatted);
    });
  }

  test('labelSelectorFromObject errors (apimachinery messages)', () => {
    const cases: Array<[MetaLabelSelector, string]> = [
      [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
      [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist'],
      [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
      [{ matchLabels: { app: 'a b' } }, 'values[0][app]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')'],
      [{ matchLabels: { '-x': 'a' } }, 'key: Invalid value: "-x": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')'],
    ];
    for (const [sel, msg] of cases) {
      assert.throws(() => labelSelectorFromObject(sel), (e: unknown) => e instanceof StatusError && e.message === msg, msg);
    }
  });

  test('metav1 selectors: nil matches nothing, empty matches everything', () => {
    assert.equal(matchesLabelSelector(null, { a: 'b' }), false);
    assert.equal(matchesLabelSelector(undefined, {}), false);
    assert.equal(matchesLabelSelector({}, { a: 'b' }), true);
    assert.equal(matchesLabelSelector({ matchLabels: { a: 'b' } }, { a: 'b', c: 'd' }), true);
    assert.equal(matchesLabelSelector({ matchLabels: { a: 'b' } }, { a: 'c' }), false);
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, {}), true);
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, { a: 'x' }), false);
    assert.equal(matchesLabelSelector(parseLabelSelector('a=b'), { a: 'b' }), true);
  });

  test('selector strings', () => {
    assert.equal(labelSelectorString(parseLabelSelector('b notin (y,x), a==1, !c, d>3')), 'a==1,b notin (x,y),!c,d>3');
    assert.equal(labelSelectorString(labelSelectorFromSet({ b: '2', a: '1' })), 'a=1,b=2');
    assert.equal(labelSelectorString(null), '');
    assert.equal(formatLabels({ tier: 'fe', app: 'web' }), 'app=web,tier=fe');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels(undefined), '<none>');
  });

  test('isQualifiedName', () => {
    assert.deepEqual(isQualifiedName('app.kubernetes.io/name'), []);
    assert.deepEqual(isQualifiedName('a/'), ['name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]);
  });
});

describe('field selectors', () => {
  test('parse', () => {
    assert.deepEqual(parseFieldSelector('status.phase=Running,metadata.name!=x,spec.nodeName==n1').requirements, [
      { field: 'metadata.name', operator: '!=', value: 'x' },
      { field: 'spec.nodeName', operator: '=', value: 'n1' },
      { field: 'status.phase', operator: '=', value: 'Running' },
    ]);
    assert.deepEqual(parseFieldSelector('').requirements, []);
    assert.deepEqual(parseFieldSelector(',,').requirements, []);
    assert.deepEqual(parseFieldSelector('a=b\\,c\\=d\\\\').requirements, [{ field: 'a', operator: '=', value: 'b,c=d\\' }]);
    assert.deepEqual(parseFieldSelector('a=').requirements, [{ field: 'a', operator: '=', value: '' }]);
    assert.deepEqual(parseFieldSelector(' a = b ').requirements, [{ field: ' a ', operator: '=', value: ' b ' }]);
    assert.equal(fieldSelectorString(parseFieldSelector('b==x,a!=y\\,z')), 'a!=y\\,z,b=x');
  });

  test('parse errors', () => {
    const cases: Array<[string, string]> = [
      ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
      ['a=b,foo', "invalid selector: 'a=b,foo'; can't understand 'foo'"],
      ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
      ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
      ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ];
    for (const [s, msg] of cases) {
      assert.throws(() => parseFieldSelector(s), (e: unknown) => e instanceof StatusError && e.reason === 'BadRequest' && e.message === msg, s);
    }
  });

  test('supported fields per resource (field label conversion)', () => {
    const ok: Array<[string, string]> = [
      ['pods', 'metadata.name=a,metadata.namespace=b,spec.nodeName=n,spec.restartPolicy=Always,spec.schedulerName=s,spec.serviceAccountName=sa,spec.hostNetwork=true,status.phase=Running,status.podIP=1.2.3.4,status.nominatedNodeName=n'],
      ['nodes', 'metadata.name=a,spec.unschedulable=true'],
      ['events', 'involvedObject.kind=Pod,involvedObject.namespace=a,involvedObject.name=b,involvedObject.uid=u,involvedObject.apiVersion=v1,involvedObject.resourceVersion=1,involvedObject.fieldPath=x,reason=r,reportingComponent=c,source=s,type=Normal,metadata.name=a,metadata.namespace=b'],
      ['secrets', 'type=Opaque,metadata.name=a'],
      ['namespaces', 'status.phase=Active,metadata.name=a'],
      ['services', 'spec.clusterIP=None,spec.type=ClusterIP,metadata.name=a'],
      ['replicationcontrollers', 'status.replicas=1'],
      ['jobs', 'status.successful=1'],
      ['deployments', 'metadata.name=a,metadata.namespace=b'],
      ['configmaps', 'metadata.name=a'],
    ];
    for (const [r, s] of ok) assert.doesNotThrow(() => validateFieldSelector(s, r), `${r}: ${s}`);
    const bad: Array<[string, string, string]> = [
      ['pods', 'foo=bar', 'field label not supported: foo'],
      ['pods', 'status.qosClass=BestEffort', 'field label not supported: status.qosClass'],
      ['nodes', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
      ['namespaces', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
      ['services', 'spec.ports=1', 'field label not supported: spec.ports'],
      ['jobs', 'status.failed=1', 'field label "status.failed" not supported for batchv1.Job'],
      ['replicasets', 'status.replicas=0', '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
      ['deployments.apps', 'spec.replicas=1', '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
      ['configmaps', 'data=x', '"data" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ];
    for (const [r, s, msg] of bad) {
      assert.throws(() => validateFieldSelector(s, r), (e: unknown) => e instanceof StatusError && e.reason === 'BadRequest' && e.message === msg, `${r}: ${s}`);
    }
    assert.deepEqual(validateFieldSelector('spec.host=n1', 'pods').requirements, [{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
  });

  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
    status: { phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }] },
  };
  const pending: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'dev' }, spec: {}, status: { phase: 'Pending' } };
  const matches: Array<[string, KObject, string, boolean]> = [
    ['', pod, 'pods', true],
    ['metadata.name=web', pod, 'pods', true],
    ['metadata.name==web', pod, 'pods', true],
    ['metadata.name=db', pod, 'pods', false],
    ['metadata.namespace!=default', pod, 'pods', false],
    ['metadata.namespace!=default', pending, 'pods', true],
    ['status.phase=Running', pod, 'pods', true],
    ['status.phase!=Running', pending, 'pods', true],
    ['spec.nodeName=node-1', pod, 'pods', true],
    ['spec.nodeName=', pending, 'pods', true],
    ['spec.nodeName!=', pod, 'pods', true],
    ['spec.hostNetwork=false', pod, 'pods', true],
    ['spec.hostNetwork=true', { ...pod, spec: { ...pod.spec, hostNetwork: true } }, 'pods', true],
    ['status.podIP=10.244.0.5', pod, 'pods', true],
    ['spec.restartPolicy=Always,status.phase=Running', pod, 'pods', true],
    ['spec.restartPolicy=Always,status.phase=Pending', pod, 'pods', false],
    ['spec.serviceAccountName=default', pod, 'pods', true],
    ['spec.host=node-1', pod, 'pods', true],
    ['spec.unschedulable=true', { metadata: { name: 'n' }, spec: { unschedulable: true } }, 'nodes', true],
    ['spec.unschedulable=false', { metadata: { name: 'n' }, spec: {} }, 'nodes', true],
    ['type=kubernetes.io/tls', { metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls' }, 'secrets', true],
    ['status.phase=Active', { metadata: { name: 'ns' }, status: { phase: 'Active' } }, 'namespaces', true],
    ['spec.type=NodePort', { metadata: { name: 's', namespace: 'd' }, spec: { type: 'NodePort', clusterIP: '10.96.0.9' } }, 'services', true],
    ['spec.clusterIP=None', { metadata: { name: 's', namespace: 'd' }, spec: { type: 'ClusterIP', clusterIP: 'None' } }, 'services', true],
    ['status.successful=0', { metadata: { name: 'j', namespace: 'd' }, status: {} }, 'jobs', true],
    ['metadata.namespace=', { metadata: { name: 'c' } }, 'ingressclasses', true],
  ];
  for (const [sel, obj, res, want] of matches) {
    test(`matchFieldSelector ${JSON.stringify(sel)} on ${res}/${obj.metadata.name} → ${want}`, () => {
      assert.equal(matchFieldSelector(sel, obj, res), want);
    });
  }

  test('event fields', () => {
    const ev: KObject = {
      metadata: { name: 'web.123', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{web}' },
      reason: 'Pulled', type: 'Normal', source: { component: 'kubelet', host: 'node-1' }, reportingComponent: 'kubelet',
    };
    assert.deepEqual(objectFieldSet(ev, 'events'), {
      'metadata.name': 'web.123', 'metadata.namespace': 'default', 'involvedObject.kind': 'Pod', 'involvedObject.namespace': 'default',
      'involvedObject.name': 'web', 'involvedObject.uid': 'u1', 'involvedObject.apiVersion': 'v1', 'involvedObject.resourceVersion': '7',
      'involvedObject.fieldPath': 'spec.containers{web}', reason: 'Pulled', reportingComponent: 'kubelet', source: 'kubelet', type: 'Normal',
    });
    assert.equal(matchFieldSelector('involvedObject.kind=Pod,involvedObject.name=web,type!=Warning', ev, 'events'), true);
    assert.equal(objectFieldSet({ metadata: { name: 'e' }, reportingComponent: 'ctrl' }, 'events').source, 'ctrl');
  });

  test('kubectl\'s list error wrapping', () => {
    const err = enhanceListError(new StatusError('BadRequest', 'field label not supported: foo'), { fieldSelector: 'foo=bar' }, gvrString('', 'v1', 'pods'));
    assert.equal(formatError(err), 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo');
    const err2 = enhanceListError(new StatusError('BadRequest', "unable to parse requirement: found '' expected: '('"), { labelSelector: 'a in' }, gvrString('apps', 'v1', 'deployments'));
    assert.equal(err2.message, 'Unable to find "apps/v1, Resource=deployments" that match label selector "a in", field selector "": unable to parse requirement: found \'\' expected: \'(\'');
    const nf = new StatusError('Conflict', 'x');
    assert.equal(enhanceListError(nf, {}, 'g'), nf);
    assert.equal(enhanceListError(new StatusError('NotFound', 'the server could not find the requested resource'), {}, '/v1, Resource=foos').message,
      'Unable to list "/v1, Resource=foos": the server could not find the requested resource');
  });
});
