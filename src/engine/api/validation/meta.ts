/** ObjectMeta, labels and selector validation (apimachinery/pkg/api/validation/objectmeta.go). */
import type { FieldError } from '../errors'
import type { LabelSelector } from '../../model/meta'
import { isQualifiedName, isValidLabelValue } from './names'

/** ValidateLabels: each key a qualified name, each value a valid label value. */
export function validateLabels(
  labels: Record<string, string> | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = []
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key))
      errs.push({ type: 'Invalid value', field, badValue: key, detail: msg })
    if (typeof value !== 'string') {
      errs.push({ type: 'Invalid value', field, badValue: value, detail: 'must be a string' })
      continue
    }
    for (const msg of isValidLabelValue(value))
      errs.push({ type: 'Invalid value', field, badValue: value, detail: msg })
  }
  return errs
}

/** ValidateObjectMeta's name rules: a name or generateName, valid under the kind's name rule. */
export function validateObjectName(
  meta: { name?: string; generateName?: string },
  nameRule: (name: string) => string[],
  field = 'metadata',
): FieldError[] {
  if (!meta.name) {
    if (meta.generateName) return []
    return [
      {
        type: 'Required value',
        field: `${field}.name`,
        detail: 'name or generateName is required',
      },
    ]
  }
  return nameRule(meta.name).map((msg) => ({
    type: 'Invalid value',
    field: `${field}.name`,
    badValue: meta.name,
    detail: msg,
  }))
}

/** ValidateLabelSelector: keys, values and operators. */
export function validateLabelSelector(selector: LabelSelector, field: string): FieldError[] {
  const errs = validateLabels(selector.matchLabels, `${field}.matchLabels`)
  ;(selector.matchExpressions ?? []).forEach((req, i) => {
    const f = `${field}.matchExpressions[${i}]`
    const values = req.values ?? []
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          errs.push({
            type: 'Required value',
            field: `${f}.values`,
            detail: "must be specified when `operator` is 'In' or 'NotIn'",
          })
        break
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push({
            type: 'Forbidden',
            field: `${f}.values`,
            detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          })
        break
      default:
        errs.push({
          type: 'Invalid value',
          field: `${f}.operator`,
          badValue: req.operator,
          detail: 'not a valid selector operator',
        })
    }
    for (const msg of isQualifiedName(req.key))
      errs.push({ type: 'Invalid value', field: `${f}.key`, badValue: req.key, detail: msg })
  })
  return errs
}
