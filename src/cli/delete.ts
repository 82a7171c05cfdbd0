// kctl delete: by names, -f, -l, --all; --cascade, --grace-period, --force, -o name.

import { CliError, silentFailure, formatError } from '../api/errors';
import { kindGroupName } from '../api/kinds';
import type { Ctx } from './context';
import { dryRunMode } from './output';
import { collectObjects } from './resource';
import { parseDuration } from './flags';

function propagation(v: string): string {
  switch (v) {
    case 'background': case 'true': return 'Background';
    case 'foreground': return 'Foreground';
    case 'orphan': case 'false': return 'Orphan';
    default: throw new CliError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan".`);
  }
}

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  if (f.all && f.selector) throw new CliError('cannot set --all and --selector at the same time');
  const cascade = propagation(String(f.cascade ?? 'background'));
  const dryRun = dryRunMode(ctx);
  let grace: number = f['grace-period'];
  if (f.now) grace = 1;
  if (f.force && grace < 0) grace = 0;
  // kubectl: --grace-period=0 without --force means 1 (immediate deletion needs --force)
  if (grace === 0 && !f.force) grace = 1;
  if (f.force && grace === 0) ctx.warn('Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  if (f.output && f.output !== 'name') throw new CliError(`unexpected -o output mode: ${f.output}, the flag 'output' must be one of yaml|json|name|...`);
  const { found, errors, selected } = collectObjects(ctx);
  const api = ctx.cluster().api;
  const waitFor: { resource: string; ns: string; name: string; uid: string }[] = [];
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  for (const { info, obj } of found) {
    const name = obj.metadata.name!;
    try {
      if (dryRun !== 'client') {
        const after = api.delete(info.resource, obj.metadata.namespace ?? '', name, {
          propagationPolicy: cascade, dryRun: dryRun === 'server', gracePeriodSeconds: grace >= 0 ? grace : undefined,
        });
        if (dryRun === 'none' && after.metadata.deletionTimestamp && api.tryGet(info.resource, obj.metadata.namespace ?? '', name)) {
          waitFor.push({ resource: info.resource, ns: obj.metadata.namespace ?? '', name, uid: after.metadata.uid! });
        }
      }
      if (f.output === 'name') ctx.io.out(`${kindGroupName(info)}/${name}\n`);
      else ctx.io.out(`${kindGroupName(info)} "${name}" ${f.force && grace === 0 ? 'force deleted' : 'deleted'}${suffix}\n`);
    } catch (e) {
      if (f['ignore-not-found'] && (e as any).reason === 'NotFound') continue;
      errors.push(formatError(e));
    }
  }
  if (found.length === 0 && selected && errors.length === 0) ctx.io.out('No resources found\n');
  if (waitFor.length && f.wait !== false) await waitUntilGone(ctx, waitFor, errors);
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
}

/**
 * kubectl delete waits (--wait, the default) until the objects are really gone: a running pod only
 * goes once its node agent has stopped its containers, so the agent is started if none runs.
 */
async function waitUntilGone(ctx: Ctx, items: { resource: string; ns: string; name: string; uid: string }[], errors: string[]): Promise<void> {
  const cluster = ctx.cluster();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { autostart } = require('./proxy') as typeof import('./proxy');
  autostart(cluster.paths.home, (s) => ctx.io.err(s));
  const timeout = parseDuration(String(ctx.flags.timeout ?? '0s'));
  const deadline = timeout > 0 ? Date.now() + timeout : Number.MAX_SAFE_INTEGER;
  let left = items;
  while (left.length) {
    left = left.filter((it) => cluster.api.tryGet(it.resource, it.ns, it.name)?.metadata.uid === it.uid);
    if (!left.length) return;
    if (Date.now() > deadline) {
      for (const it of left) errors.push(`error: timed out waiting for the condition on ${it.resource}/${it.name}`);
      ctx.io.err(errors.join('\n') + '\n');
      throw silentFailure();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
