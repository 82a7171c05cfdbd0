// `kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class] [--default-backend] [--annotation]`
// (kubectl/pkg/cmd/create/create_ingress.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { CommonOptions, intstrParse, objectMeta } from './common';

export interface CreateIngressOptions extends CommonOptions {
  name: string;
  /** --rule values (StringArray) */
  rule?: string[];
  /** --annotation values (StringArray), `key=value` */
  annotation?: string[];
  /** --class */
  class?: string;
  /** --default-backend `svc:port` */
  defaultBackend?: string;
}

// Go's \w is ASCII [0-9A-Za-z_]; the pattern is not anchored at the end.
const RULE_RE = /^(?<host>[\w*\-.]*)(?<path>\/.*)=(?<svcname>[\w-]+):(?<svcport>[\w-]+)(,(?<istls>tls)=?(?<secretname>[\w-]+)?)?/;

function backend(service: string): Record<string, unknown> {
  const parts = service.split(':');
  const name = parts[0];
  const port = parts[1];
  if (port === undefined) throw new CliError('runtime error: index out of range [1] with length 1');
  const p = intstrParse(port);
  return { service: { name, port: typeof p === 'number' ? { number: p } : { name: p } } };
}

function httpPath(pathsvc: string): Record<string, unknown> {
  const parts = pathsvc.split('=');
  let path = '/' + parts[0];
  const service = parts[1];
  let pathType = 'Exact';
  if (path.endsWith('*')) {
    pathType = 'Prefix';
    path = path.slice(0, -1);
  }
  return { path, pathType, backend: backend(service) };
}

export function generateIngress(o: CreateIngressOptions): KObject {
  const rules = o.rule ?? [];
  const annotations = o.annotation ?? [];
  const defaultBackend = o.defaultBackend ?? '';
  // Validate()
  if (!defaultBackend && rules.length === 0) {
    throw new CliError('not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
  }
  for (const r of rules) {
    if (!RULE_RE.test(r)) throw new CliError(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
  }
  for (const a of annotations) {
    if (!a.includes('=')) throw new CliError(`annotation ${a} is invalid and should be in format key=[value]`);
  }
  if (defaultBackend && defaultBackend.split(':').length !== 2) {
    throw new CliError('default-backend should be in format servicename:serviceport');
  }

  const ann: Record<string, string> = {};
  for (const a of annotations) {
    const i = a.indexOf('=');
    ann[a.slice(0, i)] = a.slice(i + 1);
  }

  const spec: Record<string, unknown> = {};
  if (o.class) spec.ingressClassName = o.class;
  if (defaultBackend) spec.defaultBackend = backend(defaultBackend);

  // buildTLSRules
  const tls: { hosts?: string[]; secretName?: string }[] = [];
  const hostSeen = new Set<string>();
  for (const r of rules) {
    const parts = r.split(',');
    if (parts.length !== 2) continue;
    const host = r.split('/')[0];
    const secretParts = parts[1].split('=');
    const secret = secretParts.length > 1 ? secretParts[1] : '';
    if (hostSeen.has(host)) continue;
    const idx = tls.findIndex((t) => (t.secretName ?? '') === secret);
    if (idx > -1) {
      (tls[idx].hosts ??= []).push(host);
      hostSeen.add(host);
      continue;
    }
    const t: { hosts?: string[]; secretName?: string } = {};
    if (host) t.hosts = [host];
    if (secret) t.secretName = secret;
    if (t.secretName || t.hosts) tls.push(t);
    hostSeen.add(host);
  }
  if (tls.length) spec.tls = tls;

  // buildIngressRules
  const irules: { host?: string; http: { paths: unknown[] } }[] = [];
  for (const r of rules) {
    const removeTLS = r.split(',')[0];
    const slash = removeTLS.indexOf('/');
    const host = removeTLS.slice(0, slash);
    const p = httpPath(removeTLS.slice(slash + 1));
    const idx = irules.findIndex((x) => (x.host ?? '') === host);
    if (idx > -1) {
      irules[idx].http.paths.push(p);
      continue;
    }
    const ir: { host?: string; http: { paths: unknown[] } } = host ? { host, http: { paths: [p] } } : { http: { paths: [p] } };
    irules.push(ir);
  }
  if (irules.length) spec.rules = irules;

  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: objectMeta(o.name, { namespace: o.namespace, annotations: ann }),
    spec,
    status: { loadBalancer: {} },
  };
}
