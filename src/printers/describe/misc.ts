// RBAC roles and bindings, PriorityClasses, PodDisruptionBudgets, HorizontalPodAutoscalers,
// CSINodes (describe.go).

import type { KObject } from '../../api/types';
import { formatLabels, selectorToString } from '../../api/selectors';
import {
  describeEvents, goSlice, intOrString, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, num, PrefixWriter,
  printAnnotationsMultiline, printLabelsMultiline, qtyString, rfc1123z, tabbed,
} from './writer';

type Obj = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// RBAC (k8s.io/kubectl/pkg/util/rbac)

interface Rule { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[]; nonResourceURLs: string[] }

function breakdownRule(r: Obj): Rule[] {
  const out: Rule[] = [];
  for (const g of r.apiGroups ?? []) {
    for (const res of r.resources ?? []) {
      for (const verb of r.verbs ?? []) {
        if ((r.resourceNames ?? []).length > 0) {
          for (const n of r.resourceNames) out.push({ verbs: [verb], apiGroups: [g], resources: [res], resourceNames: [n], nonResourceURLs: [] });
        } else {
          out.push({ verbs: [verb], apiGroups: [g], resources: [res], resourceNames: [], nonResourceURLs: [] });
        }
      }
    }
  }
  for (const u of r.nonResourceURLs ?? []) for (const verb of r.verbs ?? []) out.push({ verbs: [verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [u] });
  return out;
}

function compactRules(rules: Rule[]): Rule[] {
  const compacted: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? '']);
    const ex = simple.get(key);
    if (ex) {
      for (const v of r.verbs) if (!ex.verbs.includes(v)) ex.verbs.push(v);
    } else {
      simple.set(key, { ...r, verbs: [...r.verbs] });
    }
  }
  return [...compacted, ...simple.values()];
}

/** PolicyRule.String() (gogo-protobuf), the sort key of SortableRuleSlice. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${goSlice(r.verbs)},APIGroups:${goSlice(r.apiGroups)},Resources:${goSlice(r.resources)},`
    + `ResourceNames:${goSlice(r.resourceNames)},NonResourceURLs:${goSlice(r.nonResourceURLs)},}`;
}

function combineResourceGroup(resource: string[], group: string[]): string {
  if (resource.length === 0) return '';
  const parts = resource[0].split(/\/(.*)/s);
  let combine = parts[0];
  if (group.length > 0 && group[0] !== '') combine += '.' + group[0];
  if (resource[0].includes('/')) combine += '/' + parts[1];
  return combine;
}

export function describeRole(role: KObject): string {
  const rules = compactRules((role.rules ?? []).flatMap(breakdownRule));
  const keyed = rules.map((r) => ({ r, k: ruleString(r) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', role.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
    w.write(LEVEL_0, 'PolicyRule:\n');
    w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
    for (const { r } of keyed) {
      w.write(LEVEL_1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goSlice(r.nonResourceURLs)}\t${goSlice(r.resourceNames)}\t${goSlice(r.verbs)}\n`);
    }
  });
}

export function describeRoleBinding(b: KObject): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${b.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', b.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', b.metadata.annotations);
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${b.roleRef?.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${b.roleRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of b.subjects ?? []) w.write(LEVEL_1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  });
}

// ---------------------------------------------------------------------------------------------

export function describePriorityClass(pc: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Value:\t${num(pc.value)}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
    if (events) describeEvents(events, w, now);
  });
}

export function describePodDisruptionBudget(pdb: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const spec = pdb.spec ?? {};
    const st = pdb.status ?? {};
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(LEVEL_0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
    else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(LEVEL_0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
    if (spec.selector) w.write(LEVEL_0, `Selector:\t${selectorToString(spec.selector)}\n`);
    else w.write(LEVEL_0, 'Selector:\t<unset>\n');
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${num(st.disruptionsAllowed)}\n`);
    w.write(LEVEL_2, `Current:\t${num(st.currentHealthy)}\n`);
    w.write(LEVEL_2, `Desired:\t${num(st.desiredHealthy)}\n`);
    w.write(LEVEL_2, `Total:\t${num(st.expectedPods)}\n`);
    if (events) describeEvents(events, w, now);
  });
}

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscaler (autoscaling/v2)

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: Obj | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined && rules.stabilizationWindowSeconds !== null) {
    w.write(LEVEL_2, `Stabilization Window: ${num(rules.stabilizationWindowSeconds)} seconds\n`);
  }
  if ((rules.policies ?? []).length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies) w.write(LEVEL_3, `- Type: ${p.type ?? ''}\tValue: ${num(p.value)}\tPeriod: ${num(p.periodSeconds)} seconds\n`);
  }
}

export function describeHPA(hpa: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    const cur: Obj[] = status.currentMetrics ?? [];
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((m: Obj, i: number) => {
      const c = cur[i];
      switch (m.type) {
        case 'External': {
          const t = m.external?.target ?? {};
          const name = JSON.stringify(m.external?.metric?.name ?? '');
          if (t.averageValue !== undefined && t.averageValue !== null) {
            const current = c?.external?.current?.averageValue !== undefined ? qtyString(c.external.current.averageValue) : '<unknown>';
            w.write(LEVEL_1, `${name} (target average value):\t${current} / ${qtyString(t.averageValue)}\n`);
          } else {
            const current = c?.external ? qtyString(c.external.current?.value) : '<unknown>';
            w.write(LEVEL_1, `${name} (target value):\t${current} / ${qtyString(t.value)}\n`);
          }
          break;
        }
        case 'Pods': {
          const current = c?.pods ? qtyString(c.pods.current?.averageValue) : '<unknown>';
          w.write(LEVEL_1, `${JSON.stringify(m.pods?.metric?.name ?? '')} on pods:\t${current} / ${qtyString(m.pods?.target?.averageValue)}\n`);
          break;
        }
        case 'Object': {
          w.write(LEVEL_1, `"${m.object?.metric?.name ?? ''}" on ${m.object?.describedObject?.kind ?? ''}/${m.object?.describedObject?.name ?? ''} `);
          if (m.object?.target?.type === 'AverageValue') {
            const current = c?.object ? qtyString(c.object.current?.averageValue) : '<unknown>';
            w.write(LEVEL_0, `(target average value):\t${current} / ${qtyString(m.object.target.averageValue)}\n`);
          } else {
            const current = c?.object ? qtyString(c.object.current?.value) : '<unknown>';
            w.write(LEVEL_0, `(target value):\t${current} / ${qtyString(m.object?.target?.value)}\n`);
          }
          break;
        }
        case 'Resource':
        case 'ContainerResource': {
          const isC = m.type === 'ContainerResource';
          const src = isC ? m.containerResource ?? {} : m.resource ?? {};
          const cs = isC ? c?.containerResource : c?.resource;
          if (isC) w.write(LEVEL_1, `resource ${src.name ?? ''} of container "${src.container ?? ''}" on pods`);
          else w.write(LEVEL_1, `resource ${src.name ?? ''} on pods`);
          if (src.target?.averageValue !== undefined && src.target?.averageValue !== null) {
            const current = cs ? qtyString(cs.current?.averageValue) : '<unknown>';
            w.write(LEVEL_0, `:\t${current} / ${qtyString(src.target.averageValue)}\n`);
          } else {
            const current = cs && cs.current?.averageUtilization !== undefined && cs.current?.averageUtilization !== null
              ? `${num(cs.current.averageUtilization)}% (${qtyString(cs.current.averageValue)})` : '<unknown>';
            const target = src.target?.averageUtilization !== undefined && src.target?.averageUtilization !== null ? `${num(src.target.averageUtilization)}%` : '<auto>';
            w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
          }
          break;
        }
        default:
          w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(m.type ?? '')}>\n`);
      }
    });
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas !== undefined && spec.minReplicas !== null ? num(spec.minReplicas) : '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${num(spec.maxReplicas)}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(LEVEL_0, `${num(status.currentReplicas)} current / ${num(status.desiredReplicas)} desired\n`);
    const conds: Obj[] = status.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type ?? ''}\t${c.status ?? ''}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

export function describeCSINode(csi: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${csi.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', csi.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', csi.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csi.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, 'Spec:\n');
    const drivers = csi.spec?.drivers;
    if (drivers) {
      w.write(LEVEL_1, 'Drivers:\n');
      for (const d of drivers) {
        w.write(LEVEL_2, `${d.name ?? ''}:\n`);
        w.write(LEVEL_3, `Node ID:\t${d.nodeID ?? ''}\n`);
        if (d.allocatable?.count !== undefined && d.allocatable?.count !== null) {
          w.write(LEVEL_3, 'Allocatables:\n');
          w.write(LEVEL_4, `Count:\t${num(d.allocatable.count)}\n`);
        }
        if (d.topologyKeys) w.write(LEVEL_3, `Topology Keys:\t${goSlice(d.topologyKeys)}\n`);
      }
    }
    if (events) describeEvents(events, w, now);
  });
}
