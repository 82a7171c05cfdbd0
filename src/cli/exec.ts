// kctl exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [args...]: runs the command locally in the
// pod's context — its container's working directory and environment (the kubelet's env, HOSTNAME,
// the pod's virtual IP) — and ends with the command's exit code, as kubectl exec does.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, StatusError } from '../api/errors';
import type { Ctx } from './context';

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  const before = ctx.dashArgs ? ctx.args.slice(0, ctx.args.length - ctx.dashArgs.length) : ctx.args.slice(0, 1);
  const command = ctx.dashArgs ?? ctx.args.slice(1);
  if (before.length === 0) throw new CliError('pod, type/name or --filename must be specified');
  if (command.length === 0) throw new CliError('you must specify at least one command for the container');
  const arg = before[0];
  const name = arg.startsWith('pod/') || arg.startsWith('pods/') ? arg.slice(arg.indexOf('/') + 1) : arg;
  const { api, store, paths } = ctx.cluster();
  const pod = api.get('pods', ctx.namespace, name);
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const cname = f.container || names[0];
  const spec = (pod.spec?.containers ?? []).find((c: any) => c.name === cname);
  if (!spec) throw new StatusError('BadRequest', `container ${cname} is not valid for pod ${pod.metadata.name}`);
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
    throw new StatusError('BadRequest', `cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  }
  const st = (pod.status?.containerStatuses ?? []).find((c: any) => c.name === cname);
  if (!st?.state?.running) throw new StatusError('BadRequest', `container ${cname} is not running`);
  if (!f.container && names.length > 1) ctx.io.err(`Defaulted container "${cname}" out of: ${names.join(', ')}\n`);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { containerEnv } = require('../agent/kubelet') as typeof import('../agent/kubelet');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', TERM: process.env.TERM ?? 'xterm',
    HOSTNAME: pod.metadata.name!, KCTL_POD_IP: pod.status?.podIP ?? '', KCTL_POD_NAMESPACE: pod.metadata.namespace!,
    KCTL_NODE_NAME: pod.spec?.nodeName ?? '', KCTL_HOME: paths.home,
    ...containerEnv(pod, spec, {
      services: store.list('services'), configMaps: store.list('configmaps', pod.metadata.namespace), secrets: store.list('secrets', pod.metadata.namespace),
      podIP: pod.status?.podIP, hostIP: pod.status?.hostIP,
    }),
  };
  const dir = path.join(paths.home, 'logs', `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`, cname);
  const r = spawnSync(command[0], command.slice(1), { stdio: [f.stdin ? 'inherit' : 'ignore', 'inherit', 'inherit'], env, cwd: fs.existsSync(dir) ? dir : paths.home });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    ctx.io.err(`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": ${code === 'ENOENT' ? 'executable file not found in $PATH' : r.error.message}: unknown\n`);
    throw new CliError('', { raw: true, exitCode: 1 });
  }
  const status = r.status ?? 128 + 9;
  if (status !== 0) {
    ctx.io.err(`command terminated with exit code ${status}\n`);
    throw new CliError('', { raw: true, exitCode: status });
  }
}
