/**
 * `kubectl expose TYPE NAME | TYPE/NAME [--port] [--target-port] [--type] [--name] [--protocol]
 * [--selector] [--labels] [--cluster-ip] [--session-affinity] [--external-ip]`
 * (staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go RunExpose and createService, with
 * polymorphichelpers' CanBeExposed, MapBasedSelectorForObject, PortsForObject and
 * MultiProtocolsForObject): a Service for a Deployment, ReplicaSet, Pod or Service.
 */
import { kindInfo } from '../../api/kinds'
import type { Deployment } from '../../model/apps'
import type { KubeObject } from '../../model/meta'
import type { Pod, PodSpec } from '../../model/pod'
import type { Service, ServicePort, ServiceProtocol } from '../../model/service'
import type { FlagSpec } from '../parseFlags'
import { parseFlags } from '../parseFlags'
import type { CommandContext, CommandResult } from '../types'
import { fail, ok } from '../types'
import { parseResourceArgs, resolveTargets } from './resourceArgs'

const FLAGS: FlagSpec[] = [
  { name: 'port', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'selector', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'session-affinity', type: 'string' },
  { name: 'external-ip', type: 'string' },
]

const NO_RESOURCE = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`

/** A map selector or label set as `k=v,k=v` (generate.MakeLabels; kubectl parses it back). */
const makeLabels = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')

/** MapBasedSelectorForObject: the selector the Service gets, or the reason there is none. */
function selectorFor(obj: KubeObject): string | Error {
  switch (obj.kind) {
    case 'Pod': {
      const labels = obj.metadata.labels ?? {}
      if (Object.keys(labels).length === 0)
        return new Error('the pod has no labels and cannot be exposed')
      return makeLabels(labels)
    }
    case 'Service': {
      const selector = (obj as Service).spec.selector
      if (!selector) return new Error('the service has no pod selector set')
      return makeLabels(selector)
    }
    default: {
      const selector = (obj as Deployment).spec.selector
      if ((selector.matchExpressions ?? []).length > 0)
        return new Error(
          `couldn't convert expressions - "${JSON.stringify(selector)}" to map-based selector format`,
        )
      return makeLabels(selector.matchLabels ?? {})
    }
  }
}

/** The pod spec a workload runs (its template), or the pod's own. */
function podSpecOf(obj: KubeObject): PodSpec | undefined {
  if (obj.kind === 'Pod') return (obj as Pod).spec
  if (obj.kind === 'Service') return undefined
  return (obj as Deployment).spec.template.spec
}

/** PortsForObject and MultiProtocolsForObject: port numbers, and each one's protocols. */
function portsFor(obj: KubeObject): { ports: string[]; protocols: Map<string, string[]> } {
  const protocols = new Map<string, string[]>()
  const ports: string[] = []
  const add = (port: number, protocol: string | undefined) => {
    const key = String(port)
    ports.push(key)
    protocols.set(key, [...(protocols.get(key) ?? []), protocol ?? 'TCP'])
  }
  if (obj.kind === 'Service') for (const p of (obj as Service).spec.ports) add(p.port, p.protocol)
  for (const c of podSpecOf(obj)?.containers ?? [])
    for (const p of c.ports ?? []) add(p.containerPort, p.protocol)
  return { ports, protocols }
}

/**
 * createService's ports: named port-N when there are several, one per protocol when the object
 * serves a port on more than one; the same --target-port for all, else the port itself.
 */
function servicePorts(
  portList: string[],
  protocol: string,
  protocols: Map<string, string[]>,
  targetPortText: string,
): ServicePort[] | Error {
  const out: ServicePort[] = []
  const targetPort = (port: number) =>
    targetPortText === ''
      ? port
      : /^\d+$/.test(targetPortText)
        ? Number(targetPortText)
        : targetPortText
  for (const [i, text] of portList.entries()) {
    if (!/^[-+]?\d+$/.test(text))
      return new Error(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`)
    const port = Number(text)
    const found = protocols.get(text) ?? []
    if (!protocol && found.length > 1) {
      for (const p of found)
        out.push({
          name: `port-${i + 1}-${p.toLowerCase()}`,
          port,
          protocol: p as ServiceProtocol,
          targetPort: targetPort(port),
        })
      continue
    }
    const chosen = protocol || (found.length === 1 ? (found[0] as string) : 'TCP')
    out.push({
      ...(portList.length > 1 ? { name: `port-${i + 1}` } : {}),
      port,
      protocol: chosen as ServiceProtocol,
      targetPort: targetPort(port),
    })
  }
  return out
}

/** `kubectl expose`. */
export function kubectlExpose(ctx: CommandContext, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'kubectl expose')
  if (parseResourceArgs(args).length === 0) return fail(NO_RESOURCE)
  const namespace = (flags.namespace as string | undefined) ?? 'default'
  const { targets, errors } = resolveTargets(ctx, args, { namespace })
  if (errors.length > 0) return fail(errors.join('\n'))
  const out: string[] = []
  for (const { obj } of targets) {
    if (!['Deployment', 'ReplicaSet', 'Pod', 'Service'].includes(obj.kind)) {
      const group = kindInfo(obj.kind)?.group
      return fail(`error: cannot expose a ${obj.kind}${group ? `.${group}` : ''}`)
    }
    let selector = (flags.selector as string | undefined) ?? ''
    if (!selector) {
      const found = selectorFor(obj)
      if (found instanceof Error)
        return fail(
          `error: couldn't retrieve selectors via --selector flag or introspection: ${found.message}`,
        )
      selector = found
    }
    const clusterIP = (flags['cluster-ip'] as string | undefined) ?? ''
    const { ports: found, protocols } = portsFor(obj)
    const portText = (flags.port as string | undefined) ?? ''
    const portList = portText ? [portText] : found
    if (portList.length === 0 && clusterIP !== 'None')
      return fail("error: couldn't find port via --port flag or introspection")
    if (!selector) return fail('error: selector must be specified')
    const parsed = parseLabels(selector)
    if (parsed instanceof Error) return fail(`error: ${parsed.message}`)
    const labelText = (flags.labels as string | undefined) || makeLabels(obj.metadata.labels ?? {})
    const labels = labelText ? parseLabels(labelText) : undefined
    if (labels instanceof Error) return fail(`error: ${labels.message}`)
    const ports = servicePorts(
      portList,
      (flags.protocol as string | undefined) ?? '',
      protocols,
      (flags['target-port'] as string | undefined) ?? '',
    )
    if (ports instanceof Error) return fail(`error: ${ports.message}`)
    const affinity = (flags['session-affinity'] as string | undefined) ?? ''
    if (affinity && affinity !== 'None' && affinity !== 'ClientIP')
      return fail(`error: unknown session affinity: ${affinity}`)
    const name = (flags.name as string | undefined) || obj.metadata.name.slice(0, 63)
    const externalIP = (flags['external-ip'] as string | undefined) ?? ''
    const type = (flags.type as string | undefined) ?? ''
    ctx.sim.api.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, ...(labels ? { labels } : {}) },
      spec: {
        selector: parsed,
        ports,
        ...(type ? { type } : {}),
        ...(externalIP ? { externalIPs: [externalIP] } : {}),
        ...(affinity ? { sessionAffinity: affinity } : {}),
        ...(clusterIP ? { clusterIP } : {}),
      },
    })
    out.push(`service/${name} exposed`)
  }
  return ok(out.join('\n'))
}

/** expose.go parseLabels: `k=v,k=v` into a map. */
function parseLabels(spec: string): Record<string, string> | Error {
  if (!spec) return new Error('no label spec passed')
  const labels: Record<string, string> = {}
  for (const part of spec.split(',')) {
    const kv = part.split('=')
    if (kv.length !== 2) return new Error(`unexpected label spec: ${part}`)
    if (!kv[0]) return new Error('unexpected empty label key')
    labels[kv[0]] = kv[1] as string
  }
  return labels
}
