/**
 * What the simulation knows of the network beyond the API objects: the flannel backend the cluster
 * runs, the LAN the machines sit on, and each machine's hardware (MACs the kernel or flannel chose,
 * whether cni0 exists yet). Everything else (routes, neighbours, FDBs, pod interfaces) is derived
 * from these facts and the Nodes and Pods. Plain JSON: saved in snapshots, streamed to the UI.
 */

export type FlannelBackend = 'vxlan' | 'host-gw'

export const FLANNEL_BACKENDS: readonly FlannelBackend[] = ['vxlan', 'host-gw']

/** kube-proxy's --proxy-mode on every node: iptables (the default on Linux) or IPVS. */
export type ProxyMode = 'iptables' | 'ipvs'

export const PROXY_MODES: readonly ProxyMode[] = ['iptables', 'ipvs']

/** A host on the LAN that is not a cluster node: the router, an external client. */
export interface LanHost {
  name: string
  ip: string
  mac: string
}

/** One machine's hardware and what CNI has set up on it so far. */
export interface MachineFacts {
  /** eth0's MAC (derived from the IP when not given). */
  eth0Mac?: string
  /** The VtepMAC flannel stored for flannel.1 (derived from the IP when not given). */
  vtepMac?: string
  /** The bridge plugin created cni0 on this machine (at its first pod's CNI ADD). */
  cni0?: boolean
}

export interface NetworkFacts {
  /** Bumped on every change, so a stream sends the facts only when they changed. */
  rev: number
  /** net-conf.json's Backend.Type. */
  backend: FlannelBackend
  /** kube-proxy's --proxy-mode, the same on every node. */
  proxyMode: ProxyMode
  lan: {
    cidr: string
    /** The nodes' default gateway. */
    router: LanHost
    /** Other hosts on the LAN, outside the cluster. */
    hosts: LanHost[]
  }
  /** By node name. */
  machines: Record<string, MachineFacts>
  /** Host-side veth names fixed by a scenario (by pod uid); others are derived from the uid. */
  vethPins: Record<string, string>
}

/** The spec's fixture LAN: 192.168.1.0/24, router .1, ext-client .100. */
export function defaultNetworkFacts(): NetworkFacts {
  return {
    rev: 0,
    backend: 'vxlan',
    proxyMode: 'iptables',
    lan: {
      cidr: '192.168.1.0/24',
      router: { name: 'router', ip: '192.168.1.1', mac: '52:54:00:00:01:01' },
      hosts: [{ name: 'ext-client', ip: '192.168.1.100', mac: '52:54:00:00:01:64' }],
    },
    machines: {},
    vethPins: {},
  }
}
