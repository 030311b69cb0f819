// `npm run screenshot`: builds the app, opens it in Chromium and saves the README's pictures to docs/
// (English and Chinese), in the middle of a scale-up so that pods in every state are on screen.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, ensureChromium } from './findChromium.mjs'
import { freePort } from './ports.mjs'
import { bin, npm, root } from './run.mjs'

if ((await npm('run', 'build')) !== 0) process.exit(1)
const executablePath = await ensureChromium()
const port = await freePort(4180)
const server = spawn(
  bin('vite'),
  ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { cwd: root, stdio: 'ignore' },
)
const url = `http://127.0.0.1:${port}/`

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the preview server did not answer at ${url}`)
}

const browser = await chromium.launch({
  executablePath,
  args: CHROMIUM_ARGS,
})
try {
  await waitForServer()
  for (const [locale, file] of [
    ['en-US', 'screenshot.png'],
    ['zh-CN', 'screenshot-zh.png'],
  ]) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, locale })
    await page.goto(url)
    await page.locator('[data-testid=pod][data-ready=true]').nth(4).waitFor()
    await page.getByTestId('replicas-input').fill('8')
    await page.getByTestId('replicas-input').press('Enter')
    await page.getByTestId('kubectl-input').fill('kubectl get deployments,replicasets')
    await page.getByTestId('kubectl-input').press('Enter')
    // Catch the moment some new pods are still starting while others are ready.
    await page.locator('[data-status=ContainerCreating]').first().waitFor()
    await page.getByTestId('play-pause').click()
    const out = path.join(root, 'docs', file)
    await page.screenshot({ path: out })
    console.log(`saved ${path.relative(root, out)}`)
    await page.close()
  }
} finally {
  await browser.close()
  server.kill()
}
