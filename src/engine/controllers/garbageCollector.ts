/**
 * The garbage collector (pkg/controller/garbagecollector), background propagation only: when an
 * owner is deleted, the objects it controlled are deleted too (a Deployment's ReplicaSets, then
 * their pods). Only controller ownerReferences are followed here.
 */
import type { Controller } from '../runtime/types'

export const GARBAGE_COLLECTOR = 'garbagecollector'

/** How long the collector takes to notice an orphaned dependent, in sim ms. */
const GC_DELAY_MS = 50

export function createGarbageCollector(): Controller {
  return {
    name: GARBAGE_COLLECTOR,
    onWatch(ctx, event) {
      if (event.type !== 'DELETED') return
      if (ctx.store.controlledBy(event.object.metadata.uid).size > 0)
        ctx.enqueue(GARBAGE_COLLECTOR, event.object.metadata.uid, GC_DELAY_MS)
    },
    run(ctx, task) {
      const ownerUid = task.key
      if (ctx.store.getByUid(ownerUid)) return
      const dependents = [...ctx.store.controlledBy(ownerUid)].sort()
      for (const key of dependents) {
        const obj = ctx.store.get(key)
        if (obj && !obj.metadata.deletionTimestamp)
          ctx.api.delete(obj.kind, obj.metadata.namespace, obj.metadata.name)
      }
    },
  }
}
