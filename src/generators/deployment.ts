// `kubectl create deployment NAME --image=... [--port] [--replicas] [-- COMMAND args]`
// (kubectl/pkg/cmd/create/create_deployment.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { CommonOptions, defaultRandomString, objectMeta } from './common';

export interface CreateDeploymentOptions extends CommonOptions {
  name: string;
  /** --image values (a StringSlice: the caller splits on commas). undefined = flag not given. */
  image?: string[];
  /** --port (default -1 = none) */
  port?: number;
  /** -r/--replicas (default 1) */
  replicas?: number;
  /** arguments after `--` following NAME */
  command?: string[];
  /** rand.String for the suffix of sanitized container names (default: Math.random over kubectl's alphabet) */
  randomString?: (n: number) => string;
}

/**
 * The container name kubectl derives from an image: last path segment, without tag or digest;
 * '_' and '.' become '-' and then a random 5-character suffix is added.
 */
export function containerNameFromImage(image: string, randomString: (n: number) => string = defaultRandomString): string {
  const segs = image.split('/');
  let name = segs[segs.length - 1];
  if (name.includes(':')) name = name.split(':')[0];
  if (name.includes('@')) name = name.split('@')[0];
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${randomString(5)}`;
  return name;
}

export function generateDeployment(o: CreateDeploymentOptions): KObject {
  if (o.image === undefined) throw new CliError('required flag(s) "image" not set');
  const command = o.command && o.command.length ? o.command : undefined;
  if (o.image.length > 1 && command) throw new CliError('cannot specify multiple --image options and command');
  const rand = o.randomString ?? defaultRandomString;
  const labels = { app: o.name };
  const containers: Record<string, unknown>[] = o.image.map((image) => {
    const c: Record<string, unknown> = { name: containerNameFromImage(image, rand), image };
    if (command) c.command = [...command];
    c.resources = {};
    return c;
  });
  const port = o.port ?? -1;
  if (port >= 0 && containers.length > 0) {
    const c0 = containers[0];
    const { resources, ...rest } = c0;
    for (const k of Object.keys(c0)) delete c0[k];
    Object.assign(c0, rest, { ports: [{ containerPort: port }], resources });
  }
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: objectMeta(o.name, { namespace: o.namespace, labels }),
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { creationTimestamp: null, labels: { ...labels } },
        spec: { containers },
      },
      strategy: {},
    },
    status: {},
  };
}
