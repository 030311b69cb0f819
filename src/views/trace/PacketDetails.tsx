/** The bottom panel while a trace is shown: what the current hop did, its headers and its tables. */
import { traceHops } from '../../store'
import { useAppStore, useT } from '../AppContext'
import { NodeTables } from './NodeTables'
import { PacketHeaders } from './PacketHeaders'

export function PacketDetails() {
  const trace = useAppStore((s) => s.trace.trace)
  const position = useAppStore((s) => s.trace.position)
  const t = useT()
  if (!trace) return <p className="p-2 text-sm text-slate-500">{t('traceNone')}</p>
  const hops = traceHops(trace)
  const hop = hops[position]
  if (!hop) return null
  const firstOfLeg = position === 0 || position === trace.hops.length
  const previous = firstOfLeg ? undefined : hops[position - 1]
  const leg =
    hop.phase === 'dns'
      ? t('tracePhaseDns')
      : position < trace.hops.length
        ? t('traceRequest')
        : t('traceReplyLeg')
  return (
    <div className="flex min-h-0 flex-1 gap-4 overflow-auto" data-testid="packet-details">
      <div className="flex w-[48%] min-w-0 flex-col gap-2">
        <div>
          <div className="text-xs uppercase tracking-wide text-slate-500">
            {leg} ·{' '}
            {t('traceHopN', {
              n:
                (firstOfLeg
                  ? 0
                  : position - (position >= trace.hops.length ? trace.hops.length : 0)) +
                (firstOfLeg ? 1 : 1),
            })}{' '}
            · {hop.kind}
          </div>
          <div className="font-semibold">{hop.where}</div>
          <p className="text-sm text-slate-700" data-testid="hop-action">
            {hop.action}
          </p>
        </div>
        <PacketHeaders hop={hop} previous={previous} />
      </div>
      <div className="min-w-0 flex-1">
        <NodeTables hop={hop} />
      </div>
    </div>
  )
}
