/**
 * Wires the simulation worker, the client, the session, the store and the views together. The
 * SessionManager starts (and restarts) the worker and keeps the session saved; the page's launch
 * parameters (a share link, ?scenario=, ?seed=) are read once and then removed from the address, so
 * a reload comes back to the saved session instead of starting over.
 */
import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { ClusterClient, Launch, SessionControls } from './client'
import { SessionManager, browserSessionStorage, hasShareFragment, workerPort } from './client'
import type { CrashMode, Session } from './protocol'
import type { AppState, AppStore } from './store'
import { createAppStore, sessionViewOf } from './store'
import { App, ClientContext, SessionContext, StoreContext, preferredLanguage } from './views'
import './views/styles.css'

declare global {
  interface Window {
    /**
     * Debugging aids, documented in the README: `__kp.crashWorker('throw' | 'exit' | 'hang')` makes
     * the simulation worker fail so you can watch the page recover; `__kp.session()` is the session
     * now and `__kp.savedSession()` the one in storage.
     */
    __kp?: {
      crashWorker(mode?: CrashMode): void
      session(): Session | undefined
      savedSession(): Promise<Session | undefined>
    }
  }
}

/** Reads how the page was opened, and takes it out of the address bar. */
function takeLaunch(): Launch {
  const url = new URL(window.location.href)
  const launch: Launch = {}
  if (hasShareFragment(url.hash)) launch.fragment = url.hash
  const scenario = url.searchParams.get('scenario')
  if (scenario) launch.scenario = scenario
  const seed = url.searchParams.get('seed')
  if (seed !== null && /^\d+$/.test(seed)) launch.seed = Number(seed)
  if (launch.fragment !== undefined || url.searchParams.has('scenario') || seed !== null) {
    url.searchParams.delete('scenario')
    url.searchParams.delete('seed')
    if (launch.fragment !== undefined) url.hash = ''
    window.history.replaceState(window.history.state, '', url.toString())
  }
  return launch
}

const viewChanged = (a: AppState, b: AppState) =>
  a.language !== b.language ||
  a.canvasView !== b.canvasView ||
  a.sideTab !== b.sideTab ||
  a.bottomTab !== b.bottomTab

const launch = takeLaunch()
const storage = browserSessionStorage()

/** Starts the session in an effect (and stops it in the cleanup), so StrictMode's double run is safe. */
function Root({ store }: { store: AppStore }) {
  const [client, setClient] = useState<ClusterClient | null>(null)
  const [controls, setControls] = useState<SessionControls | null>(null)
  useEffect(() => {
    const state = store.getState()
    const manager = new SessionManager({
      spawn(onFailure) {
        const worker = new Worker(new URL('./worker/worker.ts', import.meta.url), {
          type: 'module',
        })
        return { port: workerPort(worker, onFailure), terminate: () => worker.terminate() }
      },
      storage,
      cluster: state,
      sink: state,
      view: {
        read: () => sessionViewOf(store.getState()),
        apply: (view, withLanguage) => store.getState().applySessionView(view, withLanguage),
        subscribe: (onChange) =>
          store.subscribe((s, prev) => {
            if (viewChanged(s, prev)) onChange()
          }),
      },
      scheduleAck: (ack) => requestAnimationFrame(ack),
    })
    let live = true
    manager.start(launch).then(
      (c) => {
        if (live) setClient(c)
      },
      () => {
        // Disposed before it started (StrictMode's first run): nothing to publish.
      },
    )
    // The manager is an external system created in an effect (DESIGN.md §9), so it can only be
    // published to React from here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setControls(manager)
    const saveNow = () => manager.saveNow()
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') manager.saveNow()
    }
    window.addEventListener('pagehide', saveNow)
    document.addEventListener('visibilitychange', onVisibility)
    window.__kp = {
      crashWorker: (mode) => manager.crashWorker(mode),
      session: () => manager.current(),
      savedSession: () => storage.load(),
    }
    return () => {
      live = false
      window.removeEventListener('pagehide', saveNow)
      document.removeEventListener('visibilitychange', onVisibility)
      manager.dispose()
      setClient(null)
      setControls(null)
    }
  }, [store])
  return (
    <StoreContext.Provider value={store}>
      <ClientContext.Provider value={client}>
        <SessionContext.Provider value={controls}>
          <App />
        </SessionContext.Provider>
      </ClientContext.Provider>
    </StoreContext.Provider>
  )
}

const store = createAppStore(preferredLanguage(navigator.languages))
const rootElement = document.getElementById('root')
if (!rootElement) throw new Error('#root is missing from index.html')
createRoot(rootElement).render(
  <StrictMode>
    <Root store={store} />
  </StrictMode>,
)
