/**
 * Lines from each Service to its endpoints, drawn over the canvas: solid for ready endpoints,
 * dashed for serving-but-terminating ones, dotted grey for endpoints that would get no traffic.
 * With many endpoints only the Service under the pointer is drawn, and a Service with more than
 * PER_MACHINE_FROM endpoints gets one line per machine with the count of its endpoints there, so
 * 5,000 endpoints are at most as many lines as there are machines. In the zoomed-out overview
 * only the hovered Service's lines are drawn.
 */
import { memo } from 'react'
import { useAppStore } from '../AppContext'
import { MACHINE_WIDTH, SERVICE_HEIGHT, SERVICE_WIDTH, podAnchor } from './layout'
import type { ShownEndpoint } from './serviceEndpoints'
import { endpointsOf } from './serviceEndpoints'
import { useOverview } from './lod'

/** Up to this many lines in all, every Service's are drawn. */
const MAX_LINES = 60
/** A Service with more endpoints than this gets one line per machine. */
const PER_MACHINE_FROM = 50

/** How many lines a Service's endpoints make, by endpoints array (the same until a slice changes). */
const LINE_COUNTS = new WeakMap<readonly ShownEndpoint[], number>()

function lineCount(eps: readonly ShownEndpoint[]): number {
  if (eps.length <= PER_MACHINE_FROM) return eps.length
  let n = LINE_COUNTS.get(eps)
  if (n === undefined) LINE_COUNTS.set(eps, (n = new Set(eps.map((e) => e.node)).size))
  return n
}

type Line = { d: string; cls: string; key: string; label?: { x: number; y: number; text: string } }

function lineClass(ep: Pick<ShownEndpoint, 'ready' | 'serving' | 'terminating'>): string {
  return ep.ready
    ? 'stroke-indigo-500'
    : ep.serving && ep.terminating
      ? 'stroke-amber-500 [stroke-dasharray:6_4]'
      : 'stroke-slate-400 [stroke-dasharray:2_4]'
}

/** One line per machine, to the middle of its header, labelled ready/total of the endpoints there. */
function perMachineLines(
  svcKey: string,
  from: { x: number; y: number },
  eps: readonly ShownEndpoint[],
  machines: ReadonlyMap<string, { x: number; y: number }>,
): Line[] {
  const byNode = new Map<string, { ready: number; total: number }>()
  for (const ep of eps) {
    if (!ep.node) continue
    const c = byNode.get(ep.node) ?? { ready: 0, total: 0 }
    c.total++
    if (ep.ready) c.ready++
    byNode.set(ep.node, c)
  }
  const lines: Line[] = []
  for (const [node, c] of byNode) {
    const machine = machines.get(node)
    if (!machine) continue
    const to = { x: machine.x + MACHINE_WIDTH / 2, y: machine.y }
    const midY = (from.y + to.y) / 2
    lines.push({
      key: `${svcKey}->${node}`,
      d: `M ${from.x} ${from.y} C ${from.x} ${midY}, ${to.x} ${midY}, ${to.x} ${to.y}`,
      cls: lineClass({ ready: c.ready === c.total, serving: true, terminating: false }),
      label: { x: to.x, y: to.y - 6, text: `${c.ready}/${c.total}` },
    })
  }
  return lines
}

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
  const overview = useOverview()
  const perService = services.map((svc) => ({ svc, eps: endpointsOf(objects, sliceKeys, svc.key) }))
  const total = perService.reduce((n, s) => n + lineCount(s.eps), 0)
  const lines: Line[] = []
  for (const { svc, eps } of perService) {
    if ((overview || total > MAX_LINES) && svc.key !== focus) continue
    const x1 = svc.x + SERVICE_WIDTH / 2
    const y1 = svc.y + SERVICE_HEIGHT
    if (eps.length > PER_MACHINE_FROM) {
      lines.push(...perMachineLines(svc.key, { x: x1, y: y1 }, eps, machines))
      continue
    }
    for (const ep of eps) {
      const machine = ep.node ? machines.get(ep.node) : undefined
      if (!machine || !ep.node) continue
      const index = ep.pod ? (podKeysByNode[ep.node] ?? []).indexOf(`Pod/${ep.pod}`) : -1
      // An endpoint that is not a pod here (the API server on the host) ends at the machine's header.
      const to = index >= 0 ? podAnchor(machine, index) : { x: machine.x + 60, y: machine.y }
      const cls = lineClass(ep)
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
          {l.label && (
            <text
              x={l.label.x}
              y={l.label.y}
              textAnchor="middle"
              className="fill-indigo-900 font-mono text-[13px]"
            >
              {l.label.text}
            </text>
          )}
        </g>
      ))}
    </svg>
  )
})
