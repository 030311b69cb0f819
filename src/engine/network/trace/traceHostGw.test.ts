/**
 * Networking spec §8 trace (c): client (node1) → web-1 10.244.1.2:8080 (node2) with host-gw. Rows
 * to hops: 1 pod-egress + veth, 2 bridge + host-route (node1), 3 nic-egress + lan, 4 host-route
 * (node2), 5 bridge + pod-deliver; then the reply. No flannel.1, no VXLAN: pod IPs on the wire.
 */
import { describe, expect, it } from 'vitest'
import { setFlannelBackend } from '../flannel'
import { buildCore, traceOn } from '../testClusters'
import type { Hop, L4Header } from './types'

const SYN: L4Header = { proto: 'tcp', srcPort: 51000, dstPort: 8080, flags: 'SYN' }
const KINDS = [
  'pod-egress',
  'veth',
  'bridge',
  'host-route',
  'nic-egress',
  'lan',
  'host-route',
  'bridge',
  'pod-deliver',
]
const entries = (h: Hop | undefined) => h?.entries.map((e) => e.entry)

function hostGwTrace() {
  const core = buildCore('fixture')
  setFlannelBackend(core.api, core.store, core.network, 'host-gw')
  return traceOn(core, { from: 'client', to: 'web-1' })
}

describe('§8 (c) pod → pod on another node, host-gw', () => {
  const t = hostGwTrace()
  const [egress, veth, , route1, nic, lan, route2, bridge2, deliver] = t.hops

  it('is delivered through these hops, with no tunnel anywhere', () => {
    expect(t.result).toBe('delivered')
    expect(t.backend).toBe('host-gw')
    expect(t.hops.map((h) => h.kind)).toEqual(KINDS)
    for (const hop of [...t.hops, ...t.reply]) {
      expect(hop.kind).not.toMatch(/^vxlan-/)
      expect(hop.headers.outer).toBeUndefined()
      expect(hop.at.device).not.toBe('flannel.1')
      expect(entries(hop)?.join('\n')).not.toContain('flannel.1')
    }
  })

  it('row 1: as (b) 1, at MTU 1500', () => {
    for (const hop of [egress, veth])
      expect(hop?.headers).toEqual({
        eth: { src: '0a:58:0a:f4:00:04', dst: '3a:00:0a:f4:00:01' },
        ip: { src: '10.244.0.4', dst: '10.244.1.2', ttl: 64 },
        l4: SYN,
      })
    expect(entries(veth)).toEqual(['veth9c0d1e2f@if2: mtu 1500 master cni0 state UP (hairpin on)'])
  })

  it('row 2: node1 routes via 192.168.1.12 dev eth0, TTL 63, no SNAT (rule 2)', () => {
    expect(route1?.headers).toEqual({
      ip: { src: '10.244.0.4', dst: '10.244.1.2', ttl: 63 },
      l4: SYN,
    })
    expect(entries(route1)).toEqual([
      '10.244.1.0/24 via 192.168.1.12 dev eth0',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
    ])
  })

  it('row 3: node1 eth0 → LAN → node2 eth0 with the pod IPs on the wire', () => {
    for (const hop of [nic, lan])
      expect(hop?.headers).toEqual({
        eth: { src: '52:54:00:00:01:11', dst: '52:54:00:00:01:12' },
        ip: { src: '10.244.0.4', dst: '10.244.1.2', ttl: 63 },
        l4: SYN,
      })
    expect(entries(nic)).toEqual(['192.168.1.12 dev eth0 lladdr 52:54:00:00:01:12 REACHABLE'])
  })

  it('row 4: node2 routes it to cni0, TTL 62', () => {
    expect(route2?.at.node).toBe('node2')
    expect(route2?.headers.ip).toEqual({ src: '10.244.0.4', dst: '10.244.1.2', ttl: 62 })
    expect(entries(route2)?.[0]).toBe(
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
    )
  })

  it('row 5: bridged to web-1', () => {
    for (const hop of [bridge2, deliver])
      expect(hop?.headers).toEqual({
        eth: { src: '3a:00:0a:f4:01:01', dst: '0a:58:0a:f4:01:02' },
        ip: { src: '10.244.0.4', dst: '10.244.1.2', ttl: 62 },
        l4: SYN,
      })
  })

  it('R: node2 routes back via 192.168.1.11 dev eth0; frame 52:54:00:00:01:12 → 52:54:00:00:01:11', () => {
    const r = t.reply
    expect(r.map((h) => h.kind)).toEqual(KINDS)
    expect(entries(r[3])).toEqual(['10.244.0.0/24 via 192.168.1.11 dev eth0'])
    expect(r[4]?.headers.eth).toEqual({ src: '52:54:00:00:01:12', dst: '52:54:00:00:01:11' })
    for (const hop of r)
      expect([hop.headers.ip.src, hop.headers.ip.dst]).toEqual(['10.244.1.2', '10.244.0.4'])
    expect(r.map((h) => h.headers.ip.ttl)).toEqual([64, 64, 64, 63, 63, 63, 62, 62, 62])
  })
})
