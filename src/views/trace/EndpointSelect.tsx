/**
 * One end of a trace: a pod, a node (its host network), a host on the LAN, or a typed IP address.
 * Its lists are built only while the Trace tab is open (the side tabs stay mounted), and the pod
 * options only when the set of scheduled pods changes: at 5,000 pods, sorting them all and
 * diffing 5,000 <option>s on every patch cost up to a second per 8 s of a rollout.
 */
import { memo, useDeferredValue, useMemo, useState } from 'react'
import type { TraceEndpoint } from '../../store'
import { useAppStore, useT } from '../AppContext'

const IP_CHOICE = '__ip__'
/**
 * More pods than this and the list shows a filter box and at most this many matches: a <select>
 * of 5,000 options took one 140–220 ms task to open at nodes-250.
 */
const POD_LIST_LIMIT = 200
const NO_PODS: Readonly<Record<string, readonly string[]>> = {}

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

interface PodChoice {
  namespace: string
  name: string
}

const byNamespaceAndName = (a: PodChoice, b: PodChoice) =>
  a.namespace < b.namespace
    ? -1
    : a.namespace > b.namespace
      ? 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0

/**
 * The last list with the node buckets it came from. The index copies only the buckets that
 * changed, so a new pod waiting for the scheduler (bucket '') leaves the list as it was; both
 * selects share it.
 */
let lastChoices: { buckets: (readonly string[])[]; pods: PodChoice[] } | undefined

/** Scheduled pods by namespace and name, from the per-node index. */
function podChoices(podKeys: Readonly<Record<string, readonly string[]>>): PodChoice[] {
  const buckets: (readonly string[])[] = []
  for (const [node, keys] of Object.entries(podKeys)) if (node !== '') buckets.push(keys)
  if (buckets.length === 0) return []
  const last = lastChoices
  if (
    last &&
    last.buckets.length === buckets.length &&
    last.buckets.every((keys, i) => keys === buckets[i])
  )
    return last.pods
  const pods: PodChoice[] = []
  for (const keys of buckets)
    for (const key of keys) {
      const [, namespace = '', name = ''] = key.split('/')
      pods.push({ namespace, name })
    }
  pods.sort(byNamespaceAndName)
  lastChoices = { buckets, pods }
  return pods
}

/** The pods' options; re-rendered only when the list changes, not when the chosen end does. */
const PodOptions = memo(function PodOptions({ pods }: { pods: readonly PodChoice[] }) {
  return pods.map((p) => (
    <option key={`${p.namespace}/${p.name}`} value={`pod:${p.namespace}:${p.name}`}>
      {p.namespace === 'default' ? p.name : `${p.namespace}/${p.name}`}
    </option>
  ))
})

export function EndpointSelect(props: { which: 'from' | 'to'; label: string }) {
  const open = useAppStore((s) => s.sideTab === 'trace')
  return open ? <OpenEndpointSelect {...props} /> : null
}

function OpenEndpointSelect({ which, label }: { which: 'from' | 'to'; label: string }) {
  const end = useAppStore((s) => s.trace[which])
  const setEnd = useAppStore((s) => s.setTraceEnd)
  const podKeys = useAppStore((s) => s.podKeysByNode)
  const nodeNames = useAppStore((s) => s.nodeNames)
  const lan = useAppStore((s) => s.network?.lan)
  const serviceKeys = useAppStore((s) => s.serviceKeys)
  const t = useT()
  // The index changes only when a pod is added, scheduled or removed; during a big rollout that
  // is most patches, so the (long) list follows at a lower priority than the canvas. On opening
  // the tab it starts empty and fills in a background render, so the tab shows at once.
  const deferredPodKeys = useDeferredValue(podKeys, NO_PODS)
  const pods = useMemo(() => podChoices(deferredPodKeys), [deferredPodKeys])
  const [filter, setFilter] = useState('')
  const shown = useMemo(() => {
    if (pods.length <= POD_LIST_LIMIT) return pods
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean)
    const matches = pods.filter((p) =>
      words.every((w) => `${p.namespace}/${p.name}`.toLowerCase().includes(w)),
    )
    const list = matches.slice(0, POD_LIST_LIMIT)
    // The chosen pod (picked on the canvas, say) stays selectable whatever the filter.
    if (
      end?.kind === 'pod' &&
      !list.some((p) => p.name === end.name && p.namespace === end.namespace)
    )
      list.unshift({ namespace: end.namespace ?? 'default', name: end.name })
    return list
  }, [pods, filter, end])
  const hidden = pods.length - shown.length
  const id = `trace-${which}`
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {label}
      </label>
      {pods.length > POD_LIST_LIMIT && (
        <input
          type="search"
          data-testid={`${id}-filter`}
          aria-label={`${label}: ${t('tracePodFilter')}`}
          placeholder={t('tracePodFilter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="rounded border border-slate-300 px-2 py-0.5 text-xs"
        />
      )}
      <select
        id={id}
        data-testid={id}
        value={valueOf(end)}
        onChange={(e) => setEnd(which, parseValue(e.target.value))}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        <option value="">{t('traceChoose')}</option>
        <optgroup label={t('tracePods')}>
          <PodOptions pods={shown} />
          {hidden > 0 && (
            <option disabled value="__more__">
              {t('tracePodsHidden', { n: hidden.toLocaleString('en-US') })}
            </option>
          )}
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
