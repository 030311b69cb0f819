/**
 * Big scenarios take seconds to build (nodes-250: about ten in a browser worker) and every reload or
 * worker restart replays a session from its scenario's start. A built scenario is kept as an engine
 * snapshot in IndexedDB, keyed by scenario and checked against the seed and the worker's build, so
 * the next start restores it (about ten times faster) instead of building it again. The engine
 * guarantees that a restored snapshot continues exactly as the original, so replays are unchanged.
 */
import type { Simulation, SimulationOptions, SimulationSnapshot } from '../engine'
import type { SimulationFactory } from './SimulationHost'

/** Scenarios that build faster than this are not worth keeping. */
export const CACHE_MIN_BUILD_MS = 500

export interface ScenarioCache {
  get(scenario: string, seed: number): Promise<SimulationSnapshot | undefined>
  put(scenario: string, seed: number, snapshot: SimulationSnapshot): Promise<void>
}

/**
 * Wraps a factory: `create` restores a snapshot fetched beforehand (with `prefetch`) when there is
 * one, and otherwise builds, timing the build and handing slow ones to `keep`.
 */
export function cachingFactory(
  base: SimulationFactory,
  now: () => number,
  keep: (scenario: string, seed: number, snapshot: SimulationSnapshot) => void,
): SimulationFactory & {
  prefetched(scenario: string, seed: number, snapshot: SimulationSnapshot): void
} {
  let ready: { scenario: string; seed: number; snapshot: SimulationSnapshot } | undefined
  return {
    ...(base.scenarios ? { scenarios: base.scenarios } : {}),
    restore: (snapshot) => base.restore(snapshot),
    prefetched(scenario, seed, snapshot) {
      ready = { scenario, seed, snapshot }
    },
    create(options: SimulationOptions): Simulation {
      const scenario = options.scenario ?? 'default'
      const seed = options.seed ?? 1
      const hit = ready
      ready = undefined
      if (hit && hit.scenario === scenario && hit.seed === seed) {
        try {
          return base.restore(hit.snapshot)
        } catch {
          // A snapshot this engine cannot read: build instead.
        }
      }
      const startedAt = now()
      const sim = base.create(options)
      if (now() - startedAt >= CACHE_MIN_BUILD_MS) keep(scenario, seed, sim.snapshot())
      return sim
    },
  }
}

const DB_NAME = 'kube-playground-scenarios'
const STORE = 'built'

interface Entry {
  build: string
  seed: number
  snapshot: SimulationSnapshot
}

/**
 * IndexedDB, one entry per scenario (so it stays bounded); `build` names the engine that made the
 * snapshot (the worker script's hashed URL), and an entry from another build is ignored.
 */
export function indexedDbScenarioCache(factory: IDBFactory, build: string): ScenarioCache {
  let db: Promise<IDBDatabase> | undefined
  const open = () =>
    (db ??= new Promise((resolve, reject) => {
      const req = factory.open(DB_NAME, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(STORE)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'))
    }))
  return {
    async get(scenario, seed) {
      const d = await open()
      const entry = await new Promise<unknown>((resolve, reject) => {
        const req = d.transaction(STORE, 'readonly').objectStore(STORE).get(scenario)
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed'))
      })
      const e = entry as Partial<Entry> | undefined
      return e && e.build === build && e.seed === seed ? e.snapshot : undefined
    },
    async put(scenario, seed, snapshot) {
      const d = await open()
      const entry: Entry = { build, seed, snapshot }
      await new Promise<void>((resolve, reject) => {
        const tx = d.transaction(STORE, 'readwrite')
        tx.objectStore(STORE).put(entry, scenario)
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'))
      })
    },
  }
}
