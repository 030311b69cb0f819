/**
 * The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go: reconcileByAddressType,
 * reconcileByPortMapping, getSliceToFill, the placeholder slice, finalize), as a pure function from
 * a Service, its pods and its existing slices to the slices to create, update and delete.
 * Upstream pops desired endpoints from a hash set in no particular order; here they are taken in
 * pod-name order so that the simulation stays deterministic.
 */
import { deepEqual } from '../../kernel/json'
import type { Endpoint, EndpointPort, EndpointSlice } from '../../model/endpointSlice'
import type { Pod } from '../../model/pod'
import type { Service } from '../../model/service'
import {
  endpointHash,
  endpointSliceLabels,
  endpointsEqualBeyondHash,
  getEndpointPorts,
  newEndpointSlice,
  ownedBy,
  podToEndpoint,
  portMapKey,
  shouldPodBeInEndpoints,
} from './endpoints'

/** What one reconcile writes. */
export interface SliceChanges {
  create: EndpointSlice[]
  update: EndpointSlice[]
  delete: EndpointSlice[]
}

/** The desired endpoints of one port mapping, in the order they are handed out. */
interface Desired {
  ports: EndpointPort[]
  endpoints: Map<string, Endpoint>
}

const byFullest = (a: EndpointSlice, b: EndpointSlice) => b.endpoints.length - a.endpoints.length

/** getSliceToFill: the unchanged slice that would come closest to full with n more endpoints. */
function getSliceToFill(slices: EndpointSlice[], n: number, max: number) {
  let closest: EndpointSlice | undefined
  let closestDiff = max
  for (const slice of slices) {
    const diff = max - (n + slice.endpoints.length)
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff
      closest = slice
      if (diff === 0) break
    }
  }
  return closest
}

/** Moves desired endpoints into a slice until it is full or none are left (desiredSet.PopAny). */
function fill(slice: EndpointSlice, desired: Map<string, Endpoint>, max: number): void {
  for (const [hash, ep] of desired) {
    if (slice.endpoints.length >= max) return
    slice.endpoints = [...slice.endpoints, ep]
    desired.delete(hash)
  }
}

/** reconcileByPortMapping: keep, update and drop endpoints in place; put the rest where they fit. */
function reconcileByPortMapping(
  svc: Service,
  existing: EndpointSlice[],
  desired: Desired,
  max: number,
): SliceChanges {
  const set = desired.endpoints
  const labels = endpointSliceLabels(svc)
  const toUpdate: EndpointSlice[] = []
  const toDelete: EndpointSlice[] = []
  const unchanged: EndpointSlice[] = []
  for (const slice of existing) {
    const kept: Endpoint[] = []
    let updated = false
    for (const ep of slice.endpoints) {
      const hash = endpointHash(ep)
      const want = set.get(hash)
      if (!want) continue
      kept.push(want)
      if (!endpointsEqualBeyondHash(want, ep)) updated = true
      set.delete(hash)
    }
    const labelsChanged = !deepEqual(slice.metadata.labels ?? {}, labels)
    if (updated || kept.length !== slice.endpoints.length) {
      if (kept.length === 0) toDelete.push(slice)
      else toUpdate.push({ ...slice, endpoints: kept, metadata: { ...slice.metadata, labels } })
    } else if (labelsChanged) toUpdate.push({ ...slice, metadata: { ...slice.metadata, labels } })
    else unchanged.push(slice)
  }
  if (set.size > 0) for (const slice of [...toUpdate].sort(byFullest)) fill(slice, set, max)
  const toCreate: EndpointSlice[] = []
  while (set.size > 0) {
    const found = set.size < max ? getSliceToFill(unchanged, set.size, max) : undefined
    const slice = found
      ? { ...found, metadata: { ...found.metadata } }
      : newEndpointSlice(svc, desired.ports)
    fill(slice, set, max)
    if (found) {
      unchanged.splice(unchanged.indexOf(found), 1)
      toUpdate.push(slice)
    } else toCreate.push(slice)
  }
  return { create: toCreate, update: toUpdate, delete: toDelete }
}

/** The placeholder slice of a Service with no endpoints, compared as upstream's placeholderSliceCompare. */
function isPlaceholder(slice: EndpointSlice, svc: Service): boolean {
  const placeholder = newEndpointSlice(svc, [])
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    deepEqual(slice.metadata.labels ?? {}, placeholder.metadata.labels) &&
    deepEqual(slice.metadata.ownerReferences, placeholder.metadata.ownerReferences) &&
    slice.addressType === placeholder.addressType &&
    slice.endpoints.length === 0 &&
    slice.ports.length === 0
  )
}

/**
 * finalize: creates paired with deletes become updates of the slices that would have been deleted
 * (same name), so a Service whose pods all changed keeps its slice.
 */
function finalize(svc: Service, changes: SliceChanges): SliceChanges {
  const create = [...changes.create]
  const update = [...changes.update]
  const remaining: EndpointSlice[] = []
  for (const old of changes.delete) {
    const slice = create[create.length - 1]
    if (slice && old.addressType === slice.addressType && ownedBy(old, svc)) {
      create.pop()
      update.push({ ...slice, metadata: { ...slice.metadata, name: old.metadata.name } })
    } else remaining.push(old)
  }
  // A Service being deleted gets no new slices (the garbage collector is removing them).
  return { create: svc.metadata.deletionTimestamp ? [] : create, update, delete: remaining }
}

/**
 * reconcileByAddressType for IPv4, the one address type of this cluster. `pods` are the pods the
 * Service selects, `existing` its managed slices.
 */
export function reconcile(
  svc: Service,
  pods: readonly Pod[],
  existing: readonly EndpointSlice[],
  maxEndpointsPerSlice: number,
): SliceChanges {
  const changes: SliceChanges = { create: [], update: [], delete: [] }
  const existingByPorts = new Map<string, EndpointSlice[]>()
  const ours = existing.filter((s) => s.addressType === 'IPv4' && ownedBy(s, svc))
  changes.delete.push(...existing.filter((s) => !ours.includes(s)))
  for (const slice of ours) {
    const key = portMapKey(slice.ports)
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice])
  }
  const desiredByPorts = new Map<string, Desired>()
  const sorted = [...pods].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
  for (const pod of sorted) {
    if (!shouldPodBeInEndpoints(pod)) continue
    const ports = getEndpointPorts(svc, pod)
    const key = portMapKey(ports)
    let group = desiredByPorts.get(key)
    if (!group) desiredByPorts.set(key, (group = { ports, endpoints: new Map() }))
    const ep = podToEndpoint(pod, svc)
    group.endpoints.set(endpointHash(ep), ep)
  }
  for (const [key, desired] of desiredByPorts) {
    const part = reconcileByPortMapping(
      svc,
      existingByPorts.get(key) ?? [],
      desired,
      maxEndpointsPerSlice,
    )
    changes.create.push(...part.create)
    changes.update.push(...part.update)
    changes.delete.push(...part.delete)
  }
  for (const [key, slices] of existingByPorts)
    if (!desiredByPorts.has(key)) changes.delete.push(...slices)
  // When no slice would be left, a placeholder without endpoints or ports stands in for them.
  if (existing.length === changes.delete.length && changes.create.length === 0) {
    const only = changes.delete[0]
    if (changes.delete.length === 1 && only && isPlaceholder(only, svc)) changes.delete = []
    else changes.create.push(newEndpointSlice(svc, []))
  }
  return finalize(svc, changes)
}
