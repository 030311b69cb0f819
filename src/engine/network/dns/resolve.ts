/**
 * Name resolution as a program in a pod or on a node does it: the resolv.conf it has, the
 * candidates its stub resolver tries, each query and its reply. The trace shows these attempts hop
 * by hop; curl, wget and ping use the answer, or say which names were tried.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Pod } from '../../model/pod'
import type { NetworkIndex } from '../NetworkIndex'
import { dnsTransport } from './dnsServers'
import type { ResolvConf } from './resolvConf'
import { nodeResolvConf, podResolvConf } from './resolvConf'
import type { StubResult } from './stubResolver'
import { stubResolve } from './stubResolver'
import type { Draw, QueryType } from './types'
import { withoutDot } from './types'

/** Who asks: a pod (its dnsPolicy decides its resolv.conf) or a node (its own file). */
export type DnsClient = { kind: 'pod'; pod: Pod } | { kind: 'node'; node: string }

/** The resolv.conf the client's resolver reads. */
export function resolvConfOf(net: NetworkIndex, client: DnsClient): ResolvConf {
  const node = nodeResolvConf(net.facts.lan.router.ip)
  return client.kind === 'pod' ? podResolvConf(client.pod, node) : node
}

export interface ResolveOptions {
  /** A by default. */
  type?: QueryType
  /** For CoreDNS's loadbalance shuffle; without one, records keep the order the store gives. */
  draw?: Draw
}

export interface Resolution extends StubResult {
  /** The name as the program was given it. */
  query: string
  type: QueryType
  resolvConf: ResolvConf
}

/**
 * Resolves a name for a client: every attempt (name, type, server, result, answers) in the order
 * sent, and the answer or the error. Pure: the same store and draw give the same result.
 */
export function resolve(
  net: NetworkIndex,
  store: ObjectStore,
  client: DnsClient,
  name: string,
  options: ResolveOptions = {},
): Resolution {
  const type = options.type ?? 'A'
  const resolvConf = resolvConfOf(net, client)
  const result = stubResolve(resolvConf, dnsTransport(net, store, options.draw), name, type)
  return { query: name, type, resolvConf, ...result }
}

/**
 * The names a failed lookup tried, as a reader wants them listed (`nosuch.default.svc.cluster.local,
 * …, nosuch`), each once, without the root dot.
 */
export function namesTried(resolution: Resolution): string[] {
  return [...new Set(resolution.attempts.map((a) => withoutDot(a.name)))]
}
