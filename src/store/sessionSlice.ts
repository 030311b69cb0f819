/**
 * The session as the UI shows it: the scenarios the worker offers, whether the session is saved,
 * the banner about a worker that failed and was restarted, and the notice after a reset, a new
 * scenario or an import (with its Undo). The session itself (its log) lives in the client's
 * SessionManager; it reports here through these actions, as the cluster client does through the
 * cluster actions.
 */
import type { ScenarioInfo, SessionViewState } from '../protocol'
import type { BottomTab, CanvasView, Language, SideTab } from './clusterStore'

/** Whether the last change reached storage. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'error'

/** What happened to the simulation worker, for the banner. */
export type WorkerNotice =
  | { kind: 'restarting'; reason: string }
  | { kind: 'restored'; reason: string; simTimeMs: number; entries: number }
  | { kind: 'gaveUp'; reason: string }

/** How the current session began, when it replaced another one. */
export type SessionSwitch = 'reset' | 'scenario' | 'imported' | 'shared' | 'undone'

/** Where a session that could not be opened came from. */
export type SessionSource = 'share' | 'saved' | 'import' | 'replay'

export type SessionNotice =
  | { kind: 'switched'; how: SessionSwitch; scenario: string; canUndo: boolean }
  | { kind: 'error'; source: SessionSource; message: string }

export interface SessionUiState {
  scenarios: readonly ScenarioInfo[]
  saveState: SaveState
  saveError: string | undefined
  workerNotice: WorkerNotice | undefined
  sessionNotice: SessionNotice | undefined
}

/** What the SessionManager calls (the store implements the client's SessionSink). */
export interface SessionActions {
  scenariosKnown: (scenarios: readonly ScenarioInfo[]) => void
  saveStateChanged: (state: SaveState, error?: string) => void
  workerFailed: (reason: string) => void
  workerRestored: (reason: string, simTimeMs: number, entries: number) => void
  workerGaveUp: (reason: string) => void
  sessionSwitched: (how: SessionSwitch, scenario: string, canUndo: boolean) => void
  sessionError: (source: SessionSource, message: string) => void
  dismissWorkerNotice: () => void
  dismissSessionNotice: () => void
  /** Restores what the user was looking at (the language only when withLanguage). */
  applySessionView: (view: SessionViewState, withLanguage: boolean) => void
}

export type SessionSlice = SessionUiState & SessionActions

type Set = (partial: Partial<SessionUiState & ViewFields>) => void

/** The slice's initial state and actions, spread into the app store. */
export function sessionSlice(set: Set): SessionSlice {
  return {
    scenarios: [],
    saveState: 'idle',
    saveError: undefined,
    workerNotice: undefined,
    sessionNotice: undefined,
    scenariosKnown: (scenarios) => set({ scenarios: [...scenarios] }),
    saveStateChanged: (saveState, error) => set({ saveState, saveError: error }),
    workerFailed: (reason) => set({ workerNotice: { kind: 'restarting', reason } }),
    workerRestored: (reason, simTimeMs, entries) =>
      set({ workerNotice: { kind: 'restored', reason, simTimeMs, entries } }),
    workerGaveUp: (reason) => set({ workerNotice: { kind: 'gaveUp', reason } }),
    sessionSwitched: (how, scenario, canUndo) =>
      set({ sessionNotice: { kind: 'switched', how, scenario, canUndo } }),
    sessionError: (source, message) => set({ sessionNotice: { kind: 'error', source, message } }),
    dismissWorkerNotice: () => set({ workerNotice: undefined }),
    dismissSessionNotice: () => set({ sessionNotice: undefined }),
    applySessionView: (view, withLanguage) => set(viewUpdateOf(view, withLanguage)),
  }
}

/** The view state a session keeps. */
export interface ViewFields {
  language: Language
  canvasView: CanvasView
  sideTab: SideTab
  bottomTab: BottomTab
}

const ALLOWED: { [K in keyof ViewFields]: readonly ViewFields[K][] } = {
  language: ['en', 'zh'],
  canvasView: ['objects', 'network'],
  sideTab: ['workloads', 'yaml', 'trace'],
  bottomTab: ['events', 'packet'],
}

/** The part of the UI state a session saves. */
export function sessionViewOf(state: ViewFields): SessionViewState {
  return {
    language: state.language,
    canvasView: state.canvasView,
    sideTab: state.sideTab,
    bottomTab: state.bottomTab,
  }
}

/**
 * The UI state to set from a saved view: only known values (a file or link may say anything), and
 * the language only when asked (a shared link keeps the reader's language).
 */
export function viewUpdateOf(view: SessionViewState, withLanguage: boolean): Partial<ViewFields> {
  const update: Partial<ViewFields> = {}
  for (const key of Object.keys(ALLOWED) as (keyof ViewFields)[]) {
    if (key === 'language' && !withLanguage) continue
    const value = view[key]
    const allowed: readonly string[] = ALLOWED[key]
    if (value !== undefined && allowed.includes(value))
      (update as Record<string, string>)[key] = value
  }
  return update
}
