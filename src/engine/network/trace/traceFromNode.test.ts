/**
 * Networking spec §8 trace (e): a process on node1's host network → web-1 10.244.1.2:8080 on node2.
 * VXLAN rows to hops: 1 host-output (source selection picks flannel.1's 10.244.0.0, rule 2: no
 * SNAT), 2 vxlan-encap + nic-egress + lan, 3 vxlan-decap + host-route + bridge + pod-deliver; the
 * reply ends at node1 itself. host-gw: the source is eth0's 192.168.1.11 and FLANNEL-POSTRTG rule 6
 * masquerades it (to the same address).
 */
import { describe, expect, it } from 'vitest'
import { setFlannelBackend } from '../flannel'
import { buildCore, traceOn } from '../testClusters'
import type { Hop } from './types'

const entries = (h: Hop | undefined) => h?.entries.map((e) => e.entry)

describe('§8 (e) node → pod on another node, VXLAN', () => {
  const t = traceOn(buildCore('fixture'), { from: 'node1', to: 'web-1' })
  const [out, encap, nic, lan, decap, route2, bridge2, deliver] = t.hops

  it('is delivered to web-1 through these hops', () => {
    expect(t.result).toBe('delivered')
    expect(t.hops.map((h) => h.kind)).toEqual([
      'host-output',
      'vxlan-encap',
      'nic-egress',
      'lan',
      'vxlan-decap',
      'host-route',
      'bridge',
      'pod-deliver',
    ])
  })

  it("row 1: route via flannel.1; the source is flannel.1's 10.244.0.0; rule 2, no SNAT", () => {
    expect(out?.headers).toEqual({
      ip: { src: '10.244.0.0', dst: '10.244.1.2', ttl: 64 },
      l4: { proto: 'tcp', srcPort: 52000, dstPort: 8080, flags: 'SYN' },
    })
    expect(entries(out)).toEqual([
      '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
    ])
  })

  it('row 2: encapsulated as in (b): inner VtepMACs, outer node IPs, UDP → 8472', () => {
    expect(encap?.headers.eth).toEqual({ src: '0e:f1:00:00:00:11', dst: '0e:f1:00:00:00:12' })
    for (const hop of [nic, lan])
      expect(hop?.headers.outer).toMatchObject({
        eth: { src: '52:54:00:00:01:11', dst: '52:54:00:00:01:12' },
        ip: { src: '192.168.1.11', dst: '192.168.1.12' },
        udp: { dstPort: 8472 },
        vxlan: { vni: 1 },
      })
  })

  it('row 3: node2 decapsulates and bridges it to web-1 at TTL 63; web-1 sees 10.244.0.0', () => {
    expect(decap?.at.node).toBe('node2')
    expect(route2?.headers.ip.ttl).toBe(63)
    for (const hop of [bridge2, deliver])
      expect(hop?.headers).toEqual({
        eth: { src: '3a:00:0a:f4:01:01', dst: '0a:58:0a:f4:01:02' },
        ip: { src: '10.244.0.0', dst: '10.244.1.2', ttl: 63 },
        l4: { proto: 'tcp', srcPort: 52000, dstPort: 8080, flags: 'SYN' },
      })
  })

  it("R: node2 routes it via flannel.1; node1 delivers locally (10.244.0.0 is flannel.1's)", () => {
    const routed = t.reply.find((h) => h.kind === 'host-route')
    expect(routed?.at.node).toBe('node2')
    expect(entries(routed)?.[0]).toBe('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink')
    const last = t.reply.at(-1)
    expect(last?.kind).toBe('host-deliver')
    expect(last?.at).toEqual({ node: 'node1', device: 'flannel.1' })
    expect(last?.headers.ip).toMatchObject({ src: '10.244.1.2', dst: '10.244.0.0' })
    expect(last?.headers.l4).toMatchObject({ srcPort: 8080, dstPort: 52000 })
  })
})

describe('§8 (e) node → pod on another node, host-gw', () => {
  const core = buildCore('fixture')
  setFlannelBackend(core.api, core.store, core.network, 'host-gw')
  const t = traceOn(core, { from: 'node1', to: 'web-1' })

  it('the source is 192.168.1.11; FLANNEL-POSTRTG rule 6 masquerades it; web-1 sees 192.168.1.11', () => {
    expect(t.result).toBe('delivered')
    const [out] = t.hops
    expect(out?.kind).toBe('host-output')
    expect(out?.headers.ip).toEqual({ src: '192.168.1.11', dst: '10.244.1.2', ttl: 64 })
    expect(entries(out)).toEqual([
      '10.244.1.0/24 via 192.168.1.12 dev eth0',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    ])
    expect(t.hops.some((h) => h.kind.startsWith('vxlan-'))).toBe(false)
    const deliver = t.hops.at(-1)
    expect(deliver?.kind).toBe('pod-deliver')
    expect(deliver?.headers.ip).toEqual({ src: '192.168.1.11', dst: '10.244.1.2', ttl: 63 })
  })

  it('R: node1 un-NATs the reply by conntrack and the sending process gets it on its own port', () => {
    const last = t.reply.at(-1)
    expect(last?.kind).toBe('host-deliver')
    expect(last?.at).toEqual({ node: 'node1', device: 'eth0' })
    expect(last?.headers.ip).toMatchObject({ src: '10.244.1.2', dst: '192.168.1.11' })
    expect(last?.headers.l4).toMatchObject({ srcPort: 8080, dstPort: 52000 })
    const unNat = t.reply.at(-2)
    expect(unNat?.entries.map((e) => e.table)).toEqual(['conntrack'])
  })
})
