// The context a command runs in when kctl runs it "inside" a pod from the CLI (`kctl exec`,
// `kctl run -it`): the pod's sandbox directory, the environment its containers get (the toolbox on
// PATH, the cluster gateway and DNS of the running agent, the kubelet's container env), and the
// exit-code conventions of kubectl exec.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { KObject } from '../api/types';
import { CliError } from '../api/errors';
import type { Ctx } from './context';

export function podProcessContext(ctx: Ctx, pod: KObject, spec: any): { env: Record<string, string>; cwd: string } {
  const { store, paths } = ctx.cluster();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const rtm = require('../agent/runtime') as typeof import('../agent/runtime');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { containerEnv } = require('../agent/kubelet') as typeof import('../agent/kubelet');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { lookupImage } = require('../agent/images/catalogue') as typeof import('../agent/images/catalogue');
  const rt = rtm.readRuntime(paths.home);
  const ns = pod.metadata.namespace!;
  const env: Record<string, string> = {
    ...rtm.sandboxEnv({
      home: paths.home, name: pod.metadata.name!, namespace: ns, uid: pod.metadata.uid!, node: pod.spec?.nodeName ?? '',
      podIP: pod.status?.podIP, gateway: rt?.gateway, dns: rt?.dns,
    }),
    TERM: process.env.TERM ?? 'xterm',
    ...containerEnv(pod, spec, {
      services: store.list('services'), configMaps: store.list('configmaps', ns), secrets: store.list('secrets', ns),
      podIP: pod.status?.podIP, hostIP: pod.status?.hostIP,
    }),
  };
  const rp = rt?.pods?.find((p) => p.uid === pod.metadata.uid);
  const c = rp?.containers?.find((x) => x.name === spec.name && (x.kind ?? 'app') === 'app');
  if (c?.ports) {
    const first = Object.keys(c.ports)[0];
    if (first) env.PORT = String(c.ports[first]);
    for (const [cp, real] of Object.entries(c.ports)) env[`KCTL_PORT_${cp}`] = String(real);
  }
  if (lookupImage(spec.image ?? '')?.module === 'toolbox') env.PS1 = '/ # ';
  const sandbox = rtm.podDirs(paths.home, ns, pod.metadata.name!, pod.metadata.uid!).sandbox;
  return { env, cwd: fs.existsSync(sandbox) ? sandbox : paths.home };
}

/** Run a command in a pod's context with kubectl exec's error messages; returns its exit status. */
export function runInPod(ctx: Ctx, pod: KObject, spec: any, command: string[], stdin: boolean): number {
  const { env, cwd } = podProcessContext(ctx, pod, spec);
  const r = spawnSync(command[0], command.slice(1), { stdio: [stdin ? 'inherit' : 'ignore', 'inherit', 'inherit'], env, cwd });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    ctx.io.err(`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": ${code === 'ENOENT' ? 'executable file not found in $PATH' : r.error.message}: unknown\n`);
    throw new CliError('', { raw: true, exitCode: 1 });
  }
  return r.status ?? 128 + 9;
}
