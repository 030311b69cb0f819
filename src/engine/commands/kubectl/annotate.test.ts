/** `kubectl annotate` on the default scenario: add, overwrite rules, remove, change-cause, errors. */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'

const state = (sim: Simulation) => {
  const { commandLog: _log, ...rest } = sim.snapshot()
  return JSON.stringify(rest)
}
const fresh = () => createSimulation({ seed: 1, freezeObjects: true })
const annotations = (sim: Simulation) => sim.object('Deployment/default/web')?.metadata.annotations

function refused(sim: Simulation, command: string): string {
  const before = state(sim)
  const result = sim.run(command)
  expect(result.ok).toBe(false)
  expect(result.output).toBe('')
  expect(state(sim)).toBe(before)
  return result.error ?? ''
}

describe('kubectl annotate', () => {
  it('adds and removes annotations: deployment.apps/web annotated', () => {
    const sim = fresh()
    expect(sim.run('kubectl annotate deployment web owner=team-a')).toEqual({
      ok: true,
      output: 'deployment.apps/web annotated',
    })
    expect(annotations(sim)?.owner).toBe('team-a')
    // The same value again is not a clash.
    expect(sim.run('kubectl annotate deployment web owner=team-a').output).toBe(
      'deployment.apps/web annotated',
    )
    expect(sim.run('kubectl annotate deployment/web owner-').output).toBe(
      'deployment.apps/web annotated',
    )
    expect(annotations(sim)?.owner).toBeUndefined()
  })

  it('a different value needs --overwrite, except kubernetes.io/change-cause', () => {
    const sim = fresh()
    sim.run('kubectl annotate deployment web owner=team-a')
    expect(refused(sim, 'kubectl annotate deployment web owner=team-b')).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (team-a)",
    )
    expect(sim.run('kubectl annotate deployment web owner=team-b --overwrite').ok).toBe(true)
    sim.run('kubectl annotate deployment web kubernetes.io/change-cause=one')
    expect(sim.run('kubectl annotate deployment web kubernetes.io/change-cause=two').ok).toBe(true)
    expect(annotations(sim)?.['kubernetes.io/change-cause']).toBe('two')
  })

  it('errors', () => {
    const sim = fresh()
    expect(refused(sim, 'kubectl annotate deployment web')).toBe(
      'error: at least one annotation update is required',
    )
    expect(refused(sim, 'kubectl annotate deployment web a=b a-')).toBe(
      'error: can not both modify and remove the following annotation(s) in the same command: a',
    )
    expect(refused(sim, 'kubectl annotate deployment/web a=b deployment/other')).toBe(
      'error: all resources must be specified before annotation changes: deployment/other',
    )
    expect(refused(sim, 'kubectl annotate pod nope a=b')).toBe(
      'Error from server (NotFound): pods "nope" not found',
    )
  })
})
