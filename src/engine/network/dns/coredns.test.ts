/**
 * CoreDNS as kubeadm runs it, on the spec's fixture and its §0.3 Services: every row of §6.2's
 * table, checklist item 13, PTR, ExternalName, forwarding and the loadbalance shuffle.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { SimulationCore } from '../../runtime/Simulation'
import { buildCore } from '../testClusters'
import { dnsServerAt, dnsTransport } from './dnsServers'
import { endpoint, ensureFixtureServices, putService, putSlice } from './testServices'
import type { DnsResponse, Draw, QueryType } from './types'

let core: SimulationCore

function ask(name: string, type: QueryType = 'A', draw?: Draw): DnsResponse {
  const outcome = dnsTransport(core.network, core.store, draw)('10.96.0.10', name, type)
  if (outcome.kind !== 'answer') throw new Error(`no answer: ${outcome.kind}`)
  return outcome.response
}

const addresses = (r: DnsResponse) => r.answer.flatMap((a) => (a.type === 'A' ? [a.address] : []))

beforeAll(() => {
  core = buildCore('fixture')
  ensureFixtureServices(core)
  // A StatefulSet's pod db-0 behind its headless governing Service db-hl (hypothetical in §6.2).
  putService(core, 'default', 'db-hl', {
    clusterIP: 'None',
    ports: [{ name: 'pg', protocol: 'TCP', port: 5432, targetPort: 5432 }],
  })
  putSlice(
    core,
    'default',
    'db-hl',
    [{ name: 'pg', protocol: 'TCP', port: 5432 }],
    [endpoint('10.244.2.3', 'default/db-0', { hostname: 'db-0' })],
  )
  // A Service whose only endpoint is not ready, and its headless twin.
  const notReady = endpoint('10.244.2.9', 'default/slow', {
    conditions: { ready: false, serving: false, terminating: false },
  })
  putService(core, 'default', 'idle', {
    clusterIP: '10.96.5.5',
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }],
  })
  putSlice(core, 'default', 'idle', [{ name: 'http', protocol: 'TCP', port: 80 }], [notReady])
  putService(core, 'default', 'idle-hl', {
    clusterIP: 'None',
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }],
  })
  putSlice(core, 'default', 'idle-hl', [{ name: 'http', protocol: 'TCP', port: 80 }], [notReady])
  putService(core, 'default', 'ext', {
    type: 'ExternalName',
    externalName: 'www.example.com',
    ports: [],
  })
  putService(core, 'default', 'alias', {
    type: 'ExternalName',
    externalName: 'web.default.svc.cluster.local',
    ports: [],
  })
  putService(core, 'default', 'trio', {
    clusterIP: 'None',
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }],
  })
  putSlice(
    core,
    'default',
    'trio',
    [{ name: 'http', protocol: 'TCP', port: 80 }],
    [endpoint('10.244.1.7'), endpoint('10.244.1.8'), endpoint('10.244.1.9')],
  )
})

describe('§6.2: the records of the kubernetes plugin', () => {
  it('<svc>.<ns>.svc: the ClusterIP, TTL 30, authoritative (checklist 13)', () => {
    expect(ask('web.default.svc.cluster.local.')).toEqual({
      rcode: 'NOERROR',
      authoritative: true,
      answer: [
        { name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, address: '10.104.62.15' },
      ],
      additional: [],
    })
    expect(addresses(ask('kube-dns.kube-system.svc.cluster.local'))).toEqual(['10.96.0.10'])
  })

  it('AAAA of an IPv4 Service: NOERROR with no answer (NODATA)', () => {
    const r = ask('web.default.svc.cluster.local.', 'AAAA')
    expect(r.rcode).toBe('NOERROR')
    expect(r.answer).toEqual([])
  })

  it('headless: one A per ready endpoint', () => {
    const r = ask('web-hl.default.svc.cluster.local.')
    expect(addresses(r)).toEqual(['10.244.1.2', '10.244.2.2'])
    expect(r.answer.every((a) => a.ttl === 30)).toBe(true)
  })

  it('<endpoint>.<svc>: the dashed IP names an endpoint, of a ClusterIP Service too', () => {
    expect(addresses(ask('10-244-1-2.web.default.svc.cluster.local.'))).toEqual(['10.244.1.2'])
    expect(addresses(ask('10-244-2-2.web-hl.default.svc.cluster.local.'))).toEqual(['10.244.2.2'])
    expect(ask('10-244-9-9.web.default.svc.cluster.local.').rcode).toBe('NXDOMAIN')
  })

  it('SRV of a ClusterIP Service: 0 100 80 to the Service name, its A in the additional section', () => {
    const r = ask('_http._tcp.web.default.svc.cluster.local.', 'SRV')
    const target = 'web.default.svc.cluster.local.'
    expect(r.answer).toEqual([
      {
        name: '_http._tcp.web.default.svc.cluster.local.',
        type: 'SRV',
        ttl: 30,
        priority: 0,
        weight: 100,
        port: 80,
        target,
      },
    ])
    expect(r.additional).toEqual([{ name: target, type: 'A', ttl: 30, address: '10.104.62.15' }])
    expect(ask('_https._tcp.web.default.svc.cluster.local.', 'SRV').rcode).toBe('NXDOMAIN')
  })

  it('SRV of a headless Service: one per endpoint, weight 50, the endpoint port 8080', () => {
    const r = ask('_http._tcp.web-hl.default.svc.cluster.local.', 'SRV')
    expect(
      r.answer.map((a) =>
        a.type === 'SRV' ? `${a.priority} ${a.weight} ${a.port} ${a.target}` : '',
      ),
    ).toEqual([
      '0 50 8080 10-244-1-2.web-hl.default.svc.cluster.local.',
      '0 50 8080 10-244-2-2.web-hl.default.svc.cluster.local.',
    ])
    expect(r.additional.map((a) => `${a.name} ${a.type === 'A' ? a.address : ''}`)).toEqual([
      '10-244-1-2.web-hl.default.svc.cluster.local. 10.244.1.2',
      '10-244-2-2.web-hl.default.svc.cluster.local. 10.244.2.2',
    ])
  })

  it('SRV weight is floor(100/n): 33 for three endpoints (checklist 13)', () => {
    const r = ask('_http._tcp.trio.default.svc.cluster.local.', 'SRV')
    expect(r.answer.map((a) => (a.type === 'SRV' ? a.weight : 0))).toEqual([33, 33, 33])
  })

  it('pods insecure: any well-formed dashed IP in a namespace that exists is echoed', () => {
    expect(addresses(ask('10-244-0-4.default.pod.cluster.local.'))).toEqual(['10.244.0.4'])
    expect(addresses(ask('1-2-3-4.kube-system.pod.cluster.local.'))).toEqual(['1.2.3.4'])
    expect(ask('10-244-0-4.nosuchns.pod.cluster.local.').rcode).toBe('NXDOMAIN')
    expect(ask('300-1-1-1.default.pod.cluster.local.').rcode).toBe('NXDOMAIN')
    expect(ask('10-244-0-04.default.pod.cluster.local.').rcode).toBe('NXDOMAIN')
  })

  it('a StatefulSet pod by its hostname under the governing Service', () => {
    expect(addresses(ask('db-0.db-hl.default.svc.cluster.local.'))).toEqual(['10.244.2.3'])
  })

  it('NXDOMAIN: unknown Service, unknown namespace, a name without svc or pod', () => {
    for (const name of [
      'nosuch.default.svc.cluster.local.',
      'x.nosuchns.svc.cluster.local.',
      'web.default.cluster.local.',
      'a.b.c.web.default.svc.cluster.local.',
    ])
      expect(ask(name)).toEqual({
        rcode: 'NXDOMAIN',
        authoritative: true,
        answer: [],
        additional: [],
      })
  })

  it('the apex, svc and a namespace that exists are NODATA; an unknown namespace alone is NXDOMAIN', () => {
    for (const name of ['cluster.local.', 'svc.cluster.local.', 'default.svc.cluster.local.'])
      expect(ask(name)).toMatchObject({ rcode: 'NOERROR', answer: [] })
    expect(ask('nosuch.svc.cluster.local.').rcode).toBe('NXDOMAIN')
  })

  it('a Service without ready endpoints keeps its ClusterIP; a headless one is NXDOMAIN', () => {
    expect(addresses(ask('idle.default.svc.cluster.local.'))).toEqual(['10.96.5.5'])
    expect(ask('idle-hl.default.svc.cluster.local.').rcode).toBe('NXDOMAIN')
    expect(ask('10-244-2-9.idle.default.svc.cluster.local.').rcode).toBe('NXDOMAIN')
  })

  it('ExternalName: a CNAME, followed upstream or inside the zone', () => {
    expect(ask('ext.default.svc.cluster.local.', 'CNAME').answer).toEqual([
      {
        name: 'ext.default.svc.cluster.local.',
        type: 'CNAME',
        ttl: 30,
        target: 'www.example.com.',
      },
    ])
    const r = ask('ext.default.svc.cluster.local.')
    expect(r.answer.map((a) => a.type)).toEqual(['CNAME', 'A'])
    expect(addresses(r)).toEqual(['203.0.113.10'])
    expect(r.forwarded).toEqual({ server: '192.168.1.1', rcode: 'NOERROR' })
    expect(addresses(ask('alias.default.svc.cluster.local.'))).toEqual(['10.104.62.15'])
    expect(ask('_http._tcp.ext.default.svc.cluster.local.', 'SRV')).toMatchObject({
      rcode: 'NOERROR',
      answer: [],
    })
  })

  it('another type for a name that exists is NODATA, for one that does not NXDOMAIN', () => {
    expect(ask('web.default.svc.cluster.local.', 'TXT')).toMatchObject({
      rcode: 'NOERROR',
      answer: [],
    })
    expect(ask('nosuch.default.svc.cluster.local.', 'MX').rcode).toBe('NXDOMAIN')
  })
})

describe('reverse lookups, forwarding, cache and loadbalance', () => {
  it('PTR of a ClusterIP names the Service; of an endpoint, each Service it backs', () => {
    expect(ask('10.0.96.10.in-addr.arpa.', 'PTR').answer).toEqual([
      {
        name: '10.0.96.10.in-addr.arpa.',
        type: 'PTR',
        ttl: 30,
        target: 'kube-dns.kube-system.svc.cluster.local.',
      },
    ])
    expect(
      ask('2.1.244.10.in-addr.arpa.', 'PTR').answer.map((a) => (a.type === 'PTR' ? a.target : '')),
    ).toEqual([
      '10-244-1-2.web.default.svc.cluster.local.',
      '10-244-1-2.web-hl.default.svc.cluster.local.',
    ])
  })

  it('an address no Service knows falls through to the upstream, which says NXDOMAIN', () => {
    const r = ask('4.0.244.10.in-addr.arpa.', 'PTR')
    expect(r).toMatchObject({ rcode: 'NXDOMAIN', authoritative: false })
    expect(r.forwarded).toEqual({ server: '192.168.1.1', rcode: 'NXDOMAIN' })
  })

  it('names outside the zone go to the router; cache 30 caps its TTL of 300', () => {
    const r = ask('www.example.com.')
    expect(r).toMatchObject({
      rcode: 'NOERROR',
      authoritative: false,
      forwarded: { server: '192.168.1.1', rcode: 'NOERROR' },
    })
    expect(r.answer).toEqual([
      { name: 'www.example.com.', type: 'A', ttl: 30, address: '203.0.113.10' },
    ])
    expect(ask('nosuch.example.').rcode).toBe('NXDOMAIN')
  })

  it("loadbalance shuffles with the caller's draw, and only then", () => {
    const name = 'trio.default.svc.cluster.local.'
    expect(addresses(ask(name))).toEqual(['10.244.1.7', '10.244.1.8', '10.244.1.9'])
    // Fisher–Yates with p = j + draw(l - j): draws 2, 0, 0 swap the first and the last.
    const draws = [2, 0, 0]
    expect(addresses(ask(name, 'A', () => draws.shift() ?? 0))).toEqual([
      '10.244.1.9',
      '10.244.1.8',
      '10.244.1.7',
    ])
    // Two records swap on an even draw.
    expect(addresses(ask('web-hl.default.svc.cluster.local.', 'A', () => 0))).toEqual([
      '10.244.2.2',
      '10.244.1.2',
    ])
    expect(addresses(ask('web-hl.default.svc.cluster.local.', 'A', () => 1))).toEqual([
      '10.244.1.2',
      '10.244.2.2',
    ])
  })
})

describe('who answers at an address', () => {
  it('kube-dns behind its ClusterIP, a CoreDNS pod directly, the router, nobody', () => {
    expect(dnsServerAt(core.network, core.store, '10.96.0.10')).toEqual({
      kind: 'coredns',
      ip: '10.96.0.10',
      pods: ['kube-system/coredns-a', 'kube-system/coredns-b'],
      service: 'kube-system/kube-dns',
    })
    expect(dnsServerAt(core.network, core.store, '10.244.0.3')).toMatchObject({
      kind: 'coredns',
      pods: ['kube-system/coredns-b'],
    })
    expect(dnsServerAt(core.network, core.store, '192.168.1.1').kind).toBe('upstream')
    expect(dnsServerAt(core.network, core.store, '10.244.0.5')).toMatchObject({ kind: 'refused' })
    expect(dnsServerAt(core.network, core.store, '10.104.62.15')).toMatchObject({ kind: 'silent' })
    expect(dnsServerAt(core.network, core.store, '10.96.5.5')).toMatchObject({ kind: 'silent' })
    expect(dnsServerAt(core.network, core.store, '10.99.99.99')).toMatchObject({ kind: 'silent' })
  })
})
