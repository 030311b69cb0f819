/**
 * kube-scheduler (pkg/scheduler/schedule_one.go): one pod per scheduling cycle from a priority
 * queue; filter the nodes, score the feasible ones, pick the best (ties at random), bind. Pods that
 * fit nowhere get FailedScheduling and wait until the cluster changes or five minutes pass.
 */
import type { WatchEvent } from '../api/ObjectStore'
import type { Node } from '../model/node'
import type { Pod } from '../model/pod'
import { toTimestamp } from '../model/time'
import type { Controller, SimContext } from '../runtime/types'
import { fitErrorMessage } from './fitError'
import type { FilterResult } from './filters'
import { runFilters } from './filters'
import { podRequests } from './podRequests'
import { SchedulerCache } from './SchedulerCache'
import type { QueuedPod, SchedulerState } from './schedulerState'
import { scoreNodes } from './scores'

export const SCHEDULER = 'scheduler'

/** How long after a pod appears the scheduler picks it up, in sim ms. */
const QUEUE_DELAY_MS = 5
/** One scheduling cycle (filter, score, bind), in sim ms: about 250 pods a second. */
const CYCLE_MS = 4
/** podInitialBackoffDuration and podMaxBackoffDuration. */
const INITIAL_BACKOFF_MS = 1000
const MAX_BACKOFF_MS = 10_000
/** podMaxInUnschedulablePodsDuration: unschedulable pods are retried at least this often. */
const MAX_UNSCHEDULABLE_MS = 5 * 60_000
/** minFeasibleNodesToFind and the adaptive percentage base (schedule_one.go numFeasibleNodesToFind). */
const MIN_FEASIBLE_NODES_TO_FIND = 100

const SOURCE = { component: 'default-scheduler' }

function isPendingForUs(pod: Pod): boolean {
  return (
    !pod.spec.nodeName &&
    !pod.metadata.deletionTimestamp &&
    (pod.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler' &&
    pod.status.phase !== 'Succeeded' &&
    pod.status.phase !== 'Failed'
  )
}

function before(a: QueuedPod, b: QueuedPod): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs
  return a.seq < b.seq
}

/** numFeasibleNodesToFind: all nodes up to 100, then an adaptive percentage (at least 100). */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes
  const percentage = Math.max(5, 50 - Math.trunc(numAllNodes / 125))
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * percentage) / 100))
}

export function createScheduler(): Controller {
  const cache = new SchedulerCache()

  function state(ctx: SimContext): SchedulerState {
    return ctx.state.scheduler
  }

  function ensureCycle(ctx: SimContext, delayMs: number): void {
    const s = state(ctx)
    if (s.cycleScheduled || s.head >= s.activeQ.length) return
    s.cycleScheduled = true
    ctx.schedule(delayMs, { handler: SCHEDULER, key: 'cycle' })
  }

  function addToActiveQ(ctx: SimContext, pod: Pod): void {
    const s = state(ctx)
    const key = `Pod/${pod.metadata.namespace}/${pod.metadata.name}`
    if (s.queued[key]) return
    const entry: QueuedPod = {
      key,
      priority: pod.spec.priority ?? 0,
      timestampMs: ctx.nowMs(),
      seq: s.seq++,
    }
    // Insert in order; new pods almost always go at the end.
    let i = s.activeQ.length
    while (i > s.head && before(entry, s.activeQ[i - 1] as QueuedPod)) i--
    s.activeQ.splice(i, 0, entry)
    s.queued[key] = true
    ensureCycle(ctx, QUEUE_DELAY_MS)
  }

  function backoffMs(attempts: number): number {
    return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** Math.max(0, attempts - 1))
  }

  /** movePodsToActiveOrBackoffQueue: a cluster change may have made room; retry after backoff. */
  function requeueUnschedulable(ctx: SimContext): void {
    const s = state(ctx)
    for (const [key, u] of Object.entries(s.unschedulable)) {
      ctx.enqueue(
        SCHEDULER,
        key,
        Math.max(0, u.lastAttemptMs + backoffMs(u.attempts) - ctx.nowMs()),
      )
    }
  }

  /** Whether a node change could let a waiting pod fit (a crude form of the queueing hints). */
  function nodeChangeMatters(event: WatchEvent): boolean {
    if (event.type === 'ADDED') return true
    if (event.type !== 'MODIFIED' || !event.old) return false
    const a = event.old as Node
    const b = event.object as Node
    return (
      JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
      JSON.stringify(a.status.allocatable) !== JSON.stringify(b.status.allocatable) ||
      JSON.stringify(a.metadata.labels) !== JSON.stringify(b.metadata.labels)
    )
  }

  function onWatch(ctx: SimContext, event: WatchEvent): void {
    const obj = event.object
    if (obj.kind === 'Pod') {
      cache.onPodChange(
        event.type === 'ADDED' ? undefined : event.old,
        event.type === 'DELETED' ? undefined : obj,
      )
      const pod = obj as Pod
      if (event.type !== 'DELETED' && isPendingForUs(pod) && !state(ctx).unschedulable[event.key])
        addToActiveQ(ctx, pod)
      const freedRoom =
        (event.type === 'DELETED' && pod.spec.nodeName) ||
        (event.type === 'MODIFIED' &&
          !(event.old as Pod).metadata.deletionTimestamp &&
          pod.metadata.deletionTimestamp)
      if (event.type === 'DELETED') {
        const s = state(ctx)
        delete s.unschedulable[event.key]
      }
      if (freedRoom) requeueUnschedulable(ctx)
    } else if (obj.kind === 'Node' && nodeChangeMatters(event)) {
      requeueUnschedulable(ctx)
    }
  }

  function scheduleOne(ctx: SimContext): void {
    const s = state(ctx)
    s.cycleScheduled = false
    const entry = s.activeQ[s.head]
    if (!entry) return
    s.head++
    delete s.queued[entry.key]
    if (s.head > 1024 && s.head * 2 > s.activeQ.length) {
      s.activeQ = s.activeQ.slice(s.head)
      s.head = 0
    }
    const pod = ctx.store.get<Pod>(entry.key)
    if (pod && isPendingForUs(pod)) schedulePod(ctx, pod)
    ensureCycle(ctx, CYCLE_MS)
  }

  function schedulePod(ctx: SimContext, pod: Pod): void {
    const s = state(ctx)
    const nodes = [...ctx.store.list<Node>('Node')]
    const requests = podRequests(pod, false)
    const nonZero = podRequests(pod, true)
    const toFind = numFeasibleNodesToFind(nodes.length)
    const feasible: { node: Node; info: ReturnType<SchedulerCache['info']> }[] = []
    const failures = new Map<string, FilterResult>()
    let processed = 0
    for (let i = 0; i < nodes.length && feasible.length < toFind; i++) {
      const node = nodes[(s.nextStartNodeIndex + i) % nodes.length] as Node
      processed++
      const info = cache.info(node.metadata.name)
      const result = runFilters(pod, node, info, requests)
      if (result.reasons.length === 0) feasible.push({ node, info })
      else failures.set(node.metadata.name, result)
    }
    if (nodes.length > 0) s.nextStartNodeIndex = (s.nextStartNodeIndex + processed) % nodes.length
    if (feasible.length === 0) {
      recordUnschedulable(ctx, pod, fitErrorMessage(nodes.length, failures))
      return
    }
    const scores = feasible.length === 1 ? [0] : scoreNodes(pod, feasible, requests, nonZero, nodes)
    // selectHost: the best score wins; ties are broken uniformly at random (reservoir sampling).
    let best = 0
    let ties = 1
    for (let i = 1; i < feasible.length; i++) {
      const score = scores[i] ?? 0
      const bestScore = scores[best] ?? 0
      if (score > bestScore) {
        best = i
        ties = 1
      } else if (score === bestScore) {
        ties++
        if (ctx.rng.int(ties) === 0) best = i
      }
    }
    const target = (feasible[best] as { node: Node }).node.metadata.name
    delete s.unschedulable[`Pod/${pod.metadata.namespace}/${pod.metadata.name}`]
    const bound = ctx.api.bindPod(pod, target)
    ctx.events.record(
      bound,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${target}`,
      SOURCE,
    )
  }

  function recordUnschedulable(ctx: SimContext, pod: Pod, message: string): void {
    const s = state(ctx)
    const key = `Pod/${pod.metadata.namespace}/${pod.metadata.name}`
    const previous = s.unschedulable[key]
    const attempts = (previous?.attempts ?? 0) + 1
    s.unschedulable[key] = { attempts, lastAttemptMs: ctx.nowMs() }
    ctx.events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE)
    const conditions = (pod.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled')
    const existing = pod.status.conditions?.find((c) => c.type === 'PodScheduled')
    conditions.push({
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime:
        existing?.status === 'False' && existing.lastTransitionTime
          ? existing.lastTransitionTime
          : toTimestamp(ctx.nowMs()),
      reason: 'Unschedulable',
      message,
    })
    ctx.api.updateStatus<Pod>({ ...pod, status: { ...pod.status, conditions } })
    ctx.enqueue(SCHEDULER, key, MAX_UNSCHEDULABLE_MS)
  }

  /** A waiting pod's retry: back into the active queue once its backoff has passed. */
  function retry(ctx: SimContext, key: string): void {
    const s = state(ctx)
    const u = s.unschedulable[key]
    if (!u) return
    const pod = ctx.store.get<Pod>(key)
    if (!pod || !isPendingForUs(pod)) {
      delete s.unschedulable[key]
      return
    }
    const due = u.lastAttemptMs + backoffMs(u.attempts)
    if (due > ctx.nowMs()) {
      ctx.enqueue(SCHEDULER, key, due - ctx.nowMs())
      return
    }
    addToActiveQ(ctx, pod)
  }

  return {
    name: SCHEDULER,
    init(ctx) {
      cache.rebuild(ctx.store)
    },
    onWatch,
    run(ctx, task) {
      if (task.key === 'cycle') scheduleOne(ctx)
      else retry(ctx, task.key)
    },
  }
}
