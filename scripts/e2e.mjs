// `npm run test:e2e [-- playwright args]`: finds Chromium, builds when dist is missing or stale,
// then runs the Playwright tests against the built app. Extra arguments go to `playwright test`.
import fs from 'node:fs'
import path from 'node:path'
import { ensureChromium } from './findChromium.mjs'
import { ensureDeps } from './ensureDeps.mjs'
import { freePort } from './ports.mjs'
import { bin, mtime, npm, root, run } from './run.mjs'

/** What the build reads: when any of it is newer than dist/index.html, rebuild. */
const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json']

const installed = await ensureDeps()
if (installed !== 0) process.exit(installed)

let chromium
try {
  chromium = await ensureChromium()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}

const staleBecause = buildStaleness()
if (staleBecause) {
  console.log(`Building the app (${staleBecause})…`)
  const built = await npm('run', 'build')
  if (built !== 0) {
    console.error('\nThe build failed (see the errors above); not running the e2e tests.')
    process.exit(built)
  }
}

const port = String(await freePort(4174))
const code = await run(bin('playwright'), ['test', ...process.argv.slice(2)], {
  env: { CHROMIUM_PATH: chromium, E2E_PORT: port },
})
process.exit(code)

function buildStaleness() {
  const built = mtime(path.join(root, 'dist', 'index.html'))
  if (built === undefined) return 'dist is missing'
  const inputs = [
    ...BUILD_INPUTS,
    ...fs.readdirSync(root).filter((f) => /^tsconfig.*\.json$/.test(f)),
  ]
  const newer = inputs.flatMap(files).find((file) => mtime(file) > built)
  return newer && `${path.relative(root, newer)} is newer than dist`
}

/** The file itself, or every file under a directory. */
function files(relative) {
  const full = path.join(root, relative)
  if (!fs.existsSync(full)) return []
  if (!fs.statSync(full).isDirectory()) return [full]
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}
