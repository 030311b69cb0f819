/**
 * Deployments and ReplicaSets for the deployment controller's unit tests, shaped like the helpers
 * of upstream's tests (newDeployment, rs in pkg/controller/deployment/*_test.go). Test-only.
 */
import type { Deployment, IntOrString, ReplicaSet } from '../../model/apps'
import { toTimestamp } from '../../model/time'

export interface DeploymentInput {
  replicas: number
  maxSurge?: IntOrString
  maxUnavailable?: IntOrString
  type?: 'RollingUpdate' | 'Recreate'
  statusReplicas?: number
  annotations?: Record<string, string>
}

/** newDeployment: RollingUpdate with the given maxSurge / maxUnavailable (absent = unset). */
export function deployment(input: DeploymentInput): Deployment {
  const type = input.type ?? 'RollingUpdate'
  const rollingUpdate = {
    ...(input.maxSurge !== undefined ? { maxSurge: input.maxSurge } : {}),
    ...(input.maxUnavailable !== undefined ? { maxUnavailable: input.maxUnavailable } : {}),
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'foo',
      namespace: 'default',
      uid: 'uid-foo',
      resourceVersion: '1',
      creationTimestamp: toTimestamp(0),
      generation: 1,
      ...(input.annotations ? { annotations: input.annotations } : {}),
    },
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: { foo: 'bar' } },
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: { containers: [{ name: 'c', image: 'foo/bar' }] },
      },
      strategy: type === 'RollingUpdate' ? { type, rollingUpdate } : { type },
    },
    status: input.statusReplicas !== undefined ? { replicas: input.statusReplicas } : {},
  }
}

export interface ReplicaSetInput {
  name: string
  replicas: number
  /** Sim ms of creation; older first in ReplicaSetsByCreationTimestamp. */
  createdAtMs?: number
  available?: number
  annotations?: Record<string, string>
}

/** rs(name, replicas, selector, timestamp), with status.availableReplicas when given. */
export function replicaSet(input: ReplicaSetInput): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: input.name,
      namespace: 'default',
      uid: `uid-${input.name}`,
      resourceVersion: '1',
      creationTimestamp: toTimestamp(input.createdAtMs ?? 0),
      ...(input.annotations ? { annotations: input.annotations } : {}),
    },
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: { foo: 'bar' } },
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: { containers: [{ name: 'c', image: 'foo/bar' }] },
      },
    },
    status: {
      replicas: input.replicas,
      ...(input.available !== undefined ? { availableReplicas: input.available } : {}),
    },
  }
}
