/**
 * Out of a node: through cni0 to a local pod, into flannel.1's VXLAN tunnel, or out of eth0 onto the
 * LAN; the LAN with its switch, router and outside hosts; and an outside host sending
 * (§2.2–2.5, §3.5–3.6, traces (b), (c), (e), (f), (i)).
 */
import type { LanHost } from '../../model/network/facts'
import type { NodeNet } from '../../model/network/interfaces'
import type { Route } from '../../model/network/tables'
import { formatFdb, formatRoute, lookupRoute, podFdbEntry } from '../../model/network/tables'
import { cidrContains, ipToInt, parseCidr } from '../../model/ipv4'
import {
  CLUSTER_CIDR,
  DEFAULT_TTL,
  SERVICE_CIDR,
  VXLAN_DEVICE,
  VXLAN_PORT,
  VXLAN_VNI,
} from '../../model/network/constants'
import type { Packet, Walk } from './walk'
import { l4Text } from './walk'

/** Hands a routed packet to the device its route names. */
export function egress(w: Walk, node: NodeNet, route: Route, pkt: Packet): void {
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
    `ARP ${nextHop} → ${pod.mac}; the frame leaves cni0 from its MAC, and the FDB puts it on port ${pod.veth}.${
      pod.key === w.originPod
        ? ` It goes back out of the port the connection came in on, which hairpin mode on ${pod.veth} allows.`
        : ''
    }`,
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
  if (cidrContains(parseCidr(SERVICE_CIDR), ipToInt(pkt.ip.dst))) {
    w.hop(
      'router',
      `router ${host.ip}`,
      `No kube-proxy rule took ${pkt.ip.dst}: a ClusterIP is only a NAT rule on the nodes (nothing owns the address), so the packet followed the default route to the router, which has never heard of it and drops it.`,
      [{ table: 'route', entry: 'default via <upstream>' }],
      pkt,
      { lan: w.net.facts.lan.cidr },
    )
    return w.finish(
      'dropped',
      `nothing answers ${pkt.ip.dst}${pkt.l4.proto === 'icmp' ? ': ClusterIPs do not answer ping in iptables mode' : ' on that port'}; the client times out`,
    )
  }
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
  const resolver =
    host === w.net.facts.lan.router && pkt.l4.proto === 'udp' && pkt.l4.dstPort === 53
  if (resolver && w.direction === 'request') {
    w.hop(
      'lan-deliver',
      host.name,
      `The LAN's resolver on ${host.name} takes the query (udp/53).`,
      [],
      pkt,
      at,
    )
    return w.finish('delivered', `${host.name} answered the DNS query`, { pkt, place })
  }
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
