/**
 * The /etc/resolv.conf a pod gets, as the kubelet composes it (pkg/kubelet/network/dns/dns.go
 * GetPodDNS) and containerd writes it (internal/cri/server parseDNSOptions); and the node's own.
 */
import type { Pod } from '../../model/pod'

/** kubeadm's KubeletConfiguration: clusterDomain and clusterDNS (the kube-dns ClusterIP, §5.1). */
export const CLUSTER_DOMAIN = 'cluster.local'
export const CLUSTER_DNS_IP = '10.96.0.10'

/** dns.go defaultDNSOptions. */
const DEFAULT_DNS_OPTIONS = ['ndots:5']
/** Validation limits the kubelet trims to (pkg/apis/core/validation: MaxDNSNameservers, Expanded). */
const MAX_NAMESERVERS = 3
const MAX_SEARCH_PATHS = 32
const MAX_SEARCH_LIST_CHARS = 2048
const MAX_SEARCH_PATH_CHARS = 253

/** The three directives the simulation reads and writes. */
export interface ResolvConf {
  nameservers: string[]
  searches: string[]
  options: string[]
}

/**
 * A node's resolv.conf: the LAN router as its only nameserver, no search domains (our machines have
 * none). The kubelet reads it for pods with dnsPolicy Default, and CoreDNS forwards to it.
 */
export function nodeResolvConf(routerIp: string): ResolvConf {
  return { nameservers: [routerIp], searches: [], options: [] }
}

function omitDuplicates(items: readonly string[]): string[] {
  return [...new Set(items)]
}

/** dns.go getPodDNSType: ClusterFirst on the host network falls back to Default. */
function podDNSType(pod: Pod): 'cluster' | 'host' | 'none' {
  switch (pod.spec.dnsPolicy) {
    case 'None':
      return 'none'
    case 'Default':
      return 'host'
    case 'ClusterFirstWithHostNet':
      return 'cluster'
    default:
      // ClusterFirst (the API server's default). dns.go falls back to ClusterFirst on an unknown
      // policy too, which validation never lets through.
      return pod.spec.hostNetwork ? 'host' : 'cluster'
  }
}

/**
 * dns.go mergeDNSOptions: a pod's option replaces one of the same name. Upstream rebuilds the list
 * from a Go map, so the order varies from run to run; here existing options keep their place and
 * new ones follow, in the order given.
 */
function mergeDNSOptions(
  existing: readonly string[],
  extra: NonNullable<NonNullable<Pod['spec']['dnsConfig']>['options']>,
): string[] {
  const options = new Map<string, string>()
  for (const op of existing) {
    const colon = op.indexOf(':')
    if (colon === -1) options.set(op, '')
    else options.set(op.slice(0, colon), op.slice(colon + 1))
  }
  for (const op of extra) options.set(op.name ?? '', op.value ?? '')
  return [...options].map(([name, value]) => (value ? `${name}:${value}` : name))
}

/** dns.go formDNSSearchFitsLimits: at most 32 paths, none over 253 characters, 2048 in all. */
function searchFitsLimits(searches: readonly string[]): string[] {
  let out = searches.slice(0, MAX_SEARCH_PATHS).filter((s) => s.length <= MAX_SEARCH_PATH_CHARS)
  while (out.join(' ').length > MAX_SEARCH_LIST_CHARS) out = out.slice(0, -1)
  return out
}

/**
 * GetPodDNS: ClusterFirst gets the cluster DNS server, the search list `<ns>.svc.<domain>
 * svc.<domain> <domain>` followed by the node's own, and `ndots:5`; Default copies the node's
 * file; None starts empty. dnsConfig is then appended (duplicates dropped, options merged) and the
 * result trimmed to the limits (the kubelet also records a DNSConfigForming warning, not simulated).
 */
export function podResolvConf(pod: Pod, node: ResolvConf): ResolvConf {
  let conf: ResolvConf
  const type = podDNSType(pod)
  if (type === 'none') conf = { nameservers: [], searches: [], options: [] }
  else if (type === 'host') conf = { ...node }
  else {
    const ns = pod.metadata.namespace ?? 'default'
    conf = {
      nameservers: [CLUSTER_DNS_IP],
      searches: omitDuplicates([
        `${ns}.svc.${CLUSTER_DOMAIN}`,
        `svc.${CLUSTER_DOMAIN}`,
        CLUSTER_DOMAIN,
        ...node.searches,
      ]),
      options: DEFAULT_DNS_OPTIONS,
    }
  }
  const extra = pod.spec.dnsConfig
  if (extra)
    conf = {
      nameservers: omitDuplicates([...conf.nameservers, ...(extra.nameservers ?? [])]),
      searches: omitDuplicates([...conf.searches, ...(extra.searches ?? [])]),
      options: mergeDNSOptions(conf.options, extra.options ?? []),
    }
  return {
    nameservers: conf.nameservers.slice(0, MAX_NAMESERVERS),
    searches: searchFitsLimits(conf.searches),
    options: [...conf.options],
  }
}

/** containerd's parseDNSOptions: `search`, then one `nameserver` line each, then `options`. */
export function formatResolvConf(conf: ResolvConf): string {
  const lines: string[] = []
  if (conf.searches.length > 0) lines.push(`search ${conf.searches.join(' ')}`)
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`)
  if (conf.options.length > 0) lines.push(`options ${conf.options.join(' ')}`)
  return lines.join('\n')
}

/** resolv.conf(5): `ndots:n` (the last one wins), 1 when absent, at most 15. */
export function ndotsOf(conf: ResolvConf): number {
  let ndots = 1
  for (const op of conf.options) {
    const m = /^ndots:(\d+)$/.exec(op)
    if (m) ndots = Math.min(Number(m[1]), 15)
  }
  return ndots
}
