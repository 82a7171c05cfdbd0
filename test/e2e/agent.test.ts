// Black-box: `kctl proxy` runs the pods as local processes — Running 1/1 with pod IPs, Endpoints
// with the pod IPs, a real nginx answering on its port, restarts after SIGKILL, CrashLoopBackOff,
// Completed/Error, ErrImagePull, and a clean stop that leaves no process behind.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TmpCluster, columns } from '../helpers/kctl';
import { httpGet as get, until, processesOf, killAll } from '../helpers/agent';

describe('kctl proxy: pods as local processes', { skip: process.platform !== 'linux' }, () => {
  const c = new TmpCluster();
  before(() => {
    c.ok(['run', 'nginx', '--image=nginx:1.12', '--replicas=3']);
    c.ok(['expose', 'deployment', 'nginx', '--port=80']);
    const r = c.run(['proxy', '--background']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^kctl proxy started in the background \(pid \d+, log .*agent\.log\)\n$/);
  });
  after(async () => {
    c.run(['proxy', '--stop']);
    killAll(c.home);
    c.cleanup();
  });

  test('the deployment\'s pods run: 1/1 Running with pod IPs from their node\'s CIDR; endpoints list them', async () => {
    await until('3 running pods', () => (c.ok(['get', 'pods', '-l', 'run=nginx']).match(/ 1\/1 +Running /g) ?? []).length === 3);
    const rows = c.ok(['get', 'pods', '-o', 'wide', '-l', 'run=nginx']).trim().split('\n').slice(1).map(columns);
    for (const r of rows) {
      const node = r[6];
      assert.match(r[5], new RegExp(`^10\\.244\\.${node === 'k8s-node1' ? 1 : 2}\\.\\d+$`));
    }
    assert.match(c.ok(['get', 'deploy', 'nginx']), /\nnginx +3\/3 +3 +3 +/);
    await until('endpoints', () => /10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80/.test(c.ok(['get', 'endpoints', 'nginx'])));
    assert.match(c.ok(['proxy', '--status']), /^kctl proxy is running: pid \d+, up \d+s, 3 pods \(3 container processes\), listening: .*, log /);
    const pod = rows[0][0];
    const events = c.ok(['get', 'events', '--field-selector', `involvedObject.name=${pod}`, '-o', 'jsonpath={range .items[*]}{.reason}:{.source.component} {end}']);
    // (names are <pod>.<time in hex>, so events of the same millisecond list in any order)
    assert.deepEqual(events.trim().split(' ').sort(), ['Created:kubelet', 'Pulled:kubelet', 'Scheduled:default-scheduler', 'Started:kubelet']);
  });

  test('each nginx pod is a real nginx-like server on its own loopback port, logging requests', async () => {
    const log = fs.readFileSync(path.join(c.home, 'agent.log'), 'utf8');
    const ports = [...log.matchAll(/container nginx \(pid \d+, port (\d+)\)/g)].map((m) => Number(m[1]));
    assert.equal(ports.length, 3);
    const res = await get(ports[0]);
    assert.equal(res.status, 200);
    assert.match(res.body, /<title>Welcome to nginx!<\/title>/);
    const logs = () => fs.readdirSync(path.join(c.home, 'logs')).flatMap((d) => {
      const f = path.join(c.home, 'logs', d, 'nginx', '0.log');
      return fs.existsSync(f) ? [fs.readFileSync(f, 'utf8')] : [];
    }).join('');
    await until('the access log line', () => /"GET \/ HTTP\/1\.1" 200 612 /.test(logs()), 5000);
    // kctl logs shows the same lines, for the pod that served the request
    const all = c.ok(['get', 'pods', '-l', 'run=nginx', '-o', 'jsonpath={range .items[*]}{.metadata.name} {end}']).trim().split(' ');
    const shown = all.map((p) => c.ok(['logs', p])).join('');
    assert.match(shown, /^127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 612 "-" "-" "-"$/m);
    assert.equal(c.ok(['logs', 'deployment/nginx', '--tail=0']), '');
    assert.equal(c.run(['logs', 'nope']).stderr, 'Error from server (NotFound): pods "nope" not found\n');
  });

  test('exec runs a command in the pod\'s context and ends with its exit code', () => {
    const name = c.ok(['get', 'pods', '-l', 'run=nginx', '-o', 'jsonpath={.items[0].metadata.name}']);
    const ip = c.ok(['get', 'pod', name, '-o', 'jsonpath={.status.podIP}']);
    assert.equal(c.ok(['exec', name, '--', 'sh', '-c', 'echo $HOSTNAME $KCTL_POD_IP $NGINX_SERVICE_PORT']), `${name} ${ip} 80\n`);
    const r = c.run(['exec', name, '--', 'sh', '-c', 'exit 7']);
    assert.equal(r.code, 7);
    assert.equal(r.stderr, 'command terminated with exit code 7\n');
    assert.equal(c.run(['exec', 'nope', '--', 'true']).stderr, 'Error from server (NotFound): pods "nope" not found\n');
    assert.match(c.run(['exec', name, '--', 'no-such-program']).stderr, /exec: "no-such-program": executable file not found in \$PATH/);
  });

  test('a container killed with SIGKILL is restarted and RESTARTS counts it', async () => {
    const name = c.ok(['get', 'pods', '-l', 'run=nginx', '-o', 'jsonpath={.items[0].metadata.name}']);
    const rt = JSON.parse(fs.readFileSync(path.join(c.home, 'agent', 'runtime.json'), 'utf8'));
    const victim = rt.pods.find((p: any) => p.name === name).containers[0].pid as number;
    assert.ok(victim, 'found the pod\'s process');
    process.kill(victim!, 'SIGKILL');
    await until('a restart', () => c.ok(['get', 'pod', name, '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']) === '1');
    await until('running again', () => /1\/1 +Running +1 \(\d+s ago\)/.test(c.ok(['get', 'pod', name])));
    assert.equal(c.run(['logs', name, '--previous']).code, 0, 'the log before the restart is kept');
    const st = JSON.parse(c.ok(['get', 'pod', name, '-o', 'json'])).status.containerStatuses[0];
    assert.equal(st.lastState.terminated.exitCode, 137);
  });

  test('exits under restartPolicy Never: Completed and Error; a crashing command loops; an unknown image cannot be pulled', async () => {
    c.ok(['run', 'ok', '--image=busybox', '--restart=Never', '--command', '--', 'sh', '-c', 'echo done']);
    c.ok(['run', 'bad', '--image=busybox', '--restart=Never', '--command', '--', 'sh', '-c', 'exit 3']);
    c.ok(['run', 'crash', '--image=busybox', '--command', '--', 'sh', '-c', 'exit 1']);
    c.ok(['run', 'nope', '--image=example.com/nothing:1']);
    await until('Completed', () => /^ok +0\/1 +Completed +0 /m.test(c.ok(['get', 'pods'])));
    await until('Error', () => /^bad +0\/1 +Error +0 /m.test(c.ok(['get', 'pods'])));
    assert.equal(c.ok(['get', 'pod', 'bad', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}']), 'Failed 3');
    await until('CrashLoopBackOff', () => /^crash +0\/1 +CrashLoopBackOff +\d+ /m.test(c.ok(['get', 'pods'])));
    await until('ErrImagePull', () => /^nope +0\/1 +ErrImagePull +0 /m.test(c.ok(['get', 'pods'])));
    assert.equal(c.ok(['logs', 'ok']), 'done\n');
    // the container's environment: its env, the service links of its namespace, its pod name
    c.ok(['run', 'envs', '--image=busybox', '--restart=Never', '--env=GREETING=hi', '--command', '--', 'sh', '-c', 'echo $GREETING $NGINX_SERVICE_HOST $NGINX_SERVICE_PORT $KUBERNETES_SERVICE_PORT $HOSTNAME']);
    await until('envs Completed', () => /^envs +0\/1 +Completed /m.test(c.ok(['get', 'pods'])));
    const ip = c.ok(['get', 'svc', 'nginx', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.equal(c.ok(['logs', 'envs']), `hi ${ip} 80 443 envs\n`);
    c.ok(['delete', 'pod', 'envs']);
    assert.equal(c.run(['logs', 'nope']).stderr, 'Error from server (BadRequest): container "nope" in pod "nope" is waiting to start: ErrImagePull\n');
  });

  test('a deleted pod\'s process ends; a clean stop ends every process and leaves pods Pending', async () => {
    c.ok(['delete', 'pod', 'crash', 'ok', 'bad', 'nope']);
    const r = c.run(['proxy', '--stop']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kctl proxy \(pid \d+\) stopped\n$/);
    await until('no process left', () => processesOf(c.home).length === 0, 5000);
    assert.equal((c.ok(['get', 'pods', '-l', 'run=nginx']).match(/ 0\/1 +Pending /g) ?? []).length, 3);
    assert.equal(c.ok(['proxy', '--status']), 'kctl proxy is not running\n');
  });
});

describe('auto-start of the node agent', { skip: process.platform !== 'linux' }, () => {
  const c = new TmpCluster();
  after(async () => {
    c.run(['proxy', '--stop']);
    killAll(c.home);
    c.cleanup();
  });

  test('a command that creates pods starts one agent, says so once, and KCTL_NO_AUTOSTART=1 turns it off', async () => {
    const off = c.run(['run', 'a', '--image=nginx']);
    assert.equal(off.stderr, '', 'the test environment sets KCTL_NO_AUTOSTART=1');
    assert.equal(c.ok(['proxy', '--status']), 'kctl proxy is not running\n');
    const on = c.run(['run', 'b', '--image=nginx'], { env: { KCTL_NO_AUTOSTART: '' } });
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stderr, /^kctl: started the node agent in the background \(pid \d+, log .*agent\.log\); KCTL_NO_AUTOSTART=1 turns this off\n$/);
    const again = c.run(['run', 'c', '--image=nginx'], { env: { KCTL_NO_AUTOSTART: '' } });
    assert.equal(again.stderr, '', 'never a second agent');
    await until('three running pods', () => (c.ok(['get', 'pods']).match(/ 1\/1 +Running /g) ?? []).length === 3);
    const r = c.run(['proxy', '--stop']);
    assert.match(r.stdout, /stopped/);
    await until('no process left', () => processesOf(c.home).length === 0, 5000);
  });
});
