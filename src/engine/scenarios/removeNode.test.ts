/**
 * A machine leaves (`sim remove node`): its Node goes through the API, every peer drops its route,
 * neighbour and FDB entry for it, its facts are forgotten, and after podgc's quarantine its pods
 * are deleted and the ReplicaSet recreates them on the nodes that are left.
 */
import { describe, expect, it } from 'vitest'
import { SimulationCore } from '../runtime/Simulation'
import type { Pod } from '../model/pod'
import { cidrContains, ipToInt, parseCidr } from '../model/ipv4'
import { formatFdb, formatNeighbour, formatRoute } from '../model/network/tables'
import { runCommand } from '../commands/runCommand'
import { setFlannelBackend } from '../network/flannel'
import { buildCore, nodeNames, run } from '../network/testClusters'

const webPods = (core: SimulationCore) =>
  [...core.store.list<Pod>('Pod')].filter((p) => p.metadata.labels?.app === 'web')

/** Every line of a node's tables that mentions node3's podCIDR, VTEP or address. */
function mentionsOfNode3(core: SimulationCore, node: string): string[] {
  const lines = [
    ...core.network.routes(node).map(formatRoute),
    ...core.network.neighbours(node).map((n) => formatNeighbour(n)),
    ...core.network.fdb(node).map((e) => formatFdb(e)),
  ]
  return lines.filter((l) => /10\.244\.2\.|0e:f1:00:00:00:13|192\.168\.1\.13/.test(l))
}

function expectWebRecreatedElsewhere(core: SimulationCore, removedAtMs: number): void {
  core.advanceTo(removedAtMs + 40_000 - 1)
  expect(webPods(core).filter((p) => p.spec.nodeName === 'node3').length).toBeGreaterThan(0)
  core.advanceTo(removedAtMs + 60_000 + 30_000)
  const web = webPods(core)
  expect(web).toHaveLength(3)
  for (const pod of web) {
    expect(pod.spec.nodeName).not.toBe('node3')
    expect(pod.status.phase).toBe('Running')
    const cidr = core.network.node(pod.spec.nodeName ?? '')?.podCIDR ?? ''
    expect(cidrContains(parseCidr(cidr), ipToInt(pod.status.podIP ?? '0.0.0.0'))).toBe(true)
  }
}

describe('sim remove node', () => {
  it('the Node and its lease go: no peer keeps a route, neighbour or FDB entry for it', () => {
    const core = buildCore('default')
    expect(mentionsOfNode3(core, 'node1')).toEqual([
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
      '192.168.1.13 dev eth0 lladdr 52:54:00:00:01:13 REACHABLE',
      '10.244.2.0 dev flannel.1 lladdr 0e:f1:00:00:00:13 PERMANENT',
      '0e:f1:00:00:00:13 dev flannel.1 dst 192.168.1.13 self permanent',
    ])
    expect(run(core, 'sim remove node node3')).toBe('node/node3 removed')
    expect(nodeNames(core)).toEqual(['node1', 'node2'])
    expect(core.network.leases().map((l) => l.node)).toEqual(['node1', 'node2'])
    expect(core.ctx.state.network.machines.node3).toBeUndefined()
    for (const node of ['node1', 'node2']) expect(mentionsOfNode3(core, node)).toEqual([])
  })

  it("its pods are deleted after podgc's quarantine and web is recreated on the others", () => {
    const core = buildCore('default')
    const removedAt = core.simTimeMs
    run(core, 'sim remove node node3')
    expectWebRecreatedElsewhere(core, removedAt)
  })

  it('with host-gw too, and a restored snapshot finishes the job the same way', () => {
    const core = buildCore('default')
    setFlannelBackend(core.api, core.store, core.network, 'host-gw')
    const removedAt = core.simTimeMs
    run(core, 'sim remove node node3')
    for (const node of ['node1', 'node2']) expect(mentionsOfNode3(core, node)).toEqual([])
    const restored = new SimulationCore(core.seed, core.scenario, { snapshot: core.snapshot() })
    expectWebRecreatedElsewhere(restored, removedAt)
    expectWebRecreatedElsewhere(core, removedAt)
    expect(restored.snapshot()).toEqual(core.snapshot())
  })

  it('bad input: an unknown node is NotFound and changes nothing', () => {
    const core = buildCore('default')
    const before = core.snapshot()
    expect(runCommand(core, 'sim remove node node9')).toEqual({
      ok: false,
      output: '',
      error: 'Error from server (NotFound): nodes "node9" not found',
    })
    expect(runCommand(core, 'sim remove node').error).toBe('error: sim remove node needs one NAME')
    expect(runCommand(core, 'sim remove pod web').error).toBe(
      'error: unknown sim remove target "pod"; try: sim remove node NAME',
    )
    expect(core.snapshot()).toEqual(before)
  })

  it('a Node deleted through the API (what kubectl delete node does) is handled the same way', () => {
    const core = buildCore('default')
    const removedAt = core.simTimeMs
    core.api.delete('Node', undefined, 'node3')
    for (const node of ['node1', 'node2']) expect(mentionsOfNode3(core, node)).toEqual([])
    expectWebRecreatedElsewhere(core, removedAt)
  })

  it('kubectl delete node node3 deletes the Node object through the API', () => {
    const core = buildCore('default')
    expect(run(core, 'kubectl delete node node3')).toBe('node "node3" deleted')
  })
})
