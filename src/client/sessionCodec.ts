/**
 * Sessions as files and as links. A file is the session as indented JSON; a share link carries it
 * in the URL fragment (`#s=`), as JSON compressed with deflate-raw (the browser's
 * CompressionStream) and written in base64url. Decoding trusts nothing: sizes are capped before
 * and while inflating, and the result goes through `validateSession`.
 */
import type { Session, SessionCheck } from '../protocol'
import { validateSession } from '../protocol'

/** The fragment key of a shared session. */
export const SHARE_KEY = 's'

/** Caps on what a link or a file may make us read. */
export const CODEC_LIMITS = {
  /** Characters of base64url in a link (a session of a few thousand commands fits easily). */
  fragmentChars: 4_000_000,
  /** Bytes once inflated: a link cannot unfold into more than this. */
  inflatedBytes: 25_000_000,
  /** Characters of a session file. */
  fileChars: 25_000_000,
} as const

/** The session as the text of a `.json` file. */
export function sessionToJson(session: Session): string {
  return `${JSON.stringify(session, null, 2)}\n`
}

/** Reads a session file's text: JSON first, then the session's shape. */
export function sessionFromJson(text: string): SessionCheck {
  if (text.length > CODEC_LIMITS.fileChars)
    return { ok: false, error: `it is larger than ${CODEC_LIMITS.fileChars} characters` }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    return { ok: false, error: `it is not JSON (${e instanceof Error ? e.message : String(e)})` }
  }
  return validateSession(parsed)
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined
  // A link cut at any character still decodes to bytes; the inflater then says it is cut short.
  const whole = text.length % 4 === 1 ? text.slice(0, -1) : text
  const b64 = whole.replace(/-/g, '+').replace(/_/g, '/')
  try {
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return undefined
  }
}

async function pipeAll(
  bytes: Uint8Array,
  transform: TransformStream<BufferSource, Uint8Array>,
  maxBytes: number,
) {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new RangeError(`it unfolds into more than ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

/** The fragment (without `#`) that carries this session. */
export async function encodeShareFragment(session: Session): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(session))
  const packed = await pipeAll(json, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER)
  return `${SHARE_KEY}=${toBase64Url(packed)}`
}

/** Whether a URL fragment (with or without `#`) carries a shared session at all. */
export function hasShareFragment(fragment: string): boolean {
  return new URLSearchParams(fragment.replace(/^#/, '')).has(SHARE_KEY)
}

/** Reads a session from a URL fragment; every way a link can be damaged gets a sentence. */
export async function decodeShareFragment(fragment: string): Promise<SessionCheck> {
  const fail = (error: string): SessionCheck => ({ ok: false, error })
  const raw = fragment.replace(/^#/, '')
  // Split by hand: URLSearchParams would turn the `+` of a hand-edited link into a space.
  const part = raw.split('&').find((p) => p.startsWith(`${SHARE_KEY}=`))
  if (part === undefined) return fail('the link carries no session')
  const text = part.slice(SHARE_KEY.length + 1)
  if (text.length === 0) return fail('the link carries an empty session')
  if (text.length > CODEC_LIMITS.fragmentChars)
    return fail(`the link is longer than ${CODEC_LIMITS.fragmentChars} characters`)
  const bytes = fromBase64Url(text)
  if (!bytes) return fail('the link is damaged (it is not base64url)')
  let inflated: Uint8Array
  try {
    inflated = await pipeAll(
      bytes,
      new DecompressionStream('deflate-raw'),
      CODEC_LIMITS.inflatedBytes,
    )
  } catch (e) {
    return fail(
      e instanceof RangeError
        ? `the link is too large: ${e.message}`
        : 'the link is damaged or cut short (its data does not decompress)',
    )
  }
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated)
  } catch {
    return fail('the link is damaged (its data is not text)')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return fail('the link is damaged (its data is not JSON)')
  }
  return validateSession(parsed)
}
