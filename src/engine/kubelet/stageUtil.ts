/** Small pieces the pod stages share: the event source, status writes, image presence and pulls. */
import type { Node } from '../model/node'
import type { Pod } from '../model/pod'
import type { SimContext } from '../runtime/types'
import { imageID, imageInfo, normalizeImage } from './images'
import type { StageContext } from './podStages'

/** The kubelet as the source of the events it records: `kubelet` on this node. */
export const source = (s: StageContext) => ({ component: 'kubelet', host: s.node.metadata.name })
/** The API server has set deletionTimestamp: the pod is shutting down. */
export const deleting = (pod: Pod) => pod.metadata.deletionTimestamp !== undefined
/** Succeeded or Failed: the kubelet will run nothing more in this pod. */
export const terminal = (pod: Pod) =>
  pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed'

/** format.Pod: how the kubelet names a pod in messages, `<name>_<namespace>(<uid>)`. */
export const formatPod = (pod: Pod) =>
  `${pod.metadata.name}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid})`

/** Random hex (container IDs), drawn from the simulation RNG. */
export function hex(ctx: SimContext, chars: number): string {
  let out = ''
  while (out.length < chars) out += ctx.rng.nextUint32().toString(16).padStart(8, '0')
  return out.slice(0, chars)
}

/** The status manager's write: the pod as the stage saw it, with a new status. */
export function writeStatus(s: StageContext, status: Pod['status']): void {
  s.ctx.api.updateStatus<Pod>({ ...s.pod, status })
}

/** Whether the node already has the image (the kubelet asks the runtime; we look at node status). */
export function imagePresent(node: Node, image: string): boolean {
  const full = normalizeImage(image)
  return node.status.images?.some((i) => i.names.includes(full)) ?? false
}

/** The pull policy decides (image_manager.go shouldPullImage): Always, or IfNotPresent and absent. */
export function needsPull(node: Node, pod: Pod, image: string): boolean {
  const policy =
    pod.spec.containers.find((c) => c.image === image)?.imagePullPolicy ?? 'IfNotPresent'
  if (policy === 'Never') return false
  return policy === 'Always' || !imagePresent(node, image)
}

/** Pull time: a second of registry round trips plus size at ~40 MB/s, ±20%. */
export function pullDurationMs(ctx: SimContext, image: string): number {
  const base = 800 + imageInfo(image).sizeBytes / 40_000
  return Math.round(base * (0.8 + 0.4 * ctx.rng.float()))
}

/** Adds pulled images to the node's status.images, as the kubelet's node status updater does. */
export function recordImagesOnNode(s: StageContext, images: readonly string[]): void {
  const node = s.ctx.store.get<Node>(`Node/${s.node.metadata.name}`)
  if (!node) return
  const list = [...(node.status.images ?? [])]
  let changed = false
  for (const image of images) {
    const full = normalizeImage(image)
    if (list.some((i) => i.names.includes(full))) continue
    list.push({ names: [imageID(image), full], sizeBytes: imageInfo(image).sizeBytes })
    changed = true
  }
  if (changed) s.ctx.api.updateStatus<Node>({ ...node, status: { ...node.status, images: list } })
}
