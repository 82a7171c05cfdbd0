// PodSpec / Pod / PodTemplateSpec validation (pkg/apis/core/validation/validation.go, v1.32),
// in the API server's order so that multi-error messages line up.

import {
  isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, isConfigMapKey, isRelaxedEnvVarName,
  isQualifiedName, isHTTPHeaderName, isValidLabelValue, isValidIP, inclusiveRangeError, nameIsDNSSubdomain,
} from '../names';
import {
  FE, fe, child, index, key, isObj, arr, str, num, sortedKeys, deepEqual, raw, goQuote, validateNonnegative,
} from './common';
import { validateLabels, validateAnnotations, validateLabelName, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { parseQuantity, formatQuantity, cmp as qcmp, sign as qsign, milliValue } from './quantity';

export interface PodValidationOptions {
  resourceIsPod?: boolean;
}

const FILE_MODE_ERR = 'must be a number between 0 and 0777 (octal), both inclusive';
const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateDNS1123Label(v: string, f: string): FE[] {
  return isDNS1123Label(v).map((m) => fe.invalid(f, v, m));
}
function validateDNS1123Subdomain(v: string, f: string): FE[] {
  return isDNS1123Subdomain(v).map((m) => fe.invalid(f, v, m));
}
function validateQualifiedName(v: string, f: string): FE[] {
  return isQualifiedName(v).map((m) => fe.invalid(f, v, m));
}
function validIP(v: string, f: string): FE[] {
  return isValidIP(v).map((m) => fe.invalid(f, v, m));
}

function isAbs(p: string): boolean {
  return p.startsWith('/');
}

function validatePathNoBacksteps(p: string, f: string): FE[] {
  return p.split('/').includes('..') ? [fe.invalid(f, p, "must not contain '..'")] : [];
}

function validateLocalDescendingPath(p: string, f: string): FE[] {
  const errs: FE[] = [];
  if (isAbs(p)) errs.push(fe.invalid(f, p, 'must be a relative path'));
  return errs.concat(validatePathNoBacksteps(p, f));
}

export function validateLocalNonReservedPath(p: string, f: string): FE[] {
  const errs = validateLocalDescendingPath(p, f);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(fe.invalid(f, p, "must not start with '..'"));
  return errs;
}

function validateMode(mode: unknown, f: string): FE[] {
  if (typeof mode === 'number' && (mode > 0o777 || mode < 0)) return [fe.invalid(f, mode, FILE_MODE_ERR)];
  return [];
}

function validateKeyToPath(kp: any, f: string): FE[] {
  const errs: FE[] = [];
  if (!str(kp?.key)) errs.push(fe.required(child(f, 'key')));
  if (!str(kp?.path)) errs.push(fe.required(child(f, 'path')));
  errs.push(...validateLocalNonReservedPath(str(kp?.path), child(f, 'path')));
  errs.push(...validateMode(kp?.mode, child(f, 'mode')));
  return errs;
}

// ---- downward API field selectors --------------------------------------------------------------

const VALID_ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const VALID_VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const VALID_RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const CONVERTIBLE_FIELD_LABELS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid',
  'spec.nodeName', 'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName',
  'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];

function splitMaybeSubscriptedPath(p: string): [string, string, boolean] {
  if (!p.endsWith("']")) return [p, '', false];
  const s = p.slice(0, -2);
  const i = s.indexOf("['");
  if (i < 0) return [p, '', false];
  if (i === 0) return [p, '', false];
  return [s.slice(0, i), s.slice(i + 2), true];
}

function validateObjectFieldSelector(fs: any, expressions: string[], f: string): FE[] {
  const apiVersion = str(fs?.apiVersion);
  const fieldPath = str(fs?.fieldPath);
  if (!apiVersion) return [fe.required(child(f, 'apiVersion'))];
  if (!fieldPath) return [fe.required(child(f, 'fieldPath'))];
  let internal = fieldPath;
  let err = '';
  if (apiVersion !== 'v1') err = `unsupported pod version: ${apiVersion}`;
  else {
    const [p, , ok] = splitMaybeSubscriptedPath(fieldPath);
    if (ok) {
      if (p !== 'metadata.annotations' && p !== 'metadata.labels') err = `field label does not support subscript: ${fieldPath}`;
    } else if (fieldPath === 'spec.host') internal = 'spec.nodeName';
    else if (!CONVERTIBLE_FIELD_LABELS.includes(fieldPath)) err = `field label not supported: ${fieldPath}`;
  }
  if (err) return [fe.invalid(child(f, 'fieldPath'), fieldPath, `error converting fieldPath: ${err}`)];
  const [p, sub, ok] = splitMaybeSubscriptedPath(internal);
  if (ok) {
    if (p === 'metadata.annotations') return validateQualifiedName(sub.toLowerCase(), f);
    if (p === 'metadata.labels') return validateQualifiedName(sub, f);
    return [fe.invalid(f, p, 'does not support subscript')];
  }
  if (!expressions.includes(p)) return [fe.notSupported(child(f, 'fieldPath'), p, expressions)];
  return [];
}

function validateContainerResourceFieldSelector(fs: any, f: string, volume: boolean): FE[] {
  const errs: FE[] = [];
  const resource = str(fs?.resource);
  if (volume && !str(fs?.containerName)) errs.push(fe.required(child(f, 'containerName')));
  else if (!resource) errs.push(fe.required(child(f, 'resource')));
  else if (!VALID_RESOURCE_FIELD_PATHS.includes(resource)
    && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    errs.push(fe.notSupported(child(f, 'resource'), resource, VALID_RESOURCE_FIELD_PATHS));
  }
  const divisor = fs?.divisor;
  if (divisor !== undefined && divisor !== null && divisor !== '0' && divisor !== 0) {
    const q = parseQuantity(divisor);
    const d = q ? formatQuantity(q) : String(divisor);
    if (resource === 'limits.cpu' || resource === 'requests.cpu') {
      if (!['1m', '1'].includes(d)) errs.push(fe.invalid(child(f, 'divisor'), resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
    } else if (resource === 'limits.memory' || resource === 'requests.memory') {
      if (!MEM_DIVISORS.includes(d)) errs.push(fe.invalid(child(f, 'divisor'), resource, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"));
    } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
      if (!MEM_DIVISORS.includes(d)) errs.push(fe.invalid(child(f, 'divisor'), resource, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource"));
    }
  }
  return errs;
}
const MEM_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

function validateDownwardAPIVolumeFile(file: any, f: string): FE[] {
  const errs: FE[] = [];
  if (!str(file?.path)) errs.push(fe.required(child(f, 'path')));
  errs.push(...validateLocalNonReservedPath(str(file?.path), child(f, 'path')));
  if (isObj(file?.fieldRef)) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VALID_VOLUME_FIELD_PATHS, child(f, 'fieldRef')));
    if (isObj(file?.resourceFieldRef)) errs.push(fe.invalid(f, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isObj(file?.resourceFieldRef)) {
    errs.push(...validateContainerResourceFieldSelector(file.resourceFieldRef, child(f, 'resourceFieldRef'), true));
  } else {
    errs.push(fe.required(f, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateMode(file?.mode, child(f, 'mode')));
  return errs;
}

// ---- volumes ------------------------------------------------------------------------------------

/** VolumeSource keys in the order validateVolumeSource visits them, with the path name it uses on conflicts. */
const VOLUME_SOURCES: [string, string][] = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'],
  ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'],
  ['flexVolume', 'flexVolume'], ['configMap', 'configMap'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'], ['projected', 'projected'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function validateVolumeSource(vol: any, f: string): FE[] {
  const errs: FE[] = [];
  let n = 0;
  for (const [k, conflictName] of VOLUME_SOURCES) {
    const src = vol[k];
    if (src === undefined || src === null) continue;
    if (n > 0) {
      errs.push(fe.forbidden(child(f, conflictName), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    const p = child(f, k);
    switch (k) {
      case 'emptyDir': {
        const q = src.sizeLimit !== undefined ? parseQuantity(src.sizeLimit) : null;
        if (q && qsign(q) < 0) errs.push(fe.forbidden(child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
        break;
      }
      case 'hostPath': {
        const hp = str(src.path);
        if (!hp) {
          errs.push(fe.required(child(p, 'path')));
          break;
        }
        errs.push(...validatePathNoBacksteps(hp, child(p, 'path')));
        if (src.type !== undefined && src.type !== null && !HOST_PATH_TYPES.includes(str(src.type))) {
          errs.push(fe.notSupported(child(p, 'type'), str(src.type), HOST_PATH_TYPES));
        }
        break;
      }
      case 'gitRepo':
        if (!str(src.repository)) errs.push(fe.required(child(p, 'repository')));
        errs.push(...validateLocalDescendingPath(str(src.directory), child(p, 'directory')));
        break;
      case 'secret':
        if (!str(src.secretName)) errs.push(fe.required(child(p, 'secretName')));
        errs.push(...validateMode(src.defaultMode, child(p, 'defaultMode')));
        arr(src.items).forEach((kp, i) => errs.push(...validateKeyToPath(kp, index(child(p, 'items'), i))));
        break;
      case 'configMap':
        if (!str(src.name)) errs.push(fe.required(child(p, 'name')));
        errs.push(...validateMode(src.defaultMode, child(p, 'defaultMode')));
        arr(src.items).forEach((kp, i) => errs.push(...validateKeyToPath(kp, index(child(p, 'items'), i))));
        break;
      case 'nfs':
        if (!str(src.server)) errs.push(fe.required(child(p, 'server')));
        if (!str(src.path)) errs.push(fe.required(child(p, 'path')));
        if (!isAbs(str(src.path))) errs.push(fe.invalid(child(p, 'path'), str(src.path), 'must be an absolute path'));
        break;
      case 'persistentVolumeClaim':
        if (!str(src.claimName)) errs.push(fe.required(child(p, 'claimName')));
        break;
      case 'downwardAPI':
        errs.push(...validateMode(src.defaultMode, child(p, 'defaultMode')));
        for (const file of arr(src.items)) errs.push(...validateDownwardAPIVolumeFile(file, p));
        break;
      case 'projected':
        errs.push(...validateMode(src.defaultMode, child(p, 'defaultMode')));
        errs.push(...validateProjectionSources(src, p));
        break;
      case 'csi':
        if (!str(src.driver)) errs.push(fe.required(child(p, 'driver')));
        break;
      default:
    }
  }
  if (n === 0) errs.push(fe.required(f, 'must specify a volume type'));
  return errs;
}

function validateProjectionSources(projection: any, f: string): FE[] {
  const errs: FE[] = [];
  const allPaths = new Set<string>();
  arr(projection.sources).forEach((source: any, i) => {
    let n = 0;
    const srcPath = index(child(f, 'sources'), i);
    for (const kind of ['secret', 'configMap'] as const) {
      const s = source?.[kind];
      if (!isObj(s)) continue;
      n++;
      const pp = child(srcPath, kind);
      if (!str(s.name)) errs.push(fe.required(child(pp, 'name')));
      arr(s.items).forEach((kp: any, j) => {
        errs.push(...validateKeyToPath(kp, index(child(pp, 'items'), j)));
        const p = str(kp?.path);
        if (p) {
          if (allPaths.has(p)) errs.push(fe.invalid(f, str(s.name), 'conflicting duplicate paths'));
          else allPaths.add(p);
        }
      });
    }
    if (isObj(source?.downwardAPI)) {
      n++;
      const pp = child(srcPath, 'downwardAPI');
      for (const file of arr(source.downwardAPI.items)) {
        errs.push(...validateDownwardAPIVolumeFile(file, pp));
        const p = str((file as any)?.path);
        if (p) {
          if (allPaths.has(p)) errs.push(fe.invalid(f, p, 'conflicting duplicate paths'));
          else allPaths.add(p);
        }
      }
    }
    if (isObj(source?.serviceAccountToken)) {
      n++;
      const sat = source.serviceAccountToken;
      const pp = child(srcPath, 'serviceAccountToken');
      const exp = typeof sat.expirationSeconds === 'number' ? sat.expirationSeconds : 3600;
      if (exp < 600) errs.push(fe.invalid(child(pp, 'expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(fe.invalid(child(pp, 'expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!str(sat.path)) errs.push(fe.required(child(f, 'path')));
      else errs.push(...validateLocalNonReservedPath(str(sat.path), child(f, 'path')));
    }
    if (isObj(source?.clusterTrustBundle)) n++;
    if (n > 1) errs.push(fe.forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

/** ValidateVolumes: returns the map of valid volumes (name -> source) and the errors. */
export function validateVolumes(volumes: unknown, f: string): { vols: Map<string, any>; errs: FE[] } {
  const errs: FE[] = [];
  const vols = new Map<string, any>();
  const names = new Set<string>();
  arr(volumes).forEach((vol: any, i) => {
    const p = index(f, i);
    const np = child(p, 'name');
    const name = str(vol?.name);
    const el = validateVolumeSource(isObj(vol) ? vol : {}, p);
    if (!name) el.push(fe.required(np));
    else el.push(...validateDNS1123Label(name, np));
    if (names.has(name)) el.push(fe.duplicate(np, name));
    if (el.length === 0) {
      names.add(name);
      vols.set(name, vol);
    } else errs.push(...el);
  });
  return { vols, errs };
}

// ---- containers ---------------------------------------------------------------------------------

function validateContainerPorts(ports: unknown, f: string): FE[] {
  const errs: FE[] = [];
  const names = new Set<string>();
  arr(ports).forEach((port: any, i) => {
    const p = index(f, i);
    const name = str(port?.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) msgs.forEach((m) => errs.push(fe.invalid(child(p, 'name'), name, m)));
      else if (names.has(name)) errs.push(fe.duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const cp = num(port?.containerPort);
    if (cp === 0) errs.push(fe.required(child(p, 'containerPort')));
    else isValidPortNum(cp).forEach((m) => errs.push(fe.invalid(child(p, 'containerPort'), cp, m)));
    const hp = num(port?.hostPort);
    if (hp !== 0) isValidPortNum(hp).forEach((m) => errs.push(fe.invalid(child(p, 'hostPort'), hp, m)));
    const proto = str(port?.protocol);
    if (!proto) errs.push(fe.required(child(p, 'protocol')));
    else if (!SUPPORTED_PROTOCOLS.includes(proto)) errs.push(fe.notSupported(child(p, 'protocol'), proto, SUPPORTED_PROTOCOLS));
  });
  return errs;
}

function validateEnv(vars: unknown, f: string): FE[] {
  const errs: FE[] = [];
  arr(vars).forEach((ev: any, i) => {
    const p = index(f, i);
    const name = str(ev?.name);
    if (!name) errs.push(fe.required(child(p, 'name')));
    else isRelaxedEnvVarName(name).forEach((m) => errs.push(fe.invalid(child(p, 'name'), name, m)));
    errs.push(...validateEnvVarValueFrom(ev, child(p, 'valueFrom')));
  });
  return errs;
}

function validateKeySelector(s: any, f: string): FE[] {
  const errs: FE[] = [];
  const name = str(s?.name);
  nameIsDNSSubdomain(name, false).forEach((m) => errs.push(fe.invalid(child(f, 'name'), name, m)));
  const k = str(s?.key);
  if (!k) errs.push(fe.required(child(f, 'key')));
  else isConfigMapKey(k).forEach((m) => errs.push(fe.invalid(child(f, 'key'), k, m)));
  return errs;
}

function validateEnvVarValueFrom(ev: any, f: string): FE[] {
  const errs: FE[] = [];
  const vf = ev?.valueFrom;
  if (!isObj(vf)) return errs;
  let n = 0;
  if (isObj(vf.fieldRef)) {
    n++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, VALID_ENV_FIELD_PATHS, child(f, 'fieldRef')));
  }
  if (isObj(vf.resourceFieldRef)) {
    n++;
    errs.push(...validateContainerResourceFieldSelector(vf.resourceFieldRef, child(f, 'resourceFieldRef'), false));
  }
  if (isObj(vf.configMapKeyRef)) {
    n++;
    errs.push(...validateKeySelector(vf.configMapKeyRef, child(f, 'configMapKeyRef')));
  }
  if (isObj(vf.secretKeyRef)) {
    n++;
    errs.push(...validateKeySelector(vf.secretKeyRef, child(f, 'secretKeyRef')));
  }
  if (n === 0) errs.push(fe.invalid(f, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(ev?.value)) errs.push(fe.invalid(f, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) errs.push(fe.invalid(f, '', 'may not have more than one field specified at a time'));
  return errs;
}

function validateEnvFrom(list: unknown, f: string): FE[] {
  const errs: FE[] = [];
  arr(list).forEach((ev: any, i) => {
    const p = index(f, i);
    const prefix = str(ev?.prefix);
    if (prefix) isRelaxedEnvVarName(prefix).forEach((m) => errs.push(fe.invalid(child(p, 'prefix'), prefix, m)));
    let n = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      if (!isObj(ev?.[k])) continue;
      n++;
      const name = str(ev[k].name);
      if (!name) errs.push(fe.required(child(p, k, 'name')));
      else nameIsDNSSubdomain(name, true).forEach((m) => errs.push(fe.invalid(child(p, k, 'name'), name, m)));
    }
    if (n === 0) errs.push(fe.invalid(f, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(fe.invalid(f, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, devices: Map<string, string>, vols: Map<string, any>, ctr: any, f: string): FE[] {
  const errs: FE[] = [];
  const mountpoints = new Set<string>();
  const devPaths = new Set(devices.values());
  arr(mounts).forEach((m: any, i) => {
    const p = index(f, i);
    const name = str(m?.name);
    const mp = str(m?.mountPath);
    if (!name) errs.push(fe.required(child(p, 'name')));
    if (!vols.has(name)) errs.push(fe.notFound(child(p, 'name'), name));
    if (!mp) errs.push(fe.required(child(p, 'mountPath')));
    if (mountpoints.has(mp)) errs.push(fe.invalid(child(p, 'mountPath'), mp, 'must be unique'));
    mountpoints.add(mp);
    if (devices.has(name)) errs.push(fe.invalid(child(p, 'name'), name, 'must not already exist in volumeDevices'));
    if (devPaths.has(mp)) errs.push(fe.invalid(child(p, 'mountPath'), mp, 'must not already exist as a path in volumeDevices'));
    const sp = str(m?.subPath);
    const spe = str(m?.subPathExpr);
    if (sp) errs.push(...validateLocalDescendingPath(sp, child(f, 'subPath')));
    if (spe) {
      if (sp) errs.push(fe.invalid(child(p, 'subPathExpr'), spe, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(spe, child(f, 'subPathExpr')));
    }
    const prop = m?.mountPropagation;
    if (prop !== undefined && prop !== null) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(str(prop))) errs.push(fe.notSupported(child(f, 'mountPropagation'), str(prop), supported));
      const privileged = ctr?.securityContext?.privileged === true;
      if (prop === 'Bidirectional' && !privileged) {
        errs.push(fe.forbidden(child(f, 'mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
  });
  return errs;
}

function validateVolumeDevices(devices: unknown, mounts: Map<string, string>, vols: Map<string, any>, f: string): FE[] {
  const errs: FE[] = [];
  const paths = new Set<string>();
  const names = new Set<string>();
  const mountPaths = new Set(mounts.values());
  arr(devices).forEach((d: any, i) => {
    const p = index(f, i);
    const name = str(d?.name);
    const dp = str(d?.devicePath);
    const vol = vols.get(name);
    const isPVC = vol && (vol.persistentVolumeClaim || vol.ephemeral);
    if (!name) errs.push(fe.required(child(p, 'name')));
    if (names.has(name)) errs.push(fe.invalid(child(p, 'name'), name, 'must be unique'));
    if (vol && !isPVC) errs.push(fe.invalid(child(p, 'name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    if (!vol) errs.push(fe.notFound(child(p, 'name'), name));
    if (!dp) errs.push(fe.required(child(p, 'devicePath')));
    if (paths.has(dp)) errs.push(fe.invalid(child(p, 'devicePath'), dp, 'must be unique'));
    if (dp && dp.split('/').includes('..')) errs.push(fe.invalid(child(p, 'devicePath'), dp, "can not contain backsteps ('..')"));
    else paths.add(dp);
    if (mounts.has(name)) errs.push(fe.invalid(child(p, 'name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(dp)) errs.push(fe.invalid(child(p, 'devicePath'), dp, 'must not already exist as a path in volumeMounts'));
    if (name) names.add(name);
  });
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validatePullPolicy(policy: unknown, f: string): FE[] {
  const p = str(policy);
  if (PULL_POLICIES.includes(p)) return [];
  if (!p) return [fe.required(f)];
  return [fe.notSupported(f, p, PULL_POLICIES)];
}

// ---- resources ----------------------------------------------------------------------------------

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers']);
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isHugePage(name: string): boolean {
  return name.startsWith('hugepages-');
}
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}
function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName('requests.' + name).length === 0;
}
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePage(name);
}

function validateContainerResourceName(name: string, f: string): FE[] {
  const errs = validateQualifiedName(name, f);
  if (errs.length) return errs;
  if (name.split('/').length === 1) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePage(name)) return [fe.invalid(f, name, 'must be a standard resource type or fully qualified')];
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePage(name)) return [fe.invalid(f, name, 'must be a standard resource for containers')];
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    return [fe.invalid(f, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

function validateResourceQuantityValue(name: string, v: unknown, f: string): FE[] {
  const errs: FE[] = [];
  const q = parseQuantity(v);
  if (!q) return errs; // undecodable quantities are rejected before validation
  if (qsign(q) < 0) errs.push(fe.invalid(f, formatQuantity(q), 'must be greater than or equal to 0'));
  const isInteger = !isNativeResource(name) || ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
    'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'].includes(name);
  if (isInteger && milliValue(q) % 1000n !== 0n) errs.push(fe.invalid(f, formatQuantity(q), 'must be an integer'));
  return errs;
}

function validateResourceRequirements(res: any, f: string): FE[] {
  const errs: FE[] = [];
  const limPath = child(f, 'limits');
  const reqPath = child(f, 'requests');
  const limits = isObj(res?.limits) ? res.limits : {};
  const requests = isObj(res?.requests) ? res.requests : {};
  let limCPUMem = false;
  let reqCPUMem = false;
  let hp = false;
  for (const name of sortedKeys(limits)) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, limits[name], p));
    if (isHugePage(name)) hp = true;
    if (name === 'cpu' || name === 'memory') limCPUMem = true;
  }
  for (const name of sortedKeys(requests)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, requests[name], p));
    if (Object.prototype.hasOwnProperty.call(limits, name)) {
      const rq = parseQuantity(requests[name]);
      const lq = parseQuantity(limits[name]);
      if (rq && lq) {
        const c = qcmp(rq, lq);
        if (c !== 0 && !isOvercommitAllowed(name)) {
          errs.push(fe.invalid(reqPath, formatQuantity(rq), `must be equal to ${name} limit of ${formatQuantity(lq)}`));
        } else if (c > 0) {
          errs.push(fe.invalid(reqPath, formatQuantity(rq), `must be less than or equal to ${name} limit of ${formatQuantity(lq)}`));
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(fe.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePage(name)) hp = true;
    if (name === 'cpu' || name === 'memory') reqCPUMem = true;
  }
  if (!limCPUMem && !reqCPUMem && hp) errs.push(fe.forbidden(f, 'HugePages require cpu or memory'));
  return errs;
}

// ---- probes and handlers -------------------------------------------------------------------------

export function validatePortNumOrName(port: unknown, f: string): FE[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => fe.invalid(f, port, m));
  const n = typeof port === 'number' ? port : 0;
  return isValidPortNum(n).map((m) => fe.invalid(f, n, m));
}

function validateHandler(h: any, gracePeriod: number | undefined, f: string, allowSleep: boolean): FE[] {
  const errs: FE[] = [];
  let n = 0;
  const kinds = allowSleep ? ['exec', 'httpGet', 'tcpSocket', 'sleep'] : ['exec', 'httpGet', 'tcpSocket', 'grpc'];
  for (const k of kinds) {
    const a = h?.[k];
    if (!isObj(a)) continue;
    if (n > 0) {
      errs.push(fe.forbidden(child(f, k), 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const p = child(f, k);
    switch (k) {
      case 'exec':
        if (arr(a.command).length === 0) errs.push(fe.required(child(p, 'command')));
        break;
      case 'httpGet': {
        if (!str(a.path)) errs.push(fe.required(child(p, 'path')));
        errs.push(...validatePortNumOrName(a.port, child(p, 'port')));
        const scheme = str(a.scheme);
        if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(fe.notSupported(child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']));
        for (const hd of arr(a.httpHeaders)) {
          const hn = str((hd as any)?.name);
          isHTTPHeaderName(hn).forEach((m) => errs.push(fe.invalid(child(p, 'httpHeaders'), hn, m)));
        }
        break;
      }
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(a.port, child(p, 'port')));
        break;
      case 'grpc':
        errs.push(...validatePortNumOrName(num(a.port), child(p, 'port')));
        break;
      case 'sleep': {
        const s = num(a.seconds);
        if (gracePeriod !== undefined && (s <= 0 || s > gracePeriod)) {
          errs.push(fe.invalid(p, s, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`));
        }
        break;
      }
      default:
    }
  }
  if (n === 0) errs.push(fe.required(f, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: any, gracePeriod: number | undefined, f: string): FE[] {
  const errs: FE[] = [];
  errs.push(...validateHandler(probe, gracePeriod, f, false));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(probe[k], child(f, k)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps <= 0) errs.push(fe.invalid(child(f, 'terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  return errs;
}

function validateLivenessLike(probe: any, gracePeriod: number | undefined, f: string): FE[] {
  if (!isObj(probe)) return [];
  const errs = validateProbe(probe, gracePeriod, f);
  const st = typeof probe.successThreshold === 'number' ? probe.successThreshold : 0;
  if (st !== 1) errs.push(fe.invalid(child(f, 'successThreshold'), st, 'must be 1'));
  return errs;
}

function validateReadinessProbe(probe: any, gracePeriod: number | undefined, f: string): FE[] {
  if (!isObj(probe)) return [];
  const errs = validateProbe(probe, gracePeriod, f);
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(fe.invalid(child(f, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateLifecycle(lc: any, gracePeriod: number | undefined, f: string): FE[] {
  const errs: FE[] = [];
  if (isObj(lc?.postStart)) errs.push(...validateHandler(lc.postStart, gracePeriod, child(f, 'postStart'), true));
  if (isObj(lc?.preStop)) errs.push(...validateHandler(lc.preStop, gracePeriod, child(f, 'preStop'), true));
  return errs;
}

function validateSecurityContext(sc: any, f: string): FE[] {
  const errs: FE[] = [];
  if (!isObj(sc)) return errs;
  for (const k of ['runAsUser', 'runAsGroup']) {
    const v = sc[k];
    if (typeof v === 'number' && (v < 0 || v > 0xffffffff)) errs.push(fe.invalid(child(f, k), v, inclusiveRangeError(0, 0xffffffff)));
  }
  if (sc.procMount !== undefined && sc.procMount !== null && !['Default', 'Unmasked'].includes(str(sc.procMount))) {
    errs.push(fe.notSupported(child(f, 'procMount'), str(sc.procMount), ['Default', 'Unmasked']));
  }
  return errs;
}

function validateResizePolicy(list: unknown, f: string, podRestartPolicy: string): FE[] {
  const errs: FE[] = [];
  const seen = new Set<string>();
  arr(list).forEach((p: any, i) => {
    const rn = str(p?.resourceName);
    const rp = str(p?.restartPolicy);
    if (seen.has(rn)) errs.push(fe.duplicate(index(f, i), rn));
    seen.add(rn);
    if (!rn) errs.push(fe.required(f));
    else if (rn !== 'cpu' && rn !== 'memory') errs.push(fe.notSupported(f, rn, ['cpu', 'memory']));
    if (!rp) errs.push(fe.required(f));
    else if (rp !== 'NotRequired' && rp !== 'RestartContainer') errs.push(fe.notSupported(f, rp, ['NotRequired', 'RestartContainer']));
    if (podRestartPolicy === 'Never' && rp !== 'NotRequired') errs.push(fe.invalid(f, rp, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs;
}

function validateContainerCommon(ctr: any, vols: Map<string, any>, f: string, podRestartPolicy: string): FE[] {
  const errs: FE[] = [];
  const name = str(ctr?.name);
  if (!name) errs.push(fe.required(child(f, 'name')));
  else errs.push(...validateDNS1123Label(name, child(f, 'name')));
  if (!str(ctr?.image)) errs.push(fe.required(child(f, 'image')));
  const tmp = str(ctr?.terminationMessagePolicy);
  if (!tmp) errs.push(fe.required(child(f, 'terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(fe.notSupported(child(f, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  const mounts = new Map<string, string>();
  for (const m of arr(ctr?.volumeMounts)) mounts.set(str((m as any)?.name), str((m as any)?.mountPath));
  const devices = new Map<string, string>();
  for (const d of arr(ctr?.volumeDevices)) devices.set(str((d as any)?.name), str((d as any)?.devicePath));
  errs.push(...validateContainerPorts(ctr?.ports, child(f, 'ports')));
  errs.push(...validateEnv(ctr?.env, child(f, 'env')));
  errs.push(...validateEnvFrom(ctr?.envFrom, child(f, 'envFrom')));
  errs.push(...validateVolumeMounts(ctr?.volumeMounts, devices, vols, ctr, child(f, 'volumeMounts')));
  errs.push(...validateVolumeDevices(ctr?.volumeDevices, mounts, vols, child(f, 'volumeDevices')));
  errs.push(...validatePullPolicy(ctr?.imagePullPolicy, child(f, 'imagePullPolicy')));
  errs.push(...validateResourceRequirements(ctr?.resources, child(f, 'resources')));
  errs.push(...validateResizePolicy(ctr?.resizePolicy, child(f, 'resizePolicy'), podRestartPolicy));
  errs.push(...validateSecurityContext(ctr?.securityContext, child(f, 'securityContext')));
  return errs;
}

function checkHostPortConflicts(containers: any[], f: string): FE[] {
  const errs: FE[] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    arr(ctr?.ports).forEach((port: any, pi) => {
      const hp = num(port?.hostPort);
      if (hp === 0) return;
      const k = `${str(port?.protocol)}/${str(port?.hostIP)}/${hp}`;
      if (seen.has(k)) errs.push(fe.duplicate(child(index(child(index(f, ci), 'ports'), pi), 'hostPort'), k));
      else seen.add(k);
    });
  });
  return errs;
}

function validateContainers(containers: unknown, vols: Map<string, any>, gracePeriod: number | undefined, f: string, podRestartPolicy: string): FE[] {
  const list = arr(containers);
  if (list.length === 0) return [fe.required(f)];
  const errs: FE[] = [];
  const names = new Set<string>();
  list.forEach((ctr: any, i) => {
    const p = index(f, i);
    errs.push(...validateContainerCommon(ctr, vols, p, podRestartPolicy));
    const name = str(ctr?.name);
    if (names.has(name)) errs.push(fe.duplicate(child(p, 'name'), name));
    else names.add(name);
    if (isObj(ctr?.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, gracePeriod, child(p, 'lifecycle')));
    errs.push(...validateLivenessLike(ctr?.livenessProbe, gracePeriod, child(p, 'livenessProbe')));
    errs.push(...validateReadinessProbe(ctr?.readinessProbe, gracePeriod, child(p, 'readinessProbe')));
    errs.push(...validateLivenessLike(ctr?.startupProbe, gracePeriod, child(p, 'startupProbe')));
    if (ctr?.restartPolicy !== undefined && ctr?.restartPolicy !== null) {
      errs.push(fe.forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  errs.push(...checkHostPortConflicts(list, f));
  return errs;
}

function validateInitContainers(containers: unknown, regular: unknown, vols: Map<string, any>, gracePeriod: number | undefined, f: string, podRestartPolicy: string): FE[] {
  const errs: FE[] = [];
  const names = new Set(arr(regular).map((c: any) => str(c?.name)));
  arr(containers).forEach((ctr: any, i) => {
    const p = index(f, i);
    errs.push(...validateContainerCommon(ctr, vols, p, podRestartPolicy));
    let restartAlways = false;
    if (ctr?.restartPolicy !== undefined && ctr?.restartPolicy !== null) {
      if (ctr.restartPolicy !== 'Always') errs.push(fe.notSupported(child(p, 'restartPolicy'), str(ctr.restartPolicy), ['Always']));
      restartAlways = ctr.restartPolicy === 'Always';
    }
    const name = str(ctr?.name);
    if (names.has(name)) errs.push(fe.duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    errs.push(...checkHostPortConflicts([ctr], f));
    if (restartAlways) {
      if (isObj(ctr.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, gracePeriod, child(p, 'lifecycle')));
      errs.push(...validateLivenessLike(ctr.livenessProbe, gracePeriod, child(p, 'livenessProbe')));
      errs.push(...validateReadinessProbe(ctr.readinessProbe, gracePeriod, child(p, 'readinessProbe')));
      errs.push(...validateLivenessLike(ctr.startupProbe, gracePeriod, child(p, 'startupProbe')));
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (ctr?.[k] !== undefined && ctr?.[k] !== null) errs.push(fe.forbidden(child(p, k), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

// ---- pod spec -----------------------------------------------------------------------------------

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTolerations(tolerations: unknown, f: string): FE[] {
  const errs: FE[] = [];
  arr(tolerations).forEach((t: any, i) => {
    const p = index(f, i);
    const k = str(t?.key);
    const op = str(t?.operator);
    const effect = str(t?.effect);
    const value = str(t?.value);
    if (k) errs.push(...validateLabelName(k, child(p, 'key')));
    if (!k && op !== 'Exists') {
      errs.push(fe.invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t?.tolerationSeconds !== undefined && t?.tolerationSeconds !== null && effect !== 'NoExecute') {
      errs.push(fe.invalid(child(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const ve = isValidLabelValue(value);
      if (ve.length) errs.push(fe.invalid(child(p, 'operator'), value, ve.join(';')));
    } else if (op === 'Exists') {
      if (value) errs.push(fe.invalid(child(p, 'operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(fe.notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(fe.notSupported(child(p, 'effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

function validatePodDNSConfig(cfg: any, dnsPolicy: string, f: string): FE[] {
  const errs: FE[] = [];
  if (dnsPolicy === 'None') {
    if (!isObj(cfg)) return [fe.required(f, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arr(cfg.nameservers).length === 0) return [fe.required(child(f, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isObj(cfg)) return errs;
  const ns = arr<string>(cfg.nameservers);
  if (ns.length > 3) errs.push(fe.invalid(child(f, 'nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => errs.push(...validIP(str(n), index(child(f, 'nameservers'), i))));
  const searches = arr<string>(cfg.searches).map(str);
  if (searches.length > 32) errs.push(fe.invalid(child(f, 'searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(fe.invalid(child(f, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  // RelaxedDNSSearchValidation is alpha (off) in 1.32: searches are plain DNS subdomains
  searches.forEach((s, i) => {
    const t = s.endsWith('.') ? s.slice(0, -1) : s;
    errs.push(...validateDNS1123Subdomain(t, index(child(f, 'searches'), i)));
  });
  arr(cfg.options).forEach((o: any, i) => {
    if (!str(o?.name)) errs.push(fe.required(index(child(f, 'options'), i), 'must not be empty'));
  });
  return errs;
}

function validatePodSecurityContext(sc: any, f: string): FE[] {
  const errs: FE[] = [];
  if (!isObj(sc)) return errs;
  for (const k of ['fsGroup', 'runAsUser', 'runAsGroup']) {
    const v = sc[k];
    if (typeof v === 'number' && (v < 0 || v > 0xffffffff)) errs.push(fe.invalid(child(f, k), v, inclusiveRangeError(0, 0xffffffff)));
  }
  arr(sc.supplementalGroups).forEach((g: any, i) => {
    if (typeof g === 'number' && (g < 0 || g > 0xffffffff)) errs.push(fe.invalid(index(child(f, 'supplementalGroups'), i), g, inclusiveRangeError(0, 0xffffffff)));
  });
  if (sc.fsGroupChangePolicy !== undefined && sc.fsGroupChangePolicy !== null && !['Always', 'OnRootMismatch'].includes(str(sc.fsGroupChangePolicy))) {
    errs.push(fe.notSupported(child(f, 'fsGroupChangePolicy'), str(sc.fsGroupChangePolicy), ['Always', 'OnRootMismatch']));
  }
  return errs;
}

/** ValidatePodSpec */
export function validatePodSpec(spec: any, f: string, opts: PodValidationOptions = {}): FE[] {
  const s = isObj(spec) ? spec : {};
  const errs: FE[] = [];
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) {
    errs.push(fe.required(child(f, 'terminationGracePeriodSeconds')));
  }
  const grace = typeof s.terminationGracePeriodSeconds === 'number' ? s.terminationGracePeriodSeconds : undefined;
  const restartPolicy = str(s.restartPolicy);
  const { vols, errs: vErrs } = validateVolumes(s.volumes, child(f, 'volumes'));
  errs.push(...vErrs);
  errs.push(...validateContainers(s.containers, vols, grace, child(f, 'containers'), restartPolicy));
  errs.push(...validateInitContainers(s.initContainers, s.containers, vols, grace, child(f, 'initContainers'), restartPolicy));
  if (s.hostNetwork === true) {
    arr(s.containers).forEach((c: any, i) => {
      arr(c?.ports).forEach((port: any, j) => {
        const hp = num(port?.hostPort);
        const cp = num(port?.containerPort);
        if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
          errs.push(fe.invalid(child(index(child(index(child(f, 'containers'), i), 'ports'), j), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      });
    });
  }
  if (!restartPolicy) errs.push(fe.required(child(f, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(restartPolicy)) errs.push(fe.notSupported(child(f, 'restartPolicy'), restartPolicy, RESTART_POLICIES));
  const dnsPolicy = str(s.dnsPolicy);
  if (!dnsPolicy) errs.push(fe.required(child(f, 'dnsPolicy')));
  else if (!DNS_POLICIES.includes(dnsPolicy)) errs.push(fe.notSupported(child(f, 'dnsPolicy'), dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, child(f, 'nodeSelector')));
  errs.push(...validatePodSecurityContext(s.securityContext, child(f, 'securityContext')));
  arr(s.imagePullSecrets).forEach((ps: any, i) => {
    if (isObj(ps) && Object.keys(ps).some((k) => k !== 'name')) {
      errs.push(fe.invalid(index(child(f, 'imagePullSecrets'), i), raw(`core.LocalObjectReference{Name:${goQuote(str(ps.name))}}`), 'only name may be set'));
    }
  });
  errs.push(...validatePodDNSConfig(s.dnsConfig, dnsPolicy, child(f, 'dnsConfig')));
  arr(s.readinessGates).forEach((g: any, i) => errs.push(...validateQualifiedName(str(g?.conditionType), child(index(child(f, 'readinessGates'), i), 'conditionType'))));
  const gates = new Set<string>();
  arr(s.schedulingGates).forEach((g: any, i) => {
    const n = str(g?.name);
    errs.push(...validateQualifiedName(n, index(child(f, 'schedulingGates'), i)));
    if (gates.has(n)) errs.push(fe.duplicate(index(child(f, 'schedulingGates'), i), n));
    gates.add(n);
  });
  if (str(s.serviceAccountName)) {
    nameIsDNSSubdomain(str(s.serviceAccountName), false).forEach((m) => errs.push(fe.invalid(child(f, 'serviceAccountName'), str(s.serviceAccountName), m)));
  }
  if (str(s.nodeName)) {
    nameIsDNSSubdomain(str(s.nodeName), false).forEach((m) => errs.push(fe.invalid(child(f, 'nodeName'), str(s.nodeName), m)));
  }
  if (typeof s.activeDeadlineSeconds === 'number' && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 2147483647)) {
    errs.push(fe.invalid(child(f, 'activeDeadlineSeconds'), s.activeDeadlineSeconds, inclusiveRangeError(1, 2147483647)));
  }
  if (str(s.hostname)) errs.push(...validateDNS1123Label(str(s.hostname), child(f, 'hostname')));
  if (str(s.subdomain)) errs.push(...validateDNS1123Label(str(s.subdomain), child(f, 'subdomain')));
  errs.push(...validateTolerations(s.tolerations, child(f, 'tolerations')));
  arr(s.hostAliases).forEach((ha: any, i) => {
    const p = index(child(f, 'hostAliases'), i);
    errs.push(...validIP(str(ha?.ip), child(p, 'ip')));
    arr(ha?.hostnames).forEach((h: any, j) => errs.push(...validateDNS1123Subdomain(str(h), index(child(p, 'hostnames'), j))));
  });
  if (str(s.priorityClassName)) {
    nameIsDNSSubdomain(str(s.priorityClassName), false).forEach((m) => errs.push(fe.invalid(child(f, 'priorityClassName'), str(s.priorityClassName), m)));
  }
  if (s.runtimeClassName !== undefined && s.runtimeClassName !== null) {
    nameIsDNSSubdomain(str(s.runtimeClassName), false).forEach((m) => errs.push(fe.invalid(child(f, 'runtimeClassName'), str(s.runtimeClassName), m)));
  }
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null) {
    const pp = str(s.preemptionPolicy);
    if (!pp) errs.push(fe.required(child(f, 'preemptionPolicy')));
    else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') errs.push(fe.notSupported(child(f, 'preemptionPolicy'), pp, ['PreemptLowerPriority', 'Never']));
  }
  if (isObj(s.os)) {
    const os = str(s.os.name);
    if (!os) errs.push(fe.required(child(f, 'os', 'name')));
    else if (os !== 'linux' && os !== 'windows') errs.push(fe.notSupported(child(f, 'os', 'name'), os, ['linux', 'windows']));
  }
  return errs;
}

/** validatePodMetadataAndSpec + ValidatePodCreate's extra checks. */
export function validatePod(pod: any, create = true): FE[] {
  const errs = validateObjectMeta(pod?.metadata, true, nameIsDNSSubdomain);
  errs.push(...validatePodSpec(pod?.spec, 'spec', { resourceIsPod: true }));
  const spec = isObj(pod?.spec) ? pod.spec : {};
  if (!str(spec.serviceAccountName)) {
    arr(spec.volumes).forEach((v: any, vi) => {
      if (!isObj(v?.projected)) return;
      arr(v.projected.sources).forEach((src: any, si) => {
        if (isObj(src?.serviceAccountToken)) {
          errs.push(fe.forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  for (const [k, list] of [['containers', spec.containers], ['initContainers', spec.initContainers]] as const) {
    arr(list).forEach((c: any, i) => {
      const img = str(c?.image);
      if (img.length !== img.trim().length) errs.push(fe.invalid(`spec.${k}[${i}].image`, img, 'must not have leading or trailing whitespace'));
    });
  }
  if (create) {
    if (arr(spec.ephemeralContainers).length > 0) errs.push(fe.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
    if (str(spec.nodeName) && arr(spec.schedulingGates).length) {
      errs.push(fe.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
    }
  }
  return errs;
}

/** ValidatePodTemplateSpec (templates in workloads and PodTemplate objects). */
export function validatePodTemplateSpec(tpl: any, f: string): FE[] {
  const t = isObj(tpl) ? tpl : {};
  const md = isObj(t.metadata) ? t.metadata : {};
  const errs: FE[] = [];
  errs.push(...validateLabels(md.labels, child(f, 'labels')));
  errs.push(...validateAnnotations(md.annotations, child(f, 'annotations')));
  errs.push(...validatePodSpec(t.spec, child(f, 'spec')));
  if (arr(t.spec?.ephemeralContainers).length > 0) {
    errs.push(fe.forbidden(child(f, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

// ---- pod update ---------------------------------------------------------------------------------

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function upperFirst(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** A cmp.Diff-shaped summary of differing top-level PodSpec fields (Go's exact diff is not reproducible). */
export function podSpecDiff(oldSpec: any, newSpec: any): string {
  const o = isObj(oldSpec) ? oldSpec : {};
  const n = isObj(newSpec) ? newSpec : {};
  const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])].sort();
  let out = '  core.PodSpec{\n';
  let same = 0;
  const flush = () => {
    if (same) out += `  \t... // ${same} identical field${same === 1 ? '' : 's'}\n`;
    same = 0;
  };
  for (const k of keys) {
    if (deepEqual(o[k], n[k])) {
      same++;
      continue;
    }
    flush();
    const name = upperFirst(k);
    if (o[k] !== undefined) out += `- \t${name}: ${JSON.stringify(o[k])},\n`;
    if (n[k] !== undefined) out += `+ \t${name}: ${JSON.stringify(n[k])},\n`;
  }
  flush();
  return out + '  }\n';
}

function validateContainerUpdates(newC: unknown, oldC: unknown, f: string): { errs: FE[]; stop: boolean } {
  const n = arr(newC);
  const o = arr(oldC);
  if (n.length !== o.length) return { errs: [fe.forbidden(f, 'pod updates may not add or remove containers')], stop: true };
  const errs: FE[] = [];
  n.forEach((c: any, i) => {
    const img = str(c?.image);
    if (!img) errs.push(fe.required(child(index(f, i), 'image')));
    if (img.trim().length !== img.length) errs.push(fe.invalid(child(index(f, i), 'image'), img, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

/** ValidatePodUpdate */
export function validatePodUpdate(newPod: any, oldPod: any): FE[] {
  const errs = validateObjectMetaUpdate(newPod?.metadata, oldPod?.metadata);
  errs.push(...validatePod(newPod, false));
  const ns = isObj(newPod?.spec) ? newPod.spec : {};
  const os = isObj(oldPod?.spec) ? oldPod.spec : {};
  let r = validateContainerUpdates(ns.containers, os.containers, 'spec.containers');
  errs.push(...r.errs);
  if (r.stop) return errs;
  r = validateContainerUpdates(ns.initContainers, os.initContainers, 'spec.initContainers');
  errs.push(...r.errs);
  if (r.stop) return errs;
  if (typeof ns.activeDeadlineSeconds === 'number') {
    const v = ns.activeDeadlineSeconds;
    if (v < 0 || v > 2147483647) {
      errs.push(fe.invalid('spec.activeDeadlineSeconds', v, inclusiveRangeError(0, 2147483647)));
      return errs;
    }
    if (typeof os.activeDeadlineSeconds === 'number' && os.activeDeadlineSeconds < v) {
      errs.push(fe.invalid('spec.activeDeadlineSeconds', v, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (typeof os.activeDeadlineSeconds === 'number') {
    errs.push(fe.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  // only additions to tolerations
  for (const ot of arr(os.tolerations)) {
    const found = arr(ns.tolerations).some((nt: any) => deepEqual({ ...(ot as any), tolerationSeconds: nt?.tolerationSeconds }, nt));
    if (!found) {
      errs.push(fe.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }
  const oldGates = new Set(arr(os.schedulingGates).map((g: any) => str(g?.name)));
  arr(ns.schedulingGates).forEach((g: any, i) => {
    if (!oldGates.has(str(g?.name))) {
      errs.push(fe.forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${str(g?.name)}'`));
    }
  });
  if (deepEqual(ns, os)) return errs;
  const munged = JSON.parse(JSON.stringify(ns));
  arr(munged.containers).forEach((c: any, i) => { c.image = arr<any>(os.containers)[i]?.image; });
  arr(munged.initContainers).forEach((c: any, i) => { c.image = arr<any>(os.initContainers)[i]?.image; });
  munged.activeDeadlineSeconds = os.activeDeadlineSeconds;
  munged.schedulingGates = os.schedulingGates;
  munged.tolerations = os.tolerations;
  if (typeof os.terminationGracePeriodSeconds === 'number' && os.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = os.terminationGracePeriodSeconds;
  }
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  if (!deepEqual(munged, os)) {
    errs.push(fe.forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${podSpecDiff(os, munged)}`));
  }
  return errs;
}
