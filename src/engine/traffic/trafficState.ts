/**
 * Traffic mode's state: flows of requests sent at a steady rate from a pod (or a node, or a host on
 * the LAN) to a Service or a pod, and what became of them — counts per backend pod and version,
 * failures by reason, the latest requests for the canvas to animate. Plain JSON, in snapshots.
 */
import type { SessionAffinity } from '../network/trace/walk'

export interface TrafficSample {
  atMs: number
  ok: boolean
  /** The pod (namespace/name) that answered, and its node. */
  pod?: string
  node?: string
  version?: string
  reason?: string
}

export interface TrafficFlow {
  id: number
  from: string
  to: string
  port?: number
  fromNamespace?: string
  toNamespace?: string
  ratePerSec: number
  startedAtMs: number
  /** How many requests were due by now (the next one goes at startedAtMs + sent × 1000 / rate). */
  sent: number
  ok: number
  failed: number
  byPod: Record<string, { ok: number; version: string; node: string }>
  byVersion: Record<string, number>
  failures: Record<string, number>
  /** The latest requests, oldest first (at most RECENT_SAMPLES). */
  recent: TrafficSample[]
}

export interface TrafficState {
  /** Bumped on every change, so a stream sends traffic only when it changed. */
  rev: number
  nextId: number
  flows: TrafficFlow[]
  /** IPVS round-robin: connections each node's virtual server scheduled (the kernel's rr state). */
  ipvsRr: Record<string, number>
  /** sessionAffinity: ClientIP memory of the nodes (recent lists, IPVS persistence templates). */
  affinity: SessionAffinity
}

export const RECENT_SAMPLES = 40
export const MAX_RATE_PER_SEC = 100

export function emptyTrafficState(): TrafficState {
  return { rev: 0, nextId: 1, flows: [], ipvsRr: {}, affinity: { recent: {}, persisted: {} } }
}
