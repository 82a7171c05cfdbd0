// kctl proxy: the node agent. In the foreground until Ctrl-C / SIGTERM; --background starts it
// detached (log in $KCTL_HOME/agent.log); --status reports it; --stop stops it cleanly and ends
// any container process a crashed agent left behind.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../api/errors';
import type { Ctx } from './context';
import { liveProcess, procStartTime, readRuntime, sameProcess, writeRuntime } from '../agent/runtime';

interface PidInfo { pid: number; started: number; procStart?: number }

function pidFile(home: string): string { return path.join(home, 'agent.pid'); }

/** The process exists and is not a zombie (a killed agent's zombie may wait long for its reaper). */
function alive(pid: number): boolean {
  if (process.platform === 'linux') return !!liveProcess(pid);
  try { process.kill(pid, 0); return true; } catch { return false; }
}

export function runningAgent(home: string): PidInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(pidFile(home), 'utf8')) as PidInfo;
    if (!alive(info.pid)) return undefined;
    // a stale pid file whose pid now belongs to another process is no agent (pid reuse, a reboot)
    if (info.procStart !== undefined && process.platform === 'linux' && procStartTime(info.pid) !== info.procStart) return undefined;
    return info;
  } catch { return undefined; }
}

/**
 * After a crashed agent: end the container processes it left (guarded against pid reuse) and put
 * their pods back to Pending, as a clean stop would have.
 */
function endOrphans(ctx: Ctx, home: string): number {
  const rt = readRuntime(home);
  if (!rt) return 0;
  let n = 0;
  for (const p of rt.pods ?? []) {
    for (const c of p.containers ?? []) {
      if (!sameProcess(c.pid, c.procStart)) continue;
      try { process.kill(-c.pid!, 'SIGKILL'); n++; } catch { /* gone */ }
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { resetPodStatus } = require('../agent/agent') as typeof import('../agent/agent');
  for (const p of rt.pods ?? []) resetPodStatus(ctx.cluster(), p.namespace, p.name, p.uid);
  writeRuntime(home, { ...rt, pods: [] });
  return n;
}

/** Start `kctl proxy` detached, logging to $KCTL_HOME/agent.log; wait until it has registered. */
export function startInBackground(home: string): number | undefined {
  const log = path.join(home, 'agent.log');
  const fd = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [path.join(__dirname, '..', '..', '..', 'bin', 'kctl'), 'proxy'], {
    detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, KCTL_HOME: home },
  });
  child.unref();
  fs.closeSync(fd);
  const deadline = Date.now() + 5000;
  const sab = new Int32Array(new SharedArrayBuffer(4));
  while (!runningAgent(home) && Date.now() < deadline) Atomics.wait(sab, 0, 0, 20);
  return child.pid;
}

/**
 * After a command that wrote pods: start the agent when none runs for this cluster (one stderr
 * line), unless KCTL_NO_AUTOSTART=1.
 */
export function autostart(home: string, say: (s: string) => void): void {
  if (process.env.KCTL_NO_AUTOSTART === '1' || runningAgent(home)) return;
  const pid = startInBackground(home);
  say(`kctl: started the node agent in the background (pid ${pid}, log ${path.join(home, 'agent.log')}); KCTL_NO_AUTOSTART=1 turns this off\n`);
}

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  const home = ctx.cluster().paths.home;
  if (f.status) {
    const a = runningAgent(home);
    if (!a) { ctx.io.out('kctl proxy is not running\n'); return; }
    const rt = readRuntime(home);
    const pods = rt?.pods ?? [];
    const procs = pods.reduce((n, p) => n + (p.containers ?? []).filter((c) => c.pid).length, 0);
    const np = rt?.nodePorts ?? [];
    const listeners = [rt?.gateway && `gateway ${rt.gateway}`, rt?.dns && `dns ${rt.dns}`, np.length && `${np.length} NodePort sockets (${[...new Set(np.map((a) => a.split(':')[1]))].join(', ')})`].filter(Boolean);
    ctx.io.out(`kctl proxy is running: pid ${a.pid}, up ${Math.round((Date.now() - a.started) / 1000)}s, ${pods.length} pods (${procs} container processes), `
      + `listening: ${listeners.length ? listeners.join(', ') : 'none'}, log ${path.join(home, 'agent.log')}\n`);
    return;
  }
  if (f.stop) {
    const a = runningAgent(home);
    if (a) {
      process.kill(a.pid, 'SIGTERM');
      const deadline = Date.now() + 15_000;
      while (alive(a.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    const orphans = a ? 0 : endOrphans(ctx, home);
    ctx.io.out(a ? `kctl proxy (pid ${a.pid}) stopped\n` : orphans ? `kctl proxy was not running; ended ${orphans} orphaned container processes\n` : 'kctl proxy is not running\n');
    return;
  }
  const existing = runningAgent(home);
  if (existing) throw new CliError(`kctl proxy is already running for ${home} (pid ${existing.pid}); stop it with "kctl proxy --stop"`);
  if (f.background) {
    const pid = startInBackground(home);
    ctx.io.err(`kctl proxy started in the background (pid ${pid}, log ${path.join(home, 'agent.log')})\n`);
    return;
  }
  // one agent per cluster: the pid file is created exclusively (a stale one is replaced)
  for (;;) {
    try {
      fs.writeFileSync(pidFile(home), JSON.stringify({ pid: process.pid, started: Date.now(), procStart: procStartTime(process.pid) }), { flag: 'wx' });
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
      const other = runningAgent(home);
      if (other) throw new CliError(`kctl proxy is already running for ${home} (pid ${other.pid}); stop it with "kctl proxy --stop"`);
      fs.rmSync(pidFile(home), { force: true });
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Agent } = require('../agent/agent') as typeof import('../agent/agent');
  // the agent's log lines carry their time (profiling, and a person reading agent.log)
  const agent = new Agent(ctx.cluster(), (s) => ctx.io.err(s.split('\n').map((l) => (l ? `${new Date().toISOString()} ${l}` : l)).join('\n')));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    if (!stopping) stopping = agent.stop().then(() => { fs.rmSync(pidFile(home), { force: true }); process.exit(0); });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  ctx.io.err(`kctl proxy: running the pods of ${ctx.cluster().store.list('nodes').length} nodes (state ${ctx.cluster().paths.stateFile}); Ctrl-C stops it\n`);
  await agent.run();
}
