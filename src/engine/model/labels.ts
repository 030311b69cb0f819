/** Label selectors (k8s.io/apimachinery labels and metav1.LabelSelectorAsSelector) and label syntax. */
import type { LabelSelector, LabelSelectorRequirement } from './meta'

/** True when the labels satisfy the selector; an empty selector matches everything, as upstream. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false
  const l = labels ?? {}
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (l[key] !== value) return false
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key)
    const value = l[req.key]
    switch (req.operator) {
      case 'In':
        if (!has || !(req.values ?? []).includes(value ?? '')) return false
        break
      case 'NotIn':
        if (has && (req.values ?? []).includes(value ?? '')) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
    }
  }
  return true
}

/** True when the selector selects everything (`{}`), which controllers refuse to act on. */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      (selector.matchExpressions ?? []).length === 0)
  )
}

/** The selector as kubectl prints it: `app=web,pod-template-hash=5d8f7`, keys sorted. */
export function selectorToString(selector: LabelSelector | undefined): string {
  if (!selector) return '<none>'
  const parts: string[] = []
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    parts.push(`${key}=${value}`)
  for (const req of selector.matchExpressions ?? []) {
    const values = [...(req.values ?? [])].sort().join(',')
    if (req.operator === 'In') parts.push(`${req.key} in (${values})`)
    else if (req.operator === 'NotIn') parts.push(`${req.key} notin (${values})`)
    else if (req.operator === 'Exists') parts.push(req.key)
    else parts.push(`!${req.key}`)
  }
  parts.sort()
  return parts.length === 0 ? '<none>' : parts.join(',')
}

/** Labels as kubectl prints them in `--show-labels` and describe: `app=web,tier=front`. */
export function labelsToString(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',')
}

/** A selector that cannot be parsed, with the message kubectl prints. */
export class SelectorParseError extends Error {}

/**
 * Parses a `-l` selector (labels.Parse): `app=web`, `app==web`, `tier!=db`, `env in (a,b)`,
 * `env notin (a)`, `app`, `!app`, comma-separated, all of which must hold.
 */
export function parseSelector(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {}
  const matchExpressions: LabelSelectorRequirement[] = []
  // Split on commas that are not inside parentheses.
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  for (const raw of parts) {
    const part = raw.trim()
    if (part === '') continue
    let m: RegExpExecArray | null
    if ((m = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      const values = (m[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
      matchExpressions.push({
        key: m[1] as string,
        operator: m[2] === 'in' ? 'In' : 'NotIn',
        values,
      })
    } else if ((m = /^([^\s!=(),]+)\s*!=\s*([^\s!=(),]*)$/.exec(part))) {
      matchExpressions.push({ key: m[1] as string, operator: 'NotIn', values: [m[2] as string] })
    } else if ((m = /^([^\s!=(),]+)\s*==?\s*([^\s!=(),]*)$/.exec(part))) {
      matchLabels[m[1] as string] = m[2] as string
    } else if ((m = /^!\s*([^\s!=(),]+)$/.exec(part))) {
      matchExpressions.push({ key: m[1] as string, operator: 'DoesNotExist' })
    } else if ((m = /^([^\s!=(),]+)$/.exec(part))) {
      matchExpressions.push({ key: m[1] as string, operator: 'Exists' })
    } else {
      throw new SelectorParseError(
        `unable to parse requirement: found '${part}', expected: identifier`,
      )
    }
  }
  return { matchLabels, matchExpressions }
}
