/** The numbers a decision's explanation needs, derived from the recorded decision. */
import type { RolloutDecision } from '../../engine'
import type { MessageKey } from '../i18n/translate'

/** The i18n key of a rule's title and of its explanation. */
export function ruleKeys(rule: RolloutDecision['rule']): { title: MessageKey; why: MessageKey } {
  return { title: `rule${rule}` as MessageKey, why: `why${rule}` as MessageKey }
}

/** The placeholder values every explanation may use. */
export function explanationValues(d: RolloutDecision): Record<string, string | number> {
  const w = d.window
  const newRS = d.before.newRS
  const newUnavailable = newRS ? Math.max(0, newRS.replicas - newRS.available) : 0
  return {
    replicas: w.replicas,
    maxSurge: w.maxSurge,
    maxUnavailable: w.maxUnavailable,
    minAvailable: w.minAvailable,
    maxTotal: w.maxTotal,
    total: d.before.total,
    available: d.before.available,
    from: d.from,
    to: d.to,
    delta: Math.abs(d.to - d.from),
    newUnavailable,
    maxScaledDown: d.maxScaledDown ?? '—',
    budget: Math.max(0, d.before.available - w.minAvailable),
  }
}

/** How a percentage was rounded, for the window line: e.g. 25% of 3 = 0.75. */
export function rounding(
  spec: number | string | undefined,
  replicas: number,
): { exact: string } | undefined {
  if (typeof spec !== 'string' || !spec.endsWith('%')) return undefined
  const exact = (Number(spec.slice(0, -1)) * replicas) / 100
  return { exact: String(Math.round(exact * 100) / 100) }
}
