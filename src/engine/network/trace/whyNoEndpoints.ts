/**
 * Why a Service has no endpoints, in the words a learner needs: the EndpointSlice controller only
 * lists pods its selector picks, that are Ready, and that have the port the Service targets
 * (endpointslice reconciler: ShouldPodBeInEndpoints, podutil.IsPodReady, getEndpointPorts).
 */
import type { ObjectStore } from '../../api/ObjectStore'
import { findPort } from '../../controllers/endpointslice/endpoints'
import { labelsToString } from '../../model/labels'
import type { Pod } from '../../model/pod'
import { isPodReady } from '../../model/podStatus'
import type { Service } from '../../model/service'

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function whyNoEndpoints(store: ObjectStore, svc: Service): string {
  const ns = svc.metadata.namespace ?? 'default'
  const selector = svc.spec.selector
  if (!selector || Object.keys(selector).length === 0)
    return `${svc.metadata.name} has no selector, so only EndpointSlices created by hand give it endpoints`
  const shown = labelsToString(selector)
  const matching = [...store.list<Pod>('Pod')].filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === ns &&
      Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
  )
  if (matching.length === 0) return `its selector ${shown} matches no pod in namespace ${ns}`
  const live = matching.filter((p) => !p.metadata.deletionTimestamp)
  const ready = live.filter(isPodReady)
  if (ready.length === 0)
    return `its selector ${shown} matches ${plural(matching.length, 'pod')}, none of them Ready and running`
  const withPort = ready.filter((p) => svc.spec.ports.some((sp) => findPort(p, sp) !== undefined))
  if (withPort.length === 0) {
    const target = svc.spec.ports.map((sp) => String(sp.targetPort)).join(', ')
    return `its selector ${shown} matches ${plural(ready.length, 'Ready pod')}, but none has a container port named ${target}`
  }
  return `its selector ${shown} matches ${plural(withPort.length, 'Ready pod')}; the EndpointSlice controller has not listed ${withPort.length === 1 ? 'it' : 'them'} yet`
}
