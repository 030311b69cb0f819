// `npm run bench:ui`: frame times of the built app in headless Chromium during a rolling update at
// 8× speed (DESIGN.md §6, issue 6), for our canvas and for the naive one-flow-node-per-pod baseline
// (`?render=baseline`), with their ratio. Prints figures; exits 0 even when a budget fails (the
// FAIL lines say which), unless --strict is given. Not part of `npm test`.
//
// Each scenario and rendering gets a fresh browser context (fresh storage, so no saved session is
// restored): it opens /?scenario=NAME, waits until every web pod is Ready (the Deployment card's
// counts). Then for each zoom (the app's opening zoom; React Flow's fit-view control; zoomed in to
// 1 with its zoom-in control) it chooses speed 8×, types `kubectl set image deployment/web
// nginx=nginx:1.2x` + Enter, and records for a fixed wall window every requestAnimationFrame delta
// and every long task, and in the worker the patches it posts.
//
// Options: --scenarios a,b (default nodes-50,nodes-250)  --zooms default,fit,detail  --seconds 8
//          --renders ours,baseline  --scale N (scale web to N first)  --strategy 25% (web's
//          maxSurge and maxUnavailable, set by kubectl patch first; by default the scenario's own,
//          1 and 1)  --no-build  --strict (exit 1 when a budget fails)  --trace (where the main
//          thread's time went, from a Chromium trace)
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/findChromium.mjs'
import { freePort } from '../../scripts/ports.mjs'
import { bin, npm, root } from '../../scripts/run.mjs'
import {
  currentZoom,
  deploymentCounts,
  desiredReplicas,
  readPatches,
  resetPatches,
  snapshotSize,
  startFrames,
  startLongTasks,
  stopRecording,
  watchPatches,
  watchSnapshots,
} from './probes.mjs'
import { BUDGETS, JITTER_MS, fmt, frameStats, printTables, verdict } from './report.mjs'
import { TRACE_CATEGORIES, mainThreadBreakdown } from './trace.mjs'

const { values: opts } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'nodes-50,nodes-250' },
    zooms: { type: 'string', default: 'default,fit,detail' },
    renders: { type: 'string', default: 'ours,baseline' },
    seconds: { type: 'string', default: '8' },
    scale: { type: 'string' },
    strategy: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
})
const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
const scenarios = list(opts.scenarios)
const zooms = list(opts.zooms)
const renders = list(opts.renders)
const windowMs = Number(opts.seconds) * 1000
const VIEWPORT = { width: 1440, height: 860 }
const SETTLE_TIMEOUT_MS = 180_000
/** Lets the opening fitView animation (or the fit-view click) end before measuring. */
const ZOOM_SETTLE_MS = 1000
/**
 * After web has settled, before the first window: what follows a load (the worker keeping the
 * scenario's snapshot, the first session save, JIT warm-up) is not what a rollout costs.
 */
const QUIET_MS = 3000
const traceDir = path.join(root, 'node_modules', '.tmp', 'bench-ui')
if (opts.trace) fs.mkdirSync(traceDir, { recursive: true })

const known = spawnSync(bin('tsx'), ['src/cli/simCli.ts', '--list-scenarios'], {
  cwd: root,
  encoding: 'utf8',
})
  .stdout.split('\n')
  .map((line) => line.split('\t')[0])
const missing = scenarios.filter((s) => !known.includes(s))
if (missing.length) {
  console.error(
    `bench:ui: unknown scenario(s) ${missing.join(', ')}; known: ${known.filter(Boolean).join(', ')}`,
  )
  process.exit(2)
}

if (!opts['no-build'] && (await npm('run', 'build')) !== 0) process.exit(1)
const executablePath = await ensureChromium()
const port = await freePort(4270)
const server = spawn(
  bin('vite'),
  ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
)
const base = `http://127.0.0.1:${port}/`

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the preview server did not answer at ${base}`)
}

/** Polls the web Deployment's card until desired = current = ready = available (> 0). */
async function waitSettled(page) {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS
  for (;;) {
    const counts = await page.evaluate(deploymentCounts)
    if (counts && counts[0] > 0 && counts.every((n) => n === counts[0])) return counts[0]
    if (Date.now() > deadline)
      throw new Error(`web did not settle in ${SETTLE_TIMEOUT_MS / 1000}s (${counts})`)
    await page.waitForTimeout(250)
  }
}

async function kubectl(page, command) {
  await page.getByTestId('kubectl-input').fill(command)
  await page.getByTestId('kubectl-input').press('Enter')
}

/** Opens a scenario in a fresh context and waits until web has settled. */
async function open(browser, scenario, render) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' })
  const page = await context.newPage()
  // The baseline at 5,000 pods can keep the main thread busy for tens of seconds at a time.
  page.setDefaultTimeout(90_000)
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.addInitScript(watchSnapshots)
  const startedAt = Date.now()
  const query = new URLSearchParams({ scenario })
  if (render === 'baseline') query.set('render', 'baseline')
  await page.goto(`${base}?${query}`)
  if (opts.scale) {
    await page.locator('[data-deployment="web"]').waitFor({ timeout: SETTLE_TIMEOUT_MS })
    await kubectl(page, `kubectl scale deployment/web --replicas=${opts.scale}`)
    await page.getByTestId('speed').selectOption('16')
    while ((await page.evaluate(desiredReplicas)) !== opts.scale) await page.waitForTimeout(100)
  }
  const pods = await waitSettled(page)
  if (opts.strategy) {
    const surge = JSON.stringify(opts.strategy)
    await kubectl(
      page,
      `kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":${surge},"maxUnavailable":${surge}}}}}'`,
    )
    await page.getByTestId('kubectl-output').getByText('deployment.apps/web patched').waitFor()
  }
  const loadMs = Date.now() - startedAt
  await page.waitForTimeout(QUIET_MS)
  const cluster = await page.evaluate(snapshotSize)
  const worker = page.workers()[0]
  if (worker) await worker.evaluate(watchPatches)
  return { context, page, worker, errors, pods, nodes: cluster?.nodes, loadMs }
}

/** A button of React Flow's Controls (zoomin, zoomout, fitview). */
async function control(page, name) {
  const button = page.locator(`.react-flow__controls-${name}`).first()
  if ((await button.count()) === 0) throw new Error(`no ${name} control (React Flow's Controls)`)
  return button
}

/**
 * Zooms as a user would: 'default' leaves the opening zoom, 'fit' clicks fit-view, 'detail' clicks
 * fit-view, then scrolls the wheel over the canvas's centre to about zoom 1 (React Flow zooms by
 * 2^(-deltaY × 0.002)) and clicks zoom-in until the zoom is at least 1 (pods drawn in full).
 */
async function setZoom(page, zoom) {
  if (zoom === 'default') return
  await (await control(page, 'fitview')).click()
  if (zoom === 'fit') return
  if (zoom !== 'detail') throw new Error(`unknown zoom ${zoom} (default, fit, detail)`)
  await page.waitForTimeout(300)
  const box = await page.locator('.react-flow__pane').first().boundingBox()
  const from = await page.evaluate(currentZoom)
  if (box && from && from < 1) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, -Math.log2(1.02 / from) / 0.002)
    await page.waitForTimeout(300)
  }
  const zoomIn = await control(page, 'zoomin')
  for (let i = 0; i < 40 && ((await page.evaluate(currentZoom)) ?? 1) < 0.999; i++) {
    await zoomIn.click()
    await page.waitForTimeout(120)
  }
}

/**
 * Sets the zoom, starts a rolling update to `image` at 8× and records one window; returns its
 * figures. Long tasks are observed from the zoom change on; only those in the window are judged.
 */
async function measure(browser, session, { scenario, zoom, render }, image) {
  const { page, worker } = session
  await page.evaluate(startLongTasks)
  await setZoom(page, zoom)
  await page.waitForTimeout(ZOOM_SETTLE_MS)
  const zoomLevel = await page.evaluate(currentZoom)
  await page.getByTestId('speed').selectOption('8')
  await page.getByTestId('kubectl-input').fill(`kubectl set image deployment/web nginx=${image}`)

  if (worker) await worker.evaluate(resetPatches)
  const tracePath = opts.trace
    ? path.join(traceDir, `${scenario}-${zoom}-${render}.json`)
    : undefined
  if (tracePath) await browser.startTracing(page, { path: tracePath, categories: TRACE_CATEGORIES })
  await page.evaluate(startFrames)
  await page.getByTestId('kubectl-input').press('Enter')
  await page.waitForTimeout(windowMs)
  const [recorded, stream] = await Promise.all([
    page.evaluate(stopRecording),
    worker?.evaluate(readPatches),
  ])
  const load = os.loadavg()[0]
  if (tracePath) await browser.stopTracing()
  const output = (await page.getByTestId('kubectl-output').textContent()) ?? ''
  if (!output.includes('image updated')) throw new Error('kubectl set image did not run')

  const stats = frameStats(recorded.deltas)
  const longestTaskMs = Math.max(0, ...recorded.longDuring)
  return {
    scenario,
    zoom,
    render,
    pods: session.pods,
    nodes: session.nodes,
    zoomLevel,
    loadMs: session.loadMs,
    ...stats,
    longTasks: recorded.longDuring.length,
    longestTaskMs,
    zoomTaskMs: Math.max(0, ...recorded.longBefore),
    wallMs: recorded.wallMs,
    load,
    stream,
    mainThread: tracePath ? mainThreadBreakdown(tracePath) : undefined,
    errors: session.errors,
    verdict: verdict(scenario, stats, longestTaskMs),
  }
}

function firstLine(e) {
  return e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)
}

const results = []
const browser = await chromium.launch({
  executablePath,
  args: [
    ...CHROMIUM_ARGS,
    // Keep rAF and timers at full rate in a headless, never-focused window.
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
  ],
})
try {
  await waitForServer()
  console.log(
    `\nbench:ui: ${browser.version()}, ${os.cpus().length} cores, viewport ${VIEWPORT.width}×${VIEWPORT.height}, ` +
      `window ${windowMs / 1000}s of a rolling update at 8×` +
      `${opts.strategy ? ` (maxSurge = maxUnavailable = ${opts.strategy})` : ''}\n`,
  )
  for (const scenario of scenarios) {
    for (const render of renders) {
      // One load per scenario and rendering; each zoom then starts its own rollout (a rollover
      // when the last one is still running, as it is with web's maxSurge 1).
      let session
      try {
        session = await open(browser, scenario, render)
        for (const [i, zoom] of zooms.entries()) {
          const c = { scenario, zoom, render }
          try {
            const r = await measure(browser, session, c, `nginx:1.${26 + i}`)
            results.push(r)
            console.log(
              `${render.padEnd(8)} ${scenario} ${zoom}: loaded in ${(r.loadMs / 1000).toFixed(1)}s, ` +
                `p95 ${fmt(r.p95Ms)} ms, ${fmt(r.fps)} fps` +
                (r.errors.length ? `, page errors: ${r.errors.join(' | ')}` : ''),
            )
          } catch (e) {
            results.push({ ...c, error: firstLine(e) })
            console.log(`${render.padEnd(8)} ${scenario} ${zoom}: ERROR ${firstLine(e)}`)
          }
        }
      } catch (e) {
        for (const zoom of zooms) results.push({ scenario, zoom, render, error: firstLine(e) })
        console.log(`${render.padEnd(8)} ${scenario}: ERROR ${firstLine(e)}`)
      } finally {
        await session?.context.close()
      }
    }
  }
} finally {
  await browser.close()
  server.kill()
}

const order = (list, x) => list.indexOf(x)
results.sort(
  (a, b) =>
    order(scenarios, a.scenario) - order(scenarios, b.scenario) ||
    order(zooms, a.zoom) - order(zooms, b.zoom) ||
    order(renders, a.render) - order(renders, b.render),
)

printTables(results, windowMs)

console.log(
  `\nBudgets (DESIGN.md §6): ${Object.entries(BUDGETS)
    .map(([s, b]) => `${s} ${b.label}`)
    .join('; ')}; no long task over 100 ms. ` +
    `Frame = delta between requestAnimationFrame timestamps (compared with ${JITTER_MS} ms slack ` +
    `for timestamp jitter); long tasks counted during the window; load = 1-minute load average.` +
    `\nTotal ${process.uptime().toFixed(0)}s${opts['no-build'] ? '' : ' (build included)'}.`,
)
const failed = results.some((r) => r.error || (r.render === 'ours' && r.verdict.startsWith('FAIL')))
process.exit(opts.strict && failed ? 1 : results.some((r) => r.error) ? 1 : 0)
