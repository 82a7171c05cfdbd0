// kctl edit: the object as YAML in $KUBE_EDITOR / $EDITOR (vi), saved back with an update;
// an invalid edit re-opens the file with the errors on top, as kubectl does.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CliError, StatusError, silentFailure, formatError, fieldErrorString } from '../api/errors';
import { kindGroupName, resourceGroupName } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { forDisplay, parseOutput, printObjects } from './output';
import { collectObjects, decodeStream } from './resource';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

function openEditor(file: string): void {
  const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
  const r = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
  if (r.error) throw new CliError(`unable to launch the editor "${editor}": ${r.error.message}`);
  if (r.status !== 0) throw new CliError(`there was a problem with the editor "${editor}"`);
}

function stripComments(text: string): string {
  return text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
}

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  const fmt = parseOutput(f.output, false);
  const { found, errors } = collectObjects(ctx);
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
  if (found.length === 0) return;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { toYAML, toJSON } = require('../printers/output') as typeof import('../printers/output');
  const api = ctx.cluster().api;
  const asJson = f.output === 'json';
  const originals = found.map((x) => forDisplay(x.obj));
  const doc: KObject = originals.length === 1 ? originals[0] : ({ apiVersion: 'v1', kind: 'List', items: originals, metadata: { resourceVersion: '' } } as any);
  const original = asJson ? toJSON(doc) : toYAML(doc);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-edit-'));
  const file = path.join(dir, `edit.${asJson ? 'json' : 'yaml'}`);
  let header = HEADER;
  let lastEdited: string | undefined;
  try {
    for (;;) {
      fs.writeFileSync(file, header + (lastEdited ?? original));
      openEditor(file);
      const edited = fs.readFileSync(file, 'utf8');
      const body = stripComments(edited);
      if (body.trim() === '') { ctx.io.err('Edit cancelled, no changes made.\n'); return; }
      if (lastEdited !== undefined && body === stripComments(lastEdited)) {
        const keep = path.join(os.tmpdir(), `kctl-edit-${process.pid}.${asJson ? 'json' : 'yaml'}`);
        fs.writeFileSync(keep, edited);
        ctx.io.err(`A copy of your changes has been stored to "${keep}"\n`);
        throw new CliError('Edit cancelled, no valid changes were saved.');
      }
      if (body === stripComments(original)) { ctx.io.err('Edit cancelled, no changes made.\n'); return; }
      const { objects, error } = decodeStream(body, file);
      const problems: string[] = [];
      if (error) problems.push(error.message);
      const results: KObject[] = [];
      if (!error) {
        objects.forEach((obj, idx) => {
          const src = found[idx] ?? found[0];
          try {
            const res = api.update(src.info.resource, src.obj.metadata.namespace ?? '', src.obj.metadata.name!, obj);
            results.push(res);
            if (fmt.kind === 'table') ctx.io.out(`${kindGroupName(src.info)}/${src.obj.metadata.name} ${res.metadata.resourceVersion === src.obj.metadata.resourceVersion ? 'skipped' : 'edited'}\n`);
          } catch (e) {
            if (e instanceof StatusError && e.reason === 'Invalid') {
              problems.push(`${resourceGroupName(src.info)} "${src.obj.metadata.name}" was not valid:\n${(e.details?.causes ?? []).map((c) => '* ' + fieldErrorString(c)).join('\n')}`);
            } else problems.push(formatError(e));
          }
        });
      }
      if (fmt.kind !== 'table' && results.length) printObjects(ctx, results, fmt, results.length === 1);
      if (problems.length === 0) return;
      header = HEADER + problems.map((p) => p.split('\n').map((l) => `# ${l}`).join('\n')).join('\n') + '\n#\n';
      lastEdited = edited.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
