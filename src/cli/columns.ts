// Plain kubectl-style columns for the CLI's own small tables (api-resources, config get-contexts):
// each column as wide as its widest cell plus `padding` spaces, the last column unpadded.

export function formatColumns(rows: string[][], padding = 3): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => { if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, c.length); });
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] + padding) : c)).join('').trimEnd() + '\n').join('');
}
