/** Message lookup with {placeholders}, and the language a browser asks for. */
import type { Language } from '../../store'
import type { MessageKey, Messages } from './en'
import { en } from './en'
import { zh } from './zh'

const CATALOGS: Record<Language, Messages> = { en, zh }

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

export function translator(language: Language): Translate {
  const catalog = CATALOGS[language]
  return (key, values) => {
    const text = catalog[key]
    return values
      ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m))
      : text
  }
}

/** Chinese for any zh-* browser language, English otherwise. */
export function preferredLanguage(languages: readonly string[]): Language {
  for (const lang of languages) {
    const l = lang.toLowerCase()
    if (l.startsWith('zh')) return 'zh'
    if (l.startsWith('en')) return 'en'
  }
  return 'en'
}

export type { MessageKey }
