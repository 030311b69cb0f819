/**
 * Probes that fail (pkg/kubelet/prober): every failed probe is a Warning Unhealthy event (the
 * recorder aggregates them into a count); readiness keeps the pod out of Ready, liveness kills the
 * container after failureThreshold failures in a row and it is restarted. Only pods with a probe
 * that can fail get probe ticks: healthy pods cost nothing once Ready.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import type { Pod } from '../model/pod'
import { podReadyColumn, podStatusReason } from '../model/podStatus'
import { fromTimestamp } from '../model/time'
import { coreOf, follow, podsOf, setImage } from './testFixtures'

const createPod = (sim: Simulation, name: string, containers: Pod['spec']['containers']) =>
  coreOf(sim).api.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers },
    status: {},
  })

describe('a readiness probe that never passes (kubeplayground/web:unready answers 503)', () => {
  it('the pod runs, 0/1, never Ready, with one Unhealthy event counted every periodSeconds', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const old = new Set(podsOf(sim, 'web-').map((p) => p.metadata.name))
    setImage(sim, 'web', 'nginx', 'kubeplayground/web:unready')
    const find = (s: Simulation) => podsOf(s, 'web-').find((p) => !old.has(p.metadata.name))
    const failures: number[] = []
    let count = 0
    const samples = follow(sim, find, sim.simTimeMs + 60_000, (s) => {
      const pod = find(s)
      const e = s
        .events()
        .find((x) => x.involvedObject.uid === pod?.metadata.uid && x.reason === 'Unhealthy')
      if (e && e.count > count) {
        count = e.count
        failures.push(s.simTimeMs)
      }
    })
    const pod = find(sim) as Pod
    expect(podStatusReason(pod)).toBe('Running')
    expect(podReadyColumn(pod)).toBe('0/1')
    expect(samples.every((s) => !s.ready && (s.container?.restartCount ?? 0) === 0)).toBe(true)
    expect(pod.status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [nginx]',
    })
    const unhealthy = sim
      .events()
      .filter((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === 'Unhealthy')
    expect(unhealthy.map((e) => [e.type, e.message, e.source.component])).toEqual([
      ['Warning', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet'],
    ])
    // Probes every periodSeconds (3 s) on the worker's grid, from initialDelaySeconds (2 s) on.
    const startedAt = fromTimestamp(
      pod.status.containerStatuses?.[0]?.state.running?.startedAt ?? '',
    )
    expect(failures[0]).toBeGreaterThanOrEqual(startedAt + 2_000 - 999)
    expect(failures.slice(1).map((t, i) => t - (failures[i] ?? 0))).toEqual(
      failures.slice(1).map(() => 3_000),
    )
    expect(unhealthy[0]?.count).toBe(failures.length)
    expect(failures.length).toBeGreaterThanOrEqual(18)
  })

  it('a healthy container beside a failing one still turns ready; the pod does not', () => {
    const sim = createSimulation({ seed: 3, freezeObjects: true })
    createPod(sim, 'pair', [
      {
        name: 'web',
        image: 'nginx:1.25',
        readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 },
      },
      { name: 'crash', image: 'kubeplayground/web:crashloop' },
    ])
    sim.advanceTo(sim.simTimeMs + 60_000)
    const pod = sim.object('Pod/default/pair') as Pod
    const [web, crash] = pod.status.containerStatuses ?? []
    expect(web).toMatchObject({ ready: true, restartCount: 0 })
    expect(crash?.restartCount).toBeGreaterThanOrEqual(3)
    expect(pod.status.conditions?.find((c) => c.type === 'ContainersReady')?.status).toBe('False')
    expect(pod.status.phase).toBe('Running')
  })
})

describe('a liveness probe that fails', () => {
  it('kills the container after 3 failures and restarts it; later restarts back off', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    createPod(sim, 'live', [
      {
        name: 'web',
        image: 'kubeplayground/web:unready',
        livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 },
      },
    ])
    let unhealthyAtFirstKill: number | undefined
    const samples = follow(
      sim,
      (s) => s.object('Pod/default/live') as Pod | undefined,
      sim.simTimeMs + 300_000,
      (s) => {
        const events = s.events().filter((e) => e.involvedObject.name === 'live')
        if (unhealthyAtFirstKill === undefined && events.some((e) => e.reason === 'Killing'))
          unhealthyAtFirstKill = events.find((e) => e.reason === 'Unhealthy')?.count
      },
    )
    expect(unhealthyAtFirstKill).toBe(3)
    const events = sim.events().filter((e) => e.involvedObject.name === 'live')
    expect(events.map((e) => [e.type, e.reason, e.message]).slice(5, 8)).toEqual([
      ['Warning', 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 503'],
      ['Normal', 'Killing', 'Container web failed liveness probe, will be restarted'],
      [
        'Normal',
        'Pulled',
        'Container image "kubeplayground/web:unready" already present on machine',
      ],
    ])
    // nginx exits 0 on SIGTERM; the kubelet starts it again in the same sync.
    const first = samples.find((s) => s.container?.restartCount === 1)
    expect(first?.status).toBe('Running')
    expect(first?.container?.lastState.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    })
    // Kills come faster than the back-off grows: sooner or later a restart has to wait.
    expect(samples.some((s) => s.status === 'CrashLoopBackOff')).toBe(true)
    const kills = events.find((e) => e.reason === 'Killing')?.count ?? 0
    expect(kills).toBeGreaterThanOrEqual(5)
  })
})

describe('what failures cost the engine', () => {
  const kubeletTasks = (sim: Simulation) =>
    sim.snapshot().queue.entries.filter((e) => e.task.handler === 'kubelet').length

  it('Ready pods leave no kubelet task queued; a crash-looping pod keeps one', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    expect(kubeletTasks(sim)).toBe(0)
    const before = sim.tasksRun()
    sim.advanceTo(sim.simTimeMs + 600_000)
    // Only the Deployment controller's progress-deadline requeues ran.
    expect(sim.tasksRun() - before).toBeLessThanOrEqual(5)
    sim.run('kubectl create deployment crash --image=kubeplayground/web:crashloop')
    sim.advanceTo(sim.simTimeMs + 60_000)
    expect(kubeletTasks(sim)).toBeGreaterThan(0)
    const settled = sim.tasksRun()
    sim.advanceTo(sim.simTimeMs + 600_000)
    // An exit, a sync and a restart per back-off, and a re-sync every 10–15 s in between.
    const perTenMinutes = sim.tasksRun() - settled
    expect(perTenMinutes).toBeGreaterThan(30)
    expect(perTenMinutes).toBeLessThan(200)
  })
})
