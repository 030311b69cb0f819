import { describe, expect, it } from 'vitest'
import type { Endpoint } from '../../model/endpointSlice'
import type { ServiceSpec } from '../../model/service'
import { serviceRules } from './serviceRules'
import { servicePortsOf } from './servicePorts'
import { endpoint, fixtureServices, service, slice } from './testServices'

const node2 = { name: 'node2', ip: '192.168.1.12' }
const node1 = { name: 'node1', ip: '192.168.1.11' }

function web(spec: Partial<ServiceSpec>, endpoints: Endpoint[], lbIPs: string[] = []) {
  const svc = service(
    'default',
    'web',
    {
      type: 'NodePort',
      clusterIP: '10.104.62.15',
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
      ...spec,
    },
    lbIPs,
  )
  const [sp] = servicePortsOf(svc, [
    slice('default', 'web', [{ name: 'http', protocol: 'TCP', port: 8080 }], endpoints),
  ])
  if (!sp) throw new Error('no service port')
  return sp
}

const lines = (rules: Map<string, { line: string }[]>, chain: string) =>
  (rules.get(chain) ?? []).map((r) => r.line)

describe('load balancing in KUBE-SVC (§4.4, §9 item 8)', () => {
  it.each([
    [1, []],
    [2, ['0.5000000000']],
    [3, ['0.3333333333', '0.5000000000']],
    [4, ['0.2500000000', '0.3333333333', '0.5000000000']],
    [5, ['0.2000000000', '0.2500000000', '0.3333333333', '0.5000000000']],
  ])('%i endpoints: probabilities 1/n … 1/2, then an unconditional jump', (n, probabilities) => {
    const eps = Array.from({ length: n }, (_, i) => endpoint(`10.244.1.${i + 2}`, 'node2'))
    const sp = web({}, eps)
    const svc = lines(serviceRules(sp, node1).nat, 'KUBE-SVC-CDGGSHYLG3RE2FKL').slice(1)
    expect(svc).toHaveLength(n)
    expect(svc.map((l) => /--probability (\S+)/.exec(l)?.[1])).toEqual([
      ...probabilities,
      undefined,
    ])
    expect(svc[n - 1]).toMatch(
      /^-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "[^"]+" -j KUBE-SEP-\w+$/,
    )
  })

  it('orders endpoints by the IP:port string, not numerically', () => {
    const sp = web({}, [
      endpoint('10.244.1.9', 'node2'),
      endpoint('10.244.1.10', 'node2'),
      endpoint('10.244.2.2', 'node3'),
    ])
    const svc = lines(serviceRules(sp, node1).nat, 'KUBE-SVC-CDGGSHYLG3RE2FKL').slice(1)
    expect(svc.map((l) => /-> (\S+)"/.exec(l)?.[1])).toEqual([
      '10.244.1.10:8080',
      '10.244.1.9:8080',
      '10.244.2.2:8080',
    ])
  })

  it('session affinity checks each endpoint first, and the SEP chain records the client', () => {
    const sp = web({ sessionAffinity: 'ClientIP' }, [
      endpoint('10.244.1.2', 'node2'),
      endpoint('10.244.2.2', 'node3'),
    ])
    const nat = serviceRules(sp, node1).nat
    expect(lines(nat, 'KUBE-SVC-CDGGSHYLG3RE2FKL').slice(1, 3)).toEqual([
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.2:8080" -m recent --name KUBE-SEP-UIQK3OSOSTRHRPBX --rcheck --seconds 10800 --reap -j KUBE-SEP-UIQK3OSOSTRHRPBX',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.2:8080" -m recent --name KUBE-SEP-4EX2N4PG4ASNZOBF --rcheck --seconds 10800 --reap -j KUBE-SEP-4EX2N4PG4ASNZOBF',
    ])
    expect(lines(nat, 'KUBE-SEP-UIQK3OSOSTRHRPBX')[1]).toBe(
      '-A KUBE-SEP-UIQK3OSOSTRHRPBX -p tcp -m comment --comment default/web:http -m recent --name KUBE-SEP-UIQK3OSOSTRHRPBX --set -m tcp -j DNAT --to-destination 10.244.1.2:8080',
    )
  })
})

describe('usable endpoints (topology.go CategorizeEndpoints)', () => {
  const terminating = { ready: false, serving: true, terminating: true }
  it('uses ready endpoints only, while there are any', () => {
    const sp = web({}, [
      endpoint('10.244.1.2', 'node2'),
      endpoint('10.244.2.2', 'node3', terminating),
    ])
    expect(sp.cluster.map((e) => e.ip)).toEqual(['10.244.1.2'])
  })

  it('falls back to serving terminating endpoints when none is ready', () => {
    const sp = web({}, [
      endpoint('10.244.1.2', 'node2', { ready: false, serving: false, terminating: true }),
      endpoint('10.244.2.2', 'node3', terminating),
    ])
    expect(sp.cluster.map((e) => e.ip)).toEqual(['10.244.2.2'])
    expect(sp.hasEndpoints).toBe(true)
  })

  it('ignores headless and ExternalName Services', () => {
    const ports = [{ name: 'http', protocol: 'TCP' as const, port: 80, targetPort: 8080 }]
    expect(servicePortsOf(service('default', 'hl', { clusterIP: 'None', ports }), [])).toEqual([])
    const ext = service('default', 'ext', {
      type: 'ExternalName',
      externalName: 'example.com',
      ports,
    })
    expect(servicePortsOf(ext, [])).toEqual([])
  })
})

describe('externalTrafficPolicy (§4.8)', () => {
  const eps = [endpoint('10.244.1.2', 'node2'), endpoint('10.244.2.2', 'node3')]

  it('Local: KUBE-EXT short-circuits pods and the node, then jumps to KUBE-SVL on a node with endpoints', () => {
    const rules = serviceRules(web({ externalTrafficPolicy: 'Local' }, eps), node2)
    expect(lines(rules.nat, 'KUBE-EXT-CDGGSHYLG3RE2FKL')).toEqual([
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -s 10.244.0.0/16 -m comment --comment "pod traffic for default/web:http external destinations" -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "route LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVL-CDGGSHYLG3RE2FKL',
    ])
    expect(lines(rules.nat, 'KUBE-SVL-CDGGSHYLG3RE2FKL')).toEqual([
      '-A KUBE-SVL-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.2:8080" -j KUBE-SEP-UIQK3OSOSTRHRPBX',
    ])
    expect(rules.filter.size).toBe(0)
  })

  it('Local on a node without endpoints: no KUBE-SVL jump, and filter DROPs the NodePort', () => {
    const rules = serviceRules(web({ externalTrafficPolicy: 'Local' }, eps), node1)
    expect(lines(rules.nat, 'KUBE-EXT-CDGGSHYLG3RE2FKL')).toHaveLength(3)
    expect(rules.nat.has('KUBE-SVL-CDGGSHYLG3RE2FKL')).toBe(false)
    expect(lines(rules.filter, 'KUBE-EXTERNAL-SERVICES')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP',
    ])
  })

  it('internalTrafficPolicy Local: the ClusterIP goes to KUBE-SVL, or is dropped in filter', () => {
    const sp = web({ type: 'ClusterIP', internalTrafficPolicy: 'Local' }, eps)
    expect(lines(serviceRules(sp, node2).nat, 'KUBE-SERVICES')).toEqual([
      '-A KUBE-SERVICES -d 10.104.62.15/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVL-CDGGSHYLG3RE2FKL',
    ])
    const none = serviceRules(sp, node1)
    expect(none.nat.size).toBe(0)
    expect(lines(none.filter, 'KUBE-SERVICES')).toEqual([
      '-A KUBE-SERVICES -d 10.104.62.15/32 -p tcp -m comment --comment "default/web:http has no local endpoints" -m tcp --dport 80 -j DROP',
    ])
  })
})

describe('a Service without endpoints (§4.9)', () => {
  it('has no nat rules, and REJECTs its ClusterIP, external IPs, LB IPs and NodePort in filter', () => {
    const sp = web({ type: 'LoadBalancer', externalIPs: ['192.168.1.200'] }, [], ['192.168.1.240'])
    const rules = serviceRules(sp, node1)
    expect(rules.nat.size).toBe(0)
    expect(lines(rules.filter, 'KUBE-SERVICES')).toEqual([
      '-A KUBE-SERVICES -d 10.104.62.15/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT',
    ])
    expect(lines(rules.filter, 'KUBE-EXTERNAL-SERVICES')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -d 192.168.1.200/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -d 192.168.1.240/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT',
    ])
  })
})

describe('load-balancer ingress', () => {
  it('jumps from KUBE-SERVICES to KUBE-EXT, or through KUBE-FW with source ranges', () => {
    const eps = [endpoint('10.244.1.2', 'node2')]
    const open = serviceRules(web({ type: 'LoadBalancer' }, eps, ['192.168.1.240']), node1)
    expect(lines(open.nat, 'KUBE-SERVICES')[1]).toBe(
      '-A KUBE-SERVICES -d 192.168.1.240/32 -p tcp -m comment --comment "default/web:http loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-CDGGSHYLG3RE2FKL',
    )
    const ranged = serviceRules(
      web({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] }, eps, [
        '192.168.1.240',
      ]),
      node1,
    )
    expect(lines(ranged.nat, 'KUBE-FW-CDGGSHYLG3RE2FKL')).toEqual([
      '-A KUBE-FW-CDGGSHYLG3RE2FKL -s 203.0.113.0/24 -m comment --comment "default/web:http loadbalancer IP" -j KUBE-EXT-CDGGSHYLG3RE2FKL',
      '-A KUBE-FW-CDGGSHYLG3RE2FKL -m comment --comment "other traffic to default/web:http will be dropped by KUBE-PROXY-FIREWALL"',
    ])
    expect(lines(ranged.filter, 'KUBE-PROXY-FIREWALL')).toEqual([
      '-A KUBE-PROXY-FIREWALL -d 192.168.1.240/32 -p tcp -m comment --comment "default/web:http traffic not accepted by KUBE-FW-CDGGSHYLG3RE2FKL" -m tcp --dport 80 -j DROP',
    ])
  })
})

describe('the fixture', () => {
  it('has the kube-dns SEP chains of §0.4 for both endpoints of each port', () => {
    const dns = fixtureServices()[2]
    const slices = fixtureServices()[3]
    if (dns?.kind !== 'Service' || slices?.kind !== 'EndpointSlice') throw new Error('fixture')
    const seps = servicePortsOf(dns, [slices]).map((sp) => sp.endpoints.map((e) => e.sep))
    expect(seps.slice(0, 2)).toEqual([
      ['KUBE-SEP-YIL6JZP7A3QYXJU2', 'KUBE-SEP-6E7XQMQ4RAYOWTTM'],
      ['KUBE-SEP-IT2ZTR26TO4XFPTO', 'KUBE-SEP-ZXMNUKOKXUTL2MK2'],
    ])
  })
})
