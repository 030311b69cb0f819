import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'

/** web's pods of one revision that are not on their way out. */
const webPods = (page: Page, revision: number) =>
  page.locator(
    `[data-testid=pod][data-pod^="web-"][data-revision="${revision}"]:not([data-status=Terminating])`,
  )

test('step through a rolling update of web, step back, play to the end, and roll back with kubectl', async ({
  page,
}) => {
  await page.goto('/')
  await expect(webPods(page, 1).and(page.locator('[data-ready=true]'))).toHaveCount(3)
  const panel = page.getByTestId('rollout-panel')

  // maxSurge 1 / maxUnavailable 1 on 3 replicas: at least 2 available, at most 4 in total.
  await expect(panel.getByTestId('rollout-window-preview')).toHaveText(
    'With 3 replicas: at least 2 available, at most 4 in total',
  )
  await panel.getByTestId('rollout-version').selectOption('nginx:1.26')
  await panel.getByTestId('rollout-start').click()
  await expect(page.getByTestId('play-pause')).toContainText('Play')
  await expect(page.locator('[data-deployment=web] .font-mono').first()).toHaveText('nginx:1.26')

  const step = panel.getByTestId('rollout-step')
  const expected = [
    { rule: 'NewReplicaSetCreated', isNew: true, from: 0, to: 1 },
    { rule: 'ScaleDownOld', isNew: false, from: 3, to: 2 },
    { rule: 'ScaleUpNew', isNew: true, from: 1, to: 2 },
  ]
  for (let i = 0; i < 5; i++) {
    const before = await step.getAttribute('data-seq').catch(() => null)
    await panel.getByTestId('rollout-next').click()
    await expect(step).not.toHaveAttribute('data-seq', before ?? '-')
    const want = expected[i]
    if (want) {
      await expect(step).toHaveAttribute('data-rule', want.rule)
      await expect(step).toHaveAttribute('data-from', String(want.from))
      await expect(step).toHaveAttribute('data-to', String(want.to))
    }
    // The ReplicaSet the step resized has that many pods on the canvas.
    const isNew = (await step.getAttribute('data-new')) === 'true'
    const to = Number(await step.getAttribute('data-to'))
    await expect(webPods(page, isNew ? 2 : 1)).toHaveCount(to)
    // Never more than max total (4) pods, never fewer than min available (2) available.
    expect((await webPods(page, 1).count()) + (await webPods(page, 2).count())).toBeLessThanOrEqual(
      4,
    )
    await expect(step.getByTestId('rollout-window')).toContainText(
      'min available = replicas − maxUnavailable = 3 − 1 = 2',
    )
    await expect(step.getByTestId('rollout-window')).toContainText(
      'max total = replicas + maxSurge = 3 + 1 = 4',
    )
  }
  await expect(panel.getByTestId('rollout-steps').locator('li')).toHaveCount(5)

  // Back twice returns exactly to step 3: new ReplicaSet 1 → 2, two old and two new pods.
  await panel.getByTestId('rollout-back').click()
  await panel.getByTestId('rollout-back').click()
  await expect(step).toHaveAttribute('data-rule', 'ScaleUpNew')
  await expect(step).toHaveAttribute('data-to', '2')
  await expect(panel.getByTestId('rollout-steps').locator('li')).toHaveCount(3)
  await expect(webPods(page, 2)).toHaveCount(2)
  await expect(webPods(page, 1)).toHaveCount(2)

  // Play to the end: three ready pods of revision 2, none of revision 1.
  await page.getByTestId('speed').selectOption('16')
  await panel.getByTestId('rollout-play').click()
  await expect(webPods(page, 2).and(page.locator('[data-ready=true]'))).toHaveCount(3, {
    timeout: 30_000,
  })
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-revision="1"]')).toHaveCount(
    0,
    { timeout: 30_000 },
  )
  await expect(step).toHaveAttribute('data-rule', 'RolloutComplete')

  // kubectl rollout undo brings back the previous image, as revision 3.
  await page.getByTestId('kubectl-input').fill('kubectl rollout undo deployment/web')
  await page.getByTestId('kubectl-input').press('Enter')
  await expect(page.getByTestId('kubectl-output')).toContainText('deployment.apps/web rolled back')
  await expect(page.locator('[data-deployment=web] .font-mono').first()).toHaveText('nginx:1.25')
  await expect(webPods(page, 3).and(page.locator('[data-ready=true]'))).toHaveCount(3, {
    timeout: 30_000,
  })
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-revision="2"]')).toHaveCount(
    0,
    { timeout: 30_000 },
  )
})
