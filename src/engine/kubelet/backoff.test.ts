/** flowcontrol.Backoff as the kubelet configures it: 10 s doubling to 300 s, forgotten after 600 s. */
import { describe, expect, it } from 'vitest'
import type { BackoffEntry } from './backoff'
import { isInBackOffSince, isInBackOffSinceUpdate, nextBackoff } from './backoff'
import { goDuration } from './podConditions'

describe('the kubelet back-off', () => {
  it('doubles from 10 s and stops at 5m0s', () => {
    const delays: string[] = []
    let entry: BackoffEntry | undefined
    for (let i = 0, t = 0; i < 8; i++, t += 1_000) {
      entry = nextBackoff(entry, t, t)
      delays.push(goDuration(entry.delayMs))
    }
    expect(delays).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s', '5m0s'])
  })

  it('starts again at 10 s after more than 10 minutes without a failure', () => {
    const capped: BackoffEntry = { delayMs: 300_000, lastUpdateMs: 0 }
    expect(nextBackoff(capped, 600_000, 600_000).delayMs).toBe(300_000)
    expect(nextBackoff(capped, 600_001, 600_001).delayMs).toBe(10_000)
    expect(isInBackOffSince(capped, 600_001, 600_002)).toBe(false)
  })

  it('measures a restart from the exit, a pull from the last failure', () => {
    const entry: BackoffEntry = { delayMs: 20_000, lastUpdateMs: 5_000 }
    // Container exited at 30 s: restart once 20 s have passed since then.
    expect(isInBackOffSince(entry, 30_000, 49_999)).toBe(true)
    expect(isInBackOffSince(entry, 30_000, 50_000)).toBe(false)
    // Pull failed at 5 s: pull again from 25 s.
    expect(isInBackOffSinceUpdate(entry, 24_999)).toBe(true)
    expect(isInBackOffSinceUpdate(entry, 25_000)).toBe(false)
    expect(isInBackOffSinceUpdate(undefined, 0)).toBe(false)
  })
})
