/**
 * BusyBox 1.36's nslookup (networking/nslookup.c, FEATURE_NSLOOKUP_BIG: its own resolver, not
 * libc's). It sends every query at once and prints each reply as it comes; here replies come in
 * the order sent (on a real network the order varies). A name with no dot gets one query per
 * search domain (add_query_with_search) and is never tried bare; a name with a dot is sent as it
 * is, without the search list and without ndots; an IP address becomes a PTR query.
 */
import { isIPv4 } from '../../model/ipv4'
import type { ToolResult } from '../shell/output'
import type { ResolvConf } from './resolvConf'
import type { DnsRecord, QueryType, Transport } from './types'
import { QUERY_TYPES, reverseName, withoutDot } from './types'

const USAGE = [
  'Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]',
  '',
  'Query DNS about HOST',
  '',
  'QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any',
].join('\n')

/** The options nslookup_main accepts (index_in_substrings: whole words only). */
const OPTIONS = ['type', 'querytype', 'port', 'retry', 'debug', 't', 'timeout']

/** The default retry count: each round resends and may meet another ICMP error. */
const DEFAULT_RETRY = 2

interface Query {
  /** As printed in `** server can't find NAME`. */
  name: string
  type: QueryType
}

function usage(): ToolResult {
  return { stdout: '', stderr: USAGE, code: 1 }
}

/** parse_reply: one line (or two, for addresses) per answer record; names without the root dot. */
function recordLines(r: DnsRecord): string[] {
  const name = withoutDot(r.name)
  switch (r.type) {
    case 'A':
      return [`Name:\t${name}`, `Address: ${r.address}`]
    case 'CNAME':
      return [`${name}\tcanonical name = ${withoutDot(r.target)}`]
    case 'PTR':
      return [`${name}\tname = ${withoutDot(r.target)}`]
    case 'SRV':
      return [`${name}\tservice = ${r.priority} ${r.weight} ${r.port} ${withoutDot(r.target)}`]
  }
}

/**
 * nslookup_main: without -type, an address is a PTR query for its reverse name and anything else
 * an A and an AAAA query; add_query_with_search gives a name without a dot one query per search
 * domain.
 */
function queriesFor(host: string, types: QueryType[], search: readonly string[]): Query[] {
  if (types.length === 0) {
    if (isIPv4(host)) return [{ name: reverseName(host).slice(0, -1), type: 'PTR' }]
    types = ['A', 'AAAA']
  }
  return types.flatMap((type) => {
    if (type === 'PTR' || search.length === 0 || host.includes('.')) return [{ name: host, type }]
    return search.map((domain) => ({ name: `${host}.${domain}`, type }))
  })
}

/**
 * Runs `nslookup [-type=T] HOST [SERVER]` with the pod's resolv.conf; every query goes through the
 * transport (the simulated network and servers).
 */
export function nslookup(
  args: readonly string[],
  conf: ResolvConf,
  transport: Transport,
): ToolResult {
  const rest = [...args]
  const types: QueryType[] = []
  let port = 53
  while (rest[0]?.startsWith('-')) {
    const word = (rest.shift() as string).slice(1)
    const eq = word.indexOf('=')
    const [opt, val] = eq === -1 ? [word, ''] : [word.slice(0, eq), word.slice(eq + 1)]
    if (!OPTIONS.includes(opt)) return usage()
    if (opt === 'type' || opt === 'querytype') {
      const type = QUERY_TYPES.find((t) => t === val.toUpperCase())
      if (!type) return { stdout: '', stderr: `nslookup: invalid query type "${val}"`, code: 1 }
      if (!types.includes(type)) types.push(type)
    } else if (opt === 'port') port = Number(val)
  }
  const [host, server, extra] = rest
  if (host === undefined || extra !== undefined) return usage()
  // A server on the command line replaces resolv.conf, search list included (parse_resolvconf is
  // not called then).
  const servers = server !== undefined ? [server] : conf.nameservers
  const search = server !== undefined ? [] : conf.searches
  if (server !== undefined && !isIPv4(server))
    return { stdout: '', stderr: `nslookup: bad address '${server}'`, code: 1 }
  const queries = QUERY_TYPES.filter((t) => types.includes(t))
  const wanted = queriesFor(host, queries, search)
  const out: string[] = []
  const err: string[] = []
  for (const ns of servers.length > 0 ? servers : ['127.0.0.1']) {
    // Nothing listens on another port; each simulated server answers every query or none.
    const replies = wanted.map((q) =>
      port === 53 ? transport(ns, q.name, q.type) : { kind: 'refused' as const },
    )
    const responses = replies.flatMap((o) => (o.kind === 'answer' ? [o.response] : []))
    if (responses.length === 0) {
      // A connected UDP socket reports an ICMP error on read: once per round of sends.
      if (replies.some((o) => o.kind === 'refused'))
        for (let i = 0; i < DEFAULT_RETRY; i++) err.push('nslookup: read: Connection refused')
      continue
    }
    out.push(`Server:\t\t${ns}`, `Address:\t${ns}:${port}`, '')
    let code = 0
    responses.forEach((response, i) => {
      if (response.rcode !== 'NOERROR') {
        out.push(`** server can't find ${wanted[i]?.name ?? ''}: ${response.rcode}`)
        code = 1
      } else {
        if (!response.authoritative) out.push('Non-authoritative answer:')
        out.push(...response.answer.flatMap(recordLines))
      }
      // A NODATA reply shows as this empty line alone.
      out.push('')
    })
    return { stdout: out.join('\n'), stderr: err.join('\n'), code }
  }
  out.push(';; connection timed out; no servers could be reached', '')
  return { stdout: out.join('\n'), stderr: err.join('\n'), code: 1 }
}
