/**
 * kube-scheduler in the simulation (pkg/scheduler/schedule_one.go and the default plugins,
 * spec §8): placement, its events, and numFeasibleNodesToFind.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import type { Pod } from '../model/pod'
import { numFeasibleNodesToFind } from './scheduler'

const webPods = (sim: Simulation) =>
  sim
    .objects()
    .filter(
      (o): o is Pod =>
        o.kind === 'Pod' && o.metadata.namespace === 'default' && o.metadata.labels?.app === 'web',
    )
const perNode = (pods: Pod[]) => {
  const counts: Record<string, number> = {}
  for (const p of pods) counts[p.spec.nodeName ?? ''] = (counts[p.spec.nodeName ?? ''] ?? 0) + 1
  return counts
}

describe('placement in the default scenario', () => {
  it.each([1, 2, 3, 4])(
    'web never lands on node1 (control-plane NoSchedule taint) and 8 replicas end 4/4 (seed %i)',
    (seed) => {
      const sim = createSimulation({ seed, freezeObjects: true })
      expect(webPods(sim)).toHaveLength(3)
      expect(webPods(sim).every((p) => p.spec.nodeName !== 'node1')).toBe(true)
      sim.run('kubectl scale deployment/web --replicas=8')
      sim.advanceTo(sim.simTimeMs + 30_000)
      expect(perNode(webPods(sim))).toEqual({ node2: 4, node3: 4 })
    },
  )

  it('CoreDNS, which tolerates the control-plane taint, runs on node1', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const dns = sim
      .objects()
      .filter((o): o is Pod => o.kind === 'Pod' && o.metadata.namespace === 'kube-system')
    expect(dns).toHaveLength(2)
    expect(dns.every((p) => p.spec.nodeName === 'node1')).toBe(true)
  })

  it('records Scheduled "Successfully assigned <ns>/<pod> to <node>" for every pod it binds', () => {
    const sim = createSimulation({ seed: 2, freezeObjects: true })
    // client was created with spec.nodeName: the scheduler never sees it (only pods without a node).
    const pods = sim
      .objects()
      .filter((o): o is Pod => o.kind === 'Pod' && o.metadata.name !== 'client')
    expect(pods).toHaveLength(5)
    for (const p of pods) {
      const scheduled = sim
        .events()
        .filter((e) => e.reason === 'Scheduled' && e.involvedObject.uid === p.metadata.uid)
      expect(scheduled).toHaveLength(1)
      expect(scheduled[0]).toMatchObject({
        type: 'Normal',
        message: `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${p.spec.nodeName}`,
        source: { component: 'default-scheduler' },
        involvedObject: { kind: 'Pod', name: p.metadata.name },
      })
      const cond = p.status.conditions?.find((c) => c.type === 'PodScheduled')
      expect(cond?.status).toBe('True')
    }
  })

  it('a pod created with spec.nodeName gets no Scheduled event; the kubelet still reports PodScheduled', () => {
    const sim = createSimulation({ seed: 2, freezeObjects: true })
    const client = sim.object('Pod/default/client') as Pod
    expect(client.spec.nodeName).toBe('node1')
    expect(
      sim
        .events()
        .filter((e) => e.reason === 'Scheduled' && e.involvedObject.uid === client.metadata.uid),
    ).toEqual([])
    expect(client.status.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True')
  })
})

describe('numFeasibleNodesToFind (schedule_one.go, percentageOfNodesToScore unset)', () => {
  it.each([
    [1, 1],
    [10, 10],
    [99, 99],
    [100, 100], // 50% of 100 is 50, raised to minFeasibleNodesToFind
    [200, 100], // 49% → 98 → 100
    [500, 230], // 46%
    [1000, 420], // 42%, as TestNumFeasibleNodesToFind
    [5000, 500], // 10%
    [6000, 300], // 50 - 48 = 2% → floored at 5%, as TestNumFeasibleNodesToFind
  ])('%i nodes → %i', (nodes, expected) => {
    expect(numFeasibleNodesToFind(nodes)).toBe(expected)
  })
})
