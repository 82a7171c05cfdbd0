// kctl run: a Pod as modern kubectl makes it; the 2019 form `run NAME --image=... --replicas=N`
// makes a Deployment (as kubectl ≤ 1.17 did), saying so on stderr. Attached runs (-it, --rm)
// need the node agent and come with it.

import { CliError } from '../api/errors';
import type { Ctx } from './context';
import { dryRunMode } from './output';
import { createGenerated } from './create';
import * as g from '../generators';
import { parseDuration } from './flags';

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  const base: g.RunOptions = {
    name: ctx.args[0], args: ctx.args.slice(1),
    image: ctx.changed.has('image') ? f.image : undefined, port: f.port, labels: f.labels, env: f.env,
    annotations: f.annotations, restart: f.restart, command: f.command, imagePullPolicy: f['image-pull-policy'],
    privileged: f.privileged, stdin: f.stdin, tty: f.tty, leaveStdinOpen: f['leave-stdin-open'],
    attach: ctx.changed.has('attach') ? f.attach : undefined, rm: f.rm, expose: f.expose, dryRun: dryRunMode(ctx),
    podRunningTimeout: f['pod-running-timeout'], overrides: f.overrides, overrideType: f['override-type'],
    namespace: ctx.namespaceExplicit ? ctx.namespace : undefined,
  };
  if (ctx.changed.has('replicas')) {
    const obj = g.generateRunDeployment({ ...base, replicas: f.replicas });
    ctx.io.err(`kctl run --replicas: created a Deployment (the behaviour of kubectl run before v1.18; today use "kctl create deployment ${base.name} --image=${base.image} --replicas=${f.replicas}")\n`);
    createGenerated(ctx, obj);
    return;
  }
  g.validateRun(base);
  const pod = g.generateRunPod(base);
  const attach = base.attach ?? !!base.stdin;
  if (base.expose) createGenerated(ctx, g.generateRunService(base));
  if (!attach) {
    createGenerated(ctx, pod);
    return;
  }
  return runAttached(ctx, pod, base);
}

/**
 * kubectl run -i/-t/--attach [--rm]: the pod is created, the agent runs it, and the session — the
 * container's command (a shell for busybox/cirros/alpine) — runs here, attached to this terminal,
 * in the pod's context (sandbox, env, toolbox, cluster gateway and DNS). --rm deletes the pod after.
 */
async function runAttached(ctx: Ctx, generated: any, base: g.RunOptions): Promise<void> {
  const cluster = ctx.cluster();
  const ns = ctx.namespace;
  const created = cluster.api.create('pods', ns, { ...generated, metadata: { ...generated.metadata, namespace: ns } });
  const name = created.metadata.name!;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { autostart } = require('./proxy') as typeof import('./proxy');
  autostart(cluster.paths.home, (s) => ctx.io.err(s));
  const spec = created.spec.containers[0];
  const timeoutMs = parseDuration(String(ctx.flags['pod-running-timeout'] ?? '1m0s'));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const pc = require('./podctx') as typeof import('./podctx');
  let pod: any;
  try {
    pod = await pc.waitRunning(ctx, ns, name, spec.name, timeoutMs);
  } catch (e) {
    await cleanup(ctx, name, base);
    throw e;
  }
  const command = pc.sessionCommand(spec);
  if (!command) {
    await cleanup(ctx, name, base);
    throw new CliError(`kctl runs attached sessions locally: give "${spec.image}" a command (kctl run -it ${name} --image=${spec.image} -- COMMAND), or follow its output with "kctl logs -f ${name}"`);
  }
  if (base.tty) ctx.io.err("If you don't see a command prompt, try pressing enter.\n");
  const status = pc.runInPod(ctx, pod, spec, command, !!base.stdin);
  if (base.rm) await cleanup(ctx, name, base);
  else {
    pc.endSession(ctx, pod, spec.name, status);
    ctx.io.err(`Session ended, resume using 'kctl attach ${name} -c ${spec.name} -i -t' command when the pod is running\n`);
  }
  if (status !== 0) throw new CliError('', { raw: true, exitCode: status });
}

async function cleanup(ctx: Ctx, name: string, base: g.RunOptions): Promise<void> {
  if (!base.rm) return;
  const cluster = ctx.cluster();
  const ns = ctx.namespace;
  try {
    const after = cluster.api.delete('pods', ns, name, {});
    ctx.io.out(`pod "${name}" deleted\n`);
    const deadline = Date.now() + 35_000;
    while (after.metadata.deletionTimestamp && cluster.api.tryGet('pods', ns, name)?.metadata.uid === after.metadata.uid && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (e) {
    if ((e as any).reason !== 'NotFound') throw e;
  }
}
