/**
 * The FailedScheduling message: FitError.Error (pkg/scheduler/framework/types.go) plus the
 * DefaultPreemption PostFilter note, spec §8; unit-tested and then end to end.
 */
import { describe, expect, it } from 'vitest'
import { runCommand } from '../commands/runCommand'
import type { Pod } from '../model/pod'
import { SimulationCore } from '../runtime/Simulation'
import { applyManifest } from '../scenarios/applyManifest'
import { findScenario } from '../scenarios/scenarios'
import { fitErrorMessage } from './fitError'

const TAINT = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'

describe('fitErrorMessage', () => {
  it('matches the spec §8 example', () => {
    const nodes = new Map([
      ['node1', { reasons: [TAINT], unresolvable: true }],
      ['node2', { reasons: ['Insufficient cpu'], unresolvable: false }],
      ['node3', { reasons: ['Insufficient cpu'], unresolvable: false }],
    ])
    expect(fitErrorMessage(3, nodes)).toBe(
      `0/3 nodes are available: 1 ${TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    )
  })

  it('counts every reason of a node, and sorts "<count> <reason>" as strings (so 10 < 2)', () => {
    const nodes = new Map<string, { reasons: string[]; unresolvable: boolean }>()
    for (let i = 0; i < 10; i++)
      nodes.set(`w${i}`, {
        reasons: ['Insufficient cpu', 'Insufficient memory'],
        unresolvable: false,
      })
    nodes.set('cp1', { reasons: [TAINT], unresolvable: true })
    nodes.set('cp2', { reasons: [TAINT], unresolvable: true })
    nodes.set('cordoned', { reasons: ['node(s) were unschedulable'], unresolvable: true })
    expect(fitErrorMessage(13, nodes)).toBe(
      `0/13 nodes are available: 1 node(s) were unschedulable, 10 Insufficient cpu, 10 Insufficient memory, 2 ${TAINT}. preemption: 0/13 nodes are available: 10 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.`,
    )
  })

  it('with no nodes at all is ErrNoNodesAvailable (schedule_one.go), without a preemption note', () => {
    expect(fitErrorMessage(0, new Map())).toBe('no nodes available to schedule pods')
  })
})

const BIG = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: 1
  selector:
    matchLabels: {app: big}
  template:
    metadata:
      labels: {app: big}
    spec:
      containers:
        - name: app
          image: nginx:1.25
          resources:
            requests: {cpu: "8", memory: 2Gi}
`

function defaultCore(seed: number): SimulationCore {
  const core = new SimulationCore(seed, 'default', { freezeObjects: true })
  findScenario('default')?.build(core)
  return core
}

function bigPod(core: SimulationCore): Pod {
  const pod = [...core.store.list<Pod>('Pod')].find((p) => p.metadata.labels?.app === 'big')
  if (!pod) throw new Error('no pod of deployment big')
  return pod
}

describe('FailedScheduling end to end', () => {
  it('a pod that fits nowhere gets the FitError as a Warning event and PodScheduled=False', () => {
    const core = defaultCore(1)
    applyManifest(core, BIG)
    core.advanceTo(core.simTimeMs + 5_000)
    const pod = bigPod(core)
    const message = `0/3 nodes are available: 1 ${TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`
    const events = core.events.list().filter((e) => e.involvedObject.uid === pod.metadata.uid)
    expect(events.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'FailedScheduling', message],
    ])
    expect(events[0]?.source.component).toBe('default-scheduler')
    expect(pod.spec.nodeName).toBeUndefined()
    expect(pod.status.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message,
    })
    const table = runCommand(core, 'kubectl get pods -l app=big').output
    expect(table.split('\n')[1]).toMatch(/^big-\S+\s+0\/1\s+Pending\s+0\s+5s$/)
  })

  it('with a small node added (sim add node --cpu --memory): reasons per node, counted and sorted', () => {
    const core = defaultCore(2)
    expect(runCommand(core, 'sim add node tiny --cpu 16 --memory 1Gi').ok).toBe(true)
    core.advanceTo(core.simTimeMs + 1_000)
    applyManifest(core, BIG)
    core.advanceTo(core.simTimeMs + 5_000)
    const pod = bigPod(core)
    const failed = core.events
      .list()
      .filter((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === 'FailedScheduling')
    expect(failed.map((e) => e.message)).toEqual([
      `0/4 nodes are available: 1 Insufficient memory, 1 ${TAINT}, 2 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`,
    ])
  })

  it('with a small-CPU node added (sim add node --cpu 1): 3 Insufficient cpu', () => {
    const core = defaultCore(4)
    expect(runCommand(core, 'sim add node small --cpu 1').ok).toBe(true)
    core.advanceTo(core.simTimeMs + 1_000)
    applyManifest(core, BIG)
    core.advanceTo(core.simTimeMs + 5_000)
    const pod = bigPod(core)
    const failed = core.events
      .list()
      .filter((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === 'FailedScheduling')
    expect(failed.map((e) => e.message)).toEqual([
      `0/4 nodes are available: 1 ${TAINT}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`,
    ])
  })

  it('once a node with room joins, the waiting pod is scheduled there', () => {
    const core = defaultCore(3)
    applyManifest(core, BIG)
    core.advanceTo(core.simTimeMs + 5_000)
    expect(runCommand(core, 'sim add node roomy --cpu 16 --memory 32Gi').ok).toBe(true)
    core.advanceTo(core.simTimeMs + 15_000)
    const pod = bigPod(core)
    expect(pod.spec.nodeName).toBe('roomy')
    const scheduled = core.events
      .list()
      .filter((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === 'Scheduled')
    expect(scheduled.map((e) => e.message)).toEqual([
      `Successfully assigned default/${pod.metadata.name} to roomy`,
    ])
  })
})
