import { describe, expect, it } from 'vitest'
import type { Trace } from '../engine'
import { emptyTraceState, moveTo, pickOnCanvas, traceHops, withTrace } from './traceState'

const hop = (where: string) => ({
  where,
  kind: 'lan' as const,
  action: '',
  decidedBy: '',
  entries: [],
  headers: { ip: { src: 'a', dst: 'b', ttl: 64 }, l4: { proto: 'icmp' as const } },
  at: {},
})

const trace: Trace = {
  result: 'delivered',
  reason: '',
  from: { kind: 'pod', name: 'default/client', ip: '10.244.0.4' },
  to: { kind: 'node', name: 'node2', ip: '192.168.1.12' },
  protocol: 'icmp',
  backend: 'vxlan',
  hops: [hop('a'), hop('b')],
  reply: [hop('c')],
}

describe('the trace panel state', () => {
  it('takes the first canvas click as the source, the second as the destination, a third starts over', () => {
    const client = { kind: 'pod' as const, name: 'client', namespace: 'default' }
    const node2 = { kind: 'node' as const, name: 'node2' }
    let s = pickOnCanvas(emptyTraceState(), client)
    expect([s.from, s.to]).toEqual([client, undefined])
    expect(pickOnCanvas(s, client)).toBe(s) // the same end twice is not a pair
    s = pickOnCanvas(s, node2)
    expect([s.from, s.to]).toEqual([client, node2])
    s = pickOnCanvas(withTrace(s, trace), node2)
    expect([s.from, s.to, s.trace]).toEqual([node2, undefined, undefined])
  })

  it('plays the request then the reply, and stops at either end', () => {
    let s = withTrace(emptyTraceState(), trace)
    expect(traceHops(s.trace).map((h) => h.where)).toEqual(['a', 'b', 'c'])
    expect(s.playing).toBe(true)
    s = moveTo(s, 1)
    expect([s.position, s.playing]).toEqual([1, true])
    s = moveTo(s, 2)
    expect([s.position, s.playing]).toEqual([2, false])
    expect(moveTo(s, 9).position).toBe(2)
    expect(moveTo(s, -1).position).toBe(0)
  })
})
