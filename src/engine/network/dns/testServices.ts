/**
 * Test support: Services and EndpointSlices put straight into a store, as the API server and the
 * EndpointSlice controller would leave them: the fixture's §0.3 Services when its scenario has not
 * made them, and cases it lacks (a StatefulSet's governing Service, endpoints that are not ready,
 * ExternalName).
 */
import type { EndpointSlice, Endpoint, EndpointPort } from '../../model/endpointSlice'
import {
  ENDPOINTSLICE_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
} from '../../model/endpointSlice'
import type { Service, ServicePort, ServiceSpec } from '../../model/service'
import type { SimulationCore } from '../../runtime/Simulation'

function meta(
  core: SimulationCore,
  namespace: string,
  name: string,
  labels?: Record<string, string>,
) {
  return {
    name,
    namespace,
    uid: `test-${namespace}-${name}`,
    resourceVersion: core.store.nextResourceVersion(),
    creationTimestamp: '2025-01-01T00:00:00Z',
    ...(labels ? { labels } : {}),
  }
}

/** Stores a Service unless one of that name exists. */
export function putService(
  core: SimulationCore,
  namespace: string,
  name: string,
  spec: Partial<ServiceSpec> & { ports: ServicePort[] },
): void {
  if (core.store.get(`Service/${namespace}/${name}`)) return
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(core, namespace, name),
    spec: { type: 'ClusterIP', sessionAffinity: 'None', ...spec },
    status: { loadBalancer: {} },
  }
  core.store.put(svc)
}

/** A ready endpoint for an address, on a pod when given. */
export function endpoint(ip: string, pod?: string, extra: Partial<Endpoint> = {}): Endpoint {
  const [namespace = 'default', name = ''] = (pod ?? '').split('/')
  return {
    addresses: [ip],
    conditions: { ready: true, serving: true, terminating: false },
    ...(pod ? { targetRef: { kind: 'Pod', namespace, name, uid: `uid-${name}` } } : {}),
    ...extra,
  }
}

/** Stores a slice for a Service unless the Service has one already (the controller's, say). */
export function putSlice(
  core: SimulationCore,
  namespace: string,
  service: string,
  ports: EndpointPort[],
  endpoints: Endpoint[],
): void {
  const has = [...core.store.list<EndpointSlice>('EndpointSlice')].some(
    (s) =>
      s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === service,
  )
  if (has) return
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(core, namespace, `${service}-test`, {
      [SERVICE_NAME_LABEL]: service,
      [MANAGED_BY_LABEL]: ENDPOINTSLICE_CONTROLLER,
    }),
    addressType: 'IPv4',
    ports,
    endpoints,
  }
  core.store.put(slice)
}

/** Deletes a Service and its slices from the store, as `kubectl delete svc` ends up doing. */
export function removeService(core: SimulationCore, namespace: string, name: string): void {
  core.store.remove(`Service/${namespace}/${name}`)
  for (const s of [...core.store.list<EndpointSlice>('EndpointSlice')])
    if (s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === name)
      core.store.remove(`EndpointSlice/${namespace}/${s.metadata.name}`)
}

/**
 * The §0.3 table (kubernetes, kube-dns, web as NodePort 30080, headless web-hl), for a fixture
 * built before its scenario created them; with them there, nothing changes.
 */
export function ensureFixtureServices(core: SimulationCore): void {
  const tcp = (name: string, port: number, targetPort: number | string = port): ServicePort => ({
    name,
    protocol: 'TCP',
    port,
    targetPort,
  })
  putService(core, 'default', 'kubernetes', {
    clusterIP: '10.96.0.1',
    ports: [tcp('https', 443, 6443)],
  })
  putSlice(
    core,
    'default',
    'kubernetes',
    [{ name: 'https', protocol: 'TCP', port: 6443 }],
    [endpoint('192.168.1.11')],
  )
  putService(core, 'kube-system', 'kube-dns', {
    clusterIP: '10.96.0.10',
    selector: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
      tcp('dns-tcp', 53),
      tcp('metrics', 9153),
    ],
  })
  putSlice(
    core,
    'kube-system',
    'kube-dns',
    [
      { name: 'dns', protocol: 'UDP', port: 53 },
      { name: 'dns-tcp', protocol: 'TCP', port: 53 },
      { name: 'metrics', protocol: 'TCP', port: 9153 },
    ],
    [
      endpoint('10.244.0.2', 'kube-system/coredns-a'),
      endpoint('10.244.0.3', 'kube-system/coredns-b'),
    ],
  )
  const webPods = [endpoint('10.244.1.2', 'default/web-1'), endpoint('10.244.2.2', 'default/web-2')]
  putService(core, 'default', 'web', {
    type: 'NodePort',
    clusterIP: '10.104.62.15',
    selector: { app: 'web' },
    ports: [{ ...tcp('http', 80, 8080), nodePort: 30080 }],
    externalTrafficPolicy: 'Cluster',
  })
  putSlice(core, 'default', 'web', [{ name: 'http', protocol: 'TCP', port: 8080 }], webPods)
  putService(core, 'default', 'web-hl', {
    clusterIP: 'None',
    selector: { app: 'web' },
    ports: [tcp('http', 8080)],
  })
  putSlice(core, 'default', 'web-hl', [{ name: 'http', protocol: 'TCP', port: 8080 }], webPods)
}
