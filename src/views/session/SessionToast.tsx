/** After a reset, a new scenario or an import: what happened, with Undo; or why a session did not open. */
import type { SessionNotice } from '../../store'
import { useAppStore, useT } from '../AppContext'
import type { Translate } from '../i18n/translate'
import { useSession } from '../SessionContext'

function textOf(notice: SessionNotice, t: Translate): string {
  if (notice.kind === 'error') {
    const key = {
      share: 'sessionErrorShare',
      saved: 'sessionErrorSaved',
      import: 'sessionErrorImport',
      replay: 'sessionErrorReplay',
    } as const
    return t(key[notice.source], { detail: notice.message })
  }
  const key = {
    reset: 'sessionWasReset',
    scenario: 'sessionNewScenario',
    imported: 'sessionImported',
    shared: 'sessionShared',
    undone: 'sessionUndone',
  } as const
  return t(key[notice.how], { scenario: notice.scenario })
}

export function SessionToast() {
  const notice = useAppStore((s) => s.sessionNotice)
  const dismiss = useAppStore((s) => s.dismissSessionNotice)
  const session = useSession()
  const t = useT()
  if (!notice) return null
  const error = notice.kind === 'error'
  return (
    <div
      role={error ? 'alert' : 'status'}
      data-testid="session-toast"
      data-kind={error ? `error-${notice.source}` : notice.how}
      className={`fixed bottom-4 left-4 z-50 flex max-w-md items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ${error ? 'bg-red-700 text-white' : 'bg-slate-800 text-slate-100'}`}
    >
      <span className="flex-1">{textOf(notice, t)}</span>
      {notice.kind === 'switched' && notice.canUndo && (
        <button
          type="button"
          data-testid="session-undo"
          onClick={() => {
            dismiss()
            session?.undo()
          }}
          className="rounded bg-amber-400 px-2 py-0.5 text-xs font-semibold text-slate-900 hover:bg-amber-300"
        >
          {t('sessionUndo')}
        </button>
      )}
      <button
        type="button"
        aria-label={t('sessionDismiss')}
        onClick={dismiss}
        className="px-1 text-xs opacity-80 hover:opacity-100"
      >
        ✕
      </button>
    </div>
  )
}
