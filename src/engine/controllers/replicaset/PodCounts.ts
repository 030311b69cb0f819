/**
 * Per-ReplicaSet counts of its active, fully labelled and ready pods, kept up to date from watch
 * events. Upstream recounts the pod list on every sync; at 10,000 pods and thousands of syncs that
 * makes the simulation quadratic, so the common sync (nothing to create or delete) reads these
 * instead. They are derived state: rebuilt from the store after a restore, never snapshotted.
 */
import type { ObjectStore, WatchEvent } from '../../api/ObjectStore'
import type { ReplicaSet } from '../../model/apps'
import type { KubeObject } from '../../model/meta'
import { controllerRef } from '../../model/meta'
import type { Pod } from '../../model/pod'
import { isPodActive, isPodReady } from '../../model/podStatus'
import type { DeletionKey } from './podsToDelete'
import { deletionKey } from './podsToDelete'

export interface PodCounts {
  active: number
  fullyLabeled: number
  ready: number
}

interface Contribution {
  owner: string
  /** The group of related ReplicaSets: their controller's uid (a Deployment), or the ReplicaSet's. */
  group: string
  node: string
  active: number
  fullyLabeled: number
  ready: number
}

function matchesTemplateLabels(pod: Pod, rs: ReplicaSet | undefined): boolean {
  const template = rs?.spec.template.metadata?.labels ?? {}
  const labels = pod.metadata.labels ?? {}
  for (const key in template) if (labels[key] !== template[key]) return false
  return true
}

export class PodCountsCache {
  private readonly counts = new Map<string, PodCounts>()
  /** Active pods per node per group of related ReplicaSets: getPodsToDelete's ranks. */
  private readonly perNode = new Map<string, Map<string, number>>()
  /** The active pods of each ReplicaSet with their deletion keys, by pod uid: what a scale-down chooses from. */
  private readonly active = new Map<string, Map<string, DeletionKey>>()

  constructor(private readonly store: ObjectStore) {}

  private contribution(object: KubeObject | undefined): Contribution | undefined {
    if (!object || object.kind !== 'Pod') return undefined
    const owner = controllerRef(object.metadata)
    if (!owner || owner.kind !== 'ReplicaSet') return undefined
    const pod = object as Pod
    const rs = this.store.getByUid<ReplicaSet>(owner.uid)
    const group = (rs && controllerRef(rs.metadata)?.uid) ?? owner.uid
    const node = pod.spec.nodeName ?? ''
    if (!isPodActive(pod))
      return { owner: owner.uid, group, node, active: 0, fullyLabeled: 0, ready: 0 }
    return {
      owner: owner.uid,
      group,
      node,
      active: 1,
      fullyLabeled: matchesTemplateLabels(pod, rs) ? 1 : 0,
      ready: isPodReady(pod) ? 1 : 0,
    }
  }

  private apply(c: Contribution | undefined, sign: 1 | -1): void {
    if (!c || c.active === 0) return
    this.applyCounts(c, sign)
    let nodes = this.perNode.get(c.group)
    if (!nodes) this.perNode.set(c.group, (nodes = new Map<string, number>()))
    const n = (nodes.get(c.node) ?? 0) + sign
    if (n === 0) nodes.delete(c.node)
    else nodes.set(c.node, n)
  }

  private applyCounts(c: Contribution, sign: 1 | -1): void {
    let entry = this.counts.get(c.owner)
    if (!entry) this.counts.set(c.owner, (entry = { active: 0, fullyLabeled: 0, ready: 0 }))
    entry.active += sign * c.active
    entry.fullyLabeled += sign * c.fullyLabeled
    entry.ready += sign * c.ready
    if (entry.active === 0) this.counts.delete(c.owner)
  }

  /** Recounts one ReplicaSet's counts from its pods (its template labels changed). */
  private recount(rsUid: string): void {
    this.counts.delete(rsUid)
    for (const key of this.store.controlledBy(rsUid)) {
      const c = this.contribution(this.store.get(key))
      if (c && c.active > 0) this.applyCounts(c, 1)
    }
  }

  rebuild(): void {
    this.counts.clear()
    this.perNode.clear()
    this.active.clear()
    for (const pod of this.store.list('Pod')) this.track(undefined, pod)
  }

  /** Moves one pod's contribution from its old state to its new one. */
  private track(old: KubeObject | undefined, next: KubeObject | undefined): void {
    const before = this.contribution(old)
    const after = this.contribution(next)
    this.apply(before, -1)
    this.apply(after, 1)
    if (old && before && before.active > 0) {
      const set = this.active.get(before.owner)
      set?.delete(old.metadata.uid)
      if (set?.size === 0) this.active.delete(before.owner)
    }
    if (next && after && after.active > 0) {
      let set = this.active.get(after.owner)
      if (!set) this.active.set(after.owner, (set = new Map<string, DeletionKey>()))
      set.set(next.metadata.uid, deletionKey(next as Pod))
    }
  }

  /** The active pods a ReplicaSet owns, with their deletion keys. */
  activeKeys(rsUid: string): DeletionKey[] {
    return [...(this.active.get(rsUid)?.values() ?? [])]
  }

  /** The active pods a ReplicaSet owns. */
  activePods(rsUid: string): Pod[] {
    return this.activeKeys(rsUid).map((k) => k.pod)
  }

  onWatch(event: WatchEvent): void {
    if (event.object.kind === 'Pod') {
      this.track(
        event.type === 'ADDED' ? undefined : event.old,
        event.type === 'DELETED' ? undefined : event.object,
      )
    } else if (event.object.kind === 'ReplicaSet') {
      const uid = event.object.metadata.uid
      const old = event.old as ReplicaSet | undefined
      // Pods are grouped by their ReplicaSet's controller; when that link appears, changes or goes
      // while the ReplicaSet has pods (adoption, orphaning: rare), count everything again.
      const linkChanged =
        event.type !== 'MODIFIED' ||
        controllerRef(old?.metadata ?? event.object.metadata)?.uid !==
          controllerRef(event.object.metadata)?.uid
      if (linkChanged) {
        if (this.store.controlledBy(uid).size > 0) this.rebuild()
        return
      }
      const before = old?.spec.template.metadata?.labels
      const after = (event.object as ReplicaSet).spec.template.metadata?.labels
      if (JSON.stringify(before) !== JSON.stringify(after)) this.recount(uid)
    }
  }

  /**
   * getPodsRankedByRelatedPodsOnSameNode for a ReplicaSet's pods: for each, the active pods of
   * every ReplicaSet with the same controller on its node.
   */
  rankOf(rs: ReplicaSet): (node: string) => number {
    const nodes = this.perNode.get(controllerRef(rs.metadata)?.uid ?? rs.metadata.uid)
    return (node) => nodes?.get(node) ?? 0
  }

  get(rsUid: string): PodCounts {
    return this.counts.get(rsUid) ?? { active: 0, fullyLabeled: 0, ready: 0 }
  }
}
