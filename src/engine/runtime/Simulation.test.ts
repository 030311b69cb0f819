import { describe, expect, it } from 'vitest'
import type { Simulation, SimulationSnapshot } from '../index'
import { createSimulation, restoreSimulation } from '../index'
import type { Pod } from '../model/pod'

/** The session both runs replay: scale up, let it settle, scale down part way. */
const SESSION: { afterMs: number; command: string }[] = [
  { afterMs: 0, command: 'kubectl scale deployment/web --replicas=8' },
  { afterMs: 20_000, command: 'kubectl scale deployment/web --replicas=5' },
  { afterMs: 40_000, command: 'sim add node node4' },
  { afterMs: 0, command: 'kubectl scale deployment/web --replicas=9' },
]

function play(sim: Simulation, from = 0, to = SESSION.length): void {
  for (const { afterMs, command } of SESSION.slice(from, to)) {
    sim.advanceTo(sim.simTimeMs + afterMs)
    expect(sim.run(command).ok).toBe(true)
  }
}

describe('Simulation determinism (DESIGN.md §2 "Time is virtual", §5 determinism)', () => {
  it('the same seed and the same commands give identical snapshots and event logs', () => {
    const a = createSimulation({ seed: 123, freezeObjects: true })
    const b = createSimulation({ seed: 123, freezeObjects: true })
    expect(JSON.stringify(b.snapshot())).toEqual(JSON.stringify(a.snapshot()))
    play(a)
    play(b)
    a.advanceTo(a.simTimeMs + 60_000)
    b.advanceTo(b.simTimeMs + 60_000)
    expect(JSON.stringify(b.events())).toBe(JSON.stringify(a.events()))
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()))
  })

  it('snapshot → restoreSimulation → continue equals an uninterrupted run', () => {
    const straight = createSimulation({ seed: 7, freezeObjects: true })
    const first = createSimulation({ seed: 7, freezeObjects: true })
    play(straight, 0, 1)
    play(first, 0, 1)
    // Cut mid-flight: pods are being scheduled, pulled and started.
    straight.advanceTo(straight.simTimeMs + 1_500)
    first.advanceTo(first.simTimeMs + 1_500)
    const cut = JSON.parse(JSON.stringify(first.snapshot())) as SimulationSnapshot
    const resumed = restoreSimulation(cut, { freezeObjects: true })
    expect(resumed.simTimeMs).toBe(first.simTimeMs)
    expect(JSON.stringify(resumed.snapshot())).toEqual(JSON.stringify(first.snapshot()))

    play(straight, 1)
    play(resumed, 1)
    straight.advanceTo(straight.simTimeMs + 60_000)
    resumed.advanceTo(resumed.simTimeMs + 60_000)

    expect(resumed.objects()).toEqual(straight.objects())
    expect(resumed.events()).toEqual(straight.events())
    expect(resumed.commandLog()).toEqual(straight.commandLog())
    expect(JSON.stringify(resumed.snapshot())).toBe(JSON.stringify(straight.snapshot()))
  })

  it('snapshot → restore → continue also matches while pods crash-loop and fail to pull', () => {
    const commands = [
      'kubectl create deployment crash --image=kubeplayground/web:crashloop --replicas=2',
      'kubectl create deployment bad --image=nginx:1.99',
    ]
    const straight = createSimulation({ seed: 11, freezeObjects: true })
    const first = createSimulation({ seed: 11, freezeObjects: true })
    for (const sim of [straight, first]) {
      for (const command of commands) expect(sim.run(command).ok).toBe(true)
      // Cut inside the back-offs: containers have exited and pulls failed a few times already.
      sim.advanceTo(sim.simTimeMs + 47_300)
    }
    const cut = JSON.parse(JSON.stringify(first.snapshot())) as SimulationSnapshot
    const resumed = restoreSimulation(cut, { freezeObjects: true })
    for (const sim of [straight, resumed]) sim.advanceTo(sim.simTimeMs + 400_000)

    expect(resumed.objects()).toEqual(straight.objects())
    expect(resumed.events()).toEqual(straight.events())
    expect(JSON.stringify(resumed.snapshot())).toBe(JSON.stringify(straight.snapshot()))
    const restarts = resumed
      .objects()
      .filter((o): o is Pod => o.kind === 'Pod' && o.metadata.name.startsWith('crash-'))
      .map((p) => p.status.containerStatuses?.[0]?.restartCount ?? 0)
    expect(restarts).toHaveLength(2)
    expect(Math.min(...restarts)).toBeGreaterThanOrEqual(5)
  })

  it('a restore in the middle of an instant-heavy burst (stepping) also matches', () => {
    const straight = createSimulation({ seed: 99, freezeObjects: true })
    const first = createSimulation({ seed: 99, freezeObjects: true })
    for (const s of [straight, first]) s.run('kubectl scale deployment/web --replicas=8')
    for (let i = 0; i < 7; i++) {
      straight.step()
      first.step()
    }
    const resumed = restoreSimulation(first.snapshot(), { freezeObjects: true })
    for (let i = 0; i < 400; i++) {
      const x = straight.step()
      const y = resumed.step()
      expect(y).toBe(x)
      if (x === undefined) break
    }
    expect(resumed.objects()).toEqual(straight.objects())
    expect(resumed.events()).toEqual(straight.events())
  })

  it('different seeds differ (generated pod names, uids)', () => {
    // Names the controllers generate (generateName + random suffix); the bare pod client's is fixed.
    const podNames = (sim: Simulation) =>
      sim
        .objects()
        .filter((o) => o.kind === 'Pod' && o.metadata.generateName)
        .map((o) => o.metadata.name)
        .sort()
    const a = createSimulation({ seed: 1, freezeObjects: true })
    const b = createSimulation({ seed: 2, freezeObjects: true })
    for (const sim of [a, b]) expect(sim.object('Pod/default/client')).toBeDefined()
    // 2 CoreDNS + 3 web.
    expect(podNames(a)).toHaveLength(5)
    expect(podNames(b)).toHaveLength(5)
    expect(podNames(b)).not.toEqual(podNames(a))
    expect(JSON.stringify(b.snapshot().store)).not.toBe(JSON.stringify(a.snapshot().store))
  })

  it('refuses a snapshot from another schema version', () => {
    const snap = createSimulation({ seed: 1 }).snapshot()
    expect(() => restoreSimulation({ ...snap, schemaVersion: snap.schemaVersion + 1 })).toThrow(
      /unsupported snapshot schema version/,
    )
  })
})
