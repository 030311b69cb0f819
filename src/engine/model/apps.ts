/** apps/v1 ReplicaSet and Deployment. */
import type { Condition, KubeObject, LabelSelector, ObjectMeta } from './meta'
import type { PodTemplateSpec } from './pod'

export type IntOrString = number | string

export interface ReplicaSetSpec {
  replicas?: number
  minReadySeconds?: number
  selector: LabelSelector
  template: PodTemplateSpec
}

export interface ReplicaSetStatus {
  replicas: number
  fullyLabeledReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  observedGeneration?: number
  conditions?: Condition[]
}

export interface ReplicaSet extends KubeObject {
  apiVersion: 'apps/v1'
  kind: 'ReplicaSet'
  metadata: ObjectMeta
  spec: ReplicaSetSpec
  status: ReplicaSetStatus
}

export interface RollingUpdateDeployment {
  maxUnavailable?: IntOrString
  maxSurge?: IntOrString
}

export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate'
  rollingUpdate?: RollingUpdateDeployment
}

export interface DeploymentSpec {
  replicas?: number
  selector: LabelSelector
  template: PodTemplateSpec
  strategy?: DeploymentStrategy
  minReadySeconds?: number
  revisionHistoryLimit?: number
  paused?: boolean
  progressDeadlineSeconds?: number
}

export interface DeploymentStatus {
  observedGeneration?: number
  replicas?: number
  updatedReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  unavailableReplicas?: number
  conditions?: Condition[]
  collisionCount?: number
}

export interface Deployment extends KubeObject {
  apiVersion: 'apps/v1'
  kind: 'Deployment'
  metadata: ObjectMeta
  spec: DeploymentSpec
  status: DeploymentStatus
}
