/** core/v1 Pod and the parts of PodSpec and PodStatus the simulator models. */
import type { Condition, KubeObject, ObjectMeta } from './meta'

export type Quantity = string | number

export interface ResourceRequirements {
  requests?: Record<string, Quantity>
  limits?: Record<string, Quantity>
}

export interface ContainerPort {
  name?: string
  containerPort: number
  protocol?: 'TCP' | 'UDP' | 'SCTP'
  hostPort?: number
}

export interface Probe {
  httpGet?: { path?: string; port: number | string; scheme?: string }
  tcpSocket?: { port: number | string }
  exec?: { command: string[] }
  initialDelaySeconds?: number
  timeoutSeconds?: number
  periodSeconds?: number
  successThreshold?: number
  failureThreshold?: number
}

/** A volume mounted into a container (VolumeMount); `name` must match one of the pod's volumes. */
export interface VolumeMount {
  name: string
  mountPath: string
  readOnly?: boolean
  subPath?: string
  subPathExpr?: string
  mountPropagation?: string
  recursiveReadOnly?: string
}

export interface Container {
  name: string
  image: string
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never'
  command?: string[]
  args?: string[]
  ports?: ContainerPort[]
  resources?: ResourceRequirements
  readinessProbe?: Probe
  livenessProbe?: Probe
  startupProbe?: Probe
  volumeMounts?: VolumeMount[]
  terminationMessagePath?: string
  terminationMessagePolicy?: string
}

export interface Toleration {
  key?: string
  operator?: 'Exists' | 'Equal'
  value?: string
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'
  tolerationSeconds?: number
}

/** A key of a ConfigMap or Secret projected to a file (KeyToPath). */
export interface KeyToPath {
  key: string
  path: string
  mode?: number
}

/** The sources of a projected volume, read only as far as `kubectl describe` prints them. */
export interface VolumeProjection {
  secret?: { name?: string; items?: KeyToPath[]; optional?: boolean }
  configMap?: { name?: string; items?: KeyToPath[]; optional?: boolean }
  downwardAPI?: Record<string, unknown>
  serviceAccountToken?: { audience?: string; expirationSeconds?: number; path: string }
}

/**
 * A pod volume (core/v1 Volume) with the sources the simulator reads; a manifest may name any other
 * upstream source, which is kept as it is.
 */
export interface Volume {
  name: string
  emptyDir?: { medium?: string; sizeLimit?: Quantity }
  configMap?: { name?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean }
  secret?: { secretName?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean }
  hostPath?: { path: string; type?: string }
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean }
  projected?: { sources?: VolumeProjection[]; defaultMode?: number }
}

/** PodDNSConfig: merged into the resolv.conf the kubelet builds (pkg/kubelet/network/dns). */
export interface PodDNSConfig {
  nameservers?: string[]
  searches?: string[]
  options?: { name?: string; value?: string }[]
}

export interface PodSpec {
  containers: Container[]
  initContainers?: Container[]
  volumes?: Volume[]
  nodeName?: string
  nodeSelector?: Record<string, string>
  tolerations?: Toleration[]
  restartPolicy?: 'Always' | 'OnFailure' | 'Never'
  terminationGracePeriodSeconds?: number
  /** ClusterFirst (the default), ClusterFirstWithHostNet, Default or None (kubelet dns.go). */
  dnsPolicy?: string
  dnsConfig?: PodDNSConfig
  schedulerName?: string
  priority?: number
  priorityClassName?: string
  hostNetwork?: boolean
  hostname?: string
  subdomain?: string
  serviceAccountName?: string
  securityContext?: Record<string, unknown>
  enableServiceLinks?: boolean
  preemptionPolicy?: string
}

export interface PodTemplateSpec {
  metadata?: {
    labels?: Record<string, string>
    annotations?: Record<string, string>
    name?: string
  }
  spec: PodSpec
}

export interface ContainerStateWaiting {
  reason?: string
  message?: string
}
export interface ContainerStateRunning {
  startedAt?: string
}
export interface ContainerStateTerminated {
  exitCode: number
  reason?: string
  message?: string
  startedAt?: string
  finishedAt?: string
  containerID?: string
}
export interface ContainerState {
  waiting?: ContainerStateWaiting
  running?: ContainerStateRunning
  terminated?: ContainerStateTerminated
}

export interface ContainerStatus {
  name: string
  image: string
  imageID: string
  containerID?: string
  ready: boolean
  started?: boolean
  restartCount: number
  state: ContainerState
  lastState: ContainerState
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'

export interface PodStatus {
  phase?: PodPhase
  conditions?: Condition[]
  message?: string
  reason?: string
  hostIP?: string
  hostIPs?: { ip: string }[]
  podIP?: string
  podIPs?: { ip: string }[]
  startTime?: string
  containerStatuses?: ContainerStatus[]
  qosClass?: string
}

export interface Pod extends KubeObject {
  apiVersion: 'v1'
  kind: 'Pod'
  metadata: ObjectMeta
  spec: PodSpec
  status: PodStatus
}
