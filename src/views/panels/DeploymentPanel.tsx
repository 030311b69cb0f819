/** A Deployment's replicas (slider and exact count), its counts as kubectl shows them, and its strategy. */
import { memo, useState } from 'react'
import type { FormEvent } from 'react'
import type { Deployment } from '../../engine/model/apps'
import { useAppStore, useClient, useT } from '../AppContext'
import { ReplicasSlider } from '../controls/ReplicasSlider'
import { RolloutPanel } from '../rollout/RolloutPanel'

/**
 * The slider's range: 0–100, wider for a Deployment already past it (the big scenarios' thousands);
 * the exact-count box takes any number (the API server judges it).
 */
function sliderMax(replicas: number): number {
  return [100, 1_000, 5_000, 10_000].find((max) => replicas <= max) ?? 10_000
}

const DeploymentCard = memo(function DeploymentCard({ deploymentKey }: { deploymentKey: string }) {
  const d = useAppStore((s) => s.objects.get(deploymentKey)) as Deployment | undefined
  const client = useClient()
  const t = useT()
  const [error, setError] = useState<string | undefined>(undefined)
  const [exact, setExact] = useState('')
  if (!d) return null
  const name = d.metadata.name
  const namespace = d.metadata.namespace ?? 'default'
  const desired = d.spec.replicas ?? 1
  const max = sliderMax(desired)

  const scale = async (replicas: string | number) => {
    if (!client) return
    const result = await client.run(
      `kubectl scale deployment/${name} -n ${namespace} --replicas=${replicas}`,
    )
    setError(result.ok ? undefined : (result.error ?? result.output))
  }
  const onExact = (e: FormEvent) => {
    e.preventDefault()
    if (exact.trim() === '') return
    void scale(exact.trim()).then(() => setExact(''))
  }

  const strategy = d.spec.strategy
  const strategyText =
    strategy?.type === 'Recreate'
      ? t('strategyRecreate')
      : t('strategyRolling', {
          surge: String(strategy?.rollingUpdate?.maxSurge ?? '25%'),
          unavailable: String(strategy?.rollingUpdate?.maxUnavailable ?? '25%'),
        })
  const counts: [string, number][] = [
    [t('desired'), desired],
    [t('current'), d.status.replicas ?? 0],
    [t('ready'), d.status.readyReplicas ?? 0],
    [t('available'), d.status.availableReplicas ?? 0],
  ]
  return (
    <section
      data-deployment={name}
      data-namespace={namespace}
      className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
    >
      <header className="mb-2 flex items-baseline gap-2">
        <span className="text-xs uppercase tracking-wide text-slate-500">{t('deployment')}</span>
        <span className="font-semibold">{name}</span>
        <span className="text-xs text-slate-400">{namespace}</span>
        <span className="ml-auto truncate font-mono text-xs text-slate-500" title={t('image')}>
          {d.spec.template.spec.containers.map((c) => c.image).join(', ')}
        </span>
      </header>
      <div className="mb-1 flex items-center justify-between text-sm">
        <label className="font-medium">{t('replicas')}</label>
        <span className="font-mono text-lg font-semibold tabular-nums" data-testid="replicas-value">
          {desired}
        </span>
      </div>
      <ReplicasSlider
        label={t('replicas')}
        value={Math.min(desired, max)}
        max={max}
        onCommit={(v) => void scale(v)}
      />
      <div className="mt-1 flex justify-between text-[10px] text-slate-400">
        <span>0</span>
        <span>{max.toLocaleString('en-US')}</span>
      </div>
      <dl className="mt-2 grid grid-cols-4 gap-1 text-center" data-testid="deployment-counts">
        {counts.map(([label, n]) => (
          <div key={label} className="rounded bg-slate-50 py-1">
            <dd className="font-mono text-base font-semibold tabular-nums">{n}</dd>
            <dt className="text-[10px] uppercase text-slate-500">{label}</dt>
          </div>
        ))}
      </dl>
      <div className="mt-2 text-xs text-slate-500">{strategyText}</div>
      <form onSubmit={onExact} className="mt-2 flex gap-2">
        <input
          aria-label={t('replicasExact')}
          data-testid="replicas-input"
          inputMode="numeric"
          value={exact}
          onChange={(e) => setExact(e.target.value)}
          placeholder={String(desired)}
          className="w-24 rounded border border-slate-300 px-2 py-1 font-mono text-sm"
        />
        <button
          type="submit"
          className="rounded bg-slate-700 px-3 py-1 text-sm text-white hover:bg-slate-600"
        >
          {t('apply')}
        </button>
      </form>
      {error && (
        <p
          role="alert"
          data-testid="deployment-error"
          className="mt-2 whitespace-pre-wrap break-words rounded border border-red-200 bg-red-50 p-2 font-mono text-xs text-red-800"
        >
          {error}
        </p>
      )}
      <RolloutPanel deploymentKey={deploymentKey} />
    </section>
  )
})

export function DeploymentPanel() {
  const keys = useAppStore((s) => s.deploymentKeys)
  const t = useT()
  const shown = keys.filter((k) => !k.startsWith('Deployment/kube-system/'))
  if (shown.length === 0) return <p className="text-sm text-slate-500">{t('noDeployments')}</p>
  return (
    <div className="flex flex-col gap-3">
      {shown.map((key) => (
        <DeploymentCard key={key} deploymentKey={key} />
      ))}
    </div>
  )
}
