/**
 * kube-controller-manager's range allocator (pkg/controller/nodeipam/ipam/cidrset/cidr_set.go):
 * hands out /24s of the cluster CIDR in index order, round-robin from the last one given.
 */
import { formatCidr, parseCidr, subnetAt } from './ipv4'

/** kubeadm's --pod-network-cidr for flannel, and the node mask it implies. */
export const CLUSTER_CIDR = '10.244.0.0/16'
export const NODE_CIDR_MASK_SIZE = 24

export interface PodCidrAllocatorState {
  nextCandidate: number
}

/** AllocateNext: the first free subnet at or after nextCandidate; undefined when all are taken. */
export function allocateNextPodCidr(
  state: PodCidrAllocatorState,
  used: ReadonlySet<string>,
): string | undefined {
  const cluster = parseCidr(CLUSTER_CIDR)
  const max = 2 ** (NODE_CIDR_MASK_SIZE - cluster.prefix)
  let candidate = state.nextCandidate
  for (let i = 0; i < max; i++) {
    const cidr = formatCidr(subnetAt(cluster, NODE_CIDR_MASK_SIZE, candidate))
    if (!used.has(cidr)) {
      state.nextCandidate = (candidate + 1) % max
      return cidr
    }
    candidate = (candidate + 1) % max
  }
  return undefined
}
