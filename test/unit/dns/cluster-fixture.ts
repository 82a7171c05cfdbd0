// A small cluster for the DNS tests: Services and pods built with the controller-test builders, and
// the Endpoints / EndpointSlices that kctl's own controllers compute for them.

import type { KObject } from '../../../src/api/types';
import type { DnsView } from '../../../src/dns/records';
import { desiredEndpoints, PodIndex, serviceSelector } from '../../../src/controllers/endpoints';
import { syncServiceSlices } from '../../../src/controllers/endpointslice';
import { clusterNodes, pod, service } from '../controllers/endpoints-fixtures';

function svc(name: string, ns: string, spec: Record<string, any>, meta: Record<string, any> = {}): KObject {
  const s = service(name, spec, { namespace: ns, ...meta });
  if (spec.selector === null) delete s.spec.selector;
  return s;
}

const HEADLESS = { clusterIP: 'None', clusterIPs: ['None'] };

export function clusterObjects(): { services: KObject[]; pods: KObject[]; manualEndpoints: KObject[] } {
  const services = [
    svc('kubernetes', 'default', { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], selector: null, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
    svc('kube-dns', 'kube-system', {
      clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { 'k8s-app': 'kube-dns' },
      ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }],
    }),
    svc('myapp', 'default', { clusterIP: '10.98.31.157', clusterIPs: ['10.98.31.157'], selector: { app: 'myapp' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] }),
    svc('httpd-svc', 'default', { ...HEADLESS, selector: { app: 'httpd' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] }),
    svc('nginx', 'default', { ...HEADLESS, selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 80 }] }),
    svc('pub', 'default', { ...HEADLESS, selector: { app: 'pub' }, publishNotReadyAddresses: true, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] }),
    svc('nobody', 'default', { ...HEADLESS, selector: { app: 'nobody' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] }),
    svc('ext', 'default', { type: 'ExternalName', externalName: 'www.example.com', clusterIP: undefined, clusterIPs: undefined, selector: null, ports: undefined }),
    svc('alias', 'default', { type: 'ExternalName', externalName: 'myapp.default.svc.cluster.local', clusterIP: undefined, clusterIPs: undefined, selector: null, ports: undefined }),
    svc('db', 'other', { clusterIP: '10.100.0.5', clusterIPs: ['10.100.0.5'], selector: { app: 'db' }, ports: [{ port: 5432, protocol: 'TCP', targetPort: 5432 }] }),
  ];
  for (const s of services) for (const k of Object.keys(s.spec)) if (s.spec[k] === undefined) delete s.spec[k];
  const web = (name: string, ip: string, node: string) => pod(name, {
    ip, node, ready: true, labels: { app: 'nginx' }, spec: { hostname: name, subdomain: 'nginx' },
  });
  const pods = [
    pod('myapp-1', { ip: '10.244.1.5', node: 'k8s-node1', ready: true, labels: { app: 'myapp' } }),
    pod('myapp-2', { ip: '10.244.2.6', node: 'k8s-node2', ready: true, labels: { app: 'myapp' } }),
    pod('httpd-a', { ip: '10.244.2.71', node: 'k8s-node2', ready: true, labels: { app: 'httpd' } }),
    pod('httpd-b', { ip: '10.244.1.74', node: 'k8s-node1', ready: true, labels: { app: 'httpd' } }),
    pod('httpd-c', { ip: '10.244.2.72', node: 'k8s-node2', ready: true, labels: { app: 'httpd' } }),
    pod('httpd-d', { ip: '10.244.1.80', node: 'k8s-node1', ready: false, labels: { app: 'httpd' } }),
    web('web-0', '10.244.1.10', 'k8s-node1'),
    web('web-1', '10.244.2.11', 'k8s-node2'),
    pod('pub-0', { ip: '10.244.1.20', node: 'k8s-node1', ready: false, labels: { app: 'pub' } }),
    pod('db-0', { ns: 'other', ip: '10.244.2.30', node: 'k8s-node2', ready: true, labels: { app: 'db' }, ports: [{ containerPort: 5432 }] }),
  ];
  // the API server's own Endpoints for `kubernetes`
  const manualEndpoints: KObject[] = [{
    apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '192.168.1.31' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  }];
  return { services, pods, manualEndpoints };
}

/** The view with Endpoints v1 (endpointSlices absent) or with EndpointSlices. */
export function clusterView(source: 'endpoints' | 'endpointSlices'): DnsView {
  const { services, pods, manualEndpoints } = clusterObjects();
  const index = new PodIndex(pods);
  const view: DnsView = { services, pods };
  if (source === 'endpoints') {
    const eps = [...manualEndpoints];
    for (const s of services) {
      const sel = serviceSelector(s);
      if (!sel || s.spec.type === 'ExternalName') continue;
      const ep = desiredEndpoints(s, index.select(s.metadata.namespace!, sel), undefined);
      if (ep) eps.push(ep);
    }
    view.endpoints = eps;
  } else {
    const nodes = new Map(clusterNodes().map((n) => [n.metadata.name!, n]));
    const slices: KObject[] = [{
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4', endpoints: [{ addresses: ['192.168.1.31'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    }];
    for (const s of services) {
      const sel = serviceSelector(s);
      if (!sel || s.spec.type === 'ExternalName') continue;
      for (const a of syncServiceSlices(s, index.select(s.metadata.namespace!, sel), nodes, [])) {
        if (a.type === 'create') slices.push(a.object);
      }
    }
    view.endpointSlices = slices;
  }
  return view;
}
