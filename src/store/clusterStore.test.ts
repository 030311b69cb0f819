import { describe, expect, it } from 'vitest'
import type { KubeObject, NetworkFacts, TrafficState } from '../engine'
import type { ClusterSnapshot, PatchMessage } from '../protocol'
import { createAppStore } from './clusterStore'

const CLOCK = { playing: true, speed: 1, backSteps: 0, cursor: -1 }

function node(name: string, controlPlane = false, ready = true): KubeObject {
  return {
    kind: 'Node',
    metadata: {
      name,
      ...(controlPlane ? { labels: { 'node-role.kubernetes.io/control-plane': '' } } : {}),
    },
    status: { ready },
  } as unknown as KubeObject
}

function pod(name: string, nodeName: string | undefined, created: string): KubeObject {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: created },
    spec: nodeName ? { nodeName } : {},
  } as unknown as KubeObject
}

function snapshot(objects: KubeObject[]): ClusterSnapshot {
  return {
    rev: 1,
    simTimeMs: 0,
    scenario: 'test',
    seed: 1,
    clock: CLOCK,
    objects,
    events: [],
    decisions: [],
    network: {} as NetworkFacts,
    traffic: {} as TrafficState,
  }
}

function patch(rev: number, diff: Partial<PatchMessage['diff']>): PatchMessage {
  return {
    type: 'patch',
    fromRev: rev - 1,
    toRev: rev,
    simTimeMs: rev * 100,
    diff: { added: [], updated: [], removed: [], ...diff },
    events: [],
    decisions: [],
    clock: CLOCK,
  }
}

describe('applyPatch', () => {
  it('keeps the objects, the node order and the pod index in step with the patches', () => {
    const store = createAppStore()
    store
      .getState()
      .applySnapshot(
        snapshot([
          node('node10'),
          node('node2'),
          node('cp', true),
          pod('a', 'node2', 't1'),
          pod('b', undefined, 't2'),
        ]),
      )
    const first = store.getState()
    expect(first.nodeNames).toEqual(['cp', 'node2', 'node10'])
    expect(first.podKeysByNode).toEqual({ node2: ['Pod/default/a'], '': ['Pod/default/b'] })

    // A Node's status update neither re-sorts nor copies the node names.
    store.getState().applyPatch(patch(2, { updated: [node('node2', false, false)] }))
    const second = store.getState()
    expect(second.nodeNames).toBe(first.nodeNames)
    expect(second.objects).not.toBe(first.objects)
    expect(second.objects.get('Node/node2')?.status).toEqual({ ready: false })
    expect(second.podKeysByNode).toBe(first.podKeysByNode)

    // Scheduling moves a pod between buckets; a new pod joins its node in creation order.
    store.getState().applyPatch(
      patch(3, {
        updated: [pod('b', 'node2', 't2')],
        added: [pod('c', 'node2', 't0'), node('node3')],
      }),
    )
    const third = store.getState()
    expect(third.podKeysByNode).toEqual({
      node2: ['Pod/default/c', 'Pod/default/a', 'Pod/default/b'],
    })
    expect(third.nodeNames).toEqual(['cp', 'node2', 'node3', 'node10'])
    expect(third.objects.size).toBe(7)

    // Removing a pod and a node.
    store.getState().applyPatch(patch(4, { removed: ['Pod/default/a', 'Node/node10'] }))
    const fourth = store.getState()
    expect(fourth.objects.get('Pod/default/a')).toBeUndefined()
    expect(fourth.podKeysByNode).toEqual({ node2: ['Pod/default/c', 'Pod/default/b'] })
    expect(fourth.nodeNames).toEqual(['cp', 'node2', 'node3'])

    // A Node that becomes control plane moves to the front.
    store.getState().applyPatch(patch(5, { updated: [node('node3', true)] }))
    expect(store.getState().nodeNames).toEqual(['cp', 'node3', 'node2'])

    // A patch without object changes keeps the table.
    const before = store.getState().objects
    store.getState().applyPatch(patch(6, {}))
    expect(store.getState().objects).toBe(before)
  })

  it('gives a snapshot a table of its own', () => {
    const store = createAppStore()
    store.getState().applySnapshot(snapshot([node('n1'), pod('a', 'n1', 't1')]))
    const old = store.getState().objects
    store.getState().applySnapshot(snapshot([node('n1')]))
    store.getState().applyPatch(patch(2, { added: [pod('z', 'n1', 't9')] }))
    expect(old.get('Pod/default/a')).toBeDefined()
    expect(old.get('Pod/default/z')).toBeUndefined()
    expect(JSON.parse(JSON.stringify(store.getState().objects))).toHaveProperty('Pod/default/z')
  })
})
