import { describe, expect, it } from 'vitest'
import { iptablesTables } from './iptablesTables'
import { endpoint, fixtureServices, proxyWith, slice } from './testServices'

const webSlice = (...ips: string[]) =>
  slice(
    'default',
    'web',
    [{ name: 'http', protocol: 'TCP', port: 8080 }],
    ips.map((ip) => endpoint(ip, 'node2')),
  )

describe('ProxyIndex', () => {
  it('finds a service port by address, NodePort and protocol', () => {
    const { proxy } = proxyWith(fixtureServices())
    expect(proxy.lookup('10.96.0.10', 'udp', 53)?.sp.name).toBe('kube-system/kube-dns:dns')
    expect(proxy.lookup('10.96.0.10', 'tcp', 53)?.sp.name).toBe('kube-system/kube-dns:dns-tcp')
    expect(proxy.lookup('10.96.0.10', 'tcp', 80)).toBeUndefined()
    expect(proxy.nodePort('tcp', 30080)?.name).toBe('default/web:http')
    expect(proxy.nodePort('udp', 30080)).toBeUndefined()
  })

  it('recomputes only the Service whose endpoints changed', () => {
    const { store, proxy, node } = proxyWith(fixtureServices())
    const node1 = node('node1')
    const dns = proxy.lookup('10.96.0.10', 'udp', 53)?.sp
    const web = proxy.lookup('10.104.62.15', 'tcp', 80)?.sp
    if (!dns || !web) throw new Error('fixture')
    const dnsRules = proxy.rules(dns, node1)
    const order = proxy.servicePorts().map((sp) => sp.key)
    store.put(webSlice('10.244.1.2', '10.244.1.3', '10.244.2.2'))
    const web2 = proxy.lookup('10.104.62.15', 'tcp', 80)?.sp
    expect(web2?.endpoints.map((e) => e.str)).toEqual([
      '10.244.1.2:8080',
      '10.244.1.3:8080',
      '10.244.2.2:8080',
    ])
    expect(proxy.rules(dns, node1)).toBe(dnsRules)
    expect(proxy.servicePorts().map((sp) => sp.key)).toEqual(order)
    expect(proxy.servicePorts()).toContain(web2)
    expect(proxy.servicePorts()).not.toContain(web)
  })

  it('merges a Service’s slices and follows their changes and deletion', () => {
    const { store, proxy } = proxyWith(fixtureServices())
    store.put({
      ...webSlice('10.244.3.2'),
      metadata: { ...webSlice().metadata, name: 'web-fghij' },
    })
    const ips = () => proxy.lookup('10.104.62.15', 'tcp', 80)?.sp.endpoints.map((e) => e.ip)
    expect(ips()).toEqual(['10.244.1.2', '10.244.2.2', '10.244.3.2'])
    store.remove('EndpointSlice/default/web-abcde')
    expect(ips()).toEqual(['10.244.3.2'])
    store.remove('Service/default/web')
    expect(proxy.lookup('10.104.62.15', 'tcp', 80)).toBeUndefined()
    expect(proxy.nodePort('tcp', 30080)).toBeUndefined()
    expect(proxy.servicePorts().map((sp) => sp.name)).not.toContain('default/web:http')
  })

  it('rebuilt from the store, derives the same tables as kept up to date', () => {
    const { store, proxy, node } = proxyWith(fixtureServices({ externalTrafficPolicy: 'Local' }))
    store.put(webSlice('10.244.1.9'))
    const before = iptablesTables(proxy, node('node2')).nat.save()
    proxy.rebuild()
    expect(iptablesTables(proxy, node('node2')).nat.save()).toBe(before)
  })

  it('keeps per-node rules for a Local policy, and drops them when the Service changes', () => {
    const { store, proxy, node } = proxyWith(fixtureServices({ externalTrafficPolicy: 'Local' }))
    const web = proxy.lookup('10.104.62.15', 'tcp', 80)?.sp
    if (!web) throw new Error('fixture')
    expect(proxy.rules(web, node('node2'))).toBe(proxy.rules(web, node('node2')))
    expect(proxy.rules(web, node('node1'))).not.toBe(proxy.rules(web, node('node2')))
    store.put(webSlice('10.244.1.9'))
    const web2 = proxy.lookup('10.104.62.15', 'tcp', 80)?.sp
    if (!web2) throw new Error('fixture')
    expect(
      proxy.rules(web2, node('node2')).nat.get('KUBE-SVL-CDGGSHYLG3RE2FKL')?.[0]?.line,
    ).toContain('10.244.1.9:8080')
  })
})
