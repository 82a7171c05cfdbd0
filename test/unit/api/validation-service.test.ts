import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateObject, validateUpdate } from '../../../src/api/validation';
import { applyDefaults } from '../../../src/api/defaults';
import { convertToStorage } from '../../../src/api/conversion';
import { fieldErrorString } from '../../../src/api/errors';
import { kindByResource } from '../../../src/api/kinds';
import { loadManifest, clone } from './seed-manifests';

const K = (r: string) => kindByResource(r)!;

function errs(o: any, resource: string): string[] {
  const c = clone(o);
  applyDefaults(c, K(resource));
  return validateObject(c, K(resource)).map(fieldErrorString);
}

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const svc = (spec: any, name = 'web') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

describe('Service', () => {
  const cases: [string, any, string[]][] = [
    ['valid ClusterIP', svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }), []],
    ['valid headless without ports', svc({ clusterIP: 'None', selector: { app: 'web' } }), []],
    ['valid ExternalName', svc({ type: 'ExternalName', externalName: 'db.example.com.' }), []],
    ['name is a DNS-1035 label (compat §4.2)', svc({ ports: [{ port: 80 }] }, '1web'), [`metadata.name: Invalid value: "1web": ${DNS1035}`]],
    ['port 0 (compat §4.2; targetPort defaults to it)', svc({ ports: [{ port: 0 }] }), [
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['port too big', svc({ ports: [{ port: 70000, targetPort: 80 }] }), ['spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['nodePort on ClusterIP (compat §4.2)', svc({ ports: [{ port: 80, nodePort: 30080 }] }), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    ['multi-port unnamed (compat §4.2)', svc({ ports: [{ name: 'http', port: 80 }, { port: 443 }] }), ['spec.ports[1].name: Required value']],
    ['duplicate port names (compat §4.2)', svc({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }), ['spec.ports[1].name: Duplicate value: "http"']],
    ['bad port name', svc({ ports: [{ name: 'HTTP', port: 80 }] }), [`spec.ports[0].name: Invalid value: "HTTP": ${LABEL}`]],
    ['no ports (compat §4.2)', svc({ selector: { app: 'web' } }), ['spec.ports: Required value']],
    ['duplicate port/protocol', svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), [
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}']],
    ['same port, different protocols', svc({ ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }), []],
    ['bad protocol', svc({ ports: [{ port: 80, protocol: 'HTTP' }] }), ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
    ['named targetPort', svc({ ports: [{ port: 80, targetPort: 'http' }] }), []],
    ['bad named targetPort', svc({ ports: [{ port: 80, targetPort: 'HTTP_PORT' }] }), [
      'spec.ports[0].targetPort: Invalid value: "HTTP_PORT": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[0].targetPort: Invalid value: "HTTP_PORT": must contain at least one letter (a-z)']],
    ['unknown type', svc({ type: 'Foo', ports: [{ port: 80 }] }), ['spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ['bad sessionAffinity', svc({ sessionAffinity: 'Cookie', ports: [{ port: 80 }] }), ['spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"']],
    ['affinity timeout 0', svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } }, ports: [{ port: 80 }] }),
      ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400']],
    ['affinity timeout too big', svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } }, ports: [{ port: 80 }] }),
      ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400']],
    ['affinity timeout 86400 ok', svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } }, ports: [{ port: 80 }] }), []],
    ['ExternalName without name', svc({ type: 'ExternalName' }), ['spec.externalName: Required value']],
    ['ExternalName bad name', svc({ type: 'ExternalName', externalName: 'Bad_Host' }), [`spec.externalName: Invalid value: "Bad_Host": ${SUBDOMAIN}`]],
    ['ExternalName with clusterIP', svc({ type: 'ExternalName', externalName: 'a.b', clusterIP: '10.96.0.9' }), ['spec.clusterIPs: Forbidden: may not be set for ExternalName services']],
    ['invalid clusterIP', svc({ clusterIP: '10.0.0.300', ports: [{ port: 80 }] }), ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['headless NodePort', svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }), ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"]],
    ['externalTrafficPolicy on ClusterIP', svc({ externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }), ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']],
    ['bad externalTrafficPolicy', svc({ type: 'NodePort', externalTrafficPolicy: 'Sometimes', ports: [{ port: 80 }] }), ['spec.externalTrafficPolicy: Unsupported value: "Sometimes": supported values: "Cluster", "Local"']],
    ['LoadBalancer with Local policy (health check port not allocated yet)', svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }), []],
    ['allocateLoadBalancerNodePorts on ClusterIP', svc({ allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] }), ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ['bad selector value', svc({ selector: { app: 'a b' }, ports: [{ port: 80 }] }), ["spec.selector: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]],
    ['bad external IP', svc({ externalIPs: ['1.2.3'], ports: [{ port: 80 }] }), ['spec.externalIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['source ranges on ClusterIP', svc({ loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ port: 80 }] }), ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ['duplicate nodePort', svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }), ['spec.ports[1].nodePort: Duplicate value: 30080']],
  ];
  for (const [name, o, want] of cases) test(name, () => assert.deepEqual(errs(o, 'services'), want));

  function upd(oldSpec: any, newSpec: any): string[] {
    const old = svc(oldSpec);
    applyDefaults(old, K('services'));
    const n = svc(newSpec);
    applyDefaults(n, K('services'));
    return validateUpdate(n, old, K('services')).map(fieldErrorString);
  }
  const updates: [string, any, any, string[]][] = [
    ['changing the clusterIP', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] }, { clusterIP: '10.96.0.20', ports: [{ port: 80 }] },
      ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.20"}: may not change once set']],
    ['re-applying without clusterIP keeps it', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] }, { ports: [{ port: 8080 }] }, []],
    ['NodePort -> ClusterIP via a full PUT that still carries the old nodePort and policy', { type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30080 }] },
      { type: 'ClusterIP', clusterIP: '10.96.0.10', externalTrafficPolicy: 'Cluster', ports: [{ port: 80, nodePort: 30080 }] }, []],
    ['changing the type to NodePort', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] }, { type: 'NodePort', ports: [{ port: 80 }] }, []],
  ];
  for (const [name, o, n, want] of updates) test(`update: ${name}`, () => assert.deepEqual(upd(o, n), want));
});

describe('Ingress', () => {
  const ing = (spec: any, extra: any = {}) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default', ...extra }, spec });
  const svcBackend = (name: string, port: any) => ({ service: { name, port } });
  const rule = (host: string | undefined, paths: any[]) => ({ ...(host ? { host } : {}), http: { paths } });
  const path = (p: string | undefined, pathType: string | undefined, backend: any = svcBackend('web', { number: 80 })) => ({
    ...(p !== undefined ? { path: p } : {}), ...(pathType ? { pathType } : {}), backend,
  });
  const cases: [string, any, string[]][] = [
    ['valid', ing({ ingressClassName: 'nginx', rules: [rule('web.example.com', [path('/', 'Prefix')])] }), []],
    ['wildcard host', ing({ rules: [rule('*.example.com', [path('/', 'Prefix')])] }), []],
    ['defaultBackend only', ing({ defaultBackend: svcBackend('web', { name: 'http' }) }), []],
    ['nothing', ing({}), ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']],
    ['path not absolute (compat §4.2)', ing({ rules: [rule(undefined, [path('foo', 'Prefix')])] }), ['spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path']],
    ['pathType missing (compat §4.2)', ing({ rules: [rule(undefined, [path('/', undefined)])] }), ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']],
    ['bad pathType', ing({ rules: [rule(undefined, [path('/', 'Regex')])] }), ['spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"']],
    ['ImplementationSpecific with empty path', ing({ rules: [rule(undefined, [path(undefined, 'ImplementationSpecific')])] }), []],
    ['Exact with //', ing({ rules: [rule(undefined, [path('/a//b', 'Exact')])] }), ["spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"]],
    ['no paths', ing({ rules: [{ host: 'a.com', http: { paths: [] } }] }), ['spec.rules[0].http.paths: Required value']],
    ['bad host', ing({ rules: [rule('Web.Example.com', [path('/', 'Prefix')])] }), [`spec.rules[0].host: Invalid value: "Web.Example.com": ${SUBDOMAIN}`]],
    ['IP host', ing({ rules: [rule('10.0.0.1', [path('/', 'Prefix')])] }), ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address']],
    ['port name and number', ing({ rules: [rule(undefined, [path('/', 'Prefix', svcBackend('web', { name: 'http', number: 80 }))])] }),
      ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number']],
    ['no port', ing({ rules: [rule(undefined, [path('/', 'Prefix', svcBackend('web', {}))])] }), ['spec.rules[0].http.paths[0].backend: Required value: port name or number is required']],
    ['no service name', ing({ rules: [rule(undefined, [path('/', 'Prefix', svcBackend('', { number: 80 }))])] }), ['spec.rules[0].http.paths[0].backend.service.name: Required value']],
    ['service name must be a DNS-1035 label', ing({ rules: [rule(undefined, [path('/', 'Prefix', svcBackend('1web', { number: 80 }))])] }),
      [`spec.rules[0].http.paths[0].backend.service.name: Invalid value: "1web": ${DNS1035}`]],
    ['no backend', ing({ rules: [rule(undefined, [{ path: '/', pathType: 'Prefix', backend: {} }])] }), ['spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required']],
    ['resource backend', ing({ defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' } } }), []],
    ['bad tls secret name', ing({ tls: [{ hosts: ['a.com'], secretName: 'Bad' }], rules: [rule('a.com', [path('/', 'Prefix')])] }), [`spec.tls[0].secretName: Invalid value: "Bad": ${SUBDOMAIN}`]],
    ['class annotation disagrees with ingressClassName', ing({ ingressClassName: 'nginx', rules: [rule('a.com', [path('/', 'Prefix')])] }, { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }),
      ['annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified']],
  ];
  for (const [name, o, want] of cases) test(name, () => assert.deepEqual(errs(o, 'ingresses'), want));

  test('converted seed ingresses are valid', () => {
    for (const f of ['ingress-nginx.yaml', 'ingress-nginx-https.yaml', 'ingress_host-ms.yaml', 'ingress_host_https-ms.yaml', 'ingress_path-ms.yaml']) {
      const [doc] = loadManifest(f);
      const v1 = convertToStorage(doc, doc.apiVersion!, K('ingresses'));
      assert.deepEqual(errs(v1, 'ingresses'), [], f);
    }
  });
});

describe('IngressClass, NetworkPolicy, EndpointSlice', () => {
  const cases: [string, string, any, string[]][] = [
    ['ingressclass valid', 'ingressclasses', { spec: { controller: 'k8s.io/ingress-nginx' } }, []],
    ['ingressclass without controller', 'ingressclasses', { spec: {} }, ['spec.controller: Required value']],
    ['ingressclass controller without domain', 'ingressclasses', { spec: { controller: 'nginx' } }, ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']],
    ['ingressclass parameters without scope', 'ingressclasses', { spec: { controller: 'k8s.io/x', parameters: { kind: 'Cfg', name: 'c' } } }, ['spec.parameters.scope: Required value']],
    ['networkpolicy valid', 'networkpolicies', { spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] } }, []],
    ['networkpolicy bad policyType', 'networkpolicies', { spec: { podSelector: {}, policyTypes: ['Sideways'] } }, ['spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"']],
    ['endpointslice valid', 'endpointslices', { addressType: 'IPv4', endpoints: [{ addresses: ['10.244.0.5'] }], ports: [{ name: 'http', port: 80 }] }, []],
    ['endpointslice address type', 'endpointslices', { addressType: 'IPv5', endpoints: [] }, ['addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"']],
    ['endpointslice bad address', 'endpointslices', { addressType: 'IPv4', endpoints: [{ addresses: ['fe80::1'] }] }, ['endpoints[0].addresses[0]: Invalid value: "fe80::1": must be a valid IPv4 address']],
  ];
  for (const [name, resource, body, want] of cases) {
    test(name, () => {
      const info = K(resource);
      const md: any = { name: 'x' };
      if (info.namespaced) md.namespace = 'default';
      assert.deepEqual(errs({ apiVersion: `${info.group}/${info.version}`, kind: info.kind, metadata: md, ...body }, resource), want);
    });
  }
  test('ingressclass controller is immutable', () => {
    const o = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } };
    const n = clone(o);
    n.spec.controller = 'example.com/other';
    assert.deepEqual(validateUpdate(n, o, K('ingressclasses')).map(fieldErrorString), ['spec.controller: Invalid value: "example.com/other": field is immutable']);
  });
});
