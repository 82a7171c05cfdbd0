// The context a command runs in when kctl runs it "inside" a pod from the CLI (`kctl exec`,
// `kctl run -it`): the pod's sandbox directory, the environment its containers get (the toolbox on
// PATH, the cluster gateway and DNS of the running agent, the kubelet's container env), and the
// exit-code conventions of kubectl exec.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { KObject } from '../api/types';
import { CliError } from '../api/errors';
import { resolveKind } from './resource';
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

/**
 * The pod a command aims at: POD, pod/NAME, or TYPE/NAME (a workload or a service: one of the pods
 * its selector matches, running and ready ones first, as kubectl's attachablePodForObject).
 */
export function podFor(ctx: Ctx, arg: string): KObject {
  const api = ctx.cluster().api;
  const slash = arg.indexOf('/');
  if (slash < 0) return api.get('pods', ctx.namespace, arg);
  const info = resolveKind(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (info.resource === 'pods') return api.get('pods', ctx.namespace, name);
  const owner = api.get(info.resource, ctx.namespace, name);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const sel = require('../api/selectors') as typeof import('../api/selectors');
  const s = sel.labelSelectorFromObject(owner.spec?.selector?.matchLabels || owner.spec?.selector?.matchExpressions ? owner.spec.selector : { matchLabels: owner.spec?.selector ?? {} });
  const rank = (p: KObject) => (p.metadata.deletionTimestamp ? 3 : p.status?.phase !== 'Running' ? 2
    : (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True') ? 0 : 1);
  const pods = api.list('pods', ctx.namespace).items.filter((p) => sel.matchesLabelSelector(s as any, p.metadata.labels ?? {}))
    .sort((a, b) => rank(a) - rank(b) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  if (pods.length === 0) throw new CliError(`no pods found for ${arg}`);
  return pods[0];
}

/** Wait until the pod's container runs (or it cannot: image pull, crash loop, timeout). */
export async function waitRunning(ctx: Ctx, ns: string, name: string, container: string, timeoutMs: number): Promise<KObject> {
  const api = ctx.cluster().api;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pod = api.get('pods', ns, name);
    const st = (pod.status?.containerStatuses ?? []).find((c: any) => c.name === container);
    if (st?.state?.running) return pod;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      throw new CliError(`cannot attach a container in a completed pod; current phase is ${pod.status.phase}`);
    }
    const waiting = st?.state?.waiting;
    if (['ErrImagePull', 'ImagePullBackOff', 'CrashLoopBackOff', 'RunContainerError'].includes(waiting?.reason) || Date.now() > deadline) {
      throw new CliError(waiting?.reason && waiting.reason !== 'ContainerCreating'
        ? `pod ${ns}/${name} failed to start: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` : 'timed out waiting for the condition');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The command an attached session runs: the container's command and args, or a toolbox image's shell. */
export function sessionCommand(spec: any): string[] | undefined {
  const command: string[] = [...(spec.command ?? []), ...(spec.args ?? [])];
  if (command.length) return command;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { lookupImage } = require('../agent/images/catalogue') as typeof import('../agent/images/catalogue');
  return lookupImage(spec.image ?? '')?.module === 'toolbox' ? ['/bin/sh'] : undefined;
}

/**
 * An attached session ended with `code`: the pod's placeholder container exits with it (the agent
 * then applies restartPolicy and reports Completed/Error, as for a real container whose shell ended).
 */
export function endSession(ctx: Ctx, pod: KObject, container: string, code: number): void {
  const { paths } = ctx.cluster();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const rtm = require('../agent/runtime') as typeof import('../agent/runtime');
  const sandbox = rtm.podDirs(paths.home, pod.metadata.namespace!, pod.metadata.name!, pod.metadata.uid!).sandbox;
  try { fs.writeFileSync(`${sandbox}/.kctl-session-exit`, String(code)); } catch { return; }
  const c = rtm.readRuntime(paths.home)?.pods?.find((p) => p.uid === pod.metadata.uid)?.containers?.find((x) => x.name === container && (x.kind ?? 'app') === 'app');
  if (c?.pid && rtm.sameProcess(c.pid, c.procStart)) {
    try { process.kill(-c.pid, 'SIGTERM'); } catch { /* gone */ }
  }
}
