/**
 * The network devices of a machine and of a pod, as the kernel lists them over netlink (what
 * `ip addr` and `ip link` print): index, flags, MTU, queueing discipline, bridge master, operational
 * state, MAC, and the IPv4 and IPv6 link-local addresses on each.
 */
import { fnv32a } from '../../kernel/names'
import { intToIp, maskOf, parseCidr } from '../../model/ipv4'
import type { NodeNet, PodNet } from '../../model/network/interfaces'
import { VXLAN_DEVICE } from '../../model/network/constants'

export interface LinkAddress {
  family: 'inet' | 'inet6'
  ip: string
  prefix: number
  brd?: string
  scope: 'host' | 'link' | 'global'
  /** IFA_PROTO: `kernel_ll` for the link-local address the kernel generated. */
  proto?: string
}

export interface Link {
  index: number
  name: string
  /** A veth's peer ifindex, in the other namespace: printed as NAME@ifN. */
  peerIndex?: number
  flags: readonly string[]
  mtu: number
  qdisc: string
  master?: string
  state: 'UP' | 'DOWN' | 'UNKNOWN'
  /** txqueuelen; 0 (veth, vxlan: created without one) is not printed. */
  qlen: number
  type: 'loopback' | 'ether'
  mac: string
  /** Where the peer lives: a named netns (iproute2 `link-netns`) or a netns id (`link-netnsid`). */
  peerNetns?: string | number
  addresses: LinkAddress[]
}

const UP = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']

/** The link-local address the kernel derives from a MAC (EUI-64, RFC 4291 appendix A). */
export function linkLocal6(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16))
  const byte = (i: number) => b[i] ?? 0
  const groups = [
    ((byte(0) ^ 2) << 8) | byte(1),
    (byte(2) << 8) | 0xff,
    (0xfe << 8) | byte(3),
    (byte(4) << 8) | byte(5),
  ].map((g) => g.toString(16))
  // inet_ntop folds the longest run of zero groups: fe80:0:0:0 and, if zero, the first EUI group.
  return groups[0] === '0' ? `fe80::${groups.slice(1).join(':')}` : `fe80::${groups.join(':')}`
}

/**
 * containerd names a sandbox's netns `cni-` + a random UUID (pkg/netns NewNetNS); the simulator
 * derives it from the pod's uid so that it is stable.
 */
export function netnsName(uid: string): string {
  const hex = [0, 1, 2, 3].map((i) => fnv32a(`${i}:${uid}`).toString(16).padStart(8, '0')).join('')
  return `cni-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function broadcast(ip: string, prefix: number): string {
  const c = parseCidr(`${ip}/${prefix}`)
  return intToIp((c.network | ~maskOf(prefix)) >>> 0)
}

function inet(ip: string, prefix: number, scope: LinkAddress['scope'], brd = true): LinkAddress {
  return { family: 'inet', ip, prefix, scope, ...(brd ? { brd: broadcast(ip, prefix) } : {}) }
}

function inet6LinkLocal(mac: string): LinkAddress {
  return { family: 'inet6', ip: linkLocal6(mac), prefix: 64, scope: 'link', proto: 'kernel_ll' }
}

function loopback(): Link {
  return {
    index: 1,
    name: 'lo',
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    mtu: 65536,
    qdisc: 'noqueue',
    state: 'UNKNOWN',
    qlen: 1000,
    type: 'loopback',
    mac: '00:00:00:00:00:00',
    addresses: [
      { family: 'inet', ip: '127.0.0.1', prefix: 8, scope: 'host' },
      { family: 'inet6', ip: '::1', prefix: 128, scope: 'host' },
    ],
  }
}

/**
 * A node's devices: lo 1, eth0 2, flannel.1 3 (VXLAN), cni0 4 once the bridge plugin created it,
 * then the host end of each pod's veth (enslaved to cni0, its peer eth0 in the pod's netns).
 */
export function hostLinks(net: NodeNet, pods: readonly PodNet[]): Link[] {
  const links: Link[] = [
    loopback(),
    {
      index: 2,
      name: 'eth0',
      flags: UP,
      mtu: net.eth0.mtu,
      qdisc: 'fq_codel',
      state: 'UP',
      qlen: 1000,
      type: 'ether',
      mac: net.eth0.mac,
      addresses: [inet(net.eth0.ip, net.eth0.prefix, 'global'), inet6LinkLocal(net.eth0.mac)],
    },
  ]
  if (net.vtep)
    links.push({
      index: 3,
      name: VXLAN_DEVICE,
      flags: UP,
      mtu: net.vtep.mtu,
      qdisc: 'noqueue',
      state: 'UNKNOWN',
      qlen: 0,
      type: 'ether',
      mac: net.vtep.mac,
      addresses: [inet(net.vtep.ip, 32, 'global', false), inet6LinkLocal(net.vtep.mac)],
    })
  if (net.cni0) {
    // A bridge without ports has no carrier (br_port_carrier_check).
    const carrier = pods.length > 0
    links.push({
      index: 4,
      name: 'cni0',
      flags: carrier ? UP : ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'],
      mtu: net.cni0.mtu,
      qdisc: 'noqueue',
      state: carrier ? 'UP' : 'DOWN',
      // The bridge plugin creates cni0 with TxQLen -1: the kernel's default queue length.
      qlen: 1000,
      type: 'ether',
      mac: net.cni0.mac,
      addresses: [inet(net.cni0.ip, net.cni0.prefix, 'global'), inet6LinkLocal(net.cni0.mac)],
    })
    for (const pod of [...pods].sort((a, b) => a.vethIfindex - b.vethIfindex))
      links.push({
        index: pod.vethIfindex,
        name: pod.veth,
        peerIndex: 2,
        flags: UP,
        mtu: pod.mtu,
        qdisc: 'noqueue',
        master: 'cni0',
        state: 'UP',
        qlen: 0,
        type: 'ether',
        mac: pod.vethMac,
        peerNetns: netnsName(pod.uid),
        addresses: [inet6LinkLocal(pod.vethMac)],
      })
  }
  return links
}

/** A pod's devices: lo and eth0, whose peer is the host's veth (the host netns has id 0 here). */
export function podLinks(pod: PodNet, podCIDR: string): Link[] {
  return [
    loopback(),
    {
      index: 2,
      name: 'eth0',
      peerIndex: pod.vethIfindex,
      flags: UP,
      mtu: pod.mtu,
      qdisc: 'noqueue',
      state: 'UP',
      qlen: 0,
      type: 'ether',
      mac: pod.mac,
      peerNetns: 0,
      addresses: [inet(pod.ip, parseCidr(podCIDR).prefix, 'global'), inet6LinkLocal(pod.mac)],
    },
  ]
}

/** The first IPv4 address of a device: the source address the kernel picks for it. */
export function primaryAddress(link: Link): string | undefined {
  return link.addresses.find((a) => a.family === 'inet')?.ip
}
