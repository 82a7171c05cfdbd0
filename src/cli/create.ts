// kctl create -f, and the generators: create deployment | service * | namespace | configmap |
// secret * | ingress | job | cronjob | serviceaccount.

import { CliError } from '../api/errors';
import { KindInfo, resolveApiVersionKind } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { dryRunMode, parseOutput, printResult } from './output';
import { startManifestCommand, finishManifestCommand } from './resource';
import { withLastApplied } from './apply';

export function run(ctx: Ctx): void {
  if (ctx.path.length > 1) return runGenerator(ctx);
  const m = startManifestCommand(ctx);
  for (const i of m.infos) {
    const obj = ctx.flags['save-config'] ? withLastApplied(i.obj) : i.obj;
    try {
      const created = m.dryRun === 'client' ? obj : m.api!.create(i.info.resource, i.namespace, obj, { dryRun: m.dryRun === 'server', fieldValidation: m.fieldValidation });
      printResult(ctx, i.info, created, 'created', m.fmt, m.dryRun);
    } catch (e) {
      m.errs.push({ err: e, context: `error when creating "${i.source}": ` });
    }
  }
  finishManifestCommand(ctx, m);
}

/** Send (or with --dry-run=client, just print) an object made by a generator. */
export function createGenerated(ctx: Ctx, obj: KObject, verb = 'created'): void {
  const f = ctx.flags;
  const fmt = parseOutput(f.output, false);
  const dryRun = dryRunMode(ctx);
  const rt = resolveApiVersionKind(obj.apiVersion!, obj.kind!);
  if (!rt) throw new CliError(`no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  const info: KindInfo = rt.info;
  if (info.namespaced && dryRun !== 'client') obj.metadata.namespace = obj.metadata.namespace ?? ctx.namespace;
  let toSend = obj;
  if (f['save-config']) toSend = withLastApplied(obj);
  const result = dryRun === 'client' ? toSend : ctx.cluster().api.create(info.resource, ctx.namespace, toSend, { dryRun: dryRun === 'server' });
  printResult(ctx, info, result, verb, fmt, dryRun);
}

function runGenerator(ctx: Ctx): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const gen = require('./generate') as typeof import('./generate');
  const obj = gen.generate(ctx);
  createGenerated(ctx, obj);
}
