/**
 * `kubectl rollout history deployment/NAME [--revision=N]` (staging/src/k8s.io/kubectl/pkg/cmd/rollout/
 * rollout_history.go, polymorphichelpers/history.go DeploymentHistoryViewer): the revisions of the
 * Deployment's ReplicaSets with their kubernetes.io/change-cause, or one revision's pod template.
 */
import { revisionOf } from '../../controllers/deployment/deploymentUtil'
import type { Deployment, ReplicaSet } from '../../model/apps'
import type { PodTemplateSpec } from '../../model/pod'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import { CHANGE_CAUSE_ANNOTATION } from './annotate'
import { PrefixWriter } from './describeWriter'
import { describePodTemplate } from './describePod'
import type { Failure } from './failures'
import { asIs, plain, result } from './failures'
import { qualifiedName, resolveTargets } from './resourceArgs'
import { tabwriterFormat } from './tabwriter'

const FLAGS: FlagSpec[] = [{ name: 'revision', type: 'int', default: 0 }]

/** The ReplicaSets a Deployment controls (deploymentutil.GetAllReplicaSets). */
export function ownedReplicaSets(ctx: CommandContext, d: Deployment): ReplicaSet[] {
  return [...ctx.sim.store.list<ReplicaSet>('ReplicaSet')].filter(
    (rs) =>
      rs.metadata.namespace === d.metadata.namespace &&
      rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid),
  )
}

/** ViewHistory: the REVISION / CHANGE-CAUSE table, or the template of one revision. */
export function viewHistory(
  ctx: CommandContext,
  d: Deployment,
  revision: number,
): string | { error: string } {
  const history = new Map<number, PodTemplateSpec>()
  for (const rs of ownedReplicaSets(ctx, d)) {
    const raw = rs.metadata.annotations?.['deployment.kubernetes.io/revision']
    if (raw === undefined || !/^\d+$/.test(raw)) continue
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION]
    const template = rs.spec.template
    history.set(revisionOf(rs), {
      ...template,
      metadata: {
        ...template.metadata,
        annotations: {
          ...(template.metadata?.annotations ?? {}),
          ...(cause ? { [CHANGE_CAUSE_ANNOTATION]: cause } : {}),
        },
      },
    })
  }
  if (history.size === 0) return 'No rollout history found.'
  if (revision > 0) {
    const template = history.get(revision)
    if (!template) return { error: 'unable to find the specified revision' }
    // printTemplate writes through a PrefixWriter with no tabwriter: the tabs stay in.
    const w = new PrefixWriter()
    describePodTemplate(template, w)
    return w.raw()
  }
  const rows = [...history.keys()].sort((a, b) => a - b)
  const table = [
    'REVISION\tCHANGE-CAUSE',
    ...rows.map(
      (r) =>
        `${r}\t${history.get(r)?.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>'}`,
    ),
  ]
  return tabwriterFormat(`${table.join('\n')}\n`)
}

/** `kubectl rollout history`. */
export function rolloutHistory(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl rollout history')
  if (args.length === 0) return fail('error: required resource not specified')
  const revision = flags.revision as number
  if (revision < 0) return fail(`error: revision must be a positive integer: ${revision}`)
  const { targets, errors } = resolveTargets(ctx, args, {
    namespace: (flags.namespace as string | undefined) ?? 'default',
  })
  const failures: Failure[] = errors.map(asIs)
  const out: string[] = []
  for (const { info, obj } of targets) {
    if (obj.kind !== 'Deployment') {
      failures.push(
        plain(
          `no history viewer has been implemented for "${info.kind}${info.group ? `.${info.group}` : ''}"`,
        ),
      )
      continue
    }
    const history = viewHistory(ctx, obj as Deployment, revision)
    if (typeof history !== 'string') {
      failures.push(plain(history.error))
      continue
    }
    // The name printer's operation is "<with revision #N>\n<history>", after a space.
    const withRevision = revision > 0 ? `with revision #${revision}` : ''
    out.push(
      `${qualifiedName(info, obj.metadata.name)} ${withRevision}\n${history}`.replace(/\n+$/, ''),
    )
  }
  return result(out.length > 0 ? [out.join('\n\n')] : [], failures)
}
