/** Kubernetes object metadata and the shapes every API object shares (k8s.io/apimachinery meta/v1). */

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface ObjectMeta {
  name: string
  generateName?: string
  namespace?: string
  uid: string
  resourceVersion: string
  generation?: number
  creationTimestamp: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  finalizers?: string[]
}

/** The metadata a client sends: the server fills in uid, resourceVersion and timestamps. */
export type ObjectMetaInput = Partial<ObjectMeta> & { name?: string }

export interface LabelSelectorRequirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
  values?: string[]
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: LabelSelectorRequirement[]
}

/** A condition as most status blocks carry it (Pod, Node, Deployment, ReplicaSet). */
export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason?: string
  message?: string
  lastTransitionTime?: string
  lastUpdateTime?: string
  lastProbeTime?: string | null
  lastHeartbeatTime?: string
}

/** Any API object: what the store keeps and what the protocol streams. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  spec?: unknown
  status?: unknown
}

/** The key an object is stored under: `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`
}

/** The store key of an object. */
export function keyOf(obj: {
  kind: string
  metadata: { namespace?: string; name: string }
}): string {
  return objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name)
}

/** The owner that controls an object (ownerReferences entry with controller=true), if any. */
export function controllerRef(meta: ObjectMeta): OwnerReference | undefined {
  return meta.ownerReferences?.find((ref) => ref.controller === true)
}
