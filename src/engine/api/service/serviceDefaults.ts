/**
 * Service and EndpointSlice defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Service,
 * pkg/apis/discovery/v1/defaults.go SetDefaults_EndpointPort) and the Service strategy's
 * PrepareForCreate (pkg/registry/core/service/strategy.go), which starts the status empty.
 */
import type { EndpointSlice } from '../../model/endpointSlice'
import type { Service, ServicePort } from '../../model/service'
import { externallyAccessible } from '../../model/service'

/** v1.DefaultClientIPServiceAffinitySeconds: three hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800

function defaultPort(p: ServicePort): ServicePort {
  const targetPort = p.targetPort === undefined || p.targetPort === 0 || p.targetPort === ''
  return {
    ...p,
    protocol: p.protocol || 'TCP',
    targetPort: targetPort ? p.port : p.targetPort,
  }
}

/** SetDefaults_Service. */
export function defaultService(svc: Service): Service {
  const input = svc.spec ?? ({} as Partial<Service['spec']>)
  const spec: Service['spec'] = {
    ...input,
    type: input.type || 'ClusterIP',
    sessionAffinity: input.sessionAffinity || 'None',
    ports: (input.ports ?? []).map(defaultPort),
  }
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig
  if (
    spec.sessionAffinity === 'ClientIP' &&
    spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined
  )
    spec.sessionAffinityConfig = {
      clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS },
    }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy)
    spec.externalTrafficPolicy = 'Cluster'
  if (
    spec.internalTrafficPolicy === undefined &&
    ['ClusterIP', 'NodePort', 'LoadBalancer'].includes(spec.type)
  )
    spec.internalTrafficPolicy = 'Cluster'
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
    spec.allocateLoadBalancerNodePorts = true
  return { ...svc, spec }
}

/** PrepareForCreate: `service.Status = api.ServiceStatus{}`. */
export function initialServiceStatus(): Service['status'] {
  return { loadBalancer: {} }
}

/** SetDefaults_EndpointPort: name "" and protocol TCP when unset. */
export function defaultEndpointSlice(slice: EndpointSlice): EndpointSlice {
  return {
    ...slice,
    endpoints: slice.endpoints ?? [],
    ports: (slice.ports ?? []).map((p) => ({
      ...p,
      name: p.name ?? '',
      protocol: p.protocol ?? 'TCP',
    })),
  }
}
