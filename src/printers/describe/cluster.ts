// Nodes, Namespaces, ResourceQuotas, LimitRanges (describe.go).

import type { KObject } from '../../api/types';
import type { Quantity } from '../../api/validation/quantity';
import { age } from '../age';
import { podRequestsAndLimits } from './pod';
import {
  byteCompare, describeEvents, LEVEL_0, LEVEL_1, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline,
  printTaintsMultilineWithIndent, qty, qtyAdd, qtyFormat, qtyMilli, qtyString, qtyValue, rfc1123z, sortedKeys, tabbed,
} from './writer';
import type { DescribeView } from './types';

type Obj = Record<string, any>;

/** findNodeRoles (one implementation, in the table printers). */
import { nodeRoleList as nodeRoles } from '../columns';
export { nodeRoles };

/** Pods bound to the node that are neither Succeeded nor Failed (all namespaces, list order). */
export function nonTerminatedPods(view: DescribeView, nodeName: string): KObject[] {
  return view.list('pods').filter((p) => p.spec?.nodeName === nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/** Go's int64(float64) conversion of a percentage. */
function pct(a: bigint, b: bigint): number | string {
  const f = (Number(a) / Number(b)) * 100;
  // Go on amd64 converts NaN and ±Inf to the minimum int64
  if (!Number.isFinite(f)) return '-9223372036854775808';
  return Math.trunc(f);
}

function describeNodeResource(pods: KObject[], node: KObject, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const alloc: Obj = Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status.allocatable : (node.status?.capacity ?? {});
  const allocCpu = qtyMilli(qty(alloc.cpu ?? '0'));
  const allocMem = qtyValue(qty(alloc.memory ?? '0'));
  const allocEph = qtyValue(qty(alloc['ephemeral-storage'] ?? '0'));
  const zero = qty('0');
  const get = (m: Map<string, Quantity>, k: string) => m.get(k) ?? zero;
  const str = (m: Map<string, Quantity>, k: string) => (m.has(k) ? qtyFormat(m.get(k)!) : '0');

  const totalReqs = new Map<string, Quantity>();
  const totalLimits = new Map<string, Quantity>();
  const add = (acc: Map<string, Quantity>, m: Map<string, Quantity>) => {
    for (const [k, q] of m) {
      const cur = acc.get(k);
      acc.set(k, cur ? qtyAdd(cur, q) : q);
    }
  };
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    add(totalReqs, reqs);
    add(totalLimits, limits);
    w.write(LEVEL_1, `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t`
      + `${str(reqs, 'cpu')} (${pct(qtyMilli(get(reqs, 'cpu')), allocCpu)}%)\t`
      + `${str(limits, 'cpu')} (${pct(qtyMilli(get(limits, 'cpu')), allocCpu)}%)\t`
      + `${str(reqs, 'memory')} (${pct(qtyValue(get(reqs, 'memory')), allocMem)}%)\t`
      + `${str(limits, 'memory')} (${pct(qtyValue(get(limits, 'memory')), allocMem)}%)\t${age(pod.metadata.creationTimestamp, now)}\n`);
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const frac = (q: Quantity, total: bigint, milli: boolean) => (total === 0n ? 0 : pct(milli ? qtyMilli(q) : qtyValue(q), total));
  w.write(LEVEL_1, `cpu\t${str(totalReqs, 'cpu')} (${frac(get(totalReqs, 'cpu'), allocCpu, true)}%)\t${str(totalLimits, 'cpu')} (${frac(get(totalLimits, 'cpu'), allocCpu, true)}%)\n`);
  w.write(LEVEL_1, `memory\t${str(totalReqs, 'memory')} (${frac(get(totalReqs, 'memory'), allocMem, false)}%)\t${str(totalLimits, 'memory')} (${frac(get(totalLimits, 'memory'), allocMem, false)}%)\n`);
  w.write(LEVEL_1, `ephemeral-storage\t${str(totalReqs, 'ephemeral-storage')} (${frac(get(totalReqs, 'ephemeral-storage'), allocEph, false)}%)\t`
    + `${str(totalLimits, 'ephemeral-storage')} (${frac(get(totalLimits, 'ephemeral-storage'), allocEph, false)}%)\n`);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage']);
  const huge: string[] = [];
  const ext: string[] = [];
  for (const r of Object.keys(alloc)) {
    if (r.startsWith('hugepages-')) huge.push(r);
    else if (!standard.has(r) && r !== 'pods') ext.push(r);
  }
  huge.sort(byteCompare);
  ext.sort(byteCompare);
  for (const r of huge) {
    const a = qtyValue(qty(alloc[r]));
    w.write(LEVEL_1, `${r}\t${str(totalReqs, r)} (${frac(get(totalReqs, r), a, false)}%)\t${str(totalLimits, r)} (${frac(get(totalLimits, r), a, false)}%)\n`);
  }
  for (const r of ext) w.write(LEVEL_1, `${r}\t${str(totalReqs, r)}\t${str(totalLimits, r)}\n`);
}

export function describeNode(node: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  const pods = nonTerminatedPods(view, node.metadata.name ?? '');
  const lease = view.get('leases', 'kube-node-lease', node.metadata.name ?? '');
  return tabbed((w) => {
    const spec = node.spec ?? {};
    const status = node.status ?? {};
    w.write(LEVEL_0, `Name:\t${node.metadata.name ?? ''}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultilineWithIndent(w, '', 'Taints', '\t', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if (lease) {
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata.name ?? ''}" not found\n`);
    }
    const conds: Obj[] = status.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conds) {
        w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type ?? ''}:\t${a.address ?? ''}\n`);
    const printResourceList = (list: Obj) => {
      for (const r of sortedKeys(list)) w.write(LEVEL_0, `  ${r}:\t${qtyString(list[r])}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResourceList(status.capacity);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResourceList(status.allocatable);
    }
    const ni = status.nodeInfo ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${ni.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${ni.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${ni.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${ni.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${ni.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${ni.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${ni.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${ni.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${ni.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${ni.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(pods, node, w, now);
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Namespace, ResourceQuota, LimitRange

function quotaScopeHelp(scope: string): string {
  switch (scope) {
    case 'Terminating': return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating': return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort': return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort': return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default: return '';
  }
}

export function describeResourceQuotas(quotas: KObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  const sorted = [...quotas].sort((a, b) => byteCompare(a.metadata.name ?? '', b.metadata.name ?? ''));
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of sorted) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name ?? ''}\n`);
    const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(byteCompare);
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) {
        const h = quotaScopeHelp(s);
        if (h) w.write(LEVEL_1, `* ${h}\n`);
      }
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    for (const r of sortedKeys(hard)) w.write(LEVEL_1, `${r}\t${qtyString(q.status?.used?.[r])}\t${qtyString(hard[r])}\n`);
  }
}

function describeLimitRangeSpec(spec: Obj | undefined, prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const names = new Set<string>();
    for (const m of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio]) for (const k of Object.keys(m ?? {})) names.add(k);
    const val = (m: Obj | undefined, k: string) => (m && k in m ? qtyString(m[k]) : '-');
    for (const k of [...names].sort(byteCompare)) {
      w.write(LEVEL_0, `${prefix}${item.type ?? ''}\t${k}\t${val(item.min, k)}\t${val(item.max, k)}\t${val(item.defaultRequest, k)}\t${val(item.default, k)}\t${val(item.maxLimitRequestRatio, k)}\n`);
    }
  }
}

export function describeLimitRanges(ranges: KObject[], w: PrefixWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) describeLimitRangeSpec(lr.spec, ' ', w);
}

export function describeNamespace(ns: KObject, view: DescribeView): string {
  const name = ns.metadata.name ?? '';
  const quotas = view.list('resourcequotas', name);
  const ranges = view.list('limitranges', name);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conds: Obj[] = ns.status?.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type ?? ''}\t${c.status ?? ''}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    w.write(LEVEL_0, '\n');
    describeResourceQuotas(quotas, w);
    w.write(LEVEL_0, '\n');
    describeLimitRanges(ranges, w);
  });
}

export function describeLimitRange(lr: KObject): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    describeLimitRangeSpec(lr.spec, '', w);
  });
}

export function describeQuota(q: KObject): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
    const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(byteCompare);
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) {
        const h = quotaScopeHelp(s);
        if (h) w.write(LEVEL_0, ` * ${h}\n`);
      }
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = q.status?.hard ?? {};
    for (const r of sortedKeys(hard)) {
      const hq = qty(hard[r]);
      let used = qty(q.status?.used?.[r] ?? '0');
      if (q.status?.used?.[r] === undefined) used = { ...used, format: '' as any };
      let usedStr: string;
      if (hq.format !== used.format) usedStr = qtyFormat({ mantissa: qtyValue(used), scale: 0, format: hq.format });
      else usedStr = qtyFormat(used);
      w.write(LEVEL_0, `${r}\t${usedStr}\t${qtyString(hard[r])}\n`);
    }
  });
}
