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

/** logarithmicRankDiff: compares floor(log2(age in ns)) of two instants; -1 for no age. */
function logarithmicRankDiff(t1Ms: number, t2Ms: number, nowMs: number): number {
  const rank = (t: number) => {
    const ns = (nowMs - t) * 1e6
    return ns > 0 ? Math.floor(Math.log2(ns)) : -1
  }
  return rank(t1Ms) - rank(t2Ms)
}

/** afterOrZero: a missing time sorts first, then the later time. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined
  return t1 > t2
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
  const nodeI = pi.spec.nodeName ?? ''
  const nodeJ = pj.spec.nodeName ?? ''
  // 1. Unassigned < assigned.
  if (nodeI !== nodeJ && (nodeI === '' || nodeJ === '')) return nodeI === ''
  // 2. Pending < Unknown < Running.
  const phaseI = PHASE_ORDINAL[pi.status.phase ?? ''] ?? 0
  const phaseJ = PHASE_ORDINAL[pj.status.phase ?? ''] ?? 0
  if (phaseI !== phaseJ) return phaseI < phaseJ
  // 3. Not ready < ready.
  const readyI = isPodReady(pi)
  const readyJ = isPodReady(pj)
  if (readyI !== readyJ) return !readyI
  // 4. Lower pod-deletion-cost < higher.
  const costI = deletionCost(pi)
  const costJ = deletionCost(pj)
  if (costI !== costJ) return costI < costJ
  // 5. Doubled up (more related pods on the same node) < not doubled up.
  if (rankI !== rankJ) return rankI > rankJ
  // 6. Ready for a shorter time < longer, on a log2 scale; equal buckets fall to the UID.
  if (readyI && readyJ) {
    const t1 = podReadySinceMs(pi)
    const t2 = podReadySinceMs(pj)
    if (t1 !== t2) {
      if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2)
      const diff = logarithmicRankDiff(t1, t2, nowMs)
      if (diff === 0) return pi.metadata.uid < pj.metadata.uid
      return diff < 0
    }
  }
  // 7. More container restarts < fewer.
  const restartsI = maxRestarts(pi)
  const restartsJ = maxRestarts(pj)
  if (restartsI !== restartsJ) return restartsI > restartsJ
  // 8. Newer < older, on a log2 scale; equal buckets fall to the UID.
  const c1 = fromTimestamp(pi.metadata.creationTimestamp)
  const c2 = fromTimestamp(pj.metadata.creationTimestamp)
  if (c1 !== c2) {
    const diff = logarithmicRankDiff(c1, c2, nowMs)
    if (diff === 0) return pi.metadata.uid < pj.metadata.uid
    return diff < 0
  }
  return false
}

/** getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the active related pods on its node. */
export function rankPodsByRelatedPodsOnSameNode(
  pods: readonly Pod[],
  relatedPods: readonly Pod[],
): number[] {
  const podsOnNode = new Map<string, number>()
  for (const pod of relatedPods) {
    if (isPodActive(pod)) {
      const node = pod.spec.nodeName ?? ''
      podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1)
    }
  }
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
  if (diff >= filteredPods.length) return [...filteredPods]
  const ranks = rankPodsByRelatedPodsOnSameNode(filteredPods, relatedPods)
  const order = filteredPods.map((pod, i) => ({ pod, rank: ranks[i] ?? 0 }))
  order.sort((a, b) => {
    if (activePodsWithRanksLess(a.pod, b.pod, a.rank, b.rank, nowMs)) return -1
    if (activePodsWithRanksLess(b.pod, a.pod, b.rank, a.rank, nowMs)) return 1
    // Upstream's sort is not stable; we fall back to the UID so every run picks the same pods.
    return a.pod.metadata.uid < b.pod.metadata.uid
      ? -1
      : a.pod.metadata.uid > b.pod.metadata.uid
        ? 1
        : 0
  })
  return order.slice(0, diff).map((o) => o.pod)
}
