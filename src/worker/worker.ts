/**
 * The Web Worker entry: one simulation, hosted behind protocol v2. This layer is the only one that
 * reads wall-clock time. Depends on the engine and the protocol.
 */
/// <reference lib="webworker" />
import { SCENARIO_LIST, createSimulation, restoreSimulation } from '../engine'
import type { ClientMessage, HostPort, WorkerMessage } from '../protocol'
import { cachingFactory, indexedDbScenarioCache } from './scenarioCache'
import type { ScenarioCache } from './scenarioCache'
import type { HostEnvironment } from './SimulationHost'
import { SimulationHost } from './SimulationHost'

declare const self: DedicatedWorkerGlobalScope
declare global {
  interface ImportMeta {
    readonly env?: { readonly DEV?: boolean }
  }
}

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

/**
 * Built scenarios kept between page loads, keyed by this worker's URL (hashed by the build). Not in
 * development, where the URL stays the same while the engine changes under it.
 */
const cache: ScenarioCache | undefined =
  import.meta.env?.DEV || typeof indexedDB === 'undefined'
    ? undefined
    : indexedDbScenarioCache(indexedDB, self.location.href)

const factory = cachingFactory(
  {
    create: (options) => createSimulation(options),
    restore: (snapshot) => restoreSimulation(snapshot),
    scenarios: SCENARIO_LIST,
  },
  () => performance.now(),
  (scenario, seed, snapshot) => {
    // Written after this task, so the handshake is not kept waiting for the copy.
    if (cache) setTimeout(() => void cache.put(scenario, seed, snapshot).catch(() => undefined))
  },
)

/** Messages that arrived while the cache was read for the first `connect`, in order. */
let held: ClientMessage[] | undefined
let looked = false

const port: HostPort = {
  post,
  listen(handler) {
    const listener = (e: MessageEvent<ClientMessage>) => {
      const message = e.data
      if (held) {
        held.push(message)
        return
      }
      if (message.type !== 'connect' || !cache || looked) {
        handler(message)
        return
      }
      looked = true
      const queue: ClientMessage[] = [message]
      held = queue
      const scenario = message.scenario ?? 'default'
      const seed = message.seed ?? 1
      void cache
        .get(scenario, seed)
        .catch(() => undefined)
        .then((snapshot) => {
          if (snapshot) factory.prefetched(scenario, seed, snapshot)
          // Out of the promise, so that an error thrown here is an uncaught error the page sees.
          setTimeout(() => {
            for (let next = queue.shift(); next; next = queue.shift()) handler(next)
            held = undefined
          })
        })
    }
    self.addEventListener('message', listener)
    return () => self.removeEventListener('message', listener)
  },
}

new SimulationHost(factory, port, env)
