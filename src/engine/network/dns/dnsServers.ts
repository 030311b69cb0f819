/**
 * Who answers DNS at an address, and the transport that carries a query there: CoreDNS pods
 * (directly, or behind a Service's ClusterIP as kube-proxy maps it), the LAN router's resolver, or
 * nobody: then the sender gets an ICMP port unreachable back, or nothing at all.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import { normalizeImage, repositoryOf } from '../../kubelet/images'
import type { EndpointSlice } from '../../model/endpointSlice'
import { SERVICE_NAME_LABEL } from '../../model/endpointSlice'
import type { Pod } from '../../model/pod'
import type { Service } from '../../model/service'
import type { NetworkIndex } from '../NetworkIndex'
import { podListeners } from '../listeners'
import { corednsAnswer } from './coredns'
import type { Draw, QueryOutcome, Transport } from './types'
import { fqdn } from './types'
import { upstreamAnswer } from './upstream'

const COREDNS_REPOSITORY = 'registry.k8s.io/coredns/coredns'

export type DnsServer =
  /** CoreDNS pods answer: `pods` are the ones that can (namespace/name), `service` when via a ClusterIP. */
  | { kind: 'coredns'; ip: string; pods: string[]; service?: string }
  /** The LAN router's resolver (see upstream.ts). */
  | { kind: 'upstream'; ip: string }
  /** An ICMP port unreachable comes back: the reason, for the trace and the tools. */
  | { kind: 'refused'; ip: string; why: string }
  /** The query is lost; the client times out. */
  | { kind: 'silent'; ip: string; why: string }

/** A running CoreDNS container bound to 53/udp. */
function isCorednsPod(pod: Pod): boolean {
  return podListeners(pod).some((l) => {
    if (l.proto !== 'udp' || l.port !== 53) return false
    const image = pod.spec.containers.find((c) => c.name === l.process)?.image ?? ''
    return repositoryOf(normalizeImage(image)) === COREDNS_REPOSITORY
  })
}

function podKeyAt(net: NetworkIndex, ip: string): string | undefined {
  const owner = net.owner(ip)
  return owner?.kind === 'pod' ? owner.pod.key : undefined
}

/**
 * A Service's ClusterIP: kube-proxy sends 53/udp to one of its ready endpoints, and REJECTs when it
 * has none (§4.9); a port the Service does not have matches no rule and is lost.
 */
function behindService(net: NetworkIndex, store: ObjectStore, svc: Service, ip: string): DnsServer {
  const name = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`
  const port = svc.spec.ports.find((p) => p.port === 53 && p.protocol === 'UDP')
  if (!port) return { kind: 'silent', ip, why: `Service ${name} has no port 53/UDP` }
  const addresses = [...store.list<EndpointSlice>('EndpointSlice')]
    .filter(
      (s) =>
        s.metadata.namespace === svc.metadata.namespace &&
        s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name &&
        s.ports.some((p) => (p.name ?? '') === (port.name ?? '')),
    )
    .flatMap((s) => s.endpoints.filter((e) => e.conditions.ready !== false))
    .flatMap((e) => e.addresses)
  if (addresses.length === 0)
    return { kind: 'refused', ip, why: `Service ${name} has no ready endpoints` }
  const pods = [...new Set(addresses)]
    .map((a) => podKeyAt(net, a))
    .filter((key): key is string => key !== undefined)
    .filter((key) => {
      const pod = store.get<Pod>(`Pod/${key}`)
      return pod !== undefined && isCorednsPod(pod)
    })
    .sort()
  if (pods.length === 0)
    return { kind: 'refused', ip, why: `no endpoint of Service ${name} runs a DNS server` }
  return { kind: 'coredns', ip, pods, service: name }
}

/** What answers a DNS query sent to `ip`, port 53/udp. */
export function dnsServerAt(net: NetworkIndex, store: ObjectStore, ip: string): DnsServer {
  if (ip === net.facts.lan.router.ip) return { kind: 'upstream', ip }
  if (ip.startsWith('127.')) return { kind: 'refused', ip, why: 'nothing listens on 53/udp on lo' }
  const owner = net.owner(ip)
  if (owner?.kind === 'pod') {
    const pod = store.get<Pod>(`Pod/${owner.pod.key}`)
    return pod && isCorednsPod(pod)
      ? { kind: 'coredns', ip, pods: [owner.pod.key] }
      : { kind: 'refused', ip, why: `nothing listens on 53/udp in pod ${owner.pod.key}` }
  }
  if (owner) return { kind: 'refused', ip, why: `nothing listens on 53/udp at ${ip}` }
  for (const svc of store.list<Service>('Service'))
    if ((svc.spec.clusterIPs ?? [svc.spec.clusterIP]).includes(ip))
      return behindService(net, store, svc, ip)
  return { kind: 'silent', ip, why: `no host has the address ${ip}` }
}

/**
 * The network as a DNS transport: each query reaches the server at its address, and CoreDNS
 * forwards what it does not know to the router, as its dnsPolicy Default resolv.conf says. The
 * draw feeds CoreDNS's loadbalance shuffle.
 */
export function dnsTransport(net: NetworkIndex, store: ObjectStore, draw?: Draw): Transport {
  const router = net.facts.lan.router.ip
  const transport: Transport = (server, name, type): QueryOutcome => {
    const target = dnsServerAt(net, store, server)
    const qname = fqdn(name)
    switch (target.kind) {
      case 'upstream':
        return { kind: 'answer', response: upstreamAnswer(qname, type) }
      case 'coredns':
        return {
          kind: 'answer',
          response: corednsAnswer(
            { store, upstream: router, transport, ...(draw ? { draw } : {}) },
            qname,
            type,
          ),
        }
      case 'refused':
        return { kind: 'refused' }
      case 'silent':
        return { kind: 'timeout' }
    }
  }
  return transport
}
