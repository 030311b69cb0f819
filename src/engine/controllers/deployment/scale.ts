/**
 * Scaling a Deployment whose rollout is in progress (pkg/controller/deployment/sync.go scale): the
 * one active ReplicaSet takes the new size, a saturated new ReplicaSet retires the old ones, and
 * otherwise the change is spread over all active ReplicaSets in proportion to their size.
 */
import type { Deployment, ReplicaSet } from '../../model/apps'
import {
  compareBySizeNewer,
  compareBySizeOlder,
  filterActiveReplicaSets,
  findActiveOrLatest,
  getProportion,
  getReplicaCountForReplicaSets,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  replicasOf,
} from './deploymentUtil'
import type { ScaleDecision } from './rolling'

/** The result of scale(): resizes, and whether each one also rewrites the replicas annotations. */
export interface ScalePlan {
  decisions: ScaleDecision[]
  /** True for proportional scaling, where every active ReplicaSet is rewritten (scaleReplicaSet). */
  proportional: boolean
  operation: 'up' | 'down' | ''
}

/** scale: the resizes a Deployment's sync makes when its replicas changed. */
export function scale(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ScalePlan {
  const replicas = replicasOf(d)
  const target = findActiveOrLatest(newRS, oldRSs)
  if (target) {
    if (replicasOf(target) === replicas)
      return { decisions: [], proportional: false, operation: '' }
    return {
      decisions: [{ rs: target, from: replicasOf(target), to: replicas, rule: 'ScaleActive' }],
      proportional: false,
      operation: replicasOf(target) < replicas ? 'up' : 'down',
    }
  }
  if (isSaturated(d, newRS)) {
    return {
      decisions: filterActiveReplicaSets(oldRSs).map((rs) => ({
        rs,
        from: replicasOf(rs),
        to: 0,
        rule: 'Saturated' as const,
      })),
      proportional: false,
      operation: 'down',
    }
  }
  if (!isRollingUpdate(d)) return { decisions: [], proportional: false, operation: '' }
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS])
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0
  const toAdd = allowedSize - getReplicaCountForReplicaSets(allRSs)
  let operation: ScalePlan['operation'] = ''
  if (toAdd > 0) {
    allRSs.sort(compareBySizeNewer)
    operation = 'up'
  } else if (toAdd < 0) {
    allRSs.sort(compareBySizeOlder)
    operation = 'down'
  }
  const sizes: number[] = []
  let added = 0
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added)
      sizes.push(replicasOf(rs) + proportion)
      added += proportion
    } else {
      sizes.push(replicasOf(rs))
    }
  }
  if (allRSs.length > 0 && toAdd !== 0) sizes[0] = Math.max(0, (sizes[0] ?? 0) + toAdd - added)
  return {
    decisions: allRSs.map((rs, i) => ({
      rs,
      from: replicasOf(rs),
      to: sizes[i] ?? replicasOf(rs),
      rule: 'Proportional' as const,
    })),
    proportional: true,
    operation,
  }
}
