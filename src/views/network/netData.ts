/**
 * The network as the views see it: a node's interfaces and a pod's netns derived from the store's
 * objects and network facts with the engine's own pure functions, and the hop the trace player
 * stands on.
 */
import { useMemo } from 'react'
import type { Hop, KubeObject, NetworkFacts } from '../../engine'
import type { Node } from '../../engine/model/node'
import type { Pod } from '../../engine/model/pod'
import type { Lease, NodeNet, PodNet } from '../../engine/model/network/interfaces'
import { leaseOf, nodeNetOf, podNetOf } from '../../engine/model/network/interfaces'
import type { AppState } from '../../store'
import { traceHops } from '../../store'
import { useAppStore } from '../AppContext'

export function useNodeNet(name: string): NodeNet | undefined {
  const node = useAppStore((s) => s.objects.get(`Node/${name}`)) as Node | undefined
  const facts = useAppStore((s) => s.network)
  return useMemo(() => (node && facts ? nodeNetOf(node, facts) : undefined), [node, facts])
}

export function usePodNet(podKey: string): PodNet | undefined {
  const pod = useAppStore((s) => s.objects.get(podKey)) as Pod | undefined
  const facts = useAppStore((s) => s.network)
  return useMemo(() => (pod && facts ? podNetOf(pod, facts) : undefined), [pod, facts])
}

/** Pod store keys with a network namespace on a node, in address order (host-local's). */
export function netnsPodKeys(
  objects: ReadonlyMap<string, KubeObject>,
  keys: readonly string[],
  facts: NetworkFacts,
): string[] {
  const withIp: { key: string; ip: number }[] = []
  for (const key of keys) {
    const net = podNetOf(objects.get(key) as Pod, facts)
    if (!net) continue
    const [a = 0, b = 0, c = 0, d = 0] = net.ip.split('.').map(Number)
    withIp.push({ key, ip: ((a * 256 + b) * 256 + c) * 256 + d })
  }
  return withIp.sort((x, y) => x.ip - y.ip).map((p) => p.key)
}

/** A machine's pods with a network namespace as `namespace/name`, joined by '|' (a stable selector value). */
export function netnsPodsOf(s: AppState, node: string): string {
  if (!s.network) return ''
  return netnsPodKeys(s.objects, s.podKeysByNode[node] ?? [], s.network)
    .map((k) => k.slice('Pod/'.length))
    .join('|')
}

/** Every node's flannel lease (what peers program their routes from). */
export function leasesOf(
  objects: ReadonlyMap<string, KubeObject>,
  nodeNames: readonly string[],
): Lease[] {
  const out: Lease[] = []
  for (const name of nodeNames) {
    const lease = leaseOf(objects.get(`Node/${name}`) as Node)
    if (lease) out.push(lease)
  }
  return out
}

export function currentHop(s: AppState): Hop | undefined {
  return traceHops(s.trace.trace)[s.trace.position]
}

/** The hop the player stands on, if a trace is shown. */
export function useCurrentHop(): Hop | undefined {
  return useAppStore(currentHop)
}
