/**
 * The UI's end of protocol v2: the handshake, commands with their results, clock controls, and
 * patches handed to a sink in revision order. A gap in revisions asks the worker for a resync; each
 * applied patch is acknowledged only when the UI is ready for the next one (after a frame).
 *
 * The client outlives its worker: `reconnect` moves it to a new one, and the commands and steps
 * the old worker never confirmed (no `logged` message came back) are sent again, once, so a crash
 * loses none of them.
 */
import type { CommandResult, Trace, TraceRequest } from '../engine'
import type {
  ClientMessage,
  ClientPort,
  ClusterSnapshot,
  ConnectionStatus,
  PatchMessage,
  SessionReplay,
  WorkerMessage,
} from '../protocol'
import { PROTOCOL_VERSION } from '../protocol'

/** Where the client puts what it receives (the store implements this). */
export interface ClusterSink {
  applySnapshot(snapshot: ClusterSnapshot): void
  applyPatch(patch: PatchMessage): void
  setConnection(status: ConnectionStatus, detail?: string): void
}

/** What views use to act on the cluster. */
export interface ClusterClient {
  run(command: string, stdin?: string): Promise<CommandResult>
  /** Traces a packet and its reply; rejects with kubectl's message when an endpoint is wrong. */
  trace(request: TraceRequest): Promise<Trace>
  play(): void
  pause(): void
  step(): void
  /** Runs until the Deployment controller's next decision about this Deployment. */
  stepDecision(deploymentKey: string): void
  /** Undoes the last step. */
  back(): void
  setSpeed(speed: number): void
  /**
   * Moves to another worker and connects with these options. With keepPending, what the old worker
   * never confirmed is sent again after the new one connects; without, it is answered with an error
   * (the session was replaced).
   */
  reconnect(port: ClientPort, connect: ConnectOptions, keepPending: boolean): void
  /** How many commands, steps and traces the worker has not answered yet (it may be busy). */
  inFlight(): number
  dispose(): void
}

/** What `connect` asks the worker for. */
export interface ConnectOptions {
  /** The scenario and seed to ask the worker for. */
  scenario?: string
  seed?: number
  /** A session to rebuild. */
  replay?: SessionReplay
}

export interface ClientOptions extends ConnectOptions {
  /** When to acknowledge a patch; the app waits for the next animation frame, tests ack at once. */
  scheduleAck?: (ack: () => void) => void
}

/** The result a command gets when the simulation failed twice while running it. */
export const COMMAND_DROPPED: CommandResult = {
  ok: false,
  output: '',
  error:
    'error: the simulation stopped twice while running this command, so it was not applied again',
}

/** A message that changes the simulation, kept until the worker confirms it in a `logged` message. */
interface Unconfirmed {
  message: ClientMessage
  /** How many workers it was sent to. */
  attempts: number
}

export function createClusterClient(
  port: ClientPort,
  sink: ClusterSink,
  options: ClientOptions = {},
): ClusterClient {
  const scheduleAck = options.scheduleAck ?? ((ack: () => void) => ack())
  const pending = new Map<number, (result: CommandResult) => void>()
  const unconfirmed = new Map<number, Unconfirmed>()
  const traces = new Map<
    number,
    { request: TraceRequest; resolve: (t: Trace) => void; reject: (e: Error) => void }
  >()
  let nextTraceId = 1
  let nextCommandId = 1
  let rev: number | undefined
  let awaitingSnapshot = true
  let disposed = false
  /** Between `reconnect` and `connected`: changes wait, to be sent in order after the replay. */
  let holding = false
  let currentPort = port

  /** Sends a message that changes the simulation, or keeps it for the next worker. */
  function sendChange(commandId: number, message: ClientMessage): void {
    unconfirmed.set(commandId, { message, attempts: holding ? 0 : 1 })
    if (!holding) currentPort.post(message)
  }

  /** After a reconnect: what the old worker never confirmed goes to the new one, in order. */
  function release(): void {
    holding = false
    for (const [commandId, resolve] of pending) {
      if (unconfirmed.has(commandId)) continue
      // Applied and logged, but its answer died with the old worker.
      pending.delete(commandId)
      resolve({ ok: true, output: '(applied; its output was lost when the simulation restarted)' })
    }
    for (const [commandId, out] of [...unconfirmed].sort((a, b) => a[0] - b[0])) {
      if (out.attempts >= 2) {
        unconfirmed.delete(commandId)
        pending.get(commandId)?.(COMMAND_DROPPED)
        pending.delete(commandId)
        continue
      }
      out.attempts++
      currentPort.post(out.message)
    }
    for (const [requestId, { request }] of traces)
      currentPort.post({ type: 'trace', requestId, request })
  }

  function onMessage(message: WorkerMessage, from: ClientPort): void {
    if (disposed || from !== currentPort) return
    switch (message.type) {
      case 'connected':
      case 'snapshot':
        rev = message.snapshot.rev
        awaitingSnapshot = false
        sink.applySnapshot(message.snapshot)
        sink.setConnection('connected')
        if (message.type === 'connected' && holding) release()
        return
      case 'logged':
        if (message.commandId !== undefined) unconfirmed.delete(message.commandId)
        return
      case 'incompatible':
        sink.setConnection('incompatible', message.reason)
        return
      case 'fatal':
        sink.setConnection('failed', message.message)
        return
      case 'patch':
        if (awaitingSnapshot) return
        if (message.fromRev !== rev) {
          awaitingSnapshot = true
          from.post({ type: 'resync' })
          return
        }
        rev = message.toRev
        sink.applyPatch(message)
        scheduleAck(() => {
          // An ack for a patch of the previous worker would confuse the new one.
          if (!disposed && currentPort === from) from.post({ type: 'ack', rev: message.toRev })
        })
        return
      case 'commandResult': {
        const resolve = pending.get(message.commandId)
        pending.delete(message.commandId)
        unconfirmed.delete(message.commandId)
        resolve?.(message.result)
        return
      }
      case 'traceResult': {
        const waiter = traces.get(message.requestId)
        traces.delete(message.requestId)
        if (message.trace) waiter?.resolve(message.trace)
        else waiter?.reject(new Error(message.error ?? 'trace failed'))
        return
      }
    }
  }

  function connect(to: ClientPort, connectOptions: ConnectOptions): () => void {
    const unlistenPort = to.listen((m) => onMessage(m, to))
    sink.setConnection('connecting')
    to.post({
      type: 'connect',
      protocolVersion: PROTOCOL_VERSION,
      ...(connectOptions.scenario !== undefined ? { scenario: connectOptions.scenario } : {}),
      ...(connectOptions.seed !== undefined ? { seed: connectOptions.seed } : {}),
      ...(connectOptions.replay !== undefined ? { replay: connectOptions.replay } : {}),
    })
    return unlistenPort
  }

  /** Answers everything still waiting, when the session it belonged to is gone. */
  function abandon(error: string): void {
    for (const resolve of pending.values()) resolve({ ok: false, output: '', error })
    pending.clear()
    unconfirmed.clear()
    for (const waiter of traces.values()) waiter.reject(new Error(error))
    traces.clear()
  }

  let unlisten = connect(port, options)

  return {
    run(command, stdin) {
      const commandId = nextCommandId++
      return new Promise<CommandResult>((resolve) => {
        pending.set(commandId, resolve)
        sendChange(commandId, {
          type: 'command',
          commandId,
          command,
          ...(stdin !== undefined ? { stdin } : {}),
        })
      })
    },
    trace(request) {
      const requestId = nextTraceId++
      return new Promise<Trace>((resolve, reject) => {
        traces.set(requestId, { request, resolve, reject })
        if (!holding) currentPort.post({ type: 'trace', requestId, request })
      })
    },
    play: () => currentPort.post({ type: 'clock', action: 'play' }),
    pause: () => currentPort.post({ type: 'clock', action: 'pause' }),
    step() {
      const commandId = nextCommandId++
      sendChange(commandId, { type: 'clock', action: 'step', commandId })
    },
    stepDecision(deployment) {
      const commandId = nextCommandId++
      sendChange(commandId, { type: 'clock', action: 'stepDecision', deployment, commandId })
    },
    back() {
      const commandId = nextCommandId++
      sendChange(commandId, { type: 'clock', action: 'back', commandId })
    },
    setSpeed: (speed) => currentPort.post({ type: 'clock', action: 'speed', speed }),
    reconnect(nextPort, connectOptions, keepPending) {
      if (disposed) return
      unlisten()
      if (!keepPending) abandon('error: the session was replaced before this command ran')
      currentPort = nextPort
      rev = undefined
      awaitingSnapshot = true
      holding = true
      unlisten = connect(nextPort, connectOptions)
    },
    inFlight: () => unconfirmed.size + traces.size,
    dispose() {
      disposed = true
      unlisten()
      abandon('error: the simulation was stopped')
    },
  }
}
