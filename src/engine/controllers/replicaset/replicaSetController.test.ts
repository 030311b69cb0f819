/**
 * The ReplicaSet controller end to end (pkg/controller/replicaset/replica_set.go manageReplicas,
 * RealPodControl in pkg/controller/controller_utils.go), driven through kubectl in the default
 * scenario: node1 (control plane), node2, node3, and web with 3 replicas (plus the bare pod client
 * on node1, which the helpers leave out).
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'
import type { ReplicaSet } from '../../model/apps'
import type { ClusterEvent } from '../../model/event'
import type { Pod } from '../../model/pod'
import { BURST_REPLICAS } from './replicaSetController'

/** web's pods (label app=web); the scenario's bare pod client on node1 is not one of them. */
const pods = (sim: Simulation) =>
  sim
    .objects()
    .filter(
      (o): o is Pod =>
        o.kind === 'Pod' && o.metadata.namespace === 'default' && o.metadata.labels?.app === 'web',
    )
const webRS = (sim: Simulation) =>
  sim
    .objects()
    .find(
      (o): o is ReplicaSet => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default',
    ) as ReplicaSet
const perNode = (list: Pod[]) => {
  const counts: Record<string, number> = {}
  for (const p of list) counts[p.spec.nodeName ?? ''] = (counts[p.spec.nodeName ?? ''] ?? 0) + 1
  return counts
}
const rsEvents = (sim: Simulation, reason: string): ClusterEvent[] =>
  sim.events().filter((e) => e.involvedObject.kind === 'ReplicaSet' && e.reason === reason)

describe('ReplicaSet scale-down picks pods with getPodsToDelete', () => {
  it.each([1, 2, 3])('3 → 2 removes one of the two co-located pods (seed %i)', (seed) => {
    const sim = createSimulation({ seed, freezeObjects: true })
    const before = pods(sim)
    expect(Object.values(perNode(before)).sort()).toEqual([1, 2])
    expect(sim.run('kubectl scale deployment/web --replicas=2').ok).toBe(true)
    sim.advanceTo(sim.simTimeMs + 60_000)
    const after = pods(sim)
    expect(perNode(after)).toEqual({ node2: 1, node3: 1 })
    const deleted = rsEvents(sim, 'SuccessfulDelete')
    expect(deleted).toHaveLength(1)
    const victim = before.find((p) => deleted[0]?.message === `Deleted pod: ${p.metadata.name}`)
    expect(victim).toBeDefined()
    expect(perNode(before)[victim?.spec.nodeName ?? '']).toBe(2)
  })

  it('8 → 2 with 4/4 on the nodes: equal ranks, so the pods ready for the shortest time go first', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const original = new Set(pods(sim).map((p) => p.metadata.name))
    sim.run('kubectl scale deployment/web --replicas=8')
    sim.advanceTo(sim.simTimeMs + 60_000)
    const eight = pods(sim)
    expect(perNode(eight)).toEqual({ node2: 4, node3: 4 })
    sim.run('kubectl scale deployment/web --replicas=2')
    sim.advanceTo(sim.simTimeMs + 60_000)
    const survivors = pods(sim).map((p) => p.metadata.name)
    expect(survivors).toHaveLength(2)
    // Ranks are computed once for the whole batch (4 and 4), so rank does not spread here; the 5
    // newer pods are in a younger log2 bucket of Ready age (~57 s vs ~86 s) and go first.
    expect(survivors.every((name) => original.has(name))).toBe(true)
    const deleted = rsEvents(sim, 'SuccessfulDelete').map((e) => e.message)
    expect(deleted).toHaveLength(6)
    for (const p of eight.filter((p) => !original.has(p.metadata.name)))
      expect(deleted).toContain(`Deleted pod: ${p.metadata.name}`)
  })
})

describe('ReplicaSet scale-up: pods from the template (RealPodControl.CreatePods)', () => {
  it('creates pods named <rs>-<5 random>, owned by the ReplicaSet, each with a SuccessfulCreate event', () => {
    const sim = createSimulation({ seed: 4, freezeObjects: true })
    const rs = webRS(sim)
    const before = new Set(pods(sim).map((p) => p.metadata.name))
    const createdBefore = rsEvents(sim, 'SuccessfulCreate').length
    sim.run('kubectl scale deployment/web --replicas=6')
    sim.advanceTo(sim.simTimeMs + 1_000)
    const fresh = pods(sim).filter((p) => !before.has(p.metadata.name))
    expect(fresh).toHaveLength(3)
    for (const p of fresh) {
      expect(p.metadata.generateName).toBe(`${rs.metadata.name}-`)
      expect(p.metadata.name).toMatch(
        new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`),
      )
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name,
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ])
      expect(p.metadata.labels).toEqual(rs.spec.template.metadata?.labels)
    }
    const created = rsEvents(sim, 'SuccessfulCreate').slice(createdBefore)
    expect(created.map((e) => e.message).sort()).toEqual(
      fresh.map((p) => `Created pod: ${p.metadata.name}`).sort(),
    )
    for (const e of created) {
      expect(e.type).toBe('Normal')
      expect(e.involvedObject).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name })
      expect(e.source.component).toBe('replicaset-controller')
    }
    // The events belong to the ReplicaSet, not the Deployment.
    expect(
      sim
        .events()
        .filter((e) => e.involvedObject.kind === 'Deployment' && e.reason === 'SuccessfulCreate'),
    ).toEqual([])
  })

  it(`creates at most BurstReplicas = ${BURST_REPLICAS} pods in one sync`, () => {
    expect(BURST_REPLICAS).toBe(500)
    const sim = createSimulation({ seed: 5, freezeObjects: true })
    sim.run('kubectl scale deployment/web --replicas=603')
    let count = pods(sim).length
    expect(count).toBe(3)
    // Step instant by instant until the first ReplicaSet sync has created pods.
    for (let i = 0; i < 50 && count === 3; i++) {
      sim.step()
      count = pods(sim).length
    }
    expect(count).toBe(3 + 500)
    // The next sync (woken by the creations) makes the remaining 100.
    for (let i = 0; i < 50 && count === 503; i++) {
      sim.step()
      count = pods(sim).length
    }
    expect(count).toBe(603)
  })
})
