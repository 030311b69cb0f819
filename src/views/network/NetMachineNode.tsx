/**
 * A machine in the network view: its pods' network namespaces (eth0 and the host veth on cni0),
 * the cni0 bridge, the IP stack, flannel.1 (VXLAN) and eth0 on the LAN, with addresses and MACs.
 * The device the traced packet is at lights up.
 */
import { memo } from 'react'
import type { Node as FlowNode, NodeProps } from '@xyflow/react'
import { useAppStore, useT } from '../AppContext'
import type { CardBox } from './netLayout'
import { NET_MAX_POD_ROWS, rowOffsets } from './netLayout'
import { currentHop, netnsPodsOf, useNodeNet, usePodNet } from './netData'
import { NetPodContainers } from './NetPodContainers'

export type NetMachineFlowNode = FlowNode<{ card: CardBox }, 'netMachine'>

/** Which row of this machine the packet is at: 'cni0', 'stack', 'flannel', 'eth0', a pod key, or ''. */
function activeRow(s: Parameters<typeof currentHop>[0], node: string): string {
  const hop = currentHop(s)
  if (!hop || hop.at.node !== node) return ''
  if (hop.at.pod) return `pod:${hop.at.pod}`
  if (hop.kind === 'bridge') return 'cni0'
  if (hop.kind === 'vxlan-encap' || (hop.kind === 'vxlan-decap' && hop.at.device === 'flannel.1'))
    return 'flannel'
  if (hop.kind === 'nic-egress') return 'eth0'
  return 'stack'
}

function Row({
  top,
  active,
  label,
  children,
  tone,
}: {
  top: number
  active: boolean
  label: string
  children: React.ReactNode
  tone: string
}) {
  return (
    <div
      className={`absolute left-2 right-2 flex h-[24px] items-center gap-2 rounded px-2 font-mono text-[11px] transition-colors ${active ? 'bg-amber-200 ring-2 ring-amber-500' : tone}`}
      style={{ top: top - 12 }}
    >
      <span className="w-[64px] shrink-0 font-semibold">{label}</span>
      {children}
    </div>
  )
}

const PodRow = memo(function PodRow({
  podKey,
  top,
  active,
  onPick,
}: {
  podKey: string
  top: number
  active: boolean
  onPick: (key: string) => void
}) {
  const net = usePodNet(`Pod/${podKey}`)
  if (!net) return null
  return (
    <button
      type="button"
      data-testid="net-pod"
      data-pod={net.name}
      data-veth={net.veth}
      onClick={() => onPick(podKey)}
      title={`${net.key}\neth0 ${net.ip} ${net.mac}\n${net.veth} (host end, master cni0, hairpin on)`}
      className={`absolute left-2 right-2 flex h-[20px] items-center overflow-hidden rounded text-left font-mono text-[10.5px] ${active ? 'bg-amber-200 ring-2 ring-amber-500' : 'hover:bg-slate-100'}`}
      style={{ top: top - 10 }}
    >
      <span className="ml-3 w-[82px] shrink-0 text-slate-500">{net.veth}</span>
      <span aria-hidden className="w-[16px] shrink-0 text-center text-slate-400">
        ⇄
      </span>
      <span className="w-[106px] shrink-0 text-emerald-800">eth0 {net.ip}</span>
      <span className="min-w-[64px] truncate font-sans font-semibold text-slate-700">
        {net.name}
      </span>
      <NetPodContainers podKey={podKey} ip={net.ip} />
    </button>
  )
})

export const NetMachineNode = memo(function NetMachineNode({
  data,
}: NodeProps<NetMachineFlowNode>) {
  const { card } = data
  const net = useNodeNet(card.name)
  const active = useAppStore((s) => activeRow(s, card.name))
  const pick = useAppStore((s) => s.pickEndpoint)
  const podKeys = useAppStore((s) => netnsPodsOf(s, card.name))
  const t = useT()
  if (!net) return null
  const rows = rowOffsets(card)
  const pods = podKeys ? podKeys.split('|') : []
  const shown = pods.slice(
    0,
    pods.length > NET_MAX_POD_ROWS ? NET_MAX_POD_ROWS - 1 : NET_MAX_POD_ROWS,
  )
  const hidden = pods.length - shown.length
  const onPick = (key: string) => {
    const [namespace = 'default', name = ''] = key.split('/')
    pick({ kind: 'pod', name, namespace })
  }
  return (
    <div
      data-testid="net-machine"
      data-node={card.name}
      className="relative h-full w-full rounded-xl border border-slate-300 bg-white shadow-md"
    >
      <button
        type="button"
        onClick={() => pick({ kind: 'node', name: card.name })}
        title={t('pickNodeHint')}
        className="flex h-[34px] w-full items-center gap-2 rounded-t-xl bg-slate-800 px-3 text-left text-slate-100"
      >
        <span className="font-semibold">{card.name}</span>
        <span
          className={`rounded px-1.5 text-[10px] uppercase tracking-wide ${net.controlPlane ? 'bg-indigo-500' : 'bg-slate-600'}`}
        >
          {net.controlPlane ? t('controlPlane') : t('worker')}
        </span>
        <span className="ml-auto font-mono text-[11px] text-slate-300">{net.podCIDR}</span>
      </button>
      {pods.length === 0 && (
        <div className="absolute left-4 text-xs text-slate-400" style={{ top: rows.pod(0) - 8 }}>
          {t('noPodNetns')}
        </div>
      )}
      {shown.map((key, i) => (
        <PodRow
          key={key}
          podKey={key}
          top={rows.pod(i)}
          active={active === `pod:${key}`}
          onPick={onPick}
        />
      ))}
      {hidden > 0 && (
        <div
          className="absolute left-5 text-[11px] text-slate-500"
          style={{ top: rows.pod(NET_MAX_POD_ROWS - 1) - 8 }}
        >
          {t('morePods', { count: hidden })}
        </div>
      )}
      <Row top={rows.cni0} active={active === 'cni0'} label="cni0" tone="bg-sky-100 text-sky-900">
        <span>{net.cni0 ? `${net.cni0.ip}/${net.cni0.prefix}` : t('noBridgeYet')}</span>
        {net.cni0 && <span className="ml-auto text-sky-700">{net.cni0.mac}</span>}
      </Row>
      <Row
        top={rows.stack}
        active={active === 'stack'}
        label={t('ipStack')}
        tone="bg-slate-100 text-slate-700"
      >
        <span className="font-sans text-[11px]">{t('ipStackHint')}</span>
      </Row>
      {net.vtep && (
        <Row
          top={rows.flannel}
          active={active === 'flannel'}
          label="flannel.1"
          tone="bg-violet-100 text-violet-900"
        >
          <span>{net.vtep.ip}/32</span>
          <span className="ml-auto text-violet-700">{net.vtep.mac}</span>
        </Row>
      )}
      <Row
        top={rows.eth0}
        active={active === 'eth0'}
        label="eth0"
        tone="bg-slate-200 text-slate-800"
      >
        <span>
          {net.eth0.ip}/{net.eth0.prefix}
        </span>
        <span className="ml-auto text-slate-600">{net.eth0.mac}</span>
      </Row>
    </div>
  )
})
