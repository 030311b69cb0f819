/** Simulator verbs: time (`sim step`, `sim advance 30s`), nodes (`sim add node`), help. */
import type { CommandContext, CommandResult } from './types'
import { fail, ok } from './types'
import type { FlagSpec } from './parseFlags'
import { parseFlags } from './parseFlags'
import { parseDurationMs } from './duration'
import { addNode } from '../scenarios/addNode'
import { removeNode } from '../scenarios/removeNode'
import { simTrace } from './simTrace'
import { simTraffic } from './simTraffic'
import type { SimulationCore } from '../runtime/Simulation'
import { FLANNEL_BACKENDS, PROXY_MODES } from '../model/network/facts'
import type { FlannelBackend, ProxyMode } from '../model/network/facts'
import { setFlannelBackend } from '../network/flannel'
import { setProxyMode } from '../network/proxy/proxyMode'

const HELP = `Simulator commands:
  sim step [N]          run the next N instants of the simulation (default 1)
  sim advance DURATION  let DURATION of simulated time pass (e.g. 500ms, 30s, 2m)
  sim add node NAME [--control-plane] [--ip IP] [--cpu N] [--memory Q] [--pods N]
  sim remove node NAME  the machine leaves; its pods are garbage-collected 40-60 s later
  sim now               print the simulated time
  sim trace FROM TO[:PORT] [--protocol tcp|udp|icmp] [-n NS] [-o json] [-v]
                        trace a packet and its reply hop by hop (pods, nodes, IPs)
  sim traffic start FROM TO[:PORT] [--rate N] | stop [ID] | status
                        a steady stream of requests, counted per backend pod and version
  sim set flannel-backend vxlan|host-gw
                        switch flannel's backend (flanneld restarts on every node)
  sim set proxy-mode iptables|ipvs
                        switch kube-proxy's mode (kube-proxy restarts on every node)`

const ADD_NODE_FLAGS: FlagSpec[] = [
  { name: 'control-plane', type: 'bool' },
  { name: 'ip', type: 'string' },
  { name: 'cpu', type: 'string' },
  { name: 'memory', type: 'string' },
  { name: 'pods', type: 'int' },
]

export function sim(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [verb, ...rest] = words
  switch (verb) {
    case 'step': {
      const n = rest[0] === undefined ? 1 : Number(rest[0])
      if (!Number.isInteger(n) || n < 1)
        return fail(`error: invalid step count ${JSON.stringify(rest[0])}`)
      for (let i = 0; i < n; i++) if (ctx.sim.step() === undefined) break
      return ok(`sim time ${ctx.sim.simTimeMs} ms`)
    }
    case 'advance': {
      const ms = rest[0] === undefined ? undefined : parseDurationMs(rest[0])
      if (ms === undefined)
        return fail(
          `error: invalid duration ${JSON.stringify(rest[0] ?? '')}: use e.g. 500ms, 30s, 2m`,
        )
      ctx.sim.advanceTo(ctx.sim.simTimeMs + ms)
      return ok(`sim time ${ctx.sim.simTimeMs} ms`)
    }
    case 'now':
      return ok(`${ctx.sim.simTimeMs} ms`)
    case 'trace':
      return simTrace(ctx.sim, rest)
    case 'traffic':
      return simTraffic(ctx.sim, rest)
    case 'set':
      return simSet(ctx.sim, rest)
    case 'add': {
      if (rest[0] !== 'node')
        return fail(
          `error: unknown sim add target ${JSON.stringify(rest[0] ?? '')}; try: sim add node NAME`,
        )
      const { flags, args } = parseFlags(rest.slice(1), ADD_NODE_FLAGS, 'sim add node')
      const [name] = args
      if (!name) return fail('error: sim add node needs a NAME')
      const node = addNode(ctx.sim, {
        name,
        controlPlane: flags['control-plane'] === true,
        ...(flags.ip !== undefined ? { ip: flags.ip as string } : {}),
        ...(flags.cpu !== undefined ? { cpu: flags.cpu as string } : {}),
        ...(flags.memory !== undefined ? { memory: flags.memory as string } : {}),
        ...(flags.pods !== undefined ? { pods: flags.pods as number } : {}),
      })
      return ok(`node/${node.metadata.name} added`)
    }
    case 'remove': {
      const [target, name, extra] = rest
      if (target !== 'node')
        return fail(
          `error: unknown sim remove target ${JSON.stringify(target ?? '')}; try: sim remove node NAME`,
        )
      if (!name || extra !== undefined) return fail('error: sim remove node needs one NAME')
      return ok(`node/${removeNode(ctx.sim, name).metadata.name} removed`)
    }
    case undefined:
    case 'help':
      return ok(HELP)
    default:
      return fail(`error: unknown command "${verb}" for "sim"\n\n${HELP}`)
  }
}

/** `sim set flannel-backend vxlan|host-gw`, `sim set proxy-mode iptables|ipvs`. */
function simSet(core: SimulationCore, words: readonly string[]): CommandResult {
  const [setting, value, extra] = words
  if (setting === 'proxy-mode' && extra === undefined) return simSetProxyMode(core, value)
  if (setting !== 'flannel-backend' || extra !== undefined)
    return fail(
      `error: unknown setting ${JSON.stringify(setting ?? '')}; try: sim set flannel-backend vxlan|host-gw, sim set proxy-mode iptables|ipvs`,
    )
  if (!FLANNEL_BACKENDS.includes(value as FlannelBackend))
    return fail(
      `error: unknown flannel backend ${JSON.stringify(value ?? '')}: use vxlan or host-gw`,
    )
  const nodes = [...core.network.nodes()].length
  if (!setFlannelBackend(core.api, core.store, core.network, value as FlannelBackend))
    return ok(`flannel backend is already ${value}`)
  return ok(
    `flannel backend set to ${value}: flanneld restarted on ${nodes} node${nodes === 1 ? '' : 's'}`,
  )
}

function simSetProxyMode(core: SimulationCore, value: string | undefined): CommandResult {
  if (!PROXY_MODES.includes(value as ProxyMode))
    return fail(`error: unknown proxy mode ${JSON.stringify(value ?? '')}: use iptables or ipvs`)
  const nodes = [...core.network.nodes()].length
  if (!setProxyMode(core.network.facts, value as ProxyMode))
    return ok(`kube-proxy mode is already ${value}`)
  return ok(
    `kube-proxy mode set to ${value}: kube-proxy restarted on ${nodes} node${nodes === 1 ? '' : 's'}`,
  )
}
