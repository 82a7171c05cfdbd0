// The store's contract: resourceVersions, optimistic concurrency, the change log, atomicity.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStore, StoreError, SCHEMA_VERSION } from '../../../src/store/sqlite';
import type { KObject } from '../../../src/api/types';

const cm = (name: string, ns = 'default', data: Record<string, string> = {}): KObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { if (e instanceof StoreError) return e.code; throw e; }
  return 'ok';
}

describe('SqliteStore', () => {
  test('assigns increasing resourceVersions and keeps namespace/name order', () => {
    const s = SqliteStore.open(':memory:');
    const a = s.create('configmaps', cm('b'));
    const b = s.create('configmaps', cm('a'));
    const c = s.create('configmaps', cm('a', 'zz'));
    assert.ok(Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
    assert.equal(s.rv(), Number(c.metadata.resourceVersion));
    assert.deepEqual(s.list('configmaps', 'default').map((o) => o.metadata.name), ['a', 'b']);
    assert.deepEqual(s.list('configmaps').map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ['default/a', 'default/b', 'zz/a']);
    assert.equal(s.count('configmaps'), 3);
    assert.equal(s.schemaVersion(), SCHEMA_VERSION);
  });

  test('refuses duplicates, stale updates and missing objects', () => {
    const s = SqliteStore.open(':memory:');
    const a = s.create('configmaps', cm('a'));
    assert.equal(code(() => s.create('configmaps', cm('a'))), 'exists');
    const stale = a.metadata.resourceVersion!;
    const upd = s.update('configmaps', { ...cm('a', 'default', { k: 'v' }), metadata: { ...cm('a').metadata, resourceVersion: stale } });
    assert.notEqual(upd.metadata.resourceVersion, stale);
    assert.equal(code(() => s.update('configmaps', { ...cm('a'), metadata: { ...cm('a').metadata, resourceVersion: stale } })), 'conflict');
    assert.equal(code(() => s.update('configmaps', cm('missing'))), 'notfound');
    assert.equal(code(() => s.delete('configmaps', 'default', 'missing')), 'notfound');
    assert.equal(code(() => s.delete('configmaps', 'default', 'a', stale)), 'conflict');
    assert.deepEqual(s.get('configmaps', 'default', 'a')!.data, { k: 'v' });
  });

  test('records every change for watchers, deletes with a new resourceVersion', () => {
    const s = SqliteStore.open(':memory:');
    const start = s.rv();
    s.create('configmaps', cm('a'));
    s.update('configmaps', cm('a', 'default', { x: '1' }));
    const del = s.delete('configmaps', 'default', 'a');
    const ch = s.changesSince(start);
    assert.deepEqual(ch.map((c) => c.type), ['ADDED', 'MODIFIED', 'DELETED']);
    assert.equal(ch[2].rv, Number(del.metadata.resourceVersion));
    assert.deepEqual(ch[2].object.data, { x: '1' });
    assert.deepEqual(s.changesSince(ch[0].rv).map((c) => c.type), ['MODIFIED', 'DELETED']);
    assert.equal(s.get('configmaps', 'default', 'a'), undefined);
  });

  test('a failing transaction leaves nothing behind', () => {
    const s = SqliteStore.open(':memory:');
    const rv = s.rv();
    assert.throws(() => s.tx(() => {
      s.create('configmaps', cm('a'));
      s.create('configmaps', cm('b'));
      throw new Error('boom');
    }), /boom/);
    assert.equal(s.count('configmaps'), 0);
    assert.equal(s.rv(), rv);
    assert.deepEqual(s.changesSince(rv), []);
  });

  test('compaction makes old resourceVersions gone', () => {
    const s = SqliteStore.open(':memory:');
    for (let i = 0; i < 10; i++) s.create('configmaps', cm(`c${i}`));
    s.compact(3);
    assert.equal(code(() => s.changesSince(2)), 'gone');
    assert.equal(s.changesSince(s.rv() - 3).length, 3);
  });

  test('listForTable returns the projections, in order', () => {
    const s = SqliteStore.open(':memory:');
    s.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'default', annotations: { big: 'x'.repeat(100) }, labels: { a: '1' } },
      spec: { volumes: [{ name: 'v' }], containers: [{ name: 'c', image: 'nginx', env: [{ name: 'E', value: '1' }] }] } });
    s.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' }, spec: { containers: [] } });
    const t = s.listForTable('pods', 'default');
    assert.deepEqual(t.map((o) => o.metadata.name), ['a', 'b']);
    assert.deepEqual(t[1].metadata.labels, { a: '1' });
    assert.equal(t[1].metadata.annotations, undefined);
    assert.equal(t[1].spec.volumes, undefined);
    assert.deepEqual(t[1].spec.containers, [{ name: 'c', image: 'nginx' }]);
    assert.ok(s.get('pods', 'default', 'b')!.spec.volumes, 'the stored object keeps everything');
  });

  test('migrates a version-1 state file, backfilling the table projections', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-store-'));
    try {
      const file = path.join(dir, 'state.db');
      const Sqlite = require('better-sqlite3');
      const db = new Sqlite(file);
      db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE objects (resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, rv INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID;
        CREATE TABLE changes (rv INTEGER PRIMARY KEY, type TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('rv', '1'), ('compacted', '0');
        PRAGMA user_version = 1;`);
      db.prepare('INSERT INTO objects VALUES (?, ?, ?, ?, ?)').run('configmaps', 'default', 'old', 1,
        JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old', namespace: 'default', resourceVersion: '1', annotations: { a: 'b' } } }));
      db.close();
      const s = SqliteStore.open(file);
      assert.equal(s.schemaVersion(), SCHEMA_VERSION);
      const t = s.listForTable('configmaps', 'default');
      assert.equal(t[0].metadata.name, 'old');
      assert.equal(t[0].metadata.annotations, undefined, 'tvalue was backfilled');
      assert.equal(s.get('configmaps', 'default', 'old')!.metadata.annotations!.a, 'b');
      s.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('uses WAL on a file and reopens with the same data', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-store-'));
    try {
      const file = path.join(dir, 'state.db');
      const s = SqliteStore.open(file);
      s.create('configmaps', cm('a'));
      assert.equal(s.db.pragma('journal_mode', { simple: true }), 'wal');
      s.close();
      const t = SqliteStore.open(file);
      assert.equal(t.get('configmaps', 'default', 'a')!.metadata.name, 'a');
      t.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
