/**
 * The kubelets of all nodes: each pod bound to a node walks through POD_STAGES. A watch event
 * schedules the stage the pod now stands at (once); when it fires and still applies, its effects
 * are written through the API, which moves the pod on to its next stage.
 */
import type { WatchEvent } from '../api/ObjectStore'
import type { Node } from '../model/node'
import { keyOf } from '../model/meta'
import type { Pod } from '../model/pod'
import type { Task } from '../kernel/TaskQueue'
import type { Controller, SimContext } from '../runtime/types'
import { emptyHostLocalState, releaseIP } from '../network/hostLocalIpam'
import type { NodeRuntime } from './kubeletState'
import type { StageContext } from './podStages'
import { POD_STAGES } from './podStages'

export const KUBELET = 'kubelet'

function nodeRuntime(ctx: SimContext, nodeName: string): NodeRuntime | undefined {
  return ctx.state.kubelet.nodes[nodeName]
}

function stageContext(ctx: SimContext, pod: Pod): StageContext | undefined {
  const nodeName = pod.spec.nodeName
  if (!nodeName) return undefined
  const node = ctx.store.get<Node>(`Node/${nodeName}`)
  const nodeRt = nodeRuntime(ctx, nodeName)
  if (!node || !nodeRt) return undefined
  const pods = ctx.state.kubelet.pods
  const rt = (pods[pod.metadata.uid] ??= { key: keyOf(pod), node: nodeName })
  return { ctx, pod, node, rt, nodeRt }
}

/** Schedules the stage the pod stands at, unless that very stage is already scheduled. */
function evaluate(ctx: SimContext, pod: Pod): void {
  const s = stageContext(ctx, pod)
  if (!s) return
  const stage = POD_STAGES.find((st) => st.selector(s))
  if (!stage) {
    delete s.rt.pending
    return
  }
  if (s.rt.pending?.stage === stage.name) return
  const delayMs = Math.max(0, Math.round(stage.delayMs(s)))
  s.rt.pending = { stage: stage.name, atMs: ctx.nowMs() + delayMs }
  ctx.schedule(delayMs, {
    handler: KUBELET,
    key: keyOf(pod),
    data: { uid: pod.metadata.uid, stage: stage.name },
  })
}

function runStage(ctx: SimContext, task: Task): void {
  const pod = ctx.store.get<Pod>(task.key)
  if (!pod || pod.metadata.uid !== task.data?.uid) return
  const s = stageContext(ctx, pod)
  if (!s || s.rt.pending?.stage !== task.data.stage || s.rt.pending?.atMs !== ctx.nowMs()) return
  delete s.rt.pending
  const stage = POD_STAGES.find((st) => st.name === task.data?.stage)
  if (stage?.selector(s)) stage.apply(s)
  const latest = ctx.store.get<Pod>(task.key)
  if (latest && latest.metadata.uid === pod.metadata.uid) evaluate(ctx, latest)
}

function onPodDeleted(ctx: SimContext, pod: Pod): void {
  const rt = ctx.state.kubelet.pods[pod.metadata.uid]
  delete ctx.state.kubelet.pods[pod.metadata.uid]
  // A force-deleted pod's sandbox is still torn down: CNI DEL frees its address.
  const nodeRt = rt ? nodeRuntime(ctx, rt.node) : undefined
  if (nodeRt && pod.status.podIP && nodeRt.ipam.reserved[pod.status.podIP] === pod.metadata.uid)
    releaseIP(nodeRt.ipam, pod.status.podIP)
}

function onWatch(ctx: SimContext, event: WatchEvent): void {
  if (event.object.kind === 'Pod') {
    const pod = event.object as Pod
    if (event.type === 'DELETED') onPodDeleted(ctx, pod)
    else if (pod.spec.nodeName) evaluate(ctx, pod)
  } else if (event.object.kind === 'Node') {
    const name = event.object.metadata.name
    if (event.type === 'DELETED') delete ctx.state.kubelet.nodes[name]
    else if (!ctx.state.kubelet.nodes[name]) {
      ctx.state.kubelet.nodes[name] = {
        ipam: emptyHostLocalState(),
        pulls: {},
        pullQueueFreeAtMs: 0,
      }
      for (const key of ctx.store.podsOn(name)) {
        const pod = ctx.store.get<Pod>(key)
        if (pod) evaluate(ctx, pod)
      }
    }
  }
}

export function createKubelet(): Controller {
  return { name: KUBELET, onWatch, run: runStage }
}
