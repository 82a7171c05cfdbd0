// `kubectl get` human-readable tables: the server-side columns of ./columns decorated and printed
// as cli-runtime's HumanReadablePrinter does (printers/tableprinter.go: decorateTable, printTable)
// through the get tabwriter (minwidth 6, tabwidth 4, padding 3, RememberWidths).
// Cheap to import: no yaml, no cli-table3.

import type { KindInfo } from '../api/kinds';
import { kindGroupName } from '../api/kinds';
import type { KObject } from '../api/types';
import { Cell, ColumnDef, DEFAULT_TABLE, formatLabels, KindTable, TABLES } from './columns';
import { newGetTabWriter, TabWriter } from './tabwriter';

export type { Cell, ColumnDef, KindTable } from './columns';
export { formatLabels, formatLabelSelector, selectorString, formatEndpoints } from './columns';

export interface TableOptions {
  /** the current time in ms since the epoch (AGE and other durations) */
  now: number;
  /** `-o wide`: also the Priority 1 columns */
  wide?: boolean;
  /** `--show-labels`: a last LABELS column */
  showLabels?: boolean;
  /** `-L key,...`: one column per key, header = last path segment upper-cased */
  labelColumns?: string[];
  /** `-A`: NAMESPACE first (ignored for cluster-scoped kinds, as kubectl does) */
  withNamespace?: boolean;
  /** several types (`get all`, `get pods,svc`): NAME becomes `<kind>[.<group>]/<name>` */
  withKind?: boolean;
  /** `--no-headers` */
  noHeaders?: boolean;
}

/** The server-side table definition of a kind (NAME / CREATED AT for kinds without a printer). */
export function tableFor(info: Pick<KindInfo, 'kind'>): KindTable {
  return TABLES[info.kind] ?? DEFAULT_TABLE;
}

/** Whether the kind has its own printer (false: the default NAME / CREATED AT table). */
export function hasPrinter(info: Pick<KindInfo, 'kind'>): boolean {
  return Object.prototype.hasOwnProperty.call(TABLES, info.kind);
}

export interface DecoratedTable {
  /** the visible column definitions, in print order (NAMESPACE and label columns included) */
  columns: ColumnDef[];
  /** header cells, upper-cased as kubectl prints them */
  header: string[];
  /** one entry per object, in the order given */
  rows: { object: KObject; cells: Cell[] }[];
}

/** formatLabelHeaders: the last `/` segment of each key, upper-cased. */
export function labelColumnHeader(key: string): string {
  const p = key.split('/');
  return p[p.length - 1].toUpperCase();
}

/**
 * The table kubectl would print, before formatting: visible columns (wide filtering applied),
 * decorated with NAMESPACE / label columns / kind-prefixed names. Useful for `--sort-by`
 * (sort `rows`, then `formatTable`) and for watch output.
 */
export function tableRows(info: KindInfo, objects: KObject[], opts: TableOptions): DecoratedTable {
  return decorate(info, objects, opts, !!opts.withNamespace && info.namespaced !== false);
}

function decorate(info: KindInfo, objects: KObject[], opts: TableOptions, withNamespace: boolean): DecoratedTable {
  const def = tableFor(info);
  const visible: number[] = [];
  def.columns.forEach((c, i) => { if (opts.wide || c.priority === 0) visible.push(i); });
  const nameIdx = opts.withKind ? def.columns.findIndex((c) => c.format === 'name' && c.type === 'string') : -1;
  const prefix = opts.withKind ? kindGroupName(info) : '';
  const labelKeys = opts.labelColumns ?? [];

  const columns: ColumnDef[] = [];
  if (withNamespace) columns.push({ name: 'Namespace', type: 'string', priority: 0 });
  for (const i of visible) columns.push(def.columns[i]);
  for (const k of labelKeys) columns.push({ name: labelColumnHeader(k), type: 'string', priority: 0 });
  if (opts.showLabels) columns.push({ name: 'Labels', type: 'string', priority: 0 });

  const rows = objects.map((object) => {
    const all = def.row(object, opts.now);
    if (nameIdx >= 0) all[nameIdx] = `${prefix}/${cellText(all[nameIdx])}`;
    const cells: Cell[] = [];
    if (withNamespace) cells.push(object.metadata.namespace ?? '');
    for (const i of visible) cells.push(i < all.length ? all[i] : null);
    const labels = object.metadata.labels ?? {};
    for (const k of labelKeys) cells.push(labels[k] ?? '');
    if (opts.showLabels) cells.push(formatLabels(labels));
    return { object, cells };
  });
  return { columns, header: columns.map((c) => c.name.toUpperCase()), rows };
}

/** A cell as printTable writes it: strings cut at the first newline (`...` appended), Go's %v otherwise. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const nl = cell.indexOf('\n');
    return nl >= 0 ? `${cell.slice(0, nl)}...` : cell;
  }
  return String(cell);
}

/** Format a decorated table with a fresh get tabwriter. */
export function formatTable(table: DecoratedTable, noHeaders?: boolean): string {
  if (table.rows.length === 0) return '';
  const lines: string[][] = noHeaders ? [] : [table.header];
  for (const r of table.rows) lines.push(r.cells.map(cellText));
  return formatLines(lines);
}

/** Rows of cells through kubectl's get tabwriter (api-resources, config get-contexts use it too). */
export function formatLines(lines: string[][]): string {
  if (lines.length === 0) return '';
  return padUniform(lines) ?? newGetTabWriter().write(lines.map((l) => l.join('\t') + '\n').join('')).flush();
}

const GET_MINWIDTH = 6;
const GET_PADDING = 3;

/**
 * The get tabwriter's result for the common case, without its general machinery: every line has
 * the same number of cells, none holding a tab, so each column is one block whose width is
 * max(minwidth, widest cell + padding) and the last cell is written as is. Returns undefined when
 * the table is not of that shape (the caller then uses the TabWriter).
 */
export function padUniform(lines: string[][]): string | undefined {
  const n = lines[0]?.length ?? 0;
  const widths = new Array<number>(n).fill(0);
  for (const cells of lines) {
    if (cells.length !== n) return undefined;
    for (let i = 0; i < n - 1; i++) {
      const c = cells[i];
      // eslint-disable-next-line no-control-regex
      if (!/^[\x20-\x7e]*$/.test(c)) return undefined; // runes ≠ UTF-16 units, or a tab: use the TabWriter
      if (c.length > widths[i]) widths[i] = c.length;
    }
  }
  for (let i = 0; i < n - 1; i++) widths[i] = Math.max(GET_MINWIDTH, widths[i] + GET_PADDING);
  let out = '';
  for (const cells of lines) {
    let line = '';
    for (let i = 0; i < n - 1; i++) line += cells[i].padEnd(widths[i]);
    out += line + cells[n - 1] + '\n';
  }
  return out;
}

/**
 * `kubectl get <type>` output for one type: header + one line per object, columns aligned, with a
 * trailing newline; '' when there are no objects (kubectl prints no header then).
 */
export function printTable(info: KindInfo, objects: KObject[], opts: TableOptions): string {
  return formatTable(tableRows(info, objects, opts), opts.noHeaders);
}

/**
 * Several types in one `get` (`get pods,svc`, `get all`, in request order, empty types included):
 * one block per type, `<kind>[.<group>]/<name>` names when more than one type was requested, a
 * blank line between non-empty blocks (none with --no-headers). With -A, kubectl's printer flags
 * are shared between the types, so once a namespaced type has been printed the cluster-scoped
 * types after it get an (empty) NAMESPACE column too; reproduced here.
 */
export function printTables(groups: { info: KindInfo; objects: KObject[] }[], opts: TableOptions): string {
  const withKind = opts.withKind || new Set(groups.map((g) => g.info.kind)).size > 1;
  let nsSticky = false;
  const blocks: string[] = [];
  for (const g of groups) {
    const ns = !!opts.withNamespace && (g.info.namespaced !== false || nsSticky);
    if (ns) nsSticky = true;
    const text = formatTable(decorate(g.info, g.objects, { ...opts, withKind }, ns), opts.noHeaders);
    if (text) blocks.push(text);
  }
  return blocks.join(opts.noHeaders ? '' : '\n');
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR';

const EVENT_CELL: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };

/**
 * Incremental table output for `get -w`: one long-lived tabwriter whose column widths only grow
 * (RememberWidths), the header printed once, before the first row, as kubectl does. Each call
 * returns the text to write for that batch. With `eventType` (`--output-watch-events`) an EVENT
 * column comes first.
 */
export class TableStream {
  private readonly tw: TabWriter = newGetTabWriter();
  private printedHeaders = false;

  constructor(private readonly info: KindInfo, private readonly opts: TableOptions) {}

  print(objects: KObject[], now?: number, eventType?: WatchEventType): string {
    // kubectl's watch printer takes -A as is, even for cluster-scoped kinds
    const table = decorate(this.info, objects, now === undefined ? this.opts : { ...this.opts, now }, !!this.opts.withNamespace);
    if (table.rows.length === 0) return '';
    let text = '';
    if (!this.printedHeaders && !this.opts.noHeaders) {
      text += `${eventType ? 'EVENT\t' : ''}${table.header.join('\t')}\n`;
    }
    this.printedHeaders = true;
    for (const r of table.rows) {
      text += `${eventType ? `${EVENT_CELL[eventType] ?? eventType}\t` : ''}${r.cells.map(cellText).join('\t')}\n`;
    }
    return this.tw.write(text).flush();
  }
}
