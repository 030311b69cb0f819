/**
 * The big clusters come up settled: every machine Ready, web at its replica count with every pod
 * Running and Ready on a worker, no two pods sharing an address, each address in its node's
 * podCIDR, and the web Service's EndpointSlices listing every replica. nodes-250 is checked the
 * same way by `npm run bench -- scenarios` (it takes too long to build for a unit test).
 */
import { describe, expect, it } from 'vitest'
import { SimulationCore } from '../runtime/Simulation'
import { findScenario } from './scenarios'
import type { Pod } from '../model/pod'
import type { Node } from '../model/node'
import type { EndpointSlice } from '../model/endpointSlice'
import { isPodReady } from '../model/podStatus'
import { cidrContains, ipToInt, parseCidr } from '../model/ipv4'
import { settledProblems } from './bigClusterChecks'

describe.each([
  { name: 'nodes-20', nodes: 20, web: 200 },
  { name: 'nodes-50', nodes: 50, web: 1000 },
])('scenario $name', ({ name, nodes, web }) => {
  it('comes up with every web pod Ready, spread over the workers, each with its own address', () => {
    const core = new SimulationCore(1, name)
    findScenario(name)?.build(core)
    expect(core.simTimeMs).toBeLessThanOrEqual(60_000)
    expect(settledProblems(core, { nodes, webReplicas: web })).toEqual([])

    const webPods = [...core.store.list<Pod>('Pod')].filter((p) => p.metadata.labels?.app === 'web')
    expect(webPods).toHaveLength(web)
    expect(webPods.every((p) => p.status.phase === 'Running' && isPodReady(p))).toBe(true)
    expect(webPods.some((p) => p.spec.nodeName === 'node1')).toBe(false)
    const nodeList = [...core.store.list<Node>('Node')]
    expect(nodeList).toHaveLength(nodes)
    const cidrOf = new Map(nodeList.map((n) => [n.metadata.name, n.spec.podCIDR ?? '']))
    for (const p of webPods)
      expect(
        cidrContains(
          parseCidr(cidrOf.get(p.spec.nodeName ?? '') ?? ''),
          ipToInt(p.status.podIP ?? '0.0.0.0'),
        ),
      ).toBe(true)
    const slices = [...core.store.list<EndpointSlice>('EndpointSlice')].filter(
      (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web',
    )
    expect(slices.reduce((n, s) => n + s.endpoints.length, 0)).toBe(web)
  }, 60_000)
})
