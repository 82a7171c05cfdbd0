// Container probes as the kubelet runs them: startup, liveness and readiness probes with httpGet,
// tcpSocket and exec handlers, kubelet's defaults (period 10 s, timeout 1 s, success 1, failure 3)
// and its failure messages. The handlers reach the pod's virtual IP through the pod's port map
// (containerPort → real loopback port); exec runs the command in the pod's context.

import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** A probe's timing with the API server's defaults filled in. */
export function probeTiming(p: any): ProbeTiming {
  const n = (v: unknown, d: number) => (typeof v === 'number' && v > 0 ? v : d);
  return {
    initialDelayMs: (typeof p?.initialDelaySeconds === 'number' ? p.initialDelaySeconds : 0) * 1000,
    periodMs: n(p?.periodSeconds, 10) * 1000,
    timeoutMs: n(p?.timeoutSeconds, 1) * 1000,
    successThreshold: n(p?.successThreshold, 1),
    failureThreshold: n(p?.failureThreshold, 3),
  };
}

export interface ProbeState {
  kind: ProbeKind;
  spec: any;
  timing: ProbeTiming;
  successes: number;
  failures: number;
  nextAt: number;
  inFlight: boolean;
  /** last result: undefined until the first probe finished */
  ok?: boolean;
}

export function newProbeState(kind: ProbeKind, spec: any, startedAt: number): ProbeState {
  const timing = probeTiming(spec);
  return { kind, spec, timing, successes: 0, failures: 0, nextAt: startedAt + timing.initialDelayMs, inFlight: false };
}

/**
 * Fold one probe result into the state (pure). Returns the transition: 'succeeded' when the success
 * threshold is reached, 'failed' when the failure threshold is reached, undefined otherwise.
 */
export function recordResult(s: ProbeState, ok: boolean, now: number): 'succeeded' | 'failed' | undefined {
  s.nextAt = now + s.timing.periodMs;
  if (ok) {
    s.failures = 0;
    s.successes++;
    if (s.successes >= s.timing.successThreshold && s.ok !== true) { s.ok = true; return 'succeeded'; }
    return undefined;
  }
  s.successes = 0;
  s.failures++;
  if (s.failures >= s.timing.failureThreshold && (s.ok !== false || s.kind !== 'readiness')) {
    s.ok = false;
    if (s.kind !== 'readiness') s.failures = 0;
    return 'failed';
  }
  return undefined;
}

export interface ProbeContext {
  podIP: string;
  /** the pod's port map: containerPort → real loopback port */
  ports: Record<string, number>;
  /** the container's spec (named ports) */
  container: any;
  env: Record<string, string>;
  cwd: string;
}

export interface ProbeResult { ok: boolean; message: string }

function resolvePort(port: unknown, container: any): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const named = (container?.ports ?? []).find((p: any) => p.name === port);
  return named?.containerPort;
}

function connectMessage(err: NodeJS.ErrnoException, addr: string): string {
  if (err.code === 'ECONNREFUSED') return `dial tcp ${addr}: connect: connection refused`;
  if (err.code === 'ETIMEDOUT') return `dial tcp ${addr}: i/o timeout`;
  return `dial tcp ${addr}: ${err.message}`;
}

function probeTcp(spec: any, ctx: ProbeContext, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(spec.port, ctx.container);
  const addr = `${ctx.podIP}:${port}`;
  const real = port !== undefined ? ctx.ports[String(port)] : undefined;
  if (!real) return Promise.resolve({ ok: false, message: connectMessage({ code: 'ECONNREFUSED' } as NodeJS.ErrnoException, addr) });
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: real });
    const t = setTimeout(() => { s.destroy(); resolve({ ok: false, message: connectMessage({ code: 'ETIMEDOUT' } as NodeJS.ErrnoException, addr) }); }, timeoutMs);
    s.once('connect', () => { clearTimeout(t); s.destroy(); resolve({ ok: true, message: '' }); });
    s.once('error', (e) => { clearTimeout(t); resolve({ ok: false, message: connectMessage(e, addr) }); });
  });
}

function probeHttp(spec: any, ctx: ProbeContext, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(spec.port, ctx.container);
  const scheme = String(spec.scheme ?? 'HTTP').toLowerCase();
  const host = spec.host || ctx.podIP;
  const p = String(spec.path ?? '/');
  const url = `${scheme}://${host}:${port}${p.startsWith('/') ? p : `/${p}`}`;
  const real = port !== undefined ? ctx.ports[String(port)] : undefined;
  const fail = (m: string) => ({ ok: false, message: m });
  if (!real) return Promise.resolve(fail(`Get "${url}": ${connectMessage({ code: 'ECONNREFUSED' } as NodeJS.ErrnoException, `${host}:${port}`)}`));
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
  for (const h of spec.httpHeaders ?? []) headers[h.name] = h.value;
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'host')) headers.Host = `${host}:${port}`;
  return new Promise((resolve) => {
    const mod = scheme === 'https' ? https : http;
    const req = mod.request({ host: '127.0.0.1', port: real, path: p.startsWith('/') ? p : `/${p}`, method: 'GET', headers, rejectUnauthorized: false, agent: false } as https.RequestOptions, (res) => {
      res.resume();
      res.once('end', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 400) resolve({ ok: true, message: '' });
        else resolve(fail(`HTTP probe failed with statuscode: ${code}`));
      });
    });
    req.setTimeout(timeoutMs, () => { req.destroy(); resolve(fail(`Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)); });
    req.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET' && req.destroyed) return;
      resolve(fail(`Get "${url}": ${connectMessage(e, `${host}:${port}`)}`));
    });
    req.end();
  });
}

function probeExec(spec: any, ctx: ProbeContext, timeoutMs: number): Promise<ProbeResult> {
  const cmd: string[] = spec.command ?? [];
  if (cmd.length === 0) return Promise.resolve({ ok: false, message: 'exec probe has no command' });
  return new Promise((resolve) => {
    let out = '';
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd[0], cmd.slice(1), { env: ctx.env, cwd: ctx.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (e) {
      resolve({ ok: false, message: (e as Error).message });
      return;
    }
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    const t = setTimeout(() => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
      resolve({ ok: false, message: `command "${cmd.join(' ')}" timed out` });
    }, timeoutMs);
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(t);
      resolve({ ok: false, message: e.code === 'ENOENT' ? `exec: "${cmd[0]}": executable file not found in $PATH` : e.message });
    });
    child.once('close', (code) => {
      clearTimeout(t);
      resolve({ ok: code === 0, message: out.replace(/\n$/, '') });
    });
  });
}

/** Run one probe once. */
export function runProbe(spec: any, ctx: ProbeContext): Promise<ProbeResult> {
  const timeoutMs = probeTiming(spec).timeoutMs;
  if (spec?.httpGet) return probeHttp(spec.httpGet, ctx, timeoutMs);
  if (spec?.tcpSocket) return probeTcp(spec.tcpSocket, ctx, timeoutMs);
  if (spec?.exec) return probeExec(spec.exec, ctx, timeoutMs);
  if (spec?.grpc) return probeTcp({ port: spec.grpc.port }, ctx, timeoutMs);
  return Promise.resolve({ ok: true, message: '' });
}

export const PROBE_LABEL: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };
