/**
 * host-local IPAM (containernetworking/plugins plugins/ipam/host-local/backend/allocator):
 * allocation order, gateway skipping and delayed reuse, with the worked example of the
 * networking spec §2.6.
 */
import { describe, expect, it } from 'vitest'
import { IpamError, allocateIP, emptyHostLocalState, rangeOf, releaseIP } from './hostLocalIpam'
import { intToIp, parseCidr } from '../model/ipv4'

const SUBNET = '10.244.1.0/24'

describe('host-local allocation', () => {
  it('derives the range .1-.254 with gateway .1 from a /24 (range.go Canonicalize)', () => {
    const r = rangeOf(parseCidr(SUBNET))
    expect([intToIp(r.start), intToIp(r.end), intToIp(r.gateway)]).toEqual([
      '10.244.1.1',
      '10.244.1.254',
      '10.244.1.1',
    ])
  })

  it('worked example: .2, .3, .4; release .3; the next pod gets .5, not .3', () => {
    const s = emptyHostLocalState()
    expect(['a', 'b', 'c'].map((id) => allocateIP(s, SUBNET, id))).toEqual([
      '10.244.1.2',
      '10.244.1.3',
      '10.244.1.4',
    ])
    releaseIP(s, '10.244.1.3')
    expect(allocateIP(s, SUBNET, 'd')).toBe('10.244.1.5')
    expect(s.lastReservedIP).toBe('10.244.1.5')
  })

  it('after .254 wraps to .1 (gateway, skipped), .2 (taken), then reuses the free .3', () => {
    const s = emptyHostLocalState()
    const got: string[] = []
    for (let i = 0; i < 253; i++) got.push(allocateIP(s, SUBNET, `c${i}`))
    expect(got[0]).toBe('10.244.1.2')
    expect(got.at(-1)).toBe('10.244.1.254')
    expect(got).not.toContain('10.244.1.1')
    expect(new Set(got).size).toBe(253)
    releaseIP(s, '10.244.1.3')
    releaseIP(s, '10.244.1.100')
    expect(allocateIP(s, SUBNET, 'wrap-1')).toBe('10.244.1.3')
    expect(allocateIP(s, SUBNET, 'wrap-2')).toBe('10.244.1.100')
  })

  it("fails when the range is full, with host-local's message", () => {
    const s = emptyHostLocalState()
    for (let i = 0; i < 253; i++) allocateIP(s, SUBNET, `c${i}`)
    expect(() => allocateIP(s, SUBNET, 'one-too-many')).toThrow(
      new IpamError('no IP addresses available in range set: 10.244.1.1-10.244.1.254'),
    )
  })

  it('refuses a second IP for the same container (allocator.go Get), naming the IP it holds', () => {
    const s = emptyHostLocalState()
    allocateIP(s, SUBNET, 'a')
    allocateIP(s, SUBNET, 'b')
    expect(() => allocateIP(s, SUBNET, 'b')).toThrow(
      'failed to allocate for range 0: 10.244.1.3 has been allocated to b, duplicate allocation is not allowed',
    )
  })

  it('starts from the range start when last_reserved_ip is outside the range', () => {
    const s = { lastReservedIP: '10.244.9.77', reserved: {} }
    expect(allocateIP(s, SUBNET, 'x')).toBe('10.244.1.2')
  })
})
