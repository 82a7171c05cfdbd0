// The state store: one SQLite file (WAL) holding every object as JSON, a global monotonically
// increasing resourceVersion (like an etcd revision) and a change log that watchers read.
// All writes happen inside `tx()` (BEGIN IMMEDIATE), so a read-check-write sequence in one
// transaction is atomic across processes; stale writes are refused with a Conflict.

import type { KObject, WatchEventType } from '../api/types';

type Database = import('better-sqlite3').Database;
type Statement = import('better-sqlite3').Statement;

/** how many change-log rows are kept; older resourceVersions get 410 Gone on watch */
export const CHANGE_LOG_KEEP = 50_000;

export type StoreErrorCode = 'exists' | 'notfound' | 'conflict' | 'gone';

export class StoreError extends Error {
  code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface Change {
  rv: number;
  type: WatchEventType;
  resource: string;
  namespace: string;
  name: string;
  object: KObject;
}

const MIGRATIONS: string[] = [
  // v1
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS objects (
     resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
     rv INTEGER NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID;
   CREATE TABLE IF NOT EXISTS changes (
     rv INTEGER PRIMARY KEY, type TEXT NOT NULL, resource TEXT NOT NULL,
     namespace TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
   INSERT OR IGNORE INTO meta(key, value) VALUES ('rv', '0'), ('compacted', '0');`,
  // v2: a table projection of each object (what `get` tables read), written with the object
  `ALTER TABLE objects ADD COLUMN tvalue TEXT;`,
];

/** A container as tables see it: its name, image and (for sidecar init containers) restart policy. */
function slimContainer(c: any): any {
  if (!c || typeof c !== 'object') return c;
  const out: any = { name: c.name, image: c.image };
  if (c.restartPolicy) out.restartPolicy = c.restartPolicy;
  return out;
}

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The object without what no table column reads (annotations, managedFields, volumes,
 * tolerations): `kctl get` parses this smaller text. Labels, spec and status stay.
 */
export function tableProjection(obj: KObject): KObject {
  const { managedFields, annotations, ...md } = obj.metadata;
  void managedFields; void annotations;
  const out: KObject = { ...obj, metadata: md };
  const spec = obj.spec;
  if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
    const { volumes, tolerations, ...rest } = spec;
    void volumes; void tolerations;
    for (const k of ['containers', 'initContainers']) if (Array.isArray(rest[k])) rest[k] = rest[k].map(slimContainer);
    const tpl = rest.template;
    if (tpl && typeof tpl === 'object' && tpl.spec && typeof tpl.spec === 'object') {
      const { volumes: v2, tolerations: t2, ...tspec } = tpl.spec;
      void v2; void t2;
      for (const k of ['containers', 'initContainers']) if (Array.isArray(tspec[k])) tspec[k] = tspec[k].map(slimContainer);
      const { annotations: a2, ...tmd } = tpl.metadata ?? {};
      void a2;
      rest.template = { ...tpl, metadata: tmd, spec: tspec };
    }
    out.spec = rest;
  }
  return out;
}

/** The addon's path, found once without the `bindings` package's search (start-up matters). */
function nativeBinding(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const p = require('node:path') as typeof import('node:path');
    const file = p.join(p.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require('node:fs') as typeof import('node:fs')).existsSync(file) ? file : undefined;
  } catch { return undefined; }
}

export class SqliteStore {
  readonly db: Database;
  private st: Record<string, Statement> = {};
  private writesSinceCompact = 0;

  private constructor(db: Database) {
    this.db = db;
  }

  /** Open (creating and migrating if needed) the store at `path` (':memory:' for tests). */
  static open(path: string, opts: { readonly?: boolean; timeoutMs?: number } = {}): SqliteStore {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const Sqlite = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Sqlite(path, { readonly: !!opts.readonly, timeout: opts.timeoutMs ?? 30_000, nativeBinding: nativeBinding() });
    // reads through mmap: a cold `get` of a big list reads pages without a syscall each
    db.pragma('mmap_size = 268435456');
    const s = new SqliteStore(db);
    if (!opts.readonly) s.migrate();
    return s;
  }

  private migrate(): void {
    const db = this.db;
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current >= MIGRATIONS.length) return;
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      for (let v = now; v < MIGRATIONS.length; v++) {
        db.exec(MIGRATIONS[v]);
        if (v === 1) this.backfillProjections();
      }
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    }).immediate();
  }

  /** Migration 2's data step: compute the table projection of every stored object. */
  private backfillProjections(): void {
    const rows = this.db.prepare('SELECT resource, namespace, name, value FROM objects').all() as { resource: string; namespace: string; name: string; value: string }[];
    const upd = this.db.prepare('UPDATE objects SET tvalue = ? WHERE resource = ? AND namespace = ? AND name = ?');
    for (const r of rows) upd.run(JSON.stringify(tableProjection(JSON.parse(r.value))), r.resource, r.namespace, r.name);
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private stmt(key: string, sql: string): Statement {
    let s = this.st[key];
    if (!s) s = this.st[key] = this.db.prepare(sql);
    return s;
  }

  close(): void {
    this.db.close();
  }

  /** Run `fn` in a write transaction (BEGIN IMMEDIATE). Nested calls join the outer one. */
  tx<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn).immediate();
  }

  /** The current (latest) resourceVersion. */
  rv(): number {
    return Number((this.stmt('getrv', `SELECT value FROM meta WHERE key = 'rv'`).get() as { value: string }).value);
  }

  getMeta(key: string): string | undefined {
    const row = this.stmt('getmeta', 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('setmeta', 'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  get(resource: string, namespace: string, name: string): KObject | undefined {
    const row = this.stmt('get', 'SELECT value FROM objects WHERE resource = ? AND namespace = ? AND name = ?')
      .get(resource, namespace, name) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  }

  /** Objects of a resource, in namespace/name order; `namespace` undefined = every namespace. */
  list(resource: string, namespace?: string): KObject[] {
    return this.listRaw(resource, namespace).map((v) => JSON.parse(v));
  }

  listRaw(resource: string, namespace?: string): string[] {
    const rows = (namespace === undefined
      ? this.stmt('listall', 'SELECT value FROM objects WHERE resource = ? ORDER BY namespace, name').all(resource)
      : this.stmt('listns', 'SELECT value FROM objects WHERE resource = ? AND namespace = ? ORDER BY name').all(resource, namespace)
    ) as { value: string }[];
    return rows.map((r) => r.value);
  }

  /** The table projections of a resource's objects (see tableProjection), parsed in one piece. */
  listForTable(resource: string, namespace?: string): KObject[] {
    const rows = (namespace === undefined
      ? this.stmt('tlistall', 'SELECT coalesce(tvalue, value) FROM objects WHERE resource = ? ORDER BY namespace, name').pluck().all(resource)
      : this.stmt('tlistns', 'SELECT coalesce(tvalue, value) FROM objects WHERE resource = ? AND namespace = ? ORDER BY name').pluck().all(resource, namespace)
    ) as string[];
    return JSON.parse(`[${rows.join(',')}]`);
  }

  count(resource: string, namespace?: string): number {
    const row = (namespace === undefined
      ? this.stmt('countall', 'SELECT count(*) AS n FROM objects WHERE resource = ?').get(resource)
      : this.stmt('countns', 'SELECT count(*) AS n FROM objects WHERE resource = ? AND namespace = ?').get(resource, namespace)) as { n: number };
    return row.n;
  }

  private nextRv(): number {
    const row = this.stmt('bumprv', `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rv' RETURNING value`).get() as { value: string | number };
    return Number(row.value);
  }

  private record(type: WatchEventType, resource: string, ns: string, name: string, obj: KObject): KObject {
    const rv = this.nextRv();
    obj.metadata.resourceVersion = String(rv);
    const json = JSON.stringify(obj);
    this.stmt('log', 'INSERT INTO changes(rv, type, resource, namespace, name, value) VALUES (?, ?, ?, ?, ?, ?)')
      .run(rv, type, resource, ns, name, json);
    if (type === 'DELETED') {
      this.stmt('del', 'DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?').run(resource, ns, name);
    } else {
      this.stmt('put', 'INSERT INTO objects(resource, namespace, name, rv, value, tvalue) VALUES (?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT(resource, namespace, name) DO UPDATE SET rv = excluded.rv, value = excluded.value, tvalue = excluded.tvalue')
        .run(resource, ns, name, rv, json, JSON.stringify(tableProjection(obj)));
    }
    if (++this.writesSinceCompact >= 1000) this.compact();
    return obj;
  }

  private currentRv(resource: string, ns: string, name: string): number | undefined {
    const row = this.stmt('currv', 'SELECT rv FROM objects WHERE resource = ? AND namespace = ? AND name = ?')
      .get(resource, ns, name) as { rv: number } | undefined;
    return row?.rv;
  }

  /** Store a new object; sets metadata.resourceVersion. */
  create(resource: string, obj: KObject): KObject {
    return this.tx(() => {
      const ns = obj.metadata.namespace ?? '';
      const name = obj.metadata.name!;
      if (this.currentRv(resource, ns, name) !== undefined) throw new StoreError('exists', `${resource} ${ns}/${name} exists`);
      return this.record('ADDED', resource, ns, name, obj);
    });
  }

  /**
   * Replace a stored object. When `expectedRv` is given (or the object carries a
   * resourceVersion) it must equal the stored one, else Conflict.
   */
  update(resource: string, obj: KObject, expectedRv?: string): KObject {
    return this.tx(() => {
      const ns = obj.metadata.namespace ?? '';
      const name = obj.metadata.name!;
      const cur = this.currentRv(resource, ns, name);
      if (cur === undefined) throw new StoreError('notfound', `${resource} ${ns}/${name} not found`);
      const want = expectedRv ?? obj.metadata.resourceVersion;
      if (want !== undefined && want !== '' && String(cur) !== String(want)) throw new StoreError('conflict', `${resource} ${ns}/${name} modified`);
      return this.record('MODIFIED', resource, ns, name, obj);
    });
  }

  /** Remove an object; the DELETED change carries its last state with a new resourceVersion. */
  delete(resource: string, namespace: string, name: string, expectedRv?: string): KObject {
    return this.tx(() => {
      const obj = this.get(resource, namespace, name);
      if (!obj) throw new StoreError('notfound', `${resource} ${namespace}/${name} not found`);
      if (expectedRv !== undefined && expectedRv !== '' && obj.metadata.resourceVersion !== expectedRv) {
        throw new StoreError('conflict', `${resource} ${namespace}/${name} modified`);
      }
      return this.record('DELETED', resource, namespace, name, obj);
    });
  }

  /** Changes after `rv` (exclusive), oldest first. Throws `gone` when `rv` was compacted away. */
  changesSince(rv: number, limit = 1000, resource?: string): Change[] {
    const compacted = Number(this.getMeta('compacted') ?? '0');
    if (rv < compacted) throw new StoreError('gone', `too old resource version: ${rv} (${compacted})`);
    const rows = (resource
      ? this.stmt('chres', 'SELECT rv, type, resource, namespace, name, value FROM changes WHERE rv > ? AND resource = ? ORDER BY rv LIMIT ?').all(rv, resource, limit)
      : this.stmt('chall', 'SELECT rv, type, resource, namespace, name, value FROM changes WHERE rv > ? ORDER BY rv LIMIT ?').all(rv, limit)
    ) as { rv: number; type: WatchEventType; resource: string; namespace: string; name: string; value: string }[];
    return rows.map((r) => ({ rv: r.rv, type: r.type, resource: r.resource, namespace: r.namespace, name: r.name, object: JSON.parse(r.value) }));
  }

  /** Drop change-log rows beyond the last CHANGE_LOG_KEEP. */
  compact(keep = CHANGE_LOG_KEEP): void {
    this.writesSinceCompact = 0;
    this.tx(() => {
      const cut = this.rv() - keep;
      if (cut <= Number(this.getMeta('compacted') ?? '0')) return;
      this.stmt('compact', 'DELETE FROM changes WHERE rv <= ?').run(cut);
      this.setMeta('compacted', String(cut));
    });
  }
}
