/** What the kubelets keep outside the API (node-local files and runtime state), saved in snapshots. */
import type { HostLocalState } from '../network/hostLocalIpam'

/** One node's runtime: its host-local IPAM store, image pulls in flight, whether cni0 exists. */
export interface NodeRuntime {
  ipam: HostLocalState
  /** Image → sim time its pull finishes (pulls run one at a time, serializeImagePulls). */
  pulls: Record<string, number>
  /** When the image pull queue frees up. */
  pullQueueFreeAtMs: number
  cni0: boolean
}

/** One pod's runtime on its node. */
export interface PodRuntime {
  key: string
  node: string
  /** The stage the kubelet will apply next and when, so a burst of pod events schedules it once. */
  pending?: { stage: string; atMs: number }
  /** When the probe workers started (their ticks are at probeStartMs + k × period). */
  probeStartMs?: number
  /** When the images this pod needs are on the node; the pull start time for the Pulled message. */
  pullDoneAtMs?: number
  pullStartedAtMs?: number
  /** How long the pull itself took (a pull that waited for the same image on the node is quick). */
  pullTookMs?: number
  pulledImages?: string[]
  killingSinceMs?: number
}

export interface KubeletState {
  nodes: Record<string, NodeRuntime>
  /** By pod uid. */
  pods: Record<string, PodRuntime>
}

export function emptyKubeletState(): KubeletState {
  return { nodes: {}, pods: {} }
}
