/**
 * A trace of the simulation as it stands: its network, kube-proxy, and a copy of its seeded RNG for
 * the random draws, so that asking changes nothing (the same question gives the same answer until
 * the simulation moves on).
 */
import { deepClone } from '../../kernel/json'
import { Rng } from '../../kernel/Rng'
import type { SimulationCore } from '../../runtime/Simulation'
import type { TraceRequest } from './trace'
import { trace } from './trace'
import type { Trace } from './types'

export function traceOnCore(core: SimulationCore, req: TraceRequest): Trace {
  const rng = new Rng(core.ctx.rng.state())
  return trace(core.network, core.store, req, {
    proxy: core.proxy,
    draw: (n) => rng.int(n),
    detail: true,
    // What the nodes remember of earlier connections (session affinity, IPVS's rr cursor), read
    // from a copy: asking changes nothing.
    affinity: deepClone(core.ctx.state.traffic.affinity ?? { recent: {}, persisted: {} }),
    ipvsRr: (key) => core.ctx.state.traffic.ipvsRr[key] ?? 0,
  })
}
