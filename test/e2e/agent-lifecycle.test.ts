// Black-box: the node agent's lifecycle features — adoption of live pods after the agent is killed
// with SIGKILL, graceful deletion (Terminating, Killing, kubectl delete waiting), probes, init
// containers, `run -it --rm` and `exec -it` under a pseudo-terminal, images.yaml, the log size cap.
// Every test ends every process it started (checked through /proc).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TmpCluster, KCTL } from '../helpers/kctl';
import { httpGet, until, processesOf, killAll, containerOf, alive, runtimeOf } from '../helpers/agent';

const linux = process.platform === 'linux';
const homes: string[] = [];
function cluster(): TmpCluster { const c = new TmpCluster(); homes.push(c.home); return c; }

function status(c: TmpCluster, pod: string): string {
  const line = c.ok(['get', 'pod', pod, '--no-headers']).trim();
  return line.split(/\s+/).slice(1, 4).join(' ');
}

function agentPid(c: TmpCluster): number {
  return JSON.parse(fs.readFileSync(path.join(c.home, 'agent.pid'), 'utf8')).pid;
}

describe('agent killed with SIGKILL: pods keep running and the next agent adopts them', { skip: !linux }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background']); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  test('same processes, RESTARTS unchanged; a container that died meanwhile is restarted; within 5 s', async () => {
    c.ok(['run', 'web', '--image=nginx']);
    c.ok(['run', 'worker', '--image=busybox', '--command', '--', 'sleep', '3600']);
    c.ok(['run', 'victim', '--image=busybox', '--command', '--', 'sleep', '3600']);
    await until('three running pods', () => (c.ok(['get', 'pods']).match(/1\/1 +Running +0 /g) ?? []).length === 3);
    const web = containerOf(c.home, 'web')!;
    const worker = containerOf(c.home, 'worker')!;
    const victim = containerOf(c.home, 'victim')!;
    assert.equal((await httpGet(web.ports['80'])).status, 200);
    process.kill(agentPid(c), 'SIGKILL');
    await until('the agent gone', () => !alive(agentPid(c)), 5000);
    assert.ok(alive(web.pid) && alive(worker.pid), 'pods outlive the agent');
    assert.equal((await httpGet(web.ports['80'])).status, 200, 'nginx still serves');
    process.kill(-victim.pid, 'SIGKILL');
    const t0 = Date.now();
    c.ok(['proxy', '--background']);
    await until('victim restarted', () => c.ok(['get', 'pod', 'victim', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']) === '1'
      && /1\/1 +Running/.test(c.ok(['get', 'pod', 'victim'])), 5000);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(containerOf(c.home, 'web')!.pid, web.pid, 'web adopted, not restarted');
    assert.equal(containerOf(c.home, 'worker')!.pid, worker.pid, 'worker adopted');
    assert.match(c.ok(['get', 'pod', 'web', 'worker']), /web +1\/1 +Running +0 [\s\S]*worker +1\/1 +Running +0 /);
    assert.match(fs.readFileSync(path.join(c.home, 'agent.log'), 'utf8'), /adopted default\/web container web \(pid \d+\)/);
    // a web request after adoption still lands in the same log file
    await httpGet(web.ports['80'], '/adopted');
    await until('access log', () => /GET \/adopted HTTP\/1\.1" 404/.test(c.ok(['logs', 'web'])), 5000);
  });

  test('kctl proxy --stop after a crash ends the orphans and puts the pods back to Pending', async () => {
    const web = containerOf(c.home, 'web')!;
    process.kill(agentPid(c), 'SIGKILL');
    await until('the agent gone', () => !alive(agentPid(c)), 5000);
    const r = c.run(['proxy', '--stop']);
    assert.match(r.stdout, /^kctl proxy was not running; ended 3 orphaned container processes\n$/);
    await until('no process left', () => processesOf(c.home).length === 0, 5000);
    assert.ok(!alive(web.pid));
    assert.equal((c.ok(['get', 'pods']).match(/0\/1 +Pending /g) ?? []).length, 3);
  });
});

describe('kctl proxy in the foreground', { skip: !linux }, () => {
  const c = cluster();
  after(() => { killAll(c.home); c.cleanup(); });

  test('Ctrl-C (SIGINT) stops it cleanly: containers terminated, pods Pending, listeners closed, no process left', async () => {
    const { spawn } = await import('node:child_process');
    const agent = spawn(process.execPath, [KCTL, 'proxy'], { env: c.env() });
    let err = '';
    agent.stderr.on('data', (d) => { err += d; });
    await until('running', () => /kctl proxy: running the pods of 3 nodes/.test(err), 10_000);
    c.ok(['run', 'web', '--image=nginx']);
    c.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { run: 'web' }, ports: [{ port: 80, nodePort: 30123 }] } }) });
    await until('running pod', () => /web +1\/1 +Running/.test(c.ok(['get', 'pod', 'web'])));
    await until('NodePort', async () => (await httpGet(30123).catch(() => ({ status: 0 }))).status === 200, 10_000);
    const pid = containerOf(c.home, 'web')!.pid;
    const code = await new Promise<number | null>((resolve) => { agent.once('exit', (code) => resolve(code)); agent.kill('SIGINT'); });
    assert.equal(code, 0);
    assert.ok(!alive(pid));
    assert.match(c.ok(['get', 'pod', 'web']), /web +0\/1 +Pending/);
    await assert.rejects(httpGet(30123));
    assert.deepEqual(processesOf(c.home), []);
  });
});

describe('graceful deletion', { skip: !linux }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background']); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  test('Terminating while the container handles SIGTERM; Killing event; kctl delete waits until it is gone', async () => {
    c.ok(['run', 'slow', '--image=busybox', '--command', '--', 'sh', '-c', 'trap "echo got TERM; sleep 1; exit 0" TERM; while true; do sleep 0.1; done']);
    await until('running', () => /1\/1 +Running/.test(c.ok(['get', 'pod', 'slow'])));
    const pid = containerOf(c.home, 'slow')!.pid;
    const r = c.run(['delete', 'pod', 'slow', '--wait=false']);
    assert.equal(r.stdout, 'pod "slow" deleted\n');
    assert.match(c.ok(['get', 'pod', 'slow']), /slow +1\/1 +Terminating +0 /);
    const pod = JSON.parse(c.ok(['get', 'pod', 'slow', '-o', 'json']));
    assert.equal(pod.metadata.deletionGracePeriodSeconds, 30);
    assert.ok(pod.metadata.deletionTimestamp);
    const events = c.ok(['get', 'events', '--field-selector', 'involvedObject.name=slow', '-o', 'jsonpath={range .items[*]}{.reason}={.message};{end}']);
    assert.match(events, /Killing=Stopping container slow;/);
    await until('gone', () => c.run(['get', 'pod', 'slow']).code === 1, 10_000);
    assert.ok(!alive(pid));

    c.ok(['run', 'slow2', '--image=busybox', '--command', '--', 'sh', '-c', 'trap "sleep 1; exit 0" TERM; while true; do sleep 0.1; done']);
    await until('running', () => /1\/1 +Running/.test(c.ok(['get', 'pod', 'slow2'])));
    const t0 = Date.now();
    assert.equal(c.ok(['delete', 'pod', 'slow2']), 'pod "slow2" deleted\n');
    assert.ok(Date.now() - t0 >= 900, 'delete waited for the container to stop');
    assert.equal(c.run(['get', 'pod', 'slow2']).stderr, 'Error from server (NotFound): pods "slow2" not found\n');
  });

  test('a container that ignores SIGTERM is killed after terminationGracePeriodSeconds; --force deletes at once', async () => {
    c.ok(['apply', '-f', '-'], { input: JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stubborn' },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] }] },
    }) });
    await until('running', () => /1\/1 +Running/.test(c.ok(['get', 'pod', 'stubborn'])));
    const t0 = Date.now();
    c.ok(['delete', 'pod', 'stubborn']);
    const took = Date.now() - t0;
    assert.ok(took >= 900 && took < 5000, `took ${took} ms`);
    const st = JSON.parse(c.ok(['get', 'events', '--field-selector', 'involvedObject.name=stubborn', '-o', 'json'])).items.map((e: any) => e.reason);
    assert.ok(st.includes('Killing'));

    c.ok(['run', 'quick', '--image=busybox', '--command', '--', 'sleep', '3600']);
    await until('running', () => /1\/1 +Running/.test(c.ok(['get', 'pod', 'quick'])));
    const pid = containerOf(c.home, 'quick')!.pid;
    const r = c.run(['delete', 'pod', 'quick', '--force', '--grace-period=0']);
    assert.equal(r.stdout, 'pod "quick" force deleted\n');
    assert.match(r.stderr, /Warning: Immediate deletion does not wait/);
    assert.equal(c.run(['get', 'pod', 'quick']).code, 1);
    await until('process ended', () => !alive(pid), 5000);
  });

  test('a Deployment scaled down: the extra pods go Terminating, Endpoints drop them at once', async () => {
    c.ok(['create', 'deployment', 'web', '--image=busybox', '--replicas=3', '--', 'sh', '-c', 'trap "sleep 2; exit 0" TERM; while true; do sleep 0.1; done']);
    c.ok(['expose', 'deployment', 'web', '--port=80']);
    await until('3 ready', () => (c.ok(['get', 'pods', '-l', 'app=web']).match(/1\/1 +Running/g) ?? []).length === 3);
    await until('3 endpoints', () => (c.ok(['get', 'endpoints', 'web']).match(/:80/g) ?? []).length === 3);
    c.ok(['scale', 'deployment', 'web', '--replicas=1']);
    const rows = c.ok(['get', 'pods', '-l', 'app=web', '--no-headers']);
    assert.equal((rows.match(/Terminating/g) ?? []).length, 2, rows);
    assert.equal((c.ok(['get', 'endpoints', 'web']).match(/:80/g) ?? []).length, 1, 'terminating pods leave the Endpoints at once');
    c.ok(['delete', 'deployment', 'web', '--wait=false']);
    assert.match(c.ok(['get', 'pods', '-l', 'app=web']), /Terminating/);
    await until('pods gone', () => c.ok(['get', 'pods', '-l', 'app=web']).trim() === '' , 10_000);
  });
});

describe('probes and init containers', { skip: !linux }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background']); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  const pod = (name: string, spec: any) => c.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'probe' } }, spec }) });

  test('readiness: httpGet on the image\'s port passes; a closed port keeps the pod 0/1 with Unhealthy events and out of Endpoints', async () => {
    c.ok(['create', 'service', 'clusterip', 'probe', '--tcp=80:80']);
    c.ok(['patch', 'service', 'probe', '-p', '{"spec":{"selector":{"app":"probe"}}}']);
    pod('good', { containers: [{ name: 'web', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }] });
    pod('closed', { containers: [{ name: 'web', image: 'nginx', readinessProbe: { tcpSocket: { port: 8081 }, periodSeconds: 1, failureThreshold: 1 } }] });
    await until('good ready', () => /good +1\/1 +Running/.test(c.ok(['get', 'pod', 'good'])));
    await until('Unhealthy event', () => /Readiness probe failed: dial tcp 10\.244\.\d+\.\d+:8081: connect: connection refused/.test(c.ok(['describe', 'pod', 'closed'])));
    assert.match(c.ok(['get', 'pod', 'closed']), /closed +0\/1 +Running +0 /);
    const ep = JSON.parse(c.ok(['get', 'endpoints', 'probe', '-o', 'json']));
    const good = c.ok(['get', 'pod', 'good', '-o', 'jsonpath={.status.podIP}']);
    const closed = c.ok(['get', 'pod', 'closed', '-o', 'jsonpath={.status.podIP}']);
    assert.deepEqual(ep.subsets[0].addresses.map((a: any) => a.ip), [good]);
    assert.deepEqual(ep.subsets[0].notReadyAddresses.map((a: any) => a.ip), [closed]);
  });

  test('liveness: a failing exec probe restarts the container (Killing event), RESTARTS counts it', async () => {
    pod('live', { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'], livenessProbe: { exec: { command: ['sh', '-c', 'echo not healthy; exit 1'] }, periodSeconds: 1, failureThreshold: 2 } }] });
    await until('a restart', () => c.ok(['get', 'pod', 'live', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']) >= '1', 20_000);
    const d = c.ok(['describe', 'pod', 'live']);
    assert.match(d, /Liveness probe failed: not healthy/);
    assert.match(d, /Container c failed liveness probe, will be restarted/);
  });

  test('init containers run in order before the app; a failing one shows Init:Error / Init:CrashLoopBackOff', async () => {
    pod('inits', {
      initContainers: [
        { name: 'one', image: 'busybox', command: ['sh', '-c', 'echo one > order; sleep 0.3'] },
        { name: 'two', image: 'busybox', command: ['sh', '-c', 'echo two >> order'] },
      ],
      containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'cat order; sleep 3600'] }],
    });
    await until('inits running', () => /inits +1\/1 +Running +0 /.test(c.ok(['get', 'pod', 'inits'])));
    await until('app log', () => c.run(['logs', 'inits']).stdout === 'one\ntwo\n');
    const st = JSON.parse(c.ok(['get', 'pod', 'inits', '-o', 'json'])).status;
    assert.deepEqual(st.initContainerStatuses.map((s: any) => [s.name, s.state.terminated?.reason]), [['one', 'Completed'], ['two', 'Completed']]);
    assert.equal(c.ok(['logs', 'inits', '-c', 'one']), '');
    pod('initfail', { restartPolicy: 'Never', initContainers: [{ name: 'boom', image: 'busybox', command: ['sh', '-c', 'exit 2'] }], containers: [{ name: 'app', image: 'nginx' }] });
    await until('Init:Error', () => /initfail +0\/1 +Init:Error +0 /.test(c.ok(['get', 'pod', 'initfail'])));
    assert.equal(c.ok(['get', 'pod', 'initfail', '-o', 'jsonpath={.status.phase}']), 'Failed');
    pod('initloop', { initContainers: [{ name: 'boom', image: 'busybox', command: ['sh', '-c', 'exit 2'] }], containers: [{ name: 'app', image: 'nginx' }] });
    await until('Init:CrashLoopBackOff', () => /initloop +0\/1 +Init:CrashLoopBackOff +\d+ /.test(c.ok(['get', 'pod', 'initloop'])), 20_000);
    assert.equal(containerOf(c.home, 'initloop', 'app')?.pid, undefined, 'the app container never started');
  });
});

describe('interactive sessions and images.yaml', { skip: !linux || spawnSync('script', ['--version']).status !== 0 }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background']); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  /** Run kctl under a pseudo-terminal (util-linux script), typing `input`. */
  function pty(args: string[], input: string): { out: string; code: number } {
    const cmd = [process.execPath, KCTL, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = spawnSync('script', ['-qefc', cmd, '/dev/null'], { input, encoding: 'utf8', env: c.env(), timeout: 60_000 });
    return { out: r.stdout, code: r.status ?? -1 };
  }

  test('run -it --rm --image=busybox -- /bin/sh: a shell in the pod with the toolbox; the pod is deleted after', async () => {
    const r = pty(['run', 'bb', '--image=busybox', '--rm', '-it', '--', '/bin/sh'], 'echo "in $HOSTNAME at $KCTL_POD_IP"; hostname; type wget; exit\n');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /If you don't see a command prompt, try pressing enter\./);
    assert.match(r.out, /in bb at 10\.244\.\d+\.\d+/);
    assert.match(r.out, /\nbb\r?\n/);
    assert.match(r.out, /wget is .*libexec\/toolbox\/wget/);
    assert.match(r.out, /pod "bb" deleted/);
    assert.equal(c.run(['get', 'pod', 'bb']).code, 1);
  });

  test('exec -it POD -- /bin/sh gives an interactive shell; exit codes propagate', async () => {
    c.ok(['run', 'box', '--image=busybox']);
    await until('running', () => /1\/1 +Running/.test(c.ok(['get', 'pod', 'box'])));
    const r = pty(['exec', '-it', 'box', '--', '/bin/sh'], 'echo "shell of $HOSTNAME"; exit 4\n');
    assert.match(r.out, /shell of box/);
    assert.equal(r.code, 4);
  });

  test('run -it without --rm: the session\'s exit code ends the container (restartPolicy Never → Error 5)', async () => {
    const r = pty(['run', 'once', '--image=busybox', '--restart=Never', '-it', '--', '/bin/sh'], 'exit 5\n');
    assert.equal(r.code, 5, r.out);
    assert.match(r.out, /Session ended, resume using 'kctl attach once -c once -i -t' command when the pod is running/);
    await until('Error', () => /once +0\/1 +Error +0 /.test(c.ok(['get', 'pod', 'once'])), 10_000);
    assert.equal(c.ok(['get', 'pod', 'once', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.exitCode}']), '5');
  });

  test('attach -it joins a session of a container with stdin; exit 0 under Always restarts it', async () => {
    c.ok(['run', 'att', '--image=busybox', '-i', '-t', '--attach=false']);
    await until('running', () => /att +1\/1 +Running/.test(c.ok(['get', 'pod', 'att'])));
    const r = pty(['attach', 'att', '-it'], 'echo "attached to $HOSTNAME"; exit 0\n');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /attached to att/);
    await until('restarted', () => c.ok(['get', 'pod', 'att', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']) === '1', 10_000);
    assert.match(c.run(['attach', 'client-nope']).stderr, /pods "client-nope" not found/);
  });

  test('debug node/NAME -it --image=busybox: a shell in the node\'s context reaches a ClusterIP and the cluster DNS', async () => {
    c.ok(['create', 'deployment', 'echo', '--image=ikubernetes/myapp:v1', '--replicas=2']);
    c.ok(['expose', 'deployment', 'echo', '--port=80']);
    c.ok(['wait', '--for=condition=Ready', 'pod', '-l', 'app=echo', '--timeout=30s']);
    const ip = c.ok(['get', 'svc', 'echo', '-o', 'jsonpath={.spec.clusterIP}']);
    const r = pty(['debug', 'node/k8s-node1', '-it', '--image=busybox'], `wget -O - -q http://${ip}/; hostname -i; nslookup echo.default.svc.cluster.local; exit\n`);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Creating debugging pod node-debugger-k8s-node1-[a-z0-9]{5} with container debugger on node k8s-node1\./);
    assert.match(r.out, /Hello MyApp \| Version: v1/);
    const nodeIP = c.ok(['get', 'node', 'k8s-node1', '-o', 'jsonpath={.status.addresses[0].address}']);
    assert.match(r.out, new RegExp(`\\n${nodeIP.replace(/\./g, '\\.')}\\r?\\n`), 'a hostNetwork pod has the node\'s address');
    assert.match(r.out, new RegExp(`Address 1: ${ip.replace(/\./g, '\\.')} echo\\.default\\.svc\\.cluster\\.local`));
    assert.match(c.ok(['get', 'pods']), /node-debugger-k8s-node1-\S+ +0\/1 +Completed/);
  });

  test('port-forward svc/NAME LOCAL:PORT forwards to a pod behind the service until interrupted', async () => {
    const { spawn } = await import('node:child_process');
    const pf = spawn(process.execPath, [KCTL, 'port-forward', 'svc/echo', ':80'], { env: c.env() });
    let out = '';
    pf.stdout.on('data', (d) => { out += d; });
    try {
      await until('forwarding', () => /Forwarding from 127\.0\.0\.1:\d+ -> 80/.test(out), 10_000);
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]);
      assert.match((await httpGet(port, '/hostname.html')).body, /^echo-/);
      assert.match(out, /Handling connection for \d+/);
    } finally {
      pf.kill('SIGINT');
      await new Promise((r) => pf.once('exit', r));
    }
    assert.equal(c.run(['port-forward', 'pod/nope', '80']).stderr, 'Error from server (NotFound): pods "nope" not found\n');
  });

  test('an image mapped in $KCTL_HOME/images.yaml runs the mapped program on its port', async () => {
    c.writeFile('images.yaml', [
      'images:',
      '  mycorp/hello:',
      '    command: ["node", "-e", "require(\'http\').createServer((q, s) => s.end(\'hello from \' + process.env.HOSTNAME)).listen(+process.env.PORT, \'127.0.0.1\')"]',
      '    ports: [8000]',
      '',
    ].join('\n'));
    c.ok(['run', 'hello', '--image=mycorp/hello:v3']);
    await until('running', () => /1\/1 +Running/.test(c.ok(['get', 'pod', 'hello'])));
    const port = containerOf(c.home, 'hello')!.ports['8000'];
    await until('serving', async () => (await httpGet(port).catch(() => ({ body: '' }))).body === 'hello from hello', 5000);
    c.ok(['run', 'unknown', '--image=mycorp/other']);
    await until('ErrImagePull', () => /unknown +0\/1 +ErrImagePull/.test(c.ok(['get', 'pod', 'unknown'])));
    assert.match(c.ok(['describe', 'pod', 'unknown']), /map the image to a local program in .*images\.yaml/);
  });
});

describe('logs and multi-container pods', { skip: !linux }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background']); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  test('--timestamps and --since-time from the agent\'s log index; -l with --prefix; --limit-bytes', async () => {
    c.ok(['create', 'deployment', 'talk', '--image=busybox', '--replicas=2', '--', 'sh', '-c', 'echo "first from $HOSTNAME"; sleep 2; echo "second from $HOSTNAME"; sleep 3600']);
    const pods = () => c.ok(['get', 'pods', '-l', 'app=talk', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ');
    await until('second lines', () => pods().every((p) => /second/.test(c.run(['logs', p]).stdout)), 15_000);
    const [p1, p2] = pods();
    const ts = c.ok(['logs', p1, '--timestamps']).trim().split('\n');
    assert.equal(ts.length, 2);
    const m = ts.map((l) => /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) (first|second) from /.exec(l)!);
    assert.ok(m[0] && m[1], ts.join('\n'));
    const t1 = Date.parse(m[0][1]);
    const t2 = Date.parse(m[1][1]);
    assert.ok(t2 - t1 >= 1500 && t2 - t1 < 4000, `${t2 - t1} ms apart`);
    const since = new Date(t2 - 500).toISOString();
    assert.equal(c.ok(['logs', p1, `--since-time=${since}`]), `second from ${p1}\n`);
    assert.equal(c.ok(['logs', p1, '--since=1h']).split('\n').length, 3);
    const all = c.ok(['logs', '-l', 'app=talk', '--prefix']);
    for (const p of [p1, p2]) assert.match(all, new RegExp(`^\\[pod/${p}/busybox\\] first from ${p}$`, 'm'));
    assert.equal(c.ok(['logs', p1, '--limit-bytes=5']), 'first');
    assert.equal(c.run(['logs', p1, '--since=1s', '--since-time=2026-01-01T00:00:00Z']).code, 1);
  });

  test('logs -f follows a container until it ends, then returns, as kubectl does', async () => {
    c.ok(['run', 'counter', '--image=busybox', '--restart=Never', '--command', '--', 'sh', '-c', 'for i in 1 2 3; do echo "tick $i"; sleep 0.4; done; printf "last"']);
    await until('running', () => /counter +1\/1 +Running/.test(c.ok(['get', 'pod', 'counter'])));
    const t0 = Date.now();
    const r = await c.runAsync(['logs', '-f', 'counter']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'tick 1\ntick 2\ntick 3\nlast');
    assert.ok(Date.now() - t0 < 8000);
  });

  test('a pod of two containers: 2/2 Running; logs and exec choose with -c, and say which they defaulted to', async () => {
    c.ok(['apply', '-f', '-'], { input: JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'duo' },
      spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'side', image: 'busybox', command: ['sh', '-c', 'echo side car; sleep 3600'] }] },
    }) });
    await until('2/2', () => /duo +2\/2 +Running/.test(c.ok(['get', 'pod', 'duo'])));
    await until('side log', () => c.run(['logs', 'duo', '-c', 'side']).stdout === 'side car\n');
    const r = c.run(['logs', 'duo']);
    assert.match(r.stderr, /Defaulted container "web" out of: web, side/);
    assert.equal(c.ok(['exec', 'duo', '-c', 'side', '--', 'sh', '-c', 'echo $HOSTNAME']), 'duo\n');
    // the containers share the pod's network identity: wget from the sidecar to the pod's own IP reaches nginx
    const ip = c.ok(['get', 'pod', 'duo', '-o', 'jsonpath={.status.podIP}']);
    assert.match(c.ok(['exec', 'duo', '-c', 'side', '--', 'wget', '-O', '-', '-q', `http://${ip}/`]), /Welcome to nginx!/);
  });

  test('a command that is the image\'s own program (nginx -g "daemon off;", redis-server) runs the built-in image', async () => {
    c.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'own' }, spec: { containers: [
      { name: 'web', image: 'nginx:1.25', command: ['nginx', '-g', 'daemon off;'] },
      { name: 'cache', image: 'redis:7', command: ['redis-server', '--appendonly', 'yes'] },
    ] } }) });
    await until('2/2', () => /own +2\/2 +Running/.test(c.ok(['get', 'pod', 'own'])));
    const web = containerOf(c.home, 'own', 'web')!;
    await until('nginx serves', async () => (await httpGet(web.ports['80']).catch(() => ({ body: '' }))).body.includes('Welcome to nginx!'), 5000);
    assert.equal(c.ok(['exec', 'own', '-c', 'cache', '--', 'redis-cli', 'ping']), 'PONG\n');
  });

  test('set image on a bare pod: the container is restarted with the new image ("definition changed")', async () => {
    c.ok(['run', 'swap', '--image=ikubernetes/myapp:v1']);
    await until('running', () => /swap +1\/1 +Running +0 /.test(c.ok(['get', 'pod', 'swap'])));
    c.ok(['set', 'image', 'pod/swap', 'swap=ikubernetes/myapp:v2']);
    await until('restarted', () => /swap +1\/1 +Running +1 /.test(c.ok(['get', 'pod', 'swap'])), 10_000);
    const port = containerOf(c.home, 'swap')!.ports['80'];
    await until('v2 serves', async () => /Version: v2/.test((await httpGet(port).catch(() => ({ body: '' }))).body), 5000);
    assert.match(c.ok(['describe', 'pod', 'swap']), /Container swap definition changed, will be restarted/);
  });

  test('a container whose program does not exist: StartError, RunContainerError events, CrashLoopBackOff', async () => {
    c.ok(['run', 'typo', '--image=busybox', '--command', '--', 'no-such-program-here']);
    await until('CrashLoopBackOff', () => /typo +0\/1 +(CrashLoopBackOff|StartError)/.test(c.ok(['get', 'pod', 'typo'])), 20_000);
    assert.match(c.ok(['describe', 'pod', 'typo']), /exec: "no-such-program-here": executable file not found in \$PATH/);
  });
});

describe('faults end as a real cluster shows them', { skip: !linux }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background']); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  test('an image kctl cannot run: ErrImagePull, then ImagePullBackOff, with an event saying what to do', async () => {
    c.ok(['run', 'nope', '--image=example.com/team/app:1.0']);
    await until('ErrImagePull', () => /nope +0\/1 +ErrImagePull/.test(c.ok(['get', 'pod', 'nope'])));
    await until('ImagePullBackOff', () => /nope +0\/1 +ImagePullBackOff/.test(c.ok(['get', 'pod', 'nope'])), 20_000);
    const d = c.ok(['describe', 'pod', 'nope']);
    assert.match(d, /Failed to pull image "example\.com\/team\/app:1\.0": kctl has no built-in image/);
    assert.match(d, /Back-off pulling image "example\.com\/team\/app:1\.0"/);
  });

  test('a port already taken on the host: the container fails with the program\'s own error and crash-loops', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    try {
      c.ok(['run', 'clash', '--image=busybox', '--command', '--', 'node', '-e', `require('net').createServer().listen(${port}, '127.0.0.1')`]);
      await until('CrashLoopBackOff', () => /clash +0\/1 +(CrashLoopBackOff|Error) +[1-9]/.test(c.ok(['get', 'pod', 'clash'])), 20_000);
      assert.match(c.ok(['logs', 'clash']), /EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });

  test('a pod deleted while its init container runs: gone, and nothing of it keeps running', async () => {
    c.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early' },
      spec: { initContainers: [{ name: 'wait', image: 'busybox', command: ['sleep', '3600'] }], containers: [{ name: 'app', image: 'nginx' }] } }) });
    await until('initializing', () => /early +0\/1 +Init:0\/1/.test(c.ok(['get', 'pod', 'early'])));
    const pid = containerOf(c.home, 'early', 'wait')!.pid;
    c.ok(['delete', 'pod', 'early']);
    assert.equal(c.run(['get', 'pod', 'early']).code, 1);
    await until('process gone', () => !alive(pid), 5000);
    assert.equal(containerOf(c.home, 'early', 'app'), undefined);
  });

  test('the agent killed while pods start: the next agent brings every pod to Running', async () => {
    c.ok(['create', 'deployment', 'burst', '--image=nginx', '--replicas=6']);
    // kill the agent as soon as the first of them started
    await until('first started', () => (runtimeOf(c.home).pods ?? []).some((p: any) => p.name.startsWith('burst-')), 10_000);
    const pidFile = path.join(c.home, 'agent.pid');
    process.kill(JSON.parse(fs.readFileSync(pidFile, 'utf8')).pid, 'SIGKILL');
    c.ok(['proxy', '--background']);
    await until('6 running', () => (c.ok(['get', 'pods', '-l', 'app=burst']).match(/1\/1 +Running/g) ?? []).length === 6, 15_000);
    // one process group per pod: nothing started twice
    const groups = (runtimeOf(c.home).pods ?? []).filter((p: any) => p.name.startsWith('burst-')).map((p: any) => p.containers[0].pid);
    assert.equal(new Set(groups).size, 6);
    const nginxProcs = processesOf(c.home).filter((pid) => { try { const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); return argv[0] !== '/bin/sh' && argv.includes('nginx'); } catch { return false; } });
    assert.equal(nginxProcs.length, 6, "one nginx process per pod: none left over from the killed agent");
  });
});

describe('stale records and vanished nodes', { skip: !linux }, () => {
  const c = cluster();
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  test('a stale agent.pid naming a live unrelated process: not an agent; --stop leaves that process alone', async () => {
    const { spawn } = await import('node:child_process');
    const other = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(c.home, 'agent.pid'), JSON.stringify({ pid: other.pid, started: 1, procStart: 1 }));
      assert.equal(c.ok(['proxy', '--status']), 'kctl proxy is not running\n');
      c.run(['proxy', '--stop']);
      assert.ok(alive(other.pid!), 'the unrelated process is alive');
      c.ok(['proxy', '--background']);
      assert.match(c.ok(['proxy', '--status']), /^kctl proxy is running: pid (\d+)/);
    } finally {
      other.kill('SIGKILL');
    }
  });

  test('a node deleted: its pods are deleted (pod garbage collection) and their processes end', async () => {
    c.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray' }, spec: { nodeName: 'k8s-node2', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } }) });
    await until('running', () => /stray +1\/1 +Running/.test(c.ok(['get', 'pod', 'stray'])));
    const pid = containerOf(c.home, 'stray')!.pid;
    c.ok(['delete', 'node', 'k8s-node2']);
    await until('pod gone', () => c.run(['get', 'pod', 'stray']).code === 1, 10_000);
    await until('process gone', () => !alive(pid), 5000);
  });

  test('a NodePort that was busy is opened once it is free (retried every 5 s)', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(30199, '127.0.0.1', () => r()));
    c.ok(['create', 'deployment', 'np', '--image=nginx']);
    c.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'np' }, spec: { type: 'NodePort', selector: { app: 'np' }, ports: [{ port: 80, nodePort: 30199 }] } }) });
    c.ok(['wait', '--for=condition=Ready', 'pod', '-l', 'app=np', '--timeout=30s']);
    await new Promise((r) => setTimeout(r, 500));
    await new Promise<void>((r) => blocker.close(() => r()));
    await until('127.0.0.1:30199 served', async () => (await httpGet(30199).catch(() => ({ status: 0 }))).status === 200, 12_000);
  });
});

describe('CronJobs', { skip: !linux }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background']); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  test('a CronJob whose schedule came due runs a Job (the agent wakes the cronjob controller as time passes)', async () => {
    c.ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'echo', 'tick']);
    // as if it had last run three minutes ago: the most recent minute is due now
    const past = new Date(Date.now() - 180_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    assert.equal(c.ok(['patch', 'cronjob', 'tick', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { lastScheduleTime: past } })]), 'cronjob.batch/tick patched\n');
    await until('a completed job', () => /^tick-\d+ +Complete +1\/1 /m.test(c.ok(['get', 'jobs'])), 20_000);
    const job = c.ok(['get', 'jobs', '-o', 'jsonpath={.items[0].metadata.name}']);
    const minute = Number(job.split('-').pop());
    assert.ok(Math.abs(minute * 60_000 - Date.now()) < 120_000, `job ${job} is named after a recent minute`);
    assert.equal(c.ok(['logs', `job/${job}`]), 'tick\n');
    assert.match(c.ok(['get', 'events', '--field-selector', 'involvedObject.kind=CronJob']), /SuccessfulCreate +cronjob\/tick +Created job tick-\d+/);
  });
});

describe('log size cap', { skip: !linux }, () => {
  const c = cluster();
  before(() => { c.ok(['proxy', '--background'], { env: { KCTL_LOG_MAX_BYTES: '20000' } }); });
  after(() => { c.run(['proxy', '--stop']); killAll(c.home); c.cleanup(); });

  test('a chatty container\'s log is rotated at the cap (copytruncate), logs still shows the newest lines', async () => {
    c.ok(['run', 'chatty', '--image=busybox', '--command', '--', 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i of a chatty container"; sleep 0.001; done']);
    await until('running', () => /1\/1 +Running/.test(c.ok(['get', 'pod', 'chatty'])));
    const dir = fs.readdirSync(path.join(c.home, 'logs')).find((d) => d.startsWith('default_chatty_'))!;
    const file = path.join(c.home, 'logs', dir, 'chatty', '0.log');
    await until('rotated', () => fs.existsSync(`${file}.1`), 15_000);
    assert.ok(fs.statSync(file).size < 200_000, `size ${fs.statSync(file).size}`);
    assert.match(c.ok(['logs', 'chatty', '--tail=1']), /^line \d+ of a chatty container\n$/);
  });
});

test('no process of these tests is left', { skip: !linux }, async () => {
  // each describe stopped its agent (and removed its home); wait a moment for the process groups to go
  await new Promise((r) => setTimeout(r, 200));
  const left = homes.flatMap((h) => processesOf(h));
  assert.deepEqual(left, []);
});
