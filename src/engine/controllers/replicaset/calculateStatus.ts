/** ReplicaSet status from its active pods (pkg/controller/replicaset/replica_set_utils.go calculateStatus). */
import type { ReplicaSet, ReplicaSetStatus } from '../../model/apps'
import type { Condition } from '../../model/meta'
import type { Pod } from '../../model/pod'
import { selectorMatches } from '../../model/labels'
import { isPodAvailable, isPodReady } from '../../model/podStatus'
import { toTimestamp } from '../../model/time'

/**
 * The status the ReplicaSet controller writes: counts over the active pods it owns (before this
 * sync's creates and deletes), and the ReplicaFailure condition when manageReplicas failed.
 */
export function calculateStatus(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  manageReplicasError: Error | undefined,
  nowMs: number,
): ReplicaSetStatus {
  let fullyLabeled = 0
  let ready = 0
  let available = 0
  const templateLabels = rs.spec.template.metadata?.labels ?? {}
  const minReadySeconds = rs.spec.minReadySeconds ?? 0
  for (const pod of activePods) {
    if (selectorMatches({ matchLabels: templateLabels }, pod.metadata.labels)) fullyLabeled++
    if (isPodReady(pod)) {
      ready++
      if (isPodAvailable(pod, minReadySeconds, nowMs)) available++
    }
  }
  let conditions: Condition[] = [...(rs.status.conditions ?? [])]
  const failure = conditions.find((c) => c.type === 'ReplicaFailure')
  if (manageReplicasError && !failure) {
    const diff = activePods.length - (rs.spec.replicas ?? 1)
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
    replicas: activePods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? 1,
  }
  if (conditions.length > 0) status.conditions = conditions
  return status
}
