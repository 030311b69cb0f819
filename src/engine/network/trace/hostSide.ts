/**
 * The node's side: its IP stack (conntrack, routing, TTL, flannel's POSTROUTING rules), processes
 * on the host network, the egress devices (cni0, flannel.1's VXLAN, eth0 onto the LAN), the LAN
 * with its router and outside hosts (§2.4, §3.5–3.7, traces (b), (c), (e)).
 */
import type { LanHost } from '../../model/network/facts'
import type { NodeNet } from '../../model/network/interfaces'
import type { Route } from '../../model/network/tables'
import { formatFdb, formatRoute, lookupRoute, podFdbEntry } from '../../model/network/tables'
import { cidrContains, ipToInt, parseCidr } from '../../model/ipv4'
import {
  CLUSTER_CIDR,
  DEFAULT_TTL,
  VXLAN_DEVICE,
  VXLAN_PORT,
  VXLAN_VNI,
} from '../../model/network/constants'
import { nodeListeners } from '../listeners'
import { flannelPostrouting } from '../../model/network/flannelMasq'
import type { DecisionEntry } from './types'
import type { Packet, Walk } from './walk'
import { formatConn, masquerade, unNat } from './walk'

/** The address a node's device has: what source selection and MASQUERADE pick for it. */
function deviceAddress(node: NodeNet, dev: string): string {
  if (dev === 'cni0' && node.cni0) return node.cni0.ip
  if (dev === VXLAN_DEVICE && node.vtep) return node.vtep.ip
  return node.eth0.ip
}

function localDevice(node: NodeNet, ip: string): string | undefined {
  if (ip === node.eth0.ip) return 'eth0'
  if (ip === node.cni0?.ip) return 'cni0'
  if (ip === node.vtep?.ip) return VXLAN_DEVICE
  return undefined
}

function l4Text(pkt: Packet): string {
  return pkt.l4.proto === 'icmp' ? 'icmp' : `${pkt.l4.proto}/${pkt.l4.dstPort}`
}

/**
 * POSTROUTING for a connection's first packet: flannel's masquerade chain. Returns what to say and
 * the entry; masquerades in place when a rule says so.
 */
function postrouting(
  w: Walk,
  node: NodeNet,
  pkt: Packet,
  route: Route,
  entries: DecisionEntry[],
): string {
  if (w.direction !== 'request' || !node.podCIDR) return ''
  const v = flannelPostrouting(node.podCIDR, pkt.ip.src, pkt.ip.dst)
  if (!v) return ' POSTROUTING: no flannel rule matches; no NAT.'
  entries.push({ table: 'iptables', node: node.name, entry: v.line })
  if (!v.masquerade) return ` POSTROUTING: FLANNEL-POSTRTG rule ${v.rule} returns, so no NAT.`
  const change = masquerade(w, node.name, pkt, deviceAddress(node, route.dev))
  return ` POSTROUTING: FLANNEL-POSTRTG rule ${v.rule} masquerades it to ${route.dev}'s address: ${change}.`
}

/** A process on the node's host network sends (trace (e)). */
export function sendFromHost(w: Walk, node: NodeNet, pkt: Packet): void {
  const where = `${node.name} host netns`
  const at = { node: node.name }
  const local = localDevice(node, pkt.ip.dst)
  if (local) {
    if (!pkt.ip.src) pkt.ip.src = pkt.ip.dst
    w.hop(
      'host-output',
      where,
      `${pkt.ip.dst} is ${node.name}'s own address: the packet loops back through lo.`,
      [],
      pkt,
      at,
    )
    return hostDeliver(w, node, local, pkt)
  }
  const route = lookupRoute(w.net.routes(node.name), pkt.ip.dst)
  if (!route) {
    w.hop('host-output', where, `${node.name} has no route to ${pkt.ip.dst}.`, [], pkt, at)
    return w.finish(
      'unreachable',
      `${node.name} has no route to ${pkt.ip.dst}: Network is unreachable`,
    )
  }
  const entries: DecisionEntry[] = [{ table: 'route', node: node.name, entry: formatRoute(route) }]
  let action = `A process on ${node.name} sends to ${pkt.ip.dst} (${l4Text(pkt)}). Route "${formatRoute(route)}"`
  if (!pkt.ip.src) {
    pkt.ip.src = route.src ?? deviceAddress(node, route.dev)
    action += `; source address selection picks ${pkt.ip.src}, ${route.dev}'s address`
  }
  action += '.'
  action += postrouting(w, node, pkt, route, entries)
  delete pkt.eth
  w.hop('host-output', where, action, entries, pkt, { ...at, device: route.dev })
  egress(w, node, route, pkt)
}

/** A packet enters the node's IP stack from a device: conntrack, local delivery or forwarding. */
export function hostIn(w: Walk, node: NodeNet, dev: string, pkt: Packet): void {
  delete pkt.eth
  const entries: DecisionEntry[] = []
  let action = ''
  if (w.direction === 'reply') {
    const conn = unNat(w, node.name, pkt)
    if (conn) {
      entries.push({ table: 'conntrack', node: node.name, entry: formatConn(conn) })
      action += `Conntrack knows this reply: it restores the addresses NAT changed, now ${pkt.ip.src} → ${pkt.ip.dst}. `
    }
  }
  const local = localDevice(node, pkt.ip.dst)
  if (local) {
    if (entries.length)
      w.hop('host-route', `${node.name} IP stack`, action.trim(), entries, pkt, {
        node: node.name,
        device: dev,
      })
    return hostDeliver(w, node, local, pkt)
  }
  const route = lookupRoute(w.net.routes(node.name), pkt.ip.dst)
  if (!route) {
    w.hop(
      'host-route',
      `${node.name} IP stack`,
      `${action}No route to ${pkt.ip.dst}.`,
      entries,
      pkt,
      { node: node.name },
    )
    return w.finish('unreachable', `${node.name} has no route to ${pkt.ip.dst}`)
  }
  entries.push({ table: 'route', node: node.name, entry: formatRoute(route) })
  pkt.ip.ttl -= 1
  action += `Forwarded by route "${formatRoute(route)}"; TTL ${pkt.ip.ttl + 1} → ${pkt.ip.ttl}.`
  if (pkt.ip.ttl <= 0) {
    w.hop('host-route', `${node.name} IP stack`, `${action} The TTL ran out.`, entries, pkt, {
      node: node.name,
    })
    return w.finish('dropped', 'TTL exceeded')
  }
  action += postrouting(w, node, pkt, route, entries)
  w.hop('host-route', `${node.name} IP stack`, action, entries, pkt, {
    node: node.name,
    device: route.dev,
  })
  egress(w, node, route, pkt)
}

function egress(w: Walk, node: NodeNet, route: Route, pkt: Packet): void {
  if (route.dev === 'cni0') return toBridge(w, node, route, pkt)
  if (route.dev === VXLAN_DEVICE) return vxlanEncap(w, node, route, pkt)
  return toLan(w, node, route.via ?? pkt.ip.dst, pkt)
}

/** Out through cni0 to a local pod: ARP on the bridge, then the FDB picks the port. */
function toBridge(w: Walk, node: NodeNet, route: Route, pkt: Packet): void {
  const nextHop = route.via ?? pkt.ip.dst
  const owner = w.net.owner(nextHop)
  const pod = owner?.kind === 'pod' && owner.pod.node === node.name ? owner.pod : undefined
  const at = { node: node.name, device: 'cni0' }
  if (!pod || !node.cni0) {
    w.hop(
      'bridge',
      `cni0 (${node.name})`,
      `ARP who-has ${nextHop} on cni0: nobody answers.${w.env.targetNote ? ` ${w.env.targetNote}` : ''}`,
      [],
      pkt,
      at,
    )
    return w.finish(
      'unreachable',
      `no answer to ARP for ${nextHop} on ${node.name}: No route to host`,
    )
  }
  pkt.eth = { src: node.cni0.mac, dst: pod.mac }
  w.hop(
    'bridge',
    `cni0 (${node.name})`,
    `ARP ${nextHop} → ${pod.mac}; the frame leaves cni0 from its MAC, and the FDB puts it on port ${pod.veth}.`,
    [
      { table: 'neigh', node: node.name, entry: `${nextHop} dev cni0 lladdr ${pod.mac} REACHABLE` },
      { table: 'fdb', node: node.name, entry: formatFdb(podFdbEntry(pod)) },
    ],
    pkt,
    at,
  )
  w.stages.deliverToPod(w, pod, pkt)
}

/** flannel.1: the permanent neighbour gives the peer's VtepMAC, the FDB its node IP; then VXLAN. */
function vxlanEncap(w: Walk, node: NodeNet, route: Route, pkt: Packet): void {
  const nextHop = route.via ?? pkt.ip.dst
  const lease = w.net.leases().find((l) => l.subnet.startsWith(`${nextHop}/`))
  const at = { node: node.name, device: VXLAN_DEVICE }
  const where = `${VXLAN_DEVICE} (${node.name})`
  const remote = lease ? w.net.node(lease.node) : undefined
  if (!lease?.vtepMac || !node.vtep || !remote) {
    w.hop(
      'vxlan-encap',
      where,
      `No neighbour entry for ${nextHop} on ${VXLAN_DEVICE}: the packet is dropped.`,
      [],
      pkt,
      at,
    )
    return w.finish('dropped', `no VTEP for ${nextHop}`)
  }
  pkt.eth = { src: node.vtep.mac, dst: lease.vtepMac }
  pkt.outer = {
    ip: { src: node.eth0.ip, dst: lease.publicIp, ttl: DEFAULT_TTL },
    udp: { srcPort: w.outerSrcPort, dstPort: VXLAN_PORT },
    vxlan: { vni: VXLAN_VNI },
  }
  w.hop(
    'vxlan-encap',
    where,
    `Neighbour ${nextHop} → VtepMAC ${lease.vtepMac} (permanent, written by flanneld); FDB: ${lease.vtepMac} lives at ${lease.publicIp}. flannel.1 wraps the frame in VXLAN (VNI ${VXLAN_VNI}) and UDP to ${lease.publicIp}:${VXLAN_PORT}; the source port is a hash of the inner flow.`,
    [
      {
        table: 'neigh',
        node: node.name,
        entry: `${nextHop} dev ${VXLAN_DEVICE} lladdr ${lease.vtepMac} PERMANENT`,
      },
      {
        table: 'fdb',
        node: node.name,
        entry: formatFdb({
          mac: lease.vtepMac,
          dev: VXLAN_DEVICE,
          dst: lease.publicIp,
          self: true,
          permanent: true,
        }),
      },
    ],
    pkt,
    at,
  )
  const outerRoute = lookupRoute(w.net.routes(node.name), lease.publicIp)
  const peerMac = remote.eth0.mac
  if (!pkt.outer) return
  pkt.outer.eth = { src: node.eth0.mac, dst: peerMac }
  w.hop(
    'nic-egress',
    `${node.name} eth0`,
    `The encapsulated packet is routed by "${outerRoute ? formatRoute(outerRoute) : 'the LAN route'}"; ARP ${lease.publicIp} → ${peerMac}. Outer IP length = inner + 50 bytes.`,
    [
      ...(outerRoute
        ? [{ table: 'route' as const, node: node.name, entry: formatRoute(outerRoute) }]
        : []),
      {
        table: 'neigh',
        node: node.name,
        entry: `${lease.publicIp} dev eth0 lladdr ${peerMac} REACHABLE`,
      },
    ],
    pkt,
    { node: node.name, device: 'eth0' },
  )
  lanHop(w, peerMac, remote.name, pkt)
  if (!remote.vtep) {
    w.hop(
      'vxlan-decap',
      `${remote.name} eth0`,
      `${remote.name} has no VXLAN device: the datagram to UDP ${VXLAN_PORT} is dropped.`,
      [],
      pkt,
      { node: remote.name, device: 'eth0' },
    )
    return w.finish('dropped', `${remote.name} runs no VXLAN device`)
  }
  delete pkt.outer
  w.hop(
    'vxlan-decap',
    `${remote.name} eth0 → ${VXLAN_DEVICE}`,
    `UDP ${VXLAN_PORT} reaches the kernel's VXLAN socket; VNI ${VXLAN_VNI} belongs to ${VXLAN_DEVICE}, which strips the outer headers. The inner destination MAC is ${VXLAN_DEVICE}'s own, so the packet is received (learning is off).`,
    [
      {
        table: 'link',
        node: remote.name,
        entry: `${VXLAN_DEVICE}: vxlan id ${VXLAN_VNI} local ${remote.eth0.ip} dev eth0 srcport 0 0 dstport ${VXLAN_PORT} nolearning`,
      },
    ],
    pkt,
    { node: remote.name, device: VXLAN_DEVICE },
  )
  w.stages.hostIn(w, remote, VXLAN_DEVICE, pkt)
}

function lanHop(w: Walk, dstMac: string, towards: string, pkt: Packet): void {
  const lan = w.net.facts.lan
  w.hop(
    'lan',
    `LAN ${lan.cidr}`,
    `The switch forwards the frame to ${towards}'s port.`,
    [{ table: 'switch', entry: `${dstMac} → port ${towards}` }],
    pkt,
    { lan: lan.cidr },
  )
}

type LanTarget =
  | { kind: 'node'; node: NodeNet; mac: string; name: string }
  | { kind: 'host'; host: LanHost; router: boolean; mac: string; name: string }

function lanTarget(w: Walk, ip: string): LanTarget | undefined {
  const owner = w.net.owner(ip)
  if (owner?.kind === 'node' && owner.dev === 'eth0')
    return { kind: 'node', node: owner.node, mac: owner.node.eth0.mac, name: owner.node.name }
  if (owner?.kind === 'lan')
    return {
      kind: 'host',
      host: owner.host,
      router: owner.router,
      mac: owner.host.mac,
      name: owner.host.name,
    }
  return undefined
}

/** Out of a node's eth0 to a next hop on the LAN (host-gw routes, node IPs, the router). */
function toLan(w: Walk, node: NodeNet, nextHop: string, pkt: Packet): void {
  const target = lanTarget(w, nextHop)
  const at = { node: node.name, device: 'eth0' }
  if (!target) {
    w.hop(
      'nic-egress',
      `${node.name} eth0`,
      `ARP who-has ${nextHop} on the LAN: nobody answers.`,
      [],
      pkt,
      at,
    )
    return w.finish('unreachable', `no answer to ARP for ${nextHop}: No route to host`)
  }
  pkt.eth = { src: node.eth0.mac, dst: target.mac }
  const cluster = parseCidr(CLUSTER_CIDR)
  const podOnWire =
    cidrContains(cluster, ipToInt(pkt.ip.src)) || cidrContains(cluster, ipToInt(pkt.ip.dst))
      ? ' No encapsulation: the pod addresses travel on the wire, which needs the nodes on one L2 segment.'
      : ''
  w.hop(
    'nic-egress',
    `${node.name} eth0`,
    `ARP ${nextHop} → ${target.mac}; the frame goes out on the LAN.${podOnWire}`,
    [
      {
        table: 'neigh',
        node: node.name,
        entry: `${nextHop} dev eth0 lladdr ${target.mac} REACHABLE`,
      },
    ],
    pkt,
    at,
  )
  lanHop(w, target.mac, target.name, pkt)
  arrive(w, target, pkt)
}

function arrive(w: Walk, target: LanTarget, pkt: Packet): void {
  if (target.kind === 'node') return w.stages.hostIn(w, target.node, 'eth0', pkt)
  if (target.router) return router(w, target.host, pkt)
  lanDeliver(w, target.host, pkt)
}

/** The LAN router: off-LAN traffic leaves the cluster; it has no route to the pod network. */
function router(w: Walk, host: LanHost, pkt: Packet): void {
  if (pkt.ip.dst === host.ip) return lanDeliver(w, host, pkt)
  const at = { lan: w.net.facts.lan.cidr }
  const dst = ipToInt(pkt.ip.dst)
  if (
    cidrContains(parseCidr(CLUSTER_CIDR), dst) ||
    cidrContains(parseCidr(w.net.facts.lan.cidr), dst)
  ) {
    w.hop(
      'router',
      `router ${host.ip}`,
      `The router has no route to ${pkt.ip.dst}: only the nodes know where pod subnets are. It answers ICMP destination unreachable.`,
      [{ table: 'route', entry: 'default via <upstream>' }],
      pkt,
      at,
    )
    return w.finish('unreachable', `the LAN router has no route to ${pkt.ip.dst}`)
  }
  pkt.ip.ttl -= 1
  w.hop(
    'router',
    `router ${host.ip}`,
    `The router forwards it to the Internet, beyond what this cluster simulates.`,
    [{ table: 'route', entry: 'default via <upstream>' }],
    pkt,
    at,
  )
  w.finish('left-cluster', `${pkt.ip.dst} is outside the cluster and its LAN`)
}

function lanDeliver(w: Walk, host: LanHost, pkt: Packet): void {
  const at = { lan: w.net.facts.lan.cidr }
  const place = { kind: 'lan' as const, host }
  if (w.direction === 'reply' || pkt.l4.proto === 'icmp') {
    w.hop(
      'lan-deliver',
      host.name,
      w.direction === 'reply'
        ? `The reply reaches ${host.name}.`
        : `${host.name} answers the echo request.`,
      [],
      pkt,
      at,
    )
    return w.finish('delivered', `${host.name} answered`, { pkt, place })
  }
  w.hop('lan-deliver', host.name, `Nothing listens on ${l4Text(pkt)} on ${host.name}.`, [], pkt, at)
  w.finish('refused', `nothing listens on ${l4Text(pkt)} on ${host.name}: Connection refused`, {
    pkt,
    place,
  })
}

/** A host outside the cluster sends: on-link on the LAN, or via the router. */
export function sendFromLanHost(w: Walk, host: LanHost, pkt: Packet): void {
  const lan = w.net.facts.lan
  const onLink = cidrContains(parseCidr(lan.cidr), ipToInt(pkt.ip.dst))
  const nextHop = onLink ? pkt.ip.dst : lan.router.ip
  const target = lanTarget(w, nextHop)
  const at = { lan: lan.cidr }
  const route = onLink
    ? `${lan.cidr} dev eth0 proto kernel scope link src ${host.ip}`
    : `default via ${lan.router.ip} dev eth0`
  if (!target) {
    w.hop(
      'host-output',
      host.name,
      `ARP who-has ${nextHop}: nobody answers.`,
      [{ table: 'route', entry: route }],
      pkt,
      at,
    )
    return w.finish('unreachable', `no answer to ARP for ${nextHop}: No route to host`)
  }
  pkt.eth = { src: host.mac, dst: target.mac }
  w.hop(
    'host-output',
    host.name,
    `${host.name} sends to ${pkt.ip.dst} (${l4Text(pkt)}) by "${route}"; ARP ${nextHop} → ${target.mac}.`,
    [{ table: 'route', entry: route }],
    pkt,
    at,
  )
  lanHop(w, target.mac, target.name, pkt)
  arrive(w, target, pkt)
}

/** Delivery to the node itself (INPUT): a daemon's socket, or the process that sent the request. */
function hostDeliver(w: Walk, node: NodeNet, dev: string, pkt: Packet): void {
  const where = `${node.name} host (${dev} ${pkt.ip.dst})`
  const at = { node: node.name, device: dev }
  const place = { kind: 'node' as const, node }
  const localRoute: DecisionEntry = {
    table: 'route',
    node: node.name,
    entry: `local ${pkt.ip.dst} dev ${dev} table local proto kernel scope host src ${pkt.ip.dst}`,
  }
  if (w.direction === 'reply') {
    w.hop(
      'host-deliver',
      where,
      `${pkt.ip.dst} is ${node.name}'s own: the reply reaches the process that sent the request.`,
      [localRoute],
      pkt,
      at,
    )
    return w.finish('delivered', `${node.name} got the reply`, { pkt, place })
  }
  if (pkt.l4.proto === 'icmp') {
    w.hop(
      'host-deliver',
      where,
      `${pkt.ip.dst} is ${node.name}'s own address: its kernel answers the echo request.`,
      [localRoute],
      pkt,
      at,
    )
    return w.finish('delivered', `${node.name} answers ping`, { pkt, place })
  }
  const l = nodeListeners(node).find((x) => x.proto === pkt.l4.proto && x.port === pkt.l4.dstPort)
  if (l) {
    w.hop(
      'host-deliver',
      where,
      `Delivered: ${l.process} listens on ${l4Text(pkt)} on ${node.name}.`,
      [
        localRoute,
        {
          table: 'socket',
          node: node.name,
          entry: `${pkt.l4.proto} LISTEN 0.0.0.0:${pkt.l4.dstPort} (${l.process})`,
        },
      ],
      pkt,
      at,
    )
    return w.finish('delivered', `${l.process} on ${node.name} accepted ${l4Text(pkt)}`, {
      pkt,
      place,
    })
  }
  w.hop(
    'host-deliver',
    where,
    `Nothing listens on ${l4Text(pkt)} on ${node.name}: its kernel ${pkt.l4.proto === 'tcp' ? 'answers with a TCP RST' : 'answers with ICMP port unreachable'}.`,
    [localRoute],
    pkt,
    at,
  )
  w.finish('refused', `nothing listens on ${l4Text(pkt)} on ${node.name}: Connection refused`, {
    pkt,
    place,
  })
}
