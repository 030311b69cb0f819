/**
 * The pod's side of the network: its netns routing a packet out through eth0, the veth pair into
 * cni0, the bridge forwarding frames between ports or handing them up to the node, and delivery to
 * a socket in the pod (§2.2–2.5, traces (a), (b)).
 */
import type { NodeNet, PodNet } from '../../model/network/interfaces'
import type { DecisionEntry } from './types'
import { formatFdb, formatRoute, lookupRoute, podFdbEntry } from '../../model/network/tables'
import { flannelPostrouting } from '../../model/network/flannelMasq'
import type { Packet, Walk } from './walk'
import { formatConn, unNat } from './walk'

/** Who answers ARP for an address on a node's bridge: cni0 itself or a pod on it. */
function onBridge(w: Walk, node: NodeNet, ip: string): { mac: string; name: string } | undefined {
  if (node.cni0?.ip === ip) return { mac: node.cni0.mac, name: 'cni0' }
  const owner = w.net.owner(ip)
  if (owner?.kind === 'pod' && owner.pod.node === node.name)
    return { mac: owner.pod.mac, name: owner.pod.name }
  return undefined
}

/** The pod's own address or 127.0.0.0/8: the kernel answers inside the netns, through lo. */
function isLocalToPod(pod: PodNet, ip: string): boolean {
  return ip === pod.ip || ip.startsWith('127.')
}

export function sendFromPod(w: Walk, pod: PodNet, pkt: Packet): void {
  if (isLocalToPod(pod, pkt.ip.dst)) {
    if (pkt.ip.dst.startsWith('127.')) pkt.ip.src = pkt.ip.dst
    w.hop(
      'pod-egress',
      `${pod.name} netns`,
      `${pkt.ip.dst} is ${pod.name}'s own address: the packet loops back through lo and never leaves the network namespace.`,
      [
        {
          table: 'route',
          pod: pod.key,
          entry: `local ${pkt.ip.dst} dev lo table local proto kernel scope host src ${pkt.ip.dst}`,
        },
      ],
      pkt,
      { node: pod.node, pod: pod.key, device: 'lo' },
    )
    return w.stages.deliverToPod(w, pod, pkt)
  }
  const node = w.net.node(pod.node)
  const route = lookupRoute(w.net.podRoutes(pod), pkt.ip.dst)
  const at = { node: pod.node, pod: pod.key, device: 'eth0' }
  const where = `${pod.name} netns`
  if (!node || !route) {
    w.hop('pod-egress', where, `${pod.name} has no route to ${pkt.ip.dst}.`, [], pkt, at)
    return w.finish('unreachable', `${pod.name} has no route to ${pkt.ip.dst}`)
  }
  const routeEntry: DecisionEntry = { table: 'route', pod: pod.key, entry: formatRoute(route) }
  const nextHop = route.via ?? pkt.ip.dst
  const peer = onBridge(w, node, nextHop)
  if (!peer) {
    w.hop(
      'pod-egress',
      where,
      `${nextHop} is on-link ("${formatRoute(route)}"), so ${pod.name} broadcasts ARP who-has ${nextHop} through cni0; nobody answers.${w.env.targetNote ? ` ${w.env.targetNote}` : ''}`,
      [routeEntry],
      pkt,
      at,
    )
    return w.finish('unreachable', `no answer to ARP for ${nextHop}: No route to host`)
  }
  pkt.eth = { src: pod.mac, dst: peer.mac }
  const action = route.via
    ? `Route "${formatRoute(route)}": everything off the pod's /24 goes to the gateway ${nextHop}; ARP gives cni0's MAC ${peer.mac}.`
    : `${nextHop} is on the pod's own /24 ("${formatRoute(route)}"): ARP who-has ${nextHop} goes through cni0 and ${peer.name} answers with ${peer.mac}.`
  w.hop(
    'pod-egress',
    where,
    action,
    [
      routeEntry,
      {
        table: 'neigh',
        pod: pod.key,
        entry: `${nextHop} dev eth0 lladdr ${peer.mac} REACHABLE`,
      },
    ],
    pkt,
    at,
  )
  w.hop(
    'veth',
    `${pod.veth} (cni0 port, ${pod.node})`,
    `The frame crosses the veth pair, from ${pod.name}'s eth0 to its host end ${pod.veth}, and enters the bridge cni0 unchanged.`,
    [
      {
        table: 'link',
        node: pod.node,
        entry: `${pod.veth}@if2: mtu ${pod.mtu} master cni0 state UP (hairpin on)`,
      },
    ],
    pkt,
    { node: pod.node, pod: pod.key, device: pod.veth },
  )
  w.stages.bridgeIn(w, node, pod.veth, pkt)
}

export function bridgeIn(w: Walk, node: NodeNet, inPort: string, pkt: Packet): void {
  const where = `cni0 (${node.name})`
  const at = { node: node.name, device: 'cni0' }
  const dstMac = pkt.eth?.dst
  if (node.cni0 && dstMac === node.cni0.mac) {
    w.hop(
      'bridge',
      where,
      `The destination MAC is cni0's own, so the bridge hands the packet up to ${node.name}'s IP stack.`,
      [
        {
          table: 'fdb',
          node: node.name,
          entry: formatFdb({ mac: dstMac, dev: 'cni0', master: 'cni0', permanent: true }),
        },
      ],
      pkt,
      at,
    )
    return w.stages.hostIn(w, node, 'cni0', pkt)
  }
  const target = w.net.podsOn(node.name).find((p) => p.mac === dstMac)
  if (!target) {
    w.hop(
      'bridge',
      where,
      `No port has learned ${dstMac ?? 'the destination MAC'}; the frame is flooded and nobody takes it.`,
      [],
      pkt,
      at,
    )
    return w.finish('dropped', `no bridge port for ${dstMac ?? 'the frame'}`)
  }
  const entries: DecisionEntry[] = [
    { table: 'fdb', node: node.name, entry: formatFdb(podFdbEntry(target)) },
  ]
  let netfilter = ''
  // br_netfilter: bridged IPv4 passes iptables; flannel's rule 2 or 3 keeps pod-to-pod un-NATed.
  if (w.direction === 'request' && node.podCIDR) {
    const v = flannelPostrouting(node.podCIDR, pkt.ip.src, pkt.ip.dst)
    if (v) {
      entries.push({ table: 'iptables', node: node.name, entry: v.line })
      netfilter = ` With br_netfilter the bridged packet passes iptables: FLANNEL-POSTRTG rule ${v.rule} returns, no NAT.`
    }
  }
  // A reply bridged straight back still meets conntrack (bridge-nf-call-iptables=1), which
  // reverses the DNAT the request got on this node (§4.6, trace (d) step 7).
  if (w.direction === 'reply') {
    const conn = unNat(w, node.name, pkt)
    if (conn) {
      entries.push({ table: 'conntrack', node: node.name, entry: formatConn(conn) })
      netfilter = ` With br_netfilter the bridged reply passes conntrack, which reverses the request's DNAT: it now comes from ${pkt.ip.src}${pkt.l4.srcPort !== undefined ? `:${pkt.l4.srcPort}` : ''}.`
    }
  }
  const hairpin =
    target.veth === inPort
      ? ` It leaves by the port it came in on, which hairpin mode on ${inPort} allows.`
      : ''
  w.hop(
    'bridge',
    where,
    `FDB: ${target.mac} is behind port ${target.veth}, so the frame is bridged there; bridging does not touch the TTL.${hairpin}${netfilter}`,
    entries,
    pkt,
    at,
  )
  w.stages.deliverToPod(w, target, pkt)
}

export function deliverToPod(w: Walk, pod: PodNet, pkt: Packet): void {
  // A packet from the pod to itself never had an Ethernet header: it came through lo.
  const viaLo = !pkt.eth
  const where = viaLo ? `${pod.name} lo` : `${pod.veth} → ${pod.name} eth0`
  const at = { node: pod.node, pod: pod.key, device: viaLo ? 'lo' : 'eth0' }
  const place = { kind: 'pod' as const, pod }
  if (w.direction === 'reply') {
    w.hop(
      'pod-deliver',
      where,
      `The reply reaches the socket in ${pod.name} that sent the request.`,
      [],
      pkt,
      at,
    )
    return w.finish('delivered', `${pod.name} got the reply`, { pkt, place })
  }
  const { proto, dstPort } = pkt.l4
  if (proto === 'icmp') {
    w.hop(
      'pod-deliver',
      where,
      `Delivered: ${pod.name}'s kernel answers the echo request.`,
      [],
      pkt,
      at,
    )
    return w.finish('delivered', `${pod.name} answers ping`, { pkt, place })
  }
  const listener = w.env.podListeners(pod).find((l) => l.proto === proto && l.port === dstPort)
  if (listener) {
    w.hop(
      'pod-deliver',
      where,
      `Delivered: ${listener.process} listens on ${proto}/${dstPort} in ${pod.name}, which sees the client as ${pkt.ip.src}.`,
      [
        {
          table: 'socket',
          pod: pod.key,
          entry: `${proto} LISTEN 0.0.0.0:${dstPort} (${listener.process})`,
        },
      ],
      pkt,
      at,
    )
    return w.finish(
      'delivered',
      `${listener.process} in ${pod.name} accepted ${proto}/${dstPort}`,
      {
        pkt,
        place,
      },
    )
  }
  const answer = proto === 'tcp' ? 'answers with a TCP RST' : 'answers with ICMP port unreachable'
  w.hop(
    'pod-deliver',
    where,
    `Nothing listens on ${proto}/${dstPort} in ${pod.name}: its kernel ${answer}.`,
    [],
    pkt,
    at,
  )
  w.finish('refused', `nothing listens on ${proto}/${dstPort} in ${pod.name}: Connection refused`, {
    pkt,
    place,
  })
}
