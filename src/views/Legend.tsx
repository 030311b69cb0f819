/** What the pod colours, borders and icons mean. */
import { useT } from './AppContext'
import type { PodLook } from './podLook'
import { LOOK_CLASS, LOOK_ICON, LOOK_LABEL } from './podLook'

const ORDER: PodLook[] = ['pending', 'creating', 'running', 'ready', 'terminating', 'failed']

export function Legend() {
  const t = useT()
  return (
    <div
      className="flex flex-wrap items-center gap-1.5 rounded-lg bg-white/90 px-2 py-1.5 text-[11px] shadow"
      aria-label={t('legend')}
    >
      {ORDER.map((look) => (
        <span
          key={look}
          className={`flex items-center gap-1 rounded border-2 px-1.5 py-0.5 ${LOOK_CLASS[look]}`}
        >
          <span aria-hidden>{LOOK_ICON[look]}</span>
          {t(LOOK_LABEL[look])}
        </span>
      ))}
      <span className="flex items-center gap-1 text-slate-600">
        <span className="inline-block h-3 w-2 bg-slate-500" aria-hidden />
        {t('pauseContainer')}
      </span>
    </div>
  )
}
