// kctl cluster-info: where the control plane and cluster services are.

import type { Ctx } from './context';

export function run(ctx: Ctx): void {
  const { paths, api } = ctx.cluster();
  const color = ctx.io.isTTY && !process.env.NO_COLOR;
  const green = (s: string) => (color ? `\x1b[0;32m${s}\x1b[0m` : s);
  const yellow = (s: string) => (color ? `\x1b[0;33m${s}\x1b[0m` : s);
  ctx.io.out(`${green('Kubernetes control plane')} is running at ${yellow(`file://${paths.stateFile}`)} (in-process API server)\n`);
  const dns = api.tryGet('services', 'kube-system', 'kube-dns');
  if (dns) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { readRuntime } = require('../agent/runtime') as typeof import('../agent/runtime');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { runningAgent } = require('./proxy') as typeof import('./proxy');
    const rt = runningAgent(paths.home) ? readRuntime(paths.home) : undefined;
    const addr = rt?.dns;
    ctx.io.out(`${green('CoreDNS')} is running at ${yellow(addr ? `${addr} (service kube-dns, ${dns.spec.clusterIP}:53; dig @${addr.split(':')[0]} -p ${addr.split(':')[1]} NAME)` : `${dns.spec.clusterIP}:53 (served by the node agent, which is not running: kctl proxy --background)`)}\n`);
    if (rt?.gateway) ctx.io.out(`${green('Cluster gateway')} is running at ${yellow(`http://${rt.gateway}`)} (HTTP proxy and CONNECT to ClusterIPs, pod IPs and service names)\n`);
  }
  ctx.io.out(`\nTo further debug and diagnose cluster problems, use 'kctl cluster-info dump'.\n`);
}
