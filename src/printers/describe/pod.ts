// Pods, containers, volumes and pod templates (describe.go describePod, describeContainers,
// describeVolumes, DescribePodTemplate).

import type { KObject } from '../../api/types';
import {
  describeEvents, goSlice, goValue, intOrString, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, num, NestedPrefixWriter,
  PrefixWriter, printAnnotationsMultiline, printBool, printController, printLabelsMultiline, printTolerationsMultilineWithIndent,
  qty, qtyAdd, qtyCmp, qtyMilli, qtyString, qtyValue, rfc1123z, sortedKeys, stringOrNone, tabbed,
} from './writer';
import { age } from '../age';
import { selectorToString } from '../../api/selectors';
import { printPersistentVolumeClaim } from './storage';
import { goSort } from './gosort';

type Obj = Record<string, any>;
type EnvResolver = ((e: Obj) => string) | null;

// ---------------------------------------------------------------------------------------------
// Containers

function describeContainerPorts(ports: Obj[] | undefined, host: boolean): string {
  return (ports ?? []).map((p) => `${num(host ? p.hostPort : p.containerPort)}/${p.protocol ?? ''}`).join(', ');
}

function describeContainerBasicInfo(c: Obj, status: Obj | undefined, space: string, w: PrefixWriter): void {
  const nameIndent = space.length > 0 ? ' ' : '';
  w.write(LEVEL_1, `${nameIndent}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = describeContainerPorts(c.ports, false);
  if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = describeContainerPorts(c.ports, true);
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const sp = c.securityContext?.seccompProfile;
  if (sp) {
    w.write(LEVEL_2, `SeccompProfile:\t${sp.type ?? ''}\n`);
    if (sp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${sp.localhostProfile ?? ''}\n`);
  }
}

function describeContainerCommand(c: Obj, w: PrefixWriter): void {
  if (c.command?.length) {
    w.write(LEVEL_2, 'Command:\n');
    for (const cmd of c.command) for (const s of String(cmd).split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
  if (c.args?.length) {
    w.write(LEVEL_2, 'Args:\n');
    for (const a of c.args) for (const s of String(a).split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

export function describeResources(resources: Obj | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  const limits = resources.limits ?? {};
  if (Object.keys(limits).length > 0) w.write(level, 'Limits:\n');
  for (const name of sortedKeys(limits)) w.write(level + 1, `${name}:\t${qtyString(limits[name])}\n`);
  const requests = resources.requests ?? {};
  if (Object.keys(requests).length > 0) w.write(level, 'Requests:\n');
  for (const name of sortedKeys(requests)) w.write(level + 1, `${name}:\t${qtyString(requests[name])}\n`);
}

function describeStatus(stateName: string, state: Obj | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${num(t.exitCode)}\n`);
    if (num(t.signal) > 0) w.write(LEVEL_3, `Signal:\t${num(t.signal)}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

function describeContainerState(status: Obj, w: PrefixWriter): void {
  describeStatus('State', status.state, w);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${num(status.restartCount)}\n`);
}

/** url.URL.String() for the probe's scheme://host:port/path. */
function probeURL(scheme: string, host: string, path: string): string {
  let p = path;
  if (p && !p.startsWith('/')) p = '/' + p;
  const escaped = p.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (ch) => encodeURIComponent(ch));
  return `${scheme}://${host}${escaped}`;
}

/** DescribeProbe. */
export function describeProbe(probe: Obj): string {
  const attrs = `delay=${num(probe.initialDelaySeconds)}s timeout=${num(probe.timeoutSeconds)}s period=${num(probe.periodSeconds)}s `
    + `#success=${num(probe.successThreshold)} #failure=${num(probe.failureThreshold)}`;
  if (probe.exec) return `exec ${goSlice(probe.exec.command)} ${attrs}`;
  if (probe.httpGet) {
    const h = probe.httpGet;
    const port = h.port === undefined || h.port === null ? '' : String(h.port);
    const hostName = h.host ?? '';
    const host = port.length > 0 ? (hostName.includes(':') ? `[${hostName}]:${port}` : `${hostName}:${port}`) : hostName;
    return `http-get ${probeURL(String(h.scheme ?? '').toLowerCase(), host, h.path ?? '')} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${intOrString(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${num(probe.grpc.port)} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainerProbe(c: Obj, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

function describeContainerVolumes(c: Obj, w: PrefixWriter): void {
  const mounts: Obj[] = c.volumeMounts ?? [];
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of goSort([...mounts], (a, b) => (a.mountPath ?? '') < (b.mountPath ?? ''))) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath ?? ''} from ${m.name ?? ''} (${flags.join(',')})\n`);
  }
  const devices: Obj[] = c.volumeDevices ?? [];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of goSort([...devices], (a, b) => (a.devicePath ?? '') < (b.devicePath ?? ''))) {
      w.write(LEVEL_3, `${d.devicePath ?? ''} from ${d.name ?? ''}\n`);
    }
  }
}

/** resourcehelper.ExtractContainerResourceValue. */
function extractContainerResourceValue(fs: Obj, c: Obj): string | null {
  const divisorQ = qty(fs.divisor ?? '0');
  const one = qty('1');
  const divisor = divisorQ.mantissa === 0n ? one : divisorQ;
  const res: string = fs.resource ?? '';
  const [kind, name] = res.split(/\.(.*)/s);
  const list = kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined;
  if (list === undefined && kind !== 'limits' && kind !== 'requests') return null;
  const val = qty((list ?? {})[name] ?? '0');
  const ceilDiv = (a: bigint, b: bigint) => (b === 0n ? 0n : a / b + (a % b !== 0n && (a > 0n) === (b > 0n) ? 1n : 0n));
  if (name === 'cpu') return String(ceilDiv(qtyMilli(val), qtyMilli(divisor)));
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) {
    return String(ceilDiv(qtyValue(val), qtyValue(divisor)));
  }
  return null;
}

/**
 * EnvValueRetriever: client-go's scheme converts only `metadata.name` and `metadata.namespace`
 * field labels (DefaultMetaV1FieldSelectorConversion); every other fieldPath resolves to "".
 */
function envValueRetriever(pod: KObject): (e: Obj) => string {
  return (e) => {
    const path: string = e.valueFrom?.fieldRef?.fieldPath ?? '';
    if (path === 'metadata.name') return pod.metadata.name ?? '';
    if (path === 'metadata.namespace') return pod.metadata.namespace ?? '';
    return '';
  };
}

function describeContainerEnvVars(c: Obj, resolver: EnvResolver, w: PrefixWriter): void {
  const env: Obj[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      String(e.value ?? '').split('\n').forEach((s, i) => {
        if (i === 0) w.write(LEVEL_3, `${e.name}:\t${s}\n`);
        else w.write(LEVEL_3, `\t${s}\n`);
      });
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) {
      const v = resolver ? resolver(e) : '';
      w.write(LEVEL_3, `${e.name}:\t${v} (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath ?? ''})\n`);
    } else if (vf.resourceFieldRef) {
      let v = extractContainerResourceValue(vf.resourceFieldRef, c) ?? '';
      const r = vf.resourceFieldRef.resource ?? '';
      if (v === '0' && (r === 'limits.cpu' || r === 'limits.memory')) v = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${v} (${r})\n`);
    } else if (vf.secretKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key ?? ''}' in secret '${vf.secretKeyRef.name ?? ''}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key ?? ''}' of config map '${vf.configMapKeyRef.name ?? ''}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
    }
  }
}

function describeContainerEnvFrom(c: Obj, w: PrefixWriter): void {
  const envFrom: Obj[] = c.envFrom ?? [];
  w.write(LEVEL_2, `Environment Variables from:${envFrom.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of envFrom) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

export function describeContainers(label: string, containers: Obj[] | undefined, statuses: Obj[] | undefined | null,
  resolver: EnvResolver, w: PrefixWriter, space: string): void {
  const byName = new Map<string, Obj>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  const list = containers ?? [];
  w.write(LEVEL_0, `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`);
  for (const c of list) {
    const status = byName.get(c.name);
    describeContainerBasicInfo(c, status, space, w);
    describeContainerCommand(c, w);
    if (status) describeContainerState(status, w);
    describeResources(c.resources ?? {}, w, LEVEL_2);
    describeContainerProbe(c, w);
    if (c.envFrom?.length) describeContainerEnvFrom(c, w);
    describeContainerEnvVars(c, resolver, w);
    describeContainerVolumes(c, w);
  }
}

// ---------------------------------------------------------------------------------------------
// Volumes

const v = (x: unknown) => goValue(x === undefined ? '' : x);
const b = (x: unknown) => String(x === true);
const ptrRef = (x: Obj | undefined) => (x ? `&LocalObjectReference{Name:${x.name ?? ''},}` : '<nil>');

function printVolumeSource(vol: Obj, w: PrefixWriter): void {
  if (vol.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v(vol.hostPath.path)}\n    HostPathType:\t${vol.hostPath.type ?? '<none>'}\n`);
  } else if (vol.emptyDir) {
    const sl = vol.emptyDir.sizeLimit;
    const size = sl !== undefined && sl !== null && qtyCmp(qty(sl), qty('0')) > 0 ? qtyString(sl) : '<unset>';
    w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${vol.emptyDir.medium ?? ''}\n    SizeLimit:\t${size}\n`);
  } else if (vol.gcePersistentDisk) {
    const g = vol.gcePersistentDisk;
    w.write(LEVEL_2, `Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t${v(g.pdName)}\n    FSType:\t${v(g.fsType)}\n    Partition:\t${num(g.partition)}\n    ReadOnly:\t${b(g.readOnly)}\n`);
  } else if (vol.awsElasticBlockStore) {
    const a = vol.awsElasticBlockStore;
    w.write(LEVEL_2, `Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t${v(a.volumeID)}\n    FSType:\t${v(a.fsType)}\n    Partition:\t${num(a.partition)}\n    ReadOnly:\t${b(a.readOnly)}\n`);
  } else if (vol.gitRepo) {
    w.write(LEVEL_2, `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${v(vol.gitRepo.repository)}\n    Revision:\t${v(vol.gitRepo.revision)}\n`);
  } else if (vol.secret) {
    w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v(vol.secret.secretName)}\n    Optional:\t${b(vol.secret.optional)}\n`);
  } else if (vol.configMap) {
    w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v(vol.configMap.name)}\n    Optional:\t${b(vol.configMap.optional)}\n`);
  } else if (vol.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v(vol.nfs.server)}\n    Path:\t${v(vol.nfs.path)}\n    ReadOnly:\t${b(vol.nfs.readOnly)}\n`);
  } else if (vol.iscsi) {
    const i = vol.iscsi;
    w.write(LEVEL_2, `Type:\tISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)\n`
      + `    TargetPortal:\t${v(i.targetPortal)}\n    IQN:\t${v(i.iqn)}\n    Lun:\t${num(i.lun)}\n    ISCSIInterface\t${v(i.iscsiInterface)}\n`
      + `    FSType:\t${v(i.fsType)}\n    ReadOnly:\t${b(i.readOnly)}\n    Portals:\t${goSlice(i.portals)}\n`
      + `    DiscoveryCHAPAuth:\t${b(i.chapAuthDiscovery)}\n    SessionCHAPAuth:\t${b(i.chapAuthSession)}\n    SecretRef:\t${ptrRef(i.secretRef)}\n`
      + `    InitiatorName:\t${i.initiatorName ?? '<none>'}\n`);
  } else if (vol.glusterfs) {
    const g = vol.glusterfs;
    w.write(LEVEL_2, `Type:\tGlusterfs (a Glusterfs mount on the host that shares a pod's lifetime)\n    EndpointsName:\t${v(g.endpoints)}\n    Path:\t${v(g.path)}\n    ReadOnly:\t${b(g.readOnly)}\n`);
  } else if (vol.persistentVolumeClaim) {
    const c = vol.persistentVolumeClaim;
    w.write(LEVEL_2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v(c.claimName)}\n    ReadOnly:\t${b(c.readOnly)}\n`);
  } else if (vol.ephemeral) {
    w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
    const t = vol.ephemeral.volumeClaimTemplate;
    if (t) printPersistentVolumeClaim(new NestedPrefixWriter(w, LEVEL_2), { metadata: t.metadata ?? {}, spec: t.spec ?? {} }, false);
  } else if (vol.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const m of vol.downwardAPI.items ?? []) {
      if (m.fieldRef) w.write(LEVEL_3, `${m.fieldRef.fieldPath ?? ''} -> ${m.path ?? ''}\n`);
      if (m.resourceFieldRef) w.write(LEVEL_3, `${m.resourceFieldRef.resource ?? ''} -> ${m.path ?? ''}\n`);
    }
  } else if (vol.projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const s of vol.projected.sources ?? []) {
      if (s.secret) {
        w.write(LEVEL_2, `SecretName:\t${v(s.secret.name)}\n    SecretOptionalName:\t${goValue(s.secret.optional)}\n`);
      } else if (s.downwardAPI) {
        w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      } else if (s.configMap) {
        w.write(LEVEL_2, `ConfigMapName:\t${v(s.configMap.name)}\n    ConfigMapOptional:\t${goValue(s.configMap.optional)}\n`);
      } else if (s.serviceAccountToken) {
        w.write(LEVEL_2, `TokenExpirationSeconds:\t${num(s.serviceAccountToken.expirationSeconds)}\n`);
      }
    }
  } else if (vol.csi) {
    const c = vol.csi;
    w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v(c.driver)}\n    FSType:\t${c.fsType ?? ''}\n    ReadOnly:\t${b(c.readOnly)}\n`);
    printCSIAttributes(w, 'VolumeAttributes', c.volumeAttributes);
  } else if (vol.image) {
    w.write(LEVEL_2, `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${v(vol.image.reference)}\n    PullPolicy:\t${v(vol.image.pullPolicy)}\n`);
  } else if (vol.fc) {
    const f = vol.fc;
    w.write(LEVEL_2, `Type:\tFC (a Fibre Channel disk)\n    TargetWWNs:\t${(f.targetWWNs ?? []).join(', ')}\n    LUN:\t${f.lun ?? '<none>'}\n    FSType:\t${v(f.fsType)}\n    ReadOnly:\t${b(f.readOnly)}\n`);
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

/** printCSIPersistentVolumeAttributesMultilineIndent (with its LEVEL_2 prefixes, as in Go). */
export function printCSIAttributes(w: PrefixWriter, title: string, attrs: Record<string, string> | undefined): void {
  w.write(LEVEL_2, `${title}:\t`);
  const keys = sortedKeys(attrs);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${k}=${attrs![k]}`;
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}

export function describeVolumes(volumes: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  const nameIndent = space.length > 0 ? ' ' : '';
  for (const vol of volumes) {
    w.write(LEVEL_1, `${nameIndent}${vol.name}:\n`);
    printVolumeSource(vol, w);
  }
}

function describeTopologySpreadConstraints(tscs: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs || tscs.length === 0) return;
  const sorted = goSort([...tscs], (a, c) => (a.topologyKey ?? '') < (c.topologyKey ?? ''));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${t.topologyKey ?? ''}:`);
    w.write(LEVEL_0, `${t.whenUnsatisfiable ?? ''}`);
    w.write(LEVEL_0, ` when max skew ${num(t.maxSkew)} is exceeded`);
    if (t.labelSelector) w.write(LEVEL_0, ` for selector ${selectorToString(t.labelSelector)}`);
    w.write(LEVEL_0, '\n');
  });
}

/** DescribePodTemplate. */
export function describePodTemplate(template: Obj | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const md = template.metadata ?? {};
  const spec = template.spec ?? {};
  printLabelsMultiline(w, '  Labels', md.labels);
  if (md.annotations && Object.keys(md.annotations).length > 0) printAnnotationsMultiline(w, '  Annotations', md.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, null, null, w, '  ');
  describeContainers('Containers', spec.containers, null, null, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultilineWithIndent(w, '', '  Tolerations', '\t', spec.tolerations);
}

// ---------------------------------------------------------------------------------------------
// QoS

function qosResources(list: Obj | undefined, acc: Map<string, ReturnType<typeof qty>> | null): Set<string> {
  const names = new Set<string>();
  for (const [name, val] of Object.entries(list ?? {})) {
    if (name !== 'cpu' && name !== 'memory') continue;
    const q = qty(val);
    if (qtyCmp(q, qty('0')) === 1) {
      names.add(name);
      if (acc) acc.set(name, acc.has(name) ? qtyAdd(q, acc.get(name)!) : q);
    }
  }
  return names;
}

/** qos.GetPodQOS. */
export function podQOS(pod: KObject): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests = new Map<string, ReturnType<typeof qty>>();
  const limits = new Map<string, ReturnType<typeof qty>>();
  let guaranteed = true;
  const spec = pod.spec ?? {};
  const check = (res: Obj | undefined) => {
    qosResources(res?.requests, requests);
    qosResources(res?.limits, limits);
    const l = qosResources(res?.limits, null);
    if (!(l.has('memory') && l.has('cpu'))) guaranteed = false;
  };
  if (spec.resources) {
    qosResources(spec.resources.requests, requests);
    if (spec.resources.limits) {
      qosResources(spec.resources.limits, limits);
      const l = qosResources(spec.resources.limits, null);
      if (!(l.has('memory') && l.has('cpu'))) guaranteed = false;
    }
  } else {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) check(c.resources);
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || qtyCmp(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  if (guaranteed && requests.size === limits.size) return 'Guaranteed';
  return 'Burstable';
}

// ---------------------------------------------------------------------------------------------
// Pod

export function describePod(pod: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const md = pod.metadata;
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${num(spec.priority)}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    if (md.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${age(md.deletionTimestamp, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${num(md.deletionGracePeriodSeconds)}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const sp = spec.securityContext?.seccompProfile;
    if (sp) {
      w.write(LEVEL_0, `SeccompProfile:\t${sp.type ?? ''}\n`);
      if (sp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${sp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const ips: Obj[] = status.podIPs ?? [];
    if (ips.length === 0) {
      w.write(LEVEL_0, 'IPs:\t<none>\n');
    } else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip ?? ''}\n`);
    }
    const controlledBy = printController(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources, w, LEVEL_1);
    }
    const resolver = envValueRetriever(pod);
    if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, resolver, w, '');
    describeContainers('Containers', spec.containers, status.containerStatuses, resolver, w, '');
    if (spec.ephemeralContainers?.length) {
      describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, resolver, w, '');
    }
    const conditions: Obj[] = status.conditions ?? [];
    if (spec.readinessGates?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = conditions.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType ?? ''} \t${c ? c.status ?? '' : '<none>'} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultilineWithIndent(w, '', 'Tolerations', '\t', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Requests and limits of a pod (resourcehelper.PodRequestsAndLimits), for the node describer

type QMap = Map<string, ReturnType<typeof qty>>;

function addList(list: QMap, add: Obj | QMap | undefined): void {
  const entries = add instanceof Map ? [...add] : Object.entries(add ?? {}).map(([k, x]) => [k, qty(x)] as const);
  for (const [k, q] of entries) list.set(k, list.has(k) ? qtyAdd(list.get(k)!, q) : q);
}

function maxList(list: QMap, other: QMap): void {
  for (const [k, q] of other) if (!list.has(k) || qtyCmp(q, list.get(k)!) > 0) list.set(k, q);
}

function maxOf(a: Obj | undefined, bl: Obj | undefined): QMap {
  const out: QMap = new Map();
  for (const [k, x] of Object.entries(a ?? {})) {
    const qa = qty(x);
    if (bl && k in bl && qtyCmp(qa, qty(bl[k])) <= 0) out.set(k, qty(bl[k]));
    else out.set(k, qa);
  }
  for (const [k, x] of Object.entries(bl ?? {})) if (!out.has(k)) out.set(k, qty(x));
  return out;
}

export function podRequestsAndLimits(pod: KObject): { reqs: QMap; limits: QMap } {
  const spec = pod.spec ?? {};
  const statuses = new Map<string, Obj>();
  for (const s of pod.status?.containerStatuses ?? []) statuses.set(s.name, s);
  const reqs: QMap = new Map();
  for (const c of spec.containers ?? []) {
    let cr: Obj | QMap | undefined = c.resources?.requests;
    const cs = statuses.get(c.name);
    if (cs?.resources) {
      cr = pod.status?.resize === 'Infeasible' ? cs.resources.requests : maxOf(c.resources?.requests, cs.resources.requests);
    }
    addList(reqs, cr);
  }
  const restartableReqs: QMap = new Map();
  const initReqs: QMap = new Map();
  for (const c of spec.initContainers ?? []) {
    let cr: QMap = new Map();
    if (c.restartPolicy === 'Always') {
      addList(reqs, c.resources?.requests);
      addList(restartableReqs, c.resources?.requests);
      cr = restartableReqs;
    } else {
      addList(cr, c.resources?.requests);
      addList(cr, restartableReqs);
    }
    maxList(initReqs, cr);
  }
  maxList(reqs, initReqs);
  if (spec.overhead) addList(reqs, spec.overhead);

  const limits: QMap = new Map();
  for (const c of spec.containers ?? []) addList(limits, c.resources?.limits);
  const restartableLimits: QMap = new Map();
  const initLimits: QMap = new Map();
  for (const c of spec.initContainers ?? []) {
    let cl: QMap = new Map();
    if (c.restartPolicy === 'Always') {
      addList(limits, c.resources?.limits);
      addList(restartableLimits, c.resources?.limits);
      cl = restartableLimits;
    } else {
      addList(cl, c.resources?.limits);
      addList(cl, restartableLimits);
    }
    maxList(initLimits, cl);
  }
  maxList(limits, initLimits);
  if (spec.overhead) {
    for (const [k, x] of Object.entries(spec.overhead)) {
      const cur = limits.get(k);
      if (cur && cur.mantissa !== 0n) limits.set(k, qtyAdd(cur, qty(x)));
    }
  }
  return { reqs, limits };
}
