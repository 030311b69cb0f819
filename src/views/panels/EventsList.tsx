/**
 * Kubernetes events like `kubectl get events`, newest first, with a type filter and a text filter.
 * It draws the newest ROWS_STEP rows (more on request): during a big rollout events come with
 * nearly every patch, and 200 rows laid out again each time cost more than the canvas.
 */
import { memo, useMemo, useState } from 'react'
import type { ClusterEvent } from '../../engine'
import { humanDuration } from '../../engine/model/time'
import { useAppStore, useT } from '../AppContext'

/** How many rows the list draws at first, and how many more each "show more" adds. */
const ROWS_STEP = 30

const EventRow = memo(function EventRow({
  event,
  nowSeconds,
}: {
  event: ClusterEvent
  nowSeconds: number
}) {
  const warning = event.type === 'Warning'
  return (
    <tr
      data-testid="event-row"
      data-reason={event.reason}
      className={`border-b border-slate-100 align-top ${warning ? 'bg-red-50/60' : ''}`}
    >
      <td className="whitespace-nowrap px-1.5 py-1 font-mono text-slate-500">
        {humanDuration(nowSeconds * 1000 - event.lastSimTimeMs)}
      </td>
      <td className={`px-1.5 py-1 ${warning ? 'font-semibold text-red-700' : 'text-slate-600'}`}>
        {event.type}
      </td>
      <td className="px-1.5 py-1 font-medium">
        {event.reason}
        {event.count > 1 && <span className="ml-1 text-slate-400">×{event.count}</span>}
      </td>
      <td className="whitespace-nowrap px-1.5 py-1 font-mono text-slate-600">
        {event.involvedObject.kind.toLowerCase()}/{event.involvedObject.name}
      </td>
      <td className="px-1.5 py-1 text-slate-700">{event.message}</td>
    </tr>
  )
})

export function EventsList() {
  const events = useAppStore((s) => s.events)
  const nowSeconds = useAppStore((s) => Math.floor(s.simTimeMs / 1000))
  const t = useT()
  const [warningsOnly, setWarningsOnly] = useState(false)
  const [text, setText] = useState('')
  const [limit, setLimit] = useState(ROWS_STEP)
  // One row past the limit tells whether there are more to show.
  const matched = useMemo(() => {
    const needle = text.trim().toLowerCase()
    const out: ClusterEvent[] = []
    for (let i = events.length - 1; i >= 0 && out.length <= limit; i--) {
      const e = events[i] as ClusterEvent
      if (warningsOnly && e.type !== 'Warning') continue
      if (
        needle &&
        !`${e.reason} ${e.involvedObject.name} ${e.message}`.toLowerCase().includes(needle)
      )
        continue
      out.push(e)
    }
    return out
  }, [events, warningsOnly, text, limit])
  const more = matched.length > limit
  const rows = more ? matched.slice(0, limit) : matched
  return (
    <section className="flex min-h-0 flex-1 flex-col" data-testid="events-list">
      <header className="mb-1 flex items-center gap-2">
        <h2 className="text-sm font-semibold">{t('events')}</h2>
        <div className="ml-auto flex overflow-hidden rounded border border-slate-300 text-xs">
          <button
            type="button"
            aria-pressed={!warningsOnly}
            onClick={() => setWarningsOnly(false)}
            className={`px-2 py-0.5 ${warningsOnly ? '' : 'bg-slate-700 text-white'}`}
          >
            {t('eventsFilterAll')}
          </button>
          <button
            type="button"
            aria-pressed={warningsOnly}
            onClick={() => setWarningsOnly(true)}
            className={`px-2 py-0.5 ${warningsOnly ? 'bg-red-700 text-white' : ''}`}
          >
            {t('eventsFilterWarning')}
          </button>
        </div>
        <input
          aria-label={t('eventsFilterText')}
          placeholder={t('eventsFilterText')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="w-28 rounded border border-slate-300 px-1.5 py-0.5 text-xs"
        />
      </header>
      {/* Strict containment: rows coming and going lay out this box, not the page around it. */}
      <div className="min-h-0 flex-1 overflow-auto rounded border border-slate-200 bg-white [contain:strict]">
        {rows.length === 0 ? (
          <p className="p-2 text-xs text-slate-500">{t('eventsEmpty')}</p>
        ) : (
          <table className="w-full border-collapse text-[11px]">
            <thead className="sticky top-0 bg-slate-100 text-left text-slate-500">
              <tr>
                <th className="whitespace-nowrap px-1.5 py-1 font-medium">{t('colAge')}</th>
                <th className="whitespace-nowrap px-1.5 py-1 font-medium">{t('colType')}</th>
                <th className="whitespace-nowrap px-1.5 py-1 font-medium">{t('colReason')}</th>
                <th className="whitespace-nowrap px-1.5 py-1 font-medium">{t('colObject')}</th>
                <th className="whitespace-nowrap px-1.5 py-1 font-medium">{t('colMessage')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <EventRow key={e.metadata.name} event={e} nowSeconds={nowSeconds} />
              ))}
            </tbody>
          </table>
        )}
        {more && (
          <button
            type="button"
            data-testid="events-more"
            onClick={() => setLimit((n) => n + ROWS_STEP)}
            className="w-full border-t border-slate-100 px-2 py-1 text-left text-xs text-sky-700 hover:bg-slate-50"
          >
            {t('eventsMore', { count: ROWS_STEP })}
          </button>
        )}
      </div>
    </section>
  )
}
