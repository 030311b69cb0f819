// Code the UI benchmark runs inside the page and inside the simulation worker. Each function is
// serialized by Playwright, so it must not refer to anything outside its own body.
/* global window, document, requestAnimationFrame, self */

/**
 * Init script (runs before the app): wraps `Worker` to note the cluster's size from the first
 * snapshot, reading the message the app receives anyway. No change to the app is needed.
 */
export function watchSnapshots() {
  const NativeWorker = window.Worker
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options)
      this.addEventListener('message', (e) => {
        const d = e.data
        if (d && (d.type === 'connected' || d.type === 'snapshot')) {
          const objects = d.snapshot.objects
          window.__benchCluster = {
            nodes: objects.filter((o) => o.kind === 'Node').length,
            pods: objects.filter((o) => o.kind === 'Pod').length,
          }
        }
      })
    }
  }
}

/** In the page: the web Deployment's counts as its card shows them [desired, current, ready, available]. */
export function deploymentCounts() {
  const card = document.querySelector('[data-deployment="web"] [data-testid="deployment-counts"]')
  if (!card) return null
  return [...card.querySelectorAll('dd')].map((dd) => Number(dd.textContent))
}

/** In the page: the replicas the web Deployment's card shows as desired. */
export function desiredReplicas() {
  return document.querySelector('[data-testid="replicas-value"]')?.textContent ?? null
}

/** In the page: what watchSnapshots noted ({ nodes, pods } of the last snapshot). */
export function snapshotSize() {
  return window.__benchCluster
}

/** In the page: the canvas's zoom, read from React Flow's viewport transform. */
export function currentZoom() {
  const viewport = document.querySelector('.react-flow__viewport')
  const match = /scale\(([\d.e-]+)\)/.exec(viewport?.style.transform ?? '')
  return match ? Number(match[1]) : null
}

/** In the page: starts observing long tasks (kept in window.__benchLong). */
export function startLongTasks() {
  const state = { entries: [], observer: undefined }
  state.observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.entries.push({ at: e.startTime, ms: e.duration })
  })
  state.observer.observe({ type: 'longtask' })
  window.__benchLong = state
}

/** In the page: starts recording every frame's duration (the delta between rAF timestamps). */
export function startFrames() {
  const state = { deltas: [], stopped: false, startedAt: performance.now(), last: undefined }
  const loop = (t) => {
    if (state.stopped) return
    if (state.last !== undefined) state.deltas.push(t - state.last)
    state.last = t
    requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)
  window.__benchFrames = state
}

/** In the page: stops both recorders; returns frame deltas and long tasks split at the window's start. */
export function stopRecording() {
  const frames = window.__benchFrames
  const long = window.__benchLong
  frames.stopped = true
  long.observer.takeRecords().forEach((e) => long.entries.push({ at: e.startTime, ms: e.duration }))
  long.observer.disconnect()
  return {
    deltas: frames.deltas,
    wallMs: performance.now() - frames.startedAt,
    longBefore: long.entries.filter((e) => e.at < frames.startedAt).map((e) => e.ms),
    longDuring: long.entries.filter((e) => e.at >= frames.startedAt).map((e) => e.ms),
  }
}

/**
 * In the worker: wraps postMessage to count patches, their size as JSON and the objects they carry.
 * The JSON.stringify runs on the worker's thread, not the UI's.
 */
export function watchPatches() {
  if (self.__benchStream) return
  const post = self.postMessage.bind(self)
  const stream = {}
  self.__benchStream = stream
  self.postMessage = (message, ...rest) => {
    if (message && message.type === 'patch') {
      const chars = JSON.stringify(message).length
      const s = self.__benchStream
      s.patches++
      s.chars += chars
      s.maxChars = Math.max(s.maxChars, chars)
      s.objects += message.diff.added.length + message.diff.updated.length
      s.objects += message.diff.removed.length
      if (s.firstSimMs < 0) {
        s.firstSimMs = message.simTimeMs
        s.firstAtMs = performance.now()
      }
      s.lastSimMs = message.simTimeMs
      s.lastAtMs = performance.now()
    }
    return post(message, ...rest)
  }
  resetPatches()

  function resetPatches() {
    Object.assign(self.__benchStream, {
      patches: 0,
      chars: 0,
      maxChars: 0,
      objects: 0,
      firstSimMs: -1,
      lastSimMs: -1,
      firstAtMs: 0,
      lastAtMs: 0,
    })
  }
  self.__benchResetStream = resetPatches
}

/** In the worker: restarts the patch counts. */
export function resetPatches() {
  self.__benchResetStream()
}

/** In the worker: the patch counts since the last reset, and sim seconds per wall second. */
export function readPatches() {
  const s = self.__benchStream
  const wallMs = s.lastAtMs - s.firstAtMs
  return { ...s, simSpeed: wallMs > 0 ? (s.lastSimMs - s.firstSimMs) / wallMs : NaN }
}
