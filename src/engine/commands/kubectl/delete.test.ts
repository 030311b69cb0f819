/** `kubectl delete` on the default scenario: by name, type/name, selector, manifest; grace and force; errors. */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'
import type { Pod } from '../../model/pod'

const state = (sim: Simulation) => {
  const { commandLog: _log, ...rest } = sim.snapshot()
  return JSON.stringify(rest)
}
const fresh = () => createSimulation({ seed: 1, freezeObjects: true })
const webPods = (sim: Simulation) =>
  sim
    .objects()
    .filter(
      (o): o is Pod =>
        o.kind === 'Pod' && o.metadata.namespace === 'default' && o.metadata.labels?.app === 'web',
    )
    .map((p) => p.metadata.name)
    .sort()

function refused(sim: Simulation, command: string, stdin?: string): string {
  const before = state(sim)
  const result = sim.run(command, stdin)
  expect(result.ok).toBe(false)
  expect(result.output).toBe('')
  expect(state(sim)).toBe(before)
  return result.error ?? ''
}

describe('kubectl delete', () => {
  it('a pod: graceful, and like kubectl the command waits (in virtual time) until it is gone', () => {
    const sim = fresh()
    const [name] = webPods(sim)
    const start = sim.simTimeMs
    expect(sim.run(`kubectl delete pod ${name}`)).toEqual({
      ok: true,
      output: `pod "${name}" deleted from default namespace`,
    })
    expect(sim.object(`Pod/default/${name}`)).toBeUndefined()
    expect(sim.simTimeMs).toBeGreaterThan(start)
  })

  it('--wait=false leaves the pod terminating', () => {
    const sim = fresh()
    const [name] = webPods(sim)
    expect(sim.run(`kubectl delete pod/${name} --wait=false`).output).toBe(
      `pod "${name}" deleted from default namespace`,
    )
    expect((sim.object(`Pod/default/${name}`) as Pod).metadata.deletionTimestamp).toBeDefined()
  })

  it('--grace-period=0 --force: at once, with kubectl’s warning', () => {
    const sim = fresh()
    const [name] = webPods(sim)
    const start = sim.simTimeMs
    expect(sim.run(`kubectl delete pod ${name} --grace-period=0 --force`)).toEqual({
      ok: true,
      output: `pod "${name}" force deleted from default namespace`,
      error:
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
    })
    expect(sim.object(`Pod/default/${name}`)).toBeUndefined()
    expect(sim.simTimeMs).toBe(start)
  })

  it('a Deployment, by type/name; its ReplicaSets and pods follow through the garbage collector', () => {
    const sim = fresh()
    expect(sim.run('kubectl delete deployment/web').output).toBe(
      'deployment.apps "web" deleted from default namespace',
    )
    sim.advanceTo(sim.simTimeMs + 60_000)
    // Of the workloads only the bare pod client, which nothing owns, is left in the namespace
    // (the Services stay: nothing ties them to the Deployment).
    expect(
      sim
        .objects()
        .filter((o) => o.metadata.namespace === 'default' && o.kind !== 'EndpointSlice')
        .map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['Service/kubernetes', 'Pod/client', 'Service/web'])
  })

  it('by selector, -o name, and nothing matched', () => {
    const sim = fresh()
    const names = webPods(sim)
    expect(sim.run('kubectl delete pods -l app=web -o name --wait=false').output).toBe(
      names.map((n) => `pod/${n}`).join('\n'),
    )
    expect(sim.run('kubectl delete pods -l app=nothing')).toEqual({
      ok: true,
      output: 'No resources found',
    })
  })

  it('from a manifest on stdin', () => {
    const sim = fresh()
    expect(
      sim.run(
        'kubectl delete -f -',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
      ).output,
    ).toBe('deployment.apps "web" deleted from default namespace')
    const result = sim.run(
      'kubectl delete -f -',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    )
    expect(result.error).toBe(
      'Error from server (NotFound): error when deleting "STDIN": deployments.apps "web" not found',
    )
  })

  it('errors: missing objects, no name, no arguments, protected namespaces, flags', () => {
    const sim = fresh()
    expect(refused(sim, 'kubectl delete pod nope')).toBe(
      'Error from server (NotFound): pods "nope" not found',
    )
    expect(sim.run('kubectl delete pod nope --ignore-not-found')).toEqual({ ok: true, output: '' })
    expect(refused(sim, 'kubectl delete pods')).toBe(
      'error: resource(s) were provided, but no name was specified',
    )
    expect(refused(sim, 'kubectl delete')).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    )
    expect(refused(sim, 'kubectl delete namespace kube-system')).toBe(
      'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted',
    )
    expect(refused(sim, 'kubectl delete pod x --grace-period=5 --force')).toBe(
      'error: --force and --grace-period greater than 0 cannot be specified together',
    )
    expect(refused(sim, 'kubectl delete pods --all -l app=web')).toBe(
      'error: cannot set --all and --selector at the same time',
    )
    expect(refused(sim, 'kubectl delete pod x -o yaml')).toBe(
      "error: unexpected -o output mode: yaml. We only support '-o name'",
    )
  })
})
