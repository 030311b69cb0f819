/** A Service's endpoints as its EndpointSlices list them, merged and de-duplicated by address. */
import type { KubeObject } from '../../engine'
import type { EndpointSlice } from '../../engine/model/endpointSlice'
import { SERVICE_NAME_LABEL } from '../../engine/model/endpointSlice'

export interface ShownEndpoint {
  ip: string
  node?: string
  /** namespace/name of the pod, when the endpoint is one. */
  pod?: string
  ready: boolean
  serving: boolean
  terminating: boolean
}

/** Each slice's endpoints as shown, by slice object: a patch replaces only the slices that changed. */
const perSlice = new WeakMap<KubeObject, ShownEndpoint[]>()

function sliceEndpoints(slice: KubeObject): ShownEndpoint[] {
  let shown = perSlice.get(slice)
  if (shown) return shown
  shown = []
  for (const ep of (slice as EndpointSlice).endpoints ?? []) {
    const ip = ep.addresses[0]
    if (!ip) continue
    shown.push({
      ip,
      ...(ep.nodeName ? { node: ep.nodeName } : {}),
      ...(ep.targetRef ? { pod: `${ep.targetRef.namespace}/${ep.targetRef.name}` } : {}),
      ready: ep.conditions.ready !== false,
      serving: ep.conditions.serving !== false,
      terminating: ep.conditions.terminating === true,
    })
  }
  perSlice.set(slice, shown)
  return shown
}

/**
 * The last answer per Service with the slice objects it came from: while a Service's slices stay
 * the same objects, its endpoints (thousands, asked for by every card and line at every patch)
 * are not merged again; when one changes, only that slice is read again.
 */
const lastAnswer = new Map<string, { slices: KubeObject[]; endpoints: ShownEndpoint[] }>()

export function endpointsOf(
  objects: ReadonlyMap<string, KubeObject>,
  sliceKeys: readonly string[],
  serviceKey: string,
): ShownEndpoint[] {
  const [, namespace = '', name = ''] = serviceKey.split('/')
  const slices: KubeObject[] = []
  for (const key of sliceKeys) {
    const o = objects.get(key)
    if (!o || o.metadata.namespace !== namespace) continue
    if (o.metadata.labels?.[SERVICE_NAME_LABEL] !== name) continue
    slices.push(o)
  }
  const last = lastAnswer.get(serviceKey)
  if (last && last.slices.length === slices.length && last.slices.every((o, i) => o === slices[i]))
    return last.endpoints
  const seen = new Set<string>()
  const endpoints: ShownEndpoint[] = []
  for (const slice of slices)
    for (const ep of sliceEndpoints(slice)) {
      if (seen.has(ep.ip)) continue
      seen.add(ep.ip)
      endpoints.push(ep)
    }
  lastAnswer.set(serviceKey, { slices, endpoints })
  return endpoints
}
