/**
 * Which pods a ReplicaSet deletes first when it scales down: getPodsToDelete and
 * getPodsRankedByRelatedPodsOnSameNode (pkg/controller/replicaset/replica_set.go) over
 * ActivePodsWithRanks.Less (pkg/controller/controller_utils.go), with PodDeletionCost and
 * LogarithmicScaleDown on, as they are by default.
 */
import type { Pod } from '../../model/pod'
import { isPodActive, isPodReady, podReadySinceMs } from '../../model/podStatus'
import { fromTimestamp } from '../../model/time'

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost'

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }

/** helper.GetDeletionCostFromPodAnnotations: an int32, 0 when absent or malformed. */
function deletionCost(pod: Pod): number {
  const raw = pod.metadata.annotations?.[DELETION_COST]
  if (raw === undefined || !/^-?\d+$/.test(raw)) return 0
  const n = Number(raw)
  return n >= -2147483648 && n <= 2147483647 ? n : 0
}

/** maxContainerRestarts: the highest restart count among the pod's containers. */
function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status.containerStatuses ?? []).map((c) => c.restartCount))
}

/** floor(log2(age in ns)) of an instant, -1 for no age (logarithmicRankDiff's ranks). */
function logRank(tMs: number, nowMs: number): number {
  const ns = (nowMs - tMs) * 1e6
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1
}

/**
 * What Less reads of a pod, apart from its rank and the time: computed once per pod object
 * (objects are immutable), because a scale-down compares thousands of pods.
 */
export interface DeletionKey {
  pod: Pod
  uid: string
  node: string
  /** A small number standing for the node, for array lookups. */
  nodeIdx: number
  phase: number
  ready: boolean
  cost: number
  readySinceMs: number | undefined
  restarts: number
  createdMs: number
  /** The log2 age buckets at `logAtMs` (memoised: a selection asks for them many times). */
  logAtMs: number
  readyLog: number
  createdLog: number
}

const nodeIndexes = new Map<string, number>()

function nodeIndex(node: string): number {
  let i = nodeIndexes.get(node)
  if (i === undefined) nodeIndexes.set(node, (i = nodeIndexes.size))
  return i
}

export function deletionKey(pod: Pod): DeletionKey {
  const ready = isPodReady(pod)
  const node = pod.spec.nodeName ?? ''
  return {
    pod,
    uid: pod.metadata.uid,
    node,
    nodeIdx: nodeIndex(node),
    phase: PHASE_ORDINAL[pod.status.phase ?? ''] ?? 0,
    ready,
    cost: deletionCost(pod),
    readySinceMs: ready ? podReadySinceMs(pod) : undefined,
    restarts: maxRestarts(pod),
    createdMs: fromTimestamp(pod.metadata.creationTimestamp),
    logAtMs: Number.NaN,
    readyLog: -1,
    createdLog: -1,
  }
}

/** The key's log2 age buckets as of nowMs. */
function withLogs(k: DeletionKey, nowMs: number): DeletionKey {
  if (k.logAtMs !== nowMs) {
    k.readyLog = k.readySinceMs === undefined ? -1 : logRank(k.readySinceMs, nowMs)
    k.createdLog = logRank(k.createdMs, nowMs)
    k.logAtMs = nowMs
  }
  return k
}

/** ActivePodsWithRanks.Less: true when a should be deleted before b. */
function less(
  a: DeletionKey,
  b: DeletionKey,
  rankA: number,
  rankB: number,
  nowMs: number,
): boolean {
  // 1. Unassigned < assigned.
  if (a.nodeIdx !== b.nodeIdx && (a.node === '' || b.node === '')) return a.node === ''
  // 2. Pending < Unknown < Running.
  if (a.phase !== b.phase) return a.phase < b.phase
  // 3. Not ready < ready.
  if (a.ready !== b.ready) return !a.ready
  // 4. Lower pod-deletion-cost < higher.
  if (a.cost !== b.cost) return a.cost < b.cost
  // 5. Doubled up (more related pods on the same node) < not doubled up.
  if (rankA !== rankB) return rankA > rankB
  // 6. Ready for a shorter time < longer, on a log2 scale; equal buckets fall to the UID.
  if (a.ready && b.ready && a.readySinceMs !== b.readySinceMs) {
    // afterOrZero: a missing time sorts first.
    if (a.readySinceMs === undefined || b.readySinceMs === undefined)
      return a.readySinceMs === undefined
    const diff = withLogs(a, nowMs).readyLog - withLogs(b, nowMs).readyLog
    if (diff === 0) return a.uid < b.uid
    return diff < 0
  }
  // 7. More container restarts < fewer.
  if (a.restarts !== b.restarts) return a.restarts > b.restarts
  // 8. Newer < older, on a log2 scale; equal buckets fall to the UID.
  if (a.createdMs !== b.createdMs) {
    const diff = withLogs(a, nowMs).createdLog - withLogs(b, nowMs).createdLog
    if (diff === 0) return a.uid < b.uid
    return diff < 0
  }
  return false
}

/**
 * ActivePodsWithRanks.Less: true when pod i should be deleted before pod j.
 * Ranks are the number of related active pods on each pod's node.
 */
export function activePodsWithRanksLess(
  pi: Pod,
  pj: Pod,
  rankI: number,
  rankJ: number,
  nowMs: number,
): boolean {
  return less(deletionKey(pi), deletionKey(pj), rankI, rankJ, nowMs)
}

/** Active related pods per node name ('' for unscheduled). */
function relatedPodsPerNode(relatedPods: readonly Pod[]): Map<string, number> {
  const podsOnNode = new Map<string, number>()
  for (const pod of relatedPods) {
    if (isPodActive(pod)) {
      const node = pod.spec.nodeName ?? ''
      podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1)
    }
  }
  return podsOnNode
}

/** getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the active related pods on its node. */
export function rankPodsByRelatedPodsOnSameNode(
  pods: readonly Pod[],
  relatedPods: readonly Pod[],
): number[] {
  const podsOnNode = relatedPodsPerNode(relatedPods)
  return pods.map((pod) => podsOnNode.get(pod.spec.nodeName ?? '') ?? 0)
}

/**
 * getPodsToDelete: the `diff` pods to delete from filteredPods (the ReplicaSet's active pods),
 * ranked against relatedPods (the active pods of every ReplicaSet of the same Deployment).
 */
export function getPodsToDelete(
  filteredPods: readonly Pod[],
  relatedPods: readonly Pod[],
  diff: number,
  nowMs: number,
): Pod[] {
  const podsOnNode = relatedPodsPerNode(relatedPods)
  return selectPodsToDelete(
    filteredPods.map(deletionKey),
    (node) => podsOnNode.get(node) ?? 0,
    diff,
    nowMs,
  )
}

/**
 * getPodsToDelete over precomputed keys, with each node's rank from `rankOf` (the controller keeps
 * related-pod counts per node up to date instead of listing every related pod on each scale-down).
 * Picks the `diff` first in O(n log diff): a rolling update removes a few pods at a time from
 * ReplicaSets of thousands.
 */
export function selectPodsToDelete(
  keys: readonly DeletionKey[],
  rankOf: (node: string) => number,
  diff: number,
  nowMs: number,
): Pod[] {
  if (diff >= keys.length) return keys.map((k) => k.pod)
  const ranks: number[] = []
  const rank = (k: DeletionKey) => ranks[k.nodeIdx] ?? (ranks[k.nodeIdx] = rankOf(k.node))
  // A total order: Less, then (upstream's sort is not stable) the UID, so every run agrees.
  const compare = (a: DeletionKey, b: DeletionKey): number => {
    const ra = rank(a)
    const rb = rank(b)
    if (less(a, b, ra, rb, nowMs)) return -1
    if (less(b, a, rb, ra, nowMs)) return 1
    return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0
  }
  return smallest(keys, diff, compare).map((k) => k.pod)
}

/** The k smallest items in order, as a full sort would give them. */
function smallest<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k * 4 >= items.length) return [...items].sort(compare).slice(0, k)
  const heap: T[] = [] // a max-heap of the k smallest seen so far
  const swap = (a: number, b: number) => {
    const t = heap[a] as T
    heap[a] = heap[b] as T
    heap[b] = t
  }
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item)
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1
        if (compare(heap[i] as T, heap[p] as T) <= 0) break
        swap(i, p)
        i = p
      }
    } else if (compare(item, heap[0] as T) < 0) {
      heap[0] = item
      for (let i = 0; ;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && compare(heap[l] as T, heap[m] as T) > 0) m = l
        if (r < heap.length && compare(heap[r] as T, heap[m] as T) > 0) m = r
        if (m === i) break
        swap(i, m)
        i = m
      }
    }
  }
  return heap.sort(compare)
}
