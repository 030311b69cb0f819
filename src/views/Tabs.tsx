/** A row of ARIA tabs; the panels are the caller's (ids `${idPrefix}-panel-${id}` or `panel-${id}`). */
export function Tabs<T extends string>({
  tabs,
  current,
  onSelect,
  idPrefix,
}: {
  tabs: readonly { id: T; label: string }[]
  current: T
  onSelect: (id: T) => void
  idPrefix: string
}) {
  return (
    <div role="tablist" className="flex gap-1 border-b border-slate-200 px-3 pt-2">
      {tabs.map((x) => (
        <button
          key={x.id}
          role="tab"
          type="button"
          id={`${idPrefix}-${x.id}`}
          aria-selected={current === x.id}
          aria-controls={idPrefix === 'tab' ? `panel-${x.id}` : `${idPrefix}-panel-${x.id}`}
          onClick={() => onSelect(x.id)}
          className={`rounded-t px-3 py-1 text-sm ${current === x.id ? 'border border-b-0 border-slate-200 bg-white font-semibold' : 'text-slate-600 hover:bg-slate-200'}`}
        >
          {x.label}
        </button>
      ))}
    </div>
  )
}
