/** Shared controller machinery (pkg/controller/controller_utils.go). */
import type { ObjectStore } from '../api/ObjectStore'
import type { KubeObject, OwnerReference } from '../model/meta'
import { controllerRef } from '../model/meta'
import type { Pod, PodTemplateSpec } from '../model/pod'
import { fromTimestamp } from '../model/time'

/** How long after a watch event a controller's worker picks the key up, in sim ms. */
export const RECONCILE_DELAY_MS = 10

/**
 * The Deployment controller looks a little later than the ReplicaSet controller, so that when one
 * of its syncs resizes ReplicaSets, their pods are created or deleted before it looks again (in a
 * real cluster they run concurrently; this fixes one plausible order).
 */
export const DEPLOYMENT_RECONCILE_DELAY_MS = 15

/** SlowStartInitialBatchSize: the first create batch holds one pod. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1

/** The controllerRef a controller puts on what it creates (metav1.NewControllerRef). */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  }
}

/** The object of the given kind that controls `o` (its controller ownerReference), if it exists. */
export function controllerOf<T extends KubeObject>(
  store: ObjectStore,
  o: KubeObject,
  kind: T['kind'],
): T | undefined {
  const ref = controllerRef(o.metadata)
  if (!ref || ref.kind !== kind) return undefined
  const owner = store.getByUid<T>(ref.uid)
  return owner?.kind === kind ? owner : undefined
}

/** GetPodFromTemplate: a pod to create from a workload's template, named `<owner>-<random>`. */
export function podFromTemplate(
  template: PodTemplateSpec,
  owner: KubeObject,
  namespace: string,
): Omit<Pod, 'metadata'> & { metadata: Partial<Pod['metadata']> } {
  // The API server copies what it is given, so the template needs no copy here.
  const t = template
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace,
      ...(t.metadata?.labels ? { labels: t.metadata.labels } : {}),
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
      ownerReferences: [newControllerRef(owner)],
    },
    spec: t.spec,
    status: {},
  }
}

/**
 * slowStartBatch: call fn count times in batches of 1, 2, 4, ... and stop at the first batch with
 * a failure, so a controller that cannot create pods (quota, validation) fails fast instead of
 * sending hundreds of doomed requests. Returns the number of successes and the first error.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => void,
): { successes: number; error?: Error } {
  let remaining = count
  let successes = 0
  for (
    let batchSize = Math.min(remaining, initialBatchSize);
    batchSize > 0;
    batchSize = Math.min(2 * batchSize, remaining)
  ) {
    let error: Error | undefined
    for (let i = 0; i < batchSize; i++) {
      try {
        fn()
        successes++
      } catch (e) {
        error ??= e instanceof Error ? e : new Error(String(e))
      }
    }
    if (error) return { successes, error }
    remaining -= batchSize
  }
  return { successes }
}

/** Creation time in sim ms, for sorting. */
export function createdAtMs(o: KubeObject): number {
  return fromTimestamp(o.metadata.creationTimestamp)
}

/** ReplicaSetsByCreationTimestamp (and the same for any object): older first, then by name. */
export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  const d = createdAtMs(a) - createdAtMs(b)
  if (d !== 0) return d
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0
}
