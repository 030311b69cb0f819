/**
 * `kubectl get` columns for Services and EndpointSlices (pkg/printers/internalversion/printers.go
 * printService, getServiceExternalIP, makePortString, printEndpointSlice, formatDiscoveryPorts,
 * formatDiscoveryEndpoints, listWithMoreString).
 */
import type { EndpointSlice } from '../../model/endpointSlice'
import { labelsToString } from '../../model/labels'
import type { KubeObject } from '../../model/meta'
import type { Service } from '../../model/service'
import { fromTimestamp, humanDuration } from '../../model/time'
import type { TablePrinter } from './printers'

const age = (o: KubeObject, nowMs: number) =>
  humanDuration(nowMs - fromTimestamp(o.metadata.creationTimestamp))

/** loadBalancerWidth: the EXTERNAL-IP column is cut to 16 characters outside `-o wide`. */
const LOAD_BALANCER_WIDTH = 16

/** loadBalancerStatusStringer: the ingress IPs (or hostnames), sorted and de-duplicated. */
function loadBalancerStatus(svc: Service): string {
  const set = new Set<string>()
  for (const ing of svc.status.loadBalancer.ingress ?? []) {
    if (ing.ip) set.add(ing.ip)
    else if (ing.hostname) set.add(ing.hostname)
  }
  const r = [...set].sort().join(',')
  return r.length > LOAD_BALANCER_WIDTH ? `${r.slice(0, LOAD_BALANCER_WIDTH - 3)}...` : r
}

/** getServiceExternalIP (as outside `-o wide`; no load balancer here ever reports an ingress). */
export function serviceExternalIP(svc: Service): string {
  const external = svc.spec.externalIPs ?? []
  switch (svc.spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>'
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc)
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',')
      return lb || '<pending>'
    }
    case 'ExternalName':
      return svc.spec.externalName ?? ''
    default:
      return '<unknown>'
  }
}

/** makePortString: `80/TCP`, `80:30080/TCP`, comma-separated. */
export function makePortString(svc: Service): string {
  return svc.spec.ports
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(',')
}

/** listWithMoreString: up to three items, then ` + N more...`; `<unset>` when there are none. */
function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',')
  if (items.length > max) return `${shown} + ${items.length - max} more...`
  return shown === '' ? '<unset>' : shown
}

export const SERVICE_PRINTERS: Record<string, TablePrinter> = {
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeaders: ['SELECTOR'],
    row: (o, now) => {
      const svc = o as Service
      return [
        svc.metadata.name,
        svc.spec.type,
        svc.spec.clusterIPs?.[0] ?? '<none>',
        serviceExternalIP(svc),
        makePortString(svc) || '<none>',
        age(svc, now),
      ]
    },
    // labels.FormatLabels of the selector map.
    wideRow: (o) => [labelsToString((o as Service).spec.selector)],
  },
  EndpointSlice: {
    headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wideHeaders: [],
    row: (o, now) => {
      const slice = o as EndpointSlice
      return [
        slice.metadata.name,
        slice.addressType,
        // formatDiscoveryPorts: the port number, else its name, else `*`.
        listWithMore(
          slice.ports.map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*'))),
        ),
        // formatDiscoveryEndpoints: every address of every endpoint, ready or not.
        listWithMore(slice.endpoints.flatMap((e) => e.addresses)),
        age(slice, now),
      ]
    },
    wideRow: () => [],
  },
}
