/**
 * DNS messages as the simulator carries them: a question, resource records, and a response with its
 * rcode, AA flag and sections. Names are fully qualified and lower case, with the trailing dot
 * (`web.default.svc.cluster.local.`), as they travel on the wire.
 */

/** The query types BusyBox's nslookup can ask for (networking/nslookup.c `qtypes`). */
export const QUERY_TYPES = [
  'SOA',
  'NS',
  'A',
  'AAAA',
  'CNAME',
  'MX',
  'TXT',
  'SRV',
  'PTR',
  'ANY',
] as const
export type QueryType = (typeof QUERY_TYPES)[number]

/** The rcodes this simulation produces (RFC 1035 §4.1.1). */
export type Rcode = 'NOERROR' | 'SERVFAIL' | 'NXDOMAIN'

export type DnsRecord =
  | { name: string; type: 'A'; ttl: number; address: string }
  | { name: string; type: 'CNAME'; ttl: number; target: string }
  | { name: string; type: 'PTR'; ttl: number; target: string }
  | {
      name: string
      type: 'SRV'
      ttl: number
      priority: number
      weight: number
      port: number
      target: string
    }

export interface DnsResponse {
  rcode: Rcode
  /** The AA bit: CoreDNS's kubernetes plugin sets it; a recursive upstream does not. */
  authoritative: boolean
  answer: DnsRecord[]
  /** The additional section (the A records of SRV targets). */
  additional: DnsRecord[]
  /** Set when CoreDNS did not know the zone and asked its upstream (`forward . /etc/resolv.conf`). */
  forwarded?: { server: string; rcode: Rcode }
}

/** What became of one query sent to one server. */
export type QueryOutcome =
  | { kind: 'answer'; response: DnsResponse }
  /** An ICMP port unreachable came back (kube-proxy's REJECT, or nothing bound to port 53). */
  | { kind: 'refused' }
  /** No reply at all: the client's timer runs out (5 s per try in glibc and BusyBox). */
  | { kind: 'timeout' }

/** Sends one query to one server address: how the network and the server answer it. */
export type Transport = (server: string, name: string, type: QueryType) => QueryOutcome

/**
 * A random integer in [0, n), for CoreDNS's `loadbalance` shuffle; supplied by the caller (the
 * engine's seeded RNG, or a fixed draw in a trace), since the engine has no ambient randomness.
 */
export type Draw = (n: number) => number

/** `web.default` → `web.default.`, lower case (DNS names compare case-insensitively). */
export function fqdn(name: string): string {
  const lower = name.toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}

/** How tools print a name: without the root dot. */
export function withoutDot(name: string): string {
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name
}

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa.` */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`
}

/** `10.0.96.10.in-addr.arpa.` → `10.96.0.10`; undefined unless the name is a full IPv4 reverse name. */
export function addressFromReverse(name: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa\.$/.exec(name)
  if (!m) return undefined
  const parts = m.slice(1, 5).reverse()
  return parts.every(isOctet) ? parts.join('.') : undefined
}

/** One decimal octet as Go's net.ParseIP accepts it: 0–255, no leading zero. */
export function isOctet(text: string): boolean {
  return /^(0|[1-9]\d{0,2})$/.test(text) && Number(text) <= 255
}
