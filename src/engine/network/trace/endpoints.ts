/**
 * What a trace runs between: pods (by name, in a namespace), nodes (their host network), hosts on
 * the LAN, or bare IP addresses; with the errors kubectl would give for names that do not exist.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { Pod } from '../../model/pod'
import type { Service } from '../../model/service'
import { isIPv4 } from '../../model/ipv4'
import type { NetworkIndex } from '../NetworkIndex'
import type { Place } from './walk'
import type { TracePeer } from './types'
import { TraceError } from './types'

export interface Source {
  place: Place
  peer: TracePeer
}

export interface Destination {
  ip: string
  peer: TracePeer
  /** The pod, when the destination is one with a network namespace (for its default port). */
  pod?: Pod
  /** Said at the hop where ARP fails, when the destination pod has no namespace any more. */
  note?: string
  /** The Service whose ClusterIP this is (its first port is the default). */
  service?: Service
  /** A name the source must resolve first (DNS); `ip` is empty until it has. */
  dnsName?: string
}

type Named =
  | { kind: 'pod'; name: string }
  | { kind: 'node'; name: string }
  | { kind: 'service'; name: string }
  | { kind: 'any'; name: string }

const POD_WORDS = new Set(['pod', 'pods', 'po'])
const NODE_WORDS = new Set(['node', 'nodes', 'no'])
const SERVICE_WORDS = new Set(['service', 'services', 'svc'])

function parseName(spec: string): Named {
  const slash = spec.indexOf('/')
  if (slash > 0) {
    const type = spec.slice(0, slash).toLowerCase()
    const name = spec.slice(slash + 1)
    if (POD_WORDS.has(type)) return { kind: 'pod', name }
    if (NODE_WORDS.has(type)) return { kind: 'node', name }
    if (SERVICE_WORDS.has(type)) return { kind: 'service', name }
    throw new TraceError(
      `error: cannot trace ${JSON.stringify(spec)}: use a pod, node/NAME, a host on the LAN or an IP address`,
    )
  }
  return { kind: 'any', name: spec }
}

function notFound(named: Named, namespace: string): TraceError {
  if (named.kind === 'pod')
    return new TraceError(`Error from server (NotFound): pods "${named.name}" not found`)
  if (named.kind === 'node')
    return new TraceError(`Error from server (NotFound): nodes "${named.name}" not found`)
  if (named.kind === 'service')
    return new TraceError(`Error from server (NotFound): services "${named.name}" not found`)
  return new TraceError(
    `Error from server (NotFound): pods "${named.name}" not found (nor is there a node, LAN host or Service of that name; pods and Services are looked up in namespace "${namespace}")`,
  )
}

function findPod(store: ObjectStore, namespace: string, name: string): Pod | undefined {
  return store.get<Pod>(`Pod/${namespace}/${name}`)
}

function podPhase(pod: Pod): string {
  return pod.metadata.deletionTimestamp && !pod.status.podIP
    ? 'Terminating'
    : (pod.status.phase ?? 'Pending')
}

export function resolveSource(
  net: NetworkIndex,
  store: ObjectStore,
  spec: string,
  namespace: string,
): Source {
  if (isIPv4(spec)) {
    const owner = net.owner(spec)
    if (!owner)
      throw new TraceError(
        `error: no pod, node or LAN host in the simulation has the address ${spec}`,
      )
    if (owner.kind === 'pod') return podSource(owner.pod.key, net, store)
    if (owner.kind === 'node') return nodeSource(net, owner.node.name)
    return {
      place: { kind: 'lan', host: owner.host },
      peer: { kind: 'lan', name: owner.host.name, ip: owner.host.ip },
    }
  }
  const named = parseName(spec)
  if (named.kind === 'service')
    throw new TraceError(
      `error: a Service cannot send: it is a virtual IP with no process behind it; trace from a pod or a node`,
    )
  if (named.kind !== 'node') {
    const pod = findPod(store, namespace, named.name)
    if (pod) return podSource(`${namespace}/${named.name}`, net, store)
    if (named.kind === 'pod') throw notFound(named, namespace)
  }
  if (net.node(named.name)) return nodeSource(net, named.name)
  const lan = net.facts.lan
  const host = [lan.router, ...lan.hosts].find((h) => h.name === named.name)
  if (named.kind === 'any' && host)
    return { place: { kind: 'lan', host }, peer: { kind: 'lan', name: host.name, ip: host.ip } }
  throw notFound(named, namespace)
}

function nodeSource(net: NetworkIndex, name: string): Source {
  const node = net.node(name)
  if (!node) throw new TraceError(`Error from server (NotFound): nodes "${name}" not found`)
  return {
    place: { kind: 'node', node },
    peer: { kind: 'node', name, ip: node.eth0.ip, node: name },
  }
}

function podSource(key: string, net: NetworkIndex, store: ObjectStore): Source {
  const [namespace = 'default', name = ''] = key.split('/')
  const pod = findPod(store, namespace, name)
  if (pod?.spec.hostNetwork && pod.spec.nodeName) return nodeSource(net, pod.spec.nodeName)
  const podNet = net.pod(key)
  if (!pod || !podNet)
    throw new TraceError(
      `error: cannot trace from pod "${name}": it has no network namespace (${pod ? podPhase(pod) : 'gone'}), so nothing in it can send`,
    )
  return {
    place: { kind: 'pod', pod: podNet },
    peer: { kind: 'pod', name: key, ip: podNet.ip, node: podNet.node },
  }
}

export function resolveDestination(
  net: NetworkIndex,
  store: ObjectStore,
  spec: string,
  namespace: string,
): Destination {
  if (isIPv4(spec)) {
    const owner = net.owner(spec)
    if (owner?.kind === 'pod') {
      const [ns = 'default', name = ''] = owner.pod.key.split('/')
      const pod = findPod(store, ns, name)
      return {
        ip: spec,
        peer: { kind: 'pod', name: owner.pod.key, ip: spec, node: owner.pod.node },
        ...(pod ? { pod } : {}),
      }
    }
    if (owner?.kind === 'node')
      return {
        ip: spec,
        peer: { kind: 'node', name: owner.node.name, ip: spec, node: owner.node.name },
      }
    if (owner?.kind === 'lan')
      return { ip: spec, peer: { kind: 'lan', name: owner.host.name, ip: spec } }
    const service = serviceWithIP(store, spec)
    if (service) return serviceDestination(service)
    return { ip: spec, peer: { kind: 'ip', name: spec, ip: spec } }
  }
  // A name with dots is a DNS name (web.default, web.default.svc.cluster.local, example.com).
  if (spec.includes('.') && !spec.includes('/'))
    return { ip: '', dnsName: spec, peer: { kind: 'name', name: spec, ip: '' } }
  const named = parseName(spec)
  if (named.kind === 'service') {
    const svc = store.get<Service>(`Service/${namespace}/${named.name}`)
    if (!svc) throw notFound(named, namespace)
    return serviceDestination(svc)
  }
  if (named.kind !== 'node') {
    const pod = findPod(store, namespace, named.name)
    if (pod) return podDestination(net, pod, namespace)
    if (named.kind === 'pod') throw notFound(named, namespace)
  }
  const node = net.node(named.name)
  if (node)
    return {
      ip: node.eth0.ip,
      peer: { kind: 'node', name: node.name, ip: node.eth0.ip, node: node.name },
    }
  const lan = net.facts.lan
  const host = [lan.router, ...lan.hosts].find((h) => h.name === named.name)
  if (named.kind === 'any' && host)
    return { ip: host.ip, peer: { kind: 'lan', name: host.name, ip: host.ip } }
  // A Service's name: a program would look it up in DNS first, and so does the trace.
  if (named.kind === 'any' && store.get<Service>(`Service/${namespace}/${named.name}`))
    return { ip: '', dnsName: named.name, peer: { kind: 'name', name: named.name, ip: '' } }
  throw notFound(named, namespace)
}

/** The Service that has this ClusterIP, if any. */
export function serviceWithIP(store: ObjectStore, ip: string): Service | undefined {
  for (const svc of store.list<Service>('Service'))
    if (svc.spec.clusterIP === ip || svc.spec.clusterIPs?.includes(ip)) return svc
  return undefined
}

/** A Service traced by its ClusterIP (`svc/web`): headless and ExternalName ones have none. */
export function serviceDestination(svc: Service): Destination {
  const name = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`
  const ip = svc.spec.clusterIP
  if (svc.spec.type === 'ExternalName' || !ip || ip === 'None')
    throw new TraceError(
      `error: service "${svc.metadata.name}" has no cluster IP (${svc.spec.type === 'ExternalName' ? `ExternalName ${svc.spec.externalName ?? ''}` : 'headless'}): trace its DNS name or one of its pods`,
    )
  return { ip, peer: { kind: 'service', name, ip }, service: svc }
}

function podDestination(net: NetworkIndex, pod: Pod, namespace: string): Destination {
  const key = `${namespace}/${pod.metadata.name}`
  const node = pod.spec.nodeName
  if (pod.spec.hostNetwork && node) {
    const n = net.node(node)
    if (n) return { ip: n.eth0.ip, peer: { kind: 'node', name: node, ip: n.eth0.ip, node } }
  }
  const podNet = net.pod(key)
  if (podNet)
    return {
      ip: podNet.ip,
      peer: { kind: 'pod', name: key, ip: podNet.ip, node: podNet.node },
      pod,
    }
  const ip = pod.status.podIP
  if (!ip)
    throw new TraceError(
      `error: pod "${pod.metadata.name}" has no IP address yet (${podPhase(pod)}): there is nothing to send to`,
    )
  // A finished pod keeps status.podIP, but its sandbox and address are gone.
  return {
    ip,
    peer: { kind: 'pod', name: key, ip, ...(node ? { node } : {}) },
    note: `${pod.metadata.name} is ${podPhase(pod)}: its sandbox, and with it ${ip}, are gone.`,
  }
}
