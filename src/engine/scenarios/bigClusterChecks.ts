/**
 * What "settled" means for a big cluster, shared by its unit test and the scenario benchmark: the
 * problems found, as sentences (an empty list when the cluster is as its scenario promises).
 */
import type { SimulationCore } from '../runtime/Simulation'
import type { Pod } from '../model/pod'
import type { Node } from '../model/node'
import { isPodReady } from '../model/podStatus'

/** Everything that keeps a big cluster from being settled: Nodes, web pods, duplicate addresses. */
export function settledProblems(
  core: SimulationCore,
  expected: { nodes: number; webReplicas: number },
): string[] {
  const problems: string[] = []
  const nodes = [...core.store.list<Node>('Node')]
  if (nodes.length !== expected.nodes) problems.push(`${nodes.length} nodes, not ${expected.nodes}`)
  const notReady = nodes.filter(
    (n) => !n.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  )
  if (notReady.length > 0) problems.push(`${notReady.length} nodes not Ready`)
  const pods = [...core.store.list<Pod>('Pod')]
  const web = pods.filter((p) => p.metadata.labels?.app === 'web')
  if (web.length !== expected.webReplicas)
    problems.push(`${web.length} web pods, not ${expected.webReplicas}`)
  const unready = web.filter((p) => p.status.phase !== 'Running' || !isPodReady(p))
  if (unready.length > 0) problems.push(`${unready.length} web pods not Running and Ready`)
  const seen = new Map<string, string>()
  for (const p of pods) {
    const ip = p.status.podIP
    if (!ip || p.spec.hostNetwork) continue
    const other = seen.get(ip)
    if (other) problems.push(`${p.metadata.name} and ${other} share ${ip}`)
    seen.set(ip, p.metadata.name)
  }
  return problems
}
