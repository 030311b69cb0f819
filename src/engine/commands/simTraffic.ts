/**
 * `sim traffic start FROM TO[:PORT] [--rate N] [-n NS]`: a steady stream of requests in virtual
 * time; `sim traffic stop [ID]` ends it (all flows without an ID); `sim traffic` prints the counts:
 * per backend pod, per version, and failures by reason.
 */
import type { SimulationCore } from '../runtime/Simulation'
import { traceOnCore } from '../network/trace/traceOnCore'
import { TraceError } from '../network/trace/types'
import { scheduleNext } from '../traffic/trafficController'
import type { TrafficFlow } from '../traffic/trafficState'
import { MAX_RATE_PER_SEC } from '../traffic/trafficState'
import { formatTable } from './kubectl/tabwriter'
import type { FlagSpec } from './parseFlags'
import { parseFlags } from './parseFlags'
import type { CommandResult } from './types'
import { fail, ok } from './types'

const START_FLAGS: FlagSpec[] = [{ name: 'rate', type: 'int', default: 10 }]

function splitPort(spec: string): { target: string; port?: number } | string {
  const colon = spec.lastIndexOf(':')
  if (colon === -1) return { target: spec }
  const text = spec.slice(colon + 1)
  const port = Number(text)
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    return `error: invalid port ${JSON.stringify(text)}: must be 1-65535`
  return { target: spec.slice(0, colon), port }
}

function start(core: SimulationCore, words: readonly string[]): CommandResult {
  const { flags, args } = parseFlags(words, START_FLAGS, 'sim traffic start')
  const [from, to, extra] = args
  if (!from || !to || extra !== undefined)
    return fail('error: usage: sim traffic start FROM TO[:PORT] [--rate N] [-n NAMESPACE]')
  const rate = flags.rate as number
  if (rate < 1 || rate > MAX_RATE_PER_SEC)
    return fail(`error: --rate must be between 1 and ${MAX_RATE_PER_SEC} requests per second`)
  const split = splitPort(to)
  if (typeof split === 'string') return fail(split)
  const namespace = typeof flags.namespace === 'string' ? flags.namespace : undefined
  try {
    // A dry run finds bad endpoints before anything changes; it draws nothing.
    traceOnCore(core, {
      from,
      to: split.target,
      ...(split.port !== undefined ? { port: split.port } : {}),
      ...(namespace ? { namespace } : {}),
      protocol: 'tcp',
    })
  } catch (e) {
    if (e instanceof TraceError) return fail(e.message)
    throw e
  }
  const state = core.ctx.state.traffic
  const flow: TrafficFlow = {
    id: state.nextId++,
    from,
    to: split.target,
    ...(split.port !== undefined ? { port: split.port } : {}),
    ...(namespace ? { fromNamespace: namespace, toNamespace: namespace } : {}),
    ratePerSec: rate,
    startedAtMs: core.simTimeMs,
    sent: 0,
    ok: 0,
    failed: 0,
    byPod: {},
    byVersion: {},
    failures: {},
    recent: [],
  }
  state.flows.push(flow)
  state.rev++
  scheduleNext(core.ctx, flow)
  return ok(
    `traffic ${flow.id} started: ${from} → ${to}, ${rate} request${rate === 1 ? '' : 's'} per second`,
  )
}

function stop(core: SimulationCore, words: readonly string[]): CommandResult {
  const state = core.ctx.state.traffic
  const [id] = words
  if (id === undefined) {
    const n = state.flows.length
    state.flows = []
    state.rev++
    return ok(n === 0 ? 'no traffic is running' : `stopped ${n} traffic flow${n === 1 ? '' : 's'}`)
  }
  const index = state.flows.findIndex((f) => String(f.id) === id)
  if (index === -1) return fail(`error: no traffic flow ${JSON.stringify(id)}`)
  state.flows.splice(index, 1)
  state.rev++
  return ok(`traffic ${id} stopped`)
}

function status(core: SimulationCore): CommandResult {
  const flows = core.ctx.state.traffic.flows
  if (flows.length === 0) return ok('no traffic is running')
  const blocks = flows.map((f) => {
    const rows = [['POD', 'VERSION', 'NODE', 'ANSWERED']]
    for (const [pod, e] of Object.entries(f.byPod).sort())
      rows.push([pod.replace(/^default\//, ''), e.version, e.node, String(e.ok)])
    const versions = Object.entries(f.byVersion)
      .map(([v, n]) => `${v}: ${n}`)
      .join(', ')
    const failures = Object.entries(f.failures)
      .map(([r, n]) => `  ${n} × ${r}`)
      .join('\n')
    return [
      `traffic ${f.id}: ${f.from} → ${f.to}${f.port ? `:${f.port}` : ''}, ${f.ratePerSec}/s: ${f.sent} sent, ${f.ok} answered, ${f.failed} failed`,
      formatTable(rows),
      `by version: ${versions || '-'}`,
      ...(failures ? ['failures:', failures] : []),
    ].join('\n')
  })
  return ok(blocks.join('\n\n'))
}

export function simTraffic(core: SimulationCore, words: readonly string[]): CommandResult {
  const [verb, ...rest] = words
  if (verb === 'start') return start(core, rest)
  if (verb === 'stop') return stop(core, rest)
  if (verb === undefined || verb === 'status') return status(core)
  return fail(
    `error: unknown sim traffic command ${JSON.stringify(verb)}; try: sim traffic start|stop|status`,
  )
}
