/**
 * The simulated API server's refusals (pkg/apis/apps/validation, apimachinery field errors,
 * kubectl's StandardErrorMessage): the exact messages, and that a refused request changes nothing.
 */
import { describe, expect, it } from 'vitest'
import type { Deployment } from '../model/apps'
import { SimulationCore } from '../runtime/Simulation'
import { findScenario } from '../scenarios/scenarios'
import type { ObjectInput } from './ApiServer'
import { ApiError } from './errors'
import { MAX_REPLICAS } from './validation/apps'

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

function defaultCore(): SimulationCore {
  const core = new SimulationCore(1, 'default', { freezeObjects: true })
  findScenario('default')?.build(core)
  return core
}

function deploymentInput(name: string, overrides: Partial<Deployment['spec']> = {}): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
      ...overrides,
    },
  }
}

/** Runs a request that must be refused; returns the error and checks nothing changed. */
function refused(core: SimulationCore, request: () => unknown): ApiError {
  const before = JSON.stringify(core.snapshot())
  let error: unknown
  try {
    request()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(ApiError)
  expect(JSON.stringify(core.snapshot())).toBe(before)
  return error as ApiError
}

const web = (core: SimulationCore) => core.api.mustGet<Deployment>('Deployment', 'default', 'web')

describe('Deployment validation messages', () => {
  it('an invalid name: metadata.name is not a lowercase RFC 1123 subdomain', () => {
    const core = defaultCore()
    const e = refused(core, () => core.api.create(deploymentInput('Web_1')))
    expect(e.reason).toBe('Invalid')
    expect(e.message).toBe(
      `Deployment.apps "Web_1" is invalid: metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MESSAGE}`,
    )
    expect(e.kubectlMessage()).toBe(
      `The Deployment "Web_1" is invalid: metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MESSAGE}`,
    )
  })

  it('negative replicas on update: spec.replicas must be greater than or equal to 0', () => {
    const core = defaultCore()
    const d = web(core)
    const e = refused(core, () => core.api.update({ ...d, spec: { ...d.spec, replicas: -1 } }))
    expect(e.kubectlMessage()).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    )
  })

  it(`replicas above MAX_REPLICAS (${MAX_REPLICAS}, the simulator's own limit)`, () => {
    const core = defaultCore()
    const d = web(core)
    const e = refused(core, () =>
      core.api.update({ ...d, spec: { ...d.spec, replicas: MAX_REPLICAS + 1 } }),
    )
    expect(e.kubectlMessage()).toBe(
      `The Deployment "web" is invalid: spec.replicas: Invalid value: ${MAX_REPLICAS + 1}: must be less than or equal to ${MAX_REPLICAS} (the simulator's limit)`,
    )
    // The limit itself is allowed.
    const atLimit = core.api.update({ ...d, spec: { ...d.spec, replicas: MAX_REPLICAS } })
    expect(atLimit.spec.replicas).toBe(MAX_REPLICAS)
  })

  it('a selector that does not match the template labels (ValidatePodTemplateSpecForReplicaSet)', () => {
    const core = defaultCore()
    const input = deploymentInput('mismatch', {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'other', tier: 'fe' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
    })
    const e = refused(core, () => core.api.create(input))
    expect(e.kubectlMessage()).toBe(
      'The Deployment "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other", "tier":"fe"}: `selector` does not match template `labels`',
    )
  })

  it('several errors: kubectl lists them one per line, the server message aggregates them in brackets', () => {
    const core = defaultCore()
    const e = refused(core, () => core.api.create(deploymentInput('Web_1', { replicas: -2 })))
    expect(e.kubectlMessage()).toBe(
      [
        'The Deployment "Web_1" is invalid: ',
        `* metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MESSAGE}`,
        '* spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      ].join('\n'),
    )
    expect(e.message).toBe(
      `Deployment.apps "Web_1" is invalid: [metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MESSAGE}, spec.replicas: Invalid value: -2: must be greater than or equal to 0]`,
    )
  })

  it('the selector is immutable in apps/v1', () => {
    const core = defaultCore()
    const d = web(core)
    const e = refused(core, () =>
      core.api.update({
        ...d,
        spec: {
          ...d.spec,
          selector: { matchLabels: { app: 'web', v: '2' } },
          template: { ...d.spec.template, metadata: { labels: { app: 'web', v: '2' } } },
        },
      }),
    )
    expect(e.kubectlMessage()).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    )
  })
})

describe('other refusals', () => {
  it('AlreadyExists and NotFound', () => {
    const core = defaultCore()
    expect(refused(core, () => core.api.create(deploymentInput('web'))).kubectlMessage()).toBe(
      'Error from server (AlreadyExists): deployments.apps "web" already exists',
    )
    expect(
      refused(core, () => core.api.mustGet('Deployment', 'default', 'nope')).kubectlMessage(),
    ).toBe('Error from server (NotFound): deployments.apps "nope" not found')
    expect(
      refused(core, () =>
        core.api.create({ ...deploymentInput('x'), metadata: { name: 'x', namespace: 'nowhere' } }),
      ).kubectlMessage(),
    ).toBe('Error from server (NotFound): namespaces "nowhere" not found')
  })

  it('an accepted update bumps generation and resourceVersion; a no-op update writes nothing', () => {
    const core = defaultCore()
    const d = web(core)
    const same = core.api.update({ ...d })
    expect(same).toBe(d)
    const scaled = core.api.update({ ...d, spec: { ...d.spec, replicas: 4 } })
    expect(scaled.metadata.generation).toBe((d.metadata.generation ?? 0) + 1)
    expect(Number(scaled.metadata.resourceVersion)).toBeGreaterThan(
      Number(d.metadata.resourceVersion),
    )
  })

  it('strategy: maxUnavailable above 100%, both fenceposts 0, a malformed percentage', () => {
    const core = defaultCore()
    const strategy = (maxSurge: number | string, maxUnavailable: number | string) => ({
      strategy: { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge, maxUnavailable } },
    })
    const message = (s: ReturnType<typeof strategy>) =>
      refused(core, () => core.api.create(deploymentInput('s', s))).kubectlMessage()
    expect(message(strategy(1, '110%'))).toBe(
      'The Deployment "s" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%',
    )
    expect(message(strategy(0, 0))).toBe(
      'The Deployment "s" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    )
    expect(message(strategy('0%', '0%'))).toContain('may not be 0 when `maxSurge` is 0')
    expect(message(strategy('1x', 1))).toBe(
      `The Deployment "s" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"1x"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    )
  })
})
