/** The Deployment revision a pod belongs to, so that old and new pods differ at a glance. */
import type { KubeObject } from '../../engine'

/** The revision of the ReplicaSet that owns a pod (deployment.kubernetes.io/revision), if any. */
export function revisionOf(
  objects: ReadonlyMap<string, KubeObject>,
  pod: KubeObject | undefined,
): string | undefined {
  const owner = pod?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet')
  if (!pod || !owner) return undefined
  return objects.get(`ReplicaSet/${pod.metadata.namespace}/${owner.name}`)?.metadata.annotations?.[
    'deployment.kubernetes.io/revision'
  ]
}
