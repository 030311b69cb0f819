/**
 * A node's whole nat and filter tables in iptables mode: kube-proxy's fixed rules, every Service
 * port's rules in ClusterIP order, kubelet's and flanneld's rules (flannelMasqRules,
 * FLANNEL-FWD; flanneld programs nothing on a node without a podCIDR). What `iptables-save` shows.
 */
import { flannelMasqRules } from '../../model/network/flannelMasq'
import type { NodeNet } from '../../model/network/interfaces'
import type { ProxyIndex } from './ProxyIndex'
import type { Rule } from './rules'
import { CANARY_CHAINS, FLANNEL_FWD_JUMP, IPTABLES_FILTER, IPTABLES_NAT } from './staticRules'
import { lineOf, Table } from './tables'

export function iptablesTables(index: ProxyIndex, node: NodeNet): { nat: Table; filter: Table } {
  const nat = new Table('nat')
  const filter = new Table('filter')
  for (const t of [nat, filter]) for (const c of CANARY_CHAINS) t.declare(c)
  const flannel = !!node.podCIDR
  for (const [chain, rules] of IPTABLES_NAT) {
    nat.declare(chain)
    if (chain !== 'KUBE-SERVICES') nat.append(rules)
  }
  if (node.podCIDR)
    nat.declare('FLANNEL-POSTRTG').append(flannelMasqRules(node.podCIDR).map(lineOf))
  for (const [chain, rules] of IPTABLES_FILTER) {
    if (chain === 'FLANNEL-FWD' && !flannel) continue
    filter.declare(chain).append(rules.filter((r) => r !== FLANNEL_FWD_JUMP || flannel))
  }
  for (const sp of index.servicePorts()) {
    const sr = index.rules(sp, node)
    for (const chain of sr.ownChains) nat.declare(chain)
    for (const rules of sr.nat.values()) nat.append(rules)
    for (const rules of sr.filter.values()) filter.append(rules)
  }
  nat.append(IPTABLES_NAT.get('KUBE-SERVICES') as Rule[])
  return { nat, filter }
}
