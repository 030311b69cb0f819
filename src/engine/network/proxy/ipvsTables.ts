/**
 * A node's nat and filter tables in IPVS mode, as `iptables-save` shows them: kube-proxy's rules
 * on the sets that have entries here (pkg/proxy/ipvs/proxier.go writeIptablesRules skips a rule on
 * an empty set), kubelet's KUBE-FIREWALL and flanneld's chains.
 */
import { flannelMasqRules } from '../../model/network/flannelMasq'
import type { NodeNet } from '../../model/network/interfaces'
import type { IpsetName } from './ipvsRules'
import { ipvsRules, NODE_PORT_SETS } from './ipvsRules'
import type { ProxyIndex } from './ProxyIndex'
import { KUBE_MARK_MASQ } from './serviceRules'
import { CANARY_CHAINS, FLANNEL_FWD_JUMP } from './staticRules'
import type { TableName } from './tables'
import { lineOf, Table } from './tables'

/** Which sets have entries on a node (a rule on an empty set is not written). */
function setsInUse(index: ProxyIndex, node: NodeNet): Set<IpsetName> {
  const used = new Set<IpsetName>(['KUBE-HEALTH-CHECK-NODE-PORT', 'KUBE-IPVS-IPS'])
  if (index.hasEndpointsOn(node.name)) used.add('KUBE-LOOP-BACK')
  for (const sp of index.servicePorts()) {
    used.add('KUBE-CLUSTER-IP')
    const local = sp.externalPolicyLocal
    if (sp.externalIPs.length) used.add(local ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP')
    if (sp.loadBalancerIPs.length) {
      used.add('KUBE-LOAD-BALANCER')
      if (local) used.add('KUBE-LOAD-BALANCER-LOCAL')
      if (sp.sourceRanges.length)
        used.add('KUBE-LOAD-BALANCER-FW').add('KUBE-LOAD-BALANCER-SOURCE-CIDR')
    }
    if (sp.nodePort) {
      const [localSet, set] = NODE_PORT_SETS[sp.protocol]
      used.add(set)
      if (local) used.add(localSet)
    }
  }
  return used
}

/** The chains kube-proxy creates in IPVS mode (iptablesChains), and kubelet's. */
const CHAINS: Record<TableName, string[]> = {
  nat: [
    'KUBE-SERVICES',
    'KUBE-POSTROUTING',
    'KUBE-NODE-PORT',
    'KUBE-LOAD-BALANCER',
    KUBE_MARK_MASQ,
  ],
  filter: [
    'KUBE-FORWARD',
    'KUBE-NODE-PORT',
    'KUBE-PROXY-FIREWALL',
    'KUBE-SOURCE-RANGES-FIREWALL',
    'KUBE-IPVS-FILTER',
    'KUBE-IPVS-OUT-FILTER',
    'KUBE-FIREWALL',
  ],
}

/** A node's nat and filter tables in IPVS mode, with kubelet's and flanneld's rules. */
export function ipvsTables(index: ProxyIndex, node: NodeNet): Record<TableName, Table> {
  const rules = ipvsRules(setsInUse(index, node))
  const tables = { nat: new Table('nat'), filter: new Table('filter') }
  for (const name of ['nat', 'filter'] as const) {
    const t = tables[name]
    for (const c of [...CHAINS[name], ...CANARY_CHAINS]) t.declare(c)
    t.append(
      rules[name].filter(
        (r) => node.podCIDR || (!r.chain.startsWith('FLANNEL') && r !== FLANNEL_FWD_JUMP),
      ),
    )
  }
  if (node.podCIDR)
    tables.nat.declare('FLANNEL-POSTRTG').append(flannelMasqRules(node.podCIDR).map(lineOf))
  return tables
}
