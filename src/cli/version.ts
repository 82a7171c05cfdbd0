// kctl version: client and server versions as kubectl prints them (-o yaml|json, --client).

import { CliError } from '../api/errors';
import type { Ctx } from './context';

export const KCTL_VERSION = '0.1.0';
export const KUBE_GIT_VERSION = 'v1.32.0';

function info(gitVersion: string) {
  return {
    buildDate: '2026-11-27T00:00:00Z', compiler: 'node', gitCommit: '', gitTreeState: 'clean', gitVersion,
    goVersion: process.version, major: '1', minor: '32', platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

export function run(ctx: Ctx): void {
  const client = !!ctx.flags.client;
  const out = ctx.flags.output as string;
  const clientVersion = `${KUBE_GIT_VERSION}+kctl-${KCTL_VERSION}`;
  const doc: Record<string, unknown> = { clientVersion: info(clientVersion) };
  if (!client) {
    ctx.cluster();
    doc.serverVersion = info(KUBE_GIT_VERSION);
  }
  if (out === 'yaml' || out === 'json') {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const p = require('../printers/output') as typeof import('../printers/output');
    ctx.io.out(out === 'yaml' ? p.toYAML(doc as any) : p.toJSON(doc as any));
    return;
  }
  if (out) throw new CliError('--output must be \'yaml\' or \'json\'');
  ctx.io.out(`Client Version: ${clientVersion}\n`);
  if (!client) ctx.io.out(`Server Version: ${KUBE_GIT_VERSION}\n`);
}
