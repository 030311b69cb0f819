/**
 * Score plugins of the default profile with their weights (pkg/scheduler/apis/config/v1/
 * default_plugins.go): TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1 (LeastAllocated),
 * PodTopologySpread 2 (system default constraints), InterPodAffinity 2, BalancedAllocation 1,
 * ImageLocality 1. Plugins with nothing to score for a pod (no preferred affinities) add 0.
 */
import type { Node } from '../model/node'
import type { Pod } from '../model/pod'
import { controllerRef } from '../model/meta'
import { milliCPU, parseQuantity } from '../model/quantity'
import type { NodeInfo } from './SchedulerCache'
import type { Requests } from './podRequests'

const MAX_NODE_SCORE = 100

/** leastRequestedScore per resource, averaged with weight 1 each (noderesources/least_allocated.go). */
function leastAllocated(node: Node, info: NodeInfo, nz: Requests): number {
  const score = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity
      ? 0
      : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity)
  const cpuCap = milliCPU(node.status.allocatable.cpu ?? 0)
  const memCap = parseQuantity(node.status.allocatable.memory ?? 0)
  let total = 0
  let weights = 0
  if (cpuCap > 0) {
    total += score(info.nonZeroMilliCPU + nz.milliCPU, cpuCap)
    weights++
  }
  if (memCap > 0) {
    total += score(info.nonZeroMemory + nz.memory, memCap)
    weights++
  }
  return weights === 0 ? 0 : Math.floor(total / weights)
}

/** balancedResourceScorer: (1 - |f_cpu - f_mem| / 2) × 100 over actual requests (balanced_allocation.go). */
function balancedAllocation(node: Node, info: NodeInfo, req: Requests): number {
  const cpuCap = milliCPU(node.status.allocatable.cpu ?? 0)
  const memCap = parseQuantity(node.status.allocatable.memory ?? 0)
  const fractions: number[] = []
  if (cpuCap > 0) fractions.push(Math.min(1, (info.requestedMilliCPU + req.milliCPU) / cpuCap))
  if (memCap > 0) fractions.push(Math.min(1, (info.requestedMemory + req.memory) / memCap))
  const std = fractions.length === 2 ? Math.abs(((fractions[0] ?? 0) - (fractions[1] ?? 0)) / 2) : 0
  return Math.trunc((1 - std) * MAX_NODE_SCORE)
}

const MB = 1024 * 1024
const IMAGE_MIN_THRESHOLD = 23 * MB
const IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * MB

/** ImageLocality: favour nodes that already have the pod's images, scaled by how widely spread they are. */
function imageLocality(
  pod: Pod,
  node: Node,
  imageSpread: ReadonlyMap<string, number>,
  totalNodes: number,
): number {
  let sum = 0
  for (const c of pod.spec.containers) {
    const image = node.status.images?.find((i) => i.names.includes(c.image))
    if (image) sum += Math.trunc(image.sizeBytes * ((imageSpread.get(c.image) ?? 0) / totalNodes))
  }
  const maxThreshold = IMAGE_MAX_CONTAINER_THRESHOLD * pod.spec.containers.length
  const clamped = Math.min(Math.max(sum, IMAGE_MIN_THRESHOLD), maxThreshold)
  return Math.trunc(
    (MAX_NODE_SCORE * (clamped - IMAGE_MIN_THRESHOLD)) / (maxThreshold - IMAGE_MIN_THRESHOLD),
  )
}

/** System default constraint on kubernetes.io/hostname (maxSkew 3, ScheduleAnyway). */
const HOSTNAME_MAX_SKEW = 3

/**
 * PodTopologySpread with the system default constraints (podtopologyspread/scoring.go). The
 * default selector is the one of the pod's ReplicaSet/StatefulSet (and Services); we count the
 * non-terminating pods with the same controller, which is what that selector matches for pods a
 * controller made. Nodes carry no zone label here, so the zone constraint never applies.
 * Returns normalised scores, or undefined when the pod has no controller (no constraints).
 */
function topologySpread(
  pod: Pod,
  feasible: readonly { node: Node; info: NodeInfo }[],
): number[] | undefined {
  const owner = controllerRef(pod.metadata)
  if (!owner || !['ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(owner.kind))
    return undefined
  const weight = Math.log(feasible.length + 2)
  const raw = feasible.map(({ info }) =>
    Math.round((info.podsByOwner.get(owner.uid) ?? 0) * weight + (HOSTNAME_MAX_SKEW - 1)),
  )
  let min = Number.MAX_SAFE_INTEGER
  let max = 0
  for (const s of raw) {
    min = Math.min(min, s)
    max = Math.max(max, s)
  }
  return raw.map((s) =>
    max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max),
  )
}

/** TaintToleration scoring: fewer untolerated PreferNoSchedule taints is better (normalised, reversed). */
function taintTolerationScores(pod: Pod, feasible: readonly { node: Node }[]): number[] {
  const counts = feasible.map(
    ({ node }) =>
      (node.spec.taints ?? []).filter(
        (t) =>
          t.effect === 'PreferNoSchedule' &&
          !(pod.spec.tolerations ?? []).some(
            (tol) => (!tol.key || tol.key === t.key) && (!tol.effect || tol.effect === t.effect),
          ),
      ).length,
  )
  const max = Math.max(0, ...counts)
  return counts.map((c) =>
    max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.trunc((MAX_NODE_SCORE * c) / max),
  )
}

/** The weighted total score of each feasible node, in the order given. */
export function scoreNodes(
  pod: Pod,
  feasible: readonly { node: Node; info: NodeInfo }[],
  requests: Requests,
  nonZero: Requests,
  allNodes: readonly Node[],
): number[] {
  const imageSpread = new Map<string, number>()
  for (const c of pod.spec.containers) {
    imageSpread.set(
      c.image,
      allNodes.filter((n) => n.status.images?.some((i) => i.names.includes(c.image))).length,
    )
  }
  const spread = topologySpread(pod, feasible)
  const taints = taintTolerationScores(pod, feasible)
  return feasible.map(({ node, info }, i) => {
    let total = 3 * (taints[i] ?? 0)
    total += leastAllocated(node, info, nonZero)
    total += balancedAllocation(node, info, requests)
    total += imageLocality(pod, node, imageSpread, allNodes.length)
    if (spread) total += 2 * (spread[i] ?? 0)
    return total
  })
}
