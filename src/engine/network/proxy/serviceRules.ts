/**
 * One service port's iptables rules on one node: the body of kube-proxy's syncProxyRules loop
 * (pkg/proxy/iptables/proxier.go) with writeServiceToEndpointRules. Rules land in shared chains
 * (nat KUBE-SERVICES and KUBE-NODEPORTS; filter KUBE-SERVICES, KUBE-EXTERNAL-SERVICES,
 * KUBE-NODEPORTS, KUBE-PROXY-FIREWALL) and in the port's own chains (KUBE-SVC, KUBE-SVL, KUBE-EXT,
 * KUBE-FW, KUBE-SEP). Only a "Local" policy or a load-balancer source range makes them depend on
 * the node; otherwise every node has the same ones (§4.5).
 */
import { CLUSTER_CIDR } from '../../model/network/constants'
import { cidrContains, ipToInt, parseCidr } from '../../model/ipv4'
import { servicePortChains } from './chainNames'
import type { Match, Rule, RuleSpec, Target } from './rules'
import { comment, jump, rule } from './rules'
import type { ProxyEndpoint, ServicePortInfo } from './servicePorts'
import {
  externallyAccessible,
  localEndpoints,
  usesClusterEndpoints,
  usesLocalEndpoints,
} from './servicePorts'

export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ'

/** A port's rules, by chain, in the order kube-proxy writes them. */
export interface ServiceRules {
  nat: Map<string, Rule[]>
  filter: Map<string, Rule[]>
  /** The nat chains that belong to this port (declared in the table). */
  ownChains: string[]
}

/** Whether a port's rules are the same on every node. */
export function nodeIndependent(sp: ServicePortInfo): boolean {
  return !usesLocalEndpoints(sp) && !usesFirewallChain(sp)
}

function usesFirewallChain(sp: ServicePortInfo): boolean {
  return sp.hasEndpoints && sp.loadBalancerIPs.length > 0 && sp.sourceRanges.length > 0
}

function add(table: Map<string, Rule[]>, chain: string, spec: RuleSpec): void {
  let list = table.get(chain)
  if (!list) table.set(chain, (list = []))
  list.push(rule(chain, spec))
}

/** The rules of a port on a node (node: its name and InternalIP). */
export function serviceRules(
  sp: ServicePortInfo,
  node: { name: string; ip: string },
): ServiceRules {
  const nat = new Map<string, Rule[]>()
  const filter = new Map<string, Rule[]>()
  const own: string[] = []
  const proto = sp.protocol
  const chains = servicePortChains(sp.hash)
  const cluster = usesClusterEndpoints(sp) ? sp.cluster : []
  const local = usesLocalEndpoints(sp) ? localEndpoints(sp, node.name) : []
  const hasEndpoints = sp.hasEndpoints
  const hasInternal = hasEndpoints && (!sp.internalPolicyLocal || local.length > 0)
  const internalChain = sp.internalPolicyLocal ? chains.svl : chains.svc
  const hasExternal = hasEndpoints && (!sp.externalPolicyLocal || local.length > 0)
  const externalPolicyChain = sp.externalPolicyLocal ? chains.svl : chains.svc
  const usesExternalChain = hasEndpoints && externallyAccessible(sp)
  const usesFw = usesFirewallChain(sp)
  const lbChain = usesFw ? chains.fw : chains.ext

  let internalFilter: Target | undefined
  let externalFilter: Target | undefined
  let internalNote = ''
  let externalNote = ''
  if (!hasEndpoints) {
    internalFilter = externalFilter = { kind: 'REJECT' }
    internalNote = externalNote = `${sp.name} has no endpoints`
  } else {
    if (!hasInternal) {
      internalFilter = { kind: 'DROP' }
      internalNote = `${sp.name} has no local endpoints`
    }
    if (!hasExternal) {
      externalFilter = { kind: 'DROP' }
      externalNote = `${sp.name} has no local endpoints`
    }
  }
  const portMatches = (text: string, port = sp.port): Match[] => [
    comment(text),
    { kind: 'l4', proto, dport: port },
  ]

  // Capture the clusterIP.
  const vip = `${sp.clusterIP}/32`
  if (hasInternal)
    add(nat, 'KUBE-SERVICES', {
      dst: vip,
      proto,
      matches: portMatches(`${sp.name} cluster IP`),
      target: jump(internalChain),
    })
  else if (internalFilter)
    add(filter, 'KUBE-SERVICES', {
      dst: vip,
      proto,
      matches: portMatches(internalNote),
      target: internalFilter,
    })
  // Capture externalIPs, then load-balancer ingress.
  for (const ip of sp.externalIPs) {
    const dst = `${ip}/32`
    if (hasEndpoints)
      add(nat, 'KUBE-SERVICES', {
        dst,
        proto,
        matches: portMatches(`${sp.name} external IP`),
        target: jump(chains.ext),
      })
    if (externalFilter)
      add(filter, 'KUBE-EXTERNAL-SERVICES', {
        dst,
        proto,
        matches: portMatches(externalNote),
        target: externalFilter,
      })
  }
  for (const ip of sp.loadBalancerIPs) {
    const dst = `${ip}/32`
    if (hasEndpoints)
      add(nat, 'KUBE-SERVICES', {
        dst,
        proto,
        matches: portMatches(`${sp.name} loadbalancer IP`),
        target: jump(lbChain),
      })
    if (usesFw)
      add(filter, 'KUBE-PROXY-FIREWALL', {
        dst,
        proto,
        matches: portMatches(`${sp.name} traffic not accepted by ${chains.fw}`),
        target: { kind: 'DROP' },
      })
  }
  if (externalFilter)
    for (const ip of sp.loadBalancerIPs)
      add(filter, 'KUBE-EXTERNAL-SERVICES', {
        dst: `${ip}/32`,
        proto,
        matches: portMatches(externalNote),
        target: externalFilter,
      })
  // Capture nodeports.
  if (sp.nodePort !== 0) {
    if (hasEndpoints)
      add(nat, 'KUBE-NODEPORTS', {
        proto,
        matches: portMatches(sp.name, sp.nodePort),
        target: jump(chains.ext),
      })
    if (externalFilter)
      add(filter, 'KUBE-EXTERNAL-SERVICES', {
        proto,
        matches: [
          comment(externalNote),
          { kind: 'addrtype', side: 'dst' },
          { kind: 'l4', proto, dport: sp.nodePort },
        ],
        target: externalFilter,
      })
  }
  if (sp.healthCheckNodePort !== 0)
    add(filter, 'KUBE-NODEPORTS', {
      proto: 'tcp',
      matches: [
        comment(`${sp.name} health check node port`),
        { kind: 'l4', proto: 'tcp', dport: sp.healthCheckNodePort },
      ],
      target: { kind: 'ACCEPT' },
    })

  const declare = (chain: string) => {
    own.push(chain)
    if (!nat.has(chain)) nat.set(chain, [])
  }
  // Internal traffic: masquerade what does not come from a pod (--detect-local-mode=ClusterCIDR).
  if (hasInternal) {
    declare(internalChain)
    add(nat, internalChain, {
      src: CLUSTER_CIDR,
      notSrc: true,
      dst: vip,
      proto,
      matches: portMatches(`${sp.name} cluster IP`),
      target: jump(KUBE_MARK_MASQ),
    })
  }
  if (usesExternalChain) {
    declare(chains.ext)
    externalRules(sp, nat, chains.ext, chains.svc)
    if (hasExternal) add(nat, chains.ext, { target: jump(externalPolicyChain) })
  }
  if (usesFw) {
    declare(chains.fw)
    const lb = comment(`${sp.name} loadbalancer IP`)
    const nodeIp = ipToInt(node.ip)
    let allowFromNode = false
    for (const cidr of sp.sourceRanges) {
      add(nat, chains.fw, { src: cidr, matches: [lb], target: jump(chains.ext) })
      if (cidrContains(parseCidr(cidr), nodeIp)) allowFromNode = true
    }
    // A VIP-like load balancer loops a node's own request back with the VIP as its source.
    if (allowFromNode)
      for (const ip of sp.loadBalancerIPs)
        add(nat, chains.fw, { src: `${ip}/32`, matches: [lb], target: jump(chains.ext) })
    add(nat, chains.fw, {
      matches: [comment(`other traffic to ${sp.name} will be dropped by KUBE-PROXY-FIREWALL`)],
      target: { kind: 'none' },
    })
  }
  if (cluster.length > 0) {
    if (!nat.has(chains.svc)) declare(chains.svc)
    endpointRules(sp, nat, chains.svc, cluster)
  }
  if (local.length > 0) {
    if (!nat.has(chains.svl)) declare(chains.svl)
    endpointRules(sp, nat, chains.svl, local)
  }
  const reachable = new Map<string, ProxyEndpoint>()
  for (const ep of [...cluster, ...local]) reachable.set(ep.str, ep)
  for (const ep of reachable.values()) {
    declare(ep.sep)
    sepRules(sp, nat, ep)
  }
  return { nat, filter, ownChains: own }
}

/** KUBE-EXT's special cases before its jump to the policy chain. */
function externalRules(
  sp: ServicePortInfo,
  nat: Map<string, Rule[]>,
  ext: string,
  svc: string,
): void {
  if (!sp.externalPolicyLocal) {
    // Endpoints may be on other nodes: masquerade, so replies come back through this node.
    add(nat, ext, {
      matches: [comment(`masquerade traffic for ${sp.name} external destinations`)],
      target: jump(KUBE_MARK_MASQ),
    })
    return
  }
  // Pods reaching an external destination get Cluster semantics, as if via the load balancer.
  add(nat, ext, {
    src: CLUSTER_CIDR,
    matches: [comment(`pod traffic for ${sp.name} external destinations`)],
    target: jump(svc),
  })
  // The node itself picks the (local) destination as its source: masquerade it, then Cluster.
  const srcLocal: Match = { kind: 'addrtype', side: 'src' }
  add(nat, ext, {
    matches: [comment(`masquerade LOCAL traffic for ${sp.name} external destinations`), srcLocal],
    target: jump(KUBE_MARK_MASQ),
  })
  add(nat, ext, {
    matches: [comment(`route LOCAL traffic for ${sp.name} external destinations`), srcLocal],
    target: jump(svc),
  })
}

/** writeServiceToEndpointRules: affinity checks first, then 1/n, 1/(n−1), … 1/2 and a last jump. */
function endpointRules(
  sp: ServicePortInfo,
  nat: Map<string, Rule[]>,
  chain: string,
  endpoints: readonly ProxyEndpoint[],
): void {
  if (sp.affinitySeconds > 0)
    for (const ep of endpoints)
      add(nat, chain, {
        matches: [
          comment(`${sp.name} -> ${ep.str}`),
          { kind: 'recent', name: ep.sep, seconds: sp.affinitySeconds },
        ],
        target: jump(ep.sep),
      })
  const n = endpoints.length
  endpoints.forEach((ep, i) => {
    const matches: Match[] = [comment(`${sp.name} -> ${ep.str}`)]
    if (i < n - 1) matches.push({ kind: 'statistic', oneIn: n - i })
    add(nat, chain, { matches, target: jump(ep.sep) })
  })
}

/** KUBE-SEP: masquerade a pod reaching itself (hairpin), then DNAT to the endpoint. */
function sepRules(sp: ServicePortInfo, nat: Map<string, Rule[]>, ep: ProxyEndpoint): void {
  add(nat, ep.sep, {
    src: `${ep.ip}/32`,
    matches: [comment(sp.name)],
    target: jump(KUBE_MARK_MASQ),
  })
  const matches: Match[] = [comment(sp.name)]
  if (sp.affinitySeconds > 0) matches.push({ kind: 'recent', name: ep.sep })
  matches.push({ kind: 'l4', proto: sp.protocol })
  add(nat, ep.sep, {
    proto: sp.protocol,
    matches,
    target: { kind: 'DNAT', ip: ep.ip, port: ep.port },
  })
}
