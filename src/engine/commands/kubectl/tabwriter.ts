/**
 * kubectl's table layout: text/tabwriter with minwidth 6, padding 3 and spaces
 * (printers.GetNewTabWriter), the last column left unpadded.
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return ''
  const columns = Math.max(...rows.map((r) => r.length))
  const widths: number[] = []
  for (let c = 0; c < columns - 1; c++) {
    widths[c] = Math.max(6, ...rows.map((r) => (r[c] ?? '').length + 3))
  }
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] ?? 0) : cell))
        .join('')
        .trimEnd(),
    )
    .join('\n')
}
