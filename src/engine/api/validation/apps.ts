/** Deployment and ReplicaSet validation (pkg/apis/apps/validation/validation.go). */
import type { FieldError } from '../errors'
import { goMapLiteral } from '../errors'
import type { Deployment, IntOrString, ReplicaSet } from '../../model/apps'
import type { LabelSelector } from '../../model/meta'
import type { PodTemplateSpec } from '../../model/pod'
import { isEmptySelector, selectorMatches } from '../../model/labels'
import { isDNS1123Subdomain } from './names'
import { validateLabelSelector, validateLabels, validateObjectName } from './meta'
import { validatePodSpec } from './pod'

/** The most replicas one workload may ask for here; upstream has no such cap, the browser does. */
export const MAX_REPLICAS = 10_000

function validateReplicas(replicas: unknown, field: string): FieldError[] {
  if (replicas === undefined) return []
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    return [{ type: 'Invalid value', field, badValue: replicas, detail: 'must be an integer' }]
  }
  if (replicas < 0)
    return [
      {
        type: 'Invalid value',
        field,
        badValue: replicas,
        detail: 'must be greater than or equal to 0',
      },
    ]
  if (replicas > MAX_REPLICAS) {
    return [
      {
        type: 'Invalid value',
        field,
        badValue: replicas,
        detail: `must be less than or equal to ${MAX_REPLICAS} (the simulator's limit)`,
      },
    ]
  }
  return []
}

/** ValidatePodTemplateSpecForReplicaSet: the selector must select the template's labels. */
function validateTemplateForSelector(
  template: PodTemplateSpec | undefined,
  selector: LabelSelector,
  field: string,
): FieldError[] {
  if (!template) return [{ type: 'Required value', field }]
  const errs: FieldError[] = []
  const labels = template.metadata?.labels
  if (!isEmptySelector(selector) && !selectorMatches(selector, labels)) {
    errs.push({
      type: 'Invalid value',
      field: `${field}.metadata.labels`,
      badValue: { goLiteral: goMapLiteral(labels) },
      detail: '`selector` does not match template `labels`',
    })
  }
  errs.push(...validateLabels(labels, `${field}.metadata.labels`))
  errs.push(...validatePodSpec(template.spec, `${field}.spec`))
  const restartPolicy = template.spec?.restartPolicy
  if (restartPolicy && restartPolicy !== 'Always') {
    errs.push({
      type: 'Unsupported value',
      field: `${field}.spec.restartPolicy`,
      badValue: restartPolicy,
      supported: ['Always'],
    })
  }
  return errs
}

function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  emptyMessage: string,
): FieldError[] {
  const errs: FieldError[] = []
  if (!selector) {
    errs.push({ type: 'Required value', field: 'spec.selector' })
    return errs
  }
  errs.push(...validateLabelSelector(selector, 'spec.selector'))
  if (isEmptySelector(selector))
    errs.push({
      type: 'Invalid value',
      field: 'spec.selector',
      badValue: { goLiteral: 'v1.LabelSelector{}' },
      detail: emptyMessage,
    })
  errs.push(...validateTemplateForSelector(template, selector, 'spec.template'))
  return errs
}

const PERCENT = /^[0-9]+%$/

/** An IntOrString as field errors print it: Go's `%#v` of the struct. */
function intOrStringLiteral(value: IntOrString): { goLiteral: string } {
  return typeof value === 'string'
    ? { goLiteral: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(value)}}` }
    : { goLiteral: `intstr.IntOrString{Type:0, IntVal:${value}, StrVal:""}` }
}

/** ValidatePositiveIntOrPercent: a percent string (validation.IsValidPercent) or a non-negative integer. */
function validateIntOrPercent(value: IntOrString | undefined, field: string): FieldError[] {
  if (value === undefined) return []
  if (typeof value === 'string') {
    if (PERCENT.test(value)) return []
    return [
      {
        type: 'Invalid value',
        field,
        badValue: intOrStringLiteral(value),
        detail:
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      },
    ]
  }
  return value < 0
    ? [
        {
          type: 'Invalid value',
          field,
          badValue: value,
          detail: 'must be greater than or equal to 0',
        },
      ]
    : []
}

const intOrPercentValue = (v: IntOrString | undefined) =>
  typeof v === 'string' ? parseInt(v, 10) : (v ?? 0)

/** ValidateDeployment (create and update share these spec rules). */
export function validateDeployment(d: Deployment): FieldError[] {
  const errs: FieldError[] = [
    ...validateObjectName(d.metadata, isDNS1123Subdomain),
    ...validateLabels(d.metadata.labels, 'metadata.labels'),
    ...validateReplicas(d.spec?.replicas, 'spec.replicas'),
  ]
  if (!d.spec) return [...errs, { type: 'Required value', field: 'spec' }]
  errs.push(
    ...validateSelectorAndTemplate(
      d.spec.selector,
      d.spec.template,
      'empty selector is invalid for deployment',
    ),
  )
  const strategy = d.spec.strategy
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate) {
    errs.push({
      type: 'Forbidden',
      field: 'spec.strategy.rollingUpdate',
      detail: "may not be specified when strategy `type` is 'Recreate'",
    })
  } else if (strategy?.type && strategy.type !== 'Recreate' && strategy.type !== 'RollingUpdate') {
    errs.push({
      type: 'Unsupported value',
      field: 'spec.strategy.type',
      badValue: strategy.type,
      supported: ['Recreate', 'RollingUpdate'],
    })
  }
  const ru = strategy?.rollingUpdate
  if (ru) {
    const f = 'spec.strategy.rollingUpdate'
    errs.push(...validateIntOrPercent(ru.maxUnavailable, `${f}.maxUnavailable`))
    errs.push(...validateIntOrPercent(ru.maxSurge, `${f}.maxSurge`))
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push({
        type: 'Invalid value',
        field: `${f}.maxUnavailable`,
        badValue: intOrStringLiteral(ru.maxUnavailable ?? 0),
        detail: 'may not be 0 when `maxSurge` is 0',
      })
    }
    if (
      typeof ru.maxUnavailable === 'string' &&
      PERCENT.test(ru.maxUnavailable) &&
      parseInt(ru.maxUnavailable, 10) > 100
    ) {
      errs.push({
        type: 'Invalid value',
        field: `${f}.maxUnavailable`,
        badValue: intOrStringLiteral(ru.maxUnavailable),
        detail: 'must not be greater than 100%',
      })
    }
  }
  for (const key of [
    'minReadySeconds',
    'revisionHistoryLimit',
    'progressDeadlineSeconds',
  ] as const) {
    const v = d.spec[key]
    if (v !== undefined && (typeof v !== 'number' || v < 0))
      errs.push({
        type: 'Invalid value',
        field: `spec.${key}`,
        badValue: v,
        detail: 'must be greater than or equal to 0',
      })
  }
  if (
    d.spec.progressDeadlineSeconds !== undefined &&
    d.spec.progressDeadlineSeconds <= (d.spec.minReadySeconds ?? 0)
  ) {
    errs.push({
      type: 'Invalid value',
      field: 'spec.progressDeadlineSeconds',
      badValue: d.spec.progressDeadlineSeconds,
      detail: 'must be greater than minReadySeconds',
    })
  }
  return errs
}

/** ValidateReplicaSet. */
export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const errs: FieldError[] = [
    ...validateObjectName(rs.metadata, isDNS1123Subdomain),
    ...validateLabels(rs.metadata.labels, 'metadata.labels'),
    ...validateReplicas(rs.spec?.replicas, 'spec.replicas'),
  ]
  if (!rs.spec) return [...errs, { type: 'Required value', field: 'spec' }]
  errs.push(
    ...validateSelectorAndTemplate(
      rs.spec.selector,
      rs.spec.template,
      'empty selector is invalid for replicaset',
    ),
  )
  return errs
}
