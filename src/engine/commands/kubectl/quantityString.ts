/**
 * resource.Quantity's String() as kubectl prints quantities: the canonical form, keeping the
 * binary (Ki, Mi, Gi) or decimal (m, k, M, G) family of the text it came from, e.g. "8388608Ki"
 * → "8Gi", "1000m" → "1", "0.5" → "500m" (apimachinery/pkg/api/resource/quantity.go).
 */
import { parseQuantity } from '../../model/quantity'

/** A quantity's format family: BinarySI for Ki/Mi/..., DecimalSI otherwise. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI'

const BINARY_UNITS: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
]
const DECIMAL_UNITS: [string, number][] = [
  ['E', 1e18],
  ['P', 1e15],
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
]

/** The format family of a quantity as written. */
export function quantityFormat(q: string | number | undefined): QuantityFormat {
  return typeof q === 'string' && /[KMGTPE]i$/.test(q.trim()) ? 'BinarySI' : 'DecimalSI'
}

/** The canonical text of a value (in base units) in a format family. */
export function formatQuantity(value: number, format: QuantityFormat): string {
  if (format === 'BinarySI' && Number.isInteger(value)) {
    if (value === 0) return '0'
    for (const [suffix, unit] of BINARY_UNITS)
      if (value % unit === 0) return `${value / unit}${suffix}`
    return String(value)
  }
  const milli = Math.round(value * 1000)
  if (milli % 1000 !== 0) return `${milli}m`
  const n = milli / 1000
  if (n === 0) return '0'
  for (const [suffix, unit] of DECIMAL_UNITS) if (n % unit === 0) return `${n / unit}${suffix}`
  return String(n)
}

/** Quantity.String() of a quantity as written in a manifest or status. */
export function quantityString(q: string | number | undefined): string {
  if (q === undefined) return '0'
  const value = parseQuantity(q)
  return Number.isNaN(value) ? String(q) : formatQuantity(value, quantityFormat(q))
}
