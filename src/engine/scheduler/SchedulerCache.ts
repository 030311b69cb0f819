/**
 * The scheduler's view of each node (framework.NodeInfo): pods, requested and non-zero requested
 * resources, and how many non-terminating pods of each controller run there. Kept up to date from
 * watch events so a scheduling decision costs O(nodes), not O(pods).
 */
import type { ObjectStore } from '../api/ObjectStore'
import type { KubeObject } from '../model/meta'
import { controllerRef } from '../model/meta'
import type { Pod } from '../model/pod'
import { podRequests } from './podRequests'

export interface NodeInfo {
  podCount: number
  requestedMilliCPU: number
  requestedMemory: number
  nonZeroMilliCPU: number
  nonZeroMemory: number
  /** Non-terminating pods per controller uid (the spread selector's matches, see scores.ts). */
  podsByOwner: Map<string, number>
}

interface Contribution {
  node: string
  milliCPU: number
  memory: number
  nzCPU: number
  nzMemory: number
  owner: string | undefined
  spread: boolean
}

function contribution(object: KubeObject | undefined): Contribution | undefined {
  if (!object || object.kind !== 'Pod') return undefined
  const pod = object as Pod
  if (!pod.spec.nodeName) return undefined
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return undefined
  const req = podRequests(pod, false)
  const nz = podRequests(pod, true)
  return {
    node: pod.spec.nodeName,
    milliCPU: req.milliCPU,
    memory: req.memory,
    nzCPU: nz.milliCPU,
    nzMemory: nz.memory,
    owner: controllerRef(pod.metadata)?.uid,
    spread: !pod.metadata.deletionTimestamp,
  }
}

function emptyNodeInfo(): NodeInfo {
  return {
    podCount: 0,
    requestedMilliCPU: 0,
    requestedMemory: 0,
    nonZeroMilliCPU: 0,
    nonZeroMemory: 0,
    podsByOwner: new Map(),
  }
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>()

  /** Rebuilds the cache from the store. */
  rebuild(store: ObjectStore): void {
    this.nodes.clear()
    for (const pod of store.list('Pod')) this.apply(contribution(pod), 1)
  }

  /** Updates the cache for one pod change. */
  onPodChange(old: KubeObject | undefined, next: KubeObject | undefined): void {
    this.apply(contribution(old), -1)
    this.apply(contribution(next), 1)
  }

  info(node: string): NodeInfo {
    return this.nodes.get(node) ?? emptyNodeInfo()
  }

  private apply(c: Contribution | undefined, sign: 1 | -1): void {
    if (!c) return
    let info = this.nodes.get(c.node)
    if (!info) {
      info = emptyNodeInfo()
      this.nodes.set(c.node, info)
    }
    info.podCount += sign
    info.requestedMilliCPU += sign * c.milliCPU
    info.requestedMemory += sign * c.memory
    info.nonZeroMilliCPU += sign * c.nzCPU
    info.nonZeroMemory += sign * c.nzMemory
    if (c.owner && c.spread) {
      const n = (info.podsByOwner.get(c.owner) ?? 0) + sign
      if (n === 0) info.podsByOwner.delete(c.owner)
      else info.podsByOwner.set(c.owner, n)
    }
  }
}
