/**
 * The event log as golden files and `npm run sim -- --events` print it: one line per Kubernetes
 * Event with its sim time, type, reason, object and message, oldest first. Events that repeat are
 * one line with their count, as `kubectl get events` shows them.
 */
import type { ClusterEvent } from '../model/event'
import { fromTimestamp } from '../model/time'

/** Which events were already there, and how often they had happened, when the mark was taken. */
export type EventMark = ReadonlyMap<string, number>

/** Marks the current events, so that eventsSince can leave them out. */
export function markEvents(events: readonly ClusterEvent[]): EventMark {
  return new Map(events.map((e) => [e.metadata.name, e.count]))
}

/** The events recorded, or repeated, after the mark was taken. */
export function eventsSince(events: readonly ClusterEvent[], mark: EventMark): ClusterEvent[] {
  return events.filter((e) => (mark.get(e.metadata.name) ?? 0) < e.count)
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)}s`

/** `   75.020s  Normal   ScalingReplicaSet  Deployment/web  Scaled up replica set web-… from 0 to 1`. */
export function formatEvent(e: ClusterEvent): string {
  const atMs = e.count === 1 ? e.lastSimTimeMs : fromTimestamp(e.firstTimestamp)
  const repeats = e.count === 1 ? '' : ` (x${e.count}, last at ${seconds(e.lastSimTimeMs)})`
  const object = `${e.involvedObject.kind}/${e.involvedObject.name}`
  return `${seconds(atMs).padStart(10)}  ${e.type.padEnd(7)}  ${e.reason.padEnd(17)}  ${object}  ${e.message}${repeats}`
}

/** The log of some events, one line each, optionally only those about objects of some kinds. */
export function formatEventLog(
  events: readonly ClusterEvent[],
  options: { kinds?: readonly string[] } = {},
): string {
  const kinds = options.kinds ? new Set(options.kinds) : undefined
  return events
    .filter((e) => !kinds || kinds.has(e.involvedObject.kind))
    .map((e) => `${formatEvent(e)}\n`)
    .join('')
}
