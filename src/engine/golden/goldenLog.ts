/**
 * The text a golden scenario is compared against: the events the script caused (by default only
 * the Deployment's and its ReplicaSets', the controller's decision trail) and the final state of
 * one Deployment, its ReplicaSets and pods. Read straight from the API objects, not through the
 * controller's helpers, so a golden checks the controller rather than repeating it.
 */
import type { Deployment, ReplicaSet } from '../model/apps'
import type { ClusterEvent } from '../model/event'
import type { KubeObject } from '../model/meta'
import type { Pod } from '../model/pod'
import { fromTimestamp } from '../model/time'
import type { EventMark } from '../script/eventLog'
import { eventsSince, formatEventLog } from '../script/eventLog'

/** What goldenLog reads of a simulation. */
export interface GoldenSource {
  readonly simTimeMs: number
  events(): ClusterEvent[]
  objects(): KubeObject[]
  object(key: string): KubeObject | undefined
}

export interface GoldenLogOptions {
  /** The Deployment whose final state is shown. */
  deployment: string
  namespace?: string
  /** The kinds of involved objects whose events are shown. */
  kinds?: readonly string[]
}

const REVISION = 'deployment.kubernetes.io/revision'
/** RealPodControl's events: a batch of them is made by calls running in parallel. */
const PARALLEL_REASONS = new Set(['SuccessfulCreate', 'SuccessfulDelete'])
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history'
const DESIRED = 'deployment.kubernetes.io/desired-replicas'
const MAX = 'deployment.kubernetes.io/max-replicas'

const images = (o: Deployment | ReplicaSet) =>
  o.spec.template.spec?.containers.map((c) => c.image).join(',') ?? ''

const ownedBy = (o: KubeObject, uid: string) =>
  o.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid) ?? false

function deploymentLines(d: Deployment): string[] {
  const s = d.status
  const lines = [
    `Deployment/${d.metadata.name}  revision=${d.metadata.annotations?.[REVISION] ?? '-'}` +
      ` generation=${d.metadata.generation ?? 0} observedGeneration=${s.observedGeneration ?? 0}` +
      ` replicas=${d.spec.replicas ?? 1} paused=${d.spec.paused === true}` +
      ` image=${images(d)}`,
    `  status: replicas=${s.replicas ?? 0} updated=${s.updatedReplicas ?? 0}` +
      ` ready=${s.readyReplicas ?? 0} available=${s.availableReplicas ?? 0}` +
      ` unavailable=${s.unavailableReplicas ?? 0}`,
  ]
  for (const c of s.conditions ?? []) {
    const since = c.lastTransitionTime ? fromTimestamp(c.lastTransitionTime) / 1000 : Number.NaN
    lines.push(
      `  condition ${c.type}=${c.status} since ${since}s ${c.reason ?? ''}: ${c.message ?? ''}`,
    )
  }
  return lines
}

function replicaSetLine(rs: ReplicaSet, pods: readonly Pod[]): string {
  const mine = pods.filter((p) => ownedBy(p, rs.metadata.uid))
  const terminating = mine.filter((p) => p.metadata.deletionTimestamp !== undefined).length
  const s = rs.status
  const a = rs.metadata.annotations ?? {}
  const history = a[REVISION_HISTORY] ? ` revision-history=${a[REVISION_HISTORY]}` : ''
  return (
    `ReplicaSet/${rs.metadata.name}  revision=${a[REVISION] ?? '-'}${history}` +
    ` desired/max-replicas=${a[DESIRED] ?? '-'}/${a[MAX] ?? '-'}` +
    ` replicas=${rs.spec.replicas ?? 1} status=${s.replicas}/${s.readyReplicas ?? 0}/${s.availableReplicas ?? 0}` +
    ` pods=${mine.length - terminating}${terminating > 0 ? `+${terminating} terminating` : ''}` +
    ` image=${images(rs)}`
  )
}

/** The final state of a Deployment: its status and conditions, then its ReplicaSets, newest first. */
export function formatFinalState(
  source: GoldenSource,
  name: string,
  namespace = 'default',
): string {
  const d = source.object(`Deployment/${namespace}/${name}`) as Deployment | undefined
  if (!d) return `Deployment/${name} not found\n`
  const objects = source.objects()
  const pods = objects.filter((o): o is Pod => o.kind === 'Pod')
  const replicaSets = objects
    .filter((o): o is ReplicaSet => o.kind === 'ReplicaSet' && ownedBy(o, d.metadata.uid))
    .sort(
      (a, b) =>
        Number(b.metadata.annotations?.[REVISION] ?? 0) -
        Number(a.metadata.annotations?.[REVISION] ?? 0),
    )
  const lines = [...deploymentLines(d), ...replicaSets.map((rs) => replicaSetLine(rs, pods))]
  return lines.map((l) => `${l}\n`).join('')
}

/**
 * Events in a canonical order: a ReplicaSet's run of SuccessfulCreate or SuccessfulDelete events
 * at one instant is sorted by message, because upstream makes those calls in parallel (the
 * batches of slowStartBatch, the deletes of manageReplicas) and their order means nothing. A Deployment's events keep
 * their order: one sync makes its moves one after the other.
 */
function canonicalOrder(events: readonly ClusterEvent[]): ClusterEvent[] {
  const batchOf = (e: ClusterEvent) =>
    PARALLEL_REASONS.has(e.reason) && e.count === 1
      ? `${e.lastSimTimeMs}\u0000${e.reason}\u0000${e.involvedObject.uid}`
      : undefined
  const byMessage = (a: ClusterEvent, b: ClusterEvent) =>
    a.message < b.message ? -1 : a.message > b.message ? 1 : 0
  const out: ClusterEvent[] = []
  for (let i = 0; i < events.length;) {
    const batch = batchOf(events[i] as ClusterEvent)
    let j = i + 1
    while (batch && j < events.length && batchOf(events[j] as ClusterEvent) === batch) j++
    out.push(...events.slice(i, j).sort(byMessage))
    i = j
  }
  return out
}

/** The whole golden text: the events since the mark, then the final state. */
export function goldenLog(
  source: GoldenSource,
  mark: EventMark,
  options: GoldenLogOptions,
): string {
  const kinds = options.kinds ?? ['Deployment', 'ReplicaSet']
  const events = source.events().filter((e) => kinds.includes(e.involvedObject.kind))
  return [
    `# events about ${kinds.join(', ')} (sim time, type, reason, object, message)\n`,
    formatEventLog(canonicalOrder(eventsSince(events, mark))),
    `# final state at ${(source.simTimeMs / 1000).toFixed(3)}s\n`,
    formatFinalState(source, options.deployment, options.namespace),
  ].join('')
}
