// A tiny API server for running the real `kubectl explain` against kctl's schema: legacy discovery
// of the served kinds and an OpenAPI v3 document per group version, built from src/api/schema the
// way the Kubernetes API server publishes its types (references wrapped in allOf next to the
// field's description, list items and map values as items/additionalProperties, required lists,
// enums). kubectl's own template then renders kctl's descriptions, which is the oracle for
// src/cli/explain.ts. Test-only: does I/O, listens on 127.0.0.1.

import http from 'node:http';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KINDS, KindInfo } from '../../../src/api/kinds';
import { kindsWithSchema, kindType, parseTypeRef, specialType, typeSchema } from '../../../src/api/schema';

export interface ExplainServer {
  kubectl(args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  close(): Promise<void>;
}

const PREFIX = 'io.k8s.kctl.';
const refOf = (name: string) => `#/components/schemas/${PREFIX}${name}`;

type Json = Record<string, unknown>;

function valueSchema(t: string, deps: Set<string>): Json {
  const r = parseTypeRef(t);
  switch (r.kind) {
    case 'primitive': return { type: r.name };
    case 'array': return { type: 'array', items: valueSchema(r.elem, deps) };
    case 'map': return { type: 'object', additionalProperties: valueSchema(r.elem, deps) };
    default:
      deps.add(r.name);
      return { allOf: [{ $ref: refOf(r.name) }] };
  }
}

function component(name: string, deps: Set<string>, gvk?: Json): Json {
  const sp = specialType(name);
  if (sp) return { description: sp.description, ...(sp.openAPIType ? { type: sp.openAPIType } : {}) };
  if (name === 'Object') return { type: 'object' };
  const t = typeSchema(name)!;
  const properties: Json = {};
  for (const f of t.fields) {
    const s = valueSchema(f.type, deps);
    if (f.description) s.description = f.description;
    if (f.enum) s.enum = f.enum;
    properties[f.name] = s;
  }
  const req = t.fields.filter((f) => f.required).map((f) => f.name);
  return {
    description: t.description, type: 'object', properties, ...(req.length ? { required: req } : {}),
    ...(gvk ? { 'x-kubernetes-group-version-kind': [gvk] } : {}),
  };
}

interface Served { group: string; version: string; info: KindInfo; kind: string; resource: string }

function served(): Served[] {
  const out: Served[] = [];
  for (const ki of KINDS) {
    if (!ki.verbs?.includes('list') && !ki.verbs?.includes('get')) continue;
    for (const version of [ki.version, ...(ki.servedVersions ?? [])]) out.push({ group: ki.group, version, info: ki, kind: ki.kind, resource: ki.resource });
  }
  const ev = KINDS.find((k) => k.kind === 'Event')!;
  out.push({ group: 'events.k8s.io', version: 'v1', info: ev, kind: 'Event', resource: 'events' });
  return out;
}

/** the OpenAPI v3 document of one group version */
function document(gv: string, items: Served[]): Json {
  const schemas: Json = {};
  const paths: Json = {};
  const pending: string[] = [];
  const seen = new Set<string>();
  const withSchema = new Set(kindsWithSchema().map(([av, k]) => `${av}/${k}`));
  for (const s of items) {
    if (!withSchema.has(`${gv}/${s.kind}`)) continue;
    const key = kindType(s.kind, gv)!;
    const gvk = { group: s.group, kind: s.kind, version: s.version };
    const prefix = s.group ? `/apis/${s.group}/${s.version}` : `/api/${s.version}`;
    const p = s.info.namespaced ? `${prefix}/namespaces/{namespace}/${s.resource}` : `${prefix}/${s.resource}`;
    paths[p] = { get: { 'x-kubernetes-group-version-kind': gvk } };
    const deps = new Set<string>();
    schemas[PREFIX + key] = component(key, deps, gvk);
    seen.add(key);
    pending.push(...deps);
  }
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const deps = new Set<string>();
    schemas[PREFIX + name] = component(name, deps);
    pending.push(...deps);
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}

export async function startExplainServer(): Promise<ExplainServer> {
  const all = served();
  const byGV = new Map<string, Served[]>();
  for (const s of all) {
    const gv = s.group ? `${s.group}/${s.version}` : s.version;
    if (!byGV.has(gv)) byGV.set(gv, []);
    byGV.get(gv)!.push(s);
  }
  const docs = new Map<string, string>();
  const send = (res: http.ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (p === '/apis') {
      const groups = new Map<string, string[]>();
      for (const gv of byGV.keys()) {
        if (!gv.includes('/')) continue;
        const [g, v] = gv.split('/');
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g)!.push(v);
      }
      return send(res, 200, {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: [...groups].map(([name, vs]) => ({
          name, versions: vs.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${name}/${vs[0]}`, version: vs[0] },
        })),
      });
    }
    if (p === '/openapi/v3') {
      const paths: Json = {};
      for (const gv of byGV.keys()) {
        const key = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
        paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=0` };
      }
      return send(res, 200, { paths });
    }
    if (p.startsWith('/openapi/v3/')) {
      const rest = p.slice('/openapi/v3/'.length).split('/');
      const gv = rest[0] === 'api' ? rest[1] : `${rest[1]}/${rest[2]}`;
      const items = byGV.get(gv);
      if (!items) return send(res, 404, {});
      if (!docs.has(gv)) docs.set(gv, JSON.stringify(document(gv, items)));
      return send(res, 200, docs.get(gv));
    }
    const parts = p.split('/').filter(Boolean);
    const gv = parts[0] === 'api' ? parts[1] : parts[0] === 'apis' ? `${parts[1]}/${parts[2]}` : '';
    const items = byGV.get(gv);
    if (!items) return send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    return send(res, 200, {
      kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
      resources: items.map((s) => ({
        name: s.resource, singularName: s.info.singular, namespaced: s.info.namespaced, kind: s.kind,
        verbs: s.info.verbs ?? [], shortNames: s.group === s.info.group && s.info.shortNames.length ? s.info.shortNames : undefined,
      })),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-explain-'));
  const kubeconfig = path.join(home, 'config');
  fs.writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'clusters:', `- cluster: {server: "http://127.0.0.1:${port}"}`, '  name: fake', 'contexts:',
    '- context: {cluster: fake, user: fake}', '  name: fake', 'current-context: fake', 'users:', '- name: fake', '  user: {}', '',
  ].join('\n'));
  return {
    kubectl(args) {
      return new Promise((resolve) => {
        execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', path.join(home, 'cache'), ...args],
          { env: { ...process.env, HOME: home, KUBECONFIG: kubeconfig }, timeout: 30000, maxBuffer: 16 << 20 },
          (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? ((err as any).code ?? 1) : 0 }));
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
