/** IPv4 addresses and CIDR blocks as 32-bit unsigned integers. */

/** 10.244.1.2 → 0x0af40102. Throws on anything that is not a dotted quad. */
export function ipToInt(ip: string): number {
  const parts = ip.split('.')
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`)
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0) >>> 0
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

export function isIPv4(ip: string): boolean {
  try {
    ipToInt(ip)
    return true
  } catch {
    return false
  }
}

export interface Cidr {
  /** The network address as an integer. */
  network: number
  prefix: number
}

/** Parses `10.244.1.0/24`; the address is masked to its network, as net.ParseCIDR does. */
export function parseCidr(cidr: string): Cidr {
  const [ip = '', prefixText = ''] = cidr.split('/')
  const prefix = Number(prefixText)
  if (!/^\d{1,2}$/.test(prefixText) || prefix > 32) throw new Error(`invalid CIDR address: ${cidr}`)
  return { network: (ipToInt(ip) & maskOf(prefix)) >>> 0, prefix }
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix)
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return (ip & maskOf(c.prefix)) >>> 0 === c.network
}

export function formatCidr(c: Cidr): string {
  return `${intToIp(c.network)}/${c.prefix}`
}

/** The n-th subnet of size `prefix` inside `parent` (cidr_set.go indexToCIDRBlock). */
export function subnetAt(parent: Cidr, prefix: number, index: number): Cidr {
  return { network: (parent.network + index * 2 ** (32 - prefix)) >>> 0, prefix }
}
