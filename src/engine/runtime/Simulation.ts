/**
 * The simulation: one object store behind an API server, the controllers, a task queue in virtual
 * time and one seeded RNG. Everything it holds is plain data, so a snapshot is exact and a restored
 * simulation continues exactly as the original would have.
 */
import { ApiServer } from '../api/ApiServer'
import type { ObjectStoreSnapshot, WatchEvent } from '../api/ObjectStore'
import { ObjectStore } from '../api/ObjectStore'
import type { ClusterEvent } from '../model/event'
import type { KubeObject } from '../model/meta'
import { deepClone } from '../kernel/json'
import type { RngState } from '../kernel/Rng'
import { Rng } from '../kernel/Rng'
import type { Task, TaskQueueSnapshot } from '../kernel/TaskQueue'
import { TaskQueue } from '../kernel/TaskQueue'
import { createDeploymentController } from '../controllers/deployment/deploymentController'
import { createEndpointSliceController } from '../controllers/endpointslice/endpointSliceController'
import { createGarbageCollector } from '../controllers/garbageCollector'
import { createKubernetesServiceController } from '../controllers/kubernetesService'
import { createPodGarbageCollector } from '../controllers/podGarbageCollector'
import { createReplicaSetController } from '../controllers/replicaset/replicaSetController'
import { createKubelet } from '../kubelet/kubelet'
import { emptyKubeletState } from '../kubelet/kubeletState'
import { createScheduler } from '../scheduler/scheduler'
import { emptySchedulerState } from '../scheduler/schedulerState'
import type { RolloutDecision } from '../controllers/deployment/decisions'
import type { EventRecorderSnapshot } from './EventRecorder'
import { EventRecorder } from './EventRecorder'
import type { Controller, SimContext, SimState } from './types'
import { NetworkIndex } from '../network/NetworkIndex'
import { createTrafficController } from '../traffic/trafficController'
import type { TrafficState } from '../traffic/trafficState'
import { emptyTrafficState } from '../traffic/trafficState'
import { ProxyIndex } from '../network/proxy/ProxyIndex'
import type { NetworkFacts } from '../model/network/facts'
import { defaultNetworkFacts } from '../model/network/facts'

/** The version of the snapshot format; bumped whenever its shape changes. */
export const SNAPSHOT_SCHEMA_VERSION = 1

/** A command the user ran, at the sim time they ran it: a session is a seed plus these. */
export interface LoggedCommand {
  atMs: number
  command: string
  stdin?: string
}

/** The whole simulation as JSON-safe data. */
export interface SimulationSnapshot {
  schemaVersion: number
  seed: number
  scenario: string
  simTimeMs: number
  rng: RngState
  queue: TaskQueueSnapshot
  pending: Record<string, number>
  store: ObjectStoreSnapshot
  events: EventRecorderSnapshot
  state: SimState
  commandLog: LoggedCommand[]
}

/** What changed since the last takeDiff: objects added, updated and removed, and new or bumped events. */
export interface SimulationDiff {
  added: KubeObject[]
  updated: KubeObject[]
  removed: string[]
  events: ClusterEvent[]
  /** Deployment controller decisions recorded since the last takeDiff. */
  decisions: RolloutDecision[]
  /** The network facts, when they changed since the last takeDiff. */
  network?: NetworkFacts
  /** Traffic mode's flows, when they changed since the last takeDiff. */
  traffic?: TrafficState
}

/** The most tasks one instant of sim time may run before we call it a livelock. */
const MAX_TASKS_PER_INSTANT = 1_000_000

type Change = 'added' | 'updated' | 'removed'

function emptyState(): SimState {
  return {
    scheduler: emptySchedulerState(),
    kubelet: emptyKubeletState(),
    nodeIpam: { nextCandidate: 0 },
    rollouts: { seq: 0, byDeployment: {} },
    traffic: emptyTrafficState(),
    network: defaultNetworkFacts(),
  }
}

/** The core of a simulation; commands and scenarios are layered on top (see index.ts). */
export class SimulationCore {
  readonly store: ObjectStore
  readonly api: ApiServer
  readonly events: EventRecorder
  readonly controllers: readonly Controller[]
  readonly ctx: SimContext
  commandLog: LoggedCommand[] = []
  private readonly rng: Rng
  private readonly queue: TaskQueue
  private pending = new Map<string, number>()
  private now = 0
  /** How many tasks have run since this core was made (a benchmark's unit of work). */
  tasksRun = 0
  private readonly state: SimState
  private changes = new Map<string, Change>()
  /** Decisions with seq below this were already handed out by takeDiff. */
  private decisionsTaken: number
  private readonly byName: ReadonlyMap<string, Controller>
  /** The cluster network, derived from the store and the network facts. */
  readonly network: NetworkIndex
  private networkRevTaken: number
  private trafficRevTaken: number
  /** kube-proxy's Services and endpoints and their rules, derived from the store. */
  readonly proxy: ProxyIndex

  constructor(
    readonly seed: number,
    readonly scenario: string,
    options: { freezeObjects?: boolean; snapshot?: SimulationSnapshot } = {},
  ) {
    const snap = options.snapshot
    this.rng = snap ? new Rng(snap.rng) : Rng.fromSeed(seed)
    this.queue = snap ? TaskQueue.restore(snap.queue) : new TaskQueue()
    this.now = snap?.simTimeMs ?? 0
    this.state = snap ? deepClone(snap.state) : emptyState()
    if (snap) {
      this.pending = new Map(Object.entries(snap.pending))
      this.commandLog = deepClone(snap.commandLog)
    }
    this.decisionsTaken = this.state.rollouts.seq
    this.networkRevTaken = this.state.network.rev
    this.trafficRevTaken = this.state.traffic.rev
    this.store = new ObjectStore(options.freezeObjects ?? false)
    if (snap) this.store.load(deepClone(snap.store))
    this.events = new EventRecorder(() => this.now)
    if (snap) this.events.load(deepClone(snap.events))
    this.api = new ApiServer(this.store, () => this.now, this.rng)
    this.controllers = [
      createGarbageCollector(),
      createPodGarbageCollector(),
      createDeploymentController(),
      createReplicaSetController(),
      createScheduler(),
      createKubelet(),
      createEndpointSliceController(),
      createKubernetesServiceController(),
      createTrafficController(
        () => this.network,
        () => this.proxy,
      ),
    ]
    this.byName = new Map(this.controllers.map((c) => [c.name, c]))
    this.ctx = {
      api: this.api,
      store: this.store,
      events: this.events,
      rng: this.rng,
      state: this.state,
      nowMs: () => this.now,
      enqueue: (handler, key, delayMs) => this.enqueue(handler, key, delayMs),
      schedule: (delayMs, task) => {
        this.queue.push(this.now + Math.max(0, Math.round(delayMs)), task)
      },
    }
    this.network = new NetworkIndex(this.store, () => this.state.network)
    this.network.rebuild()
    this.proxy = new ProxyIndex(this.store, () => this.state.network.proxyMode)
    this.proxy.rebuild()
    this.store.watch((event) => this.onWatch(event))
    for (const c of this.controllers) c.init?.(this.ctx)
  }

  get simTimeMs(): number {
    return this.now
  }

  /** The due time of the next task, if any. */
  nextTaskAtMs(): number | undefined {
    return this.queue.peek()?.atMs
  }

  get queueSize(): number {
    return this.queue.size
  }

  /** Whether a reconcile of `key` by `handler` is queued (tests wait for a controller to settle). */
  hasPendingTask(handler: string, key: string): boolean {
    return this.pending.has(`${handler}\u0000${key}`)
  }

  private enqueue(handler: string, key: string, delayMs: number): void {
    const atMs = this.now + Math.max(0, Math.round(delayMs))
    const id = `${handler}\u0000${key}`
    const existing = this.pending.get(id)
    if (existing !== undefined && existing <= atMs) return
    this.pending.set(id, atMs)
    this.queue.push(atMs, { handler, key })
  }

  private onWatch(event: WatchEvent): void {
    const previous = this.changes.get(event.key)
    if (event.type === 'ADDED')
      this.changes.set(event.key, previous === 'removed' ? 'updated' : 'added')
    else if (event.type === 'MODIFIED')
      this.changes.set(event.key, previous === 'added' ? 'added' : 'updated')
    else if (previous === 'added') this.changes.delete(event.key)
    else this.changes.set(event.key, 'removed')
    this.network.onWatch(event)
    this.proxy.onWatch(event)
    for (const c of this.controllers) c.onWatch?.(this.ctx, event)
  }

  private runTask(atMs: number, task: Task): void {
    this.now = atMs
    if (!task.data) {
      const id = `${task.handler}\u0000${task.key}`
      if (this.pending.get(id) === atMs) this.pending.delete(id)
    }
    const controller = this.byName.get(task.handler)
    if (!controller) throw new Error(`no handler for task ${task.handler}`)
    this.tasksRun++
    controller.run(this.ctx, task)
  }

  /** Runs every task due at the next instant; returns that instant, or undefined when idle. */
  step(): number | undefined {
    const next = this.queue.peek()
    if (!next) return undefined
    const atMs = next.atMs
    let count = 0
    while (this.queue.peek()?.atMs === atMs) {
      const entry = this.queue.pop()
      if (!entry) break
      this.runTask(entry.atMs, entry.task)
      if (++count > MAX_TASKS_PER_INSTANT)
        throw new Error(`livelock: more than ${MAX_TASKS_PER_INSTANT} tasks at ${atMs} ms`)
    }
    return atMs
  }

  /** The next task and when it is due, without running it. */
  peekTask(): { atMs: number; handler: string } | undefined {
    const next = this.queue.peek()
    return next ? { atMs: next.atMs, handler: next.task.handler } : undefined
  }

  /** Runs exactly one task (the earliest); returns its time, or undefined when idle. */
  runOne(): number | undefined {
    const entry = this.queue.pop()
    if (!entry) return undefined
    this.runTask(entry.atMs, entry.task)
    return entry.atMs
  }

  /** Runs every task due up to atMs, then sets the clock to atMs. */
  advanceTo(atMs: number): void {
    if (atMs < this.now) throw new RangeError(`cannot go back in time from ${this.now} to ${atMs}`)
    for (;;) {
      const next = this.queue.peek()
      if (!next || next.atMs > atMs) break
      this.step()
    }
    this.now = atMs
  }

  /** Runs until no task is left or maxMs of sim time have passed; returns whether it went idle. */
  runUntilIdle(maxMs = 3_600_000): boolean {
    const limit = this.now + maxMs
    for (;;) {
      const next = this.queue.peek()
      if (!next) return true
      if (next.atMs > limit) {
        this.now = limit
        return false
      }
      this.step()
    }
  }

  /** Changes since the last call (objects by key, events), for streaming to the UI. */
  takeDiff(): SimulationDiff {
    const diff: SimulationDiff = {
      added: [],
      updated: [],
      removed: [],
      events: this.events.takeChanged(),
      decisions: this.takeDecisions(),
    }
    for (const [key, change] of this.changes) {
      if (change === 'removed') {
        diff.removed.push(key)
        continue
      }
      const obj = this.store.get(key)
      if (obj) (change === 'added' ? diff.added : diff.updated).push(obj)
    }
    this.changes = new Map()
    if (this.state.traffic.rev !== this.trafficRevTaken) {
      this.trafficRevTaken = this.state.traffic.rev
      diff.traffic = deepClone(this.state.traffic)
    }
    if (this.state.network.rev !== this.networkRevTaken) {
      this.networkRevTaken = this.state.network.rev
      diff.network = deepClone(this.state.network)
    }
    return diff
  }

  private takeDecisions(): RolloutDecision[] {
    const from = this.decisionsTaken
    this.decisionsTaken = this.state.rollouts.seq
    if (from === this.decisionsTaken) return []
    const out: RolloutDecision[] = []
    for (const log of Object.values(this.state.rollouts.byDeployment))
      for (const d of log) if (d.seq >= from) out.push(d)
    return out.sort((a, b) => a.seq - b.seq)
  }

  /** Every recorded rollout decision, oldest first. */
  decisions(): RolloutDecision[] {
    return Object.values(this.state.rollouts.byDeployment)
      .flat()
      .sort((a, b) => a.seq - b.seq)
  }

  snapshot(): SimulationSnapshot {
    return deepClone({
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      seed: this.seed,
      scenario: this.scenario,
      simTimeMs: this.now,
      rng: this.rng.state(),
      queue: this.queue.snapshot(),
      pending: Object.fromEntries(this.pending),
      store: this.store.snapshot(),
      events: this.events.snapshot(),
      state: this.state,
      commandLog: this.commandLog,
    })
  }
}
