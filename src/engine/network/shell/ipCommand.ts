/**
 * The `ip` program: `ip [-4|-6|-br] { address | link | route | neigh } [show|get ...]` over one
 * network namespace, with iproute2's parsing (ip/ip.c do_cmd and `matches`: any prefix of an object
 * or command name) and its messages. Changing the tables (`ip route add`, …) is not simulated.
 */
import type { Neighbour, Route } from '../../model/network/tables'
import type { Flavor } from './ipAddr'
import { listBrief, listLinks } from './ipAddr'
import type { Link, LinkAddress } from './links'
import { isPrefix, listNeighbours, listRoutes, routeGet } from './ipRoute'
import type { TableFilter } from './ipRoute'
import type { ToolResult } from './output'
import { lines, matches, stderr, stdout } from './output'

/** What `ip` sees in a namespace: its devices and tables (a pod's neighbour table is not kept). */
export interface NetnsView {
  flavor: Flavor
  links: Link[]
  routes: Route[]
  neighbours?: Neighbour[]
}

/** ip/ip.c's object table, in its order: an abbreviation names the first object it prefixes. */
const OBJECTS = (
  'address addrlabel maddress route rule neighbor neighbour ntable ntbl link l2tp fou ila macsec ' +
  'tunnel tunl tuntap tap token tcpmetrics tcp_metrics monitor xfrm mroute mrule netns netconf vrf ' +
  'sr nexthop mptcp ioam stats help'
).split(' ')

/** Commands that change a table: real, but outside what the simulator models. */
const CHANGES = ['add', 'append', 'change', 'delete', 'flush', 'replace', 'restore', 'save', 'set']

const USAGE = [
  'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }',
  'where  OBJECT := { address | link | neighbour | route }',
  '       OPTIONS := { -4 | -6 | -br[ief] }',
].join('\n')

const INCOMPLETE = stderr('Command line is not complete. Try option "help"', 255)

interface Options {
  brief: boolean
  family?: LinkAddress['family']
}

function parseOptions(args: string[], view: NetnsView): Options | ToolResult {
  const opts: Options = { brief: false }
  while (args[0]?.startsWith('-')) {
    const opt = (args.shift() as string).replace(/^--/, '-')
    if (opt === '-4') opts.family = 'inet'
    else if (opt === '-6') opts.family = 'inet6'
    else if (view.flavor === 'iproute2' && opt.length > 2 && matches(opt, '-brief'))
      opts.brief = true
    else if (view.flavor === 'busybox') return stderr(USAGE.split('\n')[0] as string)
    else return stderr(`Option "${opt}" is unknown, try "ip -help".`, 255)
  }
  return opts
}

/** `dev NAME` or a bare word: a device for address/link, a prefix for route/neigh. */
function parseFilter(args: string[], bare: 'dev' | 'prefix'): TableFilter | ToolResult {
  const filter: TableFilter = {}
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as string
    if (w === 'dev' || w === 'to') {
      const value = args[++i]
      if (value === undefined) return INCOMPLETE
      if (w === 'dev') filter.dev = value
      else filter.prefix = value
    } else if (bare === 'dev') filter.dev = w
    else filter.prefix = w
  }
  if (filter.prefix !== undefined && !isPrefix(filter.prefix))
    return stderr(`Error: any valid prefix is expected rather than "${filter.prefix}".`)
  return filter
}

function missingDevice(view: NetnsView, dev: string, style: 'addr' | 'table'): ToolResult {
  if (view.flavor === 'busybox') return stderr(`ip: can't find device '${dev}'`)
  return stderr(
    style === 'addr' ? `Device "${dev}" does not exist.` : `Cannot find device "${dev}"`,
  )
}

function show(object: string, args: string[], view: NetnsView, opts: Options): ToolResult {
  const isLink = object === 'link'
  const filter = parseFilter(args, object === 'address' || isLink ? 'dev' : 'prefix')
  if ('code' in filter) return filter
  let links = view.links
  if (filter.dev !== undefined) {
    links = links.filter((l) => l.name === filter.dev)
    if (links.length === 0)
      return missingDevice(view, filter.dev, object === 'address' || isLink ? 'addr' : 'table')
  }
  if (object === 'route') return stdout(lines(listRoutes(view.routes, filter, view.flavor)))
  if (object === 'neighbour') return stdout(lines(listNeighbours(view.neighbours ?? [], filter)))
  const listing = opts.brief
    ? listBrief(links, { link: isLink, family: opts.family })
    : listLinks(links, { flavor: view.flavor, link: isLink, family: opts.family })
  return stdout(lines(listing))
}

function get(args: string[], view: NetnsView): ToolResult {
  const words = args[0] === 'to' ? args.slice(1) : args
  const target = words[0]
  if (target === undefined) return stderr('need at least a destination address')
  if (!isPrefix(target) || target === 'default')
    return stderr(`Error: any valid prefix is expected rather than "${target}".`)
  const found = routeGet(view.links, view.routes, target.split('/')[0] as string, view.flavor)
  return found ? stdout(lines(found)) : stderr('RTNETLINK answers: Network is unreachable', 2)
}

/** Runs `ip ARGS` (the words after `ip`) in a namespace. */
export function ipCommand(argv: readonly string[], view: NetnsView): ToolResult {
  const args = [...argv]
  const opts = parseOptions(args, view)
  if ('code' in opts) return opts
  const typed = args.shift()
  if (typed === undefined) return stderr(USAGE, 255)
  const found = OBJECTS.find((o) => matches(typed, o))
  if (!found) return stderr(`Object "${typed}" is unknown, try "ip help".`, 255)
  if (found === 'help') return stderr(USAGE, 255)
  const object = found === 'neighbor' ? 'neighbour' : found
  if (!['address', 'link', 'route', 'neighbour'].includes(object))
    return stderr(
      `ip: "ip ${object}" is not simulated here; try ip address, ip link, ip route, ip neigh`,
    )
  if (object === 'neighbour' && !view.neighbours)
    return stderr(
      "ip: the simulator keeps no ARP cache inside pods; see the node's: ssh NODE ip neigh",
    )
  const command = args.shift()
  if (command === undefined || ['show', 'list', 'lst'].some((c) => matches(command, c)))
    return show(object, args, view, opts)
  if (object === 'route' && matches(command, 'get')) return get(args, view)
  if (CHANGES.some((c) => matches(command, c)))
    return stderr(
      `ip: changing the tables is not simulated; the simulator derives them from the cluster`,
    )
  const help = object === 'neighbour' ? 'neigh' : object
  return stderr(`Command "${command}" is unknown, try "ip ${help} help".`, 255)
}
