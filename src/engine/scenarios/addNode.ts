/**
 * A node joining the cluster the way kubeadm join leaves it: the kubelet registers the Node, the
 * node IPAM controller gives it the next podCIDR, flannel marks the network up, and it is Ready.
 */
import type { Node } from '../model/node'
import type { SimulationCore } from '../runtime/Simulation'
import { allocateNextPodCidr } from '../network/podCidrAllocator'
import { toTimestamp } from '../model/time'
import { parseQuantity } from '../model/quantity'
import { KUBELET_VERSION } from '../commands/kubectl/printers'

export interface NodeSpecInput {
  name: string
  controlPlane?: boolean
  ip?: string
  cpu?: string
  memory?: string
  pods?: number
}

/** kubelet's default hard eviction threshold (memory.available<100Mi) comes off allocatable. */
const EVICTION_RESERVE_KI = 100 * 1024

/** The next free address on the node LAN (192.168.1.11 for the first node, as in the spec's fixture). */
function nextNodeIP(core: SimulationCore): string {
  const used = new Set<string>()
  for (const n of core.store.list<Node>('Node'))
    for (const a of n.status.addresses) used.add(a.address)
  for (let i = 11; ; i++) {
    const ip = i < 255 ? `192.168.1.${i}` : `192.168.${1 + Math.floor(i / 254)}.${(i % 254) + 1}`
    if (!used.has(ip)) return ip
  }
}

export function addNode(core: SimulationCore, input: NodeSpecInput): Node {
  const nowMs = core.simTimeMs
  const t = toTimestamp(nowMs)
  const used = new Set(
    [...core.store.list<Node>('Node')].map((n) => n.spec.podCIDR).filter((c): c is string => !!c),
  )
  const podCIDR = allocateNextPodCidr(core.ctx.state.nodeIpam, used)
  const ip = input.ip ?? nextNodeIP(core)
  const cpu = input.cpu ?? '4'
  const memoryKi = Math.round(parseQuantity(input.memory ?? '8Gi') / 1024)
  const pods = String(input.pods ?? 110)
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
    reason,
    message,
  })
  return core.api.create<Node>({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': input.name,
        'kubernetes.io/os': 'linux',
        ...(input.controlPlane
          ? {
              'node-role.kubernetes.io/control-plane': '',
              'node.kubernetes.io/exclude-from-external-load-balancers': '',
            }
          : {}),
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      ...(podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {}),
      ...(input.controlPlane
        ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      capacity: { cpu, 'ephemeral-storage': '61202244Ki', memory: `${memoryKi}Ki`, pods },
      allocatable: {
        cpu,
        'ephemeral-storage': '56403987978',
        memory: `${memoryKi - EVICTION_RESERVE_KI}Ki`,
        pods,
      },
      conditions: [
        condition('NetworkUnavailable', 'False', 'FlannelIsUp', 'Flannel is running on this node'),
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition(
          'DiskPressure',
          'False',
          'KubeletHasNoDiskPressure',
          'kubelet has no disk pressure',
        ),
        condition(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: input.name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.1.0-31-amd64',
        kubeProxyVersion: '',
        kubeletVersion: KUBELET_VERSION,
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: '',
      },
      images: [],
    },
  })
}
