/**
 * Networking spec §9 item 5 (§3.4): /run/flannel/subnet.env has the cluster network, the podCIDR's
 * first address with the podCIDR's prefix, the backend's MTU and IPMASQ=true.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import { setFlannelBackend, subnetEnv } from './flannel'
import { buildCore, run } from './testClusters'

function env(core: SimulationCore, node: string): string | undefined {
  const net = core.network.node(node)
  return net && subnetEnv(net)
}

describe('§9.5 subnet.env: FLANNEL_SUBNET = podCIDR network + 1, FLANNEL_MTU = the backend MTU', () => {
  it("node2 of the fixture, VXLAN: the spec's file", () => {
    expect(env(buildCore('fixture'), 'node2')).toBe(
      [
        'FLANNEL_NETWORK=10.244.0.0/16',
        'FLANNEL_SUBNET=10.244.1.1/24',
        'FLANNEL_MTU=1450',
        'FLANNEL_IPMASQ=true',
      ].join('\n'),
    )
  })

  it('host-gw: FLANNEL_MTU is the underlay MTU, 1500, on every node', () => {
    const core = buildCore('fixture')
    setFlannelBackend(core.api, core.store, core.network, 'host-gw')
    for (const [i, node] of ['node1', 'node2', 'node3'].entries())
      expect(env(core, node)).toBe(
        [
          'FLANNEL_NETWORK=10.244.0.0/16',
          `FLANNEL_SUBNET=10.244.${i}.1/24`,
          'FLANNEL_MTU=1500',
          'FLANNEL_IPMASQ=true',
        ].join('\n'),
      )
    setFlannelBackend(core.api, core.store, core.network, 'vxlan')
    expect(env(core, 'node3')).toContain('\nFLANNEL_MTU=1450\n')
  })

  it('a node that joins gets the next /24, before any pod runs there', () => {
    const core = buildCore('default')
    run(core, 'sim add node node4')
    expect(env(core, 'node4')).toBe(
      [
        'FLANNEL_NETWORK=10.244.0.0/16',
        'FLANNEL_SUBNET=10.244.3.1/24',
        'FLANNEL_MTU=1450',
        'FLANNEL_IPMASQ=true',
      ].join('\n'),
    )
  })
})
