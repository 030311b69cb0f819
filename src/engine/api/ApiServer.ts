/**
 * The simulated API server: create, update, status update, delete and pod binding with defaulting,
 * validation, generateName, uids, resourceVersions, generations and graceful pod deletion, in front
 * of the ObjectStore. Every write a controller or a user makes goes through here.
 */
import type { KubeObject, ObjectMeta } from '../model/meta'
import { objectKey } from '../model/meta'
import type { Pod } from '../model/pod'
import { toTimestamp } from '../model/time'
import { deepClone, deepEqual } from '../kernel/json'
import type { Rng } from '../kernel/Rng'
import { generateName, randomUid } from '../kernel/names'
import { ApiError, alreadyExistsError, invalidError, notFoundError } from './errors'
import { RULES, validateImmutable } from './kindRules'
import { kindInfo } from './kinds'
import type { ObjectStore } from './ObjectStore'
import { ServiceAllocations } from './service/allocators'
import { validateObjectName } from './validation/meta'

/** An object as a client submits it: metadata without the server-set fields. */
export type ObjectInput = Omit<KubeObject, 'metadata'> & { metadata: Partial<ObjectMeta> }

export interface DeleteOptions {
  /** Overrides the pod's terminationGracePeriodSeconds; 0 deletes at once. */
  gracePeriodSeconds?: number
}

/** The front door of the object store. */
export class ApiServer {
  /** The ClusterIPs and NodePorts the stored Services hold. */
  readonly serviceAllocations: ServiceAllocations

  constructor(
    readonly store: ObjectStore,
    private readonly now: () => number,
    private readonly rng: Rng,
  ) {
    this.serviceAllocations = new ServiceAllocations(store, rng)
  }

  get<T extends KubeObject>(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): T | undefined {
    return this.store.get<T>(
      objectKey(kind, kindInfo(kind)?.namespaced ? (namespace ?? 'default') : undefined, name),
    )
  }

  /** Gets an object or throws the API server's NotFound error. */
  mustGet<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T {
    const obj = this.get<T>(kind, namespace, name)
    if (!obj) throw notFoundError(kind, name)
    return obj
  }

  /**
   * Creates an object: defaulting, name generation, allocation, validation, then storage. A
   * refused request leaves everything as it was, the random generator included.
   */
  create<T extends KubeObject>(input: ObjectInput): T {
    const rngState = this.rng.state()
    try {
      return this.createObject<T>(input)
    } catch (e) {
      this.rng.restore(rngState)
      throw e
    }
  }

  private createObject<T extends KubeObject>(input: ObjectInput): T {
    const info = kindInfo(input.kind)
    const rules = RULES[input.kind]
    if (!info || !rules || info.kind === 'Event') {
      throw new ApiError(
        'BadRequest',
        `no matches for kind "${input.kind}" in version "${input.apiVersion}"`,
      )
    }
    const raw = deepClone(input)
    const meta: Partial<ObjectMeta> = { ...raw.metadata }
    if (info.namespaced) {
      meta.namespace = meta.namespace || 'default'
      if (!this.store.get(objectKey('Namespace', undefined, meta.namespace)))
        throw notFoundError('Namespace', meta.namespace)
    } else {
      delete meta.namespace
    }
    if (!meta.name && meta.generateName) {
      const nameErrs = validateObjectName({ generateName: meta.generateName }, () => [])
      if (nameErrs.length === 0)
        meta.name = this.freeName(info.kind, meta.namespace, meta.generateName)
    }
    let candidate = rules.defaults({
      ...raw,
      apiVersion: info.apiVersion,
      metadata: meta as ObjectMeta,
    })
    if (rules.beginCreate) candidate = rules.beginCreate(candidate, this.serviceAllocations)
    if (rules.initialStatus) candidate = { ...candidate, status: rules.initialStatus(candidate) }
    const errs = rules.validate(candidate)
    if (errs.length > 0) throw invalidError(info.kind, meta.name ?? meta.generateName ?? '', errs)
    const name = meta.name as string
    if (this.store.get(objectKey(info.kind, meta.namespace, name)))
      throw alreadyExistsError(info.kind, name)
    const nowMs = this.now()
    const stored: KubeObject = {
      ...candidate,
      metadata: {
        ...candidate.metadata,
        name,
        uid: randomUid(this.rng),
        resourceVersion: this.store.nextResourceVersion(),
        creationTimestamp: toTimestamp(nowMs),
        ...(rules.generation ? { generation: 1 } : {}),
      },
    }
    delete stored.metadata.deletionTimestamp
    delete stored.metadata.deletionGracePeriodSeconds
    this.store.put(stored)
    return stored as T
  }

  /**
   * Replaces an object's metadata and spec (the status subresource is kept). A stale
   * resourceVersion is a conflict; an update that changes nothing writes nothing, and a refused one
   * draws nothing from the random generator (a Service's new nodePort, say).
   */
  update<T extends KubeObject>(next: T): T {
    const rngState = this.rng.state()
    try {
      return this.updateObject(next)
    } catch (e) {
      this.rng.restore(rngState)
      throw e
    }
  }

  private updateObject<T extends KubeObject>(next: T): T {
    const key = objectKey(next.kind, next.metadata.namespace, next.metadata.name)
    const old = this.store.get(key)
    if (!old) throw notFoundError(next.kind, next.metadata.name)
    const rules = RULES[next.kind]
    if (!rules)
      throw new ApiError(
        'BadRequest',
        `no matches for kind "${next.kind}" in version "${next.apiVersion}"`,
      )
    let candidate = rules.defaults(deepClone(next))
    if (rules.statusSubresource) candidate = { ...candidate, status: old.status }
    candidate = {
      ...candidate,
      metadata: {
        ...candidate.metadata,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        resourceVersion: old.metadata.resourceVersion,
        ...(old.metadata.deletionTimestamp
          ? { deletionTimestamp: old.metadata.deletionTimestamp }
          : {}),
        ...(old.metadata.deletionGracePeriodSeconds !== undefined
          ? { deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds }
          : {}),
        ...(old.metadata.generation !== undefined ? { generation: old.metadata.generation } : {}),
      },
    }
    if (rules.beginUpdate) candidate = rules.beginUpdate(candidate, old, this.serviceAllocations)
    const errs = [...rules.validate(candidate, old), ...validateImmutable(old, candidate)]
    if (errs.length > 0) throw invalidError(next.kind, next.metadata.name, errs)
    if (deepEqual(candidate, old)) return old as T
    const changed = rules.generationOf ?? ((o: KubeObject) => o.spec)
    if (rules.generation && !deepEqual(changed(candidate), changed(old))) {
      candidate.metadata.generation = (old.metadata.generation ?? 0) + 1
    }
    candidate.metadata.resourceVersion = this.store.nextResourceVersion()
    this.store.put(candidate)
    return candidate as T
  }

  /**
   * Writes the status of an object (the /status subresource); an unchanged status writes nothing.
   * For Deployments the annotations go through too: deploymentStatusStrategy.PrepareForUpdate only
   * resets spec and labels, which is how the controller sets the revision annotation.
   */
  updateStatus<T extends KubeObject>(next: T): T {
    const key = objectKey(next.kind, next.metadata.namespace, next.metadata.name)
    const old = this.store.get(key)
    if (!old) throw notFoundError(next.kind, next.metadata.name)
    const annotations =
      old.kind === 'Deployment' ? next.metadata.annotations : old.metadata.annotations
    if (deepEqual(old.status, next.status) && deepEqual(old.metadata.annotations, annotations))
      return old as T
    // Controllers build a fresh status each time and never mutate stored objects: no copy needed.
    const stored = {
      ...old,
      status: next.status,
      metadata: {
        ...old.metadata,
        ...(annotations ? { annotations } : {}),
        resourceVersion: this.store.nextResourceVersion(),
      },
    }
    this.store.put(stored)
    return stored as T
  }

  /** Binds a pod to a node (the pods/binding subresource): sets nodeName and PodScheduled=True. */
  bindPod(pod: Pod, nodeName: string): Pod {
    const current = this.mustGet<Pod>('Pod', pod.metadata.namespace, pod.metadata.name)
    if (current.spec.nodeName) {
      throw new ApiError(
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${pod.metadata.name}": pod ${pod.metadata.name} is already assigned to node "${current.spec.nodeName}"`,
      )
    }
    const conditions = (current.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled')
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: toTimestamp(this.now()),
    })
    const bound: Pod = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: this.store.nextResourceVersion() },
      spec: { ...current.spec, nodeName },
      status: { ...current.status, conditions },
    }
    this.store.put(bound)
    return bound
  }

  /**
   * Deletes an object. Pods bound to a node and not yet finished are deleted gracefully: they get a
   * deletionTimestamp and stay until their kubelet confirms (or gracePeriodSeconds 0 forces it).
   */
  delete(
    kind: string,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): KubeObject {
    const obj = this.mustGet(kind, namespace, name)
    const key = objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name)
    if (obj.kind === 'Pod') {
      const pod = obj as Pod
      const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed'
      let grace = options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30
      // CheckGracefulDelete (pkg/registry/core/pod/strategy.go): unscheduled or finished pods go at once.
      if (!pod.spec.nodeName || terminal) grace = 0
      if (grace > 0) {
        if (
          pod.metadata.deletionTimestamp &&
          (pod.metadata.deletionGracePeriodSeconds ?? 0) <= grace
        )
          return pod
        const marked: Pod = {
          ...pod,
          metadata: {
            ...pod.metadata,
            resourceVersion: this.store.nextResourceVersion(),
            deletionTimestamp: toTimestamp(this.now() + grace * 1000),
            deletionGracePeriodSeconds: grace,
          },
        }
        this.store.put(marked)
        return marked
      }
    }
    this.store.remove(key)
    return obj
  }

  /** A name from generateName that is not taken yet (the API server retries on collision). */
  private freeName(kind: string, namespace: string | undefined, base: string): string {
    for (;;) {
      const name = generateName(base, this.rng)
      if (!this.store.get(objectKey(kind, namespace, name))) return name
    }
  }
}
