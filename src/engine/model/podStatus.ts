/** Pod predicates and kubectl's STATUS column, shared by controllers, kubectl and the views. */
import type { Pod } from './pod'
import { fromTimestamp, humanDuration } from './time'

/** Ready condition True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}

/** Not Succeeded, not Failed, not being deleted (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  return (
    pod.status.phase !== 'Succeeded' &&
    pod.status.phase !== 'Failed' &&
    !pod.metadata.deletionTimestamp
  )
}

/** Sim time in ms at which the pod's Ready condition last turned True, if it is Ready. */
export function podReadySinceMs(pod: Pod): number | undefined {
  const ready = pod.status.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')
  return ready?.lastTransitionTime ? fromTimestamp(ready.lastTransitionTime) : undefined
}

/**
 * Ready for longer than minReadySeconds (podutil.IsPodAvailable): the transition time plus
 * minReadySeconds must lie strictly before now.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false
  if (minReadySeconds === 0) return true
  const since = podReadySinceMs(pod)
  return since !== undefined && since + minReadySeconds * 1000 < nowMs
}

/** What kubectl prints in the STATUS column (printPod in pkg/printers/internalversion/printers.go). */
export function podStatusReason(pod: Pod): string {
  let reason: string = pod.status.reason || pod.status.phase || 'Pending'
  let hasRunning = false
  const statuses = pod.status.containerStatuses ?? []
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]
    if (!c) continue
    if (c.state.waiting?.reason) reason = c.state.waiting.reason
    else if (c.state.terminated?.reason) reason = c.state.terminated.reason
    else if (c.state.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`
    else if (c.ready && c.state.running) hasRunning = true
  }
  if (reason === 'Completed' && hasRunning) reason = isPodReady(pod) ? 'Running' : 'NotReady'
  const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed'
  if (pod.metadata.deletionTimestamp && pod.status.reason === 'NodeLost') reason = 'Unknown'
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating'
  return reason
}

/** kubectl's READY column for a pod: ready containers / containers. */
export function podReadyColumn(pod: Pod): string {
  const ready = (pod.status.containerStatuses ?? []).filter(
    (c) => c.ready && c.state.running,
  ).length
  return `${ready}/${pod.spec.containers.length}`
}

/** Total container restarts, as kubectl's RESTARTS column counts them. */
export function podRestarts(pod: Pod): number {
  return (pod.status.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0)
}

/** When the pod's last restart happened: the newest lastState.terminated.finishedAt, in sim ms. */
export function podLastRestartMs(pod: Pod): number | undefined {
  let last: number | undefined
  for (const c of pod.status.containerStatuses ?? []) {
    const finishedAt = c.lastState.terminated?.finishedAt
    if (!finishedAt) continue
    const ms = fromTimestamp(finishedAt)
    if (last === undefined || ms > last) last = ms
  }
  return last
}

/**
 * kubectl's RESTARTS column (printPod): the count, and once there was a restart, how long ago the
 * last one ended, e.g. "3 (25s ago)".
 */
export function podRestartsColumn(pod: Pod, nowMs: number): string {
  const restarts = podRestarts(pod)
  const last = podLastRestartMs(pod)
  return restarts !== 0 && last !== undefined
    ? `${restarts} (${humanDuration(nowMs - last)} ago)`
    : String(restarts)
}
