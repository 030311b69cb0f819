/**
 * Keeps the session (seed, scenario, the timed log, the clock and the view) and makes sure nothing
 * is lost: the log grows from the worker's `logged` messages and is saved after every change (and
 * every few seconds while time runs); a worker that throws, closes or stops answering is replaced
 * by a new one that replays the session, and the client sends again what the old one never
 * confirmed. Reset, a new scenario and an import replace the session and can be undone.
 */
import type { CrashMode, ScenarioInfo, Session, WorkerMessage } from '../protocol'
import { freshSession } from '../protocol'
import type { ClusterClient, ConnectOptions } from './ClusterClient'
import { createClusterClient } from './ClusterClient'
import {
  decodeShareFragment,
  encodeShareFragment,
  hasShareFragment,
  sessionFromJson,
  sessionToJson,
} from './sessionCodec'
import type {
  Launch,
  SessionControls,
  SessionManagerOptions,
  SessionSource,
  SessionSwitch,
  Timers,
  WorkerHandle,
} from './sessionPorts'

const DEFAULT_SEED = 1
const MAX_FAILURES_IN_A_ROW = 3

const browserTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
}

function copy(session: Session): Session {
  return JSON.parse(JSON.stringify(session)) as Session
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

export class SessionManager implements SessionControls {
  private session: Session = freshSession('default', DEFAULT_SEED)
  /** What undo goes back to. */
  private previous: Session | undefined
  /** A replacement in progress: if the new session cannot be rebuilt, go back to this one. */
  private fallback: { session: Session; source: SessionSource } | undefined
  private client: ClusterClient | undefined
  private worker: WorkerHandle | undefined
  private generation = 0
  private connected = false
  private failures = 0
  private lastFailure = ''
  private lastHeardAt = 0
  private pingSentAt: number | undefined
  private nonce = 0
  private heartbeat: unknown
  private saveTimer: unknown
  private saving = false
  private dirty = false
  private lastSavedAt = 0
  private disposed = false
  private launching = false
  private readonly queued: (() => void)[] = []
  private readonly timers: Timers
  private readonly unsubscribeView: () => void

  constructor(private readonly options: SessionManagerOptions) {
    this.timers = options.timers ?? browserTimers
    // Only a real change of view is saved: a binding that calls back on every change of its store
    // (the save state included) would otherwise save in a loop.
    let lastView = JSON.stringify(options.view.read())
    this.unsubscribeView = options.view.subscribe(() => {
      const view = JSON.stringify(options.view.read())
      if (view === lastView) return
      lastView = view
      this.saveSoon()
    })
  }

  /**
   * Opens the session the page was launched with: a share link, else a scenario from the query,
   * else the saved session, else the default scenario. Resolves with the client to give the views.
   */
  async start(launch: Launch = {}): Promise<ClusterClient> {
    let saved: Session | undefined
    try {
      saved = await this.options.storage.load()
    } catch {
      saved = undefined
    }
    let launched: { session: Session; how: SessionSwitch; source: SessionSource } | undefined
    if (launch.fragment && hasShareFragment(launch.fragment)) {
      const check = await decodeShareFragment(launch.fragment)
      if (check.ok) launched = { session: check.session, how: 'shared', source: 'share' }
      else this.options.sink.sessionError('share', check.error)
    }
    if (!launched && (launch.scenario !== undefined || launch.seed !== undefined)) {
      const session = freshSession(launch.scenario ?? 'default', launch.seed ?? DEFAULT_SEED)
      launched = { session, how: 'scenario', source: 'replay' }
    }
    if (this.disposed) throw new Error('the session manager was disposed')
    const fresh = freshSession('default', DEFAULT_SEED)
    if (launched) {
      // A link replaces the saved session: undoable, and the fallback if it cannot be rebuilt.
      this.session = launched.session
      this.previous = saved
      this.fallback = { session: saved ?? fresh, source: launched.source }
      if (launched.how === 'shared') this.options.view.apply(launched.session.view, false)
    } else if (saved) {
      this.session = saved
      this.fallback = { session: fresh, source: 'saved' }
      this.options.view.apply(saved.view, true)
    } else this.session = fresh
    // Say so when it replaced something (or came from someone else's link); said before the
    // worker starts, so that a refusal's message comes after it.
    if (launched && (launched.how === 'shared' || saved))
      this.options.sink.sessionSwitched(launched.how, this.session.scenario, saved !== undefined)
    const client = this.launchWorker(false)
    this.saveSoon()
    this.startHeartbeat()
    return client
  }

  current(): Session {
    return { ...copy(this.session), view: this.options.view.read() }
  }

  exportFile(): { name: string; text: string } {
    const s = this.current()
    const seconds = Math.floor(s.simTimeMs / 1000)
    return { name: `kube-playground-${s.scenario}-${seconds}s.json`, text: sessionToJson(s) }
  }

  importFile(text: string): { ok: true } | { ok: false; error: string } {
    const check = sessionFromJson(text)
    if (!check.ok) return check
    const error = this.unknownScenario(check.session.scenario)
    if (error) return { ok: false, error }
    this.replace(check.session, 'imported', 'import')
    this.options.view.apply(check.session.view, true)
    return { ok: true }
  }

  async shareUrl(base: string): Promise<string> {
    const url = new URL(base)
    url.hash = await encodeShareFragment(this.current())
    return url.toString()
  }

  reset(): void {
    this.replace(freshSession(this.session.scenario, this.session.seed), 'reset', 'replay')
  }

  startScenario(scenario: string): void {
    const error = this.unknownScenario(scenario)
    if (error) {
      this.options.sink.sessionError('replay', error)
      return
    }
    this.replace(freshSession(scenario, this.session.seed), 'scenario', 'replay')
  }

  undo(): void {
    const previous = this.previous
    if (!previous) return
    this.previous = undefined
    this.replace(previous, 'undone', 'replay', false)
    this.options.view.apply(previous.view, false)
  }

  crashWorker(mode: CrashMode = 'throw'): void {
    this.worker?.port.post({ type: 'debug', action: 'crash', mode })
  }

  /** Saves synchronously, for when the page is being hidden or closed. */
  saveNow(): void {
    if (this.disposed) return
    try {
      this.options.storage.saveNow(this.current())
    } catch {
      /* the asynchronous save still runs */
    }
  }

  dispose(): void {
    this.disposed = true
    this.unsubscribeView()
    this.timers.clearTimeout(this.heartbeat)
    this.timers.clearTimeout(this.saveTimer)
    this.client?.dispose()
    this.worker?.terminate()
  }

  private scenarioKnown(name: string, scenarios: readonly ScenarioInfo[]): boolean {
    return scenarios.length === 0 || scenarios.some((s) => s.name === name)
  }

  private knownScenarios: readonly ScenarioInfo[] = []

  private unknownScenario(name: string): string | undefined {
    if (this.scenarioKnown(name, this.knownScenarios)) return undefined
    return `unknown scenario "${name}"; known: ${this.knownScenarios.map((s) => s.name).join(', ')}`
  }

  /** Puts another session in place of the current one (terminating its worker); undoable. */
  private replace(next: Session, how: SessionSwitch, source: SessionSource, undoable = true): void {
    const before = this.current()
    this.previous = undoable ? before : undefined
    this.fallback = { session: before, source }
    this.session = copy(next)
    this.failures = 0
    this.options.sink.dismissWorkerNotice()
    this.options.sink.sessionSwitched(how, next.scenario, undoable)
    this.launchWorker(false)
    this.saveSoon()
  }

  private connectOptions(): ConnectOptions {
    const s = this.session
    return {
      scenario: s.scenario,
      seed: s.seed,
      replay: { log: s.log, untilMs: s.simTimeMs, clock: s.clock },
    }
  }

  /** Starts a worker for the current session; the client moves to it (or is created). */
  private launchWorker(keepPending: boolean): ClusterClient {
    this.worker?.terminate()
    const generation = ++this.generation
    this.connected = false
    this.pingSentAt = undefined
    this.lastHeardAt = this.timers.now()
    let client: ClusterClient
    this.launching = true
    try {
      const worker = this.options.spawn((reason) => {
        if (generation === this.generation) this.afterLaunch(() => this.fail(reason))
      })
      this.worker = worker
      worker.port.listen((m) => {
        if (generation === this.generation && !this.disposed) this.onMessage(m)
      })
      if (this.client) this.client.reconnect(worker.port, this.connectOptions(), keepPending)
      else
        this.client = createClusterClient(worker.port, this.options.cluster, {
          ...this.connectOptions(),
          ...(this.options.scheduleAck ? { scheduleAck: this.options.scheduleAck } : {}),
        })
      client = this.client
    } finally {
      this.launching = false
    }
    for (const fn of this.queued.splice(0)) fn()
    return client
  }

  /**
   * Runs fn now, or once the worker being launched is wired up: a worker that answers at once (as
   * in tests) must not start the next one from inside its own launch.
   */
  private afterLaunch(fn: () => void): void {
    if (this.launching) this.queued.push(fn)
    else fn()
  }

  private onMessage(m: WorkerMessage): void {
    this.lastHeardAt = this.timers.now()
    this.pingSentAt = undefined
    const s = this.session
    switch (m.type) {
      case 'connected': {
        this.connected = true
        this.fallback = undefined
        this.knownScenarios = m.scenarios
        this.options.sink.scenariosKnown(m.scenarios)
        this.track(m.snapshot.simTimeMs, m.snapshot.clock)
        if (this.failures > 0)
          this.options.sink.workerRestored(this.lastFailure, m.snapshot.simTimeMs, s.log.length)
        this.failures = 0
        return
      }
      case 'snapshot':
        this.track(m.snapshot.simTimeMs, m.snapshot.clock)
        return
      case 'patch':
        this.track(m.simTimeMs, m.clock)
        return
      case 'logged':
        // Entries arrive in order; the replayed ones are already in the log.
        if (m.seq === s.log.length) s.log.push(m.entry)
        s.simTimeMs = m.simTimeMs
        this.saveSoon()
        return
      case 'sessionRefused':
        this.afterLaunch(() => this.refused(m.reason))
        return
      case 'fatal':
        this.afterLaunch(() => this.fail(m.message))
        return
      default:
        return
    }
  }

  /** Follows the sim clock: a clock change is saved at once, time alone every few seconds. */
  private track(simTimeMs: number, clock: { playing: boolean; speed: number; cursor: number }) {
    const s = this.session
    const clockChanged =
      s.clock.playing !== clock.playing ||
      s.clock.speed !== clock.speed ||
      s.clock.cursor !== clock.cursor
    const timeChanged = s.simTimeMs !== simTimeMs
    s.simTimeMs = simTimeMs
    s.clock = { playing: clock.playing, speed: clock.speed, cursor: clock.cursor }
    if (clockChanged) this.saveSoon()
    else if (timeChanged) this.saveSoon(this.options.saveEveryMs ?? 3000)
  }

  /** The worker could not rebuild this session: go back to the one it replaced. */
  private refused(reason: string): void {
    const fallback = this.fallback
    if (!fallback) {
      this.options.sink.workerGaveUp(reason)
      return
    }
    this.fallback = undefined
    this.options.sink.sessionError(fallback.source, reason)
    this.session = copy(fallback.session)
    if (this.previous && JSON.stringify(this.previous) === JSON.stringify(fallback.session))
      this.previous = undefined
    this.launchWorker(false)
    this.saveSoon()
  }

  /** The worker threw or died: start another from the session, keeping what it never confirmed. */
  private fail(reason: string): void {
    if (this.disposed) return
    this.failures++
    this.lastFailure = reason
    if (this.failures > MAX_FAILURES_IN_A_ROW) {
      this.worker?.terminate()
      this.worker = undefined
      this.generation++
      if (this.fallback) {
        this.refused(
          `the simulation failed ${MAX_FAILURES_IN_A_ROW} times rebuilding it (${reason})`,
        )
        return
      }
      this.options.sink.workerGaveUp(reason)
      return
    }
    this.options.sink.workerFailed(reason)
    this.launchWorker(true)
  }

  private startHeartbeat(): void {
    const every = this.options.pingAfterMs ?? 2000
    const check = () => {
      if (this.disposed) return
      this.heartbeat = this.timers.setTimeout(check, every)
      // After giving up there is no worker to watch until the user starts another session.
      if (!this.worker) return
      const now = this.timers.now()
      const busy = !this.connected || (this.client?.inFlight() ?? 0) > 0
      const limit = busy
        ? (this.options.busyWithinMs ?? 120_000)
        : (this.options.answerWithinMs ?? 15_000)
      if (this.pingSentAt !== undefined && now - this.pingSentAt > limit) {
        this.fail(
          this.connected
            ? 'the simulation worker stopped answering'
            : 'the simulation worker did not start',
        )
      } else if (this.pingSentAt === undefined && now - this.lastHeardAt >= every) {
        this.pingSentAt = now
        this.worker.port.post({ type: 'ping', nonce: ++this.nonce })
      }
    }
    this.heartbeat = this.timers.setTimeout(check, every)
  }

  /** Saves after delayMs (at once by default); a save already scheduled sooner stands. */
  private saveSoon(delayMs = 0): void {
    if (this.disposed || !this.client) return
    const due = Math.max(0, this.lastSavedAt + delayMs - this.timers.now())
    if (this.saveTimer !== undefined) {
      if (delayMs > 0) return
      this.timers.clearTimeout(this.saveTimer)
    }
    this.saveTimer = this.timers.setTimeout(
      () => {
        this.saveTimer = undefined
        void this.save()
      },
      delayMs === 0 ? 0 : due,
    )
  }

  private async save(): Promise<void> {
    if (this.saving) {
      this.dirty = true
      return
    }
    this.saving = true
    this.options.sink.saveStateChanged('saving')
    try {
      do {
        this.dirty = false
        this.lastSavedAt = this.timers.now()
        await this.options.storage.save(this.current())
      } while (this.dirty && !this.disposed)
      this.options.sink.saveStateChanged('saved')
    } catch (e) {
      this.options.sink.saveStateChanged('error', errorText(e))
    } finally {
      this.saving = false
    }
  }
}
