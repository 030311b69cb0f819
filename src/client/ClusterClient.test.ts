import { describe, expect, it } from 'vitest'
import { createSimulation, restoreSimulation } from '../engine'
import type { ClientMessage, ClusterSnapshot, PatchMessage, WorkerMessage } from '../protocol'
import { PROTOCOL_VERSION } from '../protocol'
import { createAppStore } from '../store'
import type { HostEnvironment } from '../worker/SimulationHost'
import { SimulationHost } from '../worker/SimulationHost'
import type { ClusterSink } from './ClusterClient'
import { createClusterClient } from './ClusterClient'
import { createLoopback } from './loopback'

const engine = { create: createSimulation, restore: restoreSimulation }

/** A wall clock and a ticker the test moves by hand. */
function fakeEnvironment() {
  let now = 0
  let tick: (() => void) | undefined
  const env: HostEnvironment = {
    now: () => now,
    startTicker(fn) {
      tick = fn
      return () => {
        tick = undefined
      }
    },
  }
  return {
    env,
    /** Lets wall time pass and runs one ticker frame (if the clock is playing). */
    frame(ms = 16) {
      now += ms
      tick?.()
    },
    get ticking() {
      return tick !== undefined
    },
  }
}

function setup(options: { ackManually?: boolean } = {}) {
  const loop = createLoopback()
  const clock = fakeEnvironment()
  new SimulationHost(engine, loop.host, clock.env)
  const store = createAppStore('en')
  const acks: (() => void)[] = []
  const client = createClusterClient(loop.client, store.getState(), {
    seed: 7,
    scheduleAck: options.ackManually ? (ack) => acks.push(ack) : (ack) => ack(),
  })
  const fromHost = () =>
    loop.log.filter((m) => m.from === 'host').map((m) => m.message as WorkerMessage)
  const patches = () => fromHost().filter((m): m is PatchMessage => m.type === 'patch')
  return { loop, clock, store, client, acks, fromHost, patches }
}

describe('protocol v1 between the worker host and the client', () => {
  it('connects with a versioned handshake and a full snapshot', () => {
    const { fromHost, store, loop } = setup()
    const connect = loop.log[0]?.message as ClientMessage
    expect(connect).toEqual({ type: 'connect', protocolVersion: PROTOCOL_VERSION, seed: 7 })
    const connected = fromHost()[0]
    expect(connected?.type).toBe('connected')
    const snapshot = (connected as { snapshot: ClusterSnapshot }).snapshot
    expect(snapshot.objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name)).toEqual([
      'node1',
      'node2',
      'node3',
    ])
    expect(store.getState().connection).toBe('connected')
    expect(store.getState().nodeNames).toEqual(['node1', 'node2', 'node3'])
    // node1 runs CoreDNS's two pods and, created later, the bare pod client (by creation order).
    const { objects, podKeysByNode } = store.getState()
    const onNode1 = (podKeysByNode.node1 ?? []).map((key) => objects.get(key)?.metadata.name ?? '')
    expect(onNode1).toHaveLength(3)
    expect(onNode1.slice(0, 2).every((name) => name.startsWith('coredns-'))).toBe(true)
    expect(onNode1[2]).toBe('client')
  })

  it('answers an incompatible protocol version with `incompatible`', () => {
    const loop = createLoopback()
    new SimulationHost(engine, loop.host, fakeEnvironment().env)
    const received: WorkerMessage[] = []
    loop.client.listen((m) => received.push(m))
    loop.client.post({ type: 'connect', protocolVersion: PROTOCOL_VERSION + 1 })
    expect(received).toEqual([
      {
        type: 'incompatible',
        protocolVersion: PROTOCOL_VERSION,
        reason: expect.stringContaining('reload') as string,
      },
    ])
  })

  it('sends nothing while nothing changes', () => {
    const { client, clock, fromHost } = setup()
    client.pause()
    const count = fromHost().length
    for (let i = 0; i < 50; i++) clock.frame()
    expect(clock.ticking).toBe(false)
    expect(fromHost().length).toBe(count)
  })

  it('streams only what changed, in revision order, after a command', async () => {
    const { client, clock, patches, store } = setup()
    client.pause()
    const result = await client.run('kubectl scale deployment/web --replicas=8')
    expect(result).toEqual({ ok: true, output: 'deployment.apps/web scaled' })
    const afterScale = patches().at(-1)
    expect(afterScale?.diff.updated.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/web',
    ])
    expect(afterScale?.diff.added).toEqual([])
    client.play()
    for (let i = 0; i < 60 * 40; i++) clock.frame()
    const all = patches()
    all.forEach((p, i) => {
      if (i > 0) expect(p.fromRev).toBe(all[i - 1]?.toRev)
      expect(p.toRev).toBe(p.fromRev + 1)
    })
    const webPods = [...store.getState().objects.values()].filter(
      (o) => o.kind === 'Pod' && o.metadata.labels?.app === 'web',
    )
    expect(webPods).toHaveLength(8)
    // No patch ever re-sent the nodes, which did not change.
    expect(
      all
        .flatMap((p) => p.diff.updated)
        .some((o) => o.kind === 'Node' && o.metadata.name === 'node1'),
    ).toBe(false)
  })

  it('sends the network facts when they change, and answers traces without a command', async () => {
    const { client, patches, store, loop } = setup()
    client.pause()
    expect(store.getState().network?.backend).toBe('vxlan')
    const result = await client.run('sim set flannel-backend host-gw')
    expect(result.ok).toBe(true)
    expect(patches().at(-1)?.network?.backend).toBe('host-gw')
    expect(store.getState().network?.backend).toBe('host-gw')
    const before = loop.log.length
    const trace = await client.trace({ from: 'client', to: 'node2', protocol: 'icmp' })
    expect(trace.result).toBe('delivered')
    expect(trace.backend).toBe('host-gw')
    // A trace is a query: nothing is logged as a command and no patch follows.
    expect(loop.log.slice(before).map((m) => m.message.type)).toEqual(['trace', 'traceResult'])
    await expect(client.trace({ from: 'nope', to: 'node2' })).rejects.toThrow(
      'pods "nope" not found',
    )
  })

  it('keeps one patch in flight and folds later changes into the next', async () => {
    const { client, clock, patches, acks } = setup({ ackManually: true })
    await client.run('kubectl scale deployment/web --replicas=6')
    const inFlight = patches().length
    // 100 frames of 16 ms stay under the ack timeout: nothing more may be sent meanwhile.
    for (let i = 0; i < 100; i++) clock.frame()
    expect(patches().length).toBe(inFlight)
    acks.shift()?.()
    expect(patches().length).toBe(inFlight + 1)
    const merged = patches().at(-1)
    expect(merged?.diff.added.filter((o) => o.kind === 'Pod')).toHaveLength(3)
  })

  it('asks for a resync when a revision is missing, and ends up equal to the engine', () => {
    const loop = createLoopback()
    const clock = fakeEnvironment()
    new SimulationHost(engine, loop.host, clock.env)
    let dropNext = false
    const lossy = {
      post: (m: ClientMessage) => loop.client.post(m),
      listen: (handler: (m: WorkerMessage) => void) =>
        loop.client.listen((m) => {
          if (dropNext && m.type === 'patch') {
            dropNext = false
            return
          }
          handler(m)
        }),
    }
    const store = createAppStore('en')
    const applied: string[] = []
    const sink: ClusterSink = {
      applySnapshot: (s) => {
        applied.push(`snapshot@${s.rev}`)
        store.getState().applySnapshot(s)
      },
      applyPatch: (p) => {
        applied.push(`patch@${p.toRev}`)
        store.getState().applyPatch(p)
      },
      setConnection: (s, d) => store.getState().setConnection(s, d),
    }
    createClusterClient(lossy, sink)
    clock.frame()
    dropNext = true
    clock.frame()
    // The dropped patch is never acknowledged; after the ack timeout the host sends the next one.
    for (let i = 0; i < 200; i++) clock.frame()
    const sent = loop.log
      .filter((m) => m.from === 'client')
      .map((m) => (m.message as ClientMessage).type)
    expect(sent).toContain('resync')
    expect(applied.filter((a) => a.startsWith('snapshot'))).toHaveLength(2)
    expect(store.getState().connection).toBe('connected')
    expect(store.getState().simTimeMs).toBeGreaterThan(60_000)
  })

  it('steps to the next Deployment decision and back to exactly where it was', async () => {
    const { client, store } = setup()
    client.pause()
    await client.run('kubectl scale deployment/web --replicas=5')
    const before = JSON.stringify(store.getState().objects)
    const beforeTime = store.getState().simTimeMs
    client.stepDecision('Deployment/default/web')
    const decisions = store.getState().decisions['Deployment/default/web'] ?? []
    expect(decisions.at(-1)?.rule).toBe('ScaleActive')
    expect(decisions.at(-1)?.message).toMatch(/^Scaled up replica set web-\w+ from 3 to 5$/)
    expect(store.getState().clock.backSteps).toBe(1)
    client.back()
    expect(store.getState().simTimeMs).toBe(beforeTime)
    expect(JSON.stringify(store.getState().objects)).toBe(before)
    expect(store.getState().clock.backSteps).toBe(0)
  })
})

describe('the rollout stepper over the protocol', () => {
  it('shows the two moves of one controller sync as two steps, and Back undoes them one by one', async () => {
    const { client, store } = setup()
    client.pause()
    await client.run('kubectl set image deployment/web nginx=nginx:1.26')
    const key = 'Deployment/default/web'
    const shown = () => {
      const { decisions, clock } = store.getState()
      const list = decisions[key] ?? []
      return clock.cursor >= 0 ? list.find((d) => d.seq === clock.cursor) : list.at(-1)
    }
    client.stepDecision(key)
    expect(shown()?.rule).toBe('NewReplicaSetCreated')
    const afterFirst = store.getState().simTimeMs
    client.stepDecision(key)
    expect(shown()?.rule).toBe('ScaleDownOld')
    expect(shown()?.from).toBe(3)
    expect(shown()?.to).toBe(2)
    // The second move was made in the same sync: the simulation did not move on.
    expect(store.getState().simTimeMs).toBe(afterFirst)
    client.stepDecision(key)
    expect(shown()?.rule).toBe('ScaleUpNew')
    client.back()
    expect(shown()?.rule).toBe('ScaleDownOld')
    client.back()
    expect(shown()?.rule).toBe('NewReplicaSetCreated')
    expect(store.getState().clock.backSteps).toBe(1)
  })
})
