// kctl exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [args...]: runs the command locally in the
// pod's context — its container's working directory and environment (the kubelet's env, HOSTNAME,
// the pod's virtual IP) — and ends with the command's exit code, as kubectl exec does.

import { CliError, StatusError } from '../api/errors';
import type { Ctx } from './context';
import { runInPod } from './podctx';

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  const before = ctx.dashArgs ? ctx.args.slice(0, ctx.args.length - ctx.dashArgs.length) : ctx.args.slice(0, 1);
  const command = ctx.dashArgs ?? ctx.args.slice(1);
  if (before.length === 0) throw new CliError('pod, type/name or --filename must be specified');
  if (command.length === 0) throw new CliError('you must specify at least one command for the container');
  const arg = before[0];
  const name = arg.startsWith('pod/') || arg.startsWith('pods/') ? arg.slice(arg.indexOf('/') + 1) : arg;
  const { api } = ctx.cluster();
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
  const status = runInPod(ctx, pod, spec, command, !!f.stdin);
  if (status !== 0) {
    ctx.io.err(`command terminated with exit code ${status}\n`);
    throw new CliError('', { raw: true, exitCode: status });
  }
}
