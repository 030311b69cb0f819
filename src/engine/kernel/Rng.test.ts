import { describe, expect, it } from 'vitest'
import { Rng } from './Rng'

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32())

describe('Rng: the seeded sfc32 generator', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draws(Rng.fromSeed(42), 100)).toEqual(draws(Rng.fromSeed(42), 100))
  })

  it('gives different sequences for different seeds', () => {
    expect(draws(Rng.fromSeed(1), 10)).not.toEqual(draws(Rng.fromSeed(2), 10))
  })

  it('continues with exactly the same draws after state() → new Rng(state)', () => {
    const rng = Rng.fromSeed(7)
    draws(rng, 33)
    const saved = JSON.parse(JSON.stringify(rng.state())) as ReturnType<Rng['state']>
    const restored = new Rng(saved)
    const mixed = (r: Rng) => [r.nextUint32(), r.float(), r.int(27), r.between(50, 150), r.int(3)]
    expect(Array.from({ length: 20 }, () => mixed(restored))).toEqual(
      Array.from({ length: 20 }, () => mixed(rng)),
    )
  })

  it('keeps its outputs in range: uint32, [0,1), [0,n), [min,max]', () => {
    const rng = Rng.fromSeed(3)
    const bad: number[] = []
    for (let i = 0; i < 2000; i++) {
      const u = rng.nextUint32()
      if (!(Number.isInteger(u) && u >= 0 && u <= 0xffffffff)) bad.push(u)
      const f = rng.float()
      if (!(f >= 0 && f < 1)) bad.push(f)
      const n = rng.int(5)
      if (!(Number.isInteger(n) && n >= 0 && n < 5)) bad.push(n)
      const b = rng.between(50, 52)
      if (!(Number.isInteger(b) && b >= 50 && b <= 52)) bad.push(b)
    }
    expect(bad).toEqual([])
    expect(() => rng.int(0)).toThrow(RangeError)
  })

  it('int(n) reaches every value (no value is starved by the rejection sampling)', () => {
    const rng = Rng.fromSeed(11)
    const seen = new Set<number>()
    for (let i = 0; i < 500; i++) seen.add(rng.int(7))
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
  })
})
