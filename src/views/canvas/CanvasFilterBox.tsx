/**
 * The filter over the canvas: kubectl-like terms (`app=web ns:kube-system node:node7
 * phase:Pending`, all must hold) that dim every pod and machine left out, with how many pods
 * match. Counting walks the pods only while a filter is set.
 */
import { useState } from 'react'
import { useAppStore, useT } from '../AppContext'
import { useCanvasFilter } from './canvasFilterStore'
import { isFilterActive, podMatches } from './podFilter'

export function CanvasFilterBox() {
  const t = useT()
  const setText = useCanvasFilter((s) => s.setText)
  const filter = useCanvasFilter((s) => s.filter)
  const [text, setLocal] = useState(filter.text)
  const count = useAppStore((s) => {
    if (!isFilterActive(filter)) return undefined
    let matched = 0
    let total = 0
    for (const keys of Object.values(s.podKeysByNode))
      for (const key of keys) {
        total++
        if (podMatches(filter, s.objects.get(key))) matched++
      }
    return `${matched}/${total}`
  })
  const [matched, total] = (count ?? '').split('/')
  return (
    <div className="flex items-center gap-2 rounded-lg border border-slate-300 bg-white/95 px-2 py-1 shadow">
      <label className="flex items-center gap-2 text-xs text-slate-600">
        <span>{t('canvasFilter')}</span>
        <input
          data-testid="canvas-filter"
          type="search"
          value={text}
          spellCheck={false}
          placeholder="app=web ns:default node:node2 phase:Pending"
          title={t('canvasFilterHelp')}
          onChange={(e) => {
            setLocal(e.target.value)
            setText(e.target.value)
          }}
          className="w-72 rounded border border-slate-300 px-2 py-0.5 font-mono text-xs text-slate-900"
        />
      </label>
      {count !== undefined && (
        <span
          data-testid="canvas-filter-count"
          className="whitespace-nowrap text-xs text-slate-600"
        >
          {t('canvasFilterMatches', {
            matched: Number(matched).toLocaleString('en-US'),
            total: Number(total).toLocaleString('en-US'),
          })}
        </span>
      )}
    </div>
  )
}
