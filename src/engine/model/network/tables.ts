/**
 * A node's and a pod's forwarding tables as `ip route`, `ip neigh` and `bridge fdb` show them,
 * derived from the interfaces and flannel's leases (flannel vxlan_network.go handleSubnetEvents,
 * hostgw route_network.go; the bridge and host-local plugins for cni0 and the pod's routes).
 */
import type { Cidr } from '../ipv4'
import { cidrContains, ipToInt, parseCidr } from '../ipv4'
import { CLUSTER_CIDR, VXLAN_DEVICE } from './constants'
import type { Lease, NodeNet, PodNet } from './interfaces'
import { addressIn } from './interfaces'

export interface Route {
  /** 'default' or a CIDR. */
  dst: string
  via?: string
  dev: string
  /** A connected route: `proto kernel scope link`. */
  kernel?: boolean
  src?: string
  onlink?: boolean
}

export interface Neighbour {
  ip: string
  dev: string
  mac: string
  state: 'PERMANENT' | 'REACHABLE'
}

export interface FdbEntry {
  mac: string
  dev: string
  vlan?: number
  dst?: string
  master?: string
  self?: boolean
  permanent?: boolean
}

export function formatRoute(r: Route): string {
  let s = r.dst
  if (r.via) s += ` via ${r.via}`
  s += ` dev ${r.dev}`
  if (r.kernel) s += ' proto kernel scope link'
  if (r.src) s += ` src ${r.src}`
  if (r.onlink) s += ' onlink'
  return s
}

/** `ip neigh` prints `dev X` unless the listing is already for one device. */
export function formatNeighbour(n: Neighbour, omitDev = false): string {
  return `${n.ip}${omitDev ? '' : ` dev ${n.dev}`} lladdr ${n.mac} ${n.state}`
}

export function formatFdb(e: FdbEntry, omitDev = false): string {
  let s = e.mac
  if (!omitDev) s += ` dev ${e.dev}`
  if (e.vlan !== undefined) s += ` vlan ${e.vlan}`
  if (e.dst) s += ` dst ${e.dst}`
  if (e.master) s += ` master ${e.master}`
  if (e.self) s += ' self'
  if (e.permanent) s += ' permanent'
  return s
}

function routeKey(r: Route): [number, number] {
  if (r.dst === 'default') return [-1, 0]
  const c = parseCidr(r.dst)
  return [c.network, c.prefix]
}

function byDestination(a: Route, b: Route): number {
  const [an, ap] = routeKey(a)
  const [bn, bp] = routeKey(b)
  return an - bn || ap - bp
}

/**
 * The main routing table of a node: the default route via the LAN router, cni0's connected route
 * (once cni0 exists), one route per remote flannel lease, and the LAN's connected route.
 */
export function hostRoutes(
  net: NodeNet,
  leases: readonly Lease[],
  lan: { cidr: string; router: string },
): Route[] {
  const routes: Route[] = [{ dst: 'default', via: lan.router, dev: 'eth0' }]
  if (net.cni0 && net.podCIDR)
    routes.push({ dst: net.podCIDR, dev: 'cni0', kernel: true, src: net.cni0.ip })
  // flanneld on a node without a podCIDR fails ("pod cidr not assigned") and programs nothing.
  if (net.podCIDR) {
    for (const lease of leases) {
      if (lease.node === net.name || lease.subnet === net.podCIDR) continue
      if (net.backend === 'vxlan') {
        // vxlan_network.go ignores leases of another backend type, and needs the peer's VtepMAC.
        if (lease.backendType !== 'vxlan' || !lease.vtepMac) continue
        const gw = lease.subnet.split('/')[0] as string
        routes.push({ dst: lease.subnet, via: gw, dev: VXLAN_DEVICE, onlink: true })
      } else {
        if (lease.backendType !== 'host-gw') continue
        routes.push({ dst: lease.subnet, via: lease.publicIp, dev: 'eth0' })
      }
    }
  }
  routes.push({ dst: lan.cidr, dev: 'eth0', kernel: true, src: net.eth0.ip })
  return routes.sort(byDestination)
}

/** The neighbour table: LAN peers on eth0, the VTEPs on flannel.1 (permanent), local pods on cni0. */
export function hostNeighbours(
  net: NodeNet,
  leases: readonly Lease[],
  lanPeers: readonly { ip: string; mac: string }[],
  localPods: readonly PodNet[],
): Neighbour[] {
  const out: Neighbour[] = []
  for (const p of lanPeers)
    if (p.ip !== net.eth0.ip) out.push({ ip: p.ip, dev: 'eth0', mac: p.mac, state: 'REACHABLE' })
  if (net.vtep)
    for (const lease of leases) {
      if (lease.node === net.name || lease.backendType !== 'vxlan' || !lease.vtepMac) continue
      const ip = lease.subnet.split('/')[0] as string
      out.push({ ip, dev: VXLAN_DEVICE, mac: lease.vtepMac, state: 'PERMANENT' })
    }
  if (net.cni0)
    for (const pod of localPods)
      out.push({ ip: pod.ip, dev: 'cni0', mac: pod.mac, state: 'REACHABLE' })
  const devOrder = (d: string) => (d === 'eth0' ? 0 : d === VXLAN_DEVICE ? 1 : 2)
  return out.sort((a, b) => devOrder(a.dev) - devOrder(b.dev) || ipToInt(a.ip) - ipToInt(b.ip))
}

/**
 * The bridge forwarding database: eth0's multicast entries, flannel.1's VTEP entries (one per
 * remote node: VtepMAC → its public IP), and cni0 with its ports: each port's own MAC and the pod
 * MAC learned behind it.
 */
export function hostFdb(
  net: NodeNet,
  leases: readonly Lease[],
  localPods: readonly PodNet[],
): FdbEntry[] {
  const out: FdbEntry[] = [
    { mac: '01:00:5e:00:00:01', dev: 'eth0', self: true, permanent: true },
    { mac: '33:33:00:00:00:01', dev: 'eth0', self: true, permanent: true },
  ]
  if (net.vtep)
    for (const lease of leases) {
      if (lease.node === net.name || lease.backendType !== 'vxlan' || !lease.vtepMac) continue
      out.push({
        mac: lease.vtepMac,
        dev: VXLAN_DEVICE,
        dst: lease.publicIp,
        self: true,
        permanent: true,
      })
    }
  if (net.cni0) {
    out.push(
      { mac: net.cni0.mac, dev: 'cni0', vlan: 1, master: 'cni0', permanent: true },
      { mac: net.cni0.mac, dev: 'cni0', master: 'cni0', permanent: true },
    )
    for (const pod of [...localPods].sort((a, b) => ipToInt(a.ip) - ipToInt(b.ip)))
      out.push(
        { mac: pod.mac, dev: pod.veth, master: 'cni0' },
        { mac: pod.vethMac, dev: pod.veth, vlan: 1, master: 'cni0', permanent: true },
        { mac: pod.vethMac, dev: pod.veth, master: 'cni0', permanent: true },
        { mac: '33:33:00:00:00:01', dev: pod.veth, self: true, permanent: true },
      )
  }
  return out
}

/** The bridge's learned entry for a pod: the line the bridge forwards a frame for it by. */
export function podFdbEntry(pod: PodNet): FdbEntry {
  return { mac: pod.mac, dev: pod.veth, master: 'cni0' }
}

/** Inside the pod (§2.4): the default route and the cluster route via cni0, and the connected /24. */
export function podRoutes(pod: PodNet, podCIDR: string): Route[] {
  const gw = gatewayOf(podCIDR)
  return [
    { dst: 'default', via: gw, dev: 'eth0' },
    { dst: CLUSTER_CIDR, via: gw, dev: 'eth0' },
    { dst: podCIDR, dev: 'eth0', kernel: true, src: pod.ip },
  ]
}

/** The gateway the bridge plugin gives a subnet: its first address (calcGatewayIP). */
export function gatewayOf(podCIDR: string): string {
  return addressIn(podCIDR, 1)
}

/** Parsed route destinations: a cluster has a handful of distinct CIDRs, looked up on every hop. */
const parsed = new Map<string, Cidr>()

function cidrOf(dst: string): Cidr {
  let c = parsed.get(dst)
  if (!c) parsed.set(dst, (c = dst === 'default' ? { network: 0, prefix: 0 } : parseCidr(dst)))
  return c
}

/** Longest-prefix match, as the kernel's FIB lookup picks a route. */
export function lookupRoute(routes: readonly Route[], ip: string): Route | undefined {
  const addr = ipToInt(ip)
  let best: Route | undefined
  let bestPrefix = -1
  for (const r of routes) {
    const c = cidrOf(r.dst)
    if (c.prefix <= bestPrefix) continue
    if (cidrContains(c, addr)) {
      best = r
      bestPrefix = c.prefix
    }
  }
  return best
}
