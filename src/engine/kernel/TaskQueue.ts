/**
 * The simulation's agenda: a binary min-heap of tasks ordered by (atMs, seq). Tasks are plain data
 * so the queue can be snapshotted and restored exactly; seq breaks ties in insertion order.
 */

/** A unit of work for a handler, as plain JSON data (never a closure). */
export interface Task {
  /** Which handler runs it, e.g. "replicaset", "scheduler", "kubelet". */
  handler: string
  /** What it is about, usually an object key. */
  key: string
  /** Handler-specific data. */
  data?: Record<string, string | number | boolean>
}

/** A task with its due time and its tie-breaking sequence number. */
export interface ScheduledTask {
  atMs: number
  seq: number
  task: Task
}

/** The queue's whole state, JSON-safe. */
export interface TaskQueueSnapshot {
  nextSeq: number
  entries: ScheduledTask[]
}

const before = (a: ScheduledTask, b: ScheduledTask) =>
  a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)

/** A binary heap of ScheduledTasks: O(log n) push and pop, earliest (atMs, seq) first. */
export class TaskQueue {
  private heap: ScheduledTask[] = []
  private nextSeq = 0

  get size(): number {
    return this.heap.length
  }

  /** Adds a task due at atMs and returns its entry. */
  push(atMs: number, task: Task): ScheduledTask {
    const entry: ScheduledTask = { atMs, seq: this.nextSeq++, task }
    const heap = this.heap
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent] as ScheduledTask
      if (!before(entry, p)) break
      heap[i] = p
      i = parent
    }
    heap[i] = entry
    return entry
  }

  /** The earliest entry without removing it. */
  peek(): ScheduledTask | undefined {
    return this.heap[0]
  }

  /** Removes and returns the earliest entry. */
  pop(): ScheduledTask | undefined {
    const heap = this.heap
    const top = heap[0]
    const last = heap.pop()
    if (top === undefined || last === undefined || heap.length === 0) return top
    let i = 0
    const n = heap.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const child = r < n && before(heap[r] as ScheduledTask, heap[l] as ScheduledTask) ? r : l
      const c = heap[child] as ScheduledTask
      if (!before(c, last)) break
      heap[i] = c
      i = child
    }
    heap[i] = last
    return top
  }

  /** All entries in (atMs, seq) order, for inspection and snapshots. */
  entries(): ScheduledTask[] {
    return [...this.heap].sort((a, b) => (before(a, b) ? -1 : 1))
  }

  /**
   * The queue as data, entries in (atMs, seq) order: the heap's array layout depends on its
   * history, so a restored queue would otherwise snapshot differently from the original.
   */
  snapshot(): TaskQueueSnapshot {
    return {
      nextSeq: this.nextSeq,
      entries: this.entries().map((e) => ({ ...e, task: structuredCloneTask(e.task) })),
    }
  }

  static restore(snapshot: TaskQueueSnapshot): TaskQueue {
    const q = new TaskQueue()
    q.heap = snapshot.entries.map((e) => ({ ...e, task: structuredCloneTask(e.task) }))
    // A valid heap array stays valid; re-heapify anyway so a hand-made snapshot cannot break order.
    q.heap.sort((a, b) => (before(a, b) ? -1 : 1))
    q.nextSeq = snapshot.nextSeq
    return q
  }
}

function structuredCloneTask(task: Task): Task {
  return task.data ? { ...task, data: { ...task.data } } : { ...task }
}
