// Benchmark: whole-process time of `kctl get pods` and `kctl get pods -o wide` against a store
// holding 1,000 pods, side by side in one run with `node -e 0` (the runtime's floor) and with
// kubectl doing client-only work. Medians over interleaved runs. Usage:
//   npm run build && node dist/bench/get-pods.js [runs=30]

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCluster, resolvePaths } from '../src/controlplane/cluster';
import { median } from './lib';

const ROOT = path.resolve(__dirname, '..', '..');
const KCTL = path.join(ROOT, 'bin', 'kctl');
const RUNS = Number(process.argv[2] ?? 30);

function populate(home: string, n: number): void {
  process.env.KCTL_HOME = home;
  const { api, store } = openCluster(resolvePaths());
  const nodes = ['k8s-node1', 'k8s-node2'];
  store.tx(() => {
    for (let i = 0; i < n; i++) {
      const pod = api.create('pods', 'default', {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `web-7c5ddbdf54-${String(i).padStart(5, '0')}`, labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } },
        spec: { nodeName: nodes[i % 2], containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
      });
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      api.updateStatus('pods', 'default', pod.metadata.name!, {
        phase: 'Running', podIP: `10.244.${1 + (i % 2)}.${i % 250}`, podIPs: [{ ip: `10.244.${1 + (i % 2)}.${i % 250}` }],
        hostIP: '127.0.1.2', startTime: now,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
        containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, image: 'nginx:1.25', imageID: '', started: true, state: { running: { startedAt: now } } }],
      });
    }
  });
  store.close();
}

function time(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}


function main(): void {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-bench-'));
  try {
    populate(home, 1000);
    const env = { ...process.env, KCTL_HOME: home, KCTL_NO_AUTOSTART: '1' };
    const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
    const cases: [string, string, string[]][] = [
      ['node -e 0', process.execPath, ['-e', '0']],
      ['kctl get pods', process.execPath, [KCTL, 'get', 'pods']],
      ['kctl get pods -o wide', process.execPath, [KCTL, 'get', 'pods', '-o', 'wide']],
    ];
    if (hasKubectl) cases.push(['kubectl create deployment --dry-run=client -o yaml', 'kubectl', ['create', 'deployment', 'x', '--image=nginx', '--dry-run=client', '-o', 'yaml']]);
    const lines = spawnSync(process.execPath, [KCTL, 'get', 'pods', '--no-headers'], { env, encoding: 'utf8' }).stdout.trim().split('\n').length;
    if (lines !== 1000) throw new Error(`expected 1000 pods, got ${lines}`);
    const samples = cases.map(() => [] as number[]);
    for (const [, cmd, args] of cases) time(cmd, args, env); // warm the page cache
    for (let r = 0; r < RUNS; r++) cases.forEach(([, cmd, args], i) => samples[i].push(time(cmd, args, env)));
    const med = samples.map(median);
    const floor = med[0];
    const kubectlMed = hasKubectl ? med[3] : NaN;
    console.log(`kctl get with 1,000 pods — median of ${RUNS} interleaved runs (${os.cpus().length} cores, node ${process.version})`);
    console.log('| command | median ms | × node -e 0 | × kubectl client-only |');
    console.log('|---|---:|---:|---:|');
    cases.forEach(([name], i) => {
      console.log(`| \`${name}\` | ${med[i].toFixed(1)} | ${(med[i] / floor).toFixed(2)} | ${hasKubectl ? (med[i] / kubectlMed).toFixed(2) : 'n/a'} |`);
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main();
