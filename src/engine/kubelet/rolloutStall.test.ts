/**
 * A rollout of web (3 replicas, maxSurge 1, maxUnavailable 1) to a version that never becomes
 * available stalls where the Deployment controller's arithmetic stops it (spec §3.5): the new
 * ReplicaSet is created at 1 and the old one scaled 3 → 2 in the same sync, the new one grows to 2
 * (total 4 = replicas + maxSurge), and then maxScaledDown = 4 − 2 − 2 = 0, so old 2 + new 2 stay,
 * the two old pods still serving. progressDeadlineSeconds (600) after the last progress, the
 * Progressing condition turns False with ProgressDeadlineExceeded; nothing is rolled back.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import type { Deployment, ReplicaSet } from '../model/apps'
import type { Pod } from '../model/pod'
import { isPodReady, podStatusReason } from '../model/podStatus'
import { fromTimestamp } from '../model/time'
import { podsOf, setImage } from './testFixtures'

const web = (sim: Simulation) => sim.object('Deployment/default/web') as Deployment
const replicaSets = (sim: Simulation) =>
  sim
    .objects()
    .filter((o): o is ReplicaSet => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default')
const condition = (d: Deployment, type: string) => d.status.conditions?.find((c) => c.type === type)

const BROKEN: [image: string, status: string][] = [
  ['nginx:1.99', 'ImagePullBackOff'],
  ['kubeplayground/web:crashloop', 'CrashLoopBackOff'],
  ['kubeplayground/web:unready', 'Running'],
]

describe.each(BROKEN)('a rollout of web to %s', (image, stuckStatus) => {
  const sim = createSimulation({ seed: 1, freezeObjects: true })
  const [oldRS] = replicaSets(sim)
  const oldPods = new Set(podsOf(sim, 'web-').map((p) => p.metadata.name))
  setImage(sim, 'web', 'nginx', image)
  const startMs = sim.simTimeMs
  sim.advanceTo(startMs + 60_000)
  const newRS = replicaSets(sim).find((rs) => rs.metadata.name !== oldRS?.metadata.name)
  const newPods = () => podsOf(sim, 'web-').filter((p) => !oldPods.has(p.metadata.name))
  const servingOld = () => podsOf(sim, 'web-').filter((p) => oldPods.has(p.metadata.name))

  it('stalls at old 2 + new 2 with the old pods serving', () => {
    expect(oldRS?.metadata.name).toBeDefined()
    expect(replicaSets(sim).map((rs) => [rs.metadata.name, rs.spec.replicas])).toEqual([
      [oldRS?.metadata.name, 2],
      [newRS?.metadata.name, 2],
    ])
    expect(servingOld().map(isPodReady)).toEqual([true, true])
    expect(newPods().map(isPodReady)).toEqual([false, false])
    expect(newPods().map((p: Pod) => podStatusReason(p))).toEqual([stuckStatus, stuckStatus])
    expect(web(sim).status).toMatchObject({
      replicas: 4,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 2,
    })
    expect(condition(web(sim), 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    })
    expect(condition(web(sim), 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
    })
    const scaling = sim
      .events()
      .filter((e) => e.reason === 'ScalingReplicaSet' && e.lastSimTimeMs >= startMs)
      .map((e) => e.message)
    expect(scaling).toEqual([
      `Scaled up replica set ${newRS?.metadata.name} from 0 to 1`,
      `Scaled down replica set ${oldRS?.metadata.name} from 3 to 2`,
      `Scaled up replica set ${newRS?.metadata.name} from 1 to 2`,
    ])
  })

  it('reports ProgressDeadlineExceeded 600 s after its last progress, and keeps serving', () => {
    const progressing = condition(web(sim), 'Progressing')
    const deadline = fromTimestamp(progressing?.lastUpdateTime ?? '') + 600_000
    sim.advanceTo(deadline - 1)
    expect(condition(web(sim), 'Progressing')?.status).toBe('True')
    sim.advanceTo(deadline + 2_000)
    expect(condition(web(sim), 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS?.metadata.name}" has timed out progressing.`,
    })
    // Nothing is rolled back or scaled: the controller keeps waiting, the old pods keep serving.
    expect(replicaSets(sim).map((rs) => rs.spec.replicas)).toEqual([2, 2])
    expect(servingOld().map(isPodReady)).toEqual([true, true])
    expect(web(sim).status.availableReplicas).toBe(2)
  })
})
