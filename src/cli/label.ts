// kctl label / annotate: key=value to set, key- to remove, --overwrite, --list, -l, --all.

import { CliError, silentFailure, formatError } from '../api/errors';
import { kindGroupName } from '../api/kinds';
import type { Ctx } from './context';
import { dryRunMode, parseOutput, printObjects } from './output';
import { collectObjects } from './resource';

interface Changes { set: Record<string, string>; remove: string[] }

export function parseChanges(args: string[], what: 'label' | 'annotation'): { resources: string[]; changes: Changes } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const resources: string[] = [];
  let seenChange = false;
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) {
      seenChange = true;
      set[a.slice(0, eq)] = a.slice(eq + 1);
    } else if (a.endsWith('-') && a.length > 1 && (seenChange || !/\//.test(a) || resources.length > 0)) {
      seenChange = true;
      remove.push(a.slice(0, -1));
    } else if (seenChange) {
      throw new CliError(`invalid ${what} spec: ${a}`);
    } else resources.push(a);
  }
  for (const k of remove) if (k in set) throw new CliError(`can not both modify and remove ${what}s in the same command`);
  return { resources, changes: { set, remove } };
}

export function run(ctx: Ctx): void {
  const isLabel = ctx.path[0] === 'label';
  const what = isLabel ? 'label' : 'annotation';
  const f = ctx.flags;
  const { resources, changes } = parseChanges(ctx.args, what);
  if (!f.list && Object.keys(changes.set).length === 0 && changes.remove.length === 0) {
    throw new CliError(`at least one ${what} update is required`);
  }
  if (f.all && f.selector) throw new CliError('cannot set --all and --selector at the same time');
  ctx.args = resources;
  const fmt = parseOutput(f.output, false);
  const dryRun = dryRunMode(ctx);
  const { found, errors } = collectObjects(ctx, { noNamesError: 'resource(s) were provided, but no name was specified', emptyError: 'one or more resources must be specified as <resource> <name> or <resource>/<name>' });
  const api = ctx.cluster().api;
  const field = isLabel ? 'labels' : 'annotations';
  for (const { info, obj } of found) {
    const cur: Record<string, string> = { ...(obj.metadata[field] as Record<string, string> ?? {}) };
    if (f.list) {
      for (const [k, v] of Object.entries(cur)) ctx.io.out(`${k}=${v}\n`);
      continue;
    }
    try {
      const conflicts = Object.entries(changes.set).filter(([k, v]) => k in cur && cur[k] !== v);
      if (!f.overwrite && conflicts.length) {
        if (isLabel) throw new CliError(`'${conflicts[0][0]}' already has a value (${cur[conflicts[0][0]]}), and --overwrite is false`);
        throw new CliError(`--overwrite is false but found the following declared annotation(s): ${conflicts.map(([k]) => `'${k}' already has a value (${cur[k]})`).join('; ')}`);
      }
      const patch: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(changes.set)) if (cur[k] !== v) patch[k] = v;
      for (const k of changes.remove) if (k in cur) patch[k] = null;
      const md: Record<string, unknown> = { [field]: patch };
      if (f['resource-version']) md.resourceVersion = f['resource-version'];
      const res = Object.keys(patch).length || f['resource-version']
        ? api.patch(info.resource, obj.metadata.namespace ?? '', obj.metadata.name!, 'merge', { metadata: md }, { dryRun: dryRun !== 'none' })
        : obj;
      if (fmt.kind === 'table' || fmt.kind === 'wide') {
        let verb = isLabel ? 'labeled' : 'annotated';
        if (isLabel && Object.keys(patch).length === 0) verb = 'not labeled';
        else if (isLabel && Object.keys(changes.set).length === 0) verb = 'unlabeled';
        ctx.io.out(`${kindGroupName(info)}/${obj.metadata.name} ${verb}${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
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
