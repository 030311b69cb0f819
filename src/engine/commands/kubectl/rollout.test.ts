/**
 * `kubectl rollout status|history|undo|pause|resume|restart` on the default scenario, with
 * kubectl's output lines and errors; status waits in virtual time.
 */
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../index'
import { createSimulation } from '../../index'
import type { Deployment, ReplicaSet } from '../../model/apps'
import { deploymentRolloutStatus } from './rolloutStatus'

const state = (sim: Simulation) => {
  const { commandLog: _log, ...rest } = sim.snapshot()
  return JSON.stringify(rest)
}
const fresh = () => createSimulation({ seed: 1, freezeObjects: true })
const web = (sim: Simulation) => sim.object('Deployment/default/web') as Deployment
const replicaSets = (sim: Simulation) =>
  sim
    .objects()
    .filter((o): o is ReplicaSet => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default')

function refused(sim: Simulation, command: string): string {
  const before = state(sim)
  const result = sim.run(command)
  expect(result.ok).toBe(false)
  expect(result.output).toBe('')
  expect(state(sim)).toBe(before)
  return result.error ?? ''
}

describe('kubectl rollout status', () => {
  it('waits in virtual time, printing each new status line, until the rollout is done', () => {
    const sim = fresh()
    sim.run('kubectl set image deployment/web nginx=nginx:1.26')
    const start = sim.simTimeMs
    const result = sim.run('kubectl rollout status deployment/web')
    expect(result).toEqual({
      ok: true,
      output: [
        'Waiting for deployment spec update to be observed...',
        'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
        'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
        'deployment "web" successfully rolled out',
      ].join('\n'),
    })
    expect(sim.simTimeMs).toBeGreaterThan(start)
    const d = web(sim)
    expect(d.status.updatedReplicas).toBe(3)
    expect(d.status.availableReplicas).toBe(3)
    expect(sim.run('kubectl rollout status deploy/web').output).toBe(
      'deployment "web" successfully rolled out',
    )
  })

  it('--watch=false prints the status once and lets no time pass', () => {
    const sim = fresh()
    sim.run('kubectl set image deployment/web nginx=nginx:1.26')
    const start = sim.simTimeMs
    expect(sim.run('kubectl rollout status deployment/web --watch=false')).toEqual({
      ok: true,
      output: 'Waiting for deployment spec update to be observed...',
    })
    expect(sim.simTimeMs).toBe(start)
  })

  it('an image that never pulls: the progress deadline ends the wait with kubectl’s error', () => {
    const sim = fresh()
    sim.run('kubectl set image deployment/web nginx=nginx:9.9.9')
    const result = sim.run('kubectl rollout status deployment/web')
    expect(result.ok).toBe(false)
    expect(result.error).toBe('error: deployment "web" exceeded its progress deadline')
    expect(result.output.split('\n').at(-1)).toMatch(
      /^Waiting for deployment "web" rollout to finish: /,
    )
    expect(sim.simTimeMs).toBeGreaterThanOrEqual(60_000 + 600_000)
  })

  it('--timeout stops the wait at that virtual time', () => {
    const sim = fresh()
    sim.run('kubectl set image deployment/web nginx=nginx:9.9.9')
    const start = sim.simTimeMs
    const result = sim.run('kubectl rollout status deployment/web --timeout=20s')
    expect(result.error).toBe('error: timed out waiting for the condition')
    expect(sim.simTimeMs).toBe(start + 20_000)
  })

  it('errors: a missing object, no resource, another kind, a revision that is not running, a bad timeout', () => {
    const sim = fresh()
    expect(refused(sim, 'kubectl rollout status deployment/nope')).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    )
    expect(refused(sim, 'kubectl rollout status')).toBe('error: required resource not specified')
    const rs = replicaSets(sim)[0]?.metadata.name
    expect(refused(sim, `kubectl rollout status rs/${rs}`)).toBe(
      'error: no status viewer has been implemented for ReplicaSet.apps',
    )
    expect(refused(sim, 'kubectl rollout status deployment/web --revision=2')).toBe(
      'error: desired revision (2) is different from the running revision (1)',
    )
    expect(refused(sim, 'kubectl rollout status deployment/web --timeout=30')).toBe(
      'error: invalid argument "30" for "--timeout" flag: time: missing unit in duration "30"\nSee \'kubectl rollout status --help\' for usage.',
    )
  })

  it('the status viewer’s messages (DeploymentStatusViewer.Status)', () => {
    const d = web(fresh())
    const with_ = (status: Deployment['status'], generation = 1): Deployment => ({
      ...d,
      metadata: { ...d.metadata, generation },
      status: { observedGeneration: 1, ...status },
    })
    expect(
      deploymentRolloutStatus(with_({ replicas: 4, updatedReplicas: 3, availableReplicas: 3 })),
    ).toEqual({
      message:
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
      done: false,
    })
    expect(deploymentRolloutStatus(with_({}, 2))).toEqual({
      message: 'Waiting for deployment spec update to be observed...',
      done: false,
    })
    expect(
      deploymentRolloutStatus(
        with_({
          conditions: [
            { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
          ],
        }),
      ),
    ).toEqual({ error: 'deployment "web" exceeded its progress deadline' })
  })
})

describe('kubectl rollout history', () => {
  it('lists the revisions with their change-cause', () => {
    const sim = fresh()
    expect(sim.run('kubectl rollout history deployment/web')).toEqual({
      ok: true,
      output: 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>',
    })
    sim.run('kubectl set image deployment/web nginx=nginx:1.26')
    sim.run('kubectl annotate deployment/web kubernetes.io/change-cause="image updated to 1.26"')
    sim.run('kubectl rollout status deployment/web')
    expect(sim.run('kubectl rollout history deploy/web').output).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image updated to 1.26',
    )
  })

  it('--revision shows that revision’s pod template, tabs left in as kubectl prints them', () => {
    const sim = fresh()
    const hash = replicaSets(sim)[0]?.metadata.labels?.['pod-template-hash']
    expect(sim.run('kubectl rollout history deployment/web --revision=1').output).toBe(
      [
        'deployment.apps/web with revision #1',
        'Pod Template:',
        '  Labels:\tapp=web',
        `\tpod-template-hash=${hash}`,
        '  Containers:',
        '   nginx:',
        '    Image:\tnginx:1.25',
        '    Port:\t80/TCP',
        '    Host Port:\t0/TCP',
        '    Requests:',
        '      cpu:\t100m',
        '      memory:\t64Mi',
        '    Readiness:\thttp-get http://:80/ delay=2s timeout=1s period=3s #success=1 #failure=3',
        '    Environment:\t<none>',
        '    Mounts:\t<none>',
        '  Volumes:\t<none>',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\t<none>',
      ].join('\n'),
    )
    expect(refused(sim, 'kubectl rollout history deployment/web --revision=7')).toBe(
      'error: unable to find the specified revision',
    )
  })
})

describe('kubectl rollout undo', () => {
  it('brings back the previous template; the controller rolls back to the old ReplicaSet', () => {
    const sim = fresh()
    const original = replicaSets(sim)[0]?.metadata.name
    sim.run('kubectl set image deployment/web nginx=nginx:1.26')
    sim.run('kubectl rollout status deployment/web')
    expect(sim.run('kubectl rollout undo deployment/web')).toEqual({
      ok: true,
      output: 'deployment.apps/web rolled back',
    })
    expect(web(sim).spec.template.spec.containers[0]?.image).toBe('nginx:1.25')
    expect(web(sim).spec.template.metadata?.labels).toEqual({ app: 'web' })
    expect(sim.run('kubectl rollout status deployment/web').ok).toBe(true)
    const rs = replicaSets(sim).find((r) => r.metadata.name === original)
    expect(rs?.spec.replicas).toBe(3)
    expect(rs?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
    expect(sim.run('kubectl rollout history deployment/web').output).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>',
    )
  })

  it('--to-revision, a revision that matches, one that does not exist, and no history', () => {
    const sim = fresh()
    expect(refused(sim, 'kubectl rollout undo deployment/web')).toBe(
      'error: no rollout history found for deployment "web"',
    )
    sim.run('kubectl set image deployment/web nginx=nginx:1.26')
    sim.run('kubectl rollout status deployment/web')
    const before = state(sim)
    expect(sim.run('kubectl rollout undo deployment/web --to-revision=2')).toEqual({
      ok: true,
      output: 'deployment.apps/web skipped rollback (current template already matches revision 2)',
    })
    expect(state(sim)).toBe(before)
    expect(refused(sim, 'kubectl rollout undo deployment/web --to-revision=9')).toBe(
      'error: unable to find specified revision 9 in history',
    )
    expect(sim.run('kubectl rollout undo deployment/web --to-revision=1').output).toBe(
      'deployment.apps/web rolled back',
    )
  })

  it('a paused Deployment is refused', () => {
    const sim = fresh()
    sim.run('kubectl set image deployment/web nginx=nginx:1.26')
    sim.run('kubectl rollout status deployment/web')
    sim.run('kubectl rollout pause deployment/web')
    expect(refused(sim, 'kubectl rollout undo deployment/web')).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again",
    )
  })
})

describe('kubectl rollout pause, resume, restart', () => {
  it('pause and resume set spec.paused; doing either twice is kubectl’s error', () => {
    const sim = fresh()
    expect(sim.run('kubectl rollout pause deployment/web')).toEqual({
      ok: true,
      output: 'deployment.apps/web paused',
    })
    expect(web(sim).spec.paused).toBe(true)
    expect(refused(sim, 'kubectl rollout pause deployment/web')).toBe(
      'error: deployments.apps "web" is already paused',
    )
    expect(refused(sim, 'kubectl rollout restart deployment/web')).toBe(
      'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)',
    )
    expect(sim.run('kubectl rollout resume deployment/web')).toEqual({
      ok: true,
      output: 'deployment.apps/web resumed',
    })
    expect(web(sim).spec.paused).toBe(false)
    expect(refused(sim, 'kubectl rollout resume deployment/web')).toBe(
      'error: deployments.apps "web" is not paused',
    )
  })

  it('restart stamps the template with the sim time, which starts a rollout', () => {
    const sim = fresh()
    expect(sim.run('kubectl rollout restart deployment/web')).toEqual({
      ok: true,
      output: 'deployment.apps/web restarted',
    })
    expect(web(sim).spec.template.metadata?.annotations).toEqual({
      'kubectl.kubernetes.io/restartedAt': '2026-01-05T09:01:00Z',
    })
    expect(sim.run('kubectl rollout status deployment/web').output.split('\n').at(-1)).toBe(
      'deployment "web" successfully rolled out',
    )
  })

  it('other kinds and missing objects', () => {
    const sim = fresh()
    const rs = replicaSets(sim)[0]?.metadata.name
    expect(refused(sim, `kubectl rollout pause rs ${rs}`)).toBe(
      `error: replicasets.apps "${rs}" pausing is not supported`,
    )
    expect(refused(sim, 'kubectl rollout resume deployment/nope')).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    )
    expect(refused(sim, 'kubectl rollout frobnicate deployment/web')).toBe(
      'error: unknown command "frobnicate" for "kubectl rollout"',
    )
  })
})
