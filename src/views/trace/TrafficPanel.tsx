/**
 * Traffic mode: a steady stream of requests between the two ends picked above, sent in virtual
 * time while the cluster scales or rolls out; live counts per backend pod, per version, and the
 * requests that failed (and why).
 */
import { useState } from 'react'
import type { TrafficFlow } from '../../engine'
import { endpointSpec } from '../../store'
import { useAppStore, useClient, useT } from '../AppContext'

const RATES = [1, 5, 10, 20, 50, 100]
const NO_FLOWS: readonly TrafficFlow[] = []

function FlowStats({ flow }: { flow: TrafficFlow }) {
  const t = useT()
  const versions = Object.entries(flow.byVersion).sort(([a], [b]) => a.localeCompare(b))
  const total = Math.max(1, flow.ok)
  return (
    <div
      data-testid="traffic-flow"
      data-flow={flow.id}
      data-sent={flow.sent}
      data-ok={flow.ok}
      data-failed={flow.failed}
      className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-2"
    >
      <div className="flex items-baseline gap-2 text-sm">
        <span className="font-semibold">
          {flow.from} → {flow.to}
          {flow.port ? `:${flow.port}` : ''}
        </span>
        <span className="text-xs text-slate-500">{flow.ratePerSec}/s</span>
      </div>
      <div className="flex gap-3 text-sm tabular-nums">
        <span>
          {t('trafficSent')} <b>{flow.sent}</b>
        </span>
        <span className="text-emerald-700">
          ok <b>{flow.ok}</b>
        </span>
        <span
          className={flow.failed ? 'font-semibold text-red-700' : 'text-slate-500'}
          data-testid="traffic-failed"
        >
          {t('trafficFailed')} <b>{flow.failed}</b>
        </span>
      </div>
      {versions.length > 0 && (
        <div>
          <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {t('trafficByVersion')}
          </div>
          <ul className="flex flex-col gap-0.5">
            {versions.map(([version, n]) => (
              <li
                key={version}
                data-testid="traffic-version"
                data-version={version}
                data-count={n}
                className="flex items-center gap-2 text-xs"
              >
                <span className="w-16 font-mono">{version}</span>
                <span
                  className="h-2 rounded bg-indigo-400"
                  style={{ width: `${(100 * n) / total}%`, maxWidth: '60%' }}
                />
                <span className="tabular-nums">{n}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {Object.keys(flow.byPod).length > 0 && (
        <div>
          <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {t('trafficByPod')}
          </div>
          <ul className="grid grid-cols-2 gap-x-3 text-xs">
            {Object.entries(flow.byPod)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([pod, e]) => (
                <li
                  key={pod}
                  data-testid="traffic-pod"
                  data-pod={pod}
                  data-count={e.ok}
                  className="flex justify-between gap-2 font-mono"
                >
                  <span className="truncate">{pod.replace(/^default\//, '')}</span>
                  <span className="tabular-nums">{e.ok}</span>
                </li>
              ))}
          </ul>
        </div>
      )}
      {Object.keys(flow.failures).length > 0 && (
        <ul className="text-xs text-red-800">
          {Object.entries(flow.failures).map(([reason, n]) => (
            <li key={reason}>
              {n} × {reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function TrafficPanel() {
  const client = useClient()
  const from = useAppStore((s) => s.trace.from)
  const to = useAppStore((s) => s.trace.to)
  const port = useAppStore((s) => s.trace.port)
  const flows = useAppStore((s) => s.traffic?.flows ?? NO_FLOWS)
  const [rate, setRate] = useState(10)
  const [error, setError] = useState<string | undefined>()
  const t = useT()
  const namespaces = new Set([from?.namespace ?? 'default', to?.namespace ?? 'default'])
  const start = async () => {
    if (!client || !from || !to) return
    if (namespaces.size > 1) {
      setError(t('trafficOneNamespace'))
      return
    }
    const [ns = 'default'] = [...namespaces]
    const target = `${endpointSpec(to)}${port.trim() ? `:${port.trim()}` : ''}`
    const r = await client.run(
      `sim traffic start ${endpointSpec(from)} ${target} --rate ${rate}${ns !== 'default' ? ` -n ${ns}` : ''}`,
    )
    setError(r.ok ? undefined : r.error)
  }
  return (
    <section
      className="flex flex-col gap-2 border-t border-slate-200 pt-3"
      aria-label={t('trafficTitle')}
    >
      <h3 className="text-sm font-semibold">{t('trafficTitle')}</h3>
      <p className="text-xs text-slate-600">{t('trafficHint')}</p>
      <div className="flex items-center gap-2">
        <label className="text-xs text-slate-600">
          {t('trafficRate')}{' '}
          <select
            data-testid="traffic-rate"
            value={rate}
            onChange={(e) => setRate(Number(e.target.value))}
            className="rounded border border-slate-300 bg-white px-1 py-0.5 text-sm"
          >
            {RATES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="traffic-start"
          disabled={!client || !from || !to}
          onClick={() => void start()}
          className="rounded bg-indigo-600 px-3 py-1 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-40"
        >
          {t('trafficStart')}
        </button>
        {flows.length > 0 && (
          <button
            type="button"
            data-testid="traffic-stop"
            onClick={() => void client?.run('sim traffic stop')}
            className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100"
          >
            {t('trafficStop')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-2 py-1 font-mono text-xs text-red-800">
          {error}
        </p>
      )}
      {flows.map((f) => (
        <FlowStats key={f.id} flow={f} />
      ))}
    </section>
  )
}
