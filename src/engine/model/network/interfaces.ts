/**
 * A node's and a pod's network interfaces, derived from the API objects and the network facts: the
 * node's eth0, cni0 and flannel.1; the pod's eth0 and the host end of its veth pair. MACs the kernel
 * would choose at random follow readable schemes instead (the spec's fixture, §0).
 */
import type { Node } from '../node'
import { nodeInternalIP } from '../node'
import type { Pod } from '../pod'
import { fnv32a } from '../../kernel/names'
import { intToIp, ipToInt, parseCidr } from '../ipv4'
import type { FlannelBackend, NetworkFacts } from './facts'
import { FLANNEL_ANNOTATIONS, UNDERLAY_MTU, VXLAN_OVERHEAD, VXLAN_VNI } from './constants'

/** A device with an IPv4 address on a node. */
export interface Interface {
  ip: string
  prefix: number
  mac: string
  mtu: number
}

export interface NodeNet {
  name: string
  eth0: Interface
  podCIDR?: string
  /** Present once the first pod's CNI ADD created the bridge: the gateway .1 of the podCIDR. */
  cni0?: Interface
  /** flannel.1, with the VXLAN backend: the podCIDR's network address as a /32 and the VtepMAC. */
  vtep?: Interface
  /** The MTU flannel gives pods (FLANNEL_MTU): 1450 on VXLAN, 1500 on host-gw. */
  podMtu: number
  backend: FlannelBackend
  controlPlane: boolean
}

/** A pod's network namespace: eth0 and the host end of its veth pair on cni0. */
export interface PodNet {
  /** namespace/name */
  key: string
  name: string
  namespace: string
  uid: string
  node: string
  ip: string
  mac: string
  mtu: number
  /** The host end: veth + 8 hex digits, enslaved to cni0, hairpin on. */
  veth: string
  vethMac: string
  /** The host end's ifindex (eth0@ifN inside the pod). */
  vethIfindex: number
}

/** A flannel lease as peers see it (kube.go nodeToLease): subnet, public IP, backend data. */
export interface Lease {
  node: string
  subnet: string
  publicIp: string
  backendType: string
  vtepMac?: string
}

function hexBytes(ip: string): string {
  const n = ipToInt(ip)
  return [24, 16, 8, 0].map((s) => ((n >>> s) & 255).toString(16).padStart(2, '0')).join(':')
}

/** The bridge plugin's old scheme, kept for readability: 0a:58 and the IP in hex. */
export function podMac(ip: string): string {
  return `0a:58:${hexBytes(ip)}`
}

/** cni0's MAC: 3a:00 and its address in hex (fixture §0.1). */
export function bridgeMac(gatewayIp: string): string {
  return `3a:00:${hexBytes(gatewayIp)}`
}

/** A machine's eth0 MAC when none is pinned: QEMU's 52:54:00 and the low three bytes of its IP. */
export function defaultEth0Mac(ip: string): string {
  return `52:54:00:${hexBytes(ip).slice(3)}`
}

/** flannel.1's MAC when none is pinned: locally administered, 0e:f1 and the IP. */
export function defaultVtepMac(ip: string): string {
  return `0e:f1:${hexBytes(ip)}`
}

/** The host veth name: `veth` + 8 hex digits (RandomVethName), here a hash of the pod's uid. */
export function vethName(uid: string, facts: NetworkFacts): string {
  return facts.vethPins[uid] ?? `veth${fnv32a(uid).toString(16).padStart(8, '0')}`
}

/** The host veth's own MAC (the kernel's choice): locally administered, from the veth name. */
export function vethMac(veth: string): string {
  const hex = veth.slice(4)
  return `e2:6b:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`
}

/** FLANNEL_MTU for a backend (vxlan: underlay − 50; host-gw: the underlay's). */
export function backendMtu(backend: FlannelBackend): number {
  return backend === 'vxlan' ? UNDERLAY_MTU - VXLAN_OVERHEAD : UNDERLAY_MTU
}

/** The n-th address of a CIDR block (0 = the network address). */
export function addressIn(cidr: string, n: number): string {
  return intToIp((parseCidr(cidr).network + n) >>> 0)
}

/** What the network needs of a Node (a Node, or one being built before it is created). */
export type NodeShape = Pick<Node, 'spec' | 'status'> & {
  metadata: Pick<Node['metadata'], 'name' | 'labels' | 'annotations'>
}

export function nodeNetOf(node: NodeShape, facts: NetworkFacts): NodeNet | undefined {
  const ip = nodeInternalIP(node)
  if (!ip) return undefined
  const name = node.metadata.name
  const m = facts.machines[name] ?? {}
  const podCIDR = node.spec.podCIDR
  const podMtu = backendMtu(facts.backend)
  const lanPrefix = parseCidr(facts.lan.cidr).prefix
  const net: NodeNet = {
    name,
    eth0: { ip, prefix: lanPrefix, mac: m.eth0Mac ?? defaultEth0Mac(ip), mtu: UNDERLAY_MTU },
    podMtu,
    backend: facts.backend,
    controlPlane: 'node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {}),
  }
  if (podCIDR) {
    net.podCIDR = podCIDR
    const prefix = parseCidr(podCIDR).prefix
    if (m.cni0) {
      const gw = addressIn(podCIDR, 1)
      net.cni0 = { ip: gw, prefix, mac: bridgeMac(gw), mtu: podMtu }
    }
    if (facts.backend === 'vxlan')
      net.vtep = {
        ip: addressIn(podCIDR, 0),
        prefix: 32,
        mac: m.vtepMac ?? defaultVtepMac(ip),
        mtu: podMtu,
      }
  }
  return net
}

/** Whether a pod has a network namespace with an address: bound, addressed, not finished. */
export function hasPodNetwork(pod: Pod): boolean {
  return (
    !!pod.spec.nodeName &&
    !!pod.status.podIP &&
    !pod.spec.hostNetwork &&
    pod.status.phase !== 'Succeeded' &&
    pod.status.phase !== 'Failed'
  )
}

export function podNetOf(pod: Pod, facts: NetworkFacts): PodNet | undefined {
  if (!hasPodNetwork(pod)) return undefined
  const ip = pod.status.podIP as string
  const veth = vethName(pod.metadata.uid, facts)
  return {
    key: `${pod.metadata.namespace}/${pod.metadata.name}`,
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? 'default',
    uid: pod.metadata.uid,
    node: pod.spec.nodeName as string,
    ip,
    mac: podMac(ip),
    mtu: backendMtu(facts.backend),
    veth,
    vethMac: vethMac(veth),
    // lo 1, eth0 2, flannel.1 3, cni0 4; host-local hands out .2, .3, … in creation order.
    vethIfindex: 3 + (ipToInt(ip) & 255),
  }
}

/** The lease flannel on other nodes builds from this Node (kube.go nodeToLease), if flannel runs on it. */
export function leaseOf(node: Node): Lease | undefined {
  const a = node.metadata.annotations ?? {}
  const subnet = node.spec.podCIDR
  const publicIp = a[FLANNEL_ANNOTATIONS.publicIp]
  const backendType = a[FLANNEL_ANNOTATIONS.backendType]
  if (a[FLANNEL_ANNOTATIONS.kubeSubnetManager] !== 'true' || !subnet || !publicIp || !backendType)
    return undefined
  const lease: Lease = { node: node.metadata.name, subnet, publicIp, backendType }
  const data = a[FLANNEL_ANNOTATIONS.backendData]
  if (backendType === 'vxlan' && data) {
    try {
      const parsed = JSON.parse(data) as { VtepMAC?: unknown }
      if (typeof parsed.VtepMAC === 'string') lease.vtepMac = parsed.VtepMAC
    } catch {
      // An unreadable backend-data: peers cannot program this node's VTEP.
    }
  }
  return lease
}

/** The annotations flannel writes on its node (§3.3). */
export function flannelAnnotations(net: NodeNet, backend: FlannelBackend): Record<string, string> {
  return {
    [FLANNEL_ANNOTATIONS.backendData]:
      backend === 'vxlan' && net.vtep
        ? JSON.stringify({ VNI: VXLAN_VNI, VtepMAC: net.vtep.mac })
        : 'null',
    [FLANNEL_ANNOTATIONS.backendType]: backend,
    [FLANNEL_ANNOTATIONS.kubeSubnetManager]: 'true',
    [FLANNEL_ANNOTATIONS.publicIp]: net.eth0.ip,
  }
}
