/**
 * The simulated API server: create, update, status update, delete and pod binding with defaulting,
 * validation, generateName, uids, resourceVersions, generations and graceful pod deletion, in front
 * of the ObjectStore. Every write a controller or a user makes goes through here.
 */
import type { Deployment, ReplicaSet } from '../model/apps'
import type { KubeObject, ObjectMeta } from '../model/meta'
import { objectKey } from '../model/meta'
import type { Pod } from '../model/pod'
import { toTimestamp } from '../model/time'
import { deepClone, deepEqual } from '../kernel/json'
import type { Rng } from '../kernel/Rng'
import { generateName, randomUid } from '../kernel/names'
import { defaultDeployment, defaultPod, defaultReplicaSet } from './defaults'
import type { FieldError } from './errors'
import { ApiError, alreadyExistsError, goMapLiteral, invalidError, notFoundError } from './errors'
import { kindInfo } from './kinds'
import type { ObjectStore } from './ObjectStore'
import { validateDeployment, validateReplicaSet } from './validation/apps'
import { isDNS1123Label, isDNS1123Subdomain } from './validation/names'
import { validateLabels, validateObjectName } from './validation/meta'
import { validatePod } from './validation/pod'

/** An object as a client submits it: metadata without the server-set fields. */
export type ObjectInput = Omit<KubeObject, 'metadata'> & { metadata: Partial<ObjectMeta> }

export interface DeleteOptions {
  /** Overrides the pod's terminationGracePeriodSeconds; 0 deletes at once. */
  gracePeriodSeconds?: number
}

interface KindRules {
  defaults: (o: KubeObject) => KubeObject
  validate: (o: KubeObject) => FieldError[]
  /** Kinds whose spec changes bump metadata.generation. */
  generation: boolean
  /** Kinds with a status subresource: update() keeps the stored status. */
  statusSubresource: boolean
  /** The status a new object starts with (PrepareForCreate); undefined keeps what the client sent. */
  initialStatus?: (o: KubeObject) => unknown
}

const identity = (o: KubeObject) => o

const RULES: Record<string, KindRules> = {
  Namespace: {
    defaults: (o) => ({ ...o, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }),
    validate: (o) => [
      ...validateObjectName(o.metadata, isDNS1123Label),
      ...validateLabels(o.metadata.labels, 'metadata.labels'),
    ],
    generation: false,
    statusSubresource: true,
  },
  Node: {
    // Nodes, unlike most kinds, may be created with their status (the kubelet registers that way).
    defaults: identity,
    validate: (o) => [
      ...validateObjectName(o.metadata, isDNS1123Subdomain),
      ...validateLabels(o.metadata.labels, 'metadata.labels'),
    ],
    generation: false,
    statusSubresource: true,
  },
  Pod: {
    defaults: (o) => defaultPod(o as Pod),
    validate: (o) => validatePod(o as Pod),
    generation: false,
    statusSubresource: true,
    initialStatus: (o) => ({ phase: 'Pending', qosClass: (o as Pod).status.qosClass }),
  },
  ReplicaSet: {
    defaults: (o) => defaultReplicaSet(o as ReplicaSet),
    validate: (o) => validateReplicaSet(o as ReplicaSet),
    generation: true,
    statusSubresource: true,
    initialStatus: () => ({ replicas: 0 }),
  },
  Deployment: {
    defaults: (o) => defaultDeployment(o as Deployment),
    validate: (o) => validateDeployment(o as Deployment),
    generation: true,
    statusSubresource: true,
    initialStatus: () => ({}),
  },
}

/** Fields an update may not change (ValidateDeploymentUpdate / ValidateReplicaSetUpdate / pods). */
function validateImmutable(old: KubeObject, next: KubeObject): FieldError[] {
  const errs: FieldError[] = []
  if (old.kind === 'Deployment' || old.kind === 'ReplicaSet') {
    const a = (old as Deployment).spec.selector
    const b = (next as Deployment).spec.selector
    if (!deepEqual(a, b)) {
      errs.push({
        type: 'Invalid value',
        field: 'spec.selector',
        badValue: {
          goLiteral: `v1.LabelSelector{MatchLabels:${goMapLiteral(b?.matchLabels)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`,
        },
        detail: 'field is immutable',
      })
    }
  }
  if (old.kind === 'Pod') {
    const a = (old as Pod).spec
    const b = (next as Pod).spec
    const mutable = (s: Pod['spec']) => ({
      ...s,
      containers: s.containers.map((c) => ({ ...c, image: '' })),
      activeDeadlineSeconds: undefined,
      tolerations: undefined,
    })
    if (!deepEqual(mutable(a), mutable(b))) {
      errs.push({
        type: 'Forbidden',
        field: 'spec',
        detail:
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      })
    }
  }
  return errs
}

/** The front door of the object store. */
export class ApiServer {
  constructor(
    readonly store: ObjectStore,
    private readonly now: () => number,
    private readonly rng: Rng,
  ) {}

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

  /** Creates an object: defaulting, name generation, validation, then storage. */
  create<T extends KubeObject>(input: ObjectInput): T {
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
   * resourceVersion is a conflict; an update that changes nothing writes nothing.
   */
  update<T extends KubeObject>(next: T): T {
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
    const errs = [...rules.validate(candidate), ...validateImmutable(old, candidate)]
    if (errs.length > 0) throw invalidError(next.kind, next.metadata.name, errs)
    if (deepEqual(candidate, old)) return old as T
    if (rules.generation && !deepEqual(candidate.spec, old.spec)) {
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
