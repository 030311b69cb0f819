/**
 * The rollout stepper for one Deployment: pick a version and a strategy, start the rollout paused,
 * then Next / Back through the Deployment controller's decisions, each explained, with a chart of
 * old, new and available pods; or play it to the end, or roll back.
 */
import { memo, useMemo, useState } from 'react'
import type { Deployment } from '../../engine/model/apps'
import { parseIntOrPercent, resolveFenceposts } from '../../engine/model/intOrPercent'
import { useAppStore, useClient, useT } from '../AppContext'
import { RolloutChart } from './RolloutChart'
import { DecisionCard } from './DecisionCard'
import { currentRollout } from './currentRollout'
import { VERSIONS } from './versions'

const NO_DECISIONS: readonly never[] = []

export const RolloutPanel = memo(function RolloutPanel({
  deploymentKey,
}: {
  deploymentKey: string
}) {
  const d = useAppStore((s) => s.objects.get(deploymentKey)) as Deployment | undefined
  const decisions = useAppStore((s) => s.decisions[deploymentKey] ?? NO_DECISIONS)
  const samples = useAppStore((s) => s.rolloutSamples[deploymentKey] ?? NO_DECISIONS)
  const backSteps = useAppStore((s) => s.clock.backSteps)
  const cursor = useAppStore((s) => s.clock.cursor)
  const nowSeconds = useAppStore((s) => Math.floor(s.simTimeMs / 1000))
  const client = useClient()
  const t = useT()
  const [image, setImage] = useState<string | undefined>(undefined)
  const [surgeText, setSurgeText] = useState<string | undefined>(undefined)
  const [unavailableText, setUnavailableText] = useState<string | undefined>(undefined)
  const [strategyType, setStrategyType] = useState<'RollingUpdate' | 'Recreate' | undefined>(
    undefined,
  )
  const [selected, setSelected] = useState<number | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const steps = useMemo(() => currentRollout(decisions), [decisions])
  if (!d) return null

  const name = d.metadata.name
  const namespace = d.metadata.namespace ?? 'default'
  const container = d.spec.template.spec.containers[0]
  const currentImage = container?.image ?? ''
  const revision = d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '—'
  const spec = d.spec.strategy
  const type = strategyType ?? spec?.type ?? 'RollingUpdate'
  const surge = surgeText ?? String(spec?.rollingUpdate?.maxSurge ?? '25%')
  const unavailable = unavailableText ?? String(spec?.rollingUpdate?.maxUnavailable ?? '25%')
  const surgeValue = parseIntOrPercent(surge)
  const unavailableValue = parseIntOrPercent(unavailable)
  const replicas = d.spec.replicas ?? 1
  const fenceposts =
    surgeValue !== undefined && unavailableValue !== undefined
      ? resolveFenceposts(surgeValue, unavailableValue, replicas)
      : undefined
  const strategyChanged =
    type !== (spec?.type ?? 'RollingUpdate') ||
    (type === 'RollingUpdate' &&
      (surgeValue !== spec?.rollingUpdate?.maxSurge ||
        unavailableValue !== spec?.rollingUpdate?.maxUnavailable))

  const run = async (command: string) => {
    if (!client) return false
    const result = await client.run(command)
    setError(result.ok ? undefined : (result.error ?? result.output))
    return result.ok
  }
  const applyStrategy = async () => {
    const strategy =
      type === 'Recreate'
        ? { type: 'Recreate', rollingUpdate: null }
        : {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: surgeValue, maxUnavailable: unavailableValue },
          }
    const ok = await run(
      `kubectl patch deployment ${name} -n ${namespace} --type=merge -p '${JSON.stringify({ spec: { strategy } })}'`,
    )
    if (ok) {
      setSurgeText(undefined)
      setUnavailableText(undefined)
      setStrategyType(undefined)
    }
    return ok
  }
  const start = async () => {
    if (!client || !container) return
    if (strategyChanged && !(await applyStrategy())) return
    client.pause()
    setSelected(undefined)
    await run(
      `kubectl set image deployment/${name} -n ${namespace} ${container.name}=${image ?? currentImage}`,
    )
  }
  // The step picked in the list, else the stepper's cursor, else the latest.
  const wanted = selected ?? (cursor >= 0 ? cursor : undefined)
  const found = wanted !== undefined ? steps.findIndex((s) => s.seq === wanted) : -1
  const shownIndex = found >= 0 ? found : steps.length - 1
  const shown = shownIndex >= 0 ? steps[shownIndex] : undefined
  // After the last step of a finished (or timed-out) rollout there is nothing to step to, unless
  // the template changed since (a generation the controller has not observed yet).
  const observed = (d.status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  const atEnd =
    observed &&
    !!shown &&
    shown === steps.at(-1) &&
    (shown.rule === 'RolloutComplete' || shown.rule === 'ProgressDeadlineExceeded')
  const fromMs = (steps[0]?.atMs ?? nowSeconds * 1000) - 2000
  const button = 'rounded px-2 py-1 text-xs font-medium disabled:opacity-40'

  return (
    <section
      className="mt-3 border-t border-slate-200 pt-2"
      data-testid="rollout-panel"
      data-cursor={cursor}
    >
      <header className="mb-1 flex items-baseline gap-2">
        <h3 className="text-sm font-semibold">{t('rollout')}</h3>
        <span className="text-xs text-slate-500">{t('rolloutRevision', { revision })}</span>
        <span className="ml-auto truncate font-mono text-xs text-slate-500">{currentImage}</span>
      </header>
      <div className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1 text-xs">
        <label htmlFor={`${deploymentKey}-version`}>{t('rolloutVersion')}</label>
        <select
          id={`${deploymentKey}-version`}
          data-testid="rollout-version"
          value={image ?? currentImage}
          onChange={(e) => setImage(e.target.value)}
          className="w-full min-w-0 rounded border border-slate-300 px-1 py-0.5 font-mono"
        >
          {[...new Set([currentImage, ...VERSIONS.map((v) => v.image)])].map((img) => {
            const note = VERSIONS.find((v) => v.image === img)?.note
            return (
              <option key={img} value={img}>
                {img}
                {note ? ` — ${t(note)}` : ''}
              </option>
            )
          })}
        </select>
        <label htmlFor={`${deploymentKey}-strategy`}>{t('rolloutStrategy')}</label>
        <select
          id={`${deploymentKey}-strategy`}
          data-testid="rollout-strategy"
          value={type}
          onChange={(e) => setStrategyType(e.target.value as 'RollingUpdate' | 'Recreate')}
          className="rounded border border-slate-300 px-1 py-0.5"
        >
          <option value="RollingUpdate">RollingUpdate</option>
          <option value="Recreate">Recreate</option>
        </select>
        {type === 'RollingUpdate' && (
          <>
            <label htmlFor={`${deploymentKey}-surge`}>{t('rolloutMaxSurge')}</label>
            <input
              id={`${deploymentKey}-surge`}
              data-testid="rollout-max-surge"
              value={surge}
              onChange={(e) => setSurgeText(e.target.value)}
              className="w-20 rounded border border-slate-300 px-1 py-0.5 font-mono"
            />
            <label htmlFor={`${deploymentKey}-unavailable`}>{t('rolloutMaxUnavailable')}</label>
            <input
              id={`${deploymentKey}-unavailable`}
              data-testid="rollout-max-unavailable"
              value={unavailable}
              onChange={(e) => setUnavailableText(e.target.value)}
              className="w-20 rounded border border-slate-300 px-1 py-0.5 font-mono"
            />
          </>
        )}
      </div>
      {type === 'RollingUpdate' && (
        <p className="mt-1 text-[11px] text-slate-500" data-testid="rollout-window-preview">
          {fenceposts
            ? t('rolloutWindowPreview', {
                replicas,
                minAvailable: replicas - Math.min(fenceposts.unavailable, replicas),
                maxTotal: replicas + fenceposts.surge,
              })
            : t('rolloutInvalidValue')}
        </p>
      )}
      <div className="mt-2 flex flex-wrap gap-1.5">
        <button
          type="button"
          data-testid="rollout-start"
          disabled={!client || (type === 'RollingUpdate' && !fenceposts)}
          onClick={() => void start()}
          title={t('rolloutStartHint')}
          className={`${button} bg-violet-600 text-white hover:bg-violet-500`}
        >
          {t('rolloutStart')}
        </button>
        {strategyChanged && (
          <button
            type="button"
            disabled={!client || (type === 'RollingUpdate' && !fenceposts)}
            onClick={() => void applyStrategy()}
            className={`${button} bg-slate-200 hover:bg-slate-300`}
          >
            {t('rolloutApplyStrategy')}
          </button>
        )}
        <button
          type="button"
          data-testid="rollout-undo"
          disabled={!client}
          onClick={() => void run(`kubectl rollout undo deployment/${name} -n ${namespace}`)}
          className={`${button} ml-auto bg-slate-200 hover:bg-slate-300`}
        >
          ↶ {t('rolloutUndo')}
        </button>
      </div>
      <div className="mt-2 flex gap-1.5">
        <button
          type="button"
          data-testid="rollout-back"
          disabled={!client || backSteps === 0}
          onClick={() => client?.back()}
          className={`${button} bg-slate-600 text-white hover:bg-slate-500`}
        >
          ← {t('rolloutBack')}
        </button>
        <button
          type="button"
          data-testid="rollout-next"
          disabled={!client || atEnd}
          onClick={() => {
            setSelected(undefined)
            client?.stepDecision(deploymentKey)
          }}
          className={`${button} bg-sky-700 text-white hover:bg-sky-600`}
        >
          {t('rolloutNext')} →
        </button>
        <button
          type="button"
          data-testid="rollout-play"
          disabled={!client}
          onClick={() => client?.play()}
          className={`${button} bg-emerald-600 text-white hover:bg-emerald-500`}
        >
          {t('rolloutPlay')}
        </button>
      </div>
      {error && (
        <p
          role="alert"
          className="mt-2 whitespace-pre-wrap break-words rounded border border-red-200 bg-red-50 p-2 font-mono text-xs text-red-800"
        >
          {error}
        </p>
      )}
      <div className="mt-2">
        {steps.length === 0 || !shown ? (
          <p className="text-xs text-slate-500">{t('rolloutNoSteps')}</p>
        ) : (
          <>
            <ol
              className="mb-1.5 flex flex-wrap gap-1"
              aria-label={t('rolloutStepsTitle')}
              data-testid="rollout-steps"
            >
              {steps.map((s, i) => (
                <li key={s.seq}>
                  <button
                    type="button"
                    onClick={() => setSelected(s.seq)}
                    aria-current={s === shown ? 'step' : undefined}
                    title={s.message}
                    className={`rounded px-1.5 py-0.5 font-mono text-[10px] ${s === shown ? 'bg-sky-700 text-white' : 'bg-slate-200 hover:bg-slate-300'}`}
                  >
                    {i + 1}
                  </button>
                </li>
              ))}
            </ol>
            <DecisionCard decision={shown} index={shownIndex} follow={cursor >= 0} />
          </>
        )}
        <RolloutChart samples={samples} fromMs={fromMs} toMs={nowSeconds * 1000} />
      </div>
    </section>
  )
})
