/**
 * One RollingUpdate step as pure planners (pkg/controller/deployment/rolling.go): the cases of
 * upstream's rolling_test.go, then the worked trace of spec §3.5.3.
 */
import { describe, expect, it } from 'vitest'
import type { Deployment, IntOrString, ReplicaSet } from '../../model/apps'
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from './rolling'
import { newRSNewReplicas } from './deploymentUtil'
import { deployment, replicaSet } from './testFixtures'

const dep = (replicas: number, maxSurge: IntOrString, maxUnavailable: IntOrString) =>
  deployment({ replicas, maxSurge, maxUnavailable })
const rs = (name: string, replicas: number, available = 0, createdAtMs = 0) =>
  replicaSet({ name, replicas, available, createdAtMs })

describe('reconcileNewReplicaSet (TestDeploymentController_reconcileNewReplicaSet)', () => {
  it.each([
    [10, 0, 10, 0, undefined],
    [10, 2, 10, 0, 2],
    [10, 2, 5, 0, 7],
    [10, 2, 10, 2, undefined],
    [10, 2, 2, 11, 10], // above replicas: straight down
  ])(
    'replicas %i, maxSurge %i, old %i, new %i → %s',
    (replicas, surge, oldReplicas, newReplicas, expected) => {
      const newRS = rs('foo-new', newReplicas)
      const d = dep(replicas, surge, 0)
      expect(reconcileNewReplicaSet([newRS, rs('foo-old', oldReplicas)], newRS, d)?.to).toBe(
        expected,
      )
    },
  )
})

describe('reconcileOldReplicaSets (TestDeploymentController_reconcileOldReplicaSets)', () => {
  it.each([
    { maxUnavailable: 0, old: 10, neu: 0, oldReady: 10, newReady: 0, expected: 9 },
    { maxUnavailable: 2, old: 10, neu: 0, oldReady: 10, newReady: 0, expected: 8 },
    // Unhealthy old pods are cleaned up first.
    { maxUnavailable: 2, old: 10, neu: 0, oldReady: 8, newReady: 0, expected: 8 },
    // One unhealthy cleaned up, one ready scaled down.
    { maxUnavailable: 2, old: 10, neu: 0, oldReady: 9, newReady: 0, expected: 8 },
    // Unavailable new pods stop the old ones from going further down.
    { maxUnavailable: 2, old: 8, neu: 2, oldReady: 8, newReady: 0, expected: undefined },
  ])(
    '$old old ($oldReady available), $neu new ($newReady available), maxUnavailable $maxUnavailable → $expected',
    (c) => {
      const newRS = rs('foo-new', c.neu, c.newReady)
      const oldRS = rs('foo-old', c.old, c.oldReady)
      const plan = reconcileOldReplicaSets(
        [oldRS, newRS],
        [oldRS],
        newRS,
        dep(10, 0, c.maxUnavailable),
      )
      expect(plan.decisions.at(-1)?.to).toBe(c.expected)
      expect(plan.decisions.every((x) => x.rs.metadata.name === 'foo-old')).toBe(true)
    },
  )

  it('reports the arithmetic: maxScaledDown = all pods - minAvailable - new unavailable', () => {
    const newRS = rs('foo-new', 3, 1)
    const oldRS = rs('foo-old', 10, 10)
    const plan = reconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, dep(10, '25%', '25%'))
    expect(plan).toMatchObject({
      allPodsCount: 13,
      minAvailable: 8,
      newRSUnavailablePodCount: 2,
      maxScaledDown: 3,
    })
    expect(plan.decisions.map((x) => [x.from, x.to])).toEqual([[10, 7]])
  })
})

describe('cleanupUnhealthyReplicas (TestDeploymentController_cleanupUnhealthyReplicas)', () => {
  it.each([
    [10, 8, 1, 1],
    [10, 8, 3, 2],
    [10, 8, 0, 0],
    [10, 10, 3, 0],
  ])('old %i with %i available, maxCleanup %i → %i cleaned', (old, ready, max, expected) => {
    const r = cleanupUnhealthyReplicas([rs('foo-v2', old, ready)], dep(10, 2, 2), max)
    expect(r.cleanupCount).toBe(expected)
    expect(r.oldRSs[0]?.spec.replicas).toBe(old - expected)
  })

  it('goes oldest first and skips ReplicaSets with nothing unavailable', () => {
    const newer = rs('newer', 4, 1, 20_000)
    const healthy = rs('healthy', 3, 3, 5_000)
    const oldest = rs('oldest', 2, 1, 0)
    const r = cleanupUnhealthyReplicas([newer, healthy, oldest], dep(10, 2, 2), 3)
    expect(r.decisions.map((x) => [x.rs.metadata.name, x.from, x.to])).toEqual([
      ['oldest', 2, 1],
      ['newer', 4, 2],
    ])
  })
})

describe('scaleDownOldReplicaSetsForRollingUpdate (TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate)', () => {
  it.each([
    [0, 10, 10, 9],
    [2, 10, 10, 8],
    [2, 8, 10, undefined],
    [2, 10, 0, undefined],
    [2, 1, 10, undefined],
  ])('maxUnavailable %i, %i available, old %i → %s', (maxUnavailable, ready, old, expected) => {
    const oldRS = rs('foo-v2', old, ready)
    const r = scaleDownOldReplicaSetsForRollingUpdate([oldRS], [oldRS], dep(10, 0, maxUnavailable))
    expect(r.decisions[0]?.to).toBe(expected)
    expect(r.decisions.length).toBe(expected === undefined ? 0 : 1)
  })
})

/** The spec §3.5.3 trace as a little driver over the planners, with the RS status set by hand. */
describe('worked trace §3.5.3: 10 replicas, 25%/25% (surge 3, unavailable 2, minAvailable 8)', () => {
  const d: Deployment = dep(10, '25%', '25%')
  let old = rs('web-old', 10, 10, 0)
  let neu = rs('web-new', 0, 0, 60_000)
  const set = (r: ReplicaSet, replicas: number, available = r.status.availableReplicas ?? 0) => ({
    ...r,
    spec: { ...r.spec, replicas },
    status: { ...r.status, availableReplicas: available },
  })
  /** rolloutRolling: scale the new ReplicaSet up if it can; only otherwise scale the old ones down. */
  function sync(): [string, number, number][] {
    const all = [old, neu]
    const up = reconcileNewReplicaSet(all, neu, d)
    if (up) {
      neu = set(neu, up.to)
      return [[up.rs.metadata.name, up.from, up.to]]
    }
    const plan = reconcileOldReplicaSets(all, [old], neu, d)
    for (const x of plan.decisions) old = set(old, x.to)
    return plan.decisions.map((x) => [x.rs.metadata.name, x.from, x.to])
  }

  it('steps exactly as the spec says', () => {
    // 1. The new ReplicaSet is created at min(13 - 10, 10) = 3, then the same sync scales old 10 → 8.
    neu = set(neu, newRSNewReplicas(d, [old, neu], neu))
    expect(neu.spec.replicas).toBe(3)
    expect(sync()).toEqual([['web-old', 10, 8]])
    // 2. Next sync: total 11 < 13, so new 3 → 5; then it waits while the new pods are unavailable.
    expect(sync()).toEqual([['web-new', 3, 5]])
    expect(sync()).toEqual([])
    // 3. With all 5 new pods available, old goes 8 → 3 (available 13 is 5 over minAvailable 8).
    old = set(old, 8, 8)
    neu = set(neu, 5, 5)
    expect(sync()).toEqual([['web-old', 8, 3]])
    expect(sync()).toEqual([['web-new', 5, 10]])
    neu = set(neu, 10, 5)
    old = set(old, 3, 3)
    expect(sync()).toEqual([])
    neu = set(neu, 10, 10)
    expect(sync()).toEqual([['web-old', 3, 0]])
    expect(sync()).toEqual([])
  })

  it('with only some new pods available, old goes down by what availability allows', () => {
    old = rs('web-old', 8, 8, 0)
    neu = rs('web-new', 5, 2, 60_000)
    // maxScaledDown = 13 - 8 - 3 = 2; available 10 - minAvailable 8 = 2.
    expect(sync()).toEqual([['web-old', 8, 6]])
  })

  it('stalls at 8 old + 5 new when the new pods never become available', () => {
    old = rs('web-old', 10, 10, 0)
    neu = rs('web-new', 0, 0, 60_000)
    neu = set(neu, newRSNewReplicas(d, [old, neu], neu))
    for (let i = 0; i < 10; i++) sync()
    expect([old.spec.replicas, neu.spec.replicas]).toEqual([8, 5])
  })
})
