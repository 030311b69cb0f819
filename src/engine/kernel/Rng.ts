/**
 * The simulation's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator), seeded from one integer. Its four words of state go into every snapshot, so a
 * restored simulation draws exactly the numbers the original would have drawn.
 */

export type RngState = [number, number, number, number]

/** A seeded, snapshot-able pseudo-random generator. */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(state: RngState) {
    ;[this.a, this.b, this.c, this.d] = state
  }

  /** A generator for a seed; the first draws are discarded to mix the state, as sfc32 recommends. */
  static fromSeed(seed: number): Rng {
    const rng = new Rng([0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0])
    for (let i = 0; i < 15; i++) rng.nextUint32()
    return rng
  }

  state(): RngState {
    return [this.a, this.b, this.c, this.d]
  }

  /** Puts the generator back to an earlier state (a refused API request draws nothing). */
  restore(state: RngState): void {
    ;[this.a, this.b, this.c, this.d] = state
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296
  }

  /** An integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (n <= 0) throw new RangeError(`Rng.int needs n > 0, got ${n}`)
    const limit = 4294967296 - (4294967296 % n)
    for (;;) {
      const x = this.nextUint32()
      if (x < limit) return x % n
    }
  }

  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }
}
