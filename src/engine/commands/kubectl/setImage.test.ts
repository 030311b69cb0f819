/** `kubectl set image` on the default scenario: the update, unknown containers, no-ops and errors. */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'
import type { Deployment } from '../../model/apps'

const state = (sim: Simulation) => {
  const { commandLog: _log, ...rest } = sim.snapshot()
  return JSON.stringify(rest)
}
const fresh = () => createSimulation({ seed: 1, freezeObjects: true })
const image = (sim: Simulation) =>
  (sim.object('Deployment/default/web') as Deployment).spec.template.spec.containers[0]?.image

function refused(sim: Simulation, command: string): string {
  const before = state(sim)
  const result = sim.run(command)
  expect(result.ok).toBe(false)
  expect(result.output).toBe('')
  expect(state(sim)).toBe(before)
  return result.error ?? ''
}

describe('kubectl set image', () => {
  it('updates the pod template: deployment.apps/web image updated', () => {
    const sim = fresh()
    expect(sim.run('kubectl set image deployment/web nginx=nginx:1.26')).toEqual({
      ok: true,
      output: 'deployment.apps/web image updated',
    })
    expect(image(sim)).toBe('nginx:1.26')
    expect((sim.object('Deployment/default/web') as Deployment).metadata.generation).toBe(2)
  })

  it('TYPE NAME and the wildcard work too', () => {
    const sim = fresh()
    expect(sim.run('kubectl set image deploy web *=nginx:1.27').output).toBe(
      'deployment.apps/web image updated',
    )
    expect(image(sim)).toBe('nginx:1.27')
  })

  it('the image already set: nothing changes and nothing is printed, as kubectl does', () => {
    const sim = fresh()
    const before = state(sim)
    expect(sim.run('kubectl set image deployment/web nginx=nginx:1.25')).toEqual({
      ok: true,
      output: '',
    })
    expect(state(sim)).toBe(before)
  })

  it('an unknown container: kubectl’s error, nothing changed', () => {
    const sim = fresh()
    expect(refused(sim, 'kubectl set image deployment/web foo=nginx:1.26')).toBe(
      'error: unable to find container named "foo"',
    )
  })

  it('an unknown container next to a known one: the known one is updated, the error reported', () => {
    const sim = fresh()
    const result = sim.run('kubectl set image deployment/web nginx=nginx:1.26 foo=bar')
    expect(result).toEqual({
      ok: false,
      output: 'deployment.apps/web image updated',
      error: 'error: unable to find container named "foo"',
    })
    expect(image(sim)).toBe('nginx:1.26')
  })

  it('usage errors and missing objects', () => {
    const sim = fresh()
    expect(refused(sim, 'kubectl set image deployment/nope nginx=nginx:1.26')).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    )
    expect(refused(sim, 'kubectl set image deployment/web')).toBe(
      'error: at least one image update is required',
    )
    expect(refused(sim, 'kubectl set image nginx=nginx:1.26')).toBe(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
    )
    expect(refused(sim, 'kubectl set image nginx=nginx:1.26 deployment/web')).toBe(
      'error: all resources must be specified before image changes: deployment/web',
    )
    expect(refused(sim, 'kubectl set image deployment/web nginx=')).toBe(
      'error: failed to patch image update to pod template: Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
    )
    expect(refused(sim, 'kubectl set frobnicate deployment/web')).toBe(
      'error: unknown command "frobnicate" for "kubectl set"',
    )
  })
})
