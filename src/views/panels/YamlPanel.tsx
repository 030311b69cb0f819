/** A manifest editor: paste or edit YAML and apply it (`kubectl apply -f -`); errors point at their line. */
import { useRef, useState } from 'react'
import { useClient, useT } from '../AppContext'
import { YAML_TEMPLATES } from './yamlTemplates'

const LINE_HEIGHT = 18

export function YamlPanel() {
  const client = useClient()
  const t = useT()
  const [text, setText] = useState(YAML_TEMPLATES[0]?.yaml ?? '')
  const [result, setResult] = useState<{ ok: boolean; text: string; line?: number } | undefined>(
    undefined,
  )
  const gutterRef = useRef<HTMLDivElement>(null)
  const lines = text.split('\n').length

  const apply = async () => {
    if (!client) return
    const r = await client.run('kubectl apply -f -', text)
    setResult({
      ok: r.ok,
      text: [r.output, r.error].filter(Boolean).join('\n'),
      ...(r.errorLine !== undefined ? { line: r.errorLine } : {}),
    })
  }

  return (
    <section className="flex min-h-0 flex-1 flex-col gap-2" aria-label={t('yamlTitle')}>
      <p className="text-xs text-slate-500">{t('yamlHint')}</p>
      <label className="flex items-center gap-2 text-xs">
        {t('yamlTemplate')}
        <select
          className="rounded border border-slate-300 px-1 py-0.5"
          onChange={(e) => {
            const template = YAML_TEMPLATES.find((x) => x.name === e.target.value)
            if (template) {
              setText(template.yaml)
              setResult(undefined)
            }
          }}
        >
          {YAML_TEMPLATES.map((x) => (
            <option key={x.name}>{x.name}</option>
          ))}
        </select>
      </label>
      <div className="relative flex min-h-[320px] flex-1 overflow-hidden rounded border border-slate-300 bg-white font-mono text-[12px]">
        <div
          ref={gutterRef}
          aria-hidden
          className="select-none overflow-hidden bg-slate-100 px-1.5 py-1 text-right text-slate-400"
          style={{ lineHeight: `${LINE_HEIGHT}px` }}
        >
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={result?.line === i + 1 ? 'bg-red-200 text-red-800' : ''}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          data-testid="yaml-input"
          aria-label={t('yamlTitle')}
          value={text}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value)
            setResult(undefined)
          }}
          onScroll={(e) => {
            if (gutterRef.current) gutterRef.current.scrollTop = e.currentTarget.scrollTop
          }}
          className="flex-1 resize-none whitespace-pre px-2 py-1 outline-none"
          style={{ lineHeight: `${LINE_HEIGHT}px` }}
        />
      </div>
      <div className="flex items-center gap-2">
        <button
          type="button"
          data-testid="yaml-apply"
          disabled={!client}
          onClick={() => void apply()}
          className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-600 disabled:opacity-40"
        >
          {t('yamlApply')}
        </button>
        {result?.line !== undefined && (
          <span className="text-xs font-semibold text-red-700">
            {t('yamlErrorAtLine', { line: result.line })}
          </span>
        )}
      </div>
      {result && (
        <pre
          role={result.ok ? 'status' : 'alert'}
          data-testid="yaml-result"
          className={`whitespace-pre-wrap break-words rounded p-2 font-mono text-xs ${result.ok ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-800'}`}
        >
          {result.text || t('yamlApplied')}
        </pre>
      )}
    </section>
  )
}
