/**
 * The example scripts in examples/ run through the script runner as `npm run sim -- <file>` runs
 * them, and teach what they say: the key lines of their output and the state they end in.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../index'
import { createSimulation } from '../index'
import type { Deployment, ReplicaSet } from '../model/apps'
import type { Pod } from '../model/pod'
import type { ScriptRun } from './runScript'
import { runScript } from './runScript'

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '../../../examples')

function runExample(name: string): {
  sim: Simulation
  run: ScriptRun
  stdout: string
  stderr: string
} {
  const sim = createSimulation({ seed: 1, freezeObjects: true })
  const run = runScript(sim, readFileSync(join(EXAMPLES, name), 'utf8'))
  const text = (stream: 'stdout' | 'stderr') =>
    run.outputs
      .filter((o) => o.stream === stream)
      .map((o) => o.text)
      .join('')
  return { sim, run, stdout: text('stdout'), stderr: text('stderr') }
}

/** The output of the first step whose text starts with `prefix`. */
function outputOf(run: ScriptRun, prefix: string, nth = 0): string {
  const outcome = run.outcomes.filter((o) => o.step.text.startsWith(prefix))[nth]
  if (!outcome) throw new Error(`no step starting with ${prefix}`)
  return outcome.output
}

function deployment(sim: Simulation, name: string): Deployment {
  return sim.object(`Deployment/default/${name}`) as Deployment
}

function replicaSetsOf(sim: Simulation, d: Deployment): ReplicaSet[] {
  return sim
    .objects()
    .filter(
      (o): o is ReplicaSet =>
        o.kind === 'ReplicaSet' &&
        (o.metadata.ownerReferences ?? []).some((r) => r.uid === d.metadata.uid),
    )
}

const imageOf = (o: Deployment | ReplicaSet) => o.spec.template.spec?.containers[0]?.image

/** [image, spec.replicas, availableReplicas, revision] of each ReplicaSet, newest revision first. */
function replicaSetSummary(sim: Simulation, d: Deployment) {
  return replicaSetsOf(sim, d)
    .map((rs) => [
      imageOf(rs),
      rs.spec.replicas,
      rs.status.availableReplicas ?? 0,
      Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision']),
    ])
    .sort((a, b) => Number(b[3]) - Number(a[3]))
}

describe('examples/', () => {
  it('every example is tested here', () => {
    expect(
      readdirSync(EXAMPLES)
        .filter((f) => f.endsWith('.sh'))
        .sort(),
    ).toEqual(['recreate.sh', 'rollback.sh', 'rolling-update.sh', 'scale-web.sh'])
  })

  it('scale-web.sh: up to 5, then down to 2, spread over the workers', () => {
    const { sim, run, stderr } = runExample('scale-web.sh')
    expect(stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(outputOf(run, 'kubectl scale deployment/web --replicas=5')).toBe(
      'deployment.apps/web scaled',
    )
    expect(outputOf(run, 'kubectl rollout status')).toMatch(
      /deployment "web" successfully rolled out\n?$/,
    )
    expect(outputOf(run, 'kubectl get deployment web', 1)).toMatch(/\nweb\s+5\/5\s+5\s+5\s/)
    expect(outputOf(run, 'kubectl get deployment web', 2)).toMatch(/\nweb\s+2\/2\s+2\s+2\s/)
    const d = deployment(sim, 'web')
    expect(d.status.availableReplicas).toBe(2)
    const pods = sim
      .objects()
      .filter(
        (o): o is Pod =>
          o.kind === 'Pod' && o.metadata.labels?.app === 'web' && !o.metadata.deletionTimestamp,
      )
    expect(pods).toHaveLength(2)
    // The five ran three on one worker and two on the other; ranked by co-located pods
    // (getPodsToDelete, counted once before deleting), the three on the fuller node go first.
    const perNode = new Map<string, number>()
    for (const e of sim.events()) {
      const m = /^Successfully assigned default\/web-\S+ to (\S+)$/.exec(e.message)
      if (e.reason === 'Scheduled' && m)
        perNode.set(m[1] as string, (perNode.get(m[1] as string) ?? 0) + 1)
    }
    expect([...perNode.values()].sort()).toEqual([2, 3])
    const emptier = [...perNode].find(([, n]) => n === 2)?.[0] ?? ''
    const wide = outputOf(run, 'kubectl get pods -l app=web -o wide')
    expect(wide.split('\n').filter((l) => l.includes(` ${emptier} `))).toHaveLength(2)
    expect(pods.map((p) => p.spec.nodeName)).toEqual([emptier, emptier])
  })

  it('rolling-update.sh: web goes to nginx:1.26 and rollout status waits for it', () => {
    const { sim, run, stderr } = runExample('rolling-update.sh')
    expect(stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(outputOf(run, 'kubectl set image')).toBe('deployment.apps/web image updated')
    const status = outputOf(run, 'kubectl rollout status')
    expect(status).toContain('Waiting for deployment "web" rollout to finish')
    expect(status).toMatch(/deployment "web" successfully rolled out\n?$/)
    expect(outputOf(run, 'kubectl rollout history')).toMatch(
      /^deployment\.apps\/web \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/,
    )
    const d = deployment(sim, 'web')
    expect(imageOf(d)).toBe('nginx:1.26')
    expect(d.status.availableReplicas).toBe(3)
    expect(d.status.updatedReplicas).toBe(3)
    expect(replicaSetSummary(sim, d)).toEqual([
      ['nginx:1.26', 3, 3, 2],
      ['nginx:1.25', 0, 0, 1],
    ])
  })

  it('rollback.sh: the rollout to nginx:1.99 misses its deadline and is undone', () => {
    const { sim, run, stdout } = runExample('rollback.sh')
    // The missed deadline is handled by `|| kubectl rollout undo`: the script succeeds.
    expect(run.exitCode).toBe(0)
    const statusOutcome = run.outcomes.find((o) =>
      o.step.text.startsWith('kubectl rollout status deployment/web --timeout=60s'),
    )
    expect(statusOutcome?.ok).toBe(false)
    expect(statusOutcome?.error).toBe('error: timed out waiting for the condition')
    expect(statusOutcome && statusOutcome.endMs - statusOutcome.startMs).toBe(60_000)
    expect(outputOf(run, 'kubectl rollout undo')).toBe('deployment.apps/web rolled back')
    expect(stdout).toContain('deployment "web" successfully rolled out')
    const d = deployment(sim, 'web')
    expect(imageOf(d)).toBe('nginx:1.25')
    expect(d.status.availableReplicas).toBe(3)
    // Revision 1 came back as revision 3; the broken revision 2 is scaled to 0.
    expect(replicaSetSummary(sim, d)).toEqual([
      ['nginx:1.25', 3, 3, 3],
      ['nginx:1.99', 0, 0, 2],
    ])
  })

  it('recreate.sh: no new pod exists until every old pod is gone', () => {
    const { sim, run, stderr } = runExample('recreate.sh')
    expect(stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(outputOf(run, 'kubectl apply -f -')).toBe('deployment.apps/legacy created')
    const d = deployment(sim, 'legacy')
    expect(imageOf(d)).toBe('nginx:1.26')
    expect(d.status.availableReplicas).toBe(3)
    expect(replicaSetSummary(sim, d)).toEqual([
      ['nginx:1.26', 3, 3, 2],
      ['nginx:1.25', 0, 0, 1],
    ])
    // Half a second after the image change only old pods exist, all of them on their way out: still
    // Terminating, or already stopped (the kubelet set phase Succeeded, and kubectl then prints the
    // terminal reason, Completed, instead of Terminating) and waiting for the kubelet to remove them.
    const newRS = replicaSetsOf(sim, d).find((rs) => imageOf(rs) === 'nginx:1.26')
    const oldRS = replicaSetsOf(sim, d).find((rs) => imageOf(rs) === 'nginx:1.25')
    const during = outputOf(run, 'kubectl get pods -l app=legacy').split('\n').slice(1)
    expect(during.length).toBeGreaterThan(0)
    for (const line of during)
      expect(line).toMatch(
        new RegExp(`^${oldRS?.metadata.name}-\\S+\\s+(\\S+\\s+Terminating|0/1\\s+Completed)\\s`),
      )
    expect(during.join('\n')).not.toContain(newRS?.metadata.name)
    // The events say so: the new ReplicaSet's first pod comes after the old ones were deleted.
    const events = sim.events()
    const firstCreate = events.find(
      (e) => e.reason === 'SuccessfulCreate' && e.involvedObject.name === newRS?.metadata.name,
    )
    const oldPodsGone = events.filter(
      (e) => e.reason === 'Killing' && e.involvedObject.name.startsWith(`${oldRS?.metadata.name}-`),
    )
    expect(oldPodsGone).toHaveLength(3)
    for (const killed of oldPodsGone)
      expect(killed.lastSimTimeMs).toBeLessThan(firstCreate?.lastSimTimeMs ?? 0)
  })
})
