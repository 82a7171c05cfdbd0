// kctl attach POD [-c C] [-i] [-t]: joins an attached container's session. kctl runs sessions in
// the CLI's process (the pod's container holds its place), so attaching starts the container's
// command — its shell, for the toolbox images — here, in the pod's context; when it ends, the
// container ends with its exit code and restartPolicy decides what follows.

import { CliError, StatusError } from '../api/errors';
import type { Ctx } from './context';
import { parseDuration } from './flags';
import { endSession, podFor, runInPod, sessionCommand, waitRunning } from './podctx';

export async function run(ctx: Ctx): Promise<void> {
  if (ctx.args.length === 0) throw new CliError("expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 0: []\nSee 'kctl attach -h' for help and examples");
  const first = podFor(ctx, ctx.args[0]);
  const names: string[] = (first.spec?.containers ?? []).map((c: any) => c.name);
  const cname = ctx.flags.container || names[0];
  const spec = (first.spec?.containers ?? []).find((c: any) => c.name === cname);
  if (!spec) throw new StatusError('BadRequest', `container ${cname} is not valid for pod ${first.metadata.name}`);
  if (!ctx.flags.container && names.length > 1) ctx.io.err(`Defaulted container "${cname}" out of: ${names.join(', ')}\n`);
  const pod = await waitRunning(ctx, first.metadata.namespace!, first.metadata.name!, cname, parseDuration(String(ctx.flags['pod-running-timeout'] ?? '1m0s')));
  const command = spec.stdin ? sessionCommand(spec) : undefined;
  if (!command) {
    throw new CliError(`kctl attaches to sessions of containers with stdin (kctl run -it ...); follow the output of ${pod.metadata.name} with "kctl logs -f ${pod.metadata.name} -c ${cname}"`);
  }
  if (ctx.flags.tty && !ctx.flags.quiet) ctx.io.err("If you don't see a command prompt, try pressing enter.\n");
  const status = runInPod(ctx, pod, spec, command, !!ctx.flags.stdin);
  endSession(ctx, pod, cname, status);
  if (!ctx.flags.quiet) ctx.io.err(`Session ended, resume using 'kctl attach ${pod.metadata.name} -c ${cname} -i -t' command when the pod is running\n`);
  if (status !== 0) throw new CliError('', { raw: true, exitCode: status });
}
