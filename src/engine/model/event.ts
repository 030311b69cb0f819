/** core/v1 Event: what `kubectl get events` lists. Called ClusterEvent in our code (DESIGN.md §7). */
import type { ObjectMeta } from './meta'

export interface ObjectReference {
  kind: string
  namespace?: string
  name: string
  uid: string
  apiVersion?: string
  fieldPath?: string
}

export interface ClusterEvent {
  apiVersion: 'v1'
  kind: 'Event'
  metadata: ObjectMeta
  involvedObject: ObjectReference
  reason: string
  message: string
  type: 'Normal' | 'Warning'
  source: { component: string; host?: string }
  count: number
  firstTimestamp: string
  lastTimestamp: string
  /** Sim time of the last occurrence in ms, for ordering within one second. */
  lastSimTimeMs: number
}
