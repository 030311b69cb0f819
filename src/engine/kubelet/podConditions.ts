/** The pod conditions the kubelet reports (pkg/kubelet/status/generate.go), rebuilt from container state. */
import type { Condition } from '../model/meta'
import type { ContainerStatus, Pod, PodPhase } from '../model/pod'
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

/**
 * The phase the kubelet reports for these container states (pkg/kubelet/kubelet_pods.go getPhase):
 * Pending while a container has not started yet (ContainerCreating, ErrImagePull); Running once all
 * have started and one runs, or all have stopped but restartPolicy brings them back (a container in
 * CrashLoopBackOff counts as stopped: it has a lastState); otherwise Succeeded or Failed.
 */
export function podPhase(pod: Pod, statuses: readonly ContainerStatus[]): PodPhase {
  let running = 0
  let waiting = 0
  let stopped = 0
  let succeeded = 0
  let unknown = 0
  for (const c of pod.spec.containers) {
    const status = statuses.find((st) => st.name === c.name)
    if (!status) unknown++
    else if (status.state.running) running++
    else if (status.state.terminated) {
      stopped++
      if (status.state.terminated.exitCode === 0) succeeded++
    } else if (status.state.waiting) {
      if (status.lastState.terminated) stopped++
      else waiting++
    } else unknown++
  }
  if (waiting > 0) return 'Pending'
  if (running > 0 && unknown === 0) return 'Running'
  if (running === 0 && stopped > 0 && unknown === 0) {
    const policy = pod.spec.restartPolicy ?? 'Always'
    if (policy === 'Always') return 'Running'
    if (stopped === succeeded) return 'Succeeded'
    if (policy === 'Never') return 'Failed'
    return 'Running'
  }
  return 'Pending'
}

/** Go's time.Duration.String() for a span of sim milliseconds: 2.345s, 850ms, 1m2.5s. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const minutes = Math.floor(ms / 60_000)
  const seconds = (ms % 60_000) / 1000
  const s = `${Number(seconds.toFixed(3))}s`
  return minutes > 0 ? `${minutes}m${s}` : s
}
