// kctl get: tables (and -o wide), yaml/json/name/jsonpath/custom-columns, -l, --field-selector,
// -A, --show-labels, -L, --sort-by, -w.

import { CliError, StatusError, formatError, silentFailure } from '../api/errors';
import type { KindInfo } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { parseOutput, printObjects, OutputFormat } from './output';
import { parseTargets, readFilenames, setNamespaces, Target } from './resource';
import { parseDuration } from './flags';

interface Group {
  info: KindInfo;
  objects: KObject[];
}

const NO_TYPE_ERROR = `You must specify the type of resource to get. Use "kctl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kctl explain <resource>" for a detailed description of that resource (e.g. kctl explain pods).
See 'kctl get -h' for help and examples`;

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  const fmt = parseOutput(f.output);
  const allNs = !!f['all-namespaces'];
  const filenames: string[] = f.filename ?? [];
  const errors: string[] = [];
  const groups: Group[] = [];
  let namedRequest = false;
  let targets: Target[] = [];

  if (filenames.length) {
    const built = readFilenames(ctx, filenames, !!f.recursive);
    setNamespaces(ctx, built.infos);
    for (const e of built.errors) errors.push(formatError(e));
    const api = ctx.cluster().api;
    for (const i of built.infos) {
      namedRequest = true;
      try {
        addTo(groups, i.info, api.get(i.info.resource, i.namespace, i.name));
      } catch (e) {
        errors.push(formatError(e));
      }
    }
  } else {
    if (ctx.args.length === 0) throw new CliError(NO_TYPE_ERROR, { raw: true });
    targets = parseTargets(ctx.args);
    const api = ctx.cluster().api;
    for (const t of targets) {
      const ns = allNs ? undefined : ctx.namespace;
      if (t.names.length) {
        namedRequest = true;
        if (f.selector) throw new CliError('name cannot be provided when a selector is specified');
        for (const n of t.names) {
          try {
            addTo(groups, t.info, api.get(t.info.resource, ctx.namespace, n));
          } catch (e) {
            if (f['ignore-not-found'] && e instanceof StatusError && e.reason === 'NotFound') continue;
            errors.push(formatError(e));
          }
        }
      } else {
        // a table reads the stored table projection (less to parse); sorting may need any field
        const table = (fmt.kind === 'table' || fmt.kind === 'wide') && !f['sort-by'];
        const list = api.list(t.info.resource, ns, { labelSelector: f.selector || undefined, fieldSelector: f['field-selector'] || undefined, forTable: table });
        addTo(groups, t.info, ...list.items);
        if (!groups.find((g) => g.info === t.info)) groups.push({ info: t.info, objects: [] });
      }
    }
  }

  if (f['sort-by']) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { sortObjects, SortError } = require('../printers/sort') as typeof import('../printers/sort');
    const table = fmt.kind === 'table' || fmt.kind === 'wide';
    for (const g of groups) {
      try {
        g.objects = sortObjects(g.objects, f['sort-by'], { mode: table ? 'table' : 'list' });
      } catch (e) {
        // kubectl's table printer drops a sort failure: that kind prints nothing
        if (e instanceof SortError && (e as any).silent) g.objects = [];
        else throw e;
      }
    }
  }

  const nonEmpty = groups.filter((g) => g.objects.length > 0);
  const watch = !!(f.watch || f['watch-only']);
  const table = fmt.kind === 'table' || fmt.kind === 'wide';
  if (watch && table) {
    await watchLoop(ctx, targets.length ? targets : groups.map((g) => ({ info: g.info, names: [] })), fmt, allNs, f['watch-only'] ? [] : nonEmpty);
    return;
  }
  if (!(f['watch-only'])) printGroups(ctx, groups, fmt, { allNs, namedRequest, multiKind: groups.length > 1 });
  if (nonEmpty.length === 0 && !namedRequest && errors.length === 0 && !watch && (fmt.kind === 'table' || fmt.kind === 'wide')) {
    const info = groups[0]?.info;
    ctx.io.err(allNs || (info && !info.namespaced) ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
  }
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
  if (watch) await watchLoop(ctx, targets.length ? targets : groups.map((g) => ({ info: g.info, names: [] })), fmt, allNs, []);
}

function addTo(groups: Group[], info: KindInfo, ...objs: KObject[]): void {
  let g = groups.find((x) => x.info === info);
  if (!g) groups.push((g = { info, objects: [] }));
  g.objects.push(...objs);
}

function printGroups(ctx: Ctx, groups: Group[], fmt: OutputFormat, o: { allNs: boolean; namedRequest: boolean; multiKind: boolean }): void {
  if (fmt.kind !== 'table' && fmt.kind !== 'wide') {
    const all = groups.flatMap((g) => g.objects);
    if (all.length === 0 && fmt.kind !== 'yaml' && fmt.kind !== 'json' && fmt.kind !== 'jsonpath') return;
    printObjects(ctx, all, fmt, o.namedRequest && all.length === 1 && !o.multiKind);
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { printTables } = require('../printers/table') as typeof import('../printers/table');
  const f = ctx.flags;
  ctx.io.out(printTables(groups, {
    now: ctx.now(), wide: fmt.kind === 'wide', showLabels: !!f['show-labels'], labelColumns: f['label-columns'] ?? [],
    withNamespace: o.allNs, withKind: o.multiKind, noHeaders: !!f['no-headers'],
  }));
}

/** `get -w`: the list, then each change from the change log as a row (header once, widths remembered). */
async function watchLoop(ctx: Ctx, targets: Target[], fmt: OutputFormat, allNs: boolean, initial: Group[]): Promise<void> {
  const cluster = ctx.cluster();
  const f = ctx.flags;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const sel = require('../api/selectors') as typeof import('../api/selectors');
  const ls = f.selector ? sel.parseLabelSelector(f.selector) : undefined;
  const fs = f['field-selector'] ? sel.parseFieldSelector(f['field-selector']) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { TableStream } = require('../printers/table') as typeof import('../printers/table');
  const streams = new Map<string, InstanceType<typeof TableStream>>();
  const table = fmt.kind === 'table' || fmt.kind === 'wide';
  const events = !!f['output-watch-events'];
  const stream = (info: KindInfo) => {
    let st = streams.get(info.resource);
    if (!st) {
      st = new TableStream(info, {
        now: ctx.now(), wide: fmt.kind === 'wide', showLabels: !!f['show-labels'], labelColumns: f['label-columns'] ?? [],
        withNamespace: allNs, noHeaders: !!f['no-headers'],
      });
      streams.set(info.resource, st);
    }
    return st;
  };
  let rv = cluster.store.rv();
  for (const g of initial) {
    if (table) ctx.io.out(stream(g.info).print(g.objects, ctx.now(), events ? 'ADDED' : undefined));
    else printObjects(ctx, g.objects, fmt, false);
  }
  const rt = String(f['request-timeout'] ?? '0');
  const timeoutMs = rt && rt !== '0' ? parseDuration(/^\d+$/.test(rt) ? rt + 's' : rt) : 0;
  const started = Date.now();
  for (;;) {
    const changes = cluster.store.changesSince(rv, 500);
    for (const c of changes) {
      rv = c.rv;
      const t = targets.find((x) => x.info.resource === c.resource);
      if (!t) continue;
      const o = c.object;
      if (t.names.length && !t.names.includes(o.metadata.name!)) continue;
      if (!allNs && t.info.namespaced && (o.metadata.namespace ?? '') !== ctx.namespace) continue;
      if (ls && !sel.matchLabels(ls, o.metadata.labels ?? {})) continue;
      if (fs && !sel.matchFieldSelector(fs, o, c.resource)) continue;
      if (table) ctx.io.out(stream(t.info).print([o], ctx.now(), events ? c.type : undefined));
      else printObjects(ctx, [o], fmt, true);
    }
    if (timeoutMs && Date.now() - started >= timeoutMs) return;
    if (changes.length < 500) await new Promise((r) => setTimeout(r, 100));
  }
}
