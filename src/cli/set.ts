// kctl set image: change container images of pods and pod templates (`name=image`, `*=image`).

import { CliError, silentFailure, formatError } from '../api/errors';
import { kindGroupName } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { dryRunMode, parseOutput, printObjects } from './output';
import { collectObjects } from './resource';

/** The pod spec inside an object (pods, templates, cron job templates). */
export function podSpecOf(obj: KObject): any | undefined {
  switch (obj.kind) {
    case 'Pod': return obj.spec;
    case 'CronJob': return obj.spec?.jobTemplate?.spec?.template?.spec;
    default: return obj.spec?.template?.spec;
  }
}

export function run(ctx: Ctx): void {
  if (ctx.path[1] !== 'image') throw new CliError(`"${ctx.cmdName}" is not supported by this version of kctl`);
  const f = ctx.flags;
  // arguments: resources first, then container=image pairs
  const pairs = ctx.args.filter((a) => a.includes('=') && !a.startsWith('-'));
  ctx.args = ctx.args.filter((a) => !pairs.includes(a));
  if (pairs.length === 0) throw new CliError('at least one image update is required');
  const images: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    images[p.slice(0, i)] = p.slice(i + 1);
  }
  const fmt = parseOutput(f.output, false);
  const dryRun = dryRunMode(ctx);
  const { found, errors } = collectObjects(ctx);
  const api = ctx.cluster().api;
  for (const { info, obj } of found) {
    try {
      const spec = podSpecOf(obj);
      if (!spec) throw new CliError(`error: ${kindGroupName(info)}/${obj.metadata.name} does not have a pod template`);
      const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
      let changed = false;
      for (const [name, image] of Object.entries(images)) {
        const targets = name === '*' ? containers : containers.filter((c: any) => c.name === name);
        if (targets.length === 0) throw new CliError(`unable to find container named "${name}"`);
        for (const c of targets) if (c.image !== image) { c.image = image; changed = true; }
      }
      const res = changed && dryRun === 'none' ? api.update(info.resource, obj.metadata.namespace ?? '', obj.metadata.name!, obj) : obj;
      if (fmt.kind === 'table' || fmt.kind === 'wide') {
        if (changed) ctx.io.out(`${kindGroupName(info)}/${obj.metadata.name} image updated${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
      } else printObjects(ctx, [res], fmt, true);
    } catch (e) {
      errors.push(formatError(e));
    }
  }
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
}
