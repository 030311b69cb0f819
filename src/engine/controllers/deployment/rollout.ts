/**
 * The two rollout strategies (rolling.go rolloutRolling, recreate.go rolloutRecreate): each sync
 * makes at most one kind of move, then writes the status with syncRolloutStatus.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../model/apps'
import type { Pod } from '../../model/pod'
import { deepEqual } from '../../kernel/json'
import type { SimContext } from '../../runtime/types'
import {
  NEW_RS_AVAILABLE_REASON,
  TIMED_OUT_REASON,
  deploymentComplete,
  filterActiveReplicaSets,
  getActualReplicaCountForReplicaSets,
  getDeploymentCondition,
  replicasOf,
} from './deploymentUtil'
import {
  requeueStuckDeploymentAfterMs,
  syncRolloutStatus as computeRolloutStatus,
} from './progress'
import type { DecisionContext } from './decisions'
import { recordDecision } from './decisions'
import type { ScaleDecision } from './rolling'
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling'
import type { DeploymentWork } from './sync'
import {
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
  updateDeploymentStatus,
} from './sync'

/** The work queue name of the Deployment controller. */
export const DEPLOYMENT_CONTROLLER = 'deployment'

/** syncRolloutStatus: write the status if it changed, else make sure a stuck rollout is looked at again. */
export function syncRolloutStatus(
  ctx: SimContext,
  work: DeploymentWork,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): void {
  const status = computeRolloutStatus(allRSs, newRS, work.d, ctx.nowMs())
  if (deepEqual(work.d.status, status)) {
    const after = requeueStuckDeploymentAfterMs(work.d, status, ctx.nowMs())
    if (after !== undefined)
      ctx.enqueue(
        DEPLOYMENT_CONTROLLER,
        `Deployment/${work.d.metadata.namespace}/${work.d.metadata.name}`,
        after,
      )
    return
  }
  recordProgressChange(ctx, work.d, status, { allRSs, newRS })
  updateDeploymentStatus(ctx, work, status)
}

/** A rollout that completes or runs out of time is a step of its own in the stepper. */
function recordProgressChange(
  ctx: SimContext,
  d: Deployment,
  status: DeploymentStatus,
  context: DecisionContext,
): void {
  const before = getDeploymentCondition(d.status, 'Progressing')
  const after = getDeploymentCondition(status, 'Progressing')
  if (!after || after.reason === before?.reason) return
  if (after.reason !== NEW_RS_AVAILABLE_REASON && after.reason !== TIMED_OUT_REASON) return
  const rule =
    after.reason === NEW_RS_AVAILABLE_REASON ? 'RolloutComplete' : 'ProgressDeadlineExceeded'
  const size = context.newRS ? replicasOf(context.newRS) : 0
  recordDecision(ctx, d, context, { rule, from: size, to: size, message: after.message ?? '' })
}

/** rolloutRolling: grow the new ReplicaSet if allowed, else shrink the old ones if allowed. */
export function rolloutRolling(
  ctx: SimContext,
  work: DeploymentWork,
  rsList: readonly ReplicaSet[],
): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, work, rsList, true)
  if (!newRS) return
  const allRSs = [...oldRSs, newRS]
  const up = reconcileNewReplicaSet(allRSs, newRS, work.d)
  if (up && scaleReplicaSetAndRecordEvent(ctx, work.d, up, { allRSs, newRS })) {
    syncRolloutStatus(ctx, work, allRSs, newRS)
    return
  }
  const plan = reconcileOldReplicaSets(allRSs, filterActiveReplicaSets(oldRSs), newRS, work.d)
  let scaledDown = false
  const context: DecisionContext = { allRSs, newRS, maxScaledDown: plan.maxScaledDown }
  for (const decision of plan.decisions)
    scaledDown = scaleReplicaSetAndRecordEvent(ctx, work.d, decision, context) || scaledDown
  // A failed cleanup counts as no scale-down, whatever was moved before it (reconcileOldReplicaSets).
  if (scaledDown && plan.error === undefined) {
    syncRolloutStatus(ctx, work, allRSs, newRS)
    return
  }
  if (deploymentComplete(work.d, work.d.status)) cleanupDeployment(ctx, oldRSs, work.d)
  syncRolloutStatus(ctx, work, allRSs, newRS)
}

/**
 * oldPodsRunning: old ReplicaSets still report pods, or some pod of an old ReplicaSet is in a
 * phase other than Succeeded or Failed (terminating pods count: Recreate waits for them).
 */
export function oldPodsRunning(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  podMap: ReadonlyMap<string, readonly Pod[]>,
): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true
  for (const [rsUid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === rsUid) continue
    for (const pod of pods)
      if (pod.status.phase !== 'Failed' && pod.status.phase !== 'Succeeded') return true
  }
  return false
}

/** rolloutRecreate: old ReplicaSets to zero, wait until their pods are gone, then the new one up. */
export function rolloutRecreate(
  ctx: SimContext,
  work: DeploymentWork,
  rsList: readonly ReplicaSet[],
  podMap: ReadonlyMap<string, readonly Pod[]>,
): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, work, rsList, false)
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS]
  let scaledDown = false
  for (const rs of filterActiveReplicaSets(oldRSs)) {
    const decision: ScaleDecision = { rs, from: replicasOf(rs), to: 0, rule: 'RecreateScaleDown' }
    scaledDown =
      scaleReplicaSetAndRecordEvent(ctx, work.d, decision, { allRSs, newRS }) || scaledDown
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podMap)) {
    syncRolloutStatus(ctx, work, allRSs, newRS)
    return
  }
  if (!newRS) {
    ;({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, work, rsList, true))
    allRSs = [...oldRSs, newRS]
  }
  if (newRS) {
    const decision: ScaleDecision = {
      rs: newRS,
      from: replicasOf(newRS),
      to: replicasOf(work.d),
      rule: 'RecreateScaleUp',
    }
    scaleReplicaSetAndRecordEvent(ctx, work.d, decision, { allRSs, newRS })
  }
  if (deploymentComplete(work.d, work.d.status)) cleanupDeployment(ctx, oldRSs, work.d)
  syncRolloutStatus(ctx, work, allRSs, newRS)
}
