/**
 * The naive rendering, kept only as the UI benchmark's baseline (`?render=baseline`, issue 6): one
 * React Flow node per machine and one per pod (a child of its machine), rebuilt whenever a pod
 * comes or goes, measured by React Flow, every node rendered whether on screen or not, no level of
 * detail. This is what cluster visualizers built on React Flow usually do; `npm run bench:ui`
 * compares it with ClusterCanvas. Pods are the same PodChip; machines are plain cards with a name,
 * laid out on a grid of their own so that this file does not follow ClusterCanvas's changes.
 */
import { memo, useMemo } from 'react'
import { Background, Controls, ReactFlow } from '@xyflow/react'
import type { Node as FlowNode, NodeProps, NodeTypes } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useAppStore } from '../AppContext'
import { PodChip } from './PodChip'

const POD_W = 92
const POD_H = 46
const GAP = 6
const PAD = 10
const HEADER = 40
const COLUMNS = 3
const MACHINE_W = PAD * 2 + COLUMNS * POD_W + (COLUMNS - 1) * GAP
const MACHINE_GAP = 48

type BaselineMachineNode = FlowNode<{ name: string }, 'baselineMachine'>
type BaselinePodNode = FlowNode<{ podKey: string }, 'baselinePod'>

const BaselineMachine = memo(function BaselineMachine({ data }: NodeProps<BaselineMachineNode>) {
  return (
    <div className="h-full w-full rounded-xl border border-slate-300 bg-white shadow-md">
      <div className="flex h-[32px] items-center rounded-t-xl bg-slate-800 px-3 font-semibold text-slate-100">
        {data.name}
      </div>
    </div>
  )
})

/** The same pod chip as ClusterCanvas draws, so the comparison is about structure, not looks. */
const BaselinePod = memo(function BaselinePod({ data }: NodeProps<BaselinePodNode>) {
  return <PodChip podKey={data.podKey} />
})

const nodeTypes: NodeTypes = { baselineMachine: BaselineMachine, baselinePod: BaselinePod }

export function BaselineCanvas() {
  const nodeNames = useAppStore((s) => s.nodeNames)
  const podKeysByNode = useAppStore((s) => s.podKeysByNode)

  const nodes = useMemo(() => {
    const perRow = Math.max(1, Math.ceil(Math.sqrt(nodeNames.length * 2)))
    const most = Math.max(1, ...nodeNames.map((n) => podKeysByNode[n]?.length ?? 0))
    const machineHeight = (pods: number) =>
      HEADER + PAD * 2 + Math.ceil(Math.max(1, pods) / COLUMNS) * (POD_H + GAP)
    const rowHeight = machineHeight(most)
    const out: FlowNode[] = []
    nodeNames.forEach((name, i) => {
      const pods = podKeysByNode[name] ?? []
      const id = `machine:${name}`
      out.push({
        id,
        type: 'baselineMachine',
        position: {
          x: (i % perRow) * (MACHINE_W + MACHINE_GAP),
          y: Math.floor(i / perRow) * (rowHeight + MACHINE_GAP),
        },
        data: { name },
        width: MACHINE_W,
        height: machineHeight(pods.length),
        draggable: false,
      })
      pods.forEach((podKey, j) =>
        out.push({
          id: `pod:${podKey}`,
          type: 'baselinePod',
          parentId: id,
          position: {
            x: PAD + (j % COLUMNS) * (POD_W + GAP),
            y: HEADER + PAD + Math.floor(j / COLUMNS) * (POD_H + GAP),
          },
          data: { podKey },
          width: POD_W,
          height: POD_H,
          draggable: false,
        }),
      )
    })
    return out
  }, [nodeNames, podKeysByNode])

  return (
    <div className="h-full w-full" data-testid="baseline-canvas">
      <ReactFlow
        nodes={nodes}
        edges={[]}
        nodeTypes={nodeTypes}
        nodesConnectable={false}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} color="#cbd5e1" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  )
}
