// kctl run: a Pod as modern kubectl makes it; the 2019 form `run NAME --image=... --replicas=N`
// makes a Deployment (as kubectl ≤ 1.17 did), saying so on stderr. Attached runs (-it, --rm)
// need the node agent and come with it.

import { CliError } from '../api/errors';
import type { Ctx } from './context';
import { dryRunMode } from './output';
import { createGenerated } from './create';
import * as g from '../generators';

export function run(ctx: Ctx): void {
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
  if (base.stdin || base.tty || base.attach || base.rm) {
    throw new CliError('attached runs (-i, -t, --attach, --rm) need the node agent, which this version of kctl does not have yet');
  }
  const pod = g.generateRunPod(base);
  if (base.expose) createGenerated(ctx, g.generateRunService(base));
  createGenerated(ctx, pod);
}
