/**
 * What the rollout stepper and its chart read: the Deployment controller's decisions per
 * Deployment, and samples over sim time of each Deployment's old, new and available pods.
 */
import type { KubeObject, RolloutDecision } from '../engine'

/** One point of a rollout chart. */
export interface RolloutSample {
  atMs: number
  /** Pods of the new ReplicaSet (the one at the Deployment's revision), by status.replicas. */
  newPods: number
  /** Pods of all other ReplicaSets. */
  oldPods: number
  /** Available pods across all of them. */
  available: number
}

/** How many samples a chart keeps per Deployment. */
export const MAX_SAMPLES = 1000
/** How many decisions the UI keeps per Deployment. */
export const MAX_UI_DECISIONS = 200

const REVISION = 'deployment.kubernetes.io/revision'

/** Decisions grouped by Deployment key, oldest first. */
export function groupDecisions(
  decisions: readonly RolloutDecision[],
  into: Readonly<Record<string, readonly RolloutDecision[]>> = {},
): Record<string, readonly RolloutDecision[]> {
  if (decisions.length === 0) return into
  const next: Record<string, readonly RolloutDecision[]> = { ...into }
  for (const d of decisions) {
    const list = [...(next[d.deployment] ?? []), d]
    next[d.deployment] = list.length > MAX_UI_DECISIONS ? list.slice(-MAX_UI_DECISIONS) : list
  }
  return next
}

/** The Deployment key that controls a ReplicaSet, if any. */
export function deploymentKeyOf(rs: KubeObject): string | undefined {
  const ref = rs.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment')
  return ref ? `Deployment/${rs.metadata.namespace}/${ref.name}` : undefined
}

/** A sample of one Deployment now, from its ReplicaSets. */
export function sampleOf(
  deployment: KubeObject | undefined,
  replicaSets: readonly KubeObject[],
  atMs: number,
): RolloutSample | undefined {
  if (!deployment) return undefined
  const revision = deployment.metadata.annotations?.[REVISION]
  const sample: RolloutSample = { atMs, newPods: 0, oldPods: 0, available: 0 }
  for (const rs of replicaSets) {
    const status = rs.status as { replicas?: number; availableReplicas?: number } | undefined
    const pods = status?.replicas ?? 0
    if (revision !== undefined && rs.metadata.annotations?.[REVISION] === revision)
      sample.newPods += pods
    else sample.oldPods += pods
    sample.available += status?.availableReplicas ?? 0
  }
  return sample
}

/** Appends a sample when it differs from the last one. */
export function appendSample(
  samples: readonly RolloutSample[] | undefined,
  sample: RolloutSample,
): readonly RolloutSample[] {
  const last = samples?.at(-1)
  if (
    last &&
    last.newPods === sample.newPods &&
    last.oldPods === sample.oldPods &&
    last.available === sample.available
  )
    return samples ?? []
  const next = [...(samples ?? []), sample]
  return next.length > MAX_SAMPLES ? next.slice(-MAX_SAMPLES) : next
}
