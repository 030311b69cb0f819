/**
 * Traffic mode in Node (`npm run bench -- traffic`): on the 100-node cluster with web behind a
 * Service and a client pod, `sim traffic start client web --rate 100` for 20 sim-seconds (2,000
 * requests, each resolved by DNS, sent through kube-proxy's rules and the pod network, counted),
 * with 100, 1,000 and 5,000 web pods; then the same stream during a rolling update of 1,000 replicas
 * (maxSurge 25%, maxUnavailable 25%) against the rollout alone, so the share traffic takes of the simulation's time shows.
 */
import { runCommand } from '../src/engine/commands/runCommand'
import type { Deployment } from '../src/engine/model/apps'
import { SimulationCore } from '../src/engine/runtime/Simulation'
import { findScenario } from '../src/engine/scenarios/scenarios'

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 80
`

const CLIENT = `apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  nodeName: node1
  tolerations:
  - operator: Exists
  containers:
  - name: client
    image: busybox:1.36
    command: ["sleep", "infinity"]
`

function run(core: SimulationCore, line: string, stdin?: string): void {
  const r = runCommand(core, line, stdin)
  if (!r.ok) throw new Error(`${line}: ${r.error}`)
}

function settle(core: SimulationCore, done: () => boolean, what: string): void {
  while (!done()) if (core.step() === undefined) throw new Error(`went idle before ${what}`)
}

/** bench-100 with web at `replicas`, its Service and a client pod, all ready. */
function cluster(replicas: number): SimulationCore {
  const core = new SimulationCore(42, 'bench-100')
  findScenario('bench-100')?.build(core)
  run(core, 'kubectl apply -f -', SERVICE)
  run(core, 'kubectl apply -f -', CLIENT)
  run(core, `kubectl scale deployment/web --replicas=${replicas}`)
  const web = () => core.store.get<Deployment>('Deployment/default/web')
  settle(core, () => web()?.status.availableReplicas === replicas, `${replicas} pods were ready`)
  core.advanceTo(core.simTimeMs + 5_000)
  return core
}

function trafficFlow(core: SimulationCore) {
  const flow = core.ctx.state.traffic.flows[0]
  if (!flow) throw new Error('no flow')
  return flow
}

/** µs of wall time per request over 20 sim-seconds at 100 requests per second. */
function perRequest(core: SimulationCore): { us: number; sent: number; failed: number } {
  run(core, 'sim traffic start client web --rate 100')
  core.advanceTo(core.simTimeMs + 1_000) // warm-up
  const before = trafficFlow(core).sent
  const start = performance.now()
  core.advanceTo(core.simTimeMs + 20_000)
  const ms = performance.now() - start
  const flow = trafficFlow(core)
  run(core, 'sim traffic stop')
  const sent = flow.sent - before
  return { us: (ms * 1000) / sent, sent, failed: flow.failed }
}

/** Wall ms of a rolling update of web to nginx:1.26, with or without a stream of 100/s. */
function rollout(replicas: number, traffic: boolean): { ms: number; sent: number; failed: number } {
  const core = cluster(replicas)
  run(
    core,
    `kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}'`,
  )
  if (traffic) run(core, 'sim traffic start client web --rate 100')
  const start = performance.now()
  run(core, 'kubectl set image deployment/web nginx=nginx:1.26')
  const web = () => core.store.get<Deployment>('Deployment/default/web')
  settle(
    core,
    () => {
      const d = web()
      return (
        d?.status.observedGeneration === d?.metadata.generation &&
        d?.status.updatedReplicas === replicas &&
        d.status.availableReplicas === replicas &&
        d.status.replicas === replicas
      )
    },
    'the rollout ended',
  )
  const ms = performance.now() - start
  const flow = traffic ? trafficFlow(core) : undefined
  return { ms, sent: flow?.sent ?? 0, failed: flow?.failed ?? 0 }
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 })

console.log('| web pods | requests | failed | wall per request |')
console.log('| -------: | -------: | -----: | ---------------: |')
for (const replicas of [100, 1_000, 5_000]) {
  const r = perRequest(cluster(replicas))
  console.log(`| ${fmt(replicas)} | ${fmt(r.sent)} | ${r.failed} | ${r.us.toFixed(0)} µs |`)
}

const alone = rollout(1_000, false)
const withTraffic = rollout(1_000, true)
console.log('\n| rolling update of 1,000 replicas (100 nodes) | wall | requests | failed |')
console.log('| -------------------------------------------- | ---: | -------: | -----: |')
console.log(`| without traffic | ${fmt(alone.ms)} ms | – | – |`)
console.log(
  `| with 100 requests per sim-second | ${fmt(withTraffic.ms)} ms | ${fmt(withTraffic.sent)} | ${withTraffic.failed} |`,
)
console.log(
  `\nTraffic's share: ${((withTraffic.ms / alone.ms - 1) * 100).toFixed(0)}% more wall time.`,
)
