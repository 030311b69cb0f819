/**
 * Networking spec §8 trace (a): client 10.244.0.4 → cache 10.244.0.5:6379 on node1, TCP SYN. Each
 * row of the spec's table is checked at the hop that carries it: the pod's egress, its veth, cni0
 * bridging (no L3, no NAT), delivery; and the reply, bridged straight back.
 */
import { describe, expect, it } from 'vitest'
import { buildCore, traceOn } from '../testClusters'
import type { Headers } from './types'

const SYN: Headers = {
  eth: { src: '0a:58:0a:f4:00:04', dst: '0a:58:0a:f4:00:05' },
  ip: { src: '10.244.0.4', dst: '10.244.0.5', ttl: 64 },
  l4: { proto: 'tcp', srcPort: 51000, dstPort: 6379, flags: 'SYN' },
}

describe('§8 (a) pod → pod on the same node', () => {
  const t = traceOn(buildCore('fixture'), { from: 'client', to: 'cache' })

  it('is delivered to redis in cache on tcp/6379', () => {
    expect(t.result).toBe('delivered')
    expect([t.protocol, t.port]).toEqual(['tcp', 6379])
    expect(t.hops.map((h) => h.kind)).toEqual(['pod-egress', 'veth', 'bridge', 'pod-deliver'])
  })

  it('row 1: the route to the /24 is on-link, so ARP gives cache its own MAC', () => {
    const [egress] = t.hops
    expect(egress?.headers).toEqual(SYN)
    expect(egress?.entries.map((e) => e.entry)).toEqual([
      '10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.4',
      '10.244.0.5 dev eth0 lladdr 0a:58:0a:f4:00:05 REACHABLE',
    ])
  })

  it('row 2: the frame enters cni0 by veth9c0d1e2f unchanged', () => {
    expect(t.hops[1]?.where).toBe('veth9c0d1e2f (cni0 port, node1)')
    expect(t.hops[1]?.headers).toEqual(SYN)
  })

  it('row 3: cni0 bridges it to veth3a4b5c6d, TTL untouched; FLANNEL-POSTRTG rule 2 returns', () => {
    const bridge = t.hops[2]
    expect(bridge?.at).toEqual({ node: 'node1', device: 'cni0' })
    expect(bridge?.headers).toEqual(SYN)
    expect(bridge?.entries.map((e) => e.entry)).toEqual([
      '0a:58:0a:f4:00:05 dev veth3a4b5c6d master cni0',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
    ])
  })

  it('row 4: delivered by veth3a4b5c6d to cache eth0, unchanged', () => {
    expect(t.hops[3]?.where).toBe('veth3a4b5c6d → cache eth0')
    expect(t.hops[3]?.headers).toEqual(SYN)
  })

  it("R: the mirror image, bridged directly; cni0's own MAC is never used", () => {
    expect(t.reply.map((h) => h.kind)).toEqual(['pod-egress', 'veth', 'bridge', 'pod-deliver'])
    for (const hop of t.reply)
      expect(hop.headers).toEqual({
        eth: { src: '0a:58:0a:f4:00:05', dst: '0a:58:0a:f4:00:04' },
        ip: { src: '10.244.0.5', dst: '10.244.0.4', ttl: 64 },
        l4: { proto: 'tcp', srcPort: 6379, dstPort: 51000, flags: 'SYN-ACK' },
      })
    for (const hop of [...t.hops, ...t.reply]) {
      expect([hop.headers.eth?.src, hop.headers.eth?.dst]).not.toContain('3a:00:0a:f4:00:01')
      expect(hop.kind).not.toBe('host-route')
    }
  })
})
