/**
 * ClusterIP and NodePort allocation for a Service being created or updated
 * (pkg/registry/core/service/storage/alloc.go: allocateCreate, allocateUpdate, initIPFamilyFields,
 * initNodePorts, updateNodePorts, allocHealthCheckNodePort), on a single-stack IPv4 cluster.
 * Functions work on a copy of the Service and throw the API server's error when they refuse it.
 */
import type { FieldError } from '../errors'
import { goStringSlice, internalError, invalidError } from '../errors'
import { validateServiceClusterIPsRelatedFields, isIPv6 } from '../validation/serviceIPs'
import type { Service } from '../../model/service'
import { needsHealthCheck } from '../../model/service'
import type { ServiceAllocations } from './allocators'
import { serviceNodePorts } from './allocators'

const fail = (svc: Service, errs: FieldError[]) => invalidError('Service', svc.metadata.name, errs)

/** initIPFamilyFields: ipFamilyPolicy and ipFamilies from what was asked and what the cluster has. */
function initIPFamilyFields(svc: Service, old: Service | undefined): void {
  const spec = svc.spec
  if (spec.type === 'ExternalName') return
  const selectorless = Object.keys(spec.selector ?? {}).length === 0
  if (spec.ipFamilyPolicy === undefined) {
    if (old?.spec.ipFamilyPolicy) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy
    // Special case upstream keeps: headless and selectorless defaults to dual-stack.
    else if (spec.clusterIP === 'None' && selectorless) spec.ipFamilyPolicy = 'RequireDualStack'
    else spec.ipFamilyPolicy = 'SingleStack'
  }
  const pre = validateServiceClusterIPsRelatedFields(svc)
  if (pre.length > 0) throw fail(svc, pre)
  const errs: FieldError[] = []
  const policy = spec.ipFamilyPolicy
  if (policy === 'SingleStack') {
    if ((spec.clusterIPs ?? []).length === 2)
      errs.push({
        type: 'Invalid value',
        field: 'spec.ipFamilyPolicy',
        badValue: policy,
        detail:
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
      })
    if ((spec.ipFamilies ?? []).length === 2)
      errs.push({
        type: 'Invalid value',
        field: 'spec.ipFamilyPolicy',
        badValue: policy,
        detail:
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
      })
  }
  const families = [...(spec.ipFamilies ?? [])]
  const clusterIPs = spec.clusterIPs ?? []
  for (let i = 0; i < clusterIPs.length && clusterIPs[i] !== 'None'; i++) {
    if (i < families.length) continue
    if (isIPv6(clusterIPs[i] ?? ''))
      errs.push({
        type: 'Invalid value',
        field: `spec.clusterIPs[${i}]`,
        badValue: goStringSlice(clusterIPs),
        detail: 'IPv6 is not configured on this cluster',
      })
    else families.push('IPv4')
  }
  if (errs.length > 0) throw fail(svc, errs)
  if (spec.clusterIP === 'None' && selectorless) {
    if (families.length === 0) families.push('IPv4')
    if (families.length < 2 && policy !== 'SingleStack')
      families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4')
    spec.ipFamilies = families
    return
  }
  if (policy === 'RequireDualStack')
    errs.push({
      type: 'Invalid value',
      field: 'spec.ipFamilyPolicy',
      badValue: policy,
      detail: 'this cluster is not configured for dual-stack services',
    })
  families.forEach((family, i) => {
    if (family !== 'IPv4')
      errs.push({
        type: 'Invalid value',
        field: `spec.ipFamilies[${i}]`,
        badValue: family,
        detail: 'not configured on this cluster',
      })
  })
  if (errs.length > 0) throw fail(svc, errs)
  spec.ipFamilies = families.length > 0 ? families : ['IPv4']
}

/** allocClusterIPs: the requested ClusterIP if it is free, else a random one; none for headless. */
function allocClusterIPs(svc: Service, alloc: ServiceAllocations): void {
  const spec = svc.spec
  if (spec.type === 'ExternalName' || spec.clusterIPs?.[0] === 'None') return
  const requested = spec.clusterIPs?.[0] ?? ''
  if (requested === '') {
    const ip = alloc.nextIP()
    if (ip === undefined) throw internalError('failed to allocate a serviceIP: range is full')
    spec.clusterIPs = [ip]
  } else {
    const err = alloc.checkIP(requested)
    if (err)
      throw fail(svc, [
        {
          type: 'Invalid value',
          field: 'spec.clusterIPs',
          badValue: goStringSlice(spec.clusterIPs),
          detail: `failed to allocate IP ${requested}: ${err}`,
        },
      ])
  }
  spec.clusterIP = spec.clusterIPs?.[0]
}

/** shouldAllocateNodePorts: NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts is false. */
function shouldAllocateNodePorts(svc: Service): boolean {
  return (
    svc.spec.type === 'NodePort' ||
    (svc.spec.type === 'LoadBalancer' && svc.spec.allocateLoadBalancerNodePorts !== false)
  )
}

/** A port's nodePort could not be had: `spec.ports[i].nodePort: Invalid value: N: <err>`. */
function nodePortError(svc: Service, i: number, port: number, err: string) {
  return fail(svc, [
    { type: 'Invalid value', field: `spec.ports[${i}].nodePort`, badValue: port, detail: err },
  ])
}

function nextNodePort(alloc: ServiceAllocations, taken: Set<number>): number {
  const port = alloc.nextNodePort(taken)
  if (port === undefined) throw internalError('failed to allocate a nodePort: range is full')
  taken.add(port)
  return port
}

/**
 * initNodePorts: requested nodePorts are taken if free, the others allocated; ports with the same
 * number (53/UDP and 53/TCP) share one nodePort.
 */
function initNodePorts(svc: Service, alloc: ServiceAllocations, taken: Set<number>): void {
  const byPort = new Map<number, number>()
  const ports = svc.spec.ports
  ports.forEach((sp, i) => {
    if (!sp.nodePort && !shouldAllocateNodePorts(svc)) return
    const allocated = byPort.get(sp.port)
    if (allocated === undefined) {
      // findRequestedNodePort: a value the user gave any port with this number.
      const np = ports.find((p) => p.port === sp.port && p.nodePort)?.nodePort
      if (np) {
        const err = alloc.checkNodePort(np, taken)
        if (err) throw nodePortError(svc, i, np, err)
        taken.add(np)
        sp.nodePort = np
      } else sp.nodePort = nextNodePort(alloc, taken)
      byPort.set(sp.port, sp.nodePort)
    } else if (sp.nodePort !== allocated) {
      if (!sp.nodePort) sp.nodePort = allocated
      else {
        const err = alloc.checkNodePort(sp.nodePort, taken)
        if (err) throw nodePortError(svc, i, sp.nodePort, err)
        taken.add(sp.nodePort)
      }
    }
  })
}

/** updateNodePorts: keep the old values, take newly requested ones, allocate the missing. */
function updateNodePorts(
  svc: Service,
  old: Service,
  alloc: ServiceAllocations,
  taken: Set<number>,
): void {
  const oldPorts = new Set(serviceNodePorts(old))
  svc.spec.ports.forEach((sp, i) => {
    if (!sp.nodePort && !shouldAllocateNodePorts(svc)) return
    if (!sp.nodePort) sp.nodePort = nextNodePort(alloc, taken)
    else if (!oldPorts.has(sp.nodePort) && !taken.has(sp.nodePort)) {
      const err = alloc.checkNodePort(sp.nodePort, taken)
      if (err) throw nodePortError(svc, i, sp.nodePort, err)
      taken.add(sp.nodePort)
    }
  })
}

/** allocHealthCheckNodePort: the requested healthCheckNodePort, or a free one. */
function allocHealthCheckNodePort(svc: Service, alloc: ServiceAllocations, taken: Set<number>) {
  const requested = svc.spec.healthCheckNodePort
  if (!requested) {
    svc.spec.healthCheckNodePort = nextNodePort(alloc, taken)
    return
  }
  const err = alloc.checkNodePort(requested, taken)
  if (err)
    throw internalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${err}`)
  taken.add(requested)
}

const needsNodePorts = (svc: Service) =>
  svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer'

/** allocateCreate. */
export function allocateCreate(svc: Service, alloc: ServiceAllocations): void {
  initIPFamilyFields(svc, undefined)
  allocClusterIPs(svc, alloc)
  const taken = new Set<number>()
  if (needsNodePorts(svc)) initNodePorts(svc, alloc, taken)
  if (needsHealthCheck(svc.spec)) allocHealthCheckNodePort(svc, alloc, taken)
}

/**
 * allocateUpdate: a Service leaving ExternalName gets a ClusterIP; one that becomes NodePort or
 * LoadBalancer gets its nodePorts. What the update gives up is released when it is stored.
 */
export function allocateUpdate(svc: Service, old: Service, alloc: ServiceAllocations): void {
  initIPFamilyFields(svc, old)
  if (old.spec.type === 'ExternalName' && svc.spec.type !== 'ExternalName')
    allocClusterIPs(svc, alloc)
  const taken = new Set<number>()
  if (needsNodePorts(svc)) updateNodePorts(svc, old, alloc, taken)
  if (needsHealthCheck(svc.spec) && !needsHealthCheck(old.spec))
    allocHealthCheckNodePort(svc, alloc, taken)
  else if (!needsHealthCheck(svc.spec) && needsHealthCheck(old.spec))
    delete svc.spec.healthCheckNodePort
}
