import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Simulation } from '../engine'
import { SCENARIO_LIST, createSimulation, restoreSimulation } from '../engine'
import type { ClientMessage, Session, WorkerMessage } from '../protocol'
import { freshSession } from '../protocol'
import { createAppStore, sessionViewOf } from '../store'
import { SimulationHost } from '../worker/SimulationHost'
import { createLoopback } from './loopback'
import type { SpawnWorker } from './sessionPorts'
import { SessionManager } from './SessionManager'
import { memorySessionStorage } from './sessionStorage'

/** Workers on loopbacks that a test can kill: a dead one hears and says nothing. */
function workers() {
  let spawnDead = false
  const all: {
    alive: boolean
    sim?: Simulation
    fail: (reason: string) => void
    received: ClientMessage[]
  }[] = []
  const spawn: SpawnWorker = (onFailure) => {
    const loop = createLoopback()
    const w: (typeof all)[number] = { alive: !spawnDead, fail: onFailure, received: [] }
    all.push(w)
    new SimulationHost(
      {
        create: (o) => (w.sim = createSimulation(o)),
        restore: (s) => (w.sim = restoreSimulation(s)),
        scenarios: SCENARIO_LIST,
      },
      {
        post: (m: WorkerMessage) => {
          if (w.alive) loop.host.post(m)
        },
        listen: (handler) =>
          loop.host.listen((m) => {
            if (!w.alive) return
            w.received.push(m)
            handler(m)
          }),
      },
      // The clock stays paused in these tests: no ticker is needed.
      { now: () => 0, startTicker: () => () => {} },
    )
    return {
      port: loop.client,
      terminate: () => {
        w.alive = false
      },
    }
  }
  return {
    all,
    spawn,
    last: () => all[all.length - 1],
    /** From now on, new workers are born dead (they fail before connecting). */
    breakAll: () => {
      spawnDead = true
    },
  }
}

function rig(saved?: Session) {
  const store = createAppStore('en')
  const storage = memorySessionStorage(saved)
  const w = workers()
  const manager = new SessionManager({
    spawn: w.spawn,
    storage,
    cluster: store.getState(),
    sink: store.getState(),
    view: {
      read: () => sessionViewOf(store.getState()),
      apply: (view, withLanguage) => store.getState().applySessionView(view, withLanguage),
      subscribe: (onChange) => store.subscribe(onChange),
    },
    pingAfterMs: 1000,
    answerWithinMs: 5000,
    busyWithinMs: 60_000,
  })
  return { store, storage, workers: w, manager }
}

const webPods = (store: ReturnType<typeof createAppStore>) =>
  [...store.getState().objects.values()]
    .filter((o) => o.kind === 'Pod' && o.metadata.labels?.app === 'web')
    .map((o) => o.metadata.name)
    .sort()

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the session manager', () => {
  it('saves after every command, and a reload rebuilds the same cluster at the same time', async () => {
    const a = rig()
    const client = await a.manager.start()
    client.pause()
    await client.run('kubectl scale deployment/web --replicas=5')
    await client.run('sim advance 30s')
    client.step()
    a.store.getState().setCanvasView('network')
    await vi.advanceTimersByTimeAsync(10)
    const saved = a.storage.saved.at(-1)
    expect(saved?.log.map((e) => ('command' in e ? e.command : e.clock))).toEqual([
      'kubectl scale deployment/web --replicas=5',
      'sim advance 30s',
      'step',
    ])
    expect(saved?.simTimeMs).toBe(a.workers.last()?.sim?.simTimeMs)
    expect(saved?.clock.playing).toBe(false)
    expect(saved?.view.canvasView).toBe('network')
    expect(a.store.getState().saveState).toBe('saved')
    expect(a.store.getState().scenarios.map((s) => s.name)).toContain('default')

    const b = rig(saved)
    await b.manager.start()
    expect(b.workers.last()?.sim?.snapshot()).toEqual(a.workers.last()?.sim?.snapshot())
    expect(webPods(b.store)).toEqual(webPods(a.store))
    expect(webPods(b.store)).toHaveLength(5)
    expect(b.store.getState().simTimeMs).toBe(a.store.getState().simTimeMs)
    expect(b.store.getState().canvasView).toBe('network')
    a.manager.dispose()
    b.manager.dispose()
  })

  it('restarts a crashed worker from the session and sends again what it never confirmed', async () => {
    const { manager, store, workers: w } = rig()
    const client = await manager.start()
    client.pause()
    await client.run('kubectl scale deployment/web --replicas=4')
    const first = w.last()
    if (!first) throw new Error('no worker')
    // The worker dies with a command on its way: it never runs it.
    first.alive = false
    const pending = client.run('kubectl scale deployment/web --replicas=6')
    client.step()
    const notices: unknown[] = []
    store.subscribe((s, prev) => {
      if (s.workerNotice !== prev.workerNotice) notices.push(s.workerNotice?.kind)
    })
    first.fail('Uncaught Error: boom')
    expect(notices).toEqual(['restarting', 'restored'])
    expect(await pending).toEqual({ ok: true, output: 'deployment.apps/web scaled' })
    expect(w.all).toHaveLength(2)
    expect(store.getState().workerNotice).toMatchObject({ kind: 'restored', entries: 1 })
    await vi.advanceTimersByTimeAsync(10)
    const log = manager.current().log
    expect(log.map((e) => ('command' in e ? e.command : e.clock))).toEqual([
      'kubectl scale deployment/web --replicas=4',
      'kubectl scale deployment/web --replicas=6',
      'step',
    ])
    // The same as if nothing had happened.
    const straight = createSimulation({ seed: 1 })
    for (const entry of log) {
      if (entry.atMs > straight.simTimeMs) straight.advanceTo(entry.atMs)
      if ('command' in entry) straight.run(entry.command)
      else straight.stepToNextEvent()
    }
    expect(w.last()?.sim?.snapshot()).toEqual(straight.snapshot())
    expect(await client.run('kubectl get deployment web')).toMatchObject({ ok: true })
    manager.dispose()
  })

  it('notices a worker that stops answering, and gives up after repeated failures', async () => {
    const { manager, store, workers: w } = rig()
    await manager.start()
    const first = w.last()
    if (!first) throw new Error('no worker')
    await vi.advanceTimersByTimeAsync(3000)
    expect(first.received.some((m) => m.type === 'ping')).toBe(true)
    first.alive = false
    await vi.advanceTimersByTimeAsync(8000)
    expect(w.all).toHaveLength(2)
    expect(store.getState().workerNotice).toMatchObject({
      kind: 'restored',
      reason: 'the simulation worker stopped answering',
    })
    // Workers that fail before connecting: three restarts, then the page says so and stops trying.
    w.breakAll()
    for (let i = 0; i < 4; i++) w.last()?.fail('Uncaught RangeError: broken')
    expect(w.all).toHaveLength(5)
    expect(store.getState().workerNotice).toEqual({
      kind: 'gaveUp',
      reason: 'Uncaught RangeError: broken',
    })
    manager.dispose()
  })

  it('gives a worker busy with a command longer before taking it for dead', async () => {
    const { manager, workers: w } = rig()
    const client = await manager.start()
    const first = w.last()
    if (!first) throw new Error('no worker')
    // Silent from here on, as a worker deep in a long command is.
    first.alive = false
    const pending = client.run('kubectl scale deployment/web --replicas=9')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(w.all).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(35_000)
    expect(w.all).toHaveLength(2)
    // The command went to the new worker (and this time it answered).
    expect(await pending).toEqual({ ok: true, output: 'deployment.apps/web scaled' })
    manager.dispose()
  })

  it('resets with an undo, and refuses a bad import without changing anything', async () => {
    const { manager, store } = rig()
    const client = await manager.start()
    client.pause()
    await client.run('kubectl scale deployment/web --replicas=5')
    await client.run('sim advance 60s')
    const before = manager.current()
    const pods = webPods(store)
    expect(pods).toHaveLength(5)

    expect(manager.importFile('{"kind": "KubePlaygroundSession", "schemaVersion": 9}')).toEqual({
      ok: false,
      error:
        'it was saved by a newer Kube Playground (schemaVersion 9); this one reads schemaVersion 1',
    })
    expect(manager.current()).toEqual(before)

    manager.reset()
    expect(store.getState().sessionNotice).toEqual({
      kind: 'switched',
      how: 'reset',
      scenario: 'default',
      canUndo: true,
    })
    expect(webPods(store)).toHaveLength(3)
    expect(manager.current().log).toEqual([])

    manager.undo()
    expect(manager.current()).toEqual(before)
    expect(webPods(store)).toEqual(pods)

    const other = { ...freshSession('no-such-scenario', 1) }
    expect(manager.importFile(JSON.stringify(other))).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown scenario "no-such-scenario"') as string,
    })
    manager.startScenario('fixture')
    expect(store.getState().scenario).toBe('fixture')
    manager.undo()
    expect(store.getState().scenario).toBe('default')
    expect(manager.current()).toEqual(before)
    manager.dispose()
  })

  it('opens a share link over the saved session, and goes back to it if the link cannot be rebuilt', async () => {
    const saved = {
      ...freshSession('default', 1),
      log: [{ atMs: 70_000, command: 'kubectl scale deployment/web --replicas=2' }],
      simTimeMs: 200_000,
    }
    const { manager, store } = rig(saved)
    const { encodeShareFragment } = await import('./sessionCodec')
    // Well formed, but its log goes back in time: the worker refuses it.
    const bad = {
      ...freshSession('default', 1),
      log: [
        { atMs: 90_000, command: 'kubectl get pods' },
        { atMs: 80_000, command: 'kubectl get pods' },
      ],
    }
    await manager.start({ fragment: `#${await encodeShareFragment(bad)}` })
    expect(store.getState().sessionNotice).toEqual({
      kind: 'error',
      source: 'share',
      message: "log entry 1 is at 80000 ms, before the simulation's 90000 ms",
    })
    expect(manager.current().log).toEqual(saved.log)
    expect(webPods(store)).toHaveLength(2)
    manager.dispose()
  })
})
