/** Generated names and hashes as the API server and controllers make them. */
import type { Rng } from './Rng'

/** utilrand's alphabet: no vowels (no accidental words) and no look-alikes such as 0/o or 1/l. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** The 5 random characters the API server appends to generateName (names.SimpleNameGenerator). */
export function randomSuffix(rng: Rng, length = 5): string {
  let out = ''
  while (out.length < length) {
    // utilrand.String takes 5 bits at a time and rejects indexes past the alphabet.
    const idx = rng.nextUint32() & 31
    if (idx < NAME_ALPHABET.length) out += NAME_ALPHABET[idx]
  }
  return out
}

/** generateName + suffix, with the base truncated so the result fits 63 characters, as upstream. */
export function generateName(base: string, rng: Rng): string {
  const maxGeneratedNameLength = 63 - 5
  return `${base.length > maxGeneratedNameLength ? base.slice(0, maxGeneratedNameLength) : base}${randomSuffix(rng)}`
}

/** A random RFC 4122 version-4 UUID drawn from the simulation RNG. */
export function randomUid(rng: Rng): string {
  const hex = (n: number) => rng.nextUint32().toString(16).padStart(8, '0').slice(0, n)
  const variant = (8 + rng.int(4)).toString(16)
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(8)}${hex(4)}`
}

/** 32-bit FNV-1a over a string's UTF-16 code units (hash/fnv New32a over its bytes for ASCII). */
export function fnv32a(input: string, hash = 0x811c9dc5): number {
  let h = hash
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i) & 0xff
    h = Math.imul(h, 0x01000193) >>> 0
    if (input.charCodeAt(i) > 0xff) {
      h ^= input.charCodeAt(i) >>> 8
      h = Math.imul(h, 0x01000193) >>> 0
    }
  }
  return h >>> 0
}

/** rand.SafeEncodeString: each character of s mapped into the name alphabet. */
export function safeEncodeString(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) out += NAME_ALPHABET[s.charCodeAt(i) % NAME_ALPHABET.length]
  return out
}

/** JSON with object keys sorted, so equal values always serialise the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/**
 * The pod-template-hash (controller.ComputeHash): FNV-32a over the template, then the collision
 * count, printed in decimal and safe-encoded. Upstream hashes Go's spew dump of the struct; we hash
 * canonical JSON, so our hashes have the same form and stability but not the same value.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(canonicalJson(template))
  if (collisionCount !== undefined) {
    // binary.LittleEndian.PutUint32 of the count, fed to the same hasher.
    const bytes = [
      collisionCount & 0xff,
      (collisionCount >>> 8) & 0xff,
      (collisionCount >>> 16) & 0xff,
      (collisionCount >>> 24) & 0xff,
    ]
    h = fnv32a(String.fromCharCode(...bytes), h)
  }
  return safeEncodeString(String(h))
}
