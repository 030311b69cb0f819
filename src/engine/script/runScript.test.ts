import { describe, expect, it } from 'vitest'
import type { CommandResult } from '../commands/types'
import { createSimulation } from '../index'
import type { Deployment } from '../model/apps'
import type { ScriptTarget } from './runScript'
import { runScript } from './runScript'

/** A stand-in simulation that records what it was asked and answers from a table. */
function fakeTarget(answers: Record<string, CommandResult> = {}) {
  const calls: { atMs: number; command: string; stdin?: string }[] = []
  const target: { -readonly [K in keyof ScriptTarget]: ScriptTarget[K] } & { calls: typeof calls } =
    {
      simTimeMs: 0,
      calls,
      run(command, stdin) {
        calls.push({ atMs: this.simTimeMs, command, ...(stdin !== undefined ? { stdin } : {}) })
        return answers[command] ?? { ok: true, output: `ran ${command}` }
      },
      advanceTo(atMs) {
        this.simTimeMs = atMs
      },
    }
  return target
}

describe('runScript', () => {
  it('runs commands in order, sleeps in virtual time, and passes here-documents as stdin', () => {
    const sim = fakeTarget()
    const run = runScript(
      sim,
      'kubectl get pods\nsleep 1.5\nkubectl apply -f - <<EOF\nkind: Namespace\nEOF\nsleep 2m\n',
    )
    expect(sim.calls).toEqual([
      { atMs: 0, command: 'kubectl get pods' },
      { atMs: 1_500, command: 'kubectl apply -f -', stdin: 'kind: Namespace\n' },
    ])
    expect(sim.simTimeMs).toBe(121_500)
    expect(run.exitCode).toBe(0)
    expect(run.outcomes.map((o) => [o.startMs, o.endMs])).toEqual([
      [0, 0],
      [0, 1_500],
      [1_500, 1_500],
      [1_500, 121_500],
    ])
  })

  it('a failing command prints to stderr, the script goes on, and the exit code is 1', () => {
    const sim = fakeTarget({
      'kubectl bogus': { ok: false, output: '', error: 'error: unknown command "bogus"' },
    })
    const run = runScript(sim, 'kubectl bogus\nkubectl get pods | wc -l\nkubectl get pods')
    expect(run.outputs).toEqual([
      { stream: 'stderr', text: 'error: unknown command "bogus"\n' },
      {
        stream: 'stderr',
        text: "line 2: unsupported shell syntax near '|': the script runner has no pipes\n",
      },
      { stream: 'stdout', text: 'ran kubectl get pods\n' },
    ])
    expect(run.failures).toBe(2)
    expect(run.exitCode).toBe(1)
    expect(run.stoppedEarly).toBe(false)
  })

  it('set -e stops at the first failure; set -x traces steps to stderr', () => {
    const sim = fakeTarget({ 'kubectl bogus': { ok: false, output: '', error: 'error: bogus' } })
    const seen: string[] = []
    const run = runScript(sim, 'set -ex\necho hi\nkubectl bogus\nkubectl get pods', {
      onOutput: (o) => seen.push(`${o.stream}: ${o.text}`),
    })
    expect(seen).toEqual([
      'stderr: + echo hi\n',
      'stdout: hi\n',
      'stderr: + kubectl bogus\n',
      'stderr: error: bogus\n',
    ])
    expect(run.stoppedEarly).toBe(true)
    expect(sim.calls.map((c) => c.command)).toEqual(['kubectl bogus'])
  })

  it('an AND-OR list runs as sh runs it, and a handled failure does not fail the script', () => {
    const sim = fakeTarget({
      'kubectl rollout status deployment/web': { ok: false, output: '', error: 'error: deadline' },
    })
    const run = runScript(
      sim,
      [
        'kubectl rollout status deployment/web || kubectl rollout undo deployment/web',
        'kubectl get pods && echo listed || echo not listed',
        'kubectl rollout status deployment/web && echo never',
      ].join('\n'),
    )
    expect(sim.calls.map((c) => c.command)).toEqual([
      'kubectl rollout status deployment/web',
      'kubectl rollout undo deployment/web',
      'kubectl get pods',
      'kubectl rollout status deployment/web',
    ])
    expect(run.outcomes.map((o) => [o.step.text, o.ok])).toEqual([
      ['kubectl rollout status deployment/web', false],
      ['kubectl rollout undo deployment/web', true],
      ['kubectl get pods', true],
      ['echo listed', true],
      ['kubectl rollout status deployment/web', false],
    ])
    // Only the last list failed: its last command run failed.
    expect(run.failures).toBe(1)
  })

  it('an exception inside the simulator is reported as an internal error, not thrown', () => {
    const sim = fakeTarget()
    sim.run = () => {
      throw new Error('boom')
    }
    const run = runScript(sim, 'kubectl get pods\necho after')
    expect(run.outcomes[0]).toMatchObject({ ok: false, error: 'internal error: boom' })
    expect(run.outcomes[1]).toMatchObject({ ok: true, output: 'after\n' })
  })

  it('drives a real simulation: scale web, wait, and the pods are there', () => {
    const sim = createSimulation({ seed: 5 })
    const start = sim.simTimeMs
    const run = runScript(
      sim,
      'kubectl scale deployment/web --replicas=5\nsleep 30s\nkubectl get deployment web',
    )
    expect(run.exitCode).toBe(0)
    expect(sim.simTimeMs).toBe(start + 30_000)
    expect(run.outcomes[0]?.output).toBe('deployment.apps/web scaled')
    expect(run.outcomes[2]?.output).toMatch(
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+5\/5\s+5\s+5\s/,
    )
    const web = sim.object('Deployment/default/web') as Deployment
    expect(web.status.availableReplicas).toBe(5)
  })
})
