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

/**
 * rAF timestamps are vsync times read through a clock coarsened to 0.1 ms, so a 60 Hz frame reads
 * 16.6 to 16.8 ms and two frames 33.3: the budgets (16.7 = one frame, 33 = two) are compared with
 * this much slack.
 */
export const JITTER_MS = 0.5

/** DESIGN.md §6 / issue 6: the budget a scenario is held to, or undefined when it has none. */
export const BUDGETS = {
  'nodes-50': { label: '1k pods: p95 ≤ 16.7', p95Ms: 16.7, longTaskMs: 100 },
  'nodes-250': {
    label: '5k pods: median ≤ 16.7, p95 ≤ 33',
    medianMs: 16.7,
    p95Ms: 33,
    longTaskMs: 100,
  },
}

/** 'PASS', 'FAIL (reasons)' or '-' (no budget) for one measured case. */
export function verdict(scenario, stats, longestTaskMs) {
  const budget = BUDGETS[scenario]
  if (!budget) return '-'
  const misses = []
  const within = (value, limit) => value <= limit + JITTER_MS
  if (budget.medianMs !== undefined && !within(stats.medianMs, budget.medianMs))
    misses.push(`median ${fmt(stats.medianMs)} > ${budget.medianMs}`)
  if (budget.p95Ms !== undefined && !within(stats.p95Ms, budget.p95Ms))
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

/** Prints the frames table, baseline against ours, the worker's stream and (with --trace) the main thread. */
export function printTables(results, windowMs) {
  const HEADER = [
    'render',
    'case',
    'pods',
    'nodes',
    'zoom',
    'frames',
    'median ms',
    'p95 ms',
    'max ms',
    'fps',
    'long tasks',
    'longest ms',
    'load',
    'budget',
  ]
  const row = (r) =>
    r.error
      ? [
          r.render,
          `${r.scenario} ${r.zoom}`,
          ...Array(HEADER.length - 3).fill('-'),
          `ERROR ${r.error}`,
        ]
      : [
          r.render,
          `${r.scenario} ${r.zoom}`,
          r.pods,
          r.nodes ?? '-',
          fmt(r.zoomLevel, 2),
          r.frames,
          fmt(r.medianMs),
          fmt(r.p95Ms),
          fmt(r.maxMs),
          fmt(r.fps),
          r.longTasks,
          fmt(r.longestTaskMs),
          fmt(r.load),
          r.verdict,
        ]
  console.log(`\n## Frames during the rollout (${windowMs / 1000}s window)\n`)
  console.log(table(HEADER, results.map(row)))

  const ours = results.filter((r) => r.render === 'ours' && !r.error)
  const baseline = results.filter((r) => r.render === 'baseline' && !r.error)
  if (ours.length && baseline.length) {
    console.log('\n## Baseline (one React Flow node per pod) against ours\n')
    const pairs = ours.flatMap((o) => {
      const b = baseline.find((x) => x.scenario === o.scenario && x.zoom === o.zoom)
      return b
        ? [
            [
              `${o.scenario} ${o.zoom}`,
              fmt(o.p95Ms),
              fmt(b.p95Ms),
              `${fmt(b.p95Ms / o.p95Ms, 2)}×`,
              fmt(o.fps),
              fmt(b.fps),
              fmt(o.longestTaskMs),
              fmt(b.longestTaskMs),
            ],
          ]
        : []
    })
    console.log(
      table(
        [
          'case',
          'ours p95',
          'baseline p95',
          'baseline/ours',
          'ours fps',
          'baseline fps',
          'ours longest',
          'baseline longest',
        ],
        pairs,
      ),
    )
  }

  const streamed = results.filter((r) => r.stream && r.stream.patches > 0)
  if (streamed.length) {
    console.log('\n## Worker stream during the window\n')
    console.log(
      table(
        [
          'render',
          'case',
          'patches/s',
          'mean kB',
          'max kB',
          'objects/patch',
          'sim speed',
          'zoom task ms',
        ],
        streamed.map((r) => [
          r.render,
          `${r.scenario} ${r.zoom}`,
          fmt(r.stream.patches / (r.wallMs / 1000)),
          fmt(r.stream.chars / r.stream.patches / 1000),
          fmt(r.stream.maxChars / 1000),
          fmt(r.stream.objects / r.stream.patches),
          `${fmt(r.stream.simSpeed)}×`,
          fmt(r.zoomTaskMs),
        ]),
      ),
    )
  }

  const traced = results.filter((r) => r.mainThread)
  if (traced.length) {
    console.log(
      "\n## The renderer's main thread during the window (ms of self time, from a trace)\n",
    )
    const buckets = ['busy', 'script', 'style+layout', 'paint', 'composite', 'gc', 'other']
    console.log(
      table(
        ['render', 'case', 'wall', ...buckets],
        traced.map((r) => [
          r.render,
          `${r.scenario} ${r.zoom}`,
          fmt(r.wallMs, 0),
          ...buckets.map((b) => fmt(r.mainThread[b], 0)),
        ]),
      ),
    )
  }
}
