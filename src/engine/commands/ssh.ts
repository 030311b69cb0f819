/**
 * `ssh [USER@]NODE COMMAND...`: runs one command on a node, as OpenSSH does: the words after the
 * host are joined with spaces and the remote shell splits them again, so `ssh node1 "ip route"` and
 * `ssh node1 ip route` are the same. There is no interactive login.
 */
import { isIPv4 } from '../model/ipv4'
import { NODE_PROGRAMS, runOnNode } from '../network/shell/hostShell'
import { TokenizeError, tokenize } from './tokenize'
import type { CommandContext, CommandResult } from './types'
import { toCommandResult } from './types'

/** The words a shell would treat as a pipe, a list or a redirection, which the console cannot run. */
const SHELL_OPERATORS = new Set(['|', '||', '&&', ';', '&', '>', '>>', '<'])

function sshError(message: string): CommandResult {
  return { ok: false, output: '', error: message, exitCode: 255 }
}

export function ssh(ctx: CommandContext, words: readonly string[]): CommandResult {
  const [destination, ...command] = words
  if (destination === undefined || destination.startsWith('-'))
    return sshError('usage: ssh destination [command [argument ...]]')
  const net = ctx.sim.network
  const host = destination.slice(destination.indexOf('@') + 1)
  const node = isIPv4(host)
    ? [...net.nodes()].find((n) => n.eth0.ip === host)?.name
    : net.node(host)?.name
  if (!node) {
    if (!isIPv4(host))
      return sshError(`ssh: Could not resolve hostname ${host}: Name or service not known`)
    // Something answers at the address, but runs no sshd; or nothing does.
    const why = net.owner(host) ? 'Connection refused' : 'No route to host'
    return sshError(`ssh: connect to host ${host} port 22: ${why}`)
  }
  if (command.length === 0)
    return sshError(
      `ssh: the console runs one command at a time: ssh ${destination} COMMAND (${NODE_PROGRAMS.join(', ')})`,
    )
  let argv: string[]
  try {
    argv = tokenize(command.join(' '))
  } catch (e) {
    if (!(e instanceof TokenizeError)) throw e
    return toCommandResult({ stdout: '', stderr: `bash: -c: line 1: ${e.message}`, code: 2 })
  }
  // Everyone on these machines is root already.
  while (argv[0] === 'sudo') argv.shift()
  if (argv.some((w) => SHELL_OPERATORS.has(w)))
    return toCommandResult({
      stdout: '',
      stderr: 'bash: pipes, lists and redirections are not simulated; run one command',
      code: 2,
    })
  if (argv.length === 0) return toCommandResult({ stdout: '', stderr: '', code: 0 })
  return toCommandResult(runOnNode(net, ctx.sim.store, node, argv, ctx.sim.proxy))
}
