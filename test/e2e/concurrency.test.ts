// 20 kctl processes writing at once lose no update and never leave a half-written object;
// a write with a stale resourceVersion is refused with kubectl's Conflict error.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { TmpCluster } from '../helpers/kctl';

describe('concurrent writers', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('20 processes annotating and patching the same object: every change lands', async () => {
    c.ok(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n' });
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2
      ? c.runAsync(['annotate', 'configmap', 'shared', `k${i}=v${i}`])
      : c.runAsync(['patch', 'configmap', 'shared', '--type=merge', '-p', JSON.stringify({ data: { [`d${i}`]: String(i) } })]))));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const obj = JSON.parse(c.ok(['get', 'cm', 'shared', '-o', 'json']));
    for (let i = 0; i < 20; i++) {
      if (i % 2) assert.equal(obj.metadata.annotations[`k${i}`], `v${i}`);
      else assert.equal(obj.data[`d${i}`], String(i));
    }
  });

  test('20 processes applying different objects: all created, each with its own resourceVersion', async () => {
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => c.runAsync(['apply', '-f', '-'], {
      input: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  labels:\n    batch: one\ndata:\n  i: "${i}"\n`,
    })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(c.ok(['get', 'cm', '-l', 'batch=one', '-o', 'json']));
    assert.equal(list.items.length, 20);
    assert.equal(new Set(list.items.map((o: any) => o.metadata.resourceVersion)).size, 20);
  });

  test('a stale resourceVersion is a Conflict', () => {
    const cur = JSON.parse(c.ok(['get', 'cm', 'cm-1', '-o', 'json']));
    c.ok(['label', 'cm', 'cm-1', 'bump=1']);
    cur.data.i = 'changed';
    const r = c.run(['replace', '-f', '-'], { input: JSON.stringify(cur) });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "cm-1": the object has been modified; please apply your changes to the latest version and try again\n');
    assert.equal(JSON.parse(c.ok(['get', 'cm', 'cm-1', '-o', 'json'])).data.i, '1');
  });
});
