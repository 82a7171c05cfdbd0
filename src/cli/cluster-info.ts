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
    const addr = api.store.getMeta('dnsAddress');
    ctx.io.out(`${green('CoreDNS')} is running at ${yellow(addr ? `${addr} (service kube-dns, ${dns.spec.clusterIP}:53)` : `${dns.spec.clusterIP}:53 (served by the node agent: kctl proxy)`)}\n`);
  }
  ctx.io.out(`\nTo further debug and diagnose cluster problems, use 'kctl cluster-info dump'.\n`);
}
