/**
 * Deployment status and its conditions (sync.go calculateStatus, progress.go syncRolloutStatus and
 * requeueStuckDeployment), as pure functions of the Deployment, its ReplicaSets and the time.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../model/apps'
import type { Condition } from '../../model/meta'
import { fromTimestamp } from '../../model/time'
import {
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  NEW_RS_AVAILABLE_REASON,
  REPLICASET_UPDATED_REASON,
  TIMED_OUT_REASON,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  hasProgressDeadline,
  maxUnavailable,
  newDeploymentCondition,
  removeDeploymentCondition,
  replicasOf,
  setDeploymentCondition,
} from './deploymentUtil'

/** calculateStatus: counts summed over the ReplicaSets, plus the Available condition. */
export function calculateStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  nowMs: number,
): DeploymentStatus {
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs)
  const totalReplicas = getReplicaCountForReplicaSets(allRSs)
  let status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: getActualReplicaCountForReplicaSets(allRSs),
    updatedReplicas: getActualReplicaCountForReplicaSets([newRS]),
    readyReplicas: getReadyReplicaCountForReplicaSets(allRSs),
    availableReplicas,
    unavailableReplicas: Math.max(0, totalReplicas - availableReplicas),
    ...(d.status.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    ...(d.status.conditions ? { conditions: [...d.status.conditions] } : {}),
  }
  const available =
    availableReplicas >= replicasOf(d) - maxUnavailable(d)
      ? newDeploymentCondition(
          'Available',
          'True',
          MINIMUM_REPLICAS_AVAILABLE,
          'Deployment has minimum availability.',
          nowMs,
        )
      : newDeploymentCondition(
          'Available',
          'False',
          MINIMUM_REPLICAS_UNAVAILABLE,
          'Deployment does not have minimum availability.',
          nowMs,
        )
  status = setDeploymentCondition(status, available)
  return status
}

/** getReplicaFailures: the ReplicaFailure condition of the new (else any) ReplicaSet, if one has it. */
function replicaFailure(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): Condition | undefined {
  const from = (rs: ReplicaSet | undefined) =>
    rs?.status.conditions?.find((c) => c.type === 'ReplicaFailure')
  const cond = from(newRS) ?? allRSs.map(from).find(Boolean)
  if (!cond) return undefined
  return {
    type: 'ReplicaFailure',
    status: cond.status,
    lastUpdateTime: cond.lastTransitionTime,
    lastTransitionTime: cond.lastTransitionTime,
    reason: cond.reason,
    message: cond.message,
  }
}

/**
 * syncRolloutStatus: the status after a rollout step, with the Progressing condition telling
 * whether the rollout completed, progressed, or ran past its deadline.
 */
export function syncRolloutStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  nowMs: number,
): DeploymentStatus {
  let status = calculateStatus(allRSs, newRS, d, nowMs)
  if (!hasProgressDeadline(d)) status = removeDeploymentCondition(status, 'Progressing')
  const currentCond = getDeploymentCondition(d.status, 'Progressing')
  const isCompleteDeployment =
    status.replicas === status.updatedReplicas && currentCond?.reason === NEW_RS_AVAILABLE_REASON
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const subject = newRS
      ? `ReplicaSet "${newRS.metadata.name}"`
      : `Deployment "${d.metadata.name}"`
    if (deploymentComplete(d, status)) {
      status = setDeploymentCondition(
        status,
        newDeploymentCondition(
          'Progressing',
          'True',
          NEW_RS_AVAILABLE_REASON,
          `${subject} has successfully progressed.`,
          nowMs,
        ),
      )
    } else if (deploymentProgressing(d, status)) {
      let condition = newDeploymentCondition(
        'Progressing',
        'True',
        REPLICASET_UPDATED_REASON,
        `${subject} is progressing.`,
        nowMs,
      )
      if (currentCond) {
        if (currentCond.status === 'True' && currentCond.lastTransitionTime)
          condition = { ...condition, lastTransitionTime: currentCond.lastTransitionTime }
        status = removeDeploymentCondition(status, 'Progressing')
      }
      status = setDeploymentCondition(status, condition)
    } else if (deploymentTimedOut(d, status, nowMs)) {
      status = setDeploymentCondition(
        status,
        newDeploymentCondition(
          'Progressing',
          'False',
          TIMED_OUT_REASON,
          `${subject} has timed out progressing.`,
          nowMs,
        ),
      )
    }
  }
  const failure = replicaFailure(allRSs, newRS)
  status = failure
    ? setDeploymentCondition(status, failure)
    : removeDeploymentCondition(status, 'ReplicaFailure')
  return status
}

/**
 * requeueStuckDeployment: when to look again so that a stuck rollout times out on time, in ms
 * from now; undefined when there is nothing to wait for.
 */
export function requeueStuckDeploymentAfterMs(
  d: Deployment,
  newStatus: DeploymentStatus,
  nowMs: number,
): number | undefined {
  const currentCond = getDeploymentCondition(d.status, 'Progressing')
  if (!hasProgressDeadline(d) || !currentCond) return undefined
  if (deploymentComplete(d, newStatus) || currentCond.reason === TIMED_OUT_REASON) return undefined
  const after =
    fromTimestamp(currentCond.lastUpdateTime ?? '') +
    (d.spec.progressDeadlineSeconds ?? 0) * 1000 -
    nowMs
  return after < 1000 ? 1000 : after + 1000
}
