/**
 * The Web Worker entry: one simulation, hosted behind protocol v2. This layer is the only one that
 * reads wall-clock time. Depends on the engine and the protocol.
 */
/// <reference lib="webworker" />
import { SCENARIO_LIST, createSimulation, restoreSimulation } from '../engine'
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
  // The debugging aid behind `__kp.crashWorker(mode)`: each is a way a real worker fails.
  crash(mode) {
    if (mode === 'exit') self.close()
    else if (mode === 'hang') {
      const until = performance.now() + 10 * 60_000
      while (performance.now() < until) {
        // Busy, answering nothing, until the page gives up on this worker and terminates it.
      }
    } else
      setTimeout(() => {
        throw new Error('crash requested with __kp.crashWorker() (a debugging aid)')
      })
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
    create: (options) => createSimulation(options),
    restore: (snapshot) => restoreSimulation(snapshot),
    scenarios: SCENARIO_LIST,
  },
  port,
  env,
)
