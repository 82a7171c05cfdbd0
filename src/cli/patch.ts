// kctl patch: --type strategic (default) | merge | json, -p or --patch-file, by name or -f.

import * as fs from 'node:fs';
import { CliError, StatusError, silentFailure, formatError } from '../api/errors';
import { kindGroupName } from '../api/kinds';
import type { Ctx } from './context';
import { dryRunMode, parseOutput, printObjects } from './output';
import { collectObjects } from './resource';

/** kubectl reads the patch as YAML or JSON and sends JSON. */
export function parsePatch(text: string): unknown {
  try { return JSON.parse(text); } catch { /* YAML */ }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const YAML = require('yaml') as typeof import('yaml');
  try {
    return YAML.parse(text);
  } catch (e: any) {
    throw new CliError(`unable to parse "${text}": yaml: ${String(e.message).split('\n')[0]}`);
  }
}

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  let text: string = f.patch;
  if (f['patch-file']) {
    if (text) throw new CliError('--patch and --patch-file are mutually exclusive');
    text = fs.readFileSync(f['patch-file'], 'utf8');
  }
  if (!text) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
  const type = String(f.type || 'strategic');
  if (!['json', 'merge', 'strategic', 'apply'].includes(type)) {
    throw new CliError(`--type must be one of [json merge strategic apply], not "${type}"`);
  }
  const patch = parsePatch(text);
  if (type === 'json' && !Array.isArray(patch)) throw new CliError(`unable to parse "${text}": json: cannot unmarshal object into Go value of type jsonpatch.Patch`);
  const fmt = parseOutput(f.output, false);
  const dryRun = dryRunMode(ctx);
  const { found, errors } = collectObjects(ctx, { noNamesError: 'one or more resources must be specified as <resource> <name> or <resource>/<name>' });
  const api = ctx.cluster().api;
  const sub: string = f.subresource ?? '';
  if (sub && sub !== 'status' && sub !== 'scale') throw new CliError(`invalid subresource value: "${sub}". Must be one of [status scale]`);
  for (const { info, obj } of found) {
    try {
      const res = sub === 'scale'
        ? patchScale(api, info.resource, obj, type === 'apply' ? 'merge' : type, patch, dryRun !== 'none')
        : api.patch(info.resource, obj.metadata.namespace ?? '', obj.metadata.name!, type === 'apply' ? 'merge' : type as any, patch,
          { dryRun: dryRun !== 'none', ...(sub === 'status' ? { subresource: 'status' as const } : {}) });
      if (fmt.kind === 'table' || fmt.kind === 'wide') {
        const unchanged = res.metadata.resourceVersion === obj.metadata.resourceVersion;
        ctx.io.out(`${kindGroupName(info)}/${obj.metadata.name} patched${unchanged ? ' (no change)' : ''}${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
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

/** --subresource=scale: the patch applies to the object's Scale ({spec: {replicas}}), which sets spec.replicas. */
function patchScale(api: import('../controlplane/apiserver').ApiServer, resource: string, obj: import('../api/types').KObject, type: string, patch: unknown, dryRun: boolean): import('../api/types').KObject {
  if (typeof obj.spec?.replicas !== 'number' && !['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers'].includes(resource)) {
    throw new StatusError('NotFound', `the server could not find the requested resource`);
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const merge = require('../api/merge') as typeof import('../api/merge');
  const scale = { spec: { replicas: obj.spec?.replicas ?? 1 } };
  const applied: any = type === 'json' ? merge.jsonPatch(scale as any, patch) : merge.jsonMergePatch(scale as any, patch as any);
  const replicas = applied?.spec?.replicas;
  return api.patch(resource, obj.metadata.namespace ?? '', obj.metadata.name!, 'merge', { spec: { replicas } }, { dryRun });
}
