/** Old, new and available pods of one Deployment over sim time, as three step lines. */
import { memo } from 'react'
import type { RolloutSample } from '../../store'
import { useT } from '../AppContext'

const WIDTH = 360
const HEIGHT = 90
const PAD = 4

const SERIES = [
  { key: 'oldPods', color: '#64748b', label: 'rolloutChartOld' },
  { key: 'newPods', color: '#7c3aed', label: 'rolloutChartNew' },
  { key: 'available', color: '#10b981', label: 'rolloutChartAvailable' },
] as const

export const RolloutChart = memo(function RolloutChart({
  samples,
  fromMs,
  toMs,
}: {
  samples: readonly RolloutSample[]
  fromMs: number
  toMs: number
}) {
  const t = useT()
  const shown = samples.filter((s) => s.atMs >= fromMs)
  const before = samples.filter((s) => s.atMs < fromMs).at(-1)
  const points = before ? [{ ...before, atMs: fromMs }, ...shown] : shown
  if (points.length === 0) return null
  const span = Math.max(1000, toMs - fromMs)
  const max = Math.max(1, ...points.flatMap((p) => [p.oldPods, p.newPods, p.available]))
  const x = (ms: number) => PAD + ((ms - fromMs) / span) * (WIDTH - 2 * PAD)
  const y = (v: number) => HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD)
  const path = (key: (typeof SERIES)[number]['key']) => {
    let d = ''
    points.forEach((p, i) => {
      d += i === 0 ? `M${x(p.atMs)},${y(p[key])}` : `H${x(p.atMs)}V${y(p[key])}`
    })
    const last = points.at(-1)
    if (last) d += `H${x(toMs)}`
    return d
  }
  return (
    <figure className="mt-1" data-testid="rollout-chart">
      <figcaption className="mb-0.5 flex gap-3 text-[10px] text-slate-500">
        <span>{t('rolloutChart')}</span>
        {SERIES.map((s) => (
          <span key={s.key} className="flex items-center gap-1">
            <span className="inline-block h-0.5 w-3" style={{ background: s.color }} />
            {t(s.label)}
          </span>
        ))}
        <span className="ml-auto">max {max}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-[90px] w-full rounded border border-slate-200 bg-white"
        role="img"
        aria-label={t('rolloutChart')}
      >
        {SERIES.map((s) => (
          <path
            key={s.key}
            d={path(s.key)}
            fill="none"
            stroke={s.color}
            strokeWidth={s.key === 'available' ? 2.5 : 1.5}
            strokeDasharray={s.key === 'available' ? '4 2' : undefined}
          />
        ))}
      </svg>
    </figure>
  )
})
