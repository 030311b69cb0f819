import { describe, expect, it } from 'vitest'
import { base32, portProtoHash, servicePortEndpointChainName } from './chainNames'
import { sha256, utf8 } from './sha256'

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('')

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(hex(sha256(utf8('')))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
    expect(hex(sha256(utf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(hex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
  })

  it('pads a message that fills a block exactly, and one of many blocks', () => {
    expect(hex(sha256(utf8('a'.repeat(64))))).toBe(
      'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb',
    )
    expect(hex(sha256(utf8('a'.repeat(1000))))).toBe(
      '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3',
    )
  })

  it('hashes UTF-8 bytes', () => {
    expect(hex(utf8('é€😀'))).toBe('c3a9e282acf09f9880')
  })
})

describe('base32', () => {
  it('matches the RFC 4648 test vectors', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'MY======'],
      ['fo', 'MZXQ===='],
      ['foo', 'MZXW6==='],
      ['foob', 'MZXW6YQ='],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI======'],
    ]
    for (const [input, output] of cases) expect(base32(utf8(input))).toBe(output)
  })
})

describe('kube-proxy chain names (§0.4, §9 item 7)', () => {
  it.each([
    ['default/web:http', 'tcp', 'CDGGSHYLG3RE2FKL'],
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
  ])('KUBE-SVC for %s %s', (name, proto, hash) => {
    expect(portProtoHash(name, proto)).toBe(hash)
    expect(portProtoHash(name, proto.toUpperCase())).toBe(hash)
  })

  it.each([
    ['default/web:http', 'tcp', '10.244.1.2:8080', 'KUBE-SEP-UIQK3OSOSTRHRPBX'],
    ['default/web:http', 'tcp', '10.244.2.2:8080', 'KUBE-SEP-4EX2N4PG4ASNZOBF'],
    ['kube-system/kube-dns:dns', 'udp', '10.244.0.2:53', 'KUBE-SEP-YIL6JZP7A3QYXJU2'],
    ['kube-system/kube-dns:dns', 'udp', '10.244.0.3:53', 'KUBE-SEP-6E7XQMQ4RAYOWTTM'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', '10.244.0.2:53', 'KUBE-SEP-IT2ZTR26TO4XFPTO'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', '10.244.0.3:53', 'KUBE-SEP-ZXMNUKOKXUTL2MK2'],
    ['default/kubernetes:https', 'tcp', '192.168.1.11:6443', 'KUBE-SEP-SMQ2CQEWVHUNFAPX'],
  ])('KUBE-SEP for %s %s %s', (name, proto, endpoint, chain) => {
    expect(servicePortEndpointChainName(name, proto, endpoint)).toBe(chain)
  })
})
