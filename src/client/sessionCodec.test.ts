import { describe, expect, it } from 'vitest'
import type { Session } from '../protocol'
import { SESSION_SCHEMA_VERSION, freshSession, validateSession } from '../protocol'
import {
  decodeShareFragment,
  encodeShareFragment,
  hasShareFragment,
  sessionFromJson,
  sessionToJson,
} from './sessionCodec'

const session: Session = {
  ...freshSession('default', 7, { language: 'zh', canvasView: 'network' }),
  log: [
    { atMs: 60_000, command: 'kubectl scale deployment/web --replicas=5' },
    { atMs: 60_000, clock: 'step' },
    { atMs: 60_120, clock: 'stepDecision', deployment: 'Deployment/default/web' },
    { atMs: 61_000, clock: 'back' },
    { atMs: 61_000, command: 'kubectl apply -f -', stdin: 'kind: Namespace\n# 中文 <script>\n' },
  ],
  simTimeMs: 75_500,
  clock: { playing: false, speed: 4, cursor: 12 },
}

/** The session as JSON with one change made by hand. */
function edited(change: (raw: Record<string, unknown>) => void): string {
  const raw = JSON.parse(JSON.stringify(session)) as Record<string, unknown>
  change(raw)
  return JSON.stringify(raw)
}

function errorOf(text: string): string {
  const check = sessionFromJson(text)
  if (check.ok) throw new Error('expected an error')
  return check.error
}

describe('session files', () => {
  it('round-trip through JSON unchanged', () => {
    const text = sessionToJson(session)
    expect(text).toContain(`"schemaVersion": ${SESSION_SCHEMA_VERSION}`)
    expect(sessionFromJson(text)).toEqual({ ok: true, session })
  })

  it('refuse what is not a session, saying why', () => {
    expect(errorOf('{"kind": ')).toMatch(/^it is not JSON \(/)
    expect(errorOf('[1, 2]')).toBe('it is not a JSON object')
    expect(errorOf('{"name": "web"}')).toBe(
      'it is not a Kube Playground session (no "kind": "KubePlaygroundSession")',
    )
    expect(errorOf(edited((r) => delete r.schemaVersion))).toBe(
      'it has no schemaVersion, so it cannot be read safely',
    )
    expect(errorOf(edited((r) => (r.schemaVersion = 2)))).toBe(
      'it was saved by a newer Kube Playground (schemaVersion 2); this one reads schemaVersion 1',
    )
    expect(errorOf(edited((r) => (r.schemaVersion = 0)))).toBe(
      'schemaVersion 0 is not supported; this one reads schemaVersion 1',
    )
    expect(errorOf(edited((r) => (r.extra = true)))).toBe('it has an unknown field "extra"')
    expect(errorOf(edited((r) => (r.scenario = '../etc')))).toBe(
      'scenario must be a scenario name such as "default"',
    )
    expect(errorOf(edited((r) => (r.seed = -1)))).toBe(
      'seed must be a whole number from 0 to 4294967295',
    )
    expect(errorOf(edited((r) => (r.log = 'kubectl get pods')))).toBe(
      'log must be a list of entries',
    )
    expect(errorOf(edited((r) => ((r.log as unknown[])[1] = { atMs: -5, clock: 'step' })))).toBe(
      'log[1].atMs must be a whole number of milliseconds',
    )
    expect(errorOf(edited((r) => ((r.log as unknown[])[1] = { atMs: 5, clock: 'rewind' })))).toBe(
      'log[1] is neither a command nor a clock step',
    )
    expect(
      errorOf(edited((r) => ((r.log as unknown[])[0] = { atMs: 5, command: 'x', run: 'eval' }))),
    ).toBe('log[0] has unknown field "run"')
    expect(errorOf(edited((r) => ((r.log as unknown[])[0] = { atMs: 5, command: '' })))).toBe(
      'log[0].command must be a non-empty string',
    )
    expect(errorOf(edited((r) => (r.clock = { playing: true, speed: 3, cursor: -1 })))).toBe(
      'clock.speed must be one of 0.5, 1, 2, 4, 8, 16',
    )
    expect(errorOf(edited((r) => (r.simTimeMs = 1.5)))).toBe(
      'simTimeMs must be a whole number of milliseconds',
    )
  })

  it('keep the view state only as short strings', () => {
    expect(errorOf(edited((r) => (r.view = { sideTab: { evil: true } })))).toBe(
      'view.sideTab must be a short string',
    )
    const check = validateSession(JSON.parse(edited((r) => (r.view = undefined))))
    expect(check.ok && check.session.view).toEqual({})
  })
})

describe('share links', () => {
  it('carry the session in the fragment, compressed, and give it back', async () => {
    const fragment = await encodeShareFragment(session)
    expect(fragment).toMatch(/^s=[A-Za-z0-9_-]+$/)
    expect(fragment.length).toBeLessThan(JSON.stringify(session).length)
    expect(hasShareFragment(`#${fragment}`)).toBe(true)
    expect(hasShareFragment('#other=1')).toBe(false)
    expect(await decodeShareFragment(`#${fragment}`)).toEqual({ ok: true, session })
  })

  it('refuse a damaged, cut or oversized link with a sentence', async () => {
    const fragment = await encodeShareFragment(session)
    const data = fragment.slice(2)
    const errorFor = async (f: string) => {
      const check = await decodeShareFragment(f)
      if (check.ok) throw new Error(`expected ${f.slice(0, 20)}… to be refused`)
      return check.error
    }
    expect(await errorFor('#s=')).toBe('the link carries an empty session')
    expect(await errorFor('#x=1')).toBe('the link carries no session')
    expect(await errorFor(`#s=${data.slice(0, 10)}*${data.slice(11)}`)).toBe(
      'the link is damaged (it is not base64url)',
    )
    expect(await errorFor(`#s=${data.slice(0, Math.floor(data.length / 2))}`)).toBe(
      'the link is damaged or cut short (its data does not decompress)',
    )
    for (const cut of [1, 2, 3, 4, data.length - 3, data.length - 2, data.length - 1])
      expect((await decodeShareFragment(`#s=${data.slice(0, cut)}`)).ok).toBe(false)
    // A flipped character inside the compressed data: refused one way or another, never accepted.
    const i = Math.floor(data.length / 3)
    const flipped = `${data.slice(0, i)}${data[i] === 'A' ? 'B' : 'A'}${data.slice(i + 1)}`
    expect(await errorFor(`#s=${flipped}`)).toMatch(/^(the link is damaged|log|it |scenario|clock)/)
    // A small link that would unfold into 30 MB.
    const bomb = await encodeShareFragment({
      ...session,
      log: [{ atMs: 1, command: 'x'.repeat(30_000_000) }],
    })
    expect(bomb.length).toBeLessThan(100_000)
    expect(await errorFor(bomb)).toBe(
      'the link is too large: it unfolds into more than 25000000 bytes',
    )
  })
})
