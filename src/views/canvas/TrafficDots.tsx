/**
 * Traffic mode on the object view: each request the stream sends is a dot that runs from the
 * client pod up to the Service it addressed and down to the pod that answered; a failed one turns
 * red and stops at the Service. Wall-clock animation of what the simulation already decided.
 */
import { memo, useEffect, useRef, useState } from 'react'
import type { TrafficFlow } from '../../engine'
import { useAppStore } from '../AppContext'
import { SERVICE_HEIGHT, SERVICE_WIDTH, podAnchor } from './layout'

/** At most this many dots at once: more would be noise, and cost frames. */
const MAX_DOTS = 24
const DOT_MS = 900

interface Dot {
  id: string
  path: string
  ok: boolean
  bornAt: number
}

type Point = { x: number; y: number }

function serviceKeyOf(flow: TrafficFlow): string {
  const name = flow.to.replace(/^(svc|service|services)\//, '').split('.')[0] ?? flow.to
  return `Service/${flow.toNamespace ?? 'default'}/${name}`
}

export const TrafficDots = memo(function TrafficDots({
  services,
  machines,
}: {
  services: readonly { key: string; x: number; y: number }[]
  machines: ReadonlyMap<string, Point>
}) {
  const flows = useAppStore((s) => s.traffic?.flows)
  const podKeysByNode = useAppStore((s) => s.podKeysByNode)
  const objects = useAppStore((s) => s.objects)
  const seen = useRef(new Map<number, number>())
  const [dots, setDots] = useState<Dot[]>([])

  useEffect(() => {
    if (!flows) return
    const podAt = (key: string): Point | undefined => {
      const node = (objects.get(`Pod/${key}`)?.spec as { nodeName?: string } | undefined)?.nodeName
      const machine = node ? machines.get(node) : undefined
      const index = node ? (podKeysByNode[node] ?? []).indexOf(`Pod/${key}`) : -1
      return machine && index >= 0 ? podAnchor(machine, index) : undefined
    }
    const born: Dot[] = []
    const now = performance.now()
    for (const flow of flows) {
      const last = seen.current.get(flow.id) ?? -1
      const fresh = flow.recent.filter((s) => s.atMs > last)
      if (fresh.length) seen.current.set(flow.id, fresh[fresh.length - 1]?.atMs ?? last)
      const from = podAt(
        `${flow.fromNamespace ?? 'default'}/${flow.from.replace(/^(pod|po|pods)\//, '')}`,
      )
      const svc = services.find((s) => s.key === serviceKeyOf(flow))
      if (!from) continue
      const via = svc ? { x: svc.x + SERVICE_WIDTH / 2, y: svc.y + SERVICE_HEIGHT / 2 } : undefined
      for (const s of fresh.slice(-6)) {
        const to = s.pod ? podAt(s.pod) : undefined
        const end = to ?? via
        if (!end) continue
        const mid = via ?? end
        born.push({
          id: `${flow.id}:${s.atMs}`,
          path: `M ${from.x} ${from.y} L ${mid.x} ${mid.y} L ${end.x} ${end.y}`,
          ok: s.ok,
          bornAt: now,
        })
      }
    }
    if (born.length)
      setDots((d) => [...d.filter((x) => now - x.bornAt < DOT_MS), ...born].slice(-MAX_DOTS))
  }, [flows, objects, podKeysByNode, machines, services])

  useEffect(() => {
    if (!dots.length) return
    const id = setTimeout(() => {
      const now = performance.now()
      setDots((d) => d.filter((x) => now - x.bornAt < DOT_MS))
    }, DOT_MS)
    return () => clearTimeout(id)
  }, [dots])

  if (!dots.length) return null
  return (
    <svg className="pointer-events-none absolute left-0 top-0 overflow-visible" aria-hidden>
      {dots.map((d) => (
        <circle
          key={d.id}
          data-testid="traffic-dot"
          data-ok={d.ok}
          r={6}
          className={d.ok ? 'fill-emerald-500' : 'fill-red-500'}
          stroke="white"
          strokeWidth={1.5}
        >
          <animateMotion dur={`${DOT_MS}ms`} fill="freeze" path={d.path} />
        </circle>
      ))}
    </svg>
  )
})
