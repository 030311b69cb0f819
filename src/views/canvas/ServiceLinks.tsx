/**
 * Lines from each Service to its endpoints, drawn over the canvas: solid for ready endpoints,
 * dashed for serving-but-terminating ones, dotted grey for endpoints that would get no traffic.
 * With many endpoints only the Service under the pointer is drawn.
 */
import { memo } from 'react'
import { useAppStore } from '../AppContext'
import { SERVICE_HEIGHT, SERVICE_WIDTH, podAnchor } from './layout'
import { endpointsOf } from './serviceEndpoints'

/** Up to this many lines in all, every Service's are drawn. */
const MAX_LINES = 60

export const ServiceLinks = memo(function ServiceLinks({
  services,
  machines,
  focus,
}: {
  services: readonly { key: string; x: number; y: number }[]
  machines: ReadonlyMap<string, { x: number; y: number }>
  focus: string | undefined
}) {
  const objects = useAppStore((s) => s.objects)
  const sliceKeys = useAppStore((s) => s.endpointSliceKeys)
  const podKeysByNode = useAppStore((s) => s.podKeysByNode)
  const perService = services.map((svc) => ({ svc, eps: endpointsOf(objects, sliceKeys, svc.key) }))
  const total = perService.reduce((n, s) => n + s.eps.length, 0)
  const lines: { d: string; cls: string; key: string }[] = []
  for (const { svc, eps } of perService) {
    if (total > MAX_LINES && svc.key !== focus) continue
    const x1 = svc.x + SERVICE_WIDTH / 2
    const y1 = svc.y + SERVICE_HEIGHT
    for (const ep of eps) {
      const machine = ep.node ? machines.get(ep.node) : undefined
      if (!machine || !ep.node) continue
      const index = ep.pod ? (podKeysByNode[ep.node] ?? []).indexOf(`Pod/${ep.pod}`) : -1
      // An endpoint that is not a pod here (the API server on the host) ends at the machine's header.
      const to = index >= 0 ? podAnchor(machine, index) : { x: machine.x + 60, y: machine.y }
      const cls = ep.ready
        ? 'stroke-indigo-500'
        : ep.serving && ep.terminating
          ? 'stroke-amber-500 [stroke-dasharray:6_4]'
          : 'stroke-slate-400 [stroke-dasharray:2_4]'
      const midY = (y1 + to.y) / 2
      lines.push({
        key: `${svc.key}->${ep.ip}`,
        d: `M ${x1} ${y1} C ${x1} ${midY}, ${to.x} ${midY}, ${to.x} ${to.y}`,
        cls,
      })
    }
  }
  return (
    <svg className="pointer-events-none absolute left-0 top-0 overflow-visible" aria-hidden>
      {lines.map((l) => (
        <g key={l.key} data-testid="service-link" data-link={l.key}>
          <path d={l.d} fill="none" strokeWidth={1.6} strokeOpacity={0.75} className={l.cls} />
        </g>
      ))}
    </svg>
  )
})
