/**
 * The API server's storage: objects by key with the indexes controllers need (by kind, by uid,
 * by controlling owner, pods by node), a resourceVersion counter, and synchronous watch events.
 * It stores whatever it is given; validation and defaulting live in ApiServer.
 */
import type { KubeObject } from '../model/meta'
import { controllerRef, keyOf } from '../model/meta'
import { deepFreeze } from '../kernel/json'

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

/** What a watch delivers: the change, the object after it and (for MODIFIED/DELETED) before it. */
export interface WatchEvent {
  type: WatchEventType
  key: string
  object: KubeObject
  old?: KubeObject
}

export type Watcher = (event: WatchEvent) => void

/** The store's state for a snapshot: objects in insertion order and the last resourceVersion. */
export interface ObjectStoreSnapshot {
  resourceVersion: number
  objects: KubeObject[]
}

const EMPTY: ReadonlySet<string> = new Set()

/** Objects by key, with indexes and watch. */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>()
  private readonly byKind = new Map<string, Map<string, KubeObject>>()
  private readonly keyByUid = new Map<string, string>()
  private readonly controlled = new Map<string, Set<string>>()
  private readonly podsOnNode = new Map<string, Set<string>>()
  private readonly uncontrolled = new Map<string, Set<string>>()
  private readonly watchers: Watcher[] = []
  private resourceVersion = 0

  /** @param freeze deep-freeze stored objects so that in-place mutation throws (tests). */
  constructor(private readonly freeze = false) {}

  /** A new, strictly increasing resourceVersion. */
  nextResourceVersion(): string {
    return String(++this.resourceVersion)
  }

  get size(): number {
    return this.objects.size
  }

  get<T extends KubeObject = KubeObject>(key: string): T | undefined {
    return this.objects.get(key) as T | undefined
  }

  getByUid<T extends KubeObject = KubeObject>(uid: string): T | undefined {
    const key = this.keyByUid.get(uid)
    return key === undefined ? undefined : (this.objects.get(key) as T | undefined)
  }

  /** All objects of a kind, in creation order. */
  list<T extends KubeObject = KubeObject>(kind: string): Iterable<T> {
    return (this.byKind.get(kind)?.values() ?? []) as Iterable<T>
  }

  /** How many objects of a kind exist. */
  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0
  }

  /** Keys of the objects whose controller ownerReference points at this uid. */
  controlledBy(ownerUid: string): ReadonlySet<string> {
    return this.controlled.get(ownerUid) ?? EMPTY
  }

  /** Keys of the objects of a kind that have no controller (candidates for adoption). */
  uncontrolledOf(kind: string): ReadonlySet<string> {
    return this.uncontrolled.get(kind) ?? EMPTY
  }

  /** Keys of the pods bound to a node. */
  podsOn(nodeName: string): ReadonlySet<string> {
    return this.podsOnNode.get(nodeName) ?? EMPTY
  }

  /** Registers a watch handler for every change; handlers run synchronously, in order. */
  watch(watcher: Watcher): void {
    this.watchers.push(watcher)
  }

  /** Stores an object (new or replacing) and tells the watchers. */
  put(object: KubeObject): void {
    const key = keyOf(object)
    const old = this.objects.get(key)
    if (this.freeze) deepFreeze(object)
    if (old) this.reindex(key, old, object)
    else this.index(key, object)
    this.objects.set(key, object)
    let kindMap = this.byKind.get(object.kind)
    if (!kindMap) this.byKind.set(object.kind, (kindMap = new Map<string, KubeObject>()))
    kindMap.set(key, object)
    this.notify(old ? { type: 'MODIFIED', key, object, old } : { type: 'ADDED', key, object })
  }

  /** Removes an object and tells the watchers. */
  remove(key: string): KubeObject | undefined {
    const old = this.objects.get(key)
    if (!old) return undefined
    this.unindex(key, old)
    this.objects.delete(key)
    this.byKind.get(old.kind)?.delete(key)
    this.notify({ type: 'DELETED', key, object: old, old })
    return old
  }

  snapshot(): ObjectStoreSnapshot {
    return { resourceVersion: this.resourceVersion, objects: [...this.objects.values()] }
  }

  /** Loads a snapshot into an empty store without telling the watchers. */
  load(snapshot: ObjectStoreSnapshot): void {
    for (const object of snapshot.objects) {
      const key = keyOf(object)
      if (this.freeze) deepFreeze(object)
      this.objects.set(key, object)
      let kindMap = this.byKind.get(object.kind)
      if (!kindMap) this.byKind.set(object.kind, (kindMap = new Map<string, KubeObject>()))
      kindMap.set(key, object)
      this.index(key, object)
    }
    this.resourceVersion = snapshot.resourceVersion
  }

  private notify(event: WatchEvent): void {
    for (const watcher of this.watchers) watcher(event)
  }

  // Index sets are unordered as far as callers are concerned: their iteration order after a
  // restore can differ from the original run's, so every consumer that picks among them sorts
  // with a total order first.
  private index(key: string, object: KubeObject): void {
    this.keyByUid.set(object.metadata.uid, key)
    const owner = controllerRef(object.metadata)?.uid
    if (owner) addTo(this.controlled, owner, key)
    else addTo(this.uncontrolled, object.kind, key)
    const node = podNodeName(object)
    if (node) addTo(this.podsOnNode, node, key)
  }

  private unindex(key: string, object: KubeObject): void {
    this.keyByUid.delete(object.metadata.uid)
    const owner = controllerRef(object.metadata)?.uid
    if (owner) removeFrom(this.controlled, owner, key)
    else removeFrom(this.uncontrolled, object.kind, key)
    const node = podNodeName(object)
    if (node) removeFrom(this.podsOnNode, node, key)
  }

  private reindex(key: string, old: KubeObject, object: KubeObject): void {
    if (old.metadata.uid !== object.metadata.uid) {
      this.keyByUid.delete(old.metadata.uid)
      this.keyByUid.set(object.metadata.uid, key)
    }
    const oldOwner = controllerRef(old.metadata)?.uid
    const newOwner = controllerRef(object.metadata)?.uid
    if (oldOwner !== newOwner) {
      if (oldOwner) removeFrom(this.controlled, oldOwner, key)
      else removeFrom(this.uncontrolled, old.kind, key)
      if (newOwner) addTo(this.controlled, newOwner, key)
      else addTo(this.uncontrolled, object.kind, key)
    }
    const oldNode = podNodeName(old)
    const newNode = podNodeName(object)
    if (oldNode !== newNode) {
      if (oldNode) removeFrom(this.podsOnNode, oldNode, key)
      if (newNode) addTo(this.podsOnNode, newNode, key)
    }
  }
}

function podNodeName(object: KubeObject): string | undefined {
  return object.kind === 'Pod'
    ? (object.spec as { nodeName?: string } | undefined)?.nodeName
    : undefined
}

function addTo(index: Map<string, Set<string>>, bucket: string, key: string): void {
  let set = index.get(bucket)
  if (!set) index.set(bucket, (set = new Set()))
  set.add(key)
}

function removeFrom(index: Map<string, Set<string>>, bucket: string, key: string): void {
  const set = index.get(bucket)
  if (!set) return
  set.delete(key)
  if (set.size === 0) index.delete(bucket)
}
