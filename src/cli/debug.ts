// kctl debug node/NAME -it --image=IMAGE [-- COMMAND]: a pod on that node, in the node's context
// (hostNetwork, hostPID, hostIPC, the host's / under /host — the pod kubectl v1.32 makes with the
// legacy profile), and an interactive session in it: the toolbox and the cluster gateway, with the
// node's address as the client's. The pod stays after the session, as with kubectl.
// Debugging a pod (ephemeral containers, --copy-to) is not supported.

import { CliError } from '../api/errors';
import type { Ctx } from './context';
import { endSession, runInPod, sessionCommand, waitRunning } from './podctx';

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

export async function run(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  const target = ctx.args[0];
  if (!target) throw new CliError('NAME is required for debug');
  if (!/^(node|nodes|no)\//.test(target)) {
    throw new CliError(`kctl debug supports nodes (kctl debug node/NAME -it --image=busybox); to look inside a pod use "kctl exec -it ${target.replace(/^pods?\//, '')} -- /bin/sh"`);
  }
  if (!f.image) throw new CliError('--image is required for node debugging');
  const cluster = ctx.cluster();
  const node = cluster.api.get('nodes', '', target.slice(target.indexOf('/') + 1));
  const nodeName = node.metadata.name!;
  const suffix = Array.from({ length: 5 }, () => ALNUM[Math.floor(Math.random() * ALNUM.length)]).join('');
  const name = `node-debugger-${nodeName}-${suffix}`;
  const cname = f.container || 'debugger';
  const command = ctx.dashArgs ?? [];
  const container: any = { image: f.image, name: cname, stdin: !!f.stdin, tty: !!f.tty, terminationMessagePolicy: 'File', volumeMounts: [{ mountPath: '/host', name: 'host-root' }] };
  if (command.length) container.command = command;
  const pod = cluster.api.create('pods', ctx.namespace, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ctx.namespace, labels: { 'app.kubernetes.io/managed-by': 'kubectl-debug' } },
    spec: {
      containers: [container], hostIPC: true, hostNetwork: true, hostPID: true, nodeName, restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }], volumes: [{ hostPath: { path: '/' }, name: 'host-root' }],
    },
  });
  if (!f.quiet) ctx.io.err(`Creating debugging pod ${name} with container ${cname} on node ${nodeName}.\n`);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { autostart } = require('./proxy') as typeof import('./proxy');
  autostart(cluster.paths.home, (s) => ctx.io.err(s));
  if (!f.stdin && !f.attach) return;
  const running = await waitRunning(ctx, ctx.namespace, name, cname, 60_000);
  const cmd = sessionCommand(container);
  if (!cmd) throw new CliError(`kctl runs debug sessions locally: give "${f.image}" a command (kctl debug ${target} -it --image=${f.image} -- COMMAND)`);
  if (f.tty && !f.quiet) ctx.io.err("If you don't see a command prompt, try pressing enter.\n");
  const status = runInPod(ctx, running, container, cmd, !!f.stdin);
  endSession(ctx, pod, cname, status);
  if (status !== 0) throw new CliError('', { raw: true, exitCode: status });
}
