/**
 * An accessible slider (role=slider) for a replica count: drag with the mouse or use the arrow,
 * Page and Home/End keys. It shows the value while it moves and commits once, when released.
 */
import { useRef, useState } from 'react'
import type { KeyboardEvent, PointerEvent } from 'react'

interface Props {
  label: string
  value: number
  max: number
  onCommit: (value: number) => void
}

const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v))

export function ReplicasSlider({ label, value, max, onCommit }: Props) {
  const trackRef = useRef<HTMLDivElement>(null)
  const [draft, setDraft] = useState<number | undefined>(undefined)
  const dragging = useRef(false)
  const shown = clamp(draft ?? value, max)

  const valueAt = (clientX: number) => {
    const rect = trackRef.current?.getBoundingClientRect()
    if (!rect || rect.width === 0) return shown
    return clamp(Math.round(((clientX - rect.left) / rect.width) * max), max)
  }

  const finish = (v: number) => {
    setDraft(undefined)
    if (v !== value) onCommit(v)
  }

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    // No text selection while dragging: a selection would start a native drag (pointercancel) next time.
    e.preventDefault()
    dragging.current = true
    e.currentTarget.setPointerCapture(e.pointerId)
    e.currentTarget.focus()
    setDraft(valueAt(e.clientX))
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) setDraft(valueAt(e.clientX))
  }
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return
    dragging.current = false
    finish(valueAt(e.clientX))
  }
  // If capture is lost without a pointerup (the window lost focus, say), keep where the drag got to.
  const onLostPointerCapture = () => {
    if (!dragging.current) return
    dragging.current = false
    finish(shown)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = {
      ArrowRight: 1,
      ArrowUp: 1,
      ArrowLeft: -1,
      ArrowDown: -1,
      PageUp: 10,
      PageDown: -10,
    }
    let next: number | undefined
    if (e.key in steps) next = clamp(shown + (steps[e.key] ?? 0), max)
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = max
    if (next === undefined) return
    e.preventDefault()
    setDraft(next)
  }
  const onKeyUp = () => {
    if (draft !== undefined && !dragging.current) finish(draft)
  }

  const percent = max === 0 ? 0 : (shown / max) * 100
  return (
    <div
      ref={trackRef}
      role="slider"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={shown}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onLostPointerCapture={onLostPointerCapture}
      onPointerCancel={() => {
        dragging.current = false
        setDraft(undefined)
      }}
      onKeyDown={onKeyDown}
      onKeyUp={onKeyUp}
      className="relative h-6 w-full cursor-pointer touch-none select-none rounded outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="absolute top-1/2 h-1.5 w-full -translate-y-1/2 rounded-full bg-slate-200" />
      <div
        className="absolute top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-sky-500"
        style={{ width: `${percent}%` }}
      />
      <div
        data-testid="slider-thumb"
        className="absolute top-1/2 h-5 w-5 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-sky-600 bg-white shadow"
        style={{ left: `${percent}%` }}
      />
    </div>
  )
}
