// kctl apply -f: client-side apply with the last-applied-configuration annotation and a
// three-way strategic merge, printing created / configured / unchanged per object.

import { CliError, StatusError } from '../api/errors';
import { apiVersionOf, resolveApiVersionKind } from '../api/kinds';
import { KObject, LAST_APPLIED, deepClone } from '../api/types';
import type { Ctx } from './context';
import { printResult } from './output';
import { Info, startManifestCommand, finishManifestCommand } from './resource';

/** The manifest as kubectl sends it: the last-applied annotation set (sorted-key JSON + "\n", Go's escaping). */
export function withLastApplied(obj: KObject): KObject {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require('../api/merge') as typeof import('../api/merge')).withLastAppliedConfiguration(obj);
}

/** Bring a manifest in a legacy version (extensions/v1beta1 Ingress) to the stored version for diffing. */
function toStored(obj: KObject): KObject {
  const rt = resolveApiVersionKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!rt || !rt.legacy) return obj;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { convertToStorage } = require('../api/conversion') as typeof import('../api/conversion');
  const c = convertToStorage(deepClone(obj), obj.apiVersion!, rt.info);
  c.apiVersion = apiVersionOf(rt.info);
  return c;
}

export function patchContext(info: Info, patch: unknown): string {
  const gv = apiVersionOf(info.info);
  return `error when applying patch:\n${JSON.stringify(patch)}\nto:\nResource: "${gv}, Resource=${info.info.resource}", GroupVersionKind: "${gv}, Kind=${info.info.kind}"\nName: "${info.name}", Namespace: "${info.namespace}"\nfor: "${info.source}": error when patching "${info.source}": `;
}

export function run(ctx: Ctx): void {
  const m = startManifestCommand(ctx);
  const { fmt, dryRun, errs, api } = m;
  const fv = m.fieldValidation;
  if (m.infos.length === 0 && errs.length === 0) throw new CliError('no objects passed to apply');

  for (const i of m.infos) {
    if (!i.name) {
      errs.push({ err: new CliError(`error when retrieving current configuration of:\nResource: "${apiVersionOf(i.info)}, Resource=${i.info.resource}", GroupVersionKind: "${apiVersionOf(i.info)}, Kind=${i.info.kind}"\nName: "", Namespace: "${i.namespace}"\nfrom server for: "${i.source}": resource name may not be empty`) });
      continue;
    }
    const modified = withLastApplied(i.obj);
    try {
      const current = api!.tryGet(i.info.resource, i.namespace, i.name);
      if (!current) {
        try {
          const created = dryRun === 'client' ? modified : api!.create(i.info.resource, i.namespace, modified, { dryRun: dryRun === 'server', fieldValidation: fv });
          printResult(ctx, i.info, created, 'created', fmt, dryRun);
        } catch (e) {
          errs.push({ err: e, context: `error when creating "${i.source}": ` });
        }
        continue;
      }
      const lastRaw = current.metadata.annotations?.[LAST_APPLIED];
      if (lastRaw === undefined) {
        ctx.warn(`resource ${i.info.resource}/${i.name} is missing the ${LAST_APPLIED} annotation which is required by kctl apply. kctl apply should only be used on resources created declaratively by either kctl create --save-config or kctl apply. The missing annotation will be patched automatically.`);
      }
      let original: KObject | undefined;
      try { original = lastRaw ? JSON.parse(lastRaw) : undefined; } catch { original = undefined; }
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const merge = require('../api/merge') as typeof import('../api/merge');
      const mod = toStored(modified);
      mod.metadata.annotations![LAST_APPLIED] = modified.metadata.annotations![LAST_APPLIED];
      const patch = merge.createThreeWayMergePatch(original ? toStored(original) : undefined, mod, current, i.info.kind);
      if (merge.isEmptyPatch(patch)) {
        printResult(ctx, i.info, current, 'unchanged', fmt, dryRun);
        continue;
      }
      try {
        api!.checkFields(i.info, i.obj, { fieldValidation: fv });
        const result = dryRun === 'client'
          ? merge.strategicMergePatch(deepClone(current), patch, i.info.kind)
          : api!.patch(i.info.resource, i.namespace, i.name, 'strategic', patch, { dryRun: dryRun === 'server' });
        printResult(ctx, i.info, result, result.metadata.resourceVersion === current.metadata.resourceVersion && dryRun === 'none' ? 'unchanged' : 'configured', fmt, dryRun);
      } catch (e) {
        errs.push({ err: e, context: e instanceof StatusError ? patchContext(i, patch) : '' });
      }
    } catch (e) {
      errs.push({ err: e });
    }
  }
  finishManifestCommand(ctx, m);
}
