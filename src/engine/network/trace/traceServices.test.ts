/**
 * The networking spec's traces (d) to (i) (§8) on the fixture, through kube-proxy: by DNS name,
 * node to ClusterIP, NodePort from outside with both traffic policies, hairpin, a Service without
 * endpoints, and a pod leaving the cluster; with §9's statements 9–11 about where NAT happens.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../../runtime/Simulation'
import { buildCore, run } from '../testClusters'
import { trace } from './trace'
import type { TraceRequest } from './trace'
import type { Hop, Trace } from './types'
import type { Service } from '../../model/service'

/** A trace whose random draws are given: each statistic rule matches when its draw is 0. */
function traceWith(core: SimulationCore, req: TraceRequest, draws: number[] = []): Trace {
  const queue = [...draws]
  return trace(core.network, core.store, req, {
    proxy: core.proxy,
    draw: () => queue.shift() ?? 0,
    detail: true,
  })
}

function hop(hops: readonly Hop[], where: string, from = 0): Hop {
  const found = hops.slice(from).find((h) => h.where === where)
  if (!found) throw new Error(`no hop at ${where}: ${hops.map((h) => h.where).join(', ')}`)
  return found
}

function entries(h: Hop): string {
  return h.entries.map((e) => e.entry).join('\n')
}

const last = (hops: readonly Hop[]): Hop => {
  const h = hops[hops.length - 1]
  if (!h) throw new Error('no hops')
  return h
}

describe('(d) pod → ClusterIP by DNS name, iptables mode', () => {
  const t = traceWith(buildCore('fixture'), { from: 'client', to: 'web' })
  const dns = t.hops.filter((h) => h.phase === 'dns')
  const request = t.hops.filter((h) => h.phase !== 'dns')

  it('asks 10.96.0.10 for web.default.svc.cluster.local first, and is answered on that name', () => {
    expect(dns[0]?.kind).toBe('dns-lookup')
    expect(dns[0]?.headers.ip).toMatchObject({ src: '10.244.0.4', dst: '10.96.0.10' })
    expect(dns[0]?.headers.l4).toMatchObject({ proto: 'udp', srcPort: 45001, dstPort: 53 })
    expect(entries(dns[0] as Hop)).toContain('options ndots:5')
    expect(t.dns?.attempts).toEqual([{ name: 'web.default.svc.cluster.local.', result: 'NOERROR' }])
    expect(t.dns?.answer).toBe('10.104.62.15')
  })

  it('DNATs the query on node1 to coredns-a through KUBE-SVC-TCOU7JCQXEZGVUNU', () => {
    const nat = hop(dns, 'node1 IP stack')
    expect(nat.headers.ip.dst).toBe('10.244.0.2')
    expect(entries(nat)).toContain('KUBE-SVC-TCOU7JCQXEZGVUNU')
    expect(entries(nat)).toContain('KUBE-SEP-YIL6JZP7A3QYXJU2')
    const answer = dns.find((h) => h.kind === 'dns')
    expect(answer?.at.pod).toBe('kube-system/coredns-a')
  })

  it('un-DNATs the bridged answer so that it comes from 10.96.0.10 with the ClusterIP', () => {
    const delivered = last(dns)
    expect(delivered.headers.ip).toMatchObject({ src: '10.96.0.10', dst: '10.244.0.4' })
    expect(delivered.headers.app).toBe(
      'DNS answer: web.default.svc.cluster.local. 30 IN A 10.104.62.15',
    )
  })

  it('DNATs the SYN to web-1 on node1 only, with the draw and its probability', () => {
    const nat = hop(request, 'node1 IP stack')
    expect(nat.headers.ip).toEqual({ src: '10.244.0.4', dst: '10.244.1.2', ttl: 63 })
    expect(nat.headers.l4).toMatchObject({ srcPort: 51000, dstPort: 8080 })
    expect(nat.action).toContain(
      'KUBE-SERVICES → KUBE-SVC-CDGGSHYLG3RE2FKL → KUBE-SEP-UIQK3OSOSTRHRPBX',
    )
    expect(nat.action).toContain('probability 0.5000000000')
    expect(nat.action).toContain('DNAT 10.104.62.15:80 → 10.244.1.2:8080')
    expect(entries(hop(request, 'node2 IP stack'))).not.toContain('DNAT')
  })

  it('lists the chains it went through whole: KUBE-SVC with its statistic rule and final jump', () => {
    const rules = hop(request, 'node1 IP stack').rules ?? []
    expect(rules.map((r) => r.title)).toEqual([
      'KUBE-SVC-CDGGSHYLG3RE2FKL',
      'KUBE-SEP-UIQK3OSOSTRHRPBX',
    ])
    const svc = rules[0]?.lines ?? []
    expect(svc).toHaveLength(3)
    expect(svc[1]).toContain('--probability 0.5000000000 -j KUBE-SEP-UIQK3OSOSTRHRPBX')
    expect(svc[2]).toMatch(/-j KUBE-SEP-4EX2N4PG4ASNZOBF$/)
    expect(rules[1]?.lines.at(-1)).toContain('-j DNAT --to-destination 10.244.1.2:8080')
  })

  it('carries the real pod addresses in the tunnel, and web-1 sees the client itself (§9.9, §9.10)', () => {
    const encap = hop(request, 'flannel.1 (node1)')
    expect(encap.headers.outer?.ip).toMatchObject({ src: '192.168.1.11', dst: '192.168.1.12' })
    expect(encap.headers.ip).toMatchObject({ src: '10.244.0.4', dst: '10.244.1.2' })
    expect(last(request).headers.ip).toEqual({ src: '10.244.0.4', dst: '10.244.1.2', ttl: 62 })
    expect(t.result).toBe('delivered')
  })

  it('un-DNATs the reply at node1 by conntrack, so the client hears from the ClusterIP', () => {
    const tunnelled = hop(t.reply, 'flannel.1 (node2)')
    expect(tunnelled.headers.ip.src).toBe('10.244.1.2')
    const undnat = hop(t.reply, 'node1 IP stack')
    expect(undnat.entries.some((e) => e.table === 'conntrack')).toBe(true)
    expect(last(t.reply).headers.ip).toMatchObject({ src: '10.104.62.15', dst: '10.244.0.4' })
    expect(last(t.reply).headers.l4).toMatchObject({ srcPort: 80, dstPort: 51000 })
  })

  it('goes to web-2 on node3 when the draw does not pick the first endpoint', () => {
    const other = traceWith(buildCore('fixture'), { from: 'client', to: 'web' }, [0, 1])
    const nat = hop(
      other.hops.filter((h) => h.phase !== 'dns'),
      'node1 IP stack',
    )
    expect(nat.headers.ip.dst).toBe('10.244.2.2')
    expect(nat.action).toContain('KUBE-SEP-4EX2N4PG4ASNZOBF')
  })

  it('shows kube-ipvs0 and round robin in IPVS mode', () => {
    const core = buildCore('fixture')
    run(core, 'sim set proxy-mode ipvs')
    const ipvs = traceWith(core, { from: 'client', to: 'web' })
    const nat = hop(
      ipvs.hops.filter((h) => h.phase !== 'dns'),
      'node1 IP stack',
    )
    expect(nat.action).toContain('kube-ipvs0 holds 10.104.62.15')
    expect(nat.action).toContain('round-robin')
    expect(nat.entries.some((e) => e.table === 'ipvs' && e.entry.includes('10.104.62.15:80'))).toBe(
      true,
    )
    expect(nat.rules?.[0]?.lines).toEqual([
      'TCP  10.104.62.15:80 rr',
      expect.stringMatching(/^ {2}-> 10\.244\.1\.2:8080 +Masq/),
      expect.stringMatching(/^ {2}-> 10\.244\.2\.2:8080 +Masq/),
    ])
    expect(ipvs.result).toBe('delivered')
  })
})

describe('(e) node → ClusterIP', () => {
  it('marks, DNATs in nat OUTPUT and masquerades to flannel.1’s address (§9.10)', () => {
    const t = traceWith(buildCore('fixture'), { from: 'node1', to: '10.104.62.15', port: 80 })
    const out = t.hops[0] as Hop
    expect(out.action).toContain('nat OUTPUT')
    expect(out.action).toContain('KUBE-MARK-MASQ')
    expect(out.headers.ip).toMatchObject({ src: '10.244.0.0', dst: '10.244.1.2' })
    expect(last(t.hops).headers.ip.src).toBe('10.244.0.0')
    expect(last(t.reply).headers.ip).toMatchObject({ src: '10.104.62.15', dst: '192.168.1.11' })
  })
})

describe('(f) external client → NodePort', () => {
  it('f1, Cluster policy: node1 forwards to web-1 with SNAT to 10.244.0.0 and back', () => {
    const t = traceWith(buildCore('fixture'), {
      from: 'ext-client',
      to: '192.168.1.11',
      port: 30080,
    })
    const nat = hop(t.hops, 'node1 IP stack')
    expect(nat.action).toContain('KUBE-NODEPORTS → KUBE-EXT-CDGGSHYLG3RE2FKL')
    expect(nat.action).toContain('KUBE-MARK-MASQ')
    expect(nat.headers.ip.src).toBe('10.244.0.0')
    expect(nat.headers.l4).toMatchObject({ dstPort: 8080 })
    expect(last(t.hops).headers.ip).toMatchObject({ src: '10.244.0.0', dst: '10.244.1.2' })
    expect(last(t.reply).headers.ip).toMatchObject({ src: '192.168.1.11', dst: '192.168.1.100' })
    expect(last(t.reply).headers.l4).toMatchObject({ srcPort: 30080, dstPort: 54321 })
  })

  it('f2, Local policy on node2: no SNAT, web-1 sees 192.168.1.100', () => {
    const core = buildCore('fixture')
    run(core, `kubectl patch svc web -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)
    run(core, 'sim advance 1s')
    const t = traceWith(core, { from: 'ext-client', to: '192.168.1.12', port: 30080 })
    expect(t.result).toBe('delivered')
    expect(hop(t.hops, 'node2 IP stack').action).toContain('KUBE-SVL-CDGGSHYLG3RE2FKL')
    expect(last(t.hops).headers.ip).toMatchObject({ src: '192.168.1.100', dst: '10.244.1.2' })
    expect(last(t.reply).headers.ip).toMatchObject({ src: '192.168.1.12', dst: '192.168.1.100' })
  })

  it('f2, Local policy on node1 (no web pod): KUBE-EXTERNAL-SERVICES drops it, a timeout (§9.11)', () => {
    const core = buildCore('fixture')
    run(core, `kubectl patch svc web -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)
    run(core, 'sim advance 1s')
    const t = traceWith(core, { from: 'ext-client', to: '192.168.1.11', port: 30080 })
    expect(t.result).toBe('dropped')
    expect(t.reason).toContain('default/web:http has no local endpoints')
    expect(t.reason).toContain('times out')
    expect(last(t.hops).action).toContain('KUBE-NODEPORTS → KUBE-EXT-CDGGSHYLG3RE2FKL')
    expect(entries(last(t.hops))).toMatch(
      /-A KUBE-EXTERNAL-SERVICES .*has no local endpoints.*--dst-type LOCAL .*--dport 30080 -j DROP/,
    )
    expect(t.reply).toEqual([])
  })
})

describe('(g) hairpin: web-1 → its own Service', () => {
  it('is masqueraded to cni0’s address and the reply comes from the ClusterIP', () => {
    const t = traceWith(buildCore('fixture'), { from: 'web-1', to: 'web' })
    const request = t.hops.filter((h) => h.phase !== 'dns')
    const nat = hop(request, 'node2 IP stack')
    expect(nat.action).toContain('KUBE-MARK-MASQ')
    expect(nat.headers.ip).toMatchObject({ src: '10.244.1.1', dst: '10.244.1.2' })
    expect(last(request).headers.ip.src).toBe('10.244.1.1')
    expect(last(t.reply).headers.ip).toMatchObject({ src: '10.104.62.15', dst: '10.244.1.2' })
  })
})

describe('(h) a Service with no endpoints', () => {
  it('is REJECTed on the client’s node: connection refused, explained by the selector', () => {
    const core = buildCore('fixture')
    run(core, 'kubectl create service clusterip empty --tcp=80:8080')
    run(core, 'sim advance 1s')
    const ip = core.store.get<Service>('Service/default/empty')?.spec.clusterIP ?? ''
    const t = traceWith(core, { from: 'client', to: ip, port: 80 })
    expect(t.result).toBe('refused')
    expect(t.reason).toContain('default/empty:80-8080 has no endpoints')
    expect(t.reason).toContain('its selector app=empty matches no pod in namespace default')
    expect(t.reason).toContain('Connection refused')
    expect(entries(last(t.hops))).toContain(`-d ${ip}/32 -p tcp`)
    expect(entries(last(t.hops))).toContain('-j REJECT')
    expect(last(t.reply).headers.l4.flags).toBe('port-unreachable')
    expect(last(t.reply).headers.ip.dst).toBe('10.244.0.4')
  })

  it('says so when the pods exist but none is Ready', () => {
    const core = buildCore('fixture')
    run(core, 'kubectl label pod web-1 web-2 app=other --overwrite')
    run(core, 'sim advance 1s')
    const t = traceWith(core, { from: 'client', to: '10.104.62.15', port: 80 })
    expect(t.result).toBe('refused')
    expect(t.reason).toContain('its selector app=web matches no pod')
  })
})

describe('(i) pod → outside world', () => {
  it('is masqueraded by FLANNEL-POSTRTG to the node’s address on the way out', () => {
    const t = traceWith(buildCore('fixture'), {
      from: 'coredns-a',
      fromNamespace: 'kube-system',
      to: '192.168.1.1',
      port: 53,
      protocol: 'udp',
    })
    const out = hop(t.hops, 'node1 IP stack')
    expect(entries(out)).toContain('-s 10.244.0.0/16 ! -d 224.0.0.0/4')
    expect(out.headers.ip.src).toBe('192.168.1.11')
    expect(last(t.reply).headers.ip).toMatchObject({ src: '192.168.1.1', dst: '10.244.0.2' })
  })
})
