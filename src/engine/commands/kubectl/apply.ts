/**
 * `kubectl apply -f FILE|-` (client-side apply, staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go):
 * every document is read and mapped first (errors collected, a syntax or validation error ends its
 * stream), then each object is created or patched in turn, so objects before a bad one stay applied.
 * The last-applied-configuration annotation is written as kubectl writes it. Updates merge the
 * manifest into the live object three ways (fields dropped since the last apply are removed; lists
 * are replaced whole, a simplification of the strategic merge patch); the status is kept.
 */
import { ApiError } from '../../api/errors'
import type { KindInfo } from '../../api/kinds'
import { kindInfo } from '../../api/kinds'
import { deepEqual } from '../../kernel/json'
import type { KubeObject } from '../../model/meta'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import type { Failure } from './failures'
import { apiFailure, formatFailures, plain } from './failures'
import { checkFields } from './fieldSchema'
import { goJson } from './goJson'
import type { ManifestObject } from './manifest'
import { lineOf, mappingError, parseFieldPath, parseManifest, readFilenames } from './manifest'
import { qualifiedName } from './resourceArgs'

/** The annotation kubectl apply keeps its last manifest in (corev1.LastAppliedConfigAnnotation). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'validate', type: 'string', default: 'strict' },
  { name: 'overwrite', type: 'bool', default: true },
]

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The key strategic merge patch merges a list of objects by (containers by name, ports by containerPort). */
function mergeKey(list: unknown[]): string | undefined {
  for (const key of ['name', 'containerPort'])
    if (list.length > 0 && list.every((x) => isObj(x) && x[key] !== undefined)) return key
  return undefined
}

/**
 * The live object with the manifest merged in; fields the last apply set and this one does not are
 * removed. Lists of named objects are merged item by item, so that values the server filled in
 * (defaults) stay; other lists are replaced.
 */
function merge3(current: unknown, modified: unknown, original: unknown): unknown {
  if (Array.isArray(current) && Array.isArray(modified)) {
    const key = mergeKey(modified)
    if (!key || mergeKey(current) !== key) return modified
    const find = (list: unknown, k: unknown): unknown =>
      Array.isArray(list) ? (list as unknown[]).find((x) => isObj(x) && x[key] === k) : undefined
    return (modified as unknown[]).map((m): unknown => {
      const k = (m as Record<string, unknown>)[key]
      const c = find(current, k)
      return c === undefined ? m : merge3(c, m, find(original, k))
    })
  }
  if (!isObj(current) || !isObj(modified)) return modified
  const out: Record<string, unknown> = { ...current }
  for (const [k, v] of Object.entries(modified)) {
    if (v === null) delete out[k]
    else out[k] = merge3(current[k], v, isObj(original) ? original[k] : undefined)
  }
  if (isObj(original)) for (const k of Object.keys(original)) if (!(k in modified)) delete out[k]
  return out
}

/** A merge patch from one object to another (what the error of a refused patch shows). */
function diff(from: unknown, to: unknown): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  const a = isObj(from) ? from : {}
  const b = isObj(to) ? to : {}
  for (const [k, v] of Object.entries(b)) {
    if (deepEqual(a[k], v)) continue
    patch[k] = isObj(v) && isObj(a[k]) ? diff(a[k], v) : v
  }
  for (const k of Object.keys(a)) if (!(k in b)) patch[k] = null
  return patch
}

/** Info.String() for messages: `Resource: "apps/v1, Resource=deployments", GroupVersionKind: ...`. */
export function infoString(info: KindInfo, name: string, namespace: string): string {
  const [group, version] = info.group
    ? [info.group, info.apiVersion.split('/')[1]]
    : ['', info.apiVersion]
  return `Resource: "${group}/${version}, Resource=${info.resource}", GroupVersionKind: "${group}/${version}, Kind=${info.kind}"\nName: ${JSON.stringify(name)}, Namespace: ${JSON.stringify(namespace)}`
}

/**
 * The object kubectl apply sends: namespace filled in and the last-applied-configuration annotation
 * set (util.GetModifiedConfiguration). Exported for anything that creates objects "as kubectl
 * apply would", such as scenarios.
 */
export function withLastApplied(
  value: Record<string, unknown>,
  namespace: string | undefined,
): KubeObject {
  const meta = { ...(isObj(value.metadata) ? value.metadata : {}) }
  if (namespace !== undefined) meta.namespace = namespace
  const annotations = {
    ...(isObj(meta.annotations) ? (meta.annotations as Record<string, string>) : {}),
  }
  delete annotations[LAST_APPLIED]
  const lastApplied = `${goJson({ ...value, metadata: { ...meta, annotations } })}\n`
  return {
    ...value,
    metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED]: lastApplied } },
  } as unknown as KubeObject
}

interface Item {
  m: ManifestObject
  info: KindInfo
  namespace: string | undefined
  source: string
}

/** `kubectl apply`. */
export function kubectlApply(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl apply')
  if (args.length > 0)
    return fail(
      `error: Unexpected args: [${args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`,
    )
  const validate = flags.validate as string
  if (!['strict', 'true', 'warn', 'ignore', 'false'].includes(validate))
    return fail(
      `error: invalid - validate option "${validate}"; must be one of: strict (or true), warn, ignore (or false)`,
    )
  const filenames = (flags.filename as string[] | undefined) ?? []
  if (filenames.length === 0) return fail('error: must specify one of -f and -k')
  const sources = readFilenames(ctx.stdin, filenames)
  if (typeof sources === 'string') return fail(sources)
  const flagNamespace = flags.namespace as string | undefined
  const visit: Failure[] = []
  const items: Item[] = []
  for (const src of sources) {
    const parsed = parseManifest(src.text, src.name)
    let stopped = false
    for (const m of parsed.objects) {
      const { apiVersion, kind } = m.value
      const meta = isObj(m.value.metadata) ? m.value.metadata : {}
      const missing = [
        ...(apiVersion ? [] : ['apiVersion not set']),
        ...(kind ? [] : ['kind not set']),
      ]
      if (missing.length > 0 && validate !== 'ignore' && validate !== 'false') {
        const detail = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`
        visit.push(
          plain(
            `error validating ${JSON.stringify(src.name)}: error validating data: ${detail}; if you choose to ignore these errors, turn validation off with --validate=false`,
            m.firstLine,
          ),
        )
        stopped = true
        break
      }
      const info = typeof kind === 'string' ? kindInfo(kind) : undefined
      if (!info || info.apiVersion !== apiVersion || info.kind === 'Event') {
        visit.push(plain(mappingError(m, src.name), lineOf(m, ['kind'])))
        continue
      }
      const own =
        typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined
      if (info.namespaced && own && flagNamespace && own !== flagNamespace) {
        visit.push(
          plain(
            `the namespace from the provided object ${JSON.stringify(own)} does not match the namespace ${JSON.stringify(flagNamespace)}. You must pass '--namespace=${own}' to perform this operation.`,
            lineOf(m, ['metadata', 'namespace']),
          ),
        )
        continue
      }
      items.push({
        m,
        info,
        namespace: info.namespaced ? (own ?? flagNamespace ?? 'default') : undefined,
        source: src.name,
      })
    }
    if (parsed.error && !stopped) visit.push(plain(parsed.error.message, parsed.error.line))
  }
  if (items.length === 0 && visit.length === 0) return fail('error: no objects passed to apply')
  const out: string[] = []
  const warnings: string[] = []
  const applied: Failure[] = []
  for (const item of items) applyOne(ctx, item, validate, out, warnings, applied)
  const errors = visit.length + applied.length > 0 ? formatFailures(visit, applied) : undefined
  const stderr = [...warnings, ...(errors ? [errors.text] : [])].join('\n')
  return {
    ok: errors === undefined,
    output: out.join('\n'),
    ...(stderr ? { error: stderr } : {}),
    ...(errors?.line !== undefined ? { errorLine: errors.line } : {}),
  }
}

function applyOne(
  ctx: CommandContext,
  { m, info, namespace, source }: Item,
  validate: string,
  out: string[],
  warnings: string[],
  failures: Failure[],
): void {
  const meta = isObj(m.value.metadata) ? m.value.metadata : {}
  const name = typeof meta.name === 'string' ? meta.name : ''
  if (!name) {
    failures.push(
      plain(
        `error when retrieving current configuration of:\n${infoString(info, '', namespace ?? '')}\nfrom server for: ${JSON.stringify(source)}: resource name may not be empty`,
        lineOf(m, ['metadata']),
      ),
    )
    return
  }
  let modified = withLastApplied(m.value, namespace)
  const problems = checkFields(info.kind, modified)
  const version = info.apiVersion.split('/').pop() as string
  let decodeError: string | undefined
  if (problems.typeError) decodeError = problems.typeError
  else if (problems.unknownFields.length > 0) {
    if (validate === 'strict' || validate === 'true')
      decodeError = `strict decoding error: ${problems.unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`
    else {
      if (validate === 'warn')
        for (const f of problems.unknownFields)
          warnings.push(`Warning: unknown field ${JSON.stringify(f)}`)
      modified = prune(modified, problems.unknownFields)
    }
  }
  const decodeFailure = (prefix: string) =>
    apiFailure(
      new ApiError(
        'BadRequest',
        `${info.kind} in version ${JSON.stringify(version)} cannot be handled as a ${info.kind}: ${decodeError}`,
      ),
      prefix,
      problems.firstPath ? lineOf(m, problems.firstPath) : m.firstLine,
    )
  const causeLine = (e: ApiError) => {
    const field = e.details.causes?.[0]?.field
    return field ? lineOf(m, parseFieldPath(field)) : m.firstLine
  }
  const current = ctx.sim.api.get(info.kind, namespace, name)
  if (!current) {
    if (decodeError)
      return void failures.push(decodeFailure(`error when creating ${JSON.stringify(source)}`))
    try {
      ctx.sim.api.create(modified)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      return void failures.push(
        apiFailure(e, `error when creating ${JSON.stringify(source)}`, causeLine(e)),
      )
    }
    out.push(`${qualifiedName(info, name)} created`)
    return
  }
  const lastApplied = current.metadata.annotations?.[LAST_APPLIED]
  if (lastApplied === undefined)
    warnings.push(
      `Warning: resource ${info.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
    )
  let original: unknown
  try {
    original = lastApplied === undefined ? undefined : JSON.parse(lastApplied)
  } catch {
    original = undefined
  }
  const merged = merge3(current, modified, original) as KubeObject
  const patchPrefix = `error when applying patch:\n${goJson(diff(current, merged))}\nto:\n${infoString(info, name, namespace ?? '')}\nfor: ${JSON.stringify(source)}`
  if (decodeError) return void failures.push(decodeFailure(patchPrefix))
  let updated: KubeObject
  try {
    updated = ctx.sim.api.update(merged)
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    return void failures.push(apiFailure(e, patchPrefix, causeLine(e)))
  }
  const unchanged = updated.metadata.resourceVersion === current.metadata.resourceVersion
  out.push(`${qualifiedName(info, name)} ${unchanged ? 'unchanged' : 'configured'}`)
}

/** The object without the fields strict decoding would have refused (what the server keeps with --validate=warn). */
function prune(obj: KubeObject, paths: readonly string[]): KubeObject {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>
  for (const p of paths) {
    const parts = parseFieldPath(p)
    let node: unknown = copy
    for (const part of parts.slice(0, -1))
      node = (node as Record<string | number, unknown> | undefined)?.[part]
    const last = parts[parts.length - 1]
    if (isObj(node) && typeof last === 'string') delete node[last]
  }
  return copy as unknown as KubeObject
}
