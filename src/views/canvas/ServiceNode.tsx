/**
 * A Service drawn as its virtual IP: name, type, ClusterIP and ports (with the NodePort), and how
 * many endpoints its EndpointSlices hold, ready or not. Its lines to the endpoints are drawn by
 * ServiceLinks.
 */
import { memo } from 'react'
import type { Node as FlowNode, NodeProps } from '@xyflow/react'
import type { Service } from '../../engine/model/service'
import { useAppStore, useT } from '../AppContext'
import { endpointsOf } from './serviceEndpoints'

export type ServiceFlowNode = FlowNode<{ serviceKey: string }, 'service'>

function portsText(svc: Service): string {
  return svc.spec.ports
    .map(
      (p) =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}${
          String(p.targetPort) !== String(p.port) ? ` → ${p.targetPort}` : ''
        }`,
    )
    .join(', ')
}

export const ServiceNode = memo(function ServiceNode({ data }: NodeProps<ServiceFlowNode>) {
  const svc = useAppStore((s) => s.objects.get(data.serviceKey)) as Service | undefined
  const counts = useAppStore((s) => {
    const eps = endpointsOf(s.objects, s.endpointSliceKeys, data.serviceKey)
    return `${eps.filter((e) => e.ready).length}/${eps.length}`
  })
  const pick = useAppStore((s) => s.pickEndpoint)
  const t = useT()
  if (!svc) return null
  const [ready = '0', total = '0'] = counts.split('/')
  const headless = svc.spec.clusterIP === 'None'
  return (
    <div
      data-testid="service-node"
      data-service={svc.metadata.name}
      data-namespace={svc.metadata.namespace}
      data-ready-endpoints={ready}
      data-cluster-ip={svc.spec.clusterIP}
      data-node-port={svc.spec.ports.find((p) => p.nodePort)?.nodePort}
      onClick={() =>
        pick({
          kind: 'name',
          name: svc.metadata.name,
          namespace: svc.metadata.namespace ?? 'default',
        })
      }
      className="flex h-full w-full cursor-pointer flex-col justify-center rounded-[28px] border-2 border-indigo-400 bg-indigo-50 px-5 text-indigo-950 shadow"
      title={`${svc.metadata.namespace}/${svc.metadata.name}\n${t('serviceHint')}`}
    >
      <div className="flex items-center gap-2">
        <span className="text-[10px] font-semibold uppercase tracking-wide text-indigo-500">
          svc
        </span>
        <span className="truncate font-semibold">{svc.metadata.name}</span>
        <span className="ml-auto shrink-0 rounded bg-indigo-200 px-1 text-[10px]">
          {svc.spec.type}
        </span>
      </div>
      <div className="flex gap-2 font-mono text-[11px]">
        <span className="shrink-0">{headless ? 'None (headless)' : svc.spec.clusterIP}</span>
        {svc.metadata.namespace !== 'default' && (
          <span className="truncate font-sans text-[10px] leading-[16px] text-indigo-500">
            {svc.metadata.namespace}
          </span>
        )}
      </div>
      <div className="truncate font-mono text-[11px]" title={portsText(svc)}>
        {portsText(svc)}
      </div>
      <div className="text-[11px] text-indigo-700">
        {svc.spec.selector
          ? t('serviceEndpoints', { ready, total })
          : t('serviceNoSelector', { total })}
      </div>
    </div>
  )
})
