// kctl describe: TYPE [NAME_PREFIX], TYPE/NAME, -l, -A, -f — kubectl's describe layouts.

import { CliError, StatusError, silentFailure, formatError } from '../api/errors';
import type { KindInfo } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { parseTargets, readFilenames, setNamespaces } from './resource';

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  const api = ctx.cluster().api;
  const allNs = !!f['all-namespaces'];
  const items: { info: KindInfo; obj: KObject }[] = [];
  const errors: string[] = [];
  if (f.filename?.length) {
    const built = readFilenames(ctx, f.filename, !!f.recursive);
    setNamespaces(ctx, built.infos);
    for (const e of built.errors) errors.push(formatError(e));
    for (const i of built.infos) {
      try { items.push({ info: i.info, obj: api.get(i.info.resource, i.namespace, i.name) }); } catch (e) { errors.push(formatError(e)); }
    }
  } else {
    if (ctx.args.length === 0) {
      throw new CliError('You must specify the type of resource to describe. Use "kctl api-resources" for a complete list of supported resources.');
    }
    for (const t of parseTargets(ctx.args)) {
      const ns = allNs ? undefined : ctx.namespace;
      if (t.names.length === 0) {
        const list = api.list(t.info.resource, ns, { labelSelector: f.selector || undefined });
        if (list.items.length === 0) {
          ctx.io.err(allNs || !t.info.namespaced ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
        }
        for (const o of list.items) items.push({ info: t.info, obj: o });
        continue;
      }
      for (const n of t.names) {
        const exact = api.tryGet(t.info.resource, ctx.namespace, n);
        if (exact) { items.push({ info: t.info, obj: exact }); continue; }
        // kubectl describes every object whose name starts with the given prefix
        const prefixed = api.list(t.info.resource, ns).items.filter((o) => o.metadata.name!.startsWith(n));
        if (prefixed.length === 0) errors.push(formatError(new StatusError('NotFound', `${t.info.group ? `${t.info.resource}.${t.info.group}` : t.info.resource} "${n}" not found`)));
        for (const o of prefixed) items.push({ info: t.info, obj: o });
      }
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const d = require('../printers/describe') as typeof import('../printers/describe');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { clusterView } = require('../controllers/runner') as typeof import('../controllers/runner');
  const view = clusterView(api);
  const texts = items.map(({ info, obj }) => d.describeObject(info, obj, view, ctx.now(), { showEvents: f['show-events'] !== false }));
  if (texts.length) ctx.io.out(texts.join('\n\n') + (texts[texts.length - 1].endsWith('\n') ? '' : '\n'));
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
}
