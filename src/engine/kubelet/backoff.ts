/**
 * The kubelet's two back-offs, as client-go's util/flowcontrol.Backoff computes them: one per
 * container for restarts (CrashLoopBackOff), one per pod and image for pulls (ImagePullBackOff).
 * Both start at 10 s, double on every failure and stop at 300 s (pkg/kubelet/kubelet.go
 * backOffPeriod and MaxImageBackOff; MaxContainerBackOff, which moved to
 * pkg/kubelet/apis/config/v1beta1/defaults.go with KEP-4603); an entry left alone for twice the cap
 * is forgotten, which is the "reset after 10 minutes of clean running". The kubelet builds them
 * with flowcontrol.NewBackOff, without jitter, so the delays read exactly 10s, 20s, 40s, 1m20s,
 * 2m40s, 5m0s, as "back-off 5m0s restarting failed container" in real clusters shows.
 */

/** The first delay (backOffPeriod). */
export const INITIAL_BACKOFF_MS = 10_000
/** The cap (MaxContainerBackOff, MaxImageBackOff). */
export const MAX_BACKOFF_MS = 300_000

/** One flowcontrol.Backoff entry: the current delay and when it was last bumped. */
export interface BackoffEntry {
  delayMs: number
  lastUpdateMs: number
}

/** hasExpired: the entry was not bumped for more than twice the cap before eventTime. */
function hasExpired(eventTimeMs: number, lastUpdateMs: number): boolean {
  return eventTimeMs - lastUpdateMs > MAX_BACKOFF_MS * 2
}

/** Backoff.Next: the first failure (or the first after a long quiet) starts at 10 s, then doubles. */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  eventTimeMs: number,
  nowMs: number,
): BackoffEntry {
  if (!entry || hasExpired(eventTimeMs, entry.lastUpdateMs))
    return { delayMs: INITIAL_BACKOFF_MS, lastUpdateMs: nowMs }
  return { delayMs: Math.min(entry.delayMs * 2, MAX_BACKOFF_MS), lastUpdateMs: nowMs }
}

/**
 * Backoff.IsInBackOffSince(id, eventTime): whether less than the delay has passed since eventTime
 * (for restarts, the exited container's finishedAt: kuberuntime_manager.go doBackOff).
 */
export function isInBackOffSince(
  entry: BackoffEntry | undefined,
  eventTimeMs: number,
  nowMs: number,
): boolean {
  if (!entry || hasExpired(eventTimeMs, entry.lastUpdateMs)) return false
  return nowMs - eventTimeMs < entry.delayMs
}

/**
 * Backoff.IsInBackOffSinceUpdate(id, now): whether less than the delay has passed since the last
 * failure (image_manager.go EnsureImageExists, before it pulls again).
 */
export function isInBackOffSinceUpdate(entry: BackoffEntry | undefined, nowMs: number): boolean {
  if (!entry || hasExpired(nowMs, entry.lastUpdateMs)) return false
  return nowMs - entry.lastUpdateMs < entry.delayMs
}

/** When a back-off measured from eventTime ends (the kubelet acts at its first sync from then on). */
export function backoffEndsAtMs(entry: BackoffEntry, eventTimeMs: number): number {
  return eventTimeMs + entry.delayMs
}
