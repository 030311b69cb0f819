/** The packet player, like Packet Tracer's simulation mode: back, play/pause, step, speed, the reply. */
import { useEffect } from 'react'
import { TRACE_SPEEDS, traceHops } from '../../store'
import { useAppStore, useAppStoreApi, useT } from '../AppContext'
import { BackIcon, PauseIcon, PlayIcon, StepIcon } from '../header/icons'

/** Moves the player on while it plays (wall-clock animation; the simulation is not involved). */
function Ticker() {
  const store = useAppStoreApi()
  const playing = useAppStore((s) => s.trace.playing)
  const speed = useAppStore((s) => s.trace.speed)
  useEffect(() => {
    if (!playing) return
    const id = setInterval(() => store.getState().tickTrace(), 900 / speed)
    return () => clearInterval(id)
  }, [playing, speed, store])
  return null
}

export function TracePlayer() {
  const trace = useAppStore((s) => s.trace.trace)
  const position = useAppStore((s) => s.trace.position)
  const playing = useAppStore((s) => s.trace.playing)
  const speed = useAppStore((s) => s.trace.speed)
  const setPosition = useAppStore((s) => s.setTracePosition)
  const setPlaying = useAppStore((s) => s.setTracePlaying)
  const setOptions = useAppStore((s) => s.setTraceOptions)
  const t = useT()
  if (!trace) return null
  const total = traceHops(trace).length
  const button =
    'flex items-center gap-1 rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-40'
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label={t('tracePlayer')}>
      <Ticker />
      <button
        type="button"
        data-testid="trace-back"
        className={button}
        disabled={position === 0}
        onClick={() => setPosition(position - 1)}
      >
        <BackIcon /> {t('traceBack')}
      </button>
      <button
        type="button"
        data-testid="trace-play"
        className={button}
        onClick={() => {
          if (!playing && position >= total - 1) setPosition(0)
          setPlaying(!playing)
        }}
      >
        {playing ? <PauseIcon /> : <PlayIcon />} {playing ? t('pause') : t('play')}
      </button>
      <button
        type="button"
        data-testid="trace-next"
        className={button}
        disabled={position >= total - 1}
        onClick={() => setPosition(position + 1)}
      >
        <StepIcon /> {t('traceNext')}
      </button>
      <select
        aria-label={t('speed')}
        value={speed}
        onChange={(e) => setOptions({ speed: Number(e.target.value) })}
        className="rounded border border-slate-300 bg-white px-1 py-1 text-sm"
      >
        {TRACE_SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      {trace.reply.length > 0 && (
        <button
          type="button"
          data-testid="trace-reply"
          className={button}
          onClick={() => setPosition(trace.hops.length)}
        >
          {t('traceShowReply')}
        </button>
      )}
      <span className="ml-auto text-xs tabular-nums text-slate-500">
        {position + 1} / {total}
      </span>
    </div>
  )
}
