/**
 * The pod garbage collector's orphan pass (podgc gcOrphaned): a pod bound to a node that does not
 * exist is marked Failed (DisruptionTarget, DeletionByPodGC) and force-deleted at the gc pass after
 * quarantineTime; a node that turns up in the meantime keeps its pods; nothing is queued otherwise.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import type { Pod } from '../model/pod'
import { toTimestamp } from '../model/time'
import { cidrContains, ipToInt, parseCidr } from '../model/ipv4'
import { advance, buildCore, run } from '../network/testClusters'
import {
  GC_CHECK_PERIOD_MS,
  POD_GARBAGE_COLLECTOR,
  QUARANTINE_TIME_MS,
} from './podGarbageCollector'

const bound = (name: string, node: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: ${node}
  containers:
    - name: web
      image: nginx:1.25
`

/** When podgc acts on a node found missing at nowMs: the next 20 s pass, plus 40 s. */
const dueAt = (nowMs: number) =>
  (Math.floor(nowMs / GC_CHECK_PERIOD_MS) + 1) * GC_CHECK_PERIOD_MS + QUARANTINE_TIME_MS

const pod = (core: SimulationCore, name: string) => core.store.get<Pod>(`Pod/default/${name}`)

describe('podgc: orphaned pods', () => {
  it('a pod bound to a node that does not exist is marked Failed, then deleted, after quarantine', () => {
    const core = buildCore('fixture')
    const seen: Pod[] = []
    core.store.watch((e) => {
      if (e.object.metadata.name === 'lost') seen.push(e.object as Pod)
    })
    const createdAt = core.simTimeMs
    run(core, 'kubectl apply -f -', bound('lost', 'ghost'))
    core.advanceTo(dueAt(createdAt) - 1)
    expect(pod(core, 'lost')?.status.phase).toBe('Pending')
    core.advanceTo(dueAt(createdAt))
    expect(pod(core, 'lost')).toBeUndefined()
    const failed = seen.at(-1)
    expect(failed?.status.phase).toBe('Failed')
    expect(failed?.status.conditions?.find((c) => c.type === 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: toTimestamp(dueAt(createdAt)),
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
    })
  })

  it('a node that joins during the quarantine keeps the pods bound to it, and runs them', () => {
    const core = buildCore('default')
    run(core, 'kubectl apply -f -', bound('early', 'node4'))
    advance(core, 10_000)
    run(core, 'sim add node node4')
    advance(core, 60_000)
    const early = pod(core, 'early')
    expect(early?.status.phase).toBe('Running')
    const podCIDR = core.network.node('node4')?.podCIDR ?? ''
    expect(cidrContains(parseCidr(podCIDR), ipToInt(early?.status.podIP ?? '0.0.0.0'))).toBe(true)
  })

  it('has nothing queued while every pod is on a node that exists', () => {
    const core = buildCore('default')
    run(core, 'kubectl scale deployment/web --replicas=9')
    advance(core, 30_000)
    run(core, 'kubectl scale deployment/web --replicas=1')
    advance(core, 60_000)
    const queued = Object.keys(core.snapshot().pending)
    expect(queued.filter((k) => k.startsWith(`${POD_GARBAGE_COLLECTOR}\u0000`))).toEqual([])
    expect(core.store.count('Pod')).toBe(4)
  })
})
