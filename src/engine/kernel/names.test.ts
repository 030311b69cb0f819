import { describe, expect, it } from 'vitest'
import { Rng } from './Rng'
import {
  NAME_ALPHABET,
  canonicalJson,
  computeHash,
  generateName,
  randomSuffix,
  randomUid,
  safeEncodeString,
} from './names'

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
}

describe('names: generateName suffixes (apiserver names.SimpleNameGenerator, utilrand.String)', () => {
  it('uses the alphabet bcdfghjklmnpqrstvwxz2456789', () => {
    expect(NAME_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789')
  })

  it('randomSuffix is 5 characters, all from the alphabet, and reaches all 27 of them', () => {
    const rng = Rng.fromSeed(5)
    const seen = new Set<string>()
    for (let i = 0; i < 400; i++) {
      const s = randomSuffix(rng)
      expect(s).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/)
      for (const ch of s) seen.add(ch)
    }
    expect(seen.size).toBe(27)
  })

  it('is deterministic per seed', () => {
    const a = Rng.fromSeed(9)
    const b = Rng.fromSeed(9)
    expect(Array.from({ length: 10 }, () => randomSuffix(a))).toEqual(
      Array.from({ length: 10 }, () => randomSuffix(b)),
    )
  })

  it('generateName appends the suffix and cuts the base to 58 characters (maxGeneratedNameLength)', () => {
    const rng = Rng.fromSeed(1)
    expect(generateName('web-7d4b9c8f6d-', rng)).toMatch(
      /^web-7d4b9c8f6d-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    )
    const long = generateName(`${'a'.repeat(70)}-`, rng)
    expect(long).toHaveLength(63)
    expect(long.slice(0, 58)).toBe('a'.repeat(58))
  })

  it('randomUid is a version-4 UUID', () => {
    const rng = Rng.fromSeed(2)
    for (let i = 0; i < 50; i++)
      expect(randomUid(rng)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
  })
})

describe('names: computeHash (controller.ComputeHash)', () => {
  it('is stable: the same template gives the same hash, whatever the key order', () => {
    const reordered = {
      spec: { containers: [{ image: 'nginx:1.25', name: 'nginx' }] },
      metadata: { labels: { app: 'web' } },
    }
    expect(computeHash(template)).toBe(computeHash(template))
    expect(computeHash(reordered)).toBe(computeHash(template))
    expect(canonicalJson(reordered)).toBe(canonicalJson(template))
  })

  it('is rand.SafeEncodeString of the decimal uint32: at most 10 characters from "456789bcdf"', () => {
    for (const t of [template, { ...template, spec: { containers: [] } }, {}]) {
      expect(computeHash(t)).toMatch(/^[456789bcdf]{1,10}$/)
    }
    expect(safeEncodeString('0123456789')).toBe('456789bcdf')
  })

  it('changes with the template and with collisionCount (nil differs from 0)', () => {
    const other = { ...template, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } }
    expect(computeHash(other)).not.toBe(computeHash(template))
    const hashes = [undefined, 0, 1, 2].map((c) => computeHash(template, c))
    expect(new Set(hashes).size).toBe(4)
    expect(computeHash(template, 1)).toBe(computeHash(template, 1))
  })
})
