import { describe, expect, it } from 'vitest'
import type { Simulation } from '../engine'
import { createSimulation, restoreSimulation } from '../engine'
import { createLoopback } from './loopback'
import type {
  ClientMessage,
  ClusterSnapshot,
  SessionLogEntry,
  SessionReplay,
  WorkerMessage,
} from '../protocol'
import { PROTOCOL_VERSION } from '../protocol'
import type { HostEnvironment } from '../worker/SimulationHost'
import { SimulationHost } from '../worker/SimulationHost'

/** A host on a loopback with a hand-driven wall clock; `sim()` is the simulation it runs now. */
function hostRig(scenarios = [{ name: 'default', description: 'three nodes' }]) {
  const loop = createLoopback()
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
  let current: Simulation | undefined
  new SimulationHost(
    {
      create: (o) => (current = createSimulation(o)),
      restore: (s) => (current = restoreSimulation(s)),
      scenarios,
    },
    loop.host,
    env,
  )
  const received: WorkerMessage[] = []
  loop.client.listen((m) => {
    received.push(m)
    // Acknowledge every patch at once, as a fast UI would.
    if (m.type === 'patch') loop.client.post({ type: 'ack', rev: m.toRev })
  })
  let nextId = 1
  return {
    received,
    post: (m: ClientMessage) => loop.client.post(m),
    run(command: string, stdin?: string) {
      loop.client.post({
        type: 'command',
        commandId: nextId++,
        command,
        ...(stdin !== undefined ? { stdin } : {}),
      })
    },
    /** Lets wall time pass in frames of 16 ms. */
    frames(count: number) {
      for (let i = 0; i < count; i++) {
        now += 16
        tick?.()
      }
    },
    sim: () => current,
    logged: () =>
      received.filter((m): m is Extract<WorkerMessage, { type: 'logged' }> => m.type === 'logged'),
    /** The sim time the last message reported, as the UI would track it. */
    lastSimTimeMs() {
      for (let i = received.length - 1; i >= 0; i--) {
        const m = received[i]
        if (!m) continue
        if (m.type === 'patch' || m.type === 'logged') return m.simTimeMs
        if (m.type === 'connected' || m.type === 'snapshot') return m.snapshot.simTimeMs
      }
      return 0
    },
    lastClock() {
      for (let i = received.length - 1; i >= 0; i--) {
        const m = received[i]
        if (m?.type === 'patch') return m.clock
        if (m?.type === 'connected' || m?.type === 'snapshot') return m.snapshot.clock
      }
      throw new Error('no clock yet')
    },
  }
}

const connect = (replay?: SessionReplay): ClientMessage => ({
  type: 'connect',
  protocolVersion: PROTOCOL_VERSION,
  seed: 7,
  ...(replay ? { replay } : {}),
})

describe('the session log and its replay', () => {
  it('logs every change with its sim time, and a replay rebuilds exactly the same simulation', () => {
    const live = hostRig()
    live.post(connect())
    const connected = live.received[0] as Extract<WorkerMessage, { type: 'connected' }>
    expect(connected.scenarios).toEqual([{ name: 'default', description: 'three nodes' }])
    live.frames(30)
    live.run('kubectl scale deployment/web --replicas=5')
    live.frames(200)
    live.post({ type: 'clock', action: 'pause' })
    live.run('kubectl set image deployment/web nginx=nginx:1.26')
    // Steps stop in the middle of an instant; the stepper's cursor moves between two moves.
    live.post({ type: 'clock', action: 'stepDecision', deployment: 'Deployment/default/web' })
    live.post({ type: 'clock', action: 'stepDecision', deployment: 'Deployment/default/web' })
    live.post({ type: 'clock', action: 'step', commandId: 99 })
    live.run('kubectl get pods')
    live.post({ type: 'clock', action: 'back', commandId: 100 })
    live.post({ type: 'clock', action: 'stepDecision', deployment: 'Deployment/default/web' })
    live.run('kubectl apply -f -', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n')
    live.post({ type: 'clock', action: 'speed', speed: 4 })
    live.post({ type: 'clock', action: 'play' })
    live.frames(90)
    live.post({ type: 'clock', action: 'stepDecision', deployment: 'Deployment/default/web' })

    const logged = live.logged()
    expect(logged.map((m) => m.seq)).toEqual(logged.map((_, i) => i))
    const log: SessionLogEntry[] = logged.map((m) => m.entry)
    expect(log.map((e) => ('command' in e ? e.command.split(' ')[1] : e.clock))).toEqual([
      'scale',
      'set',
      'stepDecision',
      'stepDecision',
      'step',
      'get',
      'back',
      'stepDecision',
      'apply',
      'stepDecision',
    ])
    expect(logged.find((m) => m.entry.atMs > 0 && 'clock' in m.entry)).toBeDefined()
    expect(logged[4]?.commandId).toBe(99)
    expect(logged[6]?.commandId).toBe(100)
    // The back undid the step and the get: the log entry after it is earlier than the one before.
    expect(logged[6]?.simTimeMs).toBeLessThan(logged[5]?.entry.atMs ?? 0)
    const clock = live.lastClock()
    expect(clock.backSteps).toBeGreaterThan(0)

    const replayed = hostRig()
    replayed.post(
      connect({
        log,
        untilMs: live.lastSimTimeMs(),
        clock: { playing: clock.playing, speed: clock.speed, cursor: clock.cursor },
      }),
    )
    const again = replayed.received[0] as { type: string; snapshot: ClusterSnapshot }
    expect(again.type).toBe('connected')
    // Nothing but the handshake was posted while the log replayed.
    expect(replayed.received).toHaveLength(1)
    expect(again.snapshot.simTimeMs).toBe(live.sim()?.simTimeMs)
    expect(again.snapshot.clock).toEqual(clock)
    expect(replayed.sim()?.snapshot()).toEqual(live.sim()?.snapshot())
    // The comparison can tell: a replay without the scale differs.
    const short = hostRig()
    short.post(
      connect({ log: log.filter((_, i) => i !== 0), untilMs: live.lastSimTimeMs(), clock }),
    )
    expect(short.sim()?.snapshot()).not.toEqual(live.sim()?.snapshot())

    // Both go on identically, and the replayed one numbers its next entry after the log.
    for (const rig of [live, replayed]) {
      rig.post({ type: 'clock', action: 'back' })
      rig.post({ type: 'clock', action: 'play' })
      rig.frames(60)
      rig.run('kubectl scale deployment/web --replicas=2')
      rig.frames(60)
    }
    expect(replayed.sim()?.snapshot()).toEqual(live.sim()?.snapshot())
    expect(replayed.logged()[0]?.seq).toBe(log.length)
  })

  it('refuses a session it cannot rebuild, and connects afterwards to another', () => {
    const rig = hostRig()
    rig.post({ type: 'connect', protocolVersion: PROTOCOL_VERSION, scenario: 'nope' })
    expect(rig.received[0]).toEqual({
      type: 'sessionRefused',
      reason: expect.stringContaining('unknown scenario "nope"') as string,
    })
    rig.post(
      connect({
        log: [
          { atMs: 60_000, command: 'kubectl get pods' },
          { atMs: 1_000, command: 'kubectl get pods' },
        ],
        untilMs: 0,
        clock: { playing: false, speed: 1, cursor: -1 },
      }),
    )
    expect(rig.received[1]).toEqual({
      type: 'sessionRefused',
      reason: "log entry 1 is at 1000 ms, before the simulation's 60000 ms",
    })
    rig.post(connect())
    expect(rig.received[2]?.type).toBe('connected')
  })

  it('answers pings even before a session is connected', () => {
    const rig = hostRig()
    rig.post({ type: 'ping', nonce: 3 })
    expect(rig.received).toEqual([{ type: 'pong', nonce: 3 }])
  })
})
