/**
 * An image the registry does not have, as the kubelet reports it (image_manager.go
 * EnsureImageExists, kuberuntime_container.go startContainer): Pulling, Failed with containerd's
 * error, "Error: ErrImagePull"; then BackOff and "Error: ImagePullBackOff" while the back-off runs,
 * and a new pull each time it ends, 10 s, 20 s, 40 s ... after the last failure.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import { podStatusReason } from '../model/podStatus'
import { follow, podsOf, runs } from './testFixtures'

const NOT_FOUND =
  'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found'

const eventsOf = (sim: Simulation, uid: string) =>
  sim.events().filter((e) => e.involvedObject.uid === uid)

describe('an image tag that does not exist (nginx:1.99)', () => {
  const sim = createSimulation({ seed: 1, freezeObjects: true })
  const t0 = sim.simTimeMs
  expect(sim.run('kubectl create deployment bad --image=nginx:1.99').ok).toBe(true)
  const find = (s: Simulation) => podsOf(s, 'bad-')[0]
  // Pull starts: the moments the Pulling event's count goes up.
  const pullStarts: number[] = []
  let pulls = 0
  const samples = follow(sim, find, t0 + 200_000, (s) => {
    const pod = find(s)
    const pulling = pod && eventsOf(s, pod.metadata.uid).find((e) => e.reason === 'Pulling')
    if (pulling && pulling.count > pulls) {
      pulls = pulling.count
      pullStarts.push(s.simTimeMs)
    }
  })
  const pod = find(sim)
  if (!pod) throw new Error('no pod')

  it('stays Pending, alternating ErrImagePull and ImagePullBackOff, never restarting', () => {
    const statuses = runs(samples.map((s) => s.status))
    expect(statuses.slice(0, 6)).toEqual([
      'Pending',
      'ContainerCreating',
      'ErrImagePull',
      'ImagePullBackOff',
      'ErrImagePull',
      'ImagePullBackOff',
    ])
    expect(statuses.slice(2).every((s) => s === 'ErrImagePull' || s === 'ImagePullBackOff')).toBe(
      true,
    )
    expect(new Set(samples.map((s) => s.phase))).toEqual(new Set(['Pending']))
    expect(samples.every((s) => !s.ready && (s.container?.restartCount ?? 0) === 0)).toBe(true)
  })

  it('puts containerd’s error, then the back-off, into the waiting state', () => {
    const errImagePull = samples.find((s) => s.status === 'ErrImagePull')
    expect(errImagePull?.container?.state).toEqual({
      waiting: { reason: 'ErrImagePull', message: NOT_FOUND },
    })
    const backOff = samples.find((s) => s.status === 'ImagePullBackOff')
    expect(backOff?.container?.state).toEqual({
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:1.99"' },
    })
    expect(backOff?.container).toMatchObject({ ready: false, started: false, imageID: '' })
  })

  it('pulls again when the back-off ends: 10 s, 20 s, 40 s, 80 s after each failure', () => {
    const failures = samples
      .filter((s, i) => s.status === 'ErrImagePull' && samples[i - 1]?.status !== 'ErrImagePull')
      .map((s) => s.atMs)
    expect(pullStarts).toHaveLength(5)
    expect(failures).toHaveLength(5)
    const waits = pullStarts.slice(1).map((start, i) => start - (failures[i] ?? 0))
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000])
    // A failing pull itself takes about a second (the registry round trips).
    pullStarts.forEach((start, i) => {
      const took = (failures[i] ?? 0) - start
      expect(took).toBeGreaterThan(0)
      expect(took).toBeLessThan(3_000)
    })
  })

  it('records the events the kubelet records, aggregated into counts', () => {
    const events = eventsOf(sim, pod.metadata.uid)
    expect(events.map((e) => [e.type, e.reason, e.message])).toEqual([
      [
        'Normal',
        'Scheduled',
        `Successfully assigned default/${pod.metadata.name} to ${pod.spec.nodeName}`,
      ],
      ['Normal', 'Pulling', 'Pulling image "nginx:1.99"'],
      ['Warning', 'Failed', `Failed to pull image "nginx:1.99": ${NOT_FOUND}`],
      ['Warning', 'Failed', 'Error: ErrImagePull'],
      ['Normal', 'BackOff', 'Back-off pulling image "nginx:1.99"'],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
    ])
    const count = (message: string) => events.find((e) => e.message === message)?.count
    expect(count('Pulling image "nginx:1.99"')).toBe(5)
    expect(count('Error: ErrImagePull')).toBe(5)
    // At least one back-off sync per failure, more while the longer back-offs run.
    expect(count('Error: ImagePullBackOff')).toBeGreaterThan(5)
    expect(count('Back-off pulling image "nginx:1.99"')).toBe(count('Error: ImagePullBackOff'))
    expect(events.slice(1).every((e) => e.source.component === 'kubelet')).toBe(true)
  })

  it('shows in kubectl get pods as ImagePullBackOff, 0/1, 0 restarts', () => {
    expect(podStatusReason(pod)).toBe('ImagePullBackOff')
    const row = sim.run(`kubectl get pods ${pod.metadata.name}`).output.split('\n')[1]
    expect(row).toMatch(
      new RegExp(`^${pod.metadata.name}\\s+0/1\\s+ImagePullBackOff\\s+0\\s+3m\\d+s$`),
    )
  })
})

describe('a repository that does not exist (the typo ngnix:1.26)', () => {
  it('fails with Docker Hub’s "pull access denied", the CRI client having dropped the Unknown code', () => {
    const sim = createSimulation({ seed: 2, freezeObjects: true })
    sim.run('kubectl create deployment typo --image=ngnix:1.26')
    sim.advanceTo(sim.simTimeMs + 20_000)
    const pod = podsOf(sim, 'typo-')[0]
    const failed = sim
      .events()
      .find((e) => e.involvedObject.uid === pod?.metadata.uid && e.message.startsWith('Failed to'))
    const error =
      'failed to pull and unpack image "docker.io/library/ngnix:1.26": failed to resolve reference "docker.io/library/ngnix:1.26": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
    expect(failed?.message).toBe(`Failed to pull image "ngnix:1.26": ${error}`)
    expect(pod?.status.phase).toBe('Pending')
  })
})
