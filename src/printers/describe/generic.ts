// kubectl's generic describer (describe.go genericDescriber / printUnstructuredContent), used for
// every kind without a describer of its own: the object's fields, sorted, as a nested listing with
// "smart" labels (`apiVersion` → `API Version`).

import type { KObject } from '../../api/types';
import { byteCompare, describeEvents, LEVEL_0, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, tabbed } from './writer';

type Obj = Record<string, any>;

/** fatih/camelcase.Split. */
function camelSplit(src: string): string[] {
  const runes: string[][] = [];
  let lastClass = 0;
  for (const r of src) {
    let cls: number;
    if (r.toLowerCase() === r && r.toUpperCase() !== r) cls = 1;
    else if (r.toUpperCase() === r && r.toLowerCase() !== r) cls = 2;
    else if (/\p{Nd}/u.test(r)) cls = 3;
    else cls = 4;
    if (cls === lastClass) runes[runes.length - 1].push(r);
    else runes.push([r]);
    lastClass = cls;
  }
  const isUpper = (r: string) => r.toUpperCase() === r && r.toLowerCase() !== r;
  const isLower = (r: string) => r.toLowerCase() === r && r.toUpperCase() !== r;
  for (let i = 0; i < runes.length - 1; i++) {
    if (isUpper(runes[i][0]) && isLower(runes[i + 1][0])) {
      runes[i + 1].unshift(runes[i][runes[i].length - 1]);
      runes[i].pop();
    }
  }
  return runes.filter((x) => x.length > 0).map((x) => x.join(''));
}

/** strings.Title: the first letter of each word upper-cased. */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre, ch) => pre + ch.toUpperCase());
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor. */
export function smartLabelFor(field: string): string {
  for (const r of field) {
    const letter = /\p{L}/u.test(r);
    if (!letter && r !== '-') return field;
  }
  const out: string[] = [];
  for (let part of camelSplit(field)) {
    if (part === '_') continue;
    part = ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : title(part);
    out.push(part);
  }
  return out.join(' ');
}

/** fmt `%v` of a float64 (strconv 'g', shortest; exponent form when exp < -4 || exp >= 6). */
function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return String(f);
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return String(v);
}

export function printUnstructuredContent(w: PrefixWriter, level: number, content: Obj, skipPrefix: string, skip: string[]): void {
  for (const field of Object.keys(content).sort(byteCompare)) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (skip.includes(skipExpr)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, skipExpr, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printUnstructuredContent(w, level + 1, child, skipExpr, skip);
        else w.write(level + 1, `${Array.isArray(child) ? `[${child.map(scalar).join(' ')}]` : scalar(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${scalar(value)}\n`);
    }
  }
}

export function describeGeneric(obj: KObject, events: KObject[] | null, now: number): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj, '', ['.metadata.managedFields', '.metadata.name', '.metadata.namespace',
      '.metadata.labels', '.metadata.annotations']);
    if (events) describeEvents(events, w, now);
  });
}
