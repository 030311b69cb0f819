/**
 * The network view: one React Flow node per machine showing its devices, the LAN and the tunnels
 * (or host-gw routes) drawn in canvas coordinates, and the traced packet moving hop by hop. With
 * more than four machines only the tunnels of the machine under the pointer and of the trace are
 * drawn: a full mesh of n(n−1)/2 lines would hide everything else.
 */
import { useEffect, useMemo, useState } from 'react'
import { Background, Controls, ReactFlow, ViewportPortal, useReactFlow } from '@xyflow/react'
import type { NodeTypes } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { traceHops } from '../../store'
import { useAppStore, useAppStoreApi } from '../AppContext'
import { layoutNetwork } from './netLayout'
import type { CardInput } from './netLayout'
import type { NetMachineFlowNode } from './NetMachineNode'
import { NetMachineNode } from './NetMachineNode'
import type { Link } from './NetOverlay'
import { LanNode, PacketMarker } from './NetOverlay'
import type { LanFlowNode } from './NetOverlay'
import { leasesOf, netnsPodsOf } from './netData'

const nodeTypes: NodeTypes = { netMachine: NetMachineNode, lan: LanNode }

/** The whole-mesh limit: up to this many machines every tunnel is drawn. */
const FULL_MESH_MAX = 4

/**
 * Fits the view to the whole cluster when machines come or go, and to the machines a trace crosses
 * (and the LAN between them) when a trace arrives.
 */
function FitView({ signature, machines }: { signature: string; machines: readonly string[] }) {
  const flow = useReactFlow()
  const focus = machines.join('|')
  useEffect(() => {
    const nodes = focus ? focus.split('|').map((m) => ({ id: `net:${m}` })) : undefined
    const id = requestAnimationFrame(
      () =>
        void flow.fitView({
          padding: nodes ? 0.35 : 0.06,
          duration: 250,
          ...(nodes ? { nodes, maxZoom: 1.2 } : {}),
        }),
    )
    return () => cancelAnimationFrame(id)
  }, [signature, focus, flow])
  return null
}

export function NetworkCanvas() {
  const signature = useAppStore((s) =>
    s.nodeNames.map((n) => `${n}:${netnsPodsOf(s, n).split('|').filter(Boolean).length}`).join(','),
  )
  const facts = useAppStore((s) => s.network)
  const objects = useAppStore((s) => s.objects)
  const nodeNames = useAppStore((s) => s.nodeNames)
  const trace = useAppStore((s) => s.trace.trace)
  const position = useAppStore((s) => s.trace.position)
  const store = useAppStoreApi()
  const [hovered, setHovered] = useState<string | undefined>()
  const vxlan = facts?.backend !== 'host-gw'

  const layout = useMemo(() => {
    const machines: CardInput[] = signature
      ? signature.split(',').map((part) => {
          const i = part.lastIndexOf(':')
          return { name: part.slice(0, i), podCount: Number(part.slice(i + 1)) }
        })
      : []
    return layoutNetwork(machines, vxlan)
  }, [signature, vxlan])

  const hops = useMemo(() => traceHops(trace), [trace])
  const traced = useMemo(
    () => [...new Set(hops.map((h) => h.at.node).filter((n): n is string => !!n))].sort(),
    [hops],
  )
  const links = useMemo((): Link[] => {
    const leases = leasesOf(objects, nodeNames)
    const hot = new Set<string>()
    // The machines a packet crosses the LAN between (encapsulated or routed by host-gw).
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]
      if (hop?.kind !== 'lan') continue
      const a = hops[i - 1]?.at.node
      const b = hops[i + 1]?.at.node
      if (a && b) hot.add([a, b].sort().join('|'))
    }
    const focus = hovered ?? (hops[position]?.at.node || undefined)
    const out: Link[] = []
    for (let i = 0; i < leases.length; i++)
      for (let j = i + 1; j < leases.length; j++) {
        const a = leases[i]?.node as string
        const b = leases[j]?.node as string
        const key = [a, b].sort().join('|')
        const show = leases.length <= FULL_MESH_MAX || hot.has(key) || focus === a || focus === b
        if (show) out.push({ a, b, hot: hot.has(key) })
      }
    return out
  }, [objects, nodeNames, hops, position, hovered])

  const nodes = useMemo(
    (): (NetMachineFlowNode | LanFlowNode)[] => [
      {
        id: 'lan',
        type: 'lan',
        position: { x: 0, y: 0 },
        data: { layout, facts, links },
        width: layout.width,
        height: layout.height,
        measured: { width: layout.width, height: layout.height },
        draggable: false,
        selectable: false,
        focusable: false,
        zIndex: -1,
        style: { pointerEvents: 'none' },
      },
      ...layout.cards.map((card): NetMachineFlowNode => ({
        id: `net:${card.name}`,
        type: 'netMachine',
        position: { x: card.x, y: card.y },
        data: { card },
        width: card.width,
        height: card.height,
        measured: { width: card.width, height: card.height },
        draggable: false,
      })),
    ],
    [layout, facts, links],
  )

  const podIndex = (node: string, pod: string) =>
    netnsPodsOf(store.getState(), node).split('|').indexOf(pod)

  if (!facts) return null
  return (
    <div className="h-full w-full" data-testid="network-canvas">
      <ReactFlow
        nodes={nodes}
        edges={[]}
        nodeTypes={nodeTypes}
        onlyRenderVisibleElements
        nodesConnectable={false}
        onNodeMouseEnter={(_, n) => setHovered(n.id.slice('net:'.length))}
        onNodeMouseLeave={() => setHovered(undefined)}
        fitView
        fitViewOptions={{ padding: 0.06 }}
        minZoom={0.05}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <FitView signature={`${signature}|${facts.backend}`} machines={traced} />
        <ViewportPortal>
          <PacketMarker
            layout={layout}
            hops={hops}
            position={position}
            replyFrom={trace?.hops.length ?? 0}
            podIndex={podIndex}
          />
        </ViewportPortal>
        <Background gap={24} color="#cbd5e1" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  )
}
