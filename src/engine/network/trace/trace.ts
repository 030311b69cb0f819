/**
 * trace(from, to, port, protocol): the path of a packet and of its reply through the cluster
 * network, as a pure function of the network state (its random choices come from `draw`). A name
 * is resolved first, and the DNS query and answer are hops too (phase 'dns'). Ports follow the
 * spec's conventions (§8): see packets.ts.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Pod } from '../../model/pod'
import type { Service } from '../../model/service'
import type { NetworkIndex } from '../NetworkIndex'
import { podListeners } from '../listeners'
import type { ProxyIndex } from '../proxy/ProxyIndex'
import { dnsPhase } from './dnsPhase'
import type { DnsPhase } from './dnsPhase'
import { resolveDestination, resolveSource, serviceWithIP } from './endpoints'
import type { Destination } from './endpoints'
import { bridgeIn, deliverToPod, sendFromPod } from './podSide'
import { hostIn, sendFromHost } from './hostStack'
import { sendFromLanHost } from './egress'
import { firstPacket, replyPacket, start } from './packets'
import { whyNoEndpoints } from './whyNoEndpoints'
import type { Trace, TraceProtocol } from './types'
import { TraceError } from './types'
import type { SessionAffinity, Stages, TraceEnv } from './walk'
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

/** What the trace needs besides the network: kube-proxy, and how to make random choices. */
export interface TraceOptions {
  /** A random integer in [0, n): kube-proxy's endpoint draws, CoreDNS's shuffle. First by default. */
  draw?: (n: number) => number
  proxy?: ProxyIndex
  ipvsRr?: (key: string) => number
  ipvsScheduled?: (key: string) => void
  /**
   * For a person reading the trace: the chains or IPVS entry each hop met, whole, and why a Service
   * has no endpoints. Traffic mode, which only counts outcomes, does without (both cost O(endpoints)).
   */
  detail?: boolean
  /** Session-affinity memory: consulted, and written when the connection is set up. */
  affinity?: SessionAffinity
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

/**
 * The port and protocol: as asked; else a Service's first port, the destination pod's first
 * socket, or (for anything else) ping.
 */
function pickPort(
  req: TraceRequest,
  dst: Destination,
  service: Service | undefined,
): { protocol: TraceProtocol; port?: number } {
  if (req.protocol === 'icmp') return { protocol: 'icmp' }
  if (req.port !== undefined) return { protocol: req.protocol ?? 'tcp', port: req.port }
  const sp = service?.spec.ports.find(
    (p) => !req.protocol || p.protocol.toLowerCase() === req.protocol,
  )
  if (sp && sp.protocol !== 'SCTP')
    return { protocol: sp.protocol.toLowerCase() as TraceProtocol, port: sp.port }
  const listeners = dst.pod ? podListeners(dst.pod) : []
  const first =
    listeners.find((l) => (req.protocol ? l.proto === req.protocol : l.proto === 'tcp')) ??
    (req.protocol ? undefined : listeners[0])
  if (first) return { protocol: first.proto, port: first.port }
  if (req.protocol) throw new TraceError(`error: a ${req.protocol} trace needs a port: TO:PORT`)
  // A name that led nowhere known: what curl would try, HTTP.
  if (dst.dnsName) return { protocol: 'tcp', port: 80 }
  return { protocol: 'icmp' }
}

function dnsSummary(phase: DnsPhase): NonNullable<Trace['dns']> {
  const r = phase.resolution
  return {
    query: r.query,
    attempts: r.attempts.map((a) => ({ name: a.name, result: a.result })),
    ...(r.answer?.ip ? { answer: r.answer.ip } : {}),
  }
}

export function trace(
  net: NetworkIndex,
  store: ObjectStore,
  req: TraceRequest,
  options: TraceOptions = {},
): Trace {
  const namespace = req.namespace ?? 'default'
  const src = resolveSource(net, store, req.from, req.fromNamespace ?? namespace)
  const dst = resolveDestination(net, store, req.to, req.toNamespace ?? namespace)
  const env: TraceEnv = {
    net,
    podListeners: (p) => {
      const [ns = 'default', name = ''] = p.key.split('/')
      const pod = store.get<Pod>(`Pod/${ns}/${name}`)
      return pod ? podListeners(pod) : []
    },
    ...(dst.note ? { targetNote: dst.note } : {}),
    draw: options.draw ?? (() => 0),
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.ipvsRr ? { ipvsRr: options.ipvsRr } : {}),
    ...(options.ipvsScheduled ? { ipvsScheduled: options.ipvsScheduled } : {}),
    detail: options.detail ?? false,
    ...(options.affinity ? { affinity: options.affinity } : {}),
  }
  const dns = dst.dnsName ? dnsPhase(net, store, env, STAGES, src, dst.dnsName) : undefined
  const ip = dns ? (dns.resolution.answer?.ip ?? '') : dst.ip
  const service = dst.service ?? (ip ? serviceWithIP(store, ip) : undefined)
  const owner = ip ? net.owner(ip) : undefined
  const pod =
    dst.pod ?? (owner?.kind === 'pod' ? store.get<Pod>(`Pod/${owner.pod.key}`) : undefined)
  const { protocol, port } = pickPort(req, pod ? { ...dst, pod } : dst, service)
  const to = dns ? { ...dst.peer, ip } : dst.peer
  const base = {
    from: src.peer,
    to,
    protocol,
    ...(port !== undefined ? { port } : {}),
    backend: net.facts.backend,
    ...(dns ? { dns: dnsSummary(dns) } : {}),
  }
  const dnsHops = dns?.hops ?? []
  if (dns?.failure)
    return { result: 'unresolved', reason: dns.failure, ...base, hops: dnsHops, reply: [] }
  const conntrack: never[] = []
  const out = new Walk(env, STAGES, 'request', conntrack, OUTER_PORT.request)
  start(out, src.place, firstPacket(src, ip, protocol, port))
  const result: Trace = {
    result: out.result ?? 'dropped',
    reason:
      out.result === 'refused' && service && options.detail
        ? out.reason.replace('has no endpoints', (m) => `${m} (${whyNoEndpoints(store, service)})`)
        : out.reason,
    ...base,
    hops: [...dnsHops, ...out.hops],
    reply: [],
  }
  if ((out.result === 'delivered' || out.result === 'refused') && out.delivered) {
    const back = new Walk(env, STAGES, 'reply', conntrack, OUTER_PORT.reply)
    start(
      back,
      out.delivered.place,
      out.delivered.reply ?? replyPacket(out.delivered.pkt, out.result === 'refused'),
    )
    result.reply = back.hops
  }
  return result
}
