/**
 * Defaulting, as the API server applies it on create and update (pkg/apis/{core,apps}/v1/defaults.go
 * and the DefaultTolerationSeconds / ServiceAccount admission plugins). Each function returns a new
 * object; the input is not touched.
 */
import type { Deployment, ReplicaSet } from '../model/apps'
import type {
  Container,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Toleration,
  Volume,
} from '../model/pod'
import { volumeSourcesOf } from '../model/volumes'

function defaultProbe(p: Probe | undefined): Probe | undefined {
  if (!p) return p
  const out: Probe = {
    ...p,
    timeoutSeconds: p.timeoutSeconds ?? 1,
    periodSeconds: p.periodSeconds ?? 10,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  }
  if (p.httpGet)
    out.httpGet = { ...p.httpGet, path: p.httpGet.path ?? '/', scheme: p.httpGet.scheme ?? 'HTTP' }
  return out
}

/** SetDefaults_Container: imagePullPolicy Always for :latest or untagged images, else IfNotPresent. */
function imagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent'
  const lastSlash = image.lastIndexOf('/')
  const colon = image.indexOf(':', lastSlash + 1)
  const tag = colon === -1 ? '' : image.slice(colon + 1)
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent'
}

function defaultContainer(c: Container): Container {
  return {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? imagePullPolicy(c.image ?? ''),
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    resources: c.resources ?? {},
    ...(c.ports ? { ports: c.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) } : {}),
    ...(c.readinessProbe ? { readinessProbe: defaultProbe(c.readinessProbe) } : {}),
    ...(c.livenessProbe ? { livenessProbe: defaultProbe(c.livenessProbe) } : {}),
    ...(c.startupProbe ? { startupProbe: defaultProbe(c.startupProbe) } : {}),
  }
}

/** The mode of the files configMap, secret and projected volumes write (0644). */
const VOLUME_FILE_MODE = 0o644

/**
 * SetDefaults_Volume (a volume with no source is an emptyDir) and the sources' own defaults:
 * SetDefaults_{ConfigMap,Secret,Projected}VolumeSource and SetDefaults_HostPathVolumeSource.
 */
function defaultVolume(v: Volume): Volume {
  if (volumeSourcesOf(v).length === 0) return { ...v, emptyDir: {} }
  const out = { ...v }
  if (v.configMap)
    out.configMap = { ...v.configMap, defaultMode: v.configMap.defaultMode ?? VOLUME_FILE_MODE }
  if (v.secret) out.secret = { ...v.secret, defaultMode: v.secret.defaultMode ?? VOLUME_FILE_MODE }
  if (v.projected)
    out.projected = { ...v.projected, defaultMode: v.projected.defaultMode ?? VOLUME_FILE_MODE }
  if (v.hostPath) out.hostPath = { ...v.hostPath, type: v.hostPath.type ?? '' }
  return out
}

/** SetDefaults_PodSpec and friends. */
export function defaultPodSpec(spec: PodSpec): PodSpec {
  return {
    ...spec,
    containers: (spec.containers ?? []).map(defaultContainer),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
    ...(spec.volumes ? { volumes: spec.volumes.map(defaultVolume) } : {}),
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    securityContext: spec.securityContext ?? {},
  }
}

function defaultTemplate(t: PodTemplateSpec | undefined): PodTemplateSpec | undefined {
  if (!t) return t
  return { ...t, metadata: t.metadata ?? {}, spec: defaultPodSpec(t.spec ?? { containers: [] }) }
}

/** The built-in PriorityClasses the Priority admission plugin resolves (scheduling/types.go). */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2_000_000_000,
  'system-node-critical': 2_000_001_000,
}

const defaultTolerations: Toleration[] = [
  {
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  },
  {
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  },
]

/**
 * Pod defaults plus the admission plugins every kubeadm cluster runs: DefaultTolerationSeconds
 * (plugin/pkg/admission/defaulttolerationseconds) adds the not-ready/unreachable tolerations unless
 * the pod already tolerates them; ServiceAccount sets serviceAccountName.
 */
export function defaultPod(pod: Pod): Pod {
  const spec = defaultPodSpec(pod.spec)
  const tolerations = [...(spec.tolerations ?? [])]
  for (const t of defaultTolerations) {
    const tolerated = tolerations.some(
      (x) =>
        (x.key === t.key || (x.operator === 'Exists' && !x.key)) &&
        (!x.effect || x.effect === 'NoExecute'),
    )
    if (!tolerated) tolerations.push({ ...t })
  }
  return {
    ...pod,
    spec: {
      ...spec,
      tolerations,
      serviceAccountName: spec.serviceAccountName ?? 'default',
      enableServiceLinks: spec.enableServiceLinks ?? true,
      priority: spec.priority ?? SYSTEM_PRIORITY_CLASSES[spec.priorityClassName ?? ''] ?? 0,
      preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
    },
    status: { ...pod.status, qosClass: pod.status?.qosClass ?? qosClass(spec) },
  }
}

/** The pod's QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
function qosClass(spec: PodSpec): string {
  const containers = spec.containers ?? []
  const any = containers.some(
    (c) =>
      Object.keys(c.resources?.requests ?? {}).length +
        Object.keys(c.resources?.limits ?? {}).length >
      0,
  )
  if (!any) return 'BestEffort'
  const guaranteed = containers.every((c) => {
    const limits = c.resources?.limits ?? {}
    const requests = c.resources?.requests ?? {}
    return ['cpu', 'memory'].every(
      (r) =>
        limits[r] !== undefined &&
        (requests[r] === undefined || String(requests[r]) === String(limits[r])),
    )
  })
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

/** SetDefaults_ReplicaSet. */
export function defaultReplicaSet(rs: ReplicaSet): ReplicaSet {
  return {
    ...rs,
    spec: {
      ...rs.spec,
      replicas: rs.spec?.replicas ?? 1,
      template: defaultTemplate(rs.spec?.template) as PodTemplateSpec,
    },
    status: rs.status ?? { replicas: 0 },
  }
}

/** SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600 s. */
export function defaultDeployment(d: Deployment): Deployment {
  const strategy = d.spec?.strategy ?? {}
  const type = strategy.type ?? 'RollingUpdate'
  const rollingUpdate =
    type === 'RollingUpdate'
      ? {
          maxUnavailable: strategy.rollingUpdate?.maxUnavailable ?? '25%',
          maxSurge: strategy.rollingUpdate?.maxSurge ?? '25%',
        }
      : strategy.rollingUpdate
  return {
    ...d,
    spec: {
      ...d.spec,
      replicas: d.spec?.replicas ?? 1,
      strategy: rollingUpdate ? { type, rollingUpdate } : { type },
      revisionHistoryLimit: d.spec?.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: d.spec?.progressDeadlineSeconds ?? 600,
      template: defaultTemplate(d.spec?.template) as PodTemplateSpec,
    },
    status: d.status ?? {},
  }
}
