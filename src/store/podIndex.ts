/** Pods grouped by node ('' for not yet scheduled), kept in creation order, updated per patch. */
import type { KubeObject } from '../engine'

/** The bucket a pod belongs to: its node, or '' while it waits for the scheduler. */
export function podBucket(pod: KubeObject): string {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? ''
}

function byCreation(objects: ReadonlyMap<string, KubeObject>) {
  return (a: string, b: string): number => {
    const oa = objects.get(a)
    const ob = objects.get(b)
    const ta = oa?.metadata.creationTimestamp ?? ''
    const tb = ob?.metadata.creationTimestamp ?? ''
    if (ta !== tb) return ta < tb ? -1 : 1
    return a < b ? -1 : a > b ? 1 : 0
  }
}

/** Builds the whole index (after a snapshot). */
export function buildPodIndex(
  objects: ReadonlyMap<string, KubeObject>,
): Record<string, readonly string[]> {
  const index: Record<string, string[]> = {}
  for (const [key, o] of objects) {
    if (o.kind !== 'Pod') continue
    ;(index[podBucket(o)] ??= []).push(key)
  }
  for (const keys of Object.values(index)) keys.sort(byCreation(objects))
  return index
}

/**
 * Updates the index for changed pods, copying only the buckets that changed so that machines
 * whose pods did not change keep the same array (and do not re-render). `before` holds each
 * changed key's object before the patch (undefined when it was added); `after` is every object
 * after it.
 */
export function updatePodIndex(
  index: Record<string, readonly string[]>,
  before: ReadonlyMap<string, KubeObject | undefined>,
  after: ReadonlyMap<string, KubeObject>,
): Record<string, readonly string[]> {
  const touched = new Map<string, Set<string>>()
  const bucket = (name: string) => {
    let set = touched.get(name)
    if (!set) touched.set(name, (set = new Set(index[name] ?? [])))
    return set
  }
  for (const [key, old] of before) {
    if (!key.startsWith('Pod/')) continue
    const now = after.get(key)
    const oldBucket = old ? podBucket(old) : undefined
    const newBucket = now ? podBucket(now) : undefined
    if (oldBucket === newBucket) continue
    if (oldBucket !== undefined) bucket(oldBucket).delete(key)
    if (newBucket !== undefined) bucket(newBucket).add(key)
  }
  if (touched.size === 0) return index
  const next: Record<string, readonly string[]> = { ...index }
  for (const [name, set] of touched) {
    if (set.size === 0) delete next[name]
    else next[name] = [...set].sort(byCreation(after))
  }
  return next
}
