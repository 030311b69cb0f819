/** How a pod looks: one of a few visual states, each with a colour and a shape (never colour alone). */
import type { KubeObject } from '../engine'
import type { ContainerStatus, Pod } from '../engine/model/pod'
import { isPodReady, podStatusReason } from '../engine/model/podStatus'
import type { MessageKey } from './i18n/translate'

export type PodLook = 'pending' | 'creating' | 'running' | 'ready' | 'terminating' | 'failed'

const FAILING = new Set([
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'Error',
  'CreateContainerConfigError',
  'InvalidImageName',
  'OOMKilled',
])

export function podLook(object: KubeObject): PodLook {
  const pod = object as Pod
  const reason = podStatusReason(pod)
  if (reason === 'Terminating') return 'terminating'
  if (FAILING.has(reason) || pod.status.phase === 'Failed') return 'failed'
  if (isPodReady(pod)) return 'ready'
  if (pod.status.phase === 'Running') return 'running'
  if (pod.spec.nodeName && pod.status.containerStatuses) return 'creating'
  return 'pending'
}

export const LOOK_LABEL: Record<PodLook, MessageKey> = {
  pending: 'podPending',
  creating: 'podCreating',
  running: 'podRunning',
  ready: 'podReady',
  terminating: 'podTerminating',
  failed: 'podFailed',
}

/** Tailwind classes per state: kube-ops-view's colours, plus a border style and an icon for shape. */
export const LOOK_CLASS: Record<PodLook, string> = {
  pending: 'border-amber-500 border-dashed bg-amber-50 text-amber-900',
  creating: 'border-amber-500 bg-amber-100 text-amber-900',
  running: 'border-emerald-500 bg-emerald-50 text-emerald-900 pod-pulse',
  ready: 'border-emerald-600 bg-emerald-500 text-white',
  terminating: 'border-slate-400 border-dotted bg-slate-100 text-slate-500 opacity-60',
  failed: 'border-red-600 bg-red-100 text-red-900',
}

export const LOOK_ICON: Record<PodLook, string> = {
  pending: '○',
  creating: '◔',
  running: '◑',
  ready: '●',
  terminating: '✕',
  failed: '▲',
}

/** How one container of a pod looks: its state by colour, for the chip and the netns row. */
export type ContainerLook = 'ready' | 'running' | 'waiting' | 'failed' | 'done'

/** A container's look from its status; no status yet (not created) is waiting. */
export function containerLook(status: ContainerStatus | undefined): ContainerLook {
  const state = status?.state
  if (state?.running) return status?.ready ? 'ready' : 'running'
  if (state?.terminated)
    return state.terminated.exitCode === 0 && state.terminated.reason !== 'OOMKilled'
      ? 'done'
      : 'failed'
  return FAILING.has(state?.waiting?.reason ?? '') ? 'failed' : 'waiting'
}

export const CONTAINER_LOOK_LABEL: Record<ContainerLook, MessageKey> = {
  ready: 'containerReady',
  running: 'containerRunning',
  waiting: 'containerWaiting',
  failed: 'containerFailed',
  done: 'containerDone',
}

export const CONTAINER_LOOK_CLASS: Record<ContainerLook, string> = {
  ready: 'bg-emerald-700',
  running: 'bg-emerald-300',
  waiting: 'bg-amber-400',
  failed: 'bg-red-600',
  done: 'bg-slate-400',
}

/** Each app container of a pod with its status (matched by name) and look. */
export function podContainers(pod: Pod): { name: string; look: ContainerLook; reason: string }[] {
  return pod.spec.containers.map((c) => {
    const status = pod.status.containerStatuses?.find((s) => s.name === c.name)
    const state = status?.state
    return {
      name: c.name,
      look: containerLook(status),
      reason: state?.waiting?.reason ?? state?.terminated?.reason ?? '',
    }
  })
}
