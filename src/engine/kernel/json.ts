/** Helpers for the plain JSON data the engine is made of. */

/** A deep copy of JSON-like data (objects, arrays, primitives); faster than structuredClone here. */
export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(deepClone) as T
  const out: Record<string, unknown> = {}
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key]
    if (v !== undefined) out[key] = deepClone(v)
  }
  return out as T
}

/** Structural equality of JSON-like data; undefined properties count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    if (a.length !== bb.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false
    return true
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  let countA = 0
  for (const key in ao) {
    if (ao[key] === undefined) continue
    countA++
    if (!deepEqual(ao[key], bo[key])) return false
  }
  let countB = 0
  for (const key in bo) if (bo[key] !== undefined) countB++
  return countA === countB
}

/** Freezes JSON-like data all the way down, so accidental mutation of stored objects throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}
