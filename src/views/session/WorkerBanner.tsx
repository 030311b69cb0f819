/** Says plainly when the simulation worker failed, that it is restarting, and how it came back. */
import { useAppStore, useT } from '../AppContext'
import { formatSimClock } from '../header/TimeControls'

export function WorkerBanner() {
  const notice = useAppStore((s) => s.workerNotice)
  const dismiss = useAppStore((s) => s.dismissWorkerNotice)
  const t = useT()
  if (!notice) return null
  const text =
    notice.kind === 'restarting'
      ? t('workerRestarting', { detail: notice.reason })
      : notice.kind === 'restored'
        ? t('workerRestored', {
            detail: notice.reason,
            entries: notice.entries,
            time: formatSimClock(notice.simTimeMs),
          })
        : t('workerGaveUp', { detail: notice.reason })
  const tone =
    notice.kind === 'restored' ? 'bg-amber-100 text-amber-950' : 'bg-red-100 text-red-950'
  return (
    <div
      role={notice.kind === 'restored' ? 'status' : 'alert'}
      data-testid="worker-banner"
      data-kind={notice.kind}
      className={`flex items-start gap-3 px-4 py-2 text-sm ${tone}`}
    >
      <span className="flex-1">{text}</span>
      {notice.kind !== 'restarting' && (
        <button
          type="button"
          onClick={dismiss}
          className="rounded px-2 text-xs underline hover:no-underline"
        >
          {t('sessionDismiss')}
        </button>
      )}
    </div>
  )
}
