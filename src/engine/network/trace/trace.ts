/**
 * trace(from, to, port, protocol): the path of a packet and of its reply through the cluster
 * network, as a pure function of the network state. Ports follow the spec's conventions (§8):
 * a pod's ephemeral port 51000 (TCP) or 45001 (UDP), a node's 52000, an outside client's 54321,
 * VXLAN outer source ports 47000 out and 48000 back.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Pod } from '../../model/pod'
import { DEFAULT_TTL } from '../../model/network/constants'
import type { NetworkIndex } from '../NetworkIndex'
import { podListeners } from '../listeners'
import { resolveDestination, resolveSource } from './endpoints'
import type { Destination, Source } from './endpoints'
import { bridgeIn, deliverToPod, sendFromPod } from './podSide'
import { hostIn, sendFromHost, sendFromLanHost } from './hostSide'
import type { L4Header, Trace, TraceProtocol } from './types'
import { TraceError } from './types'
import type { Packet, Place, Stages, TraceEnv } from './walk'
import { Walk } from './walk'

export interface TraceRequest {
  from: string
  to: string
  port?: number
  protocol?: TraceProtocol
  /** Where pod names are looked up (kubectl's -n), for both ends unless one is given its own. */
  namespace?: string
  fromNamespace?: string
  toNamespace?: string
}

const STAGES: Stages = {
  sendFromPod,
  bridgeIn,
  deliverToPod,
  sendFromHost,
  hostIn,
  sendFromLanHost,
}

const OUTER_PORT = { request: 47000, reply: 48000 }

function ephemeralPort(place: Place, proto: TraceProtocol): number | undefined {
  if (proto === 'icmp') return undefined
  if (place.kind === 'lan') return 54321
  if (place.kind === 'node') return proto === 'tcp' ? 52000 : 45001
  return proto === 'tcp' ? 51000 : 45001
}

/** The port and protocol to use: as asked, else the destination pod's first socket, else ping. */
function pickPort(req: TraceRequest, dst: Destination): { protocol: TraceProtocol; port?: number } {
  if (req.protocol === 'icmp') return { protocol: 'icmp' }
  if (req.port !== undefined) return { protocol: req.protocol ?? 'tcp', port: req.port }
  const listeners = dst.pod ? podListeners(dst.pod) : []
  const first =
    listeners.find((l) => (req.protocol ? l.proto === req.protocol : l.proto === 'tcp')) ??
    (req.protocol ? undefined : listeners[0])
  if (first) return { protocol: first.proto, port: first.port }
  if (req.protocol) throw new TraceError(`error: a ${req.protocol} trace needs a port: TO:PORT`)
  return { protocol: 'icmp' }
}

function start(w: Walk, place: Place, pkt: Packet): void {
  if (place.kind === 'pod') sendFromPod(w, place.pod, pkt)
  else if (place.kind === 'node') sendFromHost(w, place.node, pkt)
  else sendFromLanHost(w, place.host, pkt)
}

function firstPacket(src: Source, dstIp: string, protocol: TraceProtocol, port?: number): Packet {
  const l4: L4Header = { proto: protocol }
  const sport = ephemeralPort(src.place, protocol)
  if (sport !== undefined) {
    l4.srcPort = sport
    l4.dstPort = port
  }
  l4.flags = protocol === 'tcp' ? 'SYN' : protocol === 'icmp' ? 'echo-request' : undefined
  if (l4.flags === undefined) delete l4.flags
  // A host process lets source selection choose its address; pods and outside hosts have one.
  const srcIp = src.place.kind === 'node' ? '' : src.peer.ip
  return { ip: { src: srcIp, dst: dstIp, ttl: DEFAULT_TTL }, l4 }
}

function replyPacket(delivered: Packet, refused: boolean): Packet {
  const { l4 } = delivered
  const out: L4Header = { proto: l4.proto }
  if (l4.proto === 'icmp') out.flags = 'echo-reply'
  else if (refused && l4.proto === 'udp') out.proto = 'icmp'
  else {
    out.srcPort = l4.dstPort
    out.dstPort = l4.srcPort
    if (l4.proto === 'tcp') out.flags = refused ? 'RST-ACK' : 'SYN-ACK'
  }
  if (out.proto === 'icmp' && l4.proto === 'udp') out.flags = 'port-unreachable'
  return {
    ip: { src: delivered.ip.dst, dst: delivered.ip.src, ttl: DEFAULT_TTL },
    l4: out,
  }
}

export function trace(net: NetworkIndex, store: ObjectStore, req: TraceRequest): Trace {
  const namespace = req.namespace ?? 'default'
  const src = resolveSource(net, store, req.from, req.fromNamespace ?? namespace)
  const dst = resolveDestination(net, store, req.to, req.toNamespace ?? namespace)
  const { protocol, port } = pickPort(req, dst)
  const env: TraceEnv = {
    net,
    podListeners: (p) => {
      const [ns = 'default', name = ''] = p.key.split('/')
      const pod = store.get<Pod>(`Pod/${ns}/${name}`)
      return pod ? podListeners(pod) : []
    },
    ...(dst.note ? { targetNote: dst.note } : {}),
  }
  const conntrack: never[] = []
  const out = new Walk(env, STAGES, 'request', conntrack, OUTER_PORT.request)
  start(out, src.place, firstPacket(src, dst.ip, protocol, port))
  const result: Trace = {
    result: out.result ?? 'dropped',
    reason: out.reason,
    from: src.peer,
    to: dst.peer,
    protocol,
    ...(port !== undefined ? { port } : {}),
    backend: net.facts.backend,
    hops: out.hops,
    reply: [],
  }
  if ((out.result === 'delivered' || out.result === 'refused') && out.delivered) {
    const back = new Walk(env, STAGES, 'reply', conntrack, OUTER_PORT.reply)
    start(back, out.delivered.place, replyPacket(out.delivered.pkt, out.result === 'refused'))
    result.reply = back.hops
  }
  return result
}
