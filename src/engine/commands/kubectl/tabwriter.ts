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

/** Column settings of a Go text/tabwriter: minimal cell width and padding added to each cell. */
export interface TabwriterOptions {
  minwidth: number
  padding: number
}

/** describe.go's tabbedString and history.go: tabwriter.Writer.Init(buf, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 }

/**
 * Go's text/tabwriter (Writer.format / writeLines) over tab-separated text: a column is aligned
 * over the block of consecutive lines that have a tab-terminated cell in it, so a line with fewer
 * cells ends the block. The text after a line's last tab is not part of any column. Widths are
 * counted in code points, as utf8.RuneCount does.
 */
export function tabwriterFormat(
  text: string,
  options: TabwriterOptions = DESCRIBE_TABWRITER,
): string {
  const raw = text.split('\n')
  // The text after the last newline is a line only if it has something in it (Writer.Flush).
  const lines = raw.map((l, i) => (i === raw.length - 1 && l === '' ? [] : l.split('\t')))
  const widths: number[] = []
  const out: string[] = []
  const runes = (s: string) => {
    let n = 0
    for (const _ of s) n++
    return n
  }

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i] as string[]
      let s = ''
      cells.forEach((cell, j) => {
        s += cell
        const w = widths[j]
        if (j < widths.length && w !== undefined) s += ' '.repeat(Math.max(0, w - runes(cell)))
      })
      out.push(s)
    }
  }

  const format = (line0: number, line1: number) => {
    const column = widths.length
    for (let t = line0; t < line1; t++) {
      if (column >= (lines[t] as string[]).length - 1) continue
      // A cell exists in this column: print the lines before the block, then size the block.
      writeLines(line0, t)
      line0 = t
      let width = options.minwidth
      for (; t < line1; t++) {
        const cells = lines[t] as string[]
        if (column >= cells.length - 1) break
        width = Math.max(width, runes(cells[column] as string) + options.padding)
      }
      widths.push(width)
      format(line0, t)
      widths.pop()
      line0 = t
    }
    writeLines(line0, line1)
  }

  format(0, lines.length)
  return out.join('\n')
}
