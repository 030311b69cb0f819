/**
 * kube-proxy's view of the cluster as derived state: every Service port with its endpoints, found
 * by (address, port, protocol), by NodePort or by health-check port in O(1), and its iptables
 * rules, kept up to date from Service and EndpointSlice watch events one Service at a time (as
 * kube-proxy's ServiceChangeTracker and EndpointsChangeTracker feed a partial sync), so a change
 * costs the same with 100 or 1,000 Services. A changed Service is only marked; it is recomputed
 * when something next reads the index, so a rollout's thousand EndpointSlice updates between two
 * packets cost one sync (as kube-proxy's minSyncPeriod batches them). Rules are computed when
 * asked (per node for "Local" policies) and kept until the Service changes.
 */
import type { ObjectStore, WatchEvent } from '../../api/ObjectStore'
import type { EndpointSlice } from '../../model/endpointSlice'
import { SERVICE_NAME_LABEL } from '../../model/endpointSlice'
import type { ProxyMode } from '../../model/network/facts'
import type { NodeNet } from '../../model/network/interfaces'
import type { Service } from '../../model/service'
import { objectKey } from '../../model/meta'
import { ipToInt } from '../../model/ipv4'
import type { ServiceRules } from './serviceRules'
import { nodeIndependent, serviceRules } from './serviceRules'
import type { ServicePortInfo } from './servicePorts'
import { servicePortsOf } from './servicePorts'

/** How a Service port owns an address: its ClusterIP, an external IP or a load-balancer IP. */
export type AddressKind = 'cluster' | 'external' | 'lb'

export interface AddressEntry {
  sp: ServicePortInfo
  kind: AddressKind
}

const addrKey = (ip: string, proto: string, port: number) => `${ip}|${proto}|${port}`

function byOrder(a: ServicePortInfo, b: ServicePortInfo): number {
  return a.order[0] - b.order[0] || a.order[1] - b.order[1] || (a.key < b.key ? -1 : 1)
}

export class ProxyIndex {
  private readonly portsByService = new Map<string, ServicePortInfo[]>()
  private readonly slicesByService = new Map<string, Map<string, EndpointSlice>>()
  private readonly byAddress = new Map<string, AddressEntry>()
  private readonly byNodePort = new Map<string, ServicePortInfo>()
  private readonly byHealthCheck = new Map<number, ServicePortInfo>()
  /** How many service ports use each address: kube-ipvs0's addresses in IPVS mode. */
  private readonly vips = new Map<string, number>()
  /** Endpoints on each node (any service port, any condition): IPVS's KUBE-LOOP-BACK set. */
  private readonly endpointsOnNode = new Map<string, number>()
  private readonly shared = new Map<string, ServiceRules>()
  private readonly perNode = new Map<string, Map<string, ServiceRules>>()
  private sorted: ServicePortInfo[] | undefined
  /** Each port's place in `sorted`, so an endpoint change replaces it there in O(1). */
  private readonly position = new Map<string, number>()
  /** Services changed since the index was last read (namespace/name). */
  private readonly dirty = new Set<string>()

  constructor(
    private readonly store: ObjectStore,
    private readonly getMode: () => ProxyMode,
  ) {}

  get mode(): ProxyMode {
    return this.getMode()
  }

  /** Derives everything again from the store (after a restore). */
  rebuild(): void {
    this.dirty.clear()
    for (const key of [...this.portsByService.keys()]) this.setPorts(key, [])
    this.slicesByService.clear()
    for (const slice of this.store.list<EndpointSlice>('EndpointSlice')) this.addSlice(slice)
    for (const svc of this.store.list<Service>('Service')) this.dirty.add(serviceKey(svc))
  }

  onWatch(event: WatchEvent): void {
    const kind = event.object.kind
    if (kind === 'Service') {
      this.dirty.add(serviceKey(event.object as Service))
    } else if (kind === 'EndpointSlice') {
      if (event.old) this.removeSlice(event.old as EndpointSlice)
      if (event.type !== 'DELETED') this.addSlice(event.object as EndpointSlice)
      for (const key of [event.old, event.object].flatMap((s) => sliceOwner(s))) this.dirty.add(key)
    }
  }

  /** Brings the changed Services up to date before a read. */
  private flush(): void {
    if (this.dirty.size === 0) return
    const keys = [...this.dirty]
    this.dirty.clear()
    for (const key of keys) this.syncService(key)
  }

  private addSlice(slice: EndpointSlice): void {
    for (const key of sliceOwner(slice)) {
      let slices = this.slicesByService.get(key)
      if (!slices) this.slicesByService.set(key, (slices = new Map<string, EndpointSlice>()))
      slices.set(slice.metadata.name, slice)
    }
  }

  private removeSlice(slice: EndpointSlice): void {
    for (const key of sliceOwner(slice)) {
      const slices = this.slicesByService.get(key)
      slices?.delete(slice.metadata.name)
      if (slices?.size === 0) this.slicesByService.delete(key)
    }
  }

  /** Recomputes one Service's ports from the store (OnServiceUpdate / OnEndpointSliceUpdate). */
  private syncService(key: string): void {
    const [namespace, name = ''] = key.split('/')
    const svc = this.store.get<Service>(objectKey('Service', namespace, name))
    const slices = [...(this.slicesByService.get(key)?.values() ?? [])].sort((a, b) =>
      a.metadata.name < b.metadata.name ? -1 : 1,
    )
    const previous = this.portsByService.get(key)
    this.setPorts(key, svc ? servicePortsOf(svc, slices, previous) : [])
  }

  private setPorts(key: string, ports: ServicePortInfo[]): void {
    const old = this.portsByService.get(key) ?? []
    for (const sp of old) this.unindex(sp)
    if (ports.length > 0) this.portsByService.set(key, ports)
    else this.portsByService.delete(key)
    for (const sp of ports) this.index(sp)
    // Only a port added, removed or moved (a new ClusterIP) changes the listing order.
    const same =
      old.length === ports.length &&
      ports.every((sp, i) => {
        const was = old[i]
        return was !== undefined && was.key === sp.key && byOrder(was, sp) === 0
      })
    if (!same) this.sorted = undefined
    else if (this.sorted)
      for (const sp of ports) this.sorted[this.position.get(sp.key) as number] = sp
  }

  private index(sp: ServicePortInfo): void {
    const add = (ip: string, kind: AddressKind) => {
      this.byAddress.set(addrKey(ip, sp.protocol, sp.port), { sp, kind })
      this.vips.set(ip, (this.vips.get(ip) ?? 0) + 1)
    }
    add(sp.clusterIP, 'cluster')
    for (const ip of sp.externalIPs) add(ip, 'external')
    for (const ip of sp.loadBalancerIPs) add(ip, 'lb')
    if (sp.nodePort) this.byNodePort.set(`${sp.protocol}|${sp.nodePort}`, sp)
    if (sp.healthCheckNodePort) this.byHealthCheck.set(sp.healthCheckNodePort, sp)
    for (const ep of sp.endpoints)
      if (ep.nodeName)
        this.endpointsOnNode.set(ep.nodeName, (this.endpointsOnNode.get(ep.nodeName) ?? 0) + 1)
  }

  private unindex(sp: ServicePortInfo): void {
    const drop = (ip: string) => {
      const key = addrKey(ip, sp.protocol, sp.port)
      if (this.byAddress.get(key)?.sp.key === sp.key) this.byAddress.delete(key)
      const n = (this.vips.get(ip) ?? 1) - 1
      if (n > 0) this.vips.set(ip, n)
      else this.vips.delete(ip)
    }
    drop(sp.clusterIP)
    for (const ip of sp.externalIPs) drop(ip)
    for (const ip of sp.loadBalancerIPs) drop(ip)
    const np = `${sp.protocol}|${sp.nodePort}`
    if (this.byNodePort.get(np)?.key === sp.key) this.byNodePort.delete(np)
    if (this.byHealthCheck.get(sp.healthCheckNodePort)?.key === sp.key)
      this.byHealthCheck.delete(sp.healthCheckNodePort)
    for (const ep of sp.endpoints)
      if (ep.nodeName) {
        const n = (this.endpointsOnNode.get(ep.nodeName) ?? 1) - 1
        if (n > 0) this.endpointsOnNode.set(ep.nodeName, n)
        else this.endpointsOnNode.delete(ep.nodeName)
      }
    this.shared.delete(sp.key)
    this.perNode.delete(sp.key)
  }

  /** Every service port kube-proxy programs, by ClusterIP then port. */
  servicePorts(): readonly ServicePortInfo[] {
    this.flush()
    if (!this.sorted) {
      this.sorted = [...this.portsByService.values()].flat().sort(byOrder)
      this.position.clear()
      this.sorted.forEach((sp, i) => this.position.set(sp.key, i))
    }
    return this.sorted
  }

  /** The service port that owns an address and port (ClusterIP, external IP or LB IP). */
  lookup(ip: string, proto: string, port: number | undefined): AddressEntry | undefined {
    this.flush()
    return port === undefined ? undefined : this.byAddress.get(addrKey(ip, proto, port))
  }

  nodePort(proto: string, port: number | undefined): ServicePortInfo | undefined {
    this.flush()
    return port === undefined ? undefined : this.byNodePort.get(`${proto}|${port}`)
  }

  healthCheckPort(port: number | undefined): ServicePortInfo | undefined {
    this.flush()
    return port === undefined ? undefined : this.byHealthCheck.get(port)
  }

  /** The addresses Services own (ClusterIPs, external and LB IPs), numerically sorted. */
  virtualIPs(): string[] {
    this.flush()
    return [...this.vips.keys()].sort((a, b) => ipToInt(a) - ipToInt(b))
  }

  isVirtualIP(ip: string): boolean {
    this.flush()
    return this.vips.has(ip)
  }

  hasEndpointsOn(node: string): boolean {
    this.flush()
    return this.endpointsOnNode.has(node)
  }

  /** A port's iptables rules on a node. */
  rules(sp: ServicePortInfo, node: NodeNet): ServiceRules {
    this.flush()
    let shared = this.shared.get(sp.key)
    if (shared) return shared
    if (nodeIndependent(sp)) {
      shared = serviceRules(sp, { name: '', ip: '0.0.0.0' })
      this.shared.set(sp.key, shared)
      return shared
    }
    let byNode = this.perNode.get(sp.key)
    if (!byNode) this.perNode.set(sp.key, (byNode = new Map<string, ServiceRules>()))
    let rules = byNode.get(node.name)
    if (!rules)
      byNode.set(node.name, (rules = serviceRules(sp, { name: node.name, ip: node.eth0.ip })))
    return rules
  }
}

function serviceKey(svc: Service): string {
  return `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`
}

function sliceOwner(slice: unknown): string[] {
  const s = slice as EndpointSlice | undefined
  const name = s?.metadata.labels?.[SERVICE_NAME_LABEL]
  return s && name ? [`${s.metadata.namespace ?? 'default'}/${name}`] : []
}
