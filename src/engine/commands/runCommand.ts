/** Runs one command line against a simulation: kubectl or a simulator verb, with their error messages. */
import { ApiError } from '../api/errors'
import type { SimulationCore } from '../runtime/Simulation'
import { IpamError } from '../network/hostLocalIpam'
import { kubectl } from './kubectl/kubectl'
import { ResourceArgError } from './kubectl/resourceArgs'
import { FlagError } from './parseFlags'
import { sim } from './sim'
import { ssh } from './ssh'
import { NodeAddressError } from '../scenarios/addNode'
import { TokenizeError, tokenize } from './tokenize'
import type { CommandResult } from './types'
import { fail, ok } from './types'

/** The programs the console knows. */
export const PROGRAMS = ['kubectl', 'sim', 'ssh'] as const

export function runCommand(core: SimulationCore, line: string, stdin?: string): CommandResult {
  let words: string[]
  try {
    words = tokenize(line)
  } catch (e) {
    return fail(`error: ${e instanceof TokenizeError ? e.message : String(e)}`)
  }
  const [program, ...rest] = words
  if (!program) return ok('')
  const ctx = { sim: core, ...(stdin !== undefined ? { stdin } : {}) }
  try {
    if (program === 'kubectl' || program === 'k') return kubectl(ctx, rest)
    if (program === 'sim') return sim(ctx, rest)
    if (program === 'ssh') return ssh(ctx, rest)
    return fail(`${program}: command not found`)
  } catch (e) {
    if (e instanceof ApiError) return fail(e.kubectlMessage())
    if (
      e instanceof FlagError ||
      e instanceof ResourceArgError ||
      e instanceof IpamError ||
      e instanceof NodeAddressError
    )
      return fail(`error: ${e.message}`)
    throw e
  }
}
