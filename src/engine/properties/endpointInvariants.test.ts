/**
 * Property test of the EndpointSlice controller (DESIGN.md §5: "endpoints are exactly the ready pods
 * the selector matches"): random sequences of kubectl scale, set image, rollout undo and delete pod
 * on web, with virtual time passing in between. Whenever the controller has nothing queued for
 * web, web's slices hold exactly one endpoint per pod with app=web that has an address and is not
 * terminal, with upstream's conditions: ready = Ready and not terminating, serving = Ready,
 * terminating = has a deletionTimestamp (podToEndpoint). So the ready endpoints are exactly the
 * ready, non-terminating pods. Slices never hold more than 100 endpoints or an endpoint twice, and
 * every node's kube-proxy rules for web point only at those ready endpoints.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runCommand } from '../commands/runCommand'
import { ENDPOINTSLICE_HANDLER } from '../controllers/endpointslice/endpointSliceController'
import type { EndpointSlice } from '../model/endpointSlice'
import type { Pod } from '../model/pod'
import type { Service } from '../model/service'
import { isPodReady } from '../model/podStatus'
import { SimulationCore } from '../runtime/Simulation'
import { findScenario } from '../scenarios/scenarios'

type Action =
  | { kind: 'scale'; replicas: number }
  | { kind: 'image'; image: string }
  | { kind: 'undo' }
  | { kind: 'deletePod'; index: number }

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({
    kind: fc.constant('image' as const),
    image: fc.constantFrom('nginx:1.25', 'nginx:1.26', 'nginx:1.27'),
  }),
  fc.record({ kind: fc.constant('undo' as const) }),
  fc.record({ kind: fc.constant('deletePod' as const), index: fc.nat(20) }),
)

const moveArb = fc.record({
  action: actionArb,
  waitMs: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 2_000, max: 20_000 })),
})

const WEB = 'Service/default/web'

function webPods(core: SimulationCore): Pod[] {
  return [...core.store.list<Pod>('Pod')].filter(
    (p) => p.metadata.namespace === 'default' && p.metadata.labels?.app === 'web',
  )
}

function commandFor(core: SimulationCore, action: Action): string | undefined {
  switch (action.kind) {
    case 'scale':
      return `kubectl scale deployment/web --replicas=${action.replicas}`
    case 'image':
      return `kubectl set image deployment/web nginx=${action.image}`
    case 'undo':
      return 'kubectl rollout undo deployment/web'
    case 'deletePod': {
      const pods = webPods(core).filter((p) => !p.metadata.deletionTimestamp)
      const pod = pods[action.index % Math.max(1, pods.length)]
      return pod ? `kubectl delete pod ${pod.metadata.name} --wait=false` : undefined
    }
  }
}

/** The invariant, checked when the controller has no work queued for web. */
function check(core: SimulationCore, history: readonly string[]): void {
  if (core.hasPendingTask(ENDPOINTSLICE_HANDLER, WEB)) return
  const slices = [...core.store.list<EndpointSlice>('EndpointSlice')].filter(
    (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web',
  )
  const actual: Record<string, unknown> = {}
  for (const slice of slices) {
    expect(slice.endpoints.length).toBeLessThanOrEqual(100)
    for (const ep of slice.endpoints) {
      const name = ep.targetRef?.name ?? ''
      expect(actual[name], `${name} listed twice`).toBeUndefined()
      actual[name] = { address: ep.addresses[0], ...ep.conditions }
    }
  }
  const wanted: Record<string, unknown> = {}
  for (const pod of webPods(core)) {
    const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed'
    if (!pod.status.podIP || terminal) continue
    const terminating = pod.metadata.deletionTimestamp !== undefined
    wanted[pod.metadata.name] = {
      address: pod.status.podIP,
      ready: isPodReady(pod) && !terminating,
      serving: isPodReady(pod),
      terminating,
    }
  }
  expect(actual, `at ${core.simTimeMs} ms after:\n${history.join('\n')}`).toEqual(wanted)
  checkProxy(core, wanted as Record<string, { address: string; ready: boolean }>, history)
}

/**
 * kube-proxy follows: on every node web's KUBE-SVC chain jumps to exactly the ready endpoints
 * (categorizeEndpoints: serving-terminating ones only when none is ready), and with no usable
 * endpoint there is no KUBE-SVC chain but a REJECT.
 */
function checkProxy(
  core: SimulationCore,
  wanted: Record<string, { address: string; ready: boolean }>,
  history: readonly string[],
): void {
  const svc = core.store.get<Service>(WEB)
  const sp = svc && core.proxy.lookup(svc.spec.clusterIP ?? '', 'tcp', 80)?.sp
  expect(sp, 'kube-proxy knows web:80').toBeDefined()
  if (!sp) return
  const ready = Object.values(wanted)
    .filter((e) => e.ready)
    .map((e) => `${e.address}:80`)
    .sort()
  for (const node of core.network.nodes()) {
    const chains = core.proxy.rules(sp, node).nat
    const svcChain = [...chains.keys()].find((c) => c.startsWith('KUBE-SVC-'))
    const targets = (svcChain ? (chains.get(svcChain) ?? []) : [])
      .map((r) => r.line.match(/-> ([\d.]+:\d+)"/)?.[1])
      .filter((t): t is string => t !== undefined)
      .sort()
    if (ready.length > 0)
      expect(targets, `${node.name} at ${core.simTimeMs} ms after:\n${history.join('\n')}`).toEqual(
        ready,
      )
    else
      for (const t of targets)
        expect(
          Object.values(wanted).some((e) => `${e.address}:80` === t),
          `${node.name}: ${t} is not an endpoint of web`,
        ).toBe(true)
  }
}

function play(moves: readonly { action: Action; waitMs: number }[], seed: number): void {
  const core = new SimulationCore(seed, 'default')
  findScenario('default')?.build(core)
  const history: string[] = []
  check(core, history)
  for (const { action, waitMs } of moves) {
    const command = commandFor(core, action)
    if (command) history.push(`${command} (${runCommand(core, command).ok ? 'ok' : 'refused'})`)
    check(core, history)
    const until = core.simTimeMs + waitMs
    for (let next = core.nextTaskAtMs(); next !== undefined && next <= until;) {
      core.step()
      check(core, history)
      next = core.nextTaskAtMs()
    }
    core.advanceTo(until)
  }
}

describe('EndpointSlice invariants (property)', () => {
  it('web’s endpoints are exactly its pods with addresses, flagged as upstream flags them', () => {
    fc.assert(
      fc.property(
        fc.array(moveArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        (moves, seed) => play(moves, seed),
      ),
      { numRuns: 25, seed: 20260105 },
    )
  }, 120_000)
})
