// The real kubectl as a test oracle for the printers (jsonpath, custom-columns, --sort-by).
//
// `kubectl get` needs an API server; this starts a minimal fake one on 127.0.0.1 that serves
// discovery for ConfigMaps and the ConfigMaps a test puts in it (any JSON: unstructured fields ride
// along), as objects, lists, or server-side Tables (what `kubectl get` asks for when it prints a
// table). kubectl then runs its own printers on them: `kubectl get cm NAME -o jsonpath=...`.
//
// Live runs happen when kubectl is on PATH (set KCTL_NO_LIVE_ORACLE=1 to skip them). Their outputs
// are kept as goldens in fixtures/golden/jsonpath/*.json; KCTL_UPDATE_GOLDEN=1 rewrites those files
// from the live runs. Without kubectl, the tests compare with the goldens only.

import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

export const GOLDEN_DIR = path.resolve(__dirname, '../../../../fixtures/golden/jsonpath');

let kubectlVersion: string | null | undefined;

/** `Client Version: v1.32.4...` of the kubectl on PATH, or null (none, or live runs disabled). */
export function liveKubectl(): string | null {
  if (kubectlVersion !== undefined) return kubectlVersion;
  kubectlVersion = null;
  if (process.env.KCTL_NO_LIVE_ORACLE) return null;
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  if (r.status === 0) kubectlVersion = r.stdout.split('\n')[0].trim();
  return kubectlVersion;
}

export interface KubectlResult { stdout: string; stderr: string; code: number }

export interface FakeServer {
  url: string;
  /** put a ConfigMap-like object (needs metadata.name; namespace defaults to `default`) */
  put(obj: Record<string, any>): void;
  close(): Promise<void>;
  /** run kubectl against this server */
  kubectl(args: string[]): Promise<KubectlResult>;
}

export async function startFakeApiServer(): Promise<FakeServer> {
  const objects = new Map<string, Map<string, any>>(); // ns -> name -> obj (insertion order = list order)
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-oracle-'));
  const send = (res: http.ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const accept = String(req.headers.accept ?? '');
    const p = u.pathname;
    if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
    if (p === '/apis') return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (p === '/api/v1') {
      return send(res, 200, {
        kind: 'APIResourceList', groupVersion: 'v1',
        resources: [{ name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'], shortNames: ['cm'] }],
      });
    }
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps(?:\/([^/]+))?$/.exec(p);
    if (m) {
      const ns = decodeURIComponent(m[1]);
      const byName = objects.get(ns) ?? new Map();
      if (m[2]) {
        const name = decodeURIComponent(m[2]);
        const obj = byName.get(name);
        if (!obj) return send(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `configmaps "${name}" not found`, reason: 'NotFound', details: { name, kind: 'configmaps' }, code: 404 });
        return send(res, 200, obj);
      }
      const items = [...byName.values()];
      if (accept.includes('as=Table')) {
        return send(res, 200, {
          kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '1' },
          columnDefinitions: [{ name: 'Name', type: 'string', format: 'name', description: '', priority: 0 }],
          rows: items.map((o) => ({ cells: [o.metadata.name], object: o })),
        });
      }
      return send(res, 200, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
    }
    return send(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    put(obj) {
      const ns = obj.metadata?.namespace ?? 'default';
      if (!objects.has(ns)) objects.set(ns, new Map());
      objects.get(ns)!.set(obj.metadata.name, obj);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
    kubectl(args) {
      return new Promise((resolve) => {
        execFile('kubectl', ['-s', url, '--cache-dir', cacheDir, ...args],
          { env: { ...process.env, KUBECONFIG: '/dev/null' }, timeout: 30_000, maxBuffer: 16 << 20 },
          (err, stdout, stderr) => {
            const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
            resolve({ stdout, stderr, code });
          });
      });
    },
  };
}

/** Run fn over items with at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface GoldenFile<T> {
  note: string;
  kubectl: string;
  cases: Record<string, T>;
}

export function loadGolden<T>(file: string): GoldenFile<T> | undefined {
  const f = path.join(GOLDEN_DIR, file);
  if (!fs.existsSync(f)) return undefined;
  return JSON.parse(fs.readFileSync(f, 'utf8')) as GoldenFile<T>;
}

export function saveGolden<T>(file: string, note: string, cases: Record<string, T>): void {
  fs.mkdirSync(GOLDEN_DIR, { recursive: true });
  const g: GoldenFile<T> = { note, kubectl: liveKubectl() ?? 'unknown', cases };
  fs.writeFileSync(path.join(GOLDEN_DIR, file), JSON.stringify(g, null, 1) + '\n');
}

export const updateGolden = (): boolean => !!process.env.KCTL_UPDATE_GOLDEN && liveKubectl() !== null;

/** What kctl's main prints on stderr for an error (see src/main.ts). */
export function stderrOf(msg: string): string {
  return msg.endsWith('\n') ? msg : msg + '\n';
}
