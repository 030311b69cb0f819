/** Wires the simulation worker, the client, the store and the views together. */
import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { ClusterClient } from './client'
import { createClusterClient, workerPort } from './client'
import type { AppStore } from './store'
import { createAppStore } from './store'
import { App, ClientContext, StoreContext, preferredLanguage } from './views'
import './views/styles.css'

/** Starts the worker in an effect (and stops it in the cleanup), so StrictMode's double run is safe. */
function Root({ store }: { store: AppStore }) {
  const [client, setClient] = useState<ClusterClient | null>(null)
  useEffect(() => {
    const params = new URLSearchParams(window.location.search)
    const seed = params.get('seed')
    const worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' })
    const state = store.getState()
    const port = workerPort(worker, (message) => state.setConnection('failed', message))
    const c = createClusterClient(port, state, {
      scheduleAck: (ack) => requestAnimationFrame(ack),
      ...(params.get('scenario') ? { scenario: params.get('scenario') as string } : {}),
      ...(seed !== null && /^\d+$/.test(seed) ? { seed: Number(seed) } : {}),
    })
    // The worker is an external system that must be created in an effect (DESIGN.md §9), so its
    // client can only be published to React from here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setClient(c)
    return () => {
      c.dispose()
      worker.terminate()
      setClient(null)
    }
  }, [store])
  return (
    <StoreContext.Provider value={store}>
      <ClientContext.Provider value={client}>
        <App />
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
