/**
 * Networking spec §9 item 2 (§2.3): the host end of a pod's veth pair is `veth` + 8 hex digits and
 * is a port of cni0 with hairpin on; the pod's end is eth0.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import { formatFdb } from '../model/network/tables'
import { advance, buildCore, podsWithNetwork, run, traceOn } from './testClusters'

const VETH = /^veth[0-9a-f]{8}$/

function checkVeths(core: SimulationCore): void {
  const pods = podsWithNetwork(core)
  expect(pods.length).toBeGreaterThan(0)
  for (const pod of pods) {
    const net = core.network.pod(`${pod.metadata.namespace}/${pod.metadata.name}`)
    if (!net) throw new Error(`no network namespace for ${pod.metadata.name}`)
    expect(net.veth).toMatch(VETH)
    // Enslaved to cni0: the bridge has the pod's MAC behind this port, and the port's own entries.
    const fdb = core.network.fdb(net.node).map((e) => formatFdb(e))
    expect(fdb).toContain(`${net.mac} dev ${net.veth} master cni0`)
    expect(fdb).toContain(`${net.vethMac} dev ${net.veth} master cni0 permanent`)
    // The pod's end is eth0: every route inside the pod leaves by it.
    expect(core.network.podRoutes(net).map((r) => r.dev)).toEqual(['eth0', 'eth0', 'eth0'])
  }
  const names = pods.map(
    (p) => core.network.pod(`${p.metadata.namespace}/${p.metadata.name}`)?.veth,
  )
  expect(new Set(names).size).toBe(names.length)
}

describe('§9.2 veth pairs: veth + 8 hex digits on cni0, hairpin on; eth0 inside the pod', () => {
  it("the fixture's veths are the spec's (§0.2)", () => {
    const core = buildCore('fixture')
    const veths = Object.fromEntries(
      podsWithNetwork(core).map((p) => [
        p.metadata.name,
        core.network.pod(`${p.metadata.namespace}/${p.metadata.name}`)?.veth,
      ]),
    )
    expect(veths).toEqual({
      'coredns-a': 'veth1a2b3c4d',
      'coredns-b': 'veth5e6f7a8b',
      client: 'veth9c0d1e2f',
      cache: 'veth3a4b5c6d',
      'web-1': 'veth7e8f9a0b',
      'web-2': 'vethc1d2e3f4',
    })
    checkVeths(core)
  })

  it('pods the ReplicaSet creates get such names too, each its own', () => {
    const core = buildCore('default')
    run(core, 'kubectl scale deployment/web --replicas=12')
    advance(core, 30_000)
    expect(podsWithNetwork(core).length).toBe(15)
    checkVeths(core)
  })

  it('a packet leaves the pod by eth0, crosses the veth into cni0 (hairpin on) and enters by eth0', () => {
    const core = buildCore('fixture')
    const t = traceOn(core, { from: 'client', to: 'cache' })
    const [egress, veth, bridge, deliver] = t.hops
    expect(t.hops.map((h) => h.kind)).toEqual(['pod-egress', 'veth', 'bridge', 'pod-deliver'])
    expect(egress?.at).toEqual({ node: 'node1', pod: 'default/client', device: 'eth0' })
    expect(veth?.at.device).toBe('veth9c0d1e2f')
    expect(veth?.entries).toEqual([
      {
        table: 'link',
        node: 'node1',
        entry: 'veth9c0d1e2f@if2: mtu 1450 master cni0 state UP (hairpin on)',
      },
    ])
    expect(bridge?.at.device).toBe('cni0')
    expect(deliver?.where).toBe('veth3a4b5c6d → cache eth0')
    expect(deliver?.at).toEqual({ node: 'node1', pod: 'default/cache', device: 'eth0' })
  })
})
