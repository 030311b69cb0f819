/**
 * The cluster network as derived state: every node's interfaces and flannel lease, every pod's
 * network namespace, and who owns each address. Kept up to date from watch events, one object at a
 * time, so a pod change costs the same in a 10-node and a 250-node cluster; tables (routes,
 * neighbours, FDB) are computed when asked, and routes are cached per node until a lease changes.
 */
import type { ObjectStore, WatchEvent } from '../api/ObjectStore'
import type { Node } from '../model/node'
import type { Pod } from '../model/pod'
import type { LanHost, NetworkFacts } from '../model/network/facts'
import type { Lease, NodeNet, PodNet } from '../model/network/interfaces'
import { leaseOf, nodeNetOf, podNetOf } from '../model/network/interfaces'
import type { FdbEntry, Neighbour, Route } from '../model/network/tables'
import { hostFdb, hostNeighbours, hostRoutes, podRoutes } from '../model/network/tables'

/** Who answers for an address. */
export type AddressOwner =
  | { kind: 'pod'; pod: PodNet }
  | { kind: 'node'; node: NodeNet; dev: 'eth0' | 'cni0' | 'flannel.1' }
  | { kind: 'lan'; host: LanHost; router: boolean }

export class NetworkIndex {
  private readonly nodeNets = new Map<string, NodeNet>()
  private readonly leaseByNode = new Map<string, Lease>()
  private leaseList: Lease[] | undefined
  private readonly podNets = new Map<string, PodNet>()
  private readonly podsByNode = new Map<string, Map<string, PodNet>>()
  private readonly owners = new Map<string, AddressOwner>()
  private readonly routeCache = new Map<string, Route[]>()

  constructor(
    private readonly store: ObjectStore,
    private readonly getFacts: () => NetworkFacts,
  ) {}

  get facts(): NetworkFacts {
    return this.getFacts()
  }

  /** Derives everything again from the store (after a restore, or when the facts changed wholesale). */
  rebuild(): void {
    this.nodeNets.clear()
    this.leaseByNode.clear()
    this.podNets.clear()
    this.podsByNode.clear()
    this.owners.clear()
    this.invalidateRoutes()
    const facts = this.facts
    for (const host of [facts.lan.router, ...facts.lan.hosts])
      this.owners.set(host.ip, { kind: 'lan', host, router: host === facts.lan.router })
    for (const node of this.store.list<Node>('Node')) this.setNode(node)
  }

  onWatch(event: WatchEvent): void {
    if (event.object.kind === 'Pod') {
      const pod = event.object as Pod
      if (event.type === 'DELETED') this.removePod(pod)
      else {
        if (event.old) this.removePod(event.old as Pod)
        this.setPod(pod)
        // The bridge plugin creates cni0 at a node's first CNI ADD.
        const node = pod.spec.nodeName
        if (node && this.facts.machines[node]?.cni0 && !this.nodeNets.get(node)?.cni0) {
          const n = this.store.get<Node>(`Node/${node}`)
          if (n) this.setNode(n)
        }
      }
    } else if (event.object.kind === 'Node') {
      if (event.type === 'DELETED') this.removeNode(event.object.metadata.name)
      else this.setNode(event.object as Node)
    }
  }

  private setNode(node: Node): void {
    const name = node.metadata.name
    this.removeNode(name)
    const net = nodeNetOf(node, this.facts)
    if (!net) return
    this.nodeNets.set(name, net)
    // Its pods' namespaces are indexed with it (removeNode dropped them; a Node may also appear
    // after pods were bound to it).
    for (const key of this.store.podsOn(name)) {
      const pod = this.store.get<Pod>(key)
      if (pod) this.setPod(pod)
    }
    this.owners.set(net.eth0.ip, { kind: 'node', node: net, dev: 'eth0' })
    if (net.cni0) this.owners.set(net.cni0.ip, { kind: 'node', node: net, dev: 'cni0' })
    if (net.vtep) this.owners.set(net.vtep.ip, { kind: 'node', node: net, dev: 'flannel.1' })
    const lease = leaseOf(node)
    if (lease) this.leaseByNode.set(name, lease)
    this.invalidateRoutes()
  }

  private removeNode(name: string): void {
    const old = this.nodeNets.get(name)
    if (!old) return
    for (const ip of [old.eth0.ip, old.cni0?.ip, old.vtep?.ip]) {
      const owner = ip === undefined ? undefined : this.owners.get(ip)
      if (owner?.kind === 'node' && owner.node.name === name) this.owners.delete(ip as string)
    }
    this.nodeNets.delete(name)
    this.leaseByNode.delete(name)
    for (const pod of this.podsByNode.get(name)?.values() ?? []) {
      this.podNets.delete(pod.key)
      const owner = this.owners.get(pod.ip)
      if (owner?.kind === 'pod' && owner.pod.uid === pod.uid) this.owners.delete(pod.ip)
    }
    this.podsByNode.delete(name)
    this.invalidateRoutes()
  }

  private setPod(pod: Pod): void {
    const net = podNetOf(pod, this.facts)
    // A pod bound to a machine that is gone has no network namespace any more.
    if (!net || !this.nodeNets.has(net.node)) return
    this.podNets.set(net.key, net)
    let onNode = this.podsByNode.get(net.node)
    if (!onNode) this.podsByNode.set(net.node, (onNode = new Map<string, PodNet>()))
    onNode.set(net.key, net)
    this.owners.set(net.ip, { kind: 'pod', pod: net })
  }

  private removePod(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`
    const net = this.podNets.get(key)
    if (!net || net.uid !== pod.metadata.uid) return
    this.podNets.delete(key)
    this.podsByNode.get(net.node)?.delete(key)
    const owner = this.owners.get(net.ip)
    if (owner?.kind === 'pod' && owner.pod.uid === net.uid) this.owners.delete(net.ip)
  }

  private invalidateRoutes(): void {
    this.leaseList = undefined
    this.routeCache.clear()
  }

  node(name: string): NodeNet | undefined {
    return this.nodeNets.get(name)
  }

  nodes(): Iterable<NodeNet> {
    return this.nodeNets.values()
  }

  /** flannel's leases, by node name. */
  leases(): readonly Lease[] {
    if (!this.leaseList)
      this.leaseList = [...this.leaseByNode.values()].sort((a, b) => (a.node < b.node ? -1 : 1))
    return this.leaseList
  }

  /** A pod's network namespace by `namespace/name`, if it has one. */
  pod(key: string): PodNet | undefined {
    return this.podNets.get(key)
  }

  podsOn(node: string): PodNet[] {
    return [...(this.podsByNode.get(node)?.values() ?? [])]
  }

  podCount(): number {
    return this.podNets.size
  }

  owner(ip: string): AddressOwner | undefined {
    return this.owners.get(ip)
  }

  routes(node: string): Route[] {
    let routes = this.routeCache.get(node)
    if (!routes) {
      const net = this.nodeNets.get(node)
      if (!net) return []
      const lan = this.facts.lan
      routes = hostRoutes(net, this.leases(), { cidr: lan.cidr, router: lan.router.ip })
      this.routeCache.set(node, routes)
    }
    return routes
  }

  /** The hosts a node's eth0 talks to on the LAN: the router, the other nodes, outside hosts. */
  lanPeers(): { ip: string; mac: string }[] {
    const lan = this.facts.lan
    return [
      lan.router,
      ...[...this.nodeNets.values()].map((n) => ({ ip: n.eth0.ip, mac: n.eth0.mac })),
    ]
  }

  neighbours(node: string): Neighbour[] {
    const net = this.nodeNets.get(node)
    return net ? hostNeighbours(net, this.leases(), this.lanPeers(), this.podsOn(node)) : []
  }

  fdb(node: string): FdbEntry[] {
    const net = this.nodeNets.get(node)
    return net ? hostFdb(net, this.leases(), this.podsOn(node)) : []
  }

  podRoutes(pod: PodNet): Route[] {
    const cidr = this.nodeNets.get(pod.node)?.podCIDR
    return cidr ? podRoutes(pod, cidr) : []
  }
}
