/**
 * kube-proxy at a node's nat hook for a connection's first packet: PREROUTING when it entered the
 * node's stack, OUTPUT when a process on the node sent it (§4.6). In iptables mode KUBE-SERVICES →
 * KUBE-SVC/EXT → KUBE-SEP picks an endpoint with the statistic rules and DNATs; in IPVS mode the
 * ClusterIP is local on kube-ipvs0 and the virtual server forwards (Masq). REJECT and DROP end the
 * packet's way. Replies are not evaluated: conntrack reverses the binding instead.
 */
import type { NodeNet } from '../../model/network/interfaces'
import { evaluateIptables, kubePostrouting } from '../proxy/evaluate'
import type { ProxyEvaluation, ProxyHook } from '../proxy/evaluate'
import { findVirtualServer, ipvsadmList } from '../proxy/ipvs'
import { evaluateIpvs } from '../proxy/ipvsEvaluate'
import type { IpvsEvaluation } from '../proxy/ipvsEvaluate'
import type { ProxyIndex } from '../proxy/ProxyIndex'
import type { DecisionEntry, RuleListing } from './types'
import type { Packet, SessionAffinity, Walk } from './walk'
import { dnat, l4Text } from './walk'

export interface NatHookResult {
  /** What to say about it (empty when kube-proxy is not simulated). */
  text: string
  entries: DecisionEntry[]
  /** KUBE-MARK-MASQ set the 0x4000 mark: KUBE-POSTROUTING will masquerade. */
  marked: boolean
  /** IPVS: a pod reached itself through its Service (KUBE-LOOP-BACK masquerades). */
  hairpin: boolean
  /** REJECT or DROP: the walk ends here with this result. */
  stop?: { result: 'refused' | 'dropped'; reason: string }
}

const NONE: NatHookResult = { text: '', entries: [], marked: false, hairpin: false }

/** The chains the packet went through, in order: KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…. */
function chainPath(ev: ProxyEvaluation): string {
  const chains: string[] = []
  for (const r of ev.rules)
    if (r.table === 'nat' && chains[chains.length - 1] !== r.chain) chains.push(r.chain)
  // A jump into a chain none of whose rules matched (KUBE-EXT-… under Local policy) still shows.
  const lastNat = ev.rules.filter((r) => r.table === 'nat').at(-1)
  const target = lastNat?.line.match(/-j (KUBE-(?!MARK-MASQ)[A-Z0-9-]+)$/)?.[1]
  if (target && chains[chains.length - 1] !== target) chains.push(target)
  // The built-in chain is named by the hook already.
  return chains.filter((c) => c !== 'PREROUTING' && c !== 'OUTPUT').join(' → ')
}

/** A statistic rule's random draw: its probability 1/oneIn, and whether it matched. */
interface Draw {
  oneIn: number
  hit: boolean
}

/**
 * The random draws of KUBE-SVC's statistic rules (§4.4): each endpoint but the last has one, with
 * probability 1/n, 1/(n−1), … 1/2; the first that matches picks its endpoint, and when none does
 * the final rule (no statistic match) picks the last one.
 */
function drawNote(draws: readonly Draw[]): string {
  if (draws.length === 0) return ''
  const p = (d: Draw | undefined) => (d ? (1 / d.oneIn).toFixed(10) : '')
  const last = draws[draws.length - 1]
  const missed = last?.hit ? draws.slice(0, -1) : draws
  const tried =
    draws.length <= 3
      ? draws.map((d) => `probability ${p(d)} ${d.hit ? 'matched' : 'missed'}`).join(', ')
      : `${missed.length} statistic rules missed (probability ${p(missed[0])} … ${p(missed[missed.length - 1])})${last?.hit ? `, then probability ${p(last)} matched` : ''}`
  const hit = draws[draws.length - 1]?.hit
  return ` (random draw: ${tried}${hit ? '' : ', so the final rule, without a statistic match, picked the last endpoint'})`
}

const HEAD_LINES = 6
const TAIL_LINES = 2

/**
 * A long chain (a Service with hundreds of endpoints) shortened for reading: its first and last
 * lines and the ones the packet matched, with what was left out said in between.
 */
function elide(lines: readonly string[], matched: ReadonlySet<string>): string[] {
  if (lines.length <= HEAD_LINES + TAIL_LINES + 4) return [...lines]
  const out: string[] = []
  let skipped = 0
  lines.forEach((line, i) => {
    if (i < HEAD_LINES || i >= lines.length - TAIL_LINES || matched.has(line)) {
      if (skipped) out.push(`# … ${skipped} more rule${skipped === 1 ? '' : 's'} …`)
      skipped = 0
      out.push(line)
    } else skipped++
  })
  return out
}

/** The per-Service chains a packet went through (KUBE-SVC-, KUBE-SEP-, …), each listed whole. */
function chainListings(
  proxy: ProxyIndex,
  node: NodeNet,
  ev: ProxyEvaluation,
  pkt: { dst: string; proto: string; dport?: number },
): RuleListing[] {
  const ports = [
    proxy.lookup(pkt.dst, pkt.proto, pkt.dport)?.sp,
    proxy.nodePort(pkt.proto, pkt.dport),
  ].filter((sp) => sp !== undefined)
  const chains = [...new Set(ev.rules.filter((r) => r.table === 'nat').map((r) => r.chain))]
  const out: RuleListing[] = []
  for (const sp of ports) {
    const nat = proxy.rules(sp, node).nat
    for (const chain of chains) {
      const rules = /^KUBE-(SVC|SVL|EXT|FW|SEP)-/.test(chain) ? nat.get(chain) : undefined
      if (rules && !out.some((l) => l.title === chain))
        out.push({
          node: node.name,
          kind: 'iptables',
          title: chain,
          lines: elide(
            rules.map((r) => r.line),
            new Set(ev.rules.map((r) => r.line)),
          ),
        })
    }
  }
  return out
}

/** The IPVS virtual server a packet met, with its real servers, as `ipvsadm -Ln` lists it. */
function ipvsListing(
  proxy: ProxyIndex,
  node: NodeNet,
  pkt: { dst: string; proto: string; dport?: number },
): RuleListing[] {
  const vs = findVirtualServer(proxy, node, pkt.dst, pkt.proto, pkt.dport)
  if (!vs) return []
  const [title = '', ...lines] = ipvsadmList([vs]).slice(3)
  return [{ node: node.name, kind: 'ipvs', title, lines: [title, ...lines] }]
}

/**
 * Session affinity: the source the chosen KUBE-SEP's `-m recent --set` added to its list, or the
 * IPVS persistence template for this client; true when the template already held the server.
 */
function remember(
  affinity: SessionAffinity | undefined,
  node: string,
  ev: ProxyEvaluation | IpvsEvaluation,
  vsLine: string | undefined,
  src: string,
  server: string,
): boolean {
  if (!affinity) return false
  if ('recentSet' in ev && ev.recentSet)
    (affinity.recent[`${node} ${ev.recentSet}`] ??= {})[src] = true
  if (!vsLine?.includes(' persistent ')) return false
  const templates = (affinity.persisted[`${node} ${vsLine}`] ??= {})
  const held = templates[src] === server
  templates[src] = server
  return held
}

export function kubeProxyHook(w: Walk, node: NodeNet, pkt: Packet, hook: ProxyHook): NatHookResult {
  const proxy = w.env.proxy
  if (!proxy || w.direction !== 'request') return NONE
  const packet = {
    src: pkt.ip.src,
    dst: pkt.ip.dst,
    proto: pkt.l4.proto,
    ...(pkt.l4.dstPort !== undefined ? { dport: pkt.l4.dstPort } : {}),
  }
  const ipvs = proxy.mode === 'ipvs'
  const draws: Draw[] = []
  const draw = (n: number): number => {
    const r = w.env.draw(n)
    draws.push({ oneIn: n, hit: r === 0 })
    return r
  }
  const affinity = w.env.affinity
  const ev: ProxyEvaluation | IpvsEvaluation = ipvs
    ? evaluateIpvs(proxy, node, hook, packet, {
        draw: w.env.draw,
        rr: (vs) => w.env.ipvsRr?.(`${node.name} ${vs}`) ?? 0,
        persisted: (vs, client) => affinity?.persisted[`${node.name} ${vs}`]?.[client],
      })
    : evaluateIptables(proxy, node, hook, packet, {
        draw,
        recent: (list, src) => !!affinity?.recent[`${node.name} ${list}`]?.[src],
      })
  // The nat rules that led somewhere, and the filter rule that refused or dropped, if one did;
  // the filter chains' plain jumps and ACCEPTs every first packet meets are left out (§8).
  const deciding = ev.verdict.kind === 'reject' || ev.verdict.kind === 'drop' ? ev.verdict.line : ''
  const entries: DecisionEntry[] = ev.rules
    .filter((r) => r.table === 'nat' || r.line === deciding)
    .map((r) => ({ table: 'iptables', node: node.name, entry: r.line }))
  if (w.env.detail)
    w.pendingRules = ipvs
      ? ipvsListing(proxy, node, packet)
      : chainListings(proxy, node, ev, packet)
  const vsLine = ipvs ? (ev as IpvsEvaluation).virtualServer : undefined
  const hairpin = ipvs && (ev as IpvsEvaluation).hairpin
  const v = ev.verdict
  const table = `nat ${hook}`
  if (v.kind === 'reject')
    return {
      text: ` filter: "${v.line}": REJECT, the node answers ICMP port unreachable.`,
      entries,
      marked: ev.marked,
      hairpin,
      stop: {
        result: 'refused',
        reason: `${v.line.match(/--comment "([^"]+)"/)?.[1] ?? 'the Service has no endpoints'}: REJECT (ICMP port unreachable): Connection refused`,
      },
    }
  if (v.kind === 'drop')
    return {
      text: `${chainPath(ev) ? ` ${table}: ${chainPath(ev)}: no rule leads to an endpoint on ${node.name}.` : ''} filter: "${v.line}": DROP, nothing comes back.`,
      entries,
      marked: ev.marked,
      hairpin,
      stop: {
        result: 'dropped',
        reason: `${v.line.match(/--comment "([^"]+)"/)?.[1] ?? 'dropped by kube-proxy'}: DROP, the client times out`,
      },
    }
  if (v.kind !== 'dnat')
    return { ...NONE, text: ipvs ? '' : ` ${table}: KUBE-SERVICES, no Service matches.`, entries }
  const before = `${pkt.ip.dst}:${pkt.l4.dstPort ?? ''}`
  const held = remember(affinity, node.name, ev, vsLine, pkt.ip.src, `${v.ip}:${v.port}`)
  dnat(w, node.name, pkt, v.ip, v.port)
  if (vsLine) {
    w.env.ipvsScheduled?.(`${node.name} ${vsLine}`)
    entries.push({ table: 'ipvs', node: node.name, entry: vsLine })
  }
  const how = ipvs
    ? ` IPVS: kube-ipvs0 holds ${before.split(':')[0]}, so the packet is local and the virtual server "${vsLine ?? ''}" forwards it ${held ? `to the real server its persistence template holds for ${pkt.ip.src}` : 'round-robin'} (Masq) to ${v.ip}:${v.port}.`
    : ` ${table}: ${chainPath(ev)}${drawNote(draws)}: DNAT ${before} → ${v.ip}:${v.port} (${l4Text(pkt)}); conntrack remembers it for the reply.`
  const mark = ev.marked ? ' KUBE-MARK-MASQ marks it 0x4000 for masquerade.' : ''
  return { text: how + mark, entries, marked: ev.marked, hairpin }
}

/** KUBE-POSTROUTING's verdict for a connection's first packet, with its lines. */
export function kubePostroutingHook(
  w: Walk,
  node: NodeNet,
  nat: NatHookResult | undefined,
): { masquerade: boolean; entries: DecisionEntry[] } {
  if (!w.env.proxy || w.direction !== 'request') return { masquerade: false, entries: [] }
  const ipvs = w.env.proxy.mode === 'ipvs'
  const kp = kubePostrouting(
    nat?.marked ?? false,
    ipvs ? { hairpin: nat?.hairpin ?? false } : undefined,
  )
  return {
    masquerade: kp.masquerade,
    entries: kp.masquerade
      ? kp.rules.map((r) => ({ table: 'iptables' as const, node: node.name, entry: r.line }))
      : [],
  }
}
