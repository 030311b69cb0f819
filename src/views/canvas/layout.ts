/** Sizes and positions of the machines on the canvas; the engine never stores x/y, the UI decides. */

export const POD_WIDTH = 92
export const POD_HEIGHT = 46
export const POD_GAP = 6
export const MACHINE_PADDING = 10
export const MACHINE_HEADER = 64
export const MACHINE_BRIDGE = 30
export const POD_COLUMNS = 3
export const MACHINE_WIDTH =
  MACHINE_PADDING * 2 + POD_COLUMNS * POD_WIDTH + (POD_COLUMNS - 1) * POD_GAP
export const MACHINE_GAP = 48
export const QUEUE_HEIGHT = 84
export const QUEUE_TOP = 0
export const MACHINES_TOP = QUEUE_HEIGHT + 40

/** Height of a machine card holding podCount pods. */
export function machineHeight(podCount: number): number {
  const rows = Math.max(1, Math.ceil(podCount / POD_COLUMNS))
  return (
    MACHINE_HEADER + MACHINE_BRIDGE + MACHINE_PADDING * 2 + rows * POD_HEIGHT + (rows - 1) * POD_GAP
  )
}

/** Machines side by side, wrapping after `perRow`. */
export function machinePosition(
  index: number,
  perRow: number,
  rowHeight: number,
): { x: number; y: number } {
  return {
    x: (index % perRow) * (MACHINE_WIDTH + MACHINE_GAP),
    y: MACHINES_TOP + Math.floor(index / perRow) * (rowHeight + MACHINE_GAP),
  }
}
