/**
 * A container whose process exits, as the kubelet reports it (kuberuntime_manager.go doBackOff):
 * restarted at once the first time, then only after a back-off of 10 s doubling to 5m0s, waiting in
 * CrashLoopBackOff meanwhile with a BackOff event; lastState keeps the exit; the pod stays Running.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import { fromTimestamp } from '../model/time'
import { podRestartsColumn, podStatusReason } from '../model/podStatus'
import { follow, podsOf, runs } from './testFixtures'

describe('kubeplayground/web:crashloop: exit code 1 two seconds after every start', () => {
  const sim = createSimulation({ seed: 1, freezeObjects: true })
  const t0 = sim.simTimeMs
  expect(sim.run('kubectl create deployment crash --image=kubeplayground/web:crashloop').ok).toBe(
    true,
  )
  const find = (s: Simulation) => podsOf(s, 'crash-')[0]
  const samples = follow(sim, find, t0 + 1_000_000)
  const pod = find(sim)
  if (!pod) throw new Error('no pod')
  const podRef = `${pod.metadata.name}_default(${pod.metadata.uid})`
  // Exits: the instants the state turns terminated; restarts: the instants restartCount goes up.
  const exits = samples.filter((s) => s.container?.state.terminated).map((s) => s.atMs)
  const restarts = samples
    .filter(
      (s, i) => (s.container?.restartCount ?? 0) > (samples[i - 1]?.container?.restartCount ?? 0),
    )
    .map((s) => s.atMs)
  // The first sample of each CrashLoopBackOff episode.
  const backOffs = samples.filter(
    (s, i) => s.status === 'CrashLoopBackOff' && samples[i - 1]?.status !== 'CrashLoopBackOff',
  )

  it('goes Running → Error → Running (restart 1) → Error → CrashLoopBackOff → Running ...', () => {
    expect(runs(samples.map((s) => s.status)).slice(0, 10)).toEqual([
      'Pending',
      'ContainerCreating',
      'Running',
      'Error',
      'Running',
      'Error',
      'CrashLoopBackOff',
      'Running',
      'Error',
      'CrashLoopBackOff',
    ])
    // Once started the pod stays Running, whatever its container does (getPhase, restartPolicy Always).
    const started = samples.findIndex((s) => s.status === 'Running')
    expect(new Set(samples.slice(started).map((s) => s.phase))).toEqual(new Set(['Running']))
    // No readiness probe: Ready while the process runs, never while it is down.
    for (const s of samples.slice(started))
      expect(s.ready).toBe(s.container?.state.running !== undefined)
  })

  it('restarts at once the first time, then 10 s, 20 s, 40 s ... 5 min after each exit', () => {
    expect(restarts.length).toBeGreaterThanOrEqual(8)
    const waits = restarts.map((r, i) => r - (exits[i] ?? 0))
    expect(waits[0]).toBeGreaterThan(0)
    expect(waits[0]).toBeLessThanOrEqual(1_000)
    expect(waits.slice(1, 8)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000])
    // Each instance runs a couple of seconds before it exits.
    exits.forEach((exit, i) => {
      const ran =
        exit -
        (i === 0
          ? (samples.find((s) => s.status === 'Running')?.atMs ?? 0)
          : (restarts[i - 1] ?? 0))
      expect(ran).toBeGreaterThanOrEqual(1_500)
      expect(ran).toBeLessThanOrEqual(3_000)
    })
  })

  it('waits in CrashLoopBackOff with the back-off in its message, and keeps the exit in lastState', () => {
    const messages = backOffs.map((s) => s.container?.state.waiting?.message)
    expect(messages.slice(0, 7)).toEqual(
      ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s'].map(
        (d) => `back-off ${d} restarting failed container=web pod=${podRef}`,
      ),
    )
    const waiting = backOffs[0]?.container
    expect(waiting).toMatchObject({ ready: false, started: false, restartCount: 1 })
    const last = waiting?.lastState.terminated
    expect(last).toMatchObject({ exitCode: 1, reason: 'Error' })
    expect(fromTimestamp(last?.finishedAt ?? '')).toBeGreaterThanOrEqual(
      fromTimestamp(last?.startedAt ?? ''),
    )
    expect(last?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
    // Every restart gets a new container ID and counts one more restart.
    const running = samples.filter((s) => s.container?.state.running)
    expect(new Set(running.map((s) => s.container?.containerID)).size).toBe(restarts.length + 1)
    expect(running.map((s) => s.container?.restartCount)).toEqual(running.map((_, i) => i))
  })

  it('records Created/Started per start and a BackOff event per back-off sync', () => {
    const events = sim.events().filter((e) => e.involvedObject.uid === pod.metadata.uid)
    const byMessage = (m: string) => events.find((e) => e.message === m)
    const backOff = byMessage(`Back-off restarting failed container web in pod ${podRef}`)
    expect(backOff).toMatchObject({ type: 'Warning', reason: 'BackOff' })
    const starts = restarts.length + 1
    expect(byMessage('Created container: web')?.count).toBe(starts)
    expect(byMessage('Started container web')?.count).toBe(starts)
    expect(
      byMessage('Container image "kubeplayground/web:crashloop" already present on machine')?.count,
    ).toBe(restarts.length)
    // At least one back-off sync per wait, and one every 10–15 s while a long back-off runs.
    expect(backOff?.count).toBeGreaterThan(40)
    expect(backOff?.count).toBeLessThan(120)
  })

  it('shows in kubectl get pods as 0/1 CrashLoopBackOff, RESTARTS "3 (25s ago)" style', () => {
    // The same seed and command replay the same timeline; stop 25 s into the third back-off.
    const third = samples.find(
      (s) => s.status === 'CrashLoopBackOff' && s.container?.restartCount === 3,
    )
    const again = createSimulation({ seed: 1, freezeObjects: true })
    again.run('kubectl create deployment crash --image=kubeplayground/web:crashloop')
    again.advanceTo((third?.atMs ?? 0) + 25_000)
    const p = find(again)
    if (!p) throw new Error('no pod')
    expect(p.metadata.uid).toBe(pod.metadata.uid)
    expect(podStatusReason(p)).toBe('CrashLoopBackOff')
    const finishedAt = fromTimestamp(
      p.status.containerStatuses?.[0]?.lastState.terminated?.finishedAt ?? '',
    )
    const ago = Math.floor((again.simTimeMs - finishedAt) / 1000)
    expect(ago).toBeGreaterThanOrEqual(25)
    expect(ago).toBeLessThan(28)
    expect(podRestartsColumn(p, again.simTimeMs)).toBe(`3 (${ago}s ago)`)
    const row = again.run(`kubectl get pods ${p.metadata.name}`).output.split('\n')[1]
    expect(row).toMatch(new RegExp(`^${p.metadata.name}\\s+0/1\\s+CrashLoopBackOff\\s+3\\b`))
  })
})

describe('other ways a process ends', () => {
  it('kubeplayground/web:oomkilled: exit 137, OOMKilled, then CrashLoopBackOff', () => {
    const sim = createSimulation({ seed: 4, freezeObjects: true })
    sim.run('kubectl create deployment oom --image=kubeplayground/web:oomkilled')
    const samples = follow(sim, (s) => podsOf(s, 'oom-')[0], sim.simTimeMs + 60_000)
    expect(runs(samples.map((s) => s.status)).slice(2, 7)).toEqual([
      'Running',
      'OOMKilled',
      'Running',
      'OOMKilled',
      'CrashLoopBackOff',
    ])
    const last = samples.find((s) => s.status === 'CrashLoopBackOff')?.container?.lastState
    expect(last?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' })
  })

  it('busybox without a command: sh exits 0 at once, Completed, then CrashLoopBackOff', () => {
    const sim = createSimulation({ seed: 5, freezeObjects: true })
    sim.run('kubectl create deployment shell --image=busybox:1.37')
    const samples = follow(sim, (s) => podsOf(s, 'shell-')[0], sim.simTimeMs + 30_000)
    expect(runs(samples.map((s) => s.status))).toContain('Completed')
    const waiting = samples.find((s) => s.status === 'CrashLoopBackOff')?.container
    expect(waiting?.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
    expect(waiting?.state.waiting?.message).toMatch(
      /^back-off 10s restarting failed container=busybox pod=/,
    )
  })
})
