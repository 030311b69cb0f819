/**
 * Engine benchmarks in Node: wall time and simulation tasks per second for scaling web from 0 to
 * 1,000 and to 10,000 pods on a 100-node cluster until every pod is ready, and their ratio (near 10
 * means the cost per pod stays flat). Run with `npm run bench`; the README keeps the latest figures.
 */
import { createSimulation } from '../src/engine'
import type { Deployment } from '../src/engine/model/apps'

interface Result {
  name: string
  wallMs: number
  tasks: number
  simMs: number
}

function scaleUntilReady(replicas: number): Result {
  const sim = createSimulation({ scenario: 'bench-100', seed: 42 })
  const tasksBefore = sim.tasksRun()
  const simBefore = sim.simTimeMs
  const start = performance.now()
  const result = sim.run(`kubectl scale deployment/web --replicas=${replicas}`)
  if (!result.ok) throw new Error(result.error)
  for (;;) {
    const web = sim.object('Deployment/default/web') as Deployment | undefined
    if (web?.status.readyReplicas === replicas && web.status.availableReplicas === replicas) break
    if (sim.step() === undefined) throw new Error(`went idle before ${replicas} pods were ready`)
  }
  return {
    name: `scale web 0 → ${replicas.toLocaleString('en-US')} (100 nodes)`,
    wallMs: performance.now() - start,
    tasks: sim.tasksRun() - tasksBefore,
    simMs: sim.simTimeMs - simBefore,
  }
}

function row(r: Result): string {
  const perSecond = Math.round(r.tasks / (r.wallMs / 1000))
  return `| ${r.name} | ${r.wallMs.toFixed(0)} ms | ${r.tasks.toLocaleString('en-US')} | ${perSecond.toLocaleString('en-US')} | ${(r.simMs / 1000).toFixed(1)} s |`
}

/** The run with the median wall time of `runs` runs. */
function median(runs: number, replicas: number): Result {
  const results = Array.from({ length: runs }, () => scaleUntilReady(replicas)).sort(
    (a, b) => a.wallMs - b.wallMs,
  )
  return results[Math.floor(results.length / 2)] as Result
}

// Untimed warm-up so the JIT has compiled the hot paths before anything is measured.
scaleUntilReady(1_000)
const small = median(5, 1_000)
const large = median(3, 10_000)

console.log('Median of 5 runs (1,000) and of 3 runs (10,000), after one untimed warm-up run.\n')
console.log('| benchmark | wall | tasks | tasks/s | sim time |')
console.log('|---|---:|---:|---:|---:|')
console.log(row(small))
console.log(row(large))
console.log(
  `\nratio 10,000 / 1,000 pods: ${(large.wallMs / small.wallMs).toFixed(1)}× wall time (targets: ≤ 12×, and 0 → 1,000 in < 500 ms)`,
)
