/**
 * Proportional scaling: scale() in pkg/controller/deployment/sync.go, with the cases of upstream's
 * TestScale (sync_test.go). As there, newDeployment defaults maxSurge and maxUnavailable to 0 and
 * each ReplicaSet carries the desired/max-replicas annotations of the Deployment before the change.
 */
import { describe, expect, it } from 'vitest'
import type { Deployment, ReplicaSet } from '../../model/apps'
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, maxSurge } from './deploymentUtil'
import { scale } from './scale'
import { deployment, replicaSet } from './testFixtures'

const NEW = 2 * 3_600_000
const OLD = 3_600_000
const OLDER = 0

interface Case {
  name: string
  d: Deployment
  oldD: Deployment
  newRS?: [string, number]
  oldRSs: [string, number, number][]
  expected: Record<string, number>
}

const dep = (replicas: number, surge = 0) =>
  deployment({ replicas, maxSurge: surge, maxUnavailable: 0 })

/** SetReplicasAnnotations(rs, old replicas, old replicas + MaxSurge(old)), as TestScale does. */
function annotated(name: string, replicas: number, createdAtMs: number, oldD: Deployment) {
  const desired = oldD.spec.replicas ?? 1
  return replicaSet({
    name,
    replicas,
    createdAtMs,
    annotations: {
      [DESIRED_REPLICAS_ANNOTATION]: String(desired),
      [MAX_REPLICAS_ANNOTATION]: String(desired + maxSurge(oldD)),
    },
  })
}

const CASES: Case[] = [
  {
    name: 'normal scaling event: 10 -> 12',
    d: dep(12),
    oldD: dep(10),
    newRS: ['foo-v1', 10],
    oldRSs: [],
    expected: { 'foo-v1': 12 },
  },
  {
    name: 'normal scaling event: 10 -> 5',
    d: dep(5),
    oldD: dep(10),
    newRS: ['foo-v1', 10],
    oldRSs: [],
    expected: { 'foo-v1': 5 },
  },
  {
    name: 'proportional scaling: 5 -> 10',
    d: dep(10),
    oldD: dep(5),
    newRS: ['foo-v2', 2],
    oldRSs: [['foo-v1', 3, OLD]],
    expected: { 'foo-v2': 4, 'foo-v1': 6 },
  },
  {
    name: 'proportional scaling: 5 -> 3',
    d: dep(3),
    oldD: dep(5),
    newRS: ['foo-v2', 2],
    oldRSs: [['foo-v1', 3, OLD]],
    expected: { 'foo-v2': 1, 'foo-v1': 2 },
  },
  {
    name: 'proportional scaling: 9 -> 4',
    d: dep(4),
    oldD: dep(9),
    newRS: ['foo-v2', 8],
    oldRSs: [['foo-v1', 1, OLD]],
    expected: { 'foo-v2': 4, 'foo-v1': 0 },
  },
  {
    name: 'proportional scaling: 7 -> 10',
    d: dep(10),
    oldD: dep(7),
    newRS: ['foo-v3', 2],
    oldRSs: [
      ['foo-v2', 3, OLD],
      ['foo-v1', 2, OLDER],
    ],
    expected: { 'foo-v3': 3, 'foo-v2': 4, 'foo-v1': 3 },
  },
  {
    name: 'proportional scaling: 13 -> 8',
    d: dep(8),
    oldD: dep(13),
    newRS: ['foo-v3', 2],
    oldRSs: [
      ['foo-v2', 8, OLD],
      ['foo-v1', 3, OLDER],
    ],
    expected: { 'foo-v3': 1, 'foo-v2': 5, 'foo-v1': 2 },
  },
  {
    name: 'leftover distribution: 3 -> 4 (newest gets it)',
    d: dep(4),
    oldD: dep(3),
    newRS: ['foo-v3', 1],
    oldRSs: [
      ['foo-v2', 1, OLD],
      ['foo-v1', 1, OLDER],
    ],
    expected: { 'foo-v3': 2, 'foo-v2': 1, 'foo-v1': 1 },
  },
  {
    name: 'leftover distribution: 3 -> 2 (oldest loses it)',
    d: dep(2),
    oldD: dep(3),
    newRS: ['foo-v3', 1],
    oldRSs: [
      ['foo-v2', 1, OLD],
      ['foo-v1', 1, OLDER],
    ],
    expected: { 'foo-v3': 1, 'foo-v2': 1, 'foo-v1': 0 },
  },
  {
    name: 'proportional scaling (no new rs): 4 -> 5',
    d: dep(5),
    oldD: dep(4),
    oldRSs: [
      ['foo-v2', 2, OLD],
      ['foo-v1', 2, OLDER],
    ],
    expected: { 'foo-v2': 3, 'foo-v1': 2 },
  },
  {
    name: 'proportional scaling: 6 -> 0',
    d: dep(0),
    oldD: dep(6),
    newRS: ['foo-v3', 3],
    oldRSs: [
      ['foo-v2', 2, OLD],
      ['foo-v1', 1, OLDER],
    ],
    expected: { 'foo-v3': 0, 'foo-v2': 0, 'foo-v1': 0 },
  },
  {
    name: 'proportional scaling: 0 -> 6',
    d: dep(6),
    oldD: dep(6),
    newRS: ['foo-v3', 0],
    oldRSs: [
      ['foo-v2', 0, OLD],
      ['foo-v1', 0, OLDER],
    ],
    expected: { 'foo-v3': 6, 'foo-v2': 0, 'foo-v1': 0 },
  },
  {
    name: 'deployment with surge pods',
    d: dep(20, 2),
    oldD: dep(10, 2),
    newRS: ['foo-v2', 6],
    oldRSs: [['foo-v1', 6, OLD]],
    expected: { 'foo-v2': 11, 'foo-v1': 11 },
  },
  {
    name: 'change both surge and size',
    d: dep(50, 6),
    oldD: dep(10, 3),
    newRS: ['foo-v2', 5],
    oldRSs: [['foo-v1', 8, OLD]],
    expected: { 'foo-v2': 22, 'foo-v1': 34 },
  },
  {
    name: 'change both size and template (no new rs)',
    d: dep(14),
    oldD: dep(10),
    oldRSs: [
      ['foo-v2', 7, NEW],
      ['foo-v1', 3, OLD],
    ],
    expected: { 'foo-v2': 10, 'foo-v1': 4 },
  },
]

function sizesAfter(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]) {
  const sizes: Record<string, number> = {}
  for (const rs of [...(newRS ? [newRS] : []), ...oldRSs])
    sizes[rs.metadata.name] = rs.spec.replicas ?? 1
  for (const decision of scale(d, newRS, oldRSs).decisions)
    sizes[decision.rs.metadata.name] = decision.to
  return sizes
}

describe('scale (TestScale)', () => {
  it.each(CASES)('$name', ({ d, oldD, newRS, oldRSs, expected }) => {
    const n = newRS ? annotated(newRS[0], newRS[1], NEW, oldD) : undefined
    const olds = oldRSs.map(([name, replicas, at]) => annotated(name, replicas, at, oldD))
    expect(sizesAfter(d, n, olds)).toEqual(expected)
  })

  it('saturated but broken new replica set does not affect old pods', () => {
    const d = deployment({ replicas: 2, maxSurge: 1, maxUnavailable: 1 })
    const n = { ...annotated('foo-v2', 2, NEW, d), status: { replicas: 2, availableReplicas: 0 } }
    const old = annotated('foo-v1', 1, OLD, d)
    const plan = scale(d, n, [old])
    expect(plan.decisions.every((x) => x.from === x.to)).toBe(true)
  })

  it('a saturated new ReplicaSet scales every active old one to 0', () => {
    const d = deployment({ replicas: 3, maxSurge: 1, maxUnavailable: 0 })
    const n = { ...annotated('foo-v2', 3, NEW, d), status: { replicas: 3, availableReplicas: 3 } }
    const plan = scale(d, n, [annotated('foo-v1', 1, OLD, d), annotated('foo-v0', 0, OLDER, d)])
    expect(plan.decisions.map((x) => [x.rs.metadata.name, x.from, x.to])).toEqual([
      ['foo-v1', 1, 0],
    ])
  })

  it('Recreate gets no proportional scaling', () => {
    const d = deployment({ replicas: 6, type: 'Recreate' })
    const old = dep(3)
    const plan = scale(d, annotated('foo-v2', 1, NEW, old), [annotated('foo-v1', 2, OLD, old)])
    expect(plan.decisions).toEqual([])
  })
})
