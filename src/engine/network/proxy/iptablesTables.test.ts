import { describe, expect, it } from 'vitest'
import { iptablesTables } from './iptablesTables'
import { fixtureServices, proxyWith } from './testServices'

/** §4.5, node1, web with externalTrafficPolicy Cluster: every line, in this order within its chain. */
const SPEC_4_5 = `
-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
-A KUBE-SERVICES -d 10.104.62.15/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-NODEPORTS -p tcp -m comment --comment default/web:http -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL
-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.104.62.15/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.2:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UIQK3OSOSTRHRPBX
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.2:8080" -j KUBE-SEP-4EX2N4PG4ASNZOBF
-A KUBE-SEP-UIQK3OSOSTRHRPBX -s 10.244.1.2/32 -m comment --comment default/web:http -j KUBE-MARK-MASQ
-A KUBE-SEP-UIQK3OSOSTRHRPBX -p tcp -m comment --comment default/web:http -m tcp -j DNAT --to-destination 10.244.1.2:8080
-A KUBE-SEP-4EX2N4PG4ASNZOBF -s 10.244.2.2/32 -m comment --comment default/web:http -j KUBE-MARK-MASQ
-A KUBE-SEP-4EX2N4PG4ASNZOBF -p tcp -m comment --comment default/web:http -m tcp -j DNAT --to-destination 10.244.2.2:8080
-A KUBE-SVC-TCOU7JCQXEZGVUNU ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.2:53" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-YIL6JZP7A3QYXJU2
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.3:53" -j KUBE-SEP-6E7XQMQ4RAYOWTTM
-A KUBE-SEP-YIL6JZP7A3QYXJU2 -s 10.244.0.2/32 -m comment --comment kube-system/kube-dns:dns -j KUBE-MARK-MASQ
-A KUBE-SEP-YIL6JZP7A3QYXJU2 -p udp -m comment --comment kube-system/kube-dns:dns -m udp -j DNAT --to-destination 10.244.0.2:53
`
  .trim()
  .split('\n')

/** The fixed chains of §4.1, as iptables-save lays them out. */
const SPEC_4_1 = [
  '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
]

describe("node1's nat table for the fixture (§4.5)", () => {
  const { proxy, node } = proxyWith(fixtureServices())
  const saved = iptablesTables(proxy, node('node1')).nat.save().split('\n')

  it('has every line of §4.5 and §4.1', () => {
    for (const line of [...SPEC_4_5, ...SPEC_4_1]) expect(saved).toContain(line)
  })

  it('keeps the order of §4.5 within each chain', () => {
    const chainOf = (l: string) => l.split(' ')[1] ?? ''
    for (const chain of new Set(SPEC_4_5.map(chainOf))) {
      const spec = SPEC_4_5.filter((l) => chainOf(l) === chain)
      const ours = saved.filter((l) => spec.includes(l))
      expect(ours).toEqual(spec)
    }
  })

  it('prints iptables-save framing: *nat, built-in then user chains sorted, rules by chain, COMMIT', () => {
    expect(saved.slice(0, 6)).toEqual([
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':FLANNEL-POSTRTG - [0:0]',
    ])
    const declared = saved.filter((l) => l.endsWith(' - [0:0]')).map((l) => l.slice(1, -8))
    expect(declared).toEqual([...declared].sort())
    expect(declared).toContain('KUBE-SERVICES')
    expect(declared).toContain('KUBE-SEP-SMQ2CQEWVHUNFAPX')
    expect(saved.at(-1)).toBe('COMMIT')
    const rules = saved.filter((l) => l.startsWith('-A '))
    expect(rules.slice(0, 4)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    ])
    expect(rules).toContain(
      '-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
    )
    const services = rules.filter((l) => l.startsWith('-A KUBE-SERVICES '))
    expect(services.at(-1)).toContain('NOTE: this must be the last rule in this chain')
    expect(services[0]).toContain('-d 10.96.0.1/32')
  })

  it('is the same on every node for Cluster-policy Services, but for flannel’s own subnet', () => {
    const other = iptablesTables(proxy, node('node2')).nat.save().split('\n')
    const kube = (l: string[]) => l.filter((x) => !x.includes('FLANNEL'))
    expect(kube(other)).toEqual(kube(saved))
  })
})

describe("node1's filter table for the fixture", () => {
  it("has kube-proxy's jumps first, kubelet's KUBE-FIREWALL and flanneld's FLANNEL-FWD", () => {
    const { proxy, node } = proxyWith(fixtureServices())
    const saved = iptablesTables(proxy, node('node1')).filter.save().split('\n')
    expect(saved.filter((l) => l.startsWith('-A FORWARD'))).toEqual([
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
    ])
    expect(saved).toContain(
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    )
    expect(saved).toContain(
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
    )
    // Every fixture Service has endpoints: no REJECT or DROP.
    expect(saved.filter((l) => / -j (REJECT|DROP)$/.test(l))).toEqual([
      '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    ])
  })
})
