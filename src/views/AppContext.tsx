/** React access to the store (via selectors) and to the client (to send commands). */
import { createContext, useContext, useMemo } from 'react'
import { useStore } from 'zustand'
import type { ClusterClient } from '../client'
import type { AppState, AppStore } from '../store'
import type { Translate } from './i18n/translate'
import { translator } from './i18n/translate'

export const StoreContext = createContext<AppStore | null>(null)
export const ClientContext = createContext<ClusterClient | null>(null)

/** The app store; views never write the cluster slice. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext)
  if (!store) throw new Error('StoreContext is missing')
  return store
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector)
}

/** The client, or null while the worker starts. */
export function useClient(): ClusterClient | null {
  return useContext(ClientContext)
}

/** The translator for the current UI language. */
export function useT(): Translate {
  const language = useAppStore((s) => s.language)
  return useMemo(() => translator(language), [language])
}
