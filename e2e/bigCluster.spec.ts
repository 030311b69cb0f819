import { expect, test } from '@playwright/test'

// A 20-node cluster opens zoomed out: machines keep their names and their pods are tiles on one
// canvas; the filter dims what does not match in both detail levels; fit-to-view comes back.
test('a 20-node cluster: overview tiles, filter, zoom in to pods and fit back', async ({
  page,
}) => {
  await page.goto('/?scenario=nodes-20')
  const cards = page.locator('[data-testid=node-card]')
  await expect(cards).toHaveCount(20, { timeout: 30_000 })
  await expect(page.locator('[data-testid=node-card][data-detail=overview]')).toHaveCount(20)
  await expect(page.getByTestId('overview-tiles')).toHaveCount(1)
  await expect(page.locator('.react-flow__minimap')).toBeVisible()
  // In the overview no pod is an element of its own.
  await expect(page.locator('[data-testid=node-card] [data-testid=pod]')).toHaveCount(0)

  const filter = page.getByTestId('canvas-filter')
  await filter.fill('node:node3')
  await expect(page.getByTestId('canvas-filter-count')).toHaveText(/^\d+ of 203 pods match$/)
  await expect(page.locator('[data-testid=node-card][data-node=node3]')).not.toHaveAttribute(
    'data-dimmed',
    /.*/,
  )
  await expect(page.locator('[data-testid=node-card][data-node=node4]')).toHaveAttribute(
    'data-dimmed',
    'true',
  )

  // Zoomed in, pods are chips again, and a filter no pod matches dims every one of them.
  await filter.fill('phase:Pending')
  await expect(page.getByTestId('canvas-filter-count')).toHaveText('0 of 203 pods match')
  const zoomIn = page.locator('.react-flow__controls-zoomin')
  const chips = page.locator('[data-testid=node-card] [data-testid=pod]')
  for (let i = 0; i < 12 && (await chips.count()) === 0; i++) {
    await zoomIn.click()
    await page.waitForTimeout(150)
  }
  await expect(chips.first()).toBeVisible()
  await expect(page.getByTestId('overview-tiles')).toHaveCount(0)
  const total = await chips.count()
  await expect(
    page.locator('[data-testid=node-card] [data-testid=pod][data-dimmed=true]'),
  ).toHaveCount(total)
  await filter.fill('')
  await expect(page.locator('[data-testid=pod][data-dimmed]')).toHaveCount(0)
  await expect(page.getByTestId('canvas-filter-count')).toHaveCount(0)

  await page.locator('.react-flow__controls-fitview').click()
  await expect(page.locator('[data-testid=node-card][data-detail=overview]')).toHaveCount(20)
  await expect(page.getByTestId('overview-tiles')).toHaveCount(1)
})
