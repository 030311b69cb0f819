/** Picks the cluster to play with; a new scenario starts a new session (asked first, undoable). */
import { useState } from 'react'
import { useAppStore, useT } from '../AppContext'
import { useSession } from '../SessionContext'
import { ConfirmDialog } from './ConfirmDialog'

export function ScenarioPicker() {
  const scenarios = useAppStore((s) => s.scenarios)
  const current = useAppStore((s) => s.scenario)
  const session = useSession()
  const t = useT()
  const [asking, setAsking] = useState<string | undefined>()
  const describe = (name: string) => scenarios.find((s) => s.name === name)?.description ?? ''
  return (
    <>
      <label className="flex items-center gap-1 text-xs text-slate-300">
        {t('scenarioLabel')}
        <select
          data-testid="scenario-picker"
          value={current}
          title={describe(current)}
          disabled={!session || scenarios.length === 0}
          onChange={(e) => {
            if (e.target.value !== current) setAsking(e.target.value)
          }}
          className="max-w-40 rounded border border-slate-600 bg-slate-800 px-1 py-0.5 text-sm text-slate-100"
        >
          {scenarios.length === 0 && <option value={current}>{current}</option>}
          {scenarios.map((s) => (
            <option key={s.name} value={s.name} title={s.description}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {asking !== undefined && (
        <ConfirmDialog
          title={t('scenarioConfirmTitle', { scenario: asking })}
          body={`${describe(asking)}${describe(asking) ? '. ' : ''}${t('scenarioConfirmBody', { current })}`}
          confirmLabel={t('scenarioConfirmOk')}
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            session?.startScenario(asking)
            setAsking(undefined)
          }}
        />
      )}
    </>
  )
}
