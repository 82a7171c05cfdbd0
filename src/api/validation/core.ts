// Core kinds other than Pod/Service: Secret, ConfigMap, Namespace, Endpoints, Event, Node,
// ServiceAccount, PersistentVolumeClaim (v1.32 messages).

import {
  isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isValidPortNum, isQualifiedName, nameIsDNSSubdomain, nameIsDNSLabel,
  ipFamilyOf,
} from '../names';
import { FE, fe, child, index, key, isObj, arr, str, num, sortedKeys, deepEqual, FIELD_IMMUTABLE } from './common';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { validateNonSpecialIP } from './service';

export const MAX_SECRET_SIZE = 1024 * 1024;

function base64Len(v: unknown): number {
  const s = str(v).replace(/\s/g, '');
  if (!s) return 0;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

// ---- Secret ---------------------------------------------------------------------------------------

export function validateSecret(secret: any): FE[] {
  const errs = validateObjectMeta(secret?.metadata, true, nameIsDNSSubdomain);
  const data = isObj(secret?.data) ? secret.data : {};
  let total = 0;
  for (const k of sortedKeys(data)) {
    isConfigMapKey(k).forEach((m) => errs.push(fe.invalid(key('data', k), k, m)));
    total += base64Len(data[k]);
  }
  if (total > MAX_SECRET_SIZE) errs.push(fe.tooLong('data', MAX_SECRET_SIZE));
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  switch (str(secret?.type)) {
    case 'kubernetes.io/service-account-token': {
      const ann = isObj(secret?.metadata?.annotations) ? secret.metadata.annotations : {};
      if (!str(ann['kubernetes.io/service-account.name'])) errs.push(fe.required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    }
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errs.push(fe.required('data[.dockercfg]'));
      else if (!isJSONBase64(data['.dockercfg'])) errs.push(fe.invalid('data[.dockercfg]', '<secret contents redacted>', 'invalid character looking for beginning of value'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errs.push(fe.required('data[.dockerconfigjson]'));
      else if (!isJSONBase64(data['.dockerconfigjson'])) errs.push(fe.invalid('data[.dockerconfigjson]', '<secret contents redacted>', 'invalid character looking for beginning of value'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(fe.required('data[username]'));
        errs.push(fe.required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (base64Len(data['ssh-privatekey']) === 0) errs.push(fe.required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(fe.required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(fe.required('data[tls.key]'));
      break;
    default:
  }
  return errs;
}

function isJSONBase64(v: unknown): boolean {
  try {
    const txt = Buffer.from(str(v), 'base64').toString('utf8');
    const parsed = JSON.parse(txt);
    return isObj(parsed);
  } catch {
    return false;
  }
}

export function validateSecretUpdate(n: any, o: any): FE[] {
  const errs = validateObjectMetaUpdate(n?.metadata, o?.metadata);
  if (str(n?.type) !== str(o?.type)) errs.push(fe.invalid('type', str(n?.type), FIELD_IMMUTABLE));
  if (o?.immutable === true) {
    if (n?.immutable !== true) errs.push(fe.forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!deepEqual(n?.data, o?.data)) errs.push(fe.forbidden('data', 'field is immutable when `immutable` is set'));
  }
  return errs.concat(validateSecret(n));
}

// ---- ConfigMap ------------------------------------------------------------------------------------

export function validateConfigMap(cm: any): FE[] {
  const errs = validateObjectMeta(cm?.metadata, true, nameIsDNSSubdomain);
  const data = isObj(cm?.data) ? cm.data : {};
  const bin = isObj(cm?.binaryData) ? cm.binaryData : {};
  let total = 0;
  for (const k of sortedKeys(data)) {
    isConfigMapKey(k).forEach((m) => errs.push(fe.invalid(key('data', k), k, m)));
    if (Object.prototype.hasOwnProperty.call(bin, k)) errs.push(fe.invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(str(data[k]), 'utf8');
  }
  for (const k of sortedKeys(bin)) {
    isConfigMapKey(k).forEach((m) => errs.push(fe.invalid(key('binaryData', k), k, m)));
    total += base64Len(bin[k]);
  }
  if (total > MAX_SECRET_SIZE) errs.push(fe.tooLong('', MAX_SECRET_SIZE));
  return errs;
}

export function validateConfigMapUpdate(n: any, o: any): FE[] {
  const errs = validateObjectMetaUpdate(n?.metadata, o?.metadata);
  if (o?.immutable === true) {
    if (n?.immutable !== true) errs.push(fe.forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!deepEqual(n?.data, o?.data)) errs.push(fe.forbidden('data', 'field is immutable when `immutable` is set'));
    if (!deepEqual(n?.binaryData, o?.binaryData)) errs.push(fe.forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  return errs.concat(validateConfigMap(n));
}

// ---- Namespace ------------------------------------------------------------------------------------

function validateFinalizerName(v: string, f: string): FE[] {
  const errs = isQualifiedName(v).map((m) => fe.invalid(f, v, m));
  if (v.split('/').length === 1 && v !== 'kubernetes') {
    errs.push(fe.invalid(f, v, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

export function validateNamespace(ns: any): FE[] {
  const errs = validateObjectMeta(ns?.metadata, false, nameIsDNSLabel);
  arr<string>(ns?.spec?.finalizers).forEach((fin, i) => errs.push(...validateFinalizerName(str(fin), index('spec.finalizers', i))));
  return errs;
}

export function validateNamespaceUpdate(n: any, o: any): FE[] {
  return validateObjectMetaUpdate(n?.metadata, o?.metadata);
}

// ---- Endpoints ------------------------------------------------------------------------------------

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validateEndpoints(ep: any): FE[] {
  const errs = validateObjectMeta(ep?.metadata, true, nameIsDNSSubdomain);
  arr(ep?.subsets).forEach((ss: any, i) => {
    const p = index('subsets', i);
    const addrs = arr(ss?.addresses);
    const nra = arr(ss?.notReadyAddresses);
    if (addrs.length === 0 && nra.length === 0) errs.push(fe.required(p, 'must specify `addresses` or `notReadyAddresses`'));
    const checkAddr = (a: any, ap: string) => {
      const ip = str(a?.ip);
      if (!ipFamilyOf(ip)) errs.push(fe.invalid(child(ap, 'ip'), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      if (str(a?.hostname)) isDNS1123Label(str(a.hostname)).forEach((m) => errs.push(fe.invalid(child(ap, 'hostname'), str(a.hostname), m)));
      if (a?.nodeName !== undefined && a?.nodeName !== null) {
        nameIsDNSSubdomain(str(a.nodeName), false).forEach((m) => errs.push(fe.invalid(child(ap, 'nodeName'), str(a.nodeName), m)));
      }
      if (!ipFamilyOf(ip)) errs.push(fe.invalid(child(ap, 'ip'), ip, 'must be a valid IP address'));
      else errs.push(...validateNonSpecialIP(ip, child(ap, 'ip')));
    };
    addrs.forEach((a, j) => checkAddr(a, index(child(p, 'addresses'), j)));
    nra.forEach((a, j) => checkAddr(a, index(child(p, 'notReadyAddresses'), j)));
    const ports = arr(ss?.ports);
    ports.forEach((port: any, j) => {
      const pp = index(child(p, 'ports'), j);
      const name = str(port?.name);
      if (ports.length > 1 && !name) errs.push(fe.required(child(pp, 'name')));
      else if (name) isDNS1123Label(name).forEach((m) => errs.push(fe.invalid(child(pp, 'name'), name, m)));
      isValidPortNum(num(port?.port)).forEach((m) => errs.push(fe.invalid(child(pp, 'port'), num(port?.port), m)));
      const proto = str(port?.protocol);
      if (!proto) errs.push(fe.required(child(pp, 'protocol')));
      else if (!PROTOCOLS.includes(proto)) errs.push(fe.notSupported(child(pp, 'protocol'), proto, PROTOCOLS));
    });
  });
  return errs;
}

// ---- Event (legacy core/v1 rules) -----------------------------------------------------------------

export function validateEvent(ev: any): FE[] {
  const errs: FE[] = [];
  const ns = str(ev?.metadata?.namespace);
  const ions = str(ev?.involvedObject?.namespace);
  if (!ev?.eventTime) {
    if (!ions) {
      if (ns !== '' && ns !== 'default') errs.push(fe.invalid('involvedObject.namespace', ions, 'does not match event.namespace'));
    } else if (ns !== ions) {
      errs.push(fe.invalid('involvedObject.namespace', ions, 'does not match event.namespace'));
    }
  } else {
    if (!ions && ns !== 'default' && ns !== 'kube-system') errs.push(fe.invalid('involvedObject.namespace', ions, 'does not match event.namespace'));
    const rc = str(ev?.reportingComponent);
    if (!rc) errs.push(fe.required('reportingComponent'));
    isQualifiedName(rc).forEach((m) => errs.push(fe.invalid('reportingComponent', rc, m)));
    if (!str(ev?.reportingInstance)) errs.push(fe.required('reportingInstance'));
    if (str(ev?.reportingInstance).length > 128) errs.push(fe.invalid('reportingInstance', '', 'can have at most 128 characters'));
    if (!str(ev?.action)) errs.push(fe.required('action'));
    if (str(ev?.action).length > 128) errs.push(fe.invalid('action', '', 'can have at most 128 characters'));
    if (!str(ev?.reason)) errs.push(fe.required('reason'));
    if (str(ev?.reason).length > 128) errs.push(fe.invalid('reason', '', 'can have at most 128 characters'));
    if (str(ev?.message).length > 1024) errs.push(fe.invalid('message', '', 'can have at most 1024 characters'));
  }
  isDNS1123Subdomain(ns).forEach((m) => errs.push(fe.invalid('namespace', ns, m)));
  return errs;
}

// ---- Node / ServiceAccount / PVC ------------------------------------------------------------------

export function validateNode(node: any): FE[] {
  const errs = validateObjectMeta(node?.metadata, false, nameIsDNSSubdomain);
  const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  const seen = new Set<string>();
  arr(node?.spec?.taints).forEach((t: any, i) => {
    const p = index('metadata.taints', i);
    isQualifiedName(str(t?.key)).forEach((m) => errs.push(fe.invalid(child(p, 'key'), str(t?.key), m)));
    const eff = str(t?.effect);
    if (!eff) errs.push(fe.required(child(p, 'effect')));
    else if (!effects.includes(eff)) errs.push(fe.notSupported(child(p, 'effect'), eff, effects));
    const k = `${eff}/${str(t?.key)}`;
    if (seen.has(k)) errs.push(fe.duplicate(p, str(t?.key), 'taints must be unique by key and effect pair'));
    seen.add(k);
  });
  return errs;
}

export function validatePersistentVolumeClaim(pvc: any): FE[] {
  const errs = validateObjectMeta(pvc?.metadata, true, nameIsDNSSubdomain);
  const spec = isObj(pvc?.spec) ? pvc.spec : {};
  const modes = arr<string>(spec.accessModes);
  const valid = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
  if (modes.length === 0) errs.push(fe.required('spec.accessModes', 'at least 1 access mode is required'));
  modes.forEach((m) => {
    if (!valid.includes(str(m))) errs.push(fe.notSupported('spec.accessModes', str(m), valid));
  });
  if (!spec.dataSource && !spec.dataSourceRef && !isObj(spec.resources?.requests) ) {
    errs.push(fe.required(key('spec.resources', 'storage'), ''));
  } else if (!spec.dataSource && !spec.dataSourceRef && spec.resources?.requests?.storage === undefined) {
    errs.push(fe.required(key('spec.resources', 'storage'), ''));
  }
  return errs;
}
