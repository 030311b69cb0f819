/**
 * What the Service registry does around defaulting and validation
 * (pkg/registry/core/service/storage/storage.go beginCreate / beginUpdate, normalizeClusterIPs,
 * patchAllocatedValues; strategy.go dropTypeDependentFields). Upstream allocates *before* it
 * validates, so an allocation error is reported alone; a refused request is never stored, so
 * nothing it allocated stays held.
 */
import { deepEqual } from '../../kernel/json'
import type { Service } from '../../model/service'
import { externallyAccessible, needsHealthCheck } from '../../model/service'
import { allocateCreate, allocateUpdate } from './alloc'
import type { ServiceAllocations } from './allocators'

const needsClusterIP = (svc: Service) => svc.spec.type !== 'ExternalName'
const needsNodePort = (svc: Service) =>
  svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer'

/** normalizeClusterIPs: keep clusterIP and clusterIPs in step for clients that set only one. */
function normalizeClusterIPs(svc: Service, old: Service | undefined): void {
  const spec = svc.spec
  if (!old) {
    if (spec.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP]
    return
  }
  const sameIPs = deepEqual(old.spec.clusterIPs ?? [], spec.clusterIPs ?? [])
  if (old.spec.clusterIP && !spec.clusterIP && sameIPs) delete spec.clusterIPs
  if (old.spec.clusterIP && spec.clusterIP && old.spec.clusterIP !== spec.clusterIP && sameIPs)
    spec.clusterIPs = [spec.clusterIP, ...(spec.clusterIPs ?? []).slice(1)]
}

/** patchAllocatedValues: an update that leaves allocated values out keeps the old ones. */
function patchAllocatedValues(svc: Service, old: Service): void {
  const spec = svc.spec
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && old.spec.clusterIP) spec.clusterIP = old.spec.clusterIP
    if ((spec.clusterIPs ?? []).length === 0 && (old.spec.clusterIPs ?? []).length > 0)
      spec.clusterIPs = old.spec.clusterIPs
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const inNew = new Set(spec.ports.map((p) => p.nodePort).filter(Boolean))
    const used = new Set(old.spec.ports.map((p) => p.nodePort).filter((n) => n && inNew.has(n)))
    const byName = new Map(old.spec.ports.map((p) => [p.name ?? '', p.nodePort]))
    for (const p of spec.ports) {
      const oldValue = byName.get(p.name ?? '')
      if (!p.nodePort && oldValue && !used.has(oldValue)) p.nodePort = oldValue
    }
  }
  if (needsHealthCheck(old.spec) && needsHealthCheck(spec) && !spec.healthCheckNodePort)
    spec.healthCheckNodePort = old.spec.healthCheckNodePort
}

/** dropTypeDependentFields: fields the new type has no use for go, unless the user changed them. */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = svc.spec
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (old.spec.clusterIP === spec.clusterIP && deepEqual(old.spec.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP
      delete spec.clusterIPs
    }
    if (deepEqual(old.spec.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies
    if (old.spec.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy
  }
  const nodePorts = (s: Service) => s.spec.ports.map((p) => p.nodePort ?? 0)
  if (needsNodePort(old) && !needsNodePort(svc) && deepEqual(nodePorts(old), nodePorts(svc)))
    spec.ports = spec.ports.map(({ nodePort: _dropped, ...p }) => p)
  if (
    needsHealthCheck(old.spec) &&
    !needsHealthCheck(spec) &&
    old.spec.healthCheckNodePort === spec.healthCheckNodePort
  )
    delete spec.healthCheckNodePort
  if (
    spec.type !== 'LoadBalancer' &&
    old.spec.allocateLoadBalancerNodePorts === spec.allocateLoadBalancerNodePorts
  )
    delete spec.allocateLoadBalancerNodePorts
  if (!externallyAccessible(spec) && old.spec.externalTrafficPolicy === spec.externalTrafficPolicy)
    delete spec.externalTrafficPolicy
  if (spec.type !== 'LoadBalancer') svc.status = { loadBalancer: {} }
}

/** beginCreate: normalize the ClusterIP fields, then allocate. Returns the Service to validate. */
export function beginCreate(input: Service, alloc: ServiceAllocations): Service {
  const svc: Service = {
    ...input,
    spec: { ...input.spec, ports: input.spec.ports.map((p) => ({ ...p })) },
  }
  normalizeClusterIPs(svc, undefined)
  allocateCreate(svc, alloc)
  return svc
}

/** beginUpdate plus PrepareForUpdate: patch, allocate, drop what the new type does not use. */
export function beginUpdate(input: Service, old: Service, alloc: ServiceAllocations): Service {
  const svc: Service = {
    ...input,
    spec: { ...input.spec, ports: input.spec.ports.map((p) => ({ ...p })) },
  }
  normalizeClusterIPs(svc, old)
  patchAllocatedValues(svc, old)
  allocateUpdate(svc, old, alloc)
  dropTypeDependentFields(svc, old)
  return svc
}
