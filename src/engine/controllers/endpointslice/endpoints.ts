/**
 * The pure pieces of the EndpointSlice controller (staging/src/k8s.io/endpointslice utils.go and
 * util/controller_utils.go): which pods belong in a Service's slices, the endpoint a pod becomes,
 * the ports it resolves to, and the slices' labels and identity.
 */
import type { Endpoint, EndpointPort, EndpointSlice } from '../../model/endpointSlice'
import {
  ENDPOINTSLICE_CONTROLLER,
  HEADLESS_LABEL,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
} from '../../model/endpointSlice'
import { controllerRef } from '../../model/meta'
import type { Pod } from '../../model/pod'
import { isPodReady } from '../../model/podStatus'
import type { Service, ServicePort } from '../../model/service'
import { isHeadless } from '../../model/service'
import { newControllerRef } from '../controllerUtils'

/** endpointsliceutil.ShouldPodBeInEndpoints(pod, includeTerminating=true): not terminal, has an IP. */
export function shouldPodBeInEndpoints(pod: Pod): boolean {
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return false
  return Boolean(pod.status.podIP) || (pod.status.podIPs ?? []).length > 0
}

/** podutil.FindPort: a number as it is; a name looked up in the pod's container ports. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort
  for (const c of pod.spec.containers)
    for (const p of c.ports ?? [])
      if (p.name === sp.targetPort && (p.protocol ?? 'TCP') === sp.protocol) return p.containerPort
  return undefined
}

/** getEndpointPorts: the Service's ports resolved for one pod; unresolvable ports are left out. */
export function getEndpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = []
  for (const sp of svc.spec.ports) {
    const port = findPort(pod, sp)
    if (port === undefined) continue
    out.push({
      name: sp.name ?? '',
      protocol: sp.protocol,
      port,
      ...(sp.appProtocol !== undefined ? { appProtocol: sp.appProtocol } : {}),
    })
  }
  return out
}

/** endpointsliceutil.NewPortMapKey: slices are grouped by their exact set of ports. */
export function portMapKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify(
    ports
      .map((p) => [p.name ?? '', p.protocol ?? '', p.port ?? 0, p.appProtocol ?? ''])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  )
}

/** endpointutil.ShouldSetHostname. */
function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    Boolean(pod.spec.hostname) &&
    pod.spec.subdomain === svc.metadata.name &&
    pod.metadata.namespace === svc.metadata.namespace
  )
}

/**
 * podToEndpoint: ready is never true while terminating unless publishNotReadyAddresses; serving is
 * readiness regardless of termination.
 */
export function podToEndpoint(pod: Pod, svc: Service): Endpoint {
  const serving = isPodReady(pod)
  const terminating = pod.metadata.deletionTimestamp !== undefined
  const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating)
  const addresses = pod.status.podIP ? [pod.status.podIP] : [(pod.status.podIPs ?? [])[0]?.ip ?? '']
  return {
    addresses,
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec.hostname } : {}),
    ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    },
  }
}

/** endpointsliceutil hashEndpoint: an endpoint is its addresses, hostname and target pod. */
export function endpointHash(ep: Endpoint): string {
  const addresses = ep.addresses.length > 1 ? [...ep.addresses].sort() : ep.addresses
  return `${addresses.join(',')}|${ep.hostname ?? ''}|${ep.targetRef?.namespace ?? ''}/${ep.targetRef?.name ?? ''}`
}

/** EndpointsEqualBeyondHash: the same conditions, node, zone and target (uid included). */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  return (
    a.conditions.ready === b.conditions.ready &&
    a.conditions.serving === b.conditions.serving &&
    a.conditions.terminating === b.conditions.terminating &&
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.targetRef?.uid === b.targetRef?.uid
  )
}

const RESERVED_LABELS = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL])

/** setEndpointSliceLabels: the Service's labels, the headless label, and the two reserved ones. */
export function endpointSliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {}))
    if (!RESERVED_LABELS.has(k)) labels[k] = v
  // helper.IsServiceIPSet: a headless Service's slices are labelled as such.
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = ''
  else delete labels[HEADLESS_LABEL]
  labels[SERVICE_NAME_LABEL] = svc.metadata.name
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER
  return labels
}

/** newEndpointSlice: generateName `<service>-`, owned by the Service (controller, blockOwnerDeletion). */
export function newEndpointSlice(svc: Service, ports: EndpointPort[]): EndpointSlice {
  const prefix = `${svc.metadata.name}-`
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: '',
      // getEndpointSlicePrefix falls back to "endpointslice-" for names that cannot prefix.
      generateName: prefix.length <= 253 ? prefix : 'endpointslice-',
      namespace: svc.metadata.namespace ?? 'default',
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: endpointSliceLabels(svc),
      ownerReferences: [newControllerRef(svc)],
    },
    addressType: 'IPv4',
    endpoints: [],
    ports,
  }
}

/** ownedBy: the slice's controller is this very Service (not an old one of the same name). */
export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return controllerRef(slice.metadata)?.uid === svc.metadata.uid
}
