// Nothing is lost: the session survives a reload, travels as a file and as a link, a reset can be
// undone, and a crashed worker comes back with the cluster as it was.
import { readFile, writeFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import type { Browser, Page } from '@playwright/test'

/** The app's debugging hooks (src/main.tsx), as far as these tests use them. */
interface SessionLike {
  simTimeMs: number
  log: unknown[]
}
declare global {
  interface Window {
    __kp?: {
      crashWorker(mode?: 'throw' | 'exit' | 'hang'): void
      session(): SessionLike | undefined
      savedSession(): Promise<SessionLike | undefined>
    }
  }
}

const webPods = (page: Page) => page.locator('[data-testid=pod][data-pod^="web-"]')

/** The web pods' names, sorted. */
async function webPodNames(page: Page): Promise<string[]> {
  const names = await webPods(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')))
  return names.map(String).sort()
}

/** Types a command into the kubectl console and waits for its output. */
async function kubectl(page: Page, command: string, expected: string | RegExp) {
  const input = page.getByTestId('kubectl-input')
  await input.fill(command)
  await input.press('Enter')
  await expect(page.getByTestId('kubectl-output')).toContainText(expected)
}

/** Opens the app with its three web pods ready, and pauses the clock. */
async function openPaused(page: Page, path = '/') {
  await page.goto(path)
  await expect(webPods(page).and(page.locator('[data-ready=true]'))).toHaveCount(3)
  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('play-pause')).toContainText('Play')
}

/** Scales web and lets 60 s of sim time pass (paused: only the command moves time). */
async function scaleAndSettle(page: Page, replicas: number) {
  await kubectl(
    page,
    `kubectl scale deployment/web --replicas=${replicas}`,
    'deployment.apps/web scaled',
  )
  await kubectl(page, 'sim advance 60s', /sim time \d+ ms/)
  await expect(webPods(page).and(page.locator('[data-ready=true]'))).toHaveCount(replicas)
  await expect(webPods(page)).toHaveCount(replicas)
}

/** The session now and the one in storage agree (it was saved). */
async function waitUntilSaved(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const kp = window.__kp
        if (!kp) return 'no hook'
        const saved = await kp.savedSession()
        return JSON.stringify(saved) === JSON.stringify(kp.session()) ? 'saved' : 'not yet'
      }),
    )
    .toBe('saved')
}

const simTimeMs = (page: Page) => page.evaluate(() => window.__kp?.session()?.simTimeMs)

async function openInNewContext(browser: Browser, url: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(url)
  return { context, page }
}

test('a reload comes back to the same pods at the same sim time, paused', async ({ page }) => {
  await openPaused(page)
  await scaleAndSettle(page, 5)
  const names = await webPodNames(page)
  const clock = await page.getByTestId('sim-clock').textContent()
  const atMs = await simTimeMs(page)
  await waitUntilSaved(page)

  await page.reload()
  await expect(webPods(page)).toHaveCount(5)
  expect(await webPodNames(page)).toEqual(names)
  await expect(page.getByTestId('sim-clock')).toHaveText(clock ?? '')
  expect(await simTimeMs(page)).toBe(atMs)
  await expect(page.getByTestId('play-pause')).toContainText('Play')
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', /saved|idle/)

  // The session goes on from there: the next command works on the restored cluster.
  await kubectl(page, 'kubectl scale deployment/web --replicas=2', 'deployment.apps/web scaled')
  await kubectl(page, 'sim advance 60s', /sim time \d+ ms/)
  await expect(webPods(page)).toHaveCount(2)
})

test('export to a file and import it in another browser; a bad file changes nothing', async ({
  page,
  browser,
}, testInfo) => {
  await openPaused(page)
  await scaleAndSettle(page, 4)
  const names = await webPodNames(page)
  await page.getByTestId('session-menu').click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('session-export').click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^kube-playground-default-\d+s\.json$/)
  const file = testInfo.outputPath('session.json')
  await download.saveAs(file)
  const text = await readFile(file, 'utf8')
  expect(JSON.parse(text)).toMatchObject({ kind: 'KubePlaygroundSession', schemaVersion: 1 })

  const other = await openInNewContext(browser, '/')
  const page2 = other.page
  await expect(webPods(page2).and(page2.locator('[data-ready=true]'))).toHaveCount(3)
  const before = await webPodNames(page2)

  const bad = testInfo.outputPath('bad.json')
  await writeFile(bad, JSON.stringify({ ...JSON.parse(text), schemaVersion: 99 }))
  await page2.getByTestId('session-menu').click()
  await page2.getByTestId('session-import-input').setInputFiles(bad)
  await expect(page2.getByTestId('session-import-error')).toContainText(
    'saved by a newer Kube Playground (schemaVersion 99)',
  )
  await expect(page2.getByTestId('session-import-error')).toContainText('Nothing changed.')
  expect(await webPodNames(page2)).toEqual(before)

  await page2.getByTestId('session-import-input').setInputFiles(file)
  await expect(page2.getByTestId('session-toast')).toHaveAttribute('data-kind', 'imported')
  await expect(webPods(page2)).toHaveCount(4)
  expect(await webPodNames(page2)).toEqual(names)
  await expect(page2.getByTestId('play-pause')).toContainText('Play')
  // Undo goes back to the session the import replaced.
  await page2.getByTestId('session-undo').click()
  await expect(webPods(page2)).toHaveCount(3)
  expect(await webPodNames(page2)).toEqual(before)
  await other.context.close()
})

test('a share link reproduces the session in another browser; a damaged one is refused', async ({
  page,
  browser,
}) => {
  await openPaused(page)
  await scaleAndSettle(page, 6)
  const names = await webPodNames(page)
  const atMs = await simTimeMs(page)
  await page.getByTestId('session-menu').click()
  await page.getByTestId('session-share').click()
  const url = await page.getByTestId('share-url').inputValue()
  expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/)

  const shared = await openInNewContext(browser, url)
  const page2 = shared.page
  await expect(page2.getByTestId('session-toast')).toHaveAttribute('data-kind', 'shared')
  await expect(webPods(page2)).toHaveCount(6)
  expect(await webPodNames(page2)).toEqual(names)
  expect(await simTimeMs(page2)).toBe(atMs)
  // The link is consumed: a reload comes back to the (now saved) session, not to the link.
  expect(page2.url()).not.toContain('#s=')
  await shared.context.close()

  const damaged = await openInNewContext(browser, url.slice(0, url.length - 25))
  const page3 = damaged.page
  await expect(page3.getByTestId('session-toast')).toHaveAttribute('data-kind', 'error-share')
  await expect(page3.getByTestId('session-toast')).toContainText('Nothing from it was used')
  await expect(webPods(page3).and(page3.locator('[data-ready=true]'))).toHaveCount(3)
  await damaged.context.close()
})

test('reset asks first and can be undone; the scenario picker starts another scenario', async ({
  page,
}) => {
  await openPaused(page)
  await scaleAndSettle(page, 5)
  const names = await webPodNames(page)

  await page.getByTestId('session-menu').click()
  await page.getByTestId('session-reset').click()
  await expect(page.getByTestId('confirm-dialog')).toBeVisible()
  await page.getByTestId('confirm-cancel').click()
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0)
  expect(await webPodNames(page)).toEqual(names)

  await page.getByTestId('session-menu').click()
  await page.getByTestId('session-reset').click()
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('session-toast')).toHaveAttribute('data-kind', 'reset')
  await expect(webPods(page)).toHaveCount(3)
  expect(await page.evaluate(() => window.__kp?.session()?.log.length)).toBe(0)

  await page.getByTestId('session-undo').click()
  await expect(webPods(page)).toHaveCount(5)
  expect(await webPodNames(page)).toEqual(names)
  await expect(page.getByTestId('session-toast')).toHaveAttribute('data-kind', 'undone')

  const picker = page.getByTestId('scenario-picker')
  await expect(picker.locator('option')).toContainText(['default', 'fixture', 'nodes-20'])
  await picker.selectOption('fixture')
  await expect(page.getByTestId('confirm-dialog')).toContainText('fixture')
  await page.getByTestId('confirm-ok').click()
  await expect(picker).toHaveValue('fixture')
  await expect(page.getByTestId('session-toast')).toHaveAttribute('data-kind', 'scenario')
  await page.getByTestId('session-undo').click()
  await expect(picker).toHaveValue('default')
  await expect(webPods(page)).toHaveCount(5)
  expect(await webPodNames(page)).toEqual(names)
})

test('a crashed worker is restarted from the session, says so, and the next command works', async ({
  page,
}) => {
  await openPaused(page)
  await scaleAndSettle(page, 4)
  const names = await webPodNames(page)
  const atMs = await simTimeMs(page)

  await page.evaluate(() => window.__kp?.crashWorker())
  const banner = page.getByTestId('worker-banner')
  await expect(banner).toHaveAttribute('data-kind', 'restored')
  await expect(banner).toContainText('The simulation worker failed')
  await expect(banner).toContainText('crash requested with __kp.crashWorker()')
  expect(await webPodNames(page)).toEqual(names)
  expect(await simTimeMs(page)).toBe(atMs)

  await kubectl(page, 'kubectl scale deployment/web --replicas=2', 'deployment.apps/web scaled')
  await kubectl(page, 'sim advance 60s', /sim time \d+ ms/)
  await expect(webPods(page)).toHaveCount(2)
})

test('a reload in the middle of a rollout comes back to the same step, and Back still works', async ({
  page,
}) => {
  await openPaused(page)
  const panel = page.getByTestId('rollout-panel')
  const step = panel.getByTestId('rollout-step')
  await panel.getByTestId('rollout-version').selectOption('nginx:1.26')
  await panel.getByTestId('rollout-start').click()
  await panel.getByTestId('rollout-next').click()
  await expect(step).toHaveAttribute('data-rule', 'NewReplicaSetCreated')
  // The second move of the same controller sync: only the stepper's cursor moves.
  await panel.getByTestId('rollout-next').click()
  await expect(step).toHaveAttribute('data-rule', 'ScaleDownOld')
  const seq = await step.getAttribute('data-seq')
  const names = await webPodNames(page)
  await waitUntilSaved(page)

  await page.reload()
  await expect(step).toHaveAttribute('data-rule', 'ScaleDownOld')
  await expect(step).toHaveAttribute('data-seq', seq ?? '')
  await expect(webPods(page)).toHaveCount(names.length)
  expect(await webPodNames(page)).toEqual(names)
  await panel.getByTestId('rollout-back').click()
  await expect(step).toHaveAttribute('data-rule', 'NewReplicaSetCreated')
  await panel.getByTestId('rollout-next').click()
  await expect(step).toHaveAttribute('data-rule', 'ScaleDownOld')
  await panel.getByTestId('rollout-next').click()
  await expect(step).toHaveAttribute('data-rule', 'ScaleUpNew')
})
