// kctl logs: a container's log from the files the node agent writes
// ($KCTL_HOME/logs/<ns>_<pod>_<uid>/<container>/<restart>.log, `.log.1` once rotated at the size
// cap): -c, --tail, --previous, --all-containers, --prefix, -f, --since, --since-time,
// --timestamps, --limit-bytes, -l (with --max-log-requests), TYPE/NAME (a pod of a workload).
//
// Containers write their output straight to the file, so a line's time comes from the agent's
// index beside it (`<restart>.log.idx`: "<file size> <ms>" each time the agent saw the file grow, so
// a line's time is within one agent tick — 100 ms — after it was written).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, StatusError } from '../api/errors';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { parseDuration } from './flags';
import { podFor } from './podctx';

interface Source { pod: KObject; container: string; file: string; prefix: string; offset: number; idxCache?: [number, number][] }

function logFiles(home: string, pod: KObject, container: string): string[] {
  const dir = path.join(home, 'logs', `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`, container);
  try {
    return fs.readdirSync(dir).filter((f) => /^\d+\.log$/.test(f)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10)).map((f) => path.join(dir, f));
  } catch { return []; }
}

function readIndex(file: string): [number, number][] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').map(Number) as [number, number]);
  } catch { return []; }
}

/** A log line; `partial`: the file ends in it without a newline (shown without one, as kubectl does). */
interface Line { text: string; time: number; partial?: boolean }

/** The lines of one log file (and its rotated part), each with its time from the index. */
function readLines(file: string, from = 0): { lines: Line[]; size: number } {
  const out: Line[] = [];
  let size = 0;
  const parts: [string, number][] = from === 0 ? [[`${file}.1`, 0], [file, 0]] : [[file, from]];
  for (const [f, start] of parts) {
    let buf: Buffer;
    try { buf = fs.readFileSync(f); } catch { continue; }
    if (f === file) size = buf.length;
    const idx = readIndex(`${f}.idx`);
    let pos = start;
    let k = 0;
    const text = buf.subarray(start).toString('utf8');
    const pieces = text.split('\n');
    const partialLast = pieces[pieces.length - 1] !== '';
    if (!partialLast) pieces.pop();
    pieces.forEach((p, i) => {
      pos += Buffer.byteLength(p) + 1;
      while (k < idx.length && idx[k][0] < Math.min(pos, buf.length)) k++;
      out.push({ text: p, time: k < idx.length ? idx[k][1] : Date.now(), ...(partialLast && i === pieces.length - 1 && f === file ? { partial: true } : {}) });
    });
  }
  return { lines: out, size };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  const api = ctx.cluster().api;
  const home = ctx.cluster().paths.home;
  const selector: string = f.selector ?? '';
  if (ctx.args.length === 0 && !selector) {
    throw new CliError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kctl logs -h' for help and examples");
  }
  if (ctx.args.length && selector) throw new CliError('only a selector (-l) or a POD name is allowed');
  if (ctx.changed.has('since') && ctx.changed.has('since-time')) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  let pods: KObject[];
  if (selector) {
    pods = api.list('pods', ctx.namespace, { labelSelector: selector }).items;
    if (pods.length === 0) { ctx.io.err(`No resources found in ${ctx.namespace} namespace.\n`); return; }
  } else pods = [podFor(ctx, ctx.args[0])];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  (require('./proxy') as typeof import('./proxy')).autostart(home, (m) => ctx.io.err(m));

  const sources: Source[] = [];
  for (const pod of pods) {
    const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    const initNames: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
    let containers: string[];
    if (f['all-containers']) containers = [...initNames, ...names];
    else if (f.container || ctx.args[1]) {
      const want = f.container || ctx.args[1];
      if (!names.includes(want) && !initNames.includes(want)) throw new StatusError('BadRequest', `container ${want} is not valid for pod ${pod.metadata.name}`);
      containers = [want];
    } else if (names.length === 1 || selector) {
      containers = [names[0]];
      if (names.length > 1 && !selector) ctx.io.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
    } else {
      containers = [pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? names[0]];
      ctx.io.err(`Defaulted container "${containers[0]}" out of: ${names.join(', ')}\n`);
    }
    for (const c of containers) {
      const files = logFiles(home, pod, c);
      const prefix = f.prefix ? `[pod/${pod.metadata.name}/${c}] ` : '';
      if (f.previous) {
        if (files.length < 2) throw new StatusError('BadRequest', `previous terminated container "${c}" in pod "${pod.metadata.name}" not found`);
        sources.push({ pod, container: c, file: files[files.length - 2], prefix, offset: 0 });
      } else if (files.length === 0) {
        const st = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s: any) => s.name === c);
        const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
        const err = new StatusError('BadRequest', `container "${c}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
        if (selector || f['ignore-errors']) { if (!f['ignore-errors']) ctx.io.err(`error: ${err.message}\n`); continue; }
        throw err;
      } else sources.push({ pod, container: c, file: files[files.length - 1], prefix, offset: 0 });
    }
  }
  if (f.follow && sources.length > (f['max-log-requests'] ?? 5)) {
    throw new CliError(`you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${f['max-log-requests'] ?? 5}, use --max-log-requests to increase the limit`);
  }

  const sinceMs = ctx.changed.has('since') ? Date.now() - parseDuration(String(f.since)) : f['since-time'] ? Date.parse(f['since-time']) : undefined;
  if (f['since-time'] && Number.isNaN(sinceMs)) throw new CliError(`parsing time "${f['since-time']}" as "2006-01-02T15:04:05Z07:00": cannot parse "${f['since-time']}" as "2006"`);
  const tailN: number = ctx.changed.has('tail') ? f.tail : selector ? 10 : -1;
  const limit: number = f['limit-bytes'] ?? 0;
  const render = (s: Source, lines: Line[]) => lines.map((l) => `${s.prefix}${f.timestamps ? `${stamp(l.time)} ` : ''}${l.text}${l.partial ? '' : '\n'}`).join('');
  for (const s of sources) {
    const { lines, size } = readLines(s.file);
    s.offset = size;
    let shown = sinceMs !== undefined ? lines.filter((l) => l.time >= sinceMs) : lines;
    if (tailN >= 0) shown = shown.slice(Math.max(0, shown.length - tailN));
    let text = render(s, shown);
    if (limit > 0 && Buffer.byteLength(text) > limit) text = Buffer.from(text).subarray(0, limit).toString('utf8');
    ctx.io.out(text);
  }
  if (!f.follow) return;
  let live = sources;
  // kubectl logs -f ends when the container does: the pod goes, or the container's log is done (its
  // exit recorded, or a restart started a newer log file) — after its last lines are shown
  const ended = (s: Source): boolean => {
    const pod = api.tryGet('pods', s.pod.metadata.namespace!, s.pod.metadata.name!);
    if (!pod || pod.metadata.uid !== s.pod.metadata.uid) return true;
    if (fs.existsSync(s.file.replace(/\.log$/, '.exit'))) return true;
    // killed (no exit code written): the status says it has ended for good
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return true;
    const st = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((x: any) => x.name === s.container);
    if (st?.state?.terminated) return true;
    const n = parseInt(path.basename(s.file), 10);
    return fs.existsSync(path.join(path.dirname(s.file), `${n + 1}.log`));
  };
  while (live.length) {
    await new Promise((r) => setTimeout(r, 200));
    const done = new Set(live.filter(ended));
    for (const s of live) {
      let size = 0;
      try { size = fs.statSync(s.file).size; } catch { continue; }
      if (size < s.offset) s.offset = 0; // truncated by the size cap: the file starts over
      if (size <= s.offset) continue;
      // only whole lines (a line still being written waits for its newline)
      const { lines, size: now } = readLines(s.file, s.offset);
      const buf = fs.readFileSync(s.file).subarray(s.offset, now);
      const complete = buf.lastIndexOf(0x0a);
      if (complete < 0) continue;
      const whole = lines.slice(0, buf.subarray(0, complete + 1).toString('utf8').split('\n').length - 1);
      s.offset += complete + 1;
      ctx.io.out(render(s, whole));
    }
    // a last line without its newline is shown as it is once the container has ended
    for (const s of done) {
      try {
        const rest = fs.readFileSync(s.file).subarray(s.offset).toString('utf8');
        if (rest) ctx.io.out(render(s, [{ text: rest, time: Date.now(), partial: true }]));
      } catch { /* gone with the pod */ }
    }
    live = live.filter((s) => !done.has(s));
  }
}
