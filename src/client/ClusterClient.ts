/**
 * The UI's end of protocol v1: the handshake, commands with their results, clock controls, and
 * patches handed to a sink in revision order. A gap in revisions asks the worker for a resync; each
 * applied patch is acknowledged only when the UI is ready for the next one (after a frame).
 */
import type { CommandResult, Trace, TraceRequest } from '../engine'
import type {
  ClientPort,
  ClusterSnapshot,
  ConnectionStatus,
  PatchMessage,
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
  dispose(): void
}

export interface ClientOptions {
  /** The scenario and seed to ask the worker for. */
  scenario?: string
  seed?: number
  /** When to acknowledge a patch; the app waits for the next animation frame, tests ack at once. */
  scheduleAck?: (ack: () => void) => void
}

export function createClusterClient(
  port: ClientPort,
  sink: ClusterSink,
  options: ClientOptions = {},
): ClusterClient {
  const scheduleAck = options.scheduleAck ?? ((ack: () => void) => ack())
  const pending = new Map<number, (result: CommandResult) => void>()
  const traces = new Map<number, { resolve: (t: Trace) => void; reject: (e: Error) => void }>()
  let nextTraceId = 1
  let nextCommandId = 1
  let rev: number | undefined
  let awaitingSnapshot = true
  let disposed = false

  function onMessage(message: WorkerMessage): void {
    if (disposed) return
    switch (message.type) {
      case 'connected':
      case 'snapshot':
        rev = message.snapshot.rev
        awaitingSnapshot = false
        sink.applySnapshot(message.snapshot)
        sink.setConnection('connected')
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
          port.post({ type: 'resync' })
          return
        }
        rev = message.toRev
        sink.applyPatch(message)
        scheduleAck(() => {
          if (!disposed) port.post({ type: 'ack', rev: message.toRev })
        })
        return
      case 'commandResult': {
        const resolve = pending.get(message.commandId)
        pending.delete(message.commandId)
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

  const unlisten = port.listen(onMessage)
  sink.setConnection('connecting')
  port.post({
    type: 'connect',
    protocolVersion: PROTOCOL_VERSION,
    ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  })

  return {
    run(command, stdin) {
      const commandId = nextCommandId++
      return new Promise<CommandResult>((resolve) => {
        pending.set(commandId, resolve)
        port.post({
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
        traces.set(requestId, { resolve, reject })
        port.post({ type: 'trace', requestId, request })
      })
    },
    play: () => port.post({ type: 'clock', action: 'play' }),
    pause: () => port.post({ type: 'clock', action: 'pause' }),
    step: () => port.post({ type: 'clock', action: 'step' }),
    stepDecision: (deployment) => port.post({ type: 'clock', action: 'stepDecision', deployment }),
    back: () => port.post({ type: 'clock', action: 'back' }),
    setSpeed: (speed) => port.post({ type: 'clock', action: 'speed', speed }),
    dispose() {
      disposed = true
      unlisten()
      for (const resolve of pending.values())
        resolve({ ok: false, output: '', error: 'error: the simulation was stopped' })
      pending.clear()
      for (const waiter of traces.values()) waiter.reject(new Error('the simulation was stopped'))
      traces.clear()
    },
  }
}
