/**
 * CoreDNS's kubernetes plugin as a backend: what it finds for a name in the cluster zone, from the
 * Services, EndpointSlices, Namespaces and Pods in the store (coredns plugin/kubernetes parse.go
 * parseRequest, kubernetes.go Records/findServices/findPods, reverse.go serviceRecordForIP), with
 * the kubeadm Corefile's `pods insecure` and `ttl 30`.
 */
import type { ObjectStore } from '../../api/ObjectStore'
import type { EndpointSlice } from '../../model/endpointSlice'
import { SERVICE_NAME_LABEL } from '../../model/endpointSlice'
import type { Service } from '../../model/service'
import { isHeadless } from '../../model/service'
import { CLUSTER_DOMAIN } from './resolvConf'
import { isOctet } from './types'

/** The zone the plugin serves, as a fully qualified name. */
export const CLUSTER_ZONE = `${CLUSTER_DOMAIN}.`
/** `ttl 30` in kubeadm's Corefile (the plugin's own default is 5). */
export const KUBERNETES_TTL = 30

/**
 * CoreDNS's msg.Service: one thing found for a name. `owner` is the name its key spells (the SRV
 * target); `host` an IPv4 address, or a name for an ExternalName (served as a CNAME); `port` is -1
 * when the Service or slice declares none (CoreDNS's sentinel).
 */
export interface BackendEntry {
  owner: string
  host: string
  port: number
}

/** Records() either finds entries (none means NODATA) or fails with a name error (NXDOMAIN). */
export type BackendResult = BackendEntry[] | 'NXDOMAIN'

interface RecordRequest {
  port: string
  protocol: string
  endpoint: string
  service: string
  namespace: string
  podOrSvc: string
}

/** parse.go parseRequest: `[_port._proto.|endpoint.]service.namespace.svc|pod`, zone removed. */
function parseRequest(name: string): RecordRequest | 'invalid' {
  const r: RecordRequest = {
    port: '',
    protocol: '',
    endpoint: '',
    service: '',
    namespace: '',
    podOrSvc: '',
  }
  const base = name === CLUSTER_ZONE ? '' : name.slice(0, -CLUSTER_ZONE.length - 1)
  // The apex and the bare `svc` or `pod` labels are NODATA.
  if (base === '' || base === 'svc' || base === 'pod') return r
  const segs = base.split('.')
  const take = (): string | undefined => segs.pop()
  r.podOrSvc = take() ?? ''
  if (r.podOrSvc !== 'svc' && r.podOrSvc !== 'pod') return 'invalid'
  r.namespace = take() ?? ''
  r.service = take() ?? ''
  if (segs.length === 1) r.endpoint = segs[0] as string
  else if (segs.length === 2) {
    r.port = stripUnderscore(segs[0] as string)
    r.protocol = stripUnderscore(segs[1] as string)
  } else if (segs.length > 2) return 'invalid'
  return r
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s
}

function match(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** kubernetes.go matchPortAndProtocol: an empty port or protocol in the query matches any. */
function matchPortAndProtocol(
  port: string,
  name: string,
  proto: string,
  protocol: string,
): boolean {
  return (port === '' || match(port, name)) && (proto === '' || match(proto, protocol))
}

/** namespace.go namespaceExposed: the namespace must exist (no `namespaces` filter in kubeadm's). */
function namespaceExposed(store: ObjectStore, namespace: string): boolean {
  return store.get(`Namespace/${namespace}`) !== undefined
}

function clusterIPs(svc: Service): string[] {
  return svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : [])
}

/** A Service's slices, as the plugin's endpoint index keys them (`name.namespace`). */
function slicesOf(store: ObjectStore, namespace: string, service: string): EndpointSlice[] {
  return [...store.list<EndpointSlice>('EndpointSlice')].filter(
    (s) =>
      s.metadata.namespace === namespace &&
      s.metadata.labels?.[SERVICE_NAME_LABEL] === service &&
      s.addressType !== 'FQDN',
  )
}

interface ReadyAddress {
  ip: string
  hostname?: string
}

/**
 * object/endpoint.go EndpointSliceToEndpoints: only endpoints whose `ready` is true or unset, and a
 * sentinel port -1 when the slice has no ports.
 */
function readyEndpoints(slice: EndpointSlice): {
  addresses: ReadyAddress[]
  ports: { port: number; name: string; protocol: string }[]
} {
  const ports =
    slice.ports.length === 0
      ? [{ port: -1, name: '', protocol: '' }]
      : slice.ports.map((p) => ({
          port: p.port ?? -1,
          name: p.name ?? '',
          protocol: p.protocol ?? '',
        }))
  const addresses = slice.endpoints
    .filter((e) => e.conditions.ready !== false)
    .flatMap((e) =>
      e.addresses.map((ip) => ({ ip, ...(e.hostname ? { hostname: e.hostname } : {}) })),
    )
  return { addresses, ports }
}

/** kubernetes.go endpointHostname: the endpoint's hostname, else its IP with dashes. */
function endpointHostname(addr: ReadyAddress): string {
  return addr.hostname ?? addr.ip.replaceAll('.', '-')
}

function serviceDomain(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.${CLUSTER_ZONE}`
}

function findServices(store: ObjectStore, r: RecordRequest): BackendResult {
  if (r.service === '') return [] // the namespace exists (checked by the caller): NODATA
  const svc = store.get<Service>(`Service/${r.namespace}/${r.service}`)
  if (!svc) return 'NXDOMAIN'
  const domain = serviceDomain(svc.metadata.name, r.namespace)
  if (svc.spec.type === 'ExternalName') {
    // External services have no endpoints; only a name (not an IP) makes a CNAME.
    const host = (svc.spec.externalName ?? '').toLowerCase()
    if (r.endpoint !== '' || host === '' || /^[\d.]+$/.test(host)) return 'NXDOMAIN'
    return [{ owner: domain, host: host.endsWith('.') ? host : `${host}.`, port: 0 }]
  }
  const entries: BackendEntry[] = []
  if (isHeadless(svc) || r.endpoint !== '') {
    for (const slice of slicesOf(store, r.namespace, svc.metadata.name)) {
      const { addresses, ports } = readyEndpoints(slice)
      for (const addr of addresses) {
        const hostname = endpointHostname(addr)
        if (r.endpoint !== '' && !match(r.endpoint, hostname)) continue
        for (const p of ports)
          if (matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol))
            entries.push({ owner: `${hostname}.${domain}`, host: addr.ip, port: p.port })
      }
    }
    return entries.length > 0 ? entries : 'NXDOMAIN'
  }
  let found = false
  for (const p of svc.spec.ports) {
    if (!matchPortAndProtocol(r.port, p.name ?? '', r.protocol, p.protocol)) continue
    found = true
    for (const ip of clusterIPs(svc)) entries.push({ owner: domain, host: ip, port: p.port })
  }
  return found ? entries : 'NXDOMAIN'
}

/**
 * kubernetes.go findPods in `pods insecure` mode: any well-formed dashed IPv4 in a namespace that
 * exists is echoed back, whether or not a pod has it.
 */
function findPods(r: RecordRequest): BackendResult {
  if (r.service === '') return []
  const parts = r.service.split('-')
  if (parts.length !== 4 || !parts.every(isOctet)) return 'NXDOMAIN'
  return [
    { owner: `${r.service}.${r.namespace}.pod.${CLUSTER_ZONE}`, host: parts.join('.'), port: 0 },
  ]
}

/** Whether a name lies in the cluster zone. */
export function inClusterZone(name: string): boolean {
  return name === CLUSTER_ZONE || name.endsWith(`.${CLUSTER_ZONE}`)
}

/** kubernetes.go Records: what the plugin finds for a (lower-case, fully qualified) name in its zone. */
export function kubernetesRecords(store: ObjectStore, name: string): BackendResult {
  const r = parseRequest(name)
  if (r === 'invalid') return 'NXDOMAIN'
  if (r.podOrSvc === '') return []
  if (!namespaceExposed(store, r.namespace)) return 'NXDOMAIN'
  return r.podOrSvc === 'pod' ? findPods(r) : findServices(store, r)
}

/**
 * reverse.go serviceRecordForIP: the Service whose ClusterIP this is, else every ready endpoint with
 * this address (`<endpoint>.<svc>.<ns>.svc.cluster.local.`); empty when neither.
 */
export function reverseRecords(store: ObjectStore, ip: string): string[] {
  for (const svc of store.list<Service>('Service'))
    if (clusterIPs(svc).includes(ip))
      return [serviceDomain(svc.metadata.name, svc.metadata.namespace ?? 'default')]
  const names: string[] = []
  for (const slice of store.list<EndpointSlice>('EndpointSlice')) {
    const service = slice.metadata.labels?.[SERVICE_NAME_LABEL]
    if (!service) continue
    for (const addr of readyEndpoints(slice).addresses)
      if (addr.ip === ip)
        names.push(
          `${endpointHostname(addr)}.${serviceDomain(service, slice.metadata.namespace ?? 'default')}`,
        )
  }
  return names
}
