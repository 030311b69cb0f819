/**
 * maxSurge and maxUnavailable as integers or percentages (apimachinery intstr, and the Deployment
 * controller's ResolveFenceposts). Pure, so the UI can show a strategy's window before applying it.
 */
import type { IntOrString } from './apps'

/**
 * intstr.GetScaledValueFromIntOrPercent: an integer as is, a percentage of total rounded up or
 * down. Throws for a string that is not a percentage, as upstream returns an error.
 */
export function getScaledValueFromIntOrPercent(
  value: IntOrString | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined) return 0
  if (typeof value === 'number') return value
  const match = /^(-?\d+)%$/.exec(value)
  if (!match)
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`)
  const scaled = (Number(match[1]) * total) / 100
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled)
}

/**
 * ResolveFenceposts (pkg/controller/deployment/util/deployment_util.go): maxSurge rounds up,
 * maxUnavailable rounds down; if both come out 0, maxUnavailable becomes 1 so that a rollout can
 * always make progress.
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true)
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  return { surge, unavailable }
}

/** A user's text as an IntOrString: "25%" stays a string, "2" becomes 2; undefined if neither. */
export function parseIntOrPercent(text: string): IntOrString | undefined {
  const t = text.trim()
  if (/^\d+%$/.test(t)) return t
  if (/^\d+$/.test(t)) return Number(t)
  return undefined
}
