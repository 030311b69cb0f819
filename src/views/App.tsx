/** The page: header with time controls, the cluster canvas, and the side panels. */
import { useEffect, useState } from 'react'
import { useAppStore, useT } from './AppContext'
import { ClusterCanvas } from './canvas/ClusterCanvas'
import { LanguageSwitch } from './header/LanguageSwitch'
import { TimeControls } from './header/TimeControls'
import { Legend } from './Legend'
import { Console } from './panels/Console'
import { DeploymentPanel } from './panels/DeploymentPanel'
import { EventsList } from './panels/EventsList'
import { YamlPanel } from './panels/YamlPanel'

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

type Tab = 'workloads' | 'yaml'

/** Workloads and the YAML editor share the upper part of the side bar; both stay mounted to keep their state. */
function SidePanels() {
  const t = useT()
  const [tab, setTab] = useState<Tab>('workloads')
  const tabs: { id: Tab; label: string }[] = [
    { id: 'workloads', label: t('tabWorkloads') },
    { id: 'yaml', label: t('tabYaml') },
  ]
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div role="tablist" className="flex gap-1 border-b border-slate-200 px-3 pt-2">
        {tabs.map((x) => (
          <button
            key={x.id}
            role="tab"
            type="button"
            id={`tab-${x.id}`}
            aria-selected={tab === x.id}
            aria-controls={`panel-${x.id}`}
            onClick={() => setTab(x.id)}
            className={`rounded-t px-3 py-1 text-sm ${tab === x.id ? 'border border-b-0 border-slate-200 bg-white font-semibold' : 'text-slate-600 hover:bg-slate-200'}`}
          >
            {x.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id="panel-workloads"
        aria-labelledby="tab-workloads"
        hidden={tab !== 'workloads'}
        className="min-h-0 flex-1 overflow-y-auto p-3"
      >
        <DeploymentPanel />
      </div>
      <div
        role="tabpanel"
        id="panel-yaml"
        aria-labelledby="tab-yaml"
        hidden={tab !== 'yaml'}
        className="min-h-0 flex-1 flex-col overflow-y-auto p-3 [&:not([hidden])]:flex"
      >
        <YamlPanel />
      </div>
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
        <aside className="flex w-[420px] shrink-0 flex-col border-l border-slate-200 bg-slate-50">
          <SidePanels />
          <div className="border-t border-slate-200 p-3">
            <Console />
          </div>
        </aside>
      </main>
    </div>
  )
}
