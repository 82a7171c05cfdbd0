// kctl logs: a container's log from the files the node agent writes
// ($KCTL_HOME/logs/<ns>_<pod>_<uid>/<container>/<restart>.log): -c, --tail, --previous,
// --all-containers, --prefix, -f, and TYPE/NAME (the first pod of a workload).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, StatusError } from '../api/errors';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { podFor } from './podctx';

function logFiles(home: string, pod: KObject, container: string): string[] {
  const dir = path.join(home, 'logs', `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`, container);
  try {
    return fs.readdirSync(dir).filter((f) => /^\d+\.log$/.test(f)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10)).map((f) => path.join(dir, f));
  } catch { return []; }
}

function tail(text: string, n: number): string {
  if (n < 0) return text;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(Math.max(0, lines.length - n)).map((l) => l + '\n').join('');
}

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  if (ctx.args.length === 0) throw new CliError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kctl logs -h' for help and examples");
  const pod = podFor(ctx, ctx.args[0]);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  (require('./proxy') as typeof import('./proxy')).autostart(ctx.cluster().paths.home, (m) => ctx.io.err(m));
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const initNames: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
  let containers: string[];
  if (f['all-containers']) containers = [...initNames, ...names];
  else if (f.container || ctx.args[1]) {
    const want = f.container || ctx.args[1];
    if (!names.includes(want) && !initNames.includes(want)) throw new StatusError('BadRequest', `container ${want} is not valid for pod ${pod.metadata.name}`);
    containers = [want];
  } else if (names.length === 1) containers = names;
  else throw new CliError(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
  const home = ctx.cluster().paths.home;
  const chosen: { name: string; file: string }[] = [];
  for (const c of containers) {
    const files = logFiles(home, pod, c);
    if (f.previous) {
      if (files.length < 2) throw new StatusError('BadRequest', `previous terminated container "${c}" in pod "${pod.metadata.name}" not found`);
      chosen.push({ name: c, file: files[files.length - 2] });
    } else {
      if (files.length === 0) {
        const st = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s: any) => s.name === c);
        const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
        throw new StatusError('BadRequest', `container "${c}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
      }
      chosen.push({ name: c, file: files[files.length - 1] });
    }
  }
  const prefix = (c: string, text: string) => (f.prefix ? text.split('\n').map((l, i, a) => (i === a.length - 1 && l === '' ? '' : `[pod/${pod.metadata.name}/${c}] ${l}`)).join('\n') : text);
  const sizes = new Map<string, number>();
  for (const ch of chosen) {
    // a log over the size cap was rotated (copytruncate) to <n>.log.1: the older lines come first
    let rotated = '';
    try { rotated = fs.readFileSync(`${ch.file}.1`, 'utf8'); } catch { /* not rotated */ }
    const current = fs.readFileSync(ch.file, 'utf8');
    const text = rotated + current;
    sizes.set(ch.file, Buffer.byteLength(current));
    ctx.io.out(prefix(ch.name, tail(text, f.tail ?? -1)));
  }
  if (!f.follow) return;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    if (!ctx.cluster().api.tryGet('pods', pod.metadata.namespace!, pod.metadata.name!)) return;
    for (const ch of chosen) {
      let size = 0;
      try { size = fs.statSync(ch.file).size; } catch { continue; }
      let from = sizes.get(ch.file) ?? 0;
      if (size < from) from = 0; // truncated by the size cap: the file starts over
      if (size <= from) continue;
      const fd = fs.openSync(ch.file, 'r');
      const buf = Buffer.alloc(size - from);
      fs.readSync(fd, buf, 0, buf.length, from);
      fs.closeSync(fd);
      sizes.set(ch.file, size);
      ctx.io.out(prefix(ch.name, buf.toString('utf8')));
    }
  }
}
