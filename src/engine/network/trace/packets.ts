/**
 * The packets a trace sends: a connection's first packet from its source (with the spec's
 * illustrative ephemeral ports, §8), the reply the destination sends back, and where each starts.
 */
import { DEFAULT_TTL } from '../../model/network/constants'
import type { Source } from './endpoints'
import { sendFromLanHost } from './egress'
import { sendFromHost } from './hostStack'
import { sendFromPod } from './podSide'
import type { L4Header, TraceProtocol } from './types'
import type { Packet, Place, Walk } from './walk'

/** A pod's ephemeral port is 51000 (TCP) or 45001 (UDP), a node's 52000, an outside client's 54321. */
function ephemeralPort(place: Place, proto: TraceProtocol): number | undefined {
  if (proto === 'icmp') return undefined
  if (place.kind === 'lan') return 54321
  if (place.kind === 'node') return proto === 'tcp' ? 52000 : 45001
  return proto === 'tcp' ? 51000 : 45001
}

/** Starts a walk at a place: a pod's netns, a node's host network, a host on the LAN. */
export function start(w: Walk, place: Place, pkt: Packet): void {
  if (place.kind === 'pod') {
    w.originPod ??= place.pod.key
    sendFromPod(w, place.pod, pkt)
  } else if (place.kind === 'node') sendFromHost(w, place.node, pkt)
  else sendFromLanHost(w, place.host, pkt)
}

export function firstPacket(
  src: Source,
  dstIp: string,
  protocol: TraceProtocol,
  port?: number,
  app?: string,
): Packet {
  const l4: L4Header = { proto: protocol }
  const sport = ephemeralPort(src.place, protocol)
  if (sport !== undefined) {
    l4.srcPort = sport
    l4.dstPort = port
  }
  if (protocol === 'tcp') l4.flags = 'SYN'
  if (protocol === 'icmp') l4.flags = 'echo-request'
  // A host process lets source selection choose its address; pods and outside hosts have one.
  const srcIp = src.place.kind === 'node' ? '' : src.peer.ip
  return { ip: { src: srcIp, dst: dstIp, ttl: DEFAULT_TTL }, l4, ...(app ? { app } : {}) }
}

/** What the destination sends back: SYN-ACK, RST-ACK, an echo reply or ICMP port unreachable. */
export function replyPacket(delivered: Packet, refused: boolean, app?: string): Packet {
  const { l4 } = delivered
  const out: L4Header = { proto: l4.proto }
  if (l4.proto === 'icmp') out.flags = 'echo-reply'
  else if (refused && l4.proto === 'udp') {
    out.proto = 'icmp'
    out.flags = 'port-unreachable'
  } else {
    out.srcPort = l4.dstPort
    out.dstPort = l4.srcPort
    if (l4.proto === 'tcp') out.flags = refused ? 'RST-ACK' : 'SYN-ACK'
  }
  return {
    ip: { src: delivered.ip.dst, dst: delivered.ip.src, ttl: DEFAULT_TTL },
    l4: out,
    ...(app ? { app } : {}),
  }
}
