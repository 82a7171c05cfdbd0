import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, formatError } from '../../../src/api/errors';
import type { KObject } from '../../../src/api/types';
import { compareQuantities, goSort, isLess, parseQuantity, sortObjects, SortError } from '../../../src/printers/sort';
import {
  liveKubectl, loadGolden, mapLimit, saveGolden, startFakeApiServer, stderrOf, updateGolden, type FakeServer,
  type KubectlResult,
} from './kubectl-oracle';

const cm = (ns: string, name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...meta }, ...rest });

const pad = (i: number) => String(i).padStart(3, '0');

/** namespace → objects, in the order the server lists them */
const SETS: Record<string, KObject[]> = {
  names: ['b', 'a', 'c', 'B', 'a-1', 'A'].map((n) => cm('names', n)),
  ints: [10, 9, 100, -1, 0, 9].map((v, i) => cm('ints', `i${i}`, { extra: { v } })),
  floats: [1.5, 0.25, 10.75, -2.5].map((v, i) => cm('floats', `f${i}`, { extra: { v } })),
  quantities: ['100m', '1', '2Gi', '500Mi', '1.5', '1e3', '0.1', '1k', '1Ki', '999m', '-1'].map((q, i) => cm('quantities', `q${i}`, { data: { q } })),
  'mixed-strings': ['10', 'abc', '9', 'b1', '1Gi', 'Z'].map((q, i) => cm('mixed-strings', `m${i}`, { data: { q } })),
  timestamps: ['2024-05-01T10:00:00Z', '2023-12-31T23:59:59Z', '2024-05-01T09:00:00Z', '2024-01-01T00:00:00Z']
    .map((t, i) => cm('timestamps', `t${i}`, {}, { creationTimestamp: t })),
  missing: [
    cm('missing', 'm1'), cm('missing', 'm2'), cm('missing', 'a', { data: { x: '1' } }), cm('missing', 'b', { data: { x: '2' } }), cm('missing', 'm3'),
  ],
  nulls: [
    cm('nulls', 'v-b', { extra: { v: 'b' } }), cm('nulls', 'n1', { extra: { v: null } }), cm('nulls', 'v-a', { extra: { v: 'a' } }),
    cm('nulls', 'n2', { extra: { v: null } }), cm('nulls', 'gone'),
  ],
  // more than 12: pdqsort proper, with many ties (Go's sort.Sort is not stable)
  many: Array.from({ length: 40 }, (_, i) => cm('many', `o${pad(i)}`, { extra: { k: (i * 7) % 5 } })),
  'many-strings': Array.from({ length: 60 }, (_, i) => cm('many-strings', `s${pad(i)}`, { data: { k: ['x', 'y', 'z'][(i * 11) % 3] } })),
  'many-missing': Array.from({ length: 30 }, (_, i) => cm('many-missing', `p${pad(i)}`, i % 3 === 0 ? {} : { extra: { k: 30 - i } })),
  descending: Array.from({ length: 25 }, (_, i) => cm('descending', `d${pad(i)}`, { extra: { k: 100 - i } })),
  'big-random': Array.from({ length: 200 }, (_, i) => cm('big-random', `r${pad(i)}`, { extra: { k: (i * 7919) % 97 } })),
  'mixed-types': [cm('mixed-types', 'a', { extra: { v: 1 } }), cm('mixed-types', 'b', { extra: { v: 'x' } })],
  'int-float': [cm('int-float', 'a', { extra: { v: 1 } }), cm('int-float', 'b', { extra: { v: 1.5 } })],
  bools: [cm('bools', 'a', { extra: { v: true } }), cm('bools', 'b', { extra: { v: false } })],
  arrays: [cm('arrays', 'a', { extra: { v: [2] } }), cm('arrays', 'b', { extra: { v: [1] } })],
  single: [cm('single', 'only')],
  multi: [cm('multi', 'a', { extra: { l: [3, 1] } }), cm('multi', 'b', { extra: { l: [2, 9] } })],
};

interface Case { id: string; ns: string; expr: string; mode: 'list' | 'table' }

const BASE: Array<Omit<Case, 'mode'>> = [
  { id: 'names', ns: 'names', expr: '.metadata.name' },
  { id: 'names-bare', ns: 'names', expr: 'metadata.name' },
  { id: 'names-braces', ns: 'names', expr: '{.metadata.name}' },
  { id: 'names-braces-nodot', ns: 'names', expr: '{metadata.name}' },
  { id: 'ints', ns: 'ints', expr: '.extra.v' },
  { id: 'floats', ns: 'floats', expr: '.extra.v' },
  { id: 'quantities', ns: 'quantities', expr: '.data.q' },
  { id: 'mixed-strings', ns: 'mixed-strings', expr: '.data.q' },
  { id: 'timestamps', ns: 'timestamps', expr: '.metadata.creationTimestamp' },
  { id: 'missing', ns: 'missing', expr: '.data.x' },
  { id: 'nulls', ns: 'nulls', expr: '.extra.v' },
  { id: 'many', ns: 'many', expr: '.extra.k' },
  { id: 'many-strings', ns: 'many-strings', expr: '.data.k' },
  { id: 'many-missing', ns: 'many-missing', expr: '.extra.k' },
  { id: 'descending', ns: 'descending', expr: '.extra.k' },
  { id: 'big-random', ns: 'big-random', expr: '.extra.k' },
  { id: 'multi-values', ns: 'multi', expr: '.extra.l[*]' },
  { id: 'not-found', ns: 'names', expr: '.nope' },
  { id: 'single-not-found', ns: 'single', expr: '.nope' },
  { id: 'single-found', ns: 'single', expr: '.metadata.name' },
  { id: 'relaxed-fails', ns: 'names', expr: '{.metadata.name}{.kind}' },
  { id: 'parse-error', ns: 'names', expr: '{.a' },
  { id: 'parse-error-relaxed', ns: 'names', expr: '.a[' },
  { id: 'exec-error', ns: 'names', expr: '.metadata.name[0]' },
  { id: 'mixed-types', ns: 'mixed-types', expr: '.extra.v' },
  { id: 'int-float', ns: 'int-float', expr: '.extra.v' },
  { id: 'bools', ns: 'bools', expr: '.extra.v' },
  { id: 'arrays', ns: 'arrays', expr: '.extra.v' },
];
const CASES: Case[] = BASE.flatMap((c) => [{ ...c, mode: 'list' as const, id: c.id + '/list' }, { ...c, mode: 'table' as const, id: c.id + '/table' }]);

interface Outcome { names?: string[]; stderr?: string; code: number }

/** klog lines (`F1127 05:50:01.123456   12345 sorter.go:123] msg`): drop the header we cannot reproduce. */
function stripKlog(s: string): string {
  return s.replace(/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] /gm, '');
}

function fromKubectl(r: KubectlResult, mode: Case['mode']): Outcome {
  if (r.code !== 0 || r.stdout === '') return { stderr: stripKlog(r.stderr), code: r.code };
  const lines = r.stdout.split('\n').filter((l) => l.length > 0);
  if (mode === 'list') return { names: lines.map((l) => l.replace(/^configmap\//, '')), code: 0 };
  assert.equal(lines[0].trim(), 'NAME');
  return { names: lines.slice(1).map((l) => l.trim()), code: 0 };
}

function ours(c: Case): Outcome {
  try {
    return { names: sortObjects(SETS[c.ns], c.expr, { mode: c.mode }).map((o) => o.metadata.name!), code: 0 };
  } catch (e) {
    // what kubectl get does with the error (see SortError)
    if (e instanceof SortError && e.silent) return { stderr: `No resources found in ${c.ns} namespace.\n`, code: 0 };
    if (!(e instanceof CliError)) throw e;
    return { stderr: stderrOf(formatError(e)), code: 1 };
  }
}

const GOLDEN = 'sort.json';
const NOTE = 'kubectl get cm -n <ns> --sort-by=<expr> -o name (list) and without -o (table: the fake server answers with a Table) '
  + 'against the fake API server of test/unit/printers/kubectl-oracle.ts serving the objects of sort.test.ts; klog headers stripped';

describe('sort: kubectl oracle', () => {
  let server: FakeServer | undefined;
  let live: Record<string, Outcome> | undefined;

  before(async () => {
    if (!liveKubectl()) return;
    server = await startFakeApiServer();
    for (const objs of Object.values(SETS)) for (const o of objs) server.put(o);
    const results = await mapLimit(CASES, 8, (c) => server!.kubectl(['get', 'cm', '-n', c.ns, `--sort-by=${c.expr}`, ...(c.mode === 'list' ? ['-o', 'name'] : [])]));
    live = Object.fromEntries(CASES.map((c, i) => [c.id, fromKubectl(results[i], c.mode)]));
    if (updateGolden()) saveGolden(GOLDEN, NOTE, live);
  });
  after(async () => { await server?.close(); });

  const golden = loadGolden<Outcome>(GOLDEN);
  for (const c of CASES) {
    test(`${c.id}: ${c.expr}`, () => {
      const got = ours(c);
      const want = live?.[c.id] ?? golden?.cases[c.id];
      assert.ok(want, `no golden for ${c.id}: run with kubectl on PATH and KCTL_UPDATE_GOLDEN=1`);
      assert.deepEqual(got, want);
      if (live && golden?.cases[c.id] && !updateGolden()) assert.deepEqual(golden.cases[c.id], live[c.id], 'golden is stale');
    });
  }
});

describe('sort: details', () => {
  test('does not modify its input', () => {
    const objs = SETS.names.slice();
    const before = objs.map((o) => o.metadata.name);
    sortObjects(objs, '.metadata.name');
    assert.deepEqual(objs.map((o) => o.metadata.name), before);
  });

  test('nothing to sort: no checks at all', () => {
    assert.deepEqual(sortObjects([], '{.a', { mode: 'list' }), []);
    assert.deepEqual(sortObjects([], '{.a'), []);
    assert.deepEqual(sortObjects(SETS.single, '{.a').map((o) => o.metadata.name), ['only']);
    assert.throws(() => sortObjects(SETS.single, '.nope', { mode: 'list' }), (e: unknown) => e instanceof SortError && !e.silent
      && e.message === 'couldn\'t find any field with path "{.nope}" in the list of objects');
  });

  test('table-mode errors are silent, unsortable values are not', () => {
    assert.throws(() => sortObjects(SETS.names, '{.a'), (e: unknown) => e instanceof SortError && e.silent && e.message === 'sorting error: unclosed action');
    assert.throws(() => sortObjects(SETS.bools, '.extra.v'), (e: unknown) => e instanceof SortError && !e.silent && e.raw
      && e.message === 'Field {.extra.v} in [][][]reflect.Value is an unsortable type: interface, err: unsortable type: bool');
  });

  test('isLess', () => {
    const cases: Array<[unknown, unknown, boolean | string]> = [
      [1, 2, true], [2, 1, false], [1, 1, false], [1.5, 2.5, true], ['a', 'b', true], ['b', 'a', false],
      ['9', '10', true], ['100m', '1', true], ['1Ki', '1k', false], ['1Ki', '1025', true], ['abc', '10', false],
      [null, 'a', true], ['a', null, false], [null, null, false],
      [1, 'a', 'unsortable interface: interface'], [1, 1.5, 'unsortable interface: interface'],
      [true, false, 'unsortable type: bool'], [{}, {}, 'unsortable type: map[string]interface {}'], [[1], [2], 'unsortable type: []interface {}'],
    ];
    for (const [a, b, want] of cases) assert.equal(isLess(a, b), want, `${JSON.stringify(a)} < ${JSON.stringify(b)}`);
  });

  test('quantities: parse and compare', () => {
    const valid: Array<[string, string]> = [
      ['0', '0'], ['1', '1'], ['100m', '0.1'], ['1.5', '1.5'], ['1Ki', '1024'], ['2Gi', '2147483648'], ['1e3', '1000'],
      ['1E3', '1000'], ['1k', '1000'], ['5n', '0.000000005'], ['1u', '0.000001'], ['-1', '-1'], ['+2', '2'], ['.5', '0.5'],
      ['1.', '1'], ['m', '0'], ['e3', '0'], ['0.0000000001', '0.000000001'], ['1e-3', '0.001'], ['007', '7'],
    ];
    const dec = (q: ReturnType<typeof parseQuantity>) => {
      const s = q!.mantissa.toString().padStart(Math.max(1, -q!.exp10 + 1), '0');
      const v = q!.exp10 >= 0 ? s + '0'.repeat(q!.exp10) : `${s.slice(0, s.length + q!.exp10)}.${s.slice(s.length + q!.exp10)}`;
      const norm = v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
      return (q!.negative ? '-' : '') + norm;
    };
    for (const [s, v] of valid) {
      const q = parseQuantity(s);
      assert.ok(q, s);
      assert.equal(dec(q), v, s);
    }
    for (const s of ['', 'abc', '1x', '1Kii', '1e', '1.2.3', '1 ', '2024-01-01T00:00:00Z', '1ki', 'Gi1']) assert.equal(parseQuantity(s), null, s);
    assert.equal(compareQuantities(parseQuantity('1Gi')!, parseQuantity('1G')!), 1);
    assert.equal(compareQuantities(parseQuantity('1000m')!, parseQuantity('1')!), 0);
    assert.equal(compareQuantities(parseQuantity('-1')!, parseQuantity('0')!), -1);
  });

  test('goSort is sort.Sort: insertion sort up to 12 elements', () => {
    const a = [3, 1, 2, 1];
    const tags = ['a', 'b', 'c', 'd'];
    goSort(a.length, (i, j) => a[i] < a[j], (i, j) => { [a[i], a[j]] = [a[j], a[i]]; [tags[i], tags[j]] = [tags[j], tags[i]]; });
    assert.deepEqual(a, [1, 1, 2, 3]);
    assert.deepEqual(tags, ['b', 'd', 'c', 'a']);
  });

  test('goSort sorts large inputs', () => {
    const a = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1013);
    goSort(a.length, (i, j) => a[i] < a[j], (i, j) => { [a[i], a[j]] = [a[j], a[i]]; });
    for (let i = 1; i < a.length; i++) assert.ok(a[i - 1] <= a[i]);
  });
});
