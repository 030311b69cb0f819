/** What a command gets and gives back. */
import type { SimulationCore } from '../runtime/Simulation'
import type { ToolResult } from '../network/shell/output'
import type { HttpBackend } from '../network/shell/httpMessages'

/** The result of one command: what it printed to stdout and stderr, and whether it succeeded. */
export interface CommandResult {
  ok: boolean
  output: string
  error?: string
  /**
   * The 1-based line of the command's stdin (a manifest given to `kubectl apply -f -`) that the
   * error is about, so that an editor can mark it.
   */
  errorLine?: number
  /** The exit status of a program run on a machine (`ssh`, `kubectl exec`), when it has one. */
  exitCode?: number
  /** Who answered an HTTP request made by `kubectl exec … -- curl|wget`: a pod's container, or a node's daemon. */
  backend?: HttpBackend
}

export interface CommandContext {
  sim: SimulationCore
  /** Text piped to the command (`kubectl apply -f -`). */
  stdin?: string
}

export function ok(output: string): CommandResult {
  return { ok: true, output }
}

export function fail(error: string, output = ''): CommandResult {
  return { ok: false, output, error }
}

/** A program's result as the console shows it: stdout, stderr and the exit status. */
export function toCommandResult(r: ToolResult): CommandResult {
  return {
    ok: r.code === 0,
    output: r.stdout,
    ...(r.stderr ? { error: r.stderr } : {}),
    exitCode: r.code,
    ...(r.backend ? { backend: r.backend } : {}),
  }
}
