/**
 * The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go): for each
 * Service with a selector it keeps EndpointSlices of the selected pods, reacting to Service, Pod and
 * EndpointSlice watch events (onServiceUpdate, addPod / updatePod / deletePod with
 * podEndpointsChanged, onEndpointSliceUpdate) and reconciling one Service per task (syncService).
 */
import type { WatchEvent } from '../../api/ObjectStore'
import { ApiError } from '../../api/errors'
import type { EndpointSlice } from '../../model/endpointSlice'
import { MAX_ENDPOINTS_PER_SLICE } from '../../model/endpointSlice'
import type { KubeObject } from '../../model/meta'
import type { Node } from '../../model/node'
import type { Pod } from '../../model/pod'
import { isPodReady } from '../../model/podStatus'
import type { Service } from '../../model/service'
import type { Controller, SimContext } from '../../runtime/types'
import { RECONCILE_DELAY_MS } from '../controllerUtils'
import { reconcile } from './reconciler'
import { ServiceMembership, activeSelector, managingService } from './serviceMembership'

/** The task handler name of the EndpointSlice controller. */
export const ENDPOINTSLICE_HANDLER = 'endpointslice'

const SOURCE = { component: 'endpoint-slice-controller' }

const byName = (a: KubeObject, b: KubeObject) => (a.metadata.name < b.metadata.name ? -1 : 1)

/** podEndpointsChanged: what an endpoint shows of a pod changed (not its labels). */
function podEndpointsChanged(old: Pod, pod: Pod): boolean {
  const terminal = (p: Pod) => p.status.phase === 'Succeeded' || p.status.phase === 'Failed'
  return (
    old.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp ||
    isPodReady(old) !== isPodReady(pod) ||
    old.status.podIP !== pod.status.podIP ||
    terminal(old) !== terminal(pod) ||
    old.spec.nodeName !== pod.spec.nodeName
  )
}

const sameMembership = (old: Pod, pod: Pod) =>
  JSON.stringify(old.metadata.labels ?? {}) === JSON.stringify(pod.metadata.labels ?? {}) &&
  old.spec.hostname === pod.spec.hostname &&
  old.spec.subdomain === pod.spec.subdomain

export function createEndpointSliceController(): Controller {
  let index: ServiceMembership | undefined
  /** True while syncService writes, so that its own slice events do not requeue the Service. */
  let writing = false
  const members = (ctx: SimContext) => (index ??= new ServiceMembership(ctx.store))
  const enqueue = (ctx: SimContext, key: string) =>
    ctx.enqueue(ENDPOINTSLICE_HANDLER, key, RECONCILE_DELAY_MS)
  const enqueueAll = (ctx: SimContext, keys: Iterable<string>) => {
    for (const key of [...keys].sort()) enqueue(ctx, key)
  }

  function onPod(ctx: SimContext, event: WatchEvent): void {
    const m = members(ctx)
    const pod = event.object as Pod
    if (event.type === 'DELETED') {
      enqueueAll(ctx, m.services(event.key))
      m.removePod(event.key)
      return
    }
    const old = event.old as Pod | undefined
    if (old && sameMembership(old, pod)) {
      if (podEndpointsChanged(old, pod)) enqueueAll(ctx, m.services(event.key))
      return
    }
    const before = [...m.services(event.key)]
    m.setPod(pod)
    enqueueAll(ctx, new Set([...before, ...m.services(event.key)]))
  }

  function onSlice(ctx: SimContext, event: WatchEvent): void {
    const m = members(ctx)
    if (event.old) m.removeSlice(event.old as EndpointSlice)
    if (event.type !== 'DELETED') m.addSlice(event.object as EndpointSlice)
    // Changes made by someone else (a user deleting or editing a slice) are put right.
    const owner = managingService(event.object as EndpointSlice)
    if (!writing && owner && ctx.store.get(owner)) enqueue(ctx, owner)
  }

  /** syncService. */
  function syncService(ctx: SimContext, key: string): void {
    const svc = ctx.store.get<Service>(key)
    // A deleted Service's slices go with it (the garbage collector follows their ownerReference);
    // ExternalName and selectorless Services get no slices from this controller.
    if (!svc || !activeSelector(svc)) return
    const m = members(ctx)
    const pods: Pod[] = []
    for (const podKey of m.pods(key)) {
      const pod = ctx.store.get<Pod>(podKey)
      // A pod whose Node does not exist is skipped unless publishNotReadyAddresses (reconciler.go).
      const nodeKnown = !pod?.spec.nodeName || ctx.store.get<Node>(`Node/${pod.spec.nodeName}`)
      if (pod && (nodeKnown || svc.spec.publishNotReadyAddresses)) pods.push(pod)
    }
    const existing: EndpointSlice[] = []
    for (const sliceKey of m.slices(key)) {
      const slice = ctx.store.get<EndpointSlice>(sliceKey)
      if (slice) existing.push(slice)
    }
    const changes = reconcile(svc, pods, existing.sort(byName), MAX_ENDPOINTS_PER_SLICE)
    writing = true
    try {
      for (const slice of changes.create) ctx.api.create(slice)
      for (const slice of changes.update) ctx.api.update(slice)
      for (const slice of changes.delete)
        ctx.api.delete('EndpointSlice', slice.metadata.namespace, slice.metadata.name)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      ctx.events.record(
        svc,
        'Warning',
        'FailedToUpdateEndpointSlices',
        `Error updating Endpoint Slices for Service ${svc.metadata.namespace}/${svc.metadata.name}: ${e.message}`,
        SOURCE,
      )
    } finally {
      writing = false
    }
  }

  return {
    name: ENDPOINTSLICE_HANDLER,
    init(ctx) {
      members(ctx).rebuild()
    },
    onWatch(ctx, event) {
      const m = members(ctx)
      switch (event.object.kind) {
        case 'Service':
          if (event.type === 'DELETED')
            m.removeService(event.key, event.object.metadata.namespace ?? 'default')
          else {
            m.setService(event.object as Service)
            enqueue(ctx, event.key)
          }
          return
        case 'Pod':
          return onPod(ctx, event)
        case 'EndpointSlice':
          return onSlice(ctx, event)
      }
    },
    run(ctx, task) {
      syncService(ctx, task.key)
    },
  }
}
