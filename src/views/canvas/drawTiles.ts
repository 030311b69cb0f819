/**
 * Drawing pods as tiles on a 2D canvas, in flow coordinates (the caller sets the viewport's
 * transform): each tile where its pod chip would be, coloured by state (tilePalette.ts), with a
 * strip in its revision's colour. Tiles are drawn colour by colour, since switching fillStyle is
 * what costs; small on screen, a tile is one rectangle, and it gains its shape once it is large
 * enough to see one.
 */
import type { KubeObject } from '../../engine'
import type { PodLook } from '../podLook'
import { podLook } from '../podLook'
import { POD_COLUMNS, POD_GAP, POD_HEIGHT, POD_WIDTH } from './layout'
import type { PodFilter } from './podFilter'
import { podMatches } from './podFilter'
import { revisionOf } from './podRevision'
import { DIMMED_ALPHA, REVISION_COLOURS, TILE_EMPTY, TILE_LOOK } from './tilePalette'

/** On-screen tile width (px) from which a tile shows its state's shape and its revision strip. */
const SHAPES_FROM_PX = 24
const STROKE = 4
const STRIP = 12

/** Where the pods of one machine are drawn: the top left of its first tile, in flow coordinates. */
export interface TileOrigin {
  x: number
  y: number
}

type Rect = [x: number, y: number, w: number, h: number]

/** Rectangles grouped by colour and opacity, filled in one pass each. */
class Batches {
  private readonly byStyle = new Map<string, Rect[]>()
  add(colour: string, alpha: number, rect: Rect): void {
    const key = `${alpha}|${colour}`
    let list = this.byStyle.get(key)
    if (!list) this.byStyle.set(key, (list = []))
    list.push(rect)
  }
  fill(ctx: CanvasRenderingContext2D): void {
    for (const [key, rects] of this.byStyle) {
      const bar = key.indexOf('|')
      ctx.globalAlpha = Number(key.slice(0, bar))
      ctx.fillStyle = key.slice(bar + 1)
      for (const [x, y, w, h] of rects) ctx.fillRect(x, y, w, h)
    }
    ctx.globalAlpha = 1
  }
}

/** Looks by pod object: a patch replaces the objects that changed, so the others keep theirs. */
const LOOKS = new WeakMap<KubeObject, PodLook>()

function cachedLook(pod: KubeObject): PodLook {
  let look = LOOKS.get(pod)
  if (look === undefined) LOOKS.set(pod, (look = podLook(pod)))
  return look
}

function revisionColour(revision: string | undefined): string | undefined {
  if (!revision) return undefined
  return REVISION_COLOURS[(Number(revision) - 1) % REVISION_COLOURS.length]
}

/** The top left of the index-th tile from a machine's tile origin. */
export function tilePosition(origin: TileOrigin, index: number): { x: number; y: number } {
  return {
    x: origin.x + (index % POD_COLUMNS) * (POD_WIDTH + POD_GAP),
    y: origin.y + Math.floor(index / POD_COLUMNS) * (POD_HEIGHT + POD_GAP),
  }
}

/**
 * Draws the pods of several machines. `zoom` is the viewport's scale (how large a tile is on
 * screen); `objects` resolves revisions. The area under the tiles must already be clear.
 */
export function drawTiles(
  ctx: CanvasRenderingContext2D,
  machines: readonly { origin: TileOrigin; pods: readonly (KubeObject | undefined)[] }[],
  objects: ReadonlyMap<string, KubeObject>,
  filter: PodFilter,
  zoom: number,
): void {
  const shapes = POD_WIDTH * zoom >= SHAPES_FROM_PX
  const fills = new Batches()
  const marks = new Batches()
  const strokes: { rect: Rect; colour: string; alpha: number; strike: boolean }[] = []
  for (const { origin, pods } of machines)
    pods.forEach((pod, i) => {
      if (!pod) return
      const { x, y } = tilePosition(origin, i)
      const look = TILE_LOOK[cachedLook(pod)]
      const alpha = podMatches(filter, pod) ? look.alpha : DIMMED_ALPHA
      if (!shapes) {
        fills.add(look.filled > 0 ? look.fill : look.stroke, alpha, [x, y, POD_WIDTH, POD_HEIGHT])
        return
      }
      fills.add(TILE_EMPTY, alpha, [x, y, POD_WIDTH, POD_HEIGHT])
      if (look.filled > 0) fills.add(look.fill, alpha, [x, y, POD_WIDTH * look.filled, POD_HEIGHT])
      const strip = revisionColour(revisionOf(objects, pod))
      if (strip) marks.add(strip, alpha, [x, y, STRIP, POD_HEIGHT])
      if (look.mark === 'corner') marks.add('#7f1d1d', alpha, [x + POD_WIDTH - 20, y, 20, 14])
      strokes.push({
        rect: [x, y, POD_WIDTH, POD_HEIGHT],
        colour: look.stroke,
        alpha,
        strike: look.mark === 'strike',
      })
    })
  fills.fill(ctx)
  marks.fill(ctx)
  ctx.lineWidth = STROKE
  for (const { rect, colour, alpha, strike } of strokes) {
    const [x, y, w, h] = rect
    ctx.globalAlpha = alpha
    ctx.strokeStyle = colour
    ctx.strokeRect(x + STROKE / 2, y + STROKE / 2, w - STROKE, h - STROKE)
    if (strike) {
      ctx.beginPath()
      ctx.moveTo(x + STRIP, y + h)
      ctx.lineTo(x + w, y)
      ctx.stroke()
    }
  }
  ctx.globalAlpha = 1
}
