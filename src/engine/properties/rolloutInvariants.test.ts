/**
 * Property test of the Deployment controller (issue 3, DESIGN.md §5): random sequences of
 * kubectl scale / set image / rollout undo / pause / resume / delete pod on web, with virtual time
 * passing in between, every image a good one (no pod ever fails). What is asserted, and when:
 *
 * 1. Surge: Σ ReplicaSet spec.replicas (the pods the controller counts, upstream's
 *    GetReplicaCountForReplicaSets) ≤ replicas + maxSurge, whenever the controller has observed the
 *    Deployment's current generation (status.observedGeneration). Between a scale-down and the
 *    sync that handles it the old sizes are still there, so that moment is not checked; the sync
 *    itself (proportional scaling, sync.go scale) brings the total to replicas + maxSurge at most.
 *
 * 2. Availability, when minReadySeconds is 0: Σ ReplicaSet status.availableReplicas (the
 *    controller's count) ≥ replicas − maxUnavailable, from the moment it has been reached with the
 *    counts settled until the next disruption. Disruptions are what upstream does not protect: a pod deleted by the user
 *    (voluntary eviction is a PodDisruptionBudget's job, not the Deployment's), and a change of
 *    replicas (scaling up raises the floor before pods exist; proportional scaling down removes
 *    pods without looking at availability). Rollouts, rollbacks, pause and resume are not
 *    disruptions: while they run the floor must hold. "Settled" means every ReplicaSet has observed
 *    its generation and its status.replicas and readyReplicas agree with its spec and its active
 *    pods, so that a count still including a just-deleted pod cannot arm the check.
 *    Not with minReadySeconds > 0, because upstream does not promise it then either:
 *    cleanupUnhealthyReplicas scales an old ReplicaSet down by its pods that are not *available*,
 *    but the ReplicaSet controller picks its victims by readiness, then by co-located pods
 *    (ActivePodsWithRanks: not-ready < ready, then higher rank first, and only then the shorter
 *    Ready time), so a pod that is Ready but still inside minReadySeconds can outlive an
 *    available one on a more crowded node, and availability drops by one. (Found by this test:
 *    6 replicas, maxSurge 25%, maxUnavailable 0, minReadySeconds 5, rolling back mid-rollout.)
 *
 * 3. Convergence: after the sequence, resume if paused and run until idle; then every replica is
 *    updated and available, the new ReplicaSet holds them all, every old ReplicaSet is at 0 with
 *    no pods, at most revisionHistoryLimit old ReplicaSets are kept, and Progressing says
 *    NewReplicaSetAvailable.
 *
 * 4. Pause: no ReplicaSet is created while spec.paused (sync.go sync never creates the new one).
 *
 * 5. Growth: outside scaling events only the new ReplicaSet grows. Every "Scaled up replica set X"
 *    event names the ReplicaSet of the current template, or one whose desired-replicas annotation
 *    (the replicas it was last sized for) differs from spec.replicas, i.e. proportional scaling.
 *    rolling.go only ever scales old ReplicaSets down (cleanupUnhealthyReplicas refuses a count
 *    that would grow one). Checked in its own test, which the engine fails for now (see there).
 *
 * maxSurge and maxUnavailable are resolved here independently of the controller's helpers
 * (ResolveFenceposts: surge rounds up, unavailable down, both 0 → unavailable 1; MaxUnavailable
 * is capped at replicas and 0 when replicas is 0).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import type { ReplicaSet } from '../model/apps'
import type { EventMark } from '../script/eventLog'
import { eventsSince, markEvents } from '../script/eventLog'
import type { Strategy, WebState } from './webFixtures'
import { controlledBy, manifest, settled, sum, webState, window } from './webFixtures'

const DESIRED = 'deployment.kubernetes.io/desired-replicas'
const IMAGES = ['nginx:1.25', 'nginx:1.26', 'nginx:1.27'] as const

type Action =
  | { kind: 'scale'; replicas: number }
  | { kind: 'image'; image: string }
  | { kind: 'undo' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'deletePod'; index: number }

interface Move {
  action: Action
  waitMs: number
}

const SCALED_UP = /^Scaled up replica set (\S+) from (\d+) to (\d+)$/

/** The invariants checked after every instant, and what they need to remember between instants. */
class Checker {
  /** Whether the availability floor is asserted (see 2 above). */
  armed = false
  readonly history: string[] = []
  private mark: EventMark
  /** Each ReplicaSet's desired-replicas annotation at the previous instant. */
  private desired = new Map<string, string | undefined>()
  /** The ReplicaSets that existed at the previous instant. */
  private known: ReadonlySet<string>

  constructor(
    private readonly sim: Simulation,
    private readonly options: { growth: boolean },
  ) {
    this.mark = markEvents(sim.events())
    this.known = new Set(webState(sim).replicaSets.map((rs) => rs.metadata.name))
  }

  /** A user action that upstream does not protect availability against (see 2 above). */
  disrupted(): void {
    this.armed = false
  }

  private context(state: WebState, w: ReturnType<typeof window>): string {
    return (
      `at ${this.sim.simTimeMs} ms: replicas ${state.d.spec.replicas ?? 1}, window ${JSON.stringify(w)}, ` +
      state.replicaSets
        .map(
          (rs) =>
            `${rs.metadata.name} ${rs.spec.replicas ?? 1} (available ${rs.status.availableReplicas ?? 0})`,
        )
        .join(', ') +
      `\nafter: ${this.history.join(' | ')}`
    )
  }

  check(): void {
    const state = webState(this.sim)
    const { d, replicaSets } = state
    const w = window(d)
    if ((d.status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)) {
      const total = sum(replicaSets, (rs) => rs.spec.replicas ?? 1)
      expect(
        total,
        `Σ spec.replicas > replicas + maxSurge ${this.context(state, w)}`,
      ).toBeLessThanOrEqual(w.maxTotal)
    }
    if (this.options.growth) this.checkGrowth(state, w)
    const names = replicaSets.map((rs) => rs.metadata.name)
    if (d.spec.paused)
      expect(
        names.filter((n) => !this.known.has(n)),
        `a ReplicaSet was created while paused ${this.context(state, w)}`,
      ).toEqual([])
    this.known = new Set(names)
    if ((d.spec.minReadySeconds ?? 0) > 0) return
    const available = sum(replicaSets, (rs) => rs.status.availableReplicas ?? 0)
    if (this.armed) {
      expect(
        available,
        `Σ availableReplicas < replicas − maxUnavailable ${this.context(state, w)}`,
      ).toBeGreaterThanOrEqual(w.minAvailable)
    } else {
      this.armed = available >= w.minAvailable && settled(state)
    }
  }

  /** 4: every "Scaled up" of this instant names the new ReplicaSet, or one sized for other replicas. */
  private checkGrowth(state: WebState, w: ReturnType<typeof window>): void {
    const events = this.sim.events()
    const image = state.d.spec.template.spec?.containers[0]?.image
    const replicas = String(state.d.spec.replicas ?? 1)
    for (const e of eventsSince(events, this.mark)) {
      const m = e.involvedObject.kind === 'Deployment' ? SCALED_UP.exec(e.message) : null
      const rs = m && state.replicaSets.find((r) => r.metadata.name === m[1])
      if (!rs || rs.spec.template.spec?.containers[0]?.image === image) continue
      expect(
        this.desired.get(rs.metadata.name),
        `an old ReplicaSet grew outside a scaling event: "${e.message}" ${this.context(state, w)}`,
      ).not.toBe(replicas)
    }
    this.mark = markEvents(events)
    this.desired = new Map(
      state.replicaSets.map((rs) => [rs.metadata.name, rs.metadata.annotations?.[DESIRED]]),
    )
  }
}

/** The kubectl command for an action, or undefined when it has nothing to act on. */
function commandFor(sim: Simulation, action: Action): string | undefined {
  switch (action.kind) {
    case 'scale':
      return `kubectl scale deployment/web --replicas=${action.replicas}`
    case 'image':
      return `kubectl set image deployment/web nginx=${action.image}`
    case 'undo':
      return 'kubectl rollout undo deployment/web'
    case 'pause':
      return 'kubectl rollout pause deployment/web'
    case 'resume':
      return 'kubectl rollout resume deployment/web'
    case 'deletePod': {
      const pods = webState(sim)
        .pods.filter((p) => !p.metadata.deletionTimestamp)
        .map((p) => p.metadata.name)
        .sort()
      const name = pods[action.index % Math.max(1, pods.length)]
      return name === undefined ? undefined : `kubectl delete pod ${name} --wait=false`
    }
  }
}

function checkConverged(sim: Simulation, limit: number, history: string[]): void {
  const { d, replicaSets, pods } = webState(sim)
  const replicas = d.spec.replicas ?? 1
  const image = d.spec.template.spec?.containers[0]?.image
  const context = `\nafter: ${history.join(' | ')}\n${JSON.stringify({ status: d.status, rs: replicaSets.map((rs) => [rs.metadata.name, rs.spec.replicas, rs.status, rs.spec.template.spec?.containers[0]?.image]) })}`
  const current = replicaSets.filter((rs) => rs.spec.template.spec?.containers[0]?.image === image)
  const old = replicaSets.filter((rs) => !current.includes(rs))
  expect(current.length, `one ReplicaSet with the current template${context}`).toBe(1)
  const newRS = current[0] as ReplicaSet
  expect(
    {
      observed: (d.status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0),
      replicas: d.status.replicas ?? 0,
      updated: d.status.updatedReplicas ?? 0,
      ready: d.status.readyReplicas ?? 0,
      available: d.status.availableReplicas ?? 0,
      newRS: [newRS.spec.replicas, newRS.status.availableReplicas ?? 0],
      oldRSs: old.map((rs) => [rs.spec.replicas, rs.status.replicas]),
      podsOfOldRSs: pods.filter((p) => !controlledBy(p, newRS.metadata.uid)).length,
      podsOfNewRS: pods.filter((p) => controlledBy(p, newRS.metadata.uid)).length,
      progressing: d.status.conditions?.find((c) => c.type === 'Progressing')?.reason,
    },
    `not converged${context}`,
  ).toEqual({
    observed: true,
    replicas,
    updated: replicas,
    ready: replicas,
    available: replicas,
    newRS: [replicas, replicas],
    oldRSs: old.map(() => [0, 0]),
    podsOfOldRSs: 0,
    podsOfNewRS: replicas,
    progressing: 'NewReplicaSetAvailable',
  })
  expect(
    old.length,
    `old ReplicaSets kept beyond revisionHistoryLimit${context}`,
  ).toBeLessThanOrEqual(limit)
}

/** Lets waitMs of sim time pass one instant at a time, checking after each. */
function advance(sim: Simulation, waitMs: number, checker: Checker): void {
  const until = sim.simTimeMs + waitMs
  for (;;) {
    const next = sim.nextTaskAtMs()
    if (next === undefined || next > until) break
    sim.step()
    checker.check()
  }
  sim.advanceTo(until)
}

const intOrPercent = (ints: number[], percents: string[]) =>
  fc.oneof(fc.constantFrom(...ints), fc.constantFrom(...percents))

const strategyArb: fc.Arbitrary<Strategy> = fc
  .record({
    replicas: fc.integer({ min: 1, max: 8 }),
    maxSurge: intOrPercent([0, 1, 2, 3], ['0%', '25%', '50%', '100%']),
    maxUnavailable: intOrPercent([0, 1, 2], ['0%', '25%', '50%']),
    revisionHistoryLimit: fc.constantFrom(0, 1, 2, 10),
    minReadySeconds: fc.constantFrom(0, 0, 5),
  })
  // Validation refuses maxSurge and maxUnavailable both 0.
  .filter((s) => !(parseInt(String(s.maxSurge)) === 0 && parseInt(String(s.maxUnavailable)) === 0))

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('image' as const),
      image: fc.constantFrom(...IMAGES),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('scale' as const),
      replicas: fc.integer({ min: 0, max: 10 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resume' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('deletePod' as const), index: fc.nat(20) }),
  },
)

const moveArb: fc.Arbitrary<Move> = fc.record({
  action: actionArb,
  waitMs: fc.oneof(fc.integer({ min: 0, max: 1_500 }), fc.integer({ min: 1_500, max: 15_000 })),
})

/** Plays one sequence; throws (through expect) at the first broken invariant. */
function play(
  strategy: Strategy,
  moves: readonly Move[],
  seed: number,
  options = { growth: false },
): void {
  const sim = createSimulation({ seed })
  const applied = sim.run('kubectl apply -f -', manifest(strategy))
  expect(applied.ok, `apply: ${applied.error ?? ''}`).toBe(true)
  const checker = new Checker(sim, options)
  checker.history.push(`apply ${JSON.stringify(strategy)}`)
  advance(sim, 30_000, checker)
  for (const { action, waitMs } of moves) {
    const command = commandFor(sim, action)
    if (command) {
      const result = sim.run(command)
      checker.history.push(
        `${command}${result.ok ? '' : ` (failed: ${result.error ?? ''})`} @${sim.simTimeMs}`,
      )
      if (result.ok && (action.kind === 'scale' || action.kind === 'deletePod')) checker.disrupted()
    }
    advance(sim, waitMs, checker)
  }
  if (webState(sim).d.spec.paused) {
    const resumed = sim.run('kubectl rollout resume deployment/web')
    expect(resumed.ok, `resume: ${resumed.error ?? ''}`).toBe(true)
  }
  checker.history.push('resume, run until idle')
  for (;;) {
    if (sim.nextTaskAtMs() === undefined) break
    expect(sim.simTimeMs, 'went idle within an hour').toBeLessThan(3_600_000)
    sim.step()
    checker.check()
  }
  checkConverged(sim, strategy.revisionHistoryLimit, checker.history)
}

const sequences = fc.tuple(
  strategyArb,
  fc.array(moveArb, { minLength: 1, maxLength: 10 }),
  fc.integer({ min: 1, max: 1000 }),
)

// 40 whole simulations each: a few seconds on a quiet machine, given room on a loaded one.
describe('Deployment controller invariants (property)', { timeout: 60_000 }, () => {
  it('surge and availability hold at every instant, and every sequence converges', () => {
    fc.assert(
      fc.property(sequences, ([strategy, moves, seed]) => play(strategy, moves, seed)),
      { numRuns: 40, seed: 20260105 },
    )
  })

  // An old ReplicaSet's status.availableReplicas can be above its spec.replicas right after a
  // scale-down; cleanupUnhealthyReplicas must then refuse ("got invalid request to scale down")
  // instead of scaling it back up. (This seed showed the bug in its first sequence.)
  it('outside scaling events only the new ReplicaSet grows (rolling.go never scales an old one up)', () => {
    fc.assert(
      fc.property(sequences, ([strategy, moves, seed]) =>
        play(strategy, moves, seed, { growth: true }),
      ),
      { numRuns: 40, seed: 20260105, endOnFailure: true },
    )
  })
})
