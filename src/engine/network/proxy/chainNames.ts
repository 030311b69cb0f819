/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go portProtoHash,
 * servicePortPolicyClusterChain & co., servicePortEndpointChainName): a prefix and the first 16
 * characters of the base32 SHA-256 of the service port's name, its protocol and (for an endpoint)
 * its address, so every node derives the same names without coordination.
 */
import { sha256, utf8 } from './sha256'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32, standard alphabet, with `=` padding (Go's base32.StdEncoding). */
export function base32(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31]
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=')
}

/** The first 16 base32 characters of the digest: exactly its first 10 bytes. */
function hash16(input: string): string {
  return base32(sha256(utf8(input)).subarray(0, 10))
}

/** portProtoHash: the suffix shared by KUBE-SVC-, KUBE-SVL-, KUBE-EXT- and KUBE-FW- of a port. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol.toLowerCase())
}

/** servicePortEndpointChainName: KUBE-SEP- for one endpoint (`IP:port`) of a service port. */
export function servicePortEndpointChainName(
  servicePortName: string,
  protocol: string,
  endpoint: string,
): string {
  return `KUBE-SEP-${hash16(servicePortName + protocol.toLowerCase() + endpoint)}`
}

/** The per-service-port chains (servicePortPolicyClusterChain, …PolicyLocalChainName, …). */
export function servicePortChains(hash: string): {
  svc: string
  svl: string
  ext: string
  fw: string
} {
  return {
    svc: `KUBE-SVC-${hash}`,
    svl: `KUBE-SVL-${hash}`,
    ext: `KUBE-EXT-${hash}`,
    fw: `KUBE-FW-${hash}`,
  }
}
