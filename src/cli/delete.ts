// kctl delete: by names, -f, -l, --all; --cascade, --grace-period, --force, -o name.

import { CliError, silentFailure, formatError } from '../api/errors';
import { kindGroupName } from '../api/kinds';
import type { Ctx } from './context';
import { dryRunMode } from './output';
import { collectObjects } from './resource';

function propagation(v: string): string {
  switch (v) {
    case 'background': case 'true': return 'Background';
    case 'foreground': return 'Foreground';
    case 'orphan': case 'false': return 'Orphan';
    default: throw new CliError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan".`);
  }
}

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  if (f.all && f.selector) throw new CliError('cannot set --all and --selector at the same time');
  const cascade = propagation(String(f.cascade ?? 'background'));
  const dryRun = dryRunMode(ctx);
  let grace: number = f['grace-period'];
  if (f.now) grace = 1;
  if (f.force && grace < 0) grace = 0;
  if (f.force && grace === 0) ctx.warn('Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  if (f.output && f.output !== 'name') throw new CliError(`unexpected -o output mode: ${f.output}, the flag 'output' must be one of yaml|json|name|...`);
  const { found, errors, selected } = collectObjects(ctx);
  const api = ctx.cluster().api;
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  for (const { info, obj } of found) {
    const name = obj.metadata.name!;
    try {
      if (dryRun !== 'client') {
        api.delete(info.resource, obj.metadata.namespace ?? '', name, {
          propagationPolicy: cascade, dryRun: dryRun === 'server', gracePeriodSeconds: grace >= 0 ? grace : undefined,
        });
      }
      if (f.output === 'name') ctx.io.out(`${kindGroupName(info)}/${name}\n`);
      else ctx.io.out(`${kindGroupName(info)} "${name}" ${f.force && grace === 0 ? 'force deleted' : 'deleted'}${suffix}\n`);
    } catch (e) {
      if (f['ignore-not-found'] && (e as any).reason === 'NotFound') continue;
      errors.push(formatError(e));
    }
  }
  if (found.length === 0 && selected && errors.length === 0) ctx.io.out('No resources found\n');
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
}
