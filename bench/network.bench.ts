/**
 * Network benchmarks in Node (`npm run bench -- network`):
 * (i) trace computation on the 100-node cluster with web at 5,000 pods: median and p99 µs per
 *     trace for pod → pod on the same node, pod → pod across nodes, and node → pod on another node;
 * (ii) the cost of keeping the network index up to date after one pod change (a pod's DELETED and
 *     ADDED watch events) at 1,000 and at 10,000 pods, and their ratio (it should stay near 1).
 */
import { SimulationCore } from '../src/engine/runtime/Simulation'
import { findScenario } from '../src/engine/scenarios/scenarios'
import { runCommand } from '../src/engine/commands/runCommand'
import { trace } from '../src/engine/network/trace/trace'
import type { TraceRequest } from '../src/engine/network/trace/trace'
import type { Deployment } from '../src/engine/model/apps'
import type { Pod } from '../src/engine/model/pod'

/** bench-100 with web scaled to `replicas`, run until every replica is available. */
function cluster(replicas: number): SimulationCore {
  const core = new SimulationCore(42, 'bench-100')
  findScenario('bench-100')?.build(core)
  const r = runCommand(core, `kubectl scale deployment/web --replicas=${replicas}`)
  if (!r.ok) throw new Error(r.error)
  const web = () => core.store.get<Deployment>('Deployment/default/web')
  while (web()?.status.availableReplicas !== replicas)
    if (core.step() === undefined) throw new Error(`went idle before ${replicas} pods were ready`)
  return core
}

function webPods(core: SimulationCore): Pod[] {
  return [...core.store.list<Pod>('Pod')]
    .filter((p) => p.metadata.labels?.app === 'web' && p.status.podIP)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
}

/** `count` requests of each kind, spread over the cluster by stepping through the pods. */
function requests(core: SimulationCore, count: number): Record<string, TraceRequest[]> {
  const pods = webPods(core)
  const byNode = new Map<string, Pod[]>()
  for (const p of pods)
    byNode.set(p.spec.nodeName ?? '', [...(byNode.get(p.spec.nodeName ?? '') ?? []), p])
  const out: Record<string, TraceRequest[]> = {
    'pod → pod, same node': [],
    'pod → pod, across nodes': [],
    'node → pod, across nodes': [],
  }
  for (let i = 0; i < count; i++) {
    const a = pods[(i * 7919) % pods.length] as Pod
    const b = pods[(i * 104729 + 13) % pods.length] as Pod
    const sameNode = byNode.get(a.spec.nodeName ?? '') ?? []
    const peer = sameNode[(i + 1) % sameNode.length] as Pod
    out['pod → pod, same node']?.push({ from: a.metadata.name, to: peer.metadata.name })
    const far =
      b.spec.nodeName === a.spec.nodeName ? (pods[(i * 104729 + 97) % pods.length] as Pod) : b
    out['pod → pod, across nodes']?.push({ from: a.metadata.name, to: far.metadata.name })
    const node = b.spec.nodeName === 'node1' ? 'node2' : 'node1'
    out['node → pod, across nodes']?.push({ from: `node/${node}`, to: b.metadata.name })
  }
  return out
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number
}

/**
 * µs per trace for each request, sorted: each request is traced 3 times (after one untimed pass over
 * them all) and its fastest time kept, so that a pause of the machine does not pass for a slow trace.
 */
function timeTraces(core: SimulationCore, reqs: readonly TraceRequest[]): number[] {
  for (const req of reqs) {
    const t = trace(core.network, core.store, req)
    if (t.result !== 'delivered') throw new Error(`${req.from} → ${req.to}: ${t.reason}`)
  }
  const best = reqs.map(() => Infinity)
  for (let pass = 0; pass < 3; pass++)
    reqs.forEach((req, i) => {
      const start = performance.now()
      trace(core.network, core.store, req)
      best[i] = Math.min(best[i] as number, (performance.now() - start) * 1000)
    })
  return best.sort((a, b) => a - b)
}

/** One round: each pod deleted and added back through NetworkIndex.onWatch; µs per event. */
function indexRound(core: SimulationCore, pods: readonly Pod[]): number {
  const start = performance.now()
  for (const pod of pods) {
    const key = `Pod/${pod.metadata.namespace}/${pod.metadata.name}`
    core.network.onWatch({ type: 'DELETED', key, object: pod })
    core.network.onWatch({ type: 'ADDED', key, object: pod })
  }
  return ((performance.now() - start) * 1000) / (2 * pods.length)
}

/** Median µs per event for each cluster, rounds alternating between them so load drift evens out. */
function timeIndexUpdates(
  cores: readonly SimulationCore[],
  sample: number,
  rounds: number,
): number[] {
  const samples = cores.map((c) => webPods(c).slice(0, sample))
  const times = cores.map(() => [] as number[])
  for (let r = 0; r <= rounds; r++)
    cores.forEach((core, i) => {
      const us = indexRound(core, samples[i] as Pod[])
      // Round 0 is the warm-up.
      if (r > 0) times[i]?.push(us)
    })
  return times.map((t) =>
    percentile(
      [...t].sort((a, b) => a - b),
      0.5,
    ),
  )
}

const big = cluster(5_000)
console.log(
  `Traces on 100 nodes, ${webPods(big).length.toLocaleString('en-US')} web pods: 500 of each kind, the fastest of 3 timings of each.\n`,
)
console.log('| trace | median | p99 |')
console.log('|---|---:|---:|')
const all: number[] = []
for (const [kind, reqs] of Object.entries(requests(big, 500))) {
  const us = timeTraces(big, reqs)
  all.push(...us)
  console.log(
    `| ${kind} | ${percentile(us, 0.5).toFixed(0)} µs | ${percentile(us, 0.99).toFixed(0)} µs |`,
  )
}
all.sort((a, b) => a - b)
console.log(
  `| all | ${percentile(all, 0.5).toFixed(0)} µs | ${percentile(all, 0.99).toFixed(0)} µs |`,
)

const SAMPLE = 1_000
const ROUNDS = 40
const [small = 0, large = 0] = timeIndexUpdates([cluster(1_000), cluster(10_000)], SAMPLE, ROUNDS)
console.log(
  `\nNetwork index update per pod change (DELETED or ADDED watch event), ${SAMPLE.toLocaleString('en-US')} pods × 2 events, median of ${ROUNDS} rounds alternating between the two clusters, after a warm-up round.\n`,
)
console.log('| cluster | per change |')
console.log('|---|---:|')
console.log(`| 1,000 pods (100 nodes) | ${small.toFixed(2)} µs |`)
console.log(`| 10,000 pods (100 nodes) | ${large.toFixed(2)} µs |`)
console.log(`\nratio 10,000 / 1,000 pods: ${(large / small).toFixed(2)}× (flat is 1×)`)
