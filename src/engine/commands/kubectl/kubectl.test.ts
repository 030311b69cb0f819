/**
 * kubectl as the console runs it: client-side errors (cobra/pflag, kubectl's own checks), server
 * errors as kubectl prints them, and `kubectl get pods` output. A refused command changes nothing.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'
import type { Pod } from '../../model/pod'
import { KUBECTL_RESOURCE_NAMES, KUBECTL_VERBS } from './kubectl'

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

/** Everything but the command log, which records refused commands too. */
const state = (sim: Simulation) => {
  const { commandLog: _log, ...rest } = sim.snapshot()
  return JSON.stringify(rest)
}

/** Runs a command that must fail and change nothing; returns its error text. */
function refused(sim: Simulation, command: string): string {
  const before = state(sim)
  const result = sim.run(command)
  expect(result.ok).toBe(false)
  expect(result.output).toBe('')
  expect(state(sim)).toBe(before)
  return result.error ?? ''
}

describe('kubectl errors', () => {
  const sim = createSimulation({ seed: 1, freezeObjects: true })

  it('scale with a negative count is refused client-side (ScaleOptions.Validate)', () => {
    expect(refused(sim, 'kubectl scale deployment/web --replicas=-1')).toBe(
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    )
    expect(refused(sim, 'kubectl scale deployment/web')).toBe(
      'error: required flag(s) "replicas" not set',
    )
    expect(refused(sim, 'kubectl scale deployment/web --replicas=abc')).toBe(
      `error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee 'kubectl scale --help' for usage.`,
    )
  })

  it('create deployment with an invalid name relays the server error', () => {
    expect(refused(sim, 'kubectl create deployment Web --image=nginx')).toBe(
      `error: failed to create deployment: Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": ${SUBDOMAIN_MESSAGE}`,
    )
  })

  it('scale of a missing object: NotFound as kubectl prints it', () => {
    expect(refused(sim, 'kubectl scale deployment/nope --replicas=2')).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    )
  })

  it('unknown verb, flag, shorthand and resource type', () => {
    expect(refused(sim, 'kubectl frobnicate pods')).toMatch(
      /^error: unknown command "frobnicate" for "kubectl"/,
    )
    expect(refused(sim, 'kubectl get pods --bogus')).toBe(
      "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.",
    )
    expect(refused(sim, 'kubectl get pods -z')).toBe(
      "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.",
    )
    expect(refused(sim, 'kubectl get widgets')).toBe(
      `error: the server doesn't have a resource type "widgets"`,
    )
  })

  it('an accepted command does change the cluster', () => {
    const fresh = createSimulation({ seed: 1, freezeObjects: true })
    const before = state(fresh)
    expect(fresh.run('kubectl create deployment api --image=nginx:1.25')).toEqual({
      ok: true,
      output: 'deployment.apps/api created',
    })
    expect(state(fresh)).not.toBe(before)
    expect(fresh.run('kubectl scale deploy/api --replicas=2').output).toBe(
      'deployment.apps/api scaled',
    )
  })
})

describe('kubectl get pods', () => {
  it('prints the tabwriter table: NAME padded to the longest name + 3, then READY   STATUS    RESTARTS   AGE', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const web = sim
      .objects()
      .filter(
        (o): o is Pod =>
          o.kind === 'Pod' &&
          o.metadata.namespace === 'default' &&
          o.metadata.labels?.app === 'web',
      )
      .map((p) => p.metadata.name)
      .sort()
    expect(web).toHaveLength(3)
    const width = Math.max(6, ...web.map((n) => n.length + 3), 'NAME'.length + 3)
    const result = sim.run('kubectl get pods')
    expect(result.ok).toBe(true)
    const lines = result.output.split('\n')
    expect(lines[0]).toBe(`${'NAME'.padEnd(width)}READY   STATUS    RESTARTS   AGE`)
    // The bare pod client, created at 20 s, sorts first; web's pods were created at 30 s.
    expect(lines.slice(1)).toEqual([
      `${'client'.padEnd(width)}1/1     Running   0          40s`,
      ...web.map((name) => `${name.padEnd(width)}1/1     Running   0          30s`),
    ])
  })

  it('says so when a namespace has nothing', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const result = sim.run('kubectl get pods -n kube-public')
    expect(result.output).toBe('')
    expect(result.error).toBe('No resources found in kube-public namespace.')
  })
})

describe('kubectl verbs and names', () => {
  it('an unknown verb gets cobra’s suggestions; upstream verbs the simulator lacks say so', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    expect(refused(sim, 'kubectl gett pods')).toBe(
      'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset',
    )
    expect(refused(sim, 'kubectl desc pods')).toBe(
      'error: unknown command "desc" for "kubectl"\n\nDid you mean this?\n\tdescribe',
    )
    expect(refused(sim, 'kubectl zzzzzz')).toBe('error: unknown command "zzzzzz" for "kubectl"')
    expect(refused(sim, 'kubectl logs web')).toBe(
      'error: "kubectl logs" is not available in this simulator',
    )
  })

  it('exports the verbs and resource names for completion', () => {
    expect(KUBECTL_VERBS).toEqual([
      'annotate',
      'apply',
      'create',
      'delete',
      'describe',
      'exec',
      'expose',
      'get',
      'label',
      'patch',
      'rollout',
      'scale',
      'set',
    ])
    for (const name of [
      'po',
      'rs',
      'deploy',
      'no',
      'ev',
      'ns',
      'pods',
      'deployment',
      'replicasets',
      'svc',
      'services',
      'endpointslices',
    ])
      expect(KUBECTL_RESOURCE_NAMES).toContain(name)
  })

  it('global flags may come before the verb; get -w says watching is not simulated', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    expect(sim.run('kubectl -n kube-system get deployments').output).toMatch(/^NAME +READY/)
    expect(sim.run('kubectl -n kube-system get deployments').output).toContain('coredns')
    const watched = sim.run('kubectl get deployments -w')
    expect(watched.ok).toBe(false)
    expect(watched.output).toBe(sim.run('kubectl get deployments').output)
    expect(watched.error).toMatch(/^error: watching \(-w\) is not supported here/)
  })

  it('get all lists pods, deployments and replicasets', () => {
    const sim = createSimulation({ seed: 1, freezeObjects: true })
    const out = sim.run('kubectl get all').output
    expect(out).toMatch(/^NAME +READY +STATUS/)
    expect(out).toContain('\ndeployment.apps/web ')
    expect(out).toContain('\nreplicaset.apps/web-')
  })
})
