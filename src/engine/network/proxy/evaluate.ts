/**
 * The trace's entry into kube-proxy's iptables mode: what the nat table does to a connection's
 * first packet at PREROUTING (it entered the node's stack) or OUTPUT (a process on the node sent
 * it), then what the filter table decides (INPUT, FORWARD or OUTPUT after routing), with every
 * rule that matched; and what KUBE-POSTROUTING does on the way out. Pure: the random draws and the
 * `-m recent` lists come from the caller, and nothing is changed.
 */
import { cidrContains, intToIp, ipToInt, parseCidr } from '../../model/ipv4'
import type { NodeNet } from '../../model/network/interfaces'
import type { ChainWalk, TraversedRule } from './chainWalk'
import { runChain } from './chainWalk'
import type { ProxyIndex } from './ProxyIndex'
import type { L4, MatchEnv, PacketState, Rule } from './rules'
import type { ServiceRules } from './serviceRules'
import type { ServicePortInfo } from './servicePorts'
import { FLANNEL_FWD_JUMP, IPTABLES_FILTER, IPTABLES_NAT, KUBE_POSTROUTING } from './staticRules'
import { POSTROUTING_JUMP } from './staticRules'
import type { TableName } from './tables'
import { LOOP_BACK } from './ipvsRules'

/** Where the packet meets the nat table: it came in (PREROUTING) or a local process sent it. */
export type ProxyHook = 'PREROUTING' | 'OUTPUT'

export interface ProxyPacket {
  src: string
  dst: string
  proto: L4 | 'icmp'
  dport?: number
}

export type ProxyVerdict =
  /** No kube-proxy rule decided anything: the packet goes on as it was. */
  | { kind: 'none' }
  /** Rewritten to an endpoint: by a KUBE-SEP chain (iptables) or an IPVS virtual server. */
  | { kind: 'dnat'; ip: string; port: number; servicePort: string; via: string }
  /** Refused with ICMP port unreachable: a Service without endpoints. */
  | { kind: 'reject'; line: string }
  /** Dropped silently: a "Local" policy on a node without local endpoints. */
  | { kind: 'drop'; line: string }

export interface ProxyEvaluation {
  rules: TraversedRule[]
  /** Marked 0x4000 for masquerade: KUBE-POSTROUTING will SNAT it. */
  marked: boolean
  verdict: ProxyVerdict
  /** The `-m recent` list the connection's source was added to (session affinity). */
  recentSet?: string
}

export interface ProxyOptions {
  /** A random integer in [0, n): the caller's copy of the seeded RNG. */
  draw(n: number): number
  /** Whether a source is in a `-m recent` list (session affinity seen before); none by default. */
  recent?(list: string, src: string): boolean
}

const LOOPBACK = parseCidr('127.0.0.0/8')

/** addrtype LOCAL: loopback, the node's own addresses, and (IPVS) the Service addresses on kube-ipvs0. */
export function isLocalAddress(node: NodeNet, ip: string, vip = false): boolean {
  return (
    cidrContains(LOOPBACK, ipToInt(ip)) ||
    ip === node.eth0.ip ||
    ip === node.cni0?.ip ||
    ip === node.vtep?.ip ||
    vip
  )
}

/** The packet as rules see it, before any rule ran. */
export function packetState(node: NodeNet, pkt: ProxyPacket, local: (ip: string) => boolean) {
  const state: PacketState = {
    src: ipToInt(pkt.src),
    dst: ipToInt(pkt.dst),
    proto: pkt.proto,
    marked: false,
    dstLocal: local(pkt.dst),
    srcLocal: local(pkt.src),
    bridged: !!node.podCIDR && cidrContains(parseCidr(node.podCIDR), ipToInt(pkt.src)),
    dnatted: false,
  }
  if (pkt.dport !== undefined) state.dport = pkt.dport
  return state
}

export function matchEnv(opts: ProxyOptions, inSet: MatchEnv['inSet'] = () => false): MatchEnv {
  return {
    draw: (n) => opts.draw(n),
    recent: (list, src) => opts.recent?.(list, intToIp(src)) ?? false,
    inSet,
  }
}

const SHARED: Record<TableName, readonly string[]> = {
  nat: ['KUBE-SERVICES', 'KUBE-NODEPORTS'],
  filter: ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL'],
}

/**
 * The rules a packet can meet in a table on a node. Per-service rules all match on the Service's
 * address, NodePort or health-check port, so only the ports found by the packet's own are read:
 * the cost does not depend on how many Services there are.
 */
function iptablesSource(index: ProxyIndex, node: NodeNet, table: TableName): ChainWalk['source'] {
  const statics = table === 'nat' ? IPTABLES_NAT : IPTABLES_FILTER
  const touched: ServiceRules[] = []
  return (chain, pkt) => {
    const fixed = (statics.get(chain) ?? []).filter((r) => r !== FLANNEL_FWD_JUMP || node.podCIDR)
    if (SHARED[table].includes(chain)) {
      const dst = intToIp(pkt.dst)
      const candidates = [
        index.lookup(dst, pkt.proto, pkt.dport)?.sp,
        index.nodePort(pkt.proto, pkt.dport),
        pkt.proto === 'tcp' ? index.healthCheckPort(pkt.dport) : undefined,
      ].filter((sp, i, all): sp is ServicePortInfo => !!sp && all.indexOf(sp) === i)
      const rules: Rule[] = []
      for (const sp of candidates.sort(
        (a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1],
      )) {
        const sr = index.rules(sp, node)
        touched.push(sr)
        rules.push(...(sr[table].get(chain) ?? []))
      }
      return [...rules, ...fixed]
    }
    for (const sr of touched) {
      const own = sr[table].get(chain)
      if (own) return own
    }
    return fixed
  }
}

/** Runs the nat table at the hook, then the filter table, for a connection's first packet. */
export function evaluateIptables(
  index: ProxyIndex,
  node: NodeNet,
  hook: ProxyHook,
  packet: ProxyPacket,
  opts: ProxyOptions,
): ProxyEvaluation {
  const local = (ip: string) => isLocalAddress(node, ip)
  const pkt = packetState(node, packet, local)
  const env = matchEnv(opts)
  const nat: ChainWalk = {
    table: 'nat',
    source: iptablesSource(index, node, 'nat'),
    env,
    traversed: [],
  }
  const end = runChain(nat, hook, pkt)
  let verdict: ProxyVerdict = { kind: 'none' }
  if (end?.target.kind === 'DNAT') {
    const { ip, port } = end.target
    const note = end.matches.find((m) => m.kind === 'comment')
    verdict = { kind: 'dnat', ip, port, servicePort: note?.text ?? '', via: end.chain }
    pkt.dst = ipToInt(ip)
    pkt.dport = port
    pkt.dnatted = true
    pkt.dstLocal = local(ip)
  }
  const filter: ChainWalk = {
    table: 'filter',
    source: iptablesSource(index, node, 'filter'),
    env,
    traversed: [],
  }
  const chain = hook === 'OUTPUT' ? 'OUTPUT' : pkt.dstLocal ? 'INPUT' : 'FORWARD'
  const decided = runChain(filter, chain, pkt)
  if (decided?.target.kind === 'REJECT') verdict = { kind: 'reject', line: decided.line }
  else if (decided?.target.kind === 'DROP') verdict = { kind: 'drop', line: decided.line }
  const result: ProxyEvaluation = {
    rules: [...nat.traversed, ...filter.traversed],
    marked: pkt.marked,
    verdict,
  }
  if (nat.recentSet) result.recentSet = nat.recentSet
  return result
}

/**
 * KUBE-POSTROUTING for a connection's first packet: whether kube-proxy masquerades it. In IPVS
 * mode (`ipvs` given) a pod that reached itself through a Service (hairpin) meets KUBE-LOOP-BACK.
 */
export function kubePostrouting(
  marked: boolean,
  ipvs?: { hairpin: boolean },
): { rules: TraversedRule[]; masquerade: boolean } {
  const seen = (r: Rule): TraversedRule => ({ table: 'nat', chain: r.chain, line: r.line })
  const [unmarked, unmark, masq] = KUBE_POSTROUTING as [Rule, Rule, Rule]
  const rules = [seen(POSTROUTING_JUMP)]
  if (ipvs?.hairpin) return { rules: [...rules, seen(LOOP_BACK)], masquerade: true }
  return marked
    ? { rules: [...rules, seen(unmark), seen(masq)], masquerade: true }
    : { rules: [...rules, seen(unmarked)], masquerade: false }
}
