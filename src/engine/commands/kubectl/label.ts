/**
 * `kubectl label TYPE NAME KEY=VALUE... KEY-... [--overwrite] [-l selector | --all] [--list]`
 * (staging/src/k8s.io/kubectl/pkg/cmd/label/label.go): values are checked before anything is sent,
 * changing an existing label needs --overwrite, and each object prints `labeled`, `unlabeled` or
 * `not labeled` as kubectl decides it.
 */
import { isValidLabelValue } from '../../api/validation/names'
import { ApiError } from '../../api/errors'
import { SelectorParseError, parseSelector } from '../../model/labels'
import type { KubeObject } from '../../model/meta'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import type { Failure } from './failures'
import { apiFailure, asIs, plain, result } from './failures'
import { goJson } from './goJson'
import { getResourcesAndPairs } from './pairs'
import { qualifiedName, resolveTargets } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  { name: 'all', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'list', type: 'bool' },
]

/** parseLabels: `k=v` (value checked) and `k-`. */
function parseLabels(specs: readonly string[]): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>()
  const remove: string[] = []
  for (const spec of specs) {
    if (spec.includes('=')) {
      const parts = spec.split('=')
      if (parts.length !== 2) throw new Error(`invalid label spec: ${spec}`)
      const errs = isValidLabelValue(parts[1] as string)
      if (errs.length > 0)
        throw new Error(`invalid label value: ${JSON.stringify(spec)}: ${errs.join(';')}`)
      set.set(parts[0] as string, parts[1] as string)
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1))
    else throw new Error(`unknown label spec: ${spec}`)
  }
  for (const r of remove)
    if (set.has(r)) throw new Error('can not both modify and remove a label in the same command')
  return { set, remove }
}

/** `kubectl label`. */
export function kubectlLabel(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl label')
  const { resources, pairs } = getResourcesAndPairs(args, 'label')
  let parsed
  try {
    parsed = parseLabels(pairs)
  } catch (e) {
    return fail(`error: ${(e as Error).message}`)
  }
  const all = flags.all === true
  const list = flags.list === true
  if (all && flags.selector !== undefined)
    return fail('error: cannot set --all and --selector at the same time')
  if (resources.length < 1)
    return fail(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
    )
  if (parsed.set.size < 1 && parsed.remove.length < 1 && !list)
    return fail('error: at least one label update is required')
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
  const overwrite = flags.overwrite === true
  const failures: Failure[] = errors.map(asIs)
  const out: string[] = []
  for (const { info, obj } of targets) {
    const labels = obj.metadata.labels ?? {}
    if (list) {
      if (targets.length > 1)
        out.push(`Listing labels for ${info.kind}.${info.group}/${obj.metadata.name}:`)
      for (const k of Object.keys(labels).sort())
        out.push(`${targets.length > 1 ? ' ' : ''}${k}=${labels[k]}`)
      continue
    }
    for (const r of parsed.remove)
      if (!(r in labels)) out.push(`label ${JSON.stringify(r)} not found.`)
    if (!overwrite) {
      const clashes = [...parsed.set.keys()].sort().filter((k) => k in labels)
      if (clashes.length > 0) {
        const msgs = clashes.map(
          (k) => `'${k}' already has a value (${labels[k]}), and --overwrite is false`,
        )
        failures.push(plain(msgs.length === 1 ? (msgs[0] as string) : `[${msgs.join(', ')}]`))
        continue
      }
    }
    const next: Record<string, string> = { ...labels }
    for (const [k, v] of parsed.set) next[k] = v
    for (const r of parsed.remove) delete next[r]
    const updated: KubeObject = { ...obj, metadata: { ...obj.metadata, labels: next } }
    // updateDataChangeMsg: compares the object's JSON before and after.
    const before = goJson(obj)
    const after = goJson(updated)
    const msg =
      before === after
        ? 'not labeled'
        : !overwrite && after.length < before.length
          ? 'unlabeled'
          : 'labeled'
    if (before !== after) {
      try {
        ctx.sim.api.update(updated)
      } catch (e) {
        if (!(e instanceof ApiError)) throw e
        failures.push(apiFailure(e))
        continue
      }
    }
    out.push(`${qualifiedName(info, obj.metadata.name)} ${msg}`)
  }
  return result(out, failures)
}
