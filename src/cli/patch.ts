// kctl patch: --type strategic (default) | merge | json, -p or --patch-file, by name or -f.

import * as fs from 'node:fs';
import { CliError, silentFailure, formatError } from '../api/errors';
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
  for (const { info, obj } of found) {
    try {
      const res = api.patch(info.resource, obj.metadata.namespace ?? '', obj.metadata.name!, type === 'apply' ? 'merge' : type as any, patch,
        { dryRun: dryRun !== 'none' });
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
