/**
 * Networking spec §9 item 3 (§3.5): with the VXLAN backend each node has flannel.1 (VNI 1, UDP
 * 8472, MTU 1450, the podCIDR's network address as a /32) and, for every other node, exactly one
 * route, one permanent neighbour and one FDB entry; nothing for its own podCIDR. The tables are
 * compared line by line with the spec's `ip route` / `ip neigh` / `bridge fdb` listings.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import { formatFdb, formatNeighbour, formatRoute } from '../model/network/tables'
import { nodeListeners } from './listeners'
import { setFlannelBackend } from './flannel'
import { advance, buildCore, nodeNames, run, traceOn } from './testClusters'

/** A node's tables as the spec prints them: `ip route`, then flannel.1's neighbours and FDB. */
function tables(core: SimulationCore, node: string): string[] {
  return [
    ...core.network.routes(node).map(formatRoute),
    '# neigh (flannel.1)',
    ...core.network
      .neighbours(node)
      .filter((n) => n.dev === 'flannel.1')
      .map((n) => formatNeighbour(n, true)),
    '# fdb (flannel.1)',
    ...core.network
      .fdb(node)
      .filter((e) => e.dev === 'flannel.1')
      .map((e) => formatFdb(e, true)),
  ]
}

/** §3.5 "Per-node tables, VXLAN", verbatim. */
const SPEC_TABLES: Record<string, string> = {
  node1: `default via 192.168.1.1 dev eth0
10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1
10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11
# neigh (flannel.1)
10.244.1.0 lladdr 0e:f1:00:00:00:12 PERMANENT
10.244.2.0 lladdr 0e:f1:00:00:00:13 PERMANENT
# fdb (flannel.1)
0e:f1:00:00:00:12 dst 192.168.1.12 self permanent
0e:f1:00:00:00:13 dst 192.168.1.13 self permanent`,
  node2: `default via 192.168.1.1 dev eth0
10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink
10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1
10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.12
# neigh (flannel.1)
10.244.0.0 lladdr 0e:f1:00:00:00:11 PERMANENT
10.244.2.0 lladdr 0e:f1:00:00:00:13 PERMANENT
# fdb (flannel.1)
0e:f1:00:00:00:11 dst 192.168.1.11 self permanent
0e:f1:00:00:00:13 dst 192.168.1.13 self permanent`,
  node3: `default via 192.168.1.1 dev eth0
10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink
10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.13
# neigh (flannel.1)
10.244.0.0 lladdr 0e:f1:00:00:00:11 PERMANENT
10.244.1.0 lladdr 0e:f1:00:00:00:12 PERMANENT
# fdb (flannel.1)
0e:f1:00:00:00:11 dst 192.168.1.11 self permanent
0e:f1:00:00:00:12 dst 192.168.1.12 self permanent`,
}

function expectSpecTables(core: SimulationCore): void {
  for (const [node, text] of Object.entries(SPEC_TABLES))
    expect(tables(core, node), node).toEqual(text.split('\n'))
}

describe('§9.3 VXLAN: flannel.1, and one route, neighbour and FDB entry per remote node', () => {
  it("the fixture's tables are the spec's, line for line", () => {
    expectSpecTables(buildCore('fixture'))
  })

  it('flannel.1 is the /32 of the podCIDR network with the VtepMAC, MTU 1450, VNI 1 on UDP 8472', () => {
    const core = buildCore('fixture')
    for (const [i, node] of ['node1', 'node2', 'node3'].entries()) {
      const net = core.network.node(node)
      expect(net?.vtep).toEqual({
        ip: `10.244.${i}.0`,
        prefix: 32,
        mac: `0e:f1:00:00:00:1${i + 1}`,
        mtu: 1450,
      })
      expect(net?.cni0?.mtu).toBe(1450)
      expect(net && nodeListeners(net)).toContainEqual({
        proto: 'udp',
        port: 8472,
        process: 'vxlan (kernel)',
      })
    }
    const decap = traceOn(core, { from: 'client', to: 'web-1' }).hops.find(
      (h) => h.kind === 'vxlan-decap',
    )
    expect(decap?.entries.map((e) => e.entry)).toEqual([
      'flannel.1: vxlan id 1 local 192.168.1.12 dev eth0 srcport 0 0 dstport 8472 nolearning',
    ])
    expect(core.network.pod('default/web-1')?.mtu).toBe(1450)
  })

  it('scaling pods changes none of it; switching to host-gw and back restores it exactly', () => {
    const core = buildCore('fixture')
    run(core, 'kubectl create deployment extra --image=nginx:1.25 --replicas=6')
    advance(core, 30_000)
    expectSpecTables(core)
    setFlannelBackend(core.api, core.store, core.network, 'host-gw')
    expect(core.network.routes('node1').map(formatRoute)).not.toContain(
      '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
    )
    setFlannelBackend(core.api, core.store, core.network, 'vxlan')
    expectSpecTables(core)
  })

  it('a node that joins gets a route, neighbour and FDB entry on every peer, and they on it', () => {
    const core = buildCore('default')
    run(core, 'sim add node node4')
    // No pod on node4 yet, so no cni0 and no route for its own /24 (§3.5).
    expect(tables(core, 'node4')).toEqual([
      'default via 192.168.1.1 dev eth0',
      '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink',
      '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.14',
      '# neigh (flannel.1)',
      '10.244.0.0 lladdr 0e:f1:00:00:00:11 PERMANENT',
      '10.244.1.0 lladdr 0e:f1:00:00:00:12 PERMANENT',
      '10.244.2.0 lladdr 0e:f1:00:00:00:13 PERMANENT',
      '# fdb (flannel.1)',
      '0e:f1:00:00:00:11 dst 192.168.1.11 self permanent',
      '0e:f1:00:00:00:12 dst 192.168.1.12 self permanent',
      '0e:f1:00:00:00:13 dst 192.168.1.13 self permanent',
    ])
    // node4's VtepMAC is derived from its address: 0e:f1 and 192.168.1.14 in hex.
    for (const node of ['node1', 'node2', 'node3']) {
      const t = tables(core, node)
      expect(t).toContain('10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink')
      expect(t).toContain('10.244.3.0 lladdr 0e:f1:c0:a8:01:0e PERMANENT')
      expect(t).toContain('0e:f1:c0:a8:01:0e dst 192.168.1.14 self permanent')
    }
    run(core, 'kubectl scale deployment/web --replicas=12')
    advance(core, 30_000)
    expect(core.network.routes('node4').map(formatRoute)).toContain(
      '10.244.3.0/24 dev cni0 proto kernel scope link src 10.244.3.1',
    )
    for (const node of nodeNames(core)) {
      const own = core.network.node(node)?.podCIDR
      expect(tables(core, node).filter((l) => l.includes('flannel.1 onlink'))).toHaveLength(3)
      expect(tables(core, node).some((l) => l.startsWith(`${own} via`))).toBe(false)
    }
  })
})
