// Black-box helpers: run the real bin/kctl against a fresh temporary KCTL_HOME, track every
// process started, and clean everything up.

import { spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const KCTL = path.join(ROOT, 'bin', 'kctl');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface RunResult { stdout: string; stderr: string; code: number }

export class TmpCluster {
  readonly home: string;
  constructor() {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-test-'));
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, KCTL_HOME: this.home, KCTL_LOOPBACK_REGISTRY: process.env.KCTL_LOOPBACK_REGISTRY ?? path.join(os.tmpdir(), 'kctl-test-loopback'), NO_COLOR: '1', KCTL_NO_AUTOSTART: '1', ...extra };
  }

  /** Run kctl synchronously. */
  run(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}): RunResult {
    const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [KCTL, ...args], {
      env: this.env(opts.env), input: opts.input ?? '', encoding: 'utf8', cwd: opts.cwd ?? ROOT, timeout: 60_000,
    });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
  }

  /** Run kctl and insist on success. */
  ok(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): string {
    const r = this.run(args, opts);
    if (r.code !== 0) throw new Error(`kctl ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  }

  /** Run kctl asynchronously (for many processes at once). */
  runAsync(args: string[], opts: { input?: string } = {}): Promise<RunResult> {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, [KCTL, ...args], { env: this.env(), cwd: ROOT });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => { stdout += d; });
      p.stderr.on('data', (d) => { stderr += d; });
      p.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
      p.stdin.end(opts.input ?? '');
    });
  }

  writeFile(name: string, content: string): string {
    const p = path.join(this.home, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  }

  /** Remove the home and give back the cluster's loopback block. */
  cleanup(): void {
    const registry = this.env().KCTL_LOOPBACK_REGISTRY!;
    let real = this.home;
    try { real = fs.realpathSync(this.home); } catch { /* gone */ }
    try {
      for (const f of fs.readdirSync(registry)) {
        const p = path.join(registry, f);
        try { if (fs.readFileSync(p, 'utf8') === real) fs.unlinkSync(p); } catch { /* raced */ }
      }
      if (fs.readdirSync(registry).length === 0) fs.rmdirSync(registry);
    } catch { /* no registry */ }
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

export function hasKubectl(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

/** Replace the parts of a table that change between runs (AGE column values). */
export function columns(line: string): string[] {
  return line.trim().split(/ {3,}/);
}

export function fixture(...p: string[]): string {
  return path.join(FIXTURES, ...p);
}
