/**
 * Sim time (integer ms since the simulation's epoch) as RFC 3339 timestamps, the way the API
 * shows them. Written without `Date` so the engine cannot read the wall clock by accident.
 */

/** The civil date that sim time 0 stands for; fixed so that every run prints the same times. */
const EPOCH = { year: 2026, month: 1, day: 5, hour: 9 }
const MS_PER_DAY = 86_400_000

/** Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The civil date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

const EPOCH_UNIX_MS =
  daysFromCivil(EPOCH.year, EPOCH.month, EPOCH.day) * MS_PER_DAY + EPOCH.hour * 3_600_000

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The last second formatted: the engine asks for the same second many times in a row. */
let lastSecond = Number.NaN
let lastText = ''

/** RFC 3339 timestamp with seconds precision, as metav1.Time marshals, for a sim time in ms. */
export function toTimestamp(simTimeMs: number): string {
  const second = Math.floor(simTimeMs / 1000)
  if (second !== lastSecond) {
    lastText = formatSecond(second)
    lastSecond = second
  }
  return lastText
}

function formatSecond(second: number): string {
  const unixMs = EPOCH_UNIX_MS + second * 1000
  const days = Math.floor(unixMs / MS_PER_DAY)
  const { year, month, day } = civilFromDays(days)
  const msOfDay = unixMs - days * MS_PER_DAY
  const h = Math.floor(msOfDay / 3_600_000)
  const m = Math.floor((msOfDay % 3_600_000) / 60_000)
  const s = Math.floor((msOfDay % 60_000) / 1000)
  return `${year}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(s)}Z`
}

/** Parsed timestamps: the same few thousand strings are read over and over. */
const parsedTimestamps = new Map<string, number>()

/** Sim time in ms for an RFC 3339 timestamp in UTC (`Z`); NaN when it is not one. */
export function fromTimestamp(timestamp: string): number {
  let ms = parsedTimestamps.get(timestamp)
  if (ms === undefined) {
    ms = parseTimestamp(timestamp)
    if (parsedTimestamps.size >= 100_000) parsedTimestamps.clear()
    parsedTimestamps.set(timestamp, ms)
  }
  return ms
}

function parseTimestamp(timestamp: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/.exec(timestamp)
  if (!match) return Number.NaN
  const [, y, mo, d, h, mi, s, frac] = match.map((part) => part ?? '')
  const fracMs = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0
  const unixMs =
    daysFromCivil(Number(y), Number(mo), Number(d)) * MS_PER_DAY +
    Number(h) * 3_600_000 +
    Number(mi) * 60_000 +
    Number(s) * 1000 +
    fracMs
  return unixMs - EPOCH_UNIX_MS
}

/** kubectl's short human duration (apimachinery `duration.HumanDuration`): 45s, 3m12s, 5h, 2d4h. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365
    const years = Math.floor(hours / 24 / 365)
    return dy === 0 ? `${years}y` : `${years}y${dy}d`
  }
  return `${Math.floor(hours / 24 / 365)}y`
}
