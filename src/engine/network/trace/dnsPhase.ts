/**
 * The DNS lookup before a request to a name (trace (d) part 1): the client's resolver reads its
 * resolv.conf and tries the search-list candidates; the query that decided the outcome is walked
 * hop by hop to the nameserver (through kube-proxy's DNAT to a CoreDNS pod) and its answer back
 * (un-DNATed by conntrack). Every hop is marked phase 'dns'.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Pod } from '../../model/pod'
import type { NetworkIndex } from '../NetworkIndex'
import type { DnsClient, Resolution } from '../dns/resolve'
import { namesTried, resolve } from '../dns/resolve'
import type { DnsRecord } from '../dns/types'
import type { Source } from './endpoints'
import { firstPacket, replyPacket, start } from './packets'
import type { Hop } from './types'
import type { Stages, TraceEnv } from './walk'
import { Walk } from './walk'

export interface DnsPhase {
  hops: Hop[]
  resolution: Resolution
  /** Why no request could be sent (the name did not resolve), as curl would put it. */
  failure?: string
}

function recordText(r: DnsRecord): string {
  const value = r.type === 'A' ? r.address : r.type === 'SRV' ? `${r.port} ${r.target}` : r.target
  return `${r.name} ${r.ttl} IN ${r.type} ${value}`
}

function dnsClient(store: ObjectStore, src: Source): DnsClient {
  if (src.place.kind === 'pod') {
    const [ns = 'default', name = ''] = src.place.pod.key.split('/')
    const pod = store.get<Pod>(`Pod/${ns}/${name}`)
    if (pod) return { kind: 'pod', pod }
  }
  return { kind: 'node', node: src.place.kind === 'node' ? src.place.node.name : src.peer.name }
}

export function dnsPhase(
  net: NetworkIndex,
  store: ObjectStore,
  env: TraceEnv,
  stages: Stages,
  src: Source,
  name: string,
): DnsPhase {
  const res = resolve(net, store, dnsClient(store, src), name, { draw: env.draw })
  const conf = res.resolvConf
  const tried = res.attempts.map((a) => `${a.name} ${a.type} → ${a.result}`).join('; ')
  const decisive = res.attempts[res.attempts.length - 1]
  const hops: Hop[] = []
  const server = decisive?.server ?? conf.nameservers[0] ?? ''
  const question = decisive ? `${decisive.name} ${decisive.type}?` : `${name} A?`
  const query = firstPacket(src, server, 'udp', 53, `DNS query: ${question}`)
  const lookup = new Walk(env, stages, 'request', [], 47000)
  lookup.phase = 'dns'
  const confLines = [
    ...(conf.searches.length ? [`search ${conf.searches.join(' ')}`] : []),
    ...conf.nameservers.map((n) => `nameserver ${n}`),
    ...(conf.options.length ? [`options ${conf.options.join(' ')}`] : []),
  ]
  lookup.hop(
    'dns-lookup',
    `${src.peer.name.replace(/^default\//, '')} resolver`,
    `The resolver reads /etc/resolv.conf and tries, in order: ${tried || 'nothing'}.`,
    confLines.map((entry) => ({ table: 'resolv.conf' as const, entry })),
    query,
    src.place.kind === 'pod'
      ? { node: src.place.pod.node, pod: src.place.pod.key }
      : src.place.kind === 'node'
        ? { node: src.place.node.name }
        : { lan: net.facts.lan.cidr },
  )
  hops.push(...lookup.hops)
  if (decisive) {
    const walk = new Walk(env, stages, 'request', [], 47000)
    walk.phase = 'dns'
    start(walk, src.place, query)
    const last = walk.hops[walk.hops.length - 1]
    if (walk.result === 'delivered' && walk.delivered && last) {
      const answer = decisive.answers.map(recordText).join(', ')
      const said = decisive.result === 'NOERROR' ? answer || 'no records (NODATA)' : decisive.result
      last.kind = 'dns'
      last.action = `${walk.delivered.place.kind === 'pod' ? `CoreDNS in ${walk.delivered.place.pod.name}` : 'The resolver'} answers ${question}: ${said}.`
      hops.push(...walk.hops)
      const back = new Walk(env, stages, 'reply', walk.conntrack, 48000)
      back.phase = 'dns'
      start(
        back,
        walk.delivered.place,
        replyPacket(walk.delivered.pkt, false, `DNS answer: ${said}`),
      )
      hops.push(...back.hops)
    } else hops.push(...walk.hops)
  }
  const phase: DnsPhase = { hops, resolution: res }
  if (!res.answer?.ip)
    phase.failure = `Could not resolve host: ${name} (${res.error ?? 'no address'}; tried ${namesTried(res).join(', ')})`
  return phase
}
