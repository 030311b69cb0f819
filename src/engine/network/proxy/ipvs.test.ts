import { describe, expect, it } from 'vitest'
import { kubePostrouting } from './evaluate'
import { ipvsadmList, kubeIpvs0, virtualServers } from './ipvs'
import { evaluateIpvs } from './ipvsEvaluate'
import { ipvsTables } from './ipvsTables'
import { fixtureServices, proxyWith, service } from './testServices'

const never = { draw: () => 0 }

describe('IPVS state (§4.10)', () => {
  const { proxy, node } = proxyWith(fixtureServices(), 'ipvs')

  it('ipvsadm -Ln: one virtual server per ClusterIP port and per node address and NodePort', () => {
    const out = ipvsadmList(virtualServers(proxy, node('node1')))
    expect(out.slice(0, 5)).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  10.96.0.1:443 rr',
      '  -> 192.168.1.11:6443            Masq    1      0          0',
    ])
    expect(out).toContain('TCP  192.168.1.11:30080 rr')
    expect(out).toContain('TCP  10.244.0.0:30080 rr')
    // TCP services first, then UDP, each by address and port.
    expect(out.slice(-3)).toEqual([
      'UDP  10.96.0.10:53 rr',
      '  -> 10.244.0.2:53                Masq    1      0          0',
      '  -> 10.244.0.3:53                Masq    1      0          0',
    ])
  })

  it('ClientIP affinity makes the virtual server persistent', () => {
    const sticky = proxyWith(fixtureServices({ sessionAffinity: 'ClientIP' }), 'ipvs')
    expect(ipvsadmList(virtualServers(sticky.proxy, sticky.node('node1')))).toContain(
      'TCP  10.104.62.15:80 rr persistent 10800',
    )
  })

  it('kube-ipvs0 is a DOWN dummy device with every Service address as a /32', () => {
    const link = kubeIpvs0(proxy, node('node1'))
    expect(link).toMatchObject({ name: 'kube-ipvs0', state: 'DOWN', flags: ['BROADCAST', 'NOARP'] })
    expect(link.addresses.map((a) => `${a.ip}/${a.prefix}`)).toEqual([
      '10.96.0.1/32',
      '10.96.0.10/32',
      '10.104.62.15/32',
    ])
  })

  it('still writes ipset-based iptables rules', () => {
    const nat = ipvsTables(proxy, node('node1')).nat.save().split('\n')
    expect(nat).toContain(
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    )
    expect(nat).toContain(
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
    )
    expect(nat).toContain(
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    )
    expect(nat.some((l) => l.includes('KUBE-SVC-'))).toBe(false)
  })
})

describe('IPVS evaluation', () => {
  const { proxy, node } = proxyWith(fixtureServices(), 'ipvs')
  const toWeb = { src: '10.244.0.4', dst: '10.104.62.15', proto: 'tcp' as const, dport: 80 }

  it('schedules round-robin from the caller’s cursor, masquerading nothing for a pod client', () => {
    const pick = (n: number) =>
      evaluateIpvs(proxy, node('node1'), 'PREROUTING', toWeb, { ...never, rr: () => n })
    const r = pick(0)
    expect(r.virtualServer).toBe('TCP  10.104.62.15:80 rr')
    expect(r.verdict).toEqual({
      kind: 'dnat',
      ip: '10.244.1.2',
      port: 8080,
      servicePort: 'default/web:http',
      via: 'TCP  10.104.62.15:80 rr',
    })
    expect(r.marked).toBe(false)
    expect(pick(1).verdict).toMatchObject({ ip: '10.244.2.2' })
    expect(pick(2).verdict).toMatchObject({ ip: '10.244.1.2' })
  })

  it('marks a node’s own connection to a ClusterIP, and an external client’s NodePort one', () => {
    const fromNode = evaluateIpvs(
      proxy,
      node('node1'),
      'OUTPUT',
      { ...toWeb, src: '192.168.1.11' },
      never,
    )
    expect(fromNode.marked).toBe(true)
    const ext = { src: '192.168.1.100', dst: '192.168.1.11', proto: 'tcp' as const, dport: 30080 }
    const r = evaluateIpvs(proxy, node('node1'), 'PREROUTING', ext, never)
    expect(r.marked).toBe(true)
    expect(r.virtualServer).toBe('TCP  192.168.1.11:30080 rr')
    expect(r.rules.map((x) => x.chain)).toContain('KUBE-NODE-PORT')
  })

  it('keeps a persistent client on its real server', () => {
    const sticky = proxyWith(fixtureServices({ sessionAffinity: 'ClientIP' }), 'ipvs')
    const r = evaluateIpvs(sticky.proxy, sticky.node('node1'), 'PREROUTING', toWeb, {
      ...never,
      rr: () => 0,
      persisted: (vs, client) =>
        vs === 'TCP  10.104.62.15:80 rr persistent 10800' && client === '10.244.0.4'
          ? '10.244.2.2:8080'
          : undefined,
    })
    expect(r.verdict).toMatchObject({ ip: '10.244.2.2' })
  })

  it('hairpin: the pod reaches itself, and KUBE-LOOP-BACK masquerades it', () => {
    const r = evaluateIpvs(
      proxy,
      node('node2'),
      'PREROUTING',
      { ...toWeb, src: '10.244.1.2' },
      never,
    )
    expect(r.hairpin).toBe(true)
    expect(kubePostrouting(r.marked, { hairpin: r.hairpin })).toMatchObject({
      masquerade: true,
      rules: [
        { chain: 'POSTROUTING' },
        {
          line: '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
        },
      ],
    })
  })

  it('a virtual server without real servers answers ICMP port unreachable', () => {
    const empty = service('default', 'empty', {
      clusterIP: '10.99.200.7',
      ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
    })
    const p = proxyWith([...fixtureServices(), empty], 'ipvs')
    const pkt = { src: '10.244.0.4', dst: '10.99.200.7', proto: 'tcp' as const, dport: 80 }
    const r = evaluateIpvs(p.proxy, p.node('node1'), 'PREROUTING', pkt, never)
    expect(r.verdict).toEqual({ kind: 'reject', line: 'TCP  10.99.200.7:80 rr' })
  })

  it('another port on a Service address is refused by KUBE-IPVS-FILTER', () => {
    const pkt = { ...toWeb, dport: 22 }
    const r = evaluateIpvs(proxy, node('node1'), 'PREROUTING', pkt, never)
    expect(r.verdict).toEqual({
      kind: 'reject',
      line: '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT',
    })
  })
})
