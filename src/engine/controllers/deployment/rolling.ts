/**
 * One RollingUpdate step (pkg/controller/deployment/rolling.go) as pure planners: each takes the
 * inputs upstream takes and returns the resize decisions it would make, in the order it makes them.
 * The controller applies them through the API; the rollout stepper shows them with their reasons.
 */
import type { Deployment, ReplicaSet } from '../../model/apps'
import type { RolloutRule } from './decisions'
import {
  compareByCreation,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
} from './deploymentUtil'

/** One ReplicaSet resize: which, from what size, to what size, and which step of the controller made it. */
export interface ScaleDecision {
  rs: ReplicaSet
  from: number
  to: number
  rule: RolloutRule
}

const resized = (rs: ReplicaSet, to: number): ReplicaSet => ({
  ...rs,
  spec: { ...rs.spec, replicas: to },
})

/**
 * reconcileNewReplicaSet: the new ReplicaSet's next size, or undefined when it stays. Above
 * replicas it comes straight down; below, it grows as far as NewRSNewReplicas allows.
 */
export function reconcileNewReplicaSet(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): ScaleDecision | undefined {
  const current = replicasOf(newRS)
  const desired = replicasOf(d)
  if (current === desired) return undefined
  const to = current > desired ? desired : newRSNewReplicas(d, allRSs, newRS)
  return to === current
    ? undefined
    : { rs: newRS, from: current, to, rule: current > desired ? 'ScaleDownNew' : 'ScaleUpNew' }
}

/**
 * cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable pods, oldest first, at
 * most maxCleanupCount in all. Removing pods that are not available costs no availability.
 */
export function cleanupUnhealthyReplicas(
  oldRSs: readonly ReplicaSet[],
  _deployment: Deployment,
  maxCleanupCount: number,
): { oldRSs: ReplicaSet[]; cleanupCount: number; decisions: ScaleDecision[]; error?: string } {
  const sorted = [...oldRSs].sort(compareByCreation)
  const decisions: ScaleDecision[] = []
  let total = 0
  for (let i = 0; i < sorted.length; i++) {
    const target = sorted[i] as ReplicaSet
    if (total >= maxCleanupCount) break
    const replicas = replicasOf(target)
    const available = target.status.availableReplicas ?? 0
    if (replicas === 0 || replicas === available) continue
    const count = Math.min(maxCleanupCount - total, replicas - available)
    const to = replicas - count
    // Status can count more available pods than spec right after a scale-down (it was computed
    // before the deletes): upstream refuses to "clean up" upwards and the sync makes no more moves.
    if (to > replicas) {
      const error = `when cleaning up unhealthy replicas, got invalid request to scale down ${target.metadata.namespace}/${target.metadata.name} ${replicas} -> ${to}`
      return { oldRSs: sorted, cleanupCount: total, decisions, error }
    }
    decisions.push({ rs: target, from: replicas, to, rule: 'CleanupUnhealthy' })
    sorted[i] = resized(target, to)
    total += count
  }
  return { oldRSs: sorted, cleanupCount: total, decisions }
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: scale old ReplicaSets down, oldest first, by as many
 * pods as availability above minAvailable (replicas - maxUnavailable) allows.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): { scaledDownCount: number; decisions: ScaleDecision[] } {
  const minAvailable = replicasOf(d) - maxUnavailable(d)
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs)
  if (availablePodCount <= minAvailable) return { scaledDownCount: 0, decisions: [] }
  const sorted = [...oldRSs].sort(compareByCreation)
  const budget = availablePodCount - minAvailable
  const decisions: ScaleDecision[] = []
  let total = 0
  for (const target of sorted) {
    if (total >= budget) break
    const replicas = replicasOf(target)
    if (replicas === 0) continue
    const count = Math.min(replicas, budget - total)
    decisions.push({ rs: target, from: replicas, to: replicas - count, rule: 'ScaleDownOld' })
    total += count
  }
  return { scaledDownCount: total, decisions }
}

/** What reconcileOldReplicaSets computed, kept so the stepper can explain the step. */
export interface OldReplicaSetsPlan {
  decisions: ScaleDecision[]
  /**
   * cleanupUnhealthyReplicas failed: the moves before the failure are made, but
   * reconcileOldReplicaSets reports no scale-down (upstream returns false, nil).
   */
  error?: string
  minAvailable: number
  newRSUnavailablePodCount: number
  allPodsCount: number
  maxScaledDown: number
  cleanupCount: number
  scaledDownCount: number
}

/**
 * reconcileOldReplicaSets: how far the old ReplicaSets may shrink. maxScaledDown = all pods -
 * minAvailable - the new ReplicaSet's unavailable pods; unhealthy old pods go first, then
 * available ones while availability stays at or above minAvailable.
 */
export function reconcileOldReplicaSets(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): OldReplicaSetsPlan {
  const allPodsCount = getReplicaCountForReplicaSets(allRSs)
  const minAvailable = replicasOf(d) - maxUnavailable(d)
  const newRSUnavailablePodCount = replicasOf(newRS) - (newRS.status.availableReplicas ?? 0)
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount
  const plan: OldReplicaSetsPlan = {
    decisions: [],
    minAvailable,
    newRSUnavailablePodCount,
    allPodsCount,
    maxScaledDown,
    cleanupCount: 0,
    scaledDownCount: 0,
  }
  if (getReplicaCountForReplicaSets(oldRSs) === 0 || maxScaledDown <= 0) return plan
  const cleanup = cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown)
  if (cleanup.error !== undefined) {
    return {
      ...plan,
      decisions: cleanup.decisions,
      cleanupCount: cleanup.cleanupCount,
      error: cleanup.error,
    }
  }
  const scaleDown = scaleDownOldReplicaSetsForRollingUpdate(
    [...cleanup.oldRSs, newRS],
    cleanup.oldRSs,
    d,
  )
  return {
    ...plan,
    decisions: [...cleanup.decisions, ...scaleDown.decisions],
    cleanupCount: cleanup.cleanupCount,
    scaledDownCount: scaleDown.scaledDownCount,
  }
}
