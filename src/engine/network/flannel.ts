/**
 * flanneld's part (kube subnet manager): the machine's VTEP, the node annotations peers build their
 * leases from (§3.3), /run/flannel/subnet.env (§3.4), and switching the backend, which restarts
 * flanneld everywhere with the new net-conf.json.
 */
import type { ApiServer } from '../api/ApiServer'
import type { ObjectStore } from '../api/ObjectStore'
import type { Node } from '../model/node'
import type { FlannelBackend, MachineFacts, NetworkFacts } from '../model/network/facts'
import type { NodeNet, NodeShape } from '../model/network/interfaces'
import { backendMtu, flannelAnnotations, nodeNetOf } from '../model/network/interfaces'
import { CLUSTER_CIDR } from '../model/network/constants'
import { addressIn } from '../model/network/interfaces'
import { parseCidr } from '../model/ipv4'
import type { NetworkIndex } from './NetworkIndex'

/** Records a machine joining the LAN, with the MACs a scenario fixes (others are derived). */
export function registerMachine(facts: NetworkFacts, name: string, hw: MachineFacts): void {
  facts.machines[name] = { ...hw }
  facts.rev++
}

export function forgetMachine(facts: NetworkFacts, name: string): void {
  if (!(name in facts.machines)) return
  delete facts.machines[name]
  facts.rev++
}

/** The bridge plugin's ensureBridge: cni0 appears at the first pod's CNI ADD on a machine. */
export function markCni0(facts: NetworkFacts, node: string): void {
  const m = (facts.machines[node] ??= {})
  if (m.cni0) return
  m.cni0 = true
  facts.rev++
}

/** The flannel annotations a node carries now, merged over its others. */
export function withFlannelAnnotations<T extends NodeShape>(node: T, facts: NetworkFacts): T {
  const net = nodeNetOf(node, facts)
  if (!net || !node.spec.podCIDR) return node
  return {
    ...node,
    metadata: {
      ...node.metadata,
      annotations: {
        ...node.metadata.annotations,
        ...flannelAnnotations(net, facts.backend),
      },
    },
  }
}

/**
 * Changes net-conf.json's backend and restarts flanneld on every node: each rewrites its
 * annotations, and peers reprogram routes (and, for VXLAN, neighbour and FDB entries).
 */
export function setFlannelBackend(
  api: ApiServer,
  store: ObjectStore,
  index: NetworkIndex,
  backend: FlannelBackend,
): boolean {
  const facts = index.facts
  if (facts.backend === backend) return false
  facts.backend = backend
  facts.rev++
  index.rebuild()
  for (const node of [...store.list<Node>('Node')]) {
    const next = withFlannelAnnotations(node, facts)
    if (next !== node) api.update(next)
  }
  return true
}

/** /run/flannel/subnet.env as flanneld writes it (WriteSubnetFile: the first usable IP of the lease). */
export function subnetEnv(net: NodeNet): string | undefined {
  if (!net.podCIDR) return undefined
  const prefix = parseCidr(net.podCIDR).prefix
  return [
    `FLANNEL_NETWORK=${CLUSTER_CIDR}`,
    `FLANNEL_SUBNET=${addressIn(net.podCIDR, 1)}/${prefix}`,
    `FLANNEL_MTU=${backendMtu(net.backend)}`,
    'FLANNEL_IPMASQ=true',
  ].join('\n')
}

/** Fixes the host-side veth name a pod's sandbox gets (a scenario reproducing a known cluster). */
export function pinVeth(facts: NetworkFacts, uid: string, veth: string): void {
  facts.vethPins[uid] = veth
  facts.rev++
}
