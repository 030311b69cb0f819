import { expect, test } from '@playwright/test'
import type { Locator, Page } from '@playwright/test'

const webPods = (page: Page) => page.locator('[data-testid=pod][data-pod^="web-"]')

/** Drags a role=slider's thumb to the position of `value` on a 0..max track, as a user would. */
async function dragSlider(page: Page, slider: Locator, from: number, to: number, max: number) {
  await slider.scrollIntoViewIfNeeded()
  const box = await slider.boundingBox()
  if (!box) throw new Error('the slider is not visible')
  const y = box.y + box.height / 2
  const at = (v: number) => box.x + (box.width * v) / max
  await page.mouse.move(at(from), y)
  await page.mouse.down()
  await page.mouse.move(at(to), y, { steps: 12 })
  await page.mouse.up()
}

test('dragging the Replicas slider scales web up onto the workers and back down', async ({
  page,
}) => {
  await page.goto('/')
  const slider = page.locator('[data-deployment=web]').getByRole('slider', { name: 'Replicas' })
  await expect(slider).toHaveAttribute('aria-valuenow', '3')

  // The primer's cluster: three web pods, ready, on the two workers; none on the control plane.
  await expect(webPods(page).and(page.locator('[data-ready=true]'))).toHaveCount(3)
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-node=node1]')).toHaveCount(0)
  await expect(page.locator('[data-testid=node-card]')).toHaveCount(3)
  const original = await webPods(page).evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-pod')),
  )

  // Pause, scale to 8 with the mouse, and step through events: new pods appear before they are scheduled.
  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('play-pause')).toContainText('Play')
  await dragSlider(page, slider, 3, 8, 100)
  await expect(page.locator('[data-deployment=web] [data-testid=replicas-value]')).toHaveText('8')
  await expect(async () => {
    await page.getByTestId('step').click()
    await expect(webPods(page)).toHaveCount(8, { timeout: 200 })
  }).toPass()
  await expect(
    page.locator('[data-testid=pod][data-pod^="web-"][data-node=""][data-phase=Pending]'),
  ).toHaveCount(5)

  // Step on until one of them is bound to a node and its sandbox is being created.
  await expect(async () => {
    await page.getByTestId('step').click()
    await expect(
      webPods(page).and(page.locator('[data-status=ContainerCreating]')).first(),
    ).toBeVisible({ timeout: 200 })
  }).toPass()

  // Play fast until all eight are ready: four on each worker, spread by the scheduler.
  await page.getByTestId('speed').selectOption('16')
  await page.getByTestId('play-pause').click()
  await expect(webPods(page).and(page.locator('[data-ready=true]'))).toHaveCount(8, {
    timeout: 30_000,
  })
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-node=node2]')).toHaveCount(4)
  await expect(page.locator('[data-testid=pod][data-pod^="web-"][data-node=node3]')).toHaveCount(4)
  for (const ip of await webPods(page).evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-ip') ?? ''),
  )) {
    expect(ip).toMatch(/^10\.244\.[12]\.\d+$/)
  }

  // Scale down to 2: six pods go Terminating, then disappear.
  await page.getByTestId('play-pause').click()
  await dragSlider(page, slider, 8, 2, 100)
  await expect(page.locator('[data-deployment=web] [data-testid=replicas-value]')).toHaveText('2')
  await expect(async () => {
    await page.getByTestId('step').click()
    await expect(webPods(page).and(page.locator('[data-status=Terminating]'))).toHaveCount(6, {
      timeout: 200,
    })
  }).toPass()
  await page.getByTestId('play-pause').click()
  await expect(webPods(page)).toHaveCount(2, { timeout: 30_000 })
  await expect(webPods(page).and(page.locator('[data-ready=true]'))).toHaveCount(2)
  // The ReplicaSet deleted the pods that had been ready for the shortest time: the survivors are old ones.
  for (const name of await webPods(page).evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-pod')),
  )) {
    expect(original).toContain(name)
  }

  await page
    .getByTestId('cluster-canvas')
    .screenshot({ path: test.info().outputPath('canvas.png') })
  await test
    .info()
    .attach('canvas', { path: test.info().outputPath('canvas.png'), contentType: 'image/png' })
})

test('a replica count above the limit is refused with the API server message and changes nothing', async ({
  page,
}) => {
  await page.goto('/')
  await expect(webPods(page).and(page.locator('[data-ready=true]'))).toHaveCount(3)
  const panel = page.locator('[data-deployment=web]')
  await panel.getByTestId('replicas-input').fill('20000')
  await panel.getByRole('button', { name: 'Apply' }).click()
  await expect(panel.getByRole('alert')).toContainText(
    'The Deployment "web" is invalid: spec.replicas: Invalid value: 20000: must be less than or equal to 10000',
  )
  await expect(panel.getByTestId('replicas-value')).toHaveText('3')
  await expect(webPods(page)).toHaveCount(3)
})

test('the kubectl console refuses an invalid name with the API server message', async ({
  page,
}) => {
  await page.goto('/')
  await page.getByTestId('kubectl-input').fill('kubectl create deployment Web_1 --image=nginx')
  await page.getByTestId('kubectl-input').press('Enter')
  await expect(page.getByTestId('kubectl-output')).toContainText(
    'error: failed to create deployment: Deployment.apps "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters',
  )
  await page.getByTestId('kubectl-input').fill('kubectl get deployments')
  await page.getByTestId('kubectl-input').press('Enter')
  await expect(page.getByTestId('kubectl-output')).toContainText(/web\s+3\/3\s+3\s+3/)
})
