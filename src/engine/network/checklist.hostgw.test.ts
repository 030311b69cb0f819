/**
 * Networking spec §9 item 4 (§3.6): with the host-gw backend each node routes every other node's
 * podCIDR via that node's IP on eth0, there is no tunnel device, and the MTU is the underlay's 1500.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import { formatRoute } from '../model/network/tables'
import { nodeListeners } from './listeners'
import { setFlannelBackend } from './flannel'
import { advance, buildCore, nodeNames, run } from './testClusters'

function hostGw(scenario: 'fixture' | 'default'): SimulationCore {
  const core = buildCore(scenario)
  expect(setFlannelBackend(core.api, core.store, core.network, 'host-gw')).toBe(true)
  return core
}

const routes = (core: SimulationCore, node: string) => core.network.routes(node).map(formatRoute)

function expectNoTunnel(core: SimulationCore, node: string): void {
  const net = core.network.node(node)
  expect(net?.vtep).toBeUndefined()
  expect(core.network.neighbours(node).filter((n) => n.dev === 'flannel.1')).toEqual([])
  expect(core.network.fdb(node).filter((e) => e.dev === 'flannel.1')).toEqual([])
  expect(routes(core, node).filter((r) => r.includes('flannel.1'))).toEqual([])
  expect(net && nodeListeners(net).some((l) => l.port === 8472)).toBe(false)
}

describe('§9.4 host-gw: one route per remote node via its IP on eth0, no tunnel, MTU 1500', () => {
  it("the fixture's routing tables (§3.6)", () => {
    const core = hostGw('fixture')
    expect(routes(core, 'node1')).toEqual([
      'default via 192.168.1.1 dev eth0',
      '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1',
      '10.244.1.0/24 via 192.168.1.12 dev eth0',
      '10.244.2.0/24 via 192.168.1.13 dev eth0',
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11',
    ])
    expect(routes(core, 'node2')).toEqual([
      'default via 192.168.1.1 dev eth0',
      '10.244.0.0/24 via 192.168.1.11 dev eth0',
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
      '10.244.2.0/24 via 192.168.1.13 dev eth0',
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.12',
    ])
    expect(routes(core, 'node3')).toEqual([
      'default via 192.168.1.1 dev eth0',
      '10.244.0.0/24 via 192.168.1.11 dev eth0',
      '10.244.1.0/24 via 192.168.1.12 dev eth0',
      '10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1',
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.13',
    ])
    for (const node of ['node1', 'node2', 'node3']) {
      expectNoTunnel(core, node)
      expect(core.network.node(node)?.podMtu).toBe(1500)
      expect(core.network.node(node)?.cni0?.mtu).toBe(1500)
    }
  })

  it('after a node joins and pods are added: still one eth0 route per peer, new pods at MTU 1500', () => {
    const core = hostGw('default')
    run(core, 'sim add node node4')
    run(core, 'kubectl scale deployment/web --replicas=10')
    advance(core, 30_000)
    const nodes = nodeNames(core)
    for (const node of nodes) {
      const peers = nodes.filter((n) => n !== node).map((n) => core.network.node(n))
      const viaEth0 = routes(core, node).filter((r) =>
        /^10\.244\.\S+ via 192\.168\.1\.\d+ dev eth0$/.test(r),
      )
      expect(viaEth0).toEqual(peers.map((p) => `${p?.podCIDR} via ${p?.eth0.ip} dev eth0`))
      expectNoTunnel(core, node)
    }
    expect(routes(core, 'node4')).toContain(
      '10.244.3.0/24 dev cni0 proto kernel scope link src 10.244.3.1',
    )
    const onNode4 = core.network.podsOn('node4')
    expect(onNode4.length).toBeGreaterThan(0)
    for (const pod of onNode4) expect(pod.mtu).toBe(1500)
  })

  it('switching back to VXLAN brings flannel.1 back and the routes through it', () => {
    const core = hostGw('fixture')
    expect(setFlannelBackend(core.api, core.store, core.network, 'host-gw')).toBe(false)
    setFlannelBackend(core.api, core.store, core.network, 'vxlan')
    expect(routes(core, 'node1')).toContain('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink')
    expect(core.network.node('node1')?.vtep?.mtu).toBe(1450)
  })
})
