// kctl api-resources / api-versions: the kind registry as the server's discovery shows it.

import { CliError } from '../api/errors';
import { KINDS, apiVersionOf } from '../api/kinds';
import type { Ctx } from './context';
import { formatLines } from '../printers/table';

export function run(ctx: Ctx): void {
  if (ctx.path[0] === 'api-versions') {
    const set = new Set<string>();
    for (const k of KINDS) {
      set.add(apiVersionOf(k));
      for (const v of k.servedVersions ?? []) set.add(k.group ? `${k.group}/${v}` : v);
    }
    set.add('events.k8s.io/v1');
    ctx.io.out([...set].sort().map((v) => v + '\n').join(''));
    return;
  }
  const f = ctx.flags;
  let kinds = [...KINDS];
  if (ctx.changed.has('namespaced')) kinds = kinds.filter((k) => k.namespaced === f.namespaced);
  if (ctx.changed.has('api-group')) kinds = kinds.filter((k) => k.group === f['api-group']);
  if (f.categories?.length) kinds = kinds.filter((k) => f.categories.every((c: string) => k.categories?.includes(c)));
  if (f.verbs?.length) kinds = kinds.filter((k) => f.verbs.every((v: string) => k.verbs?.includes(v)));
  if (f['sort-by'] === 'kind') kinds.sort((a, b) => a.kind.localeCompare(b.kind));
  else if (f['sort-by'] === 'name') kinds.sort((a, b) => a.resource.localeCompare(b.resource));
  else if (f['sort-by']) throw new CliError('--sort-by accepts only name or kind');
  const out = f.output as string;
  if (out === 'name') {
    ctx.io.out(kinds.map((k) => (k.group ? `${k.resource}.${k.group}` : k.resource) + '\n').join(''));
    return;
  }
  if (out && out !== 'wide') throw new CliError(`--output ${out} is not available`);
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'];
  if (out === 'wide') header.push('VERBS', 'CATEGORIES');
  const rows = kinds.map((k) => {
    const r = [k.resource, k.shortNames.join(','), apiVersionOf(k), String(k.namespaced), k.kind];
    if (out === 'wide') r.push(`[${(k.verbs ?? []).join(' ')}]`, (k.categories ?? []).join(','));
    return r;
  });
  ctx.io.out(formatLines(f['no-headers'] ? rows : [header, ...rows]));
}
