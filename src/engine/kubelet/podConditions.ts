/** The pod conditions the kubelet reports (pkg/kubelet/status/generate.go), rebuilt from container state. */
import type { Condition } from '../model/meta'
import type { ContainerStatus, Pod } from '../model/pod'
import { toTimestamp } from '../model/time'

/** One condition, keeping lastTransitionTime when the status did not change. */
function condition(
  previous: readonly Condition[] | undefined,
  type: string,
  status: Condition['status'],
  nowMs: number,
  reason?: string,
  message?: string,
): Condition {
  const old = previous?.find((c) => c.type === type)
  const lastTransitionTime =
    old && old.status === status && old.lastTransitionTime
      ? old.lastTransitionTime
      : toTimestamp(nowMs)
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  }
}

/**
 * PodReadyToStartContainers, Initialized, Ready, ContainersReady and PodScheduled, in the order
 * kubectl describe lists them. Ready and ContainersReady are False with "containers with unready
 * status: [a b]" (Go's formatting of a string slice) until every container is ready.
 */
export function kubeletConditions(
  pod: Pod,
  statuses: readonly ContainerStatus[],
  sandboxReady: boolean,
  nowMs: number,
): Condition[] {
  const previous = pod.status.conditions
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name)
  const allReady = unready.length === 0 && statuses.length > 0
  const message = `containers with unready status: [${unready.join(' ')}]`
  const scheduled = previous?.find((c) => c.type === 'PodScheduled')
  return [
    condition(previous, 'PodReadyToStartContainers', sandboxReady ? 'True' : 'False', nowMs),
    condition(previous, 'Initialized', 'True', nowMs),
    allReady
      ? condition(previous, 'Ready', 'True', nowMs)
      : condition(previous, 'Ready', 'False', nowMs, 'ContainersNotReady', message),
    allReady
      ? condition(previous, 'ContainersReady', 'True', nowMs)
      : condition(previous, 'ContainersReady', 'False', nowMs, 'ContainersNotReady', message),
    scheduled ?? condition(previous, 'PodScheduled', 'True', nowMs),
  ]
}

/** Go's time.Duration.String() for a span of sim milliseconds: 2.345s, 850ms, 1m2.5s. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const minutes = Math.floor(ms / 60_000)
  const seconds = (ms % 60_000) / 1000
  const s = `${Number(seconds.toFixed(3))}s`
  return minutes > 0 ? `${minutes}m${s}` : s
}
