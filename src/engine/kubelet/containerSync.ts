/**
 * The kubelet's pod sync for pods whose containers go wrong; pods whose images behave take the
 * plain stages and never get here, so they cost no periodic work. Three ways to go wrong:
 * - the image does not exist: ErrImagePull, then ImagePullBackOff, pulled again when the back-off
 *   ends (image_manager.go EnsureImageExists, kuberuntime_container.go startContainer);
 * - the process exits: restarted at once the first time, then after a back-off of 10 s, 20 s, ...
 *   300 s, waiting in CrashLoopBackOff meanwhile (kuberuntime_manager.go doBackOff);
 * - a probe fails: Unhealthy on every failed probe; readiness keeps the pod out of Ready, liveness
 *   kills the container after failureThreshold failures and it is restarted (prober/prober.go).
 * Each container keeps its timers in ContainerRuntime; the stage runs at the earliest and does what
 * is due, so a failing pod costs one task per exit, sync, pull or probe tick.
 *
 * Timing departs from upstream in one way: the kubelet acts when a back-off ends, where upstream
 * acts at its first pod sync after that (pod workers re-sync a backing-off pod every 10–15 s), so
 * restarts and pulls here come exactly 10, 20, 40 s ... apart, and up to ~15 s later upstream.
 */
import type { Container, ContainerStateTerminated, ContainerStatus, Pod } from '../model/pod'
import { fromTimestamp, toTimestamp } from '../model/time'
import { backoffEndsAtMs, isInBackOffSince, isInBackOffSinceUpdate, nextBackoff } from './backoff'
import { imageID, imageInfo, imagePullError, processExit } from './images'
import type { ContainerRuntime, PodRuntime } from './kubeletState'
import { goDuration, kubeletConditions, podPhase } from './podConditions'
import type { StageContext } from './podStages'
import { nextProbeTick, probeCanFail, probeFailure } from './probes'
import { formatPod, hex, needsPull, pullDurationMs, source, writeStatus } from './stageUtil'

/** pod_workers.go: a sync that ended in an error or back-off is tried again after 10 s, 50% jitter. */
const RESYNC_MS = 10_000
/** PLEG relists every second: how soon the kubelet looks again after an exit or a failed pull. */
const RELIST_MS: readonly [number, number] = [200, 1000]

/** Whether this container can go wrong at all: an image that does not pull, exits, or fails a probe. */
export function containerTroubled(c: Container): boolean {
  return (
    imagePullError(c.image) !== undefined ||
    processExit(c) !== undefined ||
    probeCanFail(c, c.readinessProbe) ||
    probeCanFail(c, c.livenessProbe)
  )
}

/** Whether the pod needs the failure machinery (otherwise the plain stages run it). */
export function podTroubled(pod: Pod): boolean {
  return pod.spec.containers.some(containerTroubled)
}

function runtimeOf(rt: PodRuntime, name: string): ContainerRuntime {
  return ((rt.containers ??= {})[name] ??= {})
}

const resyncDelayMs = (s: StageContext) => RESYNC_MS + s.ctx.rng.int(RESYNC_MS / 2)
const relistDelayMs = (s: StageContext) => s.ctx.rng.between(RELIST_MS[0], RELIST_MS[1])

function record(s: StageContext, type: 'Normal' | 'Warning', reason: string, message: string) {
  s.ctx.events.record(s.pod, type, reason, message, source(s))
}

/** The probe ticks due next for a running container: readiness until it passes, failing liveness. */
function probeTicks(
  s: StageContext,
  c: Container,
  st: ContainerStatus,
): { readiness?: number; liveness?: number } {
  const crt = s.rt.containers?.[c.name]
  const startedAt = fromTimestamp(st.state.running?.startedAt ?? '')
  const workerStart = s.rt.probeStartMs ?? startedAt
  const out: { readiness?: number; liveness?: number } = {}
  if (c.readinessProbe && (!st.ready || probeCanFail(c, c.readinessProbe)))
    out.readiness = nextProbeTick(c.readinessProbe, workerStart, startedAt, crt?.readinessTickMs)
  if (c.livenessProbe && probeCanFail(c, c.livenessProbe) && !crt?.killedByLiveness)
    out.liveness = nextProbeTick(c.livenessProbe, workerStart, startedAt, crt?.livenessTickMs)
  return out
}

/** When something is next due for this container, if anything is. */
function containerDueMs(s: StageContext, c: Container, st: ContainerStatus): number | undefined {
  const crt = s.rt.containers?.[c.name]
  if (!st.state.running) return crt?.pullDoneAtMs ?? crt?.syncAtMs
  const { readiness, liveness } = probeTicks(s, c, st)
  const times = [crt?.exitAtMs, readiness, liveness].filter((t): t is number => t !== undefined)
  return times.length > 0 ? Math.min(...times) : undefined
}

/** The earliest due time over the pod's containers; undefined when nothing is pending. */
export function podDueMs(s: StageContext): number | undefined {
  let due: number | undefined
  for (const st of s.pod.status.containerStatuses ?? []) {
    const c = s.pod.spec.containers.find((x) => x.name === st.name)
    const t = c ? containerDueMs(s, c, st) : undefined
    if (t !== undefined && (due === undefined || t < due)) due = t
  }
  return due
}

/** Arms the process's own exit, for images whose process ends by itself. */
export function scheduleExit(s: StageContext, c: Container, nowMs: number): void {
  const exit = processExit(c)
  if (!exit) return
  const crt = runtimeOf(s.rt, c.name)
  crt.exitAtMs = nowMs + s.ctx.rng.between(exit.afterMs[0], exit.afterMs[1])
  crt.exitCode = exit.exitCode
  crt.exitReason = exit.reason
}

/**
 * A pull that failed: Failed with containerd's error, Failed "Error: ErrImagePull"; the back-off
 * grows and the kubelet looks again shortly (then finds the image in back-off).
 */
export function pullFailed(s: StageContext, c: Container, st: ContainerStatus): ContainerStatus {
  const nowMs = s.ctx.nowMs()
  const crt = runtimeOf(s.rt, c.name)
  delete crt.pullDoneAtMs
  const error = imagePullError(c.image) ?? 'not found'
  record(s, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${error}`)
  record(s, 'Warning', 'Failed', 'Error: ErrImagePull')
  crt.pullBackoff = nextBackoff(crt.pullBackoff, nowMs, nowMs)
  crt.syncAtMs = nowMs + relistDelayMs(s)
  return {
    ...st,
    ready: false,
    started: false,
    state: { waiting: { reason: 'ErrImagePull', message: error } },
  }
}

/** A sync of a container whose image is missing: report the back-off, or pull again once it ended. */
function pullOrBackOff(s: StageContext, c: Container, st: ContainerStatus): ContainerStatus {
  const nowMs = s.ctx.nowMs()
  const crt = runtimeOf(s.rt, c.name)
  const entry = crt.pullBackoff
  if (entry && isInBackOffSinceUpdate(entry, nowMs)) {
    const message = `Back-off pulling image "${c.image}"`
    record(s, 'Normal', 'BackOff', message)
    record(s, 'Warning', 'Failed', 'Error: ImagePullBackOff')
    crt.syncAtMs = Math.min(nowMs + resyncDelayMs(s), entry.lastUpdateMs + entry.delayMs)
    return { ...st, state: { waiting: { reason: 'ImagePullBackOff', message } } }
  }
  record(s, 'Normal', 'Pulling', `Pulling image "${c.image}"`)
  // Pulls on a node run one at a time (serializeImagePulls), failing ones included.
  const startAt = Math.max(nowMs, s.nodeRt.pullQueueFreeAtMs)
  crt.pullDoneAtMs = startAt + pullDurationMs(s.ctx, c.image)
  s.nodeRt.pullQueueFreeAtMs = crt.pullDoneAtMs
  delete crt.syncAtMs
  return st
}

/** The process ended (by itself, or after the kill of a failed liveness probe). */
function exitContainer(s: StageContext, c: Container, st: ContainerStatus): ContainerStatus {
  const crt = runtimeOf(s.rt, c.name)
  const atMs = crt.exitAtMs ?? s.ctx.nowMs()
  const terminated: ContainerStateTerminated = {
    exitCode: crt.exitCode ?? 0,
    reason: crt.exitReason ?? 'Completed',
    ...(st.state.running?.startedAt ? { startedAt: st.state.running.startedAt } : {}),
    finishedAt: toTimestamp(atMs),
    ...(st.containerID ? { containerID: st.containerID } : {}),
  }
  const previousExitMs = crt.lastExitAtMs
  crt.lastExitAtMs = atMs
  if (crt.killedByLiveness) {
    // Killed and started again in one SyncPod, whose podStatus still holds the previous exit.
    crt.backoffFromMs = previousExitMs ?? -1
    crt.syncAtMs = atMs
  } else {
    crt.backoffFromMs = atMs
    crt.syncAtMs = atMs + relistDelayMs(s)
  }
  delete crt.exitAtMs
  delete crt.exitCode
  delete crt.exitReason
  delete crt.killedByLiveness
  return { ...st, ready: false, started: false, state: { terminated } }
}

/** Starts the container again: the image check, Created, Started; restartCount goes up. */
function restartContainer(
  s: StageContext,
  c: Container,
  st: ContainerStatus,
  last: ContainerStateTerminated,
): ContainerStatus {
  const { ctx, pod, node } = s
  const nowMs = ctx.nowMs()
  if (needsPull(node, pod, c.image)) {
    // imagePullPolicy Always pulls on every start; the layers are there, so it is quick.
    const tookMs = ctx.rng.between(300, 900)
    record(s, 'Normal', 'Pulling', `Pulling image "${c.image}"`)
    record(
      s,
      'Normal',
      'Pulled',
      `Successfully pulled image "${c.image}" in ${goDuration(tookMs)} (${goDuration(tookMs)} including waiting). Image size: ${imageInfo(c.image).sizeBytes} bytes.`,
    )
  } else {
    record(s, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`)
  }
  record(s, 'Normal', 'Created', `Created container: ${c.name}`)
  record(s, 'Normal', 'Started', `Started container ${c.name}`)
  const crt = runtimeOf(s.rt, c.name)
  crt.readinessSuccesses = 0
  crt.livenessFailures = 0
  scheduleExit(s, c, nowMs)
  return {
    name: c.name,
    image: c.image,
    imageID: imageID(c.image),
    containerID: `containerd://${hex(ctx, 64)}`,
    ready: !c.readinessProbe,
    started: true,
    restartCount: st.restartCount + 1,
    state: { running: { startedAt: toTimestamp(nowMs) } },
    lastState: { terminated: last },
  }
}

/**
 * doBackOff for a stopped container: restart it, or wait in CrashLoopBackOff with a BackOff
 * event. Whether restarting at all is restartPolicy's call (Always; OnFailure for a non-zero code).
 */
function restartOrBackOff(s: StageContext, c: Container, st: ContainerStatus): ContainerStatus {
  const nowMs = s.ctx.nowMs()
  const crt = runtimeOf(s.rt, c.name)
  const last = st.state.terminated ?? st.lastState.terminated
  if (!last) {
    delete crt.syncAtMs
    return st
  }
  const policy = s.pod.spec.restartPolicy ?? 'Always'
  if (policy === 'Never' || (policy === 'OnFailure' && last.exitCode === 0)) {
    delete crt.syncAtMs
    return st
  }
  const fromMs = crt.backoffFromMs ?? fromTimestamp(last.finishedAt ?? '')
  const entry = crt.restartBackoff
  if (fromMs >= 0 && entry && isInBackOffSince(entry, fromMs, nowMs)) {
    const pod = formatPod(s.pod)
    record(s, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod}`)
    crt.syncAtMs = Math.min(nowMs + resyncDelayMs(s), backoffEndsAtMs(entry, fromMs))
    const message = `back-off ${goDuration(entry.delayMs)} restarting failed container=${c.name} pod=${pod}`
    return {
      ...st,
      ready: false,
      started: false,
      state: { waiting: { reason: 'CrashLoopBackOff', message } },
      lastState: { terminated: last },
    }
  }
  if (fromMs >= 0) crt.restartBackoff = nextBackoff(entry, fromMs, nowMs)
  delete crt.syncAtMs
  delete crt.backoffFromMs
  return restartContainer(s, c, st, last)
}

/** One readiness probe: Unhealthy on failure; Ready after successThreshold passes in a row. */
function readinessTick(
  s: StageContext,
  c: Container,
  st: ContainerStatus,
  tickMs: number,
): ContainerStatus {
  const crt = runtimeOf(s.rt, c.name)
  crt.readinessTickMs = tickMs
  const probe = c.readinessProbe
  if (!probe) return st
  const failure = probeFailure(s.pod, c, probe)
  if (failure) {
    record(s, 'Warning', 'Unhealthy', `Readiness probe failed: ${failure}`)
    crt.readinessSuccesses = 0
    return st
  }
  crt.readinessSuccesses = (crt.readinessSuccesses ?? 0) + 1
  return crt.readinessSuccesses >= (probe.successThreshold ?? 1) ? { ...st, ready: true } : st
}

/** One liveness probe: Unhealthy on failure; after failureThreshold in a row, Killing. */
function livenessTick(s: StageContext, c: Container, tickMs: number): void {
  const crt = runtimeOf(s.rt, c.name)
  crt.livenessTickMs = tickMs
  const probe = c.livenessProbe
  if (!probe) return
  const failure = probeFailure(s.pod, c, probe)
  if (!failure) {
    crt.livenessFailures = 0
    return
  }
  record(s, 'Warning', 'Unhealthy', `Liveness probe failed: ${failure}`)
  crt.livenessFailures = (crt.livenessFailures ?? 0) + 1
  if (crt.livenessFailures < (probe.failureThreshold ?? 3)) return
  crt.livenessFailures = 0
  record(s, 'Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`)
  // SIGTERM: a process that honours it exits 0 at once; one that ignores it is SIGKILLed (137).
  const prompt = imageInfo(c.image).exitsOnSigterm
  const graceMs = (s.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000
  const exitAtMs = s.ctx.nowMs() + (prompt ? s.ctx.rng.between(300, 1200) : graceMs)
  if (crt.exitAtMs !== undefined && crt.exitAtMs <= exitAtMs) return
  crt.exitAtMs = exitAtMs
  crt.exitCode = prompt ? 0 : 137
  crt.exitReason = prompt ? 'Completed' : 'Error'
  crt.killedByLiveness = true
}

/** Does the earliest thing due for one container; each call moves that container's clock on. */
function stepContainer(s: StageContext, c: Container, st: ContainerStatus): ContainerStatus {
  const nowMs = s.ctx.nowMs()
  const crt = runtimeOf(s.rt, c.name)
  if (st.state.running) {
    if (crt.exitAtMs !== undefined && crt.exitAtMs <= nowMs) return exitContainer(s, c, st)
    const { readiness, liveness } = probeTicks(s, c, st)
    if (
      readiness !== undefined &&
      readiness <= nowMs &&
      (liveness === undefined || readiness <= liveness)
    )
      return readinessTick(s, c, st, readiness)
    if (liveness !== undefined && liveness <= nowMs) livenessTick(s, c, liveness)
    return st
  }
  if (crt.pullDoneAtMs !== undefined) return crt.pullDoneAtMs <= nowMs ? pullFailed(s, c, st) : st
  if (crt.syncAtMs === undefined || crt.syncAtMs > nowMs) return st
  const stopped = st.state.terminated || st.state.waiting?.reason === 'CrashLoopBackOff'
  return stopped ? restartOrBackOff(s, c, st) : pullOrBackOff(s, c, st)
}

/** The 'containers' stage: everything due now, for every container, then one status write. */
export function syncContainers(s: StageContext): void {
  const nowMs = s.ctx.nowMs()
  const statuses = [...(s.pod.status.containerStatuses ?? [])]
  for (let i = 0; i < statuses.length; i++) {
    let st = statuses[i] as ContainerStatus
    const c = s.pod.spec.containers.find((x) => x.name === st.name)
    if (!c) continue
    for (let due = containerDueMs(s, c, st); due !== undefined && due <= nowMs;) {
      st = stepContainer(s, c, st)
      const next = containerDueMs(s, c, st)
      // Every step moves a clock forward; standing still would loop at this instant for ever.
      if (next !== undefined && next <= due && next <= nowMs && st === statuses[i])
        throw new Error(`kubelet: container ${c.name} of ${s.pod.metadata.name} made no progress`)
      statuses[i] = st
      due = next
    }
  }
  const { pod } = s
  writeStatus(s, {
    ...pod.status,
    phase: podPhase(pod, statuses),
    containerStatuses: statuses,
    conditions: kubeletConditions(pod, statuses, true, nowMs),
  })
}
