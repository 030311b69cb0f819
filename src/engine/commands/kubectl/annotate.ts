/**
 * `kubectl annotate TYPE NAME KEY=VALUE... KEY-... [--overwrite] [-l selector | --all] [--list]`
 * (staging/src/k8s.io/kubectl/pkg/cmd/annotate/annotate.go): changing an annotation to a different
 * value needs --overwrite, except kubernetes.io/change-cause; every object touched prints `annotated`.
 */
import { ApiError } from '../../api/errors'
import { SelectorParseError, parseSelector } from '../../model/labels'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import type { Failure } from './failures'
import { apiFailure, asIs, plain, result } from './failures'
import { getResourcesAndPairs, parsePairs } from './pairs'
import { qualifiedName, resolveTargets } from './resourceArgs'

/** The annotation `kubectl rollout history` shows as CHANGE-CAUSE (polymorphichelpers.ChangeCauseAnnotation). */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause'

const FLAGS: FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  { name: 'all', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'list', type: 'bool' },
]

/** `kubectl annotate`. */
export function kubectlAnnotate(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl annotate')
  const { resources, pairs } = getResourcesAndPairs(args, 'annotation')
  const { set, remove } = parsePairs(pairs, 'annotation', true)
  const all = flags.all === true
  const list = flags.list === true
  if (all && flags.selector !== undefined)
    return fail('error: cannot set --all and --selector at the same time')
  if (resources.length < 1)
    return fail(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
    )
  if (set.size < 1 && remove.length < 1 && !list)
    return fail('error: at least one annotation update is required')
  const both = remove.filter((r) => set.has(r))
  if (both.length > 0)
    return fail(
      `error: can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`,
    )
  let selector
  try {
    selector = flags.selector !== undefined ? parseSelector(flags.selector as string) : undefined
  } catch (e) {
    return fail(`error: ${e instanceof SelectorParseError ? e.message : String(e)}`)
  }
  const { targets, errors } = resolveTargets(ctx, resources, {
    namespace: (flags.namespace as string | undefined) ?? 'default',
    allNamespaces: flags['all-namespaces'] === true,
    ...(selector ? { selector } : {}),
    all,
    requireNames: true,
  })
  const failures: Failure[] = errors.map(asIs)
  const out: string[] = []
  for (const { info, obj } of targets) {
    const current = obj.metadata.annotations ?? {}
    if (list) {
      if (targets.length > 1)
        out.push(`Listing annotations for ${info.kind}.${info.group}/${obj.metadata.name}:`)
      for (const k of Object.keys(current).sort())
        out.push(`${targets.length > 1 ? ' ' : ''}${k}=${current[k]}`)
      continue
    }
    if (flags.overwrite !== true) {
      // validateNoAnnotationOverwrites: only a different value is a clash.
      const clashes = [...set.keys()]
        .sort()
        .filter((k) => k !== CHANGE_CAUSE_ANNOTATION && k in current && current[k] !== set.get(k))
      if (clashes.length > 0) {
        failures.push(
          plain(
            `--overwrite is false but found the following declared annotation(s): ${clashes.map((k) => `'${k}' already has a value (${current[k]})`).join('; ')}`,
          ),
        )
        continue
      }
    }
    const next: Record<string, string> = { ...current }
    for (const [k, v] of set) next[k] = v
    for (const r of remove) delete next[r]
    try {
      ctx.sim.api.update({ ...obj, metadata: { ...obj.metadata, annotations: next } })
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      failures.push(apiFailure(e))
      continue
    }
    out.push(`${qualifiedName(info, obj.metadata.name)} annotated`)
  }
  return result(out, failures)
}
