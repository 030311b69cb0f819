/** React access to the session controls (export, import, share, reset, scenario, undo). */
import { createContext, useContext } from 'react'
import type { SessionControls } from '../client'

export const SessionContext = createContext<SessionControls | null>(null)

/** The session controls, or null while the page starts. */
export function useSession(): SessionControls | null {
  return useContext(SessionContext)
}
