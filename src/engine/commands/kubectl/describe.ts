/**
 * `kubectl describe TYPE [NAME_PREFIX | -l selector] | TYPE/NAME` for Deployments, ReplicaSets,
 * Pods, Nodes, Services and EndpointSlices (staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go
 * for the command, pkg/describe/describe.go describeDeployment / describeReplicaSet for the layouts). A name that
 * matches nothing exactly describes the objects whose names start with it, as kubectl does.
 */
import { findNewReplicaSet } from '../../controllers/deployment/deploymentUtil'
import type { Deployment, IntOrString, ReplicaSet } from '../../model/apps'
import { SelectorParseError, parseSelector, selectorToString } from '../../model/labels'
import type { KubeObject } from '../../model/meta'
import type { Node } from '../../model/node'
import type { Pod } from '../../model/pod'
import type { EndpointSlice } from '../../model/endpointSlice'
import type { Service } from '../../model/service'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail } from '../types'
import { describeNode } from './describeNode'
import { describePod, describePodTemplate } from './describePod'
import { describeEndpointSlice, describeService } from './describeService'
import {
  PrefixWriter,
  controllerOfText,
  describeEvents,
  eventsFor,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
} from './describeWriter'
import type { Target } from './resourceArgs'
import { listKind, parseResourceArgs, resolveTargets } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'show-events', type: 'bool', default: true },
]

const intOrString = (v: IntOrString | undefined) => (v === undefined ? '<nil>' : String(v))

/** The ReplicaSets a Deployment controls, split into the new one and all old ones (GetAllReplicaSets). */
function replicaSetsOf(
  ctx: CommandContext,
  d: Deployment,
): { oldRSs: ReplicaSet[]; newRS?: ReplicaSet } {
  const owned = [...ctx.sim.store.list<ReplicaSet>('ReplicaSet')].filter(
    (rs) =>
      rs.metadata.namespace === d.metadata.namespace &&
      rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid),
  )
  const newRS = findNewReplicaSet(d, owned)
  return { oldRSs: owned.filter((rs) => rs !== newRS), ...(newRS ? { newRS } : {}) }
}

/** printReplicaSetsByLabels: `web-5d8f7 (3/3 replicas created)`, comma-separated, or `<none>`. */
const replicaSetList = (rss: readonly ReplicaSet[]) =>
  rss
    .map(
      (rs) =>
        `${rs.metadata.name} (${rs.status.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`,
    )
    .join(', ') || '<none>'

/** describeDeployment. */
export function describeDeployment(ctx: CommandContext, d: Deployment): string {
  const w = new PrefixWriter()
  w.write(0, `Name:\t${d.metadata.name}\n`)
  w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`)
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`)
  printLabelsMultiline(w, 'Labels', d.metadata.labels)
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations)
  w.write(0, `Selector:\t${selectorToString(d.spec.selector)}\n`)
  const s = d.status
  w.write(
    0,
    `Replicas:\t${d.spec.replicas ?? 1} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`,
  )
  w.write(0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`)
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`)
  const ru = d.spec.strategy?.rollingUpdate
  if (ru)
    w.write(
      0,
      `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
    )
  describePodTemplate(d.spec.template, w)
  if (s.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n')
    w.write(1, '----\t------\t------\n')
    for (const c of s.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`)
  }
  const { oldRSs, newRS } = replicaSetsOf(ctx, d)
  if (oldRSs.length > 0 || newRS) {
    w.write(0, `OldReplicaSets:\t${replicaSetList(oldRSs)}\n`)
    w.write(0, `NewReplicaSet:\t${replicaSetList(newRS ? [newRS] : [])}\n`)
  }
  describeEvents(w, eventsFor(ctx, d), ctx.sim.simTimeMs)
  return w.toString()
}

/** describeReplicaSet, with getPodStatusForController's phase counts of the pods it controls. */
export function describeReplicaSet(ctx: CommandContext, rs: ReplicaSet): string {
  const count = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 }
  for (const key of ctx.sim.store.controlledBy(rs.metadata.uid)) {
    const pod = ctx.sim.store.get<Pod>(key)
    const phase = pod?.kind === 'Pod' ? pod.status.phase : undefined
    if (phase && phase in count) count[phase as keyof typeof count]++
  }
  const w = new PrefixWriter()
  w.write(0, `Name:\t${rs.metadata.name}\n`)
  w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`)
  w.write(0, `Selector:\t${selectorToString(rs.spec.selector)}\n`)
  printLabelsMultiline(w, 'Labels', rs.metadata.labels)
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations)
  const controlledBy = controllerOfText(rs)
  if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`)
  w.write(0, `Replicas:\t${rs.status.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired\n`)
  w.write(
    0,
    `Pods Status:\t${count.Running} Running / ${count.Pending} Waiting / ${count.Succeeded} Succeeded / ${count.Failed} Failed\n`,
  )
  describePodTemplate(rs.spec.template, w)
  if (rs.status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n')
    w.write(1, '----\t------\t------\n')
    for (const c of rs.status.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`)
  }
  describeEvents(w, eventsFor(ctx, rs), ctx.sim.simTimeMs)
  return w.toString()
}

/** The describer for a kind, as DescriberFor picks it. */
function describeObject(ctx: CommandContext, obj: KubeObject): string | undefined {
  switch (obj.kind) {
    case 'Deployment':
      return describeDeployment(ctx, obj as Deployment)
    case 'ReplicaSet':
      return describeReplicaSet(ctx, obj as ReplicaSet)
    case 'Pod':
      return describePod(ctx, obj as Pod)
    case 'Node':
      return describeNode(ctx, obj as Node)
    case 'Service':
      return describeService(ctx, obj as Service)
    case 'EndpointSlice':
      return describeEndpointSlice(ctx, obj as EndpointSlice)
    default:
      return undefined
  }
}

/** `kubectl describe`. */
export function kubectlDescribe(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl describe')
  if (args.length === 0)
    return fail(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    )
  let selector
  try {
    selector = flags.selector !== undefined ? parseSelector(flags.selector as string) : undefined
  } catch (e) {
    return fail(`error: ${e instanceof SelectorParseError ? e.message : String(e)}`)
  }
  const allNamespaces = flags['all-namespaces'] === true
  const namespace = (flags.namespace as string | undefined) ?? 'default'
  const { targets, errors } = resolveTargets(ctx, args, {
    namespace,
    allNamespaces,
    ...(selector ? { selector } : {}),
  })
  let found: Target[] = targets
  let errorLines = errors
  // DescribeMatchingResources: `describe TYPE NAME` falls back to names starting with NAME.
  if (errors.length > 0 && args.length === 2 && !args[0]?.includes('/')) {
    const [req] = parseResourceArgs([args[0] as string])
    const prefix = args[1] as string
    const matches = req ? listKind(ctx, req.info, req.info.namespaced ? namespace : undefined) : []
    const byPrefix = matches.filter((o) => o.metadata.name.startsWith(prefix))
    if (req && byPrefix.length > 0) {
      found = byPrefix.map((obj) => ({ info: req.info, obj }))
      errorLines = []
    }
  }
  const texts: string[] = []
  for (const { info, obj } of found) {
    const text = describeObject(ctx, obj)
    if (text === undefined) {
      errorLines.push(
        `error: describing ${info.resource} is not supported in this simulator (it describes deployments, replicasets, pods, nodes, services and endpointslices)`,
      )
      continue
    }
    texts.push(text)
  }
  if (found.length === 0 && errorLines.length === 0) {
    const nsInfo = parseResourceArgs(args).some((r) => r.info.namespaced)
    const where = allNamespaces || !nsInfo ? '' : ` in ${namespace} namespace`
    return { ok: true, output: '', error: `No resources found${where}.` }
  }
  const output = texts.join('\n\n').replace(/\n+$/, '')
  return {
    ok: errorLines.length === 0,
    output,
    ...(errorLines.length > 0 ? { error: errorLines.join('\n') } : {}),
  }
}
