// Figures and tables for the UI benchmark: frame statistics, DESIGN.md §6's budgets, and the
// plain-text tables it prints.

/** The value at fraction q of the sorted values (nearest rank), or NaN when there are none. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil(q * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

/** Median, p95, max and fps of a list of frame durations in ms. */
export function frameStats(deltas) {
  const sorted = [...deltas].sort((a, b) => a - b)
  const total = deltas.reduce((a, b) => a + b, 0)
  return {
    frames: deltas.length,
    medianMs: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
    fps: total > 0 ? (deltas.length * 1000) / total : NaN,
  }
}

/** A 60 Hz frame is 16.67 ms: the budgets' "16.7" admits it. */
const FRAME_60HZ = 16.7

/** DESIGN.md §6 / issue 6: the budget a scenario is held to, or undefined when it has none. */
export const BUDGETS = {
  'nodes-50': { label: '1k pods: p95 ≤ 16.7', p95Ms: FRAME_60HZ, longTaskMs: 100 },
  'nodes-250': {
    label: '5k pods: median ≤ 16.7, p95 ≤ 33',
    medianMs: FRAME_60HZ,
    p95Ms: 33,
    longTaskMs: 100,
  },
}

/** 'PASS', 'FAIL (reasons)' or '-' (no budget) for one measured case. */
export function verdict(scenario, stats, longestTaskMs) {
  const budget = BUDGETS[scenario]
  if (!budget) return '-'
  const misses = []
  if (budget.medianMs !== undefined && !(stats.medianMs <= budget.medianMs))
    misses.push(`median ${fmt(stats.medianMs)} > ${budget.medianMs}`)
  if (budget.p95Ms !== undefined && !(stats.p95Ms <= budget.p95Ms))
    misses.push(`p95 ${fmt(stats.p95Ms)} > ${budget.p95Ms}`)
  if (longestTaskMs > budget.longTaskMs)
    misses.push(`long task ${fmt(longestTaskMs)} > ${budget.longTaskMs}`)
  return misses.length ? `FAIL (${misses.join('; ')})` : 'PASS'
}

/** A number with one decimal, or '-' for undefined/NaN. */
export function fmt(value, digits = 1) {
  return value === undefined || value === null || Number.isNaN(value) ? '-' : value.toFixed(digits)
}

/** A plain-text table: a header row, a rule, then rows; numbers right-aligned. */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map(String))
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)))
  const line = (row) =>
    row
      .map((cell, i) =>
        /^[-\d.,×x%]+$/.test(cell) && i > 0 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd()
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n')
}
