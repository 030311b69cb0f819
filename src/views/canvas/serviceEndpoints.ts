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

/**
 * The last answer per Service with the slice objects it came from: a patch replaces only the
 * slices that changed, so while a Service's slices stay the same objects its endpoints are not
 * merged again (thousands of them, for every card and line that asks, at every patch).
 */
const lastAnswer = new Map<string, { slices: KubeObject[]; endpoints: ShownEndpoint[] }>()

export function endpointsOf(
  objects: Readonly<Record<string, KubeObject>>,
  sliceKeys: readonly string[],
  serviceKey: string,
): ShownEndpoint[] {
  const [, namespace = '', name = ''] = serviceKey.split('/')
  const slices: KubeObject[] = []
  for (const key of sliceKeys) {
    const o = objects[key]
    if (!o || o.metadata.namespace !== namespace) continue
    if (o.metadata.labels?.[SERVICE_NAME_LABEL] !== name) continue
    slices.push(o)
  }
  const last = lastAnswer.get(serviceKey)
  if (last && last.slices.length === slices.length && last.slices.every((o, i) => o === slices[i]))
    return last.endpoints
  const byIp = new Map<string, ShownEndpoint>()
  for (const o of slices) {
    for (const ep of (o as EndpointSlice).endpoints ?? []) {
      const ip = ep.addresses[0]
      if (!ip || byIp.has(ip)) continue
      byIp.set(ip, {
        ip,
        ...(ep.nodeName ? { node: ep.nodeName } : {}),
        ...(ep.targetRef ? { pod: `${ep.targetRef.namespace}/${ep.targetRef.name}` } : {}),
        ready: ep.conditions.ready !== false,
        serving: ep.conditions.serving !== false,
        terminating: ep.conditions.terminating === true,
      })
    }
  }
  const endpoints = [...byIp.values()]
  lastAnswer.set(serviceKey, { slices, endpoints })
  return endpoints
}
