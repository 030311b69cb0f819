/**
 * `kubectl rollout status deployment/NAME [--watch=false] [--timeout=D] [--revision=N]`
 * (staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_status.go, polymorphichelpers/rollout_status.go).
 * kubectl watches the Deployment and prints its status at every change until the rollout is done;
 * here the watch runs in virtual time: the command steps the simulation itself, printing each new
 * status line, until the rollout completes, its progress deadline passes, or the timeout runs out.
 */
import { TIMED_OUT_REASON, revisionOf } from '../../controllers/deployment/deploymentUtil'
import type { Deployment } from '../../model/apps'
import { SelectorParseError, parseSelector } from '../../model/labels'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import { parseGoDuration } from './delete'
import { asIs, result } from './failures'
import { resolveTargets } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'watch', short: 'w', type: 'bool', default: true },
  { name: 'timeout', type: 'string', default: '0s' },
  { name: 'revision', type: 'int', default: 0 },
  { name: 'selector', short: 'l', type: 'string' },
]

/**
 * How long the simulator keeps watching a rollout that never finishes when no --timeout is given
 * (kubectl would wait forever; the progress deadline normally ends it long before this).
 */
const DEFAULT_WATCH_MS = 3_600_000

/** What DeploymentStatusViewer.Status says about a Deployment: a line, done, or an error. */
export type RolloutStatus = { message: string; done: boolean } | { error: string }

/** DeploymentStatusViewer.Status. */
export function deploymentRolloutStatus(d: Deployment, revision = 0): RolloutStatus {
  const name = JSON.stringify(d.metadata.name)
  if (revision > 0) {
    const running = revisionOf(d)
    if (revision !== running)
      return {
        error: `desired revision (${revision}) is different from the running revision (${running})`,
      }
  }
  if ((d.metadata.generation ?? 0) <= (d.status.observedGeneration ?? 0)) {
    const progressing = d.status.conditions?.find((c) => c.type === 'Progressing')
    if (progressing?.reason === TIMED_OUT_REASON)
      return { error: `deployment ${name} exceeded its progress deadline` }
    const s = d.status
    const wanted = d.spec.replicas ?? 1
    const updated = s.updatedReplicas ?? 0
    const total = s.replicas ?? 0
    const available = s.availableReplicas ?? 0
    const waiting = `Waiting for deployment ${name} rollout to finish: `
    if (updated < wanted)
      return {
        message: `${waiting}${updated} out of ${wanted} new replicas have been updated...`,
        done: false,
      }
    if (total > updated)
      return {
        message: `${waiting}${total - updated} old replicas are pending termination...`,
        done: false,
      }
    if (available < updated)
      return {
        message: `${waiting}${available} of ${updated} updated replicas are available...`,
        done: false,
      }
    return { message: `deployment ${name} successfully rolled out`, done: true }
  }
  return { message: 'Waiting for deployment spec update to be observed...', done: false }
}

/** `kubectl rollout status`. */
export function rolloutStatus(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl rollout status')
  if (args.length === 0) return fail('error: required resource not specified')
  const revision = flags.revision as number
  if (revision < 0) return fail(`error: revision must be a positive integer: ${revision}`)
  const timeoutMs = parseGoDuration(flags.timeout as string)
  if (timeoutMs === undefined)
    return fail(
      `error: invalid argument ${JSON.stringify(flags.timeout)} for "--timeout" flag: time: missing unit in duration ${JSON.stringify(flags.timeout)}\nSee 'kubectl rollout status --help' for usage.`,
    )
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
  if (errors.length > 0) return result([], errors.map(asIs))
  if (targets.length !== 1)
    return fail(
      `error: rollout status is only supported on individual resources and resource collections - ${targets.length} resources were found`,
    )
  const { info, obj } = targets[0] as (typeof targets)[number]
  if (obj.kind !== 'Deployment')
    return fail(
      `error: no status viewer has been implemented for ${info.kind}${info.group ? `.${info.group}` : ''}`,
    )
  const key = `Deployment/${obj.metadata.namespace}/${obj.metadata.name}`
  const uid = obj.metadata.uid
  const deadline = ctx.sim.simTimeMs + (timeoutMs === 0 ? DEFAULT_WATCH_MS : timeoutMs)
  const lines: string[] = []
  let seenVersion: string | undefined
  for (;;) {
    const d = ctx.sim.store.get<Deployment>(key)
    if (!d || d.metadata.uid !== uid)
      return { ok: false, output: lines.join('\n'), error: 'error: object has been deleted' }
    // Each watch event (a new resourceVersion) is a new status; repeats of the last line are not printed.
    if (d.metadata.resourceVersion !== seenVersion) {
      seenVersion = d.metadata.resourceVersion
      const status = deploymentRolloutStatus(d, revision)
      if ('error' in status)
        return { ok: false, output: lines.join('\n'), error: `error: ${status.error}` }
      if (lines[lines.length - 1] !== status.message) lines.push(status.message)
      if (status.done || flags.watch !== true) return { ok: true, output: lines.join('\n') }
    }
    const next = ctx.sim.nextTaskAtMs()
    if (next === undefined) {
      return {
        ok: false,
        output: lines.join('\n'),
        error:
          'error: timed out waiting for the condition (the simulation has nothing left to do; kubectl would keep waiting)',
      }
    }
    if (next > deadline) {
      ctx.sim.advanceTo(deadline)
      return {
        ok: false,
        output: lines.join('\n'),
        error:
          timeoutMs === 0
            ? 'error: timed out waiting for the condition (the rollout did not finish within 1h of simulated time; kubectl would keep waiting)'
            : 'error: timed out waiting for the condition',
      }
    }
    ctx.sim.step()
  }
}
