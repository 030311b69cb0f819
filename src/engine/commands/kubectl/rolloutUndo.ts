/**
 * `kubectl rollout undo deployment/NAME [--to-revision=N]`, client-side as kubectl does it
 * (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go DeploymentRollbacker): the pod
 * template of the chosen revision's ReplicaSet, minus its pod-template-hash label, replaces the
 * Deployment's, and its annotations replace the Deployment's (bar the controller's own). The
 * Deployment controller then sees a template change and rolls back to that ReplicaSet.
 */
import { ApiError } from '../../api/errors'
import { equalIgnoreHash, revisionOf } from '../../controllers/deployment/deploymentUtil'
import type { Deployment, ReplicaSet } from '../../model/apps'
import { SelectorParseError, parseSelector } from '../../model/labels'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import { LAST_APPLIED } from './apply'
import type { Failure } from './failures'
import { asIs, plain, result } from './failures'
import { qualifiedName, resolveTargets } from './resourceArgs'
import { ownedReplicaSets } from './rolloutHistory'

const FLAGS: FlagSpec[] = [
  { name: 'to-revision', type: 'int', default: 0 },
  { name: 'selector', short: 'l', type: 'string' },
]

/** Annotations the Deployment keeps rather than take from the ReplicaSet (annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED,
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
])

const revisionNotFound = (r: number) => `unable to find specified revision ${r} in history`

/** deploymentRevision: the ReplicaSet of a revision; 0 means the one before the latest. */
function replicaSetForRevision(
  rss: readonly ReplicaSet[],
  d: Deployment,
  toRevision: number,
): ReplicaSet | string {
  let latest: ReplicaSet | undefined
  let latestRevision = -1
  let previous: ReplicaSet | undefined
  let previousRevision = -1
  for (const rs of rss) {
    const raw = rs.metadata.annotations?.['deployment.kubernetes.io/revision']
    if (raw === undefined || !/^\d+$/.test(raw)) continue
    const v = revisionOf(rs)
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision
        previous = latest
        latestRevision = v
        latest = rs
      } else if (previousRevision < v) {
        previousRevision = v
        previous = rs
      }
    } else if (toRevision === v) return rs
  }
  if (toRevision > 0) return revisionNotFound(toRevision)
  return previous ?? `no rollout history found for deployment ${JSON.stringify(d.metadata.name)}`
}

/** DeploymentRollbacker.Rollback: the result word for the name printer, or an error. */
function rollback(
  ctx: CommandContext,
  d: Deployment,
  toRevision: number,
): { result: string } | { error: string } {
  if (toRevision < 0) return { error: revisionNotFound(toRevision) }
  const rs = replicaSetForRevision(ownedReplicaSets(ctx, d), d, toRevision)
  if (typeof rs === 'string') return { error: rs }
  if (d.spec.paused)
    return {
      error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${d.metadata.name}' and try again`,
    }
  if (equalIgnoreHash(rs.spec.template, d.spec.template))
    return { result: `skipped rollback (current template already matches revision ${toRevision})` }
  const labels = { ...(rs.spec.template.metadata?.labels ?? {}) }
  delete labels['pod-template-hash']
  const template = { ...rs.spec.template, metadata: { ...rs.spec.template.metadata, labels } }
  const annotations: Record<string, string> = {}
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v
  try {
    ctx.sim.api.update<Deployment>({
      ...d,
      metadata: { ...d.metadata, annotations },
      spec: { ...d.spec, template },
    })
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    return { error: `failed restoring revision ${toRevision}: ${e.message}` }
  }
  return { result: 'rolled back' }
}

/** `kubectl rollout undo`. */
export function rolloutUndo(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl rollout undo')
  if (args.length === 0) return fail('error: required resource not specified')
  let selector
  try {
    selector = flags.selector !== undefined ? parseSelector(flags.selector as string) : undefined
  } catch (e) {
    return fail(`error: ${e instanceof SelectorParseError ? e.message : String(e)}`)
  }
  const { targets, errors } = resolveTargets(ctx, args, {
    namespace: (flags.namespace as string | undefined) ?? 'default',
    ...(selector ? { selector } : {}),
  })
  const failures: Failure[] = errors.map(asIs)
  const out: string[] = []
  for (const { info, obj } of targets) {
    if (obj.kind !== 'Deployment') {
      failures.push(
        plain(
          `no rollbacker has been implemented for "${info.kind}${info.group ? `.${info.group}` : ''}"`,
        ),
      )
      continue
    }
    const outcome = rollback(ctx, obj as Deployment, flags['to-revision'] as number)
    if ('error' in outcome) failures.push(plain(outcome.error))
    else out.push(`${qualifiedName(info, obj.metadata.name)} ${outcome.result}`)
  }
  return result(out, failures)
}
