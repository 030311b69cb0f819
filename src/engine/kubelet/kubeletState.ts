/** What the kubelets keep outside the API (node-local files and runtime state), saved in snapshots. */
import type { HostLocalState } from '../network/hostLocalIpam'
import type { BackoffEntry } from './backoff'

/** One node's runtime: its host-local IPAM store and image pulls in flight. */
export interface NodeRuntime {
  ipam: HostLocalState
  /** Image → sim time its pull finishes (pulls run one at a time, serializeImagePulls). */
  pulls: Record<string, number>
  /** When the image pull queue frees up. */
  pullQueueFreeAtMs: number
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
  /** By container name: only for containers whose image fails (pull, crash or probes). */
  containers?: Record<string, ContainerRuntime>
}

/**
 * What the kubelet tracks for a container that goes wrong: its process's pending exit, the
 * kubelet's next look at it, its back-off entries and its probe workers' progress.
 */
export interface ContainerRuntime {
  /** The running process ends at this time, with this code and terminated reason. */
  exitAtMs?: number
  exitCode?: number
  exitReason?: string
  /** The pending exit is a kill after a failed liveness probe (restarted in the same sync). */
  killedByLiveness?: boolean
  /**
   * The exit the next restart measures its back-off from (doBackOff's newest exited container);
   * -1 when there was none, so the restart neither waits nor bumps the back-off.
   */
  backoffFromMs?: number
  /** When the last instance of this container exited. */
  lastExitAtMs?: number
  /** The kubelet's next sync of this container (PLEG relist after a change, or a resync). */
  syncAtMs?: number
  /** A retried image pull in flight ends (and fails) at this time. */
  pullDoneAtMs?: number
  restartBackoff?: BackoffEntry
  pullBackoff?: BackoffEntry
  /** The last probe ticks handled, and the run of results that counts toward the thresholds. */
  readinessTickMs?: number
  livenessTickMs?: number
  readinessSuccesses?: number
  livenessFailures?: number
}

export interface KubeletState {
  nodes: Record<string, NodeRuntime>
  /** By pod uid. */
  pods: Record<string, PodRuntime>
}

export function emptyKubeletState(): KubeletState {
  return { nodes: {}, pods: {} }
}
