// `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME --tcp=port:targetPort ...`
// (kubectl/pkg/cmd/create/create_service.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { CommonOptions, atoi, goQuote, int32, isDNS1123Subdomain, isValidPortName, isValidPortNum, objectMeta } from './common';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface CreateServiceOptions extends CommonOptions {
  name: string;
  type: ServiceType;
  /** --tcp values (StringSlice) */
  tcp?: string[];
  /** --clusterip (clusterip only); 'None' = headless */
  clusterip?: string;
  /** --node-port (nodeport only) */
  nodePort?: number;
  /** --external-name (externalname only; required there). undefined = flag not given. */
  externalName?: string;
}

/** utilsnet.ParsePort(s, allowZero=true): strconv.ParseUint(s, 10, 16). */
function parsePort(s: string): number {
  if (!/^\d+$/.test(s)) throw new CliError(`strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new CliError(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return n;
}

/** create_service.go parsePorts: `port[:targetPort]` where targetPort is a number or a port name. */
export function parseServicePorts(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(':');
  const port = parsePort(parts[0]);
  if (parts.length === 1) return { port, targetPort: port };
  const t = parts[1];
  const n = atoi(t);
  if (n === undefined) {
    const errs = isValidPortName(t);
    if (errs.length) throw new CliError(errs.join(','));
    return { port, targetPort: t };
  }
  const errs = isValidPortNum(n);
  if (errs.length) throw new CliError(errs.join(','));
  return { port, targetPort: int32(n) };
}

export function generateService(o: CreateServiceOptions): KObject {
  if (o.type === 'ExternalName' && o.externalName === undefined) throw new CliError('required flag(s) "external-name" not set');
  const tcp = o.tcp ?? [];
  const clusterIP = o.clusterip ?? '';
  // Validate()
  if (clusterIP === 'None' && o.type !== 'ClusterIP') throw new CliError('ClusterIP=None can only be used with ClusterIP service type');
  if (clusterIP !== 'None' && tcp.length === 0 && o.type !== 'ExternalName') throw new CliError('at least one tcp port specifier must be provided');
  const externalName = o.externalName ?? '';
  if (o.type === 'ExternalName' && isDNS1123Subdomain(externalName).length) {
    throw new CliError(`invalid service external name ${externalName}`);
  }
  const nodePort = int32(o.nodePort ?? 0);
  const ports = tcp.map((s) => {
    const { port, targetPort } = parseServicePorts(s);
    const p: Record<string, unknown> = { name: s.replace(/:/g, '-'), protocol: 'TCP', port, targetPort };
    if (nodePort) p.nodePort = nodePort;
    return p;
  });
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = { app: o.name };
  if (clusterIP) spec.clusterIP = clusterIP;
  spec.type = o.type;
  if (externalName) spec.externalName = externalName;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: objectMeta(o.name, { namespace: o.namespace, labels: { app: o.name } }),
    spec,
    status: { loadBalancer: {} },
  };
}
