/**
 * The Trace tab: pick the two ends (click a pod or node on the canvas, first the source then the
 * destination, or choose from the lists), the port and protocol, and run; then play the packet
 * hop by hop, request and reply.
 */
import { useState } from 'react'
import type { TraceProtocol } from '../../engine'
import { endpointLabel, endpointSpec } from '../../store'
import { useAppStore, useAppStoreApi, useClient, useT } from '../AppContext'
import { EndpointSelect } from './EndpointSelect'
import { HopList } from './HopList'
import { TracePlayer } from './TracePlayer'
import { TrafficPanel } from './TrafficPanel'

const RESULT_CLASS: Record<string, string> = {
  delivered: 'bg-emerald-100 text-emerald-900',
  refused: 'bg-amber-100 text-amber-900',
}

export function TracePanel() {
  const client = useClient()
  const store = useAppStoreApi()
  const from = useAppStore((s) => s.trace.from)
  const to = useAppStore((s) => s.trace.to)
  const port = useAppStore((s) => s.trace.port)
  const protocol = useAppStore((s) => s.trace.protocol)
  const trace = useAppStore((s) => s.trace.trace)
  const error = useAppStore((s) => s.trace.error)
  const setOptions = useAppStore((s) => s.setTraceOptions)
  const backend = useAppStore((s) => s.network?.backend)
  const [busy, setBusy] = useState(false)
  const t = useT()

  const ready =
    !!from && !!to && !(from.kind === 'ip' && !from.name) && !(to.kind === 'ip' && !to.name)
  const run = async () => {
    if (!client || !from || !to) return
    const portText = port.trim()
    const portNumber = Number(portText)
    if (portText && (!/^\d+$/.test(portText) || portNumber < 1 || portNumber > 65535)) {
      store
        .getState()
        .setTraceResult({ error: `error: invalid port "${portText}": must be 1-65535` })
      return
    }
    setBusy(true)
    try {
      const result = await client.trace({
        from: endpointSpec(from),
        to: endpointSpec(to),
        ...(from.namespace ? { fromNamespace: from.namespace } : {}),
        ...(to.namespace ? { toNamespace: to.namespace } : {}),
        ...(portText ? { port: portNumber } : {}),
        ...(protocol !== 'auto' ? { protocol } : {}),
      })
      store.getState().setTraceResult({ trace: result })
    } catch (e) {
      store.getState().setTraceResult({ error: e instanceof Error ? e.message : String(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="flex flex-col gap-3" data-testid="trace-panel">
      <p className="text-sm text-slate-600">{t('traceHint')}</p>
      <div className="grid grid-cols-2 gap-2">
        <EndpointSelect which="from" label={t('traceFrom')} />
        <EndpointSelect which="to" label={t('traceTo')} />
      </div>
      <div className="flex items-end gap-2">
        <label className="flex flex-col gap-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
          {t('tracePort')}
          <input
            data-testid="trace-port"
            value={port}
            onChange={(e) => setOptions({ port: e.target.value })}
            placeholder={t('traceAuto')}
            inputMode="numeric"
            className="w-24 rounded border border-slate-300 px-2 py-1 font-mono text-sm font-normal normal-case text-slate-900"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
          {t('traceProtocol')}
          <select
            data-testid="trace-protocol"
            value={protocol}
            onChange={(e) => setOptions({ protocol: e.target.value as TraceProtocol | 'auto' })}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal normal-case text-slate-900"
          >
            <option value="auto">{t('traceAuto')}</option>
            <option value="tcp">TCP</option>
            <option value="udp">UDP</option>
            <option value="icmp">ICMP (ping)</option>
          </select>
        </label>
        <button
          type="button"
          data-testid="trace-run"
          disabled={!ready || busy || !client}
          onClick={() => void run()}
          className="ml-auto rounded bg-slate-800 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-40"
        >
          {t('traceRun')}
        </button>
      </div>
      {from && (
        <p className="text-xs text-slate-500" data-testid="trace-ends">
          {endpointLabel(from)} → {to ? endpointLabel(to) : t('tracePickDestination')} · flannel{' '}
          {backend}
        </p>
      )}
      <TrafficPanel />
      {error && (
        <p
          role="alert"
          data-testid="trace-error"
          className="whitespace-pre-wrap rounded bg-red-50 px-2 py-1 font-mono text-xs text-red-800"
        >
          {error}
        </p>
      )}
      {trace && (
        <>
          <p
            data-testid="trace-result"
            data-result={trace.result}
            className={`rounded px-2 py-1 text-sm ${RESULT_CLASS[trace.result] ?? 'bg-red-100 text-red-900'}`}
          >
            <span className="font-semibold">{trace.result}</span>: {trace.reason}
          </p>
          <TracePlayer />
          <HopList />
        </>
      )}
    </div>
  )
}
