/**
 * The host-local IPAM plugin (containernetworking/plugins plugins/ipam/host-local): pod IPs from
 * the node's podCIDR, round-robin from the last reserved address, skipping the gateway (.1) and
 * addresses in use; a released address is not handed out again until the range wraps.
 */
import type { Cidr } from '../model/ipv4'
import { cidrContains, cidrSize, intToIp, ipToInt, parseCidr } from '../model/ipv4'

/** What /var/lib/cni/networks/cbr0 holds: one entry per reserved IP, and last_reserved_ip.0. */
export interface HostLocalState {
  lastReservedIP?: string
  /** Reserved IP → the container (pod sandbox) holding it. */
  reserved: Record<string, string>
}

export function emptyHostLocalState(): HostLocalState {
  return { reserved: {} }
}

/** The range host-local derives from a subnet (range.go Canonicalize): .1 to broadcast-1, gateway .1. */
export function rangeOf(subnet: Cidr): { start: number; end: number; gateway: number } {
  const start = subnet.network + 1
  const end = subnet.network + cidrSize(subnet) - 2
  return { start, end, gateway: start }
}

/** An allocation failure, with host-local's message. */
export class IpamError extends Error {}

/**
 * Reserves the next free IP for a container (allocator.go Get + RangeIter). The same container
 * asking twice gets an error, as host-local refuses a second IP from one range.
 */
export function allocateIP(state: HostLocalState, subnetCidr: string, containerId: string): string {
  const subnet = parseCidr(subnetCidr)
  const { start, end, gateway } = rangeOf(subnet)
  let held: string | undefined
  for (const ip in state.reserved) {
    if (state.reserved[ip] === containerId) {
      held = ip
      break
    }
  }
  if (held !== undefined) {
    throw new IpamError(
      `failed to allocate for range 0: ${held} has been allocated to ${containerId}, duplicate allocation is not allowed`,
    )
  }
  const last = state.lastReservedIP !== undefined ? ipToInt(state.lastReservedIP) : undefined
  const fromLast = last !== undefined && last >= start && last <= end && cidrContains(subnet, last)
  // RangeIter: the first Next() returns last+1 (or RangeStart), wrapping after RangeEnd, and gives
  // up when it comes back to where it started.
  let cur: number | undefined = fromLast ? last : undefined
  let startIP: number | undefined
  for (;;) {
    if (cur === undefined) {
      cur = start
      startIP = cur
    } else {
      cur = cur === end ? start : cur + 1
      if (startIP === undefined) startIP = cur
      else if (cur === startIP) break
    }
    if (cur === gateway) continue
    const ip = intToIp(cur)
    if (state.reserved[ip] === undefined) {
      state.reserved[ip] = containerId
      state.lastReservedIP = ip
      return ip
    }
  }
  throw new IpamError(`no IP addresses available in range set: ${intToIp(start)}-${intToIp(end)}`)
}

/** Releases an IP (the file goes; last_reserved_ip stays, which is what delays reuse). */
export function releaseIP(state: HostLocalState, ip: string): void {
  delete state.reserved[ip]
}
