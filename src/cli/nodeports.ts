// After a command that wrote Services: a NodePort that this cluster's agent does not hold and that
// is taken on 127.0.0.1 (another program, another kctl cluster) gets a warning naming the node
// addresses that do serve it (each cluster's nodes have their own loopback addresses).

import * as net from 'node:net';
import type { Cluster } from '../controlplane/cluster';

function taken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
    s.listen({ host: '127.0.0.1', port, exclusive: true }, () => s.close(() => resolve(false)));
  });
}

/** Checks the NodePort/LoadBalancer services written since resourceVersion `sinceRv` (this command's). */
export async function warnHeldNodePorts(cluster: Cluster, sinceRv: number, warn: (msg: string) => void): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { readRuntime } = require('../agent/runtime') as typeof import('../agent/runtime');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { runningAgent } = require('./proxy') as typeof import('./proxy');
  const ours = new Set(runningAgent(cluster.paths.home) ? readRuntime(cluster.paths.home)?.nodePorts ?? [] : []);
  const nodes = cluster.store.list('nodes').map((n) => n.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address).filter(Boolean);
  for (const svc of cluster.store.list('services')) {
    if (svc.spec?.type !== 'NodePort' && svc.spec?.type !== 'LoadBalancer') continue;
    if (Number(svc.metadata.resourceVersion) <= sinceRv) continue;
    for (const p of svc.spec.ports ?? []) {
      if (!p.nodePort || ours.has(`127.0.0.1:${p.nodePort}`)) continue;
      if (!(await taken(p.nodePort))) continue;
      warn(`NodePort ${p.nodePort} of service ${svc.metadata.namespace}/${svc.metadata.name} is in use on 127.0.0.1 by another program or kctl cluster; this cluster serves it on ${nodes.map((a) => `${a}:${p.nodePort}`).join(', ')}`);
    }
  }
}
