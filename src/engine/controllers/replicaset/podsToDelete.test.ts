/**
 * Which pods a ReplicaSet deletes first: getPodsToDelete / getPodsRankedByRelatedPodsOnSameNode
 * (pkg/controller/replicaset/replica_set.go) over ActivePodsWithRanks.Less
 * (pkg/controller/controller_utils.go), spec §2.3, rule by rule.
 */
import { describe, expect, it } from 'vitest'
import type { Pod, PodPhase } from '../../model/pod'
import { toTimestamp } from '../../model/time'
import {
  activePodsWithRanksLess,
  getPodsToDelete,
  rankPodsByRelatedPodsOnSameNode,
} from './podsToDelete'

const NOW = 1_000_000

interface PodInput {
  name: string
  uid?: string
  node?: string
  phase?: PodPhase
  /** Sim ms at which Ready turned True; undefined = not ready. */
  readyAtMs?: number
  createdAtMs?: number
  restarts?: number
  cost?: string
  deleting?: boolean
}

function pod(p: PodInput): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: 'default',
      uid: p.uid ?? `uid-${p.name}`,
      resourceVersion: '1',
      creationTimestamp: toTimestamp(p.createdAtMs ?? 0),
      ...(p.cost !== undefined
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': p.cost } }
        : {}),
      ...(p.deleting ? { deletionTimestamp: toTimestamp(NOW) } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(p.node ? { nodeName: p.node } : {}) },
    status: {
      phase: p.phase ?? 'Running',
      conditions: [
        p.readyAtMs === undefined
          ? { type: 'Ready', status: 'False' }
          : { type: 'Ready', status: 'True', lastTransitionTime: toTimestamp(p.readyAtMs) },
      ],
      containerStatuses: [
        {
          name: 'c',
          image: 'nginx',
          imageID: '',
          ready: p.readyAtMs !== undefined,
          restartCount: p.restarts ?? 0,
          state: { running: {} },
          lastState: {},
        },
      ],
    },
  }
}

/** Less in both directions: exactly one of them may hold when the rule decides. */
function order(a: Pod, b: Pod, rankA = 0, rankB = 0): 'a first' | 'b first' | 'tie' {
  const ab = activePodsWithRanksLess(a, b, rankA, rankB, NOW)
  const ba = activePodsWithRanksLess(b, a, rankB, rankA, NOW)
  if (ab && ba) throw new Error('Less is not antisymmetric')
  return ab ? 'a first' : ba ? 'b first' : 'tie'
}

describe('ActivePodsWithRanks.Less, rule by rule', () => {
  it('1. a pod not assigned to a node goes before an assigned one', () => {
    const unassigned = pod({ name: 'a', phase: 'Pending' })
    const assigned = pod({ name: 'b', phase: 'Pending', node: 'n1' })
    expect(order(unassigned, assigned)).toBe('a first')
    // Even against a worse phase / readiness on the other side: rule 1 decides first.
    const readyRunning = pod({ name: 'c', node: 'n1', readyAtMs: 0 })
    expect(order(readyRunning, pod({ name: 'd', phase: 'Running', readyAtMs: 0 }))).toBe('b first')
  })

  it('2. phase Pending < Unknown < Running', () => {
    const pending = pod({ name: 'p', node: 'n', phase: 'Pending' })
    const unknown = pod({ name: 'u', node: 'n', phase: 'Unknown' })
    const running = pod({ name: 'r', node: 'n', phase: 'Running' })
    expect(order(pending, unknown)).toBe('a first')
    expect(order(unknown, running)).toBe('a first')
    expect(order(running, pending)).toBe('b first')
  })

  it('3. not ready before ready', () => {
    const notReady = pod({ name: 'a', node: 'n' })
    const ready = pod({ name: 'b', node: 'n', readyAtMs: NOW - 5_000 })
    expect(order(ready, notReady)).toBe('b first')
  })

  it('4. lower controller.kubernetes.io/pod-deletion-cost first; missing or malformed = 0', () => {
    const cheap = pod({ name: 'a', node: 'n', readyAtMs: 0, cost: '-5' })
    const none = pod({ name: 'b', node: 'n', readyAtMs: 0 })
    const dear = pod({ name: 'c', node: 'n', readyAtMs: 0, cost: '100' })
    const junk = pod({ name: 'd', node: 'n', readyAtMs: 0, cost: 'lots' })
    expect(order(cheap, none)).toBe('a first')
    expect(order(dear, none)).toBe('b first')
    // Cost beats rank (rule 4 before rule 5).
    expect(order(dear, none, 9, 1)).toBe('b first')
    // A malformed cost counts as 0: it falls through to the next rules (here: UID, same times).
    expect(order(junk, none)).toBe(order(pod({ name: 'd', node: 'n', readyAtMs: 0 }), none))
  })

  it('5. higher rank (more related pods on the same node) first', () => {
    const crowded = pod({ name: 'a', node: 'n1', readyAtMs: NOW - 10_000 })
    const alone = pod({ name: 'b', node: 'n2', readyAtMs: NOW - 500_000 })
    expect(order(crowded, alone, 3, 1)).toBe('a first')
    // Rank beats ready time: `alone` became ready long before, yet rank decides.
    expect(order(alone, crowded, 1, 3)).toBe('b first')
  })

  it('6. both ready: ready for a shorter time first, compared on a log2 scale of the age', () => {
    // Ready 60 s ago → floor(log2(6e10 ns)) = 35; 100 s ago → 36: different buckets.
    const recent = pod({ name: 'z-recent', uid: 'ffff', node: 'n', readyAtMs: NOW - 60_000 })
    const older = pod({ name: 'a-older', uid: '0000', node: 'n', readyAtMs: NOW - 100_000 })
    expect(order(recent, older)).toBe('a first')
  })

  it('6. ...ages in the same power-of-two bucket tie, and the lower UID goes first', () => {
    // 70 s → floor(log2(7e10)) = 36, like 100 s: same bucket, so the UID decides.
    const a = pod({ name: 'a', uid: 'bbbb', node: 'n', readyAtMs: NOW - 70_000 })
    const b = pod({ name: 'b', uid: 'aaaa', node: 'n', readyAtMs: NOW - 100_000 })
    expect(order(a, b)).toBe('b first')
    const c = pod({ name: 'c', uid: 'aaaa', node: 'n', readyAtMs: NOW - 70_000 })
    const d = pod({ name: 'd', uid: 'bbbb', node: 'n', readyAtMs: NOW - 100_000 })
    expect(order(c, d)).toBe('a first')
  })

  it('7. more container restarts first', () => {
    const flappy = pod({ name: 'a', node: 'n', restarts: 4, createdAtMs: 0 })
    const steady = pod({ name: 'b', node: 'n', restarts: 1, createdAtMs: NOW - 1_000 })
    expect(order(flappy, steady)).toBe('a first')
    // Same ready time, so the restarts decide for ready pods too.
    const r1 = pod({ name: 'c', node: 'n', readyAtMs: NOW - 9_000, restarts: 0 })
    const r2 = pod({ name: 'd', node: 'n', readyAtMs: NOW - 9_000, restarts: 2 })
    expect(order(r1, r2)).toBe('b first')
  })

  it('8. newer creationTimestamp first, on the log2 scale with the UID as tie-break', () => {
    const newer = pod({ name: 'a', uid: 'ffff', node: 'n', createdAtMs: NOW - 30_000 })
    const older = pod({ name: 'b', uid: '0000', node: 'n', createdAtMs: NOW - 600_000 })
    expect(order(newer, older)).toBe('a first')
    const sameBucket1 = pod({ name: 'c', uid: 'cccc', node: 'n', createdAtMs: NOW - 70_000 })
    const sameBucket2 = pod({ name: 'd', uid: 'dddd', node: 'n', createdAtMs: NOW - 100_000 })
    expect(order(sameBucket1, sameBucket2)).toBe('a first')
    expect(order(sameBucket2, sameBucket1)).toBe('b first')
    // Identical in every respect: neither is less.
    const twin = pod({ name: 'e', uid: 'cccc', node: 'n', createdAtMs: NOW - 70_000 })
    expect(order(sameBucket1, twin)).toBe('tie')
  })
})

describe('getPodsRankedByRelatedPodsOnSameNode', () => {
  it('ranks each pod by the active related pods (all ReplicaSets of the Deployment) on its node', () => {
    const mine = [pod({ name: 'm1', node: 'n1' }), pod({ name: 'm2', node: 'n2' })]
    const sibling = [
      pod({ name: 's1', node: 'n1' }),
      pod({ name: 's2', node: 'n1' }),
      pod({ name: 's3', node: 'n1', deleting: true }),
      pod({ name: 's4', node: 'n2', phase: 'Succeeded' }),
    ]
    expect(rankPodsByRelatedPodsOnSameNode(mine, [...mine, ...sibling])).toEqual([3, 1])
  })
})

describe('getPodsToDelete', () => {
  it('deletes every pod without sorting when diff covers them all', () => {
    const pods = [pod({ name: 'a', node: 'n' }), pod({ name: 'b', node: 'n' })]
    expect(getPodsToDelete(pods, pods, 5, NOW).map((p) => p.metadata.name)).toEqual(['a', 'b'])
  })

  it('takes the first diff pods in Less order: unscheduled, pending, not ready, cheap, crowded, ...', () => {
    const pods = [
      pod({ name: 'ready-alone', node: 'n3', readyAtMs: NOW - 500_000 }),
      pod({ name: 'ready-crowded-1', node: 'n1', readyAtMs: NOW - 500_000 }),
      pod({ name: 'ready-crowded-2', node: 'n1', readyAtMs: NOW - 500_000 }),
      pod({ name: 'ready-expensive', node: 'n1', readyAtMs: NOW - 500_000, cost: '10' }),
      pod({ name: 'not-ready', node: 'n2' }),
      pod({ name: 'pending', node: 'n2', phase: 'Pending' }),
      pod({ name: 'unscheduled', phase: 'Pending' }),
    ]
    const names = (n: number) => getPodsToDelete(pods, pods, n, NOW).map((p) => p.metadata.name)
    expect(names(3)).toEqual(['unscheduled', 'pending', 'not-ready'])
    const five = names(5)
    expect(five.slice(3).sort()).toEqual(['ready-crowded-1', 'ready-crowded-2'])
    expect(names(6)[5]).toBe('ready-alone')
  })

  it('spreads the survivors: on 2 + 1 pods it removes one of the doubled-up pair', () => {
    const pods = [
      pod({ name: 'a', node: 'node2', readyAtMs: NOW - 30_000, createdAtMs: NOW - 35_000 }),
      pod({ name: 'b', node: 'node2', readyAtMs: NOW - 30_000, createdAtMs: NOW - 35_000 }),
      pod({ name: 'c', node: 'node3', readyAtMs: NOW - 30_000, createdAtMs: NOW - 35_000 }),
    ]
    const [victim] = getPodsToDelete(pods, pods, 1, NOW)
    expect(victim?.spec.nodeName).toBe('node2')
  })
})
