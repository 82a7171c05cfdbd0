// Service validation (ValidateService / ValidateServiceUpdate, v1.32).

import { isValidPortNum, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, ipFamilyOf, nameIsDNS1035Label } from '../names';
import {
  FE, fe, child, index, isObj, arr, str, num, goStringSlice, goQuote, raw,
} from './common';
import { validateObjectMeta, validateObjectMetaUpdate, validateLabels } from './meta';
import { validatePortNumOrName } from './pod';
import { prepareServiceUpdate } from '../defaults';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITY_TYPES = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

export function isHeadlessService(svc: any): boolean {
  const ips = arr<string>(svc?.spec?.clusterIPs);
  return ips.length === 1 && ips[0] === 'None';
}

export function externallyAccessible(svc: any): boolean {
  const t = str(svc?.spec?.type);
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && arr(svc?.spec?.externalIPs).length > 0);
}

export function needsHealthCheck(svc: any): boolean {
  return str(svc?.spec?.type) === 'LoadBalancer' && str(svc?.spec?.externalTrafficPolicy) === 'Local';
}

function goServicePort(p: any): string {
  const tp = p?.targetPort;
  const tpStr = typeof tp === 'string'
    ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(tp)}}`
    : 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}';
  return `core.ServicePort{Name:"", Protocol:${goQuote(str(p?.protocol))}, AppProtocol:(*string)(nil), Port:${num(p?.port)}, TargetPort:${tpStr}, NodePort:0}`;
}

function validateServicePort(sp: any, requireName: boolean, names: Set<string>, f: string): FE[] {
  const errs: FE[] = [];
  const name = str(sp?.name);
  if (requireName && !name) errs.push(fe.required(child(f, 'name')));
  else if (name) {
    isDNS1123Label(name).forEach((m) => errs.push(fe.invalid(child(f, 'name'), name, m)));
    if (names.has(name)) errs.push(fe.duplicate(child(f, 'name'), name));
    else names.add(name);
  }
  const port = num(sp?.port);
  isValidPortNum(port).forEach((m) => errs.push(fe.invalid(child(f, 'port'), port, m)));
  const proto = str(sp?.protocol);
  if (!proto) errs.push(fe.required(child(f, 'protocol')));
  else if (!PROTOCOLS.includes(proto)) errs.push(fe.notSupported(child(f, 'protocol'), proto, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp?.targetPort, child(f, 'targetPort')));
  if (sp?.appProtocol !== undefined && sp?.appProtocol !== null) {
    isQualifiedName(str(sp.appProtocol)).forEach((m) => errs.push(fe.invalid(child(f, 'appProtocol'), str(sp.appProtocol), m)));
  }
  return errs;
}

function validateClusterIPsRelated(svc: any): FE[] {
  const spec = svc.spec;
  if (str(spec.type) === 'ExternalName') return [];
  const errs: FE[] = [];
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs.map(str) : [];
  const clusterIP = str(spec.clusterIP);
  if (clusterIP) {
    if (ips.length === 0) errs.push(fe.required('spec.clusterIPs'));
    else if (ips[0] !== clusterIP) errs.push(fe.invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(fe.invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  arr<string>(spec.ipFamilies).forEach((fam, i) => {
    if (!IP_FAMILIES.includes(str(fam))) errs.push(fe.notSupported(index('spec.ipFamilies', i), str(fam), IP_FAMILIES));
    if (seen.has(str(fam))) errs.push(fe.duplicate(index('spec.ipFamilies', i), str(fam)));
    seen.add(str(fam));
  });
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null && !IP_FAMILY_POLICIES.includes(str(spec.ipFamilyPolicy))) {
    errs.push(fe.notSupported('spec.ipFamilyPolicy', str(spec.ipFamilyPolicy), IP_FAMILY_POLICIES));
  }
  let invalidIPs = false;
  ips.forEach((ip: string, i: number) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalidIPs = true;
        errs.push(fe.invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
      }
      return;
    }
    if (!ipFamilyOf(ip)) {
      invalidIPs = true;
      errs.push(fe.invalid(index('spec.clusterIPs', i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  });
  if (ips.length > 2) errs.push(fe.invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  if (invalidIPs) return errs;
  if (ips.length > 1 && ipFamilyOf(ips[0]) === ipFamilyOf(ips[1])) {
    errs.push(fe.invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'));
  }
  const fams = arr<string>(spec.ipFamilies);
  if (!isHeadlessService(svc) && ips.length && fams.length) {
    ips.forEach((ip: string, i: number) => {
      if (i > fams.length - 1) return;
      if (fams[i] === 'IPv4' && ipFamilyOf(ip) === 6) errs.push(fe.invalid(index('spec.clusterIPs', i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fams[i] === 'IPv6' && ipFamilyOf(ip) !== 6) errs.push(fe.invalid(index('spec.clusterIPs', i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function isValidCIDR(v: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(v);
  if (!m) return false;
  const fam = ipFamilyOf(m[1]);
  const bits = Number(m[2]);
  return (fam === 4 && bits <= 32) || (fam === 6 && bits <= 128);
}

function nonSpecialIP(ip: string, f: string): FE[] {
  const errs: FE[] = [];
  if (ip === '0.0.0.0' || ip === '::') errs.push(fe.invalid(f, ip, `may not be unspecified (${ip})`));
  // kctl's nodes live on 127.0.0.0/8, so node and endpoint addresses there are legitimate here
  // (a real API server refuses loopback: 'may not be in the loopback range (127.0.0.0/8, ::1/128)').
  if (ip.startsWith('169.254.') || /^fe[89ab]/i.test(ip)) errs.push(fe.invalid(f, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (ip.startsWith('224.0.0.') || /^ff02:/i.test(ip)) errs.push(fe.invalid(f, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
export { nonSpecialIP as validateNonSpecialIP };

/** ValidateService */
export function validateService(svc: any): FE[] {
  const errs = validateObjectMeta(svc?.metadata, true, nameIsDNS1035Label);
  const spec = isObj(svc?.spec) ? svc.spec : {};
  const s = { ...svc, spec };
  const type = str(spec.type);
  const headless = isHeadlessService(s);
  const ports = arr(spec.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(fe.required('spec.ports'));
  switch (type) {
    case 'LoadBalancer':
      if (headless) errs.push(fe.invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
      break;
    case 'NodePort':
      if (headless) errs.push(fe.invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
      break;
    case 'ExternalName': {
      if (arr(spec.clusterIPs).length > 0) errs.push(fe.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if (arr(spec.ipFamilies).length > 0) errs.push(fe.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(fe.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const cname = str(spec.externalName).replace(/\.$/, '');
      if (cname) isDNS1123Subdomain(cname).forEach((m) => errs.push(fe.invalid('spec.externalName', cname, m)));
      else errs.push(fe.required('spec.externalName'));
      break;
    }
    default:
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i))));
  if (spec.selector !== undefined && spec.selector !== null) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const aff = str(spec.sessionAffinity);
  if (!aff) errs.push(fe.required('spec.sessionAffinity'));
  else if (!AFFINITY_TYPES.includes(aff)) errs.push(fe.notSupported('spec.sessionAffinity', aff, AFFINITY_TYPES));
  if (aff === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    const p = 'spec.sessionAffinityConfig';
    if (!isObj(cfg)) errs.push(fe.required(p, 'when session affinity type is ClientIP'));
    else if (!isObj(cfg.clientIP)) errs.push(fe.required(`${p}.clientIP`, 'when session affinity type is ClientIP'));
    else if (typeof cfg.clientIP.timeoutSeconds !== 'number') errs.push(fe.required(`${p}.clientIP.timeoutSeconds`, 'when session affinity type is ClientIP'));
    else {
      const t = cfg.clientIP.timeoutSeconds;
      if (t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS) {
        errs.push(fe.invalid(`${p}.clientIP.timeoutSeconds`, t, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`));
      }
    }
  } else if (aff === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    errs.push(fe.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPsRelated(s));
  arr<string>(spec.externalIPs).forEach((ip, i) => {
    const p = index('spec.externalIPs', i);
    if (!ipFamilyOf(str(ip))) errs.push(fe.invalid(p, str(ip), 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    else errs.push(...nonSpecialIP(str(ip), p));
  });
  if (!type) errs.push(fe.required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) errs.push(fe.notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p: any, i) => {
      if (num(p?.nodePort) !== 0) errs.push(fe.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p: any, i) => {
    if (num(p?.nodePort) === 0) return;
    const k = `${str(p?.protocol)}/${num(p.nodePort)}`;
    if (nodePorts.has(k)) errs.push(fe.duplicate(`spec.ports[${i}].nodePort`, num(p.nodePort)));
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p: any, i) => {
    const k = `${str(p?.protocol)}/${num(p?.port)}`;
    if (portKeys.has(k)) errs.push(fe.duplicate(`spec.ports[${i}]`, raw(goServicePort(p))));
    portKeys.add(k);
  });
  const lbRanges = arr<string>(spec.loadBalancerSourceRanges);
  if (lbRanges.length > 0) {
    const p = 'spec.LoadBalancerSourceRanges';
    if (type !== 'LoadBalancer') errs.push(fe.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    lbRanges.forEach((v, i) => {
      const t = str(v).trim();
      if (!isValidCIDR(t)) errs.push(fe.invalid(index(p, i), t, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    });
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    errs.push(fe.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type === 'LoadBalancer') {
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
      isQualifiedName(str(spec.loadBalancerClass)).forEach((m) => errs.push(fe.invalid('spec.loadBalancerClass', str(spec.loadBalancerClass), m)));
    }
  } else if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    errs.push(fe.forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  // external traffic policy
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(s)) {
    if (etp) errs.push(fe.invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) {
    errs.push(fe.required('spec.externalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(etp)) {
    errs.push(fe.notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));
  }
  const hc = num(spec.healthCheckNodePort);
  if (!needsHealthCheck(s)) {
    if (hc !== 0) errs.push(fe.invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc !== 0) {
    // 0 means "not allocated yet": the control plane allocates it after defaulting
    isValidPortNum(hc).forEach((m) => errs.push(fe.invalid('spec.healthCheckNodePort', hc, m)));
  }
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined || itp === null) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') errs.push(fe.required('spec.internalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(str(itp))) {
    errs.push(fe.notSupported('spec.internalTrafficPolicy', str(itp), TRAFFIC_POLICIES));
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== null && spec.trafficDistribution !== 'PreferClose') {
    errs.push(fe.notSupported('spec.trafficDistribution', str(spec.trafficDistribution), ['PreferClose']));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(oldSvc: any, svc: any): FE[] {
  const errs: FE[] = [];
  if (str(svc.spec?.type) === 'ExternalName' || str(oldSvc.spec?.type) === 'ExternalName') return errs;
  if (isHeadlessService(oldSvc) && isHeadlessService(svc)) return errs;
  const o = arr<string>(oldSvc.spec?.clusterIPs).map(str);
  const n = arr<string>(svc.spec?.clusterIPs).map(str);
  const rendered = Array.isArray(svc.spec?.clusterIPs) ? n : null;
  const val = raw(goStringSlice(rendered));
  if (o.length === n.length) {
    o.forEach((ip, i) => {
      if (ip !== n[i]) errs.push(fe.invalid(`spec.clusterIPs[${i}]`, val, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (n.length === 0) errs.push(fe.invalid('spec.clusterIPs[0]', val, 'primary clusterIP can not be unset'));
    if (o.length > 0 && n.length > 0 && n[0] !== o[0]) errs.push(fe.invalid('spec.clusterIPs[0]', val, 'may not change once set'));
    if (n.length === 1 && str(svc.spec?.ipFamilyPolicy) !== 'SingleStack') {
      errs.push(fe.invalid('spec.ipFamilyPolicy', svc.spec?.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (o.length > 0 && n[0] !== o[0]) {
    errs.push(fe.invalid('spec.clusterIPs[0]', val, 'may not change once set'));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(oldSvc: any, svc: any): FE[] {
  const errs: FE[] = [];
  if (str(svc.spec?.type) === 'ExternalName' || str(oldSvc.spec?.type) === 'ExternalName') return errs;
  const oh = isHeadlessService(oldSvc);
  const nh = isHeadlessService(svc);
  if (oh !== nh || nh) return errs;
  const o = arr<string>(oldSvc.spec?.ipFamilies).map(str);
  const n = arr<string>(svc.spec?.ipFamilies).map(str);
  const famVal = raw(goStringSlice(Array.isArray(svc.spec?.ipFamilies) ? n : null, '[]core.IPFamily'));
  const ipsVal = raw(goStringSlice(Array.isArray(svc.spec?.clusterIPs) ? svc.spec.clusterIPs : null));
  if (o.length === n.length) {
    o.forEach((fam, i) => {
      if (fam !== n[i]) errs.push(fe.invalid('spec.ipFamilies[0]', famVal, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (arr(svc.spec?.clusterIPs).length === 0) errs.push(fe.invalid('spec.ipFamilies[0]', famVal, 'primary ipFamily can not be unset'));
    if (n.length > 0 && n[0] !== o[0]) errs.push(fe.invalid('spec.ipFamilies[0]', ipsVal, 'may not change once set'));
    if (n.length === 1 && str(svc.spec?.ipFamilyPolicy) !== 'SingleStack') {
      errs.push(fe.invalid('spec.ipFamilyPolicy', svc.spec?.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (o.length > 0 && n.length > 0 && n[0] !== o[0]) {
    errs.push(fe.invalid('spec.ipFamilies[0]', ipsVal, 'may not change once set'));
  }
  return errs;
}

/** ValidateServiceUpdate */
export function validateServiceUpdate(svcIn: any, oldSvc: any): FE[] {
  // judge the object as the API server sees it after its update-time preparation
  const svc = JSON.parse(JSON.stringify(svcIn ?? {}));
  if (isObj(oldSvc)) prepareServiceUpdate(svc, oldSvc as any);
  const errs = validateObjectMetaUpdate(svc?.metadata, oldSvc?.metadata);
  const n = { ...svc, spec: isObj(svc?.spec) ? svc.spec : {} };
  const o = { ...oldSvc, spec: isObj(oldSvc?.spec) ? oldSvc.spec : {} };
  errs.push(...validateUpgradeDowngradeClusterIPs(o, n));
  errs.push(...validateUpgradeDowngradeIPFamilies(o, n));
  if (str(o.spec.type) === 'LoadBalancer' && str(n.spec.type) === 'LoadBalancer' && str(o.spec.loadBalancerClass) !== str(n.spec.loadBalancerClass)) {
    errs.push(fe.invalid('spec.loadBalancerClass', n.spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  if (needsHealthCheck(o) && needsHealthCheck(n) && num(o.spec.healthCheckNodePort) !== num(n.spec.healthCheckNodePort)) {
    errs.push(fe.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  errs.push(...validateService(svc));
  return errs;
}
