/**
 * `kubectl set image (TYPE NAME | TYPE/NAME) CONTAINER=IMAGE... [--all] [-l selector]`
 * (staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go) and the `kubectl set` group it belongs to.
 * A container name that is not in the pod template is an error but does not stop the others; an
 * image that is already set changes nothing and prints nothing, as with kubectl.
 */
import { ApiError } from '../../api/errors'
import { SelectorParseError, parseSelector } from '../../model/labels'
import type { KubeObject } from '../../model/meta'
import type { Container, PodSpec } from '../../model/pod'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import type { Failure } from './failures'
import { asIs, plain, result } from './failures'
import { getResourcesAndPairs, parsePairs } from './pairs'
import { qualifiedName, resolveTargets } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'all', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
]

/** The pod spec of an object and how to put a changed one back (polymorphichelpers.updatePodSpecForObject). */
function podSpecOf(
  obj: KubeObject,
): { spec: PodSpec; with: (spec: PodSpec) => KubeObject } | undefined {
  if (obj.kind === 'Pod') {
    const spec = obj.spec as PodSpec
    return { spec, with: (s) => ({ ...obj, spec: s }) }
  }
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet') {
    const ws = obj.spec as { template: { spec: PodSpec } }
    return {
      spec: ws.template.spec,
      with: (s) => ({ ...obj, spec: { ...ws, template: { ...ws.template, spec: s } } }),
    }
  }
  return undefined
}

/** `kubectl set image`. */
function setImage(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl set image')
  const { resources, pairs } = getResourcesAndPairs(args, 'image')
  const images = parsePairs(pairs, 'image', false).set
  const all = flags.all === true
  const problems: string[] = []
  if (all && flags.selector !== undefined)
    problems.push('cannot set --all and --selector at the same time')
  if (resources.length < 1)
    problems.push(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    )
  if (images.size < 1) problems.push('at least one image update is required')
  else if (images.size > 1 && images.has('*'))
    problems.push(
      'all containers are already specified by *, but saw more than one container_name=container_image pairs',
    )
  if (problems.length > 0)
    return fail(problems.length === 1 ? `error: ${problems[0]}` : `error: [${problems.join(', ')}]`)
  let selector
  try {
    selector = flags.selector !== undefined ? parseSelector(flags.selector as string) : undefined
  } catch (e) {
    return fail(`error: ${e instanceof SelectorParseError ? e.message : String(e)}`)
  }
  const { targets, errors } = resolveTargets(ctx, resources, {
    namespace: (flags.namespace as string | undefined) ?? 'default',
    ...(selector ? { selector } : {}),
    all,
    requireNames: true,
  })
  // Complete() reads every object first (builder.Infos): one that is missing stops the command.
  if (errors.length > 0) return result([], errors.map(asIs))
  const failures: Failure[] = []
  const patches: { name: string; next?: KubeObject; obj: KubeObject; error?: string }[] = []
  // CalculatePatches: every object first; unknown containers are reported but do not stop the rest.
  for (const { info, obj } of targets) {
    const name = qualifiedName(info, obj.metadata.name)
    const holder = podSpecOf(obj)
    if (!holder) {
      patches.push({
        name,
        obj,
        error: `error: ${info.resource}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${info.kind}`,
      })
      continue
    }
    const set = (list: readonly Container[] | undefined, cname: string, image: string) => {
      let found = false
      const next = list?.map((c) => {
        if (c.name !== cname && cname !== '*') return c
        found = true
        return { ...c, image }
      })
      return { next, found }
    }
    let spec = holder.spec
    for (const [cname, image] of images) {
      const init = set(spec.initContainers, cname, image)
      const main = set(spec.containers, cname, image)
      spec = {
        ...spec,
        containers: main.next ?? [],
        ...(init.next ? { initContainers: init.next } : {}),
      }
      if (!init.found && !main.found)
        failures.push(plain(`error: unable to find container named ${JSON.stringify(cname)}`))
    }
    patches.push({ name, obj, next: holder.with(spec) })
  }
  const out: string[] = []
  for (const p of patches) {
    if (p.error) {
      failures.push(plain(p.error))
      continue
    }
    if (!p.next) continue
    try {
      const updated = ctx.sim.api.update(p.next)
      // An update that changes nothing is an empty patch: kubectl skips it silently.
      if (updated.metadata.resourceVersion === p.obj.metadata.resourceVersion) continue
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      failures.push(plain(`failed to patch image update to pod template: ${e.message}`))
      continue
    }
    out.push(`${p.name} image updated`)
  }
  return result(out, failures)
}

/** The `kubectl set` subcommands kubectl has, of which the simulator implements `image`. */
const SET_SUBCOMMANDS = ['env', 'image', 'resources', 'selector', 'serviceaccount', 'subject']

/** `kubectl set SUBCOMMAND ...`. */
export function kubectlSet(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [sub, ...rest] = words
  if (sub === 'image') return setImage(ctx, rest)
  if (sub === undefined)
    return fail(
      'Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  image           Update the image of a pod template',
    )
  if (SET_SUBCOMMANDS.includes(sub))
    return fail(`error: "kubectl set ${sub}" is not available in this simulator`)
  return fail(`error: unknown command ${JSON.stringify(sub)} for "kubectl set"`)
}
