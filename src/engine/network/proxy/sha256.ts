/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, synchronous: kube-proxy hashes chain names with
 * crypto/sha256, and the engine runs in a worker that may not block on WebCrypto's promises.
 */

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const H0 = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n))

/** The message schedule, reused: hashing is synchronous and never reentrant. */
const W = new Uint32Array(64)

/**
 * The message as big-endian words, padded to whole 64-byte blocks: a 1 bit, zeros, then the
 * length in bits (§5.1.1).
 */
function pad(message: Uint8Array): Uint32Array {
  const words = new Uint32Array(Math.ceil((message.length + 9) / 64) * 16)
  for (let i = 0; i < message.length; i++)
    words[i >> 2] = (words[i >> 2] as number) | ((message[i] as number) << (24 - (i & 3) * 8))
  const end = message.length
  words[end >> 2] = (words[end >> 2] as number) | (0x80 << (24 - (end & 3) * 8))
  words[words.length - 2] = Math.floor(end / 0x20000000)
  words[words.length - 1] = (end * 8) >>> 0
  return words
}

/** The SHA-256 digest of some bytes. */
export function sha256(message: Uint8Array): Uint8Array {
  const words = pad(message)
  const h = H0.slice()
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) W[t] = words[block + t] as number
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15] as number
      const y = W[t - 2] as number
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)
      W[t] = (W[t - 16] as number) + s0 + (W[t - 7] as number) + s1
    }
    let a = h[0] as number
    let b = h[1] as number
    let c = h[2] as number
    let d = h[3] as number
    let e = h[4] as number
    let f = h[5] as number
    let g = h[6] as number
    let hh = h[7] as number
    for (let t = 0; t < 64; t++) {
      const ch = (e & f) ^ (~e & g)
      const t1 =
        (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ch + (K[t] as number) + (W[t] as number)) |
        0
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + maj) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    const next = [a, b, c, d, e, f, g, hh]
    for (let i = 0; i < 8; i++) h[i] = ((h[i] as number) + (next[i] as number)) >>> 0
  }
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = ((h[i >> 2] as number) >>> (24 - (i & 3) * 8)) & 255
  return out
}

/** UTF-8 bytes of a string (Go hashes a string's bytes, which are UTF-8; the engine has no TextEncoder). */
export function utf8(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0) as number
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}
