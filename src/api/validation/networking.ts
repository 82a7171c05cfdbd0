// Ingress / IngressClass / NetworkPolicy / EndpointSlice validation (pkg/apis/networking/validation,
// pkg/apis/discovery/validation, v1.32).

import {
  isDNS1123Subdomain, isWildcardDNS1123Subdomain, isValidPortName, isValidPortNum, isDNS1035Label, ipFamilyOf,
  nameIsDNSSubdomain, isDNS1123Label, isValidPathSegmentName, isQualifiedName,
} from '../names';
import { FE, fe, child, index, isObj, arr, str, num, goGeneric, raw } from './common';
import { validateObjectMeta, validateObjectMetaUpdate, validateLabelSelector } from './meta';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateTypedLocalObjectReference(ref: any, f: string): FE[] {
  const errs: FE[] = [];
  if (!isObj(ref)) return errs;
  if (ref.apiGroup !== undefined && ref.apiGroup !== null) {
    isDNS1123Subdomain(str(ref.apiGroup)).forEach((m) => errs.push(fe.invalid(child(f, 'apiGroup'), str(ref.apiGroup), m)));
  }
  if (!str(ref.kind)) errs.push(fe.required(child(f, 'kind')));
  else isValidPathSegmentName(str(ref.kind)).forEach((m) => errs.push(fe.invalid(child(f, 'kind'), str(ref.kind), m)));
  if (!str(ref.name)) errs.push(fe.required(child(f, 'name')));
  else isValidPathSegmentName(str(ref.name)).forEach((m) => errs.push(fe.invalid(child(f, 'name'), str(ref.name), m)));
  return errs;
}

function validateIngressBackend(b: any, f: string): FE[] {
  const errs: FE[] = [];
  const hasResource = isObj(b?.resource);
  const hasService = isObj(b?.service);
  if (hasResource && hasService) return [fe.invalid(f, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateTypedLocalObjectReference(b.resource, child(f, 'resource'));
  if (!hasService) return [fe.invalid(f, '', 'resource or service backend is required')];
  const svc = b.service;
  const name = str(svc.name);
  if (!name) errs.push(fe.required(child(f, 'service', 'name')));
  else isDNS1035Label(name).forEach((m) => errs.push(fe.invalid(child(f, 'service', 'name'), name, m)));
  const port = isObj(svc.port) ? svc.port : {};
  const pn = str(port.name);
  const pnum = num(port.number);
  if (pn && pnum !== 0) errs.push(fe.invalid(f, '', 'cannot set both port name & port number'));
  else if (pn) isValidPortName(pn).forEach((m) => errs.push(fe.invalid(child(f, 'service', 'port', 'name'), pn, m)));
  else if (pnum !== 0) isValidPortNum(pnum).forEach((m) => errs.push(fe.invalid(child(f, 'service', 'port', 'number'), pnum, m)));
  else errs.push(fe.required(f, 'port name or number is required'));
  return errs;
}

function validateHTTPIngressPath(p: any, f: string): FE[] {
  const errs: FE[] = [];
  if (p?.pathType === undefined || p?.pathType === null) return [fe.required(child(f, 'pathType'), 'pathType must be specified')];
  const pt = str(p.pathType);
  const path = str(p.path);
  if (pt === 'Exact' || pt === 'Prefix') {
    if (!path.startsWith('/')) errs.push(fe.invalid(child(f, 'path'), path, 'must be an absolute path'));
    if (path) {
      for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) errs.push(fe.invalid(child(f, 'path'), path, `must not contain '${seq}'`));
      for (const suf of INVALID_PATH_SUFFIXES) if (path.endsWith(suf)) errs.push(fe.invalid(child(f, 'path'), path, `cannot end with '${suf}'`));
    }
  } else if (pt === 'ImplementationSpecific') {
    if (path && !path.startsWith('/')) errs.push(fe.invalid(child(f, 'path'), path, 'must be an absolute path'));
  } else {
    errs.push(fe.notSupported(child(f, 'pathType'), pt, PATH_TYPES));
  }
  errs.push(...validateIngressBackend(p?.backend, child(f, 'backend')));
  return errs;
}

function validateIngressRules(rules: any[], f: string): FE[] {
  const errs: FE[] = [];
  rules.forEach((r: any, i) => {
    const p = index(f, i);
    const host = str(r?.host);
    if (host) {
      if (ipFamilyOf(host)) errs.push(fe.invalid(child(p, 'host'), host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) isWildcardDNS1123Subdomain(host).forEach((m) => errs.push(fe.invalid(child(p, 'host'), host, m)));
      else isDNS1123Subdomain(host).forEach((m) => errs.push(fe.invalid(child(p, 'host'), host, m)));
    }
    if (isObj(r?.http)) {
      const hp = child(p, 'http');
      const paths = arr(r.http.paths);
      if (paths.length === 0) errs.push(fe.required(child(hp, 'paths')));
      paths.forEach((path, j) => errs.push(...validateHTTPIngressPath(path, index(child(hp, 'paths'), j))));
    }
  });
  return errs;
}

function validateIngressSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  const rules = arr(s.rules);
  if (rules.length === 0 && !isObj(s.defaultBackend)) {
    errs.push(fe.invalid(f, raw(rules.length === 0 && !Array.isArray(s.rules) ? '[]networking.IngressRule(nil)' : '[]networking.IngressRule{}'),
      'either `defaultBackend` or `rules` must be specified'));
  }
  if (isObj(s.defaultBackend)) errs.push(...validateIngressBackend(s.defaultBackend, child(f, 'defaultBackend')));
  if (rules.length) errs.push(...validateIngressRules(rules, child(f, 'rules')));
  arr(s.tls).forEach((tls: any, ti) => {
    const tp = index(child(f, 'tls'), ti);
    arr(tls?.hosts).forEach((h: any, hi) => {
      const host = str(h);
      const hp = index(child(tp, 'hosts'), hi);
      if (host.includes('*')) isWildcardDNS1123Subdomain(host).forEach((m) => errs.push(fe.invalid(hp, host, m)));
      else isDNS1123Subdomain(host).forEach((m) => errs.push(fe.invalid(hp, host, m)));
    });
    const sn = str(tls?.secretName);
    if (sn) nameIsDNSSubdomain(sn, false).forEach((m) => errs.push(fe.invalid(child(tp, 'secretName'), sn, m)));
  });
  if (s.ingressClassName !== undefined && s.ingressClassName !== null) {
    nameIsDNSSubdomain(str(s.ingressClassName), false).forEach((m) => errs.push(fe.invalid(child(f, 'ingressClassName'), str(s.ingressClassName), m)));
  }
  return errs;
}

export function validateIngress(ing: any, create = true): FE[] {
  const errs = validateObjectMeta(ing?.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateIngressSpec(ing?.spec, 'spec'));
  if (create) {
    const ann = ing?.metadata?.annotations;
    const cls = ing?.spec?.ingressClassName;
    if (isObj(ann) && INGRESS_CLASS_ANNOTATION in ann && cls !== undefined && cls !== null && ann[INGRESS_CLASS_ANNOTATION] !== cls) {
      errs.push(fe.invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, str(ann[INGRESS_CLASS_ANNOTATION]), 'must match `ingressClassName` when both are specified'));
    }
  }
  return errs;
}

export function validateIngressUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateIngress(n, false));
}

const PARAM_SCOPES = ['Cluster', 'Namespace'];

function validateIngressClassSpec(spec: any, f: string): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  const ctrl = str(s.controller);
  if (!ctrl) errs.push(fe.required(child(f, 'controller')));
  else {
    if (ctrl.length > 250) errs.push(fe.tooLong(child(f, 'controller'), 250));
    const segs = ctrl.split('/');
    const host = segs[0];
    const rest = segs.slice(1).join('/');
    if (segs.length < 2 || !host || !rest) errs.push(fe.invalid(child(f, 'controller'), ctrl, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    else {
      isDNS1123Subdomain(host).forEach((m) => errs.push(fe.invalid(child(f, 'controller'), host, m)));
      if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) {
        errs.push(fe.invalid(child(f, 'controller'), rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
      }
    }
  }
  const params = s.parameters;
  if (isObj(params)) {
    const p = child(f, 'parameters');
    errs.push(...validateTypedLocalObjectReference(params, p).filter((e) => !e.field.endsWith('.scope')));
    if (params.scope === undefined || params.scope === null) errs.push(fe.required(child(p, 'scope')));
    else if (!PARAM_SCOPES.includes(str(params.scope))) errs.push(fe.notSupported(child(p, 'scope'), str(params.scope), PARAM_SCOPES));
    else if (params.scope === 'Namespace') {
      if (params.namespace === undefined || params.namespace === null) errs.push(fe.required(child(p, 'namespace'), '`parameters.scope` is set to \'Namespace\''));
      else isDNS1123Label(str(params.namespace)).forEach((m) => errs.push(fe.invalid(child(p, 'namespace'), str(params.namespace), m)));
    } else if (params.namespace !== undefined && params.namespace !== null) {
      errs.push(fe.forbidden(child(p, 'namespace'), '`parameters.scope` is set to \'Cluster\''));
    }
  }
  return errs;
}

export function validateIngressClass(ic: any): FE[] {
  return validateObjectMeta(ic?.metadata, false, nameIsDNSSubdomain).concat(validateIngressClassSpec(ic?.spec, 'spec'));
}

export function validateIngressClassUpdate(n: any, o: any): FE[] {
  const errs = validateObjectMetaUpdate(n?.metadata, o?.metadata);
  if (str(n?.spec?.controller) !== str(o?.spec?.controller)) errs.push(fe.invalid('spec.controller', str(n?.spec?.controller), 'field is immutable'));
  return errs.concat(validateIngressClass(n));
}

/** NetworkPolicy: metadata plus selector shape (policies are stored, not enforced). */
export function validateNetworkPolicy(np: any): FE[] {
  const errs = validateObjectMeta(np?.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateLabelSelector(np?.spec?.podSelector, 'spec.podSelector'));
  const types = arr<string>(np?.spec?.policyTypes);
  const allowed = ['Ingress', 'Egress'];
  types.forEach((t, i) => {
    if (!allowed.includes(str(t))) errs.push(fe.notSupported(index('spec.policyTypes', i), str(t), allowed));
  });
  if (types.length > 2) errs.push(fe.invalid('spec.policyTypes', raw(goGeneric(types, '[]networking.PolicyType')), 'may not specify more than two policyTypes'));
  return errs;
}

// ---- EndpointSlice (discovery.k8s.io/v1) ----------------------------------------------------------

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export function validateEndpointSlice(es: any): FE[] {
  const errs = validateObjectMeta(es?.metadata, true, nameIsDNSSubdomain);
  const at = str(es?.addressType);
  if (!at) errs.push(fe.required('addressType'));
  else if (!ADDRESS_TYPES.includes(at)) errs.push(fe.notSupported('addressType', at, ADDRESS_TYPES));
  const eps = arr(es?.endpoints);
  if (eps.length > 1000) errs.push(fe.tooMany('endpoints', eps.length, 1000));
  eps.forEach((ep: any, i) => {
    const p = index('endpoints', i);
    const addrs = arr<string>(ep?.addresses);
    if (addrs.length === 0) errs.push(fe.required(child(p, 'addresses'), 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(fe.tooMany(child(p, 'addresses'), addrs.length, 100));
    addrs.forEach((a, j) => {
      const ap = index(child(p, 'addresses'), j);
      const addr = str(a);
      if (at === 'IPv4' && ipFamilyOf(addr) !== 4) errs.push(fe.invalid(ap, addr, 'must be a valid IPv4 address'));
      if (at === 'IPv6' && ipFamilyOf(addr) !== 6) errs.push(fe.invalid(ap, addr, 'must be a valid IPv6 address'));
      if (at === 'FQDN') isDNS1123Subdomain(addr).forEach((m) => errs.push(fe.invalid(ap, addr, m)));
    });
    if (ep?.hostname !== undefined && ep?.hostname !== null) isDNS1123Label(str(ep.hostname)).forEach((m) => errs.push(fe.invalid(child(p, 'hostname'), str(ep.hostname), m)));
    if (ep?.nodeName !== undefined && ep?.nodeName !== null) nameIsDNSSubdomain(str(ep.nodeName), false).forEach((m) => errs.push(fe.invalid(child(p, 'nodeName'), str(ep.nodeName), m)));
  });
  const names = new Set<string>();
  const ports = arr(es?.ports);
  if (ports.length > 20000) errs.push(fe.tooMany('ports', ports.length, 20000));
  ports.forEach((port: any, i) => {
    const p = index('ports', i);
    const name = str(port?.name);
    if (name) isDNS1123Label(name).forEach((m) => errs.push(fe.invalid(child(p, 'name'), name, m)));
    if (names.has(name)) errs.push(fe.duplicate(child(p, 'name'), name));
    names.add(name);
    if (typeof port?.port === 'number') isValidPortNum(port.port).forEach((m) => errs.push(fe.invalid(child(p, 'port'), port.port, m)));
    const proto = port?.protocol;
    if (proto === undefined || proto === null) errs.push(fe.required(child(p, 'protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(str(proto))) errs.push(fe.notSupported(child(p, 'protocol'), str(proto), ['SCTP', 'TCP', 'UDP']));
    if (port?.appProtocol !== undefined && port?.appProtocol !== null) {
      isQualifiedName(str(port.appProtocol)).forEach((m) => errs.push(fe.invalid(child(p, 'appProtocol'), str(port.appProtocol), m)));
    }
  });
  return errs;
}

export function validateEndpointSliceUpdate(n: any, o: any): FE[] {
  const errs = validateObjectMetaUpdate(n?.metadata, o?.metadata).concat(validateEndpointSlice(n));
  if (str(n?.addressType) !== str(o?.addressType)) errs.push(fe.invalid('addressType', str(n?.addressType), 'field is immutable'));
  return errs;
}
