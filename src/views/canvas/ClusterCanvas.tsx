/**
 * The cluster on a React Flow canvas: one flow node per Kubernetes Node (a machine card with its
 * pods inside, as plain elements, or as tiles on a canvas when zoomed out) and one for the
 * scheduler's queue, in a grid that suits a few machines or hundreds. Flow nodes get fixed sizes,
 * only the ones whose size or place changed are replaced, and only the visible ones are rendered.
 * A minimap (machines only), fit-to-view (in the controls) and a filter that dims the rest.
 */
import { useEffect, useMemo, useState } from 'react'
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ViewportPortal,
  useReactFlow,
} from '@xyflow/react'
import type { Node as FlowNode, MiniMapNodeProps, NodeTypes } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useAppStore, useT } from '../AppContext'
import {
  MACHINE_GAP,
  MACHINE_WIDTH,
  QUEUE_HEIGHT,
  QUEUE_TOP,
  SERVICE_GAP,
  SERVICE_HEIGHT,
  SERVICE_WIDTH,
  machineHeight,
  machinePosition,
  machinesPerRow,
  servicePosition,
  stableRowHeight,
} from './layout'
import { CanvasFilterBox } from './CanvasFilterBox'
import type { MachineBox } from './OverviewCanvas'
import { OverviewCanvas } from './OverviewCanvas'
import { useOverview } from './lod'
import { CanvasFilterContext, createCanvasFilterStore } from './canvasFilterStore'
import type { ServiceFlowNode } from './ServiceNode'
import { ServiceNode } from './ServiceNode'
import { ServiceLinks } from './ServiceLinks'
import { TrafficDots } from './TrafficDots'
import type { MachineFlowNode } from './MachineNode'
import { MachineNode } from './MachineNode'
import type { QueueFlowNode } from './SchedulerQueueNode'
import { SchedulerQueueNode } from './SchedulerQueueNode'

const nodeTypes: NodeTypes = {
  machine: MachineNode,
  queue: SchedulerQueueNode,
  service: ServiceNode,
}

/** Machines in display order with their card heights, "name:height|...": changes only when the layout must. */
function machinesSignature(
  nodeNames: readonly string[],
  podKeysByNode: Readonly<Record<string, readonly string[]>>,
): string {
  return nodeNames
    .map((name) => `${name}:${machineHeight(podKeysByNode[name]?.length ?? 0)}`)
    .join('|')
}

type AnyFlowNode = MachineFlowNode | QueueFlowNode | ServiceFlowNode

/** Room around the fitted cluster for what floats over it: the legend above, the filter below. */
const FIT_PADDING = { top: '60px', bottom: '56px', left: '24px', right: '24px' } as const

/** A few machines fit on the screen at once: the minimap only appears for more. */
const MINIMAP_FROM = 8

/** Fits the view whenever machines come or go (not when pods move, which would jolt the view). */
function FitOnMachinesChange({ machines }: { machines: string }) {
  const flow = useReactFlow()
  useEffect(() => {
    if (machines === '') return
    const id = requestAnimationFrame(
      () => void flow.fitView({ padding: FIT_PADDING, duration: 200 }),
    )
    return () => cancelAnimationFrame(id)
  }, [machines, flow])
  return null
}

/** The dotted background, left out in the overview, where its dots would be a fine grey haze. */
function CanvasBackground() {
  return useOverview() ? null : <Background gap={24} color="#cbd5e1" />
}

/** The minimap draws machines only, as plain rectangles: cheap with hundreds of them. */
function MiniMapMachine({ id, x, y, width, height }: MiniMapNodeProps) {
  if (!id.startsWith('machine:')) return null
  return <rect x={x} y={y} width={width} height={height} rx={12} className="fill-slate-500" />
}

export function ClusterCanvas() {
  const signature = useAppStore((s) => machinesSignature(s.nodeNames, s.podKeysByNode))
  const machineNames = useAppStore((s) => s.nodeNames.join('|'))
  const serviceKeys = useAppStore((s) => s.serviceKeys)
  const [hovered, setHovered] = useState<string | undefined>()
  // Flow node objects from the last layout, reused when unchanged so React Flow skips them.
  const [previous] = useState(() => new Map<string, AnyFlowNode>())
  // The grid last laid out (row height and machines per row) for the machines it was laid out for:
  // pods coming and going change neither the columns nor, within limits, the rows.
  const [rows] = useState(() => new Map<string, { height: number; perRow: number }>())
  const [previousBoxes] = useState(() => new Map<string, MachineBox>())
  const [filterStore] = useState(createCanvasFilterStore)
  const t = useT()

  const { nodes, services, machineBoxes } = useMemo(() => {
    const machines = signature
      ? signature.split('|').map((part) => {
          const i = part.lastIndexOf(':')
          return { name: part.slice(0, i), height: Number(part.slice(i + 1)) }
        })
      : []
    const names = machines.map((m) => m.name).join('|')
    const rowHeight = stableRowHeight(
      Math.max(0, ...machines.map((m) => m.height)),
      rows.get(names)?.height,
    )
    const perRow = rows.get(names)?.perRow ?? machinesPerRow(machines.length, rowHeight)
    rows.clear()
    rows.set(names, { height: rowHeight, perRow })
    const queueWidth = Math.max(
      MACHINE_WIDTH,
      Math.min(machines.length, perRow) * (MACHINE_WIDTH + MACHINE_GAP) - MACHINE_GAP,
    )
    const servicesPerRow = Math.max(
      1,
      Math.floor((queueWidth + SERVICE_GAP) / (SERVICE_WIDTH + SERVICE_GAP)),
    )
    const services = serviceKeys.map((key, i) => ({
      key,
      ...servicePosition(i, serviceKeys.length, servicesPerRow),
    }))
    // A machine whose box did not change keeps the same box object: the overview redraws by it.
    const machineBoxes = new Map<string, MachineBox>(
      machines.map((m, i) => {
        const box = { ...machinePosition(i, perRow, rowHeight), height: m.height }
        const old = previousBoxes.get(m.name)
        const same = old && old.x === box.x && old.y === box.y && old.height === box.height
        return [m.name, same ? old : box]
      }),
    )
    previousBoxes.clear()
    for (const [name, box] of machineBoxes) previousBoxes.set(name, box)
    const next: AnyFlowNode[] = [
      {
        id: 'scheduler-queue',
        type: 'queue',
        position: { x: 0, y: QUEUE_TOP },
        data: {},
        width: queueWidth,
        height: QUEUE_HEIGHT,
        measured: { width: queueWidth, height: QUEUE_HEIGHT },
        draggable: false,
        selectable: false,
      },
      ...machines.map((m, i): MachineFlowNode => {
        const height = m.height
        return {
          id: `machine:${m.name}`,
          type: 'machine',
          position: machinePosition(i, perRow, rowHeight),
          data: { nodeName: m.name },
          width: MACHINE_WIDTH,
          height,
          measured: { width: MACHINE_WIDTH, height },
          draggable: false,
        }
      }),
      ...services.map((svc): ServiceFlowNode => ({
        id: `service:${svc.key}`,
        type: 'service',
        position: { x: svc.x, y: svc.y },
        data: { serviceKey: svc.key },
        width: SERVICE_WIDTH,
        height: SERVICE_HEIGHT,
        measured: { width: SERVICE_WIDTH, height: SERVICE_HEIGHT },
        draggable: false,
      })),
    ]
    // Keep the old object for every flow node whose geometry did not change.
    const reused: FlowNode[] = next.map((n) => {
      const old = previous.get(n.id)
      return old &&
        old.position.x === n.position.x &&
        old.position.y === n.position.y &&
        old.width === n.width &&
        old.height === n.height
        ? old
        : n
    })
    previous.clear()
    for (const n of reused) previous.set(n.id, n as AnyFlowNode)
    return { nodes: reused, services, machineBoxes }
  }, [signature, serviceKeys, previous, rows, previousBoxes])

  return (
    <CanvasFilterContext.Provider value={filterStore}>
      <div className="h-full w-full" data-testid="cluster-canvas">
        <ReactFlow
          nodes={nodes}
          edges={[]}
          nodeTypes={nodeTypes}
          onlyRenderVisibleElements
          nodesConnectable={false}
          onNodeMouseEnter={(_, n) =>
            setHovered(n.id.startsWith('service:') ? n.id.slice('service:'.length) : undefined)
          }
          onNodeMouseLeave={() => setHovered(undefined)}
          fitView
          fitViewOptions={{ padding: FIT_PADDING }}
          minZoom={0.03}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          <FitOnMachinesChange machines={`${machineNames}#${serviceKeys.length}`} />
          <ViewportPortal>
            <ServiceLinks services={services} machines={machineBoxes} focus={hovered} />
            <TrafficDots services={services} machines={machineBoxes} />
          </ViewportPortal>
          <OverviewCanvas machines={machineBoxes} />
          <CanvasBackground />
          <Controls showInteractive={false} fitViewOptions={{ padding: FIT_PADDING }} />
          {machineBoxes.size > MINIMAP_FROM && (
            <MiniMap
              nodeComponent={MiniMapMachine}
              pannable
              zoomable
              ariaLabel={t('miniMap')}
              style={{ width: 160, height: 110 }}
              className="hidden! sm:block!"
            />
          )}
          <Panel position="bottom-center">
            <CanvasFilterBox />
          </Panel>
        </ReactFlow>
      </div>
    </CanvasFilterContext.Provider>
  )
}
