// Types for findChromium.mjs, so that playwright.config.ts can import it.
export interface FoundChromium {
  path: string
  source: string
}

export function findChromium(): FoundChromium | undefined
export function ensureChromium(): Promise<string>
export const CHROMIUM_ARGS: string[]
