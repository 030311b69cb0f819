/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go): watches
 * Deployments, their ReplicaSets and pods, and dispatches each sync to pause handling, scaling or
 * the rollout strategy, as syncDeployment does.
 */
import type { WatchEvent } from '../../api/ObjectStore'
import type { Deployment, ReplicaSet } from '../../model/apps'
import type { KubeObject } from '../../model/meta'
import { controllerRef, keyOf } from '../../model/meta'
import type { Pod } from '../../model/pod'
import { isEmptySelector, selectorMatches } from '../../model/labels'
import type { Controller, SimContext } from '../../runtime/types'
import { DEPLOYMENT_RECONCILE_DELAY_MS, controllerOf, newControllerRef } from '../controllerUtils'
import {
  DESIRED_REPLICAS_ANNOTATION,
  PAUSED_DEPLOY_REASON,
  RESUMED_DEPLOY_REASON,
  TIMED_OUT_REASON,
  filterActiveReplicaSets,
  getDeploymentCondition,
  hasProgressDeadline,
  newDeploymentCondition,
  replicasOf,
  setDeploymentCondition,
} from './deploymentUtil'
import { DEPLOYMENT_CONTROLLER, rolloutRecreate, rolloutRolling } from './rollout'
import type { DeploymentWork } from './sync'
import {
  DEPLOYMENT_SOURCE,
  getAllReplicaSetsAndSyncRevision,
  sync,
  syncDeploymentStatus,
  updateDeploymentStatus,
} from './sync'

export { DEPLOYMENT_CONTROLLER }

function enqueue(ctx: SimContext, d: KubeObject): void {
  ctx.enqueue(DEPLOYMENT_CONTROLLER, keyOf(d), DEPLOYMENT_RECONCILE_DELAY_MS)
}

function deploymentOf(ctx: SimContext, rs: KubeObject): Deployment | undefined {
  return controllerOf<Deployment>(ctx.store, rs, 'Deployment')
}

function onReplicaSetEvent(ctx: SimContext, event: WatchEvent): void {
  const rs = event.object as ReplicaSet
  const owner = deploymentOf(ctx, rs)
  if (event.type === 'MODIFIED' && event.old) {
    const oldOwner = deploymentOf(ctx, event.old)
    if (oldOwner && oldOwner !== owner) enqueue(ctx, oldOwner)
  }
  if (owner) {
    enqueue(ctx, owner)
  } else if (event.type !== 'DELETED' && !controllerRef(rs.metadata)) {
    // An orphan: every Deployment whose selector matches may adopt it.
    for (const d of ctx.store.list<Deployment>('Deployment')) {
      if (
        d.metadata.namespace === rs.metadata.namespace &&
        selectorMatches(d.spec.selector, rs.metadata.labels)
      )
        enqueue(ctx, d)
    }
  }
}

function onPodDeleted(ctx: SimContext, pod: Pod): void {
  const ref = controllerRef(pod.metadata)
  const rs = ref ? ctx.store.getByUid<ReplicaSet>(ref.uid) : undefined
  const d = rs ? deploymentOf(ctx, rs) : undefined
  // Recreate waits for the old pods to be gone; their deletion is what wakes it.
  if (d && d.spec.strategy?.type === 'Recreate') enqueue(ctx, d)
}

/** getReplicaSetsForDeployment: owned ReplicaSets, adopting matching orphans, releasing the rest. */
function getReplicaSetsForDeployment(ctx: SimContext, d: Deployment): ReplicaSet[] {
  const out: ReplicaSet[] = []
  for (const key of [...ctx.store.controlledBy(d.metadata.uid)]) {
    const rs = ctx.store.get<ReplicaSet>(key)
    if (!rs || rs.kind !== 'ReplicaSet') continue
    if (selectorMatches(d.spec.selector, rs.metadata.labels)) out.push(rs)
    else
      ctx.api.update<ReplicaSet>({
        ...rs,
        metadata: {
          ...rs.metadata,
          ownerReferences: (rs.metadata.ownerReferences ?? []).filter(
            (r) => r.uid !== d.metadata.uid,
          ),
        },
      })
  }
  if (!d.metadata.deletionTimestamp) {
    for (const key of [...ctx.store.uncontrolledOf('ReplicaSet')]) {
      const rs = ctx.store.get<ReplicaSet>(key)
      if (!rs || rs.metadata.namespace !== d.metadata.namespace || rs.metadata.deletionTimestamp)
        continue
      if (!selectorMatches(d.spec.selector, rs.metadata.labels)) continue
      out.push(
        ctx.api.update<ReplicaSet>({
          ...rs,
          metadata: {
            ...rs.metadata,
            ownerReferences: [...(rs.metadata.ownerReferences ?? []), newControllerRef(d)],
          },
        }),
      )
    }
  }
  return out
}

/** getPodMapForDeployment: the Deployment's pods grouped by the uid of their ReplicaSet. */
function getPodMapForDeployment(
  ctx: SimContext,
  rsList: readonly ReplicaSet[],
): Map<string, Pod[]> {
  const map = new Map<string, Pod[]>()
  for (const rs of rsList) {
    const pods: Pod[] = []
    for (const key of ctx.store.controlledBy(rs.metadata.uid)) {
      const pod = ctx.store.get<Pod>(key)
      if (pod?.kind === 'Pod') pods.push(pod)
    }
    map.set(rs.metadata.uid, pods)
  }
  return map
}

/** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
function checkPausedConditions(ctx: SimContext, work: DeploymentWork): void {
  const d = work.d
  if (!hasProgressDeadline(d)) return
  const cond = getDeploymentCondition(d.status, 'Progressing')
  if (cond?.reason === TIMED_OUT_REASON) return
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON
  if (d.spec.paused && !pausedCondExists) {
    updateDeploymentStatus(
      ctx,
      work,
      setDeploymentCondition(
        d.status,
        newDeploymentCondition(
          'Progressing',
          'Unknown',
          PAUSED_DEPLOY_REASON,
          'Deployment is paused',
          ctx.nowMs(),
        ),
      ),
    )
  } else if (!d.spec.paused && pausedCondExists) {
    updateDeploymentStatus(
      ctx,
      work,
      setDeploymentCondition(
        d.status,
        newDeploymentCondition(
          'Progressing',
          'Unknown',
          RESUMED_DEPLOY_REASON,
          'Deployment is resumed',
          ctx.nowMs(),
        ),
      ),
    )
  }
}

/** isScalingEvent: an active ReplicaSet was sized for a different replica count than spec.replicas. */
function isScalingEvent(
  ctx: SimContext,
  work: DeploymentWork,
  rsList: readonly ReplicaSet[],
): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, work, rsList, false)
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const raw = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]
    if (raw === undefined || !/^-?\d+$/.test(raw)) continue
    if (Number(raw) !== replicasOf(work.d)) return true
  }
  return false
}

/** syncDeployment: one reconcile of one Deployment. */
function syncDeployment(ctx: SimContext, key: string): void {
  const d = ctx.store.get<Deployment>(key)
  if (!d) return
  const work: DeploymentWork = { d }
  if (isEmptySelector(d.spec.selector)) {
    ctx.events.record(
      d,
      'Warning',
      'SelectingAll',
      'This deployment is selecting all pods. A non-empty selector is required.',
      DEPLOYMENT_SOURCE,
    )
    if ((d.status.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      updateDeploymentStatus(ctx, work, {
        ...d.status,
        observedGeneration: d.metadata.generation ?? 0,
      })
    }
    return
  }
  const rsList = getReplicaSetsForDeployment(ctx, d)
  if (d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, work, rsList, false)
    syncDeploymentStatus(ctx, work, [...oldRSs, newRS], newRS)
    return
  }
  checkPausedConditions(ctx, work)
  if (work.d.spec.paused || isScalingEvent(ctx, work, rsList)) {
    sync(ctx, work, rsList)
    return
  }
  // Only Recreate looks at the pods themselves; building the map costs O(pods), so only then.
  if (work.d.spec.strategy?.type === 'Recreate')
    rolloutRecreate(ctx, work, rsList, getPodMapForDeployment(ctx, rsList))
  else rolloutRolling(ctx, work, rsList)
}

/** Creates the Deployment controller. */
export function createDeploymentController(): Controller {
  return {
    name: DEPLOYMENT_CONTROLLER,
    onWatch(ctx, event) {
      const kind = event.object.kind
      if (kind === 'Deployment') {
        if (event.type !== 'DELETED') enqueue(ctx, event.object)
      } else if (kind === 'ReplicaSet') {
        onReplicaSetEvent(ctx, event)
      } else if (kind === 'Pod' && event.type === 'DELETED') {
        onPodDeleted(ctx, event.object as Pod)
      }
    },
    run(ctx, task) {
      syncDeployment(ctx, task.key)
    },
  }
}
