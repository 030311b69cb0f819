/**
 * kubectl: dispatches `kubectl <verb> ...` to the verbs the simulator implements, with cobra's
 * `unknown command` error and its "Did you mean this?" suggestions (spf13/cobra command.go
 * SuggestionsFor: Levenshtein distance ≤ 2 or a prefix, case-insensitive).
 */
import { KINDS } from '../../api/kinds'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'
import { kubectlAnnotate } from './annotate'
import { kubectlApply } from './apply'
import { kubectlCreate } from './create'
import { kubectlDelete } from './delete'
import { kubectlDescribe } from './describe'
import { kubectlExec } from './exec'
import { kubectlExpose } from './expose'
import { kubectlGet } from './get'
import { kubectlLabel } from './label'
import { kubectlPatch } from './patch'
import { kubectlRollout } from './rollout'
import { kubectlScale } from './scale'
import { kubectlSet } from './setImage'

type Verb = (ctx: CommandContext, words: readonly string[]) => CommandResult

const VERBS: Record<string, Verb> = {
  annotate: kubectlAnnotate,
  apply: kubectlApply,
  create: kubectlCreate,
  delete: kubectlDelete,
  describe: kubectlDescribe,
  exec: kubectlExec,
  expose: kubectlExpose,
  get: kubectlGet,
  label: kubectlLabel,
  patch: kubectlPatch,
  rollout: kubectlRollout,
  scale: kubectlScale,
  set: kubectlSet,
}

/** The verbs kubectl knows here, sorted as cobra lists them: for completion and "did you mean". */
export const KUBECTL_VERBS: readonly string[] = Object.keys(VERBS).sort()

/** Every name a resource type may be given by (plural, singular, short names), for completion. */
export const KUBECTL_RESOURCE_NAMES: readonly string[] = [
  ...new Set(KINDS.flatMap((k) => [k.resource, k.singular, ...k.shortNames])),
].sort()

/** Verbs of the real kubectl v1.34 that the simulator does not implement. */
const UPSTREAM_ONLY = new Set([
  'api-resources',
  'api-versions',
  'attach',
  'auth',
  'autoscale',
  'certificate',
  'cluster-info',
  'completion',
  'config',
  'cordon',
  'cp',
  'debug',
  'diff',
  'drain',
  'edit',
  'events',
  'explain',
  'kustomize',
  'logs',
  'options',
  'plugin',
  'port-forward',
  'proxy',
  'replace',
  'run',
  'taint',
  'top',
  'uncordon',
  'version',
  'wait',
])

/** Levenshtein distance, case-insensitive as cobra's ld(s, t, ignoreCase=true). */
function levenshtein(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      row[j] = Math.min(
        (row[j - 1] as number) + 1,
        (prev[j] as number) + 1,
        (prev[j - 1] as number) + cost,
      )
    }
    prev = row
  }
  return prev[t.length] as number
}

/** cobra's SuggestionsFor over the implemented verbs. */
export function suggestVerbs(typed: string): string[] {
  return KUBECTL_VERBS.filter(
    (v) => levenshtein(typed, v) <= 2 || v.toLowerCase().startsWith(typed.toLowerCase()),
  )
}

/** Global flags may come before the verb (`kubectl -n kube-system get pods`); move them after it. */
function verbFirst(words: readonly string[]): string[] {
  const lead: string[] = []
  let i = 0
  while (i < words.length) {
    const w = words[i] as string
    if (w === '-n' || w === '--namespace') {
      lead.push(w, ...(words[i + 1] !== undefined ? [words[i + 1] as string] : []))
      i += 2
    } else if (/^(-n.+|--namespace=.*)$/.test(w)) {
      lead.push(w)
      i++
    } else break
  }
  const [verb, ...rest] = words.slice(i)
  return verb === undefined ? [...lead] : [verb, ...rest, ...lead]
}

/** `kubectl ...`. */
export function kubectl(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [verb, ...rest] = verbFirst(words)
  if (!verb || verb.startsWith('-'))
    return fail(
      `kubectl controls the Kubernetes cluster manager.\n\nVerbs here: ${KUBECTL_VERBS.join(', ')}`,
    )
  const run = VERBS[verb]
  if (run && (rest.includes('-h') || rest.includes('--help')))
    return ok(
      `kubectl ${verb}: this simulator has no built-in help; see https://kubernetes.io/docs/reference/kubectl/generated/kubectl_${verb}/`,
    )
  if (run) return run(ctx, rest)
  if (UPSTREAM_ONLY.has(verb))
    return fail(`error: "kubectl ${verb}" is not available in this simulator`)
  const suggestions = suggestVerbs(verb)
  return fail(
    `error: unknown command ${JSON.stringify(verb)} for "kubectl"${suggestions.length > 0 ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}` : ''}`,
  )
}
