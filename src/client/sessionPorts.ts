/**
 * What the session manager talks to and offers: the worker it spawns, the sink it reports to (the
 * store), the view it saves and restores, its timers, and the controls the UI calls.
 */
import type { ClientPort, CrashMode, ScenarioInfo, Session, SessionViewState } from '../protocol'
import type { ClusterSink } from './ClusterClient'
import type { SessionStorage } from './sessionStorage'

/** A running worker: its port, and how to stop it. */
export interface WorkerHandle {
  port: ClientPort
  terminate(): void
}

/** Starts a worker; `onFailure` is called when it throws or dies. */
export type SpawnWorker = (onFailure: (reason: string) => void) => WorkerHandle

/** How the current session began, when it replaced another one. */
export type SessionSwitch = 'reset' | 'scenario' | 'imported' | 'shared' | 'undone'

/** Where a session that could not be opened came from. */
export type SessionSource = 'share' | 'saved' | 'import' | 'replay'

/** Where the manager reports what the UI shows about the session (the store implements it). */
export interface SessionSink {
  scenariosKnown(scenarios: readonly ScenarioInfo[]): void
  saveStateChanged(state: 'saving' | 'saved' | 'error', error?: string): void
  workerFailed(reason: string): void
  workerRestored(reason: string, simTimeMs: number, entries: number): void
  workerGaveUp(reason: string): void
  sessionSwitched(how: SessionSwitch, scenario: string, canUndo: boolean): void
  sessionError(source: SessionSource, message: string): void
  dismissWorkerNotice(): void
  dismissSessionNotice(): void
}

/** The UI's view state, read when saving and set when a session is opened. */
export interface ViewBinding {
  read(): SessionViewState
  apply(view: SessionViewState, withLanguage: boolean): void
  /** Calls back when the view state changes; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void
}

export interface Timers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface SessionManagerOptions {
  spawn: SpawnWorker
  storage: SessionStorage
  cluster: ClusterSink
  sink: SessionSink
  view: ViewBinding
  scheduleAck?: (ack: () => void) => void
  timers?: Timers
  /** How often, at most, progress of sim time alone is saved (commands are saved at once). */
  saveEveryMs?: number
  /** A silent worker gets a ping after this long... */
  pingAfterMs?: number
  /** ...and is taken for dead when the ping goes unanswered this long... */
  answerWithinMs?: number
  /**
   * ...or this long while it works on a command or replays a session: a big cluster can keep it
   * busy for a while, and a busy worker must not be taken for a dead one.
   */
  busyWithinMs?: number
}

/** How the page was opened: a share link's fragment, or a scenario and seed in the query. */
export interface Launch {
  fragment?: string
  scenario?: string
  seed?: number
}

/** What the views can do with the session. */
export interface SessionControls {
  /** The session now, with the current view state. */
  current(): Session
  /** A file name and the JSON text to download. */
  exportFile(): { name: string; text: string }
  /** Replaces the session with a file's; an invalid file changes nothing and says why. */
  importFile(text: string): { ok: true } | { ok: false; error: string }
  /** A link to this page that carries the session. */
  shareUrl(base: string): Promise<string>
  /** Starts the same scenario (and seed) from the beginning; undoable. */
  reset(): void
  /** Starts another scenario; undoable. */
  startScenario(scenario: string): void
  /** Goes back to the session a reset, scenario change or import replaced. */
  undo(): void
  /** A debugging aid: makes the worker fail on purpose. */
  crashWorker(mode?: CrashMode): void
}
