/** The page: header with time controls, the cluster canvas, and the side panels. */
import { useEffect } from 'react'
import { useAppStore, useT } from './AppContext'
import { ClusterCanvas } from './canvas/ClusterCanvas'
import { LanguageSwitch } from './header/LanguageSwitch'
import { TimeControls } from './header/TimeControls'
import { Legend } from './Legend'
import { Console } from './panels/Console'
import { DeploymentPanel } from './panels/DeploymentPanel'
import { EventsList } from './panels/EventsList'

function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection)
  const detail = useAppStore((s) => s.connectionDetail)
  const t = useT()
  if (connection === 'connected') return null
  const text =
    connection === 'connecting'
      ? t('connecting')
      : connection === 'incompatible'
        ? t('incompatible', { detail: detail ?? '' })
        : t('workerFailed', { detail: detail ?? '' })
  const tone = connection === 'connecting' ? 'bg-sky-100 text-sky-900' : 'bg-red-100 text-red-900'
  return (
    <div
      role={connection === 'connecting' ? 'status' : 'alert'}
      className={`px-4 py-2 text-sm ${tone}`}
    >
      {text}
    </div>
  )
}

export function App() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en'
  }, [language])
  return (
    <div className="flex h-screen flex-col bg-slate-100 text-slate-900">
      <header className="flex flex-wrap items-center gap-4 bg-slate-800 px-4 py-2 text-white">
        <div className="flex items-baseline gap-2">
          <h1 className="text-lg font-bold">{t('appTitle')}</h1>
          <span className="hidden text-xs text-slate-400 md:inline">{t('appTagline')}</span>
        </div>
        <TimeControls />
        <div className="ml-auto">
          <LanguageSwitch />
        </div>
      </header>
      <ConnectionBanner />
      <main className="flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="relative min-h-0 flex-1">
            <ClusterCanvas />
            <div className="pointer-events-none absolute left-3 top-3">
              <div className="pointer-events-auto">
                <Legend />
              </div>
            </div>
          </div>
          <div className="flex h-[34%] min-h-[180px] flex-col border-t border-slate-200 bg-slate-50 px-3 pb-2 pt-2">
            <EventsList />
          </div>
        </div>
        <aside className="flex w-[400px] shrink-0 flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-slate-50 p-3">
          <DeploymentPanel />
          <Console />
        </aside>
      </main>
    </div>
  )
}
