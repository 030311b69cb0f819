/** ReplicaSet status from its active pods (pkg/controller/replicaset/replica_set_utils.go calculateStatus). */
import type { ReplicaSet, ReplicaSetStatus } from '../../model/apps'
import type { Condition } from '../../model/meta'
import type { Pod } from '../../model/pod'
import { selectorMatches } from '../../model/labels'
import { isPodAvailable, isPodReady } from '../../model/podStatus'
import { toTimestamp } from '../../model/time'

/** What the status is made of: counts over the ReplicaSet's active pods. */
export interface ActivePodCounts {
  active: number
  fullyLabeled: number
  ready: number
  available: number
}

/** The counts calculateStatus takes from a pod list. */
export function countActivePods(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  nowMs: number,
): ActivePodCounts {
  const counts: ActivePodCounts = {
    active: activePods.length,
    fullyLabeled: 0,
    ready: 0,
    available: 0,
  }
  const templateLabels = rs.spec.template.metadata?.labels ?? {}
  const minReadySeconds = rs.spec.minReadySeconds ?? 0
  for (const pod of activePods) {
    if (selectorMatches({ matchLabels: templateLabels }, pod.metadata.labels)) counts.fullyLabeled++
    if (isPodReady(pod)) {
      counts.ready++
      if (isPodAvailable(pod, minReadySeconds, nowMs)) counts.available++
    }
  }
  return counts
}

/** The status from the counts, with the ReplicaFailure condition when manageReplicas failed. */
export function calculateStatusFromCounts(
  rs: ReplicaSet,
  counts: ActivePodCounts,
  manageReplicasError: Error | undefined,
  nowMs: number,
): ReplicaSetStatus {
  let conditions: Condition[] = [...(rs.status.conditions ?? [])]
  const failure = conditions.find((c) => c.type === 'ReplicaFailure')
  if (manageReplicasError && !failure) {
    const diff = counts.active - (rs.spec.replicas ?? 1)
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : ''
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: toTimestamp(nowMs),
      reason,
      message: manageReplicasError.message,
    })
  } else if (!manageReplicasError && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure')
  }
  const status: ReplicaSetStatus = {
    replicas: counts.active,
    fullyLabeledReplicas: counts.fullyLabeled,
    readyReplicas: counts.ready,
    availableReplicas: counts.available,
    observedGeneration: rs.metadata.generation ?? 1,
  }
  if (conditions.length > 0) status.conditions = conditions
  return status
}

/**
 * calculateStatus: the status the ReplicaSet controller writes, counted over the active pods it
 * owns (before this sync's creates and deletes).
 */
export function calculateStatus(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  manageReplicasError: Error | undefined,
  nowMs: number,
): ReplicaSetStatus {
  return calculateStatusFromCounts(
    rs,
    countActivePods(rs, activePods, nowMs),
    manageReplicasError,
    nowMs,
  )
}
