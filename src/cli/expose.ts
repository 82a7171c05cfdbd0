// kctl expose: a Service for a deployment, replica set, replication controller, pod or service,
// with the selector and ports found as kubectl finds them.

import { CliError } from '../api/errors';
import type { Ctx } from './context';
import { createGenerated } from './create';
import { collectObjects } from './resource';
import * as g from '../generators';

export function run(ctx: Ctx): void {
  const f = ctx.flags;
  const { found, errors } = collectObjects(ctx, { emptyError: 'You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'' });
  if (errors.length) throw new CliError(errors[0].replace(/^error: /, ''), { raw: errors[0].startsWith('Error from server') });
  for (const { obj } of found) {
    g.checkCanBeExposed(obj);
    const svc = g.generateExposeService(obj, {
      port: f.port, protocol: f.protocol, targetPort: f['target-port'], name: f.name, type: f.type,
      clusterIp: f['cluster-ip'], sessionAffinity: f['session-affinity'], externalIp: f['external-ip'],
      loadBalancerIp: f['load-balancer-ip'], selector: f.selector, labels: f.labels, overrides: f.overrides,
      overrideType: f['override-type'], namespace: obj.metadata.namespace,
    });
    createGenerated(ctx, svc, 'exposed');
  }
}
