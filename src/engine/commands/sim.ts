/** Simulator verbs: time (`sim step`, `sim advance 30s`), nodes (`sim add node`), help. */
import type { CommandContext, CommandResult } from './types'
import { fail, ok } from './types'
import type { FlagSpec } from './parseFlags'
import { parseFlags } from './parseFlags'
import { parseDurationMs } from './duration'
import { addNode } from '../scenarios/addNode'

const HELP = `Simulator commands:
  sim step [N]          run the next N instants of the simulation (default 1)
  sim advance DURATION  let DURATION of simulated time pass (e.g. 500ms, 30s, 2m)
  sim add node NAME [--control-plane] [--ip IP] [--cpu N] [--memory Q] [--pods N]
  sim now               print the simulated time`

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
    case undefined:
    case 'help':
      return ok(HELP)
    default:
      return fail(`error: unknown command "${verb}" for "sim"\n\n${HELP}`)
  }
}
