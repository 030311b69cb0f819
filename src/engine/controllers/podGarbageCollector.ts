/**
 * The pod garbage collector's orphan handling (pkg/controller/podgc/gc_controller.go gcOrphaned):
 * pods bound to a node that no longer exists are marked Failed with a DisruptionTarget condition
 * and force-deleted, once the node has been missing for quarantineTime. A ReplicaSet then replaces
 * them on the nodes that are left. The other passes of podgc (terminated-pod threshold,
 * out-of-service nodes, unscheduled terminating pods) are not simulated.
 */
import type { Node } from '../model/node'
import type { Pod } from '../model/pod'
import { toTimestamp } from '../model/time'
import type { Controller, SimContext } from '../runtime/types'

export const POD_GARBAGE_COLLECTOR = 'podgc'

/** How often upstream's gc loop runs (gcCheckPeriod). */
export const GC_CHECK_PERIOD_MS = 20_000
/** How long a missing node is quarantined before its pods go (quarantineTime). */
export const QUARANTINE_TIME_MS = 40_000

/**
 * Upstream lists every pod each gcCheckPeriod and quarantines the missing nodes it finds; we are
 * told of them by watch events instead, and wait for the same moment: the next pass (passes run at
 * multiples of gcCheckPeriod since the controller manager started at sim time 0) plus quarantineTime.
 */
function orphanDelayMs(nowMs: number): number {
  const nextPassMs = (Math.floor(nowMs / GC_CHECK_PERIOD_MS) + 1) * GC_CHECK_PERIOD_MS
  return nextPassMs - nowMs + QUARANTINE_TIME_MS
}

function nodeExists(ctx: SimContext, name: string): boolean {
  return ctx.store.get<Node>(`Node/${name}`) !== undefined
}

/** markFailedAndDeletePodWithCondition: phase Failed with the condition, then delete at once. */
function markFailedAndDelete(ctx: SimContext, pod: Pod): void {
  if (pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed') {
    const condition = {
      type: 'DisruptionTarget',
      status: 'True' as const,
      lastProbeTime: null,
      lastTransitionTime: toTimestamp(ctx.nowMs()),
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
    }
    const conditions = (pod.status.conditions ?? []).filter((c) => c.type !== condition.type)
    ctx.api.updateStatus<Pod>({
      ...pod,
      status: { ...pod.status, phase: 'Failed', conditions: [...conditions, condition] },
    })
  }
  ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 })
}

export function createPodGarbageCollector(): Controller {
  return {
    name: POD_GARBAGE_COLLECTOR,
    onWatch(ctx, event) {
      if (event.object.kind === 'Node') {
        if (event.type === 'DELETED')
          ctx.enqueue(POD_GARBAGE_COLLECTOR, event.object.metadata.name, orphanDelayMs(ctx.nowMs()))
        return
      }
      // A pod bound (by its manifest or the scheduler) to a node that is not there is an orphan too.
      if (event.object.kind !== 'Pod' || event.type === 'DELETED') return
      const node = (event.object as Pod).spec.nodeName
      const wasBound = (event.old as Pod | undefined)?.spec.nodeName !== undefined
      if (node && !wasBound && !nodeExists(ctx, node))
        ctx.enqueue(POD_GARBAGE_COLLECTOR, node, orphanDelayMs(ctx.nowMs()))
    },
    run(ctx, task) {
      const node = task.key
      // discoverDeletedNodes: a node that came back in the meantime keeps its pods.
      if (nodeExists(ctx, node)) return
      for (const key of [...ctx.store.podsOn(node)].sort()) {
        const pod = ctx.store.get<Pod>(key)
        if (pod) markFailedAndDelete(ctx, pod)
      }
    },
  }
}
