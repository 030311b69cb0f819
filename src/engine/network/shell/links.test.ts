import { describe, expect, it } from 'vitest'
import { linkLocal6, netnsName } from './links'

describe('linkLocal6', () => {
  it('derives the EUI-64 link-local address, folding zero groups as inet_ntop does', () => {
    expect(linkLocal6('52:54:00:00:01:11')).toBe('fe80::5054:ff:fe00:111')
    expect(linkLocal6('0a:58:0a:f4:00:04')).toBe('fe80::858:aff:fef4:4')
    expect(linkLocal6('0c:65:f6:8c:00:00')).toBe('fe80::e65:f6ff:fe8c:0')
    expect(linkLocal6('02:00:00:00:00:01')).toBe('fe80::ff:fe00:1')
  })
})

describe('netnsName', () => {
  it("is containerd's cni-<uuid> form, stable for a uid", () => {
    expect(netnsName('uid-1')).toMatch(
      /^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    expect(netnsName('uid-1')).toBe(netnsName('uid-1'))
    expect(netnsName('uid-2')).not.toBe(netnsName('uid-1'))
  })
})
