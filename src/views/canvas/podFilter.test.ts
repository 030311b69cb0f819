import { describe, expect, it } from 'vitest'
import type { Pod } from '../../engine/model/pod'
import { isFilterActive, machineMatches, parsePodFilter, podMatches } from './podFilter'

function pod(
  name: string,
  opts: {
    ns?: string
    node?: string
    phase?: Pod['status']['phase']
    labels?: Record<string, string>
    deleting?: boolean
  } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.ns ?? 'default',
      labels: opts.labels ?? {},
      ...(opts.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: [{ name: 'c', image: 'nginx' }],
      ...(opts.node ? { nodeName: opts.node } : {}),
    },
    status: { phase: opts.phase ?? 'Running' },
  } as Pod
}

const web = pod('web-5d59f46565-gqk5r', { node: 'node7', labels: { app: 'web' } })
const dns = pod('coredns-7db6d8ff4d-abcde', {
  ns: 'kube-system',
  node: 'node1',
  labels: { 'k8s-app': 'kube-dns' },
})
const waiting = pod('web-5d59f46565-zzzzz', { phase: 'Pending', labels: { app: 'web' } })

const matches = (text: string, p: Pod) => podMatches(parsePodFilter(text), p)

describe('the canvas filter', () => {
  it('filters nothing when blank', () => {
    expect(isFilterActive(parsePodFilter('   '))).toBe(false)
    expect(matches('', dns)).toBe(true)
  })

  it('reads label selectors: equality, inequality, existence and its negation', () => {
    expect(matches('app=web', web)).toBe(true)
    expect(matches('app=web', dns)).toBe(false)
    expect(matches('app==web', web)).toBe(true)
    expect(matches('app!=web', dns)).toBe(true)
    expect(matches('app!=web', web)).toBe(false)
    expect(matches('k8s-app', dns)).toBe(true)
    expect(matches('!k8s-app', dns)).toBe(false)
    expect(matches('!k8s-app', web)).toBe(true)
  })

  it('reads ns:, node: and phase: (a phase or the status kubectl shows)', () => {
    expect(matches('ns:kube-system', dns)).toBe(true)
    expect(matches('namespace:default', dns)).toBe(false)
    expect(matches('node:node7', web)).toBe(true)
    expect(matches('node:node7', dns)).toBe(false)
    expect(matches('phase:pending', waiting)).toBe(true)
    expect(matches('phase:Running', waiting)).toBe(false)
    expect(matches('phase:Terminating', pod('x', { deleting: true }))).toBe(true)
  })

  it('matches any other word against part of the name', () => {
    expect(matches('gqk5r', web)).toBe(true)
    expect(matches('COREDNS', dns)).toBe(true)
    expect(matches('cache', web)).toBe(false)
  })

  it('needs every term to hold', () => {
    expect(matches('app=web node:node7', web)).toBe(true)
    expect(matches('app=web node:node7', waiting)).toBe(false)
    expect(matches('app=web ns:kube-system', web)).toBe(false)
  })

  it('matches machines by their node: terms only', () => {
    const f = parsePodFilter('app=web node:node7')
    expect(f.hasPodTerms).toBe(true)
    expect(machineMatches(f, 'node7')).toBe(true)
    expect(machineMatches(f, 'node8')).toBe(false)
    expect(machineMatches(parsePodFilter('app=web'), 'node8')).toBe(true)
    expect(parsePodFilter('node:node2').hasPodTerms).toBe(false)
  })
})
