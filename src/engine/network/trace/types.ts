/**
 * A traced packet: the hops of the request and of the reply, each with where it happens, what
 * happens, the table entries that decided it and the headers after it. Plain JSON (`sim trace -o
 * json` prints exactly this); the UI animates it.
 */

export type TraceProtocol = 'tcp' | 'udp' | 'icmp'

export interface EthHeader {
  src: string
  dst: string
}

export interface IpHeader {
  src: string
  dst: string
  ttl: number
}

export interface L4Header {
  proto: TraceProtocol
  srcPort?: number
  dstPort?: number
  /** TCP flags (SYN, SYN-ACK, RST-ACK) or the ICMP message (echo-request, port-unreachable, …). */
  flags?: string
}

export interface OuterHeaders {
  eth?: EthHeader
  ip: IpHeader
  udp: { srcPort: number; dstPort: number }
  vxlan: { vni: number }
}

export interface Headers {
  eth?: EthHeader
  ip: IpHeader
  l4: L4Header
  outer?: OuterHeaders
  /** What the payload says, when it matters: a DNS question or answer. */
  app?: string
}

/**
 * What a hop is: the pod's netns routing its packet; the veth pair into the bridge; cni0 bridging
 * (or handing the frame up); a node's IP stack forwarding; a host process sending; flannel.1
 * encapsulating / decapsulating; a node's eth0 sending on the LAN; the LAN switch; the LAN router;
 * and the final delivery to a pod, a node or a host on the LAN.
 */
export type HopKind =
  | 'pod-egress'
  | 'veth'
  | 'bridge'
  | 'host-route'
  | 'host-output'
  | 'vxlan-encap'
  | 'nic-egress'
  | 'lan'
  | 'vxlan-decap'
  | 'router'
  | 'pod-deliver'
  | 'host-deliver'
  | 'lan-deliver'
  | 'dns-lookup'
  | 'dns'

/** A line of a table that decided a hop, and whose table it is. */
export interface DecisionEntry {
  table:
    | 'route'
    | 'neigh'
    | 'fdb'
    | 'iptables'
    | 'ipvs'
    | 'conntrack'
    | 'link'
    | 'socket'
    | 'switch'
    | 'resolv.conf'
    | 'dns'
  /** The node whose table it is (absent for a pod's own table or the LAN's). */
  node?: string
  /** The pod (namespace/name) whose netns holds the table. */
  pod?: string
  entry: string
}

/**
 * A rule set the hop went through, whole: a kube-proxy chain (its lines as iptables-save prints
 * them) or an IPVS virtual server with its real servers (as ipvsadm -Ln prints them), so that the
 * rule that matched can be shown among those that did not.
 */
export interface RuleListing {
  node: string
  kind: 'iptables' | 'ipvs'
  /** The chain (KUBE-SVC-…) or the virtual server line (TCP  10.96.0.10:53 rr). */
  title: string
  lines: string[]
}

export interface Hop {
  where: string
  kind: HopKind
  action: string
  /** The entries that decided this hop, as one line (`entries` has them one by one). */
  decidedBy: string
  entries: DecisionEntry[]
  headers: Headers
  /** Where on the canvas: the node, the pod, the device. */
  at: { node?: string; pod?: string; device?: string; lan?: string }
  /** Set on the hops of the DNS lookup that came before the request. */
  phase?: 'dns'
  /** kube-proxy's chains or IPVS virtual server this hop went through, in full. */
  rules?: RuleListing[]
}

export type TraceResult =
  | 'delivered'
  | 'refused'
  | 'unreachable'
  | 'dropped'
  | 'left-cluster'
  /** The name did not resolve (NXDOMAIN, no answer): the request was never sent. */
  | 'unresolved'

export interface TracePeer {
  kind: 'pod' | 'node' | 'lan' | 'ip' | 'service' | 'name'
  /**
   * pod and service: namespace/name; node: its name; lan: the host's name; ip: the address;
   * name: the DNS name as given (its `ip` is what it resolved to).
   */
  name: string
  ip: string
  node?: string
}

export interface Trace {
  result: TraceResult
  /** Why it ended as it did, in a sentence. */
  reason: string
  from: TracePeer
  to: TracePeer
  protocol: TraceProtocol
  port?: number
  backend: string
  hops: Hop[]
  reply: Hop[]
  /** When TO was a name: how it resolved (its hops are the first ones, marked phase 'dns'). */
  dns?: {
    query: string
    attempts: { name: string; result: string }[]
    /** The address the request then went to. */
    answer?: string
  }
}

/** A trace that cannot start: the message says why, as kubectl would. */
export class TraceError extends Error {}
