// Helpers for black-box tests of the node agent: polling, HTTP, the processes of a cluster, and
// the agent's runtime record.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { liveProcess } from '../../src/agent/runtime';

export function httpGet(port: number, p = '/', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

export async function until(what: string, fn: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Every process (but this one) whose environment names this KCTL_HOME. */
export function processesOf(home: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try { if (fs.readFileSync(`/proc/${d}/environ`, 'utf8').includes(`KCTL_HOME=${home}\0`)) out.push(Number(d)); } catch { /* gone */ }
  }
  return out;
}

export function killAll(home: string): void {
  for (const pid of processesOf(home)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}

export function runtimeOf(home: string): any {
  try { return JSON.parse(fs.readFileSync(path.join(home, 'agent', 'runtime.json'), 'utf8')); } catch { return { pods: [] }; }
}

/** The runtime record of one pod's container: pid and ports. */
export function containerOf(home: string, pod: string, container?: string): { pid: number; ports: Record<string, number>; restartCount: number } | undefined {
  const p = runtimeOf(home).pods.find((x: any) => x.name === pod);
  return p?.containers.find((c: any) => (container ? c.name === container : (c.kind ?? 'app') === 'app'));
}

/** The process exists and is not a zombie (an orphan's zombie waits for init to reap it). */
export function alive(pid: number): boolean {
  return !!liveProcess(pid);
}
