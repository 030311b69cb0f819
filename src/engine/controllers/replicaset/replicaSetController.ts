/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps the number of active
 * pods equal to spec.replicas, creating in slow-start batches and deleting the pods
 * getPodsToDelete ranks first, and writes the ReplicaSet's status.
 */
import type { WatchEvent } from '../../api/ObjectStore'
import { ApiError } from '../../api/errors'
import type { ReplicaSet } from '../../model/apps'
import type { KubeObject } from '../../model/meta'
import { controllerRef, keyOf } from '../../model/meta'
import type { Pod } from '../../model/pod'
import { isPodActive, isPodReady } from '../../model/podStatus'
import { selectorMatches } from '../../model/labels'
import type { Controller, SimContext } from '../../runtime/types'
import type { Task } from '../../kernel/TaskQueue'
import {
  RECONCILE_DELAY_MS,
  controllerOf,
  SLOW_START_INITIAL_BATCH_SIZE,
  newControllerRef,
  podFromTemplate,
  slowStartBatch,
} from '../controllerUtils'
import type { ActivePodCounts } from './calculateStatus'
import { calculateStatusFromCounts, countActivePods } from './calculateStatus'
import { PodCountsCache } from './PodCounts'
import type { DeletionKey } from './podsToDelete'
import { deletionKey, selectPodsToDelete } from './podsToDelete'

export const REPLICASET_CONTROLLER = 'replicaset'

/** BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500

const SOURCE = { component: 'replicaset-controller' }

function enqueue(ctx: SimContext, rs: KubeObject, delayMs = RECONCILE_DELAY_MS): void {
  ctx.enqueue(REPLICASET_CONTROLLER, keyOf(rs), delayMs)
}

/** The ReplicaSets in the pod's namespace whose selector matches it (getPodReplicaSets). */
function replicaSetsSelecting(ctx: SimContext, pod: Pod): ReplicaSet[] {
  const out: ReplicaSet[] = []
  for (const rs of ctx.store.list<ReplicaSet>('ReplicaSet')) {
    if (
      rs.metadata.namespace === pod.metadata.namespace &&
      selectorMatches(rs.spec.selector, pod.metadata.labels)
    )
      out.push(rs)
  }
  return out
}

function ownerReplicaSet(ctx: SimContext, pod: Pod): ReplicaSet | undefined {
  return controllerOf<ReplicaSet>(ctx.store, pod, 'ReplicaSet')
}

function onPodEvent(ctx: SimContext, event: WatchEvent): void {
  const pod = event.object as Pod
  const owner = ownerReplicaSet(ctx, pod)
  if (event.type === 'MODIFIED') {
    const old = event.old as Pod
    const oldOwner = ownerReplicaSet(ctx, old)
    if (oldOwner && oldOwner !== owner) enqueue(ctx, oldOwner)
    if (owner) {
      enqueue(ctx, owner)
      // A pod that just turned ready becomes available minReadySeconds later: look again then.
      const minReady = owner.spec.minReadySeconds ?? 0
      if (minReady > 0 && !isPodReady(old) && isPodReady(pod))
        enqueue(ctx, owner, minReady * 1000 + 1000)
      return
    }
  } else if (owner) {
    enqueue(ctx, owner)
    return
  }
  if (event.type !== 'DELETED' && !controllerRef(pod.metadata)) {
    for (const rs of replicaSetsSelecting(ctx, pod)) enqueue(ctx, rs)
  }
}

/**
 * claimPods (ControllerRefManager.ClaimPods): the pods this ReplicaSet owns, after adopting
 * matching orphans and releasing owned pods whose labels no longer match.
 */
function claimPods(ctx: SimContext, rs: ReplicaSet): Pod[] {
  const claimed: Pod[] = []
  for (const key of [...ctx.store.controlledBy(rs.metadata.uid)]) {
    const pod = ctx.store.get<Pod>(key)
    if (!pod || pod.kind !== 'Pod') continue
    if (selectorMatches(rs.spec.selector, pod.metadata.labels)) {
      claimed.push(pod)
    } else if (isPodActive(pod)) {
      // Release: drop our controllerRef.
      const ownerReferences = (pod.metadata.ownerReferences ?? []).filter(
        (r) => r.uid !== rs.metadata.uid,
      )
      ctx.api.update<Pod>({ ...pod, metadata: { ...pod.metadata, ownerReferences } })
    }
  }
  if (rs.metadata.deletionTimestamp) return claimed
  for (const key of [...ctx.store.uncontrolledOf('Pod')]) {
    const pod = ctx.store.get<Pod>(key)
    if (!pod || pod.metadata.namespace !== rs.metadata.namespace || !isPodActive(pod)) continue
    if (!selectorMatches(rs.spec.selector, pod.metadata.labels)) continue
    const adopted = ctx.api.update<Pod>({
      ...pod,
      metadata: {
        ...pod.metadata,
        ownerReferences: [...(pod.metadata.ownerReferences ?? []), newControllerRef(rs)],
      },
    })
    claimed.push(adopted)
  }
  return claimed
}

/**
 * manageReplicas: create or delete pods so that the active count meets spec.replicas. diff is
 * active - replicas; activePods is needed only to choose what to delete.
 */
function manageReplicas(
  ctx: SimContext,
  diff: number,
  activePods: readonly DeletionKey[],
  rs: ReplicaSet,
  counts: PodCountsCache,
): Error | undefined {
  if (diff < 0) {
    const count = Math.min(-diff, BURST_REPLICAS)
    const { error } = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => {
      try {
        const pod = ctx.api.create<Pod>(
          podFromTemplate(rs.spec.template, rs, rs.metadata.namespace ?? 'default'),
        )
        ctx.events.record(
          rs,
          'Normal',
          'SuccessfulCreate',
          `Created pod: ${pod.metadata.name}`,
          SOURCE,
        )
      } catch (e) {
        const message = e instanceof ApiError ? e.message : String(e)
        ctx.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${message}`, SOURCE)
        throw e
      }
    })
    return error
  }
  if (diff > 0) {
    const count = Math.min(diff, BURST_REPLICAS)
    // Ranks come from the related-pod counts per node that the cache keeps (upstream lists them).
    const toDelete = selectPodsToDelete(activePods, counts.rankOf(rs), count, ctx.nowMs())
    let firstError: Error | undefined
    for (const pod of toDelete) {
      try {
        ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name)
        ctx.events.record(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${pod.metadata.name}`,
          SOURCE,
        )
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        ctx.events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${message}`, SOURCE)
        firstError ??= e instanceof Error ? e : new Error(message)
      }
    }
    return firstError
  }
  return undefined
}

/** Whether an orphan pod in the ReplicaSet's namespace matches its selector (adoption needed). */
function hasAdoptablePods(ctx: SimContext, rs: ReplicaSet): boolean {
  for (const key of ctx.store.uncontrolledOf('Pod')) {
    const pod = ctx.store.get<Pod>(key)
    if (
      pod &&
      pod.metadata.namespace === rs.metadata.namespace &&
      isPodActive(pod) &&
      selectorMatches(rs.spec.selector, pod.metadata.labels)
    )
      return true
  }
  return false
}

/**
 * syncReplicaSet: one reconcile of one ReplicaSet. The pod list is only read when it matters
 * (adoption or release pending, pods to delete, minReadySeconds); otherwise the incremental counts
 * give the same status upstream computes from the list.
 */
function syncReplicaSet(
  ctx: SimContext,
  key: string,
  counts: PodCountsCache,
  claimPending: Set<string>,
): void {
  const rs = ctx.store.get<ReplicaSet>(key)
  if (!rs) return
  const nowMs = ctx.nowMs()
  let activePods: Pod[] | undefined
  if (
    claimPending.has(rs.metadata.uid) ||
    (!rs.metadata.deletionTimestamp && hasAdoptablePods(ctx, rs))
  ) {
    claimPending.delete(rs.metadata.uid)
    activePods = claimPods(ctx, rs).filter(isPodActive)
  }
  const replicas = rs.spec.replicas ?? 1
  let statusCounts: ActivePodCounts
  if (activePods) {
    statusCounts = countActivePods(rs, activePods, nowMs)
  } else {
    const c = counts.get(rs.metadata.uid)
    const minReady = rs.spec.minReadySeconds ?? 0
    statusCounts =
      minReady > 0
        ? countActivePods(rs, counts.activePods(rs.metadata.uid), nowMs)
        : { ...c, available: c.ready }
  }
  let manageError: Error | undefined
  if (!rs.metadata.deletionTimestamp) {
    const diff = statusCounts.active - replicas
    if (diff !== 0) {
      const candidates =
        diff < 0
          ? []
          : activePods
            ? activePods.map(deletionKey)
            : counts.activeKeys(rs.metadata.uid)
      manageError = manageReplicas(ctx, diff, candidates, rs, counts)
    }
  }
  const status = calculateStatusFromCounts(rs, statusCounts, manageError, nowMs)
  const updated = ctx.api.updateStatus<ReplicaSet>({ ...rs, status })
  const minReady = updated.spec.minReadySeconds ?? 0
  if (
    minReady > 0 &&
    (updated.status.readyReplicas ?? 0) === replicas &&
    (updated.status.availableReplicas ?? 0) !== replicas
  ) {
    enqueue(ctx, updated, minReady * 1000)
  }
  // A failed batch is retried with the work queue's rate limit, as upstream requeues on error.
  if (manageError) enqueue(ctx, updated, 1000)
}

/** Creates the ReplicaSet controller. */
export function createReplicaSetController(): Controller {
  let counts: PodCountsCache | undefined
  // ReplicaSets with an owned pod whose labels changed: their next sync checks for release.
  const claimPending = new Set<string>()
  return {
    name: REPLICASET_CONTROLLER,
    init(ctx) {
      counts = new PodCountsCache(ctx.store)
      counts.rebuild()
      // After a restore we do not know which label changes are pending; check every ReplicaSet once.
      for (const rs of ctx.store.list('ReplicaSet')) claimPending.add(rs.metadata.uid)
    },
    onWatch(ctx, event) {
      counts?.onWatch(event)
      if (event.object.kind === 'ReplicaSet') {
        if (event.type !== 'DELETED') enqueue(ctx, event.object)
        else claimPending.delete(event.object.metadata.uid)
      } else if (event.object.kind === 'Pod') {
        const owner = controllerRef(event.object.metadata)
        if (
          owner &&
          event.type === 'MODIFIED' &&
          JSON.stringify(event.old?.metadata.labels) !==
            JSON.stringify(event.object.metadata.labels)
        ) {
          claimPending.add(owner.uid)
        }
        onPodEvent(ctx, event)
      }
    },
    run(ctx, task: Task) {
      if (counts) syncReplicaSet(ctx, task.key, counts, claimPending)
    },
  }
}
