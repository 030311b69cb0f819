/** A modal question with Cancel and one action; Escape and Cancel both say no. */
import { useEffect, useId, useRef } from 'react'
import { useT } from '../AppContext'

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string
  body: string
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  const t = useT()
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      data-testid="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        e.preventDefault()
        onCancel()
      }}
      className="m-auto w-[26rem] max-w-[90vw] rounded-lg bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold">
        {title}
      </h2>
      <p id={`${id}-body`} className="mt-2 text-sm text-slate-600">
        {body}
      </p>
      <div className="mt-5 flex justify-end gap-2">
        <button
          type="button"
          data-testid="confirm-cancel"
          onClick={onCancel}
          className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          {t('sessionCancel')}
        </button>
        <button
          type="button"
          data-testid="confirm-ok"
          onClick={onConfirm}
          // The dialog opens because the user asked for this action; Enter confirms it.
          autoFocus
          className="rounded bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500"
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
