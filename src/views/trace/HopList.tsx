/** The hops of the request and of the reply; the one the player stands on is marked. */
import { useEffect, useRef } from 'react'
import type { Hop } from '../../engine'
import { useAppStore, useT } from '../AppContext'

function HopRow({
  hop,
  index,
  position,
  current,
}: {
  hop: Hop
  index: number
  position: number
  current: boolean
}) {
  const setPosition = useAppStore((s) => s.setTracePosition)
  const ref = useRef<HTMLLIElement>(null)
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [current])
  const { ip, outer } = hop.headers
  return (
    <li
      ref={ref}
      data-testid="trace-hop"
      data-hop-kind={hop.kind}
      data-where={hop.where}
      data-ip-src={ip.src}
      data-ip-dst={ip.dst}
      data-ttl={ip.ttl}
      data-decided-by={hop.decidedBy}
      data-phase={hop.phase ?? 'request'}
      {...(outer
        ? {
            'data-outer-src': outer.ip.src,
            'data-outer-dst': outer.ip.dst,
            'data-outer-dport': outer.udp.dstPort,
            'data-vni': outer.vxlan.vni,
          }
        : {})}
      aria-current={current ? 'step' : undefined}
    >
      <button
        type="button"
        onClick={() => setPosition(position)}
        className={`flex w-full items-baseline gap-2 rounded px-2 py-1 text-left text-sm ${current ? 'bg-amber-100 ring-1 ring-amber-400' : 'hover:bg-slate-100'}`}
      >
        <span className="w-5 shrink-0 text-right tabular-nums text-slate-400">{index + 1}</span>
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{hop.where}</span>
          <span className="block truncate font-mono text-[11px] text-slate-500">
            {ip.src} → {ip.dst} ttl {ip.ttl}
            {outer ? ` · VXLAN ${outer.ip.src} → ${outer.ip.dst}:${outer.udp.dstPort}` : ''}
          </span>
        </span>
        <span className="shrink-0 rounded bg-slate-200 px-1 font-mono text-[10px] text-slate-600">
          {hop.kind}
        </span>
      </button>
    </li>
  )
}

export function HopList() {
  const trace = useAppStore((s) => s.trace.trace)
  const position = useAppStore((s) => s.trace.position)
  const t = useT()
  if (!trace) return null
  const dnsCount = trace.hops.filter((h) => h.phase === 'dns').length
  const leg = (title: string, hops: readonly Hop[], offset: number, testid: string) => (
    <section aria-label={title} data-testid={testid}>
      <h3 className="mb-1 mt-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
        {title}
      </h3>
      <ol className="flex flex-col gap-0.5">
        {hops.map((hop, i) => (
          <HopRow
            key={i}
            hop={hop}
            index={i}
            position={offset + i}
            current={position === offset + i}
          />
        ))}
      </ol>
    </section>
  )
  return (
    <div>
      {dnsCount > 0 && leg(t('tracePhaseDns'), trace.hops.slice(0, dnsCount), 0, 'trace-dns')}
      {leg(t('traceRequest'), trace.hops.slice(dnsCount), dnsCount, 'trace-request')}
      {trace.reply.length > 0 &&
        leg(t('traceReplyLeg'), trace.reply, trace.hops.length, 'trace-reply-hops')}
    </div>
  )
}
