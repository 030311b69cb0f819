// `bench:ui --trace`: where the renderer's main thread spent a window, from a Chromium trace.
// Each trace event's self time (its duration minus its children's) goes to one bucket by name.
import fs from 'node:fs'

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline']

const BUCKETS = [
  ['gc', /GC|GarbageCollect/],
  [
    'script',
    /^(FunctionCall|EvaluateScript|RunMicrotasks|TimerFire|EventDispatch|HandlePostMessage|FireAnimationFrame|v8\.|V8\.)/,
  ],
  ['style+layout', /UpdateLayoutTree|Layout|StyleAndLayout|RecalcStyle|ParseAuthorStyleSheet/],
  ['paint', /Paint(?!ArtifactCompositor)|PrePaint|Raster|Decode/],
  ['composite', /Layerize|PaintArtifactCompositor|Compositing|UpdateLayer|Commit|Composite/],
]

function bucketOf(name) {
  for (const [bucket, pattern] of BUCKETS) if (pattern.test(name)) return bucket
  return 'other'
}

/** Milliseconds of main-thread self time per bucket, plus 'busy' (all top-level tasks). */
export function mainThreadBreakdown(file) {
  const events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
  const out = { busy: 0, script: 0, 'style+layout': 0, paint: 0, composite: 0, gc: 0, other: 0 }
  const byThread = new Map()
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue
    const thread = `${e.pid}:${e.tid}`
    if (!mains.has(thread)) continue
    if (!byThread.has(thread)) byThread.set(thread, [])
    byThread.get(thread).push(e)
  }
  for (const list of byThread.values()) {
    // Parents before children: earlier start first, longer first on a tie.
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    const stack = []
    const close = (until) => {
      while (stack.length && stack.at(-1).end <= until) {
        const done = stack.pop()
        out[bucketOf(done.e.name)] += Math.max(0, done.e.dur - done.children) / 1000
      }
    }
    for (const e of list) {
      close(e.ts)
      if (stack.length) stack.at(-1).children += e.dur
      else out.busy += e.dur / 1000
      stack.push({ e, end: e.ts + e.dur, children: 0 })
    }
    close(Infinity)
  }
  return out
}
