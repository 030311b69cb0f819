/**
 * The Service IP and NodePort allocators (pkg/registry/core/service/ipallocator and portallocator).
 * What is allocated is derived from the stored Services and kept up to date by a watch, so a
 * refused request leaks nothing, a deleted Service releases its values at once, and a restored
 * simulation holds exactly what the original did. Free values are picked as upstream picks them:
 * a random start in the upper ("dynamic") band, scanning upward, the lower ("static") band only
 * when the upper one is full (KEP-3070, KEP-3668).
 */
import type { ObjectStore } from '../ObjectStore'
import type { Rng } from '../../kernel/Rng'
import { keyOf } from '../../model/meta'
import type { Service } from '../../model/service'
import { intToIp, ipToInt, isIPv4 } from '../../model/ipv4'

/** kubeadm's --service-cluster-ip-range (DefaultServicesSubnet). */
export const SERVICE_CIDR = '10.96.0.0/12'
/** The range's first usable address (the network address is never handed out). */
const FIRST_IP = ipToInt('10.96.0.1')
/** The last usable address (the broadcast address is never handed out). */
const LAST_IP = ipToInt('10.111.255.254')
/** ipallocator calculateRangeOffset: min(max(16, size/16), 256) addresses reserved for static use. */
const IP_RANGE_OFFSET = 256

/** --service-node-port-range default (kubeapiserver options: PortRange{Base: 30000, Size: 2768}). */
export const NODE_PORT_BASE = 30000
export const NODE_PORT_SIZE = 2768
/** portallocator calculateRangeOffset: min(max(16, size/32), 128). */
const NODE_PORT_RANGE_OFFSET = Math.min(Math.max(16, Math.floor(NODE_PORT_SIZE / 32)), 128)

/** PortRange.String(). */
export const NODE_PORT_RANGE = `${NODE_PORT_BASE}-${NODE_PORT_BASE + NODE_PORT_SIZE - 1}`

/** ipallocator.ErrAllocated / portallocator.ErrAllocated and friends, as their Error() strings. */
export const ERR_IP_ALLOCATED = 'provided IP is already allocated'
export const ERR_PORT_ALLOCATED = 'provided port is already allocated'
/** MetaAllocator.getAllocator: the address lies in no ServiceCIDR (MultiCIDRServiceAllocator, GA in 1.33). */
export const ERR_MISMATCHED_NETWORK = 'the provided network does not match the current range'
export const errIpNotInRange = (ip: string) =>
  `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`
export const ERR_PORT_NOT_IN_RANGE = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE}`

/** The ClusterIPs and NodePorts the stored Services hold. */
export class ServiceAllocations {
  private readonly ips = new Map<string, string>()
  private readonly nodePorts = new Map<number, string>()

  constructor(
    store: ObjectStore,
    private readonly rng: Rng,
  ) {
    for (const svc of store.list<Service>('Service')) this.add(svc)
    store.watch((event) => {
      if (event.object.kind !== 'Service') return
      if (event.old) this.remove(event.old as Service)
      if (event.type !== 'DELETED') this.add(event.object as Service)
    })
  }

  /** Whether a ClusterIP is held by a stored Service. */
  hasIP(ip: string): boolean {
    return this.ips.has(ip)
  }

  /** Whether a NodePort is held by a stored Service. */
  hasNodePort(port: number): boolean {
    return this.nodePorts.has(port)
  }

  /** MetaAllocator.AllocateService's checks for a requested IP: the error text when it cannot be had. */
  checkIP(ip: string): string | undefined {
    if (!isIPv4(ip)) return ERR_MISMATCHED_NETWORK
    const n = ipToInt(ip)
    if (n < FIRST_IP - 1 || n > LAST_IP + 1) return ERR_MISMATCHED_NETWORK
    if (n < FIRST_IP || n > LAST_IP) return errIpNotInRange(ip)
    return this.ips.has(ip) ? ERR_IP_ALLOCATED : undefined
  }

  /** allocateNextService: a free IP, upper band first, from a random start. */
  nextIP(): string | undefined {
    const upper = randomScan(this.rng, FIRST_IP + IP_RANGE_OFFSET, LAST_IP, (n) =>
      this.ips.has(intToIp(n)),
    )
    if (upper !== undefined) return intToIp(upper)
    const lower = randomScan(this.rng, FIRST_IP, FIRST_IP + IP_RANGE_OFFSET - 1, (n) =>
      this.ips.has(intToIp(n)),
    )
    return lower === undefined ? undefined : intToIp(lower)
  }

  /** PortAllocator.Allocate's checks for a requested NodePort, with `taken` from this request. */
  checkNodePort(port: number, taken: ReadonlySet<number>): string | undefined {
    if (port < NODE_PORT_BASE || port >= NODE_PORT_BASE + NODE_PORT_SIZE)
      return ERR_PORT_NOT_IN_RANGE
    return this.nodePorts.has(port) || taken.has(port) ? ERR_PORT_ALLOCATED : undefined
  }

  /** PortAllocator.AllocateNext (randomScanStrategyWithOffset.AllocateBit). */
  nextNodePort(taken: ReadonlySet<number>): number | undefined {
    const used = (p: number) => this.nodePorts.has(p) || taken.has(p)
    const last = NODE_PORT_BASE + NODE_PORT_SIZE - 1
    return (
      randomScan(this.rng, NODE_PORT_BASE + NODE_PORT_RANGE_OFFSET, last, used) ??
      randomScan(this.rng, NODE_PORT_BASE, NODE_PORT_BASE + NODE_PORT_RANGE_OFFSET - 1, used)
    )
  }

  private add(svc: Service): void {
    const key = keyOf(svc)
    for (const ip of svc.spec.clusterIPs ?? []) if (ip !== 'None') this.ips.set(ip, key)
    for (const port of serviceNodePorts(svc)) this.nodePorts.set(port, key)
  }

  private remove(svc: Service): void {
    const key = keyOf(svc)
    for (const ip of svc.spec.clusterIPs ?? []) if (this.ips.get(ip) === key) this.ips.delete(ip)
    for (const port of serviceNodePorts(svc))
      if (this.nodePorts.get(port) === key) this.nodePorts.delete(port)
  }
}

/** collectServiceNodePorts: the ports' nodePorts and the healthCheckNodePort. */
export function serviceNodePorts(svc: Service): number[] {
  const out = svc.spec.ports.map((p) => p.nodePort ?? 0).filter((p) => p > 0)
  if (svc.spec.healthCheckNodePort) out.push(svc.spec.healthCheckNodePort)
  return out
}

/** A free value in [lo, hi]: a random start, then upward with wrap-around (ipIterator / AllocateBit). */
function randomScan(
  rng: Rng,
  lo: number,
  hi: number,
  used: (n: number) => boolean,
): number | undefined {
  const size = hi - lo + 1
  const start = rng.int(size)
  for (let i = 0; i < size; i++) {
    const n = lo + ((start + i) % size)
    if (!used(n)) return n
  }
  return undefined
}
