/**
 * The iptables rules kube-proxy still writes in IPVS mode (pkg/proxy/ipvs/proxier.go
 * writeIptablesRules, iptablesJumpChain, ipsetWithIptablesChain; ipset.go for the sets): no chain
 * per Service, but matches on ipsets that hold the Services' addresses and ports, for masquerade
 * (KUBE-CLUSTER-IP, KUBE-NODE-PORT-TCP, KUBE-LOOP-BACK for hairpin) and filtering. A rule on a set
 * is written only while the set has entries.
 */
import { cidrContains, intToIp, parseCidr } from '../../model/ipv4'
import { CLUSTER_CIDR } from '../../model/network/constants'
import type { ProxyIndex } from './ProxyIndex'
import type { L4, Match, PacketState, Rule, RuleSpec } from './rules'
import { comment, jump, rule } from './rules'
import { KUBE_MARK_MASQ } from './serviceRules'
import {
  FLANNEL_FWD,
  FLANNEL_FWD_JUMP,
  KUBE_FIREWALL,
  KUBE_POSTROUTING,
  MARK_MASQ,
  POSTROUTING_JUMP,
} from './staticRules'
import type { TableName } from './tables'

/** The sets kube-proxy fills, with the comment its rules carry and how they are matched. */
const SETS = {
  'KUBE-LOOP-BACK': 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose',
  'KUBE-CLUSTER-IP': 'Kubernetes service cluster ip + port for masquerade purpose',
  'KUBE-EXTERNAL-IP': 'Kubernetes service external ip + port for masquerade and filter purpose',
  'KUBE-EXTERNAL-IP-LOCAL':
    'Kubernetes service external ip + port with externalTrafficPolicy=local',
  'KUBE-LOAD-BALANCER': 'Kubernetes service lb portal',
  'KUBE-LOAD-BALANCER-LOCAL':
    'Kubernetes service load balancer ip + port with externalTrafficPolicy=local',
  'KUBE-LOAD-BALANCER-FW':
    'Kubernetes service load balancer ip + port for load balancer with sourceRange',
  'KUBE-LOAD-BALANCER-SOURCE-CIDR':
    'Kubernetes service load balancer ip + port + source cidr for packet filter purpose',
  'KUBE-NODE-PORT-TCP': 'Kubernetes nodeport TCP port for masquerade purpose',
  'KUBE-NODE-PORT-LOCAL-TCP': 'Kubernetes nodeport TCP port with externalTrafficPolicy=local',
  'KUBE-NODE-PORT-UDP': 'Kubernetes nodeport UDP port for masquerade purpose',
  'KUBE-NODE-PORT-LOCAL-UDP': 'Kubernetes nodeport UDP port with externalTrafficPolicy=local',
  'KUBE-NODE-PORT-SCTP-HASH':
    "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'",
  'KUBE-NODE-PORT-LOCAL-SCTP-HASH':
    "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'",
  'KUBE-HEALTH-CHECK-NODE-PORT': 'Kubernetes health check node port',
  'KUBE-IPVS-IPS': 'Addresses on ipvs interface',
} as const

export type IpsetName = keyof typeof SETS

export const NODE_PORT_SETS: Record<L4, [IpsetName, IpsetName]> = {
  tcp: ['KUBE-NODE-PORT-LOCAL-TCP', 'KUBE-NODE-PORT-TCP'],
  udp: ['KUBE-NODE-PORT-LOCAL-UDP', 'KUBE-NODE-PORT-UDP'],
  sctp: ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'KUBE-NODE-PORT-SCTP-HASH'],
}

/** Whether a packet (its destination, port and source) is in a set: O(1) lookups in the index. */
export function inIpset(index: ProxyIndex, name: string, pkt: PacketState): boolean {
  const dst = intToIp(pkt.dst)
  const entry = index.lookup(dst, pkt.proto, pkt.dport)
  switch (name as IpsetName) {
    case 'KUBE-CLUSTER-IP':
      return entry?.kind === 'cluster'
    case 'KUBE-EXTERNAL-IP':
    case 'KUBE-EXTERNAL-IP-LOCAL':
      return entry?.kind === 'external' && entry.sp.externalPolicyLocal === name.endsWith('LOCAL')
    case 'KUBE-LOAD-BALANCER':
      return entry?.kind === 'lb'
    case 'KUBE-LOAD-BALANCER-LOCAL':
      return entry?.kind === 'lb' && entry.sp.externalPolicyLocal
    case 'KUBE-LOAD-BALANCER-FW':
      return entry?.kind === 'lb' && entry.sp.sourceRanges.length > 0
    case 'KUBE-LOAD-BALANCER-SOURCE-CIDR':
      return (
        entry?.kind === 'lb' &&
        entry.sp.sourceRanges.some((c) => cidrContains(parseCidr(c), pkt.src))
      )
    case 'KUBE-HEALTH-CHECK-NODE-PORT':
      return index.healthCheckPort(pkt.dport) !== undefined
    case 'KUBE-IPVS-IPS':
      return index.isVirtualIP(dst)
    // KUBE-LOOP-BACK is only met in POSTROUTING, which kubePostrouting evaluates.
    case 'KUBE-LOOP-BACK':
      return false
    default: {
      const nodePort = index.nodePort(pkt.proto, pkt.dport)
      if (!nodePort || pkt.proto === 'icmp') return false
      const [localSet, set] = NODE_PORT_SETS[pkt.proto]
      return name === set || (name === localSet && nodePort.externalPolicyLocal)
    }
  }
}

const setMatch = (name: IpsetName, flags: string): Match => ({ kind: 'set', name, flags })
const note = (name: IpsetName) => comment(SETS[name])

/** KUBE-POSTROUTING's first rule: a pod that reached itself through a Service is masqueraded. */
export const LOOP_BACK: Rule = rule('KUBE-POSTROUTING', {
  matches: [note('KUBE-LOOP-BACK'), setMatch('KUBE-LOOP-BACK', 'dst,dst,src')],
  target: { kind: 'MASQUERADE', randomFully: false },
})

/** The IPVS mode's jumps from the built-in chains (iptablesJumpChain, prepended in turn). */
const JUMPS: [string, string, string][] = [
  ['nat', 'PREROUTING', 'kubernetes service portals:KUBE-SERVICES'],
  ['nat', 'OUTPUT', 'kubernetes service portals:KUBE-SERVICES'],
  ['filter', 'INPUT', 'kubernetes ipvs access filter:KUBE-IPVS-FILTER'],
  ['filter', 'INPUT', 'kube-proxy firewall rules:KUBE-PROXY-FIREWALL'],
  ['filter', 'INPUT', 'kubernetes health check rules:KUBE-NODE-PORT'],
  ['filter', 'FORWARD', 'kube-proxy firewall rules:KUBE-PROXY-FIREWALL'],
  ['filter', 'FORWARD', 'kubernetes forwarding rules:KUBE-FORWARD'],
  ['filter', 'OUTPUT', 'kubernetes ipvs access filter:KUBE-IPVS-OUT-FILTER'],
]

/** Every rule of the IPVS mode's nat and filter tables, given which sets have entries. */
export function ipvsRules(used: ReadonlySet<IpsetName>): Record<TableName, Rule[]> {
  const out: Record<TableName, Rule[]> = { nat: [], filter: [] }
  const add = (table: TableName, chain: string, spec: RuleSpec) =>
    out[table].push(rule(chain, spec))
  for (const [table, chain, jumpTo] of JUMPS) {
    const [text = '', to = ''] = jumpTo.split(':')
    add(table as TableName, chain, { matches: [comment(text)], target: jump(to) })
  }
  out.nat.push(POSTROUTING_JUMP, MARK_MASQ)
  out.filter.push(rule('INPUT', { target: jump('KUBE-FIREWALL') }), FLANNEL_FWD_JUMP)
  out.filter.push(rule('OUTPUT', { target: jump('KUBE-FIREWALL') }), KUBE_FIREWALL, ...FLANNEL_FWD)
  // Dismiss connections from localhost early.
  add('nat', 'KUBE-SERVICES', { src: '127.0.0.0/8', target: { kind: 'RETURN' } })
  // ipsetWithIptablesChain, in its order.
  const withSet = (
    table: TableName,
    chain: string,
    name: IpsetName,
    flags: string,
    target: RuleSpec['target'],
    proto?: L4,
  ) => {
    if (!used.has(name)) return
    add(table, chain, {
      matches: [note(name), setMatch(name, flags)],
      target,
      ...(proto ? { proto } : {}),
    })
  }
  if (used.has('KUBE-LOOP-BACK')) out.nat.push(LOOP_BACK)
  withSet('nat', 'KUBE-SERVICES', 'KUBE-LOAD-BALANCER', 'dst,dst', jump('KUBE-LOAD-BALANCER'))
  withSet('nat', 'KUBE-LOAD-BALANCER', 'KUBE-LOAD-BALANCER-LOCAL', 'dst,dst', { kind: 'RETURN' })
  for (const proto of ['tcp', 'udp', 'sctp'] as const) {
    const [localSet, set] = NODE_PORT_SETS[proto]
    const flags = proto === 'sctp' ? 'dst,dst' : 'dst'
    withSet('nat', 'KUBE-NODE-PORT', localSet, flags, { kind: 'RETURN' }, proto)
    withSet('nat', 'KUBE-NODE-PORT', set, flags, jump(KUBE_MARK_MASQ), proto)
  }
  withSet(
    'filter',
    'KUBE-PROXY-FIREWALL',
    'KUBE-LOAD-BALANCER-FW',
    'dst,dst',
    jump('KUBE-SOURCE-RANGES-FIREWALL'),
  )
  withSet(
    'filter',
    'KUBE-SOURCE-RANGES-FIREWALL',
    'KUBE-LOAD-BALANCER-SOURCE-CIDR',
    'dst,dst,src',
    {
      kind: 'RETURN',
    },
  )
  // Off-pod traffic to a ClusterIP is masqueraded (--detect-local-mode=ClusterCIDR).
  if (used.has('KUBE-CLUSTER-IP'))
    add('nat', 'KUBE-SERVICES', {
      src: CLUSTER_CIDR,
      notSrc: true,
      matches: [note('KUBE-CLUSTER-IP'), setMatch('KUBE-CLUSTER-IP', 'dst,dst')],
      target: jump(KUBE_MARK_MASQ),
    })
  for (const name of ['KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL'] as const) {
    if (!used.has(name)) continue
    const m = [note(name), setMatch(name, 'dst,dst')]
    if (name === 'KUBE-EXTERNAL-IP')
      add('nat', 'KUBE-SERVICES', { matches: m, target: jump(KUBE_MARK_MASQ) })
    // externalIPRules: off-machine traffic, and traffic to an external IP that is local, is accepted.
    add('nat', 'KUBE-SERVICES', {
      matches: [...m, { kind: 'physdev' }, { kind: 'addrtype', side: 'src', not: true }],
      target: { kind: 'ACCEPT' },
    })
    add('nat', 'KUBE-SERVICES', {
      matches: [...m, { kind: 'addrtype', side: 'dst' }],
      target: { kind: 'ACCEPT' },
    })
  }
  add('nat', 'KUBE-SERVICES', {
    matches: [{ kind: 'addrtype', side: 'dst' }],
    target: jump('KUBE-NODE-PORT'),
  })
  add('nat', 'KUBE-LOAD-BALANCER', { target: jump(KUBE_MARK_MASQ) })
  add('filter', 'KUBE-SOURCE-RANGES-FIREWALL', { target: { kind: 'DROP' } })
  // acceptIPVSTraffic: the last rules of KUBE-SERVICES.
  for (const name of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER'] as const)
    if (used.has(name))
      add('nat', 'KUBE-SERVICES', {
        matches: [setMatch(name, 'dst,dst')],
        target: { kind: 'ACCEPT' },
      })
  add('filter', 'KUBE-FORWARD', {
    matches: [comment('kubernetes forwarding rules'), { kind: 'mark' }],
    target: { kind: 'ACCEPT' },
  })
  add('filter', 'KUBE-FORWARD', {
    matches: [
      comment('kubernetes forwarding conntrack rule'),
      { kind: 'conntrack', states: 'RELATED,ESTABLISHED' },
    ],
    target: { kind: 'ACCEPT' },
  })
  add('filter', 'KUBE-NODE-PORT', {
    matches: [note('KUBE-HEALTH-CHECK-NODE-PORT'), setMatch('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')],
    target: { kind: 'ACCEPT' },
  })
  // KUBE-IPVS-FILTER: on kube-ipvs0's addresses only Service ports may be reached (#72236).
  for (const [name, flags] of [
    ['KUBE-LOAD-BALANCER', 'dst,dst'],
    ['KUBE-CLUSTER-IP', 'dst,dst'],
    ['KUBE-EXTERNAL-IP', 'dst,dst'],
    ['KUBE-EXTERNAL-IP-LOCAL', 'dst,dst'],
    ['KUBE-HEALTH-CHECK-NODE-PORT', 'dst'],
  ] as const)
    add('filter', 'KUBE-IPVS-FILTER', {
      matches: [setMatch(name, flags)],
      target: { kind: 'RETURN' },
    })
  add('filter', 'KUBE-IPVS-FILTER', {
    matches: [{ kind: 'conntrack', states: 'NEW' }, setMatch('KUBE-IPVS-IPS', 'dst')],
    target: { kind: 'REJECT' },
  })
  out.nat.push(...KUBE_POSTROUTING)
  return out
}

/** The IPVS mode's rules by table and chain, every set-based rule included, for evaluation. */
export const IPVS_CHAINS: Record<TableName, ReadonlyMap<string, Rule[]>> = (() => {
  const all = ipvsRules(new Set(Object.keys(SETS) as IpsetName[]))
  const byChain = (rules: Rule[]) => {
    const map = new Map<string, Rule[]>()
    for (const r of rules) map.set(r.chain, [...(map.get(r.chain) ?? []), r])
    return map
  }
  return { nat: byChain(all.nat), filter: byChain(all.filter) }
})()
