/**
 * flanneld's --ip-masq rules (pkg/trafficmngr/iptables/iptables.go masqRules): the nat chain
 * FLANNEL-POSTRTG, evaluated for the first packet of a connection in POSTROUTING (§3.7).
 */
import { cidrContains, ipToInt, parseCidr } from '../ipv4'
import { CLUSTER_CIDR } from './constants'

const COMMENT = '-m comment --comment "flanneld masq"'

export interface MasqVerdict {
  /** 1-based rule of FLANNEL-POSTRTG that matched. */
  rule: number
  line: string
  masquerade: boolean
}

interface MasqRule {
  /** The rule's text, as iptables-save prints it. */
  line: string
  matches(src: number, dst: number, marked: boolean): boolean
  masquerade: boolean
}

const cache = new Map<string, MasqRule[]>()

function rules(podCIDR: string): MasqRule[] {
  let list = cache.get(podCIDR)
  if (!list) cache.set(podCIDR, (list = buildRules(podCIDR)))
  return list
}

function buildRules(podCIDR: string): MasqRule[] {
  const cluster = parseCidr(CLUSTER_CIDR)
  const local = parseCidr(podCIDR)
  const inCluster = (ip: number) => cidrContains(cluster, ip)
  const inLocal = (ip: number) => cidrContains(local, ip)
  const multicast = parseCidr('224.0.0.0/4')
  const c = CLUSTER_CIDR
  return [
    {
      line: `-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 ${COMMENT} -j RETURN`,
      matches: (_s, _d, marked) => marked,
      masquerade: false,
    },
    {
      line: `-A FLANNEL-POSTRTG -s ${podCIDR} -d ${c} ${COMMENT} -j RETURN`,
      matches: (s, d) => inLocal(s) && inCluster(d),
      masquerade: false,
    },
    {
      line: `-A FLANNEL-POSTRTG -s ${c} -d ${podCIDR} ${COMMENT} -j RETURN`,
      matches: (s, d) => inCluster(s) && inLocal(d),
      masquerade: false,
    },
    {
      line: `-A FLANNEL-POSTRTG ! -s ${c} -d ${podCIDR} ${COMMENT} -j RETURN`,
      matches: (s, d) => !inCluster(s) && inLocal(d),
      masquerade: false,
    },
    {
      line: `-A FLANNEL-POSTRTG -s ${c} ! -d 224.0.0.0/4 ${COMMENT} -j MASQUERADE --random-fully`,
      matches: (s, d) => inCluster(s) && !cidrContains(multicast, d),
      masquerade: true,
    },
    {
      line: `-A FLANNEL-POSTRTG ! -s ${c} -d ${c} ${COMMENT} -j MASQUERADE --random-fully`,
      matches: (s, d) => !inCluster(s) && inCluster(d),
      masquerade: true,
    },
  ]
}

/** The nat rules flanneld appends on a node with this podCIDR, in order. */
export function flannelMasqRules(podCIDR: string): string[] {
  return [
    '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    ...rules(podCIDR).map((r) => r.line),
  ]
}

/** The first FLANNEL-POSTRTG rule a packet matches, or undefined when it falls through. */
export function flannelPostrouting(
  podCIDR: string,
  src: string,
  dst: string,
  marked = false,
): MasqVerdict | undefined {
  const s = ipToInt(src)
  const d = ipToInt(dst)
  const list = rules(podCIDR)
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as MasqRule
    if (r.matches(s, d, marked)) return { rule: i + 1, line: r.line, masquerade: r.masquerade }
  }
  return undefined
}
