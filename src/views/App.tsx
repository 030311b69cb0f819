/** The page: header with time controls, the cluster canvas, and the side panels. */
import { useEffect } from 'react'
import type { BottomTab, SideTab } from '../store'
import { useAppStore, useT } from './AppContext'
import { CanvasArea } from './canvas/CanvasArea'
import { Tabs } from './Tabs'
import { LanguageSwitch } from './header/LanguageSwitch'
import { TimeControls } from './header/TimeControls'
import { Console } from './panels/Console'
import { DeploymentPanel } from './panels/DeploymentPanel'
import { EventsList } from './panels/EventsList'
import { YamlPanel } from './panels/YamlPanel'
import { PacketDetails } from './trace/PacketDetails'
import { ScenarioPicker } from './session/ScenarioPicker'
import { SessionMenu } from './session/SessionMenu'
import { SessionToast } from './session/SessionToast'
import { WorkerBanner } from './session/WorkerBanner'
import { TracePanel } from './trace/TracePanel'

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

/** Workloads, the YAML editor and the trace panel share the upper part of the side bar; all stay mounted to keep their state. */
function SidePanels() {
  const t = useT()
  const tab = useAppStore((s) => s.sideTab)
  const setTab = useAppStore((s) => s.setSideTab)
  const tabs: { id: SideTab; label: string; panel: React.ReactNode; flex?: boolean }[] = [
    { id: 'workloads', label: t('tabWorkloads'), panel: <DeploymentPanel /> },
    { id: 'yaml', label: t('tabYaml'), panel: <YamlPanel />, flex: true },
    { id: 'trace', label: t('tabTrace'), panel: <TracePanel /> },
  ]
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <Tabs tabs={tabs} current={tab} onSelect={setTab} idPrefix="tab" />
      {tabs.map((x) => (
        <div
          key={x.id}
          role="tabpanel"
          id={`panel-${x.id}`}
          aria-labelledby={`tab-${x.id}`}
          hidden={tab !== x.id}
          className={`min-h-0 flex-1 overflow-y-auto p-3 ${x.flex ? 'flex-col [&:not([hidden])]:flex' : ''}`}
        >
          {x.panel}
        </div>
      ))}
    </div>
  )
}

/** The events list, and the packet of the trace being played. */
function BottomPanels() {
  const t = useT()
  const tab = useAppStore((s) => s.bottomTab)
  const setTab = useAppStore((s) => s.setBottomTab)
  const tabs: { id: BottomTab; label: string }[] = [
    { id: 'events', label: t('bottomEvents') },
    { id: 'packet', label: t('bottomPacket') },
  ]
  return (
    <div
      className={`flex min-h-[180px] flex-col border-t border-slate-200 bg-slate-50 ${tab === 'packet' ? 'h-[44%]' : 'h-[34%]'}`}
    >
      <Tabs tabs={tabs} current={tab} onSelect={setTab} idPrefix="bottom" />
      <div
        role="tabpanel"
        id="bottom-panel-events"
        aria-labelledby="bottom-events"
        hidden={tab !== 'events'}
        className="min-h-0 flex-1 flex-col px-3 pb-2 pt-2 [&:not([hidden])]:flex"
      >
        <EventsList />
      </div>
      <div
        role="tabpanel"
        id="bottom-panel-packet"
        aria-labelledby="bottom-packet"
        hidden={tab !== 'packet'}
        className="min-h-0 flex-1 flex-col px-3 pb-2 pt-2 [&:not([hidden])]:flex"
      >
        <PacketDetails />
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
        <div className="ml-auto flex items-center gap-3">
          <ScenarioPicker />
          <SessionMenu />
          <LanguageSwitch />
        </div>
      </header>
      <ConnectionBanner />
      <WorkerBanner />
      <main className="flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          <CanvasArea />
          <BottomPanels />
        </div>
        <aside className="flex w-[420px] shrink-0 flex-col border-l border-slate-200 bg-slate-50">
          <SidePanels />
          <div className="border-t border-slate-200 p-3">
            <Console />
          </div>
        </aside>
      </main>
      <SessionToast />
    </div>
  )
}
