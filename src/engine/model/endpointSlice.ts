/** discovery.k8s.io/v1 EndpointSlice: the endpoints of a Service, as the EndpointSlice controller writes them. */
import type { KubeObject, ObjectMeta } from './meta'

export interface EndpointConditions {
  /** The pod is Ready and not terminating (unless publishNotReadyAddresses). */
  ready?: boolean
  /** The pod is Ready, terminating or not. */
  serving?: boolean
  terminating?: boolean
}

export interface Endpoint {
  addresses: string[]
  conditions: EndpointConditions
  hostname?: string
  nodeName?: string
  zone?: string
  targetRef?: { kind: 'Pod'; namespace: string; name: string; uid: string }
}

export interface EndpointPort {
  name?: string
  protocol?: 'TCP' | 'UDP' | 'SCTP'
  port?: number
  appProtocol?: string
}

export interface EndpointSlice extends KubeObject {
  apiVersion: 'discovery.k8s.io/v1'
  kind: 'EndpointSlice'
  metadata: ObjectMeta
  addressType: 'IPv4' | 'IPv6' | 'FQDN'
  endpoints: Endpoint[]
  ports: EndpointPort[]
}

/** The label that ties a slice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name'
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by'
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io'
/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100
/** v1.IsHeadlessService: the label the controller puts on the slices of a Service without a ClusterIP. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless'
