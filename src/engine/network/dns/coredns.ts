/**
 * A CoreDNS server running kubeadm's Corefile (§6.1): the kubernetes plugin answers
 * `cluster.local` and the reverse zones it knows (plugin/backend_lookup.go A/AAAA/SRV/PTR,
 * plugin/kubernetes/handler.go ServeDNS), everything else goes to `forward . /etc/resolv.conf`,
 * `cache 30` caps the TTLs it hands out, and `loadbalance` shuffles the address records.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import { isIPv4 } from '../../model/ipv4'
import type { BackendEntry } from './kubernetesPlugin'
import {
  KUBERNETES_TTL,
  inClusterZone,
  kubernetesRecords,
  reverseRecords,
} from './kubernetesPlugin'
import { shuffleResponse } from './loadbalance'
import type { DnsRecord, DnsResponse, Draw, QueryType, Transport } from './types'
import { addressFromReverse } from './types'

/** `cache 30`: no reply leaves with a TTL above 30 s (plugin/cache ResponseWriter.WriteMsg). */
const CACHE_MAX_TTL = 30
/** backend_lookup.go gives up following CNAMEs after this many. */
const MAX_CNAME_CHAIN = 8

export interface CorednsEnv {
  store: ObjectStore
  /** Where `forward . /etc/resolv.conf` sends: the pod's nameserver (dnsPolicy Default). */
  upstream: string
  transport: Transport
  draw?: Draw
}

interface Lookup {
  env: CorednsEnv
  /** Set when a query left for the upstream, for the trace to show that hop. */
  forwarded?: DnsResponse['forwarded']
}

/** forward: ask the upstream; no reply from it is SERVFAIL. */
function forward(l: Lookup, name: string, type: QueryType): DnsResponse {
  const { upstream, transport } = l.env
  const outcome = transport(upstream, name, type)
  const response: DnsResponse =
    outcome.kind === 'answer'
      ? outcome.response
      : { rcode: 'SERVFAIL', authoritative: false, answer: [], additional: [] }
  l.forwarded = { server: upstream, rcode: response.rcode }
  return response
}

/** plugin.A / plugin.AAAA: addresses for the name, following in-zone CNAMEs and asking upstream for others. */
function addressRecords(
  l: Lookup,
  name: string,
  type: 'A' | 'AAAA',
  chain: number,
): DnsRecord[] | 'NXDOMAIN' {
  const entries = kubernetesRecords(l.env.store, name)
  if (entries === 'NXDOMAIN') return entries
  const records: DnsRecord[] = []
  const seen = new Set<string>()
  for (const e of entries) {
    if (isIPv4(e.host)) {
      if (type === 'A' && !seen.has(e.host)) {
        seen.add(e.host)
        records.push({ name, type: 'A', ttl: KUBERNETES_TTL, address: e.host })
      }
      continue
    }
    // A CNAME to itself is a loop, and long chains are cut.
    if (e.host === name || chain >= MAX_CNAME_CHAIN) continue
    const cname: DnsRecord = { name, type: 'CNAME', ttl: KUBERNETES_TTL, target: e.host }
    if (inClusterZone(e.host)) {
      const next = addressRecords(l, e.host, type, chain + 1)
      if (next !== 'NXDOMAIN' && next.length > 0) records.push(cname, ...next)
    } else {
      const upstream = forward(l, e.host, type)
      if (upstream.rcode !== 'SERVFAIL') records.push(cname, ...upstream.answer)
    }
  }
  return records
}

/**
 * plugin.SRV: one SRV per entry, priority 0, weight floor(100/n) (at least 1) computed the way
 * backend_lookup.go does, the port, and the entry's own name as target; its address goes into the
 * additional section.
 */
function srvRecords(
  entries: BackendEntry[],
  name: string,
): { answer: DnsRecord[]; extra: DnsRecord[] } {
  const answer: DnsRecord[] = []
  const extra: DnsRecord[] = []
  const seen = new Set<string>()
  const addresses = entries.filter((e) => isIPv4(e.host))
  const total = 100 * addresses.length
  const weight = Math.max(1, Math.floor((100 / total) * 100))
  for (const e of addresses) {
    if (e.port === -1) continue
    const srvKey = `${e.owner}|${e.port}`
    if (!seen.has(srvKey)) {
      seen.add(srvKey)
      answer.push({
        name,
        type: 'SRV',
        ttl: KUBERNETES_TTL,
        priority: 0,
        weight,
        port: e.port,
        target: e.owner,
      })
    }
    const addrKey = `${e.owner}|${e.host}`
    if (!seen.has(addrKey)) {
      seen.add(addrKey)
      extra.push({ name: e.owner, type: 'A', ttl: KUBERNETES_TTL, address: e.host })
    }
  }
  return { answer, extra }
}

const authoritative = (answer: DnsRecord[], additional: DnsRecord[] = []): DnsResponse => ({
  rcode: 'NOERROR',
  authoritative: true,
  answer,
  additional,
})
const NAME_ERROR: DnsResponse = {
  rcode: 'NXDOMAIN',
  authoritative: true,
  answer: [],
  additional: [],
}

/** handler.go ServeDNS for a name in cluster.local: NXDOMAIN on a name error, NODATA when empty. */
function serveClusterZone(l: Lookup, name: string, type: QueryType): DnsResponse {
  switch (type) {
    case 'A':
    case 'AAAA': {
      const records = addressRecords(l, name, type, 0)
      return records === 'NXDOMAIN' ? NAME_ERROR : authoritative(records)
    }
    case 'SRV': {
      const entries = kubernetesRecords(l.env.store, name)
      if (entries === 'NXDOMAIN') return NAME_ERROR
      const { answer, extra } = srvRecords(entries, name)
      return authoritative(answer, extra)
    }
    case 'CNAME': {
      const entries = kubernetesRecords(l.env.store, name)
      if (entries === 'NXDOMAIN') return NAME_ERROR
      const first = entries[0]
      return authoritative(
        first && !isIPv4(first.host)
          ? [{ name, type: 'CNAME', ttl: KUBERNETES_TTL, target: first.host }]
          : [],
      )
    }
    default:
      // Other types: a fake A lookup tells NODATA from NXDOMAIN.
      return addressRecords(l, name, 'A', 0) === 'NXDOMAIN' ? NAME_ERROR : authoritative([])
  }
}

/**
 * reverse.go: a PTR for a Service's ClusterIP or a ready endpoint's address; anything else falls
 * through (`fallthrough in-addr.arpa ip6.arpa`) to forward.
 */
function serveReverse(l: Lookup, name: string, type: QueryType): DnsResponse {
  const ip = addressFromReverse(name)
  const targets = type === 'PTR' && ip ? reverseRecords(l.env.store, ip) : []
  if (targets.length === 0) return forward(l, name, type)
  return authoritative(
    [...new Set(targets)].map((target) => ({ name, type: 'PTR', ttl: KUBERNETES_TTL, target })),
  )
}

/** cache 30: the reply's TTLs are capped at 30 s. */
function capTtl(records: DnsRecord[]): DnsRecord[] {
  return records.map((r) => (r.ttl > CACHE_MAX_TTL ? { ...r, ttl: CACHE_MAX_TTL } : r))
}

/** How CoreDNS (kubeadm's Corefile) answers a query; `name` is fully qualified and lower case. */
export function corednsAnswer(env: CorednsEnv, name: string, type: QueryType): DnsResponse {
  const l: Lookup = { env }
  let response: DnsResponse
  if (inClusterZone(name)) response = serveClusterZone(l, name, type)
  else if (name.endsWith('.in-addr.arpa.') || name.endsWith('.ip6.arpa.'))
    response = serveReverse(l, name, type)
  else response = forward(l, name, type)
  response = {
    ...response,
    answer: capTtl(response.answer),
    additional: capTtl(response.additional),
    ...(l.forwarded ? { forwarded: l.forwarded } : {}),
  }
  return env.draw ? shuffleResponse(response, env.draw) : response
}
