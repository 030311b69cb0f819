/**
 * `npm run sim -- <file> [--seed N] [--scenario NAME]`: runs a script against a fresh simulation
 * and prints what kubectl would print. Depends on the engine only (DESIGN.md §1); the parsing and
 * running live in the engine (src/engine/script), this file reads the file and arguments and prints.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import {
  SCENARIO_LIST,
  createSimulation,
  eventsSince,
  formatEventLog,
  markEvents,
  runScript,
} from '../engine/index'

const USAGE = `Usage: npm run sim -- <file|-> [options]

Runs a script of kubectl commands against a simulated cluster in virtual time.
A script has one command a line: kubectl ..., sim ..., sleep DURATION (5, 0.5, 500ms, 2m),
echo ..., set -e / set -x, a && b || c, # comments; here-documents feed manifests to
kubectl apply -f -. Commands take no virtual time; sleep and kubectl rollout status do.

Options:
  --seed N           seed of the simulation (default 1)
  --scenario NAME    cluster to start from (default "default")
  -x, --xtrace       print each step to stderr before running it (as sh -x)
  -e, --errexit      stop at the first failing step (as sh -e)
  --events           print the Kubernetes events the script caused, after it ends
  --list-scenarios   list the scenarios and exit
  -h, --help         show this help

Exit status: 0 when every step succeeded, 1 when one failed, 2 for bad usage.`

/** Exit status for bad usage, as sh and most CLIs use it. */
const USAGE_ERROR = 2

function fail(message: string): number {
  process.stderr.write(`sim: ${message}\n${USAGE.split('\n')[0] ?? ''}\n`)
  return USAGE_ERROR
}

function main(argv: readonly string[]): number {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        scenario: { type: 'string' },
        xtrace: { type: 'boolean', short: 'x' },
        errexit: { type: 'boolean', short: 'e' },
        events: { type: 'boolean' },
        'list-scenarios': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (values['list-scenarios']) {
    for (const s of SCENARIO_LIST) process.stdout.write(`${s.name}\t${s.description}\n`)
    return 0
  }
  if (positionals.length !== 1) return fail('expected exactly one script file (or - for stdin)')
  const file = positionals[0] as string
  const seedText = values.seed ?? '1'
  if (!/^\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText)))
    return fail(`--seed must be a non-negative integer, got ${JSON.stringify(seedText)}`)

  let script: string
  try {
    script = readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (e) {
    return fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
  let sim
  try {
    sim = createSimulation({ seed: Number(seedText), scenario: values.scenario ?? 'default' })
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }

  const before = markEvents(sim.events())
  const run = runScript(sim, script, {
    errexit: values.errexit ?? false,
    xtrace: values.xtrace ?? false,
    onOutput: ({ stream, text }) => {
      ;(stream === 'stdout' ? process.stdout : process.stderr).write(text)
    },
  })
  if (values.events) {
    process.stdout.write(`\n# events (sim time, type, reason, object, message)\n`)
    process.stdout.write(formatEventLog(eventsSince(sim.events(), before)))
  }
  return run.exitCode
}

process.exitCode = main(process.argv.slice(2))
