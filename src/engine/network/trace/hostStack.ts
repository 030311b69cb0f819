/**
 * A node's IP stack: conntrack (replies meet their NAT binding), kube-proxy's nat hook, routing and
 * TTL, POSTROUTING (kube-proxy's masquerade, then flannel's rules), processes on the host network,
 * and delivery to the node itself (§2.4, §3.7, §4.6–4.7, traces (b)–(h)).
 */
import type { NodeNet } from '../../model/network/interfaces'
import type { Route } from '../../model/network/tables'
import { formatRoute, lookupRoute } from '../../model/network/tables'
import { DEFAULT_TTL, VXLAN_DEVICE } from '../../model/network/constants'
import { flannelPostrouting } from '../../model/network/flannelMasq'
import { nodeListeners } from '../listeners'
import { egress } from './egress'
import type { NatHookResult } from './kubeProxyHook'
import { kubePostroutingHook, kubeProxyHook } from './kubeProxyHook'
import type { DecisionEntry } from './types'
import type { Packet, Walk } from './walk'
import { formatConn, l4Text, masquerade, unNat } from './walk'

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

/**
 * POSTROUTING for a connection's first packet: kube-proxy's KUBE-POSTROUTING (jumped to first)
 * masquerades what KUBE-MARK-MASQ marked; otherwise flannel's FLANNEL-POSTRTG decides.
 */
function postrouting(
  w: Walk,
  node: NodeNet,
  pkt: Packet,
  route: Route,
  entries: DecisionEntry[],
  nat: NatHookResult | undefined,
): string {
  if (w.direction !== 'request') return ''
  const kube = kubePostroutingHook(w, node, nat)
  if (kube.masquerade) {
    entries.push(...kube.entries)
    const change = masquerade(w, node.name, pkt, deviceAddress(node, route.dev))
    return ` POSTROUTING: KUBE-POSTROUTING sees the 0x4000 mark and masquerades it to ${route.dev}'s address: ${change}.`
  }
  if (!node.podCIDR) return ''
  const v = flannelPostrouting(node.podCIDR, pkt.ip.src, pkt.ip.dst)
  if (!v) return ' POSTROUTING: no flannel rule matches; no NAT.'
  entries.push({ table: 'iptables', node: node.name, entry: v.line })
  if (!v.masquerade) return ` POSTROUTING: FLANNEL-POSTRTG rule ${v.rule} returns, so no NAT.`
  const change = masquerade(w, node.name, pkt, deviceAddress(node, route.dev))
  return ` POSTROUTING: FLANNEL-POSTRTG rule ${v.rule} masquerades it to ${route.dev}'s address: ${change}.`
}

/** kube-proxy refused or dropped the packet: one hop says so and the walk ends. */
function stopped(
  w: Walk,
  node: NodeNet,
  where: string,
  text: string,
  nat: NatHookResult,
  pkt: Packet,
): boolean {
  if (!nat.stop) return false
  w.hop('host-route', where, text.trim(), nat.entries, pkt, { node: node.name })
  // REJECT's default --reject-with icmp-port-unreachable: the node answers the sender, its source
  // address chosen as for any packet the node sends there (the spec leaves it open, §8 (h) [U]).
  const reply: Packet | undefined =
    nat.stop.result === 'refused'
      ? {
          ip: { src: '', dst: pkt.ip.src, ttl: DEFAULT_TTL },
          l4: { proto: 'icmp', flags: 'port-unreachable' },
        }
      : undefined
  w.finish(
    nat.stop.result,
    nat.stop.reason,
    reply ? { pkt, place: { kind: 'node', node }, reply } : undefined,
  )
  return true
}

/** A process on the node's host network sends (traces (e), node → ClusterIP). */
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
  const first = lookupRoute(w.net.routes(node.name), pkt.ip.dst)
  if (!first) {
    w.hop('host-output', where, `${node.name} has no route to ${pkt.ip.dst}.`, [], pkt, at)
    return w.finish(
      'unreachable',
      `${node.name} has no route to ${pkt.ip.dst}: Network is unreachable`,
    )
  }
  let action =
    pkt.l4.flags === 'port-unreachable'
      ? `${node.name}'s kernel answers the REJECT: ICMP port unreachable to ${pkt.ip.dst}, quoting the refused packet's header.`
      : `A process on ${node.name} sends to ${pkt.ip.dst} (${l4Text(pkt)}).`
  if (!pkt.ip.src) {
    pkt.ip.src = first.src ?? deviceAddress(node, first.dev)
    action += ` Route "${formatRoute(first)}": source address selection picks ${pkt.ip.src}, ${first.dev}'s address.`
  }
  // nat OUTPUT runs after the first routing decision; a DNAT makes the kernel route again.
  const dst = pkt.ip.dst
  const nat = kubeProxyHook(w, node, pkt, 'OUTPUT')
  action += nat.text
  if (stopped(w, node, where, action, nat, pkt)) return
  const route = pkt.ip.dst === dst ? first : lookupRoute(w.net.routes(node.name), pkt.ip.dst)
  if (!route) {
    w.hop('host-output', where, `${action} No route to ${pkt.ip.dst}.`, nat.entries, pkt, at)
    return w.finish('unreachable', `${node.name} has no route to ${pkt.ip.dst}`)
  }
  const entries: DecisionEntry[] = [
    { table: 'route', node: node.name, entry: formatRoute(route) },
    ...nat.entries,
  ]
  if (route !== first) action += ` Routed again: "${formatRoute(route)}".`
  action += postrouting(w, node, pkt, route, entries, nat)
  delete pkt.eth
  w.hop('host-output', where, action.trim(), entries, pkt, { ...at, device: route.dev })
  egress(w, node, route, pkt)
}

/** A packet enters the node's IP stack from a device: conntrack, kube-proxy, delivery or forwarding. */
export function hostIn(w: Walk, node: NodeNet, dev: string, pkt: Packet): void {
  delete pkt.eth
  const where = `${node.name} IP stack`
  const entries: DecisionEntry[] = []
  let action = ''
  if (w.direction === 'reply') {
    const conn = unNat(w, node.name, pkt)
    if (conn) {
      entries.push({ table: 'conntrack', node: node.name, entry: formatConn(conn) })
      action += `Conntrack knows this reply: it reverses the connection's NAT, so it now reads ${pkt.ip.src} → ${pkt.ip.dst}. `
    }
  }
  const nat = kubeProxyHook(w, node, pkt, 'PREROUTING')
  action += nat.text.trim() ? `${nat.text.trim()} ` : ''
  entries.push(...nat.entries)
  if (stopped(w, node, where, action, nat, pkt)) return
  const local = localDevice(node, pkt.ip.dst)
  if (local) {
    if (entries.length)
      w.hop('host-route', where, action.trim(), entries, pkt, { node: node.name, device: dev })
    return hostDeliver(w, node, local, pkt)
  }
  const route = lookupRoute(w.net.routes(node.name), pkt.ip.dst)
  if (!route) {
    w.hop('host-route', where, `${action}No route to ${pkt.ip.dst}.`, entries, pkt, {
      node: node.name,
    })
    return w.finish('unreachable', `${node.name} has no route to ${pkt.ip.dst}`)
  }
  entries.unshift({ table: 'route', node: node.name, entry: formatRoute(route) })
  pkt.ip.ttl -= 1
  action += `Forwarded by route "${formatRoute(route)}"; TTL ${pkt.ip.ttl + 1} → ${pkt.ip.ttl}.`
  if (pkt.ip.ttl <= 0) {
    w.hop('host-route', where, `${action} The TTL ran out.`, entries, pkt, { node: node.name })
    return w.finish('dropped', 'TTL exceeded')
  }
  action += postrouting(w, node, pkt, route, entries, nat)
  w.hop('host-route', where, action, entries, pkt, { node: node.name, device: route.dev })
  egress(w, node, route, pkt)
}

/** Delivery to the node itself (INPUT): a daemon's socket, or the process that sent the request. */
export function hostDeliver(w: Walk, node: NodeNet, dev: string, pkt: Packet): void {
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
