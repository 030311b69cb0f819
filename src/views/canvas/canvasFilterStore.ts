/**
 * The canvas filter's state, apart from the app store: only the canvas reads it, and machines
 * drawn on a `<canvas>` subscribe to it without re-rendering (a transient subscription).
 */
import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { PodFilter } from './podFilter'
import { NO_FILTER, parsePodFilter } from './podFilter'

export interface CanvasFilterState {
  filter: PodFilter
  setText: (text: string) => void
}

export type CanvasFilterStore = StoreApi<CanvasFilterState>

export function createCanvasFilterStore(): CanvasFilterStore {
  return createStore<CanvasFilterState>()((set) => ({
    filter: NO_FILTER,
    setText: (text) => set({ filter: parsePodFilter(text) }),
  }))
}

/** A store that filters nothing, for a pod drawn outside the canvas (no provider). */
const NONE = createCanvasFilterStore()

export const CanvasFilterContext = createContext<CanvasFilterStore>(NONE)

export function useCanvasFilterApi(): CanvasFilterStore {
  return useContext(CanvasFilterContext)
}

export function useCanvasFilter<T>(selector: (state: CanvasFilterState) => T): T {
  return useStore(useCanvasFilterApi(), selector)
}
