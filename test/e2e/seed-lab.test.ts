// Black-box: the seed lab demo (`npm run demo`, scripts/seed-lab.sh) runs every step of the lab
// against a scratch cluster and says so; a few of its outputs are checked as the lab shows them.
// The script stops its agent and removes its KCTL_HOME itself; this test checks nothing is left.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/kctl';

test('npm run demo: the seed lab, every step working', { skip: process.platform !== 'linux' || spawnSync('curl', ['--version']).status !== 0, timeout: 240_000 }, () => {
  const r = spawnSync('bash', ['-c', `'${path.join(ROOT, 'scripts', 'seed-lab.sh')}' 2>&1`], { encoding: 'utf8', timeout: 230_000, env: { ...process.env, KCTL_HOME: '' } });
  assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr);
  const out = r.stdout;
  assert.match(out, /seed lab: every step worked\n$/);
  assert.match(out, /^Hello MyApp \| Version: v1 \| <a href="hostname\.html">Pod Name<\/a>$/m);
  assert.equal(new Set(out.match(/^service-deploy-[a-z0-9]+-[a-z0-9]{5}$/gm)).size >= 2, true, 'round robin reached several pods');
  assert.match(out, /^PONG$/m);
  assert.match(out, /^Address 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local$/m);
  assert.match(out, /^httpd-svc\.default\.svc\.cluster\.local\. 30\tIN A\t10\.244\.\d+\.\d+$/m);
  assert.match(out, /^nginx-ingress-controller-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 /m);
  assert.match(out, /^200 over TLS$/m);
  assert.match(out, /<title>Apache Tomcat/);
  const home = /log (\/\S+)\/agent\.log/.exec(out)?.[1];
  assert.ok(home && !fs.existsSync(home), 'the scratch KCTL_HOME is gone');
  const left = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return fs.readFileSync(`/proc/${d}/environ`, 'utf8').includes(`KCTL_HOME=${home}\0`); } catch { return false; }
  });
  assert.deepEqual(left, []);
});
