/**
 * The trace's entry into kube-proxy's IPVS mode: the nat table at the hook (marks for masquerade),
 * the filter table (KUBE-IPVS-FILTER), then the virtual server the packet meets (IPVS hooks
 * LOCAL_IN after filter INPUT, and LOCAL_OUT before filter OUTPUT) and the real server it picks:
 * the persistence template's when the client has one, else round-robin from the caller's cursor.
 * Pure: the cursor and templates belong to the caller, so a trace changes nothing.
 */
import { ipToInt } from '../../model/ipv4'
import type { NodeNet } from '../../model/network/interfaces'
import type { ChainWalk } from './chainWalk'
import { runChain } from './chainWalk'
import type {
  ProxyEvaluation,
  ProxyHook,
  ProxyOptions,
  ProxyPacket,
  ProxyVerdict,
} from './evaluate'
import { isLocalAddress, matchEnv, packetState } from './evaluate'
import type { VirtualServer } from './ipvs'
import { findVirtualServer, virtualServerLine } from './ipvs'
import { inIpset, IPVS_CHAINS } from './ipvsRules'
import type { ProxyIndex } from './ProxyIndex'
import type { PacketState } from './rules'
import { FLANNEL_FWD_JUMP } from './staticRules'
import type { TableName } from './tables'

export interface IpvsOptions extends ProxyOptions {
  /** How many connections a virtual server (its ipvsadm line) has scheduled so far; 0 by default. */
  rr?(virtualServer: string): number
  /** The real server (`IP:port`) a persistent virtual server's template holds for a client. */
  persisted?(virtualServer: string, client: string): string | undefined
}

export interface IpvsEvaluation extends ProxyEvaluation {
  /** The virtual server the packet met, as `ipvsadm -Ln` prints it. */
  virtualServer?: string
  /** A pod reached itself: KUBE-LOOP-BACK will masquerade it (pass to kubePostrouting). */
  hairpin: boolean
}

function walk(table: TableName, node: NodeNet, env: ChainWalk['env']): ChainWalk {
  const chains = IPVS_CHAINS[table]
  return {
    table,
    source: (chain) =>
      (chains.get(chain) ?? []).filter((r) => r !== FLANNEL_FWD_JUMP || node.podCIDR),
    env,
    traversed: [],
  }
}

function decide(w: ChainWalk, chain: string, pkt: PacketState): ProxyVerdict | undefined {
  const end = runChain(w, chain, pkt)
  if (end?.target.kind === 'REJECT') return { kind: 'reject', line: end.line }
  if (end?.target.kind === 'DROP') return { kind: 'drop', line: end.line }
  return undefined
}

function choose(vs: VirtualServer, client: string, opts: IpvsOptions) {
  const line = virtualServerLine(vs)
  const held = vs.persistent ? opts.persisted?.(line, client) : undefined
  const kept = vs.realServers.find((rs) => rs.str === held)
  if (kept) return kept
  const n = vs.realServers.length
  return vs.realServers[(((opts.rr?.(line) ?? 0) % n) + n) % n]
}

/** Runs a connection's first packet through a node's IPVS mode. */
export function evaluateIpvs(
  index: ProxyIndex,
  node: NodeNet,
  hook: ProxyHook,
  packet: ProxyPacket,
  opts: IpvsOptions,
): IpvsEvaluation {
  const local = (ip: string) => isLocalAddress(node, ip, index.isVirtualIP(ip))
  const pkt = packetState(node, packet, local)
  const env = matchEnv(opts, (name, _flags, p) => inIpset(index, name, p))
  const nat = walk('nat', node, env)
  runChain(nat, hook, pkt)
  const filter = walk('filter', node, env)
  const result = (verdict: ProxyVerdict, vs?: VirtualServer, hairpin = false): IpvsEvaluation => {
    const out: IpvsEvaluation = {
      rules: [...nat.traversed, ...filter.traversed],
      marked: pkt.marked,
      verdict,
      hairpin,
    }
    if (vs) out.virtualServer = virtualServerLine(vs)
    return out
  }
  if (hook === 'PREROUTING') {
    const refused = decide(filter, pkt.dstLocal ? 'INPUT' : 'FORWARD', pkt)
    if (refused) return result(refused)
  }
  const vs = findVirtualServer(index, node, packet.dst, packet.proto, packet.dport)
  let verdict: ProxyVerdict = { kind: 'none' }
  let hairpin = false
  if (vs) {
    const rs = choose(vs, packet.src, opts)
    // ip_vs_leave: no real server to schedule, so the client gets ICMP port unreachable.
    if (!rs) return result({ kind: 'reject', line: virtualServerLine(vs) }, vs)
    verdict = {
      kind: 'dnat',
      ip: rs.ip,
      port: rs.port,
      servicePort: vs.sp.name,
      via: virtualServerLine(vs),
    }
    hairpin = rs.ip === packet.src
    pkt.dst = ipToInt(rs.ip)
    pkt.dport = rs.port
    pkt.dstLocal = local(rs.ip)
    pkt.dnatted = true
  }
  if (hook === 'OUTPUT') {
    const refused = decide(filter, 'OUTPUT', pkt)
    if (refused) return result(refused, vs)
  }
  return result(verdict, vs, hairpin)
}
