/**
 * The overview's pods: zoomed out below LOD_ZOOM, every visible machine's pods are drawn as tiles
 * on one `<canvas>` laid over the flow (one layer for the browser to composite, where a canvas per
 * machine made 250 and cost more to composite than to draw). It never re-renders for a patch: it
 * listens to the stores itself (transient subscriptions), redraws everything when the view moves
 * and otherwise only the machines whose pods changed, once per frame at most. Machines outside
 * the viewport are not drawn.
 */
import { memo, useEffect, useRef } from 'react'
import { useStoreApi as useFlowStoreApi } from '@xyflow/react'
import type { KubeObject } from '../../engine'
import { useAppStoreApi } from '../AppContext'
import { useCanvasFilterApi } from './canvasFilterStore'
import type { TileOrigin } from './drawTiles'
import { drawTiles } from './drawTiles'
import {
  MACHINE_BORDER,
  MACHINE_BRIDGE,
  MACHINE_HEADER,
  MACHINE_PADDING,
  MACHINE_WIDTH,
} from './layout'
import { LOD_ZOOM, useOverview } from './lod'
import type { PodFilter } from './podFilter'

/** A machine card on the flow: its top left and height, in flow coordinates. */
export interface MachineBox {
  x: number
  y: number
  height: number
}

const NO_PODS: readonly string[] = []
const TILES_WIDTH = MACHINE_WIDTH - 2 * MACHINE_BORDER - 2 * MACHINE_PADDING

interface Drawn {
  box: MachineBox
  keys: readonly string[]
  pods: (KubeObject | undefined)[]
}

function tileOrigin(box: MachineBox): TileOrigin {
  return {
    x: box.x + MACHINE_BORDER + MACHINE_PADDING,
    y: box.y + MACHINE_BORDER + MACHINE_HEADER + MACHINE_BRIDGE + MACHINE_PADDING,
  }
}

/** Clears where a machine's tiles are, and a pixel beyond, so that no edge of them stays. */
function clearTiles(ctx: CanvasRenderingContext2D, box: MachineBox): void {
  const origin = tileOrigin(box)
  const height = box.height - (origin.y - box.y) - MACHINE_PADDING - MACHINE_BORDER
  ctx.clearRect(origin.x - 2, origin.y - 2, TILES_WIDTH + 4, height + 4)
}

function unchanged(
  drawn: Drawn | undefined,
  box: MachineBox,
  keys: readonly string[],
  objects: ReadonlyMap<string, KubeObject>,
): boolean {
  if (!drawn || drawn.box !== box || drawn.keys !== keys) return false
  for (let i = 0; i < keys.length; i++)
    if (objects.get(keys[i] as string) !== drawn.pods[i]) return false
  return true
}

function OverviewLayer({ machines }: { machines: ReadonlyMap<string, MachineBox> }) {
  const ref = useRef<HTMLCanvasElement>(null)
  const flow = useFlowStoreApi()
  const store = useAppStoreApi()
  const filterStore = useCanvasFilterApi()
  // The layout the next paint draws, and how to ask for that paint: the subscriptions stay put
  // when machines move, and a new layout is one full redraw at the next frame.
  const layout = useRef(machines)
  const requestPaint = useRef<() => void>(() => {})
  useEffect(() => {
    layout.current = machines
    requestPaint.current()
  }, [machines])

  useEffect(() => {
    const canvas = ref.current
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx) return
    let frame = 0
    let view = ''
    let filter: PodFilter | undefined
    let laidOut: ReadonlyMap<string, MachineBox> | undefined
    let visible: [string, MachineBox][] = []
    const drawn = new Map<string, Drawn>()

    const paint = () => {
      frame = 0
      const { transform, width, height } = flow.getState()
      const [tx, ty, zoom] = transform
      if (zoom >= LOD_ZOOM) return
      const dpr = Math.min(2, window.devicePixelRatio || 1)
      const state = store.getState()
      const currentFilter = filterStore.getState().filter
      const nextView = `${tx}|${ty}|${zoom}|${width}|${height}|${dpr}`
      const full = nextView !== view || currentFilter !== filter
      const relaid = full || layout.current !== laidOut
      if (full) {
        view = nextView
        filter = currentFilter
        drawn.clear()
        const pxWidth = Math.round(width * dpr)
        const pxHeight = Math.round(height * dpr)
        if (canvas.width !== pxWidth || canvas.height !== pxHeight) {
          canvas.width = pxWidth
          canvas.height = pxHeight
        }
        ctx.setTransform(1, 0, 0, 1, 0, 0)
        ctx.clearRect(0, 0, canvas.width, canvas.height)
      }
      ctx.setTransform(zoom * dpr, 0, 0, zoom * dpr, tx * dpr, ty * dpr)
      if (relaid) {
        laidOut = layout.current
        // Machines whose card meets the canvas; the others cost nothing.
        visible = [...laidOut].filter(([, box]) => {
          const left = box.x * zoom + tx
          const top = box.y * zoom + ty
          return (
            left < width &&
            top < height &&
            left + MACHINE_WIDTH * zoom > 0 &&
            top + box.height * zoom > 0
          )
        })
        const shown = new Set(visible.map(([name]) => name))
        for (const [name, was] of drawn)
          if (!shown.has(name) || laidOut.get(name) !== was.box) {
            clearTiles(ctx, was.box)
            drawn.delete(name)
          }
      }
      const batch: { origin: TileOrigin; pods: (KubeObject | undefined)[] }[] = []
      for (const [name, box] of visible) {
        const keys = state.podKeysByNode[name] ?? NO_PODS
        const was = drawn.get(name)
        if (unchanged(was, box, keys, state.objects)) continue
        if (!full) clearTiles(ctx, box)
        const pods = keys.map((k) => state.objects.get(k))
        drawn.set(name, { box, keys, pods })
        batch.push({ origin: tileOrigin(box), pods })
      }
      if (batch.length > 0) drawTiles(ctx, batch, state.objects, currentFilter, zoom)
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(paint)
    }
    requestPaint.current = schedule
    paint()
    const unsubscribe = [
      flow.subscribe(schedule),
      store.subscribe(schedule),
      filterStore.subscribe(schedule),
    ]
    return () => {
      cancelAnimationFrame(frame)
      requestPaint.current = () => {}
      for (const u of unsubscribe) u()
    }
  }, [flow, store, filterStore])

  return (
    <canvas
      ref={ref}
      data-testid="overview-tiles"
      aria-hidden
      className="pointer-events-none absolute left-0 top-0 h-full w-full"
      style={{ zIndex: 4 }}
    />
  )
}

/** The overview layer, present only while zoomed out. */
export const OverviewCanvas = memo(function OverviewCanvas({
  machines,
}: {
  machines: ReadonlyMap<string, MachineBox>
}) {
  return useOverview() ? <OverviewLayer machines={machines} /> : null
})
