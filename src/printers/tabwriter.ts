// A port of Go's text/tabwriter as kubectl uses it (github.com/liggitt/tabwriter, the fork with the
// RememberWidths flag that cli-runtime's printers use). Cells are terminated by '\t' (or '\v', a
// "soft" tab); '\n' ends a line, '\f' ends a line and flushes. A column is aligned over each block
// of consecutive lines that have a tab-terminated cell in that column; the text after the last tab
// of a line is not part of any column and is never padded. Widths count Unicode code points.
//
// Not ported: the Escape character (0xff) and FilterHTML, which kubectl does not use (and 0xff is a
// legitimate character in a JS string), and AlignRight/TabIndent/DiscardEmptyColumns flags are
// supported for completeness.

export const FLAGS = {
  AlignRight: 1 << 2,
  DiscardEmptyColumns: 1 << 3,
  TabIndent: 1 << 4,
  Debug: 1 << 5,
  RememberWidths: 1 << 6,
} as const;

export interface TabWriterOptions {
  /** minimal cell width including padding (kubectl get: 6, describe: 0) */
  minwidth?: number;
  /** width of a tab when padchar is '\t' (kubectl get: 4, describe: 8) */
  tabwidth?: number;
  /** padding added to the widest cell of a column (kubectl get: 3, describe: 2) */
  padding?: number;
  padchar?: string;
  /** bitwise OR of FLAGS */
  flags?: number;
  /** shorthand for flags |= FLAGS.RememberWidths */
  rememberWidths?: boolean;
}

interface Cell { text: string; width: number; htab: boolean }

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * `new TabWriter(opts).write(text)...; const out = tw.flush()`. Output is produced into an
 * internal buffer (a '\f' or a line without tabs may format the lines before it early, exactly as
 * in Go); `flush()` formats what is pending and returns all output since the previous flush.
 */
export class TabWriter {
  private readonly minwidth: number;
  private readonly tabwidth: number;
  private readonly padding: number;
  private readonly padchar: string;
  private readonly flags: number;

  private out: string[] = [];
  private cell = '';                 // text of the current, incomplete cell
  private lines: Cell[][] = [[]];
  private widths: number[] = [];
  private maxwidths: number[] = [];

  constructor(opts: TabWriterOptions = {}) {
    this.minwidth = opts.minwidth ?? 0;
    this.tabwidth = opts.tabwidth ?? 8;
    this.padding = opts.padding ?? 1;
    this.padchar = opts.padchar ?? ' ';
    let flags = opts.flags ?? 0;
    if (opts.rememberWidths) flags |= FLAGS.RememberWidths;
    if (this.padchar === '\t') flags &= ~FLAGS.AlignRight;
    this.flags = flags;
    if (this.minwidth < 0 || this.tabwidth < 0 || this.padding < 0) throw new Error('negative minwidth, tabwidth, or padding');
  }

  /** The per-column maximum widths remembered so far (RememberWidths). */
  rememberedWidths(): number[] { return this.maxwidths.slice(); }

  /** Replace the remembered widths (kubectl resets them to [] between resource types). */
  setRememberedWidths(widths: number[]): this { this.maxwidths = widths.slice(); return this; }

  write(text: string): this {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x09 || ch === 0x0b || ch === 0x0a || ch === 0x0c) {
        this.cell += text.slice(start, i);
        start = i + 1;
        const ncells = this.terminateCell(ch === 0x09);
        if (ch === 0x0a || ch === 0x0c) {
          this.lines.push([]);
          if (ch === 0x0c || ncells === 1) {
            // A line with a single cell cannot affect the alignment of the lines after it, and
            // '\f' always forces it: format everything buffered so far.
            this.flushInternal();
            if (ch === 0x0c && this.flags & FLAGS.Debug) this.out.push('---\n');
          }
        }
      }
    }
    this.cell += text.slice(start);
    return this;
  }

  /** Format all pending text and return the output produced since the last flush(). */
  flush(): string {
    this.flushInternal();
    const s = this.out.join('');
    this.out = [];
    return s;
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: runeCount(this.cell), htab });
    this.cell = '';
    return line.length;
  }

  private flushInternal(): void {
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    // reset
    this.cell = '';
    this.lines = [[]];
    this.widths = [];
  }

  private writePadding(textw: number, cellw: number, useTabs: boolean): void {
    if (this.padchar === '\t' || useTabs) {
      if (this.tabwidth === 0) return;
      cellw = Math.ceil(cellw / this.tabwidth) * this.tabwidth;
      const n = cellw - textw;
      if (n < 0) throw new Error('tabwriter: internal error');
      this.out.push('\t'.repeat(Math.ceil(n / this.tabwidth)));
      return;
    }
    if (cellw > textw) this.out.push(this.padchar.repeat(cellw - textw));
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      let useTabs = (this.flags & FLAGS.TabIndent) !== 0;
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        if (j > 0 && this.flags & FLAGS.Debug) this.out.push('|');
        if (c.text.length === 0) {
          if (j < this.widths.length) this.writePadding(c.width, this.widths[j], useTabs);
        } else {
          useTabs = false;
          if ((this.flags & FLAGS.AlignRight) === 0) {
            this.out.push(c.text);
            if (j < this.widths.length) this.writePadding(c.width, this.widths[j], false);
          } else {
            if (j < this.widths.length) this.writePadding(c.width, this.widths[j], false);
            this.out.push(c.text);
          }
        }
      }
      if (i + 1 === this.lines.length) {
        // last buffered line: no newline, the pending cell text (if any) follows
        this.out.push(this.cell);
        this.cell = '';
      } else {
        this.out.push('\n');
      }
    }
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let thisLine = line0; thisLine < line1; thisLine++) {
      let line = this.lines[thisLine];
      if (column >= line.length - 1) continue;
      // a cell exists in this column: print the lines before the block, then size the block
      this.writeLines(line0, thisLine);
      line0 = thisLine;

      let width = this.minwidth;
      let discardable = true;
      for (; thisLine < line1; thisLine++) {
        line = this.lines[thisLine];
        if (column >= line.length - 1) break;
        const c = line[column];
        const w = c.width + this.padding;
        if (w > width) width = w;
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.flags & FLAGS.DiscardEmptyColumns) width = 0;

      if (this.flags & FLAGS.RememberWidths) {
        if (this.maxwidths.length < this.widths.length) {
          this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
        }
        if (this.maxwidths.length === this.widths.length) this.maxwidths.push(width);
        else if (this.maxwidths[this.widths.length] > width) width = this.maxwidths[this.widths.length];
        else if (this.maxwidths[this.widths.length] < width) this.maxwidths[this.widths.length] = width;
      }

      this.widths.push(width);
      this.format(line0, thisLine);
      this.widths.pop();
      line0 = thisLine;
    }
    this.writeLines(line0, line1);
  }
}

/** The writer of `kubectl get` tables (cli-runtime printers.GetNewTabWriter): 6, 4, 3, ' ', RememberWidths. */
export function newGetTabWriter(): TabWriter {
  return new TabWriter({ minwidth: 6, tabwidth: 4, padding: 3, padchar: ' ', flags: FLAGS.RememberWidths });
}

/** The writer of `kubectl describe` (text/tabwriter 0, 8, 2, ' ', 0). */
export function newDescribeTabWriter(): TabWriter {
  return new TabWriter({ minwidth: 0, tabwidth: 8, padding: 2, padchar: ' ', flags: 0 });
}

/** Format `text` in one go with the given writer settings. */
export function tabify(text: string, opts: TabWriterOptions): string {
  return new TabWriter(opts).write(text).flush();
}
