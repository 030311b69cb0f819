import { describe, expect, it } from 'vitest'
import { complete } from './completion'

const names = {
  Deployment: ['web', 'api'],
  Pod: ['web-abc12', 'web-def34', 'client'],
  Node: ['node1', 'node2'],
}

describe('kubectl console completion', () => {
  it('completes the program and the verb', () => {
    expect(complete('kub', names).completed).toBe('kubectl ')
    expect(complete('kubectl sc', names).completed).toBe('kubectl scale ')
    expect(complete('kubectl ', names).candidates).toContain('rollout')
  })

  it('completes sub-commands, resource types and names', () => {
    expect(complete('kubectl rollout st', names).completed).toBe('kubectl rollout status ')
    expect(complete('kubectl get deploy', names).candidates).toEqual([
      'deploy',
      'deployment',
      'deployments',
    ])
    expect(complete('kubectl describe pod web-a', names).completed).toBe(
      'kubectl describe pod web-abc12 ',
    )
    expect(complete('kubectl rollout undo deployment/w', names).completed).toBe(
      'kubectl rollout undo deployment/web ',
    )
    expect(complete('kubectl get po web-', names).candidates).toEqual(['web-abc12', 'web-def34'])
    expect(complete('kubectl get po web-', names).completed).toBe('kubectl get po web-')
  })

  it('completes ssh to a node and its commands, and sim trace to pods and nodes', () => {
    const withNodes = { ...names, Node: ['node1', 'node2'] }
    expect(complete('ss', withNodes).completed).toBe('ssh ')
    expect(complete('ssh node', withNodes).candidates).toEqual(['node1', 'node2'])
    expect(complete('ssh node1 br', withNodes).completed).toBe('ssh node1 bridge ')
    expect(complete('sim tr', withNodes).candidates).toEqual(['trace', 'traffic'])
    expect(complete('sim trac', withNodes).completed).toBe('sim trace ')
    expect(complete('sim trace web-d', withNodes).completed).toBe('sim trace web-def34 ')
    expect(complete('sim set flannel-backend h', withNodes).completed).toBe(
      'sim set flannel-backend host-gw ',
    )
    expect(complete('ssh node1 ipt', withNodes).candidates).toEqual(['iptables', 'iptables-save'])
    expect(complete('sim set proxy-mode ipv', withNodes).completed).toBe('sim set proxy-mode ipvs ')
  })

  it('completes the programs a pod runs, and traffic to a Service', () => {
    const withServices = { ...names, Service: ['web', 'kubernetes'] }
    expect(complete('kubectl exec client -- cu', withServices).completed).toBe(
      'kubectl exec client -- curl ',
    )
    expect(complete('kubectl exec client -- curl w', withServices).candidates).toEqual([])
    expect(complete('sim traffic st', withServices).candidates).toEqual(['start', 'status', 'stop'])
    expect(complete('sim traffic start cl', withServices).completed).toBe(
      'sim traffic start client ',
    )
    expect(complete('sim traffic start client we', withServices).candidates).toEqual([
      'web',
      'web-abc12',
      'web-def34',
    ])
  })

  it('leaves the input alone when nothing matches', () => {
    expect(complete('kubectl get nothing-here', names)).toEqual({
      completed: 'kubectl get nothing-here',
      candidates: [],
    })
  })
})
