// Services, Endpoints, EndpointSlices, Ingresses, IngressClasses, NetworkPolicies (describe.go).

import type { KObject } from '../../api/types';
import { formatLabels, selectorToString } from '../../api/selectors';
import {
  byteCompare, describeEvents, formatEndpointSlices, goTimeString, intOrString, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, num,
  PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, tabbed,
} from './writer';
import type { DescribeView } from './types';

type Obj = Record<string, any>;

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** EndpointSlices labelled for a service (the label-selector list kubectl does). */
export function slicesForService(view: DescribeView, ns: string, name: string): KObject[] {
  return view.list('endpointslices', ns).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
}

function buildIngressString(ingress: Obj[]): string {
  return ingress.map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : i.hostname ?? '')).join(', ');
}

export function describeService(svc: KObject, slices: KObject[], events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const fams: string[] = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${fams.length ? fams.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    const ips: string[] = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length ? ips.join(',') : '<none>'}\n`);
    if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const lb: Obj[] = svc.status?.loadBalancer?.ingress ?? [];
    if (lb.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${buildIngressString(lb)}\n`);
    for (const sp of spec.ports ?? []) {
      const name = sp.name ? sp.name : '<unset>';
      const proto = sp.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${name}\t${num(sp.port)}/${proto}\n`);
      if (typeof sp.targetPort === 'string') w.write(LEVEL_0, `TargetPort:\t${sp.targetPort}/${proto}\n`);
      else w.write(LEVEL_0, `TargetPort:\t${num(sp.targetPort)}/${proto}\n`);
      if (num(sp.nodePort) !== 0) w.write(LEVEL_0, `NodePort:\t${name}\t${num(sp.nodePort)}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? '']))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (num(spec.healthCheckNodePort) !== 0) w.write(LEVEL_0, `HealthCheck NodePort:\t${num(spec.healthCheckNodePort)}\n`);
    if (spec.loadBalancerSourceRanges?.length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    if (events) describeEvents(events, w, now);
  });
}

export function describeEndpoints(ep: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ep.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const subset of ep.subsets ?? []) {
      const addrs = (subset.addresses ?? []).map((a: Obj) => a.ip ?? '').join(',');
      w.write(LEVEL_1, `Addresses:\t${addrs || '<none>'}\n`);
      const nr = (subset.notReadyAddresses ?? []).map((a: Obj) => a.ip ?? '').join(',');
      w.write(LEVEL_1, `NotReadyAddresses:\t${nr || '<none>'}\n`);
      if (subset.ports?.length) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of subset.ports) w.write(LEVEL_2, `${p.name ? p.name : '<unset>'}\t${num(p.port)}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    if (events) describeEvents(events, w, now);
  });
}

export function describeEndpointSlice(eps: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', eps.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ''}\n`);
    const ports: Obj[] = eps.ports ?? [];
    if (ports.length === 0) {
      w.write(LEVEL_0, 'Ports: <unset>\n');
    } else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of ports) {
        const name = p.name ? p.name : '<unset>';
        const port = p.port === undefined || p.port === null ? '<unset>' : String(p.port);
        w.write(LEVEL_1, `${name}\t${port}\t${p.protocol ?? ''}\n`);
      }
    }
    const eplist: Obj[] = eps.endpoints ?? [];
    if (eplist.length === 0) {
      w.write(LEVEL_0, 'Endpoints: <none>\n');
    } else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const ep of eplist) {
        const addrs = (ep.addresses ?? []).join(', ');
        w.write(LEVEL_1, `- Addresses:\t${addrs || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        const ready = ep.conditions?.ready;
        w.write(LEVEL_3, `Ready:\t${ready === undefined || ready === null ? '<unset>' : String(ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${ep.hostname ?? '<unset>'}\n`);
        if (ep.targetRef) w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ''}/${ep.targetRef.name ?? ''}\n`);
        w.write(LEVEL_2, `NodeName:\t${ep.nodeName ?? '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${ep.zone ?? '<unset>'}\n`);
      }
    }
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Ingress

function serviceBackendString(b: Obj): string {
  const port = num(b.port?.number) !== 0 ? String(num(b.port.number)) : (b.port?.name ?? '');
  return `${b.name ?? ''}:${port}`;
}

function describeBackend(view: DescribeView, ns: string, backend: Obj): string {
  if (backend.service) {
    const sb = serviceBackendString(backend.service);
    const slices = slicesForService(view, ns, backend.service.name ?? '');
    const svc = view.get('services', ns, backend.service.name ?? '');
    if (!svc) return `${sb} (<error: services "${backend.service.name ?? ''}" not found>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      const pn = num(backend.service.port?.number);
      if (pn !== 0 && pn === num(sp.port)) spName = sp.name ?? '';
      else if (backend.service.port?.name && backend.service.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    const group = r.apiGroup === undefined || r.apiGroup === null ? '<none>' : r.apiGroup;
    return `APIGroup: ${group}, Kind: ${r.kind ?? ''}, Name: ${r.name ?? ''}`;
  }
  return '';
}

function ingressAddress(status: Obj | undefined): string {
  const set = new Set<string>();
  for (const i of status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort(byteCompare).join(',');
}

export function describeIngress(ing: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const spec = ing.spec ?? {};
    const ns = ing.metadata.namespace ?? '';
    w.write(LEVEL_0, `Name:\t${ing.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${ingressAddress(ing.status)}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    const def = spec.defaultBackend ? describeBackend(view, ns, spec.defaultBackend) : '<default>';
    w.write(LEVEL_0, `Default backend:\t${def}\n`);
    if (spec.tls?.length) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(',');
        if (!t.secretName) w.write(LEVEL_1, `SNI routes ${hosts}\n`);
        else w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    let count = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host ? rule.host : '*'}\t\n`);
      for (const p of rule.http.paths ?? []) {
        w.write(LEVEL_2, `\t${p.path ?? ''} \t${describeBackend(view, ns, p.backend ?? {})}\n`);
      }
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${def}\n`);
    printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
    if (events) describeEvents(events, w, now);
  });
}

export function describeIngressClass(ic: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ic.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (p.apiGroup !== undefined && p.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind ?? ''}\n`);
      w.write(LEVEL_1, `Name:\t${p.name ?? ''}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy

function printPeers(rules: Obj[] | undefined, w: PrefixWriter, ingress: boolean): void {
  const indent = '    ';
  if (!rules || rules.length === 0) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${ingress ? 'ingress' : 'egress'} connectivity)\n`);
    return;
  }
  rules.forEach((r, i) => {
    const ports: Obj[] = r.ports ?? [];
    if (ports.length === 0) {
      w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    } else {
      for (const p of ports) {
        const proto = p.protocol ?? 'TCP';
        const port = p.port === undefined || p.port === null ? '' : intOrString(p.port);
        if (p.endPort === undefined || p.endPort === null) w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
        else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${num(p.endPort)}/${proto}\n`);
      }
    }
    const peers: Obj[] = (ingress ? r.from : r.to) ?? [];
    const word = ingress ? 'From' : 'To';
    if (peers.length === 0) {
      w.write(LEVEL_0, ingress ? `${indent}From: <any> (traffic not restricted by source)\n` : `${indent}To: <any> (traffic not restricted by destination)\n`);
    } else {
      for (const peer of peers) {
        w.write(LEVEL_0, `${indent}${word}:\n`);
        if (peer.podSelector && peer.namespaceSelector) {
          w.write(LEVEL_1, `${indent}NamespaceSelector: ${selectorToString(peer.namespaceSelector)}\n`);
          w.write(LEVEL_1, `${indent}PodSelector: ${selectorToString(peer.podSelector)}\n`);
        } else if (peer.podSelector) {
          w.write(LEVEL_1, `${indent}PodSelector: ${selectorToString(peer.podSelector)}\n`);
        } else if (peer.namespaceSelector) {
          w.write(LEVEL_1, `${indent}NamespaceSelector: ${selectorToString(peer.namespaceSelector)}\n`);
        } else if (peer.ipBlock) {
          w.write(LEVEL_1, `${indent}IPBlock:\n`);
          w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ''}\n`);
          w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
        }
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicy(np: KObject): string {
  return tabbed((w) => {
    const spec = np.spec ?? {};
    w.write(LEVEL_0, `Name:\t${np.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', np.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const ps = spec.podSelector ?? {};
    if (Object.keys(ps.matchLabels ?? {}).length === 0 && (ps.matchExpressions ?? []).length === 0) {
      w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    } else {
      w.write(LEVEL_2, `${selectorToString(ps)}\n`);
    }
    const types: string[] = spec.policyTypes ?? [];
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      printPeers(spec.ingress, w, true);
    } else {
      w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    }
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      printPeers(spec.egress, w, false);
    } else {
      w.write(LEVEL_1, 'Not affecting egress traffic\n');
    }
    w.write(LEVEL_1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  });
}
