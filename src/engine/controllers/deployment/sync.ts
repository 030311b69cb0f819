/**
 * The Deployment controller's writes (pkg/controller/deployment/sync.go): finding or creating the
 * new ReplicaSet with its revision, resizing ReplicaSets with their ScalingReplicaSet events,
 * proportional scaling, history cleanup and status updates.
 */
import { ApiError } from '../../api/errors'
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../model/apps'
import { computeHash } from '../../kernel/names'
import { deepEqual } from '../../kernel/json'
import type { SimContext } from '../../runtime/types'
import { newControllerRef } from '../controllerUtils'
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  NEW_REPLICASET_REASON,
  REVISION_ANNOTATION,
  compareByRevision,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  maxRevision,
  maxSurge,
  newDeploymentCondition,
  newRSNewReplicas,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  setDeploymentCondition,
  setNewReplicaSetAnnotations,
  withReplicasAnnotations,
} from './deploymentUtil'
import { calculateStatus } from './progress'
import type { DecisionContext, RolloutRule } from './decisions'
import { recordDecision } from './decisions'
import type { ScaleDecision } from './rolling'
import { scale } from './scale'

export const DEPLOYMENT_SOURCE = { component: 'deployment-controller' }

/** generateReplicaSetName: `<deployment>-<hash>`, the deployment part cut to fit 253 characters. */
export function generateReplicaSetName(deploymentName: string, hash: string): string {
  const max = 253 - hash.length - 1
  return `${deploymentName.slice(0, max)}-${hash}`
}

/** The Deployment as the controller works on it during one sync (it writes status as it goes). */
export interface DeploymentWork {
  d: Deployment
}

/** UpdateStatus on the Deployment (which, for Deployments, also carries annotation changes). */
export function updateDeploymentStatus(
  ctx: SimContext,
  work: DeploymentWork,
  status: DeploymentStatus,
  annotations = work.d.metadata.annotations,
): void {
  const next: Deployment = {
    ...work.d,
    metadata: { ...work.d.metadata, ...(annotations ? { annotations } : {}) },
    status,
  }
  work.d = ctx.api.updateStatus(next)
}

/** SetDeploymentRevision: the Deployment's revision annotation follows its new ReplicaSet's. */
function withDeploymentRevision(
  d: Deployment,
  revision: string,
): Record<string, string> | undefined {
  if (d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return undefined
  return { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision }
}

/**
 * getNewReplicaSet: the ReplicaSet whose template is the Deployment's, with its annotations and
 * revision brought up to date; created (with NewRSNewReplicas pods) when createIfNotExisted.
 */
export function getNewReplicaSet(
  ctx: SimContext,
  work: DeploymentWork,
  rsList: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  createIfNotExisted: boolean,
): ReplicaSet | undefined {
  const d = work.d
  const existing = findNewReplicaSet(d, rsList)
  const newRevision = maxRevision(oldRSs) + 1
  const nowMs = ctx.nowMs()
  if (existing) {
    const { annotations, changed } = setNewReplicaSetAnnotations(d, existing, newRevision, true)
    const minReadyNeedsUpdate =
      (existing.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)
    if (changed || minReadyNeedsUpdate) {
      return ctx.api.update<ReplicaSet>({
        ...existing,
        metadata: { ...existing.metadata, annotations },
        spec: { ...existing.spec, minReadySeconds: d.spec.minReadySeconds ?? 0 },
      })
    }
    const revisionAnnotations = withDeploymentRevision(
      d,
      existing.metadata.annotations?.[REVISION_ANNOTATION] ?? '',
    )
    let status = d.status
    let needsUpdate = revisionAnnotations !== undefined
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, 'Progressing')) {
      status = setDeploymentCondition(
        status,
        newDeploymentCondition(
          'Progressing',
          'True',
          FOUND_NEW_RS_REASON,
          `Found new replica set "${existing.metadata.name}"`,
          nowMs,
        ),
      )
      needsUpdate = true
    }
    if (needsUpdate)
      updateDeploymentStatus(ctx, work, status, revisionAnnotations ?? d.metadata.annotations)
    return existing
  }
  if (!createIfNotExisted) return undefined

  const hash = computeHash(d.spec.template, d.status.collisionCount)
  const labels = {
    ...(d.spec.template.metadata?.labels ?? {}),
    [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
  }
  const template = { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } }
  const selector = {
    ...d.spec.selector,
    matchLabels: {
      ...(d.spec.selector.matchLabels ?? {}),
      [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
    },
  }
  const name = generateReplicaSetName(d.metadata.name, hash)
  let newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d)],
      labels,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
    },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    status: { replicas: 0 },
  }
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS)
  newRS = { ...newRS, spec: { ...newRS.spec, replicas: newReplicasCount } }
  newRS = {
    ...newRS,
    metadata: {
      ...newRS.metadata,
      annotations: setNewReplicaSetAnnotations(d, newRS, newRevision, false).annotations,
    },
  }

  let created: ReplicaSet
  let alreadyExists = false
  try {
    created = ctx.api.create<ReplicaSet>(newRS)
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'AlreadyExists') {
      alreadyExists = true
      const rs = ctx.api.mustGet<ReplicaSet>('ReplicaSet', d.metadata.namespace, name)
      const ref = rs.metadata.ownerReferences?.find((r) => r.controller)
      if (ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, rs.spec.template)) {
        created = rs
      } else {
        // A hash collision: bump collisionCount so the next sync computes a different hash.
        updateDeploymentStatus(ctx, work, {
          ...d.status,
          collisionCount: (d.status.collisionCount ?? 0) + 1,
        })
        throw e
      }
    } else {
      const message = `Failed to create new replica set "${name}": ${e instanceof Error ? e.message : String(e)}`
      if (hasProgressDeadline(d)) {
        updateDeploymentStatus(
          ctx,
          work,
          setDeploymentCondition(
            d.status,
            newDeploymentCondition('Progressing', 'False', FAILED_RS_CREATE_REASON, message, nowMs),
          ),
        )
      }
      ctx.events.record(d, 'Warning', FAILED_RS_CREATE_REASON, message, DEPLOYMENT_SOURCE)
      throw e
    }
  }
  if (!alreadyExists && newReplicasCount > 0) {
    const message = `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicasCount}`
    ctx.events.record(d, 'Normal', 'ScalingReplicaSet', message, DEPLOYMENT_SOURCE)
    recordDecision(
      ctx,
      d,
      { allRSs: oldRSs, newRS: undefined },
      { rule: 'NewReplicaSetCreated', replicaSet: created, from: 0, to: newReplicasCount, message },
    )
  }
  const revisionAnnotations = withDeploymentRevision(work.d, String(newRevision))
  let status = work.d.status
  let needsUpdate = revisionAnnotations !== undefined
  if (!alreadyExists && hasProgressDeadline(d)) {
    status = setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Progressing',
        'True',
        NEW_REPLICASET_REASON,
        `Created new replica set "${created.metadata.name}"`,
        nowMs,
      ),
    )
    needsUpdate = true
  }
  if (needsUpdate)
    updateDeploymentStatus(ctx, work, status, revisionAnnotations ?? work.d.metadata.annotations)
  return created
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (maybe created) and all the old ones. */
export function getAllReplicaSetsAndSyncRevision(
  ctx: SimContext,
  work: DeploymentWork,
  rsList: readonly ReplicaSet[],
  createIfNotExisted: boolean,
): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
  const { allOldRSs } = findOldReplicaSets(work.d, rsList)
  const newRS = getNewReplicaSet(ctx, work, rsList, allOldRSs, createIfNotExisted)
  return { newRS, oldRSs: allOldRSs }
}

/**
 * scaleReplicaSet: resize rs and refresh its desired/max replicas annotations; a size change gets
 * the event "Scaled up|down replica set <rs> from <a> to <b>".
 */
export function scaleReplicaSet(
  ctx: SimContext,
  d: Deployment,
  rs: ReplicaSet,
  newScale: number,
  operation: 'up' | 'down' | '',
  why?: { rule: RolloutRule; context: DecisionContext },
): ReplicaSet {
  const current =
    ctx.store.get<ReplicaSet>(`ReplicaSet/${rs.metadata.namespace}/${rs.metadata.name}`) ?? rs
  const sizeNeedsUpdate = replicasOf(current) !== newScale
  const max = replicasOf(d) + maxSurge(d)
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(current, replicasOf(d), max))
    return current
  const oldScale = replicasOf(current)
  const updated = ctx.api.update<ReplicaSet>({
    ...current,
    metadata: {
      ...current.metadata,
      annotations: withReplicasAnnotations(current.metadata.annotations, replicasOf(d), max),
    },
    spec: { ...current.spec, replicas: newScale },
  })
  if (sizeNeedsUpdate) {
    const verb = operation === 'up' ? 'Scaled up' : operation === 'down' ? 'Scaled down' : ''
    const message = `${verb} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`
    ctx.events.record(d, 'Normal', 'ScalingReplicaSet', message, DEPLOYMENT_SOURCE)
    if (why) {
      recordDecision(ctx, d, why.context, {
        rule: why.rule,
        replicaSet: current,
        from: oldScale,
        to: newScale,
        message,
      })
    }
  }
  return updated
}

/** scaleReplicaSetAndRecordEvent: scaleReplicaSet when the size actually changes. */
export function scaleReplicaSetAndRecordEvent(
  ctx: SimContext,
  d: Deployment,
  decision: ScaleDecision,
  context?: DecisionContext,
): boolean {
  if (decision.from === decision.to) return false
  const why = context ? { rule: decision.rule, context } : undefined
  scaleReplicaSet(
    ctx,
    d,
    decision.rs,
    decision.to,
    decision.from < decision.to ? 'up' : 'down',
    why,
  )
  return true
}

/** cleanupDeployment: delete the oldest unused ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(
  ctx: SimContext,
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): void {
  if (!hasRevisionHistoryLimit(d)) return
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp)
  const diff = cleanable.length - (d.spec.revisionHistoryLimit ?? 10)
  if (diff <= 0) return
  const sorted = [...cleanable].sort(compareByRevision)
  for (let i = 0; i < diff; i++) {
    const rs = sorted[i] as ReplicaSet
    if (
      rs.status.replicas !== 0 ||
      replicasOf(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    )
      continue
    if (ctx.api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name))
      ctx.api.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name)
  }
}

/** syncDeploymentStatus: write calculateStatus if it differs. */
export function syncDeploymentStatus(
  ctx: SimContext,
  work: DeploymentWork,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): void {
  const status = calculateStatus(allRSs, newRS, work.d, ctx.nowMs())
  if (!deepEqual(work.d.status, status)) updateDeploymentStatus(ctx, work, status)
}

/**
 * sync: what a paused Deployment or a scaling event gets: no rollout, only proportional scaling
 * (and, when paused, history cleanup), then status.
 */
export function sync(ctx: SimContext, work: DeploymentWork, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, work, rsList, false)
  const plan = scale(work.d, newRS, oldRSs)
  const context: DecisionContext = { allRSs: [...oldRSs, newRS], newRS }
  for (const decision of plan.decisions) {
    if (plan.proportional) {
      scaleReplicaSet(ctx, work.d, decision.rs, decision.to, plan.operation, {
        rule: decision.rule,
        context,
      })
    } else {
      scaleReplicaSetAndRecordEvent(ctx, work.d, decision, context)
    }
  }
  if (work.d.spec.paused) cleanupDeployment(ctx, oldRSs, work.d)
  syncDeploymentStatus(ctx, work, [...oldRSs, newRS], newRS)
}
