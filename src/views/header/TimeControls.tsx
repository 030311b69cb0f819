/** Play/pause, step to the next event, speed, and the sim clock, like Packet Tracer's simulation mode. */
import { useEffect, useRef } from 'react'
import { SPEEDS } from '../../protocol'
import { useAppStore, useAppStoreApi, useClient, useT } from '../AppContext'
import { PauseIcon, PlayIcon, StepIcon } from './icons'

/** Sim time as h:mm:ss.t (or m:ss.t under an hour). */
export function formatSimClock(ms: number): string {
  const tenths = Math.floor((ms % 1000) / 100)
  const totalSeconds = Math.floor(ms / 1000)
  const s = totalSeconds % 60
  const m = Math.floor(totalSeconds / 60) % 60
  const h = Math.floor(totalSeconds / 3600)
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m)
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}.${tenths}`
}

/**
 * How often the running clock is written at most. Patches come up to once a frame and each
 * changes the sim time, so a clock written on every one makes every frame repaint even when
 * nothing else moved (at 5,000 pods about a fifth of the main thread's time during a rollout).
 * A tenth of a second is the clock's own resolution at 1×.
 */
const CLOCK_INTERVAL_MS = 100

/**
 * The clock, updated through a transient subscription: no React render per tick. While the sim
 * plays it is written at most every CLOCK_INTERVAL_MS (and once more after the last change); a
 * paused or stepped clock is written at once.
 */
function SimClock() {
  const store = useAppStoreApi()
  const ref = useRef<HTMLSpanElement>(null)
  const t = useT()
  useEffect(() => {
    let writtenAt = -Infinity
    let timer: ReturnType<typeof setTimeout> | undefined
    const write = () => {
      writtenAt = performance.now()
      if (ref.current) ref.current.textContent = formatSimClock(store.getState().simTimeMs)
    }
    write()
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.simTimeMs === prev.simTimeMs) return
      const wait = writtenAt + CLOCK_INTERVAL_MS - performance.now()
      if (!s.clock.playing || wait <= 0) {
        clearTimeout(timer)
        timer = undefined
        write()
      } else
        timer ??= setTimeout(() => {
          timer = undefined
          write()
        }, wait)
    })
    return () => {
      unsubscribe()
      clearTimeout(timer)
    }
  }, [store])
  return (
    <span
      className="rounded bg-slate-900 px-2 py-1 font-mono text-sm tabular-nums text-emerald-300"
      title={t('simClock')}
      aria-label={t('simClock')}
      data-testid="sim-clock"
      ref={ref}
    />
  )
}

export function TimeControls() {
  const client = useClient()
  const clock = useAppStore((s) => s.clock)
  const t = useT()
  const button = 'rounded px-2.5 py-1 text-sm font-medium disabled:opacity-40'
  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        data-testid="play-pause"
        disabled={!client}
        onClick={() => (clock.playing ? client?.pause() : client?.play())}
        className={`${button} min-w-20 ${clock.playing ? 'bg-amber-500 text-slate-900 hover:bg-amber-400' : 'bg-emerald-500 text-slate-900 hover:bg-emerald-400'}`}
      >
        <span className="flex items-center justify-center gap-1.5">
          {clock.playing ? <PauseIcon /> : <PlayIcon />}
          {clock.playing ? t('pause') : t('play')}
        </span>
      </button>
      <button
        type="button"
        data-testid="step"
        disabled={!client}
        onClick={() => client?.step()}
        title={t('stepNextHint')}
        className={`${button} bg-slate-600 text-white hover:bg-slate-500`}
      >
        <span className="flex items-center gap-1.5">
          <StepIcon />
          {t('stepNext')}
        </span>
      </button>
      <label className="flex items-center gap-1 text-xs text-slate-300">
        {t('speed')}
        <select
          data-testid="speed"
          value={clock.speed}
          disabled={!client}
          onChange={(e) => client?.setSpeed(Number(e.target.value))}
          className="rounded border border-slate-600 bg-slate-800 px-1 py-0.5 text-sm text-slate-100"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <SimClock />
    </div>
  )
}
