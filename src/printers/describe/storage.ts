// PersistentVolumes, PersistentVolumeClaims, StorageClasses (describe.go).

import type { KObject } from '../../api/types';
import { formatLabels } from '../../api/selectors';
import {
  age, 
} from '../age';
import {
  byteCompare, describeEvents, goSlice, goValue, LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter, printAnnotationsMultiline,
  printBoolPtr, printLabelsMultiline, qtyString, rfc1123z, tabbed,
} from './writer';

type Obj = Record<string, any>;

/** storageutil.GetAccessModesAsString (one implementation, in the table printers). */
import { accessModes as accessModesString } from '../columns';
export { accessModesString };

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

function pvClass(pv: KObject): string {
  const a = pv.metadata.annotations?.[BETA_CLASS];
  if (a !== undefined) return a;
  return pv.spec?.storageClassName ?? '';
}

function pvcClass(pvc: Obj): string {
  const a = pvc.metadata?.annotations?.[BETA_CLASS];
  if (a !== undefined) return a;
  return pvc.spec?.storageClassName ?? '';
}

/** printPersistentVolumeClaim (also used for ephemeral volume claim templates). */
export function printPersistentVolumeClaim(w: PrefixWriter, pvc: Obj, isFull: boolean, now = 0): void {
  const md = pvc.metadata ?? {};
  const spec = pvc.spec ?? {};
  const status = pvc.status ?? {};
  if (isFull) {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  }
  w.write(LEVEL_0, `StorageClass:\t${pvcClass(pvc)}\n`);
  if (isFull) {
    if (md.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${age(md.deletionTimestamp, now)})\n`);
    else w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
  }
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  if (isFull) w.write(LEVEL_0, `Finalizers:\t${goSlice(md.finalizers)}\n`);
  let capacity = '';
  let accessModes = '';
  if (spec.volumeName) {
    accessModes = accessModesString(status.accessModes);
    capacity = qtyString(status.capacity?.storage);
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined && spec.dataSource.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ''}\n`);
  }
}

function printPodsMultiline(w: PrefixWriter, title: string, pods: KObject[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (pods.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...pods].sort((a, b) => byteCompare(a.metadata.name ?? '', b.metadata.name ?? ''));
  sorted.forEach((p, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, '');
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${p.metadata.name}\n`);
  });
}

/** getPodsForPVC: pods of the namespace mounting the claim, then pods owning it. */
export function podsForPVC(pvc: KObject, nsPods: KObject[]): KObject[] {
  const pods: KObject[] = [];
  for (const pod of nsPods) {
    for (const vol of pod.spec?.volumes ?? []) {
      if (vol.persistentVolumeClaim && vol.persistentVolumeClaim.claimName === pvc.metadata.name) pods.push(pod);
    }
  }
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = nsPods.find((p) => p.metadata.uid === ref.uid);
    if (!owner) continue;
    if (pods.some((p) => p.metadata.uid === owner.metadata.uid)) continue;
    pods.push(owner);
  }
  return pods;
}

export function describePersistentVolumeClaim(pvc: KObject, events: KObject[] | null, pods: KObject[], now: number): string {
  return tabbed((w) => {
    printPersistentVolumeClaim(w, pvc, true, now);
    printPodsMultiline(w, 'Used By', pods);
    const conds: Obj[] = pvc.status?.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conds) {
        w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    if (events) describeEvents(events, w, now);
  });
}

function printNodeSelectorTerms(w: PrefixWriter, level: number, title: string, reqs: Obj[] | undefined): void {
  w.write(level, `${title}:\t`);
  if (!reqs || reqs.length === 0) {
    w.writeLine('<none>');
    return;
  }
  reqs.forEach((r, i) => {
    if (i !== 0) w.write(level, '\t');
    let s = `${r.key ?? ''} ${String(r.operator ?? '').toLowerCase()}`;
    if (r.values?.length) s += ` [${r.values.join(', ')}]`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

const bool = (x: unknown) => String(x === true);
const v = (x: unknown) => goValue(x === undefined ? '' : x);

export function describePersistentVolume(pv: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    const md = pv.metadata;
    const spec = pv.spec ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(md.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${pvClass(pv)}\n`);
    if (md.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${age(md.deletionTimestamp, now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
    if (spec.claimRef) w.write(LEVEL_0, `Claim:\t${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}\n`);
    else w.write(LEVEL_0, 'Claim:\t\n');
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${qtyString(spec.capacity?.storage)}\n`);
    w.write(LEVEL_0, 'Node Affinity:\t');
    if (!spec.nodeAffinity?.required) {
      w.writeLine('<none>');
    } else {
      w.writeLine('');
      w.write(LEVEL_1, 'Required Terms:\t');
      const terms: Obj[] = spec.nodeAffinity.required.nodeSelectorTerms ?? [];
      if (terms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        terms.forEach((t, i) => printNodeSelectorTerms(w, LEVEL_2, `Term ${i}`, t.matchExpressions));
      }
    }
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    if (spec.hostPath) {
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v(spec.hostPath.path)}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`);
    } else if (spec.nfs) {
      w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v(spec.nfs.server)}\n    Path:\t${v(spec.nfs.path)}\n    ReadOnly:\t${bool(spec.nfs.readOnly)}\n`);
    } else if (spec.local) {
      w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${v(spec.local.path)}\n`);
    } else if (spec.csi) {
      const c = spec.csi;
      w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v(c.driver)}\n    FSType:\t${v(c.fsType)}\n    VolumeHandle:\t${v(c.volumeHandle)}\n    ReadOnly:\t${bool(c.readOnly)}\n`);
      // printCSIPersistentVolumeAttributesMultiline
      w.write(LEVEL_2, 'VolumeAttributes:\t');
      const keys = Object.keys(c.volumeAttributes ?? {}).sort(byteCompare);
      if (keys.length === 0) w.writeLine('<none>');
      keys.forEach((k, i) => {
        if (i !== 0) {
          w.write(LEVEL_2, '');
          w.write(LEVEL_2, '\t');
        }
        const line = `${k}=${c.volumeAttributes[k]}`;
        w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
      });
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
    if (events) describeEvents(events, w, now);
  });
}

function isDefaultClassText(md: Obj): string {
  const a = md.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
    ? 'Yes' : 'No';
}

export function describeStorageClass(sc: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefaultClassText(sc.metadata)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    const opts: string[] = sc.mountOptions ?? [];
    if (opts.length === 0) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of opts) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies) {
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      const terms: Obj[] = sc.allowedTopologies;
      if (terms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        terms.forEach((t, i) => {
          const reqs: Obj[] = t.matchLabelExpressions ?? [];
          w.write(LEVEL_1, `Term ${i}:\t`);
          if (reqs.length === 0) {
            w.writeLine('<none>');
            return;
          }
          reqs.forEach((r, j) => {
            if (j !== 0) w.write(LEVEL_1, '\t');
            let s = `${r.key ?? ''} in`;
            if (r.values?.length) s += ` [${r.values.join(', ')}]`;
            w.write(LEVEL_0, `${s}\n`);
          });
        });
      }
    }
    if (events) describeEvents(events, w, now);
  });
}
