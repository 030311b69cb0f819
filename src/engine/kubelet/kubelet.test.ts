/**
 * A pod's life as the kubelet reports it (spec §7), watched through the simulation: the phases and
 * kubectl STATUS it passes through, its events, graceful deletion, and host-local pod IPs.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import type { Node } from '../model/node'
import type { Pod } from '../model/pod'
import { isPodReady, podReadyColumn, podStatusReason } from '../model/podStatus'
import { cidrContains, ipToInt, parseCidr } from '../model/ipv4'

const webPods = (sim: Simulation) =>
  sim
    .objects()
    .filter(
      (o): o is Pod =>
        o.kind === 'Pod' && o.metadata.namespace === 'default' && o.metadata.labels?.app === 'web',
    )
const findPod = (sim: Simulation, name: string) =>
  sim.objects().find((o): o is Pod => o.kind === 'Pod' && o.metadata.name === name)

/** What kubectl and the scheduler would tell about a pod: bound or not, STATUS, READY, phase. */
const describeState = (p: Pod) =>
  `${p.spec.nodeName ? 'bound' : 'unbound'} ${podStatusReason(p)} ${podReadyColumn(p)} ${p.status.phase ?? ''}`

describe('a new pod, from creation to Ready', () => {
  it('goes Pending → scheduled → ContainerCreating → Running (not ready) → Ready', () => {
    const sim = createSimulation({ seed: 3, freezeObjects: true })
    const before = new Set(webPods(sim).map((p) => p.metadata.name))
    sim.run('kubectl scale deployment/web --replicas=4')
    const seen: string[] = []
    let name: string | undefined
    let containerCreatingRow: string | undefined
    let notReady: Pod | undefined
    for (let i = 0; i < 500; i++) {
      if (sim.step() === undefined) break
      name ??= webPods(sim).find((p) => !before.has(p.metadata.name))?.metadata.name
      const pod = name ? findPod(sim, name) : undefined
      if (!pod) continue
      const state = describeState(pod)
      if (seen.at(-1) !== state) seen.push(state)
      if (podStatusReason(pod) === 'ContainerCreating' && !containerCreatingRow)
        containerCreatingRow = sim
          .run(`kubectl get pods ${pod.metadata.name}`)
          .output.split('\n')[1]
      if (pod.status.phase === 'Running' && !isPodReady(pod)) notReady ??= pod
      if (isPodReady(pod)) break
    }
    expect(seen).toEqual([
      'unbound Pending 0/1 Pending',
      'bound Pending 0/1 Pending',
      'bound ContainerCreating 0/1 Pending',
      'bound Running 0/1 Running',
      'bound Running 1/1 Running',
    ])
    expect(containerCreatingRow).toMatch(
      new RegExp(`^${name}\\s+0/1\\s+ContainerCreating\\s+0\\s+\\d+s$`),
    )
    // Running but not ready: the readiness probe has not passed yet (generate.go).
    expect(notReady?.status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [nginx]',
    })
    const pod = findPod(sim, name ?? '') as Pod
    const events = sim.events().filter((e) => e.involvedObject.uid === pod.metadata.uid)
    expect(events.map((e) => [e.reason, e.message])).toEqual([
      ['Scheduled', `Successfully assigned default/${pod.metadata.name} to ${pod.spec.nodeName}`],
      ['Pulled', 'Container image "nginx:1.25" already present on machine'],
      ['Created', 'Created container: nginx'],
      ['Started', 'Started container nginx'],
    ])
    expect(events.slice(1).every((e) => e.source.component === 'kubelet')).toBe(true)
    expect(events.slice(1).every((e) => e.source.host === pod.spec.nodeName)).toBe(true)
  })

  it('a node that lacks the image pulls it first: Pulling, then Pulled "Successfully pulled image ..."', () => {
    const sim = createSimulation({ seed: 8, freezeObjects: true })
    sim.run('sim add node node4')
    sim.advanceTo(sim.simTimeMs + 1_000)
    sim.run('kubectl scale deployment/web --replicas=6')
    sim.advanceTo(sim.simTimeMs + 30_000)
    const onNode4 = webPods(sim).filter((p) => p.spec.nodeName === 'node4')
    expect(onNode4.length).toBeGreaterThan(0)
    const reasons = sim
      .events()
      .filter((e) => e.involvedObject.uid === onNode4[0]?.metadata.uid)
      .map((e) => e.reason)
    expect(reasons).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'])
    const pulled = sim
      .events()
      .find((e) => e.involvedObject.uid === onNode4[0]?.metadata.uid && e.reason === 'Pulled')
    expect(pulled?.message).toMatch(
      /^Successfully pulled image "nginx:1\.25" in [\d.]+m?s \([\d.]+m?s including waiting\)/,
    )
  })
})

describe('graceful deletion', () => {
  it('a deleted pod shows Terminating (and stops counting) until the kubelet removes it', () => {
    const sim = createSimulation({ seed: 5, freezeObjects: true })
    sim.run('kubectl scale deployment/web --replicas=2')
    let victim: string | undefined
    let terminatingRow: string | undefined
    let rsReplicasWhileTerminating: number | undefined
    let gone = false
    for (let i = 0; i < 500 && !gone; i++) {
      if (sim.step() === undefined) break
      const deleted = sim.events().find((e) => e.reason === 'SuccessfulDelete')
      victim ??= deleted?.message.replace('Deleted pod: ', '')
      if (!victim) continue
      const pod = findPod(sim, victim)
      if (!pod) {
        gone = true
        break
      }
      if (podStatusReason(pod) === 'Terminating') {
        terminatingRow ??= sim.run(`kubectl get pods ${victim}`).output.split('\n')[1]
        // The last ReplicaSet status written while the pod still exists.
        const rs = sim
          .objects()
          .find((o) => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default')
        rsReplicasWhileTerminating = (rs?.status as { replicas?: number } | undefined)?.replicas
      }
    }
    expect(victim).toBeDefined()
    expect(terminatingRow).toMatch(new RegExp(`^${victim}\\s+1/1\\s+Terminating\\s+0\\s+\\S+$`))
    expect(gone).toBe(true)
    // Terminating pods are not active (controller.IsPodActive): the ReplicaSet already counts 2.
    expect(rsReplicasWhileTerminating).toBe(2)
    const killing = sim
      .events()
      .filter((e) => e.reason === 'Killing' && e.involvedObject.name === victim)
    expect(killing.map((e) => e.message)).toEqual(['Stopping container nginx'])
    expect(webPods(sim)).toHaveLength(2)
  })
})

describe('pod IPs follow host-local order on each node', () => {
  it('start at .2, never use .1, stay in the podCIDR, and do not reuse a released IP before the wrap', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const nodes = new Map(
      sim
        .objects()
        .filter((o): o is Node => o.kind === 'Node')
        .map((n) => [n.metadata.name, n.spec.podCIDR ?? '']),
    )
    const lastOctet = (ip: string) => Number(ip.split('.')[3])
    const everUsed = new Map<string, number[]>()
    const observe = () => {
      const all = sim
        .objects()
        .filter((o): o is Pod => o.kind === 'Pod')
        .filter((p) => !!p.status.podIP)
      const live = all.map((p) => p.status.podIP)
      expect(new Set(live).size).toBe(live.length)
      for (const p of all) {
        const ip = p.status.podIP as string
        const node = p.spec.nodeName as string
        expect(cidrContains(parseCidr(nodes.get(node) ?? ''), ipToInt(ip))).toBe(true)
        expect(lastOctet(ip)).not.toBe(1)
        const used = everUsed.get(node) ?? []
        if (!used.includes(lastOctet(ip))) used.push(lastOctet(ip))
        everUsed.set(node, used)
      }
    }
    observe()
    // The first pods on each node: .2 upward (CoreDNS and client on node1, web on node2 and node3).
    for (const [, used] of everUsed)
      expect([...used].sort((a, b) => a - b)).toEqual(used.map((_, i) => i + 2))
    for (const replicas of [8, 2, 8]) {
      const before = new Map([...everUsed].map(([n, u]) => [n, Math.max(...u)]))
      const known = new Set(webPods(sim).map((p) => p.metadata.uid))
      sim.run(`kubectl scale deployment/web --replicas=${replicas}`)
      sim.advanceTo(sim.simTimeMs + 40_000)
      observe()
      // Every new pod's IP is above everything its node handed out before: released IPs wait.
      for (const p of webPods(sim).filter((q) => !known.has(q.metadata.uid))) {
        const max = before.get(p.spec.nodeName ?? '') ?? 1
        expect(lastOctet(p.status.podIP ?? '')).toBeGreaterThan(max)
      }
    }
    // node2 and node3 each handed out consecutive addresses .2, .3, ... with no gaps.
    for (const node of ['node2', 'node3']) {
      const used = [...(everUsed.get(node) ?? [])].sort((a, b) => a - b)
      expect(used).toEqual(used.map((_, i) => i + 2))
      expect(used.length).toBeGreaterThanOrEqual(4)
    }
  })
})
