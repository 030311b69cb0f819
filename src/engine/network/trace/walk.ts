/**
 * One direction of a trace in progress: the packet, the hops so far, the NAT bindings (conntrack)
 * both directions share, and the stages a packet moves through. Stages live in their own modules
 * and reach each other through `Stages`, so none imports another.
 */
import type { LanHost } from '../../model/network/facts'
import type { NodeNet, PodNet } from '../../model/network/interfaces'
import type { NetworkIndex } from '../NetworkIndex'
import type { ProxyIndex } from '../proxy/ProxyIndex'
import type { Listener } from '../listeners'
import type {
  DecisionEntry,
  EthHeader,
  Headers,
  Hop,
  HopKind,
  IpHeader,
  L4Header,
  OuterHeaders,
  RuleListing,
  TraceResult,
} from './types'

export interface Packet {
  eth?: EthHeader
  ip: IpHeader
  l4: L4Header
  outer?: OuterHeaders
  app?: string
}

/** Where a packet ends up when it is delivered: the place that answers. */
export type Place =
  { kind: 'pod'; pod: PodNet } | { kind: 'node'; node: NodeNet } | { kind: 'lan'; host: LanHost }

/** A NAT binding: the connection's original tuple and the tuple its replies carry. */
export interface Conn {
  node: string
  proto: string
  orig: Tuple
  reply: Tuple
}

export interface Tuple {
  src: string
  sport?: number
  dst: string
  dport?: number
}

export interface TraceEnv {
  net: NetworkIndex
  podListeners(pod: PodNet): Listener[]
  /** Why the destination pod does not answer, when it has no network namespace (for ARP failures). */
  targetNote?: string
  /** A random choice among n (kube-proxy's endpoint draw). */
  draw: (n: number) => number
  /** kube-proxy's view of Services and endpoints; without it no Service rule applies. */
  proxy?: ProxyIndex
  /** IPVS round-robin: connections a virtual server on a node scheduled so far, and one more. */
  ipvsRr?: (key: string) => number
  ipvsScheduled?: (key: string) => void
  /** Whether hops carry kube-proxy's rule sets in full (TraceOptions.detail). */
  detail?: boolean
  /** The nodes' session-affinity memory, read and (for a real connection) written. */
  affinity?: SessionAffinity
}

/**
 * What the kernel remembers for sessionAffinity: ClientIP, per node: the `-m recent` lists
 * (iptables: `node list` → sources set there) and IPVS persistence templates (`node virtual
 * server` → client → real server). Entries do not expire here (upstream's timeout is 3 hours).
 */
export interface SessionAffinity {
  recent: Record<string, Record<string, true>>
  persisted: Record<string, Record<string, string>>
}

/** The stages a packet passes through; each adds hops and hands the packet on or ends the walk. */
export interface Stages {
  sendFromPod(w: Walk, pod: PodNet, pkt: Packet): void
  bridgeIn(w: Walk, node: NodeNet, inPort: string, pkt: Packet): void
  deliverToPod(w: Walk, pod: PodNet, pkt: Packet): void
  sendFromHost(w: Walk, node: NodeNet, pkt: Packet): void
  hostIn(w: Walk, node: NodeNet, dev: string, pkt: Packet): void
  sendFromLanHost(w: Walk, host: LanHost, pkt: Packet): void
}

/** Longer than any path in a cluster: more hops than this is a loop. */
const MAX_HOPS = 48

export class Walk {
  readonly hops: Hop[] = []
  result?: TraceResult
  reason = ''
  /** The packet as delivered and where, for building the reply. */
  delivered?: { pkt: Packet; place: Place; reply?: Packet }
  private masqPorts = 0
  /** This connection's NAT binding on each node it was NATed on (request direction). */
  private readonly bindings = new Map<string, Conn>()
  /** The pod that opened the connection (namespace/name), for the hairpin case. */
  originPod?: string
  /** Marks the hops of a DNS lookup that precedes the request. */
  phase?: 'dns'
  /** kube-proxy's rule sets met at a node's nat hook, shown in full on the hop recorded next. */
  pendingRules: RuleListing[] = []

  constructor(
    readonly env: TraceEnv,
    readonly stages: Stages,
    readonly direction: 'request' | 'reply',
    readonly conntrack: Conn[],
    /** The outer UDP source port flannel.1 uses for this direction (a hash of the inner flow). */
    readonly outerSrcPort: number,
  ) {}

  get net(): NetworkIndex {
    return this.env.net
  }

  get done(): boolean {
    return this.result !== undefined
  }

  hop(
    kind: HopKind,
    where: string,
    action: string,
    entries: DecisionEntry[],
    pkt: Packet,
    at: Hop['at'],
  ): void {
    if (this.hops.length >= MAX_HOPS) {
      this.finish('dropped', 'the packet went round in a loop')
      return
    }
    this.hops.push({
      where,
      kind,
      action,
      decidedBy: entries.map((e) => e.entry).join('; '),
      entries,
      headers: snapshotHeaders(pkt),
      at,
      ...(this.phase ? { phase: this.phase } : {}),
      ...(this.pendingRules.length ? { rules: this.pendingRules } : {}),
    })
    this.pendingRules = []
  }

  /** Ends the walk; `delivered.reply` is the answer when it is not the usual one (an ICMP error). */
  finish(
    result: TraceResult,
    reason: string,
    delivered?: { pkt: Packet; place: Place; reply?: Packet },
  ): void {
    if (this.result !== undefined) return
    this.result = result
    this.reason = reason
    if (delivered)
      this.delivered = {
        pkt: clonePacket(delivered.pkt),
        place: delivered.place,
        ...(delivered.reply ? { reply: delivered.reply } : {}),
      }
  }

  /** MASQUERADE --random-fully: a fresh source port (the spec's illustrative 61234, 61235, …). */
  nextMasqPort(): number {
    return 61234 + this.masqPorts++
  }

  /**
   * The connection's conntrack entry on a node, made at its first NAT there: the original tuple,
   * and the tuple replies will carry (updated by each later DNAT or SNAT on the same node).
   */
  binding(node: string, pkt: Packet): Conn {
    let c = this.bindings.get(node)
    if (!c) {
      const orig: Tuple = { src: pkt.ip.src, dst: pkt.ip.dst }
      const reply: Tuple = { src: pkt.ip.dst, dst: pkt.ip.src }
      if (pkt.l4.srcPort !== undefined) {
        orig.sport = pkt.l4.srcPort
        orig.dport = pkt.l4.dstPort
        reply.sport = pkt.l4.dstPort
        reply.dport = pkt.l4.srcPort
      }
      c = { node, proto: pkt.l4.proto, orig, reply }
      this.bindings.set(node, c)
      this.conntrack.push(c)
    }
    return c
  }
}

export function clonePacket(p: Packet): Packet {
  return snapshotHeaders(p)
}

function snapshotHeaders(p: Packet): Headers {
  const h: Headers = {
    ...(p.eth ? { eth: { ...p.eth } } : {}),
    ip: { ...p.ip },
    l4: { ...p.l4 },
  }
  if (p.outer)
    h.outer = {
      ...(p.outer.eth ? { eth: { ...p.outer.eth } } : {}),
      ip: { ...p.outer.ip },
      udp: { ...p.outer.udp },
      vxlan: { ...p.outer.vxlan },
    }
  if (p.app) h.app = p.app
  return h
}

/** `conntrack -L` style, for the entry that decided an un-NAT. */
export function formatConn(c: Conn): string {
  const t = (x: Tuple) =>
    `src=${x.src} dst=${x.dst}${x.sport !== undefined ? ` sport=${x.sport} dport=${x.dport}` : ''}`
  return `${c.proto} ${t(c.orig)} ${t(c.reply)}`
}

/** Source NAT on a node: the new source address (and port); replies will carry it. */
export function masquerade(w: Walk, node: string, pkt: Packet, to: string): string {
  const c = w.binding(node, pkt)
  const before = `${pkt.ip.src}${pkt.l4.srcPort !== undefined ? `:${pkt.l4.srcPort}` : ''}`
  pkt.ip.src = to
  c.reply.dst = to
  if (pkt.l4.srcPort !== undefined) {
    pkt.l4.srcPort = w.nextMasqPort()
    c.reply.dport = pkt.l4.srcPort
  }
  return `${before} → ${to}${pkt.l4.srcPort !== undefined ? `:${pkt.l4.srcPort}` : ''}`
}

/** Destination NAT on a node (kube-proxy's DNAT, IPVS Masq): replies will come from the endpoint. */
export function dnat(w: Walk, node: string, pkt: Packet, ip: string, port: number): void {
  const c = w.binding(node, pkt)
  pkt.ip.dst = ip
  c.reply.src = ip
  if (pkt.l4.dstPort !== undefined) {
    pkt.l4.dstPort = port
    c.reply.sport = port
  }
}

export function l4Text(pkt: Packet): string {
  return pkt.l4.proto === 'icmp' ? 'icmp' : `${pkt.l4.proto}/${pkt.l4.dstPort}`
}

/** A reply meeting its connection's NAT binding on this node: both addresses restored. */
export function unNat(w: Walk, node: string, pkt: Packet): Conn | undefined {
  const c = w.conntrack.find(
    (x) =>
      x.node === node &&
      x.reply.src === pkt.ip.src &&
      x.reply.dst === pkt.ip.dst &&
      (pkt.l4.proto === 'icmp' ||
        (x.reply.sport === pkt.l4.srcPort && x.reply.dport === pkt.l4.dstPort)),
  )
  if (!c) return undefined
  pkt.ip.src = c.orig.dst
  pkt.ip.dst = c.orig.src
  if (pkt.l4.proto !== 'icmp' && c.orig.sport !== undefined) {
    pkt.l4.srcPort = c.orig.dport
    pkt.l4.dstPort = c.orig.sport
  }
  return c
}
