/**
 * `kubectl describe service` and `kubectl describe endpointslice`
 * (staging/src/k8s.io/kubectl/pkg/describe/describe.go describeService, formatEndpointSlices,
 * buildIngressString, describeEndpointSliceV1).
 */
import type { EndpointSlice } from '../../model/endpointSlice'
import { SERVICE_NAME_LABEL } from '../../model/endpointSlice'
import { labelsToString } from '../../model/labels'
import type { Service } from '../../model/service'
import type { CommandContext } from '../types'
import {
  PrefixWriter,
  describeEvents,
  eventsFor,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './describeWriter'

/** The Service's EndpointSlices, as the describer lists them by the service-name label. */
function slicesOf(ctx: CommandContext, svc: Service): EndpointSlice[] {
  const out: EndpointSlice[] = []
  for (const slice of ctx.sim.store.list<EndpointSlice>('EndpointSlice'))
    if (
      slice.metadata.namespace === svc.metadata.namespace &&
      slice.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name
    )
      out.push(slice)
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
}

/**
 * formatEndpointSlices: the ready endpoints (ready unset counts as ready) of the port with this
 * name as `ip:port`, three at most then ` + N more...`; only addresses for slices without ports.
 */
export function formatEndpointSlices(slices: readonly EndpointSlice[], portName: string): string {
  if (slices.length === 0) return '<none>'
  const list: string[] = []
  const max = 3
  let more = false
  let count = 0
  const visit = (address: string, ready: boolean | undefined) => {
    if (list.length === max) more = true
    if (ready === false) return
    if (!more) list.push(address)
    count++
  }
  for (const slice of slices) {
    if (slice.ports.length === 0) {
      for (const ep of slice.endpoints) visit(ep.addresses[0] ?? '', ep.conditions.ready)
      continue
    }
    for (const port of slice.ports) {
      if ((port.name ?? '') !== portName) continue
      for (const ep of slice.endpoints)
        visit(`${ep.addresses[0] ?? ''}:${port.port ?? 0}`, ep.conditions.ready)
    }
  }
  const text = list.join(',')
  return more ? `${text} + ${count - max} more...` : text
}

/** describeService. */
export function describeService(ctx: CommandContext, svc: Service): string {
  const spec = svc.spec
  const w = new PrefixWriter()
  w.write(0, `Name:\t${svc.metadata.name}\n`)
  w.write(0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`)
  printLabelsMultiline(w, 'Labels', svc.metadata.labels)
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations)
  w.write(0, `Selector:\t${labelsToString(spec.selector)}\n`)
  w.write(0, `Type:\t${spec.type}\n`)
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`)
  w.write(0, `IP Families:\t${(spec.ipFamilies ?? []).join(',') || '<none>'}\n`)
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`)
  w.write(0, `IPs:\t${(spec.clusterIPs ?? []).join(',') || '<none>'}\n`)
  if ((spec.externalIPs ?? []).length > 0)
    w.write(0, `External IPs:\t${(spec.externalIPs ?? []).join(',')}\n`)
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`)
  const ingress = svc.status.loadBalancer.ingress ?? []
  if (ingress.length > 0)
    w.write(
      0,
      `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname || '').join(', ')}\n`,
    )
  const slices = slicesOf(ctx, svc)
  for (const sp of spec.ports) {
    const name = sp.name || '<unset>'
    w.write(0, `Port:\t${name}\t${sp.port}/${sp.protocol}\n`)
    w.write(0, `TargetPort:\t${sp.targetPort}/${sp.protocol}\n`)
    if (sp.appProtocol !== undefined) w.write(0, `AppProtocol:\t${sp.appProtocol}\n`)
    if (sp.nodePort) w.write(0, `NodePort:\t${name}\t${sp.nodePort}/${sp.protocol}\n`)
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`)
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity}\n`)
  if (spec.externalTrafficPolicy)
    w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`)
  if (spec.internalTrafficPolicy)
    w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`)
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`)
  if ((spec.loadBalancerSourceRanges ?? []).length > 0)
    w.write(0, `LoadBalancer Source Ranges:\t${(spec.loadBalancerSourceRanges ?? []).join(',')}\n`)
  describeEvents(w, eventsFor(ctx, svc), ctx.sim.simTimeMs)
  return w.toString()
}

/** describeEndpointSliceV1. */
export function describeEndpointSlice(ctx: CommandContext, slice: EndpointSlice): string {
  const w = new PrefixWriter()
  w.write(0, `Name:\t${slice.metadata.name}\n`)
  w.write(0, `Namespace:\t${slice.metadata.namespace ?? ''}\n`)
  printLabelsMultiline(w, 'Labels', slice.metadata.labels)
  printAnnotationsMultiline(w, 'Annotations', slice.metadata.annotations)
  w.write(0, `AddressType:\t${slice.addressType}\n`)
  if (slice.ports.length === 0) w.write(0, 'Ports: <unset>\n')
  else {
    w.write(0, 'Ports:\n')
    w.write(1, 'Name\tPort\tProtocol\n')
    w.write(1, '----\t----\t--------\n')
    for (const p of slice.ports)
      w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`)
  }
  if (slice.endpoints.length === 0) w.write(0, 'Endpoints: <none>\n')
  else {
    w.write(0, 'Endpoints:\n')
    for (const ep of slice.endpoints) {
      w.write(1, `- Addresses:\t${ep.addresses.join(', ') || '<none>'}\n`)
      w.write(2, 'Conditions:\n')
      w.write(3, `Ready:\t${ep.conditions.ready ?? '<unset>'}\n`)
      w.write(2, `Hostname:\t${ep.hostname ?? '<unset>'}\n`)
      if (ep.targetRef) w.write(2, `TargetRef:\t${ep.targetRef.kind}/${ep.targetRef.name}\n`)
      w.write(2, `NodeName:\t${ep.nodeName ?? '<unset>'}\n`)
      w.write(2, `Zone:\t${ep.zone ?? '<unset>'}\n`)
    }
  }
  describeEvents(w, eventsFor(ctx, slice), ctx.sim.simTimeMs)
  return w.toString()
}
