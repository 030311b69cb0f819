/** Switches the UI between English and 简体中文. */
import { useAppStore, useT } from '../AppContext'

export function LanguageSwitch() {
  const language = useAppStore((s) => s.language)
  const setLanguage = useAppStore((s) => s.setLanguage)
  const t = useT()
  return (
    <div
      role="group"
      aria-label={t('languageLabel')}
      className="flex overflow-hidden rounded border border-slate-600 text-xs"
    >
      {(['en', 'zh'] as const).map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={language === lang}
          onClick={() => setLanguage(lang)}
          className={`px-2 py-1 ${language === lang ? 'bg-slate-200 text-slate-900' : 'text-slate-300 hover:bg-slate-700'}`}
        >
          {lang === 'en' ? 'English' : '中文'}
        </button>
      ))}
    </div>
  )
}
