/**
 * What the network view draws under and over the machines, in canvas coordinates: the LAN (a bar
 * under each row of machines, the eth0 drops, the router and the outside client), flannel's VXLAN
 * tunnels or host-gw routes between machines, and the packet of the trace being played.
 */
import { memo } from 'react'
import type { Node as FlowNode, NodeProps } from '@xyflow/react'
import type { Hop, NetworkFacts } from '../../engine'
import type { CardBox, NetLayout } from './netLayout'
import { hopAnchor, rowOffsets } from './netLayout'

export interface Link {
  a: string
  b: string
  /** On the current trace's path. */
  hot: boolean
}

function linkPath(
  layout: NetLayout,
  a: CardBox,
  b: CardBox,
  y: (c: CardBox) => number,
  slot: number,
): { d: string; lx: number; ly: number } {
  const [l, r] = a.x <= b.x ? [a, b] : [b, a]
  const x1 = l.x + l.width
  const y1 = l.y + y(l)
  const x2 = r.x
  const y2 = r.y + y(r)
  if (l.row === r.row && r.col - l.col === 1)
    return { d: `M ${x1} ${y1} L ${x2} ${y2}`, lx: (x1 + x2) / 2, ly: (y1 + y2) / 2 - 8 }
  if (l.row === r.row) {
    // Round the machines in between through the lane under the row.
    const lane = Math.max(l.y + l.height, r.y + r.height) + 18 + slot * 7
    return {
      d: `M ${x1} ${y1} C ${x1 + 40} ${y1}, ${x1 + 40} ${lane}, ${x1 + 80} ${lane} L ${x2 - 80} ${lane} C ${x2 - 40} ${lane}, ${x2 - 40} ${y2}, ${x2} ${y2}`,
      lx: (x1 + x2) / 2,
      ly: lane - 6,
    }
  }
  const lane = layout.lanBars[l.row]?.y ?? y1
  return {
    d: `M ${x1} ${y1} C ${x1 + 60} ${y1}, ${x2 - 60} ${lane}, ${x2} ${y2}`,
    lx: (x1 + x2) / 2,
    ly: (y1 + y2) / 2,
  }
}

export function LanAndLinks({
  layout,
  facts,
  links,
}: {
  layout: NetLayout
  facts: NetworkFacts
  links: readonly Link[]
}) {
  const vxlan = facts.backend === 'vxlan'
  const firstBar = layout.lanBars[0]
  const lastBar = layout.lanBars[layout.lanBars.length - 1]
  const rowY = (c: CardBox) => (vxlan ? rowOffsets(c).flannel : rowOffsets(c).stack)
  return (
    <svg
      className="pointer-events-none absolute left-0 top-0 overflow-visible"
      width={layout.width}
      height={layout.height}
      aria-hidden
    >
      {layout.lanBars.map((bar, i) => (
        <line
          key={i}
          x1={bar.x1}
          y1={bar.y}
          x2={bar.x2}
          y2={bar.y}
          stroke="#64748b"
          strokeWidth={5}
          strokeLinecap="round"
        />
      ))}
      {firstBar && lastBar && (
        <line
          x1={layout.spineX}
          y1={layout.routerAt.y}
          x2={layout.spineX}
          y2={layout.extHostAt.y}
          stroke="#64748b"
          strokeWidth={5}
        />
      )}
      {layout.cards.map((c) => (
        <line
          key={c.name}
          x1={c.x + c.width / 2}
          y1={c.y + c.height}
          x2={c.x + c.width / 2}
          y2={layout.lanBars[c.row]?.y ?? c.y + c.height}
          stroke="#64748b"
          strokeWidth={3}
        />
      ))}
      {firstBar && (
        <text
          x={firstBar.x1 + 14}
          y={firstBar.y + 22}
          className="fill-slate-600 font-mono text-[13px]"
        >
          LAN {facts.lan.cidr}
        </text>
      )}
      <g>
        <rect
          x={layout.routerAt.x - 30}
          y={layout.routerAt.y - 16}
          width={60}
          height={32}
          rx={6}
          className="fill-slate-700"
        />
        <text
          x={layout.routerAt.x}
          y={layout.routerAt.y + 4}
          textAnchor="middle"
          className="fill-white text-[11px] font-semibold"
        >
          router
        </text>
        <text
          x={layout.routerAt.x + 38}
          y={layout.routerAt.y + 4}
          className="fill-slate-600 font-mono text-[11px]"
        >
          {facts.lan.router.ip}
        </text>
      </g>
      {facts.lan.hosts.map((h) => (
        <g key={h.ip}>
          <rect
            x={layout.extHostAt.x - 36}
            y={layout.extHostAt.y - 14}
            width={72}
            height={28}
            rx={6}
            className="fill-white stroke-slate-500"
          />
          <text
            x={layout.extHostAt.x}
            y={layout.extHostAt.y + 4}
            textAnchor="middle"
            className="fill-slate-700 text-[11px] font-semibold"
          >
            {h.name}
          </text>
          <text
            x={layout.extHostAt.x + 44}
            y={layout.extHostAt.y + 4}
            className="fill-slate-600 font-mono text-[11px]"
          >
            {h.ip}
          </text>
        </g>
      ))}
      {links.map((link, i) => {
        const a = layout.byName.get(link.a)
        const b = layout.byName.get(link.b)
        if (!a || !b) return null
        const { d, lx, ly } = linkPath(layout, a, b, rowY, i % 6)
        const color = vxlan ? (link.hot ? '#7c3aed' : '#a78bfa') : link.hot ? '#0369a1' : '#7dd3fc'
        return (
          <g
            key={`${link.a}-${link.b}`}
            data-testid={vxlan ? 'vxlan-tunnel' : 'hostgw-route'}
            data-a={link.a}
            data-b={link.b}
          >
            <path
              d={d}
              fill="none"
              stroke={color}
              strokeWidth={link.hot ? 5 : 3}
              strokeDasharray={vxlan ? undefined : '8 6'}
            />
            <text
              x={lx}
              y={ly}
              textAnchor="middle"
              className={`text-[10px] ${link.hot ? 'fill-violet-900 font-semibold' : 'fill-slate-600'}`}
            >
              {linkLabel(facts)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

export type LanFlowNode = FlowNode<
  { layout: NetLayout; facts: NetworkFacts | undefined; links: readonly Link[] },
  'lan'
>

/** The LAN and the links as one flow node under the machines, so fit-to-view includes them. */
export const LanNode = memo(function LanNode({ data }: NodeProps<LanFlowNode>) {
  return data.facts ? (
    <LanAndLinks layout={data.layout} facts={data.facts} links={data.links} />
  ) : null
})

/** The label on each link: VNI and port for a tunnel, the route for host-gw. */
export function linkLabel(facts: NetworkFacts): string {
  return facts.backend === 'vxlan' ? 'VNI 1 · UDP 8472' : 'host-gw: via node IP'
}

export function PacketMarker({
  layout,
  hops,
  position,
  replyFrom,
  podIndex,
}: {
  layout: NetLayout
  hops: readonly Hop[]
  position: number
  /** Where the reply's hops start in `hops`. */
  replyFrom: number
  podIndex: (node: string, pod: string) => number
}) {
  const hop = hops[position]
  if (!hop) return null
  const at = hopAnchor(
    layout,
    hop,
    { prev: hops[position - 1], next: hops[position + 1] },
    podIndex,
  )
  if (!at) return null
  const reply = position >= replyFrom
  const encapsulated = !!hop.headers.outer
  return (
    <div
      data-testid="packet-marker"
      data-position={position}
      className="pointer-events-none absolute left-0 top-0 transition-transform duration-300 ease-out motion-reduce:transition-none"
      style={{ transform: `translate(${at.x - 14}px, ${at.y - 14}px)` }}
    >
      <div
        className={`flex h-[28px] w-[28px] items-center justify-center rounded-full border-2 text-[11px] font-bold text-white shadow-lg ${reply ? 'border-sky-900 bg-sky-500' : 'border-amber-900 bg-amber-500'} ${encapsulated ? 'outline outline-4 outline-violet-500' : ''}`}
      >
        {(reply ? position - replyFrom : position) + 1}
      </div>
    </div>
  )
}
