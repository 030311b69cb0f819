/**
 * The rules a node has whatever its Services: kube-proxy's jumps from the built-in chains
 * (proxier.go iptablesJumpChains, prepended, so the last listed comes first), KUBE-MARK-MASQ and
 * KUBE-POSTROUTING, filter KUBE-FORWARD, the last rule of nat KUBE-SERVICES (§4.1); kubelet's
 * KUBE-FIREWALL (kubelet_network_linux.go syncIPTablesRules); flanneld's FLANNEL-FWD
 * (pkg/trafficmngr/iptables forwardRules, appended after kube-proxy's jumps).
 */
import { CLUSTER_CIDR } from '../../model/network/constants'
import type { Rule } from './rules'
import { comment, jump, rule } from './rules'
import { KUBE_MARK_MASQ } from './serviceRules'

/** Empty chains kubelet and kube-proxy create to notice when someone flushes the tables. */
export const CANARY_CHAINS = ['KUBE-KUBELET-CANARY', 'KUBE-PROXY-CANARY']

const ctNew = { kind: 'conntrack', states: 'NEW' } as const

export const MARK_MASQ: Rule = rule(KUBE_MARK_MASQ, { target: { kind: 'MARK', op: 'or' } })

/** syncProxyRules' KUBE-POSTROUTING: unmarked packets return; marked ones are unmarked and masqueraded. */
export const KUBE_POSTROUTING: Rule[] = [
  rule('KUBE-POSTROUTING', { matches: [{ kind: 'mark', not: true }], target: { kind: 'RETURN' } }),
  rule('KUBE-POSTROUTING', { target: { kind: 'MARK', op: 'xor' } }),
  rule('KUBE-POSTROUTING', {
    matches: [comment('kubernetes service traffic requiring SNAT')],
    target: { kind: 'MASQUERADE', randomFully: true },
  }),
]

export const POSTROUTING_JUMP: Rule = rule('POSTROUTING', {
  matches: [comment('kubernetes postrouting rules')],
  target: jump('KUBE-POSTROUTING'),
})

const portals = (chain: string) =>
  rule(chain, { matches: [comment('kubernetes service portals')], target: jump('KUBE-SERVICES') })

/** iptables mode's nat rules outside the per-service ones, by chain. */
export const IPTABLES_NAT: ReadonlyMap<string, Rule[]> = new Map([
  ['PREROUTING', [portals('PREROUTING')]],
  ['OUTPUT', [portals('OUTPUT')]],
  ['POSTROUTING', [POSTROUTING_JUMP]],
  [KUBE_MARK_MASQ, [MARK_MASQ]],
  ['KUBE-POSTROUTING', KUBE_POSTROUTING],
  [
    'KUBE-SERVICES',
    [
      rule('KUBE-SERVICES', {
        matches: [
          comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
          { kind: 'addrtype', side: 'dst' },
        ],
        target: jump('KUBE-NODEPORTS'),
      }),
    ],
  ],
  ['KUBE-NODEPORTS', []],
])

/** kubelet's KUBE-FIREWALL: drop packets to 127.0.0.0/8 that did not come from it (route_localnet). */
export const KUBE_FIREWALL: Rule = rule('KUBE-FIREWALL', {
  src: '127.0.0.0/8',
  notSrc: true,
  dst: '127.0.0.0/8',
  matches: [
    comment('block incoming localnet connections'),
    { kind: 'conntrack', states: 'RELATED,ESTABLISHED,DNAT', not: true },
  ],
  target: { kind: 'DROP' },
})

/** flanneld's forward rules: anything to or from the pod network is forwarded. */
export const FLANNEL_FWD: Rule[] = [
  rule('FLANNEL-FWD', {
    src: CLUSTER_CIDR,
    matches: [comment('flanneld forward')],
    target: { kind: 'ACCEPT' },
  }),
  rule('FLANNEL-FWD', {
    dst: CLUSTER_CIDR,
    matches: [comment('flanneld forward')],
    target: { kind: 'ACCEPT' },
  }),
]

export const FLANNEL_FWD_JUMP: Rule = rule('FORWARD', {
  matches: [comment('flanneld forward')],
  target: jump('FLANNEL-FWD'),
})

const toFirewall = (chain: string) =>
  rule(chain, {
    matches: [ctNew, comment('kubernetes load balancer firewall')],
    target: jump('KUBE-PROXY-FIREWALL'),
  })
const toServices = (chain: string) =>
  rule(chain, {
    matches: [ctNew, comment('kubernetes service portals')],
    target: jump('KUBE-SERVICES'),
  })
const toExternal = (chain: string) =>
  rule(chain, {
    matches: [ctNew, comment('kubernetes externally-visible service portals')],
    target: jump('KUBE-EXTERNAL-SERVICES'),
  })

/** iptables mode's filter rules outside the per-service ones, by chain. */
export const IPTABLES_FILTER: ReadonlyMap<string, Rule[]> = new Map([
  [
    'INPUT',
    [
      toFirewall('INPUT'),
      rule('INPUT', {
        matches: [comment('kubernetes health check service ports')],
        target: jump('KUBE-NODEPORTS'),
      }),
      toExternal('INPUT'),
      rule('INPUT', { target: jump('KUBE-FIREWALL') }),
    ],
  ],
  [
    'FORWARD',
    [
      toFirewall('FORWARD'),
      rule('FORWARD', {
        matches: [comment('kubernetes forwarding rules')],
        target: jump('KUBE-FORWARD'),
      }),
      toServices('FORWARD'),
      toExternal('FORWARD'),
      FLANNEL_FWD_JUMP,
    ],
  ],
  [
    'OUTPUT',
    [toFirewall('OUTPUT'), toServices('OUTPUT'), rule('OUTPUT', { target: jump('KUBE-FIREWALL') })],
  ],
  [
    'KUBE-FORWARD',
    [
      // Only while net.netfilter.nf_conntrack_tcp_be_liberal is 0, its default.
      rule('KUBE-FORWARD', {
        matches: [{ kind: 'conntrack', states: 'INVALID' }],
        target: { kind: 'DROP' },
      }),
      rule('KUBE-FORWARD', {
        matches: [comment('kubernetes forwarding rules'), { kind: 'mark' }],
        target: { kind: 'ACCEPT' },
      }),
      rule('KUBE-FORWARD', {
        matches: [
          comment('kubernetes forwarding conntrack rule'),
          { kind: 'conntrack', states: 'RELATED,ESTABLISHED' },
        ],
        target: { kind: 'ACCEPT' },
      }),
    ],
  ],
  ['KUBE-FIREWALL', [KUBE_FIREWALL]],
  ['FLANNEL-FWD', FLANNEL_FWD],
  ['KUBE-SERVICES', []],
  ['KUBE-EXTERNAL-SERVICES', []],
  ['KUBE-NODEPORTS', []],
  ['KUBE-PROXY-FIREWALL', []],
])
