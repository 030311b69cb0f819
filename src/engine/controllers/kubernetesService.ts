/**
 * The API server's own Service (pkg/controlplane/controller/kubernetesservice: UpdateKubernetesService,
 * CreateOrUpdateMasterServiceIfNeeded) and its endpoints (the endpoint reconciler writing through
 * EndpointsAdapter.EnsureEndpointSliceFromEndpoints): `default/kubernetes` at 10.96.0.1, port https
 * 443 → 6443, and an EndpointSlice `kubernetes` with the API servers' addresses. Upstream learns
 * those from the API servers' leases; here they are the control-plane nodes' InternalIPs. A user
 * who deletes either gets it back at the next pass (EndpointInterval, 10 s).
 */
import type { EndpointSlice } from '../model/endpointSlice'
import { SERVICE_NAME_LABEL } from '../model/endpointSlice'
import { deepEqual } from '../kernel/json'
import type { KubeObject } from '../model/meta'
import type { Node } from '../model/node'
import { nodeInternalIP } from '../model/node'
import type { Service } from '../model/service'
import type { Controller, SimContext } from '../runtime/types'
import { RECONCILE_DELAY_MS } from './controllerUtils'

export const KUBERNETES_SERVICE_CONTROLLER = 'kubernetesservice'

/** kubeadm's GetAPIServerVirtualIP: the first address of the service range. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1'
/** The API server's --secure-port. */
export const APISERVER_PORT = 6443
/** EndpointInterval: how often the bootstrap controller puts its objects right. */
const ENDPOINT_INTERVAL_MS = 10_000

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane'
const SERVICE_KEY = 'Service/default/kubernetes'
const SLICE_KEY = 'EndpointSlice/default/kubernetes'

const servicePorts = () => [
  { name: 'https', protocol: 'TCP' as const, port: 443, targetPort: APISERVER_PORT },
]

/** The addresses the endpoint reconciler publishes: one per control-plane node, sorted. */
function apiServerIPs(ctx: SimContext): string[] {
  const ips: string[] = []
  for (const node of ctx.store.list<Node>('Node')) {
    const ip = nodeInternalIP(node)
    if (ip && node.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined) ips.push(ip)
  }
  return ips.sort()
}

/** CreateOrUpdateMasterServiceIfNeeded: the Service exists with its ports and type. */
function ensureService(ctx: SimContext): void {
  const svc = ctx.store.get<Service>(SERVICE_KEY)
  if (!svc) {
    ctx.api.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        ports: servicePorts(),
        clusterIP: KUBERNETES_SERVICE_IP,
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    })
    return
  }
  // getMasterServiceUpdateIfNeeded: only the ports and the type are put back.
  const ports = svc.spec.ports.map(({ nodePort: _n, ...p }) => p)
  if (!deepEqual(ports, servicePorts()) || svc.spec.type !== 'ClusterIP')
    ctx.api.update<Service>({
      ...svc,
      spec: { ...svc.spec, ports: servicePorts(), type: 'ClusterIP' },
    })
}

/** endpointSliceFromEndpoints: name and service-name label `kubernetes`, no owner, no managed-by. */
function ensureEndpointSlice(ctx: SimContext): void {
  const endpoints = apiServerIPs(ctx).map((ip) => ({
    addresses: [ip],
    conditions: { ready: true },
  }))
  const desired = {
    addressType: 'IPv4' as const,
    endpoints,
    ports: [{ name: 'https', port: APISERVER_PORT, protocol: 'TCP' as const }],
  }
  const labels = { [SERVICE_NAME_LABEL]: 'kubernetes' }
  const current = ctx.store.get<EndpointSlice>(SLICE_KEY)
  if (!current) {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels },
      ...desired,
    }
    ctx.api.create(slice)
    return
  }
  const same =
    deepEqual(current.endpoints, desired.endpoints) &&
    deepEqual(current.ports, desired.ports) &&
    deepEqual(current.metadata.labels, labels)
  if (!same)
    ctx.api.update<EndpointSlice>({
      ...current,
      ...desired,
      metadata: { ...current.metadata, labels },
    })
}

/** The node's address if it runs an API server (a control-plane node), else undefined. */
function apiServerIP(node: KubeObject | undefined): string | undefined {
  const n = node as Node | undefined
  if (n?.metadata.labels?.[CONTROL_PLANE_LABEL] === undefined) return undefined
  return nodeInternalIP(n) ?? ''
}

export function createKubernetesServiceController(): Controller {
  /** True while the controller writes its own objects (their watch events need no new pass). */
  let writing = false
  const enqueue = (ctx: SimContext, delayMs: number) =>
    ctx.enqueue(KUBERNETES_SERVICE_CONTROLLER, SERVICE_KEY, delayMs)
  return {
    name: KUBERNETES_SERVICE_CONTROLLER,
    onWatch(ctx, event) {
      const { kind } = event.object
      if (
        kind === 'Namespace' &&
        event.object.metadata.name === 'default' &&
        event.type === 'ADDED'
      )
        enqueue(ctx, RECONCILE_DELAY_MS)
      else if (kind === 'Node') {
        const now = event.type === 'DELETED' ? undefined : event.object
        if (apiServerIP(now) !== apiServerIP(event.old)) enqueue(ctx, RECONCILE_DELAY_MS)
      } else if (event.key === SERVICE_KEY || event.key === SLICE_KEY) {
        if (event.type === 'DELETED' || !writing) enqueue(ctx, ENDPOINT_INTERVAL_MS)
      }
    },
    run(ctx) {
      if (!ctx.store.get('Namespace/default')) return
      writing = true
      try {
        ensureService(ctx)
        ensureEndpointSlice(ctx)
      } finally {
        writing = false
      }
    },
  }
}
