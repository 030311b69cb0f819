/**
 * The Deployment controller's arithmetic, as pure functions over Kubernetes-shaped objects with the
 * inputs upstream takes (pkg/controller/deployment/util/deployment_util.go). Each names its
 * upstream function; they are the pieces the rollout stepper explains to the user.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../model/apps'
import { getScaledValueFromIntOrPercent, resolveFenceposts } from '../../model/intOrPercent'
import type { Condition } from '../../model/meta'
import type { PodTemplateSpec } from '../../model/pod'
import { deepEqual } from '../../kernel/json'
import { fromTimestamp, toTimestamp } from '../../model/time'

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history'
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas'
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash'
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration'
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to'
/** maxRevHistoryLengthInChars in sync.go. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000

// Condition reasons (util/deployment_util.go).
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable'
export const REPLICASET_UPDATED_REASON = 'ReplicaSetUpdated'
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded'
export const NEW_REPLICASET_REASON = 'NewReplicaSetCreated'
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet'
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError'
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused'
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed'
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable'
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable'

const MAX_INT32 = 2147483647

/** Go's math.Round: halves round away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x)
}

/** spec.replicas with the API default of 1. */
export const replicasOf = (o: { spec: { replicas?: number } }): number => o.spec.replicas ?? 1

// The fencepost arithmetic lives in model/ so the views can preview a strategy's min-available / max-total bounds.
export { getScaledValueFromIntOrPercent, resolveFenceposts } from '../../model/intOrPercent'

/** IsRollingUpdate. */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
}

/** MaxSurge: how many pods above replicas a rolling update may run (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0
  const ru = d.spec.strategy?.rollingUpdate
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge
}

/** MaxUnavailable: how many pods below replicas a rolling update may go, capped at replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d)
  if (!isRollingUpdate(d) || replicas === 0) return 0
  const ru = d.spec.strategy?.rollingUpdate
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas)
  return Math.min(unavailable, replicas)
}

/** MinAvailable: replicas - MaxUnavailable (0 for Recreate). */
export function minAvailable(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0
  return replicasOf(d) - maxUnavailable(d)
}

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export function getReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  return rss.reduce((sum, rs) => sum + (rs ? replicasOf(rs) : 0), 0)
}

/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export function getActualReplicaCountForReplicaSets(
  rss: readonly (ReplicaSet | undefined)[],
): number {
  return rss.reduce((sum, rs) => sum + (rs?.status.replicas ?? 0), 0)
}

/** GetReadyReplicaCountForReplicaSets: the sum of status.readyReplicas. */
export function getReadyReplicaCountForReplicaSets(
  rss: readonly (ReplicaSet | undefined)[],
): number {
  return rss.reduce((sum, rs) => sum + (rs?.status.readyReplicas ?? 0), 0)
}

/** GetAvailableReplicaCountForReplicaSets: the sum of status.availableReplicas. */
export function getAvailableReplicaCountForReplicaSets(
  rss: readonly (ReplicaSet | undefined)[],
): number {
  return rss.reduce((sum, rs) => sum + (rs?.status.availableReplicas ?? 0), 0)
}

/** FilterActiveReplicaSets: the ReplicaSets with spec.replicas > 0. */
export function filterActiveReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0)
}

/**
 * NewRSNewReplicas: how big the new ReplicaSet may be now. RollingUpdate adds as many as fit under
 * replicas + maxSurge (rounded up) without exceeding replicas; Recreate goes straight to replicas.
 */
export function newRSNewReplicas(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
): number {
  if (!isRollingUpdate(d)) return replicasOf(d)
  const surge = getScaledValueFromIntOrPercent(
    d.spec.strategy?.rollingUpdate?.maxSurge,
    replicasOf(d),
    true,
  )
  const currentPodCount = getReplicaCountForReplicaSets(allRSs)
  const maxTotalPods = replicasOf(d) + surge
  if (currentPodCount >= maxTotalPods) return replicasOf(newRS)
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicasOf(d) - replicasOf(newRS))
  return replicasOf(newRS) + scaleUpCount
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const raw = rs.metadata.annotations?.[key]
  if (raw === undefined || !/^-?\d+$/.test(raw)) return undefined
  return Number(raw)
}

/**
 * getReplicaSetFraction: how many replicas to add to (or remove from) rs when the Deployment is
 * resized, in proportion to its size against the max-replicas annotation it was sized for.
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs)
  const deploymentMaxReplicas = replicasOf(d) + maxSurge(d)
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION)
  if (before === undefined || before === 0) {
    before = d.status.replicas ?? 0
    if (before === 0) return 0
  }
  const scaleBase = replicasOf(rs)
  return goRound((scaleBase * deploymentMaxReplicas) / before) - replicasOf(rs)
}

/**
 * GetProportion: rs's share of replicasToAdd, never going past what is still left to add (or
 * remove) after `added` has been handed out.
 */
export function getProportion(
  rs: ReplicaSet | undefined,
  d: Deployment,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (
    !rs ||
    replicasOf(rs) === 0 ||
    deploymentReplicasToAdd === 0 ||
    deploymentReplicasToAdd === deploymentReplicasAdded
  )
    return 0
  const fraction = getReplicaSetFraction(rs, d)
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded
  return deploymentReplicasToAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed)
}

/** IsSaturated: the new ReplicaSet is at full size, was sized for it, and all of it is available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION)
  if (desired === undefined) return false
  return (
    replicasOf(rs) === replicasOf(d) &&
    desired === replicasOf(d) &&
    (rs.status.availableReplicas ?? 0) === replicasOf(d)
  )
}

/** ReplicaSetsByCreationTimestamp's comparison: older first, then by name. */
export function compareByCreation(a: ReplicaSet, b: ReplicaSet): number {
  if (a.metadata.creationTimestamp !== b.metadata.creationTimestamp)
    return a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0
}

/** ReplicaSetsBySizeOlder: larger first; equal sizes older first. */
export function compareBySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) === replicasOf(b)) return compareByCreation(a, b)
  return replicasOf(b) - replicasOf(a)
}

/** ReplicaSetsBySizeNewer: larger first; equal sizes newer first. */
export function compareBySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) === replicasOf(b)) return compareByCreation(b, a)
  return replicasOf(b) - replicasOf(a)
}

/**
 * FindActiveOrLatest: the one active ReplicaSet; with none active, the new one or else the newest
 * old one; with two or more active, undefined (proportional scaling decides).
 */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined
  const sortedOld = [...oldRSs].sort((a, b) => compareByCreation(b, a))
  const active = filterActiveReplicaSets([...sortedOld, newRS])
  if (active.length === 0) return newRS ?? sortedOld[0]
  if (active.length === 1) return active[0]
  return undefined
}

/** A template without the pod-template-hash label, for EqualIgnoreHash. */
function withoutHash(t: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...(t.metadata?.labels ?? {}) }
  delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } }
}

/** EqualIgnoreHash: two pod templates are equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return deepEqual(withoutHash(a), withoutHash(b))
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(
  d: Deployment,
  rsList: readonly ReplicaSet[],
): ReplicaSet | undefined {
  return [...rsList]
    .sort(compareByCreation)
    .find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template))
}

/** FindOldReplicaSets: [old ReplicaSets with replicas, all old ReplicaSets]. */
export function findOldReplicaSets(
  d: Deployment,
  rsList: readonly ReplicaSet[],
): { requiredRSs: ReplicaSet[]; allOldRSs: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList)
  const allOldRSs = rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid)
  return { requiredRSs: allOldRSs.filter((rs) => replicasOf(rs) !== 0), allOldRSs }
}

/** Revision: the revision annotation as a number (0 when absent or malformed). */
export function revisionOf(rs: { metadata: { annotations?: Record<string, string> } }): number {
  const raw = rs.metadata.annotations?.[REVISION_ANNOTATION]
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0
}

/** MaxRevision: the highest revision among the ReplicaSets. */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0)
}

/** ReplicaSetsByRevision: lower revision first, ties by creation time. */
export function compareByRevision(a: ReplicaSet, b: ReplicaSet): number {
  const d = revisionOf(a) - revisionOf(b)
  return d !== 0 ? d : compareByCreation(a, b)
}

/** HasProgressDeadline: progressDeadlineSeconds is set and is not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  return (
    d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MAX_INT32
  )
}

/** HasRevisionHistoryLimit. */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  return d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== MAX_INT32
}

/** ReplicasAnnotationsNeedUpdate: the desired/max annotations differ from these values. */
export function replicasAnnotationsNeedUpdate(
  rs: ReplicaSet,
  desiredReplicas: number,
  maxReplicas: number,
): boolean {
  const a = rs.metadata.annotations ?? {}
  return (
    a[DESIRED_REPLICAS_ANNOTATION] !== String(desiredReplicas) ||
    a[MAX_REPLICAS_ANNOTATION] !== String(maxReplicas)
  )
}

/** SetReplicasAnnotations on a copy of the annotations; returns the new map. */
export function withReplicasAnnotations(
  annotations: Record<string, string> | undefined,
  desiredReplicas: number,
  maxReplicas: number,
): Record<string, string> {
  return {
    ...(annotations ?? {}),
    [DESIRED_REPLICAS_ANNOTATION]: String(desiredReplicas),
    [MAX_REPLICAS_ANNOTATION]: String(maxReplicas),
  }
}

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
])

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations (but the skipped ones), raise the
 * revision to newRevision if it is higher (remembering the old one in revision-history), and on
 * creation add the desired/max replicas annotations. Returns the annotations and whether they changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): { annotations: Record<string, string>; changed: boolean } {
  const annotations = { ...(rs.metadata.annotations ?? {}) }
  let changed = false
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue
    annotations[k] = v
    changed = true
  }
  const oldRevision = annotations[REVISION_ANNOTATION]
  let oldRevisionInt = 0
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^-?\d+$/.test(oldRevision))
      return { annotations: rs.metadata.annotations ?? {}, changed: false }
    oldRevisionInt = Number(oldRevision)
  }
  if (oldRevisionInt < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision)
    changed = true
  }
  if (oldRevision !== undefined && oldRevisionInt < newRevision) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? ''
    let oldRevisions = history.split(',')
    if ((oldRevisions[0] ?? '').length === 0) {
      annotations[REVISION_HISTORY_ANNOTATION] = oldRevision
    } else {
      let totalLen = history.length + oldRevision.length + 1
      let start = 0
      while (totalLen > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < oldRevisions.length) {
        totalLen -= (oldRevisions[start] ?? '').length + 1
        start++
      }
      if (totalLen <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
        oldRevisions = [...oldRevisions.slice(start), oldRevision]
        annotations[REVISION_HISTORY_ANNOTATION] = oldRevisions.join(',')
      }
    }
  }
  if (!exists) {
    const desired = replicasOf(d)
    const max = desired + maxSurge(d)
    if (
      annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) ||
      annotations[MAX_REPLICAS_ANNOTATION] !== String(max)
    ) {
      annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired)
      annotations[MAX_REPLICAS_ANNOTATION] = String(max)
      changed = true
    }
  }
  return { annotations, changed }
}

/** NewDeploymentCondition at the given sim time. */
export function newDeploymentCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  nowMs: number,
): Condition {
  const t = toTimestamp(nowMs)
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message }
}

/** GetDeploymentCondition. */
export function getDeploymentCondition(
  status: DeploymentStatus,
  type: string,
): Condition | undefined {
  return status.conditions?.find((c) => c.type === type)
}

/**
 * SetDeploymentCondition: no change if status and reason are the same; keeps lastTransitionTime
 * if only the reason changed; the condition moves to the end of the list.
 */
export function setDeploymentCondition(
  status: DeploymentStatus,
  condition: Condition,
): DeploymentStatus {
  const current = getDeploymentCondition(status, condition.type)
  if (current && current.status === condition.status && current.reason === condition.reason)
    return status
  const next =
    current && current.status === condition.status && current.lastTransitionTime
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition
  return {
    ...status,
    conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next],
  }
}

/** RemoveDeploymentCondition. */
export function removeDeploymentCondition(
  status: DeploymentStatus,
  type: string,
): DeploymentStatus {
  if (!status.conditions?.some((c) => c.type === type)) return status
  const conditions = status.conditions.filter((c) => c.type !== type)
  const { conditions: _dropped, ...rest } = status
  return conditions.length === 0 ? rest : { ...rest, conditions }
}

/** DeploymentComplete: every replica updated and available, and the newest generation observed. */
export function deploymentComplete(d: Deployment, newStatus: DeploymentStatus): boolean {
  const replicas = replicasOf(d)
  return (
    (newStatus.updatedReplicas ?? 0) === replicas &&
    (newStatus.replicas ?? 0) === replicas &&
    (newStatus.availableReplicas ?? 0) === replicas &&
    (newStatus.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  )
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: Deployment, newStatus: DeploymentStatus): boolean {
  const old = d.status
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
  const newOld = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0)
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  )
}

/** DeploymentTimedOut: no progress reported within progressDeadlineSeconds of the last update. */
export function deploymentTimedOut(
  d: Deployment,
  newStatus: DeploymentStatus,
  nowMs: number,
): boolean {
  if (!hasProgressDeadline(d)) return false
  const condition = getDeploymentCondition(newStatus, 'Progressing')
  if (!condition) return false
  if (condition.reason === NEW_RS_AVAILABLE_REASON) return false
  if (condition.reason === TIMED_OUT_REASON) return true
  return (
    fromTimestamp(condition.lastUpdateTime ?? '') + (d.spec.progressDeadlineSeconds ?? 0) * 1000 <
    nowMs
  )
}
