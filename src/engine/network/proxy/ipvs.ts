/**
 * IPVS mode's kernel state on a node (pkg/proxy/ipvs/proxier.go syncProxyRules, syncService,
 * syncEndpoint): the dummy device kube-ipvs0 holding every Service address, one virtual server per
 * ClusterIP, external IP and load-balancer IP port, and per node address and NodePort; real servers
 * are the usable endpoints (only this node's under a "Local" policy), forwarded by masquerading,
 * weight 1, scheduled round-robin; ClientIP affinity makes the service persistent. `ipvsadm -Ln`
 * prints it as ipvsadm.c print_service_entry does.
 */
import { ipToInt } from '../../model/ipv4'
import type { NodeNet } from '../../model/network/interfaces'
import type { Link } from '../shell/links'
import type { ProxyIndex } from './ProxyIndex'
import type { L4 } from './rules'
import type { ProxyEndpoint, ServicePortInfo } from './servicePorts'
import { localEndpoints } from './servicePorts'

/** kube-proxy's --ipvs-scheduler default. */
export const IPVS_SCHEDULER = 'rr'

export interface VirtualServer {
  proto: L4
  ip: string
  port: number
  sp: ServicePortInfo
  /** The session-affinity timeout when the service is persistent. */
  persistent?: number
  realServers: readonly ProxyEndpoint[]
}

/** How ipvsadm prints a virtual server's first line, e.g. `TCP  10.96.0.1:443 rr`. */
export function virtualServerLine(vs: VirtualServer): string {
  const base = `${vs.proto.toUpperCase()}  ${vs.ip}:${vs.port} ${IPVS_SCHEDULER}`
  return vs.persistent ? `${base} persistent ${vs.persistent}` : base
}

/** The addresses NodePorts listen on: the node's own, not loopback and not kube-ipvs0's. */
function nodeIPs(node: NodeNet): string[] {
  return [node.eth0.ip, node.vtep?.ip, node.cni0?.ip].filter((ip): ip is string => !!ip)
}

function server(
  sp: ServicePortInfo,
  ip: string,
  port: number,
  realServers: readonly ProxyEndpoint[],
): VirtualServer {
  const vs: VirtualServer = { proto: sp.protocol, ip, port, sp, realServers }
  if (sp.affinitySeconds) vs.persistent = sp.affinitySeconds
  return vs
}

/** The real servers of a port's virtual servers: internal ones and external ones. */
function realServers(sp: ServicePortInfo, node: string) {
  const local = localEndpoints(sp, node)
  return {
    internal: sp.internalPolicyLocal ? local : sp.cluster,
    external: sp.externalPolicyLocal ? local : sp.cluster,
  }
}

/** The virtual server a packet to (ip, port, proto) meets on a node, if any. */
export function findVirtualServer(
  index: ProxyIndex,
  node: NodeNet,
  ip: string,
  proto: string,
  port: number | undefined,
): VirtualServer | undefined {
  const entry = index.lookup(ip, proto, port)
  if (entry) {
    const rs = realServers(entry.sp, node.name)
    return server(entry.sp, ip, entry.sp.port, entry.kind === 'cluster' ? rs.internal : rs.external)
  }
  const sp = index.nodePort(proto, port)
  if (!sp || !nodeIPs(node).includes(ip)) return undefined
  return server(sp, ip, sp.nodePort, realServers(sp, node.name).external)
}

/** Every virtual server on a node. */
export function virtualServers(index: ProxyIndex, node: NodeNet): VirtualServer[] {
  const out: VirtualServer[] = []
  for (const sp of index.servicePorts()) {
    const rs = realServers(sp, node.name)
    out.push(server(sp, sp.clusterIP, sp.port, rs.internal))
    for (const ip of [...sp.externalIPs, ...sp.loadBalancerIPs])
      out.push(server(sp, ip, sp.port, rs.external))
    if (sp.nodePort)
      for (const ip of nodeIPs(node)) out.push(server(sp, ip, sp.nodePort, rs.external))
  }
  return out
}

const PROTO_NUMBER: Record<L4, number> = { tcp: 6, udp: 17, sctp: 132 }

/** ipvsadm sorts services by protocol, address and port, and real servers by address and port. */
function byAddress(a: { ip: string; port: number }, b: { ip: string; port: number }): number {
  return ipToInt(a.ip) - ipToInt(b.ip) || a.port - b.port
}

/** `ipvsadm -Ln`. */
export function ipvsadmList(servers: readonly VirtualServer[]): string[] {
  const out = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ]
  const sorted = [...servers].sort(
    (a, b) => PROTO_NUMBER[a.proto] - PROTO_NUMBER[b.proto] || byAddress(a, b),
  )
  for (const vs of sorted) {
    out.push(virtualServerLine(vs))
    for (const rs of [...vs.realServers].sort(byAddress))
      out.push(`  -> ${rs.str.padEnd(28)} ${'Masq'.padEnd(7)} ${'1'.padEnd(6)} ${'0'.padEnd(10)} 0`)
  }
  return out
}

/** kube-ipvs0: a dummy device, DOWN, with every Service address as a /32 (ifindex past any veth). */
export function kubeIpvs0(index: ProxyIndex, node: NodeNet): Link {
  const hex = ipToInt(node.eth0.ip).toString(16).padStart(8, '0')
  return {
    index: 258,
    name: 'kube-ipvs0',
    flags: ['BROADCAST', 'NOARP'],
    mtu: 1500,
    qdisc: 'noop',
    state: 'DOWN',
    qlen: 0,
    type: 'ether',
    mac: `d6:1f:${hex.match(/../g)?.join(':') ?? ''}`,
    addresses: index
      .virtualIPs()
      .map((ip) => ({ family: 'inet' as const, ip, prefix: 32, scope: 'global' as const })),
  }
}
