/**
 * The Web Worker entry: one simulation, hosted behind protocol v1. This layer is the only one that
 * reads wall-clock time. Depends on the engine and the protocol.
 */
/// <reference lib="webworker" />
import { createSimulation, restoreSimulation } from '../engine'
import type { ClientMessage, HostPort, WorkerMessage } from '../protocol'
import type { HostEnvironment } from './SimulationHost'
import { SimulationHost } from './SimulationHost'

declare const self: DedicatedWorkerGlobalScope

const FRAME_MS = 16

const env: HostEnvironment = {
  now: () => performance.now(),
  startTicker(fn) {
    const id = setInterval(fn, FRAME_MS)
    return () => clearInterval(id)
  },
}

function post(message: WorkerMessage): void {
  self.postMessage(message)
}

const port: HostPort = {
  post,
  listen(handler) {
    const listener = (e: MessageEvent<ClientMessage>) => handler(e.data)
    self.addEventListener('message', listener)
    return () => self.removeEventListener('message', listener)
  },
}

new SimulationHost(
  {
    create(options) {
      try {
        return createSimulation(options)
      } catch (e) {
        post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) })
        throw e
      }
    },
    restore: (snapshot) => restoreSimulation(snapshot),
  },
  port,
  env,
)
