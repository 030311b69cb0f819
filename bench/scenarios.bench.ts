/**
 * Scenario benchmark (`npm run bench -- scenarios`): how long each big cluster takes to build in
 * Node (the worker does the same on page load), and that it comes up settled (every web pod
 * Running and Ready, no shared address). nodes-250 is checked here rather than in a unit test.
 */
import { SimulationCore } from '../src/engine/runtime/Simulation'
import { findScenario } from '../src/engine/scenarios/scenarios'
import { settledProblems } from '../src/engine/scenarios/bigClusterChecks'

const cases = [
  { name: 'nodes-20', nodes: 20, webReplicas: 200 },
  { name: 'nodes-50', nodes: 50, webReplicas: 1000 },
  { name: 'nodes-250', nodes: 250, webReplicas: 5000 },
]

console.log('| scenario | pods | build (s of CPU) | settled |')
console.log('|---|---:|---:|---|')
let failed = false
for (const c of cases) {
  const started = performance.now()
  const core = new SimulationCore(42, c.name)
  findScenario(c.name)?.build(core)
  const seconds = (performance.now() - started) / 1000
  const problems = settledProblems(core, c)
  failed ||= problems.length > 0
  const pods = [...core.store.list('Pod')].length
  console.log(
    `| ${c.name} | ${pods} | ${seconds.toFixed(1)} | ${problems.length === 0 ? 'yes' : problems.join('; ')} |`,
  )
}
if (failed) process.exitCode = 1
