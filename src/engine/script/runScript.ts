/**
 * Runs a simulator script (see parseScript) against a simulation, the way `sh script.sh` runs it
 * against a real cluster: each command's output goes to stdout, its error to stderr, a failing
 * command does not stop the script (unless `set -e`), and `sleep` lets virtual time pass.
 * Pure: no filesystem, no process; the CLI (src/cli) prints what this collects.
 */
import type { CommandResult } from '../commands/types'
import type { ScriptStep, SimpleStep } from './parseScript'
import { parseScript } from './parseScript'

/** What the runner needs of a simulation (the public Simulation satisfies it). */
export interface ScriptTarget {
  readonly simTimeMs: number
  run(command: string, stdin?: string): CommandResult
  advanceTo(atMs: number): void
}

/** A piece of output, in the order the script produced it; `text` ends with a newline. */
export interface ScriptOutput {
  stream: 'stdout' | 'stderr'
  text: string
}

/** What one simple step did (each command of an `a || b` list has its own). */
export interface StepOutcome {
  step: SimpleStep
  ok: boolean
  output: string
  error?: string
  /** Sim time when the step started and when it ended (they differ for sleep and rollout status). */
  startMs: number
  endMs: number
}

/** The result of a whole script. */
export interface ScriptRun {
  outcomes: StepOutcome[]
  outputs: ScriptOutput[]
  /**
   * How many steps failed: simple steps, and lists whose last command run failed (in
   * `kubectl rollout status ... || kubectl rollout undo ...` a failed status is handled, as in sh).
   */
  failures: number
  /** 0 when every step succeeded, 1 otherwise (a shell script's convention for "something failed"). */
  exitCode: 0 | 1
  /** True when `set -e` stopped the script at a failure. */
  stoppedEarly: boolean
}

export interface RunScriptOptions {
  /** Stop at the first failure, as `set -e` does (a script can also say `set -e` itself). */
  errexit?: boolean
  /** Print each step to stderr before running it, as `set -x` does: `+ kubectl get pods`. */
  xtrace?: boolean
  /** Called with each piece of output as it is produced (to stream it). */
  onOutput?: (output: ScriptOutput) => void
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`)

function runStep(sim: ScriptTarget, step: SimpleStep): CommandResult {
  switch (step.kind) {
    case 'command':
      try {
        return sim.run(step.command, step.stdin)
      } catch (e) {
        // An exception here is a simulator bug, not a command error: say so, and go on like sh.
        return {
          ok: false,
          output: '',
          error: `internal error: ${e instanceof Error ? e.message : String(e)}`,
        }
      }
    case 'sleep':
      sim.advanceTo(sim.simTimeMs + step.durationMs)
      return { ok: true, output: '' }
    case 'echo':
      return { ok: true, output: `${step.output}\n` }
    case 'set':
      return { ok: true, output: '' }
    case 'invalid':
      return { ok: false, output: '', error: `line ${step.line}: ${step.error}` }
  }
}

/** Runs a script (text or parsed steps) to its end, or to its first failure under `set -e`. */
export function runScript(
  sim: ScriptTarget,
  script: string | readonly ScriptStep[],
  options: RunScriptOptions = {},
): ScriptRun {
  const steps = typeof script === 'string' ? parseScript(script) : script
  const run: ScriptRun = {
    outcomes: [],
    outputs: [],
    failures: 0,
    exitCode: 0,
    stoppedEarly: false,
  }
  const emit = (stream: ScriptOutput['stream'], text: string) => {
    if (text === '') return
    const output = { stream, text: withNewline(text) }
    run.outputs.push(output)
    options.onOutput?.(output)
  }
  let errexit = options.errexit ?? false
  let xtrace = options.xtrace ?? false
  /** Runs one simple step, records and prints what it did; returns whether it succeeded. */
  const runSimple = (step: SimpleStep): boolean => {
    if (step.kind === 'set') {
      errexit = step.errexit ?? errexit
      xtrace = step.xtrace ?? xtrace
    }
    if (xtrace && step.kind !== 'set') emit('stderr', `+ ${step.text}`)
    const startMs = sim.simTimeMs
    const result = runStep(sim, step)
    emit('stdout', result.output)
    if (result.error !== undefined) emit('stderr', result.error)
    run.outcomes.push({
      step,
      ok: result.ok,
      output: result.output,
      ...(result.error !== undefined ? { error: result.error } : {}),
      startMs,
      endMs: sim.simTimeMs,
    })
    return result.ok
  }
  for (const step of steps) {
    let ok: boolean
    if (step.kind === 'list') {
      // sh's AND-OR list: each command runs or not by the status of the last one that ran.
      ok = true
      for (const item of step.items) {
        if (item.op === '&&' && !ok) continue
        if (item.op === '||' && ok) continue
        ok = runSimple(item.step)
      }
    } else {
      ok = runSimple(step)
    }
    if (!ok) {
      run.failures++
      run.exitCode = 1
      if (errexit) {
        run.stoppedEarly = true
        break
      }
    }
  }
  return run
}
