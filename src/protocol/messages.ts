/**
 * Protocol v2 between the simulation worker and the UI. Every message is plain JSON-safe data.
 * Handshake: the UI sends `connect` (with a session to replay, or none for a fresh scenario); the
 * worker answers `connected` with a full snapshot, `incompatible`, or `sessionRefused`. Then the
 * worker streams `patch`es (only when something changed, at most one in flight until the UI `ack`s
 * it); a gap in revisions makes the UI ask for a `resync`. Everything that changes the simulation
 * is reported in a `logged` message, the UI's record of the session.
 *
 * v2 (from v1): `connect.replay`, `connected.scenarios`, `commandId` on steps, `logged`,
 * `sessionRefused`, `ping`/`pong` and `debug`. A v1 worker would ignore a replay and silently
 * start over, so the version was bumped.
 */
import type {
  ClusterEvent,
  CommandResult,
  KubeObject,
  NetworkFacts,
  RolloutDecision,
  Trace,
  TraceRequest,
  TrafficState,
} from '../engine'
import type { SessionLogEntry, SessionReplay } from './session'

/** Bumped on any incompatible change to the messages below. */
export const PROTOCOL_VERSION = 2

/** A built-in scenario the worker can start, as the scenario picker lists it. */
export interface ScenarioInfo {
  name: string
  description: string
}

/**
 * How a test (or a curious user, from the console: `__kp.crashWorker()`) makes the worker fail on
 * purpose: throw an uncaught error, close itself silently, or stop answering.
 */
export type CrashMode = 'throw' | 'exit' | 'hang'

/** The simulation clock as the UI shows and controls it. */
export interface ClockState {
  playing: boolean
  /** Sim seconds per wall second: 0.5 to 16. */
  speed: number
  /** How many steps `back` can undo. */
  backSteps: number
  /**
   * The seq of the Deployment decision the rollout stepper shows, or -1 for the latest. One
   * controller sync can make two moves (new ReplicaSet up, old one down); Next shows them one by one.
   */
  cursor: number
}

/** The speeds the time controls offer. */
export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const

/** Everything the UI mirrors, at one revision. */
export interface ClusterSnapshot {
  rev: number
  simTimeMs: number
  scenario: string
  seed: number
  clock: ClockState
  objects: KubeObject[]
  /** The most recent Kubernetes events, oldest first. */
  events: ClusterEvent[]
  /** The Deployment controller's recorded decisions, oldest first. */
  decisions: RolloutDecision[]
  /** The flannel backend, the LAN and the machines' hardware (MACs, cni0). */
  network: NetworkFacts
  /** Traffic mode's flows and counts. */
  traffic: TrafficState
}

/** Objects added, updated (whole new value) and removed (by key) between two revisions. */
export interface PatchDiff {
  added: KubeObject[]
  updated: KubeObject[]
  removed: string[]
}

export interface PatchMessage {
  type: 'patch'
  fromRev: number
  toRev: number
  simTimeMs: number
  diff: PatchDiff
  /** Events created or bumped (by name) since fromRev, in order. */
  events: ClusterEvent[]
  /** Deployment controller decisions made since fromRev. */
  decisions: RolloutDecision[]
  /** The network facts, when they changed since fromRev. */
  network?: NetworkFacts
  /** Traffic mode's flows, when they changed since fromRev. */
  traffic?: TrafficState
  clock: ClockState
}

/** UI → worker. */
export type ClientMessage =
  | {
      type: 'connect'
      protocolVersion: number
      scenario?: string
      seed?: number
      /** Rebuild a session: replay its log, run to untilMs, and leave the clock as it was. */
      replay?: SessionReplay
    }
  | { type: 'command'; commandId: number; command: string; stdin?: string }
  | { type: 'clock'; action: 'play' | 'pause' }
  /** Steps change the simulation: they carry a commandId that their `logged` message echoes. */
  | { type: 'clock'; action: 'step' | 'back'; commandId?: number }
  | { type: 'clock'; action: 'speed'; speed: number }
  | { type: 'clock'; action: 'stepDecision'; deployment: string; commandId?: number }
  | { type: 'ack'; rev: number }
  /** A trace is a query, not a command: it changes nothing and is not logged. */
  | { type: 'trace'; requestId: number; request: TraceRequest }
  | { type: 'resync' }
  /** Are you alive? Answered by `pong` (the worker is otherwise silent while nothing changes). */
  | { type: 'ping'; nonce: number }
  /** A documented debugging aid: make the worker fail, to see the UI recover. */
  | { type: 'debug'; action: 'crash'; mode: CrashMode }

/** Worker → UI. */
export type WorkerMessage =
  | {
      type: 'connected'
      protocolVersion: number
      snapshot: ClusterSnapshot
      /** The scenarios this worker can start. */
      scenarios: ScenarioInfo[]
    }
  | { type: 'incompatible'; protocolVersion: number; reason: string }
  | { type: 'snapshot'; snapshot: ClusterSnapshot }
  | PatchMessage
  | { type: 'commandResult'; commandId: number; result: CommandResult }
  | { type: 'traceResult'; requestId: number; trace?: Trace; error?: string }
  | { type: 'fatal'; message: string }
  /**
   * Something changed the simulation: the session log's entry number `seq` (from 0), with the sim
   * time after it. `commandId` names the command or step that caused it.
   */
  | {
      type: 'logged'
      seq: number
      entry: SessionLogEntry
      simTimeMs: number
      commandId?: number
    }
  /** The session in `connect` could not be rebuilt (unknown scenario, a log that goes back in time). */
  | { type: 'sessionRefused'; reason: string }
  | { type: 'pong'; nonce: number }

/** Where the UI stands with the worker. */
export type ConnectionStatus = 'connecting' | 'connected' | 'incompatible' | 'failed'

/** One end of a message channel: a Worker, its global scope, or an in-process loopback. */
export interface Port<In, Out> {
  post(message: Out): void
  listen(handler: (message: In) => void): () => void
}

/** The UI's end. */
export type ClientPort = Port<WorkerMessage, ClientMessage>
/** The worker's end. */
export type HostPort = Port<ClientMessage, WorkerMessage>
