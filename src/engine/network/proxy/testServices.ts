/**
 * Test support for kube-proxy's tests: Services and EndpointSlices built by hand (as the API server
 * and the EndpointSlice controller would store them), the fixture's three Services (§0.3), and a
 * ProxyIndex over a store that holds them, with the fixture's nodes for their addresses.
 */
import { ObjectStore } from '../../api/ObjectStore'
import type { Endpoint, EndpointSlice } from '../../model/endpointSlice'
import { SERVICE_NAME_LABEL } from '../../model/endpointSlice'
import type { NodeNet } from '../../model/network/interfaces'
import type { Service, ServicePort, ServiceSpec } from '../../model/service'
import { buildCore } from '../testClusters'
import type { NetworkIndex } from '../NetworkIndex'
import { ProxyIndex } from './ProxyIndex'
import type { ProxyMode } from '../../model/network/facts'

function meta(namespace: string, name: string, labels?: Record<string, string>) {
  return {
    name,
    namespace,
    uid: `uid-${namespace}-${name}`,
    resourceVersion: '1',
    creationTimestamp: '2026-01-05T09:00:00Z',
    ...(labels ? { labels } : {}),
  }
}

export function service(
  namespace: string,
  name: string,
  spec: Partial<ServiceSpec> & { ports: ServicePort[] },
  lbIPs: string[] = [],
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(namespace, name),
    spec: { type: 'ClusterIP', sessionAffinity: 'None', ...spec },
    status: { loadBalancer: lbIPs.length ? { ingress: lbIPs.map((ip) => ({ ip })) } : {} },
  }
}

/** An endpoint of a slice: ready unless told otherwise. */
export function endpoint(
  ip: string,
  nodeName: string,
  conditions: Endpoint['conditions'] = { ready: true, serving: true, terminating: false },
): Endpoint {
  return { addresses: [ip], conditions, nodeName }
}

export function slice(
  namespace: string,
  serviceName: string,
  ports: EndpointSlice['ports'],
  endpoints: Endpoint[],
  name = `${serviceName}-abcde`,
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(namespace, name, { [SERVICE_NAME_LABEL]: serviceName }),
    addressType: 'IPv4',
    ports,
    endpoints,
  }
}

const tcp = (name: string, port: number) => ({ name, protocol: 'TCP' as const, port })

/** The fixture's Services (§0.3): kubernetes, kube-dns, and web with the given policy. */
export function fixtureServices(web: Partial<ServiceSpec> = {}): (Service | EndpointSlice)[] {
  return [
    service('default', 'kubernetes', {
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
    }),
    slice(
      'default',
      'kubernetes',
      [tcp('https', 6443)],
      [endpoint('192.168.1.11', 'node1')],
      'kubernetes',
    ),
    service('kube-system', 'kube-dns', {
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
      ],
    }),
    slice(
      'kube-system',
      'kube-dns',
      [{ name: 'dns', protocol: 'UDP', port: 53 }, tcp('dns-tcp', 53), tcp('metrics', 9153)],
      [endpoint('10.244.0.3', 'node1'), endpoint('10.244.0.2', 'node1')],
    ),
    service('default', 'web', {
      type: 'NodePort',
      clusterIP: '10.104.62.15',
      selector: { app: 'web' },
      externalTrafficPolicy: 'Cluster',
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
      ...web,
    }),
    slice(
      'default',
      'web',
      [tcp('http', 8080)],
      [endpoint('10.244.2.2', 'node3'), endpoint('10.244.1.2', 'node2')],
    ),
  ]
}

let fixtureNetwork: NetworkIndex | undefined

/** A ProxyIndex over a store holding these objects, and the fixture's node networks. */
export function proxyWith(
  objects: readonly (Service | EndpointSlice)[],
  mode: ProxyMode = 'iptables',
): { store: ObjectStore; proxy: ProxyIndex; node: (name: string) => NodeNet } {
  const store = new ObjectStore()
  const proxy = new ProxyIndex(store, () => mode)
  store.watch((e) => proxy.onWatch(e))
  for (const o of objects) store.put(o)
  const net = (fixtureNetwork ??= buildCore('fixture').network)
  return {
    store,
    proxy,
    node: (name) => {
      const n = net.node(name)
      if (!n) throw new Error(`no node ${name}`)
      return n
    },
  }
}
