/**
 * The pod colours of podLook.ts (kube-ops-view's) as canvas colours, for machines drawn as tiles
 * when zoomed out. A tile is too small for an icon, so each state keeps a shape of its own too:
 * pending hollow, creating half filled, running light, ready solid, terminating faded and struck
 * through, failed red with a dark corner.
 */
import type { PodLook } from '../podLook'

export interface TileLook {
  fill: string
  stroke: string
  /** Fraction of the tile's width filled (the rest shows `empty`). */
  filled: number
  alpha: number
  mark?: 'strike' | 'corner'
}

/** Tailwind's amber, emerald, slate and red, the families LOOK_CLASS uses. */
export const TILE_LOOK: Record<PodLook, TileLook> = {
  pending: { fill: '#fde68a', stroke: '#f59e0b', filled: 0, alpha: 1 },
  creating: { fill: '#fbbf24', stroke: '#f59e0b', filled: 0.5, alpha: 1 },
  running: { fill: '#6ee7b7', stroke: '#10b981', filled: 1, alpha: 1 },
  ready: { fill: '#10b981', stroke: '#059669', filled: 1, alpha: 1 },
  terminating: { fill: '#cbd5e1', stroke: '#94a3b8', filled: 1, alpha: 0.6, mark: 'strike' },
  failed: { fill: '#f87171', stroke: '#dc2626', filled: 1, alpha: 1, mark: 'corner' },
}

/** What an unfilled part of a tile shows. */
export const TILE_EMPTY = '#fffbeb'

/** The revision colours of PodChip's badge (slate, violet, sky, pink, amber, teal; -500/-600). */
export const REVISION_COLOURS = ['#64748b', '#7c3aed', '#0284c7', '#db2777', '#d97706', '#0d9488']

/** A tile that does not match the canvas filter is drawn at this opacity. */
export const DIMMED_ALPHA = 0.15
