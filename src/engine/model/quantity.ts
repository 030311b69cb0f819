/** resource.Quantity parsing: "100m" CPU, "64Mi" memory, plain numbers. */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
}
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
}

const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/

/** Parsed quantities by text: the same few strings ("100m", "4", "64Mi") are parsed very often. */
const parsed = new Map<string, number>()

/** The value of a quantity in base units (cores, bytes, count), or NaN if it does not parse. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0
  if (typeof q === 'number') return q
  let value = parsed.get(q)
  if (value === undefined) {
    value = parseQuantityText(q)
    if (parsed.size < 10_000) parsed.set(q, value)
  }
  return value
}

function parseQuantityText(q: string): number {
  const match = QUANTITY.exec(q.trim())
  if (!match) return Number.NaN
  const [, num, suffix, exponent] = match
  const value = Number(num)
  if (exponent !== undefined) return value * 10 ** Number(exponent)
  if (suffix === undefined) return value
  return value * (BINARY[suffix] ?? DECIMAL[suffix] ?? Number.NaN)
}

/** A CPU quantity in millicores, rounded up as the scheduler's MilliValue does. */
export function milliCPU(q: string | number | undefined): number {
  return Math.ceil(parseQuantity(q) * 1000 - 1e-9)
}

/** True when the string is a syntactically valid quantity. */
export function isValidQuantity(q: string | number): boolean {
  return !Number.isNaN(parseQuantity(q))
}
