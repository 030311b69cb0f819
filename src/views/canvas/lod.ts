/**
 * Level of detail: below LOD_ZOOM the canvas shows the overview (machines with their pods as tiles
 * on a `<canvas>`, no text inside), above it every pod as an element with its name and IP. Both
 * draw a machine at the same size, so crossing the threshold moves nothing.
 */
import { useStore as useFlowStore } from '@xyflow/react'

/** The zoom below which machines draw their pods as tiles. */
export const LOD_ZOOM = 0.45

/** True while the canvas is zoomed out below LOD_ZOOM; re-renders only when that flips. */
export function useOverview(): boolean {
  return useFlowStore((s) => s.transform[2] < LOD_ZOOM)
}
