/**
 * The session menu: export to a file, import one, a share link that carries the session, and
 * reset (asked first, undoable). Beside it, whether the session is saved in this browser.
 */
import { useEffect, useRef, useState } from 'react'
import { useAppStore, useT } from '../AppContext'
import { useSession } from '../SessionContext'
import { ConfirmDialog } from './ConfirmDialog'

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

function SaveState() {
  const state = useAppStore((s) => s.saveState)
  const error = useAppStore((s) => s.saveError)
  const t = useT()
  const failed = state === 'error'
  return (
    <span
      data-testid="save-state"
      data-state={state}
      title={failed ? t('sessionNotSaved', { detail: error ?? '' }) : t('sessionSavedHint')}
      className={`text-xs ${failed ? 'font-semibold text-red-300' : 'text-slate-400'}`}
    >
      {failed ? t('sessionNotSavedShort') : state === 'idle' ? '' : t('sessionSaved')}
    </span>
  )
}

function SharePanel({ url }: { url: string }) {
  const t = useT()
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no')
  return (
    <div className="mt-2 border-t border-slate-200 pt-2">
      <p className="text-xs text-slate-600">{t('sessionShareHint')}</p>
      <div className="mt-1 flex gap-1">
        <input
          readOnly
          data-testid="share-url"
          value={url}
          aria-label={t('sessionShare')}
          onFocus={(e) => e.target.select()}
          className="min-w-0 flex-1 rounded border border-slate-300 px-1.5 py-1 font-mono text-xs"
        />
        <button
          type="button"
          data-testid="share-copy"
          onClick={() => {
            navigator.clipboard.writeText(url).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }}
          className="rounded bg-sky-700 px-2 text-xs font-medium text-white hover:bg-sky-600"
        >
          {copied === 'yes' ? t('sessionCopied') : t('sessionCopy')}
        </button>
      </div>
      <p className="mt-1 text-[11px] text-slate-500">
        {copied === 'failed'
          ? t('sessionCopyFailed')
          : t('sessionShareSize', { chars: url.length })}
      </p>
    </div>
  )
}

export function SessionMenu() {
  const session = useSession()
  const t = useT()
  const [open, setOpen] = useState(false)
  const [confirmReset, setConfirmReset] = useState(false)
  const [importError, setImportError] = useState<string | undefined>()
  const [shareUrl, setShareUrl] = useState<string | undefined>()
  const scenario = useAppStore((s) => s.scenario)
  const root = useRef<HTMLDivElement>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('pointerdown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  const item =
    'block w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 disabled:opacity-40'
  return (
    <div ref={root} className="relative flex items-center gap-2">
      <SaveState />
      <button
        type="button"
        data-testid="session-menu"
        aria-haspopup="true"
        aria-expanded={open}
        disabled={!session}
        onClick={() => {
          setOpen((o) => !o)
          setImportError(undefined)
          setShareUrl(undefined)
        }}
        className="rounded border border-slate-600 px-2 py-1 text-xs text-slate-100 hover:bg-slate-700 disabled:opacity-40"
      >
        {t('sessionMenu')} ▾
      </button>
      {open && session && (
        <div
          role="menu"
          className="absolute right-0 top-full z-50 mt-1 w-80 rounded-lg border border-slate-200 bg-white p-2 text-slate-900 shadow-xl"
        >
          <button
            type="button"
            role="menuitem"
            data-testid="session-export"
            className={item}
            onClick={() => {
              const file = session.exportFile()
              download(file.name, file.text)
              setOpen(false)
            }}
          >
            {t('sessionExport')}
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="session-import"
            className={item}
            onClick={() => fileInput.current?.click()}
          >
            {t('sessionImport')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            data-testid="session-import-input"
            className="hidden"
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (!file) return
              file.text().then(
                (text) => {
                  const result = session.importFile(text)
                  if (result.ok) setOpen(false)
                  else setImportError(result.error)
                },
                (err: unknown) => setImportError(String(err)),
              )
            }}
          />
          <button
            type="button"
            role="menuitem"
            data-testid="session-share"
            className={item}
            onClick={() => {
              const base = window.location.href.split('#')[0] ?? window.location.href
              session
                .shareUrl(base)
                .then(setShareUrl, (err: unknown) => setImportError(String(err)))
            }}
          >
            {t('sessionShare')}
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="session-reset"
            className={`${item} text-red-700`}
            onClick={() => {
              setOpen(false)
              setConfirmReset(true)
            }}
          >
            {t('sessionReset')}
          </button>
          {importError && (
            <p
              role="alert"
              data-testid="session-import-error"
              className="mt-2 rounded bg-red-50 p-2 text-xs text-red-800"
            >
              {t('sessionImportFailed', { detail: importError })}
            </p>
          )}
          {shareUrl && <SharePanel key={shareUrl} url={shareUrl} />}
        </div>
      )}
      {confirmReset && (
        <ConfirmDialog
          title={t('resetConfirmTitle')}
          body={t('resetConfirmBody', { scenario })}
          confirmLabel={t('resetConfirmOk')}
          onCancel={() => setConfirmReset(false)}
          onConfirm={() => {
            setConfirmReset(false)
            session?.reset()
          }}
        />
      )}
    </div>
  )
}
