/** kubectl: dispatches `kubectl <verb> ...` to the verbs the simulator implements. */
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import { kubectlCreate } from './create'
import { kubectlGet } from './get'
import { kubectlScale } from './scale'

type Verb = (ctx: CommandContext, words: readonly string[]) => CommandResult

const VERBS: Record<string, Verb> = {
  get: kubectlGet,
  scale: kubectlScale,
  create: kubectlCreate,
}

/** The verbs kubectl knows, for completion and "did you mean". */
export const KUBECTL_VERBS = Object.keys(VERBS)

export function kubectl(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [verb, ...rest] = words
  if (!verb)
    return fail(
      `kubectl controls the Kubernetes cluster manager.\n\nVerbs here: ${KUBECTL_VERBS.join(', ')}`,
    )
  const run = VERBS[verb]
  if (!run) return fail(`error: unknown command "${verb}" for "kubectl"`)
  return run(ctx, rest)
}
