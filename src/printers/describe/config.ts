// Secrets, ConfigMaps, ServiceAccounts (describe.go).

import type { KObject } from '../../api/types';
import {
  base64Len, byteCompare, describeEvents, LEVEL_0, printAnnotationsMultiline, printLabelsMultiline, sortedKeys, tabbed,
} from './writer';
import type { DescribeView } from './types';

export function describeSecret(secret: KObject): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    // kubectl ranges over the Go map (random order); kctl prints the keys sorted
    for (const k of sortedKeys(secret.data)) {
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') {
        w.write(LEVEL_0, `${k}:\t${Buffer.from(String(secret.data[k]), 'base64').toString()}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${base64Len(secret.data[k])} bytes\n`);
      }
    }
  });
}

export function describeConfigMap(cm: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data[k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${base64Len(cm.binaryData[k])} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(events, w, now);
  });
}

export function describeServiceAccount(sa: KObject, view: DescribeView, events: KObject[] | null, now: number): string {
  const ns = sa.metadata.namespace ?? '';
  const secrets = view.list('secrets', ns);
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const tokens = secrets.filter((s) => s.type === 'kubernetes.io/service-account-token'
    && s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name
    && (s.metadata.annotations?.['kubernetes.io/service-account.uid'] ?? '') === (sa.metadata.uid ?? ''));
  const missing = new Set<string>();
  for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(s.name)) missing.add(s.name);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
    const emptyHeader = '                   ';
    const types: Record<string, string[]> = {
      'Image pull secrets:': (sa.imagePullSecrets ?? []).map((s: { name: string }) => s.name),
      'Mountable secrets: ': (sa.secrets ?? []).map((s: { name: string }) => s.name),
      'Tokens:            ': tokens.map((s) => s.metadata.name ?? ''),
    };
    for (const header of Object.keys(types).sort(byteCompare)) {
      const names = types[header];
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, missing.has(n) ? `${prefix}\t${n} (not found)\n` : `${prefix}\t${n}\n`);
        prefix = emptyHeader;
      }
    }
    if (events) describeEvents(events, w, now);
  });
}
