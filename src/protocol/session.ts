/**
 * A session: everything needed to rebuild what a user did, as plain data. The engine is
 * deterministic, so a session is its seed and scenario plus the timed log of what changed the
 * simulation (commands, steps, step back); replaying the log to the saved sim time gives the same
 * cluster. Sessions are saved in the browser, exported as files and carried in share links, so
 * `validateSession` checks every field of untrusted input. Depends on nothing.
 */

/** Bumped on any incompatible change to `Session`; older files are refused with a clear message. */
export const SESSION_SCHEMA_VERSION = 1

/** Marks a JSON document as a session, so a stray JSON file gets a plain "not a session" error. */
export const SESSION_KIND = 'KubePlaygroundSession'

/**
 * One thing that changed the simulation, at the sim time it happened. Commands are kubectl or sim
 * text (UI controls send commands too); `clock` entries are the steps the time controls make and
 * undo, recorded because a step can stop in the middle of an instant and `back` restores an
 * earlier state. Play, pause and speed change no state and are not logged.
 */
export type SessionLogEntry =
  | { atMs: number; command: string; stdin?: string }
  | { atMs: number; clock: 'step' }
  | { atMs: number; clock: 'stepDecision'; deployment: string }
  | { atMs: number; clock: 'back' }

/** The sim clock as the session left it. */
export interface SessionClock {
  playing: boolean
  speed: number
  /** The rollout stepper's cursor (a decision seq), or -1 for the latest. */
  cursor: number
}

/** What the user was looking at; each key is optional and unknown values are ignored on restore. */
export interface SessionViewState {
  language?: string
  canvasView?: string
  sideTab?: string
  bottomTab?: string
}

export interface Session {
  kind: typeof SESSION_KIND
  schemaVersion: typeof SESSION_SCHEMA_VERSION
  scenario: string
  seed: number
  log: SessionLogEntry[]
  /** The sim time the session had reached; replay runs to it. */
  simTimeMs: number
  clock: SessionClock
  view: SessionViewState
}

/** What a worker needs, besides scenario and seed, to rebuild a session. */
export interface SessionReplay {
  log: SessionLogEntry[]
  untilMs: number
  clock: SessionClock
}

/** Limits on untrusted sessions, well above what a person produces by hand. */
export const SESSION_LIMITS = {
  entries: 100_000,
  commandChars: 10_000,
  stdinChars: 1_000_000,
  totalChars: 20_000_000,
  /** A year of sim time. */
  simTimeMs: 365 * 24 * 3600 * 1000,
} as const

const SPEEDS_ALLOWED: readonly number[] = [0.5, 1, 2, 4, 8, 16]

export type SessionCheck = { ok: true; session: Session } | { ok: false; error: string }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isTime(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= SESSION_LIMITS.simTimeMs
}

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(o).filter((k) => !allowed.includes(k))
}

/** Checks one log entry; returns what is wrong with it, or the entry copied field by field. */
function checkEntry(raw: unknown, i: number): SessionLogEntry | string {
  const where = `log[${i}]`
  if (!isRecord(raw)) return `${where} is not an object`
  if (!isTime(raw.atMs)) return `${where}.atMs must be a whole number of milliseconds`
  const atMs = raw.atMs
  if ('command' in raw) {
    const extra = unknownKeys(raw, ['atMs', 'command', 'stdin'])
    if (extra.length) return `${where} has unknown field "${extra[0]}"`
    if (typeof raw.command !== 'string' || raw.command.length === 0)
      return `${where}.command must be a non-empty string`
    if (raw.command.length > SESSION_LIMITS.commandChars)
      return `${where}.command is longer than ${SESSION_LIMITS.commandChars} characters`
    if (raw.stdin === undefined) return { atMs, command: raw.command }
    if (typeof raw.stdin !== 'string') return `${where}.stdin must be a string`
    if (raw.stdin.length > SESSION_LIMITS.stdinChars)
      return `${where}.stdin is longer than ${SESSION_LIMITS.stdinChars} characters`
    return { atMs, command: raw.command, stdin: raw.stdin }
  }
  if (raw.clock === 'step' || raw.clock === 'back') {
    const extra = unknownKeys(raw, ['atMs', 'clock'])
    if (extra.length) return `${where} has unknown field "${extra[0]}"`
    return { atMs, clock: raw.clock }
  }
  if (raw.clock === 'stepDecision') {
    const extra = unknownKeys(raw, ['atMs', 'clock', 'deployment'])
    if (extra.length) return `${where} has unknown field "${extra[0]}"`
    if (typeof raw.deployment !== 'string' || raw.deployment.length > 1000)
      return `${where}.deployment must be a Deployment key`
    return { atMs, clock: 'stepDecision', deployment: raw.deployment }
  }
  return `${where} is neither a command nor a clock step`
}

function checkClock(raw: unknown): SessionClock | string {
  if (!isRecord(raw)) return 'clock is not an object'
  if (typeof raw.playing !== 'boolean') return 'clock.playing must be true or false'
  if (typeof raw.speed !== 'number' || !SPEEDS_ALLOWED.includes(raw.speed))
    return `clock.speed must be one of ${SPEEDS_ALLOWED.join(', ')}`
  if (!Number.isSafeInteger(raw.cursor) || (raw.cursor as number) < -1)
    return 'clock.cursor must be a whole number, -1 or more'
  return { playing: raw.playing, speed: raw.speed, cursor: raw.cursor as number }
}

function checkView(raw: unknown): SessionViewState | string {
  if (raw === undefined) return {}
  if (!isRecord(raw)) return 'view is not an object'
  const view: SessionViewState = {}
  for (const key of ['language', 'canvasView', 'sideTab', 'bottomTab'] as const) {
    const v = raw[key]
    if (v === undefined) continue
    if (typeof v !== 'string' || v.length > 40) return `view.${key} must be a short string`
    view[key] = v
  }
  return view
}

/**
 * Checks untrusted data (a parsed file, a decoded link, what storage returned) and returns a
 * session built from the checked fields only, or a sentence saying what is wrong.
 */
export function validateSession(raw: unknown): SessionCheck {
  const fail = (error: string): SessionCheck => ({ ok: false, error })
  if (!isRecord(raw)) return fail('it is not a JSON object')
  if (raw.kind !== SESSION_KIND)
    return fail(`it is not a Kube Playground session (no "kind": "${SESSION_KIND}")`)
  if (typeof raw.schemaVersion !== 'number')
    return fail('it has no schemaVersion, so it cannot be read safely')
  if (raw.schemaVersion !== SESSION_SCHEMA_VERSION)
    return fail(
      raw.schemaVersion > SESSION_SCHEMA_VERSION
        ? `it was saved by a newer Kube Playground (schemaVersion ${raw.schemaVersion}); this one reads schemaVersion ${SESSION_SCHEMA_VERSION}`
        : `schemaVersion ${String(raw.schemaVersion)} is not supported; this one reads schemaVersion ${SESSION_SCHEMA_VERSION}`,
    )
  const extra = unknownKeys(raw, [
    'kind',
    'schemaVersion',
    'scenario',
    'seed',
    'log',
    'simTimeMs',
    'clock',
    'view',
  ])
  if (extra.length) return fail(`it has an unknown field "${extra[0]}"`)
  if (typeof raw.scenario !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(raw.scenario))
    return fail('scenario must be a scenario name such as "default"')
  if (
    !Number.isSafeInteger(raw.seed) ||
    (raw.seed as number) < 0 ||
    (raw.seed as number) > 2 ** 32 - 1
  )
    return fail('seed must be a whole number from 0 to 4294967295')
  if (!Array.isArray(raw.log)) return fail('log must be a list of entries')
  if (raw.log.length > SESSION_LIMITS.entries)
    return fail(`log has more than ${SESSION_LIMITS.entries} entries`)
  const log: SessionLogEntry[] = []
  let chars = 0
  for (let i = 0; i < raw.log.length; i++) {
    const entry = checkEntry(raw.log[i], i)
    if (typeof entry === 'string') return fail(entry)
    if ('command' in entry) chars += entry.command.length + (entry.stdin?.length ?? 0)
    if (chars > SESSION_LIMITS.totalChars)
      return fail(`log holds more than ${SESSION_LIMITS.totalChars} characters`)
    log.push(entry)
  }
  if (!isTime(raw.simTimeMs)) return fail('simTimeMs must be a whole number of milliseconds')
  const clock = checkClock(raw.clock)
  if (typeof clock === 'string') return fail(clock)
  const view = checkView(raw.view)
  if (typeof view === 'string') return fail(view)
  return {
    ok: true,
    session: {
      kind: SESSION_KIND,
      schemaVersion: SESSION_SCHEMA_VERSION,
      scenario: raw.scenario,
      seed: raw.seed as number,
      log,
      simTimeMs: raw.simTimeMs,
      clock,
      view,
    },
  }
}

/** A session that starts a scenario from its beginning, paused at nothing, playing at 1×. */
export function freshSession(scenario: string, seed: number, view: SessionViewState = {}): Session {
  return {
    kind: SESSION_KIND,
    schemaVersion: SESSION_SCHEMA_VERSION,
    scenario,
    seed,
    log: [],
    simTimeMs: 0,
    clock: { playing: true, speed: 1, cursor: -1 },
    view,
  }
}
