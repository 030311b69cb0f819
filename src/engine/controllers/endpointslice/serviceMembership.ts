/**
 * Which pods each Service selects and which Services select each pod, kept up to date from watch
 * events (upstream lists the namespace's Services on every pod event, GetPodServiceMemberships;
 * this index answers a pod's status change without looking at any Service). Also the managed
 * EndpointSlices of each Service. Rebuilt from the store after a restore.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { EndpointSlice } from '../../model/endpointSlice'
import {
  ENDPOINTSLICE_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
} from '../../model/endpointSlice'
import { keyOf, objectKey } from '../../model/meta'
import type { Pod } from '../../model/pod'
import type { Service } from '../../model/service'

const EMPTY: ReadonlySet<string> = new Set()

/** The selector the controller acts on: none for ExternalName or a nil/empty selector. */
export function activeSelector(svc: Service): Record<string, string> | undefined {
  const selector = svc.spec.selector
  if (svc.spec.type === 'ExternalName' || !selector || Object.keys(selector).length === 0)
    return undefined
  return selector
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined) {
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false
  return true
}

function add(index: Map<string, Set<string>>, bucket: string, key: string): void {
  let set = index.get(bucket)
  if (!set) index.set(bucket, (set = new Set()))
  set.add(key)
}

function remove(index: Map<string, Set<string>>, bucket: string, key: string): void {
  const set = index.get(bucket)
  if (!set) return
  set.delete(key)
  if (set.size === 0) index.delete(bucket)
}

/** The service-to-pods, pod-to-services and service-to-slices indexes. */
export class ServiceMembership {
  /** Per namespace, the Services with an active selector and that selector. */
  private readonly selectors = new Map<string, Map<string, Record<string, string>>>()
  private readonly podsOf = new Map<string, Set<string>>()
  private readonly servicesOf = new Map<string, Set<string>>()
  private readonly slicesOf = new Map<string, Set<string>>()

  constructor(private readonly store: ObjectStore) {}

  /** Rebuilds everything from the store. */
  rebuild(): void {
    this.selectors.clear()
    this.podsOf.clear()
    this.servicesOf.clear()
    this.slicesOf.clear()
    for (const svc of this.store.list<Service>('Service')) this.setService(svc)
    for (const slice of this.store.list<EndpointSlice>('EndpointSlice')) this.addSlice(slice)
  }

  /** Pod keys the Service selects. */
  pods(serviceKey: string): ReadonlySet<string> {
    return this.podsOf.get(serviceKey) ?? EMPTY
  }

  /** Service keys selecting the pod. */
  services(podKey: string): ReadonlySet<string> {
    return this.servicesOf.get(podKey) ?? EMPTY
  }

  /** Keys of the slices labelled as managed by the controller for this Service. */
  slices(serviceKey: string): ReadonlySet<string> {
    return this.slicesOf.get(serviceKey) ?? EMPTY
  }

  /** A Service was added or changed: rescan its namespace's pods if its selector changed. */
  setService(svc: Service): void {
    const key = keyOf(svc)
    const ns = svc.metadata.namespace ?? 'default'
    const selector = activeSelector(svc)
    const known = this.selectors.get(ns)?.get(key)
    if (known && selector && JSON.stringify(known) === JSON.stringify(selector)) return
    this.removeService(key, ns)
    if (!selector) return
    let inNs = this.selectors.get(ns)
    if (!inNs) this.selectors.set(ns, (inNs = new Map<string, Record<string, string>>()))
    inNs.set(key, selector)
    for (const pod of this.store.list<Pod>('Pod'))
      if (pod.metadata.namespace === ns && matches(selector, pod.metadata.labels)) {
        add(this.podsOf, key, keyOf(pod))
        add(this.servicesOf, keyOf(pod), key)
      }
  }

  removeService(key: string, ns: string): void {
    this.selectors.get(ns)?.delete(key)
    for (const podKey of this.podsOf.get(key) ?? []) remove(this.servicesOf, podKey, key)
    this.podsOf.delete(key)
  }

  /** A pod was added or its labels changed: which Services select it now. */
  setPod(pod: Pod): void {
    const key = keyOf(pod)
    this.removePod(key)
    for (const [svcKey, selector] of this.selectors.get(pod.metadata.namespace ?? 'default') ?? [])
      if (matches(selector, pod.metadata.labels)) {
        add(this.podsOf, svcKey, key)
        add(this.servicesOf, key, svcKey)
      }
  }

  removePod(key: string): void {
    for (const svcKey of this.servicesOf.get(key) ?? []) remove(this.podsOf, svcKey, key)
    this.servicesOf.delete(key)
  }

  /** Indexes a slice under the Service its labels name, if the controller manages it. */
  addSlice(slice: EndpointSlice): void {
    const owner = managingService(slice)
    if (owner) add(this.slicesOf, owner, keyOf(slice))
  }

  removeSlice(slice: EndpointSlice): void {
    const owner = managingService(slice)
    if (owner) remove(this.slicesOf, owner, keyOf(slice))
  }
}

/** The key of the Service a managed slice belongs to (by its labels, as the controller lists them). */
export function managingService(slice: EndpointSlice): string | undefined {
  const labels = slice.metadata.labels ?? {}
  const name = labels[SERVICE_NAME_LABEL]
  if (!name || labels[MANAGED_BY_LABEL] !== ENDPOINTSLICE_CONTROLLER) return undefined
  return objectKey('Service', slice.metadata.namespace, name)
}
