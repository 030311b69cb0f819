/**
 * The engine's public edge. Depends on nothing outside src/engine (and the `yaml` parser): no DOM,
 * no worker, no React, no wall clock, no ambient randomness. Everything runs in virtual time.
 */
import type { ClusterEvent } from './model/event'
import type { KubeObject } from './model/meta'
import { runCommand } from './commands/runCommand'
import type { CommandResult } from './commands/types'
import type { LoggedCommand, SimulationDiff, SimulationSnapshot } from './runtime/Simulation'
import { SNAPSHOT_SCHEMA_VERSION, SimulationCore } from './runtime/Simulation'
import { SCENARIOS, findScenario } from './scenarios/scenarios'
import type { RolloutDecision } from './controllers/deployment/decisions'
import { DEPLOYMENT_CONTROLLER } from './controllers/deployment/rollout'
import type { NetworkFacts } from './model/network/facts'
import type { TrafficState } from './traffic/trafficState'
import type { TraceRequest } from './network/trace/trace'
import { traceOnCore } from './network/trace/traceOnCore'
import { deepClone } from './kernel/json'
import type { Trace } from './network/trace/types'

export type { CommandResult, LoggedCommand, SimulationDiff, SimulationSnapshot }
export { SNAPSHOT_SCHEMA_VERSION }
export type { ClusterEvent } from './model/event'
export type {
  RolloutDecision,
  RolloutRule,
  RolloutWindow,
  ReplicaSetState,
} from './controllers/deployment/decisions'
export type { KubeObject } from './model/meta'
export type { FlannelBackend, LanHost, NetworkFacts } from './model/network/facts'
export type { TraceRequest } from './network/trace/trace'
export type { TrafficFlow, TrafficSample, TrafficState } from './traffic/trafficState'
export type {
  DecisionEntry,
  Headers,
  Hop,
  HopKind,
  Trace,
  TracePeer,
  TraceProtocol,
  TraceResult,
} from './network/trace/types'
export type { ScriptStep } from './script/parseScript'
export { parseScript } from './script/parseScript'
export type { RunScriptOptions, ScriptOutput, ScriptRun, StepOutcome } from './script/runScript'
export { runScript } from './script/runScript'
export type { EventMark } from './script/eventLog'
export { eventsSince, formatEvent, formatEventLog, markEvents } from './script/eventLog'

/** The names and descriptions of the built-in scenarios. */
export const SCENARIO_LIST: readonly { name: string; description: string }[] = SCENARIOS.map(
  ({ name, description }) => ({ name, description }),
)

export interface SimulationOptions {
  scenario?: string
  seed?: number
  /** Deep-freeze stored objects so that accidental mutation throws (for tests). */
  freezeObjects?: boolean
}

/** A running simulation. */
export interface Simulation {
  readonly seed: number
  readonly scenario: string
  readonly simTimeMs: number
  /** Runs a kubectl or sim command at the current sim time and logs it. */
  run(command: string, stdin?: string): CommandResult
  /** Runs the tasks of the next instant; returns it, or undefined when nothing is scheduled. */
  step(): number | undefined
  /** Steps until at least one Kubernetes event is recorded; false if the queue ran dry first. */
  stepToNextEvent(): boolean
  /**
   * Steps until the Deployment controller makes its next decision about this Deployment (resizes
   * a ReplicaSet, or the rollout completes or times out); false if none came within maxMs.
   */
  stepToNextDecision(deploymentKey: string, maxMs?: number): RolloutDecision | undefined
  /** The Deployment controller's recorded decisions, oldest first. */
  decisions(): RolloutDecision[]
  /** Runs everything due up to atMs and sets the clock there. */
  advanceTo(atMs: number): void
  /** Runs until idle or until maxMs of sim time passed; true if it went idle. */
  runUntilIdle(maxMs?: number): boolean
  /** The due time of the next task, if any. */
  nextTaskAtMs(): number | undefined
  /** What changed since the last call. */
  takeDiff(): SimulationDiff
  /** The whole state as JSON-safe data. */
  snapshot(): SimulationSnapshot
  /** Every stored object, in creation order. */
  objects(): KubeObject[]
  /** One object by key (`Kind/namespace/name`, or `Kind/name` when cluster-scoped). */
  object(key: string): KubeObject | undefined
  /** How many simulation tasks have run (the unit of work benchmarks count). */
  tasksRun(): number
  /** Every stored Kubernetes event. */
  events(): ClusterEvent[]
  /** The commands run since the scenario was built. */
  commandLog(): readonly LoggedCommand[]
  /**
   * The path of a packet and its reply (a pure function of the network state; nothing changes).
   * Throws an Error with kubectl's message when an endpoint does not exist or cannot send.
   */
  trace(request: TraceRequest): Trace
  /** The flannel backend, the LAN and the machines' hardware. */
  networkFacts(): NetworkFacts
  /** Traffic mode's flows and counts. */
  traffic(): TrafficState
}

/** How long after a decision stepping goes on, for the ReplicaSet controller to act on it. */
const DECISION_SETTLE_MS = 100

class SimulationImpl implements Simulation {
  constructor(private readonly core: SimulationCore) {}

  get seed() {
    return this.core.seed
  }
  get scenario() {
    return this.core.scenario
  }
  get simTimeMs() {
    return this.core.simTimeMs
  }

  run(command: string, stdin?: string): CommandResult {
    this.core.commandLog.push({
      atMs: this.core.simTimeMs,
      command,
      ...(stdin !== undefined ? { stdin } : {}),
    })
    return runCommand(this.core, command, stdin)
  }

  step() {
    return this.core.step()
  }

  trace(request: TraceRequest): Trace {
    return traceOnCore(this.core, request)
  }

  networkFacts(): NetworkFacts {
    return deepClone(this.core.ctx.state.network)
  }

  traffic(): TrafficState {
    return deepClone(this.core.ctx.state.traffic)
  }

  stepToNextEvent(): boolean {
    const before = this.core.events.recordCount
    while (this.core.step() !== undefined) {
      if (this.core.events.recordCount > before) return true
    }
    return false
  }

  stepToNextDecision(deploymentKey: string, maxMs = 3_600_000): RolloutDecision | undefined {
    const state = this.core.ctx.state.rollouts
    const seenSeq = state.seq
    const limit = this.core.simTimeMs + maxMs
    let decision: RolloutDecision | undefined
    while (!decision) {
      const next = this.core.peekTask()
      if (!next || next.atMs > limit) return undefined
      this.core.runOne()
      // The first new one: a sync can make two moves (new ReplicaSet up, old one down).
      decision = state.byDeployment[deploymentKey]?.find((d) => d.seq >= seenSeq)
    }
    // Let the decision take effect (the ReplicaSet creates or deletes its pods) so that the canvas
    // shows it, but stop before the Deployment controller's next move.
    for (;;) {
      const next = this.core.peekTask()
      if (
        !next ||
        next.atMs > decision.atMs + DECISION_SETTLE_MS ||
        next.handler === DEPLOYMENT_CONTROLLER
      )
        break
      this.core.runOne()
    }
    return decision
  }

  decisions() {
    return this.core.decisions()
  }

  advanceTo(atMs: number) {
    this.core.advanceTo(atMs)
  }
  runUntilIdle(maxMs?: number) {
    return this.core.runUntilIdle(maxMs)
  }
  nextTaskAtMs() {
    return this.core.nextTaskAtMs()
  }
  takeDiff() {
    return this.core.takeDiff()
  }
  snapshot() {
    return this.core.snapshot()
  }
  objects() {
    return [...this.core.store.snapshot().objects]
  }
  object(key: string) {
    return this.core.store.get(key)
  }
  tasksRun() {
    return this.core.tasksRun
  }
  events() {
    return this.core.events.list()
  }
  commandLog() {
    return this.core.commandLog
  }
}

/** Builds a scenario's cluster (default: the primer's three nodes) from a seed. */
export function createSimulation(options: SimulationOptions = {}): Simulation {
  const scenarioName = options.scenario ?? 'default'
  const scenario = findScenario(scenarioName)
  if (!scenario)
    throw new Error(
      `unknown scenario "${scenarioName}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    )
  const core = new SimulationCore(options.seed ?? 1, scenarioName, {
    freezeObjects: options.freezeObjects ?? false,
  })
  scenario.build(core)
  core.takeDiff()
  return new SimulationImpl(core)
}

/** A simulation that continues exactly where the snapshot was taken. */
export function restoreSimulation(
  snapshot: SimulationSnapshot,
  options: { freezeObjects?: boolean } = {},
): Simulation {
  if (snapshot.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    throw new Error(
      `unsupported snapshot schema version ${String(snapshot.schemaVersion)} (this engine reads ${SNAPSHOT_SCHEMA_VERSION})`,
    )
  }
  const core = new SimulationCore(snapshot.seed, snapshot.scenario, {
    snapshot,
    freezeObjects: options.freezeObjects ?? false,
  })
  return new SimulationImpl(core)
}
