/**
 * Property test of the cluster network (DESIGN.md §5): random sequences of scale web / delete a
 * pod / add a node / remove a node / switch flannel's backend on the primer's cluster, with virtual
 * time passing in between. After every instant:
 *
 * 1. No two pods with a network namespace (a sandbox with an address, on a machine that is still
 *    there) share an IP.
 * 2. Every such pod's IP lies in its node's spec.podCIDR.
 * 3. Every node has, for each other node and nothing else, exactly one flannel route and, with
 *    VXLAN, one permanent neighbour and one FDB entry on flannel.1 (§3.5); with host-gw one route
 *    via the peer's IP on eth0 and nothing on flannel.1 (§3.6). What they must be is worked out from
 *    the Node objects (podCIDR, InternalIP, flannel's annotations), not from the network index.
 * 4. The network index, kept up to date event by event, equals one rebuilt from scratch.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import type { Node } from '../model/node'
import { nodeInternalIP } from '../model/node'
import type { Pod } from '../model/pod'
import { cidrContains, ipToInt, parseCidr } from '../model/ipv4'
import { FLANNEL_BACKENDS } from '../model/network/facts'
import type { FlannelBackend } from '../model/network/facts'
import { FLANNEL_ANNOTATIONS } from '../model/network/constants'
import { formatFdb, formatNeighbour, formatRoute } from '../model/network/tables'
import { NetworkIndex } from '../network/NetworkIndex'
import { setFlannelBackend } from '../network/flannel'
import { buildCore, podsWithNetwork, run } from '../network/testClusters'

type Action =
  | { kind: 'scale'; replicas: number }
  | { kind: 'deletePod'; index: number }
  | { kind: 'addNode' }
  | { kind: 'removeNode'; index: number }
  | { kind: 'backend'; backend: FlannelBackend }

interface Move {
  action: Action
  waitMs: number
}

const nodes = (core: SimulationCore) =>
  [...core.store.list<Node>('Node')].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))

const network = (cidr: string) => cidr.split('/')[0] as string

function vtepMac(node: Node): string {
  const data = node.metadata.annotations?.[FLANNEL_ANNOTATIONS.backendData] ?? 'null'
  return (JSON.parse(data) as { VtepMAC?: string } | null)?.VtepMAC ?? '(none)'
}

function checkPods(core: SimulationCore, context: string): void {
  const owners = new Map<string, string>()
  for (const pod of podsWithNetwork(core)) {
    const ip = pod.status.podIP as string
    const name = `${pod.metadata.namespace}/${pod.metadata.name}`
    expect(owners.get(ip), `${ip} of ${name} is taken${context}`).toBeUndefined()
    owners.set(ip, name)
    const cidr = core.store.get<Node>(`Node/${pod.spec.nodeName ?? ''}`)?.spec.podCIDR ?? ''
    const inside = cidrContains(parseCidr(cidr), ipToInt(ip))
    expect(inside, `${name} has ${ip}, outside ${cidr}${context}`).toBe(true)
  }
}

/** Each node's flannel entries against what its peers' Node objects call for (sorted). */
function checkFlannel(core: SimulationCore, context: string): void {
  const all = nodes(core)
  const vxlan = core.ctx.state.network.backend === 'vxlan'
  for (const node of all) {
    const name = node.metadata.name
    const peers = all.filter((n) => n !== node)
    const routes = core.network
      .routes(name)
      .filter((r) => r.dst.startsWith('10.244.') && r.dev !== 'cni0')
      .map(formatRoute)
    const neighbours = core.network
      .neighbours(name)
      .filter((n) => n.dev === 'flannel.1')
      .map((n) => formatNeighbour(n, true))
    const fdb = core.network
      .fdb(name)
      .filter((e) => e.dev === 'flannel.1')
      .map((e) => formatFdb(e, true))
    const expected = {
      routes: peers.map((p) => {
        const cidr = p.spec.podCIDR as string
        return vxlan
          ? `${cidr} via ${network(cidr)} dev flannel.1 onlink`
          : `${cidr} via ${nodeInternalIP(p)} dev eth0`
      }),
      neighbours: vxlan
        ? peers.map((p) => `${network(p.spec.podCIDR as string)} lladdr ${vtepMac(p)} PERMANENT`)
        : [],
      fdb: vxlan ? peers.map((p) => `${vtepMac(p)} dst ${nodeInternalIP(p)} self permanent`) : [],
    }
    const sorted = (o: Record<string, string[]>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]))
    expect(sorted({ routes, neighbours, fdb }), `flannel entries of ${name}${context}`).toEqual(
      sorted(expected),
    )
  }
}

/** The incremental index against one derived from scratch from the same store and facts. */
function checkIndex(core: SimulationCore, context: string): void {
  const fresh = new NetworkIndex(core.store, () => core.ctx.state.network)
  fresh.rebuild()
  const view = (index: NetworkIndex) =>
    nodes(core).map((n) => {
      const name = n.metadata.name
      return {
        node: index.node(name),
        pods: index.podsOn(name).sort((a, b) => (a.key < b.key ? -1 : 1)),
        routes: index.routes(name),
        neighbours: index.neighbours(name),
        fdb: index.fdb(name),
      }
    })
  expect(view(core.network), `network index${context}`).toEqual(view(fresh))
}

function check(core: SimulationCore, history: readonly string[]): void {
  const context = `\nat ${core.simTimeMs} ms after: ${history.join(' | ')}`
  checkPods(core, context)
  checkFlannel(core, context)
  checkIndex(core, context)
}

/** Applies an action; returns what it did, for the failure message. */
function apply(core: SimulationCore, action: Action, added: { n: number }): string {
  switch (action.kind) {
    case 'scale':
      return run(core, `kubectl scale deployment/web --replicas=${action.replicas}`)
    case 'deletePod': {
      const pods = [...core.store.list<Pod>('Pod')].filter((p) => !p.metadata.deletionTimestamp)
      const pod = pods[action.index % Math.max(1, pods.length)]
      if (!pod) return 'no pod to delete'
      const ns = pod.metadata.namespace ?? 'default'
      return run(core, `kubectl delete pod ${pod.metadata.name} -n ${ns} --wait=false`)
    }
    case 'addNode':
      return run(core, `sim add node node${(added.n += 1)}`)
    case 'removeNode': {
      const all = nodes(core)
      const node = all[action.index % all.length]
      // Keep one machine, so the cluster can still run something.
      if (all.length < 2 || !node) return 'kept the last node'
      return run(core, `sim remove node ${node.metadata.name}`)
    }
    case 'backend':
      setFlannelBackend(core.api, core.store, core.network, action.backend)
      return `backend ${action.backend}`
  }
}

/** Lets waitMs of sim time pass one instant at a time, checking after each. */
function advance(core: SimulationCore, waitMs: number, history: readonly string[]): void {
  const until = core.simTimeMs + waitMs
  for (;;) {
    const next = core.nextTaskAtMs()
    if (next === undefined || next > until) break
    core.step()
    check(core, history)
  }
  core.advanceTo(until)
}

function play(moves: readonly Move[], seed: number): void {
  const core = buildCore('default', seed)
  const added = { n: 3 }
  const history: string[] = []
  check(core, history)
  for (const { action, waitMs } of moves) {
    history.push(`${apply(core, action, added)} (+${waitMs} ms)`)
    check(core, history)
    advance(core, waitMs, history)
  }
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('scale' as const), replicas: fc.nat(12) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('deletePod' as const), index: fc.nat(30) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addNode' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('removeNode' as const), index: fc.nat(10) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('backend' as const),
      backend: fc.constantFrom(...FLANNEL_BACKENDS),
    }),
  },
)

const moveArb: fc.Arbitrary<Move> = fc.record({
  action: actionArb,
  // Short waits catch pods mid-start; long ones let podgc's quarantine (40-60 s) run out.
  waitMs: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 2_000, max: 70_000 })),
})

describe('network invariants under scaling, pod deletion, nodes joining and leaving', () => {
  it('unique pod IPs inside their podCIDRs; one flannel entry per peer; incremental = rebuilt', () => {
    fc.assert(
      fc.property(
        fc.array(moveArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        (moves, seed) => play(moves, seed),
      ),
      { numRuns: 40, seed: 20260501 },
    )
  }, 60_000)
})
