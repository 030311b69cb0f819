/**
 * `kubectl rollout SUBCOMMAND`: status, history, undo (their own files) and pause, resume and
 * restart (staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout_pause.go, rollout_resume.go,
 * rollout_restart.go with polymorphichelpers objectpauser.go, objectresumer.go, objectrestarter.go).
 */
import { ApiError } from '../../api/errors'
import type { Deployment } from '../../model/apps'
import { toTimestamp } from '../../model/time'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'
import type { Failure } from './failures'
import { asIs, plain, result } from './failures'
import { qualifiedName, resolveTargets } from './resourceArgs'
import { rolloutHistory } from './rolloutHistory'
import { rolloutStatus } from './rolloutStatus'
import { rolloutUndo } from './rolloutUndo'

/** The template annotation `rollout restart` sets (polymorphichelpers.defaultObjectRestarter). */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt'

type Change = (d: Deployment, ctx: CommandContext) => Deployment | { error: string }

/** ObjectPauserFn, ObjectResumerFn and ObjectRestarterFn for Deployments. */
const CHANGES: Record<string, { change: Change; verb: string; unsupported: string }> = {
  pause: {
    verb: 'paused',
    unsupported: 'pausing is not supported',
    change: (d) =>
      d.spec.paused ? { error: 'is already paused' } : { ...d, spec: { ...d.spec, paused: true } },
  },
  resume: {
    verb: 'resumed',
    unsupported: 'resuming is not supported',
    change: (d) =>
      !d.spec.paused ? { error: 'is not paused' } : { ...d, spec: { ...d.spec, paused: false } },
  },
  restart: {
    verb: 'restarted',
    unsupported: 'restarting is not supported',
    change: (d, ctx) => {
      if (d.spec.paused)
        return { error: "can't restart paused deployment (run rollout resume first)" }
      const t = d.spec.template
      const annotations = {
        ...(t.metadata?.annotations ?? {}),
        [RESTARTED_AT_ANNOTATION]: toTimestamp(ctx.sim.simTimeMs),
      }
      return {
        ...d,
        spec: { ...d.spec, template: { ...t, metadata: { ...t.metadata, annotations } } },
      }
    },
  },
}

/** pause, resume and restart: patch each object, `deployment.apps/web paused`. */
function changeEach(ctx: CommandContext, sub: string, words: readonly string[]): CommandResult {
  const spec = CHANGES[sub] as (typeof CHANGES)[string]
  const { flags, args } = parseFlags(words, [], `kubectl rollout ${sub}`)
  if (args.length === 0) return fail('error: required resource not specified')
  const { targets, errors } = resolveTargets(ctx, args, {
    namespace: (flags.namespace as string | undefined) ?? 'default',
  })
  const failures: Failure[] = errors.map(asIs)
  const out: string[] = []
  for (const { info, obj } of targets) {
    const resource = info.group ? `${info.resource}.${info.group}` : info.resource
    const refuse = (why: string) =>
      failures.push(plain(`error: ${resource} ${JSON.stringify(obj.metadata.name)} ${why}`))
    if (obj.kind !== 'Deployment') {
      refuse(spec.unsupported)
      continue
    }
    const next = spec.change(obj as Deployment, ctx)
    if ('error' in next) {
      refuse(next.error)
      continue
    }
    try {
      const updated = ctx.sim.api.update(next)
      // A restart within the same second as the last one is an empty patch: kubectl reports it and
      // still prints the object.
      if (sub === 'restart' && updated.metadata.resourceVersion === obj.metadata.resourceVersion)
        failures.push(plain(`failed to create patch for ${obj.metadata.name}: empty patch`))
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      failures.push(plain(`failed to patch: ${e.message}`))
      continue
    }
    out.push(`${qualifiedName(info, obj.metadata.name)} ${spec.verb}`)
  }
  return result(out, failures)
}

const ROLLOUT_HELP = `Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]`

/** The rollout subcommands, for completion. */
export const ROLLOUT_SUBCOMMANDS = [
  'history',
  'pause',
  'restart',
  'resume',
  'status',
  'undo',
] as const

/** `kubectl rollout`. */
export function kubectlRollout(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [sub, ...rest] = words
  switch (sub) {
    case 'status':
      return rolloutStatus(ctx, rest)
    case 'history':
      return rolloutHistory(ctx, rest)
    case 'undo':
      return rolloutUndo(ctx, rest)
    case 'pause':
    case 'resume':
    case 'restart':
      return changeEach(ctx, sub, rest)
    case undefined:
      return ok(ROLLOUT_HELP)
    default:
      return fail(`error: unknown command ${JSON.stringify(sub)} for "kubectl rollout"`)
  }
}
