/** core/v1 Service, with the fields kube-proxy, CoreDNS and kubectl read (k8s.io/api/core/v1). */
import type { KubeObject, ObjectMeta } from './meta'

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'
export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP'
export type TrafficPolicy = 'Cluster' | 'Local'

export interface ServicePort {
  /** Required when a Service has more than one port; becomes part of the kube-proxy hash. */
  name?: string
  protocol: ServiceProtocol
  port: number
  /** A number, or the name of a container port; defaults to `port`. */
  targetPort: number | string
  nodePort?: number
  appProtocol?: string
}

export interface ServiceSpec {
  type: ServiceType
  selector?: Record<string, string>
  ports: ServicePort[]
  /** 'None' for a headless Service; absent for ExternalName. */
  clusterIP?: string
  clusterIPs?: string[]
  ipFamilies?: ('IPv4' | 'IPv6')[]
  ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack'
  externalName?: string
  externalIPs?: string[]
  sessionAffinity: 'None' | 'ClientIP'
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } }
  /** Only for NodePort and LoadBalancer. */
  externalTrafficPolicy?: TrafficPolicy
  internalTrafficPolicy?: TrafficPolicy
  healthCheckNodePort?: number
  publishNotReadyAddresses?: boolean
  allocateLoadBalancerNodePorts?: boolean
  loadBalancerSourceRanges?: string[]
}

export interface ServiceStatus {
  loadBalancer: { ingress?: { ip?: string; hostname?: string }[] }
}

export interface Service extends KubeObject {
  apiVersion: 'v1'
  kind: 'Service'
  metadata: ObjectMeta
  spec: ServiceSpec
  status: ServiceStatus
}

export function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIP === 'None'
}

/**
 * kube-proxy's ServicePortName.String() (pkg/proxy/types.go): `namespace/name`, plus `:port` when
 * the port is named. The hash input of the KUBE-SVC/SEP chain names.
 */
export function servicePortName(svc: Service, port: ServicePort): string {
  const base = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`
  return port.name ? `${base}:${port.name}` : base
}

/** service.ExternallyAccessible (pkg/api/service/util.go): NodePort, LoadBalancer, or ClusterIP with externalIPs. */
export function externallyAccessible(spec: Pick<ServiceSpec, 'type' | 'externalIPs'>): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0)
  )
}

/** service.NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort. */
export function needsHealthCheck(
  spec: Pick<ServiceSpec, 'type' | 'externalTrafficPolicy'>,
): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
}
