/**
 * Rolling-update benchmarks in Node: web with 1,000 and with 10,000 replicas on a 100-node cluster,
 * strategy 25% / 25%, updated to a new image and run until the rollout completes (every replica
 * updated and available, the old ReplicaSet at 0). Prints wall time, simulation tasks per second
 * and the ratio of the two (budget: 10,000 at most 12× 1,000; 1,000 in under 1 s).
 */
import { createSimulation } from '../src/engine'
import type { Simulation } from '../src/engine'
import type { Deployment } from '../src/engine/model/apps'

interface Result {
  name: string
  wallMs: number
  tasks: number
  simMs: number
}

function web(sim: Simulation): Deployment {
  return sim.object('Deployment/default/web') as Deployment
}

function runUntil(sim: Simulation, done: () => boolean, what: string): void {
  while (!done()) if (sim.step() === undefined) throw new Error(`went idle before ${what}`)
}

function rollout(replicas: number): Result {
  const sim = createSimulation({ scenario: 'bench-100', seed: 42 })
  const setup = [
    `kubectl patch deployment web --type=merge -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}'`,
    `kubectl scale deployment/web --replicas=${replicas}`,
  ]
  for (const command of setup) {
    const r = sim.run(command)
    if (!r.ok) throw new Error(r.error)
  }
  runUntil(sim, () => web(sim).status.availableReplicas === replicas, `${replicas} pods were ready`)
  const tasksBefore = sim.tasksRun()
  const simBefore = sim.simTimeMs
  const start = performance.now()
  const r = sim.run('kubectl set image deployment/web nginx=nginx:1.26')
  if (!r.ok) throw new Error(r.error)
  runUntil(
    sim,
    () => {
      const s = web(sim).status
      return (
        s.observedGeneration === web(sim).metadata.generation &&
        s.updatedReplicas === replicas &&
        s.replicas === replicas &&
        s.availableReplicas === replicas
      )
    },
    'the rollout completed',
  )
  return {
    name: `rolling update of ${replicas.toLocaleString('en-US')} replicas, 25%/25% (100 nodes)`,
    wallMs: performance.now() - start,
    tasks: sim.tasksRun() - tasksBefore,
    simMs: sim.simTimeMs - simBefore,
  }
}

function row(r: Result): string {
  return `| ${r.name} | ${r.wallMs.toFixed(0)} ms | ${r.tasks.toLocaleString('en-US')} | ${Math.round(r.tasks / (r.wallMs / 1000)).toLocaleString('en-US')} | ${(r.simMs / 1000).toFixed(1)} s |`
}

function median(runs: number, replicas: number): Result {
  const results = Array.from({ length: runs }, () => rollout(replicas)).sort(
    (a, b) => a.wallMs - b.wallMs,
  )
  return results[Math.floor(results.length / 2)] as Result
}

rollout(1_000)
const small = median(3, 1_000)
const large = median(1, 10_000)
console.log('Median of 3 runs (1,000) and one run (10,000), after one untimed warm-up run.\n')
console.log('| benchmark | wall | tasks | tasks/s | sim time |')
console.log('|---|---:|---:|---:|---:|')
console.log(row(small))
console.log(row(large))
console.log(
  `\nratio 10,000 / 1,000 replicas: ${(large.wallMs / small.wallMs).toFixed(1)}× wall time (targets: ≤ 12×, and 1,000 in < 1 s)`,
)
