/** The Deployment arithmetic (pkg/controller/deployment/util/deployment_util.go), spec §3. */
import { describe, expect, it } from 'vitest'
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  MAX_REV_HISTORY_LENGTH_IN_CHARS,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  findActiveOrLatest,
  getProportion,
  getReplicaSetFraction,
  goRound,
  isSaturated,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  resolveFenceposts,
  setNewReplicaSetAnnotations,
} from './deploymentUtil'
import { deployment, replicaSet } from './testFixtures'

describe('ResolveFenceposts: surge rounds up, unavailable rounds down', () => {
  it.each([
    [1, 1, 0],
    [2, 1, 0],
    [3, 1, 0],
    [4, 1, 1],
    [10, 3, 2],
    [100, 25, 25],
  ])('25%%/25%% of %i replicas → surge %i, unavailable %i', (replicas, surge, unavailable) => {
    expect(resolveFenceposts('25%', '25%', replicas)).toEqual({ surge, unavailable })
  })

  it('forces maxUnavailable to 1 when both resolve to 0', () => {
    expect(resolveFenceposts(0, 0, 10)).toEqual({ surge: 0, unavailable: 1 })
    expect(resolveFenceposts(0, '1%', 10)).toEqual({ surge: 0, unavailable: 1 })
    expect(resolveFenceposts(undefined, undefined, 5)).toEqual({ surge: 0, unavailable: 1 })
    // Only when both are 0: a surge keeps unavailable at 0.
    expect(resolveFenceposts('1%', '1%', 10)).toEqual({ surge: 1, unavailable: 0 })
  })

  it('uses integers as they are, and rejects a string that is not a percentage', () => {
    expect(resolveFenceposts(2, 3, 10)).toEqual({ surge: 2, unavailable: 3 })
    expect(() => resolveFenceposts('two', 1, 10)).toThrow(
      'invalid value for IntOrString: invalid type: string is not a percentage',
    )
  })
})

describe('MaxSurge / MaxUnavailable / MinAvailable', () => {
  it('caps maxUnavailable at replicas, but never caps maxSurge', () => {
    const d = deployment({ replicas: 3, maxSurge: 5, maxUnavailable: 5 })
    expect(maxUnavailable(d)).toBe(3)
    expect(maxSurge(d)).toBe(5)
    expect(minAvailable(d)).toBe(0)
    expect(maxUnavailable(deployment({ replicas: 4, maxSurge: 0, maxUnavailable: '100%' }))).toBe(4)
  })

  it('is 0 for replicas 0 (unavailable) and for Recreate (both)', () => {
    expect(
      maxUnavailable(deployment({ replicas: 0, maxSurge: '25%', maxUnavailable: '25%' })),
    ).toBe(0)
    const recreate = deployment({ replicas: 5, type: 'Recreate' })
    expect([maxSurge(recreate), maxUnavailable(recreate), minAvailable(recreate)]).toEqual([
      0, 0, 0,
    ])
  })

  it('with the 25%/25% defaults and 10 replicas: surge 3, unavailable 2, minAvailable 8', () => {
    const d = deployment({ replicas: 10, maxSurge: '25%', maxUnavailable: '25%' })
    expect([maxSurge(d), maxUnavailable(d), minAvailable(d)]).toEqual([3, 2, 8])
  })
})

describe('NewRSNewReplicas (TestNewRSNewReplicas)', () => {
  const rs5 = replicaSet({ name: 'rs5', replicas: 5 })
  it('cannot scale up past replicas + maxSurge: keeps the new ReplicaSet size', () => {
    const d = deployment({ replicas: 1, maxSurge: 1, maxUnavailable: 1 })
    expect(newRSNewReplicas(d, [rs5], replicaSet({ name: 'new', replicas: 5 }))).toBe(5)
  })
  it('scales up, but not past the Deployment replicas', () => {
    const d = deployment({ replicas: 6, maxSurge: 10, maxUnavailable: 1 })
    expect(newRSNewReplicas(d, [rs5], replicaSet({ name: 'new', replicas: 2 }))).toBe(6)
  })
  it('Recreate goes straight to replicas', () => {
    const d = deployment({ replicas: 3, type: 'Recreate' })
    expect(newRSNewReplicas(d, [rs5], replicaSet({ name: 'new', replicas: 1 }))).toBe(3)
  })
  it('a fresh new ReplicaSet for 10 replicas at 25% surge starts at min(13 - 10, 10) = 3', () => {
    const d = deployment({ replicas: 10, maxSurge: '25%', maxUnavailable: '25%' })
    const fresh = replicaSet({ name: 'new', replicas: 0 })
    expect(newRSNewReplicas(d, [replicaSet({ name: 'old', replicas: 10 }), fresh], fresh)).toBe(3)
  })
})

describe('getReplicaSetFraction / GetProportion', () => {
  const annotated = (name: string, replicas: number, max: number) =>
    replicaSet({ name, replicas, annotations: { [MAX_REPLICAS_ANNOTATION]: String(max) } })

  it('scales by (replicas + maxSurge) / the max-replicas annotation, rounding half away from zero', () => {
    const d = deployment({ replicas: 10, maxSurge: 0, maxUnavailable: 1 })
    expect(getReplicaSetFraction(annotated('a', 3, 5), d)).toBe(3) // 3 × 10/5 = 6
    expect(getReplicaSetFraction(annotated('b', 1, 4), d)).toBe(2) // 2.5 → 3
    const down = deployment({ replicas: 8, maxSurge: 0, maxUnavailable: 1 })
    expect(getReplicaSetFraction(annotated('c', 8, 13), down)).toBe(-3) // 4.92 → 5
    expect([goRound(2.5), goRound(-2.5), goRound(-2.4), goRound(1.5)]).toEqual([3, -3, -2, 2])
  })

  it('scaling to 0 takes the whole ReplicaSet', () => {
    const d = deployment({ replicas: 0, maxSurge: 1, maxUnavailable: 0 })
    expect(getReplicaSetFraction(annotated('a', 7, 9), d)).toBe(-7)
  })

  it('without the annotation falls back to status.replicas, and to 0 when that is 0 too', () => {
    const rs = replicaSet({ name: 'a', replicas: 2 })
    expect(
      getReplicaSetFraction(
        rs,
        deployment({ replicas: 8, maxSurge: 0, maxUnavailable: 1, statusReplicas: 4 }),
      ),
    ).toBe(2)
    expect(
      getReplicaSetFraction(rs, deployment({ replicas: 8, maxSurge: 0, maxUnavailable: 1 })),
    ).toBe(0)
    const zero = replicaSet({
      name: 'z',
      replicas: 2,
      annotations: { [MAX_REPLICAS_ANNOTATION]: '0' },
    })
    expect(
      getReplicaSetFraction(
        zero,
        deployment({ replicas: 8, maxSurge: 0, maxUnavailable: 1, statusReplicas: 4 }),
      ),
    ).toBe(2)
  })

  it('never hands out more than is left to add (or remove)', () => {
    const d = deployment({ replicas: 10, maxSurge: 0, maxUnavailable: 1 })
    const rs = annotated('a', 3, 5) // fraction +3
    expect(getProportion(rs, d, 5, 0)).toBe(3)
    expect(getProportion(rs, d, 5, 3)).toBe(2)
    expect(getProportion(rs, d, 5, 5)).toBe(0)
    expect(getProportion(replicaSet({ name: 'empty', replicas: 0 }), d, 5, 0)).toBe(0)
    expect(getProportion(undefined, d, 5, 0)).toBe(0)
    const down = deployment({ replicas: 2, maxSurge: 0, maxUnavailable: 1 })
    const big = annotated('b', 8, 10) // 8 × 2/10 = 1.6 → 2: fraction -6
    expect(getProportion(big, down, -8, 0)).toBe(-6)
    expect(getProportion(big, down, -8, -4)).toBe(-4)
  })
})

describe('IsSaturated', () => {
  const d = deployment({ replicas: 3, maxSurge: 1, maxUnavailable: 0 })
  const rs = (replicas: number, desired: string | undefined, available: number) =>
    replicaSet({
      name: 'new',
      replicas,
      available,
      ...(desired !== undefined ? { annotations: { [DESIRED_REPLICAS_ANNOTATION]: desired } } : {}),
    })
  it('needs spec == desired annotation == available == replicas', () => {
    expect(isSaturated(d, rs(3, '3', 3))).toBe(true)
    expect(isSaturated(d, rs(2, '3', 3))).toBe(false)
    expect(isSaturated(d, rs(3, '2', 3))).toBe(false)
    expect(isSaturated(d, rs(3, '3', 2))).toBe(false)
    expect(isSaturated(d, rs(3, undefined, 3))).toBe(false)
    expect(isSaturated(d, rs(3, 'x', 3))).toBe(false)
    expect(isSaturated(d, undefined)).toBe(false)
  })
})

describe('FindActiveOrLatest', () => {
  const older = replicaSet({ name: 'older', replicas: 0, createdAtMs: 0 })
  const old = replicaSet({ name: 'old', replicas: 0, createdAtMs: 10_000 })
  const name = (rs: { metadata: { name: string } } | undefined) => rs?.metadata.name
  it('returns nothing for nothing', () => {
    expect(findActiveOrLatest(undefined, [])).toBeUndefined()
  })
  it('returns the only active ReplicaSet, old or new', () => {
    const active = replicaSet({ name: 'active', replicas: 2, createdAtMs: 5_000 })
    const fresh = replicaSet({ name: 'new', replicas: 0, createdAtMs: 20_000 })
    expect(name(findActiveOrLatest(fresh, [older, active, old]))).toBe('active')
    expect(
      name(findActiveOrLatest({ ...fresh, spec: { ...fresh.spec, replicas: 1 } }, [old])),
    ).toBe('new')
  })
  it('with none active: the new one, else the newest old one', () => {
    const fresh = replicaSet({ name: 'new', replicas: 0, createdAtMs: 20_000 })
    expect(name(findActiveOrLatest(fresh, [older, old]))).toBe('new')
    expect(name(findActiveOrLatest(undefined, [older, old]))).toBe('old')
  })
  it('with two or more active: nothing (proportional scaling decides)', () => {
    const a = replicaSet({ name: 'a', replicas: 1 })
    const b = replicaSet({ name: 'b', replicas: 1 })
    expect(findActiveOrLatest(a, [b])).toBeUndefined()
  })
})

describe('SetNewReplicaSetAnnotations', () => {
  const d = deployment({
    replicas: 4,
    maxSurge: 1,
    maxUnavailable: 0,
    annotations: {
      team: 'a',
      [REVISION_ANNOTATION]: '99',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      [DESIRED_REPLICAS_ANNOTATION]: '1',
    },
  })
  const rs = (annotations?: Record<string, string>) =>
    replicaSet({ name: 'new', replicas: 0, ...(annotations ? { annotations } : {}) })

  it('on creation: copies the Deployment annotations except the skipped ones, sets revision, desired and max', () => {
    const { annotations, changed } = setNewReplicaSetAnnotations(d, rs(), 3, false)
    expect(changed).toBe(true)
    expect(annotations).toEqual({
      team: 'a',
      [REVISION_ANNOTATION]: '3',
      [DESIRED_REPLICAS_ANNOTATION]: '4',
      [MAX_REPLICAS_ANNOTATION]: '5',
    })
  })

  it('raises the revision on every call with a higher one (TestAnnotationUtils)', () => {
    let current = rs()
    for (let i = 1; i <= 5; i++) {
      const { annotations } = setNewReplicaSetAnnotations(d, current, i, true)
      expect(annotations[REVISION_ANNOTATION]).toBe(String(i))
      current = { ...current, metadata: { ...current.metadata, annotations } }
    }
  })

  it('keeps a higher revision, and reports no change when nothing changed', () => {
    const { annotations, changed } = setNewReplicaSetAnnotations(
      d,
      rs({ team: 'a', [REVISION_ANNOTATION]: '7' }),
      5,
      true,
    )
    expect(changed).toBe(false)
    expect(annotations[REVISION_ANNOTATION]).toBe('7')
    expect(annotations[REVISION_HISTORY_ANNOTATION]).toBeUndefined()
  })

  it('a rollback bumps an old ReplicaSet and appends its old revision to revision-history', () => {
    const first = setNewReplicaSetAnnotations(d, rs({ [REVISION_ANNOTATION]: '1' }), 3, true)
    expect(first.annotations[REVISION_ANNOTATION]).toBe('3')
    expect(first.annotations[REVISION_HISTORY_ANNOTATION]).toBe('1')
    const second = setNewReplicaSetAnnotations(d, rs(first.annotations), 5, true)
    expect(second.annotations[REVISION_ANNOTATION]).toBe('5')
    expect(second.annotations[REVISION_HISTORY_ANNOTATION]).toBe('1,3')
  })

  it('drops the oldest history entries to stay within 2000 characters', () => {
    expect(MAX_REV_HISTORY_LENGTH_IN_CHARS).toBe(2000)
    const history = Array.from({ length: 500 }, (_, i) => String(1000 + i)).join(',') // 2499 chars
    const start = rs({ [REVISION_ANNOTATION]: '5000', [REVISION_HISTORY_ANNOTATION]: history })
    const { annotations } = setNewReplicaSetAnnotations(d, start, 5001, true)
    const out = annotations[REVISION_HISTORY_ANNOTATION] ?? ''
    expect(out.length).toBeLessThanOrEqual(2000)
    expect(out.endsWith(',1499,5000')).toBe(true)
    // The entries kept are the newest: it cut from the front.
    expect(out.split(',')).toEqual([
      ...history.split(',').slice(-(out.split(',').length - 1)),
      '5000',
    ])
  })
})
