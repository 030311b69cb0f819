/**
 * CoreDNS's `loadbalance` plugin (plugin/loadbalance/loadbalance.go, round_robin policy): in a
 * NOERROR reply, the A and AAAA records of each section are shuffled; CNAMEs stay first. Where
 * upstream draws `dns.Id()`, the caller's draw is used.
 */
import type { DnsRecord, DnsResponse, Draw } from './types'

/** roundRobinShuffle: swap a pair on an even draw; for more, a Fisher–Yates pass. */
function roundRobinShuffle(records: DnsRecord[], draw: Draw): void {
  const l = records.length
  if (l < 2) return
  const swap = (i: number, j: number): void => {
    const a = records[i] as DnsRecord
    records[i] = records[j] as DnsRecord
    records[j] = a
  }
  if (l === 2) {
    if (draw(2) === 0) swap(0, 1)
    return
  }
  for (let j = 0; j < l; j++) {
    const p = j + draw(l - j)
    if (p !== j) swap(j, p)
  }
}

/** roundRobin: addresses shuffled among themselves, after the CNAMEs and any other records. */
function roundRobin(records: readonly DnsRecord[], draw: Draw): DnsRecord[] {
  const cname = records.filter((r) => r.type === 'CNAME')
  const address = records.filter((r) => r.type === 'A')
  const rest = records.filter((r) => r.type !== 'CNAME' && r.type !== 'A')
  roundRobinShuffle(address, draw)
  return [...cname, ...rest, ...address]
}

/** LoadBalanceResponseWriter.WriteMsg: only successful replies are shuffled. */
export function shuffleResponse(response: DnsResponse, draw: Draw): DnsResponse {
  if (response.rcode !== 'NOERROR') return response
  return {
    ...response,
    answer: roundRobin(response.answer, draw),
    additional: roundRobin(response.additional, draw),
  }
}
