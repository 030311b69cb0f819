/** Sizes and positions of the machines on the canvas; the engine never stores x/y, the UI decides. */

export const POD_WIDTH = 92
export const POD_HEIGHT = 46
export const POD_GAP = 6
export const MACHINE_PADDING = 10
export const MACHINE_HEADER = 64
export const MACHINE_BRIDGE = 30
export const POD_COLUMNS = 3
/** The card's 1px border, inside its width and height (border-box). */
export const MACHINE_BORDER = 1
export const MACHINE_WIDTH =
  2 * MACHINE_BORDER + MACHINE_PADDING * 2 + POD_COLUMNS * POD_WIDTH + (POD_COLUMNS - 1) * POD_GAP
export const MACHINE_GAP = 48
export const QUEUE_HEIGHT = 84
export const QUEUE_TOP = 0
export const MACHINES_TOP = QUEUE_HEIGHT + 40

/** Height of a machine card holding podCount pods. */
export function machineHeight(podCount: number): number {
  const rows = Math.max(1, Math.ceil(podCount / POD_COLUMNS))
  return (
    2 * MACHINE_BORDER +
    MACHINE_HEADER +
    MACHINE_BRIDGE +
    MACHINE_PADDING * 2 +
    rows * POD_HEIGHT +
    (rows - 1) * POD_GAP
  )
}

/**
 * How many machines a row holds: about the square root of their number, widened so that the
 * whole grid is about as wide as a screen is (16:9) for cards `rowHeight` tall; at least three.
 */
export function machinesPerRow(count: number, rowHeight: number): number {
  if (count <= 0) return 1
  const cell = (MACHINE_WIDTH + MACHINE_GAP) / (rowHeight + MACHINE_GAP)
  const byShape = Math.round(Math.sqrt((count * 16) / 9 / cell))
  return Math.min(count, Math.max(3, Math.ceil(Math.sqrt(count * 2)), byShape))
}

/**
 * The height every row is laid out with: it grows at once, but shrinks only by more than two pod
 * rows, so that a rolling update's surge of one pod does not move every machine below it.
 */
export function stableRowHeight(needed: number, previous: number | undefined): number {
  if (previous === undefined || needed >= previous) return needed
  return previous - needed > 2 * (POD_HEIGHT + POD_GAP) ? needed : previous
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

export const SERVICE_WIDTH = 230
export const SERVICE_HEIGHT = 86
export const SERVICE_GAP = 24
/** Services sit in rows above the scheduler queue. */
export const SERVICES_GAP_Y = 40

/** Where a service card goes: rows of `perRow` above the queue, the last row nearest to it. */
export function servicePosition(
  index: number,
  count: number,
  perRow: number,
): { x: number; y: number } {
  const rows = Math.ceil(count / perRow)
  const row = Math.floor(index / perRow)
  return {
    x: (index % perRow) * (SERVICE_WIDTH + SERVICE_GAP),
    y: QUEUE_TOP - (rows - row) * (SERVICE_HEIGHT + SERVICES_GAP_Y),
  }
}

/** The top centre of the index-th pod chip in a machine card at `machine`. */
export function podAnchor(
  machine: { x: number; y: number },
  index: number,
): { x: number; y: number } {
  const col = index % POD_COLUMNS
  const row = Math.floor(index / POD_COLUMNS)
  return {
    x: machine.x + MACHINE_BORDER + MACHINE_PADDING + col * (POD_WIDTH + POD_GAP) + POD_WIDTH / 2,
    y:
      machine.y +
      MACHINE_BORDER +
      MACHINE_HEADER +
      MACHINE_BRIDGE +
      MACHINE_PADDING +
      row * (POD_HEIGHT + POD_GAP),
  }
}
