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

export interface PodCounts {
  active: number
  fullyLabeled: number
  ready: number
}

interface Contribution {
  owner: string
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

  constructor(private readonly store: ObjectStore) {}

  private contribution(object: KubeObject | undefined): Contribution | undefined {
    if (!object || object.kind !== 'Pod') return undefined
    const owner = controllerRef(object.metadata)
    if (!owner || owner.kind !== 'ReplicaSet') return undefined
    const pod = object as Pod
    if (!isPodActive(pod)) return { owner: owner.uid, active: 0, fullyLabeled: 0, ready: 0 }
    const rs = this.store.getByUid<ReplicaSet>(owner.uid)
    return {
      owner: owner.uid,
      active: 1,
      fullyLabeled: matchesTemplateLabels(pod, rs) ? 1 : 0,
      ready: isPodReady(pod) ? 1 : 0,
    }
  }

  private apply(c: Contribution | undefined, sign: 1 | -1): void {
    if (!c || c.active === 0) return
    let entry = this.counts.get(c.owner)
    if (!entry) this.counts.set(c.owner, (entry = { active: 0, fullyLabeled: 0, ready: 0 }))
    entry.active += sign * c.active
    entry.fullyLabeled += sign * c.fullyLabeled
    entry.ready += sign * c.ready
    if (entry.active === 0) this.counts.delete(c.owner)
  }

  /** Recounts one ReplicaSet from its pods (when it appears or its template labels change). */
  private recount(rsUid: string): void {
    this.counts.delete(rsUid)
    for (const key of this.store.controlledBy(rsUid))
      this.apply(this.contribution(this.store.get(key)), 1)
  }

  rebuild(): void {
    this.counts.clear()
    for (const pod of this.store.list('Pod')) this.apply(this.contribution(pod), 1)
  }

  onWatch(event: WatchEvent): void {
    if (event.object.kind === 'Pod') {
      this.apply(this.contribution(event.type === 'ADDED' ? undefined : event.old), -1)
      this.apply(this.contribution(event.type === 'DELETED' ? undefined : event.object), 1)
    } else if (event.object.kind === 'ReplicaSet' && event.type !== 'DELETED') {
      const before = (event.old as ReplicaSet | undefined)?.spec.template.metadata?.labels
      const after = (event.object as ReplicaSet).spec.template.metadata?.labels
      if (event.type === 'ADDED' || JSON.stringify(before) !== JSON.stringify(after))
        this.recount(event.object.metadata.uid)
    }
  }

  get(rsUid: string): PodCounts {
    return this.counts.get(rsUid) ?? { active: 0, fullyLabeled: 0, ready: 0 }
  }
}
