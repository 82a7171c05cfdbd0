import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { kindByResource } from '../../../src/api/kinds';
import { goFormatFloatG, goJSONString, nameOf, toJSON, toList, toYAML, toYAMLStream, yamlKeyLess } from '../../../src/printers/output';

describe('toYAML: scalars (go-yaml v2 quoting, kubectl -o yaml)', () => {
  const cases: [unknown, string][] = [
    ['80', '"80"'], ['true', '"true"'], ['yes', '"yes"'], ['No', '"No"'], ['on', '"on"'], ['y', '"y"'], ['~', '"~"'], ['null', '"null"'],
    ['', '""'], ['1e3', '"1e3"'], ['0x1F', '"0x1F"'], ['0o7', '"0o7"'], ['07', '"07"'], ['08', '"08"'], ['+1', '"+1"'], ['-5', '"-5"'],
    ['.5', '".5"'], ['1.', '"1."'], ['.inf', '".inf"'], ['-.Inf', '"-.Inf"'], ['.nan', '".nan"'], ['1_000', '"1_000"'], ['0b101', '"0b101"'],
    ['2024-01-01', '"2024-01-01"'], ['2024-12-02T10:00:00Z', '"2024-12-02T10:00:00Z"'], ['2024-1-2 3:04:05', '"2024-1-2 3:04:05"'],
    ['2024-13-01', '2024-13-01'], ['2024-02-30', '2024-02-30'], ['2024-02-29', '"2024-02-29"'], ['2023-02-29', '2023-02-29'],
    ['1:20', '"1:20"'], ['12:60', '12:60'], ['1.5.3', '1.5.3'], ['0x1p-2', '0x1p-2'], ['~~', '~~'], ['<<', '<<'], ['=', '='],
    ['nginx:1.12', 'nginx:1.12'], ['app=web', 'app=web'], ['a: b', "'a: b'"], ['a #b', "'a #b'"], ['a#b', 'a#b'], ['#x', "'#x'"],
    ['- x', "'- x'"], ['-x', '-x'], ['-', "'-'"], [':x', ':x'], ['x:', "'x:'"], ['? x', "'? x'"], ['---', "'---'"], ['...', "'...'"],
    ['{a}', "'{a}'"], ['[x]', "'[x]'"], ['x,y', 'x,y'], ['*x', "'*x'"], ['&x', "'&x'"], ['!x', "'!x'"], ['|x', "'|x'"], ['>x', "'>x'"],
    ['%x', "'%x'"], ['@x', "'@x'"], ['`x', "'`x'"], ["it's", "it's"], ["'q'", "'''q'''"], ['a"b', 'a"b'], ['"q"', `'"q"'`], ['ab\\cd', 'ab\\cd'],
    [' lead', "' lead'"], ['trail ', "'trail '"], ['tab\there', '"tab\\there"'], ['a\r\nb', '"a\\r\\nb"'], ['é ü', 'é ü'],
    ['😀', '"\\U0001F600"'], ['\u0007', '"\\a"'], ['\u001b[0m', '"\\e[0m"'], ['a\u00a0b', 'a\u00a0b'], ['\ufeffx y', '"\\uFEFF\\x78\\x20\\x79"'],
    ['a\u0085b', 'a b'], ['a \u0085\u0085 b', '|-\n  a\n  b'], ['a\u2028b', "'a\u2028  b'"],
    [null, 'null'], [true, 'true'], [false, 'false'], [0, '0'], [-3, '-3'], [30080, '30080'], [0.5, '0.5'], [1.25e-7, '1.25e-07'],
    [1500000.5, '1.5000005e+06'], [123456.7, '123456.7'], [-0.0001, '-0.0001'], [1e300, '1e+300'], [2 ** 53, '9007199254740992'],
    ['multi\nline', '|-\n  multi\n  line'], ['trail\n', '|\n  trail'], ['two\n\n', '|+\n  two\n'], ['\nlead', '|2-\n\n  lead'],
    ['  indented\nnext\n', '|2\n    indented\n  next'], ['\n', '|2+\n'], ['sp \nbrk', '"sp \\nbrk"'],
  ];
  for (const [v, want] of cases) {
    test(JSON.stringify(v), () => assert.equal(toYAML({ k: v }), `k: ${want}\n`));
  }
});

describe('toYAML: structure', () => {
  test('kubectl layout: sorted keys, sequences not indented, {} and []', () => {
    const obj = {
      kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] } }, strategy: {} },
      status: {}, list: [[1, [2, { a: [] }]], [], {}],
    };
    assert.equal(toYAML(obj), `apiVersion: apps/v1
kind: Deployment
list:
- - 1
  - - 2
    - a: []
- []
- {}
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    spec:
      containers:
      - image: nginx
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
status: {}
`);
  });

  test('long scalars fold at 80 columns (plain, single and double quoted), not in keys', () => {
    const words = `${'word '.repeat(20)}end`;
    assert.equal(toYAML({ a: { b: words } }), `a:\n  b: word word word word word word word word word word word word word word word word\n    word word word word end\n`);
    assert.equal(toYAML({ q: `x: ${words}` }), `q: 'x: word word word word word word word word word word word word word word word\n  word word word word word end'\n`);
    assert.equal(toYAML({ d: `\t${words}` }), `d: "\\tword word word word word word word word word word word word word word word word\n  word word word word end"\n`);
    assert.equal(toYAML({ s: ['x'.repeat(100)] }), `s:\n- ${'x'.repeat(100)}\n`);
    assert.equal(toYAML({ [`${'k'.repeat(90)} k`]: 'v' }), `${'k'.repeat(90)} k: v\n`);
  });

  test('keys longer than 128 bytes and multi-line keys are complex keys', () => {
    assert.equal(toYAML({ ['k'.repeat(129)]: 'v' }), `? ${'k'.repeat(129)}\n: v\n`);
    assert.equal(toYAML({ ['q'.repeat(128)]: 'v' }), `${'q'.repeat(128)}: v\n`);
    assert.equal(toYAML({ 'a\nb': { c: 1 } }), '? |-\n  a\n  b\n: c: 1\n');
  });

  test('quoted keys', () => {
    assert.equal(toYAML({ y: 1, N: 2, '80': 3, '': 4, 'a b': 5 }), '"": 4\n"80": 3\n"N": 2\na b: 5\n"y": 1\n');
  });

  test('undefined properties are skipped, undefined array items are null', () => {
    assert.equal(toYAML({ a: undefined, b: [undefined, 1] }), 'b:\n- null\n- 1\n');
  });

  test('control characters make it fail like kubectl', () => {
    assert.throws(() => toYAML({ a: 'x\u007fy' }), /yaml: control characters are not allowed/);
    assert.throws(() => toYAML({ a: '\u0090' }), /control characters/);
    assert.doesNotThrow(() => toYAML({ a: '\u0001\t\n' }));
  });

  test('List and stream', () => {
    assert.equal(toYAML(toList([])), 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    assert.equal(toYAML(toList([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }])),
      'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    assert.equal(toYAMLStream([{ a: 1 }, { b: 2 }]), 'a: 1\n---\nb: 2\n');
  });
});

describe('yaml key order (go-yaml keyList.Less)', () => {
  test('natural order', () => {
    const keys = ['a10', 'a9', 'B', 'b', '_x', 'A_b', 'app.kubernetes.io/name', 'a', '10', '2', '-', '.', 'é', 'port-8080', 'port-80', 'v1.2.10', 'v1.2.9'];
    const sorted = [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
    assert.deepEqual(sorted, ['-', '.', '_x', '2', '10', 'A_b', 'B', 'a', 'a9', 'a10', 'app.kubernetes.io/name', 'b', 'port-80', 'port-8080', 'v1.2.9', 'v1.2.10', 'é']);
  });
});

describe('toJSON', () => {
  test('Go MarshalIndent layout, escaping, sorted keys by default', () => {
    assert.equal(toJSON({ b: [], a: { y: '<a&b>', x: 't\tn\nr\rb\bf\fz\u0001é😀\u2028' }, c: {}, d: [1, 0.5, 1.25e-7, 1e21, true, null] }), `{
    "a": {
        "x": "t\\tn\\nr\\rb\\bf\\fz\\u0001é😀\\u2028",
        "y": "\\u003ca\\u0026b\\u003e"
    },
    "b": [],
    "c": {},
    "d": [
        1,
        0.5,
        1.25e-7,
        1e+21,
        true,
        null
    ]
}
`);
  });
  test('sortKeys: false keeps the object order (typed objects)', () => {
    assert.equal(toJSON({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } }, { sortKeys: false }),
      '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "x"\n    }\n}\n');
  });
  test('List', () => {
    assert.equal(toJSON(toList([])), '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });
  test('lone surrogates become \\ufffd', () => assert.equal(goJSONString('a\ud800b'), '"a\\ufffdb"'));
});

describe('nameOf (-o name)', () => {
  const cases: [string, string][] = [['pods', 'pod/web'], ['deployments', 'deployment.apps/web'], ['services', 'service/web'],
    ['ingresses', 'ingress.networking.k8s.io/web'], ['horizontalpodautoscalers', 'horizontalpodautoscaler.autoscaling/web'],
    ['clusterroles', 'clusterrole.rbac.authorization.k8s.io/web']];
  for (const [res, want] of cases) test(want, () => assert.equal(nameOf(kindByResource(res)!, { metadata: { name: 'web' } }), want));
});

describe('goFormatFloatG', () => {
  const cases: [number, string][] = [[0.1, '0.1'], [100000.5, '100000.5'], [1000000.5, '1.0000005e+06'], [0.0001, '0.0001'], [0.00001, '1e-05'],
    [-2.5e-10, '-2.5e-10'], [1e21, '1e+21'], [123456789.5, '1.234567895e+08'], [NaN, '.nan'], [Infinity, '.inf']];
  for (const [f, want] of cases) test(`${f}`, () => assert.equal(goFormatFloatG(f), want));
});
