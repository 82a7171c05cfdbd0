// kctl wait --for=condition=X[=value] | delete | create | jsonpath='{...}'[=value], with --timeout.

import { CliError, StatusError, silentFailure, formatError } from '../api/errors';
import { kindGroupName, resourceGroupName, KindInfo } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { parseDuration } from './flags';
import { parseTargets } from './resource';

type Cond =
  | { kind: 'condition'; type: string; value: string }
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'jsonpath'; expr: string; value?: string };

export function parseFor(v: string): Cond {
  const lower = v.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    const rest = v.slice('condition='.length);
    const eq = rest.indexOf('=');
    return eq >= 0 ? { kind: 'condition', type: rest.slice(0, eq), value: rest.slice(eq + 1) } : { kind: 'condition', type: rest, value: 'true' };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = v.slice('jsonpath='.length);
    // '{.a.b}=value' or '{.a.b}' (existence)
    const close = rest.lastIndexOf('}');
    if (!rest.startsWith('{') || close < 0) throw new CliError(`unrecognized condition: "${v}"`);
    const expr = rest.slice(0, close + 1);
    const tail = rest.slice(close + 1);
    if (tail && !tail.startsWith('=')) throw new CliError(`jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`);
    return tail ? { kind: 'jsonpath', expr, value: tail.slice(1) } : { kind: 'jsonpath', expr };
  }
  throw new CliError(`unrecognized condition: "${v}"`);
}

function conditionMet(obj: KObject, c: Cond): boolean {
  switch (c.kind) {
    case 'condition': {
      const conds: any[] = obj.status?.conditions ?? [];
      const hit = conds.find((x) => String(x.type).toLowerCase() === c.type.toLowerCase());
      if (!hit) return false;
      if (obj.metadata.generation !== undefined && hit.observedGeneration !== undefined && hit.observedGeneration < obj.metadata.generation) return false;
      return String(hit.status).toLowerCase() === c.value.toLowerCase();
    }
    case 'jsonpath': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const jp = require('../printers/jsonpath') as typeof import('../printers/jsonpath');
      let out: string;
      try { out = jp.executeJsonPath(c.expr, obj, { allowMissingKeys: false }); } catch { return false; }
      return c.value === undefined ? out !== '' : out === c.value;
    }
    default: return false;
  }
}

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  const cond = parseFor(String(f.for ?? ''));
  const timeoutMs = parseDuration(String(f.timeout ?? '30s'));
  const api = ctx.cluster().api;
  const allNs = !!f['all-namespaces'];
  if (ctx.args.length === 0 && !(f.filename?.length)) throw new CliError('resource(s) were provided, but no name was specified');
  const targets = parseTargets(ctx.args);
  const deadline = Date.now() + timeoutMs;
  // what to wait on: named objects, or everything matching -l / --all at the start
  const watched: { info: KindInfo; ns: string; name: string }[] = [];
  const selecting = !!(f.selector || f.all || f['field-selector']);
  const resolve = (): void => {
    for (const t of targets) {
      if (t.names.length) {
        for (const n of t.names) if (!watched.some((w) => w.info === t.info && w.name === n)) watched.push({ info: t.info, ns: ctx.namespace, name: n });
      } else if (selecting) {
        const list = api.list(t.info.resource, allNs ? undefined : ctx.namespace, { labelSelector: f.selector || undefined, fieldSelector: f['field-selector'] || undefined });
        for (const o of list.items) {
          if (!watched.some((w) => w.info === t.info && w.name === o.metadata.name && w.ns === (o.metadata.namespace ?? ''))) {
            watched.push({ info: t.info, ns: o.metadata.namespace ?? '', name: o.metadata.name! });
          }
        }
      } else throw new CliError('resource(s) were provided, but no name was specified');
    }
  };
  resolve();
  const errors: string[] = [];
  if (cond.kind !== 'create' && cond.kind !== 'delete') {
    // a named object that does not exist is an error at once, as kubectl's first GET reports it
    for (let i = watched.length - 1; i >= 0; i--) {
      const w = watched[i];
      if (!api.tryGet(w.info.resource, w.ns, w.name)) {
        errors.unshift(formatError(new StatusError('NotFound', `${resourceGroupName(w.info)} "${w.name}" not found`)));
        watched.splice(i, 1);
      }
    }
  }
  if (watched.length === 0 && errors.length === 0) {
    if (cond.kind === 'delete') return;
    throw new CliError('no matching resources found');
  }
  const pending = new Set(watched.map((_, i) => i));
  for (;;) {
    for (const i of [...pending]) {
      const w = watched[i];
      const obj = api.tryGet(w.info.resource, w.ns, w.name);
      let done = false;
      if (cond.kind === 'delete') done = !obj;
      else if (cond.kind === 'create') done = !!obj;
      else if (obj) done = conditionMet(obj, cond);
      if (done) {
        ctx.io.out(`${kindGroupName(w.info)}/${w.name} condition met\n`);
        pending.delete(i);
      }
    }
    if (pending.size === 0) break;
    if (Date.now() >= deadline) {
      for (const i of pending) {
        const w = watched[i];
        errors.push(`error: timed out waiting for the condition on ${resourceGroupName(w.info)}/${w.name}`);
      }
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
}
