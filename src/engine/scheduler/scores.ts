/**
 * Score plugins of the default profile with their weights (pkg/scheduler/apis/config/v1/
 * default_plugins.go): TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1 (LeastAllocated),
 * PodTopologySpread 2 (system default constraints), InterPodAffinity 2, BalancedAllocation 1,
 * ImageLocality 1. Plugins with nothing to score for a pod (no preferred affinities) add 0.
 * Written as plain loops: this runs for every node for every pod.
 */
import type { Node } from '../model/node'
import type { Pod } from '../model/pod'
import { controllerRef } from '../model/meta'
import { nodeCapacity } from './nodeCapacity'
import type { NodeInfo } from './SchedulerCache'
import type { Requests } from './podRequests'

const MAX_NODE_SCORE = 100

/** leastRequestedScore: the share of the resource left free, 0 to 100. */
function leastRequestedScore(requested: number, capacity: number): number {
  return capacity === 0 || requested > capacity
    ? 0
    : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity)
}

/** LeastAllocated: leastRequestedScore of cpu and memory over non-zero requests, weight 1 each (least_allocated.go). */
function leastAllocated(node: Node, info: NodeInfo, nz: Requests): number {
  const cap = nodeCapacity(node)
  let total = 0
  let weights = 0
  if (cap.milliCPU > 0) {
    total += leastRequestedScore(info.nonZeroMilliCPU + nz.milliCPU, cap.milliCPU)
    weights++
  }
  if (cap.memory > 0) {
    total += leastRequestedScore(info.nonZeroMemory + nz.memory, cap.memory)
    weights++
  }
  return weights === 0 ? 0 : Math.floor(total / weights)
}

/** balancedResourceScorer: (1 - |f_cpu - f_mem| / 2) × 100 over actual requests (balanced_allocation.go). */
function balancedAllocation(node: Node, info: NodeInfo, req: Requests): number {
  const cap = nodeCapacity(node)
  if (cap.milliCPU === 0 || cap.memory === 0) return MAX_NODE_SCORE
  const fCpu = Math.min(1, (info.requestedMilliCPU + req.milliCPU) / cap.milliCPU)
  const fMem = Math.min(1, (info.requestedMemory + req.memory) / cap.memory)
  return Math.trunc((1 - Math.abs((fCpu - fMem) / 2)) * MAX_NODE_SCORE)
}

const MB = 1024 * 1024
const IMAGE_MIN_THRESHOLD = 23 * MB
const IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * MB

function imageSize(node: Node, image: string): number | undefined {
  const images = node.status.images
  if (!images) return undefined
  for (const i of images) if (i.names.includes(image)) return i.sizeBytes
  return undefined
}

/** ImageLocality: favour nodes that already have the pod's images, scaled by how widely spread they are. */
function imageLocality(
  pod: Pod,
  node: Node,
  imageSpread: ReadonlyMap<string, number>,
  totalNodes: number,
): number {
  let sum = 0
  for (const c of pod.spec.containers) {
    const size = imageSize(node, c.image)
    if (size !== undefined) sum += Math.trunc(size * ((imageSpread.get(c.image) ?? 0) / totalNodes))
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
 * controller made. Nodes carry no zone label here, so the zone constraint never applies. Adds
 * 2 × the normalised score to totals; does nothing when the pod has no controller (no constraints).
 */
function addTopologySpread(
  pod: Pod,
  feasible: readonly { info: NodeInfo }[],
  totals: number[],
): void {
  const owner = controllerRef(pod.metadata)
  if (
    !owner ||
    (owner.kind !== 'ReplicaSet' &&
      owner.kind !== 'StatefulSet' &&
      owner.kind !== 'ReplicationController')
  )
    return
  const weight = Math.log(feasible.length + 2)
  const raw: number[] = new Array<number>(feasible.length)
  let min = Number.MAX_SAFE_INTEGER
  let max = 0
  for (let i = 0; i < feasible.length; i++) {
    const s = Math.round(
      ((feasible[i] as { info: NodeInfo }).info.podsByOwner.get(owner.uid) ?? 0) * weight +
        (HOSTNAME_MAX_SKEW - 1),
    )
    raw[i] = s
    if (s < min) min = s
    if (s > max) max = s
  }
  for (let i = 0; i < feasible.length; i++) {
    const s = raw[i] as number
    totals[i] =
      (totals[i] ?? 0) +
      2 * (max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max))
  }
}

function intolerablePreferNoSchedule(pod: Pod, node: Node): number {
  let count = 0
  for (const t of node.spec.taints ?? []) {
    if (t.effect !== 'PreferNoSchedule') continue
    if (
      !(pod.spec.tolerations ?? []).some(
        (tol) => (!tol.key || tol.key === t.key) && (!tol.effect || tol.effect === t.effect),
      )
    )
      count++
  }
  return count
}

/** TaintToleration scoring: fewer untolerated PreferNoSchedule taints is better (normalised, reversed), × 3. */
function addTaintToleration(pod: Pod, feasible: readonly { node: Node }[], totals: number[]): void {
  const counts = feasible.map(({ node }) => intolerablePreferNoSchedule(pod, node))
  const max = Math.max(0, ...counts)
  for (let i = 0; i < counts.length; i++) {
    totals[i] =
      (totals[i] ?? 0) +
      3 *
        (max === 0
          ? MAX_NODE_SCORE
          : MAX_NODE_SCORE - Math.trunc((MAX_NODE_SCORE * (counts[i] ?? 0)) / max))
  }
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
    let n = 0
    for (const node of allNodes) if (imageSize(node, c.image) !== undefined) n++
    imageSpread.set(c.image, n)
  }
  const totals = new Array<number>(feasible.length).fill(0)
  addTaintToleration(pod, feasible, totals)
  addTopologySpread(pod, feasible, totals)
  for (let i = 0; i < feasible.length; i++) {
    const { node, info } = feasible[i] as { node: Node; info: NodeInfo }
    totals[i] =
      (totals[i] ?? 0) +
      leastAllocated(node, info, nonZero) +
      balancedAllocation(node, info, requests) +
      imageLocality(pod, node, imageSpread, allNodes.length)
  }
  return totals
}
