import { describe, expect, it } from 'vitest'
import { POD_GAP, POD_HEIGHT, machineHeight, machinesPerRow, stableRowHeight } from './layout'

describe('the machine grid', () => {
  it('keeps the primer three in a row and makes a wide grid of hundreds', () => {
    expect(machinesPerRow(3, machineHeight(2))).toBe(3)
    expect(machinesPerRow(1, machineHeight(2))).toBe(1)
    const perRow = machinesPerRow(250, machineHeight(21))
    const rows = Math.ceil(250 / perRow)
    expect(perRow).toBeGreaterThan(rows)
    expect(perRow).toBeLessThan(40)
  })

  it('grows rows at once but shrinks them only by more than two pod rows', () => {
    const row = POD_HEIGHT + POD_GAP
    expect(stableRowHeight(500, undefined)).toBe(500)
    expect(stableRowHeight(520, 500)).toBe(520)
    expect(stableRowHeight(500 - row, 500)).toBe(500)
    expect(stableRowHeight(500 - 3 * row, 500)).toBe(500 - 3 * row)
  })
})
