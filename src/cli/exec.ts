// kctl exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [args...]: runs the command locally in the
// pod's context — its container's working directory and environment (the kubelet's env, HOSTNAME,
// the pod's virtual IP) — and ends with the command's exit code, as kubectl exec does.

import { CliError, StatusError } from '../api/errors';
import type { Ctx } from './context';
import { podFor, runInPod, waitRunning } from './podctx';
import { parseDuration } from './flags';

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  const before = ctx.dashArgs ? ctx.args.slice(0, ctx.args.length - ctx.dashArgs.length) : ctx.args.slice(0, 1);
  const command = ctx.dashArgs ?? ctx.args.slice(1);
  if (before.length === 0) throw new CliError('pod, type/name or --filename must be specified');
  if (command.length === 0) throw new CliError('you must specify at least one command for the container');
  const arg = before[0];
  const cluster = ctx.cluster();
  let pod = podFor(ctx, arg);
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const cname = f.container || names[0];
  const spec = (pod.spec?.containers ?? []).find((c: any) => c.name === cname);
  if (!spec) throw new StatusError('BadRequest', `container ${cname} is not valid for pod ${pod.metadata.name}`);
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
    throw new StatusError('BadRequest', `cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  }
  let st = (pod.status?.containerStatuses ?? []).find((c: any) => c.name === cname);
  if (!st?.state?.running && pod.status?.phase === 'Pending') {
    // the node agent runs containers: start it if none runs, and give the pod time to run
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { autostart, runningAgent } = require('./proxy') as typeof import('./proxy');
    autostart(cluster.paths.home, (m) => ctx.io.err(m));
    if (runningAgent(cluster.paths.home)) try {
      pod = await waitRunning(ctx, pod.metadata.namespace!, pod.metadata.name!, cname, parseDuration(String(f['pod-running-timeout'] ?? '1m0s')));
    } catch { /* reported below */ }
    st = (pod.status?.containerStatuses ?? []).find((c: any) => c.name === cname);
  }
  if (!st?.state?.running) throw new StatusError('BadRequest', `container ${cname} is not running`);
  if (!f.container && names.length > 1) ctx.io.err(`Defaulted container "${cname}" out of: ${names.join(', ')}\n`);
  const status = runInPod(ctx, pod, spec, command, !!f.stdin);
  if (status !== 0) {
    ctx.io.err(`command terminated with exit code ${status}\n`);
    throw new CliError('', { raw: true, exitCode: status });
  }
}
