/**
 * The stub resolver in the fixture's pods and nodes: every row of §6.4's table, checklist 12, and
 * the failures a program sees when kube-dns is missing or has no endpoints.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Pod } from '../../model/pod'
import type { SimulationCore } from '../../runtime/Simulation'
import { buildCore, run } from '../testClusters'
import { ensureFixtureServices, removeService } from './testServices'
import type { DnsClient, Resolution } from './resolve'
import { namesTried, resolve } from './resolve'
import { searchCandidates } from './stubResolver'

let core: SimulationCore

const podClient = (c: SimulationCore, key: string): DnsClient => ({
  kind: 'pod',
  pod: c.store.get<Pod>(`Pod/${key}`) as Pod,
})
const lookup = (name: string, client = podClient(core, 'default/client'), c = core) =>
  resolve(c.network, c.store, client, name)
const tries = (r: Resolution) => r.attempts.map((a) => `${a.name} ${a.result}`)

beforeAll(() => {
  core = buildCore('fixture')
  ensureFixtureServices(core)
})

describe('§6.4: search-list expansion from a pod in default', () => {
  it('web (0 dots): the first candidate answers with the ClusterIP (checklist 12)', () => {
    const r = lookup('web')
    expect(tries(r)).toEqual(['web.default.svc.cluster.local. NOERROR'])
    expect(r.attempts[0]?.server).toBe('10.96.0.10')
    expect(r.answer).toMatchObject({
      name: 'web.default.svc.cluster.local.',
      ip: '10.104.62.15',
      ttl: 30,
    })
    expect(r.error).toBeUndefined()
  })

  it('web.default (1 dot): service "default" is not found, then the namespace form answers', () => {
    expect(tries(lookup('web.default'))).toEqual([
      'web.default.default.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local. NOERROR',
    ])
  })

  it('nosuch: NXDOMAIN on every cluster candidate, then upstream, then "not found" (checklist 12)', () => {
    const r = lookup('nosuch')
    expect(tries(r)).toEqual([
      'nosuch.default.svc.cluster.local. NXDOMAIN',
      'nosuch.svc.cluster.local. NXDOMAIN',
      'nosuch.cluster.local. NXDOMAIN',
      'nosuch. NXDOMAIN',
    ])
    expect(r.attempts.map((a) => a.response?.forwarded?.server)).toEqual([
      undefined,
      undefined,
      undefined,
      '192.168.1.1',
    ])
    expect(r.error).toBe('NXDOMAIN')
    expect(r.answer).toBeUndefined()
    expect(namesTried(r)).toEqual([
      'nosuch.default.svc.cluster.local',
      'nosuch.svc.cluster.local',
      'nosuch.cluster.local',
      'nosuch',
    ])
  })

  it('www.example.com (2 dots): three cluster candidates fail, the absolute name is forwarded', () => {
    const r = lookup('www.example.com')
    expect(tries(r)).toEqual([
      'www.example.com.default.svc.cluster.local. NXDOMAIN',
      'www.example.com.svc.cluster.local. NXDOMAIN',
      'www.example.com.cluster.local. NXDOMAIN',
      'www.example.com. NOERROR',
    ])
    expect(r.answer).toMatchObject({ ip: '203.0.113.10', ttl: 30 })
  })

  it('a trailing dot: absolute only; the full name without it still walks the search list', () => {
    expect(tries(lookup('web.default.svc.cluster.local.'))).toEqual([
      'web.default.svc.cluster.local. NOERROR',
    ])
    expect(tries(lookup('web.default.svc.cluster.local'))).toHaveLength(4)
  })

  it('with ndots or more dots the name is tried as it is first', () => {
    const conf = { nameservers: [], searches: ['a.example', 'b.example'], options: ['ndots:2'] }
    expect(searchCandidates('x.y.z', conf)).toEqual([
      'x.y.z.',
      'x.y.z.a.example.',
      'x.y.z.b.example.',
    ])
    expect(searchCandidates('x.y', conf)).toEqual(['x.y.a.example.', 'x.y.b.example.', 'x.y.'])
    expect(searchCandidates('x', conf)).toEqual(['x.a.example.', 'x.b.example.', 'x.'])
  })

  it('a headless Service gives every ready pod, shuffled by the draw', () => {
    expect(lookup('web-hl').answer?.addresses).toEqual(['10.244.1.2', '10.244.2.2'])
    const shuffled = resolve(
      core.network,
      core.store,
      podClient(core, 'default/client'),
      'web-hl',
      {
        draw: () => 0,
      },
    )
    expect(shuffled.answer?.addresses).toEqual(['10.244.2.2', '10.244.1.2'])
  })

  it('AAAA of an IPv4 Service: NODATA wins over the NXDOMAINs that follow', () => {
    const r = resolve(core.network, core.store, podClient(core, 'default/client'), 'web', {
      type: 'AAAA',
    })
    expect(tries(r)[0]).toBe('web.default.svc.cluster.local. NOERROR')
    expect(r.attempts).toHaveLength(4)
    expect(r.error).toBe('NODATA')
  })
})

describe('nodes and pods on the node resolver', () => {
  it("a node asks the router: cluster names do not exist there, and TTLs are the router's", () => {
    const node: DnsClient = { kind: 'node', node: 'node1' }
    expect(tries(lookup('web', node))).toEqual(['web. NXDOMAIN'])
    expect(lookup('www.example.com', node).answer).toMatchObject({ ip: '203.0.113.10', ttl: 300 })
  })

  it('CoreDNS itself (dnsPolicy Default) resolves like its node', () => {
    const r = lookup(
      'kube-dns.kube-system.svc.cluster.local',
      podClient(core, 'kube-system/coredns-a'),
    )
    expect(r.attempts.map((a) => a.server)).toEqual(['192.168.1.1'])
    expect(r.error).toBe('NXDOMAIN')
  })
})

describe('when cluster DNS is not there', () => {
  it('no kube-dns Service: the query to 10.96.0.10 is lost, the lookup times out', () => {
    const bare = buildCore('fixture')
    removeService(bare, 'kube-system', 'kube-dns')
    const r = lookup('web', podClient(bare, 'default/client'), bare)
    expect(tries(r)).toEqual(['web.default.svc.cluster.local. timeout'])
    expect(r.error).toBe('TIMEOUT')
  })

  it('kube-dns without ready endpoints: kube-proxy rejects, the lookup is refused', () => {
    const down = buildCore('fixture')
    ensureFixtureServices(down)
    run(down, 'kubectl delete pod coredns-a coredns-b -n kube-system')
    const r = lookup('web', podClient(down, 'default/client'), down)
    expect(tries(r)).toEqual(['web.default.svc.cluster.local. refused'])
    expect(r.error).toBe('REFUSED')
  })

  it('a second nameserver is asked when the first does not answer', () => {
    const client = core.store.get<Pod>('Pod/default/client') as Pod
    const dnsConfig = {
      nameservers: ['10.99.0.1', '10.244.0.3'],
      searches: ['default.svc.cluster.local'],
    }
    const pod: Pod = { ...client, spec: { ...client.spec, dnsPolicy: 'None', dnsConfig } }
    const r = lookup('web', { kind: 'pod', pod })
    expect(r.attempts.map((a) => `${a.server} ${a.result}`)).toEqual([
      '10.99.0.1 timeout',
      '10.244.0.3 NOERROR',
    ])
    expect(r.answer?.ip).toBe('10.104.62.15')
  })
})
