/**
 * Traffic mode: a steady stream from client to web through DNS, kube-proxy and the pod network
 * while web rolls out. With maxUnavailable 0 every request is answered and the answers move from
 * the old version to the new; with Recreate there is a gap in which kube-proxy REJECTs.
 */
import { describe, expect, it } from 'vitest'
import { buildCore, run } from '../network/testClusters'
import type { SimulationCore } from '../runtime/Simulation'
import type { TrafficFlow } from './trafficState'

function flow(core: SimulationCore): TrafficFlow {
  const f = core.ctx.state.traffic.flows[0]
  if (!f) throw new Error('no traffic flow')
  return f
}

function rollOut(strategy: string): SimulationCore {
  const core = buildCore('default')
  run(core, `kubectl patch deployment web -p '{"spec":{"strategy":${strategy}}}'`)
  run(core, 'sim traffic start client web --rate 20')
  run(core, 'sim advance 2s')
  run(core, 'kubectl set image deployment/web nginx=nginx:1.26')
  run(core, 'kubectl rollout status deployment/web')
  run(core, 'sim advance 3s')
  return core
}

// Whole rollouts in virtual time: well under a second each, but given room on a loaded machine.
describe('traffic mode during a rolling update', { timeout: 20_000 }, () => {
  it('with maxUnavailable 0 no request fails and both versions answer, the new one last', () => {
    const core = rollOut('{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}')
    const f = flow(core)
    expect(f.sent).toBeGreaterThan(200)
    expect(f.failed).toBe(0)
    expect(f.ok).toBe(f.sent)
    expect(f.byVersion['1.25']).toBeGreaterThan(0)
    expect(f.byVersion['1.26']).toBeGreaterThan(0)
    expect(f.recent.every((s) => s.ok && s.version === '1.26')).toBe(true)
    // Six pods answered in all (three of each version), each counted under its own version.
    expect(Object.keys(f.byPod)).toHaveLength(6)
    const perVersion = Object.values(f.byPod).reduce<Record<string, number>>((acc, p) => {
      acc[p.version] = (acc[p.version] ?? 0) + p.ok
      return acc
    }, {})
    expect(perVersion).toEqual(f.byVersion)
  })

  it('with Recreate the Service has no endpoints for a while: REJECT, connection refused', () => {
    const core = rollOut('{"type":"Recreate","rollingUpdate":null}')
    const f = flow(core)
    expect(f.failed).toBeGreaterThan(10)
    expect(
      f.failures[
        'default/web:http has no endpoints: REJECT (ICMP port unreachable): Connection refused'
      ],
    ).toBeGreaterThan(10)
    expect(f.ok + f.failed).toBe(f.sent)
    expect(f.recent.at(-1)).toMatchObject({ ok: true, version: '1.26' })
  })

  it('sends at the asked rate in virtual time and stops when told', () => {
    const core = buildCore('default')
    run(core, 'sim traffic start client web --rate 50')
    run(core, 'sim advance 2s')
    expect(flow(core).sent).toBeGreaterThanOrEqual(100)
    expect(flow(core).sent).toBeLessThanOrEqual(101)
    run(core, 'sim traffic stop')
    expect(core.ctx.state.traffic.flows).toHaveLength(0)
  })

  it('is deterministic: the same seed gives the same counts per pod', () => {
    const a = flow(rollOut('{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}'))
    const b = flow(rollOut('{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}'))
    expect(a.byPod).toEqual(b.byPod)
  })

  it('with sessionAffinity ClientIP one pod answers every request, in iptables and IPVS mode', () => {
    for (const mode of ['iptables', 'ipvs']) {
      const core = buildCore('default')
      run(core, `sim set proxy-mode ${mode}`)
      run(core, `kubectl patch svc web -p '{"spec":{"sessionAffinity":"ClientIP"}}'`)
      run(core, 'sim advance 1s')
      run(core, 'sim traffic start client web --rate 20')
      run(core, 'sim advance 3s')
      expect(flow(core).ok).toBeGreaterThan(50)
      expect(Object.keys(flow(core).byPod)).toHaveLength(1)
    }
    // Without it the three pods share the requests.
    const core = buildCore('default')
    run(core, 'sim traffic start client web --rate 20')
    run(core, 'sim advance 3s')
    expect(Object.keys(flow(core).byPod)).toHaveLength(3)
  })

  it('refuses what a user could mistype, changing nothing', () => {
    const core = buildCore('default')
    expect(() => run(core, 'sim traffic start client web --rate 0')).toThrow(
      'error: --rate must be between 1 and 100 requests per second',
    )
    expect(() => run(core, 'sim traffic start client web:99999')).toThrow(
      'error: invalid port "99999": must be 1-65535',
    )
    expect(() => run(core, 'sim traffic start nosuch web')).toThrow('pods "nosuch" not found')
    expect(core.ctx.state.traffic.flows).toHaveLength(0)
  })
})
