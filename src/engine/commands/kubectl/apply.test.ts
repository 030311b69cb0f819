/**
 * `kubectl apply -f -` on the default scenario: create, configure, unchanged, the last-applied
 * annotation, several documents, and kubectl's errors (YAML syntax with its line, unknown kinds,
 * strict field validation, API validation), where a refused document changes nothing.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'
import type { Deployment } from '../../model/apps'

/** Everything but the command log, which records refused commands too. */
const state = (sim: Simulation) => {
  const { commandLog: _log, ...rest } = sim.snapshot()
  return JSON.stringify(rest)
}

const fresh = () => createSimulation({ seed: 1, freezeObjects: true })

const deployment = (name: string, replicas = 2, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25${extra}
`

const get = (sim: Simulation, name: string) =>
  sim.object(`Deployment/default/${name}`) as Deployment

describe('kubectl apply -f -', () => {
  it('creates, then reports unchanged, then configured, as kubectl does', () => {
    const sim = fresh()
    expect(sim.run('kubectl apply -f -', deployment('api'))).toEqual({
      ok: true,
      output: 'deployment.apps/api created',
    })
    const before = state(sim)
    expect(sim.run('kubectl apply -f -', deployment('api'))).toEqual({
      ok: true,
      output: 'deployment.apps/api unchanged',
    })
    expect(state(sim)).toBe(before)
    expect(sim.run('kubectl apply -f -', deployment('api', 4))).toEqual({
      ok: true,
      output: 'deployment.apps/api configured',
    })
    expect(get(sim, 'api').spec.replicas).toBe(4)
  })

  it('writes last-applied-configuration as kubectl does: sorted JSON, namespace filled in, empty annotations, a newline', () => {
    const sim = fresh()
    sim.run('kubectl apply -f -', deployment('api'))
    expect(
      get(sim, 'api').metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
    ).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"api"},"name":"api","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx"}]}}}}\n',
    )
  })

  it('removes what the last apply set and this one does not, keeps what others set, keeps the status', () => {
    const sim = fresh()
    sim.run(
      'kubectl apply -f -',
      deployment('api').replace('    app: api\nspec', '    app: api\n    tier: front\nspec'),
    )
    expect(get(sim, 'api').metadata.labels).toEqual({ app: 'api', tier: 'front' })
    sim.run('kubectl label deployment api owner=me')
    sim.advanceTo(sim.simTimeMs + 30_000)
    const status = get(sim, 'api').status
    expect(sim.run('kubectl apply -f -', deployment('api')).output).toBe(
      'deployment.apps/api configured',
    )
    expect(get(sim, 'api').metadata.labels).toEqual({ app: 'api', owner: 'me' })
    expect(get(sim, 'api').status).toEqual(status)
  })

  it('applies every document of a stream in order, JSON too', () => {
    const sim = fresh()
    const result = sim.run(
      'kubectl apply -f -',
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n${deployment('cart').replace('  name: cart\n', '  name: cart\n  namespace: shop\n')}`,
    )
    expect(result).toEqual({
      ok: true,
      output: 'namespace/shop created\ndeployment.apps/cart created',
    })
    expect(sim.object('Deployment/shop/cart')).toBeDefined()
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'json' } })
    expect(sim.run('kubectl apply -f -', json).output).toBe('namespace/json created')
  })

  it('warns when the object was not created by apply, and patches the annotation in', () => {
    const sim = fresh()
    const manifest = deployment('web', 3).replace(
      '  labels:\n    app: web\n',
      '  labels:\n    app: web\n',
    )
    const result = sim.run('kubectl apply -f -', manifest)
    expect(result.ok).toBe(true)
    expect(result.output).toBe('deployment.apps/web configured')
    expect(result.error).toBe(
      'Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.',
    )
    expect(
      get(sim, 'web').metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
    ).toBeDefined()
  })
})

describe('kubectl apply errors', () => {
  it('a YAML syntax error: kubectl message with the line inside its document, the absolute line in errorLine', () => {
    const sim = fresh()
    const bad = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n   labels: {}\n'
    const before = state(sim)
    expect(sim.run('kubectl apply -f -', bad)).toEqual({
      ok: false,
      output: '',
      error:
        'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context',
      errorLine: 5,
    })
    expect(state(sim)).toBe(before)
    // In a later document, the line counts from that document; the documents before it are applied.
    const result = sim.run('kubectl apply -f -', `${deployment('api')}---\n${bad}`)
    expect(result.output).toBe('deployment.apps/api created')
    expect(result.error).toBe(
      'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context',
    )
    expect(result.errorLine).toBe(25)
  })

  it('tabs, unclosed quotes and bad indentation get go-yaml’s words', () => {
    const sim = fresh()
    expect(sim.run('kubectl apply -f -', 'kind: Namespace\nmetadata:\n\tname: x\n').error).toBe(
      'error: error parsing STDIN: error converting YAML to JSON: yaml: line 3: found character that cannot start any token',
    )
    expect(sim.run('kubectl apply -f -', 'kind: Namespace\nmetadata:\n  name: "x\n').error).toBe(
      'error: error parsing STDIN: error converting YAML to JSON: yaml: line 3: found unexpected end of stream',
    )
  })

  it('an unknown kind: resource mapping not found, the other documents still applied', () => {
    const sim = fresh()
    const result = sim.run(
      'kubectl apply -f -',
      `apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\n${deployment('api')}`,
    )
    expect(result).toEqual({
      ok: false,
      output: 'deployment.apps/api created',
      error:
        'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
      errorLine: 2,
    })
    expect(
      sim.run('kubectl apply -f -', deployment('old').replace('apps/v1', 'apps/v1beta1')).error,
    ).toBe(
      'error: resource mapping not found for name: "old" namespace: "" from "STDIN": no matches for kind "Deployment" in version "apps/v1beta1"\nensure CRDs are installed first',
    )
  })

  it('strict field validation refuses unknown fields and changes nothing', () => {
    const sim = fresh()
    const before = state(sim)
    expect(
      sim.run('kubectl apply -f -', deployment('api').replace('replicas:', 'replicass:')),
    ).toEqual({
      ok: false,
      output: '',
      error:
        'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"',
      errorLine: 8,
    })
    expect(
      sim.run(
        'kubectl apply -f -',
        deployment('api').replace('image: nginx:1.25', 'imagee: nginx:1.25'),
      ).error,
    ).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"',
    )
    expect(
      sim.run('kubectl apply -f -', deployment('api', 2).replace('replicas: 2', 'replicas: "2"'))
        .error,
    ).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    )
    expect(state(sim)).toBe(before)
  })

  it('an unknown field in an update is refused with the patch kubectl sent', () => {
    const sim = fresh()
    sim.run('kubectl apply -f -', deployment('api'))
    const before = state(sim)
    const result = sim.run(
      'kubectl apply -f -',
      deployment('api').replace('replicas:', 'replicass:'),
    )
    expect(result.ok).toBe(false)
    expect(result.error).toMatch(
      /^Error from server \(BadRequest\): error when applying patch:\n\{.*"spec":\{"replicas":null,"replicass":2\}\}\nto:\n/,
    )
    expect(result.error).toContain(
      'to:\nResource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"\nName: "api", Namespace: "default"\nfor: "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"',
    )
    expect(state(sim)).toBe(before)
  })

  it('--validate=ignore drops unknown fields instead', () => {
    const sim = fresh()
    const result = sim.run(
      'kubectl apply -f - --validate=ignore',
      deployment('api').replace('replicas: 2', 'replicas: 2\n  foo: bar'),
    )
    expect(result).toEqual({ ok: true, output: 'deployment.apps/api created' })
    expect((get(sim, 'api').spec as unknown as Record<string, unknown>).foo).toBeUndefined()
  })

  it('API validation errors as kubectl prints them, pointing at the field', () => {
    const sim = fresh()
    const before = state(sim)
    expect(sim.run('kubectl apply -f -', deployment('bad', -1))).toEqual({
      ok: false,
      output: '',
      error:
        'The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      errorLine: 8,
    })
    expect(state(sim)).toBe(before)
  })

  it('several errors print one a line, without error: prefixes', () => {
    const sim = fresh()
    const result = sim.run(
      'kubectl apply -f -',
      `apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\n${deployment('bad', -1)}`,
    )
    expect(result.error).toBe(
      'resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\nError from server (Invalid): error when creating "STDIN": Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    )
  })

  it('validation of apiVersion and kind, namespaces, files, arguments', () => {
    const sim = fresh()
    const before = state(sim)
    expect(sim.run('kubectl apply -f -', 'metadata:\n  name: x\n').error).toBe(
      'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    )
    expect(
      sim.run(
        'kubectl apply -f - -n kube-system',
        deployment('api').replace('  name: api\n', '  name: api\n  namespace: default\n'),
      ).error,
    ).toBe(
      `error: the namespace from the provided object "default" does not match the namespace "kube-system". You must pass '--namespace=default' to perform this operation.`,
    )
    expect(sim.run('kubectl apply -f web.yaml').error).toBe(
      'error: the path "web.yaml" does not exist',
    )
    expect(sim.run('kubectl apply').error).toBe('error: must specify one of -f and -k')
    expect(sim.run('kubectl apply -f -', '').error).toBe('error: no objects passed to apply')
    expect(sim.run('kubectl apply -f -', '# nothing\n---\n').error).toBe(
      'error: no objects passed to apply',
    )
    expect(state(sim)).toBe(before)
  })
})
