// `kctl create <generator>`: parsed flags → the generator's options (file reading happens here,
// at the edge) → the object kubectl would send.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import * as g from '../generators';

/** --from-file / --from-env-file paths, read the way the generators expect. */
function loader(p: string): g.LoadedPath {
  try {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      const dir = fs.readdirSync(p, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort()
        .map((name) => ({ name, content: fs.readFileSync(path.join(p, name)) }));
      return { name: p, dir };
    }
    return { name: p, content: fs.readFileSync(p) };
  } catch (e: any) {
    return { name: p, error: e.code === 'EACCES' ? 'permission denied' : 'no such file or directory' };
  }
}

function readFlagFile(p: string): g.FileContent | { name: string; error: string } | undefined {
  if (!p) return undefined;
  try { return { name: p, content: fs.readFileSync(p) }; } catch (e: any) {
    return { name: p, error: e.code === 'EACCES' ? 'permission denied' : 'no such file or directory' };
  }
}

export function generate(ctx: Ctx): KObject {
  const key = ctx.path.join(' ');
  const spec = g.COMMAND_SPECS[key];
  if (spec) g.checkRequiredFlags(spec.flags, ctx.changed);
  const f = ctx.flags;
  const argsLenAtDash = ctx.dashArgs ? ctx.args.length - ctx.dashArgs.length : -1;
  const { name, command } = g.nameFromArgs(ctx.args, argsLenAtDash, ctx.cmdName);
  // kubectl stamps the namespace on generated objects only when it was given explicitly
  const namespace = ctx.namespaceExplicit ? ctx.namespace : undefined;
  switch (key) {
    case 'create deployment':
      return g.generateDeployment({ name, namespace, image: f.image, port: f.port, replicas: f.replicas, command });
    case 'create service clusterip':
    case 'create service nodeport':
    case 'create service loadbalancer':
    case 'create service externalname': {
      const type = ({ clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' } as const)[ctx.path[2] as 'clusterip'];
      return g.generateService({
        name, namespace, type, tcp: f.tcp, clusterip: ctx.changed.has('clusterip') ? f.clusterip : undefined,
        nodePort: f['node-port'], externalName: ctx.changed.has('external-name') ? f['external-name'] : undefined,
      });
    }
    case 'create namespace':
      return g.generateNamespace({ name });
    case 'create configmap':
      return g.generateConfigMap({
        name, namespace, fromFile: f['from-file'], fromLiteral: f['from-literal'], fromEnvFile: f['from-env-file'],
        appendHash: f['append-hash'], files: loader, env: process.env,
      });
    case 'create secret generic':
      return g.generateSecretGeneric({
        name, namespace, fromFile: f['from-file'], fromLiteral: f['from-literal'], fromEnvFile: f['from-env-file'],
        type: f.type, appendHash: f['append-hash'], files: loader, env: process.env,
      });
    case 'create secret tls':
      return g.generateSecretTLS({
        name, namespace, cert: readFlagFile(f.cert), key: readFlagFile(f.key), appendHash: f['append-hash'],
        validatePair: g.nodeValidateTLSPair,
      });
    case 'create secret docker-registry':
      return g.generateSecretDockerRegistry({
        name, namespace, dockerUsername: f['docker-username'], dockerPassword: f['docker-password'], dockerEmail: f['docker-email'],
        dockerServer: f['docker-server'], fromFile: f['from-file'], appendHash: f['append-hash'], files: loader,
      });
    case 'create ingress':
      return g.generateIngress({ name, namespace, rule: f.rule, annotation: f.annotation, class: f.class, defaultBackend: f['default-backend'] });
    case 'create job': {
      const o = { name, namespace, image: ctx.changed.has('image') ? f.image : undefined, from: f.from || undefined, command };
      if (o.from) {
        const slash = o.from.indexOf('/');
        const target = slash > 0 ? o.from.slice(slash + 1) : o.from;
        const cj = ctx.cluster().api.tryGet('cronjobs', ctx.namespace, target);
        return g.generateJobFromCronJob(o, cj ? [cj] : []);
      }
      return g.generateJob(o);
    }
    case 'create cronjob':
      return g.generateCronJob({
        name, namespace, image: ctx.changed.has('image') ? f.image : undefined,
        schedule: ctx.changed.has('schedule') ? f.schedule : undefined, restart: f.restart, command,
      });
    case 'create serviceaccount':
      return g.generateServiceAccount({ name, namespace });
    default:
      throw new CliError(`"${ctx.cmdName}" is not supported by this version of kctl`);
  }
}
