/**
 * A packet's walk through one table, rule by rule as netfilter's ipt_do_table runs it: a match
 * jumps into a user chain and comes back at its end or at RETURN; MARK changes the packet and goes
 * on; DNAT, MASQUERADE, ACCEPT, DROP and REJECT end the table. Only the rules that matched are
 * recorded, each with its iptables-save line.
 */
import type { MatchEnv, PacketState, Rule } from './rules'
import { ruleMatches } from './rules'
import type { TableName } from './tables'

export interface TraversedRule {
  table: TableName
  chain: string
  line: string
}

export interface ChainWalk {
  table: TableName
  /** The rules of a chain that can match this packet, in order (others may be left out). */
  source(chain: string, pkt: PacketState): readonly Rule[]
  env: MatchEnv
  traversed: TraversedRule[]
  /** The `-m recent --set` list a matched rule added the packet's source to. */
  recentSet?: string
}

/** Runs a chain; returns the rule whose target ended the walk of the table, if one did. */
export function runChain(w: ChainWalk, chain: string, pkt: PacketState): Rule | undefined {
  for (const r of w.source(chain, pkt)) {
    if (!ruleMatches(r, pkt, w.env)) continue
    w.traversed.push({ table: w.table, chain: r.chain, line: r.line })
    for (const m of r.matches)
      if (m.kind === 'recent' && m.seconds === undefined) w.recentSet = m.name
    const t = r.target
    if (t.kind === 'jump') {
      const end = runChain(w, t.chain, pkt)
      if (end) return end
    } else if (t.kind === 'MARK') pkt.marked = t.op === 'or' || !pkt.marked
    else if (t.kind === 'RETURN') return undefined
    else if (t.kind !== 'none') return r
  }
  return undefined
}
