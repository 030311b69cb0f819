/**
 * The resolver on the LAN router (192.168.1.1), the nodes' nameserver and so CoreDNS's upstream: a
 * stand-in for the Internet's DNS. It knows a handful of public names and says NXDOMAIN to
 * everything else, cluster names included. The addresses are RFC 5737 documentation addresses
 * (TEST-NET-3, 203.0.113.0/24), not the names' real ones: the simulation has no Internet.
 */
import type { DnsResponse, QueryType } from './types'

/** A recursive resolver passes on the authority's TTL; one value stands for it. */
const UPSTREAM_TTL = 300

/** The names the upstream knows, by fully qualified name. */
export const UPSTREAM_HOSTS: Readonly<Record<string, string>> = {
  'example.com.': '203.0.113.10',
  'www.example.com.': '203.0.113.10',
  'kubernetes.io.': '203.0.113.20',
  'registry.k8s.io.': '203.0.113.30',
}

/**
 * How the router answers: an A record for a name it knows (NODATA for other types of it), NXDOMAIN
 * for the rest. A recursive resolver's answers are not authoritative (no AA bit).
 */
export function upstreamAnswer(name: string, type: QueryType): DnsResponse {
  const address = UPSTREAM_HOSTS[name]
  if (address === undefined)
    return { rcode: 'NXDOMAIN', authoritative: false, answer: [], additional: [] }
  const answer =
    type === 'A' || type === 'ANY' ? [{ name, type: 'A' as const, ttl: UPSTREAM_TTL, address }] : []
  return { rcode: 'NOERROR', authoritative: false, answer, additional: [] }
}
