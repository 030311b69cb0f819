/**
 * The fields of the kinds the simulator serves, for the API server's strict decoding
 * (fieldValidation=Strict, which kubectl apply and create ask for since v1.27): an unknown field is
 * `strict decoding error: unknown field "spec.replicass"`, a value of the wrong JSON type is
 * `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`
 * (k8s.io/apimachinery/pkg/runtime/serializer/json and sigs.k8s.io/json). Subtrees the simulator
 * does not model (affinity, securityContext, the volume sources it does not read, ...) are open:
 * their contents are accepted unchecked rather than refused by mistake.
 */
import { VOLUME_SOURCES } from '../../model/volumes'

type Leaf = 'string' | 'int32' | 'int64' | 'bool' | 'intOrString' | 'quantity' | 'any'
interface Struct {
  struct: string
  fields: Record<string, Field>
}
type Field = Leaf | Struct | { list: Field } | { map: Field }

const s = (struct: string, fields: Record<string, Field>): Struct => ({ struct, fields })
const list = (of: Field) => ({ list: of })
const map = (of: Field) => ({ map: of })
const strings = list('string')
const stringMap = map('string')

const objectMeta = s('ObjectMeta', {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int64',
  creationTimestamp: 'any',
  deletionTimestamp: 'any',
  deletionGracePeriodSeconds: 'int64',
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: list('any'),
  finalizers: strings,
  managedFields: list('any'),
})

const labelSelector = s('LabelSelector', {
  matchLabels: stringMap,
  matchExpressions: list(
    s('LabelSelectorRequirement', { key: 'string', operator: 'string', values: strings }),
  ),
})

const probe = s('Probe', {
  exec: s('ExecAction', { command: strings }),
  httpGet: s('HTTPGetAction', {
    path: 'string',
    port: 'intOrString',
    host: 'string',
    scheme: 'string',
    httpHeaders: list(s('HTTPHeader', { name: 'string', value: 'string' })),
  }),
  tcpSocket: s('TCPSocketAction', { port: 'intOrString', host: 'string' }),
  grpc: s('GRPCAction', { port: 'int32', service: 'string' }),
  initialDelaySeconds: 'int32',
  timeoutSeconds: 'int32',
  periodSeconds: 'int32',
  successThreshold: 'int32',
  failureThreshold: 'int32',
  terminationGracePeriodSeconds: 'int64',
})

const keyToPath = list(s('KeyToPath', { key: 'string', path: 'string', mode: 'int32' }))

/** Volume: the sources the simulator reads are checked, every other upstream source is open. */
const volume = s('Volume', {
  name: 'string',
  ...Object.fromEntries(VOLUME_SOURCES.map((source): [string, Field] => [source, 'any'])),
  emptyDir: s('EmptyDirVolumeSource', { medium: 'string', sizeLimit: 'quantity' }),
  hostPath: s('HostPathVolumeSource', { path: 'string', type: 'string' }),
  secret: s('SecretVolumeSource', {
    secretName: 'string',
    items: keyToPath,
    defaultMode: 'int32',
    optional: 'bool',
  }),
  configMap: s('ConfigMapVolumeSource', {
    name: 'string',
    items: keyToPath,
    defaultMode: 'int32',
    optional: 'bool',
  }),
  persistentVolumeClaim: s('PersistentVolumeClaimVolumeSource', {
    claimName: 'string',
    readOnly: 'bool',
  }),
})

const volumeMount = s('VolumeMount', {
  name: 'string',
  readOnly: 'bool',
  recursiveReadOnly: 'string',
  mountPath: 'string',
  subPath: 'string',
  mountPropagation: 'string',
  subPathExpr: 'string',
})

const container = s('Container', {
  name: 'string',
  image: 'string',
  command: strings,
  args: strings,
  workingDir: 'string',
  ports: list(
    s('ContainerPort', {
      name: 'string',
      hostPort: 'int32',
      containerPort: 'int32',
      protocol: 'string',
      hostIP: 'string',
    }),
  ),
  envFrom: list('any'),
  env: list(s('EnvVar', { name: 'string', value: 'string', valueFrom: 'any' })),
  resources: s('ResourceRequirements', {
    limits: map('quantity'),
    requests: map('quantity'),
    claims: list('any'),
  }),
  resizePolicy: list('any'),
  restartPolicy: 'string',
  restartPolicyRules: list('any'),
  volumeMounts: list(volumeMount),
  volumeDevices: list('any'),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: 'any',
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
  imagePullPolicy: 'string',
  securityContext: 'any',
  stdin: 'bool',
  stdinOnce: 'bool',
  tty: 'bool',
})

const toleration = s('Toleration', {
  key: 'string',
  operator: 'string',
  value: 'string',
  effect: 'string',
  tolerationSeconds: 'int64',
})

const podSpec = s('PodSpec', {
  volumes: list(volume),
  initContainers: list(container),
  containers: list(container),
  ephemeralContainers: list('any'),
  restartPolicy: 'string',
  terminationGracePeriodSeconds: 'int64',
  activeDeadlineSeconds: 'int64',
  dnsPolicy: 'string',
  nodeSelector: stringMap,
  serviceAccountName: 'string',
  serviceAccount: 'string',
  automountServiceAccountToken: 'bool',
  nodeName: 'string',
  hostNetwork: 'bool',
  hostPID: 'bool',
  hostIPC: 'bool',
  shareProcessNamespace: 'bool',
  securityContext: 'any',
  imagePullSecrets: list('any'),
  hostname: 'string',
  subdomain: 'string',
  affinity: 'any',
  schedulerName: 'string',
  tolerations: list(toleration),
  hostAliases: list('any'),
  priorityClassName: 'string',
  priority: 'int32',
  dnsConfig: 'any',
  readinessGates: list('any'),
  runtimeClassName: 'string',
  enableServiceLinks: 'bool',
  preemptionPolicy: 'string',
  overhead: map('quantity'),
  topologySpreadConstraints: list('any'),
  setHostnameAsFQDN: 'bool',
  os: 'any',
  hostUsers: 'bool',
  schedulingGates: list('any'),
  resourceClaims: list('any'),
  resources: 'any',
  hostnameOverride: 'string',
})

const podTemplateSpec = s('PodTemplateSpec', { metadata: objectMeta, spec: podSpec })

const top = (kind: string, spec: Field): Struct =>
  s(kind, { apiVersion: 'string', kind: 'string', metadata: objectMeta, spec, status: 'any' })

/** The schema of each kind the simulated API server accepts. */
export const KIND_SCHEMAS: Record<string, Struct> = {
  Deployment: top(
    'Deployment',
    s('DeploymentSpec', {
      replicas: 'int32',
      selector: labelSelector,
      template: podTemplateSpec,
      strategy: s('DeploymentStrategy', {
        type: 'string',
        rollingUpdate: s('RollingUpdateDeployment', {
          maxUnavailable: 'intOrString',
          maxSurge: 'intOrString',
        }),
      }),
      minReadySeconds: 'int32',
      revisionHistoryLimit: 'int32',
      paused: 'bool',
      progressDeadlineSeconds: 'int32',
    }),
  ),
  ReplicaSet: top(
    'ReplicaSet',
    s('ReplicaSetSpec', {
      replicas: 'int32',
      minReadySeconds: 'int32',
      selector: labelSelector,
      template: podTemplateSpec,
    }),
  ),
  Pod: top('Pod', podSpec),
  Namespace: top('Namespace', s('NamespaceSpec', { finalizers: strings })),
  Node: top(
    'Node',
    s('NodeSpec', {
      podCIDR: 'string',
      podCIDRs: strings,
      providerID: 'string',
      unschedulable: 'bool',
      taints: list(
        s('Taint', { key: 'string', value: 'string', effect: 'string', timeAdded: 'any' }),
      ),
      configSource: 'any',
      externalID: 'string',
    }),
  ),
}

/** What strict decoding found wrong with an object. */
export interface DecodeProblems {
  /** JSON paths with list indices, `spec.template.spec.containers[0].imagee`. */
  unknownFields: string[]
  /** The first type mismatch, as encoding/json words it. */
  typeError?: string
  /** The path of the first problem, for pointing at the manifest line. */
  firstPath?: (string | number)[]
}

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/

function jsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'boolean') return 'bool'
  return typeof v === 'object' ? 'object' : typeof v
}

/** Checks an object against its kind's schema, visiting keys in sorted order as the server does. */
export function checkFields(kind: string, obj: unknown): DecodeProblems {
  const problems: DecodeProblems = { unknownFields: [] }
  const schema = KIND_SCHEMAS[kind]
  if (!schema) return problems
  const note = (path: (string | number)[]) => {
    if (!problems.firstPath) problems.firstPath = path
  }
  const typeError = (value: unknown, holder: string, path: (string | number)[], goType: string) => {
    if (problems.typeError) return
    // encoding/json names the struct holding the field and the path without list indices.
    const field = path.filter((p) => typeof p === 'string').join('.')
    problems.typeError = `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${holder}.${field} of type ${goType}`
    note(path)
  }
  const walk = (field: Field, value: unknown, path: (string | number)[], holder: string): void => {
    if (value === null || value === undefined || field === 'any') return
    if (typeof field === 'string') {
      const ok =
        field === 'string'
          ? typeof value === 'string'
          : field === 'bool'
            ? typeof value === 'boolean'
            : field === 'intOrString'
              ? typeof value === 'string' || Number.isInteger(value)
              : field === 'quantity'
                ? typeof value === 'number' || typeof value === 'string'
                : Number.isInteger(value)
      if (!ok) return typeError(value, holder, path, goName(field))
      if (field === 'quantity' && typeof value === 'string' && !QUANTITY_RE.test(value.trim())) {
        if (!problems.typeError) problems.typeError = QUANTITY_ERROR
        note(path)
      }
      return
    }
    if ('list' in field) {
      if (!Array.isArray(value)) return typeError(value, holder, path, goName(field))
      value.forEach((item, i) => walk(field.list, item, [...path, i], holder))
      return
    }
    if (!isPlainObject(value)) return typeError(value, holder, path, goName(field))
    for (const [key, v] of sortedEntries(value)) {
      if ('map' in field) {
        walk(field.map, v, [...path, key], holder)
        continue
      }
      const sub = field.fields[key]
      if (sub === undefined) {
        problems.unknownFields.push(formatPath([...path, key]))
        note([...path, key])
      } else walk(sub, v, [...path, key], field.struct)
    }
  }
  walk(schema, obj, [], schema.struct)
  return problems
}

const QUANTITY_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

const sortedEntries = (o: Record<string, unknown>) =>
  Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function goName(f: Field): string {
  if (typeof f === 'string')
    return f === 'any'
      ? 'interface {}'
      : f === 'intOrString'
        ? 'intstr.IntOrString'
        : f === 'quantity'
          ? 'resource.Quantity'
          : f
  if ('list' in f) return `[]${goName(f.list)}`
  if ('map' in f) return `map[string]${goName(f.map)}`
  return `v1.${f.struct}`
}

/** `spec.template.spec.containers[0].image`: a path as strict decoding errors print it. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`
  return out
}
