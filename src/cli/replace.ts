// kctl replace -f (PUT of the whole object) and replace --force (delete, then create).

import { CliError, formatErrors, silentFailure } from '../api/errors';
import type { Ctx } from './context';
import { dryRunMode, fieldValidation, parseOutput, printResult } from './output';
import { readFilenames, setNamespaces } from './resource';
import { withLastApplied } from './apply';
import { LAST_APPLIED } from '../api/types';

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  const filenames: string[] = f.filename ?? [];
  if (filenames.length === 0) throw new CliError('must specify one of -f and -k');
  const fmt = parseOutput(f.output, false);
  const dryRun = dryRunMode(ctx);
  const built = readFilenames(ctx, filenames, !!f.recursive);
  setNamespaces(ctx, built.infos);
  const errs: { err: unknown; context?: string }[] = built.errors.map((err) => ({ err }));
  const api = built.infos.length ? ctx.cluster().api : undefined;
  for (const i of built.infos) {
    let obj = i.obj;
    if (i.info.namespaced) obj.metadata.namespace = i.namespace;
    try {
      const live = api!.get(i.info.resource, i.namespace, i.name);
      // --save-config, or an object that was applied before, keeps the annotation current
      if (f['save-config'] || live.metadata.annotations?.[LAST_APPLIED]) obj = withLastApplied(obj);
      if (f.force) {
        if (dryRun === 'none') {
          api!.delete(i.info.resource, i.namespace, i.name, { propagationPolicy: f.cascade === 'orphan' ? 'Orphan' : 'Background' });
          ctx.io.out(`${require('../api/kinds').kindGroupName(i.info)} "${i.name}" deleted\n`);
          delete obj.metadata.resourceVersion;
          const created = api!.create(i.info.resource, i.namespace, obj);
          printResult(ctx, i.info, created, 'replaced', fmt, dryRun);
        } else printResult(ctx, i.info, obj, 'replaced', fmt, dryRun);
        continue;
      }
      const res = dryRun === 'client' ? obj : api!.update(i.info.resource, i.namespace, i.name, obj, { dryRun: dryRun === 'server', fieldValidation: fieldValidation(ctx) });
      printResult(ctx, i.info, res, 'replaced', fmt, dryRun);
    } catch (e) {
      errs.push({ err: e, context: `error when replacing "${i.source}": ` });
    }
  }
  if (errs.length) {
    ctx.io.err(formatErrors(errs) + '\n');
    throw silentFailure();
  }
}
