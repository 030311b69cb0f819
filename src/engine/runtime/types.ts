/** What controllers see of the simulation, and the shape of the state they keep in snapshots. */
import type { ApiServer } from '../api/ApiServer'
import type { ObjectStore, WatchEvent } from '../api/ObjectStore'
import type { Rng } from '../kernel/Rng'
import type { Task } from '../kernel/TaskQueue'
import type { EventRecorder } from './EventRecorder'
import type { KubeletState } from '../kubelet/kubeletState'
import type { SchedulerState } from '../scheduler/schedulerState'
import type { PodCidrAllocatorState } from '../network/podCidrAllocator'
import type { RolloutLogState } from '../controllers/deployment/decisions'
import type { NetworkFacts } from '../model/network/facts'
import type { TrafficState } from '../traffic/trafficState'

/** Everything a controller keeps between tasks: plain JSON, saved in every snapshot. */
export interface SimState {
  scheduler: SchedulerState
  kubelet: KubeletState
  nodeIpam: PodCidrAllocatorState
  /** The Deployment controller's decisions, for the rollout stepper. */
  rollouts: RolloutLogState
  /** The flannel backend, the LAN, and each machine's hardware and CNI state. */
  network: NetworkFacts
  /** Traffic mode's flows and their counts. */
  traffic: TrafficState
}

/** The handle a controller gets: API access, time, randomness, events and its task queue. */
export interface SimContext {
  readonly api: ApiServer
  readonly store: ObjectStore
  readonly rng: Rng
  readonly events: EventRecorder
  readonly state: SimState
  nowMs(): number
  /**
   * workqueue.AddAfter: run `handler` for `key` after delayMs, unless a run for the same handler
   * and key is already due by then (so a burst of watch events becomes one reconcile).
   */
  enqueue(handler: string, key: string, delayMs: number): void
  /** A one-off task with data, not deduplicated. */
  schedule(delayMs: number, task: Task): void
}

/** A level-triggered reconciler: watch events enqueue keys, tasks reconcile them. */
export interface Controller {
  /** The task handler name this controller answers to. */
  readonly name: string
  /** Turns a watch event into enqueued work. Must not write to the API. */
  onWatch?(ctx: SimContext, event: WatchEvent): void
  /** Runs one task. */
  run(ctx: SimContext, task: Task): void
  /** Rebuilds caches derived from the store (after creation or a restore). */
  init?(ctx: SimContext): void
}
