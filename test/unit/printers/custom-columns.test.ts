import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, formatError } from '../../../src/api/errors';
import type { KObject } from '../../../src/api/types';
import {
  parseCustomColumnsFile, parseCustomColumnsSpec, parseCustomColumnsTemplate, printCustomColumns,
} from '../../../src/printers/custom-columns';
import {
  liveKubectl, loadGolden, mapLimit, saveGolden, startFakeApiServer, stderrOf, updateGolden, type FakeServer,
  type KubectlResult,
} from './kubectl-oracle';

const cm = (name: string, ns: string, rest: Record<string, unknown> = {}, labels?: Record<string, string>): KObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, ...rest });

const CC: KObject[] = [
  cm('web-1', 'cc', {
    data: { x: '1' },
    extra: {
      n: 3, f: 1.5, big: 1000000, b: true, nul: null, arr: [1, 'two', { k: 'v' }], names: ['a', 'b'], s: 'tab\there', cr: 'a\rb',
      esc: '\u001b[31mred', nl: 'line1\nline2', long: 'a-very-long-value-here', uni: 'héllo ✓',
    },
  }, { app: 'web', tier: 'fe' }),
  cm('db', 'cc', { extra: { n: 10, names: [] } }),
  cm('x', 'cc', { extra: { nested: { a: { b: 'c' } }, names: ['z'] } }, { app: 'cache' }),
];

interface Case { id: string; spec: string; ns?: string; noHeaders?: boolean; file?: string }

const CASES: Case[] = [
  { id: 'basic', spec: 'NAME:.metadata.name,APP:.metadata.labels.app' },
  { id: 'short-headers', spec: 'N:.metadata.name,A:.metadata.labels.app' },
  { id: 'single-column', spec: 'NAME:.metadata.name' },
  { id: 'map-value', spec: 'NAME:.metadata.name,LABELS:.metadata.labels' },
  { id: 'slices', spec: 'NAME:.metadata.name,ARR:.extra.arr,NAMES:.extra.names,EACH:.extra.names[*]' },
  { id: 'scalars', spec: 'N:.extra.n,F:.extra.f,BIG:.extra.big,B:.extra.b,NUL:.extra.nul' },
  { id: 'nested-map', spec: 'NAME:.metadata.name,NESTED:.extra.nested' },
  { id: 'escapes', spec: 'S:.extra.s,CR:.extra.cr,ESC:.extra.esc,U:.extra.uni' },
  { id: 'newline-in-value', spec: 'NAME:.metadata.name,NL:.extra.nl,NS:.metadata.namespace' },
  { id: 'relaxed-forms', spec: 'A:metadata.name,B:{.metadata.name},C:{metadata.name},D:.metadata.name' },
  { id: 'lowercase-header', spec: 'name:.metadata.name' },
  { id: 'empty-header', spec: ':.metadata.name,X:.metadata.name' },
  { id: 'empty-path', spec: 'NAME:.metadata.name,E:' },
  { id: 'colon-in-path', spec: 'A:.metadata.labels.app:x' },
  { id: 'recursive', spec: 'N:..name' },
  { id: 'filter', spec: 'N:.metadata.name,F:.extra.names[?(@=="a")]' },
  { id: 'wide-value', spec: 'NAME:.metadata.name,LONG:.extra.long,N:.extra.n' },
  { id: 'no-headers', spec: 'NAME:.metadata.name,APP:.metadata.labels.app', noHeaders: true },
  { id: 'empty-list', spec: 'NAME:.metadata.name,APP:.metadata.labels.app', ns: 'empty' },
  { id: 'err-no-colon', spec: 'BAD' },
  { id: 'err-second-no-colon', spec: 'NAME:.metadata.name,BAD' },
  { id: 'err-relaxed', spec: 'N:{.a}{.b}' },
  { id: 'err-parse', spec: 'NAME:.metadata.name,N:.a[' },
  { id: 'err-exec', spec: 'NAME:.metadata.name,E:.extra.names[1]' },
  { id: 'file', spec: '', file: 'NAME   APP\n.metadata.name   {.metadata.labels.app}\n' },
  { id: 'file-no-headers', spec: '', file: 'NAME   APP\n.metadata.name   {.metadata.labels.app}\n', noHeaders: true },
  { id: 'file-crlf-tabs', spec: '', file: 'NAME\tLABELS \r\n  metadata.name\t.metadata.labels\r\n' },
  { id: 'file-count-mismatch', spec: '', file: 'NAME APP\n.metadata.name\n' },
  { id: 'file-missing-spec', spec: '', file: 'NAME APP\n' },
  { id: 'file-empty', spec: '', file: '' },
];

function ours(c: Case): KubectlResult {
  const objs = c.ns === 'empty' ? [] : CC;
  let stdout = '';
  try {
    const spec = c.file !== undefined ? parseCustomColumnsFile(c.file) : c.spec;
    stdout = printCustomColumns(spec, objs, { noHeaders: c.noHeaders });
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { stdout: (e as any).stdout ?? '', stderr: stderrOf(formatError(e)), code: 1 };
  }
}

const GOLDEN = 'custom-columns.json';
const NOTE = 'kubectl get cm -n cc -o custom-columns=<spec> / custom-columns-file=<file> (--no-headers) against the fake API server '
  + 'of test/unit/printers/kubectl-oracle.ts serving the objects of custom-columns.test.ts';

describe('custom-columns: kubectl oracle', () => {
  let server: FakeServer | undefined;
  let live: Record<string, KubectlResult> | undefined;
  let dir = '';

  before(async () => {
    if (!liveKubectl()) return;
    server = await startFakeApiServer();
    for (const o of CC) server.put(o);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cc-'));
    const results = await mapLimit(CASES, 8, (c) => {
      const args = ['get', 'cm', '-n', c.ns ?? 'cc'];
      if (c.file !== undefined) {
        const f = path.join(dir, `${c.id}.txt`);
        fs.writeFileSync(f, c.file);
        args.push('-o', `custom-columns-file=${f}`);
      } else {
        args.push('-o', `custom-columns=${c.spec}`);
      }
      if (c.noHeaders) args.push('--no-headers');
      return server!.kubectl(args);
    });
    live = Object.fromEntries(CASES.map((c, i) => [c.id, results[i]]));
    if (updateGolden()) saveGolden(GOLDEN, NOTE, live);
  });
  after(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const golden = loadGolden<KubectlResult>(GOLDEN);
  for (const c of CASES) {
    test(`${c.id}: ${JSON.stringify(c.file ?? c.spec)}`, () => {
      const got = ours(c);
      const want = live?.[c.id] ?? golden?.cases[c.id];
      assert.ok(want, `no golden for ${c.id}: run with kubectl on PATH and KCTL_UPDATE_GOLDEN=1`);
      assert.deepEqual(got, want);
      if (live && golden?.cases[c.id] && !updateGolden()) assert.deepEqual(golden.cases[c.id], live[c.id], 'golden is stale');
    });
  }
});

describe('custom-columns: details', () => {
  test('spec parsing', () => {
    assert.deepEqual(parseCustomColumnsSpec('NAME:.metadata.name,IP:status.podIP'), [
      { header: 'NAME', fieldSpec: '{.metadata.name}' },
      { header: 'IP', fieldSpec: '{.status.podIP}' },
    ]);
    assert.throws(() => parseCustomColumnsSpec(''), /custom-columns format specified but no custom columns given/);
    assert.throws(() => parseCustomColumnsSpec('A'), (e: unknown) => e instanceof CliError
      && e.message === 'unexpected custom-columns spec: A, expected <header>:<json-path-expr>');
  });

  test('template file parsing', () => {
    assert.deepEqual(parseCustomColumnsTemplate('A  B\n{.a}  .b\nignored\n'), [
      { header: 'A', fieldSpec: '{.a}' }, { header: 'B', fieldSpec: '{.b}' },
    ]);
    assert.throws(() => parseCustomColumnsTemplate(''), /invalid template, missing header line/);
    assert.throws(() => parseCustomColumnsTemplate('A\n'), /invalid template, missing spec line/);
    assert.throws(() => parseCustomColumnsTemplate('A B\n.a\n'), /number of headers \(2\) and field specifications \(1\) don't match/);
  });

  test('pod-like columns (tabwriter padding 3, minwidth 6)', () => {
    const pods = [
      { metadata: { name: 'web-7c5ddbdf54-x8k2m' }, status: { podIP: '10.244.0.5' } },
      { metadata: { name: 'db' }, status: {} },
    ] as KObject[];
    assert.equal(printCustomColumns('NAME:.metadata.name,IP:.status.podIP', pods),
      'NAME                   IP\nweb-7c5ddbdf54-x8k2m   10.244.0.5\ndb                     <none>\n');
  });

  test('execution error carries the partial output kubectl flushed', () => {
    assert.throws(() => printCustomColumns('N:.metadata.name,E:.a[3]', [{ metadata: { name: 'a' }, a: [] } as KObject]), (e: unknown) => {
      assert.ok(e instanceof CliError);
      assert.equal(e.message, 'array index out of bounds: index 3, length 0');
      assert.equal((e as any).stdout, 'N     E\n');
      return true;
    });
  });
});
