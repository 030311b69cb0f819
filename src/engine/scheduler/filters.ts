/**
 * Filter plugins of the default profile, in their order (pkg/scheduler/framework/plugins): each
 * returns the reasons a node cannot take the pod, empty when it can. A node's first failing plugin
 * decides, as runFilterPlugins stops there.
 */
import type { Node, Taint } from '../model/node'
import type { Pod, Toleration } from '../model/pod'
import { nodeCapacity } from './nodeCapacity'
import type { NodeInfo } from './SchedulerCache'
import type { Requests } from './podRequests'

/** A filter's verdict: reasons, and whether preemption could ever help (Unschedulable vs ...AndUnresolvable). */
export interface FilterResult {
  reasons: string[]
  unresolvable: boolean
}

const PASS: FilterResult = { reasons: [], unresolvable: false }

/** v1helper.TolerationsTolerateTaint: does any toleration match this taint. */
export function toleratesTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false
    if (t.key && t.key !== taint.key) return false
    if (!t.key && t.operator !== 'Exists') return false
    if ((t.operator ?? 'Equal') === 'Exists') return true
    return (t.value ?? '') === (taint.value ?? '')
  })
}

/** NodeUnschedulable: a cordoned node takes only pods that tolerate node.kubernetes.io/unschedulable. */
function nodeUnschedulable(pod: Pod, node: Node): FilterResult {
  if (!node.spec.unschedulable) return PASS
  const tolerated = toleratesTaint(pod.spec.tolerations, {
    key: 'node.kubernetes.io/unschedulable',
    effect: 'NoSchedule',
  })
  return tolerated ? PASS : { reasons: ['node(s) were unschedulable'], unresolvable: true }
}

/** NodeName: a pod that names a node fits only there. */
function nodeName(pod: Pod, node: Node): FilterResult {
  if (!pod.spec.nodeName || pod.spec.nodeName === node.metadata.name) return PASS
  return { reasons: ["node(s) didn't match the requested node name"], unresolvable: true }
}

/** TaintToleration: every NoSchedule and NoExecute taint must be tolerated. */
function taintToleration(pod: Pod, node: Node): FilterResult {
  for (const taint of node.spec.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue
    if (!toleratesTaint(pod.spec.tolerations, taint)) {
      return {
        reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`],
        unresolvable: true,
      }
    }
  }
  return PASS
}

/** NodeAffinity (nodeSelector part): every nodeSelector label must be on the node. */
function nodeAffinity(pod: Pod, node: Node): FilterResult {
  const labels = node.metadata.labels ?? {}
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) {
    if (labels[k] !== v)
      return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true }
  }
  return PASS
}

/** NodeResourcesFit: pods, cpu and memory requests must fit what is left of allocatable. */
function nodeResourcesFit(node: Node, info: NodeInfo, requests: Requests): FilterResult {
  const reasons: string[] = []
  const capacity = nodeCapacity(node)
  if (info.podCount + 1 > capacity.pods) reasons.push('Too many pods')
  if (requests.milliCPU > 0 && requests.milliCPU > capacity.milliCPU - info.requestedMilliCPU) {
    reasons.push('Insufficient cpu')
  }
  if (requests.memory > 0 && requests.memory > capacity.memory - info.requestedMemory) {
    reasons.push('Insufficient memory')
  }
  return reasons.length === 0 ? PASS : { reasons, unresolvable: false }
}

/** Runs the filters in the default profile's order and returns the first failure. */
export function runFilters(pod: Pod, node: Node, info: NodeInfo, requests: Requests): FilterResult {
  let result = nodeUnschedulable(pod, node)
  if (result.reasons.length === 0) result = nodeName(pod, node)
  if (result.reasons.length === 0) result = taintToleration(pod, node)
  if (result.reasons.length === 0) result = nodeAffinity(pod, node)
  if (result.reasons.length === 0) result = nodeResourcesFit(node, info, requests)
  return result
}
