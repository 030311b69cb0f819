/**
 * `ping`, as BusyBox prints it inside a container (networking/ping.c: unpack_tail,
 * print_stats_and_exit) and as iputils prints it on a node (ping/ping_common.c: gather_statistics,
 * finish). Each echo is traced through the simulated network; the TTL shown is the reply's on
 * arrival. Round-trip times are not measured: they are derived from the hops a packet crosses, with
 * a small variation per sequence number taken from a hash, so that a run is reproducible.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import { fnv32a } from '../../kernel/names'
import { isIPv4 } from '../../model/ipv4'
import { DEFAULT_TTL } from '../../model/network/constants'
import type { NetworkIndex } from '../NetworkIndex'
import { trace } from '../trace/trace'
import type { HopKind } from '../trace/types'
import { TraceError } from '../trace/types'
import type { Link } from './links'
import type { ToolResult } from './output'
import { stderr, stdout } from './output'

/** Echo requests sent when no `-c` is given: the real tools ping until interrupted. */
export const DEFAULT_PING_COUNT = 4
/** More lines than this are not useful in a console. */
const MAX_PING_COUNT = 1000

/** Microseconds a hop costs: bridging is cheap, VXLAN encapsulation less so, the wire most. */
export const HOP_US: Record<HopKind, number> = {
  'pod-egress': 8,
  veth: 4,
  bridge: 6,
  'host-route': 12,
  'host-output': 10,
  'vxlan-encap': 25,
  'nic-egress': 8,
  lan: 60,
  'vxlan-decap': 25,
  router: 80,
  'pod-deliver': 10,
  'host-deliver': 10,
  'lan-deliver': 10,
  'dns-lookup': 0,
  dns: 30,
}

/** An echo answered on lo. */
const LOOPBACK_US = 30

/** Where the echo requests leave from, as trace() names it: `pod/NAME` in a namespace, or `node/NAME`. */
export interface PingSource {
  from: string
  namespace?: string
  /** The sender's devices: an address of its own is answered on lo, never leaving the netns. */
  links: readonly Link[]
}

interface Echoes {
  sent: number
  /** The round trip of each echo, by sequence number, in microseconds; empty when none came back. */
  rttUs: number[]
  ttl: number
}

function echoes(
  net: NetworkIndex,
  store: ObjectStore,
  src: PingSource,
  ip: string,
  count: number,
): Echoes {
  let baseUs = LOOPBACK_US
  let ttl = DEFAULT_TTL
  // The kernel answers its own addresses on lo: the echo never leaves the namespace.
  const own = ip.startsWith('127.') || src.links.some((l) => l.addresses.some((a) => a.ip === ip))
  if (!own) {
    const namespace = src.namespace ?? 'default'
    const t = trace(net, store, { from: src.from, to: ip, protocol: 'icmp', namespace })
    const last = t.reply[t.reply.length - 1]
    if (t.result !== 'delivered' || !last) return { sent: count, rttUs: [], ttl }
    ttl = last.headers.ip.ttl
    baseUs = [...t.hops, ...t.reply].reduce((sum, h) => sum + HOP_US[h.kind], 0)
  }
  const rttUs = Array.from(
    { length: count },
    (_, seq) => baseUs + (fnv32a(`${src.from}>${ip}#${seq}`) % (Math.floor(baseUs / 5) + 1)),
  )
  return { sent: count, rttUs, ttl }
}

/** `%u.%03u`: microseconds as milliseconds with three decimals. */
function ms(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`
}

function loss(e: Echoes): number {
  return Math.floor(((e.sent - e.rttUs.length) * 100) / e.sent)
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function busybox(ip: string, e: Echoes): ToolResult {
  const got = e.rttUs
  const out = [`PING ${ip} (${ip}): 56 data bytes`]
  got.forEach((t, seq) => out.push(`64 bytes from ${ip}: seq=${seq} ttl=${e.ttl} time=${ms(t)} ms`))
  out.push(
    '',
    `--- ${ip} ping statistics ---`,
    `${e.sent} packets transmitted, ${got.length} packets received, ${loss(e)}% packet loss`,
  )
  if (got.length > 0) {
    const avg = Math.floor(sum(got) / got.length)
    out.push(
      `round-trip min/avg/max = ${ms(Math.min(...got))}/${ms(avg)}/${ms(Math.max(...got))} ms`,
    )
  }
  return stdout(out.join('\n'), got.length === 0 ? 1 : 0)
}

/** iputils prints fewer decimals as the time grows (ping_common.c gather_statistics). */
function iputilsTime(us: number): string {
  const whole = Math.floor(us / 1000)
  if (us >= 100_000) return `${whole}`
  if (us >= 10_000) return `${whole}.${Math.floor((us % 1000) / 100)}`
  if (us >= 1_000) return `${whole}.${String(Math.floor((us % 1000) / 10)).padStart(2, '0')}`
  return ms(us)
}

function iputils(ip: string, e: Echoes): ToolResult {
  const got = e.rttUs
  const out = [`PING ${ip} (${ip}) 56(84) bytes of data.`]
  got.forEach((t, i) =>
    out.push(`64 bytes from ${ip}: icmp_seq=${i + 1} ttl=${e.ttl} time=${iputilsTime(t)} ms`),
  )
  // One echo a second, and a millisecond or so of bookkeeping each.
  const elapsedMs = (e.sent - 1) * 1001
  out.push(
    '',
    `--- ${ip} ping statistics ---`,
    `${e.sent} packets transmitted, ${got.length} received, ${loss(e)}% packet loss, time ${elapsedMs}ms`,
  )
  if (got.length > 0) {
    const avg = sum(got) / got.length
    const mdev = Math.round(Math.sqrt(sum(got.map((t) => t * t)) / got.length - avg * avg))
    const stats = [Math.min(...got), Math.floor(avg), Math.max(...got), mdev].map(ms)
    out.push(`rtt min/avg/max/mdev = ${stats.join('/')} ms`)
  }
  return stdout(out.join('\n'), got.length === 0 ? 1 : 0)
}

/** Runs `ping [-c COUNT] HOST` (the words after `ping`); names need DNS, which is not simulated yet. */
export function ping(
  net: NetworkIndex,
  store: ObjectStore,
  src: PingSource,
  argv: readonly string[],
  flavor: 'busybox' | 'iputils',
): ToolResult {
  // BusyBox dies with EXIT_FAILURE; iputils exits 2 on usage errors.
  const bad = (message: string) => stderr(message, flavor === 'busybox' ? 1 : 2)
  let count = DEFAULT_PING_COUNT
  let host: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i] as string
    if (w.startsWith('-c')) {
      const raw = w.length > 2 ? w.slice(2) : argv[++i]
      if (raw === undefined) return bad(`ping: option requires an argument -- 'c'`)
      if (!/^\d+$/.test(raw))
        return bad(
          flavor === 'busybox'
            ? `ping: invalid number '${raw}'`
            : `ping: invalid argument: '${raw}'`,
        )
      count = Math.min(Number(raw) || DEFAULT_PING_COUNT, MAX_PING_COUNT)
    } else if (w.startsWith('-') && w.length > 1) {
      return bad(`ping: invalid option -- '${w[1] as string}'`)
    } else host = w
  }
  if (host === undefined)
    return bad(
      flavor === 'busybox'
        ? 'Usage: ping [OPTIONS] HOST'
        : 'ping: usage error: Destination address required',
    )
  if (!isIPv4(host))
    return bad(
      flavor === 'busybox'
        ? `ping: bad address '${host}'`
        : `ping: ${host}: Name or service not known`,
    )
  let e: Echoes
  try {
    e = echoes(net, store, src, host, count)
  } catch (err) {
    if (err instanceof TraceError) return bad(`ping: ${err.message}`)
    throw err
  }
  return flavor === 'busybox' ? busybox(host, e) : iputils(host, e)
}
