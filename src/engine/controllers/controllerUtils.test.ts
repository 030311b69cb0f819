import { describe, expect, it } from 'vitest'
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './controllerUtils'

/** Runs slowStartBatch and records which batch each call belonged to (by the successes before it). */
function run(count: number, failOnCall?: (n: number) => boolean) {
  let calls = 0
  const result = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => {
    calls++
    if (failOnCall?.(calls)) throw new Error(`call ${calls} failed`)
  })
  return { ...result, calls }
}

describe('slowStartBatch (pkg/controller/replicaset/replica_set.go)', () => {
  it('starts with SlowStartInitialBatchSize = 1', () => {
    expect(SLOW_START_INITIAL_BATCH_SIZE).toBe(1)
  })

  it('runs batches of 1, 2, 4, 8, ... capped by what remains', () => {
    // A failure at call k ends the run at the end of k's batch, which reveals the batch edges.
    const endOfBatch = Array.from({ length: 20 }, (_, i) => run(20, (n) => n === i + 1).calls)
    expect(endOfBatch).toEqual([
      1, 3, 3, 7, 7, 7, 7, 15, 15, 15, 15, 15, 15, 15, 15, 20, 20, 20, 20, 20,
    ])
    const ok = run(20)
    expect(ok).toEqual({ successes: 20, calls: 20 })
  })

  it('finishes the failing batch, then skips the remaining batches', () => {
    // Batches 1, 2, 4, 3 for 10: the 5th call is in the third batch (calls 4-7).
    const r = run(10, (n) => n === 5)
    expect(r.calls).toBe(7)
    expect(r.successes).toBe(6)
    expect(r.error?.message).toBe('call 5 failed')
  })

  it('stops after the first batch when the very first call fails', () => {
    const r = run(500, () => true)
    expect(r.calls).toBe(1)
    expect(r.successes).toBe(0)
    expect(r.error).toBeInstanceOf(Error)
  })

  it('counts every failure in a batch but returns one error', () => {
    const r = run(7, (n) => n === 2 || n === 3)
    expect(r.calls).toBe(3)
    expect(r.successes).toBe(1)
    expect(r.error?.message).toBe('call 2 failed')
  })

  it('does nothing for count 0', () => {
    expect(run(0)).toEqual({ successes: 0, calls: 0 })
  })
})
