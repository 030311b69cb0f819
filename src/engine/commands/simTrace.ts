/**
 * `sim trace FROM TO[:PORT] [--protocol tcp|udp|icmp] [-n NS] [-o json] [-v]`: the hops of a packet
 * and of its reply, as a table (headers by layer, the VXLAN outer headers on a line of their own),
 * with what each hop did and the entry that decided it under -v; `-o json` prints the Trace itself.
 */
import type { SimulationCore } from '../runtime/Simulation'
import { traceOnCore } from '../network/trace/traceOnCore'
import type { Headers, Hop, Trace, TracePeer, TraceProtocol } from '../network/trace/types'
import { TraceError } from '../network/trace/types'
import { formatTable } from './kubectl/tabwriter'
import type { FlagSpec } from './parseFlags'
import { parseFlags } from './parseFlags'
import type { CommandResult } from './types'
import { fail, ok } from './types'

const FLAGS: FlagSpec[] = [
  { name: 'protocol', short: 'p', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'verbose', short: 'v', type: 'bool' },
]

const PROTOCOLS: readonly TraceProtocol[] = ['tcp', 'udp', 'icmp']

/** `web-1:8080` or `10.244.1.2:8080` → target and port. */
function splitPort(spec: string): { target: string; port?: number } {
  const colon = spec.lastIndexOf(':')
  if (colon === -1) return { target: spec }
  const text = spec.slice(colon + 1)
  const port = Number(text)
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new TraceError(`error: invalid port ${JSON.stringify(text)}: must be 1-65535`)
  return { target: spec.slice(0, colon), port }
}

export function simTrace(core: SimulationCore, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, FLAGS, 'sim trace')
  const [from, to, extra] = args
  if (!from || !to || extra !== undefined)
    return fail('error: usage: sim trace FROM TO[:PORT] [--protocol tcp|udp|icmp] [-o json] [-v]')
  const protocol = flags.protocol as string | undefined
  if (protocol !== undefined && !PROTOCOLS.includes(protocol as TraceProtocol))
    return fail(`error: unknown protocol ${JSON.stringify(protocol)}: use tcp, udp or icmp`)
  const output = flags.output as string | undefined
  if (output !== undefined && output !== 'json')
    return fail(
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: json`,
    )
  try {
    const { target, port } = splitPort(to)
    if (port !== undefined && protocol === 'icmp') return fail('error: an icmp trace has no port')
    const t = traceOnCore(core, {
      from,
      to: target,
      ...(port !== undefined ? { port } : {}),
      ...(protocol ? { protocol: protocol as TraceProtocol } : {}),
      ...(typeof flags.namespace === 'string' ? { namespace: flags.namespace } : {}),
    })
    return ok(
      output === 'json' ? JSON.stringify(t, null, 2) : formatTrace(t, flags.verbose === true),
    )
  } catch (e) {
    if (e instanceof TraceError) return fail(e.message)
    throw e
  }
}

function peer(p: TracePeer): string {
  const name = p.kind === 'pod' ? p.name.replace(/^default\//, '') : p.name
  if (p.kind === 'ip') return p.ip
  return p.ip ? `${name} (${p.ip})` : name
}

function l4(h: Headers['l4']): string {
  if (h.proto === 'icmp') return `icmp ${h.flags ?? ''}`.trim()
  return `${h.proto} ${h.srcPort} → ${h.dstPort}${h.flags ? ` ${h.flags}` : ''}`
}

function rows(hops: readonly Hop[]): string[][] {
  const out: string[][] = [['#', 'WHERE', 'ETH', 'IP (TTL)', 'L4']]
  hops.forEach((h, i) => {
    const { eth, ip, outer } = h.headers
    out.push([
      String(i + 1),
      h.where,
      eth ? `${eth.src} → ${eth.dst}` : '-',
      `${ip.src} → ${ip.dst} (${ip.ttl})`,
      l4(h.headers.l4),
    ])
    if (outer)
      out.push([
        '',
        '  outer',
        outer.eth ? `${outer.eth.src} → ${outer.eth.dst}` : '-',
        `${outer.ip.src} → ${outer.ip.dst} (${outer.ip.ttl})`,
        `udp ${outer.udp.srcPort} → ${outer.udp.dstPort} vxlan vni ${outer.vxlan.vni}`,
      ])
  })
  return out
}

/** Under -v: what each hop did and the entries that decided it. */
function details(hops: readonly Hop[]): string {
  return hops
    .map(
      (h, i) =>
        `${i + 1}. ${h.where}: ${h.action}${h.decidedBy ? `\n   decided by: ${h.decidedBy}` : ''}`,
    )
    .join('\n')
}

function section(hops: readonly Hop[], verbose: boolean): string[] {
  return verbose ? [formatTable(rows(hops)), '', details(hops)] : [formatTable(rows(hops))]
}

export function formatTrace(t: Trace, verbose = false): string {
  const what = t.protocol === 'icmp' ? 'icmp echo' : `${t.protocol}/${t.port}`
  const lines = [
    `${peer(t.from)} → ${peer(t.to)}, ${what}, flannel ${t.backend}`,
    '',
    ...section(t.hops, verbose),
    '',
    `RESULT: ${t.result}: ${t.reason}`,
  ]
  if (t.reply.length) lines.push('', 'REPLY', ...section(t.reply, verbose))
  return lines.join('\n')
}
