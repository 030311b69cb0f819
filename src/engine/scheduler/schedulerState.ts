/** The scheduler's queue state, saved in snapshots (the node cache is rebuilt from the store). */

/** A pod waiting in the active queue, ordered by priority (high first), then queue time, then seq. */
export interface QueuedPod {
  key: string
  priority: number
  timestampMs: number
  seq: number
}

/** A pod that did not fit anywhere: how often it failed and when it was last tried. */
export interface UnschedulablePod {
  attempts: number
  lastAttemptMs: number
}

export interface SchedulerState {
  /** Pods waiting to be scheduled, sorted; entries before `head` were already taken. */
  activeQ: QueuedPod[]
  head: number
  seq: number
  /** Pod keys currently in activeQ, to avoid duplicates (derived, but small enough to keep). */
  queued: Record<string, true>
  unschedulable: Record<string, UnschedulablePod>
  /** Whether a scheduleOne task is already pending. */
  cycleScheduled: boolean
  /** Round-robin start of the next node search (nextStartNodeIndex). */
  nextStartNodeIndex: number
}

export function emptySchedulerState(): SchedulerState {
  return {
    activeQ: [],
    head: 0,
    seq: 0,
    queued: {},
    unschedulable: {},
    cycleScheduled: false,
    nextStartNodeIndex: 0,
  }
}
