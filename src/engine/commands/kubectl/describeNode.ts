/**
 * `kubectl describe node NAME`, laid out as describeNode and describeNodeResource in
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go: roles, taints, the lease, conditions,
 * addresses, capacity, system info, the non-terminated pods with their share of the node, the
 * allocated totals and the node's events.
 */
import type { Node } from '../../model/node'
import type { Pod } from '../../model/pod'
import { parseQuantity } from '../../model/quantity'
import type { CommandContext } from '../types'
import {
  PrefixWriter,
  describeEvents,
  eventsFor,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  rfc1123z,
  since,
} from './describeWriter'
import { formatQuantity, quantityFormat, quantityString } from './quantityString'
import { toTimestamp, fromTimestamp } from '../../model/time'

const ROLE_PREFIX = 'node-role.kubernetes.io/'

/** The kubelet renews its node Lease every 10 s (nodeLeaseRenewIntervalFraction × 40 s). */
const LEASE_RENEW_MS = 10_000

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role. */
function nodeRoles(node: Node): string[] {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length)
      roles.add(k.slice(ROLE_PREFIX.length))
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v)
  }
  return [...roles].sort()
}

type Totals = Record<string, { value: number; format: ReturnType<typeof quantityFormat> }>

/** resourcehelper.PodRequests / PodLimits: the containers' sum, or the largest init container. */
function podResources(pod: Pod, which: 'requests' | 'limits'): Totals {
  const out: Totals = {}
  const add = (into: Totals, name: string, q: string | number | undefined, max: boolean) => {
    if (q === undefined) return
    const value = parseQuantity(q)
    const cur = into[name]
    if (!cur) into[name] = { value, format: quantityFormat(q) }
    else cur.value = max ? Math.max(cur.value, value) : cur.value + value
  }
  for (const c of pod.spec.containers) {
    const list = c.resources?.[which] ?? {}
    // Requests default to limits (SetDefaults_Container), so a limit-only resource counts as requested.
    const merged = which === 'requests' ? { ...(c.resources?.limits ?? {}), ...list } : list
    for (const [name, q] of Object.entries(merged)) add(out, name, q, false)
  }
  for (const c of pod.spec.initContainers ?? []) {
    const list = c.resources?.[which] ?? {}
    const merged = which === 'requests' ? { ...(c.resources?.limits ?? {}), ...list } : list
    for (const [name, q] of Object.entries(merged)) add(out, name, q, true)
  }
  return out
}

const quantityOf = (t: Totals, name: string) =>
  t[name] ? formatQuantity(t[name].value, t[name].format) : '0'
const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.trunc((part / whole) * 100)

function describeNodeResource(ctx: CommandContext, node: Node, pods: Pod[], w: PrefixWriter): void {
  const now = ctx.sim.simTimeMs
  const alloc =
    Object.keys(node.status.allocatable ?? {}).length > 0
      ? node.status.allocatable
      : node.status.capacity
  const allocCpuMilli = Math.round(parseQuantity(alloc.cpu) * 1000)
  const allocMemory = parseQuantity(alloc.memory)
  const allocStorage = parseQuantity(alloc['ephemeral-storage'])
  const milli = (t: Totals) => Math.round((t.cpu?.value ?? 0) * 1000)
  const mem = (t: Totals) => t.memory?.value ?? 0
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`)
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n')
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n')
  const reqs: Totals = {}
  const limits: Totals = {}
  for (const pod of pods) {
    const req = podResources(pod, 'requests')
    const lim = podResources(pod, 'limits')
    w.write(
      1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${quantityOf(req, 'cpu')} (${percent(milli(req), allocCpuMilli)}%)\t${quantityOf(lim, 'cpu')} (${percent(milli(lim), allocCpuMilli)}%)\t${quantityOf(req, 'memory')} (${percent(mem(req), allocMemory)}%)\t${quantityOf(lim, 'memory')} (${percent(mem(lim), allocMemory)}%)\t${since(pod.metadata.creationTimestamp, now)}\n`,
    )
    for (const [into, from] of [
      [reqs, req],
      [limits, lim],
    ] as const) {
      for (const [name, q] of Object.entries(from)) {
        const cur = into[name]
        if (cur) cur.value += q.value
        else into[name] = { ...q }
      }
    }
  }
  w.write(
    0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  )
  w.write(1, 'Resource\tRequests\tLimits\n')
  w.write(1, '--------\t--------\t------\n')
  w.write(
    1,
    `cpu\t${quantityOf(reqs, 'cpu')} (${percent(milli(reqs), allocCpuMilli)}%)\t${quantityOf(limits, 'cpu')} (${percent(milli(limits), allocCpuMilli)}%)\n`,
  )
  w.write(
    1,
    `memory\t${quantityOf(reqs, 'memory')} (${percent(mem(reqs), allocMemory)}%)\t${quantityOf(limits, 'memory')} (${percent(mem(limits), allocMemory)}%)\n`,
  )
  const storage = (t: Totals) => t['ephemeral-storage']?.value ?? 0
  w.write(
    1,
    `ephemeral-storage\t${quantityOf(reqs, 'ephemeral-storage')} (${percent(storage(reqs), allocStorage)}%)\t${quantityOf(limits, 'ephemeral-storage')} (${percent(storage(limits), allocStorage)}%)\n`,
  )
}

/** describeNode: everything `kubectl describe node NAME` prints, events included. */
export function describeNode(ctx: CommandContext, node: Node): string {
  const now = ctx.sim.simTimeMs
  const w = new PrefixWriter()
  const roles = nodeRoles(node)
  w.write(0, `Name:\t${node.metadata.name}\n`)
  w.write(0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`)
  printLabelsMultiline(w, 'Labels', node.metadata.labels)
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations)
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`)
  printTaintsMultiline(w, 'Taints', node.spec.taints)
  w.write(0, `Unschedulable:\t${node.spec.unschedulable === true}\n`)
  // Simulated kubelets keep no Lease object; this is the lease a kubelet renewing every 10 s holds.
  const created = fromTimestamp(node.metadata.creationTimestamp)
  const renewMs = created + Math.floor(Math.max(0, now - created) / LEASE_RENEW_MS) * LEASE_RENEW_MS
  w.write(0, 'Lease:\n')
  w.write(1, `HolderIdentity:\t${node.metadata.name}\n`)
  w.write(1, 'AcquireTime:\t<unset>\n')
  w.write(1, `RenewTime:\t${rfc1123z(toTimestamp(renewMs))}\n`)
  if (node.status.conditions.length > 0) {
    w.write(
      0,
      'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
    )
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n')
    for (const c of node.status.conditions) {
      w.write(
        1,
        `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      )
    }
  }
  w.write(0, 'Addresses:\n')
  for (const a of node.status.addresses) w.write(1, `${a.type}:\t${a.address}\n`)
  for (const [title, list] of [
    ['Capacity', node.status.capacity],
    ['Allocatable', node.status.allocatable],
  ] as const) {
    const names = Object.keys(list ?? {}).sort()
    if (names.length === 0) continue
    w.write(0, `${title}:\n`)
    for (const n of names) w.write(0, `  ${n}:\t${quantityString(list[n])}\n`)
  }
  const info = node.status.nodeInfo ?? {}
  w.write(0, 'System Info:\n')
  for (const [label, key] of [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
  ] as const)
    w.write(0, `  ${label}:\t${info[key] ?? ''}\n`)
  if (node.spec.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`)
  if (node.spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`)
  const pods = [...ctx.sim.store.list<Pod>('Pod')]
    .filter(
      (p) =>
        p.spec.nodeName === node.metadata.name &&
        p.status.phase !== 'Succeeded' &&
        p.status.phase !== 'Failed',
    )
    .sort((a, b) => {
      const ka = `${a.metadata.namespace}/${a.metadata.name}`
      const kb = `${b.metadata.namespace}/${b.metadata.name}`
      return ka < kb ? -1 : ka > kb ? 1 : 0
    })
  describeNodeResource(ctx, node, pods, w)
  describeEvents(w, eventsFor(ctx, node), now)
  return w.toString()
}
