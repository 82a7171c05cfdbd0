// kctl scale: set spec.replicas of deployments, replica sets, replication controllers and stateful
// sets (their scale subresource), with --current-replicas and --resource-version preconditions.

import { CliError, StatusError, silentFailure, formatError } from '../api/errors';
import { kindGroupName } from '../api/kinds';
import type { Ctx } from './context';
import { collectObjects } from './resource';

const SCALABLE = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'statefulsets']);

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  if (!ctx.changed.has('replicas')) throw new CliError('required flag(s) "replicas" not set');
  if (f.replicas < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const { found, errors } = collectObjects(ctx, { noNamesError: 'resource(s) were provided, but no name was specified' });
  if (found.length === 0 && errors.length === 0) throw new CliError('no objects passed to scale');
  const api = ctx.cluster().api;
  for (const { info, obj } of found) {
    try {
      if (!SCALABLE.has(info.resource)) throw new StatusError('NotFound', 'the server could not find the requested resource');
      const cur = obj.spec?.replicas ?? 1;
      if (f['current-replicas'] >= 0 && f['current-replicas'] !== cur) {
        throw new CliError(`Expected replicas to be ${f['current-replicas']}, was ${cur}`);
      }
      const patch: any = { spec: { replicas: f.replicas } };
      if (f['resource-version']) patch.metadata = { resourceVersion: f['resource-version'] };
      const dry = f['dry-run'] && f['dry-run'] !== 'none';
      if (!dry) api.patch(info.resource, obj.metadata.namespace ?? '', obj.metadata.name!, 'merge', patch);
      ctx.io.out(`${kindGroupName(info)}/${obj.metadata.name} scaled${dry ? (f['dry-run'] === 'server' ? ' (server dry run)' : ' (dry run)') : ''}\n`);
    } catch (e) {
      errors.push(formatError(e));
    }
  }
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
}
