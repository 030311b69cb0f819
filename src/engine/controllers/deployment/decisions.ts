/**
 * The Deployment controller's decisions as data, so the rollout stepper can show each one with the
 * numbers that allowed it: the ReplicaSet it resized and by how much, the strategy's window
 * (min available, max total, with the percentage rounding), the pods before the move, the rule
 * (which upstream function made the move) and the event it emitted.
 */
import type { Deployment, IntOrString, ReplicaSet } from '../../model/apps'
import { keyOf } from '../../model/meta'
import type { SimContext } from '../../runtime/types'
import {
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  isRollingUpdate,
  maxSurge,
  maxUnavailable,
  replicasOf,
  revisionOf,
} from './deploymentUtil'

/** Which step of the controller made a move (named after the upstream function). */
export type RolloutRule =
  /** getNewReplicaSet: the new template got its ReplicaSet, sized by NewRSNewReplicas. */
  | 'NewReplicaSetCreated'
  /** reconcileNewReplicaSet: the new ReplicaSet grows as far as NewRSNewReplicas allows. */
  | 'ScaleUpNew'
  /** reconcileNewReplicaSet: the new ReplicaSet is above replicas and comes down to it. */
  | 'ScaleDownNew'
  /** cleanupUnhealthyReplicas: old pods that are not available go first, costing no availability. */
  | 'CleanupUnhealthy'
  /** scaleDownOldReplicaSetsForRollingUpdate: available old pods go while availability allows. */
  | 'ScaleDownOld'
  /** scale: the one active ReplicaSet follows spec.replicas. */
  | 'ScaleActive'
  /** scale: the new ReplicaSet is saturated, so old ones go to 0. */
  | 'Saturated'
  /** scale: replicas changed mid-rollout; every active ReplicaSet grows or shrinks in proportion. */
  | 'Proportional'
  /** rolloutRecreate: every old ReplicaSet to 0 first. */
  | 'RecreateScaleDown'
  /** rolloutRecreate: once no old pod runs, the new ReplicaSet goes straight to replicas. */
  | 'RecreateScaleUp'
  /** syncRolloutStatus: Progressing became NewReplicaSetAvailable. */
  | 'RolloutComplete'
  /** syncRolloutStatus: Progressing became ProgressDeadlineExceeded. */
  | 'ProgressDeadlineExceeded'

/** The strategy's window at the time of a decision. */
export interface RolloutWindow {
  strategy: 'RollingUpdate' | 'Recreate'
  replicas: number
  maxSurgeSpec?: IntOrString
  maxUnavailableSpec?: IntOrString
  /** maxSurge resolved against replicas (percent rounded up). */
  maxSurge: number
  /** maxUnavailable resolved against replicas (percent rounded down, capped at replicas). */
  maxUnavailable: number
  /** replicas − maxUnavailable. */
  minAvailable: number
  /** replicas + maxSurge. */
  maxTotal: number
}

export interface ReplicaSetState {
  name: string
  revision: number
  replicas: number
  available: number
}

/** One decision of the Deployment controller. */
export interface RolloutDecision {
  seq: number
  atMs: number
  /** The Deployment's key, `Deployment/<ns>/<name>`. */
  deployment: string
  rule: RolloutRule
  /** The ReplicaSet resized (absent for condition changes). */
  replicaSet?: string
  isNew: boolean
  from: number
  to: number
  window: RolloutWindow
  /** The ReplicaSets as the controller saw them when it decided (spec.replicas, availableReplicas). */
  before: { newRS?: ReplicaSetState; oldRSs: ReplicaSetState[]; total: number; available: number }
  /** reconcileOldReplicaSets' bound: all pods − minAvailable − the new ReplicaSet's unavailable pods. */
  maxScaledDown?: number
  /** The event the move emitted (ScalingReplicaSet message, or the condition message). */
  message: string
}

/** How many decisions are kept per Deployment. */
export const MAX_DECISIONS_PER_DEPLOYMENT = 200

/** The strategy window of a Deployment, as the stepper shows it. */
export function rolloutWindow(d: Deployment): RolloutWindow {
  const replicas = replicasOf(d)
  const surge = maxSurge(d)
  const unavailable = maxUnavailable(d)
  const ru = d.spec.strategy?.rollingUpdate
  return {
    strategy: isRollingUpdate(d) ? 'RollingUpdate' : 'Recreate',
    replicas,
    ...(ru?.maxSurge !== undefined ? { maxSurgeSpec: ru.maxSurge } : {}),
    ...(ru?.maxUnavailable !== undefined ? { maxUnavailableSpec: ru.maxUnavailable } : {}),
    maxSurge: surge,
    maxUnavailable: unavailable,
    minAvailable: isRollingUpdate(d) ? replicas - unavailable : 0,
    maxTotal: replicas + surge,
  }
}

function rsState(rs: ReplicaSet): ReplicaSetState {
  return {
    name: rs.metadata.name,
    revision: revisionOf(rs),
    replicas: replicasOf(rs),
    available: rs.status.availableReplicas ?? 0,
  }
}

/** What one sync saw: the ReplicaSets it decided on. */
export interface DecisionContext {
  allRSs: readonly (ReplicaSet | undefined)[]
  newRS: ReplicaSet | undefined
  maxScaledDown?: number
}

/** Records a decision in the simulation state (it is part of snapshots, so stepping back restores it). */
export function recordDecision(
  ctx: SimContext,
  d: Deployment,
  context: DecisionContext,
  decision: {
    rule: RolloutRule
    replicaSet?: ReplicaSet
    from: number
    to: number
    message: string
  },
): void {
  const key = keyOf(d)
  const oldRSs = context.allRSs.filter(
    (rs): rs is ReplicaSet => !!rs && rs.metadata.uid !== context.newRS?.metadata.uid,
  )
  const record: RolloutDecision = {
    seq: ctx.state.rollouts.seq++,
    atMs: ctx.nowMs(),
    deployment: key,
    rule: decision.rule,
    ...(decision.replicaSet ? { replicaSet: decision.replicaSet.metadata.name } : {}),
    isNew:
      decision.rule === 'NewReplicaSetCreated' ||
      (!!decision.replicaSet && decision.replicaSet.metadata.name === context.newRS?.metadata.name),
    from: decision.from,
    to: decision.to,
    window: rolloutWindow(d),
    before: {
      ...(context.newRS ? { newRS: rsState(context.newRS) } : {}),
      oldRSs: oldRSs.map(rsState),
      total: getReplicaCountForReplicaSets(context.allRSs),
      available: getAvailableReplicaCountForReplicaSets(context.allRSs),
    },
    ...(context.maxScaledDown !== undefined ? { maxScaledDown: context.maxScaledDown } : {}),
    message: decision.message,
  }
  const log = (ctx.state.rollouts.byDeployment[key] ??= [])
  log.push(record)
  if (log.length > MAX_DECISIONS_PER_DEPLOYMENT)
    log.splice(0, log.length - MAX_DECISIONS_PER_DEPLOYMENT)
}

/** The rollout log kept in SimState. */
export interface RolloutLogState {
  seq: number
  byDeployment: Record<string, RolloutDecision[]>
}
