/**
 * `ip addr` and `ip link` listings, as iproute2 (ip/ipaddress.c print_linkinfo, print_addrinfo,
 * print_linkinfo_brief) prints them on a node and as BusyBox (networking/libiproute/ipaddress.c)
 * prints them inside a container.
 */
import type { Link, LinkAddress } from './links'

/** Which `ip` prints: iproute2 on the nodes, BusyBox's applet in busybox and Alpine images. */
export type Flavor = 'iproute2' | 'busybox'

export interface ListOptions {
  flavor: Flavor
  /** `ip link` (no addresses, iproute2 adds `mode DEFAULT`) rather than `ip addr`. */
  link: boolean
  /** `-4` / `-6`: only this family's addresses, and only devices that have one. */
  family?: LinkAddress['family']
}

function name(link: Link): string {
  return link.peerIndex === undefined ? link.name : `${link.name}@if${link.peerIndex}`
}

function flags(link: Link, flavor: Flavor): string {
  // BusyBox cannot resolve a peer index in another netns, so it takes the peer for down: M-DOWN.
  const mdown = flavor === 'busybox' && link.peerIndex !== undefined ? ',M-DOWN' : ''
  return `<${link.flags.join(',')}${mdown}>`
}

function header(link: Link, opts: ListOptions): string {
  let s = `${link.index}: ${name(link)}: ${flags(link, opts.flavor)} mtu ${link.mtu} qdisc ${link.qdisc} `
  if (link.master) s += `master ${link.master} `
  s += `state ${link.state} `
  if (opts.flavor === 'iproute2') s += `${opts.link ? 'mode DEFAULT ' : ''}group default `
  if (link.qlen) s += `qlen ${link.qlen}`
  return s
}

function linkLayer(link: Link, flavor: Flavor): string {
  const brd = link.type === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'
  let s = `    link/${link.type} ${link.mac} brd ${brd}`
  // iproute2 names the peer's netns when it has a name under /var/run/netns (containerd's do).
  if (flavor === 'iproute2' && link.peerNetns !== undefined)
    s +=
      typeof link.peerNetns === 'string'
        ? ` link-netns ${link.peerNetns}`
        : ` link-netnsid ${link.peerNetns}`
  return s
}

function address(link: Link, a: LinkAddress, flavor: Flavor): string[] {
  let s = `    ${a.family} ${a.ip}/${a.prefix} `
  if (a.brd) s += `brd ${a.brd} `
  s += `scope ${a.scope} `
  // IPv4 addresses carry their device as label; BusyBox's fork predates IFA_PROTO.
  if (a.family === 'inet') s += link.name
  else if (a.proto && flavor === 'iproute2') s += `proto ${a.proto} `
  return [s, '       valid_lft forever preferred_lft forever']
}

function selected(links: readonly Link[], family?: LinkAddress['family']): Link[] {
  return family ? links.filter((l) => l.addresses.some((a) => a.family === family)) : [...links]
}

/** The long listing: a header line per device, its link layer, then its addresses. */
export function listLinks(links: readonly Link[], opts: ListOptions): string[] {
  const out: string[] = []
  for (const link of selected(links, opts.family)) {
    out.push(header(link, opts))
    // With a family filter, iproute2 leaves out the link layer (ipaddress.c: !filter.family).
    if (!opts.family || opts.link) out.push(linkLayer(link, opts.flavor))
    if (opts.link) continue
    for (const a of link.addresses)
      if (!opts.family || a.family === opts.family) out.push(...address(link, a, opts.flavor))
  }
  return out
}

/** `ip -br addr` / `ip -br link`: name and state in columns, then addresses (or MAC and flags). */
export function listBrief(
  links: readonly Link[],
  opts: Pick<ListOptions, 'link' | 'family'>,
): string[] {
  return selected(links, opts.family).map((link) => {
    const cols = `${name(link).padEnd(16)} ${link.state.padEnd(14)} `
    if (opts.link) return `${cols}${link.mac} <${link.flags.join(',')}> `
    const addrs = link.addresses.filter((a) => !opts.family || a.family === opts.family)
    return cols + addrs.map((a) => `${a.ip}/${a.prefix} `).join('')
  })
}
