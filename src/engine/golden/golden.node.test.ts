/**
 * Golden scenarios (DESIGN.md §5): each `<name>.script` here runs through the script runner on a
 * fresh simulation, and the log of the events it caused plus the final state must equal
 * `<name>.events` exactly. The expected logs were written by working each Deployment controller
 * decision out from upstream's arithmetic (specs/kubernetes-workloads.md §3.5-3.7), not copied.
 *
 * Events from before a `# ---- log starts ----` line (the setup) are left out of the log.
 * A script starts with `# key: value` directives:
 *   seed (default 1), scenario (default "default"), deployment (whose final state is shown,
 *   default web), kinds (whose events are shown, default Deployment,ReplicaSet), exit (expected
 *   exit status, default 0), known-disagreement (the engine departs from upstream here: the test
 *   is expected to fail until the engine is fixed, and then the directive must go).
 *
 * GOLDEN_UPDATE=1 npx vitest run src/engine/golden rewrites the .events files from the engine
 * (never those with a known disagreement). Run it on a tree whose engine builds and passes its
 * own tests, then review every changed line (git diff) against upstream before keeping it: a
 * golden that was regenerated without review checks nothing.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../index'
import { markEvents } from '../script/eventLog'
import { runScript } from '../script/runScript'
import { goldenLog } from './goldenLog'

const DIR = dirname(fileURLToPath(import.meta.url))
const UPDATE = process.env.GOLDEN_UPDATE === '1'

interface Golden {
  name: string
  script: string
  directives: Record<string, string>
}

const DIRECTIVES = new Set([
  'seed',
  'scenario',
  'deployment',
  'kinds',
  'exit',
  'known-disagreement',
])

/** The `# key: value` lines at the top of a script, before its first command. */
function directivesOf(script: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of script.split('\n')) {
    if (line.trim() === '') continue
    if (!line.startsWith('#')) break
    const m = /^#\s*([a-z-]+):\s*(.*)$/.exec(line)
    if (m && DIRECTIVES.has(m[1] as string)) out[m[1] as string] = (m[2] as string).trim()
  }
  return out
}

const MARKER = /^# -+ log starts -+$/m

/** The script before and after its `# ---- log starts ----` line (all of it is body without one). */
function splitAtMarker(script: string): [string, string] {
  const m = MARKER.exec(script)
  if (!m) return ['', script]
  return [script.slice(0, m.index), script.slice(m.index + m[0].length)]
}

function loadGoldens(): Golden[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.script'))
    .sort()
    .map((f) => {
      const script = readFileSync(join(DIR, f), 'utf8')
      return { name: f.slice(0, -'.script'.length), script, directives: directivesOf(script) }
    })
}

/** Runs a golden's script and returns its log, and what the script printed when it failed. */
function play(golden: Golden): { log: string; exitCode: number; stderr: string } {
  const d = golden.directives
  const sim = createSimulation({
    seed: Number(d.seed ?? '1'),
    scenario: d.scenario ?? 'default',
    freezeObjects: true,
  })
  // Events before the marker line (setting the scene) are left out of the log.
  const [setup, body] = splitAtMarker(golden.script)
  const setupRun = runScript(sim, setup)
  const mark = markEvents(sim.events())
  const bodyRun = runScript(sim, body)
  const run = {
    exitCode: Math.max(setupRun.exitCode, bodyRun.exitCode),
    outputs: [...setupRun.outputs, ...bodyRun.outputs],
  }
  const log = goldenLog(sim, mark, {
    deployment: d.deployment ?? 'web',
    ...(d.kinds ? { kinds: d.kinds.split(',').map((k) => k.trim()) } : {}),
  })
  const stderr = run.outputs
    .filter((o) => o.stream === 'stderr')
    .map((o) => o.text)
    .join('')
  return { log, exitCode: run.exitCode, stderr }
}

describe('golden scenarios', () => {
  const goldens = loadGoldens()

  it('there are golden scenarios, each with its expected log', () => {
    expect(goldens.length).toBeGreaterThan(0)
    for (const g of goldens) expect(() => readFileSync(join(DIR, `${g.name}.events`))).not.toThrow()
  })

  for (const golden of goldens) {
    const disagreement = golden.directives['known-disagreement']
    const check = () => {
      const { log, exitCode, stderr } = play(golden)
      const file = join(DIR, `${golden.name}.events`)
      if (UPDATE && !disagreement) {
        let previous = ''
        try {
          previous = readFileSync(file, 'utf8')
        } catch {
          // A new golden: nothing to compare with yet.
        }
        if (previous !== log) writeFileSync(file, log)
      }
      expect(exitCode, `exit status; the script's stderr:\n${stderr}`).toBe(
        Number(golden.directives.exit ?? '0'),
      )
      expect(log).toBe(readFileSync(file, 'utf8'))
    }
    if (disagreement)
      it.fails(`${golden.name} (known disagreement with upstream: ${disagreement})`, check)
    else it(golden.name, check)
  }
})
