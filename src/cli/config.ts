// kctl config view | current-context | get-contexts | use-context: one context, `kctl`.

import { CliError } from '../api/errors';
import type { Ctx } from './context';
import { formatLines } from '../printers/table';

export const CONTEXT = 'kctl';

function kubeconfig(ctx: Ctx) {
  const { paths } = ctx.cluster();
  return {
    apiVersion: 'v1',
    clusters: [{ cluster: { server: `file://${paths.stateFile}` }, name: CONTEXT }],
    contexts: [{ context: { cluster: CONTEXT, user: CONTEXT }, name: CONTEXT }],
    'current-context': CONTEXT,
    kind: 'Config',
    preferences: {},
    users: [{ name: CONTEXT, user: {} }],
  };
}

export function run(ctx: Ctx): void {
  const sub = ctx.path[1];
  if (sub === 'current-context') { ctx.io.out(CONTEXT + '\n'); return; }
  if (sub === 'use-context') {
    const name = ctx.args[0];
    if (!name) throw new CliError('Unexpected args: []\nSee \'kctl config use-context -h\' for help and examples');
    if (name !== CONTEXT) throw new CliError(`no context exists with the name: "${name}"`);
    ctx.io.out(`Switched to context "${CONTEXT}".\n`);
    return;
  }
  if (sub === 'get-contexts') {
    const wanted = ctx.args;
    for (const w of wanted) if (w !== CONTEXT) throw new CliError(`context ${w} not found`);
    if (ctx.flags.output === 'name') { ctx.io.out(CONTEXT + '\n'); return; }
    const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ['*', CONTEXT, CONTEXT, CONTEXT, '']];
    ctx.io.out(formatLines(ctx.flags['no-headers'] ? rows.slice(1) : rows));
    return;
  }
  // view
  const cfg = kubeconfig(ctx);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const p = require('../printers/output') as typeof import('../printers/output');
  const out = ctx.flags.output || 'yaml';
  if (out === 'json') ctx.io.out(p.toJSON(cfg as any));
  else if (out === 'yaml') ctx.io.out(p.toYAML(cfg as any));
  else if (out.startsWith('jsonpath=')) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jp = require('../printers/jsonpath') as typeof import('../printers/jsonpath');
    ctx.io.out(jp.executeJsonPath(out.slice('jsonpath='.length), cfg, { allowMissingKeys: true }));
  } else throw new CliError(`unable to match a printer suitable for the output format "${out}", allowed formats are: json,jsonpath,yaml`);
}
