/** A kubectl console: type a command, see what kubectl would print; ↑/↓ walk the history. */
import { useEffect, useRef, useState } from 'react'
import type { FormEvent, KeyboardEvent } from 'react'
import { useAppStoreApi, useClient, useT } from '../AppContext'
import type { NamesByKind } from './completion'
import { complete } from './completion'

interface Entry {
  id: number
  command: string
  output: string
  ok: boolean
}

/** How many commands and outputs the console keeps on screen. */
const MAX_ENTRIES = 100

export function Console() {
  const client = useClient()
  const store = useAppStoreApi()
  const t = useT()
  const [candidates, setCandidates] = useState<string[]>([])
  const [input, setInput] = useState('')
  const [entries, setEntries] = useState<Entry[]>([])
  const [history, setHistory] = useState<string[]>([])
  const [cursor, setCursor] = useState<number | undefined>(undefined)
  const outputRef = useRef<HTMLDivElement>(null)
  const nextId = useRef(1)

  useEffect(() => {
    const el = outputRef.current
    if (el) el.scrollTop = el.scrollHeight
  }, [entries])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const command = input.trim()
    if (!command || !client) return
    setInput('')
    setCursor(undefined)
    setHistory((h) => [...h.filter((c) => c !== command), command])
    const result = await client.run(command)
    const output = [result.output, result.error].filter((s) => s).join('\n')
    setEntries((list) =>
      [...list, { id: nextId.current++, command, output, ok: result.ok }].slice(-MAX_ENTRIES),
    )
  }

  const namesByKind = (): NamesByKind => {
    const names: Record<string, string[]> = {}
    for (const o of store.getState().objects.values()) (names[o.kind] ??= []).push(o.metadata.name)
    return names
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Tab') {
      e.preventDefault()
      const result = complete(input, namesByKind())
      setInput(result.completed)
      setCandidates(result.candidates.length > 1 ? result.candidates : [])
      return
    }
    setCandidates([])
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
    e.preventDefault()
    if (history.length === 0) return
    const next =
      e.key === 'ArrowUp'
        ? Math.max(0, (cursor ?? history.length) - 1)
        : (cursor ?? history.length) + 1
    if (next >= history.length) {
      setCursor(undefined)
      setInput('')
    } else {
      setCursor(next)
      setInput(history[next] ?? '')
    }
  }

  return (
    <section className="flex flex-col" aria-label={t('console')}>
      <h2 className="mb-1 text-sm font-semibold">{t('console')}</h2>
      <div
        ref={outputRef}
        data-testid="kubectl-output"
        className="h-44 overflow-auto rounded-t border border-slate-700 bg-slate-900 p-2 font-mono text-[11px] leading-snug text-slate-100"
      >
        {entries.length === 0 ? (
          <p className="text-slate-400">{t('consoleHint')}</p>
        ) : (
          entries.map((entry) => (
            <div key={entry.id} className="mb-1.5">
              <div className="whitespace-pre-wrap break-all text-sky-300">$ {entry.command}</div>
              <pre
                className={
                  entry.ok ? 'whitespace-pre' : 'whitespace-pre-wrap break-words text-red-300'
                }
              >
                {entry.output}
              </pre>
            </div>
          ))
        )}
      </div>
      <form onSubmit={(e) => void submit(e)} className="flex">
        <input
          data-testid="kubectl-input"
          aria-label={t('console')}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('consolePlaceholder')}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          className="flex-1 rounded-bl border border-t-0 border-slate-700 bg-slate-800 px-2 py-1.5 font-mono text-xs text-slate-100 outline-none placeholder:text-slate-500 focus:bg-slate-900"
        />
        <button
          type="submit"
          className="rounded-br bg-sky-700 px-3 text-xs font-medium text-white hover:bg-sky-600"
        >
          {t('run')}
        </button>
      </form>
      {candidates.length > 0 && (
        <p
          data-testid="kubectl-candidates"
          className="mt-1 truncate font-mono text-[11px] text-slate-500"
        >
          {candidates.slice(0, 30).join('  ')}
        </p>
      )}
    </section>
  )
}
