/**
 * Test support for the network's tests: a built scenario as a SimulationCore (whose `network` the
 * tests read), commands run against it, and the pods that have a network namespace.
 */
import { SimulationCore } from '../runtime/Simulation'
import { findScenario } from '../scenarios/scenarios'
import { runCommand } from '../commands/runCommand'
import type { Pod } from '../model/pod'
import type { Node } from '../model/node'
import { hasPodNetwork } from '../model/network/interfaces'
import { trace } from './trace/trace'
import type { TraceRequest } from './trace/trace'
import type { Trace } from './trace/types'

/** The networking spec's fixture (§0) or the primer's cluster, built and quiet. */
export function buildCore(scenario: 'fixture' | 'default' | 'bench-100', seed = 1): SimulationCore {
  const core = new SimulationCore(seed, scenario)
  findScenario(scenario)?.build(core)
  return core
}

/** Runs a command line; throws with its error when it fails, so a test cannot go on unnoticed. */
export function run(core: SimulationCore, line: string, stdin?: string): string {
  const result = runCommand(core, line, stdin)
  if (!result.ok) throw new Error(`${line}: ${result.error ?? ''}`)
  return result.output
}

/** Lets sim time pass. */
export function advance(core: SimulationCore, ms: number): void {
  core.advanceTo(core.simTimeMs + ms)
}

export function traceOn(core: SimulationCore, req: TraceRequest): Trace {
  return trace(core.network, core.store, req)
}

export function nodeNames(core: SimulationCore): string[] {
  return [...core.store.list<Node>('Node')].map((n) => n.metadata.name).sort()
}

/** Pods whose sandbox is up on a machine that is still there: they own their address. */
export function podsWithNetwork(core: SimulationCore): Pod[] {
  return [...core.store.list<Pod>('Pod')].filter(
    (p) => hasPodNetwork(p) && core.store.get(`Node/${p.spec.nodeName ?? ''}`) !== undefined,
  )
}
