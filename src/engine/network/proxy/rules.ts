/**
 * iptables rules as data: the criteria a rule matches, its target, and its text as `iptables-save`
 * lays it out (`-s`, `-d`, `-p`, then the `-m` matches in the order they were given, then `-j`).
 * The same object is printed by `iptables-save` and evaluated by the packet walk, so what the user
 * reads is what the packet meets.
 *
 * Departure from upstream: the values keep kube-proxy's own spelling, as the networking spec §4.1
 * and §4.5 write them (`--comment default/web:http` unquoted, `--probability 0.5000000000` from
 * computeProbability's %0.10f, `-j MARK --or-mark 0x4000`, `-j REJECT`). A real iptables-save
 * re-spells them (xtables_save_string quotes `/` and `:`, libxt_statistic prints 11 digits,
 * libxt_MARK prints `--set-xmark 0x4000/0x4000`, libipt_REJECT adds `--reject-with`).
 */
import type { Cidr } from '../../model/ipv4'
import { cidrContains, parseCidr } from '../../model/ipv4'

/** The protocols a Service port can have, lower case as kube-proxy writes them. */
export type L4 = 'tcp' | 'udp' | 'sctp'

/** kube-proxy's masquerade mark: 1 << --iptables-masquerade-bit (14). */
export const MASQ_MARK = '0x4000'

export interface Addr {
  cidr: string
  net: Cidr
  not?: boolean
}

export type Match =
  | { kind: 'comment'; text: string }
  /** `-m tcp [--dport N]`. */
  | { kind: 'l4'; proto: L4; dport?: number }
  /** `-m addrtype [!] --src-type LOCAL` or `--dst-type LOCAL`. */
  | { kind: 'addrtype'; side: 'src' | 'dst'; not?: boolean }
  /** `-m mark [!] --mark 0x4000/0x4000`. */
  | { kind: 'mark'; not?: boolean }
  | { kind: 'conntrack'; states: string; not?: boolean }
  /** `-m statistic --mode random --probability 1/oneIn`. */
  | { kind: 'statistic'; oneIn: number }
  /** `--rcheck --seconds N --reap` when `seconds` is set, else `--set`. */
  | { kind: 'recent'; name: string; seconds?: number }
  /** An ipset: `-m set --match-set NAME dst,dst`. */
  | { kind: 'set'; name: string; flags: string }
  /** `-m physdev ! --physdev-is-in`: not bridged in from a pod. */
  | { kind: 'physdev' }

export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'DNAT'; ip: string; port: number }
  | { kind: 'MARK'; op: 'or' | 'xor' }
  | { kind: 'MASQUERADE'; randomFully: boolean }
  | { kind: 'RETURN' | 'ACCEPT' | 'DROP' | 'REJECT' }
  /** A rule with no target (KUBE-FW's last rule only counts packets). */
  | { kind: 'none' }

export interface Rule {
  chain: string
  src?: Addr
  dst?: Addr
  proto?: L4
  matches: Match[]
  target: Target
  /** The rule as iptables-save prints it. */
  line: string
}

export interface RuleSpec {
  src?: string
  notSrc?: boolean
  dst?: string
  notDst?: boolean
  proto?: L4
  matches?: Match[]
  target: Target
}

/** kube-proxy writes a comment in quotes only when it has blanks (its literal `"..."` strings). */
function quote(text: string): string {
  return /\s/.test(text) ? `"${text}"` : text
}

function formatMatch(m: Match): string {
  switch (m.kind) {
    case 'comment':
      return `-m comment --comment ${quote(m.text)}`
    case 'l4':
      return m.dport === undefined ? `-m ${m.proto}` : `-m ${m.proto} --dport ${m.dport}`
    case 'addrtype':
      return `-m addrtype ${m.not ? '! ' : ''}--${m.side}-type LOCAL`
    case 'mark':
      return `-m mark ${m.not ? '! ' : ''}--mark ${MASQ_MARK}/${MASQ_MARK}`
    case 'conntrack':
      return `-m conntrack ${m.not ? '! ' : ''}--ctstate ${m.states}`
    case 'statistic':
      // computeProbability: fmt.Sprintf("%0.10f", 1.0/float64(n)); toFixed rounds the same way.
      return `-m statistic --mode random --probability ${(1 / m.oneIn).toFixed(10)}`
    case 'recent':
      return m.seconds === undefined
        ? `-m recent --name ${m.name} --set`
        : `-m recent --name ${m.name} --rcheck --seconds ${m.seconds} --reap`
    case 'set':
      return `-m set --match-set ${m.name} ${m.flags}`
    case 'physdev':
      return '-m physdev ! --physdev-is-in'
  }
}

function formatTarget(t: Target): string {
  switch (t.kind) {
    case 'jump':
      return ` -j ${t.chain}`
    case 'DNAT':
      return ` -j DNAT --to-destination ${t.ip}:${t.port}`
    case 'MARK':
      return ` -j MARK --${t.op}-mark ${MASQ_MARK}`
    case 'MASQUERADE':
      return t.randomFully ? ' -j MASQUERADE --random-fully' : ' -j MASQUERADE'
    case 'none':
      return ''
    default:
      return ` -j ${t.kind}`
  }
}

const parsed = new Map<string, Cidr>()

function addr(cidr: string, not?: boolean): Addr {
  let net = parsed.get(cidr)
  if (!net) parsed.set(cidr, (net = parseCidr(cidr)))
  return not ? { cidr, net, not } : { cidr, net }
}

/** A rule of a chain, with its iptables-save line. Host addresses are given as /32. */
export function rule(chain: string, spec: RuleSpec): Rule {
  const r: Rule = { chain, matches: spec.matches ?? [], target: spec.target, line: '' }
  let line = `-A ${chain}`
  if (spec.src !== undefined) {
    r.src = addr(spec.src, spec.notSrc)
    line += `${spec.notSrc ? ' !' : ''} -s ${spec.src}`
  }
  if (spec.dst !== undefined) {
    r.dst = addr(spec.dst, spec.notDst)
    line += `${spec.notDst ? ' !' : ''} -d ${spec.dst}`
  }
  if (spec.proto) {
    r.proto = spec.proto
    line += ` -p ${spec.proto}`
  }
  for (const m of r.matches) line += ` ${formatMatch(m)}`
  r.line = line + formatTarget(r.target)
  return r
}

export const comment = (text: string): Match => ({ kind: 'comment', text })
export const jump = (chain: string): Target => ({ kind: 'jump', chain })

/** What a rule can see of the first packet of a connection, and of the node it is on. */
export interface PacketState {
  src: number
  dst: number
  proto: L4 | 'icmp'
  dport?: number
  marked: boolean
  /** The destination (the source) is one of the node's own addresses (addrtype LOCAL). */
  dstLocal: boolean
  srcLocal: boolean
  /** The packet was bridged in from a pod's veth (physdev). */
  bridged: boolean
  /** The packet's destination was rewritten by DNAT (conntrack state DNAT). */
  dnatted: boolean
}

/** What matching needs from outside the rule: the random draws, the recent lists, the ipsets. */
export interface MatchEnv {
  draw(n: number): number
  recent(list: string, src: number): boolean
  inSet(name: string, flags: string, pkt: PacketState): boolean
}

function conntrackStates(pkt: PacketState): string[] {
  // Only a connection's first packet meets the nat table: it is NEW, and DNAT once rewritten.
  return pkt.dnatted ? ['NEW', 'DNAT'] : ['NEW']
}

function matchOne(m: Match, pkt: PacketState, env: MatchEnv): boolean {
  switch (m.kind) {
    case 'comment':
      return true
    case 'l4':
      return pkt.proto === m.proto && (m.dport === undefined || pkt.dport === m.dport)
    case 'addrtype':
      return (m.side === 'src' ? pkt.srcLocal : pkt.dstLocal) !== !!m.not
    case 'mark':
      return pkt.marked !== !!m.not
    case 'conntrack': {
      const states = conntrackStates(pkt)
      return m.states.split(',').some((s) => states.includes(s)) !== !!m.not
    }
    case 'statistic':
      return env.draw(m.oneIn) === 0
    case 'recent':
      return m.seconds === undefined || env.recent(m.name, pkt.src)
    case 'set':
      return env.inSet(m.name, m.flags, pkt)
    case 'physdev':
      return !pkt.bridged
  }
}

function addrMatches(a: Addr | undefined, ip: number): boolean {
  return a === undefined || cidrContains(a.net, ip) !== !!a.not
}

/** Whether a rule matches a packet; a statistic match draws only when the criteria before it hold. */
export function ruleMatches(r: Rule, pkt: PacketState, env: MatchEnv): boolean {
  if (!addrMatches(r.src, pkt.src) || !addrMatches(r.dst, pkt.dst)) return false
  if (r.proto && r.proto !== pkt.proto) return false
  for (const m of r.matches) if (!matchOne(m, pkt, env)) return false
  return true
}
