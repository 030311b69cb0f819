/**
 * The canvas and what floats over it: the object view (machines with pods) or the network view
 * (devices, LAN, tunnels, the traced packet), the switch between them, the legend, and in the
 * network view kube-proxy's mode and the flannel backend.
 */
import { Suspense, lazy } from 'react'
import { useAppStore, useClient, useT } from '../AppContext'
import { Legend } from '../Legend'
import { NetworkCanvas } from '../network/NetworkCanvas'
import { ClusterCanvas } from './ClusterCanvas'

/** `?render=baseline`: the naive one-flow-node-per-pod canvas the UI benchmark compares against. */
const BASELINE =
  typeof window !== 'undefined' &&
  new URLSearchParams(window.location.search).get('render') === 'baseline'
const BaselineCanvas = lazy(() =>
  import('./BaselineCanvas').then((m) => ({ default: m.BaselineCanvas })),
)

function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  testid,
}: {
  label: string
  options: readonly { id: T; label: string }[]
  value: T | undefined
  onChange: (id: T) => void
  testid: string
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className="flex overflow-hidden rounded-md border border-slate-300 bg-white shadow-sm"
    >
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          data-testid={`${testid}-${o.id}`}
          aria-pressed={value === o.id}
          onClick={() => onChange(o.id)}
          className={`px-3 py-1 text-sm ${value === o.id ? 'bg-slate-800 font-semibold text-white' : 'text-slate-700 hover:bg-slate-100'}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  )
}

export function CanvasArea() {
  const view = useAppStore((s) => s.canvasView)
  const setView = useAppStore((s) => s.setCanvasView)
  const backend = useAppStore((s) => s.network?.backend)
  const proxyMode = useAppStore((s) => s.network?.proxyMode)
  const client = useClient()
  const t = useT()
  return (
    <div className="relative min-h-0 flex-1">
      {view === 'network' ? (
        <NetworkCanvas />
      ) : BASELINE ? (
        <Suspense>
          <BaselineCanvas />
        </Suspense>
      ) : (
        <ClusterCanvas />
      )}
      <div className="pointer-events-none absolute left-3 right-3 top-3 flex items-start gap-3">
        {view === 'objects' && (
          <div className="pointer-events-auto">
            <Legend />
          </div>
        )}
        <div className="pointer-events-auto ml-auto flex items-center gap-3">
          {view === 'network' && (
            <Segmented
              label={t('proxyMode')}
              testid="proxy-mode"
              options={[
                { id: 'iptables', label: 'kube-proxy: iptables' },
                { id: 'ipvs', label: 'IPVS' },
              ]}
              value={proxyMode}
              onChange={(m) => void client?.run(`sim set proxy-mode ${m}`)}
            />
          )}
          {view === 'network' && (
            <Segmented
              label={t('flannelBackend')}
              testid="flannel-backend"
              options={[
                { id: 'vxlan', label: 'flannel: VXLAN' },
                { id: 'host-gw', label: 'host-gw' },
              ]}
              value={backend}
              onChange={(b) => void client?.run(`sim set flannel-backend ${b}`)}
            />
          )}
          <Segmented
            label={t('canvasView')}
            testid="view"
            options={[
              { id: 'objects', label: t('viewObjects') },
              { id: 'network', label: t('viewNetwork') },
            ]}
            value={view}
            onChange={setView}
          />
        </div>
      </div>
    </div>
  )
}
