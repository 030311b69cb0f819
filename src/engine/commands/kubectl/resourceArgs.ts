/** Resource arguments as kubectl reads them: `pods`, `pod web-1`, `deploy/web`, `deployments,pods`. */
import type { KindInfo } from '../../api/kinds'
import { resolveResource } from '../../api/kinds'
import { notFoundError } from '../../api/errors'
import { selectorMatches } from '../../model/labels'
import type { KubeObject, LabelSelector } from '../../model/meta'
import type { CommandContext } from '../types'

/** One resource type named on the command line and the names given for it. */
export interface ResourceRequest {
  info: KindInfo
  /** Names asked for; empty means all. */
  names: string[]
}

/** A resource argument kubectl refuses before asking the server; printed as `error: ...`. */
export class ResourceArgError extends Error {}

/** The kinds of the `all` category that the simulator serves, in kubectl's order. */
const ALL_CATEGORY = ['pods', 'services', 'deployments', 'replicasets']

/** The kind a type name means, or kubectl's `the server doesn't have a resource type` error. */
export function resolveOrThrow(type: string): KindInfo {
  const info = resolveResource(type)
  if (!info) throw new ResourceArgError(`the server doesn't have a resource type "${type}"`)
  return info
}

/** Turns positional arguments into resource requests, in the order given. */
export function parseResourceArgs(args: readonly string[]): ResourceRequest[] {
  if (args.length === 0) return []
  const slashForm = args.filter((a) => a.includes('/'))
  if (slashForm.length > 0) {
    if (slashForm.length !== args.length) {
      throw new ResourceArgError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      )
    }
    const out: ResourceRequest[] = []
    for (const a of args) {
      const [type = '', name = ''] = a.split('/', 2)
      if (!name)
        throw new ResourceArgError(
          `arguments in resource/name form must have a single resource and name`,
        )
      const info = resolveOrThrow(type)
      const existing = out.find((r) => r.info === info)
      if (existing) existing.names.push(name)
      else out.push({ info, names: [name] })
    }
    return out
  }
  const [types = '', ...names] = args
  const infos = types
    .split(',')
    .filter((t) => t !== '')
    .flatMap((t) => (t === 'all' ? ALL_CATEGORY : [t]))
    .map(resolveOrThrow)
  if (names.length > 0 && infos.length > 1)
    throw new ResourceArgError(`you may only specify a single resource type`)
  return infos.map((info) => ({ info, names: [...names] }))
}

/** `deployment.apps/web`, `pod/web-1`: how kubectl names an object in messages and `-o name`. */
export function qualifiedName(info: KindInfo, name: string): string {
  return `${info.group ? `${info.singular}.${info.group}` : info.singular}/${name}`
}

/** One object a command acts on, with the kind info it was named by. */
export interface Target {
  info: KindInfo
  obj: KubeObject
}

/** How to look objects up (builder.NamespaceParam / LabelSelectorParam / SelectAllParam). */
export interface TargetOptions {
  namespace: string
  allNamespaces?: boolean
  selector?: LabelSelector
  /** --all: every object of the types. */
  all?: boolean
  /** A bare type with no name, selector or --all is an error (delete, label, annotate). */
  requireNames?: boolean
}

/** The objects the arguments name, and kubectl's error line for each that does not exist. */
export interface TargetResult {
  targets: Target[]
  errors: string[]
}

/** Every stored object of a kind in a namespace (all namespaces when undefined), by namespace and name. */
export function listKind(
  ctx: CommandContext,
  info: KindInfo,
  namespace: string | undefined,
): KubeObject[] {
  const out: KubeObject[] = []
  for (const o of ctx.sim.store.list(info.kind))
    if (!info.namespaced || namespace === undefined || o.metadata.namespace === namespace)
      out.push(o)
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/**
 * Resolves resource arguments to objects as the resource builder does for most verbs:
 * `TYPE NAME...`, `TYPE/NAME...`, or `TYPE[,TYPE]` with -l or --all. Missing names become
 * `Error from server (NotFound): ...` lines; usage errors throw ResourceArgError.
 */
export function resolveTargets(
  ctx: CommandContext,
  args: readonly string[],
  options: TargetOptions,
): TargetResult {
  const requests = parseResourceArgs(args)
  const named = requests.some((r) => r.names.length > 0)
  if (named && options.selector)
    throw new ResourceArgError('name cannot be provided when a selector is specified')
  if (named && options.all)
    throw new ResourceArgError('name cannot be provided when --all is specified')
  if (!named && options.requireNames && !options.selector && !options.all)
    throw new ResourceArgError('resource(s) were provided, but no name was specified')
  const targets: Target[] = []
  const errors: string[] = []
  for (const req of requests) {
    const ns = req.info.namespaced
      ? options.allNamespaces && !named
        ? undefined
        : options.namespace
      : undefined
    if (req.names.length > 0) {
      for (const name of req.names) {
        const obj = ctx.sim.api.get(req.info.kind, ns, name)
        if (obj) targets.push({ info: req.info, obj })
        else
          errors.push(`Error from server (NotFound): ${notFoundError(req.info.kind, name).message}`)
      }
      continue
    }
    for (const obj of listKind(ctx, req.info, ns)) {
      if (options.selector && !selectorMatches(options.selector, obj.metadata.labels)) continue
      targets.push({ info: req.info, obj })
    }
  }
  return { targets, errors }
}
