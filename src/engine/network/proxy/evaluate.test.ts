import { describe, expect, it } from 'vitest'
import type { ProxyHook, ProxyPacket } from './evaluate'
import { evaluateIptables, kubePostrouting } from './evaluate'
import { fixtureServices, proxyWith, service } from './testServices'

const first = { draw: () => 0 }
const last = { draw: (n: number) => n - 1 }

function evaluate(
  objects: ReturnType<typeof fixtureServices>,
  node: string,
  hook: ProxyHook,
  pkt: ProxyPacket,
  opts: Parameters<typeof evaluateIptables>[4] = first,
) {
  const { proxy, node: nodeNet } = proxyWith(objects)
  return evaluateIptables(proxy, nodeNet(node), hook, pkt, opts)
}

const chains = (rules: { chain: string }[]) => rules.map((r) => r.chain)

describe('(d) pod → ClusterIP', () => {
  it('DNATs to the drawn endpoint on the client’s node, without a mark', () => {
    const pkt = { src: '10.244.0.4', dst: '10.104.62.15', proto: 'tcp' as const, dport: 80 }
    const r = evaluate(fixtureServices(), 'node1', 'PREROUTING', pkt)
    expect(r.verdict).toEqual({
      kind: 'dnat',
      ip: '10.244.1.2',
      port: 8080,
      servicePort: 'default/web:http',
      via: 'KUBE-SEP-UIQK3OSOSTRHRPBX',
    })
    expect(r.marked).toBe(false)
    const nat = r.rules.filter((x) => x.table === 'nat')
    expect(nat.map((x) => x.line)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A KUBE-SERVICES -d 10.104.62.15/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.2:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UIQK3OSOSTRHRPBX',
      '-A KUBE-SEP-UIQK3OSOSTRHRPBX -p tcp -m comment --comment default/web:http -m tcp -j DNAT --to-destination 10.244.1.2:8080',
    ])
    // Then FORWARD: kube-proxy's chains let it through, flanneld's FLANNEL-FWD accepts it.
    expect(r.rules.filter((x) => x.table === 'filter').at(-1)?.line).toBe(
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
    )
  })

  it('draws once per statistic rule: a draw that never hits picks the last endpoint', () => {
    const draws: number[] = []
    const pkt = { src: '10.244.0.4', dst: '10.104.62.15', proto: 'tcp' as const, dport: 80 }
    const r = evaluate(fixtureServices(), 'node1', 'PREROUTING', pkt, {
      draw: (n) => (draws.push(n), n - 1),
    })
    expect(draws).toEqual([2])
    expect(r.verdict).toMatchObject({
      kind: 'dnat',
      ip: '10.244.2.2',
      via: 'KUBE-SEP-4EX2N4PG4ASNZOBF',
    })
  })

  it('resolves DNS through KUBE-SVC-TCOU7JCQXEZGVUNU to CoreDNS', () => {
    const pkt = { src: '10.244.0.4', dst: '10.96.0.10', proto: 'udp' as const, dport: 53 }
    const r = evaluate(fixtureServices(), 'node1', 'PREROUTING', pkt)
    expect(r.verdict).toMatchObject({
      ip: '10.244.0.2',
      port: 53,
      via: 'KUBE-SEP-YIL6JZP7A3QYXJU2',
    })
    expect(chains(r.rules)).toContain('KUBE-SVC-TCOU7JCQXEZGVUNU')
  })
})

describe('node → ClusterIP (trace (e) variant)', () => {
  it('is marked by the `! -s 10.244.0.0/16` rule at OUTPUT, and KUBE-POSTROUTING masquerades it', () => {
    const pkt = { src: '192.168.1.11', dst: '10.104.62.15', proto: 'tcp' as const, dport: 80 }
    const r = evaluate(fixtureServices(), 'node1', 'OUTPUT', pkt)
    expect(r.marked).toBe(true)
    expect(r.rules.map((x) => x.line)).toContain(
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.104.62.15/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    )
    // filter OUTPUT: its three jumps match (a NEW connection), nothing in them does.
    expect(r.rules.filter((x) => x.table === 'filter').map((x) => x.chain)).toEqual([
      'OUTPUT',
      'OUTPUT',
      'OUTPUT',
    ])
    expect(kubePostrouting(r.marked)).toEqual({
      masquerade: true,
      rules: [
        {
          table: 'nat',
          chain: 'POSTROUTING',
          line: '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
        },
        {
          table: 'nat',
          chain: 'KUBE-POSTROUTING',
          line: '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
        },
        {
          table: 'nat',
          chain: 'KUBE-POSTROUTING',
          line: '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
        },
      ],
    })
    expect(kubePostrouting(false).masquerade).toBe(false)
    expect(kubePostrouting(false).rules.at(-1)?.line).toBe(
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    )
  })
})

const nodePort = (dst: string) => ({
  src: '192.168.1.100',
  dst,
  proto: 'tcp' as const,
  dport: 30080,
})

describe('(f) external client → NodePort', () => {
  it('(f1) Cluster: KUBE-NODEPORTS → KUBE-EXT marks it, then any endpoint; FORWARD accepts on the mark', () => {
    const r = evaluate(fixtureServices(), 'node1', 'PREROUTING', nodePort('192.168.1.11'))
    expect(r.marked).toBe(true)
    expect(r.verdict).toMatchObject({ kind: 'dnat', ip: '10.244.1.2', port: 8080 })
    expect(chains(r.rules.filter((x) => x.table === 'nat'))).toEqual([
      'PREROUTING',
      'KUBE-SERVICES',
      'KUBE-NODEPORTS',
      'KUBE-EXT-CDGGSHYLG3RE2FKL',
      'KUBE-MARK-MASQ',
      'KUBE-EXT-CDGGSHYLG3RE2FKL',
      'KUBE-SVC-CDGGSHYLG3RE2FKL',
      'KUBE-SEP-UIQK3OSOSTRHRPBX',
    ])
    expect(r.rules.at(-1)?.line).toBe(
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    )
  })

  const local = fixtureServices({ externalTrafficPolicy: 'Local' })

  it('(f2) Local, on node2 with web-1: KUBE-SVL, no mark, the client IP is kept', () => {
    const r = evaluate(local, 'node2', 'PREROUTING', nodePort('192.168.1.12'), last)
    expect(r.marked).toBe(false)
    expect(r.verdict).toMatchObject({ kind: 'dnat', ip: '10.244.1.2', port: 8080 })
    expect(chains(r.rules)).toContain('KUBE-SVL-CDGGSHYLG3RE2FKL')
  })

  it('(f2) Local, on node1 without a web pod: nothing in nat, DROP in filter INPUT', () => {
    const r = evaluate(local, 'node1', 'PREROUTING', nodePort('192.168.1.11'))
    expect(r.verdict).toEqual({
      kind: 'drop',
      line: '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP',
    })
    expect(r.marked).toBe(false)
    expect(r.rules.filter((x) => x.table === 'filter')[0]?.chain).toBe('INPUT')
  })
})

describe('(g) hairpin: web-1 → its own Service, the draw picking web-1', () => {
  it('is marked by the SEP chain’s `-s 10.244.1.2/32` rule', () => {
    const pkt = { src: '10.244.1.2', dst: '10.104.62.15', proto: 'tcp' as const, dport: 80 }
    const r = evaluate(fixtureServices(), 'node2', 'PREROUTING', pkt)
    expect(r.marked).toBe(true)
    expect(r.rules.map((x) => x.line)).toContain(
      '-A KUBE-SEP-UIQK3OSOSTRHRPBX -s 10.244.1.2/32 -m comment --comment default/web:http -j KUBE-MARK-MASQ',
    )
    expect(r.verdict).toMatchObject({ ip: '10.244.1.2', port: 8080 })
  })
})

describe('(h) a Service with no endpoints', () => {
  it('is REJECTed by filter KUBE-SERVICES on the way through FORWARD', () => {
    const empty = service('default', 'empty', {
      clusterIP: '10.99.200.7',
      ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
    })
    const pkt = { src: '10.244.0.4', dst: '10.99.200.7', proto: 'tcp' as const, dport: 80 }
    const r = evaluate([...fixtureServices(), empty], 'node1', 'PREROUTING', pkt)
    expect(r.verdict).toEqual({
      kind: 'reject',
      line: '-A KUBE-SERVICES -d 10.99.200.7/32 -p tcp -m comment --comment "default/empty has no endpoints" -m tcp --dport 80 -j REJECT',
    })
    expect(r.rules.filter((x) => x.table === 'nat').map((x) => x.chain)).toEqual(['PREROUTING'])
  })
})

describe('session affinity', () => {
  const sticky = fixtureServices({ sessionAffinity: 'ClientIP' })
  const pkt = { src: '10.244.0.4', dst: '10.104.62.15', proto: 'tcp' as const, dport: 80 }

  it('a new client is drawn and recorded in the chosen endpoint’s recent list', () => {
    const r = evaluate(sticky, 'node1', 'PREROUTING', pkt)
    expect(r.verdict).toMatchObject({ ip: '10.244.1.2' })
    expect(r.recentSet).toBe('KUBE-SEP-UIQK3OSOSTRHRPBX')
  })

  it('a known client goes back to its endpoint without a draw', () => {
    const r = evaluate(sticky, 'node1', 'PREROUTING', pkt, {
      draw: () => {
        throw new Error('no draw expected')
      },
      recent: (list, src) => list === 'KUBE-SEP-4EX2N4PG4ASNZOBF' && src === '10.244.0.4',
    })
    expect(r.verdict).toMatchObject({ ip: '10.244.2.2', via: 'KUBE-SEP-4EX2N4PG4ASNZOBF' })
  })
})

describe('traffic that is not for a Service', () => {
  it('meets only the jumps: no verdict, no mark', () => {
    const pkt = { src: '10.244.0.4', dst: '10.244.1.2', proto: 'tcp' as const, dport: 8080 }
    const r = evaluate(fixtureServices(), 'node1', 'PREROUTING', pkt)
    expect(r.verdict).toEqual({ kind: 'none' })
    expect(r.marked).toBe(false)
    expect(r.rules.filter((x) => x.table === 'nat').map((x) => x.chain)).toEqual(['PREROUTING'])
  })
})
