import { describe, expect, it } from 'vitest'
import type { Simulation, SimulationSnapshot } from '../engine'
import { createSimulation, restoreSimulation } from '../engine'
import { CACHE_MIN_BUILD_MS, cachingFactory } from './scenarioCache'

const engine = { create: createSimulation, restore: restoreSimulation }

/** The same few minutes of a session, on any simulation. */
function play(sim: Simulation): SimulationSnapshot {
  sim.advanceTo(sim.simTimeMs + 5_000)
  sim.run('kubectl scale deployment/web --replicas=6')
  sim.advanceTo(sim.simTimeMs + 20_000)
  sim.run('kubectl set image deployment/web nginx=nginx:1.26')
  sim.stepToNextDecision('Deployment/default/web')
  sim.run('sim advance 90s')
  return sim.snapshot()
}

describe('the built-scenario cache', () => {
  it('keeps slow builds, and a start from the kept snapshot plays exactly as a build', () => {
    let clock = 0
    const kept: SimulationSnapshot[] = []
    const slow = cachingFactory(
      {
        ...engine,
        create: (o) => {
          clock += CACHE_MIN_BUILD_MS
          return createSimulation(o)
        },
      },
      () => clock,
      (_scenario, _seed, snapshot) => kept.push(snapshot),
    )
    const built = slow.create({ scenario: 'default', seed: 3 })
    expect(kept).toHaveLength(1)

    const fast = cachingFactory(
      engine,
      () => 0,
      () => {
        throw new Error('a restored scenario is not kept again')
      },
    )
    // A snapshot for another seed is not used.
    fast.prefetched('default', 4, kept[0] as SimulationSnapshot)
    expect(fast.create({ scenario: 'default', seed: 3 }).seed).toBe(3)
    fast.prefetched('default', 3, kept[0] as SimulationSnapshot)
    const restored = fast.create({ scenario: 'default', seed: 3 })
    expect(play(restored)).toEqual(play(built))
  })

  it('does not keep quick builds', () => {
    const kept: unknown[] = []
    const factory = cachingFactory(
      engine,
      () => 0,
      (...args) => kept.push(args),
    )
    factory.create({ scenario: 'default' })
    expect(kept).toEqual([])
  })
})
