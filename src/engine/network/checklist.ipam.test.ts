/**
 * Networking spec §9 item 1 (host-local, §2.6), through the kubelet: pod IPs on a node are handed
 * out .2, .3, … in order, .1 is cni0's address and never a pod's, and a released IP is not handed
 * out again before the range wraps past .254.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../runtime/Simulation'
import type { Pod } from '../model/pod'
import { ipToInt } from '../model/ipv4'
import { advance, buildCore, run } from './testClusters'

/** Every address a sandbox got, per node, in the order the kubelets gave them. */
function recordAllocations(core: SimulationCore): Map<string, string[]> {
  const out = new Map<string, string[]>()
  core.store.watch((e) => {
    if (e.object.kind !== 'Pod' || e.type === 'DELETED') return
    const pod = e.object as Pod
    const ip = pod.status.podIP
    if (!ip || (e.old as Pod | undefined)?.status.podIP === ip) return
    const node = pod.spec.nodeName as string
    out.set(node, [...(out.get(node) ?? []), ip])
  })
  return out
}

/** The last octet of each address. */
const hosts = (ips: readonly string[]) => ips.map((ip) => ipToInt(ip) & 255)
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('§9.1 pod IPs: in order from .2, never .1, no reuse before the range wraps', () => {
  it('the fixture: coredns-a/b, client, cache get .2-.5 on node1; web-1 and web-2 get .2', () => {
    const core = buildCore('fixture')
    const ips = Object.fromEntries(
      [...core.store.list<Pod>('Pod')].map((p) => [p.metadata.name, p.status.podIP]),
    )
    expect(ips).toEqual({
      'coredns-a': '10.244.0.2',
      'coredns-b': '10.244.0.3',
      client: '10.244.0.4',
      cache: '10.244.0.5',
      'web-1': '10.244.1.2',
      'web-2': '10.244.2.2',
    })
    for (const node of ['node1', 'node2', 'node3']) {
      const cni0 = core.network.node(node)?.cni0?.ip
      expect(cni0).toMatch(/\.1$/)
      expect(Object.values(ips)).not.toContain(cni0)
    }
  })

  it('scaling web up, down and up again: each node continues after its last address', () => {
    const core = buildCore('default')
    const before = new Map<string, string[]>()
    for (const p of core.store.list<Pod>('Pod'))
      if (p.status.podIP && p.spec.nodeName)
        before.set(p.spec.nodeName, [...(before.get(p.spec.nodeName) ?? []), p.status.podIP])
    const allocated = recordAllocations(core)
    run(core, 'kubectl scale deployment/web --replicas=8')
    advance(core, 30_000)
    run(core, 'kubectl scale deployment/web --replicas=2')
    advance(core, 60_000)
    run(core, 'kubectl scale deployment/web --replicas=7')
    advance(core, 30_000)
    for (const node of ['node2', 'node3']) {
      const existing = hosts(before.get(node) ?? []).sort((a, b) => a - b)
      const added = hosts(allocated.get(node) ?? [])
      expect(added.length, node).toBeGreaterThan(2)
      const all = [...existing, ...added]
      // host-local's round robin from last_reserved_ip: .2, .3, … with no address given twice.
      expect(all, node).toEqual(range(2, all.length + 1))
    }
    // Scaling down released addresses, and the pods that came after did not get them back.
    const live = new Set([...core.store.list<Pod>('Pod')].map((p) => p.status.podIP))
    const released = [...allocated.values()].flat().filter((ip) => !live.has(ip))
    expect(released.length).toBeGreaterThan(0)
  })

  it('after .254 the iterator wraps: .1 is skipped and released addresses from .2 are reused', () => {
    const core = buildCore('default')
    run(core, 'sim add node node4 --cpu 64 --memory 256Gi --pods 300')
    const allocated = recordAllocations(core)
    run(core, 'kubectl apply -f -', FILLER)
    for (const replicas of [120, 0, 120, 0, 30]) {
      run(core, `kubectl scale deployment/filler --replicas=${replicas}`)
      advance(core, 60_000)
    }
    const node4 = allocated.get('node4') ?? []
    expect(node4).toHaveLength(270)
    expect(hosts(node4)).toEqual([...range(2, 254), ...range(2, 18)])
    expect(node4.every((ip) => ip.startsWith('10.244.3.'))).toBe(true)
  })
})

/** nginx pinned to node4 (it exits on SIGTERM, so scaling down is quick). */
const FILLER = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: filler
spec:
  replicas: 0
  selector:
    matchLabels:
      app: filler
  template:
    metadata:
      labels:
        app: filler
    spec:
      nodeSelector:
        kubernetes.io/hostname: node4
      containers:
        - name: nginx
          image: nginx:1.25
`
