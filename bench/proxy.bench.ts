/**
 * kube-proxy benchmarks in Node (`npm run bench -- proxy`), on the 100-node cluster:
 * (i) the cost of one endpoint change (an EndpointSlice MODIFIED event, its Service's chains
 *     recomputed) with 100 and with 1,000 Services × 10 endpoints, and their ratio (near 1);
 * (ii) one packet's evaluation (pod → ClusterIP: nat and filter) with 100 and 1,000 Services;
 * (iii) 1,000 Services × 10 endpoints: building the ProxyIndex from their watch events (every
 *     Service port's chains), deriving the nat and filter tables of all 100 nodes, and printing one
 *     node's `iptables-save -t nat`.
 */
import { ObjectStore } from '../src/engine/api/ObjectStore'
import type { EndpointSlice } from '../src/engine/model/endpointSlice'
import type { NodeNet } from '../src/engine/model/network/interfaces'
import type { Service } from '../src/engine/model/service'
import { evaluateIptables } from '../src/engine/network/proxy/evaluate'
import { iptablesTables } from '../src/engine/network/proxy/iptablesTables'
import { ProxyIndex } from '../src/engine/network/proxy/ProxyIndex'
import { endpoint, service, slice } from '../src/engine/network/proxy/testServices'
import { SimulationCore } from '../src/engine/runtime/Simulation'
import { findScenario } from '../src/engine/scenarios/scenarios'

const ENDPOINTS = 10

const core = new SimulationCore(42, 'bench-100')
findScenario('bench-100')?.build(core)
const nodes = [...core.network.nodes()].sort((a, b) => (a.name < b.name ? -1 : 1))

const clusterIP = (s: number) => `10.96.${4 + Math.floor(s / 250)}.${(s % 250) + 1}`

/** Service s and its slice: endpoints spread over the nodes, one address each. */
function objects(s: number, ready = true): [Service, EndpointSlice] {
  const svc = service('default', `svc-${s}`, {
    clusterIP: clusterIP(s),
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
  })
  const eps = Array.from({ length: ENDPOINTS }, (_, i) => {
    const n = (s * ENDPOINTS + i) % nodes.length
    const node = nodes[n] as NodeNet
    const host = 2 + Math.floor((s * ENDPOINTS + i) / nodes.length)
    const ip = `${(node.podCIDR ?? '10.244.0.0/24').split('.').slice(0, 3).join('.')}.${host}`
    return endpoint(ip, node.name, { ready: ready || i > 0, serving: true, terminating: false })
  })
  return [svc, slice('default', `svc-${s}`, [{ name: 'http', protocol: 'TCP', port: 8080 }], eps)]
}

function index(services: number): { store: ObjectStore; proxy: ProxyIndex } {
  const store = new ObjectStore()
  const proxy = new ProxyIndex(store, () => 'iptables')
  store.watch((e) => proxy.onWatch(e))
  for (let s = 0; s < services; s++) for (const o of objects(s)) store.put(o)
  return { store, proxy }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

function timeMs(fn: () => void, runs: number): number {
  fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  return median(times)
}

const node1 = nodes[0] as NodeNet
const big = index(1_000)

/** µs per endpoint change: one endpoint of Service s flips between ready and not, s cycling. */
function changeRound(store: ObjectStore, variants: EndpointSlice[][], round: number): number {
  const start = performance.now()
  variants.forEach((v, i) => store.put(v[(round + i) % 2] as EndpointSlice))
  return ((performance.now() - start) * 1000) / variants.length
}

/** The slices of 200 Services, each with its first endpoint ready and not ready, made beforehand. */
const variants = (services: number) =>
  Array.from({ length: 200 }, (_, i) => {
    const s = (i * 37) % services
    return [objects(s, true)[1], objects(s, false)[1]]
  })

const small = index(100)
const smallVariants = variants(100)
const bigVariants = variants(1_000)
const ROUNDS = 40
const times: [number[], number[]] = [[], []]
for (let r = 0; r <= ROUNDS; r++) {
  const a = changeRound(small.store, smallVariants, r)
  const b = changeRound(big.store, bigVariants, r)
  if (r > 0) {
    times[0].push(a)
    times[1].push(b)
  }
}
// Every endpoint ready again, as at the start, for the tables below.
for (const v of bigVariants) big.store.put(v[0] as EndpointSlice)
const [c100, c1000] = [median(times[0]), median(times[1])]
console.log(
  `\nOne endpoint change (EndpointSlice MODIFIED → that Service's chains recomputed), 200 changes per round, median of ${ROUNDS} rounds alternating between the two indexes.\n`,
)
console.log('| Services | per change |')
console.log('|---|---:|')
console.log(`| 100 | ${c100.toFixed(1)} µs |`)
console.log(`| 1,000 | ${c1000.toFixed(1)} µs |`)
console.log(`\nratio 1,000 / 100 Services: ${(c1000 / c100).toFixed(2)}× (flat is 1×)`)

/** µs per evaluation of pod → ClusterIP (nat DNAT, then filter FORWARD) on node1. */
function evalRound(proxy: ProxyIndex, services: number): number {
  const count = 500
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const pkt = {
      src: '10.244.0.250',
      dst: clusterIP((i * 7) % services),
      proto: 'tcp' as const,
      dport: 80,
    }
    evaluateIptables(proxy, node1, 'PREROUTING', pkt, { draw: (n) => i % n })
  }
  return ((performance.now() - start) * 1000) / count
}
const evals: [number[], number[]] = [[], []]
for (let r = 0; r <= ROUNDS; r++) {
  const a = evalRound(small.proxy, 100)
  const b = evalRound(big.proxy, 1_000)
  if (r > 0) {
    evals[0].push(a)
    evals[1].push(b)
  }
}
console.log(
  `\nOne evaluation, pod → ClusterIP (nat then filter), 500 per round, median of ${ROUNDS} rounds.\n`,
)
console.log('| Services | per packet |')
console.log('|---|---:|')
console.log(`| 100 | ${median(evals[0]).toFixed(1)} µs |`)
console.log(`| 1,000 | ${median(evals[1]).toFixed(1)} µs |`)

// Last, so that the garbage of 100 nodes' tables does not weigh on the figures above.
const buildMs = timeMs(() => index(1_000), 5)
const allNodesMs = timeMs(() => {
  for (const n of nodes) iptablesTables(big.proxy, n)
}, 5)
let saved = ''
const printMs = timeMs(() => {
  saved = iptablesTables(big.proxy, node1).nat.save()
}, 9)
console.log(
  `\n1,000 Services × ${ENDPOINTS} endpoints on ${nodes.length} nodes, median of 5 runs (9 for printing) after a warm-up run.\n`,
)
console.log('| step | time |')
console.log('|---|---:|')
console.log(
  `| build the index (2,000 watch events, every Service port's chains) | ${buildMs.toFixed(1)} ms |`,
)
console.log(
  `| derive the nat and filter tables of all ${nodes.length} nodes | ${allNodesMs.toFixed(1)} ms |`,
)
console.log(
  `| print one node's iptables-save -t nat (${saved.split('\n').length.toLocaleString('en-US')} lines) | ${printMs.toFixed(1)} ms |`,
)
