/**
 * Changes waiting to be sent: object diffs merged by key and events by name, so that while a patch
 * is in flight later changes fold into the next one instead of queueing up (DESIGN.md §3).
 */
import type {
  ClusterEvent,
  KubeObject,
  NetworkFacts,
  RolloutDecision,
  SimulationDiff,
  TrafficState,
} from '../engine'
import type { PatchDiff } from '../protocol'

type Entry = { change: 'added' | 'updated'; object: KubeObject } | { change: 'removed' }

function keyOf(o: KubeObject): string {
  return o.metadata.namespace
    ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`
    : `${o.kind}/${o.metadata.name}`
}

export class PatchBuffer {
  private objects = new Map<string, Entry>()
  private events = new Map<string, ClusterEvent>()
  private decisions: RolloutDecision[] = []
  /** The latest network facts, when they changed (they are sent whole: they are small). */
  private network: NetworkFacts | undefined
  private traffic: TrafficState | undefined

  get isEmpty(): boolean {
    return (
      this.objects.size === 0 &&
      this.events.size === 0 &&
      this.decisions.length === 0 &&
      !this.network &&
      !this.traffic
    )
  }

  add(diff: SimulationDiff): void {
    for (const object of diff.added) this.merge(keyOf(object), { change: 'added', object })
    for (const object of diff.updated) this.merge(keyOf(object), { change: 'updated', object })
    for (const key of diff.removed) this.merge(key, { change: 'removed' })
    this.decisions.push(...diff.decisions)
    if (diff.network) this.network = diff.network
    if (diff.traffic) this.traffic = diff.traffic
    for (const e of diff.events) {
      // Re-insert so a bumped event moves to the end, keeping "in the order they happened".
      this.events.delete(e.metadata.name)
      this.events.set(e.metadata.name, e)
    }
  }

  private merge(key: string, next: Entry): void {
    const prev = this.objects.get(key)
    if (!prev) {
      this.objects.set(key, next)
      return
    }
    if (next.change === 'removed') {
      if (prev.change === 'added') this.objects.delete(key)
      else this.objects.set(key, next)
    } else if (prev.change === 'removed') {
      this.objects.set(key, { change: 'updated', object: next.object })
    } else {
      this.objects.set(key, { change: prev.change, object: next.object })
    }
  }

  /** Empties the buffer into a patch body. */
  take(): {
    diff: PatchDiff
    events: ClusterEvent[]
    decisions: RolloutDecision[]
    network?: NetworkFacts
    traffic?: TrafficState
  } {
    const diff: PatchDiff = { added: [], updated: [], removed: [] }
    for (const [key, entry] of this.objects) {
      if (entry.change === 'removed') diff.removed.push(key)
      else diff[entry.change].push(entry.object)
    }
    const events = [...this.events.values()]
    const decisions = this.decisions
    const network = this.network
    const traffic = this.traffic
    this.objects = new Map()
    this.events = new Map()
    this.decisions = []
    this.network = undefined
    this.traffic = undefined
    return {
      diff,
      events,
      decisions,
      ...(network ? { network } : {}),
      ...(traffic ? { traffic } : {}),
    }
  }
}
