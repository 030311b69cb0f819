/** core/v1 Node, with the fields a kubeadm node carries. */
import type { Condition, KubeObject, ObjectMeta } from './meta'
import type { Quantity } from './pod'

export interface Taint {
  key: string
  value?: string
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'
  timeAdded?: string
}

export interface NodeSpec {
  podCIDR?: string
  podCIDRs?: string[]
  taints?: Taint[]
  unschedulable?: boolean
}

export interface NodeAddress {
  type: 'InternalIP' | 'ExternalIP' | 'Hostname' | 'InternalDNS' | 'ExternalDNS'
  address: string
}

export interface ContainerImage {
  names: string[]
  sizeBytes: number
}

export interface NodeStatus {
  capacity: Record<string, Quantity>
  allocatable: Record<string, Quantity>
  conditions: Condition[]
  addresses: NodeAddress[]
  nodeInfo?: Record<string, string>
  images?: ContainerImage[]
}

export interface Node extends KubeObject {
  apiVersion: 'v1'
  kind: 'Node'
  metadata: ObjectMeta
  spec: NodeSpec
  status: NodeStatus
}

/** The node's InternalIP, as kubectl's INTERNAL-IP column and flannel's public-ip use it. */
export function nodeInternalIP(node: Pick<Node, 'status'>): string | undefined {
  return node.status.addresses.find((a) => a.type === 'InternalIP')?.address
}

/** True when the node's Ready condition is True. */
export function isNodeReady(node: Node): boolean {
  return node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')
}
