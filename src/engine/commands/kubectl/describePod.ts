/**
 * `kubectl describe pod` and the pod template part of describing Deployments and ReplicaSets, laid
 * out as staging/src/k8s.io/kubectl/pkg/describe/describe.go does (describePod, DescribePodTemplate,
 * describeContainers, describeStatus, DescribeProbe, describeVolumes).
 */
import type {
  Container,
  ContainerState,
  ContainerStatus,
  Pod,
  PodTemplateSpec,
  Probe,
} from '../../model/pod'
import type { CommandContext } from '../types'
import {
  PrefixWriter,
  controllerOfText,
  describeEvents,
  eventsFor,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  since,
} from './describeWriter'
import { describeMounts, describeVolumes } from './describeVolumes'
import { quantityString } from './quantityString'

/** Fields a manifest may carry that the engine's model does not name. */
interface ContainerExtras {
  env?: {
    name: string
    value?: string
    valueFrom?: {
      fieldRef?: { apiVersion?: string; fieldPath: string }
      resourceFieldRef?: { resource: string }
      secretKeyRef?: { name: string; key: string; optional?: boolean }
      configMapKeyRef?: { name: string; key: string; optional?: boolean }
    }
  }[]
}

const bool = (b: boolean | undefined) => (b ? 'True' : 'False')

/** DescribeProbe: `http-get http://:80/ delay=2s timeout=1s period=3s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`
  if (p.exec) return `exec [${p.exec.command.join(' ')}] ${attrs}`
  if (p.httpGet) {
    const g = p.httpGet as { host?: string; port: number | string; path?: string; scheme?: string }
    const host = g.host ?? ''
    const hostPort = `${host.includes(':') ? `[${host}]` : host}:${g.port}`
    return `http-get ${(g.scheme ?? '').toLowerCase()}://${hostPort}${g.path ?? ''} ${attrs}`
  }
  if (p.tcpSocket) {
    const t = p.tcpSocket as { host?: string; port: number | string }
    return `tcp-socket ${t.host ?? ''}:${t.port} ${attrs}`
  }
  const grpc = (p as { grpc?: { port: number; service?: string } }).grpc
  if (grpc) return `grpc <pod>:${grpc.port} ${grpc.service ?? ''} ${attrs}`
  return `unknown ${attrs}`
}

function describeStatus(name: string, state: ContainerState, w: PrefixWriter): void {
  if (state.running) {
    w.write(2, `${name}:\tRunning\n`)
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`)
  } else if (state.waiting) {
    w.write(2, `${name}:\tWaiting\n`)
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`)
  } else if (state.terminated) {
    const t = state.terminated
    w.write(2, `${name}:\tTerminated\n`)
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`)
    if (t.message) w.write(3, `Message:\t${t.message}\n`)
    w.write(3, `Exit Code:\t${t.exitCode}\n`)
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`)
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`)
  } else {
    w.write(2, `${name}:\tWaiting\n`)
  }
}

function describeResources(c: Container, w: PrefixWriter, level: number): void {
  for (const [title, list] of [
    ['Limits', c.resources?.limits],
    ['Requests', c.resources?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort()
    if (names.length > 0) w.write(level, `${title}:\n`)
    for (const n of names) w.write(level + 1, `${n}:\t${quantityString(list?.[n])}\n`)
  }
}

/** The value of a downward-API field of a pod, as EnvValueRetriever resolves it. */
function fieldValue(pod: Pod | undefined, path: string): string {
  if (!pod) return ''
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': pod.status.podIP,
    'status.hostIP': pod.status.hostIP,
  }
  return values[path] ?? ''
}

function describeEnv(c: Container & ContainerExtras, pod: Pod | undefined, w: PrefixWriter): void {
  const env = c.env ?? []
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`)
  for (const e of env) {
    const from = e.valueFrom
    if (!from) {
      ;(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`))
    } else if (from.fieldRef) {
      const f = from.fieldRef
      w.write(
        3,
        `${e.name}:\t${fieldValue(pod, f.fieldPath)} (${f.apiVersion ?? 'v1'}:${f.fieldPath})\n`,
      )
    } else if (from.resourceFieldRef) {
      w.write(3, `${e.name}:\t (${from.resourceFieldRef.resource})\n`)
    } else if (from.secretKeyRef) {
      const s = from.secretKeyRef
      w.write(
        3,
        `${e.name}:\t<set to the key '${s.key}' in secret '${s.name}'>\tOptional: ${s.optional === true}\n`,
      )
    } else if (from.configMapKeyRef) {
      const s = from.configMapKeyRef
      w.write(
        3,
        `${e.name}:\t<set to the key '${s.key}' of config map '${s.name}'>\tOptional: ${s.optional === true}\n`,
      )
    }
  }
}

function describeContainers(
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  pod: Pod | undefined,
  w: PrefixWriter,
  space: string,
): void {
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`)
  for (const container of containers) {
    const c = container as Container & ContainerExtras
    const status = statuses?.find((s) => s.name === c.name)
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`)
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`)
    w.write(2, `Image:\t${c.image}\n`)
    if (status) w.write(2, `Image ID:\t${status.imageID}\n`)
    const ports = c.ports ?? []
    const portText = (n: (p: (typeof ports)[number]) => number) =>
      ports.map((p) => `${n(p)}/${p.protocol ?? ''}${p.name ? ` (${p.name})` : ''}`).join(', ')
    const containerPorts = portText((p) => p.containerPort)
    const hostPorts = portText((p) => p.hostPort ?? 0)
    w.write(
      2,
      containerPorts.includes(',')
        ? `Ports:\t${containerPorts}\n`
        : `Port:\t${containerPorts || '<none>'}\n`,
    )
    w.write(
      2,
      hostPorts.includes(',')
        ? `Host Ports:\t${hostPorts}\n`
        : `Host Port:\t${hostPorts || '<none>'}\n`,
    )
    for (const [title, words] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if (!words || words.length === 0) continue
      w.write(2, `${title}:\n`)
      for (const word of words) for (const s of word.split('\n')) w.write(3, `${s}\n`)
    }
    if (status) {
      describeStatus('State', status.state, w)
      if (status.lastState.terminated) describeStatus('Last State', status.lastState, w)
      w.write(2, `Ready:\t${bool(status.ready)}\n`)
      w.write(2, `Restart Count:\t${status.restartCount}\n`)
    }
    describeResources(c, w, 2)
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`)
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`)
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`)
    describeEnv(c, pod, w)
    describeMounts(c.volumeMounts, w)
  }
}

/** DescribePodTemplate: the `Pod Template:` block of Deployments, ReplicaSets and rollout history. */
export function describePodTemplate(template: PodTemplateSpec, w: PrefixWriter): void {
  w.write(0, 'Pod Template:\n')
  printLabelsMultiline(w, '  Labels', template.metadata?.labels)
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
    printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations)
  const spec = template.spec
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`)
  if (spec.initContainers?.length)
    describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ')
  describeContainers('Containers', spec.containers, undefined, undefined, w, '  ')
  describeVolumes(spec.volumes, w, '  ')
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`)
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector)
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations)
}

/** describePod: everything `kubectl describe pod NAME` prints, events included. */
export function describePod(ctx: CommandContext, pod: Pod): string {
  const now = ctx.sim.simTimeMs
  const w = new PrefixWriter()
  const { spec, status, metadata } = pod
  w.write(0, `Name:\t${metadata.name}\n`)
  w.write(0, `Namespace:\t${metadata.namespace ?? ''}\n`)
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`)
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`)
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`)
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n')
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`)
  printLabelsMultiline(w, 'Labels', metadata.labels)
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations)
  if (metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(metadata.deletionTimestamp, now)})\n`)
    w.write(0, `Termination Grace Period:\t${metadata.deletionGracePeriodSeconds ?? 0}s\n`)
  } else {
    w.write(0, `Status:\t${status.phase ?? ''}\n`)
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`)
  if (status.message) w.write(0, `Message:\t${status.message}\n`)
  w.write(0, `IP:\t${status.podIP ?? ''}\n`)
  if (!status.podIPs || status.podIPs.length === 0) w.write(0, 'IPs:\t<none>\n')
  else {
    w.write(0, 'IPs:\n')
    for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`)
  }
  const controlledBy = controllerOfText(pod)
  if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`)
  if (spec.initContainers?.length)
    describeContainers('Init Containers', spec.initContainers, undefined, pod, w, '')
  describeContainers('Containers', spec.containers, status.containerStatuses, pod, w, '')
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n')
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`)
  }
  describeVolumes(spec.volumes, w, '')
  w.write(0, `QoS Class:\t${status.qosClass ?? ''}\n`)
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector)
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations)
  describeEvents(w, eventsFor(ctx, pod), now)
  return w.toString()
}
