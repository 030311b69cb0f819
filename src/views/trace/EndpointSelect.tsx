/** One end of a trace: a pod, a node (its host network), a host on the LAN, or a typed IP address. */
import { useMemo } from 'react'
import type { TraceEndpoint } from '../../store'
import { useAppStore, useT } from '../AppContext'

const IP_CHOICE = '__ip__'

function valueOf(end: TraceEndpoint | undefined): string {
  if (!end) return ''
  if (end.kind === 'ip') return IP_CHOICE
  return `${end.kind}:${end.namespace ?? ''}:${end.name}`
}

function parseValue(value: string): TraceEndpoint | undefined {
  if (!value) return undefined
  if (value === IP_CHOICE) return { kind: 'ip', name: '' }
  const [kind = '', namespace = '', ...rest] = value.split(':')
  const name = rest.join(':')
  return kind === 'pod' || kind === 'service' || kind === 'name'
    ? { kind, name, namespace }
    : { kind: kind as TraceEndpoint['kind'], name }
}

export function EndpointSelect({ which, label }: { which: 'from' | 'to'; label: string }) {
  const end = useAppStore((s) => s.trace[which])
  const setEnd = useAppStore((s) => s.setTraceEnd)
  const podKeys = useAppStore((s) => s.podKeysByNode)
  const nodeNames = useAppStore((s) => s.nodeNames)
  const lan = useAppStore((s) => s.network?.lan)
  const serviceKeys = useAppStore((s) => s.serviceKeys)
  const t = useT()
  const pods = useMemo(
    () =>
      Object.entries(podKeys)
        .filter(([node]) => node !== '')
        .flatMap(([, keys]) => keys)
        .map((k) => k.split('/'))
        .map(([, namespace = '', name = '']) => ({ namespace, name }))
        .sort((a, b) => (a.namespace + a.name).localeCompare(b.namespace + b.name)),
    [podKeys],
  )
  const id = `trace-${which}`
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {label}
      </label>
      <select
        id={id}
        data-testid={id}
        value={valueOf(end)}
        onChange={(e) => setEnd(which, parseValue(e.target.value))}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        <option value="">{t('traceChoose')}</option>
        <optgroup label={t('tracePods')}>
          {pods.map((p) => (
            <option key={`${p.namespace}/${p.name}`} value={`pod:${p.namespace}:${p.name}`}>
              {p.namespace === 'default' ? p.name : `${p.namespace}/${p.name}`}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('traceNodes')}>
          {nodeNames.map((n) => (
            <option key={n} value={`node::${n}`}>
              {n} ({t('traceHostNetwork')})
            </option>
          ))}
        </optgroup>
        {which === 'to' && serviceKeys.length > 0 && (
          <optgroup label={t('traceServices')}>
            {serviceKeys.flatMap((key) => {
              const [, namespace = '', name = ''] = key.split('/')
              const label = namespace === 'default' ? name : `${namespace}/${name}`
              return [
                <option key={`name:${key}`} value={`name:${namespace}:${name}`}>
                  {label} ({t('traceByName')})
                </option>,
                <option key={`svc:${key}`} value={`service:${namespace}:${name}`}>
                  svc/{label} ({t('traceByClusterIp')})
                </option>,
              ]
            })}
          </optgroup>
        )}
        {lan && (
          <optgroup label={t('traceLan')}>
            {[lan.router, ...lan.hosts].map((h) => (
              <option key={h.ip} value={`lan::${h.name}`}>
                {h.name} {h.ip}
              </option>
            ))}
          </optgroup>
        )}
        <option value={IP_CHOICE}>{t('traceIpAddress')}</option>
      </select>
      {end?.kind === 'ip' && (
        <input
          aria-label={`${label}: ${t('traceIpAddress')}`}
          data-testid={`${id}-ip`}
          value={end.name}
          onChange={(e) => setEnd(which, { kind: 'ip', name: e.target.value.trim() })}
          placeholder="10.244.1.2"
          className="rounded border border-slate-300 px-2 py-1 font-mono text-sm"
        />
      )}
    </div>
  )
}
