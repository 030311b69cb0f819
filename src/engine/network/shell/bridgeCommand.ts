/**
 * The `bridge` program (iproute2 bridge/bridge.c, bridge/fdb.c): `bridge fdb [show] [dev X | br Y]`.
 * With `dev` the listing is of one device and leaves out `dev X`; with `br` it keeps the bridge's own
 * entries and those of the ports enslaved to it. Other objects are not simulated.
 */
import type { FdbEntry } from '../../model/network/tables'
import { formatFdb } from '../../model/network/tables'
import type { Link } from './links'
import type { ToolResult } from './output'
import { lines, matches, stderr, stdout } from './output'

/** bridge/bridge.c's objects, in its order. */
const OBJECTS = ['link', 'fdb', 'mdb', 'vlan', 'vni', 'monitor', 'help']

const USAGE = [
  'Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }',
  'where  OBJECT := { fdb }',
].join('\n')

function show(
  args: readonly string[],
  fdb: readonly FdbEntry[],
  links: readonly Link[],
): ToolResult {
  let dev: string | undefined
  let br: string | undefined
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as string
    if (w !== 'dev' && w !== 'brport' && w !== 'br') continue // fdb_show skips other words
    const value = args[++i]
    if (value === undefined) return stderr('Command line is not complete. Try option "help"', 255)
    if (w === 'br') br = value
    else dev = value
  }
  if (dev !== undefined && !links.some((l) => l.name === dev))
    return stderr(`Cannot find device "${dev}"`)
  if (br !== undefined && !links.some((l) => l.name === br))
    return stderr(`Cannot find bridge device "${br}"`)
  const ports = new Set(links.filter((l) => br !== undefined && l.master === br).map((l) => l.name))
  const shown = fdb.filter(
    (e) =>
      (dev === undefined || e.dev === dev) &&
      (br === undefined || e.dev === br || ports.has(e.dev)),
  )
  return stdout(lines(shown.map((e) => formatFdb(e, dev !== undefined))))
}

/** Runs `bridge ARGS` on a node, over its forwarding database and devices. */
export function bridgeCommand(
  argv: readonly string[],
  fdb: readonly FdbEntry[],
  links: readonly Link[],
): ToolResult {
  const [typed, command, ...rest] = argv
  if (typed === undefined) return stderr(USAGE, 255)
  const object = OBJECTS.find((o) => matches(typed, o))
  if (!object) return stderr(`Object "${typed}" is unknown, try "bridge help".`, 255)
  if (object === 'help') return stderr(USAGE, 255)
  if (object !== 'fdb')
    return stderr(`bridge: "bridge ${object}" is not simulated here; try bridge fdb show`)
  if (command === undefined || ['show', 'list', 'lst'].some((c) => matches(command, c)))
    return show(rest, fdb, links)
  if (['add', 'append', 'del', 'replace', 'flush'].some((c) => matches(command, c)))
    return stderr('bridge: changing the forwarding database is not simulated')
  return stderr(`Command "${command}" is unknown, try "bridge fdb help".`, 255)
}
