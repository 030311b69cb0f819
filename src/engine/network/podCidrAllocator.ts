/**
 * kube-controller-manager's range allocator (pkg/controller/nodeipam/ipam/cidrset/cidr_set.go):
 * hands out /24s of the cluster CIDR in index order, round-robin from the last one given.
 */
import { formatCidr, parseCidr, subnetAt } from '../model/ipv4'
import { CLUSTER_CIDR } from '../model/network/constants'

/** The node mask kube-controller-manager uses with kubeadm's --pod-network-cidr (a /16). */
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
