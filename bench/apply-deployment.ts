// Benchmark: whole-process time of `kctl apply -f` of a Deployment (+ Service) with 10 and with
// 100 replicas, until every pod is bound to a node and the Endpoints are written (all inside the
// apply's transaction; no node agent). Median of interleaved runs, each on a fresh copy of a
// bootstrapped state file, side by side with `node -e 0`. Usage:
//   npm run build && node dist/bench/apply-deployment.js [runs=15]

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deploymentYaml, median } from './lib';

const ROOT = path.resolve(__dirname, '..', '..');
const KCTL = path.join(ROOT, 'bin', 'kctl');
const RUNS = Number(process.argv[2] ?? 15);

function manifest(replicas: number): string {
  return `${deploymentYaml(replicas)}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`;
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-bench-apply-'));
  try {
    const seed = path.join(work, 'seed');
    const env = (home: string) => ({ ...process.env, KCTL_HOME: home, KCTL_NO_AUTOSTART: '1' });
    spawnSync(process.execPath, [KCTL, 'get', 'ns'], { env: env(seed), stdio: 'ignore' });
    for (const n of [10, 100]) fs.writeFileSync(path.join(work, `deploy-${n}.yaml`), manifest(n));
    const cases: [string, () => [string, string[], string | undefined]][] = [
      ['node -e 0', () => [process.execPath, ['-e', '0'], undefined]],
      ['kctl apply (10 replicas)', () => [process.execPath, [KCTL, 'apply', '-f', path.join(work, 'deploy-10.yaml')], 'fresh']],
      ['kctl apply (100 replicas)', () => [process.execPath, [KCTL, 'apply', '-f', path.join(work, 'deploy-100.yaml')], 'fresh']],
    ];
    const samples = cases.map(() => [] as number[]);
    let k = 0;
    const check: Record<string, string> = {};
    for (let r = 0; r < RUNS + 1; r++) {
      cases.forEach(([name, mk], i) => {
        const [cmd, args, fresh] = mk();
        let home = seed;
        if (fresh) {
          home = path.join(work, `h${k++}`);
          fs.mkdirSync(home);
          fs.copyFileSync(path.join(seed, 'state.db'), path.join(home, 'state.db'));
        }
        const t0 = process.hrtime.bigint();
        const res = spawnSync(cmd, args, { env: env(home), stdio: ['ignore', 'ignore', 'pipe'] });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.status !== 0) throw new Error(`${name} failed: ${res.stderr}`);
        if (r > 0) samples[i].push(ms); // the first round warms the page cache
        if (fresh && r === 1) {
          const out = spawnSync(process.execPath, [KCTL, 'get', 'pods', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}'], { env: env(home), encoding: 'utf8' }).stdout;
          const ep = spawnSync(process.execPath, [KCTL, 'get', 'endpoints', 'web', '-o', 'name'], { env: env(home), encoding: 'utf8' }).stdout.trim();
          check[name] = `${out.trim().split('\n').filter((l) => l.startsWith('k8s-node')).length} pods bound, ${ep || 'no endpoints'}`;
        }
        if (fresh) fs.rmSync(home, { recursive: true, force: true });
      });
    }
    const med = samples.map(median);
    console.log(`kctl apply of a Deployment + Service, until pods are bound and Endpoints written — median of ${RUNS} interleaved runs (${os.cpus().length} cores, node ${process.version})`);
    console.log('| command | median ms | × node -e 0 | check |');
    console.log('|---|---:|---:|---|');
    cases.forEach(([name], i) => console.log(`| \`${name}\` | ${med[i].toFixed(1)} | ${(med[i] / med[0]).toFixed(2)} | ${check[name] ?? ''} |`));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
