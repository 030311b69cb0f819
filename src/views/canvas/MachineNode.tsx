/**
 * A Kubernetes Node drawn as a machine: name, role, eth0, podCIDR, the cni0 bridge, and its pods.
 * Zoomed out (lod.ts) it keeps only its name, and OverviewCanvas draws its pods as tiles over
 * it; zoomed in, every pod is a chip. It dims when the canvas filter leaves none of its pods (or names
 * another node).
 */
import { memo } from 'react'
import type { Node as FlowNode, NodeProps } from '@xyflow/react'
import type { Node } from '../../engine/model/node'
import { isNodeReady, nodeInternalIP } from '../../engine/model/node'
import type { AppState } from '../../store'
import { useAppStore, useT } from '../AppContext'
import { useCanvasFilter } from './canvasFilterStore'
import { useOverview } from './lod'
import type { PodFilter } from './podFilter'
import { isFilterActive, machineMatches, podMatches } from './podFilter'
import { PodChip } from './PodChip'

export type MachineFlowNode = FlowNode<{ nodeName: string }, 'machine'>

const NO_PODS: readonly string[] = []
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane'

/** cni0's address: the first IP of the node's podCIDR (the bridge plugin's gateway), as CIDR. */
function bridgeAddress(podCIDR: string | undefined): string | undefined {
  if (!podCIDR) return undefined
  const [ip = '', prefix] = podCIDR.split('/')
  const parts = ip.split('.')
  parts[3] = String(Number(parts[3] ?? 0) + 1)
  return `${parts.join('.')}/${prefix ?? '24'}`
}

/** True when the filter hides this machine: another node is named, or none of its pods match. */
function machineDimmed(filter: PodFilter, nodeName: string, s: AppState): boolean {
  if (!isFilterActive(filter)) return false
  if (!machineMatches(filter, nodeName)) return true
  if (!filter.hasPodTerms) return false
  const keys = s.podKeysByNode[nodeName] ?? NO_PODS
  return !keys.some((k) => podMatches(filter, s.objects.get(k)))
}

function MachineIcon() {
  return (
    <svg
      aria-hidden
      viewBox="0 0 16 16"
      className="h-4 w-4 fill-none stroke-current"
      strokeWidth="1.5"
    >
      <rect x="1.5" y="2" width="13" height="5" rx="1" />
      <rect x="1.5" y="9" width="13" height="5" rx="1" />
      <circle cx="4.5" cy="4.5" r="0.6" className="fill-current" />
      <circle cx="4.5" cy="11.5" r="0.6" className="fill-current" />
    </svg>
  )
}

/** The overview's card: the name large enough to read zoomed out; OverviewCanvas draws the pods. */
const MachineOverview = memo(function MachineOverview({
  nodeName,
  dimmed,
}: {
  nodeName: string
  dimmed: boolean
}) {
  // One selector for both facts, so that 250 cards cost one comparison each per patch.
  const facts = useAppStore((s) => {
    const node = s.objects.get(`Node/${nodeName}`) as Node | undefined
    if (!node) return 0
    return (
      (isNodeReady(node) ? 1 : 2) + (CONTROL_PLANE_LABEL in (node.metadata.labels ?? {}) ? 4 : 0)
    )
  })
  const ready = facts === 0 ? undefined : (facts & 1) === 1
  const controlPlane = (facts & 4) === 4
  if (ready === undefined) return null
  return (
    <div
      data-testid="node-card"
      data-node={nodeName}
      data-detail="overview"
      data-dimmed={dimmed || undefined}
      className={`h-full w-full rounded-xl border border-slate-300 bg-white shadow-md ${dimmed ? 'opacity-30' : ''}`}
    >
      <div
        className={`flex h-[64px] items-center gap-3 rounded-t-xl border-b border-slate-200 px-4 text-slate-100 ${controlPlane ? 'bg-indigo-700' : 'bg-slate-800'}`}
      >
        <span className="truncate text-[34px] font-bold leading-none">{nodeName}</span>
        <span
          aria-label={ready ? 'Ready' : 'NotReady'}
          className={`ml-auto h-6 w-6 shrink-0 rounded-full ${ready ? 'bg-emerald-400' : 'bg-red-500'}`}
        />
      </div>
      <div className="mx-2.5 mt-2 h-[22px] rounded bg-sky-100" />
    </div>
  )
})

/** The detailed card: every pod as a chip with its name and IP. */
const MachineDetail = memo(function MachineDetail({
  nodeName,
  dimmed,
}: {
  nodeName: string
  dimmed: boolean
}) {
  const node = useAppStore((s) => s.objects.get(`Node/${nodeName}`)) as Node | undefined
  const podKeys = useAppStore((s) => s.podKeysByNode[nodeName] ?? NO_PODS)
  const pick = useAppStore((s) => s.pickEndpoint)
  const t = useT()
  if (!node) return null
  const controlPlane = CONTROL_PLANE_LABEL in (node.metadata.labels ?? {})
  const ready = isNodeReady(node)
  return (
    <div
      data-testid="node-card"
      data-node={node.metadata.name}
      data-detail="full"
      data-dimmed={dimmed || undefined}
      className={`h-full w-full rounded-xl border border-slate-300 bg-white shadow-md ${dimmed ? 'opacity-40' : ''}`}
    >
      <div
        onClick={() => pick({ kind: 'node', name: node.metadata.name })}
        className="flex h-[64px] flex-col justify-center gap-0.5 rounded-t-xl border-b border-slate-200 bg-slate-800 px-3 text-slate-100"
      >
        <div className="flex items-center gap-2">
          <MachineIcon />
          <span className="font-semibold">{node.metadata.name}</span>
          <span
            className={`rounded px-1.5 text-[10px] uppercase tracking-wide ${controlPlane ? 'bg-indigo-500' : 'bg-slate-600'}`}
          >
            {controlPlane ? t('controlPlane') : t('worker')}
          </span>
          <span className={`ml-auto text-[11px] ${ready ? 'text-emerald-300' : 'text-red-300'}`}>
            {ready ? 'Ready' : 'NotReady'}
          </span>
        </div>
        <div className="flex gap-3 font-mono text-[11px] text-slate-300">
          <span title="eth0">eth0 {nodeInternalIP(node)}</span>
          <span title={t('podCidr')}>
            {t('podCidr')} {node.spec.podCIDR}
          </span>
        </div>
      </div>
      <div
        className="mx-2.5 mt-2 flex h-[22px] items-center gap-2 rounded bg-sky-100 px-2 font-mono text-[11px] text-sky-900"
        title={t('cni0')}
      >
        <span className="font-semibold">cni0</span>
        <span>{bridgeAddress(node.spec.podCIDR)}</span>
      </div>
      <div className="flex flex-wrap gap-[6px] p-2.5">
        {podKeys.length === 0 ? (
          <div className="text-xs text-slate-400">{t('noPods')}</div>
        ) : (
          podKeys.map((key) => <PodChip key={key} podKey={key} />)
        )}
      </div>
    </div>
  )
})

export const MachineNode = memo(function MachineNode({ data }: NodeProps<MachineFlowNode>) {
  const overview = useOverview()
  const filter = useCanvasFilter((s) => s.filter)
  const dimmed = useAppStore((s) => machineDimmed(filter, data.nodeName, s))
  return overview ? (
    <MachineOverview nodeName={data.nodeName} dimmed={dimmed} />
  ) : (
    <MachineDetail nodeName={data.nodeName} dimmed={dimmed} />
  )
})
