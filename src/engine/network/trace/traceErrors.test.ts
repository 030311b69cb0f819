/**
 * trace on bad input: names that do not exist get kubectl's NotFound, a pod without a network
 * namespace cannot send, a closed port is refused at the pod, a finished pod's address gets no
 * answer to ARP on its node; and a trace, failed or not, changes nothing in the simulation.
 */
import { describe, expect, it } from 'vitest'
import type { SimulationCore } from '../../runtime/Simulation'
import { advance, buildCore, run, traceOn } from '../testClusters'
import type { TraceRequest } from './trace'
import { TraceError } from './types'

/** The fixture plus a pod that ran to completion on node2 and one no node can take. */
function cluster(): SimulationCore {
  const core = buildCore('fixture')
  run(core, 'kubectl apply -f -', COMPLETED)
  run(core, 'kubectl apply -f -', UNSCHEDULABLE)
  advance(core, 30_000)
  return core
}

function traceError(core: SimulationCore, req: TraceRequest): string {
  try {
    traceOn(core, req)
  } catch (e) {
    if (e instanceof TraceError) return e.message
    throw e
  }
  throw new Error(`${req.from} → ${req.to} did not fail`)
}

describe('trace on bad input', () => {
  const core = cluster()
  const before = core.snapshot()

  it('a name that exists nowhere: NotFound, as kubectl says it', () => {
    const any =
      'Error from server (NotFound): pods "nope" not found (nor is there a node, LAN host or Service of that name; pods and Services are looked up in namespace "default")'
    expect(traceError(core, { from: 'nope', to: 'web-1' })).toBe(any)
    expect(traceError(core, { from: 'client', to: 'nope' })).toBe(any)
    expect(traceError(core, { from: 'pod/nope', to: 'web-1' })).toBe(
      'Error from server (NotFound): pods "nope" not found',
    )
    expect(traceError(core, { from: 'client', to: 'node/node9' })).toBe(
      'Error from server (NotFound): nodes "node9" not found',
    )
    expect(traceError(core, { from: 'web-1', to: 'client', namespace: 'kube-system' })).toBe(
      'Error from server (NotFound): pods "web-1" not found (nor is there a node, LAN host or Service of that name; pods and Services are looked up in namespace "kube-system")',
    )
  })

  it('a port nothing listens on: refused at the pod, and the RST goes back', () => {
    const t = traceOn(core, { from: 'client', to: 'web-1', port: 9999 })
    expect(t.result).toBe('refused')
    expect(t.reason).toBe('nothing listens on tcp/9999 in web-1: Connection refused')
    const last = t.hops.at(-1)
    expect(last?.kind).toBe('pod-deliver')
    expect(last?.at).toEqual({ node: 'node2', pod: 'default/web-1', device: 'eth0' })
    expect(t.reply.at(-1)?.at.pod).toBe('default/client')
    expect(t.reply.at(-1)?.headers.l4).toEqual({
      proto: 'tcp',
      srcPort: 9999,
      dstPort: 51000,
      flags: 'RST-ACK',
    })
    const udp = traceOn(core, { from: 'client', to: 'web-1', port: 9999, protocol: 'udp' })
    expect(udp.result).toBe('refused')
    expect(udp.reply.at(-1)?.headers.l4).toEqual({ proto: 'icmp', flags: 'port-unreachable' })
  })

  it('from a pod that is not running: no network namespace, nothing can send', () => {
    expect(traceError(core, { from: 'waiting', to: 'client' })).toBe(
      'error: cannot trace from pod "waiting": it has no network namespace (Pending), so nothing in it can send',
    )
    expect(traceError(core, { from: 'done', to: 'client' })).toBe(
      'error: cannot trace from pod "done": it has no network namespace (Succeeded), so nothing in it can send',
    )
    expect(traceError(core, { from: 'client', to: 'waiting' })).toBe(
      'error: pod "waiting" has no IP address yet (Pending): there is nothing to send to',
    )
  })

  it('to a pod that has completed: its address is gone, ARP on its node gets no answer', () => {
    const t = traceOn(core, { from: 'client', to: 'done' })
    expect(t.to).toEqual({ kind: 'pod', name: 'default/done', ip: '10.244.1.3', node: 'node2' })
    expect(t.result).toBe('unreachable')
    expect(t.reason).toBe('no answer to ARP for 10.244.1.3 on node2: No route to host')
    const last = t.hops.at(-1)
    expect(last?.kind).toBe('bridge')
    expect(last?.at).toEqual({ node: 'node2', device: 'cni0' })
    expect(last?.action).toBe(
      'ARP who-has 10.244.1.3 on cni0: nobody answers. done is Succeeded: its sandbox, and with it 10.244.1.3, are gone.',
    )
    expect(t.reply).toEqual([])
  })

  it('a trace, delivered or failed, changes nothing: the snapshot is the same after', () => {
    const requests: TraceRequest[] = [
      { from: 'client', to: 'web-1' },
      { from: 'node1', to: 'web-2' },
      { from: 'client', to: 'done' },
      { from: 'client', to: 'web-1', port: 9999, protocol: 'udp' },
      { from: 'nope', to: 'web-1' },
      { from: 'waiting', to: 'client' },
    ]
    for (const req of requests) {
      try {
        traceOn(core, req)
      } catch (e) {
        if (!(e instanceof TraceError)) throw e
      }
    }
    expect(core.snapshot()).toEqual(before)
  })
})

const COMPLETED = `
apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  nodeName: node2
  restartPolicy: Never
  containers:
    - name: job
      image: busybox:1.36
`

const UNSCHEDULABLE = `
apiVersion: v1
kind: Pod
metadata:
  name: waiting
spec:
  containers:
    - name: big
      image: nginx:1.25
      resources:
        requests:
          cpu: "500"
`
