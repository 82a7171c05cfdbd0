import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, formatError } from '../../../src/api/errors';
import {
  executeJsonPath, findJsonPathResults, GoFloat, goFloatString, goJsonMarshal, goQuote, goSharpV, goSprint,
  JsonPathError, parseJsonPath, relaxedJsonPathExpression,
} from '../../../src/printers/jsonpath';
import {
  liveKubectl, loadGolden, mapLimit, saveGolden, startFakeApiServer, stderrOf, updateGolden, type FakeServer,
  type KubectlResult,
} from './kubectl-oracle';

// ---------------------------------------------------------------------------------------------
// Data: ConfigMap-shaped objects (served to the real kubectl by the fake API server).

const X = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'x', namespace: 'default',
    labels: { app: 'web', tier: 'fe' },
    annotations: { 'app.kubernetes.io/name': 'nm', 'kubernetes.io/foo': 'kf' },
  },
  data: { a: '1', 'key.with.dots': 'v' },
  extra: {
    n: 3, neg: -7, zero: 0, f: 1.5, big: 1000000, small: 0.0001, tiny: 0.00001, bigf: 1234567.5, huge: 1e21,
    b: true, nb: false, nul: null,
    arr: [1, 'two', { k: 'v<&>' }],
    s: 'hi\tthere', uni: 'héllo ✓ 😀', ctl: 'a\u0001b', quote: 'say "hi" \\o/',
    e: [], m: {},
    items: [
      { name: 'a', v: 1, w: 1, status: { phase: 'Running' }, flag: true },
      { name: 'b', v: 2, w: 3, status: { phase: 'Pending' }, flag: false },
      { name: 'c', v: 3, w: 3, f: 2.5 },
    ],
    withnull: [null, 'x'],
    nested: [[1, 2], [3]],
    single: { only: 'one' },
  },
};

const L1 = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l1', namespace: 'list1' }, data: { k: 'one' } };
const L2 = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l2', namespace: 'list1', labels: { app: 'b' } } };
const LIST = { apiVersion: 'v1', items: [L1, L2], kind: 'List', metadata: { resourceVersion: '' } };

interface Case {
  id: string;
  t: string;
  /** the object (by name in namespace default), or the list of namespace list1 */
  on?: 'x' | 'LIST';
  strict?: boolean;   // --allow-missing-template-keys=false
  asJson?: boolean;   // -o jsonpath-as-json
}

const CASES: Case[] = [
  // fields, literals, text
  { id: 'name', t: '{.metadata.name}' },
  { id: 'metadata-map', t: '{.metadata}' },
  { id: 'labels-map', t: '{.metadata.labels}' },
  { id: 'root-dollar', t: '{$.metadata.name}' },
  { id: 'root-at', t: '{@.metadata.name}' },
  { id: 'root-only', t: '{$}' },
  { id: 'root-at-only', t: '{@}' },
  { id: 'literal-text', t: 'name={.metadata.name} ns={.metadata.namespace}\\n' },
  { id: 'quoted-newline', t: '{.metadata.name}{"\\n"}' },
  { id: 'single-quoted-tab', t: "{.metadata.name}{'\\t'}{.metadata.namespace}" },
  { id: 'quoted-escapes', t: '{"a\\"b\\u00e9\\x41\\101"}' },
  { id: 'spaces-in-action', t: '{ .metadata.name }' },
  { id: 'numbers', t: '{.extra.n} {.extra.neg} {.extra.zero} {.extra.f} {.extra.big} {.extra.small} {.extra.tiny} {.extra.bigf} {.extra.huge}' },
  { id: 'bools-null', t: '{.extra.b} {.extra.nb} {.extra.nul}' },
  { id: 'array-json', t: '{.extra.arr}' },
  { id: 'array-star', t: '{.extra.arr[*]}' },
  { id: 'strings', t: '{.extra.s}|{.extra.uni}|{.extra.ctl}|{.extra.quote}' },
  { id: 'json-escapes', t: '{.extra.arr[2]}{.extra.single}' },
  { id: 'json-string-escapes', t: '{.extra}' },
  { id: 'empty-containers', t: '{.extra.e}{.extra.m}' },
  { id: 'int-literal', t: '{1}' },
  { id: 'neg-literal', t: '{-3}' },
  { id: 'float-literals', t: '{2.0} {1.5}' },
  { id: 'bool-literal', t: '{true}' },
  { id: 'two-actions', t: '{.metadata.name}{.metadata.namespace}' },
  // arrays
  { id: 'idx0', t: '{.extra.items[0].name}' },
  { id: 'idx-object', t: '{.extra.items[0]}' },
  { id: 'idx-neg', t: '{.extra.items[-1].name}' },
  { id: 'slice', t: '{.extra.items[1:3].name}' },
  { id: 'slice-open-end', t: '{.extra.items[1:].name}' },
  { id: 'slice-open-start', t: '{.extra.items[:2].name}' },
  { id: 'slice-neg', t: '{.extra.items[-2:].name}' },
  { id: 'slice-step', t: '{.extra.items[::2].name}' },
  { id: 'slice-empty', t: '{.extra.items[1:1].name}' },
  { id: 'empty-brackets', t: '{.extra.items[].name}' },
  { id: 'idx-oob', t: '{.extra.items[5]}' },
  { id: 'idx-neg-oob', t: '{.extra.items[-4]}' },
  { id: 'slice-start-gt-end', t: '{.extra.items[2:1]}' },
  { id: 'slice-end-oob', t: '{.extra.items[0:9]}' },
  { id: 'step-zero', t: '{.extra.items[::0]}' },
  { id: 'empty-idx0', t: '{.extra.e[0]}' },
  { id: 'index-on-map', t: '{.metadata[0]}' },
  { id: 'index-on-string', t: '{.metadata.name[0]}' },
  { id: 'nested-arrays', t: '{.extra.nested[*][0]}' },
  { id: 'nested-arrays-json', t: '{.extra.nested[*]}' },
  { id: 'union-idx', t: '{.extra.items[0,2].name}' },
  { id: 'union-keys', t: "{.metadata['name','namespace']}" },
  { id: 'union-bad', t: '{.extra.items[*]["name","v"]}' },
  // keys
  { id: 'dict-key', t: "{.metadata.labels['app']}" },
  { id: 'dict-key-escaped-dots', t: "{.metadata.annotations['app\\.kubernetes\\.io/name']}" },
  { id: 'dict-key-unescaped-dots', t: "{.metadata.annotations['kubernetes.io/foo']}" },
  { id: 'escaped-field', t: '{.metadata.annotations.kubernetes\\.io/foo}' },
  { id: 'data-dotted-key', t: "{.data['key\\.with\\.dots']}" },
  { id: 'missing', t: '{.foo.bar}' },
  { id: 'missing-strict', t: '{.foo.bar}', strict: true },
  { id: 'missing-strict-deep', t: 'n={.metadata.name} {.metadata.nope}', strict: true },
  { id: 'present-strict', t: '{.metadata.name}', strict: true },
  { id: 'null-then-field', t: '{.extra.nul.x}' },
  { id: 'null-then-field-strict', t: '{.extra.nul.x}', strict: true },
  { id: 'dot-only', t: '{.}' },
  { id: 'wildcard-bytes', t: '{.extra.items[0].name.*}' },
  { id: 'wildcard-single-map', t: '{.extra.single.*}' },
  { id: 'wildcard-on-array', t: '{.extra.arr.*}' },
  // recursive descent
  { id: 'recursive-items', t: '{.extra.items..name}' },
  { id: 'recursive-phase', t: '{..phase}' },
  { id: 'recursive-index', t: '{..items[0].name}' },
  { id: 'recursive-multiple', t: '{.extra....name}' },
  // filters
  { id: 'f-gt', t: '{.extra.items[?(@.v>1)].name}' },
  { id: 'f-ge', t: '{.extra.items[?(@.v>=2)].name}' },
  { id: 'f-lt', t: '{.extra.items[?(@.v<2)].name}' },
  { id: 'f-le', t: '{.extra.items[?(@.v<=2)].name}' },
  { id: 'f-eq', t: '{.extra.items[?(@.v==2)].name}' },
  { id: 'f-ne', t: '{.extra.items[?(@.v!=2)].name}' },
  { id: 'f-str-dq', t: '{.extra.items[?(@.status.phase=="Running")].name}' },
  { id: 'f-str-sq', t: "{.extra.items[?(@.status.phase=='Pending')].name}" },
  { id: 'f-exists', t: '{.extra.items[?(@.status)].name}' },
  { id: 'f-exists-nested', t: '{.extra.items[?(@.status.phase)].name}' },
  { id: 'f-exists-bad-index', t: '{.extra.nested[?(@[5])]}' },
  { id: 'f-two-fields', t: '{.extra.items[?(@.v==@.w)].name}' },
  { id: 'f-bool', t: '{.extra.items[?(@.flag==true)].name}' },
  { id: 'f-bool-lt', t: '{.extra.items[?(@.flag<true)].name}' },
  { id: 'f-int-vs-float', t: '{.extra.items[?(@.v==1.0)].name}' },
  { id: 'f-float-vs-float', t: '{.extra.items[?(@.f>2.0)].name}' },
  { id: 'f-str-vs-int', t: '{.extra.items[?(@.name>1)].name}' },
  { id: 'f-spaces', t: '{.extra.items[?(@.v > 1)].name}' },
  { id: 'f-bad-op', t: '{.extra.items[?(@.v=1)].name}' },
  { id: 'f-strict-missing', t: '{.extra.items[?(@.f>1.0)].name}', strict: true },
  { id: 'f-on-map', t: '{.metadata[?(@.x)]}' },
  { id: 'f-then-field', t: '{.extra.items[?(@.v>1)].status.phase}' },
  // range
  { id: 'range-basic', t: '{range .extra.items[*]}{.name}{"\\t"}{.v}{"\\n"}{end}' },
  { id: 'range-nested', t: '{range .extra.nested[*]}[{range @[*]}{@},{end}]{end}' },
  { id: 'range-no-end', t: '{range .extra.items[*]}{.name}' },
  { id: 'range-empty', t: '{range .extra.e[*]}x{end}done' },
  { id: 'range-empty-strict', t: '{range .extra.e[*]}{.x}{end}done', strict: true },
  { id: 'range-null-elem', t: '{range .extra.withnull[*]}[{@}]{end}' },
  { id: 'range-then-text', t: '{range .extra.items[*]}{.name},{end}|{.metadata.name}' },
  { id: 'range-filter', t: '{range .extra.items[?(@.v>=2)]}{.name} {end}' },
  { id: 'end-alone', t: '{end}' },
  // parse errors
  { id: 'p-unclosed', t: '{.a' },
  { id: 'p-unclosed-newline', t: '{.a\n}' },
  { id: 'p-unterminated-array', t: '{.a[0}' },
  { id: 'p-invalid-index', t: '{.a[x]}' },
  { id: 'p-index-not-number', t: '{.a[1:-]}' },
  { id: 'p-unterminated-filter', t: '{.a[?(@.x}' },
  { id: 'p-unclosed-filter-array', t: '{.a[?(@.x)}' },
  { id: 'p-unterminated-quote', t: '{"abc}' },
  { id: 'p-bad-number', t: '{1.2.3}' },
  { id: 'p-unrecognized-char', t: '{#}' },
  { id: 'p-bad-unquote', t: '{"\\q"}' },
  { id: 'unrecognized-identifier', t: '{foo}' },
  // jsonpath-as-json
  { id: 'asjson-names', t: '{.extra.items[*].name}', asJson: true },
  { id: 'asjson-multi', t: '{.metadata.name}{.extra.single}', asJson: true },
  { id: 'asjson-empty', t: '{.extra.e[*]}', asJson: true },
  // several objects: kubectl wraps them in a List
  { id: 'list-range', t: '{range .items[*]}{.metadata.name}{"\\n"}{end}', on: 'LIST' },
  { id: 'list-root', t: '{.kind} {.metadata} {.items[*].data}', on: 'LIST' },
];

function ours(c: Case): KubectlResult {
  const data = c.on === 'LIST' ? LIST : X;
  try {
    const stdout = executeJsonPath(c.t, data, { allowMissingKeys: !c.strict, asJson: c.asJson });
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { stdout: '', stderr: stderrOf(formatError(e)), code: 1 };
  }
}

function kubectlArgs(c: Case): string[] {
  const args = c.on === 'LIST' ? ['get', 'cm', '-n', 'list1'] : ['get', 'cm', 'x'];
  args.push('-o', `${c.asJson ? 'jsonpath-as-json' : 'jsonpath'}=${c.t}`);
  if (c.strict) args.push('--allow-missing-template-keys=false');
  return args;
}

const GOLDEN = 'jsonpath.json';
const NOTE = 'kubectl get cm <name> -o jsonpath=<t> (and -n list1, jsonpath-as-json, --allow-missing-template-keys=false) '
  + 'against the fake API server of test/unit/printers/kubectl-oracle.ts serving the objects of jsonpath.test.ts';

describe('jsonpath: kubectl oracle', () => {
  let server: FakeServer | undefined;
  let live: Record<string, KubectlResult> | undefined;

  before(async () => {
    if (!liveKubectl()) return;
    server = await startFakeApiServer();
    server.put(X);
    server.put(L1);
    server.put(L2);
    const results = await mapLimit(CASES, 8, (c) => server!.kubectl(kubectlArgs(c)));
    live = Object.fromEntries(CASES.map((c, i) => [c.id, results[i]]));
    if (updateGolden()) saveGolden(GOLDEN, NOTE, live);
  });
  after(async () => { await server?.close(); });

  const golden = loadGolden<KubectlResult>(GOLDEN);
  for (const c of CASES) {
    test(`${c.id}: ${JSON.stringify(c.t)}`, () => {
      const got = ours(c);
      const want = live?.[c.id] ?? golden?.cases[c.id];
      assert.ok(want, `no golden for ${c.id}: run with kubectl on PATH and KCTL_UPDATE_GOLDEN=1`);
      assert.deepEqual(got, want);
      if (live && golden?.cases[c.id] && !updateGolden()) assert.deepEqual(golden.cases[c.id], live[c.id], 'golden is stale');
    });
  }
});

describe('jsonpath: engine details', () => {
  test('parse tree', () => {
    const p = parseJsonPath('a{.b[1:-1:2]}{range .c[*]}{"x"}{end}');
    assert.deepEqual(p.root.nodes.map((n) => n.type), ['text', 'list', 'list', 'list', 'list']);
    const arr = (p.root.nodes[1] as any).nodes[1];
    assert.deepEqual(arr, {
      type: 'array',
      params: [{ value: 1, known: true, derived: false }, { value: -1, known: true, derived: false }, { value: 2, known: true, derived: false }],
    });
    assert.deepEqual((p.root.nodes[2] as any).nodes.map((n: any) => n.type), ['identifier', 'field', 'array']);
  });

  const parseErrors: Array<[string, string]> = [
    ['{.a', 'unclosed action'],
    ['{', 'unclosed action'],
    ['{.a[0', 'unterminated array'],
    ['{.a[?(@.b', 'unterminated filter'],
    ['{"x', 'unterminated quoted string'],
    ['{#}', "unrecognized character in action: U+0023 '#'"],
    ['{\u0007}', 'unrecognized character in action: U+0007'],
    ['{.a....b}', 'invalid multiple recursive descent'],
    ['{-}', 'cannot parse number -'],
    ['{.a[1:2:x]}', 'invalid array index 1:2:x'],
    ['{.a[99999999999999999999]}', 'array index 99999999999999999999 is not a number'],
    ["{'\\x'}", "unquote string '\\x' error invalid syntax"],
  ];
  for (const [t, msg] of parseErrors) {
    test(`parse error ${JSON.stringify(t)}`, () => {
      assert.throws(() => parseJsonPath(t), (e: unknown) => e instanceof JsonPathError && e.message === msg);
    });
  }

  test('parse error through executeJsonPath is kubectl\'s', () => {
    assert.throws(() => executeJsonPath('{.a', {}), (e: unknown) => e instanceof CliError && e.message === 'error parsing jsonpath {.a, unclosed action');
  });

  test('execution error message (kubectl JSONPathPrinter)', () => {
    assert.throws(() => executeJsonPath('{.x}', { a: [1, 'b', null], m: { k: 1.5 } }, { allowMissingKeys: false }), (e: unknown) => {
      assert.ok(e instanceof CliError);
      assert.equal(e.message, 'error executing jsonpath "{.x}": Error executing template: x is not found. Printing more information for debugging the template:\n'
        + '\ttemplate was:\n\t\t{.x}\n\tobject given to jsonpath engine was:\n'
        + '\t\tmap[string]interface {}{"a":[]interface {}{1, "b", interface {}(nil)}, "m":map[string]interface {}{"k":1.5}}\n\n\n');
      return true;
    });
  });

  test('missing keys print nothing by default (kubectl get: --allow-missing-template-keys=true)', () => {
    assert.equal(executeJsonPath('[{.a.b}]', {}), '[]');
  });

  test('findJsonPathResults groups per template node, range expanded', () => {
    assert.deepEqual(findJsonPathResults('{range .a[*]}{.n}{end}', { a: [{ n: 1 }, { n: 2 }] }), [[1], [2]]);
    assert.deepEqual(findJsonPathResults('x{.a}', { a: 1 }), [['x'], [1]]);
  });

  test('relaxed expressions', () => {
    const cases: Array<[string, string]> = [
      ['metadata.name', '{.metadata.name}'],
      ['.metadata.name', '{.metadata.name}'],
      ['{metadata.name}', '{.metadata.name}'],
      ['{.metadata.name}', '{.metadata.name}'],
      ['..name', '{..name}'],
      ['{..name}', '{..name}'],
      ['.items[*].x', '{.items[*].x}'],
      ['', ''],
    ];
    for (const [i, o] of cases) assert.equal(relaxedJsonPathExpression(i), o, i);
    for (const bad of ['{.a}{.b}', '{.a', '.a}', '{}']) {
      assert.throws(() => relaxedJsonPathExpression(bad), /unexpected path string, expected a 'name1.name2' or '.name1.name2' or '\{name1.name2\}' or '\{.name1.name2\}'/);
    }
  });

  test('Go float formatting (%v)', () => {
    const cases: Array<[number, string]> = [
      [1.5, '1.5'], [2, '2'], [100000, '100000'], [1000000, '1e+06'], [1234567.5, '1.2345675e+06'], [0.0001, '0.0001'],
      [0.00001, '1e-05'], [-0.5, '-0.5'], [1e21, '1e+21'], [1.5e-300, '1.5e-300'], [123456.7, '123456.7'],
    ];
    for (const [f, s] of cases) assert.equal(goFloatString(f), s, String(f));
    assert.equal(goSprint(new GoFloat(3)), '3');
  });

  test('Go %v of values (custom-columns cells)', () => {
    assert.equal(goSprint({ b: [1, 'x'], a: { c: null } }), 'map[a:map[c:<nil>] b:[1 x]]');
    assert.equal(goSprint(null), '<nil>');
    assert.equal(goSprint([]), '[]');
    assert.equal(goSprint({}), 'map[]');
    assert.equal(goSprint(true), 'true');
  });

  test('Go %#v and %q', () => {
    assert.equal(goSharpV({ s: 'a"b\n', n: 1, l: [], z: null }), 'map[string]interface {}{"l":[]interface {}{}, "n":1, "s":"a\\"b\\n", "z":interface {}(nil)}');
    assert.equal(goQuote('é\u0001\t✓\u00a0'), '"é\\x01\\t✓\\u00a0"');
  });

  test('encoding/json output', () => {
    assert.equal(goJsonMarshal({ b: 1, a: '<&>\u2028', c: [true, null, 1.5] }), '{"a":"\\u003c\\u0026\\u003e\\u2028","b":1,"c":[true,null,1.5]}');
    assert.equal(goJsonMarshal(['x', { k: 'v' }, [], {}], '    '), '[\n    "x",\n    {\n        "k": "v"\n    },\n    [],\n    {}\n]');
  });
});
