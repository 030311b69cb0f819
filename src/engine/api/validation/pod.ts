/** PodSpec and Pod validation (pkg/apis/core/validation/validation.go), the parts we model. */
import type { FieldError } from '../errors'
import type { Container, Pod, PodSpec, Probe } from '../../model/pod'
import { isValidQuantity } from '../../model/quantity'
import { isDNS1123Label, isDNS1123Subdomain } from './names'
import { validateLabels, validateObjectName } from './meta'
import { validateVolumeMounts, validateVolumes } from './volumes'

function validateProbe(probe: Probe | undefined, field: string): FieldError[] {
  if (!probe) return []
  const errs: FieldError[] = []
  const nonNegative: (keyof Probe)[] = [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]
  for (const key of nonNegative) {
    const value = probe[key]
    if (typeof value === 'number' && value < 0) {
      errs.push({
        type: 'Invalid value',
        field: `${field}.${key}`,
        badValue: value,
        detail: 'must be greater than or equal to 0',
      })
    }
  }
  const handlers = [probe.httpGet, probe.tcpSocket, probe.exec].filter(Boolean).length
  if (handlers === 0)
    errs.push({ type: 'Required value', field, detail: 'must specify a handler type' })
  if (handlers > 1)
    errs.push({ type: 'Forbidden', field, detail: 'may not specify more than 1 handler type' })
  return errs
}

function validateContainer(
  c: Container,
  volumes: ReadonlySet<string>,
  field: string,
): FieldError[] {
  const errs: FieldError[] = []
  if (!c.name) errs.push({ type: 'Required value', field: `${field}.name` })
  else
    for (const msg of isDNS1123Label(c.name))
      errs.push({ type: 'Invalid value', field: `${field}.name`, badValue: c.name, detail: msg })
  if (!c.image || !c.image.trim()) errs.push({ type: 'Required value', field: `${field}.image` })
  ;(c.ports ?? []).forEach((p, i) => {
    const f = `${field}.ports[${i}]`
    if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) {
      errs.push({
        type: 'Invalid value',
        field: `${f}.containerPort`,
        badValue: p.containerPort,
        detail: 'must be between 1 and 65535, inclusive',
      })
    }
    if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) {
      errs.push({
        type: 'Unsupported value',
        field: `${f}.protocol`,
        badValue: p.protocol,
        supported: ['SCTP', 'TCP', 'UDP'],
      })
    }
  })
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, `${field}.volumeMounts`))
  for (const kind of ['requests', 'limits'] as const) {
    for (const [name, q] of Object.entries(c.resources?.[kind] ?? {})) {
      const f = `${field}.resources.${kind}[${name}]`
      if (!isValidQuantity(q))
        errs.push({
          type: 'Invalid value',
          field: f,
          badValue: q,
          detail: 'must be a valid quantity',
        })
      else if (Number(String(q).replace(/[^0-9.-]/g, '')) < 0)
        errs.push({
          type: 'Invalid value',
          field: f,
          badValue: q,
          detail: 'must be greater than or equal to 0',
        })
    }
  }
  errs.push(...validateProbe(c.readinessProbe, `${field}.readinessProbe`))
  errs.push(...validateProbe(c.livenessProbe, `${field}.livenessProbe`))
  errs.push(...validateProbe(c.startupProbe, `${field}.startupProbe`))
  return errs
}

/** ValidatePodSpec, for pods and for the templates of workloads (with a field prefix). */
export function validatePodSpec(spec: PodSpec | undefined, field: string): FieldError[] {
  if (!spec) return [{ type: 'Required value', field }]
  const volumes = validateVolumes(spec.volumes, `${field}.volumes`)
  const errs: FieldError[] = [...volumes.errs]
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
    errs.push({ type: 'Required value', field: `${field}.containers` })
  } else {
    const seen = new Set<string>()
    spec.containers.forEach((c, i) => {
      errs.push(...validateContainer(c, volumes.names, `${field}.containers[${i}]`))
      if (c.name && seen.has(c.name))
        errs.push({
          type: 'Duplicate value',
          field: `${field}.containers[${i}].name`,
          badValue: c.name,
        })
      seen.add(c.name)
    })
  }
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    errs.push({
      type: 'Unsupported value',
      field: `${field}.restartPolicy`,
      badValue: spec.restartPolicy,
      supported: ['Always', 'OnFailure', 'Never'],
    })
  }
  const grace = spec.terminationGracePeriodSeconds
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) {
    errs.push({
      type: 'Invalid value',
      field: `${field}.terminationGracePeriodSeconds`,
      badValue: grace,
      detail: 'must be greater than or equal to 0',
    })
  }
  if (spec.nodeName) {
    for (const msg of isDNS1123Subdomain(spec.nodeName))
      errs.push({
        type: 'Invalid value',
        field: `${field}.nodeName`,
        badValue: spec.nodeName,
        detail: msg,
      })
  }
  return errs
}

/** ValidatePodCreate: metadata and spec. */
export function validatePod(pod: Pod): FieldError[] {
  return [
    ...validateObjectName(pod.metadata, isDNS1123Subdomain),
    ...validateLabels(pod.metadata.labels, 'metadata.labels'),
    ...validatePodSpec(pod.spec, 'spec'),
  ]
}
