/**
 * What kube-proxy knows of one Service port: its addresses and policies (pkg/proxy/serviceport.go
 * BaseServicePortInfo) and its endpoints merged from the Service's EndpointSlices
 * (pkg/proxy/endpointslicecache.go), sorted by `IP:port`, with the endpoints the "Cluster" policy
 * uses (pkg/proxy/topology.go CategorizeEndpoints). Headless and ExternalName Services have none.
 */
import type { EndpointSlice } from '../../model/endpointSlice'
import { ipToInt, isIPv4 } from '../../model/ipv4'
import type { Service, ServicePort } from '../../model/service'
import { isHeadless, servicePortName } from '../../model/service'
import { portProtoHash, servicePortEndpointChainName } from './chainNames'
import type { L4 } from './rules'

/** The default of sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
export const DEFAULT_AFFINITY_SECONDS = 10800

export interface ProxyEndpoint {
  ip: string
  port: number
  /** `IP:port`, the endpoint's String(): its sort key and part of its chain's hash. */
  str: string
  nodeName?: string
  ready: boolean
  serving: boolean
  terminating: boolean
  /** Its KUBE-SEP chain. */
  sep: string
}

export interface ServicePortInfo {
  /** `namespace/name:port/protocol`: unique among a cluster's service ports. */
  key: string
  /** `namespace/name` of the Service. */
  service: string
  /** ServicePortName.String(): `namespace/name[:port]`. */
  name: string
  protocol: L4
  /** portProtoHash(name, protocol). */
  hash: string
  clusterIP: string
  port: number
  /** 0 when the port has none. */
  nodePort: number
  externalIPs: string[]
  loadBalancerIPs: string[]
  sourceRanges: string[]
  healthCheckNodePort: number
  internalPolicyLocal: boolean
  /** apiservice.ExternalPolicyLocal: externally reachable type with externalTrafficPolicy Local. */
  externalPolicyLocal: boolean
  /** 0 unless sessionAffinity is ClientIP. */
  affinitySeconds: number
  endpoints: ProxyEndpoint[]
  /** CategorizeEndpoints' clusterEndpoints: ready ones, else serving-and-terminating ones. */
  cluster: ProxyEndpoint[]
  /** CategorizeEndpoints' hasAnyEndpoints: some endpoint is usable somewhere. */
  hasEndpoints: boolean
  /** Its place in listings: by ClusterIP, then the port's place in the Service. */
  order: [number, number]
}

/** ExternallyAccessible: a NodePort, an external IP or a load-balancer IP. */
export function externallyAccessible(sp: ServicePortInfo): boolean {
  return sp.nodePort !== 0 || sp.externalIPs.length > 0 || sp.loadBalancerIPs.length > 0
}

/** UsesClusterEndpoints: "Cluster" internally, or reachable from outside (short-circuit rules). */
export function usesClusterEndpoints(sp: ServicePortInfo): boolean {
  return !sp.internalPolicyLocal || externallyAccessible(sp)
}

/** UsesLocalEndpoints: a "Local" policy applies to some of its traffic. */
export function usesLocalEndpoints(sp: ServicePortInfo): boolean {
  return sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp))
}

/** CategorizeEndpoints' localEndpoints on a node: ready local ones, else serving-and-terminating. */
export function localEndpoints(sp: ServicePortInfo, node: string): ProxyEndpoint[] {
  const local = sp.endpoints.filter((ep) => ep.nodeName === node)
  const ready = local.filter((ep) => ep.ready)
  return ready.length > 0 ? ready : local.filter((ep) => ep.serving && ep.terminating)
}

function sliceEndpoints(
  slices: readonly EndpointSlice[],
  port: ServicePort,
  name: string,
  protocol: L4,
  known: ReadonlyMap<string, string>,
): ProxyEndpoint[] {
  const seen = new Map<string, ProxyEndpoint>()
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue
    // A slice port belongs to the service port of the same name and protocol.
    const sp = slice.ports.find(
      (p) => (p.name ?? '') === (port.name ?? '') && (p.protocol ?? 'TCP') === port.protocol,
    )
    if (sp?.port === undefined) continue
    for (const ep of slice.endpoints) {
      const ip = ep.addresses[0]
      if (!ip || !isIPv4(ip)) continue
      const str = `${ip}:${sp.port}`
      // Consumers merge the slices and drop duplicates (endpointslicecache.go).
      if (seen.has(str)) continue
      const c = ep.conditions
      seen.set(str, {
        ip,
        port: sp.port,
        str,
        ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
        ready: c.ready ?? true,
        serving: c.serving ?? true,
        terminating: c.terminating ?? false,
        sep: known.get(str) ?? servicePortEndpointChainName(name, protocol, str),
      })
    }
  }
  // byEndpoint.Less: by the endpoint's string.
  return [...seen.values()].sort((a, b) => (a.str < b.str ? -1 : a.str > b.str ? 1 : 0))
}

/**
 * The ports kube-proxy programs for a Service, given its EndpointSlices. An endpoint's chain name
 * is hashed once, as kube-proxy keeps it in its endpointInfo: `previous` ports lend theirs.
 */
export function servicePortsOf(
  svc: Service,
  slices: readonly EndpointSlice[],
  previous: readonly ServicePortInfo[] = [],
): ServicePortInfo[] {
  const spec = svc.spec
  const clusterIP = spec.clusterIP
  if (spec.type === 'ExternalName' || isHeadless(svc) || !clusterIP || !isIPv4(clusterIP)) return []
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer'
  const lbIPs =
    spec.type === 'LoadBalancer'
      ? (svc.status.loadBalancer.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []))
      : []
  const externalIPs = spec.externalIPs ?? []
  return spec.ports.map((port, i) => {
    const protocol = port.protocol.toLowerCase() as L4
    const name = servicePortName(svc, port)
    const before = previous.find((sp) => sp.name === name && sp.protocol === protocol)
    const known = new Map(before?.endpoints.map((ep) => [ep.str, ep.sep]))
    const endpoints = sliceEndpoints(slices, port, name, protocol, known)
    const ready = endpoints.filter((ep) => ep.ready)
    const info: ServicePortInfo = {
      key: `${name}/${protocol}`,
      service: `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`,
      name,
      protocol,
      hash: portProtoHash(name, protocol),
      clusterIP,
      port: port.port,
      nodePort: external ? (port.nodePort ?? 0) : 0,
      externalIPs,
      loadBalancerIPs: lbIPs,
      sourceRanges: spec.loadBalancerSourceRanges ?? [],
      healthCheckNodePort: spec.healthCheckNodePort ?? 0,
      internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
      externalPolicyLocal:
        (external || externalIPs.length > 0) && spec.externalTrafficPolicy === 'Local',
      affinitySeconds:
        spec.sessionAffinity === 'ClientIP'
          ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS)
          : 0,
      endpoints,
      cluster: [],
      hasEndpoints: false,
      order: [ipToInt(clusterIP), i],
    }
    if (usesClusterEndpoints(info))
      info.cluster =
        ready.length > 0 ? ready : endpoints.filter((ep) => ep.serving && ep.terminating)
    // With a Local policy, any ready or serving-and-terminating endpoint anywhere counts too.
    info.hasEndpoints =
      info.cluster.length > 0 ||
      (usesLocalEndpoints(info) &&
        endpoints.some((ep) => ep.ready || (ep.serving && ep.terminating)))
    return info
  })
}
