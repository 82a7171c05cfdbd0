// kctl replace -f (PUT of the whole object) and replace --force (delete, then create).

import { kindGroupName } from '../api/kinds';
import type { Ctx } from './context';
import { printResult } from './output';
import { startManifestCommand, finishManifestCommand } from './resource';
import { withLastApplied } from './apply';
import { LAST_APPLIED } from '../api/types';

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  const m = startManifestCommand(ctx);
  const { fmt, dryRun, errs, api } = m;
  for (const i of m.infos) {
    let obj = i.obj;
    try {
      const live = api!.get(i.info.resource, i.namespace, i.name);
      // --save-config, or an object that was applied before, keeps the annotation current
      if (f['save-config'] || live.metadata.annotations?.[LAST_APPLIED]) obj = withLastApplied(obj);
      if (f.force) {
        if (dryRun === 'none') {
          api!.delete(i.info.resource, i.namespace, i.name, { propagationPolicy: f.cascade === 'orphan' ? 'Orphan' : 'Background' });
          ctx.io.out(`${kindGroupName(i.info)} "${i.name}" deleted\n`);
          delete obj.metadata.resourceVersion;
          const created = api!.create(i.info.resource, i.namespace, obj);
          printResult(ctx, i.info, created, 'replaced', fmt, dryRun);
        } else printResult(ctx, i.info, obj, 'replaced', fmt, dryRun);
        continue;
      }
      const res = dryRun === 'client' ? obj : api!.update(i.info.resource, i.namespace, i.name, obj, { dryRun: dryRun === 'server', fieldValidation: m.fieldValidation });
      printResult(ctx, i.info, res, 'replaced', fmt, dryRun);
    } catch (e) {
      errs.push({ err: e, context: `error when replacing "${i.source}": ` });
    }
  }
  finishManifestCommand(ctx, m);
}
