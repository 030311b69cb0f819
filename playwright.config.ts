// End-to-end tests: the built app (vite preview) in Chromium, one test at a time.
// Run them with `npm run test:e2e` (or `npm test`), which finds or installs Chromium and builds first.
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, findChromium } from './scripts/findChromium.mjs'

const port = Number(process.env.E2E_PORT ?? 4174)
const baseURL = `http://127.0.0.1:${port}/`

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      // scripts/test.mjs and scripts/e2e.mjs set CHROMIUM_PATH; otherwise look without installing.
      executablePath: process.env.CHROMIUM_PATH || findChromium()?.path,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
