/**
 * The C library's stub resolver (glibc resolv/res_query.c __res_context_search, res_send.c), as
 * resolv.conf(5) describes it: which names it tries in which order, which server it asks, and when
 * it gives up. It asks for one type; glibc's getaddrinfo also sends the AAAA query beside each A.
 */
import type { ResolvConf } from './resolvConf'
import { ndotsOf } from './resolvConf'
import type { DnsRecord, DnsResponse, QueryType, Rcode, Transport } from './types'
import { fqdn } from './types'

/** One query on the wire and what came of it. */
export interface DnsAttempt {
  /** The name asked, fully qualified (`web.default.svc.cluster.local.`). */
  name: string
  type: QueryType
  /** The nameserver it was sent to (from resolv.conf). */
  server: string
  /** The reply's rcode, or what happened when none came. */
  result: Rcode | 'refused' | 'timeout'
  /** The reply's answer section (empty for NXDOMAIN and NODATA). */
  answers: DnsRecord[]
  response?: DnsResponse
}

/** Why a lookup failed, in the resolver's terms (h_errno): no such name, no record of the type, … */
export type ResolveError = 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'TIMEOUT' | 'REFUSED'

export interface StubResult {
  attempts: DnsAttempt[]
  answer?: {
    /** The candidate that answered. */
    name: string
    /** The addresses of its A records, in the order the server gave them. */
    addresses: string[]
    /** The first address: what a program connects to. */
    ip?: string
    /** The lowest TTL in the answer. */
    ttl: number
    records: DnsRecord[]
  }
  error?: ResolveError
}

/**
 * The names tried, in order: with a trailing dot only the name itself; with at least `ndots` dots
 * the name first, then with each search domain; with fewer, the search domains first and the bare
 * name last (glibc tries it unless `no-tld-query`).
 */
export function searchCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [fqdn(name)]
  const dots = name.split('.').length - 1
  const searched = conf.searches.map((domain) => fqdn(`${name}.${domain}`))
  return dots >= ndotsOf(conf) ? [fqdn(name), ...searched] : [...searched, fqdn(name)]
}

/**
 * res_send: the servers in order; one that does not answer (timeout) or refuses (ICMP port
 * unreachable) passes the query to the next. glibc's retries (`attempts:2`) are not repeated here.
 */
function send(
  conf: ResolvConf,
  transport: Transport,
  name: string,
  type: QueryType,
  attempts: DnsAttempt[],
): DnsResponse | 'TIMEOUT' | 'REFUSED' {
  // With no nameserver line, the resolver asks the local host (resolv.conf(5)).
  const servers = conf.nameservers.length > 0 ? conf.nameservers : ['127.0.0.1']
  let timedOut = false
  for (const server of servers) {
    const outcome = transport(server, name, type)
    if (outcome.kind === 'answer') {
      const { response } = outcome
      attempts.push({
        name,
        type,
        server,
        result: response.rcode,
        answers: response.answer,
        response,
      })
      return response
    }
    attempts.push({ name, type, server, result: outcome.kind, answers: [] })
    if (outcome.kind === 'timeout') timedOut = true
  }
  return timedOut ? 'TIMEOUT' : 'REFUSED'
}

/**
 * __res_context_search: each candidate in turn until one has records of the type asked. NXDOMAIN,
 * NODATA and SERVFAIL move on to the next; no reply at all ends the search. When every candidate
 * failed, NODATA wins over SERVFAIL, which wins over NXDOMAIN (the h_errno glibc reports).
 */
export function stubResolve(
  conf: ResolvConf,
  transport: Transport,
  name: string,
  type: QueryType,
): StubResult {
  const attempts: DnsAttempt[] = []
  let nodata = false
  let servfail = false
  for (const candidate of searchCandidates(name, conf)) {
    const response = send(conf, transport, candidate, type, attempts)
    if (response === 'TIMEOUT' || response === 'REFUSED') return { attempts, error: response }
    if (response.rcode === 'SERVFAIL') servfail = true
    if (response.rcode !== 'NOERROR') continue
    const wanted = response.answer.filter((r) => r.type === type)
    if (wanted.length === 0) {
      nodata = true
      continue
    }
    const addresses = wanted.flatMap((r) => (r.type === 'A' ? [r.address] : []))
    return {
      attempts,
      answer: {
        name: candidate,
        addresses,
        ...(addresses[0] !== undefined ? { ip: addresses[0] } : {}),
        ttl: Math.min(...response.answer.map((r) => r.ttl)),
        records: response.answer,
      },
    }
  }
  return { attempts, error: nodata ? 'NODATA' : servfail ? 'SERVFAIL' : 'NXDOMAIN' }
}
