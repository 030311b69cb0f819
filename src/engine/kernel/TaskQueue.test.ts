import { describe, expect, it } from 'vitest'
import type { ScheduledTask } from './TaskQueue'
import { TaskQueue } from './TaskQueue'

const task = (key: string) => ({ handler: 'h', key })

function drain(q: TaskQueue): ScheduledTask[] {
  const out: ScheduledTask[] = []
  for (let e = q.pop(); e; e = q.pop()) out.push(e)
  return out
}

describe('TaskQueue: a heap ordered by (atMs, seq)', () => {
  it('pops the earliest atMs first, whatever the push order', () => {
    const q = new TaskQueue()
    for (const [at, key] of [
      [50, 'e'],
      [10, 'a'],
      [40, 'd'],
      [20, 'b'],
      [30, 'c'],
    ] as const)
      q.push(at, task(key))
    expect(q.peek()?.task.key).toBe('a')
    expect(drain(q).map((e) => [e.atMs, e.task.key])).toEqual([
      [10, 'a'],
      [20, 'b'],
      [30, 'c'],
      [40, 'd'],
      [50, 'e'],
    ])
    expect(q.size).toBe(0)
    expect(q.pop()).toBeUndefined()
  })

  it('breaks ties at the same atMs in insertion order (seq)', () => {
    const q = new TaskQueue()
    const keys = Array.from({ length: 40 }, (_, i) => `t${i}`)
    // Interleave two instants so the heap has to reorder, and keep insertion order within each.
    keys.forEach((k, i) => q.push(i % 2 === 0 ? 100 : 5, task(k)))
    const popped = drain(q)
    const at5 = popped.filter((e) => e.atMs === 5).map((e) => e.task.key)
    const at100 = popped.filter((e) => e.atMs === 100).map((e) => e.task.key)
    expect(popped.slice(0, 20).every((e) => e.atMs === 5)).toBe(true)
    expect(at5).toEqual(keys.filter((_, i) => i % 2 === 1))
    expect(at100).toEqual(keys.filter((_, i) => i % 2 === 0))
    const seqs = popped.map((e) => e.seq)
    expect(seqs.slice(0, 20)).toEqual([...seqs.slice(0, 20)].sort((a, b) => a - b))
  })

  it('entries() lists in (atMs, seq) order without consuming', () => {
    const q = new TaskQueue()
    q.push(3, task('x'))
    q.push(1, task('y'))
    q.push(3, task('z'))
    expect(q.entries().map((e) => e.task.key)).toEqual(['y', 'x', 'z'])
    expect(q.size).toBe(3)
  })

  it('snapshot → restore pops the same sequence, and keeps numbering after the restore', () => {
    const q = new TaskQueue()
    // A pseudo-random but fixed push pattern with many ties.
    for (let i = 0; i < 200; i++) q.push((i * 37) % 23, { handler: 'h', key: `k${i}`, data: { i } })
    for (let i = 0; i < 50; i++) q.pop()
    const snap = JSON.parse(JSON.stringify(q.snapshot())) as ReturnType<TaskQueue['snapshot']>
    const restored = TaskQueue.restore(snap)
    // The same later pushes on both: seq must continue from the saved counter.
    for (const qq of [q, restored]) {
      qq.push(7, task('late-a'))
      qq.push(0, task('late-b'))
      qq.push(7, task('late-c'))
    }
    const a = drain(q)
    const b = drain(restored)
    expect(b).toEqual(a)
    const late = b.filter((e) => e.task.key.startsWith('late'))
    expect(late.map((e) => [e.task.key, e.seq])).toEqual([
      ['late-b', 201],
      ['late-a', 200],
      ['late-c', 202],
    ])
  })

  it('restore does not share task objects with the snapshot', () => {
    const q = new TaskQueue()
    q.push(1, { handler: 'h', key: 'k', data: { n: 1 } })
    const snap = q.snapshot()
    const restored = TaskQueue.restore(snap)
    ;(snap.entries[0]?.task.data as Record<string, number>).n = 99
    expect(restored.pop()?.task.data).toEqual({ n: 1 })
  })
})

describe('TaskQueue snapshots are canonical', () => {
  it('lists entries in (atMs, seq) order, so a restored queue snapshots like the original', () => {
    const q = new TaskQueue()
    for (let i = 0; i < 30; i++) q.push((i * 7) % 5, task(`k${i}`))
    q.pop()
    const snap = q.snapshot()
    const order = snap.entries.map((e) => [e.atMs, e.seq])
    expect(order).toEqual(
      [...order].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)),
    )
    const restored = TaskQueue.restore(snap)
    for (const qq of [q, restored]) {
      qq.push(2, task('x'))
      qq.pop()
      qq.push(0, task('y'))
    }
    expect(restored.snapshot()).toEqual(q.snapshot())
  })
})
