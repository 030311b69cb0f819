/**
 * What a program in a pod gets from the C library and the kernel when it opens a TCP connection:
 * getaddrinfo (the pod's /etc/hosts, then DNS through its resolv.conf, the same resolver the trace
 * uses), and connect(), whose outcome is read off a trace of the SYN through the cluster network
 * (kube-proxy included): accepted by a listening socket, refused (RST, or kube-proxy's REJECT),
 * unreachable, or never answered. Times are derived from the hops crossed, as ping's are.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Container, Pod } from '../../model/pod'
import { isIPv4 } from '../../model/ipv4'
import type { NetworkIndex } from '../NetworkIndex'
import type { ProxyIndex } from '../proxy/ProxyIndex'
import { podEtcHosts } from '../dns/etcHosts'
import { resolve } from '../dns/resolve'
import type { ResolveError } from '../dns/stubResolver'
import { nodeListeners, podListeners } from '../listeners'
import { trace } from '../trace/trace'
import type { Hop, Trace } from '../trace/types'
import { TraceError } from '../trace/types'
import { HOP_US } from './ping'
import type { HttpEndpoint } from './httpMessages'
import { nodeEndpoint, podEndpoint } from './httpServers'

/** What `kubectl exec` hands a program besides the pod: the cluster's kube-proxy, randomness, time. */
export interface ExecEnv {
  /** kube-proxy's rules; without them a ClusterIP leads nowhere. */
  proxy?: ProxyIndex
  /** kube-proxy's endpoint draw and CoreDNS's shuffle; the first choice when absent. */
  draw?: (n: number) => number
  /** Sim time, for the Date a server puts in its answer. */
  nowMs?: number
  /** `kubectl exec -t`: the program's stdout is a terminal. */
  tty?: boolean
  /** The image of the container the program runs in (which curl build it has). */
  image?: string
}

export interface PodClient {
  net: NetworkIndex
  store: ObjectStore
  pod: Pod
  env: ExecEnv
}

/** glibc's resolver gives up on a silent server after timeout:5 × attempts:2. */
const DNS_TIMEOUT_MS = 10_000
/** A DNS query answered inside the cluster, in microseconds. */
const DNS_QUERY_US = 350
/**
 * tcp_syn_retries = 6: the SYN is sent at 0 s and retransmitted after 1, 2, 4, 8, 16 and 32 s, and
 * connect() fails with ETIMEDOUT 64 s after the last one: 127 s in all (net/ipv4/tcp_timer.c).
 */
export const SYN_TIMEOUT_MS = 127_000
/** Three unanswered ARP requests, a second apart, before the kernel reports EHOSTUNREACH. */
const ARP_FAILURE_MS = 3_000

export type Lookup =
  | {
      ok: true
      /** IPv4 addresses, in the order the answer gave them. */
      v4: string[]
      /** IPv6 addresses (only localhost has one: pods here are IPv4-only). */
      v6: string[]
      /** A literal address: no lookup happened. */
      literal: boolean
      us: number
    }
  | { ok: false; error: ResolveError; us: number }

/** Each line of /etc/hosts as (address, names). */
function hostsEntries(text: string): { ip: string; names: string[] }[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const [ip = '', ...names] = l.split(/\s+/)
      return { ip, names }
    })
}

/** getaddrinfo for a host name: a literal, /etc/hosts (files before dns), then the resolver. */
export function lookupHost(client: PodClient, host: string): Lookup {
  if (isIPv4(host)) return { ok: true, v4: [host], v6: [], literal: true, us: 0 }
  const name = host.toLowerCase().replace(/\.$/, '')
  // A host-network pod has the node's /etc/hosts, which is not modelled beyond localhost.
  const hosts = client.pod.spec.hostNetwork
    ? '127.0.0.1\tlocalhost\n::1\tlocalhost'
    : podEtcHosts(client.pod)
  const found = hostsEntries(hosts).filter((e) => e.names.includes(name))
  if (found.length > 0) {
    const v4 = found.filter((e) => isIPv4(e.ip)).map((e) => e.ip)
    const v6 = found.filter((e) => e.ip.includes(':')).map((e) => e.ip)
    return { ok: true, v4, v6, literal: false, us: 20 }
  }
  const res = resolve(
    client.net,
    client.store,
    { kind: 'pod', pod: client.pod },
    host,
    client.env.draw ? { draw: client.env.draw } : {},
  )
  const us = res.attempts.length * DNS_QUERY_US
  if (!res.answer || res.answer.addresses.length === 0)
    return {
      ok: false,
      error: res.error ?? 'NXDOMAIN',
      us: res.error === 'TIMEOUT' ? DNS_TIMEOUT_MS * 1000 : us,
    }
  return { ok: true, v4: res.answer.addresses, v6: [], literal: false, us }
}

export type Connection =
  | {
      kind: 'connected'
      ip: string
      port: number
      /** The client's socket: its own address and the ephemeral port. */
      local: { ip: string; port: number }
      /** The client as the server sees it (SNAT on the way changes it). */
      peer: { ip: string; port: number }
      /** One round trip (the handshake), in microseconds. */
      rttUs: number
      endpoint: HttpEndpoint
      trace?: Trace
    }
  | {
      kind: 'refused'
      ip: string
      port: number
      local: { ip: string; port: number }
      us: number
      trace?: Trace
    }
  | {
      kind: 'unreachable'
      ip: string
      port: number
      local: { ip: string; port: number }
      us: number
      /** strerror of the errno connect() returns. */
      errno: 'No route to host' | 'Network is unreachable'
      trace?: Trace
    }
  /** Nothing ever answers the SYN: connect() would time out after SYN_TIMEOUT_MS. */
  | { kind: 'silent'; ip: string; port: number; local: { ip: string; port: number }; trace?: Trace }

/** The trace's ephemeral port for TCP (the spec's conventions, packets.ts). */
const EPHEMERAL_PORT = 51000

function hopsUs(hops: readonly Hop[]): number {
  return hops.reduce((sum, h) => sum + HOP_US[h.kind], 0)
}

/** The container of a pod that listens on tcp/port, if one does. */
function listenerContainer(pod: Pod, port: number): Container | undefined {
  const l = podListeners(pod).find((x) => x.proto === 'tcp' && x.port === port)
  return l ? pod.spec.containers.find((c) => c.name === l.process) : undefined
}

/** A connection inside the pod's own network namespace (lo, or its own eth0 address). */
function connectOwn(client: PodClient, ip: string, port: number): Connection {
  const local = {
    ip: ip.includes(':') ? '::1' : ip.startsWith('127.') ? '127.0.0.1' : ip,
    port: EPHEMERAL_PORT,
  }
  const container = listenerContainer(client.pod, port)
  if (!container) return { kind: 'refused', ip, port, local, us: 30 }
  return {
    kind: 'connected',
    ip,
    port,
    local,
    peer: local,
    rttUs: 30,
    endpoint: podEndpoint(client.pod, container, port),
  }
}

/** connect() to ip:port from the pod, as the network would answer it. */
export function connectTcp(client: PodClient, ip: string, port: number): Connection {
  const { net, store, pod, env } = client
  const ownIp = pod.spec.hostNetwork ? undefined : pod.status.podIP
  if (ip === '::1' || ip.startsWith('127.') || ip === ownIp) return connectOwn(client, ip, port)
  const namespace = pod.metadata.namespace ?? 'default'
  let t: Trace
  try {
    t = trace(
      net,
      store,
      { from: `pod/${pod.metadata.name}`, to: ip, port, protocol: 'tcp', namespace },
      {
        ...(env.proxy ? { proxy: env.proxy } : {}),
        ...(env.draw ? { draw: env.draw } : {}),
      },
    )
  } catch (err) {
    if (!(err instanceof TraceError)) throw err
    return {
      kind: 'unreachable',
      ip,
      port,
      local: { ip: ownIp ?? '', port: EPHEMERAL_PORT },
      us: 0,
      errno: 'Network is unreachable',
    }
  }
  const local = { ip: t.from.ip, port: EPHEMERAL_PORT }
  const us = hopsUs(t.hops) + hopsUs(t.reply)
  if (t.result === 'refused') return { kind: 'refused', ip, port, local, us, trace: t }
  if (t.result === 'unreachable') {
    const arp = /ARP/.test(t.reason)
    return {
      kind: 'unreachable',
      ip,
      port,
      local,
      us: arp ? ARP_FAILURE_MS * 1000 + us : us,
      errno: arp || t.hops.length > 1 ? 'No route to host' : 'Network is unreachable',
      trace: t,
    }
  }
  // The simulated world ends at the LAN router: nothing beyond it answers (an air-gapped cluster).
  if (t.result !== 'delivered') return { kind: 'silent', ip, port, local, trace: t }
  const last = [...t.hops]
    .reverse()
    .find((h) => h.kind === 'pod-deliver' || h.kind === 'host-deliver')
  const peer = {
    ip: last?.headers.ip.src ?? local.ip,
    port: last?.headers.l4.srcPort ?? EPHEMERAL_PORT,
  }
  const dstPort = last?.headers.l4.dstPort ?? port
  let endpoint: HttpEndpoint | undefined
  if (last?.kind === 'pod-deliver' && last.at.pod) {
    const [ns = 'default', name = ''] = last.at.pod.split('/')
    const target = store.get<Pod>(`Pod/${ns}/${name}`)
    const container = target ? listenerContainer(target, dstPort) : undefined
    if (target && container) endpoint = podEndpoint(target, container, dstPort)
  } else if (last?.kind === 'host-deliver' && last.at.node) {
    // A node daemon (the trace delivers to a node only where one listens).
    const node = net.node(last.at.node)
    const daemon = node
      ? nodeListeners(node).find((l) => l.proto === 'tcp' && l.port === dstPort)
      : undefined
    if (node && daemon) endpoint = nodeEndpoint(node.name, daemon.process, dstPort)
  }
  if (!endpoint) return { kind: 'silent', ip, port, local, trace: t }
  return { kind: 'connected', ip, port, local, peer, rttUs: us, endpoint, trace: t }
}
