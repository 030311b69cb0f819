/**
 * ClusterIP and NodePort allocation (spec §5.1, §9 item 14; pkg/registry/core/service/ipallocator
 * and portallocator): the fixed addresses kubeadm asks for, random ones from the upper band,
 * NodePorts in 30000-32767, nothing handed out twice, release on delete, and a restored
 * simulation allocating exactly what the original would have.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationSnapshot } from '../../index'
import { createSimulation, restoreSimulation } from '../../index'
import { ipToInt } from '../../model/ipv4'
import type { KubeObject } from '../../model/meta'
import type { Service } from '../../model/service'
import { SimulationCore } from '../../runtime/Simulation'
import { findScenario } from '../../scenarios/scenarios'

const svc = (o: KubeObject | undefined) => o as Service

function core(): SimulationCore {
  const c = new SimulationCore(1, 'default', { freezeObjects: true })
  findScenario('default')?.build(c)
  return c
}

/** Creates a Service as a client sends it (fields left out are defaulted). */
function create(c: SimulationCore, name: string, spec: Record<string, unknown> = {}): Service {
  return c.api.create<Service>({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  })
}

const inUpperBand = (ip: string) =>
  ipToInt(ip) >= ipToInt('10.96.1.1') && ipToInt(ip) <= ipToInt('10.111.255.254')

describe('ClusterIP allocation', () => {
  it('kubernetes gets 10.96.0.1 and kube-dns 10.96.0.10, as kubeadm asks', () => {
    const c = core()
    expect(svc(c.store.get('Service/default/kubernetes')).spec.clusterIPs).toEqual(['10.96.0.1'])
    expect(svc(c.store.get('Service/kube-system/kube-dns')).spec.clusterIP).toBe('10.96.0.10')
  })

  it('a Service that names no IP gets a random one from the upper band 10.96.1.1-10.111.255.254', () => {
    const c = core()
    const ips = new Set<string>()
    for (let i = 0; i < 40; i++) {
      const s = create(c, `s${i}`)
      expect(s.spec.clusterIPs).toEqual([s.spec.clusterIP])
      expect(inUpperBand(s.spec.clusterIP ?? '')).toBe(true)
      ips.add(s.spec.clusterIP ?? '')
    }
    expect(ips.size).toBe(40)
    // Random, not sequential: the addresses spread over the band.
    const sorted = [...ips].map(ipToInt).sort((a, b) => a - b)
    expect((sorted.at(-1) ?? 0) - (sorted[0] ?? 0)).toBeGreaterThan(100_000)
  })

  it('an IP in the static band is taken when asked for and free', () => {
    const c = core()
    expect(create(c, 'fixed', { clusterIP: '10.96.0.20' }).spec.clusterIPs).toEqual(['10.96.0.20'])
  })

  it('an allocated IP is not handed out again until its Service is deleted', () => {
    const c = core()
    const web = svc(c.store.get('Service/default/web'))
    const ip = web.spec.clusterIP ?? ''
    expect(() => create(c, 'copy', { clusterIP: ip })).toThrow(/provided IP is already allocated/)
    c.api.delete('Service', 'default', 'web')
    expect(create(c, 'copy', { clusterIP: ip }).spec.clusterIP).toBe(ip)
  })

  it('headless and ExternalName Services get no ClusterIP', () => {
    const c = core()
    const headless = create(c, 'hl', { clusterIP: 'None' })
    expect(headless.spec.clusterIPs).toEqual(['None'])
    expect(headless.spec.ipFamilyPolicy).toBe('SingleStack')
    const ext = create(c, 'ext', { type: 'ExternalName', externalName: 'example.com', ports: [] })
    expect(ext.spec.clusterIP).toBeUndefined()
    expect(ext.spec.ipFamilies).toBeUndefined()
    expect(ext.spec.internalTrafficPolicy).toBeUndefined()
  })
})

describe('NodePort allocation', () => {
  it('NodePort and LoadBalancer Services get ports in 30000-32767, each once', () => {
    const c = core()
    const ports = new Set<number>()
    for (let i = 0; i < 30; i++) {
      const s = create(c, `np${i}`, { type: i % 2 ? 'NodePort' : 'LoadBalancer' })
      const port = s.spec.ports[0]?.nodePort ?? 0
      expect(port).toBeGreaterThanOrEqual(30000)
      expect(port).toBeLessThanOrEqual(32767)
      ports.add(port)
    }
    expect(ports.size).toBe(30)
  })

  it('a requested nodePort is taken if free; ports with the same number share one', () => {
    const c = core()
    const s = create(c, 'dns', {
      type: 'NodePort',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53, nodePort: 30053 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    })
    expect(s.spec.ports.map((p) => p.nodePort)).toEqual([30053, 30053])
  })

  it('a deleted Service releases its nodePort', () => {
    const c = core()
    create(c, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30500, targetPort: 80 }] })
    c.api.delete('Service', 'default', 'a')
    const b = create(c, 'b', {
      type: 'NodePort',
      ports: [{ port: 80, nodePort: 30500, targetPort: 80 }],
    })
    expect(b.spec.ports[0]?.nodePort).toBe(30500)
  })

  it('changing the type to ClusterIP releases the nodePorts; back to NodePort gets new ones', () => {
    const c = core()
    const web = svc(c.store.get('Service/default/web'))
    const nodePort = web.spec.ports[0]?.nodePort
    const clusterIP = c.api.update<Service>({ ...web, spec: { ...web.spec, type: 'ClusterIP' } })
    expect(clusterIP.spec.ports[0]?.nodePort).toBeUndefined()
    expect(clusterIP.spec.externalTrafficPolicy).toBeUndefined()
    expect(clusterIP.spec.clusterIP).toBe(web.spec.clusterIP)
    create(c, 'taker', { type: 'NodePort', ports: [{ port: 80, nodePort, targetPort: 80 }] })
    const back = c.api.update<Service>({
      ...clusterIP,
      spec: { ...clusterIP.spec, type: 'NodePort' },
    })
    expect(back.spec.ports[0]?.nodePort).not.toBe(nodePort)
    expect(back.spec.externalTrafficPolicy).toBe('Cluster')
  })

  it('an update that leaves the ClusterIP and nodePort out keeps them (patchAllocatedValues)', () => {
    const c = core()
    const web = svc(c.store.get('Service/default/web'))
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = web.spec
    const ports = web.spec.ports.map(({ nodePort: _n, ...p }) => p)
    const updated = c.api.update<Service>({ ...web, spec: { ...spec, ports } })
    expect(updated).toBe(c.store.get('Service/default/web'))
    expect(updated.spec.clusterIP).toBe(web.spec.clusterIP)
    expect(updated.spec.ports[0]?.nodePort).toBe(web.spec.ports[0]?.nodePort)
  })
})

describe('allocation and snapshots', () => {
  it('a restored simulation allocates the same ClusterIPs and nodePorts as the original', () => {
    const original = createSimulation({ seed: 5, freezeObjects: true })
    const cut = JSON.parse(JSON.stringify(original.snapshot())) as SimulationSnapshot
    const restored = restoreSimulation(cut)
    const cmd = 'kubectl create service nodeport extra --tcp=8080:80'
    for (const sim of [original, restored]) expect(sim.run(cmd).ok).toBe(true)
    const a = svc(original.object('Service/default/extra'))
    const b = svc(restored.object('Service/default/extra'))
    expect(b.spec.clusterIP).toBe(a.spec.clusterIP)
    expect(b.spec.ports[0]?.nodePort).toBe(a.spec.ports[0]?.nodePort)
    expect(inUpperBand(a.spec.clusterIP ?? '')).toBe(true)
    // A restored allocator knows what the stored Services hold.
    const web = svc(restored.object('Service/default/web'))
    const copy = restored.run(
      `kubectl create service clusterip copy --tcp=80 --clusterip=${web.spec.clusterIP}`,
    )
    expect(copy.error).toContain('provided IP is already allocated')
  })
})
