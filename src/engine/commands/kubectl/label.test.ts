/** `kubectl label` on the default scenario: labeled / unlabeled / not labeled, --overwrite, selectors, errors. */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'

const state = (sim: Simulation) => {
  const { commandLog: _log, ...rest } = sim.snapshot()
  return JSON.stringify(rest)
}
const fresh = () => createSimulation({ seed: 1, freezeObjects: true })
const labels = (sim: Simulation) => sim.object('Deployment/default/web')?.metadata.labels

function refused(sim: Simulation, command: string): string {
  const before = state(sim)
  const result = sim.run(command)
  expect(result.ok).toBe(false)
  expect(result.output).toBe('')
  expect(state(sim)).toBe(before)
  return result.error ?? ''
}

describe('kubectl label', () => {
  it('adds, overwrites and removes labels with kubectl’s words for each', () => {
    const sim = fresh()
    expect(sim.run('kubectl label deployment web tier=front')).toEqual({
      ok: true,
      output: 'deployment.apps/web labeled',
    })
    expect(labels(sim)).toEqual({ app: 'web', tier: 'front' })
    expect(refused(sim, 'kubectl label deployment web tier=back')).toBe(
      "error: 'tier' already has a value (front), and --overwrite is false",
    )
    expect(sim.run('kubectl label deploy/web tier=back --overwrite').output).toBe(
      'deployment.apps/web labeled',
    )
    expect(sim.run('kubectl label deployment web tier-').output).toBe(
      'deployment.apps/web unlabeled',
    )
    expect(labels(sim)).toEqual({ app: 'web' })
    const before = state(sim)
    expect(sim.run('kubectl label deployment web tier-').output).toBe(
      'label "tier" not found.\ndeployment.apps/web not labeled',
    )
    expect(state(sim)).toBe(before)
  })

  it('labels every object a selector picks', () => {
    const sim = fresh()
    const result = sim.run('kubectl label pods -l app=web version=v1')
    expect(result.ok).toBe(true)
    expect(result.output.split('\n')).toHaveLength(3)
    expect(result.output).toMatch(/^pod\/web-\S+ labeled$/m)
    expect(sim.run('kubectl get pods -l version=v1 -o name').output.split('\n')).toHaveLength(3)
  })

  it('--list prints the labels', () => {
    expect(fresh().run('kubectl label deployment web --list').output).toBe('app=web')
  })

  it('errors: bad values, nothing to do, no resources, missing objects', () => {
    const sim = fresh()
    expect(refused(sim, 'kubectl label deployment web tier=a_b_')).toBe(
      `error: invalid label value: "tier=a_b_": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    )
    expect(refused(sim, 'kubectl label deployment web')).toBe(
      'error: at least one label update is required',
    )
    expect(refused(sim, 'kubectl label tier=front')).toBe(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
    )
    expect(refused(sim, 'kubectl label deployment nope a=b')).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    )
    expect(refused(sim, 'kubectl label deployment web a=b a-')).toBe(
      'error: can not both modify and remove a label in the same command',
    )
  })
})
