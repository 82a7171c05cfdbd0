// kctl create -f, and the generators: create deployment | service * | namespace | configmap |
// secret * | ingress | job | cronjob | serviceaccount.

import { CliError, formatErrors, silentFailure } from '../api/errors';
import { KindInfo, resolveApiVersionKind } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { dryRunMode, fieldValidation, parseOutput, printResult } from './output';
import { readFilenames, setNamespaces } from './resource';
import { withLastApplied } from './apply';

export function run(ctx: Ctx): void {
  if (ctx.path.length > 1) return runGenerator(ctx);
  const f = ctx.flags;
  const filenames: string[] = f.filename ?? [];
  if (filenames.length === 0) {
    throw new CliError('must specify one of -f and -k');
  }
  const fmt = parseOutput(f.output, false);
  const dryRun = dryRunMode(ctx);
  const built = readFilenames(ctx, filenames, !!f.recursive);
  setNamespaces(ctx, built.infos);
  const errs: { err: unknown; context?: string }[] = built.errors.map((err) => ({ err }));
  const api = built.infos.length ? ctx.cluster().api : undefined;
  for (const i of built.infos) {
    let obj = i.obj;
    if (i.info.namespaced) obj.metadata.namespace = i.namespace;
    if (f['save-config']) obj = withLastApplied(obj);
    try {
      const created = dryRun === 'client' ? obj : api!.create(i.info.resource, i.namespace, obj, { dryRun: dryRun === 'server', fieldValidation: fieldValidation(ctx) });
      printResult(ctx, i.info, created, 'created', fmt, dryRun);
    } catch (e) {
      errs.push({ err: e, context: `error when creating "${i.source}": ` });
    }
  }
  if (errs.length) {
    ctx.io.err(formatErrors(errs) + '\n');
    throw silentFailure();
  }
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
