/**
 * A node joining the cluster the way kubeadm join leaves it: the kubelet registers the Node, the
 * node IPAM controller gives it the next podCIDR, flannel marks the network up, and it is Ready.
 */
import type { Node } from '../model/node'
import type { SimulationCore } from '../runtime/Simulation'
import { allocateNextPodCidr } from '../network/podCidrAllocator'
import { registerMachine, withFlannelAnnotations } from '../network/flannel'
import type { NodeShape } from '../model/network/interfaces'
import { cidrContains, cidrSize, intToIp, ipToInt, isIPv4, parseCidr } from '../model/ipv4'
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
  /** eth0's MAC and flannel's VtepMAC, for scenarios that fix them (derived from the IP otherwise). */
  mac?: string
  vtepMac?: string
}

/** kubelet's default hard eviction threshold (memory.available<100Mi) comes off allocatable. */
const EVICTION_RESERVE_KI = 100 * 1024

/**
 * The next free address on the node LAN from its 11th address (192.168.1.11 for the first node, as
 * in the spec's fixture), skipping the router and the LAN's other hosts.
 */
function nextNodeIP(core: SimulationCore): string {
  const lan = core.ctx.state.network.lan
  const used = new Set<string>([lan.router.ip, ...lan.hosts.map((h) => h.ip)])
  for (const n of core.store.list<Node>('Node'))
    for (const a of n.status.addresses) used.add(a.address)
  const cidr = parseCidr(lan.cidr)
  const last = cidr.network + cidrSize(cidr) - 2
  for (let i = cidr.network + 11; i <= last; i++) {
    const ip = intToIp(i)
    if (!used.has(ip)) return ip
  }
  throw new Error(`the LAN ${lan.cidr} has no free address for another node`)
}

/** Why a machine cannot join with the address asked for. */
export class NodeAddressError extends Error {}

function checkAddress(core: SimulationCore, ip: string): void {
  const lan = core.ctx.state.network.lan
  if (!isIPv4(ip)) throw new NodeAddressError(`invalid IP address ${JSON.stringify(ip)}`)
  if (!cidrContains(parseCidr(lan.cidr), ipToInt(ip)))
    throw new NodeAddressError(`${ip} is not on the node LAN ${lan.cidr}`)
  const holder =
    [lan.router, ...lan.hosts].find((h) => h.ip === ip)?.name ??
    [...core.store.list<Node>('Node')].find((n) => n.status.addresses.some((a) => a.address === ip))
      ?.metadata.name
  if (holder) throw new NodeAddressError(`${ip} is already the address of ${holder}`)
}

/**
 * A machine joins: it gets the next podCIDR and its LAN address, flannel annotates it. Nothing is
 * kept when the API refuses the Node (the podCIDR allocator and the machine facts are restored).
 */
export function addNode(core: SimulationCore, input: NodeSpecInput): Node {
  const state = core.ctx.state
  const ipamBefore = { ...state.nodeIpam }
  const factsBefore = { rev: state.network.rev, machine: state.network.machines[input.name] }
  try {
    return joinNode(core, input)
  } catch (e) {
    Object.assign(state.nodeIpam, ipamBefore)
    state.network.rev = factsBefore.rev
    if (factsBefore.machine) state.network.machines[input.name] = factsBefore.machine
    else delete state.network.machines[input.name]
    throw e
  }
}

function joinNode(core: SimulationCore, input: NodeSpecInput): Node {
  if (input.ip !== undefined) checkAddress(core, input.ip)
  const nowMs = core.simTimeMs
  const t = toTimestamp(nowMs)
  const used = new Set(
    [...core.store.list<Node>('Node')].map((n) => n.spec.podCIDR).filter((c): c is string => !!c),
  )
  const podCIDR = allocateNextPodCidr(core.ctx.state.nodeIpam, used)
  const ip = input.ip ?? nextNodeIP(core)
  const facts = core.ctx.state.network
  registerMachine(facts, input.name, {
    ...(input.mac ? { eth0Mac: input.mac } : {}),
    ...(input.vtepMac ? { vtepMac: input.vtepMac } : {}),
  })
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
  const node: NodeShape & { apiVersion: 'v1'; kind: 'Node' } = {
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
  }
  // flanneld starts on the node (a DaemonSet pod on the host network) and annotates it.
  return core.api.create<Node>(withFlannelAnnotations(node, facts))
}
