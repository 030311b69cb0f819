/**
 * `ip route [show]`, `ip route get` and `ip neigh [show]` over a netns's tables. iproute2
 * (ip/iproute.c print_route, ip/ipneigh.c print_neigh) leaves out `dev X` when listing one device;
 * BusyBox's print_route (networking/libiproute/iproute.c) prints no `proto`, and ` src ` with a
 * space of its own after the scope.
 */
import type { Cidr } from '../../model/ipv4'
import { cidrContains, ipToInt, isIPv4, parseCidr } from '../../model/ipv4'
import type { Neighbour, Route } from '../../model/network/tables'
import { formatNeighbour, formatRoute, lookupRoute } from '../../model/network/tables'
import type { Flavor } from './ipAddr'
import type { Link } from './links'
import { primaryAddress } from './links'

/** `dev X` and a destination prefix (iproute2's default selector, `exact`). */
export interface TableFilter {
  dev?: string
  prefix?: string
}

function busyboxRoute(r: Route, omitDev: boolean): string {
  let s = `${r.dst} `
  if (r.via) s += `via ${r.via} `
  if (!omitDev) s += `dev ${r.dev} `
  if (r.kernel) s += 'scope link '
  if (r.src) s += ` src ${r.src} `
  if (r.onlink) s += 'onlink '
  return s
}

function iproute2Route(r: Route, omitDev: boolean): string {
  const line = formatRoute(r)
  return omitDev ? line.replace(` dev ${r.dev}`, '') : line
}

/** A prefix as typed: `default` is every address, a bare address is a /32. */
function cidrOf(word: string): Cidr {
  return parseCidr(word === 'default' ? '0.0.0.0/0' : word.includes('/') ? word : `${word}/32`)
}

function sameDestination(dst: string, prefix: string): boolean {
  const a = cidrOf(dst)
  const b = cidrOf(prefix)
  return a.network === b.network && a.prefix === b.prefix
}

export function listRoutes(
  routes: readonly Route[],
  filter: TableFilter,
  flavor: Flavor,
): string[] {
  const omitDev = filter.dev !== undefined
  return routes
    .filter(
      (r) =>
        (filter.dev === undefined || r.dev === filter.dev) &&
        (filter.prefix === undefined || sameDestination(r.dst, filter.prefix)),
    )
    .map((r) => (flavor === 'busybox' ? busyboxRoute(r, omitDev) : iproute2Route(r, omitDev)))
}

export function listNeighbours(neighbours: readonly Neighbour[], filter: TableFilter): string[] {
  const within = filter.prefix === undefined ? undefined : cidrOf(filter.prefix)
  return neighbours
    .filter(
      (n) =>
        (filter.dev === undefined || n.dev === filter.dev) &&
        (within === undefined || cidrContains(within, ipToInt(n.ip))),
    )
    .map((n) => formatNeighbour(n, filter.dev !== undefined))
}

/** Whether a word is what iproute2's get_prefix accepts here: `default`, an address, a CIDR. */
export function isPrefix(word: string): boolean {
  if (word === 'default') return true
  const [ip = '', len, ...more] = word.split('/')
  if (more.length > 0 || !isIPv4(ip)) return false
  return len === undefined || (/^\d{1,2}$/.test(len) && Number(len) <= 32)
}

/**
 * `ip route get ADDR`: the route the kernel would use and the source address it would pick (the
 * route's `src`, else the outgoing device's address); the netns's own addresses are `local`.
 */
export function routeGet(
  links: readonly Link[],
  routes: readonly Route[],
  ip: string,
  flavor: Flavor,
): string[] | undefined {
  const local = ip.startsWith('127.') || links.some((l) => l.addresses.some((a) => a.ip === ip))
  if (local) {
    const src = ip.startsWith('127.') ? '127.0.0.1' : ip
    return flavor === 'busybox'
      ? [`local ${ip} dev lo table local  src ${src} `]
      : [`local ${ip} dev lo table local src ${src} uid 0 `, '    cache <local> ']
  }
  const r = lookupRoute(routes, ip)
  if (!r) return undefined
  const dev = links.find((l) => l.name === r.dev)
  const src = r.src ?? (dev && primaryAddress(dev))
  const via = r.via ? `via ${r.via} ` : ''
  if (flavor === 'busybox') return [`${ip} ${via}dev ${r.dev} ${src ? ` src ${src} ` : ''}`]
  return [`${ip} ${via}dev ${r.dev} ${src ? `src ${src} ` : ''}uid 0 `, '    cache ']
}
