/**
 * Kubernetes Events (`kubectl get events`), recorded the way client-go's EventRecorder and
 * EventCorrelator do: an event that repeats (same object, type, reason, message and source) is
 * not stored again but has its count and lastTimestamp bumped. The newest MAX_EVENTS are kept.
 */
import type { ClusterEvent, ObjectReference } from '../model/event'
import type { KubeObject } from '../model/meta'
import { toTimestamp } from '../model/time'

/** How many events the simulated API server keeps (a real one keeps them for an hour). */
export const MAX_EVENTS = 5000

export interface EventSource {
  component: string
  host?: string
}

/** The recorder's state for a snapshot. */
export interface EventRecorderSnapshot {
  seq: number
  events: ClusterEvent[]
}

export class EventRecorder {
  private readonly events = new Map<string, ClusterEvent>()
  private readonly byAggregate = new Map<string, string>()
  /** Event names oldest first, for eviction; entries before `head` are gone. */
  private order: string[] = []
  private head = 0
  private changed = new Set<string>()
  private seq = 0
  /** How many times record() was called, aggregated repeats included. */
  recordCount = 0

  constructor(private readonly now: () => number) {}

  /** Records an event about an object. */
  record(
    object: KubeObject,
    type: ClusterEvent['type'],
    reason: string,
    message: string,
    source: EventSource,
  ): void {
    const involved: ObjectReference = {
      kind: object.kind,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      name: object.metadata.name,
      uid: object.metadata.uid,
      apiVersion: object.apiVersion,
    }
    const nowMs = this.now()
    this.recordCount++
    const aggregate = aggregateKey(involved.uid, type, reason, message, source)
    const existingName = this.byAggregate.get(aggregate)
    const existing = existingName === undefined ? undefined : this.events.get(existingName)
    if (existing) {
      const updated: ClusterEvent = {
        ...existing,
        count: existing.count + 1,
        lastTimestamp: toTimestamp(nowMs),
        lastSimTimeMs: nowMs,
      }
      // Re-insert so that map order stays "least recently seen first".
      this.events.delete(existing.metadata.name)
      this.events.set(existing.metadata.name, updated)
      this.changed.add(existing.metadata.name)
      return
    }
    const seq = this.seq++
    // Upstream names events <object>.<unix nanoseconds in hex>; sim ms and a sequence number stand in.
    const name = `${involved.name}.${(nowMs * 1000 + (seq % 1000)).toString(16).padStart(16, '0')}`
    const event: ClusterEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace: involved.namespace ?? 'default',
        uid: `event-${seq}`,
        resourceVersion: String(seq),
        creationTimestamp: toTimestamp(nowMs),
      },
      involvedObject: involved,
      reason,
      message,
      type,
      source: { ...source },
      count: 1,
      firstTimestamp: toTimestamp(nowMs),
      lastTimestamp: toTimestamp(nowMs),
      lastSimTimeMs: nowMs,
    }
    this.events.set(name, event)
    this.byAggregate.set(aggregate, name)
    this.order.push(name)
    this.changed.add(name)
    // The oldest events go first (an API server expires them an hour after their last update).
    while (this.events.size > MAX_EVENTS) this.evictOldest()
  }

  private evictOldest(): void {
    const oldest = this.order[this.head++]
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head)
      this.head = 0
    }
    if (oldest === undefined) return
    const gone = this.events.get(oldest)
    this.events.delete(oldest)
    this.changed.delete(oldest)
    if (gone) this.byAggregate.delete(aggregateOf(gone))
  }

  /** Every stored event, oldest first. */
  list(): ClusterEvent[] {
    const out: ClusterEvent[] = []
    for (let i = this.head; i < this.order.length; i++) {
      const e = this.events.get(this.order[i] as string)
      if (e) out.push(e)
    }
    return out
  }

  /** Events created or bumped since the last call, in the order they happened. */
  takeChanged(): ClusterEvent[] {
    const out: ClusterEvent[] = []
    for (const name of this.changed) {
      const e = this.events.get(name)
      if (e) out.push(e)
    }
    out.sort((a, b) => a.lastSimTimeMs - b.lastSimTimeMs)
    this.changed = new Set()
    return out
  }

  snapshot(): EventRecorderSnapshot {
    return { seq: this.seq, events: this.list() }
  }

  load(snapshot: EventRecorderSnapshot): void {
    this.seq = snapshot.seq
    for (const e of snapshot.events) {
      this.events.set(e.metadata.name, e)
      this.byAggregate.set(aggregateOf(e), e.metadata.name)
      this.order.push(e.metadata.name)
    }
  }
}

/** EventCorrelator's aggregation key: events equal in all of these are one event with a count. */
function aggregateKey(
  uid: string,
  type: string,
  reason: string,
  message: string,
  source: EventSource,
): string {
  return [uid, type, reason, message, source.component, source.host ?? ''].join('\u0000')
}

function aggregateOf(e: ClusterEvent): string {
  return aggregateKey(e.involvedObject.uid, e.type, e.reason, e.message, e.source)
}
