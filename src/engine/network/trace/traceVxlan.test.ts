/**
 * Networking spec §8 trace (b): client 10.244.0.4 (node1) → web-1 10.244.1.2:8080 (node2) over
 * VXLAN. Our hops are finer than the spec's rows; each row is checked at the hop(s) that carry it:
 * 1 pod-egress + veth, 2 bridge + host-route (node1), 3 vxlan-encap, 4 nic-egress, 5 lan,
 * 6 vxlan-decap, 7 host-route (node2), 8 bridge + pod-deliver; then the reply.
 */
import { describe, expect, it } from 'vitest'
import { buildCore, traceOn } from '../testClusters'
import type { Hop, L4Header } from './types'

const SYN: L4Header = { proto: 'tcp', srcPort: 51000, dstPort: 8080, flags: 'SYN' }
const SYN_ACK: L4Header = { proto: 'tcp', srcPort: 8080, dstPort: 51000, flags: 'SYN-ACK' }
const KINDS = [
  'pod-egress',
  'veth',
  'bridge',
  'host-route',
  'vxlan-encap',
  'nic-egress',
  'lan',
  'vxlan-decap',
  'host-route',
  'bridge',
  'pod-deliver',
]
const entries = (h: Hop | undefined) => h?.entries.map((e) => e.entry)
const inner = (src: string, dst: string, ttl: number) => ({ src, dst, ttl })

describe('§8 (b) pod → pod on another node, VXLAN', () => {
  const t = traceOn(buildCore('fixture'), { from: 'client', to: 'web-1' })
  const [egress, veth, up, route1, encap, nic, lan, decap, route2, bridge2, deliver] = t.hops

  it('is delivered to web-1 on tcp/8080 through these hops', () => {
    expect(t.result).toBe('delivered')
    expect(t.hops.map((h) => h.kind)).toEqual(KINDS)
  })

  it("row 1: the cluster route via 10.244.0.1; ARP gives cni0's MAC", () => {
    for (const hop of [egress, veth])
      expect(hop?.headers).toEqual({
        eth: { src: '0a:58:0a:f4:00:04', dst: '3a:00:0a:f4:00:01' },
        ip: inner('10.244.0.4', '10.244.1.2', 64),
        l4: SYN,
      })
    expect(entries(egress)).toEqual([
      '10.244.0.0/16 via 10.244.0.1 dev eth0',
      '10.244.0.1 dev eth0 lladdr 3a:00:0a:f4:00:01 REACHABLE',
    ])
  })

  it('row 2: cni0 hands it up; node1 routes it to flannel.1, TTL 63, FLANNEL-POSTRTG rule 2 (no SNAT)', () => {
    expect(up?.at).toEqual({ node: 'node1', device: 'cni0' })
    expect(route1?.at).toEqual({ node: 'node1', device: 'flannel.1' })
    expect(route1?.headers).toEqual({ ip: inner('10.244.0.4', '10.244.1.2', 63), l4: SYN })
    expect(entries(route1)).toEqual([
      '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
    ])
  })

  it('row 3: neighbour 10.244.1.0 → VtepMAC, FDB → 192.168.1.12; VNI 1, UDP 47000 → 8472', () => {
    expect(encap?.headers).toMatchObject({
      eth: { src: '0e:f1:00:00:00:11', dst: '0e:f1:00:00:00:12' },
      ip: inner('10.244.0.4', '10.244.1.2', 63),
      l4: SYN,
      outer: { udp: { srcPort: 47000, dstPort: 8472 }, vxlan: { vni: 1 } },
    })
    expect(entries(encap)).toEqual([
      '10.244.1.0 dev flannel.1 lladdr 0e:f1:00:00:00:12 PERMANENT',
      '0e:f1:00:00:00:12 dev flannel.1 dst 192.168.1.12 self permanent',
    ])
  })

  it('rows 4-5: the outer frame 192.168.1.11 → 192.168.1.12 leaves eth0 and is switched', () => {
    for (const hop of [nic, lan])
      expect(hop?.headers).toMatchObject({
        eth: { src: '0e:f1:00:00:00:11', dst: '0e:f1:00:00:00:12' },
        ip: inner('10.244.0.4', '10.244.1.2', 63),
        outer: {
          eth: { src: '52:54:00:00:01:11', dst: '52:54:00:00:01:12' },
          ip: { src: '192.168.1.11', dst: '192.168.1.12' },
          udp: { srcPort: 47000, dstPort: 8472 },
          vxlan: { vni: 1 },
        },
      })
    expect(entries(nic)).toEqual([
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11',
      '192.168.1.12 dev eth0 lladdr 52:54:00:00:01:12 REACHABLE',
    ])
  })

  it('row 6: node2 decapsulates on flannel.1; the inner packet is as in row 3', () => {
    expect(decap?.at).toEqual({ node: 'node2', device: 'flannel.1' })
    expect(decap?.headers).toEqual({
      eth: { src: '0e:f1:00:00:00:11', dst: '0e:f1:00:00:00:12' },
      ip: inner('10.244.0.4', '10.244.1.2', 63),
      l4: SYN,
    })
  })

  it('row 7: node2 routes it to cni0, TTL 62, FLANNEL-POSTRTG rule 3', () => {
    expect(route2?.headers).toEqual({ ip: inner('10.244.0.4', '10.244.1.2', 62), l4: SYN })
    expect(entries(route2)).toEqual([
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
    ])
  })

  it('row 8: cni0 → veth7e8f9a0b → web-1, which sees the client as 10.244.0.4:51000', () => {
    for (const hop of [bridge2, deliver])
      expect(hop?.headers).toEqual({
        eth: { src: '3a:00:0a:f4:01:01', dst: '0a:58:0a:f4:01:02' },
        ip: inner('10.244.0.4', '10.244.1.2', 62),
        l4: SYN,
      })
    expect(deliver?.where).toBe('veth7e8f9a0b → web-1 eth0')
  })

  it('R: back through flannel.1, outer 192.168.1.12:48000 → 192.168.1.11:8472, TTL 64 → 63 → 62', () => {
    const r = t.reply
    expect(r.map((h) => h.kind)).toEqual(KINDS)
    expect(r.map((h) => h.headers.ip.ttl)).toEqual([64, 64, 64, 63, 63, 63, 63, 63, 62, 62, 62])
    for (const hop of r) {
      expect([hop.headers.ip.src, hop.headers.ip.dst]).toEqual(['10.244.1.2', '10.244.0.4'])
      expect(hop.headers.l4).toEqual(SYN_ACK)
    }
    expect(entries(r[3])?.[0]).toBe('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink')
    expect(r[4]?.headers.eth).toEqual({ src: '0e:f1:00:00:00:12', dst: '0e:f1:00:00:00:11' })
    expect(r[5]?.headers.outer).toMatchObject({
      eth: { src: '52:54:00:00:01:12', dst: '52:54:00:00:01:11' },
      ip: { src: '192.168.1.12', dst: '192.168.1.11' },
      udp: { srcPort: 48000, dstPort: 8472 },
      vxlan: { vni: 1 },
    })
    expect(r[7]?.at).toEqual({ node: 'node1', device: 'flannel.1' })
    expect(r[10]?.headers.eth).toEqual({ src: '3a:00:0a:f4:00:01', dst: '0a:58:0a:f4:00:04' })
    expect(r[10]?.at.pod).toBe('default/client')
  })
})
