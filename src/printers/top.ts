// `kubectl top pod` / `kubectl top node` tables: a port of kubectl's pkg/metricsutil
// (metrics_printer.go, metrics_sorter.go, metrics_resource_adder.go, v1.32). PURE: rows in, text out.
//
// Units as the Metrics API carries them: CPU in nanocores, memory in bytes. Printed as kubectl does:
// CPU `Quantity.MilliValue()` (rounded UP to a millicore: 1 nanocore prints `1m`) + `m`; memory
// `Quantity.Value() / (1024*1024)` (truncated) + `Mi`; percentages `int64(usage milli / available
// milli * 100)` (truncated). Every cell, the last one included, is tab-terminated, so with
// cli-runtime's tab writer the last column is padded too (kubectl's lines end in spaces).
// Sorting is Go's sort.Sort (not stable; insertion sort up to 12 rows) with kubectl's Less.

import { newGetTabWriter } from './tabwriter';
import { goSort, parseQuantity } from './sort';

export interface ContainerMetrics {
  name: string;
  /** nanocores */
  cpu: number;
  /** bytes */
  memory: number;
}

export interface PodMetrics {
  namespace: string;
  name: string;
  containers: ContainerMetrics[];
}

export interface NodeMetrics {
  name: string;
  /** nanocores */
  cpu: number;
  /** bytes */
  memory: number;
}

export type SortBy = '' | 'cpu' | 'memory';

export const NODE_COLUMNS = ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'];
export const POD_COLUMNS = ['NAME', 'CPU(cores)', 'MEMORY(bytes)'];

const MI = 1024 * 1024;

/** Quantity(nanocores).MilliValue(): rounded up. */
export function cpuMilli(nanocores: number): number {
  return Math.ceil(Math.ceil(nanocores) / 1e6);
}

/** `12m` */
export function formatCpu(nanocores: number): string {
  return `${cpuMilli(nanocores)}m`;
}

/** `3Mi` (Value() is rounded up to a byte, then integer-divided by Mi) */
export function formatMemory(bytes: number): string {
  return `${Math.trunc(Math.ceil(bytes) / MI)}Mi`;
}

/** Quantity.MilliValue() of a quantity string such as `2`, `1500m`, `16318436Ki`; undefined when unparsable. */
export function quantityMilli(q: string): number | undefined {
  const v = parseQuantity(q);
  if (!v) return undefined;
  const e = v.exp10 + 3;
  let m: bigint;
  if (e >= 0) m = v.mantissa * 10n ** BigInt(e);
  else {
    const d = 10n ** BigInt(-e);
    m = v.mantissa / d + (v.mantissa % d !== 0n ? 1n : 0n); // away from zero, as ScaledValue does
  }
  return Number(v.negative ? -m : m);
}

/** Go's `int64(f)` for the percent columns (amd64: NaN and out-of-range give MinInt64). */
function goInt64(f: number): string {
  if (!Number.isFinite(f) || Math.abs(f) >= 9.223372036854776e18) return '-9223372036854775808';
  return String(Math.trunc(f) || 0);
}

/** `42%` — usage against available, both as MilliValue()s. */
export function formatPercent(usageMilli: number, availableMilli: number): string {
  return `${goInt64((usageMilli / availableMilli) * 100)}%`;
}

/** The pod's usage: the sum over its containers. */
export function podUsage(m: PodMetrics): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of m.containers) { cpu += c.cpu; memory += c.memory; }
  return { cpu, memory };
}

function cell(v: string): string { return `${v}\t`; }

function usageCells(cpu: number, memory: number, available?: Record<string, string>): string {
  let s = cell(formatCpu(cpu));
  if (available && 'cpu' in available) s += cell(formatPercent(cpuMilli(cpu), quantityMilli(available.cpu) ?? 0));
  s += cell(formatMemory(memory));
  if (available && 'memory' in available) s += cell(formatPercent(Math.ceil(memory) * 1000, quantityMilli(available.memory) ?? 0));
  return s;
}

function metricsLine(name: string, cpu: number, memory: number, available?: Record<string, string>): string {
  return cell(name) + usageCells(cpu, memory, available) + '\n';
}

function sortInPlace<T>(items: T[], less: (a: T, b: T) => boolean): void {
  goSort(items.length, (i, j) => less(items[i], items[j]), (i, j) => { const t = items[i]; items[i] = items[j]; items[j] = t; });
}

export interface PodPrintOptions {
  /** --containers */
  containers?: boolean;
  /** -A: a NAMESPACE column, and rows ordered by namespace first */
  withNamespace?: boolean;
  noHeaders?: boolean;
  sortBy?: SortBy | string;
  /** --sum */
  sum?: boolean;
}

/**
 * TopCmdPrinter.PrintPodMetrics: the table `kubectl top pod` prints ('' when there are no metrics).
 * `metrics` is in the order the Metrics API lists them (namespace, name); it is not modified.
 */
export function printPodMetrics(metrics: PodMetrics[], opts: PodPrintOptions = {}): string {
  if (metrics.length === 0) return '';
  const sortBy = opts.sortBy ?? '';
  let out = '';
  let columnWidth = POD_COLUMNS.length;
  if (!opts.noHeaders) {
    // (kubectl widens the sum row for these columns only when it prints the headers)
    if (opts.withNamespace) { out += cell('NAMESPACE'); columnWidth++; }
    if (opts.containers) { out += cell('POD'); columnWidth++; }
    out += POD_COLUMNS.map(cell).join('') + '\n';
  }

  const rows = metrics.map((m) => ({ m, usage: podUsage(m) }));
  sortInPlace(rows, (a, b) => {
    switch (sortBy) {
      case 'cpu': return cpuMilli(a.usage.cpu) > cpuMilli(b.usage.cpu);
      case 'memory': return Math.ceil(a.usage.memory) > Math.ceil(b.usage.memory);
      default:
        if (opts.withNamespace && a.m.namespace !== b.m.namespace) return a.m.namespace < b.m.namespace;
        return a.m.name < b.m.name;
    }
  });

  for (const { m, usage } of rows) {
    if (opts.containers) {
      const containers = m.containers.slice();
      sortInPlace(containers, (a, b) => {
        switch (sortBy) {
          case 'cpu': return cpuMilli(a.cpu) > cpuMilli(b.cpu);
          case 'memory': return Math.ceil(a.memory) > Math.ceil(b.memory);
          default: return a.name < b.name;
        }
      });
      for (const c of containers) {
        if (opts.withNamespace) out += cell(m.namespace);
        out += cell(m.name) + metricsLine(c.name, c.cpu, c.memory);
      }
    } else {
      if (opts.withNamespace) out += cell(m.namespace);
      out += metricsLine(m.name, usage.cpu, usage.memory);
    }
  }

  if (opts.sum) {
    let cpu = 0;
    let memory = 0;
    for (const { usage } of rows) { cpu += usage.cpu; memory += usage.memory; }
    out += cell('').repeat(Math.max(0, columnWidth - 2)) + cell('________') + cell('________') + '\n';
    out += cell('').repeat(Math.max(0, columnWidth - 3)) + metricsLine('', cpu, memory);
  }
  return newGetTabWriter().write(out).flush();
}

export interface NodePrintOptions {
  noHeaders?: boolean;
  sortBy?: SortBy | string;
}

/**
 * TopCmdPrinter.PrintNodeMetrics ('' when there are no metrics). `available` is each node's
 * status.allocatable (or capacity with --show-capacity); a node there without metrics gets a line of
 * `<unknown>`s at the end (kubectl walks a Go map, so in random order; here by name).
 */
export function printNodeMetrics(metrics: NodeMetrics[], available: Record<string, Record<string, string>>, opts: NodePrintOptions = {}): string {
  if (metrics.length === 0) return '';
  const sortBy = opts.sortBy ?? '';
  const rows = metrics.slice();
  sortInPlace(rows, (a, b) => {
    switch (sortBy) {
      case 'cpu': return cpuMilli(a.cpu) > cpuMilli(b.cpu);
      case 'memory': return Math.ceil(a.memory) > Math.ceil(b.memory);
      default: return a.name < b.name;
    }
  });
  let out = '';
  if (!opts.noHeaders) out += NODE_COLUMNS.map(cell).join('') + '\n';
  const rest = new Map(Object.entries(available));
  for (const m of rows) {
    out += metricsLine(m.name, m.cpu, m.memory, rest.get(m.name));
    rest.delete(m.name);
  }
  for (const name of [...rest.keys()].sort()) out += cell(name) + cell('<unknown>').repeat(4) + '\n';
  return newGetTabWriter().write(out).flush();
}

/** Go's time.Duration.String() of a duration in milliseconds: `2m5.123s`, `1h0m0s`, `750ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let v = Math.abs(Math.round(ms * 1e6)); // nanoseconds
  let s: string;
  if (v < 1e9) {
    // sub-second: the largest unit that keeps an integer part
    const [unit, div] = v < 1e3 ? ['ns', 1] : v < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    s = fraction(v, div) + unit;
  } else {
    const h = Math.floor(v / 3.6e12);
    v -= h * 3.6e12;
    const m = Math.floor(v / 6e10);
    v -= m * 6e10;
    s = (h ? `${h}h` : '') + (h || m ? `${m}m` : '') + fraction(v, 1e9) + 's';
  }
  return (neg ? '-' : '') + s;
}

function fraction(v: number, div: number): string {
  const int = Math.floor(v / div);
  const digits = String(div).length - 1;
  const frac = digits ? String(v - int * div).padStart(digits, '0').replace(/0+$/, '') : '';
  return frac ? `${int}.${frac}` : String(int);
}
