/** One decision of the Deployment controller: what moved, the strategy's window, and why it was allowed. */
import { useEffect, useRef } from 'react'
import type { RolloutDecision } from '../../engine'
import { useT } from '../AppContext'
import { formatSimClock } from '../header/TimeControls'
import { explanationValues, rounding, ruleKeys } from './explainDecision'

export function DecisionCard({
  decision,
  index,
  follow,
}: {
  decision: RolloutDecision
  index: number
  follow: boolean
}) {
  const t = useT()
  const ref = useRef<HTMLElement>(null)
  const shownSeq = useRef(decision.seq)
  // A step the learner asked for (Next, Back) comes into view; nothing moves while they do anything else.
  useEffect(() => {
    if (shownSeq.current === decision.seq) return
    shownSeq.current = decision.seq
    if (follow) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [decision.seq, follow])
  const { title, why } = ruleKeys(decision.rule)
  const values = explanationValues(decision)
  const w = decision.window
  const surgeRounding = rounding(w.maxSurgeSpec, w.replicas)
  const unavailableRounding = rounding(w.maxUnavailableSpec, w.replicas)
  const rs = [
    ...(decision.before.newRS ? [{ ...decision.before.newRS, isNew: true }] : []),
    ...decision.before.oldRSs.map((r) => ({ ...r, isNew: false })),
  ]
  return (
    <article
      ref={ref}
      data-testid="rollout-step"
      data-seq={decision.seq}
      data-new={String(decision.isNew)}
      data-rule={decision.rule}
      data-from={decision.from}
      data-to={decision.to}
      className="rounded border border-sky-200 bg-sky-50/60 p-2 text-xs"
    >
      <header className="mb-1 flex items-baseline gap-2">
        <span className="rounded bg-sky-700 px-1.5 text-[10px] font-semibold text-white">
          {t('rolloutStep', { n: index + 1 })}
        </span>
        <span className="font-semibold text-slate-800">{t(title)}</span>
        <span className="ml-auto font-mono text-[10px] text-slate-500">
          {t('rolloutAt', { time: formatSimClock(decision.atMs) })}
        </span>
      </header>
      {decision.replicaSet && (
        <p className="mb-1 font-mono text-[11px]" data-testid="rollout-step-move">
          {decision.isNew ? t('rolloutNew') : t('rolloutOld')} {decision.replicaSet}:{' '}
          <b>{decision.from}</b> → <b>{decision.to}</b>
        </p>
      )}
      <p className="mb-1">
        <span className="text-slate-500">{t('rolloutEvent')}: </span>
        <span className="font-mono" data-testid="rollout-step-event">
          {decision.message}
        </span>
      </p>
      <div className="mb-1 rounded bg-white/70 p-1.5">
        <div className="text-[10px] font-semibold uppercase text-slate-500">
          {t('rolloutBefore')}
        </div>
        {rs.map((r) => (
          <div key={r.name} className="flex gap-2 font-mono text-[11px]">
            <span className={r.isNew ? 'text-violet-700' : 'text-slate-600'}>
              {r.isNew ? t('rolloutNew') : t('rolloutOld')}
            </span>
            <span className="truncate">{r.name}</span>
            <span className="ml-auto whitespace-nowrap">
              {t('rolloutPods', { replicas: r.replicas, available: r.available })}
            </span>
          </div>
        ))}
      </div>
      {w.strategy === 'RollingUpdate' && (
        <div
          className="mb-1 rounded bg-white/70 p-1.5 font-mono text-[11px]"
          data-testid="rollout-window"
        >
          <div className="text-[10px] font-semibold uppercase text-slate-500">
            {t('rolloutWindow')}
          </div>
          <div>{t('rolloutMinAvailable', values)}</div>
          <div>{t('rolloutMaxTotal', values)}</div>
          {surgeRounding && (
            <div className="text-slate-500">
              {t('rolloutSurgeRounding', {
                spec: String(w.maxSurgeSpec),
                replicas: w.replicas,
                exact: surgeRounding.exact,
                value: w.maxSurge,
              })}
            </div>
          )}
          {unavailableRounding && (
            <div className="text-slate-500">
              {t('rolloutUnavailableRounding', {
                spec: String(w.maxUnavailableSpec),
                replicas: w.replicas,
                exact: unavailableRounding.exact,
                value: w.maxUnavailable,
              })}
            </div>
          )}
        </div>
      )}
      <p>
        <span className="text-slate-500">{t('rolloutWhy')}: </span>
        {t(why, values)}
      </p>
    </article>
  )
}
