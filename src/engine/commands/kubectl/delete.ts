/**
 * `kubectl delete (TYPE NAME... | TYPE/NAME... | TYPE -l selector | TYPE --all | -f -)`
 * (staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go): pods are deleted gracefully by the API
 * server, `--grace-period=0 --force` deletes at once with kubectl's warning, and like kubectl
 * (--wait=true) the command waits for the objects to be gone, here in virtual time.
 */
import { ApiError, notFoundError } from '../../api/errors'
import type { KindInfo } from '../../api/kinds'
import { kindInfo } from '../../api/kinds'
import { SelectorParseError, parseSelector } from '../../model/labels'
import type { KubeObject } from '../../model/meta'
import { keyOf } from '../../model/meta'
import { parseDurationMs } from '../duration'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import type { Failure } from './failures'
import { apiFailure, asIs, plain, result } from './failures'
import { lineOf, mappingError, parseManifest, readFilenames } from './manifest'
import type { Target } from './resourceArgs'
import { listKind, resolveTargets } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'force', type: 'bool' },
  { name: 'now', type: 'bool' },
  { name: 'wait', type: 'bool', default: true },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'timeout', type: 'string', default: '0s' },
]

/** Namespaces the NamespaceLifecycle admission plugin never lets go. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public'])

/** How long the simulator waits for deletions when kubectl would wait a week (--timeout=0). */
const DEFAULT_WAIT_MS = 3_600_000

const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`

/** Go duration text for --timeout (`30s`, `2m`, `0`); plain numbers need a unit as in Go. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0
  if (/^\d+(\.\d+)?$/.test(text)) return undefined
  return parseDurationMs(text)
}

interface Deletion {
  target: Target
  /** AddSourceToErr's source, for objects named by a manifest. */
  source?: string
  line?: number
}

/** The objects a manifest names (delete -f), with mapping errors as apply reports them. */
function fromManifests(
  ctx: CommandContext,
  files: string[],
  namespace: string,
  failures: Failure[],
): Deletion[] | string {
  const sources = readFilenames(ctx.stdin, files)
  if (typeof sources === 'string') return sources
  const out: Deletion[] = []
  for (const src of sources) {
    const parsed = parseManifest(src.text, src.name)
    for (const m of parsed.objects) {
      const meta = (m.value.metadata ?? {}) as { name?: string; namespace?: string }
      const info: KindInfo | undefined =
        typeof m.value.kind === 'string' ? kindInfo(m.value.kind) : undefined
      if (!info || info.apiVersion !== m.value.apiVersion) {
        failures.push(plain(mappingError(m, src.name), lineOf(m, ['kind'])))
        continue
      }
      const ns = info.namespaced ? meta.namespace || namespace : undefined
      const obj = ctx.sim.api.get(info.kind, ns, meta.name ?? '')
      const line = lineOf(m, ['metadata', 'name'])
      if (!obj) {
        failures.push(
          apiFailure(
            notFoundError(info.kind, meta.name ?? ''),
            `error when deleting ${JSON.stringify(src.name)}`,
            line,
          ),
        )
        continue
      }
      out.push({ target: { info, obj }, source: src.name, ...(line !== undefined ? { line } : {}) })
    }
    if (parsed.error) failures.push(plain(parsed.error.message, parsed.error.line))
  }
  return out
}

/** `kubectl delete`. */
export function kubectlDelete(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl delete')
  const output = (flags.output as string | undefined) ?? ''
  if (output !== '' && output !== 'name')
    return fail(`error: unexpected -o output mode: ${output}. We only support '-o name'`)
  if (flags.all === true && flags.selector !== undefined)
    return fail('error: cannot set --all and --selector at the same time')
  let grace = flags['grace-period'] as number
  const force = flags.force === true
  if (flags.now === true) {
    if (grace !== -1) return fail('error: --now and --grace-period cannot be specified together')
    grace = 1
  }
  // --grace-period=0 means 1 unless forced (DeleteOptions.Complete); --force alone means 0.
  if (grace === 0 && !force) grace = 1
  if (force && grace < 0) grace = 0
  if (grace > 0 && force)
    return fail('error: --force and --grace-period greater than 0 cannot be specified together')
  const timeoutMs = parseGoDuration(flags.timeout as string)
  if (timeoutMs === undefined)
    return fail(
      `error: invalid argument ${JSON.stringify(flags.timeout)} for "--timeout" flag: time: missing unit in duration ${JSON.stringify(flags.timeout)}\nSee 'kubectl delete --help' for usage.`,
    )
  const files = (flags.filename as string[] | undefined) ?? []
  if (args.length === 0 && files.length === 0) return fail(NO_RESOURCES)
  const warnings =
    grace === 0 && force
      ? [
          'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
        ]
      : []
  let selector
  try {
    selector = flags.selector !== undefined ? parseSelector(flags.selector as string) : undefined
  } catch (e) {
    return fail(`error: ${e instanceof SelectorParseError ? e.message : String(e)}`)
  }
  const namespace = (flags.namespace as string | undefined) ?? 'default'
  const failures: Failure[] = []
  let deletions: Deletion[]
  if (files.length > 0) {
    if (args.length > 0)
      return fail(
        `error: Unexpected args: [${args.join(' ')}]\nSee 'kubectl delete -h' for help and examples`,
      )
    const found = fromManifests(ctx, files, namespace, failures)
    if (typeof found === 'string') return fail(found)
    deletions = found
  } else {
    const { targets, errors } = resolveTargets(ctx, args, {
      namespace,
      allNamespaces: flags['all-namespaces'] === true,
      ...(selector ? { selector } : {}),
      all: flags.all === true,
      requireNames: true,
    })
    failures.push(...errors.map(asIs))
    deletions = targets.map((target) => ({ target }))
  }
  // --ignore-not-found: a named object that is missing was still visited, so it is not "No resources found".
  let ignored = 0
  if (flags['ignore-not-found'] === true)
    for (let i = failures.length - 1; i >= 0; i--)
      if (/\(NotFound\)/.test(failures[i]?.listed ?? '')) {
        failures.splice(i, 1)
        ignored++
      }
  const out: string[] = []
  const gone: { key: string; uid: string; name: string }[] = []
  for (const { target, source, line } of deletions) {
    const { info, obj } = target
    const kindString = info.group
      ? `${info.kind.toLowerCase()}.${info.group}`
      : info.kind.toLowerCase()
    const refusal = refuse(obj)
    if (refusal) {
      failures.push(refusal)
      continue
    }
    try {
      if (obj.kind === 'Namespace') deleteContents(ctx, obj.metadata.name)
      ctx.sim.api.delete(
        obj.kind,
        obj.metadata.namespace,
        obj.metadata.name,
        grace >= 0 ? { gracePeriodSeconds: grace } : {},
      )
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      failures.push(
        apiFailure(e, source ? `error when deleting ${JSON.stringify(source)}` : undefined, line),
      )
      continue
    }
    gone.push({
      key: keyOf(obj),
      uid: obj.metadata.uid,
      name: `${info.resource}/${obj.metadata.name}`,
    })
    const operation = `${grace === 0 ? 'force deleted' : 'deleted'}${info.namespaced ? ` from ${obj.metadata.namespace} namespace` : ''}`
    out.push(
      output === 'name'
        ? `${kindString}/${obj.metadata.name}`
        : `${kindString} "${obj.metadata.name}" ${operation}`,
    )
  }
  if (deletions.length === 0 && failures.length === 0 && ignored === 0)
    return {
      ok: true,
      output: 'No resources found',
      ...(warnings.length ? { error: warnings.join('\n') } : {}),
    }
  if (flags.wait === true && gone.length > 0) {
    const waitError = waitUntilGone(ctx, gone, timeoutMs === 0 ? DEFAULT_WAIT_MS : timeoutMs)
    if (waitError) failures.push(plain(waitError))
  }
  return result(out, failures, warnings)
}

/** What the simulated API server will not delete. */
function refuse(obj: KubeObject): Failure | undefined {
  if (obj.kind === 'Namespace' && IMMORTAL_NAMESPACES.has(obj.metadata.name))
    return asIs(
      `Error from server (Forbidden): namespaces ${JSON.stringify(obj.metadata.name)} is forbidden: this namespace may not be deleted`,
    )
  return undefined
}

/** The namespace controller's work, done at once: everything in a deleted namespace goes too. */
function deleteContents(ctx: CommandContext, namespace: string): void {
  for (const kind of ['Deployment', 'ReplicaSet', 'Pod']) {
    const info = kindInfo(kind)
    if (!info) continue
    for (const o of listKind(ctx, info, namespace)) {
      if (ctx.sim.api.get(o.kind, namespace, o.metadata.name))
        ctx.sim.api.delete(o.kind, namespace, o.metadata.name, { gracePeriodSeconds: 0 })
    }
  }
}

/** cmdwait.IsDeleted in virtual time: steps the simulation until the objects are gone. */
function waitUntilGone(
  ctx: CommandContext,
  objects: { key: string; uid: string; name: string }[],
  timeoutMs: number,
): string | undefined {
  const deadline = ctx.sim.simTimeMs + timeoutMs
  for (;;) {
    const left = objects.find((o) => ctx.sim.store.get(o.key)?.metadata.uid === o.uid)
    if (!left) return undefined
    const next = ctx.sim.nextTaskAtMs()
    if (next === undefined || next > deadline)
      return `timed out waiting for the condition on ${left.name}`
    ctx.sim.step()
  }
}
