/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]` (staging/src/k8s.io/kubectl/pkg/
 * cmd/patch/patch.go). Merge patches follow RFC 7386; strategic patches merge lists of named
 * objects (containers, ports) by name, as their patchMergeKey says; JSON patches follow RFC 6902
 * (add, remove, replace, test).
 */
import { parse as parseYaml } from 'yaml'
import type { KubeObject } from '../../model/meta'
import { deepClone, deepEqual } from '../../kernel/json'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import { parseResourceArgs, qualifiedName } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'patch', short: 'p', type: 'string' },
  { name: 'type', type: 'string', default: 'strategic' },
]

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** RFC 7386 JSON merge patch; with `strategic`, lists of objects with a `name` merge by name. */
export function mergePatch(target: Json, patch: Json, strategic: boolean): Json {
  if (!isObject(patch)) {
    if (
      strategic &&
      Array.isArray(patch) &&
      Array.isArray(target) &&
      patch.every((p) => isObject(p) && typeof p.name === 'string')
    ) {
      const out = [...target]
      for (const item of patch as Record<string, Json>[]) {
        const i = out.findIndex((t) => isObject(t) && t.name === item.name)
        if (i === -1) out.push(item)
        else out[i] = mergePatch(out[i] as Json, item, true)
      }
      return out
    }
    return patch
  }
  const out: Record<string, Json> = isObject(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = mergePatch(out[key] ?? null, value, strategic)
  }
  return out
}

class JsonPatchError extends Error {}

function pointer(path: string): string[] {
  if (path === '') return []
  if (!path.startsWith('/'))
    throw new JsonPatchError(
      `add operation does not apply: doc is missing path: "${path}": missing value`,
    )
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** RFC 6902 JSON patch: add, remove, replace and test. */
export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops))
    throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
  let result = deepClone(doc)
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string')
      throw new JsonPatchError('unexpected kind of operation')
    const parts = pointer(op.path)
    const last = parts.pop()
    let parent: Json = result
    for (const p of parts) {
      parent = Array.isArray(parent)
        ? (parent[Number(p)] ?? null)
        : isObject(parent)
          ? (parent[p] ?? null)
          : null
      if (parent === null)
        throw new JsonPatchError(
          `${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`,
        )
    }
    if (last === undefined) {
      if (op.op === 'replace' || op.op === 'add') result = op.value ?? null
      continue
    }
    const container = parent as Json[] | Record<string, Json>
    const index = Array.isArray(container) ? (last === '-' ? container.length : Number(last)) : -1
    const has = Array.isArray(container)
      ? index >= 0 && index < container.length
      : Object.prototype.hasOwnProperty.call(container, last)
    switch (op.op) {
      case 'add':
        if (Array.isArray(container)) container.splice(index, 0, op.value ?? null)
        else container[last] = op.value ?? null
        break
      case 'replace':
      case 'remove':
        if (!has)
          throw new JsonPatchError(
            `${op.op} operation does not apply: doc is missing key: ${op.path}: missing value`,
          )
        if (Array.isArray(container)) {
          if (op.op === 'remove') container.splice(index, 1)
          else container[index] = op.value ?? null
        } else if (op.op === 'remove') delete container[last]
        else container[last] = op.value ?? null
        break
      case 'test':
        if (!deepEqual(Array.isArray(container) ? container[index] : container[last], op.value))
          throw new JsonPatchError(`testing value ${op.path} failed: test failed`)
        break
      default:
        throw new JsonPatchError(`Unexpected kind: ${op.op}`)
    }
  }
  return result
}

export function kubectlPatch(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl patch')
  const patchText = flags.patch as string | undefined
  if (patchText === undefined) return fail('error: must specify -p to patch')
  const type = flags.type as string
  if (!['strategic', 'merge', 'json'].includes(type))
    return fail(`error: --type must be one of [json merge strategic], not "${type}"`)
  const requests = parseResourceArgs(args)
  const [req] = requests
  if (!req || req.names.length !== 1 || requests.length !== 1)
    return fail('error: resource(s) were provided, but no name was specified')
  let patch: Json
  try {
    patch = parseYaml(patchText) as Json
  } catch (e) {
    return fail(
      `error: unable to parse "${patchText}": ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    )
  }
  const namespace = (flags.namespace as string | undefined) ?? 'default'
  const name = req.names[0] as string
  const current = ctx.sim.api.mustGet<KubeObject>(req.info.kind, namespace, name)
  let next: Json
  try {
    next =
      type === 'json'
        ? jsonPatch(current as unknown as Json, patch)
        : mergePatch(current as unknown as Json, patch, type === 'strategic')
  } catch (e) {
    if (e instanceof JsonPatchError) return fail(`The request is invalid: ${e.message}`)
    throw e
  }
  const updated = ctx.sim.api.update(next as unknown as KubeObject)
  const unchanged = updated.metadata.resourceVersion === current.metadata.resourceVersion
  return ok(`${qualifiedName(req.info, name)} patched${unchanged ? ' (no change)' : ''}`)
}
