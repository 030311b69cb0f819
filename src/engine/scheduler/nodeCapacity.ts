/** A node's allocatable resources as numbers, parsed once per Node object (objects are immutable). */
import type { Node } from '../model/node'
import { milliCPU, parseQuantity } from '../model/quantity'

export interface NodeCapacity {
  milliCPU: number
  memory: number
  pods: number
}

const cache = new WeakMap<Node, NodeCapacity>()

export function nodeCapacity(node: Node): NodeCapacity {
  let c = cache.get(node)
  if (!c) {
    const a = node.status.allocatable
    c = {
      milliCPU: milliCPU(a.cpu ?? 0),
      memory: parseQuantity(a.memory ?? 0),
      pods: parseQuantity(a.pods ?? 110),
    }
    cache.set(node, c)
  }
  return c
}
