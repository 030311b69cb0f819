/**
 * Hosts one simulation behind protocol v2: answers the handshake (rebuilding a session by replaying
 * its log when asked), runs commands, drives the sim clock from wall time while playing, streams
 * patches with one in flight at a time, and reports each change to the simulation as a `logged`
 * entry. Wall time and timers come in through HostEnvironment, so tests can drive it with a fake
 * clock.
 */
import type { Simulation, SimulationOptions, SimulationSnapshot } from '../engine'
import type {
  ClientMessage,
  ClockState,
  ClusterSnapshot,
  CrashMode,
  HostPort,
  ScenarioInfo,
  SessionLogEntry,
  SessionReplay,
} from '../protocol'
import { PROTOCOL_VERSION, SPEEDS } from '../protocol'
import { PatchBuffer } from './PatchBuffer'

/** How many recent events a snapshot carries. */
export const SNAPSHOT_EVENTS = 500

/**
 * A patch not acknowledged within this much wall time is taken as lost: the next one goes out, and
 * the client, seeing the gap in revisions, asks for a resync.
 */
export const ACK_TIMEOUT_MS = 2000

/** Sim time advances in slices no longer than this per tick, so one tick never stalls the worker. */
const MAX_SIM_STEP_MS = 60_000

export interface HostEnvironment {
  /** Wall-clock milliseconds (performance.now in the worker). */
  now(): number
  /** Calls fn about once a frame until the returned function is called. */
  startTicker(fn: () => void): () => void
  /** Fails on purpose (the `debug` message); absent where failing makes no sense, as in tests. */
  crash?(mode: CrashMode): void
}

/** How the host makes simulations: the one a `connect` asks for, and one from a snapshot. */
export interface SimulationFactory {
  create(options: SimulationOptions): Simulation
  restore(snapshot: SimulationSnapshot): Simulation
  /** The scenarios `create` knows, for the UI's picker. */
  scenarios?: readonly ScenarioInfo[]
}

/** Why a session could not be rebuilt; sent to the UI as `sessionRefused`. */
class SessionRefusal extends Error {}

/**
 * How far Next may run the simulation looking for the Deployment's next decision: past the default
 * progress deadline (600 s), so a stalled rollout's next step is its ProgressDeadlineExceeded.
 */
const STEP_DECISION_MAX_MS = 15 * 60_000

/** How many steps `back` can undo (each keeps a snapshot of the whole simulation). */
export const MAX_BACK_STEPS = 50

export class SimulationHost {
  private sim: Simulation | undefined
  private rev = 0
  private inFlight = false
  private inFlightSinceMs = 0
  private connected = false
  private readonly buffer = new PatchBuffer()
  private clock: ClockState = { playing: true, speed: 1, backSteps: 0, cursor: -1 }
  /**
   * What each step can be undone to, newest last: the simulation before it (absent when the step
   * only moved the stepper's cursor to a decision already made) and the cursor before it.
   */
  private history: { snapshot?: SimulationSnapshot; cursor: number }[] = []
  private lastWallMs: number
  private sentSimTimeMs = 0
  private sentClock: ClockState
  private stopTicker: (() => void) | undefined
  /** How many entries the session log has (the next `logged` seq). */
  private logLength = 0
  /** While a session is being rebuilt nothing is posted. */
  private replaying = false

  constructor(
    private readonly makeSimulation: SimulationFactory,
    private readonly port: HostPort,
    private readonly env: HostEnvironment,
  ) {
    this.lastWallMs = env.now()
    this.sentClock = { ...this.clock }
    port.listen((message) => this.onMessage(message))
  }

  private onMessage(message: ClientMessage): void {
    if (message.type === 'connect') {
      this.onConnect(message)
      return
    }
    if (message.type === 'ping') {
      this.port.post({ type: 'pong', nonce: message.nonce })
      return
    }
    if (message.type === 'debug') {
      this.env.crash?.(message.mode)
      return
    }
    const sim = this.sim
    if (!sim) return
    switch (message.type) {
      case 'resync':
        this.port.post({ type: 'snapshot', snapshot: this.fullSnapshot(sim) })
        return
      case 'ack':
        if (message.rev === this.rev) this.inFlight = false
        this.flush()
        return
      case 'command': {
        const entry: SessionLogEntry = {
          atMs: sim.simTimeMs,
          command: message.command,
          ...(message.stdin !== undefined ? { stdin: message.stdin } : {}),
        }
        const result = this.runCommand(sim, entry)
        this.record(entry, message.commandId)
        this.port.post({ type: 'commandResult', commandId: message.commandId, result })
        this.flush()
        return
      }
      case 'clock':
        this.onClock(sim, message)
        return
      case 'trace': {
        const { requestId, request } = message
        try {
          this.port.post({ type: 'traceResult', requestId, trace: sim.trace(request) })
        } catch (e) {
          this.port.post({
            type: 'traceResult',
            requestId,
            error: e instanceof Error ? e.message : String(e),
          })
        }
        return
      }
    }
  }

  private onConnect(message: Extract<ClientMessage, { type: 'connect' }>): void {
    if (message.protocolVersion !== PROTOCOL_VERSION) {
      this.port.post({
        type: 'incompatible',
        protocolVersion: PROTOCOL_VERSION,
        reason: `the worker speaks protocol v${PROTOCOL_VERSION}, the page v${message.protocolVersion}; reload the page`,
      })
      return
    }
    if (!this.sim) {
      try {
        this.sim = this.makeSimulation.create({
          ...(message.scenario !== undefined ? { scenario: message.scenario } : {}),
          ...(message.seed !== undefined ? { seed: message.seed } : {}),
        })
        if (message.replay) this.replay(message.replay)
      } catch (e) {
        // A refused session leaves nothing behind: the UI may connect again with another one.
        this.sim = undefined
        this.history = []
        this.logLength = 0
        this.clock = { playing: true, speed: 1, backSteps: 0, cursor: -1 }
        this.port.post({
          type: 'sessionRefused',
          reason: e instanceof Error ? e.message : String(e),
        })
        return
      }
    }
    this.connected = true
    this.port.post({
      type: 'connected',
      protocolVersion: PROTOCOL_VERSION,
      snapshot: this.fullSnapshot(this.sim),
      scenarios: [...(this.makeSimulation.scenarios ?? [])],
    })
    this.syncTicker()
  }

  /**
   * Rebuilds a session: each entry runs at its sim time through the same code as when it was first
   * made (so steps, the stepper's cursor and the undo history come back too), then time runs on to
   * where the session stopped. The engine is deterministic, so this is the same simulation.
   */
  private replay(replay: SessionReplay): void {
    this.replaying = true
    try {
      this.clock = { playing: false, speed: 1, backSteps: 0, cursor: -1 }
      replay.log.forEach((entry, i) => {
        const sim = this.sim as Simulation
        // Time only runs forward, and the next entry (or untilMs) catches up with it: a back that
        // throws the present away need not compute it first.
        if (!('clock' in entry && entry.clock === 'back')) {
          if (entry.atMs < sim.simTimeMs)
            throw new SessionRefusal(
              `log entry ${i} is at ${entry.atMs} ms, before the simulation's ${sim.simTimeMs} ms`,
            )
          if (entry.atMs > sim.simTimeMs) sim.advanceTo(entry.atMs)
        }
        this.applyEntry(sim, entry)
      })
      const sim = this.sim as Simulation
      if (replay.untilMs > sim.simTimeMs) sim.advanceTo(replay.untilMs)
      this.logLength = replay.log.length
      this.clock = {
        playing: replay.clock.playing,
        speed: (SPEEDS as readonly number[]).includes(replay.clock.speed) ? replay.clock.speed : 1,
        backSteps: this.history.length,
        cursor: replay.clock.cursor,
      }
      this.lastWallMs = this.env.now()
    } finally {
      this.replaying = false
    }
  }

  private runCommand(sim: Simulation, entry: Extract<SessionLogEntry, { command: string }>) {
    const result = sim.run(entry.command, entry.stdin)
    this.clock = { ...this.clock, cursor: -1 }
    return result
  }

  /** Does what a log entry records, at the current sim time. */
  private applyEntry(sim: Simulation, entry: SessionLogEntry): void {
    if ('command' in entry) {
      this.runCommand(sim, entry)
    } else if (entry.clock === 'step') {
      this.pauseForStep(sim)
      sim.stepToNextEvent()
      this.clock = { ...this.clock, cursor: -1 }
    } else if (entry.clock === 'stepDecision') {
      this.stepDecision(sim, entry.deployment)
    } else {
      this.back()
    }
  }

  /** Tells the UI what changed the simulation, with the sim time after it. */
  private record(entry: SessionLogEntry, commandId: number | undefined): void {
    this.port.post({
      type: 'logged',
      seq: this.logLength++,
      entry,
      simTimeMs: this.sim?.simTimeMs ?? entry.atMs,
      ...(commandId !== undefined ? { commandId } : {}),
    })
  }

  private onClock(sim: Simulation, message: Extract<ClientMessage, { type: 'clock' }>): void {
    if (message.action === 'play') {
      this.clock = { ...this.clock, playing: true, cursor: -1 }
      this.lastWallMs = this.env.now()
    } else if (message.action === 'pause') {
      this.clock = { ...this.clock, playing: false }
    } else if (message.action === 'step' || message.action === 'stepDecision') {
      // Time stops first, so the entry's time is exactly where the step starts from.
      this.advance()
      this.clock = { ...this.clock, playing: false }
      const entry: SessionLogEntry =
        message.action === 'stepDecision'
          ? { atMs: sim.simTimeMs, clock: 'stepDecision', deployment: message.deployment }
          : { atMs: sim.simTimeMs, clock: 'step' }
      this.applyEntry(sim, entry)
      this.record(entry, message.commandId)
    } else if (message.action === 'back') {
      const entry: SessionLogEntry = { atMs: sim.simTimeMs, clock: 'back' }
      this.applyEntry(sim, entry)
      this.record(entry, message.commandId)
      return
    } else if (
      message.action === 'speed' &&
      (SPEEDS as readonly number[]).includes(message.speed)
    ) {
      this.advance()
      this.clock = { ...this.clock, speed: message.speed }
    }
    this.syncTicker()
    this.flush()
  }

  /** Steps run paused, and each can be undone: keep what it can be undone to. */
  private pauseForStep(sim: Simulation, keepSimulation = true): void {
    this.advance()
    this.history.push({
      ...(keepSimulation ? { snapshot: sim.snapshot() } : {}),
      cursor: this.clock.cursor,
    })
    if (this.history.length > MAX_BACK_STEPS) this.history.shift()
    this.clock = { ...this.clock, playing: false, backSteps: this.history.length }
  }

  /**
   * Next in the rollout stepper: the next decision about this Deployment. If the controller already
   * made it (in the same sync as the one shown), only the cursor moves; otherwise the simulation
   * runs to it.
   */
  private stepDecision(sim: Simulation, deployment: string): void {
    const mine = sim.decisions().filter((d) => d.deployment === deployment)
    const shown = this.clock.cursor === -1 ? (mine.at(-1)?.seq ?? -1) : this.clock.cursor
    const already = mine.find((d) => d.seq > shown)
    this.pauseForStep(sim, !already)
    const next = already ?? sim.stepToNextDecision(deployment, STEP_DECISION_MAX_MS)
    if (!next) {
      // Nothing more will happen to this Deployment: undo the search instead of jumping ahead.
      this.back()
      return
    }
    this.clock = { ...this.clock, cursor: next.seq }
  }

  /** Returns exactly to the state before the last step (sent whole when the simulation changed). */
  private back(): void {
    const entry = this.history.pop()
    if (!entry) return
    this.clock = {
      ...this.clock,
      playing: false,
      backSteps: this.history.length,
      cursor: entry.cursor,
    }
    if (entry.snapshot) this.sim = this.makeSimulation.restore(entry.snapshot)
    if (this.replaying) return
    this.syncTicker()
    if (!entry.snapshot || !this.sim) {
      this.flush()
      return
    }
    this.rev++
    this.port.post({ type: 'snapshot', snapshot: this.fullSnapshot(this.sim) })
  }

  private syncTicker(): void {
    if (this.connected && this.clock.playing && !this.stopTicker) {
      this.lastWallMs = this.env.now()
      this.stopTicker = this.env.startTicker(() => this.tick())
    } else if ((!this.clock.playing || !this.connected) && this.stopTicker) {
      this.stopTicker()
      this.stopTicker = undefined
    }
  }

  /** Moves sim time on by the wall time since the last call, times the speed. */
  private advance(): void {
    const wall = this.env.now()
    const sim = this.sim
    if (sim && this.clock.playing) {
      // A tab in the background gets no ticks; do not make up for more than a second of wall time.
      const target =
        sim.simTimeMs + Math.round(Math.min(wall - this.lastWallMs, 1000) * this.clock.speed)
      while (sim.simTimeMs < target)
        sim.advanceTo(Math.min(target, sim.simTimeMs + MAX_SIM_STEP_MS))
    }
    this.lastWallMs = wall
  }

  /** One frame: advance time, then send what changed. */
  tick(): void {
    this.advance()
    this.flush()
  }

  private flush(): void {
    const sim = this.sim
    if (!sim) return
    this.buffer.add(sim.takeDiff())
    if (!this.connected) return
    if (this.inFlight && this.env.now() - this.inFlightSinceMs < ACK_TIMEOUT_MS) return
    const clockChanged = (Object.keys(this.clock) as (keyof ClockState)[]).some(
      (k) => this.clock[k] !== this.sentClock[k],
    )
    if (this.buffer.isEmpty && sim.simTimeMs === this.sentSimTimeMs && !clockChanged) return
    const { diff, events, decisions, network, traffic } = this.buffer.take()
    const fromRev = this.rev
    this.rev++
    this.inFlight = true
    this.inFlightSinceMs = this.env.now()
    this.sentSimTimeMs = sim.simTimeMs
    this.sentClock = { ...this.clock }
    this.port.post({
      type: 'patch',
      fromRev,
      toRev: this.rev,
      simTimeMs: sim.simTimeMs,
      diff,
      events,
      decisions,
      ...(network ? { network } : {}),
      ...(traffic ? { traffic } : {}),
      clock: { ...this.clock },
    })
  }

  private fullSnapshot(sim: Simulation): ClusterSnapshot {
    // Whatever was buffered is part of the snapshot, so the buffer starts over.
    this.buffer.add(sim.takeDiff())
    this.buffer.take()
    this.inFlight = false
    this.sentSimTimeMs = sim.simTimeMs
    this.sentClock = { ...this.clock }
    return {
      rev: this.rev,
      simTimeMs: sim.simTimeMs,
      scenario: sim.scenario,
      seed: sim.seed,
      clock: { ...this.clock },
      objects: sim.objects(),
      events: sim.events().slice(-SNAPSHOT_EVENTS),
      decisions: sim.decisions(),
      network: sim.networkFacts(),
      traffic: sim.traffic(),
    }
  }

  dispose(): void {
    this.stopTicker?.()
    this.stopTicker = undefined
  }
}
