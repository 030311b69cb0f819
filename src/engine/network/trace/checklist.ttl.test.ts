/**
 * Networking spec §9 item 15 (§7): the TTL drops by one at each routing step in a host network
 * namespace and never at a bridge (veth, cni0), nor at VXLAN encapsulation or the LAN switch.
 * Checked hop by hop on the fixture's paths, in both directions, under both flannel backends.
 */
import { describe, expect, it } from 'vitest'
import type { FlannelBackend } from '../../model/network/facts'
import { setFlannelBackend } from '../flannel'
import { buildCore, traceOn } from '../testClusters'
import type { Hop } from './types'

/** A hop where a host netns forwarded the packet by a route (not a local delivery). */
const forwards = (h: Hop) => h.kind === 'host-route' && h.entries.some((e) => e.table === 'route')

/** The TTL along the hops, checked step by step; returns how many times it dropped. */
function checkTtl(hops: readonly Hop[], label: string): number {
  let drops = 0
  hops.forEach((hop, i) => {
    const before = i === 0 ? 64 : (hops[i - 1] as Hop).headers.ip.ttl
    const expected = forwards(hop) ? before - 1 : before
    if (forwards(hop)) drops++
    expect(hop.headers.ip.ttl, `${label}: hop ${i} ${hop.kind} at ${hop.where}`).toBe(expected)
  })
  return drops
}

/** [from, to, routing steps on the way there, on the way back]. */
const PATHS: readonly [string, string, number, number][] = [
  ['client', 'cache', 0, 0],
  ['client', 'web-1', 2, 2],
  ['web-2', 'client', 2, 2],
  ['web-1', 'web-2', 2, 2],
  ['node1', 'web-1', 1, 1],
  ['client', 'node2', 1, 1],
  ['client', 'ext-client', 1, 1],
]

describe('§9.15 TTL: minus one per host routing step, never at a bridge', () => {
  for (const backend of ['vxlan', 'host-gw'] as FlannelBackend[])
    it(`${backend}: every path of the fixture`, () => {
      const core = buildCore('fixture')
      setFlannelBackend(core.api, core.store, core.network, backend)
      for (const [from, to, out, back] of PATHS) {
        const t = traceOn(core, { from, to, protocol: 'icmp' })
        expect(t.result, `${from} → ${to}`).toBe('delivered')
        expect(checkTtl(t.hops, `${from} → ${to}`), `${from} → ${to}`).toBe(out)
        expect(checkTtl(t.reply, `${to} → ${from}`), `${to} → ${from}`).toBe(back)
        for (const h of [...t.hops, ...t.reply].filter((x) => x.kind === 'bridge'))
          expect(h.entries.some((e) => e.table === 'route')).toBe(false)
      }
    })
})
