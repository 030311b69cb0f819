/**
 * A pod's life on its node as declarative stages, the way kwok describes kubelets: each stage has
 * a selector (does the pod stand at this point?), a delay with seeded jitter, and what it changes.
 * The kubelet applies the first stage whose selector matches; its effects make the next one match.
 */
import type { Node } from '../model/node'
import type { ContainerStatus, Pod } from '../model/pod'
import { isPodReady } from '../model/podStatus'
import { fromTimestamp, toTimestamp } from '../model/time'
import type { SimContext } from '../runtime/types'
import { IpamError, allocateIP, releaseIP } from '../network/hostLocalIpam'
import { markCni0 } from '../network/flannel'
import { nodeInternalIP } from '../model/node'
import { imageID, imageInfo, imagePullError } from './images'
import type { NodeRuntime, PodRuntime } from './kubeletState'
import { goDuration, kubeletConditions, podPhase } from './podConditions'
import { podDueMs, podTroubled, pullFailed, scheduleExit, syncContainers } from './containerSync'
import {
  deleting,
  hex,
  needsPull,
  pullDurationMs,
  recordImagesOnNode,
  source,
  terminal,
  writeStatus,
} from './stageUtil'

export interface StageContext {
  ctx: SimContext
  pod: Pod
  node: Node
  rt: PodRuntime
  nodeRt: NodeRuntime
}

export interface PodStage {
  name: string
  /** Whether the pod is at this stage. */
  selector: (s: StageContext) => boolean
  /** How long the stage takes, in sim ms (drawn when the stage is scheduled). */
  delayMs: (s: StageContext) => number
  /** What the stage changes. */
  apply: (s: StageContext) => void
}

function waitingStatuses(pod: Pod): ContainerStatus[] {
  return pod.spec.containers.map((c) => ({
    name: c.name,
    image: c.image,
    imageID: '',
    ready: false,
    started: false,
    restartCount: 0,
    state: { waiting: { reason: 'ContainerCreating' } },
    lastState: {},
  }))
}

/** The first probe tick at or after `fromMs` for a worker started at startMs with this period. */
function nextTick(startMs: number, periodMs: number, fromMs: number): number {
  if (fromMs <= startMs) return startMs
  return startMs + Math.ceil((fromMs - startMs) / periodMs) * periodMs
}

export const POD_STAGES: readonly PodStage[] = [
  {
    // The kubelet admits the pod and starts creating its sandbox: kubectl shows ContainerCreating.
    name: 'accept',
    selector: ({ pod }) => !deleting(pod) && !terminal(pod) && !pod.status.containerStatuses,
    delayMs: ({ ctx }) => ctx.rng.between(50, 150),
    apply: (s) => {
      const nowMs = s.ctx.nowMs()
      s.rt.probeStartMs = nowMs
      const hostIP = nodeInternalIP(s.node)
      const statuses = waitingStatuses(s.pod)
      writeStatus(s, {
        ...s.pod.status,
        phase: 'Pending',
        conditions: kubeletConditions(s.pod, statuses, false, nowMs),
        ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
        startTime: toTimestamp(nowMs),
        containerStatuses: statuses,
      })
    },
  },
  {
    // RunPodSandbox: the pause container starts, CNI ADD gives the pod its IP (host-local), image pulls begin.
    name: 'sandbox',
    selector: ({ pod }) =>
      !deleting(pod) && !terminal(pod) && !!pod.status.containerStatuses && !pod.status.podIP,
    delayMs: ({ ctx }) => ctx.rng.between(300, 700),
    apply: (s) => {
      const { ctx, pod, node, nodeRt, rt } = s
      const nowMs = ctx.nowMs()
      let podIP: string
      try {
        if (!node.spec.podCIDR)
          throw new IpamError(`node "${node.metadata.name}" pod cidr not assigned`)
        podIP = allocateIP(nodeRt.ipam, node.spec.podCIDR, pod.metadata.uid)
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        ctx.events.record(
          pod,
          'Warning',
          'FailedCreatePodSandBox',
          `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="flannel" failed (add): ${message}`,
          source(s),
        )
        return
      }
      markCni0(ctx.state.network, node.metadata.name)
      const toPull = [...new Set(pod.spec.containers.map((c) => c.image))].filter((image) =>
        needsPull(node, pod, image),
      )
      let doneAt = nowMs
      let tookMs = 0
      for (const image of toPull) {
        const inFlight = nodeRt.pulls[image]
        if (inFlight !== undefined && inFlight > nowMs) {
          // Pulls are serialised: this one waits for the same image, then finds its layers present.
          const quick = ctx.rng.between(80, 300)
          doneAt = Math.max(doneAt, inFlight + quick)
          tookMs += quick
        } else {
          const startAt = Math.max(nowMs, nodeRt.pullQueueFreeAtMs)
          const duration = pullDurationMs(ctx, image)
          nodeRt.pulls[image] = startAt + duration
          nodeRt.pullQueueFreeAtMs = startAt + duration
          doneAt = Math.max(doneAt, startAt + duration)
          tookMs += duration
        }
        ctx.events.record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, source(s))
      }
      rt.pullStartedAtMs = nowMs
      rt.pullTookMs = tookMs
      rt.pullDoneAtMs = doneAt
      rt.pulledImages = toPull
      writeStatus(s, {
        ...pod.status,
        podIP,
        podIPs: [{ ip: podIP }],
        conditions: kubeletConditions(pod, pod.status.containerStatuses ?? [], true, nowMs),
      })
    },
  },
  {
    // Images are there: create and start the containers (Pulled, Created, Started). An image the
    // registry lacks fails instead: Failed, "Error: ErrImagePull", and the pod stays Pending.
    name: 'start',
    selector: ({ pod }) =>
      !deleting(pod) &&
      !!pod.status.podIP &&
      (pod.status.containerStatuses ?? []).some(
        (c) => c.state.waiting?.reason === 'ContainerCreating',
      ),
    delayMs: ({ ctx, rt }) =>
      Math.max(0, (rt.pullDoneAtMs ?? ctx.nowMs()) - ctx.nowMs()) + ctx.rng.between(100, 300),
    apply: (s) => {
      const { ctx, pod, rt } = s
      const nowMs = ctx.nowMs()
      const pulled = new Set(rt.pulledImages ?? [])
      const missing = new Set(pod.spec.containers.map((c) => c.image).filter(imagePullError))
      for (const image of pulled) {
        if (missing.has(image)) continue
        const tookMs = Math.max(1, Math.round((rt.pullTookMs ?? 0) / pulled.size))
        const waitedMs = Math.max(
          tookMs,
          (rt.pullDoneAtMs ?? nowMs) - (rt.pullStartedAtMs ?? nowMs),
        )
        ctx.events.record(
          pod,
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${goDuration(tookMs)} (${goDuration(waitedMs)} including waiting). Image size: ${imageInfo(image).sizeBytes} bytes.`,
          source(s),
        )
      }
      recordImagesOnNode(
        s,
        [...pulled].filter((image) => !missing.has(image)),
      )
      const current = pod.status.containerStatuses ?? []
      const statuses: ContainerStatus[] = pod.spec.containers.map((c, i) => {
        const waiting = current.find((st) => st.name === c.name) ?? current[i]
        if (missing.has(c.image) && waiting) return pullFailed(s, c, waiting)
        if (!pulled.has(c.image))
          ctx.events.record(
            pod,
            'Normal',
            'Pulled',
            `Container image "${c.image}" already present on machine`,
            source(s),
          )
        ctx.events.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, source(s))
        ctx.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`, source(s))
        const status: ContainerStatus = {
          name: c.name,
          image: c.image,
          imageID: imageID(c.image),
          containerID: `containerd://${hex(ctx, 64)}`,
          ready: !c.readinessProbe,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: toTimestamp(nowMs) } },
          lastState: {},
        }
        scheduleExit(s, c, nowMs)
        return status
      })
      delete rt.pulledImages
      delete rt.pullTookMs
      writeStatus(s, {
        ...pod.status,
        phase: podPhase(pod, statuses),
        containerStatuses: statuses,
        conditions: kubeletConditions(pod, statuses, true, nowMs),
      })
    },
  },
  {
    // The readiness probe passes successThreshold times in a row, at the probe worker's ticks.
    name: 'ready',
    selector: ({ pod }) =>
      !deleting(pod) &&
      pod.status.phase === 'Running' &&
      !isPodReady(pod) &&
      (pod.status.containerStatuses ?? []).some((c) => !c.ready && c.state.running) &&
      !podTroubled(pod),
    delayMs: ({ ctx, pod, rt }) => {
      let due = ctx.nowMs()
      for (const status of pod.status.containerStatuses ?? []) {
        const probe = pod.spec.containers.find((c) => c.name === status.name)?.readinessProbe
        if (status.ready || !status.state.running || !probe) continue
        const periodMs = (probe.periodSeconds ?? 10) * 1000
        const started = fromTimestamp(status.state.running.startedAt ?? '')
        const first = nextTick(
          rt.probeStartMs ?? started,
          periodMs,
          started + (probe.initialDelaySeconds ?? 0) * 1000,
        )
        due = Math.max(due, first + ((probe.successThreshold ?? 1) - 1) * periodMs)
      }
      return due - ctx.nowMs() + ctx.rng.between(5, 30)
    },
    apply: (s) => {
      const nowMs = s.ctx.nowMs()
      const statuses = (s.pod.status.containerStatuses ?? []).map((c) =>
        c.state.running ? { ...c, ready: true } : c,
      )
      writeStatus(s, {
        ...s.pod.status,
        containerStatuses: statuses,
        conditions: kubeletConditions(s.pod, statuses, true, nowMs),
      })
    },
  },
  {
    // A pod with a container that goes wrong: exits, restarts after back-off, pulls retried,
    // probes that fail (containerSync.ts). Healthy pods never match, so they cost no ticks.
    name: 'containers',
    selector: (s) =>
      podTroubled(s.pod) &&
      !deleting(s.pod) &&
      !terminal(s.pod) &&
      !!s.pod.status.podIP &&
      !(s.pod.status.containerStatuses ?? []).some(
        (c) => c.state.waiting?.reason === 'ContainerCreating',
      ) &&
      podDueMs(s) !== undefined,
    delayMs: (s) => (podDueMs(s) ?? s.ctx.nowMs()) - s.ctx.nowMs(),
    apply: syncContainers,
  },
  {
    // Graceful deletion seen: SIGTERM to every running container (Killing).
    name: 'kill',
    selector: ({ pod, rt }) => deleting(pod) && !terminal(pod) && rt.killingSinceMs === undefined,
    delayMs: ({ ctx }) => ctx.rng.between(10, 60),
    apply: (s) => {
      s.rt.killingSinceMs = s.ctx.nowMs()
      for (const c of s.pod.status.containerStatuses ?? []) {
        if (c.state.running)
          s.ctx.events.record(s.pod, 'Normal', 'Killing', `Stopping container ${c.name}`, source(s))
      }
    },
  },
  {
    // The containers exit (or are SIGKILLed at the end of the grace period); the sandbox goes and
    // CNI DEL releases the IP; the pod ends in a terminal phase.
    name: 'exited',
    selector: ({ pod, rt }) => deleting(pod) && !terminal(pod) && rt.killingSinceMs !== undefined,
    delayMs: ({ ctx, pod, rt }) => {
      const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000
      const running = (pod.status.containerStatuses ?? []).filter((c) => c.state.running)
      const prompt = running.every((c) => imageInfo(c.image).exitsOnSigterm)
      const exitMs = prompt ? ctx.rng.between(300, 1200) : graceMs
      return Math.max(
        0,
        Math.min(exitMs, graceMs) - (ctx.nowMs() - (rt.killingSinceMs ?? ctx.nowMs())),
      )
    },
    apply: (s) => {
      const { ctx, pod, nodeRt } = s
      const nowMs = ctx.nowMs()
      const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000
      const killed = nowMs - (s.rt.killingSinceMs ?? nowMs) >= graceMs && graceMs > 0
      const statuses: ContainerStatus[] = (pod.status.containerStatuses ?? []).map((c) => ({
        ...c,
        ready: false,
        started: false,
        state: {
          terminated: {
            exitCode: killed ? 137 : 0,
            reason: killed ? 'Error' : 'Completed',
            ...(c.state.running?.startedAt ? { startedAt: c.state.running.startedAt } : {}),
            finishedAt: toTimestamp(nowMs),
            ...(c.containerID ? { containerID: c.containerID } : {}),
          },
        },
      }))
      if (pod.status.podIP) releaseIP(nodeRt.ipam, pod.status.podIP)
      const anyStarted = (pod.status.containerStatuses ?? []).some((c) => c.state.running)
      writeStatus(s, {
        ...pod.status,
        phase: killed || !anyStarted ? 'Failed' : 'Succeeded',
        containerStatuses: statuses,
        conditions: kubeletConditions(pod, statuses, false, nowMs),
      })
    },
  },
  {
    // The kubelet's status manager deletes a finished, deleted pod for good.
    name: 'remove',
    selector: ({ pod }) => deleting(pod) && terminal(pod),
    delayMs: ({ ctx }) => ctx.rng.between(20, 100),
    apply: (s) => {
      const { ctx, pod, nodeRt } = s
      if (pod.status.podIP && nodeRt.ipam.reserved[pod.status.podIP] === pod.metadata.uid)
        releaseIP(nodeRt.ipam, pod.status.podIP)
      ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 })
    },
  },
]
